//! Terminal text: readable in 80 columns, most important first. User text is escaped
//! (`wrap` escapes what it wraps), so it cannot drive the terminal or start a line.

use super::wrap;
use crate::engine::Assessment;
use crate::quantity::trim;
use crate::text::escape;

const WIDTH: usize = 80;

pub fn render(a: &Assessment) -> String {
    let mut out = String::new();
    out.push_str(&format!("Architecture advice for {}\n", escape(&a.name)));
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    out.push_str(&format!(
        "{}, {}, {} defaulted\n\n",
        n(a.decisions.len(), "decision", "decisions"),
        n(a.tensions.len(), "tension", "tensions"),
        n(a.defaulted.len(), "answer", "answers")
    ));
    out.push_str("Back-of-the-envelope\n");
    for f in a.derived.iter().filter(|f| !super::in_plan(&f.fact)) {
        out.push_str(&wrap(
            &format!("{}: {}", f.label, f.arithmetic),
            WIDTH,
            "  ",
            "      ",
        ));
    }
    out.push('\n');
    out.push_str("Capacity plan (now → in 3 years)\n");
    plan(&mut out, &a.capacity);
    out.push('\n');
    if !a.resolved.is_empty() {
        out.push_str("Conflicts resolved in the joint design\n");
        for r in &a.resolved {
            out.push_str(&wrap(
                &format!("{}: {} → {}: {}", r.topic, r.from, r.to, r.message),
                WIDTH,
                "  ~ ",
                "    ",
            ));
        }
        out.push('\n');
    }
    for d in &a.decisions {
        decision(&mut out, d, None);
    }
    components(&mut out, a);
    if !a.tensions.is_empty() {
        out.push_str("Tensions between decisions\n");
        for t in &a.tensions {
            out.push_str(&wrap(
                &format!("[{}] {}", t.topics.join(" / "), t.message),
                WIDTH,
                "  ! ",
                "    ",
            ));
            out.push_str(&wrap(&t.help, WIDTH, "    help: ", "          "));
        }
        out.push('\n');
    }
    if !a.defaulted.is_empty() {
        out.push_str("Defaulted answers (state them to sharpen the advice)\n");
        let items: Vec<String> = a
            .defaulted
            .iter()
            .map(|d| format!("{}={}", d.field, d.value))
            .collect();
        out.push_str(&wrap(&items.join(", "), WIDTH, "  ", "  "));
    }
    out
}

/// One decision record; `part` names the components it speaks for.
fn decision(out: &mut String, d: &crate::engine::Decision, part: Option<&str>) {
    let also = if d.also.is_empty() {
        String::new()
    } else {
        format!(" + {}", d.also.join(", "))
    };
    out.push_str(&format!("== {} ({})\n", escape(&d.title), escape(&d.topic)));
    if let Some(part) = part {
        out.push_str(&wrap(part, WIDTH, "  For: ", "       "));
    }
    out.push_str(&wrap(
        &format!(
            "{}{also}  [confidence {}, margin {}]",
            d.choice_name,
            d.confidence.level,
            trim(d.confidence.margin, 1)
        ),
        WIDTH,
        "  Choice: ",
        "          ",
    ));
    if let Some(t) = &d.tie {
        out.push_str(&wrap(
            &format!("tie between {}: {}", t.options.join(", "), t.broken_by),
            WIDTH,
            "  Tie: ",
            "       ",
        ));
    }
    for det in &d.details {
        out.push_str(&wrap(
            &format!("{}: {}", det.name, det.value),
            WIDTH,
            "  Detail: ",
            "          ",
        ));
    }
    if !d.rationale.is_empty() {
        out.push_str("  Why:\n");
        for r in d.rationale.iter().take(4) {
            out.push_str(&wrap(
                &format!(
                    "{} [{}{}]",
                    r.text,
                    r.source.section,
                    if r.source.external {
                        ", outside the wiki"
                    } else {
                        ""
                    }
                ),
                WIDTH,
                "    + ",
                "      ",
            ));
        }
    }
    if !d.tradeoffs.is_empty() {
        out.push_str("  Trade-offs accepted:\n");
        for t in d.tradeoffs.iter().take(3) {
            out.push_str(&wrap(&t.text, WIDTH, "    - ", "      "));
        }
    }
    if d.alternatives.iter().any(|a| !a.complement) {
        out.push_str("  Not chosen:\n");
        for alt in d.alternatives.iter().filter(|a| !a.complement) {
            let why = alt.why_not.first().cloned().unwrap_or_default();
            let mark = if alt.ruled_out.is_some() {
                "    ⊘ "
            } else {
                "    x "
            };
            out.push_str(&wrap(
                &format!("{}: {why}", alt.option),
                WIDTH,
                mark,
                "      ",
            ));
        }
    }
    for f in d.flip_points.iter().take(3) {
        out.push_str(&wrap(&f.text, WIDTH, "  Flips: ", "         "));
    }
    out.push('\n');
}

