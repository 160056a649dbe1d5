//! Plain-language rendering of conditions and fact values, for "why not" and flip points.

use crate::facts::{Catalog, FactValue, Facts};
use crate::rules::condition::{Condition, Op};

/// A readable name for a fact: the derived figure's label or the field path.
pub fn label(fact: &str) -> String {
    fact.strip_prefix("derived.")
        .map(|d| d.replace('_', " "))
        .unwrap_or_else(|| fact.to_string())
}

pub fn show(fact: &str, value: &FactValue, catalog: &Catalog) -> String {
    value.show(catalog.get(fact).and_then(|s| s.unit()))
}

/// `derived.writes_per_sec ≥ 5,000`, `all of (...)`.
pub fn describe(c: &Condition, catalog: &Catalog, facts: Option<&Facts>) -> String {
    match c {
        Condition::All(cs) => cs
            .iter()
            .map(|c| describe(c, catalog, facts))
            .collect::<Vec<_>>()
            .join(" and "),
        Condition::Any(cs) => {
            let parts: Vec<String> = cs.iter().map(|c| describe(c, catalog, facts)).collect();
            if parts.len() == 1 {
                parts[0].clone()
            } else {
                format!("({})", parts.join(" or "))
            }
        }
        Condition::Not(c) => format!("not ({})", describe(c, catalog, facts)),
        Condition::Test {
            fact, op, value, ..
        } => {
            let v = match (op, value) {
                (Op::In | Op::NotIn | Op::ContainsAny, FactValue::List(l)) => {
                    format!("[{}]", l.join(", "))
                }
                _ => show(fact, value, catalog),
            };
            let now = facts
                .and_then(|f| f.get(fact))
                .map(|f| format!(" (now {})", show(fact, f, catalog)))
                .unwrap_or_default();
            format!("{} {} {v}{now}", label(fact), op.symbol())
        }
    }
}

/// The fact names of a text's `{fact}` placeholders (`{derived.writes_per_sec}`).
pub fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|part| {
        let name = part.split('}').next()?;
        (part.contains('}')
            && !name.is_empty()
            && name.contains('.')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .then_some(name)
    })
}

/// Replaces each `{fact}` placeholder with the fact's value as people read it
/// (`12,000`, `1.3 TB`, `99.99 %`); unknown or unset facts stay as written.
pub fn fill(text: &str, facts: &Facts, catalog: &Catalog) -> String {
    if !text.contains('{') {
        return text.to_string();
    }
    let mut out = text.to_string();
    for name in placeholders(text) {
        if let Some(v) = facts.get(name) {
            out = out.replace(&format!("{{{name}}}"), &show(name, v, catalog));
        }
    }
    out
}
