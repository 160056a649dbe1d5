//! Human output: rustc-style snippets (annotate-snippets) and a summary line.

use super::FileResult;
use crate::lint::diagnostic::Diagnostic;
use crate::rules::model::Severity;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// The lines around a finding, and the byte range of the finding within them.
fn window(text: &str, d: &Diagnostic) -> (String, usize, std::ops::Range<usize>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let first = d.span.line.max(1);
    let last = d
        .span
        .end_line
        .max(first)
        .min(first + 5)
        .min(lines.len().max(1));
    let mut source = String::new();
    let mut start = 0;
    let mut end = 0;
    for (i, line) in lines.iter().enumerate().take(last).skip(first - 1) {
        let line = line.trim_end_matches('\r');
        let n = i + 1;
        let offset = source.len();
        let byte_at = |col: usize| {
            line.char_indices()
                .nth(col.saturating_sub(1))
                .map_or(line.len(), |(b, _)| b)
        };
        if n == first {
            start = offset + byte_at(d.span.column);
        }
        if n == last {
            let col = if d.span.end_line == n {
                d.span.end_column
            } else {
                line.chars().count() + 1
            };
            end = offset + byte_at(col);
        }
        source.push_str(line);
        source.push('\n');
    }
    if end <= start {
        end = (start + 1).min(source.len().max(start));
    }
    (source, first, start..end)
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

pub fn render(results: &[FileResult], color: bool, show_accepted: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for r in results {
        for d in &r.diagnostics {
            if d.accepted.is_some() && !show_accepted {
                continue;
            }
            let title = match &d.accepted {
                Some(_) => format!("{} (accepted)", d.message),
                None => d.message.clone(),
            };
            let mut groups = Vec::new();
            let head = level(d.severity)
                .primary_title(title.as_str())
                .id(d.id.as_str());
            let (source, line_start, range) = window(&r.text, d);
            let group = if d.span.line > 0 && !r.text.is_empty() {
                head.element(
                    Snippet::source(source.as_str())
                        .line_start(line_start)
                        .path(d.file.as_str())
                        .annotation(AnnotationKind::Primary.span(range)),
                )
            } else {
                Group::with_title(head)
            };
            groups.push(group);
            let mut notes = Vec::new();
            if let Some(h) = &d.help {
                notes.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
            }
            if let Some(reason) = &d.accepted {
                notes.push(Group::with_title(
                    Level::NOTE.secondary_title(format!("accepted: {reason}")),
                ));
            }
            if let Some(src) = &d.source {
                notes.push(Group::with_title(
                    Level::NOTE.secondary_title(format!("wiki: {}", src.section)),
                ));
            }
            groups.extend(notes);
            out.push_str(&renderer.render(&groups));
            out.push_str("\n\n");
        }
    }
    out
}
