//! Back-of-the-envelope figures computed from the answers, with their arithmetic, and
//! the capacity plan that sizes each tier with the planning figures of `capacity.rs`.
//!
//! Each figure becomes a `derived.*` fact that rules may test, and is shown in the
//! output with the formula so a reviewer can check it. `derive` (values only) runs for
//! every flip-point candidate; `figures` and `plan` add the arithmetic for output.

mod plan;
pub use plan::{plan_for, PlanScope};

use crate::capacity::Capacity;
use crate::facts::{Catalog, FactKind, FactSpec, FactValue, Facts};
use crate::quantity::Unit;
use serde::Serialize;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Figure {
    /// Fact name, `derived.<id>`.
    pub fact: String,
    pub label: String,
    pub value: FactValue,
    /// The arithmetic, e.g. `2,000 peak × 40 % writes = 800`.
    pub arithmetic: String,
}

/// One line of the capacity plan: a tier, what it needs now and in three years.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlanLine {
    /// Stable id, e.g. `app-instances`.
    pub id: String,
    pub label: String,
    pub now: f64,
    pub in_3y: f64,
    /// `unit` of `now` and `in_3y`: count or bytes.
    pub unit: Unit,
    /// The arithmetic with the planning figure it uses.
    pub arithmetic: String,
    /// The planning figure the line rests on (`rules/capacity.yaml` id).
    pub figure: String,
    /// The wiki section or named public reference of that figure, and its caveat.
    pub basis: String,
}

struct Def {
    id: &'static str,
    /// `derived.<id>`.
    fact: &'static str,
    /// Requirements fields the figure is computed from.
    inputs: &'static [&'static str],
    label: &'static str,
    unit: Option<Unit>,
    description: &'static str,
}

const RPS: &str = "scale.peak_rps";
const READ: &str = "traffic.read_percent";
const GROWTH: &str = "scale.growth_per_year";
const SIZE: &str = "data.size";
const MONTHLY: &str = "data.growth_per_month";
const EVENTS: &str = "background.events_per_sec";
const CONNS: &str = "realtime.concurrent_connections";

/// A derived figure's definition; the fact name is `derived.<id>`.
macro_rules! def {
    ($id:literal, $inputs:expr, $label:expr, $unit:expr, $description:expr) => {
        Def {
            id: $id,
            fact: concat!("derived.", $id),
            inputs: $inputs,
            label: $label,
            unit: $unit,
            description: $description,
        }
    };
}

const C: Option<Unit> = Some(Unit::Count);
const B: Option<Unit> = Some(Unit::Bytes);
const P: Option<Unit> = Some(Unit::Percent);

