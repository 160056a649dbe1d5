//! The requirements schema read once per process into one record per schema node
//! that validation visits: checking a document looks nothing up in the schema's JSON.

use crate::quantity::Unit;
use foldhash::HashMap;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// What validation needs of one schema node (after `$ref` and `Option` wrappers).
#[derive(Clone)]
pub struct Node {
    /// The field may be left empty (`security:` left blank, `name: ~`).
    pub nullable: bool,
    /// A quantity in this unit (number or text such as `5k/s`).
    pub unit: Option<Unit>,
    /// The allowed JSON types.
    pub types: Vec<&'static str>,
    /// A closed set of text values.
    pub allowed: Option<Vec<&'static str>>,
    pub props: Option<&'static Map<String, Value>>,
    /// `additionalProperties` as written.
    pub extra: Option<&'static Value>,
    pub required: Vec<&'static str>,
    pub items: Option<&'static Value>,
    pub max_len: Option<u64>,
    /// Text that must not be empty or blank.
    pub blank_banned: bool,
    /// Text that must be a calendar date.
    pub date: bool,
    /// A quantity's description and bounds.
    pub expects: &'static str,
    pub min: f64,
    pub max: f64,
}

fn schema() -> &'static Value {
    crate::requirements::schema::cached()
}

/// `$ref` targets by their reference string (`#/$defs/Scale`).
fn defs() -> &'static HashMap<String, &'static Value> {
    static CELL: OnceLock<HashMap<String, &'static Value>> = OnceLock::new();
    CELL.get_or_init(|| {
        schema()
            .get("$defs")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (format!("#/$defs/{k}"), v)).collect())
            .unwrap_or_default()
    })
}

/// The schema's pattern for text that must not be blank (`accept[].reason`).
const NOT_BLANK: &str = "[^ \\t\\r\\n]";

/// Follows `$ref` and looks through `anyOf [T, null]` (an `Option<T>`).
fn resolve(node: &'static Value) -> &'static Value {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        if let Some(t) = defs().get(r) {
            return resolve(t);
        }
    }
    if node.get("format").is_none() {
        if let Some(any) = node.get("anyOf").and_then(Value::as_array) {
            let mut non_null = any
                .iter()
                .filter(|v| v.get("type").and_then(Value::as_str) != Some("null"));
            if let (Some(one), None) = (non_null.next(), non_null.next()) {
                return resolve(one);
            }
        }
    }
    node
}

fn allowed(node: &'static Value) -> Option<Vec<&'static str>> {
    if let Some(e) = node.get("enum").and_then(Value::as_array) {
        return Some(e.iter().filter_map(Value::as_str).collect());
    }
    let one = node.get("oneOf").and_then(Value::as_array)?;
    let mut out = Vec::new();
    for v in one {
        if let Some(c) = v.get("const").and_then(Value::as_str) {
            out.push(c);
        }
        out.extend(
            v.get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        );
    }
    Some(out)
}

/// Whether the schema lets a field be empty: every optional field does; list items,
/// map values and required fields do not.
fn allows_null(node: &Value) -> bool {
    let typed = |n: &Value| match n.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(a)) => a.iter().any(|t| t == "null"),
        _ => false,
    };
    typed(node)
        || node
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(typed))
}

impl Node {
    fn of(raw: &'static Value) -> Node {
        let node = resolve(raw);
        let str_of = |k: &str| node.get(k).and_then(Value::as_str);
        let bounds = node.get("anyOf").and_then(|a| a.get(0));
        let bound = |k: &str| bounds.and_then(|b| b.get(k)).and_then(Value::as_f64);
        Node {
            nullable: allows_null(raw),
            unit: str_of("format").and_then(Unit::from_format),
            types: match node.get("type") {
                Some(Value::String(s)) => vec![s.as_str()],
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            },
            allowed: allowed(node),
            props: node.get("properties").and_then(Value::as_object),
            extra: node.get("additionalProperties"),
            required: node
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect(),
            items: node.get("items"),
            max_len: node.get("maxLength").and_then(Value::as_u64),
            blank_banned: node.get("minLength").and_then(Value::as_u64).is_some()
                || str_of("pattern") == Some(NOT_BLANK),
            date: str_of("format") == Some("date"),
            expects: str_of("description").unwrap_or("a number"),
            min: bound("minimum").unwrap_or(0.0),
            max: bound("maximum").unwrap_or(f64::INFINITY),
        }
    }

    /// The nodes validation reaches from this one.
    fn children(&self) -> impl Iterator<Item = &'static Value> {
        let props = self.props.into_iter().flat_map(|p| p.values());
        props.chain(self.extra).chain(self.items)
    }
}

/// Every node reachable from the schema's root, by address.
fn nodes() -> &'static HashMap<usize, Node> {
    static CELL: OnceLock<HashMap<usize, Node>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut out = HashMap::default();
        let mut todo = vec![schema()];
        while let Some(v) = todo.pop() {
            let key = std::ptr::from_ref(v) as usize;
            if out.contains_key(&key) {
                continue;
            }
            let node = Node::of(v);
            todo.extend(node.children());
            out.insert(key, node);
        }
        out
    })
}

/// The schema's root node.
pub fn root() -> &'static Value {
    schema()
}

/// The record of a node of the requirements schema (built on the spot for a value
/// that is not one, which validation never passes).
pub fn node(v: &'static Value) -> std::borrow::Cow<'static, Node> {
    match nodes().get(&(std::ptr::from_ref(v) as usize)) {
        Some(n) => std::borrow::Cow::Borrowed(n),
        None => std::borrow::Cow::Owned(Node::of(v)),
    }
}
