//! The comparison of two requirements files: the fields that changed, the
//! decisions that moved (with the reason for the new choice and the field
//! changes that alone move it), tensions and lint findings that appear or
//! clear, and the figures that move. Assessments are compared as JSON values:
//! decisions by `topic`, tensions by `id`, and every figure list of the
//! assessment (objects with a `fact` or `id`: their `value` and other numbers,
//! such as the capacity plan's `now` and `in_3y`) by its key.

use super::Side;
use crate::error::{Error, Result};
use crate::requirements::Requirements;
use crate::rules::Rulebook;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub old: String,
    pub new: String,
    /// False when OLD is a file the change adds (missing at the revision).
    pub old_exists: bool,
    pub requirements: Vec<FieldChange>,
    pub decisions: Vec<DecisionChange>,
    pub tensions: Changes<Tension>,
    pub findings: Changes<Finding>,
    pub figures: Vec<FigureChange>,
}

#[derive(Debug, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct DecisionChange {
    pub topic: String,
    pub title: String,
    pub from: String,
    pub from_name: String,
    pub to: String,
    pub to_name: String,
    /// The strongest reason for the new choice.
    pub because: Option<String>,
    pub source: Option<Value>,
    /// Requirement fields whose change alone moves this decision.
    pub caused_by: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Changes<T> {
    pub added: Vec<T>,
    pub cleared: Vec<T>,
}

impl<T> Changes<T> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.cleared.is_empty()
    }
}

#[derive(Debug, Serialize, PartialEq, Clone)]
pub struct Tension {
    pub id: String,
    pub severity: String,
    pub topics: Vec<String>,
    pub message: String,
}

#[derive(Debug, Serialize, PartialEq, Clone)]
pub struct Finding {
    pub id: String,
    pub severity: String,
    pub field: Option<String>,
    pub message: String,
    /// `file:line:column` in the side it belongs to.
    pub at: String,
}

#[derive(Debug, Serialize)]
pub struct FigureChange {
    /// The list it comes from (`derived`, or a later list of the assessment) and its key.
    pub key: String,
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub before_value: Option<f64>,
    pub after_value: Option<f64>,
}

impl Report {
    /// Whether the change moves nothing a reviewer would look at.
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty()
            && self.tensions.is_empty()
            && self.findings.is_empty()
            && self.figures.is_empty()
            && self.requirements.is_empty()
    }
}

/// A side as parsed: the document as JSON (for field changes) and as requirements.
struct Parsed {
    doc: Value,
    req: Requirements,
}

fn parse(side: &Side) -> Result<Parsed> {
    if !side.exists || side.text.trim().is_empty() {
        return Ok(Parsed {
            doc: Value::Object(Map::new()),
            req: Requirements::default(),
        });
    }
    let req = crate::requirements::parse_requirements_str(&side.label, &side.text)?;
    let index = crate::yaml::Index::build(&side.label, &side.text)?;
    Ok(Parsed {
        doc: index.value,
        req,
    })
}

/// The assessment as JSON, the form the comparison reads.
fn assess(book: &Rulebook, req: &Requirements) -> Value {
    serde_json::to_value(crate::engine::evaluate(book, req)).unwrap_or(Value::Null)
}

pub fn compare(book: &Rulebook, old: &Side, new: &Side, today: i64) -> Result<Report> {
    let before = parse(old).map_err(|e| side_error(e, "OLD"))?;
    let after = parse(new).map_err(|e| side_error(e, "NEW"))?;
    let requirements = field_changes(&before.doc, &after.doc);
    let a = assess(book, &before.req);
    let b = assess(book, &after.req);
    let decisions = decision_changes(book, &a, &b, &before.doc, &requirements);
    let tensions = changes(&tensions(&a), &tensions(&b));
    let findings = changes(&findings(book, old, today), &findings(book, new, today));
    Ok(Report {
        version: 1,
        old: old.label.clone(),
        new: new.label.clone(),
        old_exists: old.exists,
        requirements,
        decisions,
        tensions,
        findings,
        figures: figure_changes(book, &a, &b),
    })
}

