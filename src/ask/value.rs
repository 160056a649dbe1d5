//! Answers as people type them and as the file stores them: `10M`, `99.9%`,
//! `200ms`, `yes`, `joins, ranges`. Quantities are written in the shortest form
//! that reads back to exactly the same number, so a written file round-trips.

use super::questions::{Kind, Question};
use crate::quantity::Unit;
use serde_json::Value;

impl Question {
    /// Reads a typed answer (or a `--set` value).
    pub fn parse_text(&self, text: &str) -> Result<Value, String> {
        let t = text.trim();
        match self.kind {
            Kind::YesNo => match t.to_ascii_lowercase().as_str() {
                "y" | "yes" | "true" => Ok(Value::Bool(true)),
                "n" | "no" | "false" => Ok(Value::Bool(false)),
                _ => Err(format!("answer yes or no, not {t:?}")),
            },
            Kind::Choice => self.choice(t).map(Value::String),
            Kind::MultiChoice => {
                let items = split_list(t);
                let mut out = Vec::new();
                for item in items {
                    let v = self.choice(&item)?;
                    if !out.contains(&v) {
                        out.push(v);
                    }
                }
                Ok(Value::Array(out.into_iter().map(Value::String).collect()))
            }
            Kind::Quantity => {
                let unit = self.unit.unwrap_or(Unit::Count);
                let n = parse_quantity(unit, t)
                    .ok_or_else(|| format!("expected {}", expecting(unit)))?;
                number(unit, n, self.max())
            }
            Kind::Text if self.list => Ok(Value::Array(
                split_list(t).into_iter().map(Value::String).collect(),
            )),
            Kind::Text => Ok(Value::String(t.to_string())),
        }
    }

    /// Reads an answer given as a YAML value (`--answers FILE`).
    pub fn parse_value(&self, v: &Value) -> Result<Value, String> {
        match (self.kind, v) {
            (Kind::YesNo, Value::Bool(b)) => Ok(Value::Bool(*b)),
            (Kind::Quantity, Value::Number(n)) => {
                let n = n.as_f64().ok_or("not a number")?;
                number(self.unit.unwrap_or(Unit::Count), n, self.max())
            }
            (Kind::MultiChoice | Kind::Text, Value::Array(items)) if self.list => {
                let texts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                let texts = texts.ok_or("expected a list of words")?;
                self.parse_text(&texts.join(","))
            }
            (_, Value::String(s)) => self.parse_text(s),
            (Kind::Text, Value::Number(n)) => self.parse_text(&n.to_string()),
            (_, other) => Err(format!(
                "expected a {} answer, not {other}",
                self.kind.name()
            )),
        }
    }

    /// The answer as shown in prompts and as typed back: `10M`, `yes`, `joins, ranges`.
    pub fn show(&self, v: &Value) -> String {
        match v {
            Value::Bool(true) => "yes".into(),
            Value::Bool(false) => "no".into(),
            Value::Number(n) => format_quantity(
                self.unit.unwrap_or(Unit::Count),
                n.as_f64().unwrap_or_default(),
            ),
            Value::String(s) => s.clone(),
            Value::Array(items) if items.is_empty() => "none".into(),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        }
    }

    /// The answer as a YAML value in a requirements file.
    pub fn yaml(&self, v: &Value) -> String {
        match v {
            Value::Number(n) => format_quantity(
                self.unit.unwrap_or(Unit::Count),
                n.as_f64().unwrap_or_default(),
            ),
            other => yaml_value(other),
        }
    }

    /// The largest value the field accepts (the schema's maximum for it).
    pub fn max(&self) -> f64 {
        crate::requirements::schema::range(&self.field).map_or(f64::INFINITY, |(_, max)| max)
    }

    fn choice(&self, t: &str) -> Result<String, String> {
        let lower = t.to_ascii_lowercase();
        if let Some(c) = self.choices.iter().find(|c| c.value == lower) {
            return Ok(c.value.clone());
        }
        let starts: Vec<&str> = self
            .choices
            .iter()
            .map(|c| c.value.as_str())
            .filter(|v| v.starts_with(&lower) && !lower.is_empty())
            .collect();
        match starts.as_slice() {
            [one] => Ok(one.to_string()),
            _ => {
                let all: Vec<&str> = self.choices.iter().map(|c| c.value.as_str()).collect();
                Err(format!("{t:?} is not one of: {}", all.join(", ")))
            }
        }
    }
}

