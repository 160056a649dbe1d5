//! The data tier of a system without components (database, replicas) and the storage
//! the storage decision adds (object storage, a shared file system).

use super::{count, num, Diagram, Shape};
use crate::report::context::Ctx;

/// The data tier of a system without components.
pub fn single_database(ctx: &Ctx, d: &mut Diagram) {
    let database = ctx
        .decision("database")
        .map_or_else(|| "Database".to_string(), |x| ctx.design_name(x));
    let strong = ctx.choice("consistency") == "strong";
    let sharded = ctx.has("data-distribution", "sharding");
    let replicated = ctx.has("data-distribution", "replication");
    let storage = format!(
        "{} in 3 years",
        crate::quantity::show_bytes(num(ctx, "derived.storage_3y"))
    );
    let mut db = vec![database];
    if sharded {
        db.push(format!(
            "{} shards in 3 years, by {}",
            count(num(ctx, "derived.shards_3y")),
            ctx.show("derived.shard_driver")
        ));
        db.push("consistent within a shard".into());
    } else if replicated {
        db.push("primary: all writes, current reads".into());
    }
    db.push(storage);
    d.node("db", 6, Shape::Cylinder, db);
    d.edge("app", "db", "");
    if d.has("workers") {
        d.edge("workers", "db", "");
    }
    if d.has("cache") && ctx.has("caching", "write-behind") {
        d.dashed("cache", "db", "batched writes");
    }
    if replicated {
        let mode = if strong {
            "synchronous"
        } else {
            "asynchronous"
        };
        let readers = num(ctx, "derived.read_replicas_3y");
        if readers >= 1.0 {
            let lag = if strong {
                "current (writes wait for them)"
            } else {
                "may lag the primary"
            };
            d.node(
                "replicas",
                6,
                Shape::Cylinder,
                vec![
                    format!("Read replicas ({} in 3 years)", count(readers)),
                    lag.into(),
                ],
            );
            d.dashed("app", "replicas", "reads that tolerate lag");
        } else {
            d.node(
                "replicas",
                6,
                Shape::Cylinder,
                vec!["Standby replica".into(), "failover only".into()],
            );
        }
        d.edge("db", "replicas", format!("{mode} replication"));
    }
}

/// Object storage and a shared file system where the storage decision puts them.
pub fn storage(ctx: &Ctx, d: &mut Diagram) {
    if ctx.has("storage", "object") && !d.has("objects") {
        d.node("objects", 6, Shape::Cylinder, vec!["Object storage".into()]);
        d.edge("app", "objects", "");
        if d.has("cdn") {
            d.edge("cdn", "objects", "origin");
        }
    }
    if ctx.has("storage", "file") {
        d.node(
            "files",
            6,
            Shape::Cylinder,
            vec!["Shared file system".into()],
        );
        d.edge("app", "files", "");
    }
}
