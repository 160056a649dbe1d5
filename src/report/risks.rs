//! Risks a reviewer would raise, ranked by impact and likelihood. They come from the
//! review risks of the rules (`rules/risks/`, each tied to a requirement or figure of
//! this system by its condition), from coherence warnings between decisions, and from
//! lint findings on the requirements file (passed in by the caller). A chosen option's
//! generic disadvantages are not risks here: they are in its decision record.

use super::context::{mattered, Ctx};
use super::doc::{code, strong, t, Doc, Inline, Line};
use crate::engine::describe::fill;
use crate::rules::model::Severity;
use crate::rules::Source;

pub use crate::rules::model::RiskLevel as Level;

/// How many risks the main document lists; the rest are in the appendix.
pub const TOP: usize = 10;

/// A requirement value or figure a risk rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Basis {
    pub fact: String,
    pub value: String,
    /// The answer was assumed, not given.
    pub assumed: bool,
}

/// One risk of the design.
#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    pub title: String,
    pub impact: Level,
    pub likelihood: Level,
    /// Where it comes from: `review` (a rule in `rules/risks/`), `tension` or `lint`.
    pub origin: String,
    /// The rule's id (review risks, tensions and lint checks).
    pub id: String,
    pub basis: Vec<Basis>,
    pub text: String,
    pub mitigation: String,
    pub source: Option<Source>,
}

impl Risk {
    /// Impact × likelihood, 1 to 9.
    pub fn score(&self) -> u32 {
        self.impact.weight() * self.likelihood.weight()
    }
}

/// The facts a risk's condition rests on, as the report shows them (requirements and
/// figures; decisions by their option's name).
fn basis(ctx: &Ctx, when: &crate::rules::condition::Condition) -> Vec<Basis> {
    let mut out: Vec<Basis> = Vec::new();
    for fact in mattered(when, &ctx.facts) {
        // A decision's design (choice and complements) is shown like its choice.
        let fact = match fact.strip_prefix("design.") {
            Some(topic) => format!("decision.{topic}"),
            None => fact.to_string(),
        };
        if out.iter().any(|b| b.fact == fact) {
            continue;
        }
        let value = match fact.strip_prefix("decision.").and_then(|t| ctx.decision(t)) {
            Some(d) => ctx.design_name(d),
            None => ctx.driver(&fact).value,
        };
        out.push(Basis {
            assumed: ctx.is_assumed(&fact),
            fact,
            value,
        });
    }
    out
}

/// Whether a risk's condition reads a decision taken for each component.
fn per_part(ctx: &Ctx, when: &crate::rules::condition::Condition) -> bool {
    when.leaves().iter().any(|(fact, _, _)| {
        let topic = fact
            .strip_prefix("decision.")
            .or_else(|| fact.strip_prefix("design."));
        topic
            .and_then(|t| ctx.topic(t))
            .is_some_and(|t| t.per_component)
    })
}

/// A review risk of the rules, if its condition holds in this context.
fn review_risk(ctx: &Ctx, r: &crate::rules::RiskDef) -> Option<Risk> {
    if !r.when.eval(&ctx.facts) {
        return None;
    }
    let text = |s: &str| fill(s, &ctx.facts, &ctx.book.catalog);
    Some(Risk {
        title: text(&r.title),
        impact: r.impact,
        likelihood: r.likelihood,
        origin: "review".into(),
        id: r.id.clone(),
        basis: basis(ctx, &r.when),
        text: text(&r.text),
        mitigation: text(&r.mitigation),
        source: Some(r.source.clone()),
    })
}

