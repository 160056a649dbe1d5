//! Markdown advice: a summary table, then each decision in full.

use crate::engine::Assessment;
use crate::quantity::trim;
use crate::rules::Source;

/// Escapes text for a Markdown table cell or inline use; control characters are shown
/// as `\u{…}` escapes.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_mapped(&mut out, text, cell_char);
    out
}

/// How `cell` writes a character it changes (`None`: as is, or escaped if unsafe).
pub fn cell_char(c: char) -> Option<&'static str> {
    Some(match c {
        '|' => "\\|",
        '\\' => "\\\\",
        '`' => "\\`",
        '*' => "\\*",
        '_' => "\\_",
        '[' => "\\[",
        ']' => "\\]",
        '<' => "\\<",
        '>' => "\\>",
        '#' => "\\#",
        '\n' | '\r' => " ",
        _ => return None,
    })
}

/// Appends `text`, each character `map` names written as it says and any other unsafe
/// one as an escape (`text::push_escaped`); runs of plain text are copied whole.
pub fn push_mapped(out: &mut String, text: &str, map: impl Fn(char) -> Option<&'static str>) {
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        let to = map(c);
        if to.is_none() && !crate::text::is_unsafe(c) {
            continue;
        }
        out.push_str(&text[plain..i]);
        match to {
            Some(to) => out.push_str(to),
            None => crate::text::push_escaped(out, c),
        }
        plain = i + c.len_utf8();
    }
    out.push_str(&text[plain..]);
}

pub fn link(s: &Source) -> String {
    if s.external {
        return format!("{} (outside the wiki)", cell(&s.section));
    }
    format!(
        "[{}]({}#{})",
        cell(&s.section),
        crate::rules::wiki::WIKI_PATH,
        s.anchor
    )
}

pub fn render(a: &Assessment) -> String {
    let mut o = String::new();
    o.push_str(&format!("# Architecture advice: {}\n\n", cell(&a.name)));
    o.push_str("| Topic | Choice | Also | Confidence |\n|---|---|---|---|\n");
    for d in &a.decisions {
        o.push_str(&format!(
            "| {} | **{}** | {} | {} ({}) |\n",
            cell(&d.title),
            cell(&d.choice_name),
            cell(&d.also.join(", ")),
            d.confidence.level,
            trim(d.confidence.margin, 1)
        ));
    }
    o.push_str("\n## Back-of-the-envelope\n\n| Figure | Arithmetic |\n|---|---|\n");
    for f in a.derived.iter().filter(|f| !super::in_plan(&f.fact)) {
        o.push_str(&format!(
            "| {} | {} |\n",
            cell(&f.label),
            cell(&f.arithmetic)
        ));
    }
    o.push_str(
        "\n## Capacity plan\n\n| Tier | Now | In 3 years | Planning figure |\n|---|---|---|---|\n",
    );
    for p in &a.capacity {
        o.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&p.label),
            p.unit.show(p.now),
            p.unit.show(p.in_3y),
            cell(&p.basis)
        ));
    }
    if !a.resolved.is_empty() {
        o.push_str("\n## Conflicts resolved in the joint design\n\n");
        for r in &a.resolved {
            o.push_str(&format!(
                "- **{}**: {} → {} — {} ({})\n",
                cell(&r.topic),
                cell(&r.from),
                cell(&r.to),
                cell(&r.message),
                link(&r.source)
            ));
        }
    }
    if !a.tensions.is_empty() {
        o.push_str("\n## Tensions\n\n");
        for t in &a.tensions {
            o.push_str(&format!(
                "- **{}** ({}): {} *Help:* {} — {}\n",
                cell(&t.id),
                cell(&t.topics.join(", ")),
                cell(&t.message),
                cell(&t.help),
                link(&t.source)
            ));
        }
    }
    o.push_str("\n## Decisions\n");
    for d in &a.decisions {
        decision(&mut o, d, None);
    }
    components(&mut o, a);
    if !a.defaulted.is_empty() {
        o.push_str("## Defaulted answers\n\nThese answers were not given; the defaults below were used.\n\n| Field | Default |\n|---|---|\n");
        for d in &a.defaulted {
            o.push_str(&format!("| `{}` | {} |\n", d.field, cell(&d.value)));
        }
    }
    o
}

