//! The engine: a pure, deterministic function from (rulebook, requirements) to an assessment.
//!
//! It never prints. For each topic (in dependency order) it rules options out or in by
//! the hard constraints, scores the rest, picks the best (ties broken by a stated
//! criterion), adds complements and details, and records the decision as a fact for
//! later topics. Coherence checks of severity error are constraints on the joint design:
//! when one fires, the topic held less firmly is decided again without the conflicting
//! option (`joint.rs`). Then it explains each decision and searches for flip points.

mod assessment;
pub mod components;
pub mod describe;
mod explain;
mod flip;
mod joint;

pub use assessment::*;
pub use describe::describe;
pub use flip::flip_to;
pub use joint::{decide_joint, decide_joint_pinned, Joint, Resolution};

use crate::facts::{FactValue, Facts};
use crate::requirements::Requirements;
use crate::rules::{Rulebook, Source, Topic};

/// Why an option may not be chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct Exclusion {
    /// Index of the option in its topic.
    pub option: usize,
    pub because: String,
    pub source: Source,
    /// `requirement` (a rule_out held), `required` (another option's require held),
    /// or `coherence` (excluded to keep the joint design coherent).
    pub by: &'static str,
}

/// How a tie at the top score was broken.
#[derive(Clone, Debug, PartialEq)]
pub struct TieBreak {
    /// The tied options, by index.
    pub options: Vec<usize>,
    /// The criterion that separated them, in words.
    pub criterion: String,
}

/// The raw result of deciding one topic.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Score of each option, in the topic's option order.
    pub scores: Vec<f64>,
    /// Indexes of the fired conditions of each option.
    pub fired: Vec<Vec<usize>>,
    pub choice: usize,
    /// Complements with the index of the combination that added each.
    pub also: Vec<(String, usize)>,
    /// Indexes of the details that apply.
    pub details: Vec<usize>,
    /// Options that may not be chosen, with why.
    pub excluded: Vec<Exclusion>,
    /// The option a `require` constraint forced, with the constraint's index.
    pub required: Option<(usize, usize)>,
    pub tie: Option<TieBreak>,
    /// Score of the choice minus the best other allowed option's (None: no other allowed).
    pub margin: Option<f64>,
}

impl Outcome {
    pub fn is_excluded(&self, option: usize) -> bool {
        self.excluded.iter().any(|e| e.option == option)
    }
}

