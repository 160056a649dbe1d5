//! Flip points: the smallest change of a single requirement that changes a decision.
//!
//! Only requirements fields are varied (a derived figure is varied through the fields
//! it is computed from). Candidates are the thresholds the topic tests and a grid of
//! multiples of the current value; a flip found on the grid is narrowed by bisection
//! to a round value. A change of a volume field that would move an ordered topic down
//! its ladder is not offered (it would say "less load, more machinery"). The few flips
//! kept are verified by deciding the whole design again.

use super::describe::{label, show};
use super::probe::Probe;
use super::FlipPoint;
use crate::facts::{FactKind, FactValue, Facts};
use crate::quantity::Unit;
use crate::rules::condition::Op;
use crate::rules::{Rulebook, Topic};
use std::collections::BTreeMap;

/// How many flip points a decision lists at most.
const MAX_FLIPS: usize = 3;

/// Multiples of the current value tried for counts, sizes and durations.
const FACTORS: [f64; 8] = [1.5, 0.67, 2.0, 0.5, 3.0, 0.33, 10.0, 0.1];

/// Percent values tried besides the tested thresholds.
const PERCENTS: [f64; 14] = [
    0.0, 10.0, 25.0, 50.0, 70.0, 80.0, 90.0, 95.0, 99.0, 99.5, 99.9, 99.95, 99.99, 99.999,
];

/// How a candidate value is put in words (built only for a flip that is kept).
#[derive(Clone)]
enum Shown {
    /// "at least", "above", "at most", "below" a tested threshold.
    Bound(&'static str, f64),
    /// A number on the grid.
    Num(f64),
    Text(String),
}

impl Shown {
    fn text(&self, unit: Option<Unit>) -> String {
        let show = |v: f64| unit.map_or_else(|| v.to_string(), |u| u.show(v));
        match self {
            Shown::Bound(word, t) => format!("{word} {}", show(*t)),
            Shown::Num(v) => show(*v),
            Shown::Text(t) => t.clone(),
        }
    }
}

#[derive(Clone)]
struct Candidate {
    value: FactValue,
    shown: Shown,
    distance: f64,
    /// From the grid (narrowed by bisection when it flips), not a tested threshold.
    grid: bool,
}

fn num_candidate(v: f64, cur: f64, unit: Unit, shown: Shown, grid: bool) -> Candidate {
    let distance = match unit {
        Unit::Percent => (v - cur).abs() / 10.0,
        _ => ((v.abs() + 1.0) / (cur.abs() + 1.0)).ln().abs(),
    };
    Candidate {
        value: FactValue::Num(v),
        shown,
        distance,
        grid,
    }
}

fn candidates(
    book: &Rulebook,
    fact: &str,
    current: &FactValue,
    tested: &[(Op, FactValue)],
    via_derived: bool,
) -> Vec<Candidate> {
    let spec = book.catalog.get(fact);
    let mut out = Vec::new();
    match (current, spec.map(|s| &s.kind)) {
        (FactValue::Num(cur), Some(FactKind::Number { unit })) => {
            let unit = *unit;
            let mut thresholds: Vec<f64> = tested.iter().filter_map(|(_, v)| v.as_num()).collect();
            thresholds.sort_by(f64::total_cmp);
            thresholds.dedup();
            for t in thresholds {
                let eps = (t.abs() * 1e-3).max(1e-3);
                let steps = if t > *cur {
                    [(t, "at least"), (t + eps, "above")]
                } else if t < *cur {
                    [(t, "at most"), (t - eps, "below")]
                } else {
                    [(t + eps, "above"), (t - eps, "below")]
                };
                for (v, word) in steps {
                    if v >= 0.0 {
                        out.push(num_candidate(v, *cur, unit, Shown::Bound(word, t), false));
                    }
                }
            }
            // A field tested only directly flips at its thresholds; the grid is for
            // fields that reach the topic through a derived figure.
            let grid: Vec<f64> = match unit {
                _ if !via_derived => Vec::new(),
                Unit::Percent => PERCENTS.to_vec(),
                _ if *cur > 0.0 => FACTORS.iter().map(|f| cur * f).collect(),
                _ => vec![1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6],
            };
            for v in grid {
                if (v - cur).abs() > 1e-9 && v >= 0.0 {
                    out.push(num_candidate(v, *cur, unit, Shown::Num(v), true));
                }
            }
        }
        (FactValue::Bool(b), _) => out.push(Candidate {
            value: FactValue::Bool(!b),
            shown: Shown::Text((!b).to_string()),
            distance: 1.0,
            grid: false,
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
                        shown: Shown::Text(v.clone()),
                        distance: (i as f64 - here).abs(),
                        grid: false,
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
                    shown: Shown::Text(shown),
                    distance: 1.0,
                    grid: false,
                });
            }
        }
        _ => {}
    }
    out.sort_by(|a, b| a.distance.total_cmp(&b.distance));
    out
}

/// The requirements fields a topic's choice rests on, with the values each is tested
/// against directly (derived figures contribute their input fields).
fn fields(topic: &Topic) -> BTreeMap<String, (Vec<(Op, FactValue)>, bool)> {
    let mut out: BTreeMap<String, (Vec<(Op, FactValue)>, bool)> = BTreeMap::new();
    for o in &topic.options {
        let conditions = o
            .conditions
            .iter()
            .map(|r| &r.when)
            .chain(o.rule_out.iter().chain(&o.require).map(|c| &c.when));
        for c in conditions {
            for (fact, op, value) in c.leaves() {
                if fact.starts_with("decision.")
                    || fact.starts_with("design.")
                    || fact.starts_with("declared.")
                {
                    continue;
                }
                if fact.starts_with("derived.") {
                    for input in crate::derived::inputs(fact) {
                        out.entry(input.to_string()).or_default().1 = true;
                    }
                } else {
                    out.entry(fact.to_string())
                        .or_default()
                        .0
                        .push((op, value.clone()));
                }
            }
        }
    }
    out
}

