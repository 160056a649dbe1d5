//! Skip logic, derived from the rules rather than written per question: a question
//! is worth asking when some answer to it, given the answers so far (and defaults
//! for the rest), would change the main choice of a topic, or would clear a tension
//! between decisions (coherence check) or a contradiction `tradeoff lint` reports
//! that holds now, so no unasked default leaves the written file with one. An
//! answer that could only add a warning is no reason to ask: the default adds none.
//!
//! The answers tried are every value of a closed field, both booleans, each item
//! added to or removed from a list, and for quantities the thresholds the rules
//! test on the field (just below and above each) plus a ladder of magnitudes, which
//! covers thresholds on derived figures (writes/s, storage in 3 years).

use super::answers::Answers;
use super::questions::{Kind, Question};
use crate::engine;
use crate::facts::{FactValue, Facts};
use crate::quantity::Unit;
use crate::rules::Rulebook;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub struct Judge<'a> {
    book: &'a Rulebook,
    /// Numbers the rules compare each requirements field with.
    thresholds: BTreeMap<String, Vec<f64>>,
    /// Fields other defaults are computed from (users -> daily actives); a trial
    /// answer to one of them goes through the full requirements path.
    coupled: BTreeSet<String>,
    /// For each field, the topics a change can reach (those reading it, directly or
    /// through a derived figure, and those reading their decisions), in evaluation order.
    affected: BTreeMap<String, Vec<usize>>,
}

/// What the advice says, as far as skipping is concerned.
#[derive(Clone, Debug, PartialEq)]
struct Signature {
    /// Main choice of each topic, in the rulebook's order.
    choices: Vec<String>,
    /// Which coherence checks fire.
    tensions: Vec<bool>,
    /// Which lint contradictions fire.
    lints: Vec<bool>,
}

/// The state a step's checks start from: the answers, their facts (decisions
/// included) and what the advice says.
pub struct Probe {
    answers: Answers,
    facts: Facts,
    signature: Signature,
}

impl Signature {
    /// Whether `other` decides differently, or clears a warning that holds here.
    fn moved_by(&self, other: &Signature) -> bool {
        let clears = |now: &[bool], then: &[bool]| now.iter().zip(then).any(|(a, b)| *a && !*b);
        self.choices != other.choices
            || clears(&self.tensions, &other.tensions)
            || clears(&self.lints, &other.lints)
    }
}

