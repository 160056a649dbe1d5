//! Schema checks of a requirements document, walking the generated JSON Schema
//! beside the parsed value so every problem is reported at once, at its place,
//! with the allowed values or a did-you-mean.

use super::diagnostic::{Diagnostic, Omitted, MAX_PER_FILE};
use crate::error::did_you_mean;
use crate::quantity::Unit;
use crate::rules::model::Severity;
use crate::yaml::{Index, Span};
use serde_json::Value;
use std::sync::OnceLock;

fn schema() -> &'static Value {
    crate::requirements::schema::cached()
}

/// `$ref` targets by their reference string (`#/$defs/Scale`), looked up once.
fn defs() -> &'static std::collections::HashMap<String, &'static Value> {
    static CELL: OnceLock<std::collections::HashMap<String, &'static Value>> = OnceLock::new();
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

struct Ctx<'a> {
    file: &'a str,
    index: &'a Index,
    out: Vec<Diagnostic>,
    /// Findings past the per-file cap: counted, not built.
    omitted: Omitted,
}

impl Ctx<'_> {
    fn value_span(&self, path: &str) -> Span {
        self.index
            .value(path)
            .unwrap_or_else(super::diagnostic::whole_file)
    }

    /// Whether the per-file cap is reached: further findings are only counted.
    fn full(&self) -> bool {
        self.out.len() >= MAX_PER_FILE
    }

    fn count(&mut self, id: &str) {
        *self
            .omitted
            .entry((id.to_string(), Severity::Error))
            .or_default() += 1;
    }

    fn push(&mut self, id: &str, path: &str, span: Span, message: String, help: Option<String>) {
        if self.full() {
            return self.count(id);
        }
        let mut d = Diagnostic::new(id, Severity::Error, self.file, span, message);
        d.help = help;
        if !path.is_empty() {
            d.field = Some(path.to_string());
        }
        self.out.push(d);
    }
}

/// Follows `$ref` and looks through `anyOf [T, null]` (an `Option<T>`).
fn resolve(node: &Value) -> &Value {
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        if let Some(t) = defs().get(r) {
            return resolve(t);
        }
    }
    if node.get("format").is_none() {
        if let Some(any) = node.get("anyOf").and_then(Value::as_array) {
            let non_null: Vec<&Value> = any
                .iter()
                .filter(|v| v.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if non_null.len() == 1 {
                return resolve(non_null[0]);
            }
        }
    }
    node
}

fn allowed(node: &Value) -> Option<Vec<&str>> {
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

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Checks the document against the requirements schema.
pub fn validate(file: &str, index: &Index) -> Vec<Diagnostic> {
    validate_capped(file, index, &mut Omitted::new())
}

/// Like `validate`, keeping at most `MAX_PER_FILE` findings and counting the rest in
/// `omitted`, so memory stays flat however many mistakes a file holds.
pub fn validate_capped(file: &str, index: &Index, omitted: &mut Omitted) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        file,
        index,
        out: Vec::new(),
        omitted: std::mem::take(omitted),
    };
    if !index.value.is_object() {
        let what = type_name(&index.value);
        ctx.push(
            "invalid-type",
            "",
            index
                .value("")
                .unwrap_or_else(super::diagnostic::whole_file),
            format!("the document is {what}; a requirements file is a mapping of sections"),
            Some(
                "start with a section such as `scale:` (see `tradeoff schema requirements`)".into(),
            ),
        );
        *omitted = ctx.omitted;
        return ctx.out;
    }
    walk(&mut ctx, schema(), &index.value, "");
    *omitted = ctx.omitted;
    ctx.out
}

/// Whether the schema lets a field be empty (`security:` left blank, `name: ~`):
/// every optional field does; list items, map values and required fields do not.
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

