//! The report's sections other than risks and evolution: title, summary with the top
//! trade-offs, requirements as understood, architecture, decision records, sensitivity
//! and references.

use super::context::Ctx;
use super::doc::{code, em, link, slug, strong, t, Block, Doc, Inline, Line};
use super::risks::{penalties, runner_up};
use crate::engine::Decision;
use crate::quantity::trim;
use std::collections::BTreeMap;

/// Section titles, in order; the contents line links to them.
pub const SECTIONS: [&str; 8] = [
    "Summary",
    "Requirements as understood",
    "Architecture",
    "Decision records",
    "Risks",
    "Sensitivity",
    "Evolution",
    "References",
];

fn plural(n: usize, word: &str) -> String {
    match n {
        0 => format!("No {word}s"),
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}

fn record_title(n: usize, d: &Decision) -> String {
    format!("ADR-{n:04}: {}", d.title)
}

pub fn title(ctx: &Ctx, doc: &mut Doc) {
    doc.title = format!("Design review: {}", ctx.a.name);
    doc.heading(1, doc.title.clone());
    if let Some(description) = &ctx.req.description {
        doc.para(vec![em(description.clone())]);
    }
    let mut line = vec![t(format!(
        "Prepared by tradeoff {} from the requirements below and its rules, which cite the ",
        env!("CARGO_PKG_VERSION")
    ))];
    line.push(link("system-design wiki", ctx.opts.wiki.clone()));
    line.push(t(
        ". Every recommendation is a proposal for the review to accept or change.",
    ));
    if let Some(date) = &ctx.opts.date {
        line.push(t(format!(" Date: {date}.")));
    }
    doc.para(line);
    let mut contents: Line = vec![t("Contents: ")];
    for (i, s) in SECTIONS.iter().enumerate() {
        if i > 0 {
            contents.push(t(" · "));
        }
        contents.push(link(*s, format!("#{}", slug(s))));
    }
    doc.para(contents);
}

pub fn summary(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, SECTIONS[0]);
    let level = |l: &str| {
        ctx.a
            .decisions
            .iter()
            .filter(|d| d.confidence.level == l)
            .count()
    };
    doc.para(vec![t(format!(
        "{}: {} with high confidence, {} medium, {} low. {} between decisions. {} assumed, not given.",
        plural(ctx.a.decisions.len(), "decision"),
        level("high"),
        level("medium"),
        level("low"),
        plural(ctx.a.tensions.len(), "tension"),
        plural(ctx.a.defaulted.len(), "answer")
    ))]);
    let rows = ctx
        .a
        .decisions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let anchor = format!("#{}", slug(&record_title(i + 1, d)));
            vec![
                vec![link(format!("ADR-{:04}", i + 1), anchor)],
                vec![t(d.title.clone())],
                vec![strong(ctx.design_name(d))],
                vec![t(format!(
                    "{} ({})",
                    d.confidence.level,
                    trim(d.confidence.margin, 1)
                ))],
            ]
        })
        .collect();
    doc.table(&["Record", "Topic", "Choice", "Confidence (margin)"], rows);

    doc.heading(3, "The three most important trade-offs");
    doc.list(top_tradeoffs(ctx).into_iter().take(3).collect());
}