/// The risks the assessment shows, before ranking: review risks in file order, then
/// coherence warnings. With components, a risk that rests on a decision taken per part
/// is judged on each part's own figures and decisions and named after the parts it
/// holds for (one entry, with the first part's figures).
pub fn collect(ctx: &Ctx) -> Vec<Risk> {
    let mut out = Vec::new();
    // Per-part risks, held for each part: (part, risk) in the parts' order.
    let mut held: Vec<Vec<(String, Risk)>> = vec![Vec::new(); ctx.book.risks.len()];
    ctx.each_part(|name, pctx| {
        for (k, r) in ctx.book.risks.iter().enumerate() {
            if per_part(ctx, &r.when) {
                held[k].extend(review_risk(pctx, r).map(|x| (name.to_string(), x)));
            }
        }
    });
    let has_parts = !ctx.a.components.is_empty();
    for (r, mut held) in ctx.book.risks.iter().zip(held) {
        if !has_parts || !per_part(ctx, &r.when) {
            out.extend(review_risk(ctx, r));
            continue;
        }
        // One entry per risk: the parts it holds for in its title, the first part's
        // figures in its text (named when the others' differ).
        if held.is_empty() {
            continue;
        }
        let names: Vec<&str> = held.iter().map(|(n, _)| n.as_str()).collect();
        let title = names.join(", ");
        let same = held.iter().all(|(_, x)| x.text == held[0].1.text);
        let (first, mut x) = held.swap_remove(0);
        x.title = format!("{title}: {}", x.title);
        if !same {
            x.text = format!("In {first}: {}", x.text);
        }
        out.push(x);
    }
    // Coherence warnings: two decisions that work against each other. Informational
    // checks are left to the decision records.
    for x in ctx
        .a
        .tensions
        .iter()
        .filter(|x| x.severity >= Severity::Warning)
    {
        let check = ctx.book.coherence.iter().find(|c| c.id == x.id);
        out.push(Risk {
            title: format!("Decisions in tension: {}", x.topics.join(" and ")),
            impact: Level::High,
            likelihood: Level::Medium,
            origin: "tension".into(),
            id: x.id.clone(),
            basis: check.map(|c| basis(ctx, &c.when)).unwrap_or_default(),
            text: x.message.clone(),
            mitigation: x.help.clone(),
            source: Some(x.source.clone()),
        });
    }
    out
}

/// Highest impact × likelihood first, then higher impact; ties keep the order given
/// (lint findings, review risks in file order, tensions).
pub fn rank(mut risks: Vec<Risk>) -> Vec<Risk> {
    risks.sort_by(|a, b| b.score().cmp(&a.score()).then(a.impact.cmp(&b.impact)));
    risks
}

fn source_link(ctx: &Ctx, s: &Source) -> Inline {
    if s.external {
        t(s.section.clone())
    } else {
        ctx.wiki_link(s)
    }
}

fn rests_on(r: &Risk) -> Line {
    let mut l: Line = Vec::new();
    for (i, b) in r.basis.iter().enumerate() {
        if i > 0 {
            l.push(t("; "));
        }
        let assumed = if b.assumed { " (assumed)" } else { "" };
        l.push(code(b.fact.strip_prefix("decision.").unwrap_or(&b.fact)));
        l.push(t(format!(" = {}{assumed}", b.value)));
    }
    l
}

fn row(ctx: &Ctx, i: usize, r: &Risk) -> Vec<Line> {
    let level = |l: Level| -> Line {
        if l == Level::High {
            vec![strong(l.as_str())]
        } else {
            vec![t(l.as_str())]
        }
    };
    let mut mitigation: Line = vec![t(r.mitigation.clone())];
    if let Some(s) = &r.source {
        mitigation.push(t(" ("));
        mitigation.push(source_link(ctx, s));
        mitigation.push(t(")"));
    }
    vec![
        vec![t(format!("R{}", i + 1))],
        vec![
            strong(format!("{}.", r.title.trim_end_matches('.'))),
            t(format!(" {}", r.text)),
        ],
        level(r.impact),
        level(r.likelihood),
        rests_on(r),
        mitigation,
    ]
}

pub fn section(ctx: &Ctx, doc: &mut Doc, risks: &[Risk]) {
    doc.heading(2, "Risks");
    if risks.is_empty() {
        doc.para(vec![t(
            "No review risk applies to these requirements and decisions.",
        )]);
        return;
    }
    let shown = risks.len().min(TOP);
    let rest = if risks.len() > TOP {
        format!(
            "; the top {TOP} are below, {} more in the appendix",
            risks.len() - TOP
        )
    } else {
        String::new()
    };
    doc.para(vec![t(format!(
        "{} risks apply to this system{rest}. Ranked by impact × likelihood; each rests on the requirements, figures and decisions named beside it.",
        risks.len()
    ))]);
    let rows = risks
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, r)| row(ctx, i, r))
        .collect();
    doc.table(
        &[
            "#",
            "Risk",
            "Impact",
            "Likelihood",
            "Rests on",
            "Mitigation",
        ],
        rows,
    );
}

/// The risks past the top ones, for the appendix.
pub fn appendix(ctx: &Ctx, doc: &mut Doc, risks: &[Risk]) {
    if risks.len() <= TOP {
        return;
    }
    doc.heading(3, "Further risks");
    let rows = risks
        .iter()
        .enumerate()
        .skip(TOP)
        .map(|(i, r)| row(ctx, i, r))
        .collect();
    doc.table(
        &[
            "#",
            "Risk",
            "Impact",
            "Likelihood",
            "Rests on",
            "Mitigation",
        ],
        rows,
    );
}
