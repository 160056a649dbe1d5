//! Facts: the flat, named values that rule conditions test.
//!
//! A requirements file becomes a map `scale.peak_rps -> 2000`, `data.shape ->
//! "relational"`, with defaults filled in and the defaulted paths remembered.
//! The catalog of known facts (name, kind, allowed values, unit) is read off the
//! generated JSON Schema, so a new requirements field is a new fact with no
//! registry to update. Derived figures (`derived.*`) and decisions of other
//! topics (`decision.*`, `design.*`) join the catalog elsewhere.

mod leaves;
mod resolve;

pub use resolve::{resolve, resolve_into, Defaulted, Resolved};

use crate::quantity::Unit;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// One fact's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FactValue {
    Num(f64),
    Bool(bool),
    Str(String),
    List(Vec<String>),
}

impl FactValue {
    pub fn as_num(&self) -> Option<f64> {
        match self {
            FactValue::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// Plain display; `unit` formats numbers.
    pub fn show(&self, unit: Option<Unit>) -> String {
        match self {
            FactValue::Num(n) => unit.unwrap_or(Unit::Count).show(*n),
            FactValue::Bool(b) => b.to_string(),
            FactValue::Str(s) => s.clone(),
            FactValue::List(l) if l.is_empty() => "none".into(),
            FactValue::List(l) => l.join(", "),
        }
    }

    /// A fact value from a JSON scalar or list of strings.
    pub fn from_json(v: &Value) -> Option<FactValue> {
        Some(match v {
            Value::Bool(b) => FactValue::Bool(*b),
            Value::Number(n) => FactValue::Num(n.as_f64()?),
            Value::String(s) => FactValue::Str(s.clone()),
            Value::Array(items) => FactValue::List(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
            ),
            _ => return None,
        })
    }
}

/// What kind of value a fact holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FactKind {
    Number {
        unit: Unit,
    },
    Bool,
    /// A string; `values` lists the allowed ones when the set is closed.
    Text {
        values: Option<Vec<String>>,
    },
    /// A list of strings; `values` lists the allowed items when the set is closed.
    List {
        values: Option<Vec<String>>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactSpec {
    pub name: String,
    #[serde(flatten)]
    pub kind: FactKind,
    pub description: String,
}

impl FactSpec {
    pub fn unit(&self) -> Option<Unit> {
        match self.kind {
            FactKind::Number { unit } => Some(unit),
            _ => None,
        }
    }

    /// Allowed values of a closed text or list fact.
    pub fn values(&self) -> Option<&[String]> {
        match &self.kind {
            FactKind::Text { values } | FactKind::List { values } => values.as_deref(),
            _ => None,
        }
    }
}

/// Facts by name, as resolved from requirements.
pub type FactMap = BTreeMap<String, FactValue>;
pub type Catalog = BTreeMap<String, FactSpec>;

/// Numbers for fact names, fixed when a rulebook loads, so the engine's working
/// set is a vector instead of a map of strings (it is copied for every flip-point
/// candidate).
#[derive(Debug, Default)]
pub struct FactIndex {
    pub names: Vec<String>,
    ids: foldhash::HashMap<String, usize>,
    /// The numbers of the fields with a static default, in the defaults table's order.
    defaults: Vec<Option<usize>>,
    /// Where the derived figures and their inputs live.
    pub slots: crate::derived::Slots,
}

impl FactIndex {
    pub fn new(catalog: &Catalog) -> FactIndex {
        let names: Vec<String> = catalog.keys().cloned().collect();
        let ids = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect::<foldhash::HashMap<String, usize>>();
        let slots = crate::derived::Slots::new(&|n| ids.get(n).copied());
        let defaults = resolve::table_with(Some(catalog)).ids(|n| ids.get(n).copied());
        FactIndex {
            names,
            ids,
            defaults,
            slots,
        }
    }

    pub fn id(&self, name: &str) -> Option<usize> {
        self.ids.get(name).copied()
    }
}

/// The engine's working set of facts, indexed by `FactIndex`.
#[derive(Clone, Debug)]
pub struct Facts {
    pub index: std::sync::Arc<FactIndex>,
    values: Vec<Option<FactValue>>,
}

impl Facts {
    pub fn new(index: std::sync::Arc<FactIndex>, map: &FactMap) -> Facts {
        let mut values = vec![None; index.names.len()];
        for (name, v) in map {
            if let Some(id) = index.id(name) {
                values[id] = Some(v.clone());
            }
        }
        Facts { index, values }
    }

    /// No fact set yet.
    pub fn empty(index: std::sync::Arc<FactIndex>) -> Facts {
        let values = vec![None; index.names.len()];
        Facts { index, values }
    }

    pub fn get(&self, name: &str) -> Option<&FactValue> {
        self.index.id(name).and_then(|i| self.values[i].as_ref())
    }

    pub fn at(&self, id: usize) -> Option<&FactValue> {
        self.values.get(id).and_then(Option::as_ref)
    }

    /// Sets a known fact; unknown names are ignored (the catalog is closed).
    pub fn set(&mut self, name: &str, value: FactValue) {
        if let Some(i) = self.index.id(name) {
            self.values[i] = Some(value);
        }
    }

    /// How many facts the catalog holds (ids run below it).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Sets fact `id` to its value in `other` (facts of the same catalog), unset included.
    pub fn copy_from(&mut self, other: &Facts, id: usize) {
        if let (Some(slot), Some(v)) = (self.values.get_mut(id), other.values.get(id)) {
            if slot != v {
                slot.clone_from(v);
            }
        }
    }

    pub fn set_at(&mut self, id: usize, value: FactValue) {
        if let Some(slot) = self.values.get_mut(id) {
            *slot = Some(value);
        }
    }
}

/// The requirements JSON Schema as published (generated from the types, with defaults
/// and an example; see `requirements::schema`).
pub fn requirements_schema() -> &'static Value {
    crate::requirements::schema::cached()
}

/// Every requirements fact, read off the published JSON Schema.
pub fn requirements_catalog() -> Catalog {
    catalog_of(requirements_schema())
}

/// Every requirements fact in a requirements JSON Schema.
pub fn catalog_of(schema: &Value) -> Catalog {
    let mut out = Catalog::new();
    walk(schema, schema, "", &mut out);
    out
}

fn resolve_ref<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        if let Some(target) = root.get("$defs").and_then(|d| d.get(name)) {
            return resolve_ref(root, target);
        }
    }
    // Option<T> is rendered as anyOf [T, null]; look through it.
    if let Some(any) = node.get("anyOf").and_then(Value::as_array) {
        let non_null: Vec<&Value> = any
            .iter()
            .filter(|v| v.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if non_null.len() == 1 && node.get("format").is_none() {
            return resolve_ref(root, non_null[0]);
        }
    }
    node
}

fn enum_values(root: &Value, node: &Value) -> Option<Vec<String>> {
    let node = resolve_ref(root, node);
    if let Some(values) = node.get("enum").and_then(Value::as_array) {
        return Some(
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
        );
    }
    let variants = node.get("oneOf").and_then(Value::as_array)?;
    let mut out = Vec::new();
    for v in variants {
        if let Some(c) = v.get("const").and_then(Value::as_str) {
            out.push(c.to_string());
        } else if let Some(e) = v.get("enum").and_then(Value::as_array) {
            out.extend(e.iter().filter_map(|x| x.as_str().map(str::to_string)));
        }
    }
    Some(out)
}

fn has_type(node: &Value, t: &str) -> bool {
    match node.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(t)),
        _ => false,
    }
}

