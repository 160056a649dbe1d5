//! A lint finding: id, severity, message, where, and what to do about it.

use crate::rules::model::Severity;
use crate::rules::Source;
use crate::yaml::Span;
use serde::Serialize;
use std::collections::BTreeMap;

/// Findings kept per file; past this many they are counted (per id and severity) but
/// not kept, so a file with 100,000 mistakes costs no more memory or output than one
/// with a hundred, and the output says how many more there are.
pub const MAX_PER_FILE: usize = 100;

/// Findings past the per-file cap: how many, per lint id and severity.
pub type Omitted = BTreeMap<(String, Severity), usize>;

/// Sorts findings by position and keeps the first `MAX_PER_FILE`; the rest are counted.
pub fn cap(diags: &mut Vec<Diagnostic>, omitted: &mut Omitted) {
    diags.sort_by_key(|d| (d.span.line, d.span.column));
    if diags.len() > MAX_PER_FILE {
        for d in diags.drain(MAX_PER_FILE..) {
            *omitted.entry((d.id, d.severity)).or_default() += 1;
        }
    }
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Diagnostic {
    /// Stable lint id (`unknown-field`, `decision-drift`, ...): `tradeoff explain <id>`.
    pub id: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub file: String,
    /// 1-based line and column; end exclusive. Line 0 means "the whole file".
    pub span: Span,
    /// The requirements field concerned, as a dotted path.
    pub field: Option<String>,
    /// The topic concerned (drift findings), for acceptances by topic.
    pub topic: Option<String>,
    /// Wiki section the finding rests on.
    pub source: Option<Source>,
    /// Set when the requirements file accepts this finding: the reason given.
    pub accepted: Option<String>,
}

impl Diagnostic {
    pub fn new(
        id: &str,
        severity: Severity,
        file: &str,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            id: id.to_string(),
            severity,
            message: message.into(),
            help: None,
            file: file.to_string(),
            span,
            field: None,
            topic: None,
            source: None,
            accepted: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

/// The whole file, for findings without a better place (empty file, unreadable bytes).
pub fn whole_file() -> Span {
    Span {
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
    }
}
