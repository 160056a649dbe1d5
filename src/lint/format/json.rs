//! JSON output: `{"version", "diagnostics": [...], "summary"}` (documented in README),
//! written as results arrive so memory stays flat in the number of files.

use crate::lint::diagnostic::Diagnostic;
use crate::rules::model::Severity;
use serde::Serialize;

#[derive(Serialize, Default)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub accepted: usize,
    /// Findings counted above but left out of `diagnostics` (past the per-file cap).
    pub not_shown: usize,
    /// Files whose check hit a bug: their findings are unknown and the run exits 2.
    pub failed: usize,
}

impl Summary {
    /// Counts `n` findings of a severity.
    pub fn count(&mut self, severity: Severity, n: usize) {
        match severity {
            Severity::Error => self.errors += n,
            Severity::Warning => self.warnings += n,
            Severity::Info => self.infos += n,
        }
    }
}

pub fn begin() -> String {
    "{\n  \"version\": 1,\n  \"diagnostics\": [".to_string()
}

/// One element of the `diagnostics` array; `first` decides the separator.
pub fn item(d: &Diagnostic, first: bool) -> String {
    let mut body = Vec::with_capacity(1024);
    let _ = d.serialize(&mut serde_json::Serializer::pretty(&mut body));
    let body = String::from_utf8(body).unwrap_or_default();
    let mut out = String::with_capacity(body.len() + body.len() / 4 + 8);
    out.push_str(if first { "\n" } else { ",\n" });
    // Pretty JSON has no raw line breaks inside strings: each line is indented.
    for (i, line) in body.split('\n').filter(|l| !l.is_empty()).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

pub fn end(summary: &Summary, any: bool) -> String {
    let s = serde_json::to_string_pretty(summary)
        .unwrap_or_default()
        .replace('\n', "\n  ");
    format!(
        "{}],\n  \"summary\": {s}\n}}\n",
        if any { "\n  " } else { "" }
    )
}
