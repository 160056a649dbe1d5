//! `tradeoff explain` and `tradeoff topics`: the wiki's options and tables, from the rule data.
//! Tables are drawn with box characters on a terminal and with plain ASCII
//! (`plain`) when the output goes to a file or a pipe.

use super::wrap;
use crate::rules::{LintDef, OptionDef, Rulebook, Topic};
use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{ContentArrangement, Table};

const WIDTH: u16 = 100;

fn table(header: Vec<String>, plain: bool) -> Table {
    let mut t = Table::new();
    t.load_preset(if plain {
        ASCII_FULL_CONDENSED
    } else {
        UTF8_FULL_CONDENSED
    })
    .set_content_arrangement(ContentArrangement::Dynamic)
    .set_width(WIDTH)
    .set_header(header);
    t
}

pub fn topics(book: &Rulebook, plain: bool) -> String {
    let mut t = table(
        vec!["Topic".into(), "Question".into(), "Options".into()],
        plain,
    );
    for topic in &book.topics {
        let options: Vec<&str> = topic.options.iter().map(|o| o.id.as_str()).collect();
        t.add_row(vec![
            topic.id.clone(),
            topic.question.clone(),
            options.join(", "),
        ]);
    }
    format!("{t}\n")
}

fn bullets(title: &str, items: &[String], out: &mut String) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("  {title}:\n"));
    for i in items {
        out.push_str(&wrap(i, WIDTH as usize, "    - ", "      "));
    }
}

