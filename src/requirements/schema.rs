//! The published requirements schema (`schemas/requirements.schema.json`): the
//! schema generated from the types, plus what editors show and insert — an `$id`
//! to reference it by, a title, each field's `default` (from `defaults.rs`, in
//! the form people write) and an example document. `lint` validates with the
//! same document, so an editor and `lint` judge a file by one definition.

use super::{defaults, Requirements};
use crate::quantity::Unit;
use serde_json::{json, Value};
use std::sync::OnceLock;

/// Where the schema is published: the file in the repository, served raw.
pub fn id() -> String {
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    let raw = repo.replacen(
        "https://github.com/",
        "https://raw.githubusercontent.com/",
        1,
    );
    format!("{raw}/main/schemas/requirements.schema.json")
}

/// The schema as published.
pub fn document() -> Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(Requirements)).unwrap_or(Value::Null);
    let Some(root) = schema.as_object_mut() else {
        return schema;
    };
    root.insert("$id".into(), Value::String(id()));
    root.insert("title".into(), "tradeoff requirements".into());
    root.insert("examples".into(), json!([example()]));
    let defaults = serde_json::to_value(defaults()).unwrap_or(Value::Null);
    let snapshot = schema.clone();
    add_defaults(&mut schema, &snapshot, &defaults);
    schema
}

/// The published file, compiled in. The drift test (tests/schemas.rs) keeps it equal to
/// `document()`, so reading it is the same as generating it, without the cost at start.
const PUBLISHED: &str = include_str!("../../schemas/requirements.schema.json");

/// The published schema, parsed once (generated from the types if the compiled-in file
/// does not parse).
pub fn cached() -> &'static Value {
    static CELL: OnceLock<Value> = OnceLock::new();
    CELL.get_or_init(|| serde_json::from_str(PUBLISHED).unwrap_or_else(|_| document()))
}

fn example() -> Value {
    json!({
        "name": "shop",
        "scale": {"users": "900k", "peak_rps": "3k", "growth_per_year": "40%"},
        "traffic": {"read_percent": "92%", "burstiness": "spiky"},
        "data": {"size": "600GB", "shape": "relational", "transactions": true,
                 "queries": ["key-lookup", "joins", "full-text"]},
        "latency": {"p99": "250ms"},
        "availability": {"target": "99.95%", "planned_downtime": "none"}
    })
}

/// The `$defs` entry a property refers to (through `anyOf [ref, null]`).
fn target<'a>(root: &'a Value, node: &'a Value) -> Option<(&'a str, &'a Value)> {
    let reference = node.get("$ref").or_else(|| {
        node.get("anyOf")?
            .as_array()?
            .iter()
            .find_map(|v| v.get("$ref"))
    })?;
    let name = reference.as_str()?.strip_prefix("#/$defs/")?;
    Some((name, root.get("$defs")?.get(name)?))
}

/// The unit of a quantity property, if it is one.
fn unit_of(root: &Value, node: &Value) -> Option<Unit> {
    let (_, def) = target(root, node)?;
    def.get("format")
        .and_then(Value::as_str)
        .and_then(Unit::from_format)
}

/// Sets `default` on every property whose default is fixed (not computed from
/// other answers); quantities in their human form (`10 GB`, `500 ms`).
fn add_defaults(schema: &mut Value, snapshot: &Value, defaults: &Value) {
    let Some(sections) = defaults.as_object() else {
        return;
    };
    for (key, value) in sections {
        let Some(prop) = snapshot.get("properties").and_then(|p| p.get(key)) else {
            continue;
        };
        match value {
            Value::Null => {}
            Value::Object(fields) => {
                let Some((def_name, def)) = target(snapshot, prop) else {
                    continue;
                };
                for (field, v) in fields {
                    let Some(field_schema) = def.get("properties").and_then(|p| p.get(field))
                    else {
                        continue;
                    };
                    if v.is_null() {
                        continue;
                    }
                    let shown = match (unit_of(snapshot, field_schema), v.as_f64()) {
                        (Some(unit), Some(n)) => Value::String(unit.show(n)),
                        _ => v.clone(),
                    };
                    if let Some(slot) = schema
                        .pointer_mut(&format!("/$defs/{def_name}/properties/{field}"))
                        .and_then(Value::as_object_mut)
                    {
                        slot.insert("default".into(), shown);
                    }
                }
            }
            other => {
                if let Some(slot) = schema
                    .pointer_mut(&format!("/properties/{key}"))
                    .and_then(Value::as_object_mut)
                {
                    slot.insert("default".into(), other.clone());
                }
            }
        }
    }
}

/// The schema node of a dotted field path (`scale.users`), looking through
/// `$ref` and `anyOf [T, null]`.
pub fn field(path: &str) -> Option<&'static Value> {
    let root = cached();
    let mut node = root;
    for part in path.split('.') {
        let props = resolve(root, node).get("properties")?;
        node = props.get(part)?;
    }
    Some(resolve(root, node))
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    if node.get("format").is_some() {
        return node;
    }
    match target(root, node) {
        Some((_, def)) => resolve(root, def),
        None => node,
    }
}

/// The smallest and largest value a quantity field accepts.
pub fn range(path: &str) -> Option<(f64, f64)> {
    let bounds = field(path)?.get("anyOf")?.get(0)?;
    Some((
        bounds.get("minimum")?.as_f64()?,
        bounds.get("maximum")?.as_f64()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_come_from_the_types() {
        assert_eq!(range("availability.target"), Some((0.0, 100.0)));
        assert_eq!(range("scale.growth_per_year"), Some((0.0, 10_000.0)));
        assert_eq!(range("scale.users"), Some((0.0, 1e15)));
        assert_eq!(range("data.shape"), None);
    }

    #[test]
    fn defaults_and_examples_validate() {
        let schema = document();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for example in schema["examples"].as_array().unwrap() {
            assert!(validator.is_valid(example), "{example}");
        }
        let mut n = 0;
        for (def, body) in schema["$defs"].as_object().unwrap() {
            for (field, prop) in body["properties"].as_object().into_iter().flatten() {
                let Some(default) = prop.get("default") else {
                    continue;
                };
                let mut sub = prop.clone();
                sub.as_object_mut().unwrap().remove("default");
                let mut wrapped = schema.clone();
                wrapped["properties"] = json!({"x": sub});
                wrapped["required"] = json!(["x"]);
                wrapped["additionalProperties"] = json!(false);
                let v = jsonschema::validator_for(&wrapped).unwrap();
                assert!(
                    v.is_valid(&json!({"x": default})),
                    "{def}.{field}: {default}"
                );
                n += 1;
            }
        }
        assert!(n > 50, "only {n} defaults");
    }
}
