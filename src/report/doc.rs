//! The report's document model (headings, paragraphs, lists, tables, diagram) and its
//! Markdown rendering. Sections build a `Doc`; `markdown` and `super::html` only lay it out,
//! so both formats say the same thing and every piece of text is escaped in one place.

use super::diagram::Diagram;

/// A run of text inside a paragraph, list item or table cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Em(String),
    /// A field name or id; shown as code when that is safe.
    Code(String),
    Link {
        text: String,
        href: String,
    },
}

pub type Line = Vec<Inline>;

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Level 1 is the document title; GitHub derives the anchor from the text (`slug`).
    Heading {
        level: usize,
        text: String,
    },
    Para(Line),
    List(Vec<Line>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<Line>>,
    },
    Diagram(Diagram),
    /// YAML front matter (Markdown only), keys with values already made safe.
    FrontMatter(Vec<(String, String)>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Doc {
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }

    pub fn heading(&mut self, level: usize, text: impl Into<String>) {
        self.push(Block::Heading {
            level,
            text: text.into(),
        });
    }

    pub fn para(&mut self, line: Line) {
        self.push(Block::Para(line));
    }

    pub fn list(&mut self, items: Vec<Line>) {
        if !items.is_empty() {
            self.push(Block::List(items));
        }
    }

    pub fn table(&mut self, head: &[&str], rows: Vec<Vec<Line>>) {
        if !rows.is_empty() {
            self.push(Block::Table {
                head: head.iter().map(|h| h.to_string()).collect(),
                rows,
            });
        }
    }

    /// Appends another document's blocks with their headings moved down by `shift` levels.
    pub fn extend_shifted(&mut self, other: Doc, shift: usize) {
        for b in other.blocks {
            match b {
                Block::Heading { level, text } => self.heading(level + shift, text),
                Block::FrontMatter(_) => {}
                b => self.push(b),
            }
        }
    }
}

pub fn t(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

pub fn strong(s: impl Into<String>) -> Inline {
    Inline::Strong(s.into())
}

pub fn em(s: impl Into<String>) -> Inline {
    Inline::Em(s.into())
}

pub fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

pub fn link(text: impl Into<String>, href: impl Into<String>) -> Inline {
    Inline::Link {
        text: text.into(),
        href: href.into(),
    }
}

pub use crate::rules::wiki::slug;

/// Escapes text for Markdown: `cell` (pipes, backticks, emphasis, brackets, angle brackets,
/// headings, newlines) plus what it leaves to GitHub's extensions: `&` entities, `~~`
/// strikethrough and `$` math.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    crate::render::markdown::push_mapped(&mut out, s, |c| match c {
        '&' => Some("&amp;"),
        '~' => Some("\\~"),
        '$' => Some("\\$"),
        c => crate::render::markdown::cell_char(c),
    });
    out
}

/// Makes a link target safe inside `(...)` and inside an HTML attribute.
pub fn href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            '`' => out.push_str("%60"),
            '|' => out.push_str("%7C"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn inline_md(i: &Inline) -> String {
    match i {
        Inline::Text(s) => md_text(s),
        Inline::Strong(s) if s.trim().is_empty() => md_text(s),
        Inline::Strong(s) => format!("**{}**", md_text(s.trim())),
        Inline::Em(s) if s.trim().is_empty() => md_text(s),
        Inline::Em(s) => format!("*{}*", md_text(s.trim())),
        // A code span cannot hold a backtick or (in a table) a pipe; fall back to text.
        Inline::Code(s)
            if s.contains(['`', '|'])
                || s.chars().any(crate::text::is_unsafe)
                || s.trim().is_empty() =>
        {
            md_text(s)
        }
        Inline::Code(s) => format!("`{s}`"),
        Inline::Link { text, href: h } => format!("[{}]({})", md_text(text), href(h)),
    }
}

/// One line of inlines; a leading `-`, `+` or `1.` would start a list, and a leading
/// `::` would read as a CI workflow command when the file is printed, so they are escaped.
pub fn line_md(line: &[Inline]) -> String {
    let s: String = line.iter().map(inline_md).collect();
    if s.starts_with("::") {
        return format!("\\{s}");
    }
    // A list marker is followed by a space or ends the line.
    let marker_end = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if s.starts_with(['-', '+']) && marker_end(&s[1..]) {
        format!("\\{s}")
    } else if digits > 0 && s[digits..].starts_with(['.', ')']) && marker_end(&s[digits + 1..]) {
        format!("{}\\{}", &s[..digits], &s[digits..])
    } else {
        s
    }
}

pub fn markdown(doc: &Doc) -> String {
    let mut o = String::new();
    for b in &doc.blocks {
        match b {
            Block::FrontMatter(pairs) => {
                o.push_str("---\n");
                for (k, v) in pairs {
                    o.push_str(&format!("{k}: {v}\n"));
                }
                o.push_str("---\n\n");
            }
            Block::Heading { level, text } => {
                o.push_str(&format!("{} {}\n\n", "#".repeat(*level), md_text(text)));
            }
            Block::Para(line) => {
                o.push_str(&line_md(line));
                o.push_str("\n\n");
            }
            Block::List(items) => {
                for item in items {
                    o.push_str(&format!("- {}\n", line_md(item)));
                }
                o.push('\n');
            }
            Block::Table { head, rows } => {
                o.push_str(&format!(
                    "| {} |\n|{}\n",
                    head.iter()
                        .map(|h| md_text(h))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    "---|".repeat(head.len())
                ));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| line_md(c)).collect();
                    o.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
                o.push('\n');
            }
            Block::Diagram(d) => {
                o.push_str("```mermaid\n");
                o.push_str(&d.mermaid());
                o.push_str("```\n\n");
            }
        }
    }
    // One newline at the end, not two.
    while o.ends_with("\n\n") {
        o.pop();
    }
    crate::text::guard_line_starts(o, "\\:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_break_tables_or_start_lists() {
        let s = line_md(&[t("1. a | b `c` <script> ~~x~~ $y$ &amp;")]);
        assert_eq!(
            s,
            "1\\. a \\| b \\`c\\` \\<script\\> \\~\\~x\\~\\~ \\$y\\$ &amp;amp;"
        );
        assert_eq!(line_md(&[t("- x")]), "\\- x");
        assert_eq!(line_md(&[t("-6")]), "-6");
        assert_eq!(line_md(&[t("2.47M")]), "2.47M");
        assert_eq!(line_md(&[code("a|b")]), "a\\|b");
        assert_eq!(line_md(&[code("scale.users")]), "`scale.users`");
    }

    #[test]
    fn slugs_follow_github() {
        assert_eq!(
            slug("ADR-0003: Object Storage vs Block Storage"),
            "adr-0003-object-storage-vs-block-storage"
        );
    }
}
