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
    for p in &a.capacity {
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
        let also = if d.also.is_empty() {
            String::new()
        } else {
            format!(" + {}", d.also.join(", "))
        };
        out.push_str(&format!("== {} ({})\n", escape(&d.title), escape(&d.topic)));
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
