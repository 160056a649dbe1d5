//! The report's sections other than the capacity plan, risks and growth: title, summary,
//! architecture, open questions, the flip points that matter, and the appendices
//! (decision records, requirements and figures, references).

use super::context::Ctx;
use super::doc::{code, em, link, slug, strong, t, Block, Doc, Inline, Line};
use super::risks::Risk;
use crate::engine::{Decision, FlipPoint};
use crate::facts::FactKind;
use crate::quantity::Unit;
use std::collections::BTreeMap;

/// Headings of the main document, in order; the contents line links to them.
pub const MAIN: [&str; 6] = [
    "Summary",
    "Architecture",
    "Capacity plan",
    "Risks",
    "Open questions",
    "What changes the design",
];

pub const RECORDS: &str = "Appendix: decision records";
pub const COMPONENTS: &str = "Components";
pub const DETAILS: &str = "Appendix: requirements, figures and further risks";
pub const REFERENCES: &str = "References";

/// How many flip points the main document lists.
const FLIPS: usize = 8;

fn plural(n: usize, word: &str) -> String {
    match n {
        0 => format!("no {word}s"),
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}

fn record_title(n: usize, d: &Decision) -> String {
    format!("ADR-{n:04}: {}", d.title)
}

pub fn title(ctx: &Ctx, doc: &mut Doc, records: bool) {
    doc.title = format!("Design review: {}", ctx.a.name);
    doc.heading(1, doc.title.clone());
    if let Some(description) = &ctx.req.description {
        doc.para(vec![em(description.clone())]);
    }
    let mut line = vec![t(format!(
        "Prepared by tradeoff {} from the requirements and its rules, which cite the ",
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
    let mut all: Vec<&str> = MAIN.to_vec();
    if !ctx.a.components.is_empty() {
        all.insert(2, COMPONENTS);
    }
    if records {
        all.push(RECORDS);
    }
    all.extend([DETAILS, REFERENCES]);
    for (i, s) in all.iter().enumerate() {
        if i > 0 {
            contents.push(t(" · "));
        }
        contents.push(link(*s, format!("#{}", slug(s))));
    }
    doc.para(contents);
}

pub fn summary(ctx: &Ctx, doc: &mut Doc, risks: &[Risk], records: bool) {
    doc.heading(2, MAIN[0]);
    let band = ctx.show("derived.scale_band");
    let level = |l: &str| {
        ctx.a
            .decisions
            .iter()
            .filter(|d| d.confidence.level == l)
            .count()
    };
    let high = risks
        .iter()
        .filter(|r| r.impact == super::risks::Level::High)
        .count();
    doc.para(vec![t(format!(
        "A {band}-scale system: {} users, {} requests/s at peak, {} of data in three years. {} ({} with high confidence, {} medium, {} low); {} ({high} of high impact); {} assumed, not given.",
        ctx.show("scale.users"),
        ctx.show("scale.peak_rps"),
        ctx.show("derived.storage_3y"),
        plural(ctx.a.decisions.len(), "decision"),
        level("high"),
        level("medium"),
        level("low"),
        plural(risks.len(), "risk"),
        plural(ctx.a.defaulted.len(), "answer"),
    ))]);
    let rows = ctx
        .a
        .decisions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let topic: Line = if records {
                vec![link(
                    d.title.clone(),
                    format!("#{}", slug(&record_title(i + 1, d))),
                )]
            } else {
                vec![t(d.title.clone())]
            };
            let confidence = if d.confidence.level == "low" {
                match d.alternatives.iter().find(|a| !a.complement) {
                    Some(r) => format!("low: close to {}", r.name),
                    None => "low".into(),
                }
            } else {
                d.confidence.level.clone()
            };
            vec![topic, vec![strong(ctx.design_name(d))], vec![t(confidence)]]
        })
        .collect();
    doc.table(&["Decision", "Choice", "Confidence"], rows);
}

pub fn architecture(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, MAIN[1]);
    doc.para(vec![t(
        "Components appear where a decision puts them. Solid arrows carry requests and data, dashed ones optional reads and discovery; each data copy says what consistency it gives.",
    )]);
    doc.push(Block::Diagram(super::diagram::build(ctx)));
}

/// A field's question: its description without the trailing "Default: …".
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

/// Whether `fact` is `field` or a derived figure computed from it.
fn rests_on(fact: &str, field: &str) -> bool {
    fact == field
        || (fact.starts_with("derived.") && crate::derived::inputs(fact).any(|f| f == field))
}

pub fn open_questions(ctx: &Ctx, doc: &mut Doc, risks: &[Risk]) {
    doc.heading(2, MAIN[4]);
    struct Q {
        weight: usize,
        field: String,
        row: Vec<Line>,
    }
    let mut qs: Vec<Q> = Vec::new();
    for x in &ctx.a.defaulted {
        let mut flips: Vec<String> = Vec::new();
        for d in &ctx.a.decisions {
            for p in d.flip_points.iter().filter(|p| p.fact == x.field) {
                flips.push(format!(
                    "{} → {} if {}",
                    d.topic,
                    ctx.option_name(&d.topic, &p.choice),
                    p.becomes
                ));
            }
        }
        let drivers: Vec<String> = ctx
            .a
            .decisions
            .iter()
            .filter(|d| {
                !flips
                    .iter()
                    .any(|f| f.starts_with(&format!("{} ", d.topic)))
            })
            .filter(|d| {
                ctx.drivers(&d.topic)
                    .iter()
                    .any(|r| rests_on(&r.fact, x.field))
            })
            .map(|d| d.topic.clone())
            .collect();
        let hit: Vec<(usize, &Risk)> = risks
            .iter()
            .enumerate()
            .filter(|(_, r)| r.basis.iter().any(|b| rests_on(&b.fact, x.field)))
            .collect();
        let weight = 3 * flips.len()
            + drivers.len()
            + hit.iter().map(|(_, r)| r.score() as usize).sum::<usize>();
        if weight == 0 {
            continue;
        }
        let mut parts: Vec<String> = Vec::new();
        if !flips.is_empty() {
            parts.push(format!("changes {}", flips.join("; ")));
        }
        if !drivers.is_empty() {
            parts.push(format!("drives {}", drivers.join(", ")));
        }
        if !hit.is_empty() {
            let ids: Vec<String> = hit.iter().map(|(i, _)| format!("R{}", i + 1)).collect();
            parts.push(format!("risks {}", ids.join(", ")));
        }
        qs.push(Q {
            weight,
            field: x.field.to_string(),
            row: vec![
                vec![t(question(ctx, x.field)), t(" ("), code(x.field), t(")")],
                vec![t(ctx.show(x.field))],
                vec![t(parts.join("; "))],
            ],
        });
    }
    qs.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.field.cmp(&b.field)));
    let rest = ctx.a.defaulted.len() - qs.len();
    if qs.is_empty() {
        doc.para(vec![t(if ctx.a.defaulted.is_empty() {
            "None: every answer was given."
        } else {
            "No decision or risk rests on the answers that were assumed (listed in the appendix)."
        })]);
        return;
    }
    doc.para(vec![t(format!(
        "Answers that were assumed, not given, that decisions or risks rest on, most consequential first; confirm them and run the report again. {} other assumed answers change nothing here (see the appendix).",
        rest
    ))]);
    doc.table(
        &["Question", "Assumed", "What rests on it"],
        qs.into_iter().map(|q| q.row).collect(),
    );
}

