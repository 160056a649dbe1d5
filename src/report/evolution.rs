//! Evolution: the design at 10× and 100× the given scale. The engine re-decides on
//! requirements whose volumes (users, daily actives, peak requests, data size and growth,
//! events, connections) are multiplied step by step; every decision that changes on the
//! way is reported at the step where it changes, as a staged growth plan.

use super::context::Ctx;
use super::doc::{strong, t, Doc, Line};
use crate::engine::{self, Outcome};
use crate::facts::FactValue;
use crate::quantity::{Bytes, Count};
use crate::requirements::Requirements;

/// The volumes that grow with scale; everything else (read share, consistency, team) is held.
pub const SCALED: [&str; 7] = [
    "scale.users",
    "scale.daily_active_users",
    "scale.peak_rps",
    "data.size",
    "data.growth_per_month",
    "background.events_per_sec",
    "realtime.concurrent_connections",
];

/// Multipliers tried, in order; the two stages end at 10× and 100×.
const STEPS: [f64; 8] = [2.0, 3.0, 5.0, 10.0, 20.0, 30.0, 50.0, 100.0];

/// A decision that changes at some multiplier.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub factor: f64,
    pub topic: String,
    pub title: String,
    /// "moves from A to B", or "keeps A and adds C" when only complements change.
    pub what: String,
    /// The strongest reason for the new design at that scale.
    pub because: Option<(String, crate::rules::Source)>,
}

/// The requirements with every volume in `SCALED` multiplied by `factor` (defaults
/// included: the resolved values are written in explicitly).
pub fn scaled(ctx: &Ctx, factor: f64) -> Requirements {
    let num = |f: &str| ctx.facts.get(f).and_then(FactValue::as_num).unwrap_or(0.0) * factor;
    let mut r = ctx.req.clone();
    let scale = r.scale.get_or_insert_with(Default::default);
    scale.users = Some(Count(num("scale.users")));
    scale.daily_active_users = Some(Count(num("scale.daily_active_users")));
    scale.peak_rps = Some(Count(num("scale.peak_rps")));
    let data = r.data.get_or_insert_with(Default::default);
    data.size = Some(Bytes(num("data.size")));
    data.growth_per_month = Some(Bytes(num("data.growth_per_month")));
    let background = r.background.get_or_insert_with(Default::default);
    background.events_per_sec = Some(Count(num("background.events_per_sec")));
    let realtime = r.realtime.get_or_insert_with(Default::default);
    realtime.concurrent_connections = Some(Count(num("realtime.concurrent_connections")));
    r
}

/// A topic's choice and its complements (sorted).
type Design = (String, Vec<String>);

fn design(ctx: &Ctx, i: usize, o: &Outcome) -> Design {
    let t = &ctx.book.topics[i];
    let mut also: Vec<String> = o.also.iter().map(|(a, _)| a.clone()).collect();
    also.sort();
    (t.options[o.choice].id.clone(), also)
}

