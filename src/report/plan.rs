//! The capacity plan: how many machines each tier needs now, in one year and in three,
//! with the arithmetic and the planning figure (`rules/capacity.yaml`) behind it, plus
//! the servers in total and the single points of failure the design leaves. The figures
//! come from `derived::plan`, run on the requirements as given and as grown.

use super::context::Ctx;
use super::doc::{code, t, Doc, Line};
use crate::derived::PlanLine;
use crate::engine;
use crate::facts::{FactValue, Facts};
use crate::quantity::{show_bytes, show_count, trim, Unit};
use crate::requirements::Requirements;

/// The volumes that grow with time and scale; everything else is held.
pub const VOLUMES: [&str; 7] = [
    "scale.users",
    "scale.daily_active_users",
    "scale.peak_rps",
    "data.size",
    "data.growth_per_month",
    "background.events_per_sec",
    "realtime.concurrent_connections",
];

fn num(facts: &Facts, fact: &str) -> f64 {
    facts.get(fact).and_then(FactValue::as_num).unwrap_or(0.0)
}

/// The requirements with explicit volumes: `rate` multiplies the request and user
/// volumes, `data` is the new data size and `monthly` the new monthly growth. Defaults
/// are written in, so nothing is derived again from a changed base.
pub fn with_volumes(ctx: &Ctx, rate: f64, data: f64, monthly: f64) -> Requirements {
    use crate::quantity::{Bytes, Count};
    let n = |f: &str| num(&ctx.facts, f) * rate;
    let mut r = ctx.req.as_ref().clone();
    let scale = r.scale.get_or_insert_with(Default::default);
    scale.users = Some(Count(n("scale.users")));
    scale.daily_active_users = Some(Count(n("scale.daily_active_users")));
    scale.peak_rps = Some(Count(n("scale.peak_rps")));
    let d = r.data.get_or_insert_with(Default::default);
    d.size = Some(Bytes(data));
    d.growth_per_month = Some(Bytes(monthly));
    let background = r.background.get_or_insert_with(Default::default);
    background.events_per_sec = Some(Count(n("background.events_per_sec")));
    let realtime = r.realtime.get_or_insert_with(Default::default);
    realtime.concurrent_connections = Some(Count(n("realtime.concurrent_connections")));
    r
}

/// The requirements `years` from now at the stated growth: traffic and users grow by
/// `growth_per_year` a year, data by `growth_per_month` a month.
pub fn grown(ctx: &Ctx, years: f64) -> Requirements {
    let g = (1.0 + num(&ctx.facts, "scale.growth_per_year") / 100.0).powf(years);
    let size =
        num(&ctx.facts, "data.size") + 12.0 * years * num(&ctx.facts, "data.growth_per_month");
    with_volumes(ctx, g, size, num(&ctx.facts, "data.growth_per_month"))
}

/// Every volume multiplied by `factor`.
pub fn scaled(ctx: &Ctx, factor: f64) -> Requirements {
    with_volumes(
        ctx,
        factor,
        num(&ctx.facts, "data.size") * factor,
        num(&ctx.facts, "data.growth_per_month") * factor,
    )
}

/// Facts and capacity plan of other requirements (no decisions taken).
/// The tiers are this design's: its decisions are carried over.
pub fn plan_of(ctx: &Ctx, req: &Requirements) -> (Facts, Vec<PlanLine>) {
    let (mut facts, _) = engine::facts_only(ctx.book, req);
    for topic in &ctx.book.topics {
        for id in [topic.decision_fact, topic.design_fact] {
            if let Some(v) = ctx.facts.at(id) {
                facts.set_at(id, v.clone());
            }
        }
    }
    let plan = crate::derived::plan_for(&facts, &ctx.book.capacity, ctx.scope);
    (facts, plan)
}

pub fn line<'p>(plan: &'p [PlanLine], id: &str) -> Option<&'p PlanLine> {
    plan.iter().find(|l| l.id == id)
}

/// The plan lines this design uses: partitions only with event streaming, connection
/// servers only with open connections, cache memory only with a cache.
pub fn relevant(ctx: &Ctx, id: &str) -> bool {
    match id {
        "cache-memory" => ctx.decision("caching").is_some() && ctx.choice("caching") != "none",
        "stream-partitions" => ctx.has("messaging", "event-streaming"),
        "connection-servers" => ["websockets", "sse", "long-polling"]
            .iter()
            .any(|o| ctx.has("realtime", o)),
        _ => true,
    }
}

