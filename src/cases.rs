//! Running the rules' own test cases (`tradeoff rules test`, and `cargo test`).

use crate::engine;
use crate::error::Location;
use crate::facts::Facts;
use crate::rules::{Detail, Rulebook, Topic};
use std::collections::HashSet;

/// What a case checks of a decision: the choice, its complements and details (name and
/// value, the value's `{fact}` references filled in as the advice shows them).
struct Decided<'a> {
    choice: &'a str,
    also: Vec<String>,
    details: Vec<(&'a str, String)>,
}

impl<'a> Decided<'a> {
    fn new(book: &Rulebook, topic: &'a Topic, o: &engine::Outcome, facts: &Facts) -> Self {
        let detail = |d: &'a Detail| {
            let value = engine::describe::fill(&d.value, facts, &book.catalog);
            (d.name.as_str(), value)
        };
        Decided {
            choice: topic.options[o.choice].id.as_str(),
            also: o.also.iter().map(|(a, _)| a.clone()).collect(),
            details: o
                .details
                .iter()
                .map(|&i| detail(&topic.details[i]))
                .collect(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Failure {
    pub location: Location,
    pub topic: String,
    pub case: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub passed: usize,
    pub failures: Vec<Failure>,
}

/// Runs every case of every topic (or of one topic), and checks that each option
/// is reached by some case or declared unreachable.
pub fn run(book: &Rulebook, only: Option<&str>) -> Report {
    let mut report = Report::default();
    for (ti, topic) in book.topics.iter().enumerate() {
        if only.is_some_and(|t| t != topic.id) {
            continue;
        }
        for case in &topic.cases {
            // Deciding is enough to check a case: no explanations, no flip points, so a
            // run stays linear in the number of options.
            let (mut facts, _) = engine::facts_only(book, &case.given);
            let outcomes = engine::decide(book, &mut facts);
            let Some(Some(o)) = outcomes.get(ti) else {
                continue;
            };
            let d = Decided::new(book, topic, o, &facts);
            let mut problems = Vec::new();
            if d.choice != case.expect {
                let chosen = &topic.options[o.choice];
                let mut fired = o.fired[o.choice].clone();
                fired.sort_by(|&a, &b| {
                    let w = |i: usize| chosen.conditions[i].weight.abs();
                    w(b).total_cmp(&w(a)).then(a.cmp(&b))
                });
                let why: Vec<String> = fired
                    .iter()
                    .map(|&i| &chosen.conditions[i])
                    .filter(|r| r.weight > 0.0)
                    .take(3)
                    .map(|r| format!("{} ({:+})", r.because, r.weight))
                    .collect();
                let mut ranked: Vec<usize> = (0..topic.options.len()).collect();
                ranked.sort_by(|&a, &b| o.scores[b].total_cmp(&o.scores[a]).then(a.cmp(&b)));
                let scores: Vec<String> = ranked
                    .iter()
                    .map(|&i| format!("{}={}", topic.options[i].id, o.scores[i]))
                    .collect();
                problems.push(format!(
                    "expected `{}`, got `{}` [scores: {}]{}",
                    case.expect,
                    d.choice,
                    scores.join(", "),
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!("; because: {}", why.join(" | "))
                    }
                ));
            }
            for a in &case.also {
                if !d.also.contains(a) && d.choice != *a {
                    problems.push(format!(
                        "expected `{a}` among the complements, got [{}]",
                        d.also.join(", ")
                    ));
                }
            }
            for a in &case.not_also {
                if d.also.contains(a) {
                    problems.push(format!("`{a}` must not be a complement"));
                }
            }
            for (name, want) in &case.details {
                match d.details.iter().find(|(n, _)| n == name) {
                    Some((_, v)) if v.to_lowercase().contains(&want.to_lowercase()) => {}
                    Some((_, v)) => problems.push(format!(
                        "detail `{name}`: expected it to contain `{want}`, got `{v}`"
                    )),
                    None => problems.push(format!("detail `{name}` was not chosen")),
                }
            }
            if problems.is_empty() {
                report.passed += 1;
            } else {
                report.failures.push(Failure {
                    location: case.location.clone(),
                    topic: topic.id.clone(),
                    case: case.name.clone(),
                    message: problems.join("; "),
                });
            }
        }
        if topic.cases.len() < 3 {
            report.failures.push(Failure {
                location: Location::new(&topic.file, 0, 0),
                topic: topic.id.clone(),
                case: "(coverage)".into(),
                message: format!(
                    "topic has {} cases; at least 3 are required",
                    topic.cases.len()
                ),
            });
        }
        let reached: HashSet<&str> = topic
            .cases
            .iter()
            .flat_map(|c| std::iter::once(&c.expect).chain(&c.also))
            .map(String::as_str)
            .collect();
        let excused: HashSet<&str> = topic
            .unreachable
            .iter()
            .map(|(id, _)| id.as_str())
            .collect();
        for o in &topic.options {
            if !reached.contains(o.id.as_str()) && !excused.contains(o.id.as_str()) {
                report.failures.push(Failure {
                    location: Location::new(&topic.file, 0, 0),
                    topic: topic.id.clone(),
                    case: "(coverage)".into(),
                    message: format!("option `{}` is reached by no case; add one or list it under `unreachable` with a reason", o.id),
                });
            }
        }
    }
    report
}
