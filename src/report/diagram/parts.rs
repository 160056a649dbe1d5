//! The data tier of a system with components: one database per part, each labelled with
//! its own design, shards, replication and data in three years from the part's own
//! figures; files in object storage; one cache tier sized by the parts that cache.

use super::{count, num, Diagram, Shape};
use crate::facts::FactValue;
use crate::report::context::Ctx;

/// Node ids for the parts' databases (a diagram draws at most this many).
const IDS: [&str; 8] = ["dba", "dbb", "dbc", "dbd", "dbe", "dbf", "dbg", "dbh"];

/// Whether the parts' data tier can be drawn one database per part.
pub fn drawn(ctx: &Ctx) -> bool {
    !ctx.a.components.is_empty() && ctx.a.components.len() <= IDS.len()
}

/// The cache tier's size summed over the parts that cache a hot set: (nodes, memory).
pub fn cache_size(ctx: &Ctx) -> (f64, f64) {
    let mut total = (0.0, 0.0);
    ctx.each_part(|_, p| {
        if p.decision("caching").is_some() && super::hot_set(p) {
            total.0 += num(p, "derived.cache_nodes");
            total.1 += num(p, "derived.cache_memory");
        }
    });
    total
}

/// One database per part, reached from the app (and from workers when there are any).
pub fn data_layer(ctx: &Ctx, d: &mut Diagram) {
    let mut files = false;
    let mut ids = IDS.iter();
    ctx.each_part(|name, p| {
        let Some(&id) = ids.next() else {
            return;
        };
        let design = p
            .decision("database")
            .map_or_else(|| "Database".to_string(), |x| p.design_name(x));
        let mut lines = vec![format!("{name}: {design}")];
        let blobs = matches!(p.facts.get("data.shape"), Some(FactValue::Str(s)) if s == "blobs");
        if blobs {
            files = true;
            lines.push("metadata; the files in object storage".into());
        } else {
            if p.has("data-distribution", "sharding") {
                lines.push(format!(
                    "{} shards in 3 years",
                    count(num(p, "derived.shards_3y"))
                ));
            }
            lines.push(format!(
                "{} in 3 years",
                crate::quantity::show_bytes(num(p, "derived.storage_3y"))
            ));
        }
        if p.has("data-distribution", "replication") {
            let mode = if p.choice("consistency") == "strong" {
                "synchronous replicas: current"
            } else {
                "asynchronous replicas: may lag"
            };
            lines.push(mode.into());
        }
        d.node(id, 6, Shape::Cylinder, lines);
        d.edge("app", id, "");
        if d.has("workers") {
            d.edge("workers", id, "");
        }
    });
    if files && !d.has("objects") {
        d.node("objects", 6, Shape::Cylinder, vec!["Object storage".into()]);
        d.edge("app", "objects", "");
        if d.has("cdn") {
            d.edge("cdn", "objects", "origin");
        }
    }
}
