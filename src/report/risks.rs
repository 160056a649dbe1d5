//! Risks, ranked high / medium / low, each with a mitigation taken from the rules' wiki
//! text: coherence tensions (their `help`), close calls (what would settle them), and
//! accepted trade-offs (the details that say how to run the choice). Lint findings join
//! through `Risk` values passed in by the caller.

use super::context::Ctx;
use super::doc::{strong, t, Doc, Line};
use crate::engine::Decision;
use crate::rules::model::Severity;
use crate::rules::{Rule, Source};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    High,
    Medium,
    Low,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        }
    }
}

/// One risk of the design.
#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    pub level: Level,
    /// Where it comes from: `lint`, `tension`, `close call`, `trade-off`.
    pub origin: String,
    /// Topic ids concerned.
    pub topics: Vec<String>,
    pub text: String,
    pub mitigation: String,
    pub source: Option<Source>,
}

/// The penalties that applied to the chosen option: trade-offs the decision accepted.
pub fn penalties<'b>(ctx: &Ctx<'b>, topic: &str) -> Vec<&'b Rule> {
    let Some(i) = ctx.topic_index(topic) else {
        return Vec::new();
    };
    let Some(o) = &ctx.outcomes[i] else {
        return Vec::new();
    };
    let option = &ctx.book.topics[i].options[o.choice];
    o.fired[o.choice]
        .iter()
        .map(|&k| &option.conditions[k])
        .filter(|r| r.weight < 0.0)
        .collect()
}

/// The best rival of a decision: the highest-scoring alternative not used beside it.
pub fn runner_up(d: &Decision) -> Option<&crate::engine::Alternative> {
    d.alternatives.iter().find(|a| !a.complement)
}

/// Word stems of a text (words of five letters or more, cut to six), for matching a
/// risk with the details that speak to it.
fn stems(s: &str) -> std::collections::BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .map(|w| w.to_lowercase().chars().take(6).collect())
        .collect()
}