/// Items of a comma-separated list; `none` or `-` is the empty list.
fn split_list(t: &str) -> Vec<String> {
    let t = t.trim().trim_start_matches('[').trim_end_matches(']');
    if matches!(t.trim(), "none" | "-" | "") {
        return Vec::new();
    }
    t.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn expecting(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "a count such as 250, 1.5k, 10M or 2B",
        Unit::Bytes => "a size such as 500MB, 3TB or 10GiB",
        Unit::Percent => "a percentage such as 80% or 99.95%",
        Unit::Millis => "a duration such as 200ms, 2s or 5min",
    }
}

pub fn parse_quantity(unit: Unit, t: &str) -> Option<f64> {
    unit.parse(t)
}

fn number(unit: Unit, n: f64, max: f64) -> Result<Value, String> {
    // The field's range in the requirements format.
    if !(0.0..=max).contains(&n) {
        return Err(format!(
            "{n} is out of range: expected {} up to {}",
            expecting(unit),
            unit.show(max)
        ));
    }
    let v = if n.fract() == 0.0 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    };
    Ok(v)
}

/// The shortest way to write `v` in `unit` that parses back to exactly `v`
/// (ties go to the larger suffix: `1.5k` rather than `1500`).
pub fn format_quantity(unit: Unit, v: f64) -> String {
    let steps: &[(&str, f64)] = match unit {
        Unit::Count => &[("B", 1e9), ("M", 1e6), ("k", 1e3), ("", 1.0)],
        Unit::Bytes => &[
            ("PB", 1e15),
            ("TB", 1e12),
            ("GB", 1e9),
            ("MB", 1e6),
            ("KB", 1e3),
            ("", 1.0),
        ],
        Unit::Percent => &[("%", 1.0)],
        Unit::Millis => &[
            ("d", 864e5),
            ("h", 36e5),
            ("m", 6e4),
            ("s", 1e3),
            ("ms", 1.0),
        ],
    };
    let mut best: Option<String> = None;
    for (suffix, size) in steps {
        let scaled = v / size;
        if scaled < 1.0 && *size != 1.0 {
            continue;
        }
        let text = format!("{scaled}{suffix}");
        let fits = parse_quantity(unit, &text) == Some(v);
        if fits && best.as_ref().is_none_or(|b| text.len() < b.len()) {
            best = Some(text);
        }
    }
    let last = steps.last().map_or("", |s| s.0);
    best.unwrap_or_else(|| format!("{v}{last}"))
}

/// A YAML scalar or flow list; strings are quoted when a plain scalar would be
/// read back as something else.
pub fn yaml_value(v: &Value) -> String {
    match v {
        Value::String(s) => yaml_string(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(yaml_value).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

fn yaml_string(s: &str) -> String {
    const WORDS: [&str; 12] = [
        "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n", "none", "",
    ];
    let plain = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/'))
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && !s.ends_with(' ')
        && !WORDS.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        s.to_string()
    } else {
        // A JSON string is a valid YAML double-quoted scalar.
        serde_json::to_string(s).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_round_trip_in_short_form() {
        for (unit, v, text) in [
            (Unit::Count, 1e7, "10M"),
            (Unit::Count, 1500.0, "1.5k"),
            (Unit::Count, 250.0, "250"),
            (Unit::Count, 1234.0, "1234"),
            (Unit::Count, 0.0, "0"),
            (Unit::Bytes, 6e11, "600GB"),
            (Unit::Percent, 99.9, "99.9%"),
            (Unit::Millis, 200.0, "200ms"),
            (Unit::Millis, 60_000.0, "1m"),
            (Unit::Millis, 1500.0, "1.5s"),
        ] {
            assert_eq!(format_quantity(unit, v), text);
            assert_eq!(parse_quantity(unit, text), Some(v));
        }
        for v in [0.1, 1.0 / 3.0, 123_456_789.123, 99.95, 1e-3] {
            for unit in [Unit::Count, Unit::Bytes, Unit::Percent, Unit::Millis] {
                let text = format_quantity(unit, v);
                assert_eq!(parse_quantity(unit, &text), Some(v), "{unit:?} {text}");
            }
        }
    }

    #[test]
    fn strings_are_quoted_only_when_needed() {
        assert_eq!(yaml_string("shop"), "shop");
        assert_eq!(yaml_string("yes"), "\"yes\"");
        assert_eq!(yaml_string("a: b"), "\"a: b\"");
        assert_eq!(yaml_string("12"), "\"12\"");
    }
}
