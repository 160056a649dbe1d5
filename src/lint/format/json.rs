//! JSON output: `{"version", "summary", "diagnostics": [...]}` (documented in README).

use super::FileResult;
use serde::Serialize;

#[derive(Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub accepted: usize,
}

pub fn render(results: &[FileResult], summary: &Summary, show_accepted: bool) -> String {
    let diagnostics: Vec<_> = results
        .iter()
        .flat_map(|r| r.diagnostics.iter())
        .filter(|d| show_accepted || d.accepted.is_none())
        .collect();
    let doc = serde_json::json!({ "version": 1, "summary": summary, "diagnostics": diagnostics });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
