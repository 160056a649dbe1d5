//! The one definition of how a quantity may be written as text: a number, an
//! optional unit suffix, spaces or tabs around them. The same table gives the
//! parser (`read`) and the JSON Schema `pattern` (`pattern`), so an editor that
//! validates with the published schema and `tradeoff lint` accept exactly the
//! same strings (tests/differential.rs checks it on generated documents).
//!
//! A bound (the field's maximum) limits the digits before the decimal point for
//! each suffix, so a string can never exceed the maximum a number may have:
//! with a maximum of 100 (%), `99.5%` and `100%` are accepted, `150%` is not.

use super::Unit;
use std::borrow::Cow;

/// A suffix a unit accepts after the number, and what it multiplies by.
pub struct Suffix {
    pub text: &'static str,
    pub mul: f64,
    /// Letters match in either case (`kb`, `KB`, `Kb`); otherwise exactly.
    pub any_case: bool,
}

const fn ci(text: &'static str, mul: f64) -> Suffix {
    Suffix {
        text,
        mul,
        any_case: true,
    }
}

const fn exact(text: &'static str, mul: f64) -> Suffix {
    Suffix {
        text,
        mul,
        any_case: false,
    }
}

const COUNT: &[Suffix] = &[
    exact("", 1.0),
    ci("k", 1e3),
    ci("thousand", 1e3),
    ci("m", 1e6),
    ci("mm", 1e6),
    ci("million", 1e6),
    ci("b", 1e9),
    ci("bn", 1e9),
    ci("billion", 1e9),
];

const BYTES: &[Suffix] = &[
    exact("", 1.0),
    ci("b", 1.0),
    ci("k", 1e3),
    ci("kb", 1e3),
    ci("m", 1e6),
    ci("mb", 1e6),
    ci("g", 1e9),
    ci("gb", 1e9),
    ci("t", 1e12),
    ci("tb", 1e12),
    ci("p", 1e15),
    ci("pb", 1e15),
    ci("kib", 1024.0),
    ci("mib", 1_048_576.0),
    ci("gib", 1_073_741_824.0),
    ci("tib", 1_099_511_627_776.0),
    ci("pib", 1_125_899_906_842_624.0),
];

const PERCENT: &[Suffix] = &[exact("", 1.0), exact("%", 1.0)];

/// Durations: `M` alone is refused (minutes? months? mega?); `m` is minutes.
const MILLIS: &[Suffix] = &[
    exact("", 1.0),
    ci("ms", 1.0),
    ci("us", 0.001),
    exact("µs", 0.001),
    ci("s", 1e3),
    ci("sec", 1e3),
    ci("secs", 1e3),
    ci("second", 1e3),
    ci("seconds", 1e3),
    exact("m", 6e4),
    ci("min", 6e4),
    ci("mins", 6e4),
    ci("minute", 6e4),
    ci("minutes", 6e4),
    ci("h", 3.6e6),
    ci("hour", 3.6e6),
    ci("hours", 3.6e6),
    ci("d", 8.64e7),
    ci("day", 8.64e7),
    ci("days", 8.64e7),
];

/// Digits allowed before the point when no maximum applies (keeps values finite).
const UNBOUNDED_DIGITS: usize = 30;

pub fn suffixes(unit: Unit) -> &'static [Suffix] {
    match unit {
        Unit::Count => COUNT,
        Unit::Bytes => BYTES,
        Unit::Percent => PERCENT,
        Unit::Millis => MILLIS,
    }
}

/// Whether `,` and `_` may group digits (`2,000`, `10_000`); never in percentages.
fn separators(unit: Unit) -> bool {
    unit != Unit::Percent
}

/// How many digits may stand before the point with multiplier `mul` under `max`,
/// and whether `1` followed by that many zeros (exactly the maximum) is allowed too.
/// `None`: the suffix cannot be used at all (one unit of it exceeds the maximum).
fn digits(mul: f64, max: f64) -> Option<(usize, bool)> {
    if !max.is_finite() {
        return Some((UNBOUNDED_DIGITS, false));
    }
    let q = max / mul;
    if q < 1.0 - 1e-12 {
        return None;
    }
    let (mut d, mut p) = (0usize, 1.0f64);
    while p * 10.0 <= q * (1.0 + 1e-12) {
        p *= 10.0;
        d += 1;
    }
    Some((d, (p - q).abs() <= q * 1e-12))
}

