//! Evolution: the system at 10× and 100× its volumes, following the capacity model.
//! Each tier's machines are recomputed from the grown figures, a tier the design keeps
//! on one machine is reported with the growth at which it runs out, and the engine
//! decides again to show which decisions change because of which figure. The team is
//! held as given, and shown growing too.

use super::context::{mattered, Ctx};
use super::doc::{code, strong, t, Doc, Inline, Line};
use super::plan::{self, limit, line, plan_of, relevant};
use crate::engine::{self, describe::fill, Outcome};
use crate::facts::{FactValue, Facts};
use crate::quantity::{show_count, trim, Count};
use crate::requirements::Requirements;
use crate::rules::Source;

pub use super::plan::VOLUMES as SCALED;

/// The multipliers reported.
pub const FACTORS: [f64; 2] = [10.0, 100.0];

/// How much the team grows with a tenfold growth of the volumes, in the scenario where
/// it grows: it doubles.
pub const TEAM_PER_TENFOLD: f64 = 2.0;

/// A decision that changes at some multiplier.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub factor: f64,
    pub topic: String,
    pub title: String,
    /// "moves from A to B", or "keeps A and adds C" when only complements change.
    pub what: String,
    /// The strongest reason for the new design at that scale, with its figures filled in.
    pub because: Option<(String, Source)>,
    /// The figures that reason rests on at that scale: (fact, value).
    pub figures: Vec<(String, String)>,
}

/// The requirements with every volume multiplied by `factor` (the team held).
pub fn scaled(ctx: &Ctx, factor: f64) -> Requirements {
    plan::scaled(ctx, factor)
}

/// The team's growth factor at `factor` times the volumes, in the growing scenario.
pub fn team_factor(factor: f64) -> f64 {
    TEAM_PER_TENFOLD.powf(factor.log10())
}

fn with_team(ctx: &Ctx, mut req: Requirements, factor: f64) -> Requirements {
    let k = team_factor(factor);
    let n = |f: &str| ctx.facts.get(f).and_then(FactValue::as_num).unwrap_or(1.0);
    let team = req.team.get_or_insert_with(Default::default);
    team.engineers = Some(Count((n("team.engineers") * k).round()));
    team.teams = Some(Count((n("team.teams") * k).round()));
    req
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

fn figures_of(
    ctx: &Ctx,
    c: &crate::rules::condition::Condition,
    facts: &Facts,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for f in mattered(c, facts) {
        if f.starts_with("decision.") || f.starts_with("design.") || out.iter().any(|x| x.0 == f) {
            continue;
        }
        let unit = ctx.book.catalog.get(f).and_then(|s| s.unit());
        let v = facts
            .get(f)
            .map_or_else(|| "not set".into(), |v| v.show(unit));
        out.push((f.to_string(), v));
    }
    out
}

/// Every change of a decision at 10× and then at 100× (each against the step before),
/// in the engine's evaluation order. With `team`, the team grows as well.
pub fn changes_with(ctx: &Ctx, team: bool) -> Vec<Change> {
    let mut current: Vec<Option<Design>> = ctx
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| o.as_ref().map(|o| design(ctx, i, o)))
        .collect();
    let mut out = Vec::new();
    for factor in FACTORS {
        let mut req = scaled(ctx, factor);
        if team {
            req = with_team(ctx, req, factor);
        }
        let (mut facts, _) = engine::facts_only(ctx.book, &req);
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
            let fill = |s: &str| fill(s, &facts, &ctx.book.catalog);
            let (because, figures) = if now.0 != before.0 {
                // The strongest reason for the new choice; else the strongest against
                // the old one at this scale.
                let pro = o.fired[o.choice]
                    .iter()
                    .map(|&k| &option.conditions[k])
                    .filter(|r| r.weight > 0.0)
                    .max_by(|a, b| a.weight.total_cmp(&b.weight));
                let old = topic.options.iter().position(|x| x.id == before.0);
                let contra = old.and_then(|k| {
                    o.fired[k]
                        .iter()
                        .map(|&c| &topic.options[k].conditions[c])
                        .filter(|r| r.weight < 0.0)
                        .min_by(|a, b| a.weight.total_cmp(&b.weight))
                });
                match pro.or(contra) {
                    Some(r) => (
                        Some((fill(&r.because), r.source.clone())),
                        figures_of(ctx, &r.when, &facts),
                    ),
                    None => (None, Vec::new()),
                }
            } else {
                match o
                    .also
                    .iter()
                    .find(|(a, _)| !before.1.contains(a))
                    .map(|(_, ci)| &topic.combinations[*ci])
                {
                    Some(c) => (
                        Some((fill(&c.because), c.source.clone())),
                        figures_of(ctx, &c.when, &facts),
                    ),
                    None => (None, Vec::new()),
                }
            };
            out.push(Change {
                factor,
                topic: topic.id.clone(),
                title: topic.title.clone(),
                what: describe(ctx, &topic.id, before, &now),
                because,
                figures,
            });
            current[i] = Some(now);
        }
    }
    out
}