/// "moves from A to B", "keeps A and adds C", with complements added or dropped.
fn describe(ctx: &Ctx, topic: &str, before: &Design, now: &Design) -> String {
    let all =
        |d: &Design| -> Vec<String> { std::iter::once(d.0.clone()).chain(d.1.clone()).collect() };
    let (old, new) = (all(before), all(now));
    let names = |ids: Vec<&String>| {
        ids.iter()
            .map(|a| ctx.option_name(topic, a))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    // The main choices are named in the first part; the rest are complements.
    let added = names(
        new.iter()
            .filter(|a| !old.contains(a) && **a != now.0)
            .collect(),
    );
    let dropped = names(
        old.iter()
            .filter(|a| !new.contains(a) && **a != before.0)
            .collect(),
    );
    let mut parts = vec![if now.0 != before.0 {
        format!(
            "moves from {} to {}",
            ctx.option_name(topic, &before.0),
            ctx.option_name(topic, &now.0)
        )
    } else {
        format!("keeps {}", ctx.option_name(topic, &now.0))
    }];
    if now.0 != before.0 && now.1.contains(&before.0) {
        parts.push(format!(
            "keeping {} beside it",
            ctx.option_name(topic, &before.0)
        ));
    }
    if !added.is_empty() {
        parts.push(format!("adds {added}"));
    }
    if !dropped.is_empty() {
        parts.push(format!("drops {dropped}"));
    }
    parts.join(", ")
}

/// Every change of a decision on the way to 100×, in the order it happens (by step,
/// then in the engine's evaluation order).
pub fn changes(ctx: &Ctx) -> Vec<Change> {
    let mut current: Vec<Option<Design>> = ctx
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| o.as_ref().map(|o| design(ctx, i, o)))
        .collect();
    let mut out = Vec::new();
    for factor in STEPS {
        let req = scaled(ctx, factor);
        let (mut facts, _, _) = engine::facts_for(ctx.book, &req);
        let outcomes = engine::decide(ctx.book, &mut facts);
        for &i in &ctx.book.order {
            let (Some(o), Some(before)) = (&outcomes[i], &current[i]) else {
                continue;
            };
            let now = design(ctx, i, o);
            if now == *before {
                continue;
            }
            let topic = &ctx.book.topics[i];
            let option = &topic.options[o.choice];
            let because = if now.0 != before.0 {
                o.fired[o.choice]
                    .iter()
                    .map(|&k| &option.conditions[k])
                    .filter(|r| r.weight > 0.0)
                    .max_by(|a, b| a.weight.total_cmp(&b.weight))
                    .map(|r| (r.because.clone(), r.source.clone()))
            } else {
                o.also
                    .iter()
                    .find(|(a, _)| !before.1.contains(a))
                    .map(|(_, ci)| &topic.combinations[*ci])
                    .map(|c| (c.because.clone(), c.source.clone()))
            };
            let what = describe(ctx, &topic.id, before, &now);
            out.push(Change {
                factor,
                topic: topic.id.clone(),
                title: topic.title.clone(),
                what,
                because,
            });
            current[i] = Some(now);
        }
    }
    out
}

fn factor(f: f64) -> String {
    format!("{}×", crate::quantity::trim(f, 1))
}

pub fn section(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, "Evolution");
    doc.para(vec![t(
        "What changes as the system grows: the engine decides again with users, daily actives, peak requests, data size and growth, events and connections multiplied by 2, 3, 5, 10, 20, 30, 50 and 100. Everything else (read share, consistency, team, platform) is held as given; re-run with your own projections when those change too.",
    )]);
    let shown = |f: &str, k: f64| {
        let unit = ctx.book.catalog.get(f).and_then(|s| s.unit());
        let v = ctx.facts.get(f).and_then(FactValue::as_num).unwrap_or(0.0) * k;
        FactValue::Num(v).show(unit)
    };
    let at = |k: f64| {
        format!(
            "{} users, {} peak requests/s",
            shown("scale.users", k),
            shown("scale.peak_rps", k)
        )
    };
    let rows = SCALED
        .iter()
        .map(|f| {
            vec![
                vec![super::doc::code(*f)],
                vec![t(shown(f, 1.0))],
                vec![t(shown(f, 10.0))],
                vec![t(shown(f, 100.0))],
            ]
        })
        .collect();
    doc.table(&["Volume", "Today", "10×", "100×"], rows);
    let all = changes(ctx);
    for (title, low, high) in [
        ("Stage 1: growing to 10×", 0.0, 10.0),
        ("Stage 2: from 10× to 100×", 10.0, 100.0),
    ] {
        doc.heading(3, title);
        let stage: Vec<&Change> = all
            .iter()
            .filter(|c| c.factor > low && c.factor <= high)
            .collect();
        if stage.is_empty() {
            doc.para(vec![t(
                "No decision changes in this range: the design holds as it is.",
            )]);
            continue;
        }
        let mut factors: Vec<f64> = stage.iter().map(|c| c.factor).collect();
        factors.dedup();
        for f in factors {
            doc.para(vec![
                strong(format!("By {}", factor(f))),
                t(format!(" ({}):", at(f))),
            ]);
            let items: Vec<Line> = stage
                .iter()
                .filter(|c| c.factor == f)
                .map(|c| {
                    let mut l = vec![strong(c.title.clone()), t(format!(" {}", c.what))];
                    match &c.because {
                        Some((because, source)) => {
                            l.push(t(format!(": {} (", because.trim_end_matches('.'))));
                            l.push(ctx.wiki_link(source));
                            l.push(t(")."));
                        }
                        None => l.push(t(".")),
                    }
                    l
                })
                .collect();
            doc.list(items);
        }
    }
}
