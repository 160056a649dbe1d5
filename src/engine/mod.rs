//! The engine: a pure, deterministic function from (rulebook, requirements) to an assessment.
//!
//! It never prints. For each topic (in dependency order) it scores the options,
//! picks the best, adds complements and details, and records the decision as a
//! fact for later topics; then it explains each decision (rationale, trade-offs,
//! alternatives) and searches for flip points.

mod assessment;
pub mod describe;
mod flip;

pub use assessment::*;
pub use describe::describe;
pub use flip::flip_to;

use crate::facts::{FactValue, Facts};
use crate::requirements::Requirements;
use crate::rules::{Rulebook, Topic};

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
    let figures = crate::derived::figures(&mut facts);
    (facts, resolved.defaulted, figures)
}

/// Decides one topic on the given facts.
pub fn decide_topic(topic: &Topic, facts: &Facts) -> Outcome {
    let mut scores = Vec::with_capacity(topic.options.len());
    let mut fired = Vec::with_capacity(topic.options.len());
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
    let mut choice = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[choice] {
            choice = i;
        }
    }
    let chosen = topic
        .options
        .get(choice)
        .map(|o| o.id.as_str())
        .unwrap_or_default();
    let mut also: Vec<(String, usize)> = Vec::new();
    for (i, c) in topic.combinations.iter().enumerate() {
        let fits = c.with.is_empty() || c.with.iter().any(|w| w == chosen);
        if c.add != chosen && fits && !also.iter().any(|(a, _)| *a == c.add) && c.when.eval(facts) {
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
    }
}

/// Decides every topic in evaluation order, recording each decision in `facts`.
/// Returns outcomes indexed like `book.topics`.
pub fn decide(book: &Rulebook, facts: &mut Facts) -> Vec<Option<Outcome>> {
    decide_in(book, facts, &book.order)
}

/// Decides the given topics (which must be in evaluation order), recording each decision.
pub fn decide_in(book: &Rulebook, facts: &mut Facts, indices: &[usize]) -> Vec<Option<Outcome>> {
    let mut out = vec![None; book.topics.len()];
    for &i in indices {
        let topic = &book.topics[i];
        let o = decide_topic(topic, facts);
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

fn level(margin: f64) -> &'static str {
    if margin >= 4.0 {
        "high"
    } else if margin >= 2.0 {
        "medium"
    } else {
        "low"
    }
}

/// The full assessment of a requirements document.
pub fn evaluate(book: &Rulebook, req: &Requirements) -> Assessment {
    let (mut facts, defaulted, derived) = facts_for(book, req);
    let outcomes = decide(book, &mut facts);
    // Explaining (flip points above all) is most of the work; spread topics over cores.
    let jobs: Vec<(usize, &Outcome)> = outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.as_ref().map(|o| (i, o)))
        .collect();
    let decisions: Vec<Decision> = crate::parallel::map(&jobs, |&(i, o)| {
        explain(book, &book.topics[i], o, &facts, i)
    });
    let tensions = book
        .coherence
        .iter()
        .filter(|c| c.when.eval(&facts))
        .map(|c| Tension {
            id: c.id.clone(),
            severity: c.severity,
            topics: c.topics.clone(),
            message: c.message.clone(),
            help: c.help.clone(),
            source: c.source.clone(),
        })
        .collect();
    Assessment {
        version: 1,
        name: req.name.clone().unwrap_or_else(|| "unnamed system".into()),
        decisions,
        tensions,
        derived,
        defaulted,
    }
}

