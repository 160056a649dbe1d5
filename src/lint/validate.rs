//! Schema checks of a requirements document, walking the generated JSON Schema
//! beside the parsed value so every problem is reported at once, at its place,
//! with the allowed values or a did-you-mean.

use super::diagnostic::{Diagnostic, Omitted, MAX_PER_FILE};
use super::schema_node::{node as schema_node, root, Node};
use crate::error::did_you_mean;
use crate::quantity::Unit;
use crate::rules::model::Severity;
use crate::yaml::{Index, Span};
use serde_json::Value;
use std::fmt::Write as _;

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
    walk(&mut ctx, root(), &index.value, &mut String::new());
    *omitted = ctx.omitted;
    ctx.out
}

fn walk(ctx: &mut Ctx, raw: &'static Value, v: &Value, path: &mut String) {
    let node = schema_node(raw);
    if v.is_null() && node.nullable {
        return; // An empty value means "not given", as while drafting.
    }
    if let Some(unit) = node.unit {
        return quantity(ctx, &node, unit, v, path);
    }
    if let Some(values) = &node.allowed {
        match v.as_str() {
            Some(s) if values.contains(&s) => {}
            Some(s) => {
                let help = match did_you_mean(s, values.iter().copied()) {
                    Some(b) => format!("did you mean `{b}`? allowed: {}", values.join(", ")),
                    None => format!("allowed values: {}", values.join(", ")),
                };
                let span = ctx.value_span(path);
                ctx.push(
                    "invalid-value",
                    path,
                    span,
                    format!("`{path}` does not accept `{s}`"),
                    Some(help),
                );
            }
            None => {
                let span = ctx.value_span(path);
                ctx.push(
                    "invalid-type",
                    path,
                    span,
                    format!(
                        "`{path}` expects one of {}, found {}",
                        values.join(", "),
                        type_name(v)
                    ),
                    None,
                );
            }
        }
        return;
    }
    let ok_type = |t: &str| node.types.contains(&t);
    match v {
        Value::Object(map) if ok_type("object") => {
            for (k, child) in map {
                let len = path.len();
                if len > 0 {
                    path.push('.');
                }
                path.push_str(k);
                match node.props.and_then(|p| p.get(k)) {
                    Some(schema) => walk(ctx, schema, child, path),
                    None => match node.extra {
                        Some(Value::Bool(false)) | None if ctx.full() => ctx.count("unknown-field"),
                        Some(Value::Bool(false)) | None => unknown(ctx, &node, k, path, len),
                        Some(schema) => walk(ctx, schema, child, path),
                    },
                }
                path.truncate(len);
            }
            for req in &node.required {
                if !map.contains_key(*req) {
                    let span = ctx.value_span(path);
                    let field = if path.is_empty() {
                        req.to_string()
                    } else {
                        format!("{path}.{req}")
                    };
                    ctx.push(
                        "invalid-value",
                        path,
                        span,
                        format!("`{field}` is required"),
                        None,
                    );
                }
            }
        }
        Value::Array(items) if ok_type("array") => {
            if let Some(item) = node.items {
                for (i, child) in items.iter().enumerate() {
                    let len = path.len();
                    let _ = write!(path, "[{i}]");
                    walk(ctx, item, child, path);
                    path.truncate(len);
                }
            }
        }
        Value::String(s) if ok_type("string") => {
            if let Some(max) = node.max_len {
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
            if node.blank_banned && crate::requirements::text::is_blank(s) {
                let span = ctx.value_span(path);
                ctx.push(
                    "invalid-value",
                    path,
                    span,
                    format!("`{path}` must not be empty or blank"),
                    None,
                );
            }
            if node.date && crate::lint::date::parse(s).is_none() {
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
            let expected = node
                .types
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

/// A key the schema does not know at `path` (its parent ends at `parent`).
fn unknown(ctx: &mut Ctx, node: &Node, key: &str, path: &str, parent: usize) {
    let names: Vec<&str> = node
        .props
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let help = match did_you_mean(key, names.iter().copied()) {
        Some(b) => format!("did you mean `{b}`?"),
        None => format!("known fields here: {}", names.join(", ")),
    };
    let span = ctx
        .index
        .key(path)
        .unwrap_or_else(|| ctx.value_span(&path[..parent]));
    ctx.push(
        "unknown-field",
        path,
        span,
        format!("unknown field `{path}`"),
        Some(help),
    );
}

fn quantity(ctx: &mut Ctx, node: &Node, unit: Unit, v: &Value, path: &str) {
    let (expects, min, max) = (node.expects, node.min, node.max);
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
        let span = ctx.value_span(path);
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
        let span = ctx.value_span(path);
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