/// The decision's details that address `concern`: those sharing the most words with it,
/// then those resting on the same wiki section. With `must_match`, only details that
/// share a word count.
fn details_text(
    d: &Decision,
    concern: &str,
    prefer: &Source,
    max: usize,
    must_match: bool,
) -> Option<String> {
    let wanted = stems(concern);
    let mut details: Vec<(usize, &crate::engine::DetailOut)> = d
        .details
        .iter()
        .map(|x| {
            let text = format!("{} {} {}", x.name, x.value, x.because);
            (stems(&text).intersection(&wanted).count(), x)
        })
        .filter(|(n, _)| *n > 0 || !must_match)
        .collect();
    details.sort_by_key(|(n, x)| (std::cmp::Reverse(*n), x.source != *prefer));
    let parts: Vec<String> = details
        .iter()
        .take(max)
        .map(|(_, x)| format!("{}: {}.", x.name, x.value.trim_end_matches('.')))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// When no rule text addresses a cost: why the choice is still worth it.
/// A trade-off's mitigation: the detail that addresses it, else the flip point to
/// watch for, else why the cost was accepted.
fn or_watch(d: &Decision, detail: Option<String>) -> String {
    detail
        .or_else(|| {
            d.flip_points
                .first()
                .map(|f| format!("Watch for it: {}", f.text))
        })
        .unwrap_or_else(|| accepted_because(d))
}

fn accepted_because(d: &Decision) -> String {
    match d.rationale.first() {
        Some(r) => format!("Accepted, because: {}", r.text),
        None => "Accepted; see the wiki section.".into(),
    }
}

/// The risks the assessment shows, in the order they are found (ranked later).
pub fn collect(ctx: &Ctx) -> Vec<Risk> {
    let mut out = Vec::new();
    for x in &ctx.a.tensions {
        out.push(Risk {
            level: match x.severity {
                Severity::Error | Severity::Warning => Level::High,
                Severity::Info => Level::Medium,
            },
            origin: "tension".into(),
            topics: x.topics.clone(),
            text: x.message.clone(),
            mitigation: x.help.clone(),
            source: Some(x.source.clone()),
        });
    }
    for d in ctx
        .a
        .decisions
        .iter()
        .filter(|d| d.confidence.level == "low")
    {
        let assumed: Vec<&str> = d
            .flip_points
            .iter()
            .filter(|f| ctx.is_assumed(&f.fact))
            .map(|f| f.fact.as_str())
            .collect();
        let level = if d.confidence.margin <= 0.0 || !assumed.is_empty() {
            Level::High
        } else {
            Level::Medium
        };
        let mut text = format!("{}: {} is a close call", d.title, ctx.design_name(d));
        // The margin is over the best other option, even one used beside the choice.
        if let Some(r) = d.alternatives.first() {
            let beside = if r.complement { ", used beside it" } else { "" };
            text.push_str(&format!(
                " (score {} against {} for {}{beside})",
                crate::quantity::trim(d.score, 1),
                crate::quantity::trim(r.score, 1),
                r.name
            ));
        }
        text.push('.');
        if !assumed.is_empty() {
            text.push_str(&format!(
                " It turns on answers that were assumed, not given: {}.",
                assumed.join(", ")
            ));
        }
        let mut mitigation = String::from("Settle it before building on it. ");
        if let Some(f) = d.flip_points.first() {
            mitigation.push_str(&f.text);
            mitigation.push(' ');
        }
        if let Some(o) = runner_up(d).and_then(|r| ctx.topic(&d.topic)?.option(&r.option)) {
            mitigation.push_str(&format!("The alternative: {}", o.summary));
        }
        out.push(Risk {
            level,
            origin: "close call".into(),
            topics: vec![d.topic.clone()],
            text,
            mitigation: mitigation.trim().to_string(),
            source: Some(d.source.clone()),
        });
    }
    for d in &ctx.a.decisions {
        for r in penalties(ctx, &d.topic) {
            let mitigation = or_watch(d, details_text(d, &r.because, &r.source, 1, true));
            out.push(Risk {
                level: Level::Medium,
                origin: "trade-off".into(),
                topics: vec![d.topic.clone()],
                text: format!("{}: {}", ctx.design_name(d), r.because),
                mitigation,
                source: Some(r.source.clone()),
            });
        }
    }
    for d in &ctx.a.decisions {
        let Some(option) = ctx.topic(&d.topic).and_then(|t| t.option(&d.choice)) else {
            continue;
        };
        if option.disadvantages.is_empty() {
            continue;
        }
        let concern = option.disadvantages.join(" ");
        let mitigation = or_watch(d, details_text(d, &concern, &option.source, 2, false));
        out.push(Risk {
            level: Level::Low,
            origin: "trade-off".into(),
            topics: vec![d.topic.clone()],
            text: format!("{}: {}.", d.choice_name, option.disadvantages.join("; ")),
            mitigation,
            source: Some(option.source.clone()),
        });
    }
    out
}

/// Orders risks high, medium, low; within a level, in the order given (lint findings,
/// tensions, close calls, trade-offs, topics in wiki order).
pub fn rank(mut risks: Vec<Risk>) -> Vec<Risk> {
    risks.sort_by_key(|r| r.level);
    risks
}

pub fn section(ctx: &Ctx, doc: &mut Doc, risks: &[Risk]) {
    doc.heading(2, "Risks");
    let count = |l: Level| risks.iter().filter(|r| r.level == l).count();
    doc.para(vec![t(format!(
        "{} high, {} medium, {} low. High: coherence warnings between decisions and close calls that are ties or rest on assumed answers. Medium: other close calls and the penalties a choice accepted. Low: the known costs of each chosen option.",
        count(Level::High),
        count(Level::Medium),
        count(Level::Low)
    ))]);
    let rows = risks
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let level: Line = if r.level == Level::High {
                vec![strong(r.level.name())]
            } else {
                vec![t(r.level.name())]
            };
            vec![
                vec![t(format!("R{}", i + 1))],
                level,
                vec![t(r.text.clone())],
                vec![t(r.mitigation.clone())],
                vec![t(if r.topics.is_empty() {
                    r.origin.clone()
                } else {
                    format!("{} ({})", r.origin, r.topics.join(", "))
                })],
                r.source
                    .as_ref()
                    .map(|s| vec![ctx.wiki_link(s)])
                    .unwrap_or_default(),
            ]
        })
        .collect();
    doc.table(&["#", "Level", "Risk", "Mitigation", "From", "Wiki"], rows);
}