/// The changes with the team held as given.
pub fn changes(ctx: &Ctx) -> Vec<Change> {
    changes_with(ctx, false)
}

fn factor(f: f64) -> String {
    format!("{}×", trim(f, 1))
}

fn num(facts: &Facts, f: &str) -> f64 {
    facts.get(f).and_then(FactValue::as_num).unwrap_or(0.0)
}

/// For a tier the design keeps on one machine: the multiple of today's load at which
/// one machine is no longer enough, and how soon the stated growth gets there.
fn runs_out(ctx: &Ctx, id: &str) -> Option<(f64, String)> {
    let cap = &ctx.book.capacity;
    let f = &ctx.facts;
    let (load, per) = match id {
        "app-instances" => (num(f, "scale.peak_rps"), cap.get("app_rps_per_instance")),
        "connection-servers" => (
            num(f, "realtime.concurrent_connections"),
            cap.get("connections_per_server"),
        ),
        "db-write-primaries" => (
            num(f, "derived.writes_per_sec"),
            cap.get("sql_writes_per_primary"),
        ),
        "db-read-nodes" => (
            num(f, "derived.reads_per_sec"),
            cap.get("sql_reads_per_node"),
        ),
        "db-data-nodes" => (num(f, "data.size"), cap.get("data_per_db_node")),
        _ => return None,
    };
    if load <= 0.0 || per <= 0.0 {
        return None;
    }
    let at = per / load;
    let when = if at <= 1.0 {
        "already exceeded".to_string()
    } else if id == "db-data-nodes" {
        let monthly = num(f, "data.growth_per_month");
        if monthly > 0.0 {
            let months = ((per - load) / monthly).ceil();
            if months > 24.0 {
                format!("in about {} years", trim(months / 12.0, 0))
            } else {
                format!("in about {} months", trim(months, 0))
            }
        } else {
            "not at the stated growth".into()
        }
    } else {
        let g = num(f, "scale.growth_per_year") / 100.0;
        if g > 0.0 {
            format!("in about {} years", trim(at.ln() / (1.0 + g).ln(), 1))
        } else {
            "not at the stated growth".into()
        }
    };
    Some((at, when))
}

fn change_line(ctx: &Ctx, c: &Change) -> Line {
    let mut l: Line = vec![strong(c.title.clone()), t(format!(" {}", c.what))];
    if let Some((because, _)) = &c.because {
        l.push(t(format!(": {}", because.trim_end_matches('.'))));
    }
    let mut tail: Vec<Inline> = Vec::new();
    for (i, (f, v)) in c.figures.iter().enumerate() {
        if i > 0 {
            tail.push(t(", "));
        }
        tail.push(code(f.clone()));
        tail.push(t(format!(" = {v}")));
    }
    if let Some((_, source)) = &c.because {
        if !tail.is_empty() {
            tail.push(t("; "));
        }
        tail.push(if source.external {
            t(source.section.clone())
        } else {
            ctx.wiki_link(source)
        });
    }
    if !tail.is_empty() {
        l.push(t(" ("));
        l.extend(tail);
        l.push(t(")"));
    }
    l.push(t("."));
    l
}

