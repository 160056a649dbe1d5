//! HTML rendering of a report: one self-contained file (inline CSS, no scripts, nothing
//! fetched), every piece of text escaped. The diagram is drawn as inline SVG (`svg`),
//! with its connections listed and its Mermaid source alongside for tools that render it.

use super::diagram::Diagram;
use super::doc::{href, slug, Block, Doc, Inline};

/// Escapes text for HTML content and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push('\n'),
            c if crate::text::is_unsafe(c) => crate::text::push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

fn inline(i: &Inline) -> String {
    match i {
        Inline::Text(s) => esc(s),
        Inline::Strong(s) => format!("<strong>{}</strong>", esc(s)),
        Inline::Em(s) => format!("<em>{}</em>", esc(s)),
        Inline::Code(s) => format!("<code>{}</code>", esc(s)),
        Inline::Link { text, href: h } => {
            let target = href(h);
            // Only plain relative paths, anchors and http(s) links; nothing that runs code.
            let lower = target.to_ascii_lowercase();
            let scheme = lower.split(['/', '#', '?']).next().unwrap_or_default();
            if scheme.contains(':') && !matches!(scheme, "http:" | "https:") {
                esc(text)
            } else {
                format!("<a href=\"{}\">{}</a>", esc(&target), esc(text))
            }
        }
    }
}

fn line(l: &[Inline]) -> String {
    l.iter().map(inline).collect()
}

const STYLE: &str = "body{font:16px/1.5 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328;max-width:980px;margin:2rem auto;padding:0 1rem}
h1,h2{border-bottom:1px solid #d1d9e0;padding-bottom:.3em}h2{margin-top:2em}
table{border-collapse:collapse;margin:1em 0;display:block;overflow-x:auto}th,td{border:1px solid #d1d9e0;padding:6px 12px;vertical-align:top;text-align:left}th{background:#f6f8fa}
code{background:#eff1f3;border-radius:4px;padding:.1em .3em;font-size:90%}pre{background:#f6f8fa;padding:1em;overflow:auto}
a{color:#0969da}figure{margin:1em 0;overflow-x:auto}.flows{columns:2;font-size:90%}
.dg{max-width:100%;height:auto;font:12px system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif}
.dg text{text-anchor:middle;fill:#1f2328}.dg text.h{font-weight:600}.dg .t{font-size:11px;fill:#59636e}
.dg .n{fill:#fff;stroke:#57606a;stroke-width:1.2}.dg .e{fill:none;stroke:#57606a;stroke-width:1.2}.dg .d{stroke-dasharray:5 4}
.dg .a{fill:#57606a}.dg .l{fill:#fff;opacity:.9}.dg .b{fill:#fff8c5;fill-opacity:.35;stroke:#bf8700;stroke-dasharray:8 5}
.dg text.bt{text-anchor:start;fill:#9a6700;font-style:italic}
";

fn diagram(d: &Diagram) -> String {
    let mut o = String::from("<figure>\n");
    o.push_str(&super::svg::render(d, "Architecture diagram"));
    o.push_str("</figure>\n<details><summary>Connections</summary><ul class=\"flows\">\n");
    for e in &d.edges {
        let arrow = if e.both_ways { "↔" } else { "→" };
        let label = if e.label.is_empty() {
            String::new()
        } else {
            format!(": {}", esc(&e.label))
        };
        o.push_str(&format!(
            "<li>{} {arrow} {}{label}</li>\n",
            esc(&d.name_of(e.from)),
            esc(&d.name_of(e.to))
        ));
    }
    o.push_str("</ul></details>\n<details><summary>Mermaid source</summary>\n<pre><code class=\"language-mermaid\">");
    o.push_str(&esc(&d.mermaid()));
    o.push_str("</code></pre></details>\n");
    o
}

pub fn render(doc: &Doc) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"tradeoff\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&doc.title)
    );
    // Repeated headings get `-1`, `-2`... as on GitHub, so ids stay unique.
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for b in &doc.blocks {
        match b {
            Block::FrontMatter(_) => {}
            Block::Heading { level, text } => {
                let l = (*level).clamp(1, 6);
                let base = slug(text);
                let n = seen.entry(base.clone()).or_insert(0);
                let id = if *n == 0 { base } else { format!("{base}-{n}") };
                *n += 1;
                o.push_str(&format!("<h{l} id=\"{}\">{}</h{l}>\n", esc(&id), esc(text)));
            }
            Block::Para(l) => o.push_str(&format!("<p>{}</p>\n", line(l))),
            Block::List(items) => {
                o.push_str("<ul>\n");
                for i in items {
                    o.push_str(&format!("<li>{}</li>\n", line(i)));
                }
                o.push_str("</ul>\n");
            }
            Block::Table { head, rows } => {
                o.push_str("<table>\n<thead><tr>");
                for h in head {
                    o.push_str(&format!("<th>{}</th>", esc(h)));
                }
                o.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    o.push_str("<tr>");
                    for c in row {
                        o.push_str(&format!("<td>{}</td>", line(c)));
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n");
            }
            Block::Diagram(d) => o.push_str(&diagram(d)),
        }
    }
    o.push_str("</main>\n</body>\n</html>\n");
    crate::text::guard_line_starts(o, "&#58;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::link;

    #[test]
    fn escapes_text_and_refuses_script_links() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(inline(&link("x", "javascript:alert(1)")), "x");
        assert_eq!(
            inline(&link("w", "docs/wiki/a.md#b")),
            "<a href=\"docs/wiki/a.md#b\">w</a>"
        );
    }
}