fn explain(book: &Rulebook, topic: &Topic, o: &Outcome, facts: &Facts, index: usize) -> Decision {
    let chosen = &topic.options[o.choice];
    let mut ranked: Vec<usize> = (0..topic.options.len()).collect();
    ranked.sort_by(|&a, &b| o.scores[b].total_cmp(&o.scores[a]).then(a.cmp(&b)));
    let runner_up = ranked
        .iter()
        .find(|&&i| i != o.choice)
        .map(|&i| o.scores[i]);
    let margin = runner_up.map_or(o.scores[o.choice], |r| o.scores[o.choice] - r);

    let mut fired: Vec<usize> = o.fired[o.choice].clone();
    fired.sort_by(|&a, &b| {
        chosen.conditions[b]
            .weight
            .abs()
            .total_cmp(&chosen.conditions[a].weight.abs())
            .then(a.cmp(&b))
    });
    let mut rationale: Vec<Reason> = fired
        .iter()
        .map(|&i| &chosen.conditions[i])
        .filter(|r| r.weight > 0.0)
        .map(|r| Reason {
            text: r.because.clone(),
            source: r.source.clone(),
            weight: r.weight,
            option: chosen.id.clone(),
        })
        .collect();
    for (add, ci) in &o.also {
        let c = &topic.combinations[*ci];
        rationale.push(Reason {
            text: c.because.clone(),
            source: c.source.clone(),
            weight: 0.0,
            option: add.clone(),
        });
    }
    let mut tradeoffs: Vec<Tradeoff> = fired
        .iter()
        .map(|&i| &chosen.conditions[i])
        .filter(|r| r.weight < 0.0)
        .map(|r| Tradeoff {
            text: r.because.clone(),
            source: r.source.clone(),
        })
        .collect();
    tradeoffs.extend(chosen.disadvantages.iter().map(|d| Tradeoff {
        text: d.clone(),
        source: chosen.source.clone(),
    }));

    let alternatives = ranked
        .iter()
        .filter(|&&i| i != o.choice)
        .map(|&i| {
            let alt = &topic.options[i];
            if let Some((_, ci)) = o.also.iter().find(|(a, _)| *a == alt.id) {
                let because = &topic.combinations[*ci].because;
                return Alternative {
                    option: alt.id.clone(),
                    name: alt.name.clone(),
                    score: o.scores[i],
                    complement: true,
                    why_not: vec![format!(
                        "Not the main choice, but used beside it: {because}"
                    )],
                };
            }
            let mut why_not: Vec<String> = o.fired[i]
                .iter()
                .map(|&k| &alt.conditions[k])
                .filter(|r| r.weight < 0.0)
                .map(|r| r.because.clone())
                .collect();
            if why_not.is_empty() {
                let unmet = alt
                    .conditions
                    .iter()
                    .enumerate()
                    .filter(|(k, r)| r.weight > 0.0 && !o.fired[i].contains(k))
                    .max_by(|a, b| a.1.weight.total_cmp(&b.1.weight).then(b.0.cmp(&a.0)));
                let mut line = format!(
                    "Scores {} against {} for {}",
                    crate::quantity::trim(o.scores[i], 1),
                    crate::quantity::trim(o.scores[o.choice], 1),
                    chosen.id
                );
                if let Some((_, r)) = unmet {
                    line.push_str(&format!(
                        "; it would gain most if {}",
                        describe(&r.when, &book.catalog, Some(facts))
                    ));
                }
                line.push('.');
                why_not.push(line);
            }
            Alternative {
                option: alt.id.clone(),
                name: alt.name.clone(),
                score: o.scores[i],
                complement: false,
                why_not,
            }
        })
        .collect();

    let details = o
        .details
        .iter()
        .map(|&d| {
            let d = &topic.details[d];
            DetailOut {
                name: d.name.clone(),
                value: d.value.clone(),
                because: d.because.clone(),
                source: d.source.clone(),
            }
        })
        .collect();

    Decision {
        topic: topic.id.clone(),
        title: topic.title.clone(),
        question: topic.question.clone(),
        choice: chosen.id.clone(),
        choice_name: chosen.name.clone(),
        also: o.also.iter().map(|(a, _)| a.clone()).collect(),
        details,
        confidence: Confidence {
            level: level(margin).into(),
            margin,
        },
        score: o.scores[o.choice],
        rationale,
        tradeoffs,
        alternatives,
        flip_points: flip::flip_points(book, index, facts),
        source: topic.source.clone(),
    }
}
