//! Running the rules' own test cases (`tradeoff rules test`, and `cargo test`).

use crate::engine;
use crate::error::Location;
use crate::rules::Rulebook;

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
    for topic in &book.topics {
        if only.is_some_and(|t| t != topic.id) {
            continue;
        }
        for case in &topic.cases {
            let assessment = engine::evaluate(book, &case.given);
            let Some(d) = assessment.decisions.iter().find(|d| d.topic == topic.id) else {
                continue;
            };
            let mut problems = Vec::new();
            if d.choice != case.expect {
                let why: Vec<String> = d
                    .rationale
                    .iter()
                    .take(3)
                    .map(|r| format!("{} ({:+})", r.text, r.weight))
                    .collect();
                let scores: Vec<String> = std::iter::once(format!("{}={}", d.choice, d.score))
                    .chain(
                        d.alternatives
                            .iter()
                            .map(|a| format!("{}={}", a.option, a.score)),
                    )
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
                match d.details.iter().find(|x| x.name == *name) {
                    Some(x) if x.value.to_lowercase().contains(&want.to_lowercase()) => {}
                    Some(x) => problems.push(format!(
                        "detail `{name}`: expected it to contain `{want}`, got `{}`",
                        x.value
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
        for o in &topic.options {
            let reached = topic
                .cases
                .iter()
                .any(|c| c.expect == o.id || c.also.contains(&o.id));
            let excused = topic.unreachable.iter().any(|(id, _)| *id == o.id);
            if !reached && !excused {
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