/// The growth table's rows for one context's tiers (`name` prefixes a component's);
/// `first` keeps the tier capped by the design that runs out soonest.
fn growth_rows(
    ctx: &Ctx,
    name: Option<&str>,
    first: &mut Option<(f64, String, String)>,
) -> Vec<Vec<Line>> {
    let (_, p10) = plan_of(ctx, &scaled(ctx, 10.0));
    let (_, p100) = plan_of(ctx, &scaled(ctx, 100.0));
    ctx.a
        .capacity
        .iter()
        .filter(|l| relevant(ctx, &l.id))
        .map(|l| {
            let label = Ctx::part_label(name, &l.label);
            let at = |p: &[crate::derived::PlanLine]| {
                line(p, &l.id).map_or_else(String::new, |x| l.unit.show(x.now))
            };
            let design: Line = match limit(ctx, &l.id) {
                None => vec![t("scales out")],
                Some(_) => match runs_out(ctx, &l.id) {
                    Some((k, when)) => {
                        if first.as_ref().is_none_or(|f| k < f.0) {
                            *first = Some((k, label.clone(), when.clone()));
                        }
                        vec![
                            strong(format!("one machine: runs out at {}", factor(k))),
                            t(format!(" ({when})")),
                        ]
                    }
                    None => vec![t("one machine")],
                },
            };
            vec![
                vec![t(label)],
                vec![t(l.unit.show(l.now))],
                vec![t(at(&p10))],
                vec![t(at(&p100))],
                design,
            ]
        })
        .collect()
}

pub fn section(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(3, "Growth to 10× and 100×");
    let engineers = ctx.show("team.engineers");
    let teams = ctx.show("team.teams");
    let k10 = team_factor(10.0);
    let k100 = team_factor(100.0);
    let n = |f: &str| num(&ctx.facts, f);
    doc.para(vec![t(format!(
        "Users, daily actives, peak requests, data and its growth, events and connections multiplied by 10 and 100; read share, consistency and platform held. The team is held at {engineers} engineers in {teams} teams; the last list assumes it doubles with every tenfold growth ({} in {} at 10×, {} in {} at 100×).",
        show_count((n("team.engineers") * k10).round()),
        show_count((n("team.teams") * k10).round()),
        show_count((n("team.engineers") * k100).round()),
        show_count((n("team.teams") * k100).round()),
    ))]);
    let mut first: Option<(f64, String, String)> = None;
    let mut rows = growth_rows(ctx, None, &mut first);
    ctx.each_part(|name, pctx| rows.extend(growth_rows(pctx, Some(name), &mut first)));
    doc.table(&["Tier", "Today", "10×", "100×", "In this design"], rows);
    match first {
        Some((k, label, when)) => doc.para(vec![
            strong("Runs out first:"),
            t(format!(
                " {label}, at {} of today's volume ({when}); the design must change before then.",
                factor(k)
            )),
        ]),
        None => doc.para(vec![
            strong("Runs out first:"),
            t(" no tier is capped by the design; every one grows by adding machines, so the limits are cost and operations."),
        ]),
    }

    let held = changes(ctx);
    for f in FACTORS {
        let at: Vec<&Change> = held.iter().filter(|c| c.factor == f).collect();
        let mut intro: Line = vec![strong(format!("At {}", factor(f)))];
        if at.is_empty() {
            intro.push(t(
                ": no decision changes; only the machine counts above grow.",
            ));
            doc.para(intro);
        } else {
            intro.push(t(":"));
            doc.para(intro);
            doc.list(at.iter().map(|c| change_line(ctx, c)).collect());
        }
    }
    let grown = changes_with(ctx, true);
    let extra: Vec<&Change> = grown
        .iter()
        .filter(|g| {
            !held
                .iter()
                .any(|h| h.topic == g.topic && h.factor == g.factor && h.what == g.what)
        })
        .collect();
    let mut intro: Vec<Inline> = vec![strong("If the team grows too")];
    if extra.is_empty() {
        intro.push(t(": nothing else changes."));
        doc.para(intro);
    } else {
        intro.push(t(", these change as well (or instead):"));
        doc.para(intro);
        doc.list(
            extra
                .iter()
                .map(|c| {
                    let mut l = vec![code(factor(c.factor)), t(" ")];
                    l.extend(change_line(ctx, c));
                    l
                })
                .collect(),
        );
    }
}