/// Reads `text` as a quantity of `unit` no larger than `max` (`f64::INFINITY`
/// for no bound). `None` when the text does not follow the grammar.
pub fn read(unit: Unit, max: f64, text: &str) -> Option<f64> {
    let t = text.trim_matches([' ', '\t']);
    let seps = separators(unit);
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || (seps && matches!(c, ',' | '_'))))
        .map_or(t.len(), |(i, _)| i);
    let (number, rest) = t.split_at(end);
    let written = rest.trim_start_matches([' ', '\t']);
    let suffix = suffixes(unit).iter().find(|s| {
        if s.any_case {
            s.text.eq_ignore_ascii_case(written)
        } else {
            s.text == written
        }
    })?;
    let (limit, exact_max) = digits(suffix.mul, max)?;
    let (int, frac) = match number.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let int_digits = grouped_digits(int, seps)?;
    if int_digits.is_empty() && frac.is_none_or(str::is_empty) {
        return None;
    }
    let at_max = exact_max
        && int_digits.len() == limit + 1
        && int_digits.starts_with('1')
        && int_digits[1..].bytes().all(|b| b == b'0')
        && frac.is_none_or(|f| f.bytes().all(|b| b == b'0'));
    if int_digits.len() > limit && !at_max {
        return None;
    }
    // Without separators the number as written is a float literal already.
    let plain = match &int_digits {
        Cow::Borrowed(_) => Cow::Borrowed(number),
        Cow::Owned(digits) => Cow::Owned(format!(
            "{}.{}",
            if digits.is_empty() { "0" } else { digits },
            frac.filter(|f| !f.is_empty()).unwrap_or("0")
        )),
    };
    let value = plain.parse::<f64>().ok()? * suffix.mul;
    value.is_finite().then_some(value)
}