/// Every derived figure, in output order. The scale band and shard driver are text.
const DEFS: &[Def] = &[
    def!("reads_per_sec", &[RPS, READ], "reads/s at peak", C, "peak_rps × read_percent"),
    def!("writes_per_sec", &[RPS, READ], "writes/s at peak", C, "peak_rps × (100 % − read_percent)"),
    def!("peak_rps_3y", &[RPS, GROWTH], "peak requests/s in 3 years", C, "peak_rps × (1 + growth_per_year)³"),
    def!("reads_per_sec_3y", &[RPS, READ, GROWTH], "reads/s at peak in 3 years", C, "reads_per_sec × (1 + growth_per_year)³"),
    def!("writes_per_sec_3y", &[RPS, READ, GROWTH], "writes/s at peak in 3 years", C, "writes_per_sec × (1 + growth_per_year)³"),
    def!("users_3y", &["scale.users", GROWTH], "users in 3 years", C, "users × (1 + growth_per_year)³"),
    def!("storage_1y", &[SIZE, MONTHLY], "data after 1 year", B, "data.size + 12 × data.growth_per_month"),
    def!("storage_3y", &[SIZE, MONTHLY], "data after 3 years", B, "data.size + 36 × data.growth_per_month"),
    def!("events_per_sec_3y", &[EVENTS, GROWTH], "events/s in 3 years", C, "events_per_sec × (1 + growth_per_year)³"),
    def!("deliveries_per_sec", &[EVENTS, "background.fan_out_ratio"], "deliveries/s (events × fan-out)", C, "events_per_sec × fan_out_ratio"),
    def!("downtime_budget_per_month", &["availability.target"], "downtime budget per month", Some(Unit::Millis), "(100 % − availability.target) × 30 days"),
    def!("language_count", &["team.languages"], "programming languages", C, "entries in team.languages (at least 1)"),
    def!("active_share", &["scale.users", "scale.daily_active_users"], "daily active share of users", P, "daily_active_users ÷ users"),
    def!("connection_share", &["scale.daily_active_users", CONNS], "concurrent connections as share of daily actives", P, "concurrent_connections ÷ daily_active_users"),
    def!("app_instances", &[RPS], "app instances for peak load", C, "⌈peak_rps ÷ requests/s per app instance⌉"),
    def!("app_instances_3y", &[RPS, GROWTH], "app instances for peak load in 3 years", C, "⌈peak_rps_3y ÷ requests/s per app instance⌉"),
    def!("write_load", &[RPS, READ], "share of one SQL primary's write capacity used", P, "writes_per_sec ÷ writes/s per SQL primary"),
    def!("write_load_3y", &[RPS, READ, GROWTH], "share of one SQL primary's write capacity used in 3 years", P, "writes_per_sec_3y ÷ writes/s per SQL primary"),
    def!("read_replicas_3y", &[RPS, READ, GROWTH], "read replicas for all reads in 3 years", C, "⌈reads_per_sec_3y ÷ reads/s per node⌉ − 1"),
    def!("shards_now", &[RPS, READ, SIZE], "shards needed today", C, "⌈max(writes_per_sec ÷ writes/s per primary, data.size ÷ data per node)⌉"),
    def!("shards_3y", &[RPS, READ, GROWTH, SIZE, MONTHLY], "shards needed in 3 years", C, "⌈max(writes_per_sec_3y ÷ writes/s per primary, storage_3y ÷ data per node)⌉"),
    def!("cache_memory", &[SIZE, MONTHLY, "data.hot_percent"], "cache memory for the hot set in 1 year", B, "storage_1y × hot_percent"),
    def!("cache_nodes", &[SIZE, MONTHLY, "data.hot_percent", RPS, READ, GROWTH], "cache nodes", C, "⌈max(cache_memory ÷ memory per node, reads_per_sec_3y ÷ ops/s per node)⌉"),
    def!("partitions", &[EVENTS, GROWTH], "stream partitions in 3 years", C, "⌈events_per_sec_3y ÷ events/s per partition⌉"),
    def!("connection_servers", &[CONNS, GROWTH], "connection servers in 3 years", C, "⌈concurrent_connections × (1 + growth)³ ÷ connections per server⌉"),
    def!("scale_band", &["scale.users", RPS, SIZE, MONTHLY], "scale band", None, "the highest band that users, peak requests/s or data in 3 years give, per the wiki's patterns by scale"),
    def!("shard_driver", &[RPS, READ, GROWTH, SIZE, MONTHLY], "what drives sharding", None, "writes or data, whichever needs more shards in 3 years; none when one primary suffices"),
];

const BANDS: [&str; 3] = ["small", "medium", "large"];
const DRIVERS: [&str; 3] = ["none", "writes", "data"];

/// Catalog entries for the derived facts.
pub fn catalog() -> Catalog {
    DEFS.iter()
        .map(|d| {
            let name = format!("derived.{}", d.id);
            let kind = match (d.unit, d.id) {
                (Some(unit), _) => FactKind::Number { unit },
                (None, "scale_band") => FactKind::Text {
                    values: Some(BANDS.iter().map(|s| s.to_string()).collect()),
                },
                (None, _) => FactKind::Text {
                    values: Some(DRIVERS.iter().map(|s| s.to_string()).collect()),
                },
            };
            (
                name.clone(),
                FactSpec {
                    name,
                    kind,
                    description: d.description.into(),
                },
            )
        })
        .collect()
}

/// `part` as a percentage of `whole` (0 when there is no whole).
fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole * 10_000.0).round() / 100.0
    } else {
        0.0
    }
}

/// ⌈x⌉, at least `min`; tolerant of rounding noise just above a whole number.
fn ceil(x: f64, min: f64) -> f64 {
    ((x - 1e-9).ceil()).max(min)
}