/// The number a flip point's threshold names (`21,000 or more`, `at least 95 %`).
fn threshold(unit: Unit, becomes: &str) -> Option<f64> {
    let mut s = becomes.trim();
    for p in ["at least ", "at most ", "above ", "below "] {
        s = s.strip_prefix(p).unwrap_or(s);
    }
    for p in [" or more", " or less"] {
        s = s.strip_suffix(p).unwrap_or(s);
    }
    unit.parse(&s.replace(' ', ""))
}

/// How far a flip point is from today (smaller is closer), or `None` when it is not
/// worth a reviewer's time: a volume the growth section covers, an extreme percentage,
/// a jump across several levels, a yes/no or list answer that was given.
fn closeness(ctx: &Ctx, p: &FlipPoint) -> Option<f64> {
    if ctx.is_assumed(&p.fact) {
        return None;
    }
    let spec = ctx.book.catalog.get(&p.fact)?;
    match &spec.kind {
        FactKind::Number { unit } => {
            let cur = ctx.facts.get(&p.fact)?.as_num()?;
            let new = threshold(*unit, &p.becomes)?;
            if *unit == Unit::Percent {
                let d = (new - cur).abs();
                (new > 0.0 && new < 100.0 && d <= 15.0).then_some(d / 10.0)
            } else if cur > 0.0 && new > 0.0 {
                let r = (new / cur).ln().abs();
                (r <= 3f64.ln()).then_some(r)
            } else {
                None
            }
        }
        FactKind::Text {
            values: Some(values),
        } => {
            let crate::facts::FactValue::Str(cur) = ctx.facts.get(&p.fact)? else {
                return None;
            };
            let here = values.iter().position(|v| v == cur)?;
            let there = values.iter().position(|v| *v == p.becomes)?;
            (here.abs_diff(there) == 1).then_some(1.0)
        }
        _ => None,
    }
}