pub fn topic(topic: &Topic, plain: bool) -> String {
    let mut out = format!("{} ({})\n{}\n\n", topic.title, topic.id, topic.question);
    out.push_str(&wrap(&topic.summary, WIDTH as usize, "", ""));
    out.push_str(&format!("Wiki: {}\n\n", topic.source.section));
    let mut t = table(
        vec!["Option".into(), "Summary".into(), "Best for".into()],
        plain,
    );
    for o in &topic.options {
        t.add_row(vec![
            format!("{}\n({})", o.name, o.id),
            o.summary.clone(),
            o.best_for.join("\n"),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    for wiki_table in &topic.tables {
        out.push_str(&format!("\n{}\n", wiki_table.title));
        let mut t = table(wiki_table.columns.clone(), plain);
        for row in &wiki_table.rows {
            t.add_row(row.clone());
        }
        out.push_str(&format!("{t}\n"));
    }
    if !topic.combinations.is_empty() {
        out.push_str("\nUsed together\n");
        for c in &topic.combinations {
            let with = if c.with.is_empty() {
                String::new()
            } else {
                format!(" with {}", c.with.join("/"))
            };
            out.push_str(&wrap(
                &format!("{}{with}: {}", c.add, c.because),
                WIDTH as usize,
                "  - ",
                "    ",
            ));
        }
    }
    if !topic.notes.is_empty() {
        out.push_str("\nNotes\n");
        for n in &topic.notes {
            out.push_str(&wrap(&n.text, WIDTH as usize, "  - ", "    "));
        }
    }
    out
}

pub fn option(topic: &Topic, o: &OptionDef, plain: bool) -> String {
    let mut out = format!("{} ({} / {})\n", o.name, topic.id, o.id);
    out.push_str(&wrap(&o.summary, WIDTH as usize, "", ""));
    out.push_str(&format!("Wiki: {}\n\n", o.source.section));
    bullets("Best for", &o.best_for, &mut out);
    bullets("Advantages", &o.advantages, &mut out);
    bullets("Disadvantages", &o.disadvantages, &mut out);
    bullets("Scaling", &o.scaling, &mut out);
    bullets("Examples", &o.examples, &mut out);
    if !o.conditions.is_empty() {
        let mut t = table(
            vec!["Weight".into(), "When".into(), "Because".into()],
            plain,
        );
        for r in &o.conditions {
            t.add_row(vec![
                format!("{:+}", r.weight),
                crate::engine::describe(&r.when, &Default::default(), None),
                r.because.clone(),
            ]);
        }
        out.push_str(&format!("\nConditions\n{t}\n"));
    }
    out
}

/// `tradeoff explain <lint-id>`: what the lint finds, why it matters, an example.
pub fn lint(l: &LintDef) -> String {
    let mut out = format!("{} ({})\n{}\n\n", l.id, l.severity.as_str(), l.summary);
    out.push_str(&wrap(&l.docs.what, WIDTH as usize, "What it finds: ", "  "));
    out.push_str(&wrap(&l.docs.why, WIDTH as usize, "Why it matters: ", "  "));
    out.push_str("Example:\n");
    for line in l.docs.example.trim_end().lines() {
        out.push_str(&format!("    {line}\n"));
    }
    if let Some(s) = &l.source {
        out.push_str(&format!("Wiki: {}\n", s.section));
    }
    let kind = if l.when.is_some() {
        format!("a condition in {}", l.file)
    } else {
        "built into the linter".to_string()
    };
    out.push_str(&format!("Check: {kind}\n"));
    out
}

/// `tradeoff explain lints`: every lint id with its severity and summary.
pub fn lints(book: &Rulebook, plain: bool) -> String {
    let mut t = table(
        vec!["Lint".into(), "Severity".into(), "Finds".into()],
        plain,
    );
    for l in &book.lints {
        t.add_row(vec![
            l.id.clone(),
            l.severity.as_str().into(),
            l.summary.clone(),
        ]);
    }
    format!("{t}\n")
}

/// The lint reference (docs/lints.md), generated from the lint files.
pub fn lints_markdown(book: &Rulebook) -> String {
    let mut out = String::from("# Lint reference\n\nGenerated from `rules/lints/*.yaml` (run `UPDATE_DOCS=1 cargo test --test docs`). `tradeoff explain <id>` prints the same text.\n\n| Lint | Severity | Finds |\n|---|---|---|\n");
    for l in &book.lints {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            l.id,
            l.id,
            l.severity.as_str(),
            l.summary.replace('|', "\\|")
        ));
    }
    for l in &book.lints {
        out.push_str(&format!("\n## {}\n\n*{}.* {}\n\n**What it finds.** {}\n\n**Why it matters.** {}\n\n```yaml\n{}\n```\n", l.id, l.severity.as_str(), l.summary, l.docs.what.trim(), l.docs.why.trim(), l.docs.example.trim_end()));
        if let Some(s) = &l.source {
            out.push_str(&format!(
                "\nWiki: [{}](wiki/system-design-fundamentals.md#{})\n",
                s.section, s.anchor
            ));
        }
    }
    out
}

/// The fact reference (docs/facts.md): every fact a condition may test, from the catalog.
pub fn facts_markdown(book: &Rulebook) -> String {
    use crate::facts::FactKind;
    let mut out = String::from(
        "# Facts available to rule conditions\n\nGenerated from the requirements schema and the derived figures \
         (run `UPDATE_DOCS=1 cargo test --test docs`). A requirements fact is the dotted path of a field in a \
         requirements file.\n\n| Fact | Kind | Values or unit | Meaning |\n|---|---|---|---|\n",
    );
    let per_topic = ["decision.", "design.", "declared."];
    for (name, spec) in &book.catalog {
        if per_topic.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let (kind, values) = match &spec.kind {
            FactKind::Number { unit } => ("number", format!("{unit:?}").to_lowercase()),
            FactKind::Bool => ("yes/no", "true, false".to_string()),
            FactKind::Text { values } => (
                "text",
                values.as_ref().map_or("free text".into(), |v| v.join(", ")),
            ),
            FactKind::List { values } => (
                "list",
                values.as_ref().map_or("free text".into(), |v| v.join(", ")),
            ),
        };
        let meaning = spec.description.replace('|', "\\|").replace('\n', " ");
        out.push_str(&format!("| `{name}` | {kind} | {values} | {meaning} |\n"));
    }
    out.push_str(
        "\nPer topic, for every topic id `<t>`: `decision.<t>` (text: the main choice; readable by topics \
         evaluated after `<t>`), `design.<t>` (list: the choice and its complements) and `declared.<t>` \
         (text: the option the requirements file records under `decisions:`).\n",
    );
    out
}
