//! Deciding one topic: hard constraints, scores, the tie-break and complements. One
//! core serves both the full outcome (with reasons, for explanations) and the lean
//! choice that flip-point and coherence trials need (no strings, few allocations).

use super::{Exclusion, Outcome, TieBreak};
use crate::facts::{FactValue, Facts};
use crate::rules::{Rulebook, Topic};

/// Why an option is excluded, by precedence: another option's `require`, then its own
/// `rule_out` (index), then an extra exclusion (index into `extra`).
#[derive(Clone, Copy)]
enum Cause {
    Required,
    RuleOut(usize),
    Extra(usize),
}

/// How a tie at the top was broken.
enum Tie {
    Strongest(f64),
    Lightest,
    Simplest,
}

/// Whether a topic's conditions hold: evaluated on facts, or (in flip-point trials)
/// read from the truths on the base with the few a trial turned evaluated again.
pub(super) trait Truth {
    /// Rule `k` of option `option`.
    fn rule(&self, option: usize, k: usize) -> bool;
    /// `rule_out` constraint `k` of option `option`.
    fn rule_out(&self, option: usize, k: usize) -> bool;
    /// `require` constraint `k` of option `option`.
    fn require(&self, option: usize, k: usize) -> bool;
    /// Combination `j` of the topic.
    fn combination(&self, j: usize) -> bool;
}

/// Every condition evaluated on `facts`.
pub(super) struct Eval<'a> {
    pub topic: &'a Topic,
    pub facts: &'a Facts,
}

impl Truth for Eval<'_> {
    fn rule(&self, option: usize, k: usize) -> bool {
        self.topic.options[option].conditions[k]
            .when
            .eval(self.facts)
    }
    fn rule_out(&self, option: usize, k: usize) -> bool {
        self.topic.options[option].rule_out[k].when.eval(self.facts)
    }
    fn require(&self, option: usize, k: usize) -> bool {
        self.topic.options[option].require[k].when.eval(self.facts)
    }
    fn combination(&self, j: usize) -> bool {
        self.topic.combinations[j].when.eval(self.facts)
    }
}

fn score(topic: &Topic, option: usize, truth: &impl Truth) -> f64 {
    let o = &topic.options[option];
    o.base
        + o.conditions
            .iter()
            .enumerate()
            .filter(|(k, _)| truth.rule(option, *k))
            .map(|(_, r)| r.weight)
            .sum::<f64>()
}

fn fired(topic: &Topic, option: usize, truth: &impl Truth) -> Vec<usize> {
    let o = &topic.options[option];
    (0..o.conditions.len())
        .filter(|&k| truth.rule(option, k))
        .collect()
}

/// The first `require` that holds: (option, constraint).
fn required(topic: &Topic, truth: &impl Truth) -> Option<(usize, usize)> {
    topic.options.iter().enumerate().find_map(|(i, o)| {
        (0..o.require.len())
            .position(|k| truth.require(i, k))
            .map(|k| (i, k))
    })
}

/// The cause of each option's exclusion, if it is excluded.
fn causes(
    topic: &Topic,
    truth: &impl Truth,
    extra: &[Exclusion],
    required: Option<(usize, usize)>,
) -> Vec<Option<Cause>> {
    let n = topic.options.len();
    let mut out: Vec<Option<Cause>> = vec![None; n];
    if let Some((r, _)) = required {
        for (i, c) in out.iter_mut().enumerate() {
            if i != r {
                *c = Some(Cause::Required);
            }
        }
    }
    for (i, o) in topic.options.iter().enumerate() {
        if out[i].is_none() {
            if let Some(k) = (0..o.rule_out.len()).position(|k| truth.rule_out(i, k)) {
                out[i] = Some(Cause::RuleOut(k));
            }
        }
    }
    for (j, e) in extra.iter().enumerate() {
        if let Some(c @ None) = out.get_mut(e.option) {
            *c = Some(Cause::Extra(j));
        }
    }
    out
}

/// The strongest positive reason and the total penalty of an option, for tie-breaks.
fn evidence(topic: &Topic, option: usize, fired: &[usize]) -> (f64, f64) {
    let conditions = &topic.options[option].conditions;
    let strongest = fired
        .iter()
        .map(|&i| conditions[i].weight)
        .fold(0.0, f64::max);
    let penalty: f64 = fired
        .iter()
        .map(|&i| conditions[i].weight)
        .filter(|w| *w < 0.0)
        .sum();
    (strongest, penalty)
}

