//! One coherent design: coherence checks of severity error are constraints on the joint
//! decision. When one fires, the topic with the weaker margin is decided again with the
//! conflicting option excluded, and the trade is recorded for both sides.

use super::decide::decide_one_lean;
use super::{decide_lean, decide_with, Exclusion, Outcome};
use crate::facts::{FactValue, Facts};
use crate::rules::model::Severity;
use crate::rules::Rulebook;

/// A coherence conflict the engine resolved by changing one topic.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolution {
    /// Index of the coherence check.
    pub check: usize,
    /// The topic decided again, and its option before and after.
    pub topic: usize,
    pub from: String,
    /// The other topics of the check, with the choices they kept.
    pub kept: Vec<(usize, String)>,
}

/// The joint decision: every topic's outcome, and the conflicts resolved on the way.
#[derive(Clone, Debug)]
pub struct Joint {
    pub outcomes: Vec<Option<Outcome>>,
    pub resolutions: Vec<Resolution>,
    /// Coherence exclusions per topic (held fixed when flip points are searched).
    pub extra: Vec<Vec<Exclusion>>,
}

fn choice_of(book: &Rulebook, facts: &Facts, topic: usize) -> String {
    match facts.at(book.topics[topic].decision_fact) {
        Some(FactValue::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

fn design_of(book: &Rulebook, facts: &Facts, topic: usize) -> Vec<String> {
    match facts.at(book.topics[topic].design_fact) {
        Some(FactValue::List(l)) => l.clone(),
        _ => Vec::new(),
    }
}

/// Decides every topic, then resolves error-severity coherence conflicts one at a time.
pub fn decide_joint(book: &Rulebook, facts: &mut Facts) -> Joint {
    decide_joint_pinned(book, facts, &[])
}

/// Exclusions that hold each pinned topic (`pins[t]`, an option index) on its option.
pub fn pin_exclusions(book: &Rulebook, pins: &[Option<usize>]) -> Vec<Vec<Exclusion>> {
    let mut extra: Vec<Vec<Exclusion>> = vec![Vec::new(); book.topics.len()];
    for (t, pin) in pins.iter().enumerate() {
        let (Some(keep), Some(topic)) = (pin, book.topics.get(t)) else {
            continue;
        };
        for i in (0..topic.options.len()).filter(|i| i != keep) {
            extra[t].push(Exclusion {
                option: i,
                because: format!(
                    "{} is decided once for the whole system: {}",
                    topic.id, topic.options[*keep].id
                ),
                source: topic.source.clone(),
                by: "system",
            });
        }
    }
    extra
}

/// `decide_joint` with some topics pinned to an option (a component's design holds the
/// system-wide decisions fixed); a pinned topic is never the one decided again.
pub fn decide_joint_pinned(book: &Rulebook, facts: &mut Facts, pins: &[Option<usize>]) -> Joint {
    let (outcomes, resolutions, extra) = resolve(book, facts, pins, |facts, extra| {
        let outcomes = decide_with(book, facts, &book.order, extra);
        let margins = outcomes
            .iter()
            .map(|o| o.as_ref().and_then(|o| o.margin).unwrap_or(f64::INFINITY))
            .collect();
        (outcomes, margins)
    });
    Joint {
        outcomes,
        resolutions,
        extra,
    }
}

/// `decide_joint_pinned` recording only the choices in `facts` (no outcomes, no
/// reasons): for trials that read the decisions alone.
pub fn decide_joint_lean(book: &Rulebook, facts: &mut Facts, pins: &[Option<usize>]) {
    let mut scores = Vec::new();
    resolve(book, facts, pins, |facts, extra| {
        let mut margins = vec![f64::INFINITY; book.topics.len()];
        for &i in &book.order {
            let m = decide_one_lean(book, facts, i, extra, &mut scores);
            margins[i] = m.unwrap_or(f64::INFINITY);
        }
        ((), margins)
    });
}

/// The joint decision's loop: decide every topic with `decide_all` (which returns what
/// it decided and each topic's margin), then resolve error-severity coherence conflicts
/// one at a time. Returns the last decision, the resolutions and the exclusions used.
fn resolve<O>(
    book: &Rulebook,
    facts: &mut Facts,
    pins: &[Option<usize>],
    mut decide_all: impl FnMut(&mut Facts, &[Vec<Exclusion>]) -> (O, Vec<f64>),
) -> (O, Vec<Resolution>, Vec<Vec<Exclusion>>) {
    let mut extra = pin_exclusions(book, pins);
    let pinned = |t: usize| pins.get(t).is_some_and(Option::is_some);
    let mut resolutions = Vec::new();
    let mut unresolved: Vec<usize> = Vec::new();
    let index = |id: &str| book.topics.iter().position(|t| t.id == id);
    loop {
        let (decided, margins) = decide_all(facts, &extra);
        let violated = book.coherence.iter().enumerate().find(|(i, c)| {
            c.severity == Severity::Error && !unresolved.contains(i) && c.when.eval(facts)
        });
        let Some((ci, check)) = violated else {
            return (decided, resolutions, extra);
        };
        // The topics of the check, the one held least firmly first.
        let mut topics: Vec<usize> = check.topics.iter().filter_map(|t| index(t)).collect();
        topics.sort_by(|&a, &b| margins[a].total_cmp(&margins[b]));
        let mut fixed = false;
        'search: for &t in topics.iter().filter(|&&t| !pinned(t)) {
            let topic = &book.topics[t];
            for option in design_of(book, facts, t) {
                let Some(oi) = topic.options.iter().position(|o| o.id == option) else {
                    continue;
                };
                if extra[t].iter().any(|e| e.option == oi) {
                    continue;
                }
                let kept: Vec<(usize, String)> = topics
                    .iter()
                    .filter(|&&k| k != t)
                    .map(|&k| (k, choice_of(book, facts, k)))
                    .collect();
                let kept_text: Vec<String> = kept
                    .iter()
                    .map(|(k, c)| format!("{} stays {c}", book.topics[*k].id))
                    .collect();
                let because = if kept_text.is_empty() {
                    format!("Excluded to keep the design coherent: {}", check.message)
                } else {
                    format!(
                        "Excluded to keep the design coherent ({}, held more firmly): {}",
                        kept_text.join(", "),
                        check.message
                    )
                };
                let mut trial = extra.clone();
                trial[t].push(Exclusion {
                    option: oi,
                    because,
                    source: check.source.clone(),
                    by: "coherence",
                });
                let mut work = facts.clone();
                decide_lean(book, &mut work, &book.order, &trial);
                if !check.when.eval(&work) {
                    extra = trial;
                    resolutions.push(Resolution {
                        check: ci,
                        topic: t,
                        from: option,
                        kept,
                    });
                    fixed = true;
                    break 'search;
                }
            }
        }
        if !fixed {
            unresolved.push(ci);
        }
    }
}
