//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.

use super::FileResult;
use crate::rules::model::Severity;

/// Escapes a workflow-command property (`%`, CR, LF, `:` and `,`).
fn property(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Escapes a workflow-command message (`%`, CR, LF).
fn message(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub fn render(results: &[FileResult], show_accepted: bool) -> String {
    let mut out = String::new();
    for r in results {
        for d in &r.diagnostics {
            if d.accepted.is_some() && !show_accepted {
                continue;
            }
            let level = match (d.severity, d.accepted.is_some()) {
                (_, true) | (Severity::Info, _) => "notice",
                (Severity::Warning, _) => "warning",
                (Severity::Error, _) => "error",
            };
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!("\nhelp: {h}"));
            }
            if let Some(reason) = &d.accepted {
                text.push_str(&format!("\naccepted: {reason}"));
            }
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(&d.file),
                d.span.line,
                d.span.column,
                d.span.end_line,
                d.span.end_column,
                property(&format!("tradeoff {}", d.id)),
                message(&text)
            ));
        }
    }
    out
}