/// The answers the figures are computed from.
struct Inputs {
    rps: f64,
    read: f64,
    growth: f64,
    users: f64,
    size: f64,
    monthly: f64,
    target: f64,
    languages: f64,
    dau: f64,
    connections: f64,
    events: f64,
    fan_out: f64,
    hot: f64,
}

/// The input fields, in the order `Inputs::read` takes them.
const INPUTS: [&str; 13] = [
    RPS,
    READ,
    GROWTH,
    "scale.users",
    SIZE,
    MONTHLY,
    "availability.target",
    "scale.daily_active_users",
    CONNS,
    EVENTS,
    "background.fan_out_ratio",
    "data.hot_percent",
    "team.languages",
];

/// Fact numbers of the inputs and outputs, fixed when a rulebook's facts are indexed,
/// so `derive` (run for every flip-point candidate) looks nothing up by name.
#[derive(Debug, Default)]
pub struct Slots {
    inputs: Vec<Option<usize>>,
    outputs: Vec<Option<usize>>,
}

impl Slots {
    pub fn new(id: &dyn Fn(&str) -> Option<usize>) -> Slots {
        Slots {
            inputs: INPUTS.iter().map(|n| id(n)).collect(),
            outputs: DEFS.iter().map(|d| id(d.fact)).collect(),
        }
    }

    /// Ids of the facts `derive` writes.
    pub fn outputs(&self) -> impl Iterator<Item = usize> + '_ {
        self.outputs.iter().flatten().copied()
    }
}

impl Inputs {
    fn read(facts: &Facts) -> Inputs {
        let slots = &facts.index.slots;
        let at = |k: usize| {
            slots
                .inputs
                .get(k)
                .copied()
                .flatten()
                .and_then(|i| facts.at(i))
        };
        let n = |k: usize| at(k).and_then(FactValue::as_num).unwrap_or(0.0);
        Inputs {
            rps: n(0),
            read: n(1),
            growth: n(2),
            users: n(3),
            size: n(4),
            monthly: n(5),
            target: n(6),
            dau: n(7),
            connections: n(8),
            events: n(9),
            fan_out: n(10).max(1.0),
            hot: n(11),
            languages: match at(12) {
                Some(FactValue::List(l)) => l.len().max(1) as f64,
                _ => 1.0,
            },
        }
    }

    fn g3(&self) -> f64 {
        (1.0 + self.growth / 100.0).powi(3)
    }
}

