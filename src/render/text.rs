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
    out.push_str(&format!(
        "{} decisions, {} tensions, {} answers defaulted\n\n",
        a.decisions.len(),
        a.tensions.len(),
        a.defaulted.len()
    ));
    out.push_str("Back-of-the-envelope\n");
    for f in &a.derived {
        out.push_str(&wrap(
            &format!("{}: {}", f.label, f.arithmetic),
            WIDTH,
            "  ",
            "      ",
        ));
    }
    out.push('\n');
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
                    &format!("{} [{}]", r.text, r.source.section),
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
                out.push_str(&wrap(
                    &format!("{}: {why}", alt.option),
                    WIDTH,
                    "    x ",
                    "      ",
                ));
            }
        }
        for f in d.flip_points.iter().take(2) {
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
