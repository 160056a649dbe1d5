//! The blind scenario suite (`tests/scenarios/*.yaml`): expectations written from each
//! scenario and its sources before the engine ran on it. This test runs the engine on
//! every scenario, prints the agreement and every disagreement, and fails below 95 %.
//! A `disputed:` entry (written after investigating a disagreement, with a source)
//! explains why an expectation was wrong; disputed expectations are reported apart and
//! do not count as agreements.

use serde::Deserialize;
use std::collections::BTreeMap;
use tradeoff::requirements::Requirements;
use tradeoff::rules::Rulebook;

#[derive(Deserialize)]
#[allow(dead_code)]
struct Scenario {
    scenario: String,
    source: String,
    written: String,
    requirements: serde_json::Value,
    #[serde(default)]
    expect: BTreeMap<String, Expect>,
    /// Component name -> topic id -> expectation, checked against that component's
    /// decisions (disputes keyed `component/topic`).
    #[serde(default)]
    expect_components: BTreeMap<String, BTreeMap<String, Expect>>,
    #[serde(default)]
    disputed: BTreeMap<String, Dispute>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Expect {
    choice: Option<String>,
    any_of: Option<Vec<String>>,
    not: Option<Vec<String>>,
    because: String,
    source: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Dispute {
    why: String,
    source: String,
    #[serde(default)]
    accept: Option<String>,
    #[serde(default)]
    by: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

impl Expect {
    fn holds(&self, choice: &str) -> bool {
        if let Some(c) = &self.choice {
            return c == choice;
        }
        if let Some(any) = &self.any_of {
            return any.iter().any(|a| a == choice);
        }
        if let Some(not) = &self.not {
            return !not.iter().any(|a| a == choice);
        }
        false
    }

    fn text(&self) -> String {
        if let Some(c) = &self.choice {
            c.clone()
        } else if let Some(a) = &self.any_of {
            format!("any of [{}]", a.join(", "))
        } else if let Some(n) = &self.not {
            format!("not [{}]", n.join(", "))
        } else {
            "(nothing)".into()
        }
    }
}

#[test]
fn blind_scenarios_agree_with_the_engine() {
    let book = Rulebook::bundled().expect("bundled rules load");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/scenarios exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 30,
        "at least 30 scenarios, found {}",
        paths.len()
    );
    let (mut total, mut agreed, mut disputed) = (0usize, 0usize, 0usize);
    let mut report = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap();
        let s: Scenario =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let req: Requirements = match serde_json::from_value(s.requirements.clone()) {
            Ok(r) => r,
            Err(e) => {
                // Counted as disagreements: the format cannot say what the scenario needs.
                total +=
                    s.expect.len() + s.expect_components.values().map(|m| m.len()).sum::<usize>();
                report.push(format!("  UNREADABLE {name}: {e}"));
                continue;
            }
        };
        let a = tradeoff::engine::evaluate(&book, &req);
        // (key for disputes, decisions it is checked against, expectations)
        let mut checks: Vec<(String, &[tradeoff::engine::Decision], &Expect, String)> = Vec::new();
        for (topic, e) in &s.expect {
            checks.push((topic.clone(), &a.decisions, e, topic.clone()));
        }
        for (component, expects) in &s.expect_components {
            let c = a
                .components
                .iter()
                .find(|c| &c.name == component)
                .unwrap_or_else(|| panic!("{name}: no component {component} in the assessment"));
            for (topic, e) in expects {
                checks.push((
                    format!("{component}/{topic}"),
                    &c.decisions,
                    e,
                    topic.clone(),
                ));
            }
        }
        for (key, decisions, e, topic) in checks {
            let d = decisions
                .iter()
                .find(|d| d.topic == topic)
                .unwrap_or_else(|| panic!("{name}: topic {key} is not decided there"));
            total += 1;
            // Index types and resilience patterns are advised as a set applied together:
            // an expected option counts when it is in the design.
            let set_topic = matches!(topic.as_str(), "indexing" | "resilience");
            let holds = e.holds(&d.choice)
                || (set_topic && e.not.is_none() && d.also.iter().any(|x| e.holds(x)));
            if holds {
                agreed += 1;
            } else if let Some(x) = s.disputed.get(&key) {
                disputed += 1;
                report.push(format!(
                    "  disputed {name} {key}: expected {}, engine {} — {} ({})",
                    e.text(),
                    d.choice,
                    x.why.trim(),
                    x.source.trim()
                ));
            } else {
                report.push(format!(
                    "  DISAGREE {name} {key}: expected {}, engine {} [{}] — {}",
                    e.text(),
                    d.choice,
                    d.confidence.level,
                    e.because.trim()
                ));
            }
        }
    }
    let share = agreed as f64 / total as f64 * 100.0;
    eprintln!(
        "blind scenarios: {agreed} of {total} expectations agree ({share:.1} %), {disputed} disputed, over {} scenarios",
        paths.len()
    );
    for line in &report {
        eprintln!("{line}");
    }
    assert!(
        share >= 95.0,
        "agreement {share:.1} % is below 95 %; see the disagreements above"
    );
}