/// Resolves requirements into facts: defaults, then derived figures.
pub fn facts_for(
    book: &Rulebook,
    req: &Requirements,
) -> (
    Facts,
    Vec<crate::facts::Defaulted>,
    Vec<crate::derived::Figure>,
) {
    let resolved = crate::facts::resolve(req, &book.catalog);
    let mut facts = Facts::new(book.facts.clone(), &resolved.facts);
    for (topic, option) in req.decisions.iter().flatten() {
        facts.set(&format!("declared.{topic}"), FactValue::Str(option.clone()));
    }
    let figures = crate::derived::figures(&mut facts, &book.capacity);
    (facts, resolved.defaulted, figures)
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

/// Decides one topic on the given facts, with `extra` options excluded (coherence).
pub fn decide_topic(topic: &Topic, facts: &Facts, extra: &[Exclusion]) -> Outcome {
    let n = topic.options.len();
    let mut scores = Vec::with_capacity(n);
    let mut fired = Vec::with_capacity(n);
    for o in &topic.options {
        let hits: Vec<usize> = o
            .conditions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.when.eval(facts))
            .map(|(i, _)| i)
            .collect();
        scores.push(o.base + hits.iter().map(|&i| o.conditions[i].weight).sum::<f64>());
        fired.push(hits);
    }
    // Hard constraints: a require forces its option; rule_outs and coherence exclude.
    let mut excluded: Vec<Exclusion> = Vec::new();
    let required = topic.options.iter().enumerate().find_map(|(i, o)| {
        o.require
            .iter()
            .position(|c| c.when.eval(facts))
            .map(|k| (i, k))
    });
    if let Some((r, k)) = required {
        let c = &topic.options[r].require[k];
        for i in (0..n).filter(|&i| i != r) {
            excluded.push(Exclusion {
                option: i,
                because: format!("{} is required: {}", topic.options[r].name, c.because),
                source: c.source.clone(),
                by: "required",
            });
        }
    }
    for (i, o) in topic.options.iter().enumerate() {
        if excluded.iter().any(|e| e.option == i) {
            continue;
        }
        if let Some(c) = o.rule_out.iter().find(|c| c.when.eval(facts)) {
            excluded.push(Exclusion {
                option: i,
                because: c.because.clone(),
                source: c.source.clone(),
                by: "requirement",
            });
        }
    }
    for e in extra {
        if !excluded.iter().any(|x| x.option == e.option) {
            excluded.push(e.clone());
        }
    }
    excluded.sort_by_key(|e| e.option);
    let mut allowed: Vec<usize> = (0..n)
        .filter(|i| !excluded.iter().any(|e| e.option == *i))
        .collect();
    if allowed.is_empty() {
        // Contradictory constraints: decide on scores alone (a lint reports the conflict).
        allowed = (0..n).collect();
    }
    let top = allowed
        .iter()
        .map(|&i| scores[i])
        .fold(f64::NEG_INFINITY, f64::max);
    let tied: Vec<usize> = allowed
        .iter()
        .copied()
        .filter(|&i| (scores[i] - top).abs() < 1e-9)
        .collect();
    let (choice, tie) = break_tie(topic, &tied, &fired);
    let margin = allowed
        .iter()
        .filter(|&&i| i != choice)
        .map(|&i| scores[i])
        .fold(None, |m: Option<f64>, s| Some(m.map_or(s, |m| m.max(s))))
        .map(|runner| scores[choice] - runner);
    let chosen = topic
        .options
        .get(choice)
        .map(|o| o.id.as_str())
        .unwrap_or_default();
    let is_out = |id: &str| {
        topic
            .options
            .iter()
            .position(|o| o.id == id)
            .is_some_and(|i| excluded.iter().any(|e| e.option == i))
    };
    let mut also: Vec<(String, usize)> = Vec::new();
    for (i, c) in topic.combinations.iter().enumerate() {
        let fits = c.with.is_empty() || c.with.iter().any(|w| w == chosen);
        if c.add != chosen
            && fits
            && !is_out(&c.add)
            && !also.iter().any(|(a, _)| *a == c.add)
            && c.when.eval(facts)
        {
            also.push((c.add.clone(), i));
        }
    }
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

/// Picks among options tied at the top score: the strongest single reason, then the
/// smaller penalty, then the wiki's "start simple" (the simpler option, listed first).
fn break_tie(topic: &Topic, tied: &[usize], fired: &[Vec<usize>]) -> (usize, Option<TieBreak>) {
    let Some(&first) = tied.first() else {
        return (0, None);
    };
    if tied.len() == 1 {
        return (first, None);
    }
    let ev: Vec<(usize, (f64, f64))> = tied
        .iter()
        .map(|&i| (i, evidence(topic, i, &fired[i])))
        .collect();
    let best_strength = ev
        .iter()
        .map(|(_, e)| e.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let strongest: Vec<&(usize, (f64, f64))> = ev
        .iter()
        .filter(|(_, e)| (e.0 - best_strength).abs() < 1e-9)
        .collect();
    let name = |i: usize| topic.options[i].name.clone();
    if strongest.len() == 1 {
        let i = strongest[0].0;
        return (
            i,
            Some(TieBreak {
                options: tied.to_vec(),
                criterion: format!(
                    "equal scores; {} has the strongest single reason (weight {})",
                    name(i),
                    crate::quantity::trim(best_strength, 1)
                ),
            }),
        );
    }
    let least_penalty = strongest
        .iter()
        .map(|(_, e)| e.1)
        .fold(f64::NEG_INFINITY, f64::max);
    let lightest: Vec<usize> = strongest
        .iter()
        .filter(|(_, e)| (e.1 - least_penalty).abs() < 1e-9)
        .map(|(i, _)| *i)
        .collect();
    if lightest.len() == 1 {
        return (
            lightest[0],
            Some(TieBreak {
                options: tied.to_vec(),
                criterion: format!(
                    "equal scores and equally strong reasons; {} has the smaller penalties",
                    name(lightest[0])
                ),
            }),
        );
    }
    (
        lightest[0],
        Some(TieBreak {
            options: tied.to_vec(),
            criterion: format!(
                "nothing in the requirements separates them; {} is the simpler option, and the wiki says to start simple",
                name(lightest[0])
            ),
        }),
    )
}

/// Decides every topic jointly (hard constraints, then coherence), recording each
/// decision in `facts`. Returns outcomes indexed like `book.topics`.
pub fn decide(book: &Rulebook, facts: &mut Facts) -> Vec<Option<Outcome>> {
    decide_joint(book, facts).outcomes
}

/// Decides the given topics (which must be in evaluation order) with extra exclusions
/// per topic, recording each decision.
pub fn decide_with(
    book: &Rulebook,
    facts: &mut Facts,
    indices: &[usize],
    extra: &[Vec<Exclusion>],
) -> Vec<Option<Outcome>> {
    let mut out = vec![None; book.topics.len()];
    for &i in indices {
        let topic = &book.topics[i];
        let o = decide_topic(topic, facts, extra.get(i).map_or(&[], Vec::as_slice));
        let choice = topic
            .options
            .get(o.choice)
            .map(|x| x.id.clone())
            .unwrap_or_default();
        let mut design = vec![choice.clone()];
        design.extend(o.also.iter().map(|(a, _)| a.clone()));
        facts.set_at(topic.decision_fact, FactValue::Str(choice));
        facts.set_at(topic.design_fact, FactValue::List(design));
        out[i] = Some(o);
    }
    out
}

/// Decides the given topics (in evaluation order) without coherence exclusions.
pub fn decide_in(book: &Rulebook, facts: &mut Facts, indices: &[usize]) -> Vec<Option<Outcome>> {
    decide_with(book, facts, indices, &[])
}

/// The full assessment of a requirements document. With components, the system-wide
/// topics are decided once (on the system seen whole, held to its strictest part) and
/// the data topics for each component (`components.rs`).
pub fn evaluate(book: &Rulebook, req: &Requirements) -> Assessment {
    let has_components = req.components.as_ref().is_some_and(|c| !c.is_empty());
    let whole = crate::requirements::component::system_view(req);
    let (mut facts, defaulted, derived) = facts_for(book, &whole);
    let joint = decide_joint(book, &mut facts);
    let pins = components::pins(book, &joint);
    let shown = |t: &Topic| !(has_components && t.per_component);
    let mut out = explain::assess(book, req, &facts, joint, derived, defaulted, &shown, &[]);
    if has_components {
        out.components = components::assess(book, req, &pins);
        out.component_totals = components::totals(&out.components);
    }
    out
}
