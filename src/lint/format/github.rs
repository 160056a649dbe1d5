//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
//!
//! Every line starts with `::` and a level we choose. User text is escaped as the
//! runner expects (`%`, CR, LF; also `:` and `,` in properties), and other control
//! characters are shown as `\u{…}`, so no message can end its line and start a
//! workflow command of its own.

use super::FileResult;
use crate::rules::model::Severity;

/// Escapes a workflow-command property (`%`, CR, LF, `:` and `,`).
fn property(s: &str) -> String {
    message(s).replace(':', "%3A").replace(',', "%2C")
}

/// Escapes a workflow-command message (`%`, CR, LF; other controls as `\u{…}`).
fn message(s: &str) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::text::escape(&s).into_owned()
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
        if !r.omitted.is_empty() {
            out.push_str(&format!(
                "::notice file={},title={}::{}\n",
                property(&r.file),
                property("tradeoff"),
                message(&super::omitted_text(r))
            ));
        }
    }
    out
}
