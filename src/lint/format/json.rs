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
    let body = serde_json::to_string_pretty(d).unwrap_or_default();
    let indented = body
        .lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n");
    format!("{}\n{indented}", if first { "" } else { "," })
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
