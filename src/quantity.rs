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

mod grammar;

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

    /// Reads a quantity written in this unit (`1.5k`, `3TB`, `99.9%`, `200ms`), with
    /// no upper bound (rule thresholds, answers checked against a range later).
    pub fn parse(self, text: &str) -> Option<f64> {
        grammar::read(self, f64::INFINITY, text)
    }

    /// Reads a quantity no larger than `max`, by the grammar the schema's pattern states.
    pub fn parse_within(self, text: &str, max: f64) -> Option<f64> {
        grammar::read(self, max, text)
    }

    /// The JSON Schema pattern for strings `parse_within(_, max)` accepts.
    pub fn pattern(self, max: f64) -> String {
        grammar::pattern(self, max)
    }

    /// A help line for a string this unit could not read, for common mistakes
    /// (`5M` as a duration, a unit of another kind, a value above `max`).
    pub fn hint(self, text: &str, max: f64) -> Option<String> {
        grammar::hint(self, max, text)
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

/// Accepts a YAML number or string and reads strings by the unit's grammar.
struct QuantityVisitor {
    expecting: &'static str,
    unit: Unit,
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
                self.unit.show(self.min),
                self.unit.show(self.max)
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
        match self.unit.parse_within(v, self.max) {
            Some(n) => self.visit_f64(n),
            None => {
                let hint = self
                    .unit
                    .hint(v, self.max)
                    .map_or(String::new(), |h| format!(" ({h})"));
                Err(E::custom(format!(
                    "cannot read {v:?} as {}{hint}",
                    self.expecting
                )))
            }
        }
    }
}

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident, $unit:expr, $expecting:literal, $min:expr, $max:expr, $examples:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
        pub struct $name(pub f64);

        impl $name {
            /// The largest value the type accepts, as a number or a string.
            pub const MAX: f64 = $max;
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(QuantityVisitor {
                    expecting: $expecting,
                    unit: $unit,
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
                        {
                            "type": "string",
                            "pattern": $unit.pattern($max),
                            "patternErrorMessage": format!("expected {}", $expecting)
                        }
                    ],
                    "errorMessage": format!("expected {}", $expecting),
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
    "a count: a number, or a string like 250, 1.5k, 10M or 2B",
    0.0,
    1e15,
    ["1.5k", "10M"]
);

quantity!(
    /// A size in bytes: `500GB`, `3TB`, `10 MiB`, or a plain number of bytes.
    Bytes,
    Unit::Bytes,
    "a size: a number of bytes, or a string like 500MB, 3TB or 10GiB",
    0.0,
    1e21,
    ["500GB", "3TB"]
);

quantity!(
    /// A percentage from 0 to 100: `80`, `80%`, `99.95%`.
    Percent,
    Unit::Percent,
    "a percentage from 0 to 100: a number, or a string like 80% or 99.95% (99.95, not the fraction 0.9995)",
    0.0,
    100.0,
    ["80%", "99.95%"]
);

quantity!(
    /// A yearly growth in percent, which may pass 100 %: `40%`, `200%` (tripling).
    Growth,
    Unit::Percent,
    "a yearly growth in percent from 0 to 10,000: a number, or a string like 40%, or 200% for tripling",
    0.0,
    10_000.0,
    ["40%", "200%"]
);

quantity!(
    /// A duration in milliseconds: `200ms`, `1.5s`, `5min`, or a plain number of milliseconds.
    Millis,
    Unit::Millis,
    "a duration: a number of milliseconds, or a string like 200ms, 2s or 5min",
    0.0,
    1e13,
    ["200ms", "2s"]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_suffixes() {
        let count = |t| Unit::Count.parse(t);
        assert_eq!(count("10M"), Some(10e6));
        assert_eq!(count("1.5k"), Some(1500.0));
        assert_eq!(count("2,000"), Some(2000.0));
        assert_eq!(count("3 billion"), Some(3e9));
        assert_eq!(count("ten"), None);
        assert_eq!(count("5x"), None);
        assert_eq!(count("1,5M"), None);
        assert_eq!(count("1,50"), None);
        assert_eq!(count("1,000,000"), Some(1e6));
        assert_eq!(count("12,345.5"), Some(12_345.5));
        assert_eq!(count("1234,567"), None);
    }

    #[test]
    fn bytes_accept_decimal_and_binary_units() {
        let bytes = |t| Unit::Bytes.parse(t);
        assert_eq!(bytes("3TB"), Some(3e12));
        assert_eq!(bytes("500 GB"), Some(5e11));
        assert_eq!(bytes("1KiB"), Some(1024.0));
        assert_eq!(bytes("12 parsecs"), None);
    }

    #[test]
    fn percent_and_duration() {
        assert_eq!(Unit::Percent.parse("99.95%"), Some(99.95));
        assert_eq!(Unit::Percent.parse("80"), Some(80.0));
        assert_eq!(Unit::Millis.parse("200ms"), Some(200.0));
        assert_eq!(Unit::Millis.parse("1.5s"), Some(1500.0));
        assert_eq!(Unit::Millis.parse("5m"), Some(300_000.0));
        assert_eq!(Unit::Millis.parse("5M"), None);
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
        assert!(err.to_string().contains("largest value allowed"), "{err}");
        let err = serde_saphyr::from_str::<T>("p: 120\n").unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
        let ok: T = serde_saphyr::from_str("p: \"99.9%\"\n").unwrap();
        assert_eq!(ok.p, Percent(99.9));
        let unquoted: T = serde_saphyr::from_str("p: 99.9%\n").unwrap();
        assert_eq!(unquoted.p, Percent(99.9));
    }
}
