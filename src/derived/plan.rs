//! The capacity plan: each tier's size now and in three years, with the planning
//! figure it rests on. The tiers follow the decisions recorded in the facts: cache
//! memory only with a cache, key-value partitions for a key-value store, object storage
//! when the main data are files (blobs), stream partitions only with event streaming, connection
//! servers only for held connections. Without decisions (growth what-ifs) every tier
//! is planned. With components, the system plans the shared tiers and each part its
//! data tiers, so the parts add up without counting a tier twice.

use super::{ceil, compute, Inputs, PlanLine};
use crate::capacity::Capacity;
use crate::facts::{FactValue, Facts};
use crate::quantity::Unit;

/// Which tiers a plan covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanScope {
    /// A system without components: every tier.
    Whole,
    /// A system with components: the tiers it shares (app instances, connection servers).
    Shared,
    /// One component: its data tiers (database, object storage, cache, stream).
    Part,
}

/// One tier before its figure's basis is attached.
struct Tier {
    id: &'static str,
    label: &'static str,
    now: f64,
    in_3y: f64,
    unit: Unit,
    figure: &'static str,
}

/// The plan for `scope`, its tiers chosen by the decisions in `facts`.
pub fn plan_for(facts: &Facts, cap: &Capacity, scope: PlanScope) -> Vec<PlanLine> {
    tiers(facts, cap, scope)
        .into_iter()
        .map(|t| line(t, cap))
        .collect()
}

fn decision(facts: &Facts, topic: &str) -> Option<String> {
    match facts.get(&format!("decision.{topic}")) {
        Some(FactValue::Str(s)) => Some(s.clone()),
        _ => None,
    }
}

/// Whether the design of `topic` uses one of `options`; true when it is not decided.
fn uses(facts: &Facts, topic: &str, options: &[&str]) -> bool {
    match facts.get(&format!("design.{topic}")) {
        Some(FactValue::List(design)) => design.iter().any(|d| options.contains(&d.as_str())),
        _ => true,
    }
}

fn tiers(facts: &Facts, cap: &Capacity, scope: PlanScope) -> Vec<Tier> {
    let i = Inputs::read(facts);
    let v = compute(&i, cap);
    let n = |id: &str| v.num(id);
    let per = |x: f64, figure: &str| ceil(x / cap.get(figure), 1.0);
    let shared = scope != PlanScope::Part;
    let data = scope != PlanScope::Shared;
    let mut out = Vec::new();
    if shared {
        out.push(Tier {
            id: "app-instances",
            label: "app instances (peak load)",
            now: n("app_instances"),
            in_3y: n("app_instances_3y"),
            unit: Unit::Count,
            figure: "app_rps_per_instance",
        });
    }
    if data {
        let (writes, writes3) = (n("writes_per_sec"), n("writes_per_sec_3y"));
        let (reads, reads3) = (n("reads_per_sec"), n("reads_per_sec_3y"));
        let (size, size3) = (i.size, n("storage_3y"));
        let database = decision(facts, "database");
        // Files as the main data: object storage holds them.
        let files = matches!(facts.get("data.shape"), Some(FactValue::Str(s)) if s == "blobs");
        if files {
            // The data are files: object storage holds them; any database keeps metadata.
            out.push(Tier {
                id: "object-storage",
                label: "object storage for the data",
                now: size,
                in_3y: size3,
                unit: Unit::Bytes,
                figure: "",
            });
        } else if database.as_deref() == Some("key-value") {
            for (id, label, now, later, figure) in [
                (
                    "kv-write-partitions",
                    "key-value partitions for writes",
                    writes,
                    writes3,
                    "kv_writes_per_partition",
                ),
                (
                    "kv-read-partitions",
                    "key-value partitions for reads",
                    reads,
                    reads3,
                    "kv_reads_per_partition",
                ),
                (
                    "kv-data-partitions",
                    "key-value partitions for data size",
                    size,
                    size3,
                    "kv_data_per_partition",
                ),
            ] {
                out.push(Tier {
                    id,
                    label,
                    now: per(now, figure),
                    in_3y: per(later, figure),
                    unit: Unit::Count,
                    figure,
                });
            }
        } else {
            let sql = matches!(database.as_deref(), None | Some("sql"));
            out.push(Tier {
                id: "db-write-primaries",
                label: if sql {
                    "SQL primaries for writes"
                } else {
                    "database nodes for writes (SQL figure)"
                },
                now: per(writes, "sql_writes_per_primary"),
                in_3y: per(writes3, "sql_writes_per_primary"),
                unit: Unit::Count,
                figure: "sql_writes_per_primary",
            });
            out.push(Tier {
                id: "db-read-nodes",
                label: if sql {
                    "SQL nodes for all reads"
                } else {
                    "database nodes for all reads (SQL figure)"
                },
                now: per(reads, "sql_reads_per_node"),
                in_3y: per(reads3, "sql_reads_per_node"),
                unit: Unit::Count,
                figure: "sql_reads_per_node",
            });
            out.push(Tier {
                id: "db-data-nodes",
                label: "database nodes for data size",
                now: per(size, "data_per_db_node"),
                in_3y: per(size3, "data_per_db_node"),
                unit: Unit::Count,
                figure: "data_per_db_node",
            });
        }
        // Files are cached by the CDN at the edge; an application cache holds their
        // metadata, which the data size does not measure. A write-behind cache alone is
        // a write buffer, sized by the write rate, not a hot set.
        if !files && uses(facts, "caching", &["cache-aside", "write-through"]) {
            out.push(Tier {
                id: "cache-memory",
                label: "cache memory for the hot set",
                now: size * i.hot / 100.0,
                in_3y: size3 * i.hot / 100.0,
                unit: Unit::Bytes,
                figure: "cache_memory_per_node",
            });
        }
        if uses(facts, "messaging", &["event-streaming"]) {
            out.push(Tier {
                id: "stream-partitions",
                label: "stream partitions",
                now: per(i.events, "events_per_partition"),
                in_3y: n("partitions"),
                unit: Unit::Count,
                figure: "events_per_partition",
            });
        }
    }
    if shared && uses(facts, "realtime", &["websockets", "sse", "long-polling"]) {
        out.push(Tier {
            id: "connection-servers",
            label: "connection servers (open connections)",
            now: per(i.connections, "connections_per_server"),
            in_3y: n("connection_servers"),
            unit: Unit::Count,
            figure: "connections_per_server",
        });
    }
    out
}

fn line(t: Tier, cap: &Capacity) -> PlanLine {
    let fig = cap.figure(t.figure);
    let per = fig.map_or(0.0, |x| x.value);
    let per_unit = fig.map_or(Unit::Count, |x| x.unit);
    let basis = fig
        .map(|x| {
            let from = x
                .source
                .as_ref()
                .map(|s| format!("wiki: {}", s.section))
                .or_else(|| x.reference.clone())
                .unwrap_or_default();
            format!("{} ({from}); {}", x.label, x.caveat)
        })
        .unwrap_or_default();
    let arithmetic = match fig {
        Some(x) => format!(
            "now {}, in 3 years {} at {} {}",
            t.unit.show(t.now),
            t.unit.show(t.in_3y),
            per_unit.show(per),
            x.label
        ),
        None => format!(
            "now {}, in 3 years {} at no machine count: the store grows with the data",
            t.unit.show(t.now),
            t.unit.show(t.in_3y)
        ),
    };
    PlanLine {
        id: t.id.into(),
        label: t.label.into(),
        now: t.now,
        in_3y: t.in_3y,
        unit: t.unit,
        arithmetic,
        figure: t.figure.into(),
        basis,
    }
}
