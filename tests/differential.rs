//! The editor schema and `lint` must agree: generated documents (mutated copies
//! of the examples) are judged three ways — by the committed
//! `schemas/requirements.schema.json` through the `jsonschema` crate (formats
//! on, as check-jsonschema does), by `lint`'s schema checks, and by the typed
//! reader that `advise` uses — and every verdict must be the same.
//! DIFF_CASES sets the count (default 2,000), DIFF_SEED the seed.

use serde_json::{json, Value};
use std::io::Write;
use tradeoff::lint::diagnostic::Diagnostic;
use tradeoff::requirements::Requirements;
use tradeoff::rules::model::Severity;
use tradeoff::rules::Rulebook;

mod common;
use common::Rng;

const SCHEMA_IDS: [&str; 3] = ["unknown-field", "invalid-type", "invalid-value"];

/// Text people write in quantity fields, right and wrong.
const QUANTITY_TEXT: &[&str] = &[
    "150%",
    "100%",
    "100.0%",
    "100.01%",
    "99.95%",
    "0.9995",
    "0.5%",
    "80",
    "80 %",
    "007%",
    "9,9%",
    "10M",
    "10 M",
    "10m",
    ".5",
    "5.",
    ".5s",
    "5.s",
    "5M",
    "5m",
    "5min",
    "5 MIN",
    "200ms",
    "2s",
    "1h",
    "3d",
    "2 weeks",
    "3TB",
    "10GiB",
    "10 gib",
    "1,000",
    "2_000",
    "2,,000",
    ",5",
    "1e6",
    "-5",
    "+5",
    "",
    " ",
    "\t",
    "12 parsecs",
    "1.5k",
    "2B",
    "2bn",
    "3 billion",
    "1,5k",
    "1000000000000000",
    "1,000,000B",
    "1,000,001B",
    "999999999999999999999",
    "1.2.3",
    "µs",
    "3µs",
    "5 k",
    "200%",
    "10000%",
    "10001%",
    "1e15",
];

const DATES: &[&str] = &[
    "2027-01-31",
    "2027-13-45",
    "2027-02-29",
    "2028-02-29",
    "2027-1-5",
    " 2027-01-31",
    "2027-04-31",
    "27-01-31",
    "soon",
];

const REASONS: &[&str] = &["pilot", "", " ", "\t", "  \n", "ok ", "·"];

fn numbers() -> Vec<Value> {
    [
        -1.0, 0.0, 0.5, 0.9995, 1.0, 5.0, 99.95, 100.0, 100.5, 150.0, 250.0, 10_000.0, 10_001.0,
        1e13, 1e15, 1.5e15, 1e21, 1e22,
    ]
    .iter()
    .map(|n| json!(n))
    .chain([json!(3), json!(-7), json!(1_000_000)])
    .collect()
}

/// Every field path the schema declares (`scale.users`), with its schema node.
fn fields(schema: &Value) -> Vec<(String, Value)> {
    let resolve = |node: &Value| -> Value {
        let reference = node.get("$ref").or_else(|| {
            node.get("anyOf")?
                .as_array()?
                .iter()
                .find_map(|v| v.get("$ref"))
        });
        match reference.and_then(Value::as_str) {
            Some(r) => schema
                .pointer(&r.replace('#', ""))
                .cloned()
                .unwrap_or(Value::Null),
            None => node.clone(),
        }
    };
    let mut out = Vec::new();
    for (section, node) in schema["properties"].as_object().unwrap() {
        out.push((section.clone(), node.clone()));
        let def = resolve(node);
        for (field, f) in def["properties"].as_object().into_iter().flatten() {
            out.push((format!("{section}.{field}"), resolve(f)));
        }
    }
    out
}

/// Allowed values of an enum node, plus a near miss.
fn enum_values(node: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = node["enum"].as_array().cloned().unwrap_or_default();
    for v in node["oneOf"].as_array().into_iter().flatten() {
        out.extend(v.get("const").cloned());
    }
    if let Some(first) = out.first().and_then(Value::as_str).map(str::to_string) {
        let typo = format!("{}x", &first[..first.len() - 1]);
        out.push(json!(typo));
        out.push(json!(first.to_uppercase()));
    }
    out
}

/// A value the field accepts, as people write it.
fn valid_value(rng: &mut Rng, node: &Value) -> Option<Value> {
    let by_unit: &[&str] = match node.get("format").and_then(Value::as_str)? {
        "count" => &["250", "1.5k", "10M", "2,000", "3 billion", ".5k"],
        "bytes" => &["500GB", "3 TB", "10GiB", "1_000", "5.MB"],
        "percent" => &["80%", "99.95%", "100 %", "0.5%", "42", ".5%"],
        "duration-ms" => &["200ms", "2s", "5min", "5m", "1.5 h", ".5s"],
        _ => return None,
    };
    Some(json!(*rng.pick(by_unit)))
}

fn random_value(rng: &mut Rng, node: &Value) -> Value {
    if rng.below(3) == 0 {
        let enums: Vec<Value> = enum_values(node).into_iter().take(2).collect();
        if let Some(v) = valid_value(rng, node) {
            return v;
        }
        if !enums.is_empty() {
            return rng.pick(&enums).clone();
        }
        if node["type"]
            .as_array()
            .is_some_and(|t| t.contains(&json!("boolean")))
        {
            return json!(rng.below(2) == 0);
        }
    }
    let mut pool: Vec<Value> = vec![
        Value::Null,
        json!(true),
        json!("text"),
        json!([]),
        json!({}),
    ];
    pool.extend(numbers());
    pool.extend(QUANTITY_TEXT.iter().map(|s| json!(s)));
    let enums = enum_values(node);
    let items = node.get("items").map(enum_values).unwrap_or_default();
    for _ in 0..3 {
        pool.extend(enums.iter().cloned());
    }
    if !items.is_empty() {
        for _ in 0..3 {
            let a = rng.pick(&items).clone();
            let b = rng.pick(&items).clone();
            pool.push(json!([a, b]));
        }
        pool.push(json!([null]));
        pool.push(json!([1]));
    }
    rng.pick(&pool).clone()
}