/// How a tier grows in this design: `None` when it scales out, `Some(1)` when the
/// design keeps it on one machine.
pub fn limit(ctx: &Ctx, id: &str) -> Option<f64> {
    let sharded = ctx.has("data-distribution", "sharding");
    let copies = sharded || ctx.has("data-distribution", "replication");
    let one = Some(1.0);
    match id {
        "app-instances" | "connection-servers" if ctx.choice("scaling") == "vertical" => one,
        "db-write-primaries" | "db-data-nodes" if !sharded => one,
        "db-read-nodes" if !copies => one,
        _ => None,
    }
}

fn show(unit: Unit, v: f64) -> String {
    unit.show(v)
}

fn cache_nodes(ctx: &Ctx, memory: f64) -> f64 {
    let per = ctx.book.capacity.get("cache_memory_per_node");
    if per > 0.0 {
        ((memory / per) - 1e-9).ceil().max(1.0)
    } else {
        1.0
    }
}

/// Database machines in this design for a plan: one primary per shard (one without
/// sharding), doubled by a standby or replica each when the data is replicated, plus
/// read nodes beyond the primaries.
fn db_machines(ctx: &Ctx, p: &[PlanLine], at: fn(&PlanLine) -> f64) -> f64 {
    if line(p, "db-write-primaries").is_none() {
        // A managed key-value store or object storage: no database machines to count.
        return 0.0;
    }
    let get = |id: &str| line(p, id).map_or(1.0, at);
    let primaries = if ctx.has("data-distribution", "sharding") {
        get("db-write-primaries").max(get("db-data-nodes"))
    } else {
        1.0
    };
    let replicated = ctx.has("data-distribution", "replication");
    let base = primaries * if replicated { 2.0 } else { 1.0 };
    base + (get("db-read-nodes") - base).max(0.0)
}

/// Peak bandwidth out of the app tier, bytes per second.
fn bandwidth(ctx: &Ctx, facts: &Facts) -> Option<f64> {
    let per = ctx.book.capacity.figure("response_bytes")?.value;
    Some(num(facts, "scale.peak_rps") * per)
}

fn rate(bytes_per_sec: f64) -> String {
    format!(
        "{}/s ({} Gbit/s)",
        show_bytes(bytes_per_sec),
        trim(bytes_per_sec * 8.0 / 1e9, 2)
    )
}

/// Machines a plan counts, by kind: app, database, cache, connection servers.
type Machines = [f64; 4];

fn machines(ctx: &Ctx, p: &[PlanLine], at: fn(&PlanLine) -> f64) -> Machines {
    let app = match line(p, "app-instances") {
        None => 0.0,
        Some(_) if ctx.choice("scaling") == "vertical" => 1.0,
        Some(l) => at(l),
    };
    let cache = match line(p, "cache-memory") {
        Some(l) if relevant(ctx, "cache-memory") => cache_nodes(ctx, at(l)),
        _ => 0.0,
    };
    let connections = match line(p, "connection-servers") {
        Some(l) if relevant(ctx, "connection-servers") => at(l),
        _ => 0.0,
    };
    [app, db_machines(ctx, p, at), cache, connections]
}

fn add(a: Machines, b: Machines) -> Machines {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}