/// The component × topic grid, one record per differing decision, and each part's
/// capacity plan, conflicts and tensions.
fn components(out: &mut String, a: &Assessment) {
    if a.components.is_empty() {
        return;
    }
    let rows = super::parts::rows(a);
    out.push_str("Components (data topics decided for each part)\n");
    let names: Vec<String> = a
        .components
        .iter()
        .map(|c| format!("{} ({} %)", escape(&c.name), trim(c.share, 1)))
        .collect();
    let first = rows.iter().map(|r| r.topic.len()).max().unwrap_or(0).max(5);
    let widths: Vec<usize> = (0..names.len())
        .map(|i| {
            rows.iter()
                .map(|r| r.cells[i].chars().count())
                .chain([names[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let wide = 2 + first + widths.iter().map(|w| w + 2).sum::<usize>();
    if wide <= WIDTH {
        let line = |label: &str, cells: &[String]| {
            let mut l = format!("  {label:<first$}");
            for (c, w) in cells.iter().zip(&widths) {
                l.push_str(&format!("  {:<w$}", escape(c)));
            }
            format!("{}\n", l.trim_end())
        };
        out.push_str(&line("topic", &names));
        for r in &rows {
            out.push_str(&line(r.topic, &r.cells));
        }
    } else {
        for (i, c) in names.iter().enumerate() {
            let items: Vec<String> = rows
                .iter()
                .map(|r| format!("{} {}", r.topic, r.cells[i]))
                .collect();
            out.push_str(&wrap(
                &format!("{c}: {}", items.join("; ")),
                WIDTH,
                "  ",
                "      ",
            ));
        }
    }
    out.push('\n');
    for r in &rows {
        for g in &r.groups {
            decision(
                out,
                g.decision,
                Some(&super::parts::who(g, a.components.len())),
            );
        }
    }
    for c in &a.components {
        out.push_str(&format!(
            "Capacity plan for {} (now → in 3 years)\n",
            escape(&c.name)
        ));
        plan(out, &c.capacity);
        for r in &c.resolved {
            out.push_str(&wrap(
                &format!("{}: {} → {}: {}", r.topic, r.from, r.to, r.message),
                WIDTH,
                "  ~ ",
                "    ",
            ));
        }
        for t in &c.tensions {
            out.push_str(&wrap(
                &format!("[{}] {}", t.topics.join(" / "), t.message),
                WIDTH,
                "  ! ",
                "    ",
            ));
        }
        out.push('\n');
    }
    out.push_str("Capacity plan, all components added up (now → in 3 years)\n");
    plan(out, &a.component_totals);
    out.push('\n');
}

fn plan(out: &mut String, lines: &[crate::derived::PlanLine]) {
    for p in lines {
        out.push_str(&wrap(
            &format!(
                "{}: {} → {} (at {})",
                p.label,
                p.unit.show(p.now),
                p.unit.show(p.in_3y),
                super::per(&p.arithmetic)
            ),
            WIDTH,
            "  ",
            "      ",
        ));
    }
}
