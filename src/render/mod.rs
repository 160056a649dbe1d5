//! Renderers: turn an assessment (or rule data) into text, Markdown, JSON or YAML.
//! No decisions are made here.

pub mod explain;
pub mod explain_json;
pub mod markdown;
pub mod parts;
pub mod text;

use crate::engine::Assessment;

pub fn json(a: &Assessment) -> String {
    let mut s = serde_json::to_string_pretty(a).unwrap_or_default();
    s.push('\n');
    s
}

pub fn yaml(a: &Assessment) -> String {
    serde_saphyr::to_string(a).unwrap_or_default()
}

/// Greedy word wrap; continuation lines get `indent`. Words are split at whitespace and
/// other control characters in them are shown as escapes; a line that would start with
/// `::` (a CI workflow command) gets a backslash first.
pub fn wrap(text: &str, width: usize, first: &str, indent: &str) -> String {
    let mut out = String::with_capacity(
        text.len() + text.len() / width.max(1) * (indent.len() + 1) + first.len() + 1,
    );
    // The current line is `out[start..]`, `len` characters long.
    out.push_str(first);
    let mut start = 0;
    let mut len = first.chars().count();
    let mut empty = true;
    // Printable ASCII with blanks (nearly every text): words are split at ASCII blanks,
    // need no escapes, and count a character a byte.
    let plain = text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r'));
    let words: &mut dyn Iterator<Item = &str> = if plain {
        &mut text.split_ascii_whitespace()
    } else {
        &mut text.split_whitespace()
    };
    for word in words {
        let (word, chars) = if plain {
            (std::borrow::Cow::Borrowed(word), word.len())
        } else {
            let word = crate::text::escape(word);
            let chars = word.chars().count();
            (word, chars)
        };
        if !empty && len + 1 + chars > width {
            trim_end_from(&mut out, start);
            out.push('\n');
            start = out.len();
            out.push_str(indent);
            len = indent.chars().count();
            empty = true;
        }
        if !empty {
            out.push(' ');
            len += 1;
        }
        if out.len() == start && word.starts_with("::") {
            out.push('\\');
            len += 1;
        }
        out.push_str(&word);
        len += chars;
        empty = false;
    }
    trim_end_from(&mut out, start);
    out.push('\n');
    out
}

/// Drops trailing whitespace of the line that starts at byte `start` of `out`.
fn trim_end_from(out: &mut String, start: usize) {
    let kept = out[start..].trim_end().len();
    out.truncate(start + kept);
}

/// Derived figures that the capacity plan shows (left out of the plain figures list).
pub fn in_plan(fact: &str) -> bool {
    const PLAN: [&str; 11] = [
        "derived.app_instances",
        "derived.app_instances_3y",
        "derived.write_load",
        "derived.write_load_3y",
        "derived.read_replicas_3y",
        "derived.shards_now",
        "derived.shards_3y",
        "derived.cache_memory",
        "derived.cache_nodes",
        "derived.partitions",
        "derived.connection_servers",
    ];
    PLAN.contains(&fact)
}

/// The planning figure part of a plan line's arithmetic ("500 requests/s per app instance").
pub fn per(arithmetic: &str) -> &str {
    arithmetic.split(" at ").nth(1).unwrap_or(arithmetic)
}
