//! Quantities as people write them: `10M` users, `3TB`, `99.95%`, `200ms`.
//!
//! Each type accepts a plain number or a string with a suffix, serializes to a
//! plain number in its base unit (count, bytes, percent, milliseconds), and
//! describes itself in the JSON Schema with a `format` that names the unit so
//! the fact catalog knows how to display it.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Units a numeric fact can carry; used for display and for flip points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Count,
    Bytes,
    Percent,
    Millis,
}

impl Unit {
    /// The schema `format` keyword that marks a quantity of this unit.
    pub fn format(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Bytes => "bytes",
            Unit::Percent => "percent",
            Unit::Millis => "duration-ms",
        }
    }

    pub fn from_format(format: &str) -> Option<Unit> {
        [Unit::Count, Unit::Bytes, Unit::Percent, Unit::Millis]
            .into_iter()
            .find(|u| u.format() == format)
    }

    /// Reads a quantity written in this unit (`1.5k`, `3TB`, `99.9%`, `200ms`).
    pub fn parse(self, text: &str) -> Option<f64> {
        match self {
            Unit::Count => parse_count(text),
            Unit::Bytes => parse_bytes(text),
            Unit::Percent => parse_percent(text),
            Unit::Millis => parse_millis(text),
        }
    }

    /// Reads a JSON number, or a string in this unit.
    pub fn parse_json(self, v: &serde_json::Value) -> Option<f64> {
        match v {
            serde_json::Value::Number(n) => n.as_f64(),
            serde_json::Value::String(s) => self.parse(s),
            _ => None,
        }
    }

    /// Human form of a value in this unit: `1.5M`, `3 TB`, `99.95 %`, `200 ms`.
    pub fn show(self, v: f64) -> String {
        match self {
            Unit::Count => show_count(v),
            Unit::Bytes => show_bytes(v),
            Unit::Percent => format!("{} %", trim(v, 2)),
            Unit::Millis => {
                if v >= 86_400_000.0 {
                    format!("{} d", trim(v / 86_400_000.0, 1))
                } else if v >= 3_600_000.0 {
                    format!("{} h", trim(v / 3_600_000.0, 1))
                } else if v >= 60_000.0 {
                    format!("{} min", trim(v / 60_000.0, 1))
                } else if v >= 1000.0 {
                    format!("{} s", trim(v / 1000.0, 2))
                } else {
                    format!("{} ms", trim(v, 1))
                }
            }
        }
    }
}

/// A number without trailing zeros: 2.50 -> "2.5", 3.0 -> "3".
pub fn trim(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Thousands separators for whole numbers, short suffixes past a million.
pub fn show_count(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{}B", trim(v / 1e9, 2))
    } else if a >= 1e6 {
        format!("{}M", trim(v / 1e6, 2))
    } else if v.fract() == 0.0 {
        group(v as i64)
    } else {
        trim(v, 2)
    }
}

fn group(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

pub fn show_bytes(v: f64) -> String {
    const STEPS: [(&str, f64); 5] = [
        ("PB", 1e15),
        ("TB", 1e12),
        ("GB", 1e9),
        ("MB", 1e6),
        ("KB", 1e3),
    ];
    for (name, size) in STEPS {
        if v.abs() >= size {
            return format!("{} {name}", trim(v / size, 1));
        }
    }
    format!("{} B", trim(v, 0))
}

/// Splits `"1.5k"` into `(1.5, "k")`; tolerates spaces, `_` and thousands separators
/// (`2,000`). A comma that is not a thousands separator (`1,5M`, a decimal comma in
/// many languages) is refused: reading it either way could be wrong by 1,000×.
fn split_number(text: &str) -> Option<(f64, String)> {
    let t = text.trim();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '_' | '-' | '+')))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    if ambiguous_comma(&t[..end]) {
        return None;
    }
    let number: String = t[..end]
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    let value: f64 = number.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some((value, t[end..].trim().to_ascii_lowercase()))
}

