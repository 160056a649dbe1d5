//! Lint output formats. Each takes finished results; none decides anything.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use super::diagnostic::Diagnostic;

/// One linted file: its label, text (for snippets) and findings.
pub struct FileResult {
    pub file: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The file's output, rendered by the worker that checked it: one piece per
    /// diagnostic for JSON and SARIF (joined with separators), one for the others.
    pub rendered: Vec<String>,
}

/// Where a lint's documentation lives: `<base>#<id>`.
pub fn docs_url(base: &str, id: &str) -> String {
    format!("{base}#{id}")
}
