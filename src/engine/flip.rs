//! Flip points: the smallest change of a single requirement that changes a decision.
//!
//! Only requirements fields are varied (a derived figure is varied through the fields
//! it is computed from). Candidates are the thresholds the topic tests and a grid of
//! multiples of the current value; a flip found on the grid is narrowed by bisection
//! to a round value. A change of a volume field that would move an ordered topic down
//! its ladder is not offered (it would say "less load, more machinery"). The few flips
//! kept are verified by deciding the whole design again.

use super::describe::{label, show};
use super::{decide_joint_pinned, decide_lean, Exclusion, FlipPoint};
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

#[derive(Clone)]
struct Candidate {
    value: FactValue,
    shown: String,
    distance: f64,
    /// From the grid (narrowed by bisection when it flips), not a tested threshold.
    grid: bool,
}

fn num_candidate(v: f64, cur: f64, unit: Unit, shown: String, grid: bool) -> Candidate {
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
            let shown = |v: f64| unit.show(v);
            let mut thresholds: Vec<f64> = tested.iter().filter_map(|(_, v)| v.as_num()).collect();
            thresholds.sort_by(f64::total_cmp);
            thresholds.dedup();
            for t in thresholds {
                let eps = (t.abs() * 1e-3).max(1e-3);
                let steps = if t > *cur {
                    [
                        (t, format!("at least {}", shown(t))),
                        (t + eps, format!("above {}", shown(t))),
                    ]
                } else if t < *cur {
                    [
                        (t, format!("at most {}", shown(t))),
                        (t - eps, format!("below {}", shown(t))),
                    ]
                } else {
                    [
                        (t + eps, format!("above {}", shown(t))),
                        (t - eps, format!("below {}", shown(t))),
                    ]
                };
                for (v, text) in steps {
                    if v >= 0.0 {
                        out.push(num_candidate(v, *cur, unit, text, false));
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
                    out.push(num_candidate(v, *cur, unit, shown(v), true));
                }
            }
        }
        (FactValue::Bool(b), _) => out.push(Candidate {
            value: FactValue::Bool(!b),
            shown: (!b).to_string(),
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
                        shown: v.clone(),
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
                    shown,
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

/// A copy of `facts` with one requirement changed and the figures recomputed.
fn with(book: &Rulebook, facts: &Facts, id: usize, value: &FactValue) -> Facts {
    let mut work = facts.clone();
    work.set_at(id, value.clone());
    crate::derived::derive(&mut work, &book.capacity);
    work
}

/// One working copy of the facts for a topic's search: each trial changes one field,
/// decides the topic's closure, and is undone, so no trial copies the facts.
struct Trial<'a> {
    book: &'a Rulebook,
    topic: &'a Topic,
    base: &'a Facts,
    work: Facts,
    closure: &'a [usize],
    extra: &'a [Vec<Exclusion>],
    /// Every leaf test that the closure's topics read, and its truth on the base facts:
    /// a trial that flips none of them cannot change a decision and is not decided.
    leaves: Vec<&'a crate::rules::condition::Condition>,
    truth: Vec<bool>,
    /// The leaves (index into `leaves`) that the field being varied can move.
    watched: Vec<usize>,
    chosen: String,
}

impl<'a> Trial<'a> {
    fn new(
        book: &'a Rulebook,
        index: usize,
        base: &'a Facts,
        extra: &'a [Vec<Exclusion>],
        chosen: String,
    ) -> Trial<'a> {
        let closure = &book.closure[index];
        let mut leaves = Vec::new();
        for &t in closure {
            for c in book.topics[t].conditions() {
                c.tests(&mut leaves);
            }
        }
        let truth = leaves.iter().map(|l| l.eval(base)).collect();
        Trial {
            book,
            topic: &book.topics[index],
            base,
            work: base.clone(),
            closure,
            extra,
            leaves,
            truth,
            watched: Vec::new(),
            chosen,
        }
    }

    /// Watches the leaves that read `field` directly or through a derived figure.
    fn vary(&mut self, field: &str) {
        use crate::rules::condition::Condition;
        self.watched = self
            .leaves
            .iter()
            .enumerate()
            .filter(|(_, l)| match l {
                Condition::Test { fact, .. } => {
                    fact == field
                        || (fact.starts_with("derived.")
                            && crate::derived::inputs(fact).any(|f| f == field))
                }
                _ => false,
            })
            .map(|(i, _)| i)
            .collect();
    }

    fn choice(&mut self, id: usize, value: &FactValue) -> String {
        self.work.set_at(id, value.clone());
        crate::derived::derive(&mut self.work, &self.book.capacity);
        let same = self
            .watched
            .iter()
            .all(|&i| self.leaves[i].eval(&self.work) == self.truth[i]);
        let now = if same {
            self.chosen.clone()
        } else {
            decide_lean(self.book, &mut self.work, self.closure, self.extra);
            decided(&self.work, self.topic)
        };
        if let Some(v) = self.base.at(id) {
            self.work.set_at(id, v.clone());
        }
        crate::derived::restore(&mut self.work, self.base);
        if !same {
            for &t in self.closure {
                let t = &self.book.topics[t];
                for f in [t.decision_fact, t.design_fact] {
                    if let Some(v) = self.base.at(f) {
                        self.work.set_at(f, v.clone());
                    }
                }
            }
        }
        now
    }
}

fn decided(facts: &Facts, topic: &Topic) -> String {
    match facts.at(topic.decision_fact) {
        Some(FactValue::Str(s)) => s.clone(),
        _ => String::new(),
    }
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

/// Flip points of topic `index`; `pins` holds topics decided elsewhere fixed (a
/// component's design keeps the system-wide decisions).
pub fn flip_points(
    book: &Rulebook,
    index: usize,
    facts: &Facts,
    extra: &[Vec<Exclusion>],
    pins: &[Option<usize>],
) -> Vec<FlipPoint> {
    search(book, index, facts, extra, pins, None)
}

/// The smallest single change that makes topic `index` choose `target`, if any.
pub fn flip_to(book: &Rulebook, index: usize, facts: &Facts, target: &str) -> Option<FlipPoint> {
    search(book, index, facts, &[], &[], Some(target))
        .into_iter()
        .next()
}

fn search(
    book: &Rulebook,
    index: usize,
    facts: &Facts,
    extra: &[Vec<Exclusion>],
    pins: &[Option<usize>],
    target: Option<&str>,
) -> Vec<FlipPoint> {
    let topic = &book.topics[index];
    let chosen_now = decided(facts, topic);
    if chosen_now.is_empty() {
        return Vec::new();
    }
    let mut trial = Trial::new(book, index, facts, extra, chosen_now.clone());
    let mut found: Vec<(f64, FlipPoint, usize, FactValue)> = Vec::new();
    for (fact, (tests, via_derived)) in fields(topic) {
        let (Some(current), Some(id)) = (facts.get(&fact), book.facts.id(&fact)) else {
            continue;
        };
        let unit = book.catalog.get(&fact).and_then(|s| s.unit());
        trial.vary(&fact);
        for cand in candidates(book, &fact, current, &tests, via_derived) {
            let now = trial.choice(id, &cand.value);
            if now == chosen_now || now.is_empty() || target.is_some_and(|t| t != now) {
                continue;
            }
            let (mut value, mut shown) = (cand.value.clone(), cand.shown.clone());
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
                    if trial.choice(id, &FactValue::Num(mid)) == now {
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
                let edge = if trial.choice(id, &FactValue::Num(round)) == now {
                    round
                } else {
                    ok
                };
                value = FactValue::Num(edge);
                let dir = if edge > *cur { "or more" } else { "or less" };
                shown = format!("{} {dir}", unit.show(edge));
            }
            if let (FactValue::Num(from), FactValue::Num(to)) = (current, &value) {
                if implausible(book, topic, &fact, *from, *to, &chosen_now, &now) {
                    break;
                }
            }
            let name = topic
                .option(&now)
                .map_or_else(|| now.clone(), |o| o.name.clone());
            let cur = show(&fact, current, &book.catalog);
            let distance = match (current, &value) {
                (FactValue::Num(c), FactValue::Num(v)) => {
                    num_candidate(*v, *c, unit.unwrap_or(Unit::Count), String::new(), false)
                        .distance
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
        let mut work = with(book, facts, id, &value);
        decide_joint_pinned(book, &mut work, pins);
        if decided(&work, topic) == flip.choice {
            out.push(flip);
        }
    }
    out
}