/// Whether `number` holds a comma that is not a thousands separator: each comma must
/// follow one to three leading digits (or a previous group) and precede three digits.
fn ambiguous_comma(number: &str) -> bool {
    if !number.contains(',') {
        return false;
    }
    let body = number.trim_start_matches(['-', '+']);
    let int = body.split('.').next().unwrap_or_default();
    let mut groups = int.split(',');
    let head = groups.next().unwrap_or_default();
    !(body.split('.').count() <= 2
        && !body.split('.').nth(1).is_some_and(|f| f.contains(','))
        && (1..=3).contains(&head.len())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())))
}

/// A help line for a quantity with a decimal comma (`1,5M`), which is refused.
pub fn comma_help(text: &str) -> Option<String> {
    let t = text.trim();
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '_' | '-' | '+')))
        .unwrap_or(t.len());
    ambiguous_comma(&t[..end]).then(|| {
        format!(
            "`{t}` is ambiguous: a comma is read only as a thousands separator (2,000); for a decimal write `{}`",
            t.replacen(',', ".", 1)
        )
    })
}

pub fn parse_count(text: &str) -> Option<f64> {
    let (v, suffix) = split_number(text)?;
    let mul = match suffix.as_str() {
        "" => 1.0,
        "k" | "thousand" => 1e3,
        "m" | "mm" | "million" => 1e6,
        "b" | "bn" | "billion" => 1e9,
        _ => return None,
    };
    Some(v * mul)
}

pub fn parse_bytes(text: &str) -> Option<f64> {
    let (v, suffix) = split_number(text)?;
    let mul = match suffix.as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "p" | "pb" => 1e15,
        "kib" => 1024.0,
        "mib" => 1024f64.powi(2),
        "gib" => 1024f64.powi(3),
        "tib" => 1024f64.powi(4),
        "pib" => 1024f64.powi(5),
        _ => return None,
    };
    Some(v * mul)
}

pub fn parse_percent(text: &str) -> Option<f64> {
    let (v, suffix) = split_number(text)?;
    match suffix.as_str() {
        "" | "%" => Some(v),
        _ => None,
    }
}

pub fn parse_millis(text: &str) -> Option<f64> {
    let (v, suffix) = split_number(text)?;
    let mul = match suffix.as_str() {
        "" | "ms" => 1.0,
        "us" | "µs" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1000.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000.0,
        "h" | "hour" | "hours" => 3_600_000.0,
        "d" | "day" | "days" => 86_400_000.0,
        _ => return None,
    };
    Some(v * mul)
}

/// Accepts a YAML number or string and hands strings to a parser.
struct QuantityVisitor {
    expecting: &'static str,
    parse: fn(&str) -> Option<f64>,
    min: f64,
    max: f64,
}

impl<'de> de::Visitor<'de> for QuantityVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        if !v.is_finite() {
            return Err(E::custom(format!(
                "expected {}, found a non-finite number",
                self.expecting
            )));
        }
        if v < self.min || v > self.max {
            return Err(E::custom(format!(
                "{} is out of range: expected {} between {} and {}",
                trim(v, 4),
                self.expecting,
                trim(self.min, 4),
                show_count(self.max)
            )));
        }
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match (self.parse)(v) {
            Some(n) => self.visit_f64(n),
            None => Err(E::custom(format!(
                "cannot read {v:?} as {}",
                self.expecting
            ))),
        }
    }
}

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident, $unit:expr, $expecting:literal, $parse:path, $min:expr, $max:expr, $pattern:literal, $examples:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
        pub struct $name(pub f64);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(QuantityVisitor {
                    expecting: $expecting,
                    parse: $parse,
                    min: $min,
                    max: $max,
                })
                .map($name)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                if self.0.fract() == 0.0 && self.0.abs() < 9e15 {
                    s.serialize_i64(self.0 as i64)
                } else {
                    s.serialize_f64(self.0)
                }
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "description": $expecting,
                    "format": $unit.format(),
                    "anyOf": [
                        {"type": "number", "minimum": $min, "maximum": $max},
                        {"type": "string", "pattern": $pattern}
                    ],
                    "examples": $examples
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&$unit.show(self.0))
            }
        }
    };
}