/// The rows of one context's tiers (`name` prefixes a component's), and the machines
/// they count now, in one year and in three.
fn tier_rows(ctx: &Ctx, name: Option<&str>) -> (Vec<Vec<Line>>, [Machines; 3]) {
    let now = &ctx.a.capacity;
    let (_, y1) = plan_of(ctx, &grown(ctx, 1.0));
    let (f3, _) = plan_of(ctx, &grown(ctx, 3.0));
    let mut rows: Vec<Vec<Line>> = Vec::new();
    for l in now.iter().filter(|l| relevant(ctx, &l.id)) {
        let one = line(&y1, &l.id).map_or(l.now, |x| x.now);
        let figure = ctx.book.capacity.figure(&l.figure);
        let per = figure.map_or(0.0, |f| f.value);
        let per_unit = figure.map_or(Unit::Count, |f| f.unit);
        let (cells, how) = if l.id == "cache-memory" {
            let cells = [l.now, one, l.in_3y].map(|m| {
                let n = cache_nodes(ctx, m);
                let s = if n == 1.0 { "" } else { "s" };
                format!("{} ({} node{s})", show(l.unit, m), show_count(n))
            });
            let how = format!(
                "data × {} hot ÷ {} per node",
                ctx.show("data.hot_percent"),
                show(per_unit, per)
            );
            (cells, how)
        } else {
            let cells = [l.now, one, l.in_3y].map(|v| show(l.unit, v));
            let load = match l.id.as_str() {
                "app-instances" => format!("{} requests/s", ctx.show("derived.peak_rps_3y")),
                "db-write-primaries" | "kv-write-partitions" => {
                    format!("{} writes/s", ctx.show("derived.writes_per_sec_3y"))
                }
                "db-read-nodes" | "kv-read-partitions" => {
                    format!("{} reads/s", ctx.show("derived.reads_per_sec_3y"))
                }
                "db-data-nodes" | "kv-data-partitions" | "object-storage" => {
                    ctx.show("derived.storage_3y")
                }
                "stream-partitions" => {
                    format!("{} events/s", ctx.show("derived.events_per_sec_3y"))
                }
                "connection-servers" => format!(
                    "{} connections",
                    show_count(num(&f3, "realtime.concurrent_connections"))
                ),
                _ => String::new(),
            };
            let how = match (l.id.as_str(), figure) {
                (_, None) => "grows with the data; no machines to plan".to_string(),
                (id, Some(_)) if id.starts_with("kv-") || id == "stream-partitions" => {
                    format!("3 years: ⌈{load} ÷ {} per partition⌉", show(per_unit, per))
                }
                _ => format!("3 years: ⌈{load} ÷ {} per machine⌉", show(per_unit, per)),
            };
            (cells, how)
        };
        let mut label = Ctx::part_label(name, &l.label);
        if limit(ctx, &l.id).is_some() && l.in_3y > 1.0 {
            label.push_str(" (this design has one)");
        }
        rows.push(vec![
            vec![t(label)],
            vec![t(cells[0].clone())],
            vec![t(cells[1].clone())],
            vec![t(cells[2].clone())],
            vec![t(how)],
        ]);
    }
    let at_now: fn(&PlanLine) -> f64 = |l| l.now;
    let at_3y: fn(&PlanLine) -> f64 = |l| l.in_3y;
    let counts = [
        machines(ctx, now, at_now),
        machines(ctx, &y1, at_now),
        machines(ctx, now, at_3y),
    ];
    (rows, counts)
}

pub fn section(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(2, "Capacity plan");
    let growth = ctx.show("scale.growth_per_year");
    let monthly = ctx.show("data.growth_per_month");
    let each = if ctx.a.components.is_empty() {
        ""
    } else {
        " Shared tiers first, then each part's data tiers on its own traffic share and data."
    };
    doc.para(vec![t(format!(
        "Machines per tier for the peak load, now, in one year and in three, at {growth} growth a year and {monthly} of new data a month. Each line divides the load by a planning figure (a conservative value for a commodity cloud machine, sources in the appendix); load-test to replace them with your own.{each}"
    ))]);
    let (mut rows, mut counts) = tier_rows(ctx, None);
    ctx.each_part(|name, pctx| {
        let (r, c) = tier_rows(pctx, Some(name));
        rows.extend(r);
        for (total, more) in counts.iter_mut().zip(c) {
            *total = add(*total, more);
        }
    });
    let (f1, _) = plan_of(ctx, &grown(ctx, 1.0));
    let (f3, _) = plan_of(ctx, &grown(ctx, 3.0));
    rows.push(vec![
        vec![t("data (one copy)")],
        vec![t(ctx.show("data.size"))],
        vec![t(ctx.show("derived.storage_1y"))],
        vec![t(ctx.show("derived.storage_3y"))],
        vec![t(format!("{} + months × {monthly}", ctx.show("data.size")))],
    ]);
    if let Some(now_bw) = bandwidth(ctx, &ctx.facts) {
        let per = ctx
            .book
            .capacity
            .figure("response_bytes")
            .map_or(0.0, |f| f.value);
        rows.push(vec![
            vec![t("peak bandwidth out of the app tier")],
            vec![t(rate(now_bw))],
            vec![t(rate(bandwidth(ctx, &f1).unwrap_or(0.0)))],
            vec![t(rate(bandwidth(ctx, &f3).unwrap_or(0.0)))],
            vec![t(format!(
                "peak requests/s × {} a response",
                show_bytes(per)
            ))],
        ]);
    }
    let total = |m: Machines| m.iter().sum::<f64>();
    let [a, d, c, o] = counts[2];
    let open = if o > 0.0 {
        format!(" + {} connection", show_count(o))
    } else {
        String::new()
    };
    rows.push(vec![
        vec![t("servers in total")],
        vec![t(show_count(total(counts[0])))],
        vec![t(show_count(total(counts[1])))],
        vec![t(show_count(total(counts[2])))],
        vec![t(format!(
            "3 years: {} app + {} database (a replica per replicated primary) + {} cache{open}; managed stores not counted; no spares",
            show_count(a),
            show_count(d),
            show_count(c)
        ))],
    ]);
    doc.table(&["Tier", "Now", "In 1 year", "In 3 years", "How"], rows);

    let spofs = single_points(ctx);
    if !spofs.is_empty() {
        let mut l: Line = vec![t("Single points of failure to design out: ")];
        l.push(t(spofs.join("; ")));
        l.push(t("."));
        doc.para(l);
    }
}