impl<'a> Judge<'a> {
    pub fn new(book: &'a Rulebook) -> Judge<'a> {
        let mut thresholds: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for when in book.conditions() {
            for (fact, _, value) in when.leaves() {
                if let Some(n) = value.as_num() {
                    thresholds.entry(fact.to_string()).or_default().push(n);
                }
            }
        }
        let empty = crate::facts::resolve(&Default::default()).facts;
        let coupled = empty
            .iter()
            .filter(|(field, v)| {
                let Some(n) = v.as_num() else { return false };
                let mut a = Answers::default();
                a.set(field, Value::from(n * 7.0 + 13.0));
                let Ok(req) = a.requirements() else {
                    return false;
                };
                let moved = crate::facts::resolve(&req).facts;
                moved
                    .iter()
                    .any(|(k, x)| k != *field && empty.get(k) != Some(x))
            })
            .map(|(field, _)| field.clone())
            .collect();
        let affected = super::questions::readers(book)
            .into_iter()
            .map(|(field, readers)| {
                let reached = |t: usize| {
                    book.closure[t]
                        .iter()
                        .any(|&d| readers.contains(&book.topics[d].id))
                };
                let topics = book.order.iter().copied().filter(|&t| reached(t)).collect();
                (field, topics)
            })
            .collect();
        Judge {
            book,
            thresholds,
            coupled,
            affected,
        }
    }

    pub fn catalog(&self) -> &crate::facts::Catalog {
        &self.book.catalog
    }

    /// The facts and what the advice says for these answers (`None` if they do not
    /// make valid requirements).
    pub fn probe(&self, answers: &Answers) -> Option<Probe> {
        let req = answers.requirements().ok()?;
        let (mut facts, _) = engine::facts_only(self.book, &req);
        engine::decide(self.book, &mut facts);
        let signature = self.signature(&facts);
        Some(Probe {
            answers: answers.clone(),
            facts,
            signature,
        })
    }

    fn signature(&self, facts: &Facts) -> Signature {
        let choices = self
            .book
            .topics
            .iter()
            .map(|t| match facts.at(t.decision_fact) {
                Some(FactValue::Str(s)) => s.clone(),
                _ => String::new(),
            })
            .collect();
        let tensions = self
            .book
            .coherence
            .iter()
            .map(|c| c.when.eval(facts))
            .collect();
        let lints = self
            .book
            .lints
            .iter()
            .map(|l| l.when.as_ref().is_some_and(|w| w.eval(facts)))
            .collect();
        Signature {
            choices,
            tensions,
            lints,
        }
    }

    /// Whether some answer to `q` changes a decision or clears a warning, from the
    /// probe's state.
    pub fn can_change(&self, q: &Question, probe: &Probe) -> bool {
        self.changes(q, probe, self.coupled.contains(&q.field))
    }

    /// `full`: try each answer through the requirements (defaults recomputed, every
    /// topic decided), not just on the facts of the topics it reaches.
    fn changes(&self, q: &Question, probe: &Probe, full: bool) -> bool {
        if !q.fact {
            return true;
        }
        let current = probe.answers.get(&q.field).or(q.default.as_ref());
        let none = Vec::new();
        let topics = self.affected.get(&q.field).unwrap_or(&none);
        self.candidates(q, current).into_iter().any(|v| {
            if full {
                let mut trial = probe.answers.clone();
                trial.set(&q.field, v);
                return self
                    .probe(&trial)
                    .is_some_and(|p| probe.signature.moved_by(&p.signature));
            }
            let Some(fv) = FactValue::from_json(&v) else {
                return false;
            };
            // Only the topics the field can reach are decided again; the others keep
            // their decisions in the probe's facts.
            let mut facts = probe.facts.clone();
            facts.set(&q.field, fv);
            crate::derived::derive(&mut facts, &self.book.capacity);
            engine::decide_lean(self.book, &mut facts, topics, &[]);
            probe.signature.moved_by(&self.signature(&facts))
        })
    }

    /// The answers to try for `q`.
    pub fn candidates(&self, q: &Question, current: Option<&Value>) -> Vec<Value> {
        let strings =
            |items: Vec<String>| Value::Array(items.into_iter().map(Value::String).collect());
        match q.kind {
            Kind::YesNo => vec![Value::Bool(true), Value::Bool(false)],
            Kind::Choice => q
                .choices
                .iter()
                .map(|c| Value::String(c.value.clone()))
                .collect(),
            Kind::MultiChoice => {
                let now: Vec<String> = current
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                q.choices
                    .iter()
                    .map(|c| {
                        let mut next = now.clone();
                        match next.iter().position(|x| *x == c.value) {
                            Some(p) => {
                                next.remove(p);
                            }
                            None => next.push(c.value.clone()),
                        }
                        strings(next)
                    })
                    .collect()
            }
            // Free-text lists count through their length (languages).
            Kind::Text if q.list => (0..4)
                .map(|n| strings((0..n).map(|i| format!("item-{i}")).collect()))
                .collect(),
            Kind::Text => Vec::new(),
            Kind::Quantity => {
                let unit = q.unit.unwrap_or(Unit::Count);
                let mut values = ladder(unit);
                for &t in self.thresholds.get(&q.field).into_iter().flatten() {
                    let eps = (t.abs() * 1e-3).max(1e-3);
                    values.extend([t - eps, t, t + eps]);
                }
                let max = q.max();
                values.retain(|v| (0.0..=max).contains(v));
                values.sort_by(f64::total_cmp);
                values.dedup();
                values.into_iter().map(Value::from).collect()
            }
        }
    }
}

/// Representative magnitudes of a unit.
fn ladder(unit: Unit) -> Vec<f64> {
    let decades = |from: i32, to: i32| -> Vec<f64> {
        (from..=to)
            .flat_map(|e| [1.0, 3.0].map(|m| m * 10f64.powi(e)))
            .collect()
    };
    match unit {
        Unit::Count => {
            let mut v = vec![0.0];
            v.extend(decades(0, 10));
            v
        }
        Unit::Bytes => decades(6, 16),
        Unit::Percent => vec![
            0.0, 10.0, 25.0, 50.0, 70.0, 80.0, 90.0, 95.0, 99.0, 99.5, 99.9, 99.95, 99.99, 99.999,
            100.0,
        ],
        Unit::Millis => vec![
            1.0, 10.0, 50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 1e4, 3e4, 6e4, 3e5, 36e5, 864e5,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::Questionnaire;

    /// The shortcut (trying answers on the facts) agrees with the full path.
    #[test]
    fn shortcut_agrees_with_full_requirements_path() {
        let book = Rulebook::bundled().unwrap();
        let questionnaire = Questionnaire::bundled(&book).unwrap();
        let judge = Judge::new(&book);
        assert!(judge.coupled.contains("scale.users"));
        for example in ["internal-tool", "ecommerce", "chat-app"] {
            let path = format!("{}/examples/{example}.yaml", env!("CARGO_MANIFEST_DIR"));
            let answers = Answers::from_file(std::path::Path::new(&path)).unwrap();
            let probe = judge.probe(&answers).unwrap();
            for q in &questionnaire.questions {
                assert_eq!(
                    judge.changes(q, &probe, false),
                    judge.changes(q, &probe, true),
                    "{example}: {}",
                    q.field
                );
            }
        }
    }
}
