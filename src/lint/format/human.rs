//! Human output: rustc-style snippets (annotate-snippets) and a summary line.
//!
//! Rendering is linear in the file: line starts are found once per file and each
//! finding's snippet is cut from them. Everything shown is escaped ([`crate::text`]):
//! messages, paths and the source lines themselves, so a file cannot drive the terminal.

use super::json::Summary;
use super::FileResult;
use crate::lint::diagnostic::Diagnostic;
use crate::rules::model::Severity;
use crate::text::{escape, is_unsafe};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

/// Snippets longer than this (a minified file, a huge scalar) are replaced by the
/// location alone, so output stays proportional to the number of findings.
const MAX_SNIPPET_BYTES: usize = 2_000;
/// Lines shown for one finding.
const MAX_SNIPPET_LINES: usize = 6;

/// Where each line of a text starts, found once per file.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    fn count(&self) -> usize {
        self.starts.len()
    }

    /// Line `n` (1-based) without its line ending.
    fn line(&self, n: usize) -> &'a str {
        let start = self.starts[n - 1];
        let end = self.starts.get(n).map_or(self.text.len(), |e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// The lines around a finding (escaped), the first line's number, and the byte range of
/// the finding within them; `None` when there is nothing sensible to show.
fn window(lines: &Lines, d: &Diagnostic) -> Option<(String, usize, std::ops::Range<usize>)> {
    let first = d.span.line.max(1);
    if first > lines.count() || d.span.line == 0 {
        return None;
    }
    let last = d
        .span
        .end_line
        .max(first)
        .min(first + MAX_SNIPPET_LINES - 1)
        .min(lines.count());
    if (first..=last).map(|n| lines.line(n).len()).sum::<usize>() > MAX_SNIPPET_BYTES {
        return None;
    }
    let mut source = String::new();
    let (mut start, mut end) = (None, None);
    for n in first..=last {
        let line = lines.line(n);
        let start_col = (n == first).then_some(d.span.column.max(1));
        let end_col = (n == last).then_some(if d.span.end_line == n {
            d.span.end_column.max(1)
        } else {
            line.chars().count() + 1
        });
        for (col, c) in (1..).zip(line.chars()) {
            if start_col == Some(col) {
                start = Some(source.len());
            }
            if end_col == Some(col) {
                end = Some(source.len());
            }
            if c == '\t' || !is_unsafe(c) {
                source.push(c);
            } else {
                crate::text::push_escaped(&mut source, c);
            }
        }
        // A column past the end of the line points at its end.
        start = start.or(start_col.map(|_| source.len()));
        end = end.or(end_col.map(|_| source.len()));
        source.push('\n');
    }
    let start = start.unwrap_or(0);
    let mut end = end.unwrap_or(start);
    if end <= start {
        // Mark one character (never half of one).
        end = source[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    Some((source, first, start..end))
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
        let lines = Lines::new(&r.text);
        let file = escape(&r.file);
        for d in &r.diagnostics {
            if d.accepted.is_some() && !show_accepted {
                continue;
            }
            let title = match &d.accepted {
                Some(_) => format!("{} (accepted)", escape(&d.message)),
                None => escape(&d.message).into_owned(),
            };
            let mut groups = Vec::new();
            let head = level(d.severity)
                .primary_title(title.as_str())
                .id(d.id.as_str());
            let snippet = if r.text.is_empty() {
                None
            } else {
                window(&lines, d)
            };
            let group = match &snippet {
                Some((source, line_start, range)) => head.element(
                    Snippet::source(source.as_str())
                        .line_start(*line_start)
                        .path(file.as_ref())
                        .annotation(AnnotationKind::Primary.span(range.clone())),
                ),
                None => head.element(
                    Origin::path(file.as_ref())
                        .line(d.span.line.max(1))
                        .char_column(d.span.column.max(1)),
                ),
            };
            groups.push(group);
            if let Some(h) = &d.help {
                groups.push(Group::with_title(
                    Level::HELP.secondary_title(escape(h).into_owned()),
                ));
            }
            if let Some(reason) = &d.accepted {
                groups.push(Group::with_title(
                    Level::NOTE.secondary_title(format!("accepted: {}", escape(reason))),
                ));
            }
            if let Some(src) = &d.source {
                groups.push(Group::with_title(
                    Level::NOTE.secondary_title(format!("wiki: {}", escape(&src.section))),
                ));
            }
            out.push_str(&renderer.render(&groups));
            out.push_str("\n\n");
        }
        if !r.omitted.is_empty() {
            out.push_str(&format!("note: {file}: {}\n\n", super::omitted_text(r)));
        }
    }
    out
}

/// `12 files checked: 1 error, 2 warnings, 3 info, 1 accepted` (and what was not shown
/// or could not be checked). `infos_hidden`: info findings were summarised per file.
pub fn summary(s: &Summary, infos_hidden: bool) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut line = format!(
        "{} file{} checked: {} error{}, {} warning{}, {} info",
        s.files,
        plural(s.files),
        s.errors,
        plural(s.errors),
        s.warnings,
        plural(s.warnings),
        s.infos
    );
    if infos_hidden && s.infos > 0 {
        line.push_str(" (not listed; --show-infos lists them)");
    }
    if s.accepted > 0 {
        line.push_str(&format!(", {} accepted", s.accepted));
    }
    if s.not_shown > 0 {
        line.push_str(&format!(", {} not shown", s.not_shown));
    }
    if s.failed > 0 {
        line.push_str(&format!(
            "; {} file{} could not be checked (internal error, see above)",
            s.failed,
            plural(s.failed)
        ));
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::diagnostic::whole_file;
    use crate::yaml::Span;

    fn diag(span: Span) -> Diagnostic {
        Diagnostic::new("x", Severity::Error, "f", span, "m")
    }

    #[test]
    fn windows_never_split_a_character_and_escape_controls() {
        let lines = Lines::new("é\u{1b}[2Jx: 1\nb: 2\n");
        let (source, first, range) = window(&lines, &diag(whole_file())).unwrap();
        assert_eq!(first, 1);
        assert_eq!(&source[range], "é");
        assert!(!source.contains('\u{1b}'), "{source:?}");
        let span = Span {
            line: 1,
            column: 3,
            end_line: 1,
            end_column: 4,
        };
        let (source, _, range) = window(&lines, &diag(span)).unwrap();
        assert_eq!(&source[range], "[");
        let past = Span {
            line: 2,
            column: 40,
            end_line: 2,
            end_column: 41,
        };
        let (source, _, range) = window(&lines, &diag(past)).unwrap();
        assert_eq!(range.start, source.len() - 1);
        assert!(window(&lines, &diag(Span { line: 9, ..past })).is_none());
    }
}
