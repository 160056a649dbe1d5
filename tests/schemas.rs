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
fn config_schema_is_current() {
    check(SchemaKind::Config, "config.schema.json");
}

/// The config example in README.md parses, and validates against the config schema.
#[test]
fn the_documented_config_is_valid() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let start = readme.find("```toml\n").expect("a toml block in README.md") + 8;
    let text = &readme[start..start + readme[start..].find("```").unwrap()];
    tradeoff::config::parse("README.md", text).unwrap();
    let value: serde_json::Value = toml::from_str(text).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema(SchemaKind::Config)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&value), "{value}");
    assert!(!validator.is_valid(&serde_json::json!({"lint": {"fail_on": "error"}})));
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
    let resolved = tradeoff::facts::resolve(&Default::default());
    for (name, spec) in &catalog {
        assert!(resolved.facts.contains_key(name), "{name} has no default");
        assert!(!spec.description.is_empty(), "{name} has no doc comment");
    }
}

/// What editors show: an `$id`, a description for every allowed value, a default
/// for every field whose default is fixed, and examples.
#[test]
fn the_requirements_schema_is_what_editors_need() {
    let schema: serde_json::Value =
        serde_json::from_str(&schema(SchemaKind::Requirements)).unwrap();
    assert_eq!(schema["$id"], tradeoff::requirements::schema::id().as_str());
    assert!(schema["examples"].as_array().is_some_and(|e| !e.is_empty()));
    let mut values = 0;
    for (name, def) in schema["$defs"].as_object().unwrap() {
        assert!(
            def.get("enum").is_none(),
            "{name}: enum values without descriptions"
        );
        for v in def["oneOf"].as_array().into_iter().flatten() {
            assert!(
                v["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{name}: {} has no description",
                v["const"]
            );
            values += 1;
        }
        if def.get("format").is_some() {
            assert!(def["examples"].is_array(), "{name} has no examples");
            assert!(
                def["description"]
                    .as_str()
                    .unwrap()
                    .contains("a string like"),
                "{name}: say what is allowed"
            );
        }
    }
    assert!(values > 50, "{values}");
    assert_eq!(
        schema["$defs"]["Scale"]["properties"]["users"]["default"],
        "10,000"
    );
    assert_eq!(
        schema["$defs"]["Latency"]["properties"]["p99"]["default"],
        "500 ms"
    );
}

/// The facts are read off the published schema compiled into the binary; they must be
/// the ones the types define.
#[test]
fn facts_from_the_published_schema_are_the_types_facts() {
    let generated =
        serde_json::to_value(schemars::schema_for!(tradeoff::requirements::Requirements)).unwrap();
    assert_eq!(
        tradeoff::facts::catalog_of(&generated),
        tradeoff::facts::requirements_catalog()
    );
}
