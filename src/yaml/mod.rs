//! YAML input: reading sources safely and deserializing with located errors.
//!
//! All YAML the tool reads (requirements, rules) goes through here so that the
//! same limits apply everywhere: a size cap, UTF-8 only, serde-saphyr's budget
//! against alias bombs and deep nesting, and duplicate keys rejected.

mod index;

pub use index::{Entry, Index, Span};

use crate::error::{did_you_mean, Error, Location, Result};
use serde::de::DeserializeOwned;
use std::io::Read;
use std::path::Path;

/// Largest input accepted, in bytes. Requirements and rule files are a few KB.
pub const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a file (or standard input for `-`) as UTF-8 text; returns (label, text).
pub fn read_source(path: &Path) -> Result<(String, String)> {
    let label = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        if path.is_dir() {
            return Err(Error::input(format!("{label} is a directory, not a file"))
                .help("pass a requirements file (YAML)"));
        }
        std::fs::File::open(path).and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::io(path, e))?;
    let text = decode(&label, bytes)?;
    Ok((label, text))
}

/// Checks size and encoding of raw input and strips a byte-order mark.
pub fn decode(label: &str, bytes: Vec<u8>) -> Result<String> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::input(format!(
            "{label} is larger than {} MB",
            MAX_INPUT_BYTES / 1024 / 1024
        ))
        .at(Location::new(label, 0, 0))
        .help("requirements files are small YAML documents; is this the right file?"));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let column =
                valid.len() - valid.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1) + 1;
            Err(Error::input("the file is not valid UTF-8 text")
                .at(Location::new(label, line, column))
                .help("save the file as UTF-8"))
        }
    }
}

fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_documents = 1;
    budget.max_nodes = 200_000;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    // YAML 1.2: only true/false are booleans, as in the lint's own parser.
    options.strict_booleans = true;
    options
}

/// Deserializes one YAML document into `T`, turning errors into located `Error`s.
pub fn from_str<T: DeserializeOwned>(label: &str, text: &str) -> Result<T> {
    if text.trim().is_empty()
        || text.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
        })
    {
        return Err(Error::input(format!("{label} is empty"))
            .at(Location::new(label, 0, 0))
            .help("a requirements file is a YAML mapping, for example `scale: {users: 10k}`"));
    }
    if let Some((line, column)) = nul_at(text) {
        return Err(Error::input("the file contains a NUL byte; is it binary?")
            .at(Location::new(label, line, column)));
    }
    let index = Index::build(label, text)?;
    if let Some((path, c)) = control_char(&index.value, &mut String::new()) {
        let span = index.value(&path).unwrap_or_default();
        return Err(Error::input(format!(
            "`{path}` contains the control character U+{:04X}",
            c as u32
        ))
        .at(Location::new(label, span.line, span.column))
        .help("text in rule files is printed to terminals and reports; remove the character"));
    }
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| convert(label, e, &index))
}

/// The first key or string holding a control character (other than a newline or a
/// tab), with its path: rule texts reach terminals, reports and diagrams as they are.
fn control_char(v: &serde_json::Value, path: &mut String) -> Option<(String, char)> {
    let bad = |s: &str| {
        s.chars()
            .find(|c| *c != '\n' && *c != '\t' && crate::text::is_unsafe(*c))
    };
    match v {
        serde_json::Value::String(s) => bad(s).map(|c| (path.clone(), c)),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = control_char(item, path);
            path.truncate(len);
            found
        }),
        serde_json::Value::Object(map) => map.iter().find_map(|(k, item)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            let found = bad(k)
                .map(|c| (path.clone(), c))
                .or_else(|| control_char(item, path));
            path.truncate(len);
            found
        }),
        _ => None,
    }
}

/// Line and column (1-based) of the first NUL byte: text with one is binary data.
pub fn nul_at(text: &str) -> Option<(usize, usize)> {
    let pos = text.find('\0')?;
    let before = &text[..pos];
    let line = before.matches('\n').count() + 1;
    Some((line, pos - before.rfind('\n').map_or(0, |p| p + 1) + 1))
}

fn convert(label: &str, err: serde_saphyr::Error, index: &Index) -> Error {
    let location = err
        .location()
        .map(|l| (l.line() as usize, l.column() as usize));
    let text = err.to_string();
    let mut message = text
        .lines()
        .next()
        .unwrap_or("invalid YAML")
        .trim()
        .to_string();
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    let mut out = Error::input(message.clone());
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((name, expected)) = rest.split_once('`') {
            let candidates: Vec<&str> = expected
                .trim_start_matches(", expected one of ")
                .trim_start_matches(", expected ")
                .split(", ")
                .map(|c| c.trim_matches('`'))
                .collect();
            out = Error::input(format!("unknown field `{name}`"));
            out.help = Some(match did_you_mean(name, candidates.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("expected one of: {}", candidates.join(", ")),
            });
        }
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        if let Some((name, expected)) = rest.split_once('`') {
            let candidates: Vec<&str> = expected
                .trim_start_matches(", expected one of ")
                .trim_start_matches(", expected ")
                .split(", ")
                .map(|c| c.trim_matches('`'))
                .collect();
            out = Error::input(format!("unknown value `{name}`"));
            out.help = Some(match did_you_mean(name, candidates.iter().copied()) {
                Some(best) => format!("did you mean `{best}`? allowed: {}", candidates.join(", ")),
                None => format!("allowed values: {}", candidates.join(", ")),
            });
        }
    } else if message.starts_with("expected mapping start") || message.contains("invalid type") {
        out.help = Some("check the value's type against `tradeoff schema requirements`".into());
    }
    if let Some((line, column)) = location {
        out = out.at(Location::new(label, line, column));
        if let Some(path) = index.path_at(line, column) {
            if !path.is_empty() {
                out = out.field(path.to_string());
            }
        }
    }
    out
}
