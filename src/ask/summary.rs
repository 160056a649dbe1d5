//! The recommendation at the end of the questionnaire, as one table: topic,
//! choice (with what goes beside it), confidence; then tensions, and what
//! `tradeoff lint` would say about the file.

use crate::engine::Assessment;
use crate::lint::diagnostic::Diagnostic;
use crate::render::wrap;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

const WIDTH: usize = 100;

/// The table fits the terminal when there is one (comfy-table measures it) and is
/// not wrapped otherwise.
pub fn render(a: &Assessment, findings: &[Diagnostic]) -> String {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec!["Topic", "Choice", "Also", "Confidence"]);
    for d in &a.decisions {
        t.add_row(vec![
            d.topic.clone(),
            d.choice_name.clone(),
            d.also.join(", "),
            d.confidence.level.clone(),
        ]);
    }
    let mut out = format!("Recommendation for {}\n{t}\n", crate::text::escape(&a.name));
    out.push_str(&parts(a));
    if !a.tensions.is_empty() {
        out.push_str(&format!(
            "{} tensions between decisions:\n",
            a.tensions.len()
        ));
        for tension in &a.tensions {
            out.push_str(&wrap(&tension.message, WIDTH, "  ! ", "    "));
        }
    }
    if !findings.is_empty() {
        out.push_str("`tradeoff lint` would report on these answers:\n");
        for d in findings {
            let line = format!("{}[{}]: {}", d.severity.as_str(), d.id, d.message);
            out.push_str(&wrap(&line, WIDTH, "  ", "    "));
            if let Some(help) = &d.help {
                out.push_str(&wrap(help, WIDTH, "    help: ", "      "));
            }
        }
    }
    if !a.defaulted.is_empty() {
        out.push_str(&format!(
            "{} answers left to their defaults (listed by `tradeoff advise`).\n",
            a.defaulted.len()
        ));
    }
    out
}

/// With components: the data topics decided for each part, one column per part.
fn parts(a: &Assessment) -> String {
    if a.components.is_empty() {
        return String::new();
    }
    let mut t = Table::new();
    let mut header = vec!["Topic".to_string()];
    header.extend(a.components.iter().map(|c| {
        format!(
            "{} ({} %)",
            crate::text::escape(&c.name),
            crate::quantity::trim(c.share, 1)
        )
    }));
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    for row in crate::render::parts::rows(a) {
        let mut cells = vec![row.topic.to_string()];
        cells.extend(row.cells);
        t.add_row(cells);
    }
    format!("Decided for each part of the system:\n{t}\n")
}
