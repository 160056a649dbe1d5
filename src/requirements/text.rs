//! Text fields with a shape, checked when a requirements file is read: an
//! acceptance's `reason` must say something, its `expires` must be a real date.
//! The schema states the same rules (a pattern, `format: date`), so an editor,
//! `lint` and `advise` agree on what is valid.

use serde::{de, Deserialize, Deserializer};

/// Blank means only spaces, tabs and line breaks: what the schema's pattern
/// `[^ \t\r\n]` (one other character) rules out.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}

pub fn not_blank<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if is_blank(&s) {
        return Err(de::Error::custom(
            "the reason is blank; say why the finding is accepted",
        ));
    }
    Ok(s)
}

pub fn optional_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    if let Some(text) = &s {
        if crate::lint::date::parse(text).is_none() {
            return Err(de::Error::custom(format!(
                "{text:?} is not a date: write YYYY-MM-DD (a real day of the calendar)"
            )));
        }
    }
    Ok(s)
}
