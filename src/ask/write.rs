//! The requirements file `ask` writes: the schema modeline, a comment from the
//! schema on every field, values in the format people write (`10M`, `99.9%`,
//! `200ms`), and a check that the text reads back to exactly the answers.

use super::answers::Answers;
use super::questions::{top_level_fields, Questionnaire};
use super::value::{format_quantity, yaml_value};
use crate::error::{Error, Result};
use crate::facts::Catalog;
use crate::quantity::Unit;
use crate::render::wrap;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

const SCHEMA_FILE: &str = "schemas/requirements.schema.json";
const WIDTH: usize = 100;

/// The file's text; fails if it would not read back to the same requirements.
pub fn render(
    questionnaire: &Questionnaire,
    catalog: &Catalog,
    answers: &Answers,
    filled: &[String],
    schema_ref: &str,
) -> Result<String> {
    let top = top_level_fields(crate::facts::requirements_schema());
    let mut out = format!("# yaml-language-server: $schema={schema_ref}\n");
    out.push_str(
        "# Written by `tradeoff ask`. Values marked `default, not asked` could not change any\n\
         # decision given the other answers. Re-ask with `tradeoff ask --from FILE`; check with\n\
         # `tradeoff lint FILE`; full advice with `tradeoff advise FILE`.\n",
    );
    let tree = answers.tree();
    for key in ordered(tree.keys(), questionnaire, None) {
        let value = &tree[key.as_str()];
        out.push('\n');
        comment(&mut out, top.get(&key).map(String::as_str), "");
        match value {
            Value::Object(fields) if is_section(catalog, &key) => {
                out.push_str(&format!("{key}:\n"));
                for field in ordered(fields.keys(), questionnaire, Some(&key)) {
                    let path = format!("{key}.{field}");
                    let description = questionnaire
                        .get(&path)
                        .map(|q| q.description.clone())
                        .or_else(|| catalog.get(&path).map(|s| s.description.clone()));
                    comment(&mut out, description.as_deref(), "  ");
                    let v = leaf(questionnaire, catalog, &path, &fields[field.as_str()]);
                    let note = if filled.contains(&path) {
                        "  # default, not asked"
                    } else {
                        ""
                    };
                    out.push_str(&format!("  {field}: {v}{note}\n"));
                }
            }
            Value::Array(list) if key == "components" => {
                out.push_str("components:\n");
                for part in list {
                    component(&mut out, questionnaire, catalog, part)?;
                }
            }
            Value::Object(_) | Value::Array(_) if !is_flat(value) => {
                // Declarations the questionnaire does not ask (decisions, accepted findings).
                let mut one = Map::new();
                one.insert(key.clone(), value.clone());
                let text = serde_saphyr::to_string(&Value::Object(one))
                    .map_err(|e| Error::input(format!("cannot write `{key}`: {e}")))?;
                out.push_str(&text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => {
                let v = leaf(questionnaire, catalog, &key, value);
                out.push_str(&format!("{key}: {v}\n"));
            }
        }
    }
    check(&out, answers)?;
    Ok(out)
}

/// One part of the system as a list item: name, description and share first, then its
/// sections in questionnaire order, values in the units people write (`20%`, `5TB`).
fn component(
    out: &mut String,
    questionnaire: &Questionnaire,
    catalog: &Catalog,
    part: &Value,
) -> Result<()> {
    let Value::Object(fields) = part else {
        return Err(Error::input(
            "cannot write `components`: a part is not a mapping",
        ));
    };
    let head = ["name", "description", "share"];
    let mut first = true;
    let mut line = |out: &mut String, text: String| {
        out.push_str(if first { "  - " } else { "    " });
        out.push_str(&text);
        out.push('\n');
        first = false;
    };
    for key in head {
        match fields.get(key) {
            Some(Value::Number(n)) if key == "share" => line(
                out,
                format!(
                    "share: {}",
                    format_quantity(Unit::Percent, n.as_f64().unwrap_or_default())
                ),
            ),
            Some(v) => line(out, format!("{key}: {}", yaml_value(v))),
            None => {}
        }
    }
    let rest = fields.keys().filter(|k| !head.contains(&k.as_str()));
    for key in ordered(rest, questionnaire, None) {
        match &fields[key.as_str()] {
            Value::Object(inner) => {
                line(out, format!("{key}:"));
                for field in ordered(inner.keys(), questionnaire, Some(&key)) {
                    let path = format!("{key}.{field}");
                    let v = &inner[field.as_str()];
                    if !is_flat(v) {
                        return Err(Error::input(format!(
                            "cannot write `components` `{path}`: nested too deep"
                        )));
                    }
                    out.push_str(&format!(
                        "      {field}: {}\n",
                        leaf(questionnaire, catalog, &path, v)
                    ));
                }
            }
            v if is_flat(v) => line(
                out,
                format!("{key}: {}", leaf(questionnaire, catalog, &key, v)),
            ),
            _ => {
                return Err(Error::input(format!(
                    "cannot write `components` `{key}`: nested too deep"
                )))
            }
        }
    }
    Ok(())
}

/// Reads the text back and compares it with the answers, so a file that would
/// give other advice than the one shown is never written.
fn check(text: &str, answers: &Answers) -> Result<()> {
    let back = crate::requirements::parse_requirements_str("<written file>", text)?;
    if back != answers.requirements()? {
        return Err(Error::input(
            "internal error: the written requirements would not read back to the answers",
        ));
    }
    Ok(())
}

fn is_section(catalog: &Catalog, key: &str) -> bool {
    let prefix = format!("{key}.");
    catalog.keys().any(|k| k.starts_with(&prefix))
}

/// Scalars and lists of scalars fit on one line.
fn is_flat(v: &Value) -> bool {
    match v {
        Value::Array(items) => items.iter().all(|i| !i.is_object() && !i.is_array()),
        Value::Object(_) => false,
        _ => true,
    }
}

/// Keys in questionnaire order, then any others alphabetically.
fn ordered<'a>(
    keys: impl Iterator<Item = &'a String>,
    questionnaire: &Questionnaire,
    section: Option<&str>,
) -> Vec<String> {
    let rank = |k: &str| {
        questionnaire
            .questions
            .iter()
            .position(|q| match section {
                Some(s) => q.field == format!("{s}.{k}"),
                None => q.field == k || q.field.starts_with(&format!("{k}.")),
            })
            .unwrap_or(usize::MAX)
    };
    let mut keys: Vec<String> = keys.cloned().collect();
    keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    keys
}

fn leaf(questionnaire: &Questionnaire, catalog: &Catalog, path: &str, v: &Value) -> String {
    if let Some(q) = questionnaire.get(path) {
        return q.yaml(v);
    }
    match (v.as_f64(), catalog.get(path).and_then(|s| s.unit())) {
        (Some(n), Some(unit)) => format_quantity(unit, n),
        _ => yaml_value(v),
    }
}

fn comment(out: &mut String, text: Option<&str>, indent: &str) {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return;
    };
    let first = format!("{indent}# ");
    out.push_str(&wrap(text, WIDTH, &first, &first));
}