/// One decision record; `part` names the components it speaks for.
fn decision(o: &mut String, d: &crate::engine::Decision, part: Option<&str>) {
    let part = part.map_or(String::new(), |p| format!(" ({})", cell(p)));
    o.push_str(&format!(
        "\n### {}: {}{part}\n\n",
        cell(&d.title),
        cell(&d.choice_name)
    ));
    o.push_str(&format!(
        "*{}* Confidence: {} (margin {}). Wiki: {}.\n\n",
        cell(&d.question),
        d.confidence.level,
        trim(d.confidence.margin, 1),
        link(&d.source)
    ));
    if !d.also.is_empty() {
        o.push_str(&format!("Together with: {}.\n\n", cell(&d.also.join(", "))));
    }
    if let Some(t) = &d.tie {
        o.push_str(&format!(
            "Tie between {}: {}.\n\n",
            cell(&t.options.join(", ")),
            cell(&t.broken_by)
        ));
    }
    for det in &d.details {
        o.push_str(&format!(
            "- **{}:** {} — {} ({})\n",
            cell(&det.name),
            cell(&det.value),
            cell(&det.because),
            link(&det.source)
        ));
    }
    if !d.details.is_empty() {
        o.push('\n');
    }
    if !d.rationale.is_empty() {
        o.push_str("**Why**\n\n");
        for r in &d.rationale {
            let w = if r.kind == "constraint" || r.kind == "coherence" {
                r.kind.clone()
            } else if r.weight == 0.0 {
                format!("adds {}", cell(&r.option))
            } else {
                format!("{:+}", r.weight)
            };
            o.push_str(&format!(
                "- {} ({}; {})\n",
                cell(&r.text),
                w,
                link(&r.source)
            ));
        }
        o.push('\n');
    }
    if !d.tradeoffs.is_empty() {
        o.push_str("**Trade-offs accepted**\n\n");
        for t in &d.tradeoffs {
            o.push_str(&format!("- {}\n", cell(&t.text)));
        }
        o.push('\n');
    }
    if !d.alternatives.is_empty() {
        o.push_str("**Alternatives**\n\n| Option | Score | Why not |\n|---|---|---|\n");
        for alt in &d.alternatives {
            let name = if alt.complement {
                format!("{} (used beside)", cell(&alt.name))
            } else if alt.ruled_out.is_some() {
                format!("{} (ruled out)", cell(&alt.name))
            } else {
                cell(&alt.name)
            };
            o.push_str(&format!(
                "| {} | {} | {} |\n",
                name,
                trim(alt.score, 1),
                cell(&alt.why_not.join(" "))
            ));
        }
        o.push('\n');
    }
    if !d.flip_points.is_empty() {
        o.push_str("**What would change it**\n\n");
        for f in &d.flip_points {
            o.push_str(&format!("- {}\n", cell(&f.text)));
        }
        o.push('\n');
    }
}

/// The component × topic grid, the records per differing decision and the parts' plans.
fn components(o: &mut String, a: &Assessment) {
    if a.components.is_empty() {
        return;
    }
    let rows = super::parts::rows(a);
    o.push_str("\n## Components\n\n| Topic |");
    for c in &a.components {
        o.push_str(&format!(" {} ({} %) |", cell(&c.name), trim(c.share, 1)));
    }
    o.push_str("\n|---|");
    o.push_str(&"---|".repeat(a.components.len()));
    o.push('\n');
    for r in &rows {
        o.push_str(&format!("| {} |", cell(r.title)));
        for c in &r.cells {
            o.push_str(&format!(" {} |", cell(c)));
        }
        o.push('\n');
    }
    o.push_str("\n## Decisions per component\n");
    for r in &rows {
        for g in &r.groups {
            decision(
                o,
                g.decision,
                Some(&super::parts::who(g, a.components.len())),
            );
        }
    }
    o.push_str("\n## Capacity plan per component\n\n| Component | Tier | Now | In 3 years |\n|---|---|---|---|\n");
    for c in &a.components {
        for p in &c.capacity {
            o.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                cell(&c.name),
                cell(&p.label),
                p.unit.show(p.now),
                p.unit.show(p.in_3y)
            ));
        }
    }
    for p in &a.component_totals {
        o.push_str(&format!(
            "| **all** | {} | {} | {} |\n",
            cell(&p.label),
            p.unit.show(p.now),
            p.unit.show(p.in_3y)
        ));
    }
    let tensions: Vec<(&str, &crate::engine::Tension)> = a
        .components
        .iter()
        .flat_map(|c| c.tensions.iter().map(move |t| (c.name.as_str(), t)))
        .collect();
    if !tensions.is_empty() {
        o.push_str("\n## Tensions per component\n\n");
        for (name, t) in tensions {
            o.push_str(&format!(
                "- **{}** in {}: {} *Help:* {} — {}\n",
                cell(&t.id),
                cell(name),
                cell(&t.message),
                cell(&t.help),
                link(&t.source)
            ));
        }
    }
    o.push('\n');
}