/// Picks among options tied at the top score: the strongest single reason, then the
/// smaller penalty, then the wiki's "start simple" (the simpler option, listed first).
fn break_tie(
    topic: &Topic,
    tied: &[usize],
    fired: impl Fn(usize) -> Vec<usize>,
) -> (usize, Option<Tie>) {
    let Some(&first) = tied.first() else {
        return (0, None);
    };
    if tied.len() == 1 {
        return (first, None);
    }
    let ev: Vec<(usize, (f64, f64))> = tied
        .iter()
        .map(|&i| (i, evidence(topic, i, &fired(i))))
        .collect();
    let best = ev
        .iter()
        .map(|(_, e)| e.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let strongest: Vec<&(usize, (f64, f64))> = ev
        .iter()
        .filter(|(_, e)| (e.0 - best).abs() < 1e-9)
        .collect();
    if strongest.len() == 1 {
        return (strongest[0].0, Some(Tie::Strongest(best)));
    }
    let least = strongest
        .iter()
        .map(|(_, e)| e.1)
        .fold(f64::NEG_INFINITY, f64::max);
    let lightest: Vec<usize> = strongest
        .iter()
        .filter(|(_, e)| (e.1 - least).abs() < 1e-9)
        .map(|(i, _)| *i)
        .collect();
    if lightest.len() == 1 {
        (lightest[0], Some(Tie::Lightest))
    } else {
        (lightest[0], Some(Tie::Simplest))
    }
}

/// The choice among allowed options by score, with the tie-break (and the tied options
/// when there was a tie). Allocates only for a tie.
fn pick(
    topic: &Topic,
    scores: &[f64],
    causes: &[Option<Cause>],
    fired: impl Fn(usize) -> Vec<usize>,
) -> (usize, Option<(Tie, Vec<usize>)>) {
    // Contradictory constraints leave nothing allowed: decide on scores alone (a lint
    // reports the conflict).
    let none_allowed = causes.iter().all(Option::is_some);
    let allowed = |i: &usize| none_allowed || causes[*i].is_none();
    let n = scores.len();
    let top = (0..n)
        .filter(allowed)
        .map(|i| scores[i])
        .fold(f64::NEG_INFINITY, f64::max);
    let at_top = |i: &usize| allowed(i) && (scores[*i] - top).abs() < 1e-9;
    let mut tops = (0..n).filter(at_top);
    let first = tops.next().unwrap_or(0);
    if tops.next().is_none() {
        return (first, None);
    }
    let tied: Vec<usize> = (0..n).filter(at_top).collect();
    let (choice, tie) = break_tie(topic, &tied, fired);
    (choice, tie.map(|t| (t, tied)))
}

/// Score of the choice minus the best other allowed option's (None: no other allowed).
fn margin(scores: &[f64], causes: &[Option<Cause>], choice: usize) -> Option<f64> {
    let none_allowed = causes.iter().all(Option::is_some);
    (0..scores.len())
        .filter(|&i| i != choice && (none_allowed || causes[i].is_none()))
        .map(|i| scores[i])
        .fold(None, |m: Option<f64>, s| Some(m.map_or(s, |m| m.max(s))))
        .map(|runner| scores[choice] - runner)
}

/// The combinations that add a complement to `chosen`, by index.
fn complements(
    topic: &Topic,
    truth: &impl Truth,
    chosen: &str,
    causes: &[Option<Cause>],
) -> Vec<usize> {
    let is_out = |id: &str| {
        topic
            .options
            .iter()
            .position(|o| o.id == id)
            .is_some_and(|i| causes[i].is_some())
    };
    let mut out: Vec<usize> = Vec::new();
    for (i, c) in topic.combinations.iter().enumerate() {
        let fits = c.with.is_empty() || c.with.iter().any(|w| w == chosen);
        if c.add != chosen
            && fits
            && !is_out(&c.add)
            && !out.iter().any(|&j| topic.combinations[j].add == c.add)
            && truth.combination(i)
        {
            out.push(i);
        }
    }
    out
}

/// Decides one topic on the given facts, with `extra` options excluded (coherence).
pub fn decide_topic(topic: &Topic, facts: &Facts, extra: &[Exclusion]) -> Outcome {
    let n = topic.options.len();
    let truth = &Eval { topic, facts };
    let fired: Vec<Vec<usize>> = (0..n).map(|i| self::fired(topic, i, truth)).collect();
    let scores: Vec<f64> = (0..n)
        .map(|i| {
            topic.options[i].base
                + fired[i]
                    .iter()
                    .map(|&k| topic.options[i].conditions[k].weight)
                    .sum::<f64>()
        })
        .collect();
    let required = required(topic, truth);
    let causes = causes(topic, truth, extra, required);
    let (choice, tie) = pick(topic, &scores, &causes, |i| fired[i].clone());
    let margin = margin(&scores, &causes, choice);
    let excluded: Vec<Exclusion> = causes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            Some(match (*c)? {
                Cause::Required => {
                    let (r, k) = required?;
                    let c = &topic.options[r].require[k];
                    Exclusion {
                        option: i,
                        because: format!("{} is required: {}", topic.options[r].name, c.because),
                        source: c.source.clone(),
                        by: "required",
                    }
                }
                Cause::RuleOut(k) => {
                    let c = &topic.options[i].rule_out[k];
                    Exclusion {
                        option: i,
                        because: c.because.clone(),
                        source: c.source.clone(),
                        by: "requirement",
                    }
                }
                Cause::Extra(j) => extra[j].clone(),
            })
        })
        .collect();
    let name = |i: usize| topic.options[i].name.clone();
    let tie = tie.map(|(t, tied)| TieBreak {
        options: tied,
        criterion: match t {
            Tie::Strongest(w) => format!(
                "equal scores; {} has the strongest single reason (weight {})",
                name(choice),
                crate::quantity::trim(w, 1)
            ),
            Tie::Lightest => format!(
                "equal scores and equally strong reasons; {} has the smaller penalties",
                name(choice)
            ),
            Tie::Simplest => format!(
                "nothing in the requirements separates them; {} is the simpler option, and the wiki says to start simple",
                name(choice)
            ),
        },
    });
    let chosen = topic
        .options
        .get(choice)
        .map(|o| o.id.as_str())
        .unwrap_or_default();
    let also: Vec<(String, usize)> = complements(topic, truth, chosen, &causes)
        .into_iter()
        .map(|i| (topic.combinations[i].add.clone(), i))
        .collect();
    let mut details: Vec<usize> = Vec::new();
    for (i, d) in topic.details.iter().enumerate() {
        let taken = details.iter().any(|&j| topic.details[j].name == d.name);
        let fits = d.with.is_empty()
            || d.with
                .iter()
                .any(|w| w == chosen || also.iter().any(|(a, _)| a == w));
        if !taken && fits && d.when.as_ref().is_none_or(|w| w.eval(facts)) {
            details.push(i);
        }
    }
    Outcome {
        scores,
        fired,
        choice,
        also,
        details,
        excluded,
        required,
        tie,
        margin,
    }
}