quantity!(
    /// A count such as users or requests per second: `250`, `1.5k`, `10M`, `2B`.
    Count,
    Unit::Count,
    "a count such as 250, 1.5k, 10M or 2B",
    parse_count,
    0.0,
    1e15,
    r"^\s*[0-9][0-9,_]*(\.[0-9]+)?\s*([kKmMbB]|[mM][mM]|bn|thousand|million|billion)?\s*$",
    ["1.5k", "10M"]
);

quantity!(
    /// A size in bytes: `500GB`, `3TB`, `10 MiB`, or a plain number of bytes.
    Bytes,
    Unit::Bytes,
    "a size such as 500MB, 3TB or 10GiB",
    parse_bytes,
    0.0,
    1e21,
    r"^\s*[0-9][0-9,_]*(\.[0-9]+)?\s*([kKmMgGtTpP][iI]?[bB]?|[bB])?\s*$",
    ["500GB", "3TB"]
);

quantity!(
    /// A percentage from 0 to 100: `80`, `80%`, `99.95%`.
    Percent,
    Unit::Percent,
    "a percentage from 0 to 100 such as 80% or 99.95%",
    parse_percent,
    0.0,
    100.0,
    r"^\s*[0-9]+(\.[0-9]+)?\s*%?\s*$",
    ["80%", "99.95%"]
);

quantity!(
    /// A duration in milliseconds: `200ms`, `1.5s`, `5m`, or a plain number of milliseconds.
    Millis,
    Unit::Millis,
    "a duration such as 200ms, 2s or 5m",
    parse_millis,
    0.0,
    1e13,
    r"^\s*[0-9][0-9,_]*(\.[0-9]+)?\s*(ms|us|µs|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)?\s*$",
    ["200ms", "2s"]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_suffixes() {
        assert_eq!(parse_count("10M"), Some(10e6));
        assert_eq!(parse_count("1.5k"), Some(1500.0));
        assert_eq!(parse_count("2,000"), Some(2000.0));
        assert_eq!(parse_count("3 billion"), Some(3e9));
        assert_eq!(parse_count("ten"), None);
        assert_eq!(parse_count("1,5M"), None);
        assert_eq!(parse_count("1,50"), None);
        assert_eq!(parse_count("1,000,000"), Some(1e6));
        assert_eq!(parse_count("12,345.5"), Some(12_345.5));
        assert_eq!(parse_count("1234,567"), None);
        assert!(comma_help("1,5M").unwrap().contains("`1.5M`"));
        assert_eq!(comma_help("2,000"), None);
        assert_eq!(parse_count("5x"), None);
    }

    #[test]
    fn bytes_accept_decimal_and_binary_units() {
        assert_eq!(parse_bytes("3TB"), Some(3e12));
        assert_eq!(parse_bytes("500 GB"), Some(5e11));
        assert_eq!(parse_bytes("1KiB"), Some(1024.0));
        assert_eq!(parse_bytes("12 parsecs"), None);
    }

    #[test]
    fn percent_and_duration() {
        assert_eq!(parse_percent("99.95%"), Some(99.95));
        assert_eq!(parse_percent("80"), Some(80.0));
        assert_eq!(parse_millis("200ms"), Some(200.0));
        assert_eq!(parse_millis("1.5s"), Some(1500.0));
        assert_eq!(parse_millis("5m"), Some(300_000.0));
    }

    #[test]
    fn display_is_readable() {
        assert_eq!(Unit::Count.show(2000.0), "2,000");
        assert_eq!(Unit::Count.show(1.5e7), "15M");
        assert_eq!(Unit::Bytes.show(3e12), "3 TB");
        assert_eq!(Unit::Percent.show(99.95), "99.95 %");
        assert_eq!(Unit::Millis.show(2000.0), "2 s");
        assert_eq!(Unit::Millis.show(250.0), "250 ms");
    }

    #[test]
    fn out_of_range_values_are_rejected() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            p: Percent,
        }
        let err = serde_saphyr::from_str::<T>("p: 120%\n").unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
        let ok: T = serde_saphyr::from_str("p: \"99.9%\"\n").unwrap();
        assert_eq!(ok.p, Percent(99.9));
        let unquoted: T = serde_saphyr::from_str("p: 99.9%\n").unwrap();
        assert_eq!(unquoted.p, Percent(99.9));
    }
}
