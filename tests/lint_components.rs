//! `tradeoff lint` on `components:`: names, shares, silent parts, contradictions inside
//! a part, and declared decisions per part, each located at its line and column.

use tradeoff::lint::diagnostic::Diagnostic;
use tradeoff::rules::model::Severity;
use tradeoff::rules::Rulebook;

fn lint(text: &str) -> Vec<Diagnostic> {
    let book = Rulebook::bundled().unwrap();
    tradeoff::lint::check(&book, "t.yaml", text.as_bytes().to_vec(), 0)
}

/// The one finding with `id`, which must exist exactly once.
fn one<'a>(diags: &'a [Diagnostic], id: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.id == id).collect();
    assert_eq!(found.len(), 1, "{id} in {diags:#?}");
    found[0]
}

fn none(diags: &[Diagnostic], id: &str) {
    assert!(!diags.iter().any(|d| d.id == id), "{id} in {diags:#?}");
}

const BASE: &str =
    "scale: {peak_rps: 1000}\ndata: {size: 100GB, shape: relational, transactions: true}\n";

#[test]
fn an_unknown_field_in_a_component_is_located_at_its_line() {
    let d = lint(&format!(
        "{BASE}components:\n  - name: cart\n    data: {{shape: key-value}}\n    colour: red\n"
    ));
    let u = one(&d, "unknown-field");
    assert_eq!((u.span.line, u.span.column), (6, 5));
    assert_eq!(u.field.as_deref(), Some("components[0].colour"));
}

#[test]
fn duplicate_component_names_are_errors() {
    let text = format!(
        "{BASE}components:\n  - {{name: cart, data: {{shape: key-value}}}}\n  - {{name: cart, data: {{shape: document}}}}\n"
    );
    let d = lint(&text);
    let dup = one(&d, "duplicate-component");
    assert_eq!(dup.severity, Severity::Error);
    assert_eq!(dup.span.line, 5);
    assert!(dup.message.contains("first on line 4"), "{}", dup.message);
}

#[test]
fn shares_over_100_are_errors_and_short_shares_warnings() {
    let over = lint(&format!(
        "{BASE}components:\n  - {{name: a, share: 80%, data: {{shape: key-value}}}}\n  - {{name: b, share: 40%, data: {{shape: document}}}}\n"
    ));
    let o = one(&over, "component-shares-over-100");
    assert_eq!(o.severity, Severity::Error);
    assert_eq!(o.span.line, 5);
    none(&over, "component-shares-under-100");
    let short = lint(&format!(
        "{BASE}components:\n  - {{name: a, share: 60%, data: {{shape: key-value}}}}\n  - {{name: b, share: 20%, data: {{shape: document}}}}\n"
    ));
    let s = one(&short, "component-shares-under-100");
    assert_eq!(s.severity, Severity::Warning);
    // A part without a share takes the rest: nothing is left over.
    let open = lint(&format!(
        "{BASE}components:\n  - {{name: a, share: 60%, data: {{shape: key-value}}}}\n  - {{name: b, data: {{shape: document}}}}\n"
    ));
    none(&open, "component-shares-under-100");
    none(&open, "component-shares-over-100");
}

#[test]
fn a_component_that_restates_the_system_says_nothing() {
    let d = lint(&format!(
        "{BASE}components:\n  - name: same\n    data: {{shape: relational}}\n  - name: cart\n    data: {{shape: key-value}}\n"
    ));
    let s = one(&d, "component-says-nothing");
    assert_eq!(s.severity, Severity::Info);
    assert_eq!(s.span.line, 4);
    assert!(s.message.contains("`same`"));
}

#[test]
fn contradictions_inside_a_component_are_located_in_it() {
    // The part's own shape (blobs) contradicts the system's transactions.
    let d = lint(&format!(
        "{BASE}components:\n  - name: media\n    data: {{shape: blobs, transactions: true}}\n"
    ));
    let c = one(&d, "transactions-on-blob-data");
    assert_eq!(c.span.line, 5, "{c:#?}");
    assert!(c.message.starts_with("in component `media`"));
    // A system contradiction is not repeated for a part that does not restate it.
    let sys = lint(
        "data: {shape: blobs, transactions: true}\ncomponents:\n  - name: cart\n    traffic: {read_percent: 50%}\n",
    );
    one(&sys, "transactions-on-blob-data");
}

#[test]
fn a_contradiction_half_from_the_system_is_located_at_the_parts_own_field() {
    // The system requires transactions; the part's own shape makes them a contradiction,
    // so the finding points at the part's field.
    let d = lint(&format!(
        "{BASE}components:\n  - name: media\n    data: {{shape: blobs}}\n"
    ));
    let c = one(&d, "transactions-on-blob-data");
    assert_eq!(c.span.line, 5, "{c:#?}");
    assert_eq!(c.field.as_deref(), Some("components[0].data.shape"));
    assert!(c.message.contains("`media`"));
}

#[test]
fn component_decisions_drift_against_the_part_not_the_system() {
    let text = format!(
        "{BASE}components:\n  - name: cart\n    data: {{shape: key-value, transactions: false, queries: [key-lookup]}}\n    decisions:\n      database: graph\n"
    );
    let d = lint(&text);
    let drift = one(&d, "decision-drift");
    assert_eq!(drift.span.line, 7);
    assert_eq!(
        drift.field.as_deref(),
        Some("components[0].decisions.database")
    );
    assert!(drift.message.contains("component `cart`"));
    // The engine's own choice for the part does not drift.
    let book = Rulebook::bundled().unwrap();
    let req = tradeoff::requirements::parse_requirements_str("t.yaml", &text).unwrap();
    let a = tradeoff::engine::evaluate(&book, &req);
    let chosen = a.components[0]
        .decisions
        .iter()
        .find(|x| x.topic == "database")
        .unwrap()
        .choice
        .clone();
    let fixed = lint(&text.replace("database: graph", &format!("database: {chosen}")));
    none(&fixed, "decision-drift");
}

#[test]
fn decisions_at_the_wrong_level_are_warned() {
    let d = lint(&format!(
        "{BASE}decisions:\n  database: sql\ncomponents:\n  - name: cart\n    data: {{shape: key-value}}\n    decisions:\n      architecture: monolith\n      cachng: cache-aside\n"
    ));
    let top = one(&d, "decision-per-component");
    assert_eq!((top.span.line, top.severity), (4, Severity::Warning));
    let inner = one(&d, "system-decision-in-component");
    assert_eq!(inner.span.line, 9);
    let unknown = one(&d, "unknown-decision");
    assert_eq!(unknown.span.line, 10);
    // The top-level per-component declaration is not compared with the system.
    none(&d, "decision-drift");
}

#[test]
fn the_ecommerce_example_is_clean_of_component_findings() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ecommerce.yaml"
    ))
    .unwrap();
    let d = lint(&text);
    for id in [
        "duplicate-component",
        "component-shares-over-100",
        "component-shares-under-100",
        "component-says-nothing",
        "decision-per-component",
        "system-decision-in-component",
    ] {
        none(&d, id);
    }
}
