//! Quantities that are valid but probably not what the writer meant: a
//! percentage written as a fraction (`availability.target: 0.9995` reads as
//! 0.9995 %, a downtime budget of 29.7 days a month; `read_percent: 0.92` as
//! 0.92 % reads). Reported as `suspicious-quantity` warnings with the likely
//! intended value; `advise` prints the same warnings on stderr.

use super::diagnostic::Diagnostic;
use crate::quantity::Unit;
use crate::rules::model::Severity;
use crate::yaml::Index;
use serde_json::Value;

pub const ID: &str = "suspicious-quantity";

/// Every percentage field written as a bare number between 0 and 1.
pub fn check(file: &str, index: &Index, severity: Severity) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(sections) = index.value.as_object() else {
        return out;
    };
    for (section, fields) in sections {
        for (field, value) in fields.as_object().into_iter().flatten() {
            // The value first (cheap), then whether the field is a percentage.
            let (n, written) = match value {
                Value::Number(n) => (n.as_f64(), n.to_string()),
                Value::String(s) if !s.contains('%') => (Unit::Percent.parse(s), s.clone()),
                _ => continue,
            };
            let Some(n) = n.filter(|n| *n > 0.0 && *n < 1.0) else {
                continue;
            };
            let path = format!("{section}.{field}");
            let is_percent = crate::requirements::schema::field(&path)
                .and_then(|n| n.get("format"))
                .and_then(Value::as_str)
                == Some(Unit::Percent.format());
            if !is_percent {
                continue;
            }
            let Some(span) = index.value(&path) else {
                continue;
            };
            let meant = Unit::Percent.show(n * 100.0);
            let read = format!("{} %", crate::quantity::trim(n, 6));
            out.push(
                Diagnostic::new(
                    ID,
                    severity,
                    file,
                    span,
                    format!(
                        "`{path}: {written}` reads as {read}, not {meant}: percentages are out of 100"
                    ),
                )
                .help(format!(
                    "did you mean {meant}? write `{}%`; if {read} is meant, write `{written}%`",
                    crate::quantity::trim(n * 100.0, 6)
                ))
                .field(path),
            );
        }
    }
    out
}

/// The warnings for a requirements text, for commands that read it without
/// linting (`advise`): `file:line:col: warning: ...` lines with their help.
pub fn warnings(file: &str, text: &str) -> String {
    let Ok(index) = Index::parse(file, text) else {
        return String::new();
    };
    let mut out = String::new();
    for d in check(file, &index, Severity::Warning) {
        out.push_str(&format!(
            "warning: {}:{}:{}: {}\n",
            d.file, d.span.line, d.span.column, d.message
        ));
        if let Some(h) = &d.help {
            out.push_str(&format!("  help: {h}\n"));
        }
    }
    out
}