fn walk(ctx: &mut Ctx, node: &Value, v: &Value, path: &str) {
    if v.is_null() && allows_null(node) {
        return; // An empty value means "not given", as while drafting.
    }
    let node = resolve(node);
    if let Some(unit) = node
        .get("format")
        .and_then(Value::as_str)
        .and_then(Unit::from_format)
    {
        return quantity(ctx, node, unit, v, path);
    }
    let types: Vec<&str> = match node.get("type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if let Some(values) = allowed(node) {
        let span = ctx.value_span(path);
        match v.as_str() {
            Some(s) if values.contains(&s) => {}
            Some(s) => {
                let help = match did_you_mean(s, values.iter().copied()) {
                    Some(b) => format!("did you mean `{b}`? allowed: {}", values.join(", ")),
                    None => format!("allowed values: {}", values.join(", ")),
                };
                ctx.push(
                    "invalid-value",
                    path,
                    span,
                    format!("`{path}` does not accept `{s}`"),
                    Some(help),
                );
            }
            None => ctx.push(
                "invalid-type",
                path,
                span,
                format!(
                    "`{path}` expects one of {}, found {}",
                    values.join(", "),
                    type_name(v)
                ),
                None,
            ),
        }
        return;
    }
    let ok_type = |t: &str| types.contains(&t);
    match v {
        Value::Object(map) if ok_type("object") => {
            let props = node.get("properties").and_then(Value::as_object);
            let extra = node.get("additionalProperties");
            for (k, child) in map {
                let child_path = join(path, k);
                match props.and_then(|p| p.get(k)) {
                    Some(schema) => walk(ctx, schema, child, &child_path),
                    None => match extra {
                        Some(Value::Bool(false)) | None if ctx.full() => ctx.count("unknown-field"),
                        Some(Value::Bool(false)) | None => {
                            let names: Vec<&str> = props
                                .map(|p| p.keys().map(String::as_str).collect())
                                .unwrap_or_default();
                            let help = match did_you_mean(k, names.iter().copied()) {
                                Some(b) => format!("did you mean `{b}`?"),
                                None => format!("known fields here: {}", names.join(", ")),
                            };
                            let span = ctx
                                .index
                                .key(&child_path)
                                .unwrap_or_else(|| ctx.value_span(path));
                            ctx.push(
                                "unknown-field",
                                &child_path,
                                span,
                                format!("unknown field `{child_path}`"),
                                Some(help),
                            );
                        }
                        Some(schema) => walk(ctx, schema, child, &child_path),
                    },
                }
            }
            for req in node
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !map.contains_key(req) {
                    let span = ctx.value_span(path);
                    ctx.push(
                        "invalid-value",
                        path,
                        span,
                        format!("`{}` is required", join(path, req)),
                        None,
                    );
                }
            }
        }
        Value::Array(items) if ok_type("array") => {
            if let Some(item) = node.get("items") {
                for (i, child) in items.iter().enumerate() {
                    walk(ctx, item, child, &format!("{path}[{i}]"));
                }
            }
        }
        Value::String(s) if ok_type("string") => {
            if let Some(max) = node.get("maxLength").and_then(Value::as_u64) {
                let n = s.chars().count() as u64;
                if n > max {
                    let span = ctx.value_span(path);
                    ctx.push(
                        "invalid-value",
                        path,
                        span,
                        format!("`{path}` is {n} characters long; at most {max} are accepted"),
                        Some("shorten it: it is repeated in every record and report".into()),
                    );
                }
            }
            let blank_banned = node.get("minLength").and_then(Value::as_u64).is_some()
                || node.get("pattern").and_then(Value::as_str) == Some(NOT_BLANK);
            if blank_banned && crate::requirements::text::is_blank(s) {
                let span = ctx.value_span(path);
                ctx.push(
                    "invalid-value",
                    path,
                    span,
                    format!("`{path}` must not be empty or blank"),
                    None,
                );
            }
            if node.get("format").and_then(Value::as_str) == Some("date")
                && crate::lint::date::parse(s).is_none()
            {
                let span = ctx.value_span(path);
                ctx.push(
                    "invalid-value",
                    path,
                    span,
                    format!("`{path}` is not a date: `{s}`"),
                    Some("write YYYY-MM-DD, a real day of the calendar".into()),
                );
            }
        }
        Value::Bool(_) if ok_type("boolean") => {}
        Value::Number(_) if ok_type("number") || ok_type("integer") => {}
        _ => {
            let expected = types
                .iter()
                .filter(|t| **t != "null")
                .copied()
                .collect::<Vec<_>>()
                .join(" or ");
            let help = match (expected.as_str(), v) {
                ("boolean", Value::String(s))
                    if matches!(
                        s.to_lowercase().as_str(),
                        "yes" | "no" | "on" | "off" | "y" | "n"
                    ) =>
                {
                    Some("write `true` or `false` (YAML 1.2 booleans)".to_string())
                }
                _ => None,
            };
            let span = ctx.value_span(path);
            ctx.push(
                "invalid-type",
                path,
                span,
                format!("`{path}` expects {expected}, found {}", type_name(v)),
                help,
            );
        }
    }
}

fn quantity(ctx: &mut Ctx, node: &Value, unit: Unit, v: &Value, path: &str) {
    let expects = node
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("a number");
    let bounds = node.get("anyOf").and_then(|a| a.get(0));
    let min = bounds
        .and_then(|b| b.get("minimum"))
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let max = bounds
        .and_then(|b| b.get("maximum"))
        .and_then(Value::as_f64)
        .unwrap_or(f64::INFINITY);
    let span = ctx.value_span(path);
    let parsed = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => unit.parse_within(s, max),
        _ => None,
    };
    let Some(n) = parsed else {
        let (shown, help) = match v {
            Value::String(s) => (format!("`{s}`"), unit.hint(s, max)),
            other => (type_name(other).to_string(), None),
        };
        ctx.push(
            "invalid-value",
            path,
            span,
            format!("`{path}` expects {expects}; found {shown}"),
            help,
        );
        return;
    };
    if n < min || n > max {
        ctx.push(
            "invalid-value",
            path,
            span,
            format!(
                "`{path}` is out of range: {} (expected {} to {})",
                unit.show(n),
                unit.show(min),
                unit.show(max)
            ),
            None,
        );
    }
}
