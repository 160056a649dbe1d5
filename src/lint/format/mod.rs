//! Lint output formats. Each takes finished results; none decides anything.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use super::diagnostic::{Diagnostic, Omitted};

/// One linted file: its label, text (for snippets) and findings.
#[derive(Default)]
pub struct FileResult {
    pub file: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings past the per-file cap, counted but not kept.
    pub omitted: Omitted,
    /// The file's output, rendered by the worker that checked it: one piece per
    /// diagnostic for JSON and SARIF (joined with separators), one for the others.
    pub rendered: Vec<String>,
    /// Set when checking the file hit a bug (a panic): the run fails, naming the file.
    pub failure: Option<String>,
}

impl FileResult {
    /// A file that could not be checked because of a bug; its findings are unknown.
    pub fn failed(file: String, message: String) -> Self {
        FileResult {
            file,
            failure: Some(message),
            ..FileResult::default()
        }
    }

    /// How many findings were left out of the output, in total.
    pub fn omitted_count(&self) -> usize {
        self.omitted.values().sum()
    }
}

/// Something to say about the run as a whole: a file whose check failed, or findings
/// left out of the output. Shown per file in human and GitHub output, and as tool
/// notifications in SARIF.
pub struct Note {
    pub file: String,
    pub text: String,
    /// True for a failure (the run did not complete for this file).
    pub failure: bool,
}

impl Note {
    pub fn failure(file: &str, message: &str) -> Note {
        Note {
            file: file.to_string(),
            text: message.to_string(),
            failure: true,
        }
    }

    pub fn omitted(r: &FileResult) -> Note {
        Note {
            file: r.file.clone(),
            text: omitted_text(r),
            failure: false,
        }
    }
}

/// "250 more findings not shown (unknown-field: 249, invalid-value: 1)".
pub fn omitted_text(r: &FileResult) -> String {
    let mut by_id: std::collections::BTreeMap<&str, usize> = Default::default();
    for ((id, _), n) in &r.omitted {
        *by_id.entry(id.as_str()).or_default() += n;
    }
    let ids: Vec<String> = by_id.iter().map(|(id, n)| format!("{id}: {n}")).collect();
    format!(
        "{} more finding{} not shown ({}); fix the ones above and lint again",
        r.omitted_count(),
        if r.omitted_count() == 1 { "" } else { "s" },
        ids.join(", ")
    )
}

/// Where a lint's documentation lives: `<base>#<id>`.
pub fn docs_url(base: &str, id: &str) -> String {
    format!("{base}#{id}")
}