/// Whether moving `fact` from `from` to `to` moves the topic's choice the wrong way
/// along its ladder (more volume, a simpler rung; or less volume, a bigger one).
fn implausible(
    book: &Rulebook,
    topic: &Topic,
    fact: &str,
    from: f64,
    to: f64,
    now: &str,
    next: &str,
) -> bool {
    if topic.ladder.is_empty() || !book.capacity.volume.iter().any(|v| v == fact) {
        return false;
    }
    match (topic.rung(now), topic.rung(next)) {
        (Some(a), Some(b)) => (to > from && b < a) || (to < from && b > a),
        _ => false,
    }
}

/// Rounds `v` to two significant digits, away from `toward_from`.
fn round_past(v: f64, toward_from: f64) -> f64 {
    if v <= 0.0 {
        return v;
    }
    let mag = 10f64.powf(v.log10().floor() - 1.0);
    if v > toward_from {
        (v / mag).ceil() * mag
    } else {
        (v / mag).floor() * mag
    }
}

/// Flip points of topic `index`, tried on `probe` (the facts the topic was decided on).
pub fn flip_points(book: &Rulebook, index: usize, facts: &Facts, probe: &Probe) -> Vec<FlipPoint> {
    search(book, index, facts, probe, None)
}

/// The smallest single change that makes topic `index` choose `target`, if any.
pub fn flip_to(book: &Rulebook, index: usize, facts: &Facts, target: &str) -> Option<FlipPoint> {
    let probe = Probe::new(book, facts, &[], &[]);
    search(book, index, facts, &probe, Some(target))
        .into_iter()
        .next()
}

fn search(
    book: &Rulebook,
    index: usize,
    facts: &Facts,
    probe: &Probe,
    target: Option<&str>,
) -> Vec<FlipPoint> {
    let topic = &book.topics[index];
    let Some(FactValue::Str(chosen_now)) = facts.at(topic.decision_fact) else {
        return Vec::new();
    };
    if chosen_now.is_empty() {
        return Vec::new();
    }
    let option = |i: Option<usize>| i.and_then(|i| topic.options.get(i)).map(|o| o.id.as_str());
    let choice = |id: usize, value: &FactValue| option(probe.choices(id, value)[index]);
    let mut found: Vec<(f64, FlipPoint, usize, FactValue)> = Vec::new();
    for (fact, (tests, via_derived)) in fields(topic) {
        let (Some(current), Some(id)) = (facts.get(&fact), book.facts.id(&fact)) else {
            continue;
        };
        let unit = book.catalog.get(&fact).and_then(|s| s.unit());
        for cand in candidates(book, &fact, current, &tests, via_derived) {
            let Some(now) = choice(id, &cand.value) else {
                continue;
            };
            if now == chosen_now || now.is_empty() || target.is_some_and(|t| t != now) {
                continue;
            }
            let now = now.to_string();
            let mut value = cand.value.clone();
            let mut shown = None;
            if let (true, Some(unit), FactValue::Num(cur), FactValue::Num(hit)) =
                (cand.grid, unit, current, &cand.value)
            {
                // Narrow to the boundary, then to a round value that still flips.
                let (mut ok, mut bad) = (*hit, *cur);
                for _ in 0..8 {
                    let mid = if ok > 0.0 && bad > 0.0 && unit != Unit::Percent {
                        (ok * bad).sqrt()
                    } else {
                        (ok + bad) / 2.0
                    };
                    if choice(id, &FactValue::Num(mid)) == Some(now.as_str()) {
                        ok = mid;
                    } else {
                        bad = mid;
                    }
                }
                let round = if unit == Unit::Percent {
                    ok
                } else {
                    round_past(ok, *cur)
                };
                let edge = if choice(id, &FactValue::Num(round)) == Some(now.as_str()) {
                    round
                } else {
                    ok
                };
                value = FactValue::Num(edge);
                let dir = if edge > *cur { "or more" } else { "or less" };
                shown = Some(format!("{} {dir}", unit.show(edge)));
            }
            if let (FactValue::Num(from), FactValue::Num(to)) = (current, &value) {
                if implausible(book, topic, &fact, *from, *to, chosen_now, &now) {
                    break;
                }
            }
            let shown = shown.unwrap_or_else(|| cand.shown.text(unit));
            let name = topic
                .option(&now)
                .map_or_else(|| now.clone(), |o| o.name.clone());
            let cur = show(&fact, current, &book.catalog);
            let distance = match (current, &value) {
                (FactValue::Num(c), FactValue::Num(v)) => {
                    let unit = unit.unwrap_or(Unit::Count);
                    num_candidate(*v, *c, unit, Shown::Num(*v), false).distance
                }
                _ => cand.distance,
            };
            found.push((
                distance,
                FlipPoint {
                    fact: fact.clone(),
                    current: cur.clone(),
                    becomes: shown.clone(),
                    choice: now.clone(),
                    text: format!(
                        "If {} were {shown} (now {cur}), {} would become {name}.",
                        label(&fact),
                        topic.id
                    ),
                },
                id,
                value,
            ));
            break;
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.fact.cmp(&b.1.fact)));
    // Verify each kept flip by deciding the whole design again.
    let mut out = Vec::new();
    for (_, flip, id, value) in found {
        if out.len() >= MAX_FLIPS {
            break;
        }
        if option(probe.verified(id, &value)[index]) == Some(flip.choice.as_str()) {
            out.push(flip);
        }
    }
    out
}
