//! Generated documentation must match the rule data (UPDATE_DOCS=1 regenerates).

fn check(file: &str, fresh: String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(file);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/{file} is out of date; run `UPDATE_DOCS=1 cargo test --test docs`"
    );
}

#[test]
fn lint_reference_is_current() {
    let book = tradeoff::rules::Rulebook::bundled().unwrap();
    check("lints.md", tradeoff::render::explain::lints_markdown(&book));
}

#[test]
fn fact_reference_is_current() {
    let book = tradeoff::rules::Rulebook::bundled().unwrap();
    check("facts.md", tradeoff::render::explain::facts_markdown(&book));
}

#[test]
fn every_builtin_lint_id_has_docs() {
    let book = tradeoff::rules::Rulebook::bundled().unwrap();
    let src = [
        "src/lint/check.rs",
        "src/lint/validate.rs",
        "src/lint/accept.rs",
        "src/lint/mod.rs",
        "src/lint/units.rs",
        "src/lint/components.rs",
        "src/yaml/index.rs",
    ]
    .iter()
    .map(|f| {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).unwrap()
    })
    .collect::<String>();
    for l in book.lints.iter().filter(|l| l.when.is_none()) {
        assert!(
            src.contains(&format!("\"{}\"", l.id)),
            "lint {} has docs but no code emits it",
            l.id
        );
    }
    // Every id the code emits has a doc file.
    for id in [
        "unreadable-file",
        "yaml-syntax",
        "duplicate-key",
        "unknown-field",
        "invalid-type",
        "invalid-value",
        "defaulted-input",
        "unknown-decision",
        "decision-drift",
        "unused-acceptance",
        "expired-acceptance",
        "suspicious-quantity",
    ] {
        assert!(book.lint(id).is_some(), "rules/lints/{id}.yaml is missing");
    }
}