pub fn flip_points(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, MAIN[5]);
    let mut found: Vec<(f64, String, String, Vec<String>)> = Vec::new();
    for d in &ctx.a.decisions {
        for p in &d.flip_points {
            let Some(c) = closeness(ctx, p) else { continue };
            let what = format!("{} → {}", d.title, ctx.option_name(&d.topic, &p.choice));
            match found.iter_mut().find(|f| f.1 == p.fact && f.2 == p.becomes) {
                Some(f) => f.3.push(what),
                None => found.push((c, p.fact.clone(), p.becomes.clone(), vec![what])),
            }
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let close: Vec<String> = ctx
        .a
        .decisions
        .iter()
        .filter(|d| d.confidence.level == "low")
        .map(|d| d.title.clone())
        .collect();
    doc.heading(3, "Flip points that matter");
    let mut intro = String::from(
        "Plausible changes of a given answer that would change a decision (assumed answers are under open questions, growth below).",
    );
    if !close.is_empty() {
        intro.push_str(&format!(
            " Close calls to settle in review: {}.",
            close.join(", ")
        ));
    }
    doc.para(vec![t(intro)]);
    if found.is_empty() {
        doc.para(vec![t(
            "No decision turns on a small change of a given answer.",
        )]);
    }
    doc.list(
        found
            .into_iter()
            .take(FLIPS)
            .map(|(_, fact, becomes, whats)| {
                vec![
                    code(fact.clone()),
                    t(format!(
                        " {becomes} (now {}): {}.",
                        ctx.show(&fact),
                        whats.join("; ")
                    )),
                ]
            })
            .collect(),
    );
}

pub fn records(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, RECORDS);
    doc.para(vec![
        t("One record per topic, in the MADR shape; "),
        code("tradeoff adr FILE -o DIR"),
        t(" writes them as files."),
    ]);
    for (i, d) in ctx.a.decisions.iter().enumerate() {
        doc.extend_shifted(super::adr::record(ctx, d, i + 1, false), 2);
    }
    let mut n = ctx.a.decisions.len();
    for (index, d) in component_records(ctx) {
        n += 1;
        let Some(pctx) = ctx.part(index) else {
            continue;
        };
        doc.extend_shifted(super::adr::record(pctx, &d, n, false), 2);
    }
}