/// Trade-offs by weight: decisions that accepted the heaviest penalties first, then the
/// closest calls. Each says what was chosen over what, what it costs and what was given up.
fn top_tradeoffs(ctx: &Ctx) -> Vec<Line> {
    let mut weighted: Vec<(f64, usize, &Decision)> = ctx
        .a
        .decisions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let cost: f64 = penalties(ctx, &d.topic).iter().map(|r| -r.weight).sum();
            (cost, i, d)
        })
        .collect();
    let mut order: Vec<(usize, &Decision)> = Vec::new();
    let mut heavy: Vec<_> = weighted.iter().filter(|w| w.0 > 0.0).collect();
    heavy.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    order.extend(heavy.iter().map(|w| (w.1, w.2)));
    weighted.retain(|w| w.0 <= 0.0 && runner_up(w.2).is_some());
    weighted.sort_by(|a, b| {
        a.2.confidence
            .margin
            .total_cmp(&b.2.confidence.margin)
            .then(a.1.cmp(&b.1))
    });
    order.extend(weighted.iter().map(|w| (w.1, w.2)));
    order
        .into_iter()
        .map(|(i, d)| {
            let mut l: Line = vec![strong(format!("{}: {}", d.title, ctx.design_name(d)))];
            let rival = runner_up(d);
            if let Some(r) = rival {
                l.push(t(format!(" over {}", r.name)));
            }
            l.push(t(" ("));
            l.push(link(
                format!("ADR-{:04}", i + 1),
                format!("#{}", slug(&record_title(i + 1, d))),
            ));
            l.push(t("). "));
            let accepted: Vec<String> = penalties(ctx, &d.topic)
                .iter()
                .map(|r| r.because.trim_end_matches('.').to_string())
                .collect();
            let accepted = if accepted.is_empty() {
                d.tradeoffs
                    .first()
                    .map(|x| x.text.clone())
                    .unwrap_or_default()
            } else {
                accepted.join("; ")
            };
            if !accepted.is_empty() {
                l.push(t(format!("Accepted: {}. ", accepted.trim_end_matches('.'))));
            }
            let offered = rival
                .and_then(|r| ctx.topic(&d.topic)?.option(&r.option))
                .and_then(|o| o.advantages.first().cloned());
            if let Some(o) = offered {
                l.push(t(format!("Given up: {}.", o.trim_end_matches('.'))));
            }
            l
        })
        .collect()
}

/// A field's description without its trailing "Default: …" (the value is shown beside it).
fn question(ctx: &Ctx, field: &str) -> String {
    let d = ctx
        .book
        .catalog
        .get(field)
        .map(|s| s.description.clone())
        .unwrap_or_default();
    let d = d.split(" Default:").next().unwrap_or_default().trim();
    if d.is_empty() {
        field.to_string()
    } else {
        d.to_string()
    }
}

pub fn requirements(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, SECTIONS[1]);
    let given: Vec<&String> = ctx
        .book
        .catalog
        .keys()
        .filter(|k| !k.starts_with("derived.") && !k.starts_with("decision."))
        .filter(|k| !k.starts_with("design.") && !ctx.defaulted.contains(*k))
        .filter(|k| ctx.facts.get(k).is_some())
        .collect();
    let mut sections: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for f in &given {
        sections
            .entry(f.split('.').next().unwrap_or_default())
            .or_default()
            .push(f);
    }
    doc.para(vec![t(format!(
        "{} given, {} assumed. Given:",
        plural(given.len(), "answer"),
        ctx.defaulted.len()
    ))]);
    let rows = sections
        .iter()
        .map(|(section, fields)| {
            let mut l: Line = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    l.push(t(" · "));
                }
                let name = f.strip_prefix(&format!("{section}.")).unwrap_or(f);
                l.push(t(format!("{name}: {}", ctx.show(f))));
            }
            vec![vec![code(*section)], l]
        })
        .collect();
    doc.table(&["Section", "Answers"], rows);

    doc.heading(3, "Open questions: assumed answers");
    if ctx.defaulted.is_empty() {
        doc.para(vec![t("None: every answer was given.")]);
    } else {
        doc.para(vec![t(
            "These were not answered, so the defaults were assumed. Those that decisions rest on come first; confirm them and run the report again.",
        )]);
        let mut rows: Vec<(usize, Vec<Line>)> = ctx
            .a
            .defaulted
            .iter()
            .map(|x| {
                let topics = ctx.topics_resting_on(&x.field);
                let rests = if topics.is_empty() {
                    vec![t("none")]
                } else {
                    vec![t(topics.join(", "))]
                };
                let row = vec![
                    vec![t(question(ctx, &x.field))],
                    vec![code(x.field.clone())],
                    vec![t(x.value.clone())],
                    rests,
                ];
                (topics.len(), row)
            })
            .collect();
        rows.sort_by_key(|(n, _)| usize::from(*n == 0));
        doc.table(
            &["Question", "Field", "Assumed", "Decisions resting on it"],
            rows.into_iter().map(|(_, r)| r).collect(),
        );
    }

    doc.heading(3, "Derived figures");
    let rows = ctx
        .a
        .derived
        .iter()
        .map(|f| {
            let unit = ctx.book.catalog.get(&f.fact).and_then(|s| s.unit());
            let mut value = f.value.show(unit);
            if ctx.is_assumed(&f.fact) {
                value.push_str(" (uses assumed answers)");
            }
            vec![
                vec![t(f.label.clone())],
                vec![t(value)],
                vec![t(f.arithmetic.clone())],
            ]
        })
        .collect();
    doc.table(&["Figure", "Value", "Arithmetic"], rows);
}