fn side_error(mut e: Error, which: &str) -> Error {
    e.message = format!("{which}: {}", e.message);
    e
}

/// Leaf values by dotted path; lists and scalars are leaves.
fn flatten(v: &Value, path: &str, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten(child, &p, out);
            }
        }
        Value::Null => {}
        other => {
            out.insert(path.to_string(), other.clone());
        }
    }
}

fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    flatten(old, "", &mut a);
    flatten(new, "", &mut b);
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| FieldChange {
            field: k.clone(),
            before: a.get(k).cloned(),
            after: b.get(k).cloned(),
        })
        .collect()
}

/// `old` with one field set to its new value (or removed).
fn with_change(old: &Value, change: &FieldChange) -> Value {
    let mut doc = old.clone();
    let parts: Vec<&str> = change.field.split('.').collect();
    let mut node = &mut doc;
    for p in &parts[..parts.len() - 1] {
        if !node.get(*p).is_some_and(Value::is_object) {
            node[*p] = Value::Object(Map::new());
        }
        node = &mut node[*p];
    }
    let last = parts[parts.len() - 1];
    match (&change.after, node.as_object_mut()) {
        (Some(v), Some(map)) => {
            map.insert(last.to_string(), v.clone());
        }
        (None, Some(map)) => {
            map.remove(last);
        }
        _ => {}
    }
    doc
}

