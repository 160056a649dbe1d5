//! GitLab Code Quality (a subset of the Code Climate spec): a JSON array of
//! issues with `description`, `check_name`, `fingerprint`, `severity` and
//! `location` (`path`, `lines.begin`/`end`), for `artifacts:reports:codequality`.
//! Fingerprints hash the file, lint id, field and message (not the line), so an
//! issue keeps its identity when lines move and the merge request widget shows
//! only what a change introduced or fixed.

use crate::lint::diagnostic::Diagnostic;
use crate::rules::model::Severity;
use serde::Serialize;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

fn severity(d: &Diagnostic) -> &'static str {
    match (d.accepted.is_some(), d.severity) {
        (true, _) | (_, Severity::Info) => "info",
        (_, Severity::Warning) => "minor",
        (_, Severity::Error) => "major",
    }
}

/// FNV-1a, 64 bits: a stable hash without a dependency.
fn fnv(seed: u64, parts: &[&str]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for p in parts {
        for b in p.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

pub fn begin() -> String {
    "[".into()
}

/// The issues of one file, one JSON element each. `repeat` counts findings with
/// the same id, field and message earlier in the file, so fingerprints stay unique.
pub fn items(diags: &[&Diagnostic]) -> Vec<String> {
    let mut seen: Vec<(&str, Option<&str>, &str)> = Vec::new();
    diags
        .iter()
        .map(|d| {
            let key = (d.id.as_str(), d.field.as_deref(), d.message.as_str());
            let repeat = seen.iter().filter(|k| **k == key).count().to_string();
            seen.push(key);
            let parts = [
                d.file.as_str(),
                d.id.as_str(),
                d.field.as_deref().unwrap_or(""),
                d.message.as_str(),
                repeat.as_str(),
            ];
            let mut description = d.message.clone();
            if let Some(h) = &d.help {
                description.push_str(&format!(" (help: {h})"));
            }
            if let Some(reason) = &d.accepted {
                description.push_str(&format!(" (accepted: {reason})"));
            }
            let issue = Issue {
                description,
                check_name: &d.id,
                fingerprint: format!("{:016x}{:016x}", fnv(0, &parts), fnv(0x9e37_79b9, &parts)),
                severity: severity(d),
                location: Location {
                    path: &d.file,
                    lines: Lines {
                        begin: d.span.line.max(1),
                        end: d.span.end_line.max(d.span.line).max(1),
                    },
                },
            };
            format!("\n  {}", serde_json::to_string(&issue).unwrap_or_default())
        })
        .collect()
}

pub fn end(any: bool) -> String {
    if any { "\n]\n" } else { "]\n" }.into()
}
