//! The committed JSON Schemas must match the code (run with UPDATE_SCHEMAS=1 to regenerate).

use tradeoff::cli::{schema, SchemaKind};

fn check(kind: SchemaKind, file: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(file);
    let fresh = schema(kind);
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "schemas/{file} is out of date with the code; run `UPDATE_SCHEMAS=1 cargo test --test schemas` and commit it"
    );
}

#[test]
fn requirements_schema_is_current() {
    check(SchemaKind::Requirements, "requirements.schema.json");
}

#[test]
fn rules_schema_is_current() {
    check(SchemaKind::Rules, "rules.schema.json");
}

#[test]
fn coherence_schema_is_current() {
    check(SchemaKind::Coherence, "coherence.schema.json");
}

#[test]
fn risk_schema_is_current() {
    check(SchemaKind::Risk, "risk.schema.json");
}

#[test]
fn lint_schema_is_current() {
    check(SchemaKind::Lint, "lint.schema.json");
}

#[test]
fn examples_validate_against_the_requirements_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&schema(SchemaKind::Requirements)).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        n += 1;
    }
    assert!(n >= 8, "expected at least 8 examples, found {n}");
}

#[test]
fn every_field_has_a_default_and_a_description() {
    let catalog = tradeoff::facts::requirements_catalog();
    let resolved = tradeoff::facts::resolve(&Default::default(), &catalog);
    for (name, spec) in &catalog {
        assert!(resolved.facts.contains_key(name), "{name} has no default");
        assert!(!spec.description.is_empty(), "{name} has no doc comment");
    }
}