/// Components the design leaves single, by what the decisions and answers say.
pub fn single_points(ctx: &Ctx) -> Vec<String> {
    let mut out = Vec::new();
    let app_now = line(&ctx.a.capacity, "app-instances").map_or(1.0, |l| l.now);
    if ctx.choice("scaling") == "vertical" || app_now <= 1.0 {
        out.push("the one app server (run two behind a load balancer)".to_string());
    }
    let parts = !ctx.a.components.is_empty();
    match ctx.choice("data-distribution") {
        "single" if parts => out.push("each part's one database server, with no standby".into()),
        "single" => out.push("the one database server, with no standby".into()),
        "replication" if parts => {
            out.push("each part's database primary for writes, until a standby is promoted".into())
        }
        "replication" => {
            out.push("the database primary for writes, until a standby is promoted".into())
        }
        _ => {}
    }
    if ctx.has("service-state", "stateless-external-state") {
        out.push("the session store, unless replicated".into());
    }
    if relevant(ctx, "cache-memory") {
        out.push("each cache node without a replica".into());
    }
    if ctx.decision("messaging").is_some() && ctx.choice("messaging") != "none" {
        out.push("the message broker, unless clustered".into());
    }
    let assumed = |f: &str| if ctx.is_assumed(f) { " (assumed)" } else { "" };
    // Zones and regions: as the redundancy decision sets them, else as answered.
    let (zones, regions) = match ctx.decision("redundancy").map(|d| d.choice.as_str()) {
        Some("single-zone") => (true, true),
        Some("multi-zone") => (false, true),
        Some(_) => (false, false),
        None => (
            num(&ctx.facts, "operations.availability_zones") < 2.0,
            num(&ctx.facts, "operations.regions") < 2.0,
        ),
    };
    if zones {
        out.push(format!(
            "the one availability zone{}",
            assumed("operations.availability_zones")
        ));
    }
    if regions {
        out.push(format!("the one region{}", assumed("operations.regions")));
    }
    out
}

/// The planning figures behind the plan, for the appendix.
pub fn figures(ctx: &Ctx, doc: &mut Doc) {
    doc.heading(3, "Planning figures");
    let rows = ctx
        .book
        .capacity
        .figures
        .iter()
        .map(|f| {
            let from = f
                .source
                .as_ref()
                .map(|s| vec![ctx.wiki_link(s)])
                .unwrap_or_else(|| vec![t(f.reference.clone().unwrap_or_default())]);
            vec![
                vec![t(f.label.clone())],
                vec![t(f.unit.show(f.value))],
                from,
                vec![t(f.caveat.clone())],
            ]
        })
        .collect();
    doc.table(&["Figure", "Value", "Source", "Caveat"], rows);
    doc.para(vec![
        t("From "),
        code("rules/capacity.yaml"),
        t("; a rules folder given with --rules may replace it."),
    ]);
}