/// Records a topic's choice and design (choice plus complements) as facts.
pub(super) fn record(
    topic: &Topic,
    facts: &mut Facts,
    choice: usize,
    adds: impl Iterator<Item = String>,
) {
    let choice = topic
        .options
        .get(choice)
        .map(|x| x.id.clone())
        .unwrap_or_default();
    let mut design = vec![choice.clone()];
    design.extend(adds);
    facts.set_at(topic.decision_fact, FactValue::Str(choice));
    facts.set_at(topic.design_fact, FactValue::List(design));
}

/// Decides the given topics (in evaluation order) and records each choice and design,
/// as `decide_with` does, without building outcomes: for trials that only read the
/// decisions.
pub fn decide_lean(
    book: &Rulebook,
    facts: &mut Facts,
    indices: &[usize],
    extra: &[Vec<super::Exclusion>],
) {
    let mut scores: Vec<f64> = Vec::new();
    for &i in indices {
        decide_one_lean(book, facts, i, extra, &mut scores);
    }
}

/// Decides topic `i` and records its choice and design, as `decide_lean` does for
/// each; returns the choice's margin (None: no other option allowed). `scores` is
/// scratch space, reused between calls.
pub(super) fn decide_one_lean(
    book: &Rulebook,
    facts: &mut Facts,
    i: usize,
    extra: &[Vec<super::Exclusion>],
    scores: &mut Vec<f64>,
) -> Option<f64> {
    let topic = &book.topics[i];
    let choice = decide_by(topic, extra.get(i), &Eval { topic, facts }, scores);
    record_choice(topic, facts, choice)
}

/// Decides `topic` on `truth` with `extra` options excluded: the choice, the
/// complements it takes (indices into `topic.combinations`) and its margin.
pub(super) fn decide_by(
    topic: &Topic,
    extra: Option<&Vec<super::Exclusion>>,
    truth: &impl Truth,
    scores: &mut Vec<f64>,
) -> (usize, Vec<usize>, Option<f64>) {
    let extra = extra.map_or(&[][..], Vec::as_slice);
    scores.clear();
    scores.extend((0..topic.options.len()).map(|o| score(topic, o, truth)));
    let causes = causes(topic, truth, extra, required(topic, truth));
    let (choice, _) = pick(topic, scores, &causes, |o| fired(topic, o, truth));
    let chosen = topic.options.get(choice).map_or("", |o| o.id.as_str());
    let adds = complements(topic, truth, chosen, &causes);
    (choice, adds, margin(scores, &causes, choice))
}

/// Records what `decide_by` chose as the topic's decision and design facts; returns
/// the margin.
pub(super) fn record_choice(
    topic: &Topic,
    facts: &mut Facts,
    (choice, adds, margin): (usize, Vec<usize>, Option<f64>),
) -> Option<f64> {
    // A trial mostly decides a topic as it was: then the facts already say so.
    let id = topic.options.get(choice).map_or("", |o| o.id.as_str());
    let said = matches!(facts.at(topic.decision_fact), Some(FactValue::Str(s)) if s == id)
        && matches!(facts.at(topic.design_fact), Some(FactValue::List(l))
            if l.len() == adds.len() + 1
                && l[0] == id
                && l[1..].iter().zip(&adds).all(|(a, &j)| *a == topic.combinations[j].add));
    if !said {
        let adds = adds.into_iter().map(|j| topic.combinations[j].add.clone());
        record(topic, facts, choice, adds);
    }
    margin
}