pub fn architecture(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, SECTIONS[2]);
    doc.para(vec![t(
        "Drawn from the decisions, from the clients down to the data; each box is labelled with the options chosen. Solid arrows carry requests and data; dashed arrows are reads from replicas, discovery, pushes and background writes.",
    )]);
    doc.push(Block::Diagram(super::diagram::build(ctx)));
}

pub fn records(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, SECTIONS[3]);
    doc.para(vec![
        t("One record per topic, in the MADR shape; "),
        code("tradeoff adr FILE -o DIR"),
        t(" writes them as files."),
    ]);
    for (i, d) in ctx.a.decisions.iter().enumerate() {
        doc.extend_shifted(super::adr::record(ctx, d, i + 1, false), 2);
    }
}

pub fn sensitivity(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, SECTIONS[5]);
    doc.para(vec![t(
        "The smallest change of a single requirement that would change a decision. Answers marked assumed were not given: confirm those first.",
    )]);
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for p in ctx.a.decisions.iter().flat_map(|d| &d.flip_points) {
        *count.entry(p.fact.as_str()).or_default() += 1;
    }
    let mut most: Vec<(&str, usize)> = count.into_iter().collect();
    most.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if !most.is_empty() {
        let mut l: Line = vec![t("Requirements that move the most decisions: ")];
        for (i, (f, n)) in most.iter().take(5).enumerate() {
            if i > 0 {
                l.push(t(", "));
            }
            l.push(code(ctx.label(f)));
            l.push(t(format!(" ({n})")));
        }
        l.push(t("."));
        doc.para(l);
    }
    let rows = ctx
        .a
        .decisions
        .iter()
        .flat_map(|d| {
            d.flip_points.iter().map(move |p| {
                let mut now = p.current.clone();
                if ctx.is_assumed(&p.fact) {
                    now.push_str(" (assumed)");
                }
                vec![
                    vec![t(d.title.clone())],
                    vec![code(ctx.label(&p.fact)), t(format!(" {}", p.becomes))],
                    vec![t(now)],
                    vec![t(format!(
                        "{} → {}",
                        d.choice_name,
                        ctx.option_name(&d.topic, &p.choice)
                    ))],
                ]
            })
        })
        .collect();
    doc.table(&["Decision", "If", "Now", "Then"], rows);
}

/// The wiki sections the document links to, in the wiki's order.
pub fn references(ctx: &Ctx, doc: &mut Doc) {
    let prefix = format!("{}#", ctx.opts.wiki);
    let mut used: BTreeMap<String, String> = BTreeMap::new();
    let mut visit = |l: &Line| {
        for i in l {
            if let Inline::Link { text, href } = i {
                if let Some(anchor) = href.strip_prefix(&prefix) {
                    used.entry(anchor.to_string())
                        .or_insert_with(|| text.clone());
                }
            }
        }
    };
    for b in &doc.blocks {
        match b {
            Block::Para(l) => visit(l),
            Block::List(items) => items.iter().for_each(&mut visit),
            Block::Table { rows, .. } => rows.iter().flatten().for_each(&mut visit),
            _ => {}
        }
    }
    let line_of = |anchor: &str| {
        crate::rules::wiki::headings()
            .iter()
            .find(|h| h.anchor == anchor)
            .map_or(usize::MAX, |h| h.line)
    };
    let mut refs: Vec<(usize, String, String)> = used
        .into_iter()
        .map(|(anchor, text)| (line_of(&anchor), anchor, text))
        .collect();
    refs.sort();
    doc.heading(2, SECTIONS[7]);
    doc.para(vec![t(format!(
        "The {} sections of the wiki this review cites, in the wiki's order.",
        refs.len()
    ))]);
    doc.list(
        refs.into_iter()
            .map(|(_, anchor, text)| vec![link(text, format!("{prefix}{anchor}"))])
            .collect(),
    );
}
