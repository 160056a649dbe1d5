//! Snapshots of `advise` for every bundled example, in text, Markdown and JSON,
//! plus the output contract: one explained decision per topic.

use tradeoff::engine::evaluate;
use tradeoff::render;
use tradeoff::rules::Rulebook;

fn examples() -> Vec<(String, tradeoff::requirements::Requirements)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let (_, req) = tradeoff::requirements::parse_requirements(&p).unwrap();
            (p.file_stem().unwrap().to_string_lossy().to_string(), req)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn advise_snapshots() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        let a = evaluate(&book, &req);
        insta::assert_snapshot!(format!("{name}.text"), render::text::render(&a));
        insta::assert_snapshot!(format!("{name}.markdown"), render::markdown::render(&a));
        insta::assert_snapshot!(format!("{name}.json"), render::json(&a));
    }
}

#[test]
fn every_example_gets_one_explained_decision_per_topic() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        let a = evaluate(&book, &req);
        let per_part = book.topics.iter().filter(|t| t.per_component).count();
        if a.components.is_empty() {
            assert_eq!(a.decisions.len(), book.topics.len(), "{name}");
        } else {
            assert_eq!(a.decisions.len(), book.topics.len() - per_part, "{name}");
        }
        for c in &a.components {
            assert_eq!(c.decisions.len(), per_part, "{name}/{}", c.name);
        }
        let parts = a.components.iter().flat_map(|c| &c.decisions);
        for d in a.decisions.iter().chain(parts) {
            assert!(!d.rationale.is_empty(), "{name}/{}: no rationale", d.topic);
            assert!(
                d.rationale.iter().all(|r| !r.source.section.is_empty()),
                "{name}/{}",
                d.topic
            );
            assert!(
                !d.alternatives.is_empty(),
                "{name}/{}: no alternatives",
                d.topic
            );
            assert!(
                d.alternatives.iter().all(|x| !x.why_not.is_empty()),
                "{name}/{}",
                d.topic
            );
        }
    }
}

#[test]
fn text_output_fits_80_columns() {
    let book = Rulebook::bundled().unwrap();
    for (name, req) in examples() {
        let text = render::text::render(&evaluate(&book, &req));
        for line in text.lines() {
            // A single word longer than the width cannot be wrapped; nothing else may overflow.
            if line.chars().count() > 80 {
                assert!(
                    !line.trim().contains(' '),
                    "{name}: line over 80 columns: {line}"
                );
            }
        }
    }
}

#[test]
fn evaluation_is_deterministic() {
    let book = Rulebook::bundled().unwrap();
    for (_, req) in examples() {
        assert_eq!(evaluate(&book, &req), evaluate(&book, &req));
    }
}

#[test]
fn examples_cover_every_topics_main_options() {
    let book = Rulebook::bundled().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for (_, req) in examples() {
        for d in evaluate(&book, &req).decisions {
            seen.insert(format!("{}/{}", d.topic, d.choice));
            for a in d.also {
                seen.insert(format!("{}/{a}", d.topic));
            }
        }
    }
    for t in &book.topics {
        let covered = t
            .options
            .iter()
            .filter(|o| seen.contains(&format!("{}/{}", t.id, o.id)))
            .count();
        assert!(
            covered >= 2.min(t.options.len()),
            "examples reach only {covered} options of {}",
            t.id
        );
    }
}