/// Each topic's choice, from an assessment.
fn choices(a: &Value) -> BTreeMap<String, &Value> {
    a["decisions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| Some((d["topic"].as_str()?.to_string(), d)))
        .collect()
}

fn decision_changes(
    book: &Rulebook,
    a: &Value,
    b: &Value,
    old_doc: &Value,
    fields: &[FieldChange],
) -> Vec<DecisionChange> {
    let (before, after) = (choices(a), choices(b));
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut moved: Vec<DecisionChange> = Vec::new();
    for (topic, d) in &after {
        let Some(old) = before.get(topic) else {
            continue;
        };
        if old["choice"] == d["choice"] {
            continue;
        }
        let reason = d["rationale"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["option"] == d["choice"]);
        moved.push(DecisionChange {
            topic: topic.clone(),
            title: text(&d["title"]),
            from: text(&old["choice"]),
            from_name: text(&old["choice_name"]),
            to: text(&d["choice"]),
            to_name: text(&d["choice_name"]),
            because: reason.map(|r| text(&r["text"])),
            source: reason.map(|r| r["source"].clone()),
            caused_by: Vec::new(),
        });
    }
    if moved.is_empty() {
        return moved;
    }
    // Which single field change, applied to OLD alone, moves each decision.
    for change in fields {
        let doc = with_change(old_doc, change);
        let Ok(req) = serde_json::from_value::<Requirements>(doc) else {
            continue;
        };
        let (mut facts, _) = crate::engine::facts_only(book, &req);
        let outcomes = crate::engine::decide(book, &mut facts);
        for m in &mut moved {
            let chosen = book
                .topics
                .iter()
                .position(|t| t.id == m.topic)
                .and_then(|i| Some(&book.topics[i].options[outcomes.get(i)?.as_ref()?.choice]));
            if chosen.is_some_and(|o| o.id == m.to) {
                m.caused_by.push(change.field.clone());
            }
        }
    }
    moved
}

fn tensions(a: &Value) -> Vec<Tension> {
    a["tensions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| Tension {
            id: t["id"].as_str().unwrap_or_default().into(),
            severity: t["severity"].as_str().unwrap_or_default().into(),
            topics: t["topics"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            message: t["message"].as_str().unwrap_or_default().into(),
        })
        .collect()
}

fn findings(book: &Rulebook, side: &Side, today: i64) -> Vec<Finding> {
    if !side.exists {
        return Vec::new();
    }
    crate::lint::check(book, &side.label, side.text.clone().into_bytes(), today)
        .into_iter()
        .filter(|d| d.accepted.is_none())
        .map(|d| Finding {
            at: format!("{}:{}:{}", d.file, d.span.line, d.span.column),
            id: d.id,
            severity: d.severity.as_str().into(),
            field: d.field,
            message: d.message,
        })
        .collect()
}

/// Items of `b` not in `a` (added) and of `a` not in `b` (cleared), compared
/// without their place in the file.
fn changes<T: Clone + Keyed>(a: &[T], b: &[T]) -> Changes<T> {
    let mut left: Vec<String> = a.iter().map(Keyed::key).collect();
    let mut added = Vec::new();
    for item in b {
        match left.iter().position(|k| *k == item.key()) {
            Some(i) => {
                left.remove(i);
            }
            None => added.push(item.clone()),
        }
    }
    let mut right: Vec<String> = b.iter().map(Keyed::key).collect();
    let mut cleared = Vec::new();
    for item in a {
        match right.iter().position(|k| *k == item.key()) {
            Some(i) => {
                right.remove(i);
            }
            None => cleared.push(item.clone()),
        }
    }
    Changes { added, cleared }
}

trait Keyed {
    fn key(&self) -> String;
}

impl Keyed for Tension {
    fn key(&self) -> String {
        format!("{}\0{}", self.id, self.message)
    }
}

impl Keyed for Finding {
    fn key(&self) -> String {
        format!("{}\0{:?}\0{}", self.id, self.field, self.message)
    }
}

/// A figure of the assessment: its label, value, and the unit to show it in.
struct Figure {
    label: String,
    value: Value,
    unit: Option<String>,
}

/// `in_3y` -> `in 3 years`, `peak_now` -> `peak now`.
fn words(field: &str) -> String {
    field
        .split('_')
        .map(|w| match w.strip_suffix('y') {
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{n} years")
            }
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every figure of an assessment: in each top-level list of objects that carry a
/// `fact` or `id`, the `value` and every other number of each object
/// (`derived/derived.reads_per_sec`, `capacity/app-instances/in_3y`).
fn figures(a: &Value) -> BTreeMap<String, Figure> {
    let mut out = BTreeMap::new();
    for (list, items) in a.as_object().into_iter().flatten() {
        if matches!(list.as_str(), "decisions" | "tensions" | "defaulted") {
            continue;
        }
        for item in items.as_array().into_iter().flatten() {
            let Some(id) = item
                .get("fact")
                .or_else(|| item.get("id"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let label = item.get("label").and_then(Value::as_str).unwrap_or(id);
            let unit = item.get("unit").and_then(Value::as_str).map(str::to_string);
            for (field, value) in item.as_object().into_iter().flatten() {
                let (key, label) = match field.as_str() {
                    "value" => (format!("{list}/{id}"), label.to_string()),
                    _ if value.is_number() => (
                        format!("{list}/{id}/{field}"),
                        format!("{label}, {}", words(field)),
                    ),
                    _ => continue,
                };
                out.insert(
                    key,
                    Figure {
                        label,
                        value: value.clone(),
                        unit: unit.clone(),
                    },
                );
            }
        }
    }
    out
}

fn figure_changes(book: &Rulebook, a: &Value, b: &Value) -> Vec<FigureChange> {
    let (before, after) = (figures(a), figures(b));
    let shown = |key: &str, f: &Figure| -> String {
        let fact = key.split('/').nth(1).unwrap_or(key);
        let unit = f
            .unit
            .as_deref()
            .and_then(crate::quantity::Unit::from_format);
        match (crate::facts::FactValue::from_json(&f.value), unit) {
            (Some(crate::facts::FactValue::Num(n)), Some(unit)) => unit.show(n),
            (Some(fv), _) => crate::engine::describe::show(fact, &fv, &book.catalog),
            (None, _) => f.value.to_string(),
        }
    };
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (x, y) = (before.get(k), after.get(k));
            let (sx, sy) = (x.map(|f| shown(k, f)), y.map(|f| shown(k, f)));
            if sx == sy {
                return None;
            }
            Some(FigureChange {
                key: k.clone(),
                label: y.or(x).map(|f| f.label.clone()).unwrap_or_default(),
                before: sx,
                after: sy,
                before_value: x.and_then(|f| f.value.as_f64()),
                after_value: y.and_then(|f| f.value.as_f64()),
            })
        })
        .collect()
}