/// The `$schema` reference for a file written at `path`: relative to the nearest
/// folder above it that has the schema (a checkout of this project), else the
/// published schema's URL (its `$id`), which resolves wherever the file lands —
/// also for a file printed to stdout. The flag says whether a local copy was found.
pub fn schema_ref(path: Option<&Path>) -> (String, bool) {
    let Some(path) = path else {
        return (crate::requirements::schema::id(), false);
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let abs = std::fs::canonicalize(&dir).unwrap_or(dir);
    let mut ups = String::new();
    for ancestor in abs.ancestors() {
        if ancestor.join(SCHEMA_FILE).is_file() {
            return (format!("{ups}{SCHEMA_FILE}"), true);
        }
        ups.push_str("../");
    }
    (crate::requirements::schema::id(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modeline_points_to_the_nearest_schema_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (r, found) = schema_ref(Some(&root.join("examples/new.yaml")));
        assert_eq!(
            (r.as_str(), found),
            ("../schemas/requirements.schema.json", true)
        );
        let (r, found) = schema_ref(Some(&root.join("new.yaml")));
        assert_eq!(
            (r.as_str(), found),
            ("schemas/requirements.schema.json", true)
        );
        let elsewhere = tempfile::tempdir().unwrap();
        let (r, found) = schema_ref(Some(&elsewhere.path().join("svc.yaml")));
        let url = crate::requirements::schema::id();
        assert_eq!((r.as_str(), found), (url.as_str(), false));
        assert!(
            url.starts_with("https://") && url.ends_with(SCHEMA_FILE),
            "{url}"
        );
        assert_eq!(schema_ref(None), (url, false));
    }
}
