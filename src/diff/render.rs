//! `tradeoff diff` output: text for a log, Markdown for a pull-request comment
//! (a headline and the decisions table, the rest folded in `<details>`), JSON.
//! Every piece of user text is escaped for the format it lands in.

use super::compare::{Changes, DecisionChange, FieldChange, Finding, Report, Tension};
use crate::text::escape;
use serde_json::Value;

/// A requirement value as written (`900k`, `[joins, ranges]`), or `(not set)`; control
/// characters escaped, so a value cannot end its line or drive the terminal.
fn value(v: &Option<Value>) -> String {
    let shown = match v {
        None => "(not set)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Some(other) => other.to_string(),
    };
    escape(&shown).into_owned()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line: what the change does to the design.
fn headline(r: &Report) -> String {
    let mut parts = [
        plural(r.decisions.len(), "decision changes", "decisions change"),
        format!(
            "{} new, {} cleared",
            plural(r.tensions.added.len(), "tension", "tensions"),
            r.tensions.cleared.len()
        ),
        format!(
            "{} new, {} cleared",
            plural(r.findings.added.len(), "lint finding", "lint findings"),
            r.findings.cleared.len()
        ),
        plural(r.figures.len(), "figure moves", "figures move"),
    ];
    if r.decisions.is_empty() {
        parts[0] = "no decision changes".into();
    }
    parts.join("; ")
}

fn cause(d: &DecisionChange, fields: &[FieldChange]) -> String {
    if d.caused_by.is_empty() {
        return "the changes together (no single one moves it)".into();
    }
    d.caused_by
        .iter()
        .map(|f| {
            let c = fields.iter().find(|c| &c.field == f);
            match c {
                Some(c) => format!("{f} {} → {}", value(&c.before), value(&c.after)),
                None => f.clone(),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn text(r: &Report) -> String {
    let (old, new) = (escape(&r.old), escape(&r.new));
    let mut o = format!("tradeoff diff {old} → {new}\n{}\n", headline(r));
    if !r.old_exists {
        o.push_str(&format!(
            "({old} does not exist: compared with an empty file)\n"
        ));
    }
    if r.is_empty() {
        o.push_str("\nNo change to the requirements.\n");
        return o;
    }
    if !r.decisions.is_empty() {
        o.push_str("\nDecisions\n");
        for d in &r.decisions {
            o.push_str(&format!("  {}: {} → {}\n", d.topic, d.from, d.to));
            if let Some(b) = &d.because {
                o.push_str(&format!("    because: {b}\n"));
            }
            o.push_str(&format!("    caused by: {}\n", cause(d, &r.requirements)));
        }
    }
    if !r.requirements.is_empty() {
        o.push_str("\nRequirements\n");
        for c in &r.requirements {
            o.push_str(&format!(
                "  {}: {} → {}\n",
                escape(&c.field),
                value(&c.before),
                value(&c.after)
            ));
        }
    }
    let list = |o: &mut String, title: &str, c: &Changes<String>| {
        if c.is_empty() {
            return;
        }
        o.push_str(&format!("\n{title}\n"));
        for a in &c.added {
            o.push_str(&format!("  + {a}\n"));
        }
        for a in &c.cleared {
            o.push_str(&format!("  - {a}\n"));
        }
    };
    list(&mut o, "Tensions", &lines(&r.tensions, tension_line));
    list(&mut o, "Lint findings", &lines(&r.findings, finding_line));
    if !r.figures.is_empty() {
        o.push_str("\nFigures\n");
        for f in &r.figures {
            o.push_str(&format!(
                "  {}: {} → {}\n",
                f.label,
                f.before.as_deref().unwrap_or("(none)"),
                f.after.as_deref().unwrap_or("(none)")
            ));
        }
    }
    o
}

fn lines<T>(c: &Changes<T>, f: fn(&T) -> String) -> Changes<String> {
    Changes {
        added: c.added.iter().map(f).collect(),
        cleared: c.cleared.iter().map(f).collect(),
    }
}

fn tension_line(t: &Tension) -> String {
    let line = format!(
        "{} [{}] ({}): {}",
        t.id,
        t.severity,
        t.topics.join(", "),
        t.message
    );
    escape(&line).into_owned()
}

fn finding_line(f: &Finding) -> String {
    let line = format!("{}[{}] {}: {}", f.severity, f.id, f.at, f.message);
    escape(&line).into_owned()
}

/// Markdown-safe text: the report's escaping, and `@` so a comment pings no one.
fn md(s: &str) -> String {
    crate::report::doc::md_text(s).replace('@', "\\@")
}

/// Inline code that cannot be broken out of (backticks dropped, pipes and control
/// characters escaped).
fn code(s: &str) -> String {
    let clean: String = escape(s)
        .chars()
        .map(|c| match c {
            '`' => '\'',
            '\n' | '\r' => ' ',
            c => c,
        })
        .collect();
    format!("`{}`", clean.replace('|', "\\|"))
}

pub fn markdown(r: &Report) -> String {
    let mut o = format!(
        "### tradeoff: design changes in {}\n\n**{}**\n\n",
        code(&r.new),
        md(&headline(r))
    );
    if !r.old_exists {
        o.push_str(&format!(
            "{} does not exist: compared with an empty file.\n\n",
            code(&r.old)
        ));
    }
    if r.is_empty() {
        o.push_str("No change to the requirements.\n");
        return o;
    }
    if !r.decisions.is_empty() {
        o.push_str("| Topic | From | To | Because | Caused by |\n|---|---|---|---|---|\n");
        for d in &r.decisions {
            o.push_str(&format!(
                "| {} | {} | **{}** | {} | {} |\n",
                md(&d.title),
                md(&d.from_name),
                md(&d.to_name),
                md(d.because.as_deref().unwrap_or("")),
                md(&cause(d, &r.requirements))
            ));
        }
        o.push('\n');
    }
    let details = |o: &mut String, summary: String, body: String| {
        o.push_str(&format!(
            "<details><summary>{summary}</summary>\n\n{body}\n</details>\n\n"
        ));
    };
    if !r.requirements.is_empty() {
        let mut body = String::from("| Field | Before | After |\n|---|---|---|\n");
        for c in &r.requirements {
            body.push_str(&format!(
                "| {} | {} | {} |\n",
                code(&c.field),
                md(&value(&c.before)),
                md(&value(&c.after))
            ));
        }
        details(
            &mut o,
            format!(
                "Requirements: {}",
                plural(r.requirements.len(), "field changed", "fields changed")
            ),
            body,
        );
    }
    for (title, c) in [
        ("Tensions", lines(&r.tensions, tension_line)),
        ("Lint findings", lines(&r.findings, finding_line)),
    ] {
        if c.is_empty() {
            continue;
        }
        let mut body = String::new();
        for a in &c.added {
            body.push_str(&format!("- new: {}\n", md(a)));
        }
        for a in &c.cleared {
            body.push_str(&format!("- cleared: {}\n", md(a)));
        }
        details(
            &mut o,
            format!(
                "{title}: {} new, {} cleared",
                c.added.len(),
                c.cleared.len()
            ),
            body,
        );
    }
    if !r.figures.is_empty() {
        let mut body = String::from("| Figure | Before | After |\n|---|---|---|\n");
        for f in &r.figures {
            body.push_str(&format!(
                "| {} | {} | {} |\n",
                md(&f.label),
                md(f.before.as_deref().unwrap_or("(none)")),
                md(f.after.as_deref().unwrap_or("(none)"))
            ));
        }
        details(
            &mut o,
            format!(
                "Figures: {}",
                plural(r.figures.len(), "figure moves", "figures move")
            ),
            body,
        );
    }
    o
}

pub fn json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}
