//! Whole-rulebook checks: the bundled rules load cleanly, cover every topic the
//! product promises, and pass their own test cases.

use tradeoff::rules::Rulebook;

/// The topic ids promised to users (stable across every output).
const TOPICS: [&str; 21] = [
    "scaling",
    "service-state",
    "storage",
    "database",
    "indexing",
    "data-distribution",
    "architecture",
    "traffic-entry",
    "edge",
    "api-protocol",
    "communication",
    "realtime",
    "messaging",
    "caching",
    "rate-limiting",
    "resilience",
    "authentication",
    "authorization",
    "consistency",
    "service-discovery",
    "deployment",
];

fn book() -> Rulebook {
    match Rulebook::bundled_with_cases() {
        Ok(b) => b,
        Err(errors) => panic!(
            "bundled rules fail to load:\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

#[test]
fn every_promised_topic_has_a_rule_file() {
    let book = book();
    for id in TOPICS {
        assert!(book.topic(id).is_some(), "rules/{id}.yaml is missing");
    }
}

#[test]
fn bundled_cases_pass() {
    let book = book();
    let report = tradeoff::cases::run(&book, None);
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("{}: {} / {}: {}", f.location, f.topic, f.case, f.message))
        .collect();
    assert!(
        failures.is_empty(),
        "{} rule cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(report.passed >= 3 * TOPICS.len());
}

#[test]
fn every_option_and_condition_is_explained_and_sourced() {
    let book = book();
    for t in &book.topics {
        assert!(t.cases.len() >= 3, "{} has fewer than 3 cases", t.id);
        for o in &t.options {
            assert!(!o.summary.is_empty(), "{}/{} has no summary", t.id, o.id);
            assert!(
                !o.source.anchor.is_empty() || o.source.external,
                "{}/{} has no wiki source",
                t.id,
                o.id
            );
            for r in &o.conditions {
                assert!(
                    !r.because.is_empty() && (!r.source.anchor.is_empty() || r.source.external),
                    "{}/{}: condition without because/source",
                    t.id,
                    o.id
                );
            }
        }
        let with_conditions = t
            .options
            .iter()
            .filter(|o| !o.conditions.is_empty())
            .count();
        assert!(
            with_conditions >= t.options.len() - 1,
            "{}: options without conditions",
            t.id
        );
    }
}

#[test]
fn option_ids_are_unique_within_topics_and_ids_are_kebab_case() {
    let book = book();
    for t in &book.topics {
        let mut ids: Vec<&str> = t.options.iter().map(|o| o.id.as_str()).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(n, ids.len(), "{} has duplicate option ids", t.id);
    }
}

#[test]
fn a_broken_rule_folder_reports_file_line_and_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let original =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/caching.yaml"))
            .unwrap();
    let broken = original.replacen("fact: ", "fact: x", 1);
    std::fs::write(dir.path().join("caching.yaml"), broken).unwrap();
    let errors = Rulebook::with_overrides(dir.path()).unwrap_err();
    let e = &errors[0];
    let loc = e.location.as_ref().expect("located");
    assert!(loc.file.ends_with("caching.yaml") && loc.line > 0, "{e}");
    assert!(e.message.contains("unknown fact"), "{e}");
}

#[test]
fn the_small_internal_tool_gets_the_simple_design() {
    let book = book();
    let req = tradeoff::requirements::parse_requirements_str(
        "t",
        "scale: {users: 300, peak_rps: 5}\nteam: {engineers: 3}\n",
    )
    .unwrap();
    let a = tradeoff::engine::evaluate(&book, &req);
    let choice = |t: &str| {
        a.decisions
            .iter()
            .find(|d| d.topic == t)
            .unwrap()
            .choice
            .clone()
    };
    assert_eq!(choice("architecture"), "monolith");
    assert_eq!(choice("data-distribution"), "single");
    assert_ne!(choice("messaging"), "event-streaming");
    assert_eq!(choice("service-discovery"), "none");
}

#[test]
fn the_precompiled_fast_path_loads_every_bundled_file() {
    let sources = tradeoff::rules::bundled_sources();
    assert!(
        sources.iter().all(|s| s.json.is_some()),
        "a bundled rule file did not precompile to JSON"
    );
    if let Err(errors) = Rulebook::build(sources) {
        panic!("bundled rules fail on the JSON fast path: {}", errors[0]);
    }
}