fn set(doc: &mut Value, path: &str, v: Value) {
    let mut node = doc;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        if !node.get(*p).is_some_and(Value::is_object) {
            node[*p] = json!({});
        }
        node = node.get_mut(*p).unwrap();
    }
    node[parts[parts.len() - 1]] = v;
}

fn acceptance(rng: &mut Rng) -> Value {
    let mut a = json!({"id": *rng.pick(&["decision-drift", "architecture", "unknown-field"])});
    match rng.below(4) {
        0 => {}
        1 => a["reason"] = Value::Null,
        _ => a["reason"] = json!(*rng.pick(REASONS)),
    }
    match rng.below(4) {
        0 => {}
        1 => a["expires"] = json!(*rng.pick(DATES)),
        2 => a["expires"] = rng.pick(&[Value::Null, json!(20270131)]).clone(),
        _ => a["owner"] = rng.pick(&[json!("alice"), Value::Null, json!(5)]).clone(),
    }
    a
}

fn mutate(rng: &mut Rng, doc: &mut Value, fields: &[(String, Value)]) {
    for _ in 0..1 + rng.below(2) {
        let (path, node) = rng.pick(fields).clone();
        match rng.below(10) {
            0 => set(doc, &path, Value::Null),
            1 => set(doc, &format!("{path}_x"), json!(1)),
            2 => {
                let list: Vec<Value> = (0..1 + rng.below(2)).map(|_| acceptance(rng)).collect();
                doc["accept"] = json!(list);
            }
            3 => {
                let v = rng
                    .pick(&[json!("monolith"), json!(3), Value::Null, json!("x")])
                    .clone();
                doc["decisions"] = json!({"architecture": v});
            }
            _ => {
                let v = random_value(rng, &node);
                set(doc, &path, v);
            }
        }
    }
}

fn schema_errors(diags: &[Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .filter(|d| SCHEMA_IDS.contains(&d.id.as_str()) && d.severity == Severity::Error)
        .map(|d| format!("{} {:?}: {}", d.id, d.field, d.message))
        .collect()
}

#[test]
fn schema_lint_and_reader_agree_on_generated_documents() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(root.join("schemas/requirements.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let book = Rulebook::bundled().unwrap();
    let fields = fields(&schema);
    let mut examples = Vec::new();
    for entry in std::fs::read_dir(root.join("examples")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let index = tradeoff::yaml::Index::parse("example", &text).unwrap();
        examples.push(index.value);
    }
    examples.sort_by_key(|v| v.to_string());
    let cases: usize = std::env::var("DIFF_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let seed: u64 = std::env::var("DIFF_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1010);
    let mut rng = Rng(seed | 1);
    let mut disagreements = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for case in 0..cases {
        let mut doc = rng.pick(&examples).clone();
        mutate(&mut rng, &mut doc, &fields);
        // JSON is YAML 1.2: lint reads exactly this document.
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let index = tradeoff::yaml::Index::parse("gen.yaml", &text).unwrap();
        let by_schema = validator.is_valid(&index.value);
        let diags = tradeoff::lint::check(&book, "gen.yaml", text.clone().into_bytes(), 0);
        let lint = schema_errors(&diags);
        let reader = serde_json::from_value::<Requirements>(index.value.clone()).is_ok();
        if by_schema {
            valid += 1;
        } else {
            invalid += 1;
        }
        if by_schema != lint.is_empty() || by_schema != reader {
            let schema_says: Vec<String> = validator
                .iter_errors(&index.value)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            disagreements.push(format!(
                "case {case}: schema {by_schema} {schema_says:?}, lint {lint:?}, reader {reader}\n{text}"
            ));
        }
    }
    // Printed past the test harness's capture, so the figure shows in every run.
    let _ = writeln!(
        std::io::stderr(),
        "differential: {cases} documents ({valid} valid, {invalid} invalid by the schema), {} disagreements",
        disagreements.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} of {cases} documents judged differently; first:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    assert!(
        valid > cases / 10 && invalid > cases / 10,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn drafting_blank_sections_is_fine_everywhere() {
    let book = Rulebook::bundled().unwrap();
    let text = "name: ~\nsecurity:\nscale:\n  users: 10k\n  peak_rps:\n";
    let diags = tradeoff::lint::check(&book, "draft.yaml", text.as_bytes().to_vec(), 0);
    assert!(schema_errors(&diags).is_empty(), "{diags:#?}");
    tradeoff::requirements::parse_requirements_str("draft.yaml", text).unwrap();
}

#[test]
fn a_bad_quantity_says_what_is_allowed() {
    let book = Rulebook::bundled().unwrap();
    let diags = tradeoff::lint::check(
        &book,
        "q.yaml",
        b"latency: {p99: fast}\nscale: {users: [1]}\n".to_vec(),
        0,
    );
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("a number of milliseconds, or a string like 200ms")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("a number, or a string like 250, 1.5k")),
        "{messages:?}"
    );
    let e = tradeoff::requirements::parse_requirements_str("q.yaml", "latency: {p99: fast}\n")
        .unwrap_err();
    assert!(e.message.contains("a string like 200ms"), "{e}");
}