/// One record per differing per-component decision: the component whose context explains
/// it (its index), and its decision titled with the components it covers.
pub fn component_records(ctx: &Ctx) -> Vec<(usize, Decision)> {
    let mut out = Vec::new();
    for row in crate::render::parts::rows(&ctx.a) {
        for g in &row.groups {
            let Some(first) = ctx
                .a
                .components
                .iter()
                .position(|c| c.name == g.components[0])
            else {
                continue;
            };
            let mut d = g.decision.clone();
            d.title = format!(
                "{} — {}",
                d.title,
                crate::render::parts::who(g, ctx.a.components.len())
            );
            out.push((first, d));
        }
    }
    out
}

/// The component × topic grid (only when the requirements list components).
pub fn components(ctx: &Ctx, doc: &mut Doc) {
    if ctx.a.components.is_empty() {
        return;
    }
    doc.heading(2, COMPONENTS);
    doc.para(vec![t(
        "Data and its flow are decided for each part on its own data and traffic; the decisions above hold for all of them. One record per differing decision is in the appendix.",
    )]);
    let names: Vec<String> = ctx
        .a
        .components
        .iter()
        .map(|c| format!("{} ({} %)", c.name, crate::quantity::trim(c.share, 1)))
        .collect();
    let mut head: Vec<&str> = vec!["Topic"];
    head.extend(names.iter().map(String::as_str));
    let rows = crate::render::parts::rows(&ctx.a)
        .iter()
        .map(|r| {
            let mut row: Vec<Line> = vec![vec![t(r.title.to_string())]];
            row.extend(r.cells.iter().map(|c| vec![t(c.clone())]));
            row
        })
        .collect();
    doc.table(&head, rows);
}

pub fn details(ctx: &Ctx, doc: &mut Doc, risks: &[Risk]) {
    doc.heading(2, DETAILS);
    let given: Vec<&String> = ctx
        .book
        .catalog
        .keys()
        .filter(|k| !k.starts_with("derived.") && !k.starts_with("decision."))
        .filter(|k| !k.starts_with("design.") && !k.starts_with("declared."))
        .filter(|k| !ctx.defaulted.contains(*k) && ctx.facts.get(k).is_some())
        .collect();
    let mut sections: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
    for f in &given {
        sections
            .entry(f.split('.').next().unwrap_or_default())
            .or_default()
            .push(f);
    }
    doc.heading(3, "Answers given");
    // With components, the system-wide topics see the system held to its strictest
    // part; the file's own answer is shown, and beside it the value decided on.
    let (written, _) = crate::engine::facts_only(ctx.book, &ctx.req);
    let rows = sections
        .iter()
        .map(|(section, fields)| {
            let mut l: Line = Vec::new();
            for (i, f) in fields.iter().enumerate() {
                if i > 0 {
                    l.push(t(" · "));
                }
                let name = f.strip_prefix(&format!("{section}.")).unwrap_or(f);
                let seen = ctx.show(f);
                let unit = ctx.book.catalog.get(f.as_str()).and_then(|s| s.unit());
                let own = written.get(f).map(|v| v.show(unit));
                match own {
                    Some(own) if own != seen => l.push(t(format!(
                        "{name}: {own} (system-wide decisions use {seen}, from its parts)"
                    ))),
                    _ => l.push(t(format!("{name}: {seen}"))),
                }
            }
            vec![vec![code(*section)], l]
        })
        .collect();
    doc.table(&["Section", "Answers"], rows);

    doc.heading(3, "Answers assumed");
    if ctx.a.defaulted.is_empty() {
        doc.para(vec![t("None: every answer was given.")]);
    }
    let rows = ctx
        .a
        .defaulted
        .iter()
        .map(|x| {
            vec![
                vec![t(question(ctx, x.field))],
                vec![code(x.field)],
                vec![t(x.value.clone())],
            ]
        })
        .collect();
    doc.table(&["Question", "Field", "Assumed"], rows);

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
                vec![code(f.fact.clone())],
                vec![t(value)],
                vec![t(f.arithmetic.clone())],
            ]
        })
        .collect();
    doc.table(&["Figure", "Value", "Arithmetic"], rows);
    super::plan::figures(ctx, doc);
    super::risks::appendix(ctx, doc, risks);
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
    doc.heading(2, REFERENCES);
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