/// The computed values, by `DEFS` id.
struct Values {
    nums: Vec<(&'static str, f64)>,
    band: (&'static str, String),
    driver: &'static str,
}

impl Values {
    fn num(&self, id: &str) -> f64 {
        self.nums
            .iter()
            .find(|(k, _)| *k == id)
            .map_or(0.0, |(_, v)| *v)
    }
}

fn band_of(value: f64, medium: f64, large: f64) -> usize {
    if value >= large {
        2
    } else if value >= medium {
        1
    } else {
        0
    }
}

fn compute(i: &Inputs, cap: &Capacity) -> Values {
    let g3 = i.g3();
    let reads = (i.rps * i.read / 100.0).round();
    let writes = (i.rps * (100.0 - i.read) / 100.0).round();
    let reads3 = (reads * g3).round();
    let writes3 = (writes * g3).round();
    let storage1 = i.size + 12.0 * i.monthly;
    let storage3 = i.size + 36.0 * i.monthly;
    let events3 = (i.events * g3).round();
    let wpp = cap.get("sql_writes_per_primary");
    let dpn = cap.get("data_per_db_node");
    let by_writes3 = writes3 / wpp;
    let by_data3 = storage3 / dpn;
    let cache_memory = storage1 * i.hot / 100.0;
    let nums = vec![
        ("reads_per_sec", reads),
        ("writes_per_sec", writes),
        ("peak_rps_3y", (i.rps * g3).round()),
        ("reads_per_sec_3y", reads3),
        ("writes_per_sec_3y", writes3),
        ("users_3y", (i.users * g3).round()),
        ("storage_1y", storage1),
        ("storage_3y", storage3),
        ("events_per_sec_3y", events3),
        ("deliveries_per_sec", (i.events * i.fan_out).round()),
        (
            "downtime_budget_per_month",
            (100.0 - i.target) / 100.0 * 30.0 * 86_400_000.0,
        ),
        ("language_count", i.languages),
        ("active_share", share(i.dau, i.users)),
        ("connection_share", share(i.connections, i.dau)),
        (
            "app_instances",
            ceil(i.rps / cap.get("app_rps_per_instance"), 1.0),
        ),
        (
            "app_instances_3y",
            ceil(i.rps * g3 / cap.get("app_rps_per_instance"), 1.0),
        ),
        ("write_load", share(writes, wpp)),
        ("write_load_3y", share(writes3, wpp)),
        (
            "read_replicas_3y",
            ceil(reads3 / cap.get("sql_reads_per_node"), 1.0) - 1.0,
        ),
        ("shards_now", ceil((writes / wpp).max(i.size / dpn), 1.0)),
        ("shards_3y", ceil(by_writes3.max(by_data3), 1.0)),
        ("cache_memory", cache_memory),
        (
            "cache_nodes",
            ceil(
                (cache_memory / cap.get("cache_memory_per_node"))
                    .max(reads3 / cap.get("cache_ops_per_node")),
                1.0,
            ),
        ),
        (
            "partitions",
            ceil(events3 / cap.get("events_per_partition"), 1.0),
        ),
        (
            "connection_servers",
            ceil(
                (i.connections * g3).round() / cap.get("connections_per_server"),
                1.0,
            ),
        ),
    ];
    // The band: the highest that any band figure gives.
    let mut best = (0usize, String::new());
    for b in &cap.bands {
        let v = match b.fact.as_str() {
            "scale.users" => i.users,
            "scale.peak_rps" => i.rps,
            "derived.storage_3y" => storage3,
            "derived.peak_rps_3y" => i.rps * g3,
            "derived.users_3y" => i.users * g3,
            "data.size" => i.size,
            _ => 0.0,
        };
        let level = band_of(v, b.medium, b.large);
        if level > best.0 || best.1.is_empty() {
            best = (level, b.fact.clone());
        }
    }
    let driver = if by_writes3.max(by_data3) <= 1.0 {
        "none"
    } else if by_writes3 >= by_data3 {
        "writes"
    } else {
        "data"
    };
    Values {
        nums,
        band: (BANDS[best.0], best.1),
        driver,
    }
}

/// Computes every derived figure and stores them as `derived.*` facts (values only;
/// this runs for every flip-point candidate).
pub fn derive(facts: &mut Facts, cap: &Capacity) {
    let v = compute(&Inputs::read(facts), cap);
    let index = facts.index.clone();
    let slot = |k: usize| index.slots.outputs.get(k).copied().flatten();
    // `nums` follows `DEFS` order; the two text figures close the list.
    for (k, (_, value)) in v.nums.iter().enumerate() {
        if let Some(i) = slot(k) {
            facts.set_at(i, FactValue::Num(*value));
        }
    }
    let texts = [v.band.0, v.driver];
    for (k, text) in texts.iter().enumerate() {
        if let Some(i) = slot(v.nums.len() + k) {
            if !matches!(facts.at(i), Some(FactValue::Str(s)) if s == text) {
                facts.set_at(i, FactValue::Str((*text).into()));
            }
        }
    }
}

/// Puts back the derived figures of `base` (facts of the same rulebook): what `derive`
/// computes once a trial change is undone, copied instead of computed again.
pub fn restore(facts: &mut Facts, base: &Facts) {
    let index = facts.index.clone();
    for &i in index.slots.outputs.iter().flatten() {
        match base.at(i) {
            Some(v) if facts.at(i) != Some(v) => facts.set_at(i, v.clone()),
            _ => {}
        }
    }
}

fn label_of(id: &str) -> &'static str {
    DEFS.iter().find(|d| d.id == id).map_or("", |d| d.label)
}

/// The derived figures with their arithmetic, for output; also stores them as facts.
pub fn figures(facts: &mut Facts, cap: &Capacity) -> Vec<Figure> {
    derive(facts, cap);
    let i = Inputs::read(facts);
    let v = compute(&i, cap);
    let c = |x: f64| Unit::Count.show(x);
    let b = |x: f64| Unit::Bytes.show(x);
    let pct = |x: f64| Unit::Percent.show(x);
    let t = crate::quantity::trim;
    let n = |id: &str| v.num(id);
    let g = || format!("(1 + {} %)³", t(i.growth, 1));
    let arithmetic = |id: &str| -> String {
        match id {
            "reads_per_sec" => format!(
                "{} peak × {} % reads = {}",
                c(i.rps),
                t(i.read, 2),
                c(n(id))
            ),
            "writes_per_sec" => format!(
                "{} peak × {} % writes = {}",
                c(i.rps),
                t(100.0 - i.read, 2),
                c(n(id))
            ),
            "peak_rps_3y" => format!("{} × {} = {}", c(i.rps), g(), c(n(id))),
            "reads_per_sec_3y" => format!("{} × {} = {}", c(n("reads_per_sec")), g(), c(n(id))),
            "writes_per_sec_3y" => format!("{} × {} = {}", c(n("writes_per_sec")), g(), c(n(id))),
            "users_3y" => format!("{} × {} = {}", c(i.users), g(), c(n(id))),
            "storage_1y" => format!("{} + 12 × {} = {}", b(i.size), b(i.monthly), b(n(id))),
            "storage_3y" => format!("{} + 36 × {} = {}", b(i.size), b(i.monthly), b(n(id))),
            "events_per_sec_3y" => format!("{} × {} = {}", c(i.events), g(), c(n(id))),
            "deliveries_per_sec" => format!("{} × {} = {}", c(i.events), c(i.fan_out), c(n(id))),
            "downtime_budget_per_month" => format!(
                "(100 % − {} %) × 30 days = {}",
                t(i.target, 3),
                Unit::Millis.show(n(id))
            ),
            "language_count" => format!("{} listed (at least 1) = {}", c(i.languages), c(n(id))),
            "active_share" => format!("{} ÷ {} = {}", c(i.dau), c(i.users), pct(n(id))),
            "connection_share" => format!("{} ÷ {} = {}", c(i.connections), c(i.dau), pct(n(id))),
            _ => plan_arithmetic(id, &i, &v, cap),
        }
    };
    let mut out: Vec<Figure> = v
        .nums
        .iter()
        .map(|(id, value)| Figure {
            fact: format!("derived.{id}"),
            label: label_of(id).into(),
            value: FactValue::Num(*value),
            arithmetic: arithmetic(id),
        })
        .collect();
    let (band, driver_fact) = &v.band;
    let shown = |fact: &str| -> String {
        let value = facts.get(fact).and_then(FactValue::as_num).unwrap_or(0.0);
        let unit = if fact.contains("storage") || fact.starts_with("data.") {
            Unit::Bytes
        } else {
            Unit::Count
        };
        unit.show(value)
    };
    let parts: Vec<String> = cap
        .bands
        .iter()
        .map(|b| {
            let unit = if b.fact.contains("storage") {
                Unit::Bytes
            } else {
                Unit::Count
            };
            format!(
                "{} {} (medium from {}, large from {})",
                crate::engine::describe::label(&b.fact),
                shown(&b.fact),
                unit.show(b.medium),
                unit.show(b.large)
            )
        })
        .collect();
    out.push(Figure {
        fact: "derived.scale_band".into(),
        label: "scale band".into(),
        value: FactValue::Str(band.to_string()),
        arithmetic: format!(
            "{} → {band}, set by {}",
            parts.join("; "),
            crate::engine::describe::label(driver_fact)
        ),
    });
    out.push(Figure {
        fact: "derived.shard_driver".into(),
        label: label_of("shard_driver").into(),
        value: FactValue::Str(v.driver.into()),
        arithmetic: format!(
            "writes in 3 years need {} primaries, data in 3 years {} nodes → {}",
            t(
                n("writes_per_sec_3y") / cap.get("sql_writes_per_primary"),
                2
            ),
            t(n("storage_3y") / cap.get("data_per_db_node"), 2),
            v.driver
        ),
    });
    out
}

fn plan_arithmetic(id: &str, i: &Inputs, v: &Values, cap: &Capacity) -> String {
    let c = |x: f64| Unit::Count.show(x);
    let b = |x: f64| Unit::Bytes.show(x);
    let pct = |x: f64| Unit::Percent.show(x);
    let n = |id: &str| v.num(id);
    let f = |id: &str| cap.get(id);
    match id {
        "app_instances" => format!(
            "⌈{} ÷ {} per instance⌉ = {}",
            c(i.rps),
            c(f("app_rps_per_instance")),
            c(n(id))
        ),
        "app_instances_3y" => format!(
            "⌈{} ÷ {} per instance⌉ = {}",
            c(n("peak_rps_3y")),
            c(f("app_rps_per_instance")),
            c(n(id))
        ),
        "write_load" => format!(
            "{} ÷ {} per primary = {}",
            c(n("writes_per_sec")),
            c(f("sql_writes_per_primary")),
            pct(n(id))
        ),
        "write_load_3y" => format!(
            "{} ÷ {} per primary = {}",
            c(n("writes_per_sec_3y")),
            c(f("sql_writes_per_primary")),
            pct(n(id))
        ),
        "read_replicas_3y" => format!(
            "⌈{} ÷ {} per node⌉ − 1 primary = {}",
            c(n("reads_per_sec_3y")),
            c(f("sql_reads_per_node")),
            c(n(id))
        ),
        "shards_now" => format!(
            "⌈max({} ÷ {}, {} ÷ {})⌉ = {}",
            c(n("writes_per_sec")),
            c(f("sql_writes_per_primary")),
            b(i.size),
            b(f("data_per_db_node")),
            c(n(id))
        ),
        "shards_3y" => format!(
            "⌈max({} ÷ {}, {} ÷ {})⌉ = {}",
            c(n("writes_per_sec_3y")),
            c(f("sql_writes_per_primary")),
            b(n("storage_3y")),
            b(f("data_per_db_node")),
            c(n(id))
        ),
        "cache_memory" => format!("{} × {} hot = {}", b(n("storage_1y")), pct(i.hot), b(n(id))),
        "cache_nodes" => format!(
            "⌈max({} ÷ {}, {} ÷ {} ops/s)⌉ = {}",
            b(n("cache_memory")),
            b(f("cache_memory_per_node")),
            c(n("reads_per_sec_3y")),
            c(f("cache_ops_per_node")),
            c(n(id))
        ),
        "partitions" => format!(
            "⌈{} ÷ {} per partition⌉ = {}",
            c(n("events_per_sec_3y")),
            c(f("events_per_partition")),
            c(n(id))
        ),
        "connection_servers" => format!(
            "⌈{} × (1 + {} %)³ ÷ {} per server⌉ = {}",
            c(i.connections),
            crate::quantity::trim(i.growth, 1),
            c(f("connections_per_server")),
            c(n(id))
        ),
        _ => String::new(),
    }
}

/// The requirements fields a fact depends on: itself for a requirements field,
/// the inputs of a derived figure, nothing for decisions.
pub fn inputs(fact: &str) -> impl Iterator<Item = &str> {
    let derived = fact
        .strip_prefix("derived.")
        .and_then(|id| DEFS.iter().find(|d| d.id == id))
        .map(|d| d.inputs)
        .unwrap_or(&[]);
    let own = (!fact.contains("derived.")
        && !fact.starts_with("decision.")
        && !fact.starts_with("design.")
        && !fact.starts_with("declared."))
    .then_some(fact);
    derived.iter().copied().chain(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computed_figures_follow_the_definitions_order() {
        let cap = crate::rules::Rulebook::bundled().unwrap().capacity.clone();
        let i = Inputs {
            rps: 1.0,
            read: 50.0,
            growth: 10.0,
            users: 1.0,
            size: 1.0,
            monthly: 1.0,
            target: 99.0,
            languages: 1.0,
            dau: 1.0,
            connections: 1.0,
            events: 1.0,
            fan_out: 1.0,
            hot: 1.0,
        };
        let v = compute(&i, &cap);
        let ids: Vec<&str> = v.nums.iter().map(|(id, _)| *id).collect();
        let defs: Vec<&str> = DEFS.iter().map(|d| d.id).take(ids.len()).collect();
        assert_eq!(ids, defs);
        assert_eq!(DEFS.len(), ids.len() + 2, "two text figures close the list");
    }
}