/// The digits of an integer part; a separator must stand between two digits, and a
/// comma only between groups of three (`2,000`): `1,5M` (a decimal comma in many
/// languages) is refused as ambiguous, since reading it either way may be 1,000x off.
fn grouped_digits(int: &str, seps: bool) -> Option<Cow<'_, str>> {
    if ambiguous_comma(int) {
        return None;
    }
    let bytes = int.as_bytes();
    if bytes.iter().all(u8::is_ascii_digit) {
        return Some(Cow::Borrowed(int));
    }
    let mut out = String::with_capacity(bytes.len());
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => out.push(*b as char),
            b',' | b'_' if seps => {
                let before = i > 0 && bytes[i - 1].is_ascii_digit();
                let after = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !(before && after) {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(Cow::Owned(out))
}

/// A suffix as a regular expression: letters as `[kK]` when any case matches.
fn suffix_re(s: &Suffix) -> String {
    s.text
        .chars()
        .map(|c| {
            if s.any_case && c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
            } else if "^$\\.*+?()[]{}|/".contains(c) {
                // Only syntax characters are escaped: an identity escape such as `\%`
                // is an error in ECMA-262's unicode mode (check-jsonschema uses it).
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The ECMA-262 pattern for strings that `read(unit, max, _)` accepts.
pub fn pattern(unit: Unit, max: f64) -> String {
    let seps = separators(unit);
    // One alternative per multiplier: the number it allows, then its suffixes.
    let mut muls: Vec<f64> = Vec::new();
    for s in suffixes(unit) {
        if !muls.contains(&s.mul) {
            muls.push(s.mul);
        }
    }
    let mut alts = Vec::new();
    for mul in muls {
        let Some((limit, exact_max)) = digits(mul, max) else {
            continue;
        };
        let mut number = Vec::new();
        if limit > 0 {
            let int = if seps {
                // `_` between any digits; commas only between groups of three.
                let mut forms = vec![format!("[0-9](?:_?[0-9]){{0,{}}}", limit - 1)];
                for head in 1..=3usize {
                    let groups = limit.saturating_sub(head) / 3;
                    if head <= limit && groups >= 1 {
                        forms.push(format!("[0-9]{{{head}}}(?:,[0-9]{{3}}){{1,{groups}}}"));
                    }
                }
                format!("(?:{})", forms.join("|"))
            } else {
                format!("[0-9]{{1,{limit}}}")
            };
            number.push(format!("{int}(?:\\.[0-9]*)?"));
        }
        number.push("\\.[0-9]+".to_string());
        if exact_max {
            let zero = if seps { "(?:_?0)" } else { "0" };
            number.push(format!("1{zero}{{{limit}}}(?:\\.0*)?"));
            if seps && limit % 3 == 0 {
                number.push(format!("1(?:,000){{{}}}(?:\\.0*)?", limit / 3));
            }
        }
        let group: Vec<&Suffix> = suffixes(unit).iter().filter(|s| s.mul == mul).collect();
        let written: Vec<String> = group
            .iter()
            .filter(|s| !s.text.is_empty())
            .map(|s| suffix_re(s))
            .collect();
        let optional = group.iter().any(|s| s.text.is_empty());
        let tail = match (written.is_empty(), optional) {
            (true, _) => String::new(),
            (false, true) => format!("(?:[ \\t]*(?:{}))?", written.join("|")),
            (false, false) => format!("[ \\t]*(?:{})", written.join("|")),
        };
        alts.push(format!("(?:{}){tail}", number.join("|")));
    }
    format!("^[ \\t]*(?:{})[ \\t]*$", alts.join("|"))
}

/// Whether the integer part of a number holds a comma that is not a thousands
/// separator: the first group has one to three digits, every later one three.
fn ambiguous_comma(int: &str) -> bool {
    let mut groups = int.split(',');
    let head = groups.next().unwrap_or_default();
    int.contains(',') && !((1..=3).contains(&head.len()) && groups.all(|g| g.len() == 3))
}

/// A help line for text that `read` refused, when the mistake is a common one.
pub fn hint(unit: Unit, max: f64, text: &str) -> Option<String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '_')))
        .unwrap_or(t.len());
    let (number, suffix) = (&t[..split], t[split..].trim());
    if number.is_empty() {
        return None;
    }
    if ambiguous_comma(number.split('.').next().unwrap_or_default()) || number.contains(".,") {
        return Some(format!(
            "`{t}` is ambiguous: a comma is read only as a thousands separator (2,000); for a decimal write `{}`",
            t.replacen(',', ".", 1)
        ));
    }
    if unit == Unit::Millis && suffix == "M" {
        return Some(format!(
            "`M` is ambiguous in a duration (minutes? months?): write `{number}m` or `{number}min` for minutes, `{number}ms` for milliseconds"
        ));
    }
    let known = suffixes(unit).iter().any(|s| {
        if s.any_case {
            s.text.eq_ignore_ascii_case(suffix)
        } else {
            s.text == suffix
        }
    });
    if !known {
        let list: Vec<&str> = suffixes(unit)
            .iter()
            .filter(|s| !s.text.is_empty())
            .map(|s| s.text)
            .collect();
        return Some(format!(
            "units allowed after the number: {}",
            list.join(", ")
        ));
    }
    if read(unit, f64::INFINITY, t).is_some_and(|v| v > max) {
        return Some(format!("the largest value allowed is {}", unit.show(max)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_strings_never_exceed_the_maximum() {
        assert_eq!(read(Unit::Percent, 100.0, "99.95%"), Some(99.95));
        assert_eq!(read(Unit::Percent, 100.0, "100%"), Some(100.0));
        assert_eq!(read(Unit::Percent, 100.0, "100.0 %"), Some(100.0));
        assert_eq!(read(Unit::Percent, 100.0, "150%"), None);
        assert_eq!(read(Unit::Percent, 100.0, "100.5%"), None);
        assert_eq!(read(Unit::Percent, 10_000.0, "200%"), Some(200.0));
        assert_eq!(read(Unit::Count, 1e15, "999,999B"), Some(999_999e9));
        assert_eq!(read(Unit::Count, 1e15, "1,000,000B"), Some(1e15));
        assert_eq!(read(Unit::Count, 1e15, "1,000,001B"), None);
        assert_eq!(
            read(Unit::Count, f64::INFINITY, "1,000,001B"),
            Some(1_000_001e9)
        );
    }

    #[test]
    fn numbers_as_people_write_them() {
        let r = |u, t| read(u, f64::INFINITY, t);
        assert_eq!(r(Unit::Millis, ".5s"), Some(500.0));
        assert_eq!(r(Unit::Millis, "5.s"), Some(5000.0));
        assert_eq!(r(Unit::Millis, "5m"), Some(300_000.0));
        assert_eq!(r(Unit::Millis, "5M"), None);
        assert_eq!(r(Unit::Millis, "10 MIN"), Some(600_000.0));
        assert_eq!(r(Unit::Count, "10 M"), Some(1e7));
        assert_eq!(r(Unit::Count, "2_000"), Some(2000.0));
        assert_eq!(r(Unit::Count, "2,,000"), None);
        assert_eq!(r(Unit::Count, ",5"), None);
        assert_eq!(r(Unit::Count, "."), None);
        assert_eq!(r(Unit::Count, "+5"), None);
        assert_eq!(r(Unit::Percent, "9,9%"), None);
        assert_eq!(r(Unit::Bytes, "10 GiB"), Some(10.0 * 1_073_741_824.0));
        assert!(hint(Unit::Millis, 1e13, "5M").unwrap().contains("`5m`"));
        assert!(hint(Unit::Percent, 100.0, "150%")
            .unwrap()
            .contains("100 %"));
    }

    /// ECMA-262 in unicode mode (check-jsonschema, browsers' `u` flag) refuses identity
    /// escapes of characters that are not syntax characters, such as `\%`.
    #[test]
    fn patterns_are_valid_in_unicode_mode() {
        for unit in [Unit::Count, Unit::Bytes, Unit::Percent, Unit::Millis] {
            let p = pattern(unit, 100.0);
            let mut chars = p.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    let next = chars.next().unwrap();
                    assert!(
                        "^$\\.*+?()[]{}|/t".contains(next),
                        "{unit:?}: \\{next} in {p}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_pattern_and_the_parser_agree() {
        let samples = [
            "0",
            "5",
            "5.",
            ".5",
            "10M",
            "10 M",
            "1.5k",
            "2,000",
            "2_000",
            "2,,000",
            "1e6",
            "99.95%",
            "100%",
            "100.0%",
            "100.01%",
            "150%",
            "007%",
            " 80 % ",
            "5M",
            "5m",
            "200ms",
            "2 S",
            "µs",
            "3µs",
            "10GiB",
            "10 gib",
            "1,000,000B",
            "1,000,001B",
            "-5",
            "+5",
            "",
            " ",
            "k",
            "5 k m",
            "12 parsecs",
            "1000000000000000",
            "9999999999999999",
            "100000000000000000000",
            ".",
            "1.2.3",
            "5\t%",
            "5\n",
        ];
        let cases = [
            (Unit::Count, 1e15),
            (Unit::Bytes, 1e21),
            (Unit::Percent, 100.0),
            (Unit::Percent, 10_000.0),
            (Unit::Millis, 1e13),
        ];
        for (unit, max) in cases {
            let schema = serde_json::json!({"type": "string", "pattern": pattern(unit, max)});
            let validator = jsonschema::validator_for(&schema).unwrap();
            for s in samples {
                let by_schema = validator.is_valid(&serde_json::json!(s));
                let parsed = read(unit, max, s);
                assert_eq!(by_schema, parsed.is_some(), "{unit:?} max {max}: {s:?}");
                if let Some(v) = parsed {
                    assert!(v <= max, "{unit:?} {s:?} = {v} > {max}");
                }
            }
        }
    }
}