fn walk(root: &Value, node: &Value, path: &str, out: &mut Catalog) {
    let description = node
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let target = resolve_ref(root, node);
    if let Some(props) = target.get("properties").and_then(Value::as_object) {
        for (k, child) in props {
            if path.is_empty() && resolve::NOT_FACTS.contains(&k.as_str()) {
                continue;
            }
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            walk(root, child, &p, out);
        }
        return;
    }
    let description = if description.is_empty() {
        target
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    } else {
        description
    };
    let kind = if let Some(unit) = target
        .get("format")
        .and_then(Value::as_str)
        .and_then(Unit::from_format)
    {
        FactKind::Number { unit }
    } else if has_type(target, "boolean") {
        FactKind::Bool
    } else if has_type(target, "array") {
        let values = target.get("items").and_then(|i| {
            let v = enum_values(root, i)?;
            (!v.is_empty()).then_some(v)
        });
        FactKind::List { values }
    } else if has_type(target, "number") || has_type(target, "integer") {
        FactKind::Number { unit: Unit::Count }
    } else {
        FactKind::Text {
            values: enum_values(root, target).filter(|v| !v.is_empty()),
        }
    };
    out.insert(
        path.to_string(),
        FactSpec {
            name: path.to_string(),
            kind,
            description,
        },
    );
}
