//! Flip points: the smallest change of a single requirement that changes a decision.
//!
//! Candidates come from the thresholds and values that the topic's own conditions
//! test; each candidate is applied to a copy of the facts (derived figures
//! recomputed when a base fact changes) and the topics up to this one re-decided.

use super::describe::{label, show};
use super::{decide_in, FlipPoint};
use crate::facts::{FactKind, FactValue, Facts};
use crate::rules::condition::Op;
use crate::rules::Rulebook;
use std::collections::BTreeMap;

/// How many flip points a decision lists at most.
const MAX_FLIPS: usize = 4;

struct Candidate {
    value: FactValue,
    shown: String,
    distance: f64,
}

fn candidates(
    book: &Rulebook,
    fact: &str,
    current: &FactValue,
    tested: &[(Op, &FactValue)],
) -> Vec<Candidate> {
    let spec = book.catalog.get(fact);
    let shown = |v: &FactValue| show(fact, v, &book.catalog);
    let mut out = Vec::new();
    match (current, spec.map(|s| &s.kind)) {
        (FactValue::Num(cur), _) => {
            // Walk outward from the current value, just past each threshold.
            let mut thresholds: Vec<f64> = tested.iter().filter_map(|(_, v)| v.as_num()).collect();
            thresholds.sort_by(f64::total_cmp);
            thresholds.dedup();
            for t in thresholds {
                let eps = (t.abs() * 1e-3).max(1e-3);
                let t_shown = shown(&FactValue::Num(t));
                let steps = if t > *cur {
                    [
                        (t, format!("at least {t_shown}")),
                        (t + eps, format!("above {t_shown}")),
                    ]
                } else if t < *cur {
                    [
                        (t, format!("at most {t_shown}")),
                        (t - eps, format!("below {t_shown}")),
                    ]
                } else {
                    [
                        (t + eps, format!("above {t_shown}")),
                        (t - eps, format!("below {t_shown}")),
                    ]
                };
                for (value, text) in steps {
                    if value < 0.0 {
                        continue;
                    }
                    let distance = ((value.abs() + 1.0) / (cur.abs() + 1.0)).ln().abs();
                    out.push(Candidate {
                        value: FactValue::Num(value),
                        shown: text,
                        distance,
                    });
                }
            }
        }
        (FactValue::Bool(b), _) => out.push(Candidate {
            value: FactValue::Bool(!b),
            shown: (!b).to_string(),
            distance: 0.0,
        }),
        (
            FactValue::Str(s),
            Some(FactKind::Text {
                values: Some(values),
            }),
        ) => {
            let here = values.iter().position(|v| v == s).unwrap_or(0) as f64;
            for (i, v) in values.iter().enumerate() {
                if v != s {
                    out.push(Candidate {
                        value: FactValue::Str(v.clone()),
                        shown: v.clone(),
                        distance: (i as f64 - here).abs(),
                    });
                }
            }
        }
        (
            FactValue::List(items),
            Some(FactKind::List {
                values: Some(values),
            }),
        ) => {
            for v in values {
                let mut next = items.clone();
                let shown = if let Some(p) = next.iter().position(|x| x == v) {
                    next.remove(p);
                    format!("without {v}")
                } else {
                    next.push(v.clone());
                    format!("with {v}")
                };
                out.push(Candidate {
                    value: FactValue::List(next),
                    shown,
                    distance: 1.0,
                });
            }
        }
        _ => {}
    }
    out.sort_by(|a, b| a.distance.total_cmp(&b.distance));
    out
}

pub fn flip_points(book: &Rulebook, index: usize, facts: &Facts) -> Vec<FlipPoint> {
    search(book, index, facts, None)
}

/// The smallest single change that makes topic `index` choose `target`, if any.
pub fn flip_to(book: &Rulebook, index: usize, facts: &Facts, target: &str) -> Option<FlipPoint> {
    search(book, index, facts, Some(target)).into_iter().next()
}

fn search(book: &Rulebook, index: usize, facts: &Facts, target: Option<&str>) -> Vec<FlipPoint> {
    let topic = &book.topics[index];
    let chosen_now = match facts.at(topic.decision_fact) {
        Some(FactValue::Str(s)) => s.clone(),
        _ => return Vec::new(),
    };
    // Facts this topic tests directly, with the values tested.
    let mut tested: BTreeMap<&str, Vec<(Op, &FactValue)>> = BTreeMap::new();
    for o in &topic.options {
        for r in &o.conditions {
            for (fact, op, value) in r.when.leaves() {
                if !fact.starts_with("decision.") && !fact.starts_with("design.") {
                    tested.entry(fact).or_default().push((op, value));
                }
            }
        }
    }
    let mut found: Vec<(f64, FlipPoint)> = Vec::new();
    let mut work = facts.clone();
    let closure = &book.closure[index];
    for (fact, tests) in tested {
        let Some(current) = facts.get(fact) else {
            continue;
        };
        let Some(id) = book.facts.id(fact) else {
            continue;
        };
        let base = !fact.starts_with("derived.");
        for cand in candidates(book, fact, current, &tests) {
            work.set_at(id, cand.value.clone());
            if base {
                crate::derived::derive(&mut work);
            }
            decide_in(book, &mut work, closure);
            let now = match work.at(topic.decision_fact) {
                Some(FactValue::Str(now)) => now.clone(),
                _ => String::new(),
            };
            // Put back what the candidate changed.
            work.set_at(id, current.clone());
            if base {
                crate::derived::derive(&mut work);
            }
            for &t in closure {
                let t = &book.topics[t];
                for f in [t.decision_fact, t.design_fact] {
                    if let Some(v) = facts.at(f) {
                        work.set_at(f, v.clone());
                    }
                }
            }
            if now != chosen_now && !now.is_empty() && target.is_none_or(|t| t == now) {
                let name = topic
                    .option(&now)
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| now.clone());
                let cur = show(fact, current, &book.catalog);
                found.push((
                    cand.distance,
                    FlipPoint {
                        fact: fact.to_string(),
                        current: cur.clone(),
                        becomes: cand.shown.clone(),
                        choice: now.clone(),
                        text: format!(
                            "If {} were {} (now {cur}), {} would become {name}.",
                            label(fact),
                            cand.shown,
                            topic.id
                        ),
                    },
                ));
                break;
            }
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.fact.cmp(&b.1.fact)));
    found.into_iter().take(MAX_FLIPS).map(|(_, f)| f).collect()
}
