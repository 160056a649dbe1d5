//! Back-of-the-envelope figures computed from the answers, with their arithmetic.
//!
//! Each figure becomes a `derived.*` fact that rules may test, and is shown in
//! the output with the formula so a reviewer can check it.

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

struct Def {
    id: &'static str,
    label: &'static str,
    kind: fn() -> FactKind,
    description: &'static str,
}

fn num(unit: Unit) -> FactKind {
    FactKind::Number { unit }
}

const DEFS: [Def; 9] = [
    Def { id: "reads_per_sec", label: "reads/s at peak", kind: || num(Unit::Count), description: "peak_rps × read_percent" },
    Def { id: "writes_per_sec", label: "writes/s at peak", kind: || num(Unit::Count), description: "peak_rps × (100 % − read_percent)" },
    Def { id: "peak_rps_3y", label: "peak requests/s in 3 years", kind: || num(Unit::Count), description: "peak_rps × (1 + growth_per_year)³" },
    Def { id: "users_3y", label: "users in 3 years", kind: || num(Unit::Count), description: "users × (1 + growth_per_year)³" },
    Def { id: "storage_1y", label: "data after 1 year", kind: || num(Unit::Bytes), description: "data.size + 12 × data.growth_per_month" },
    Def { id: "storage_3y", label: "data after 3 years", kind: || num(Unit::Bytes), description: "data.size + 36 × data.growth_per_month" },
    Def { id: "downtime_budget_per_month", label: "downtime budget per month", kind: || num(Unit::Millis), description: "(100 % − availability.target) × 30 days" },
    Def { id: "language_count", label: "programming languages", kind: || num(Unit::Count), description: "entries in team.languages (at least 1)" },
    Def {
        id: "scale_band",
        label: "scale band",
        kind: || FactKind::Text { values: Some(vec!["small".into(), "medium".into(), "large".into()]) },
        description: "small (< 10K users), medium (10K–1M), large (> 1M), per the wiki's patterns by scale",
    },
];

/// Catalog entries for the derived facts.
pub fn catalog() -> Catalog {
    DEFS.iter()
        .map(|d| {
            let name = format!("derived.{}", d.id);
            (name.clone(), FactSpec { name, kind: (d.kind)(), description: d.description.into() })
        })
        .collect()
}

fn get(f: &Facts, k: &str) -> f64 {
    f.get(k).and_then(FactValue::as_num).unwrap_or(0.0)
}

/// Computes every derived figure from the facts and stores them as `derived.*` facts.
pub fn derive(facts: &mut Facts) -> Vec<Figure> {
    let c = |v: f64| Unit::Count.show(v);
    let b = |v: f64| Unit::Bytes.show(v);
    let rps = get(facts, "scale.peak_rps");
    let read = get(facts, "traffic.read_percent");
    let growth = get(facts, "scale.growth_per_year");
    let users = get(facts, "scale.users");
    let size = get(facts, "data.size");
    let monthly = get(facts, "data.growth_per_month");
    let target = get(facts, "availability.target");
    let languages = match facts.get("team.languages") {
        Some(FactValue::List(l)) => l.len().max(1) as f64,
        _ => 1.0,
    };
    let g3 = (1.0 + growth / 100.0).powi(3);
    let reads = (rps * read / 100.0).round();
    let writes = (rps * (100.0 - read) / 100.0).round();
    let downtime = (100.0 - target) / 100.0 * 30.0 * 86_400_000.0;
    let band = if users < 10_000.0 {
        "small"
    } else if users <= 1_000_000.0 {
        "medium"
    } else {
        "large"
    };
    let figures = [
        (reads, format!("{} peak × {} % reads = {}", c(rps), crate::quantity::trim(read, 2), c(reads))),
        (writes, format!("{} peak × {} % writes = {}", c(rps), crate::quantity::trim(100.0 - read, 2), c(writes))),
        ((rps * g3).round(), format!("{} × (1 + {} %)³ = {}", c(rps), crate::quantity::trim(growth, 1), c((rps * g3).round()))),
        ((users * g3).round(), format!("{} × (1 + {} %)³ = {}", c(users), crate::quantity::trim(growth, 1), c((users * g3).round()))),
        (size + 12.0 * monthly, format!("{} + 12 × {} = {}", b(size), b(monthly), b(size + 12.0 * monthly))),
        (size + 36.0 * monthly, format!("{} + 36 × {} = {}", b(size), b(monthly), b(size + 36.0 * monthly))),
        (downtime, format!("(100 % − {} %) × 30 days = {}", crate::quantity::trim(target, 3), Unit::Millis.show(downtime))),
        (languages, format!("{} listed (at least 1) = {}", c(languages), c(languages))),
    ];
    let mut out = Vec::new();
    for (def, (value, arithmetic)) in DEFS.iter().zip(figures) {
        out.push(Figure { fact: format!("derived.{}", def.id), label: def.label.into(), value: FactValue::Num(value), arithmetic });
    }
    out.push(Figure {
        fact: "derived.scale_band".into(),
        label: "scale band".into(),
        value: FactValue::Str(band.into()),
        arithmetic: format!("{} users → {band} (< 10K small, 10K–1M medium, > 1M large)", c(users)),
    });
    for f in &out {
        facts.insert(f.fact.clone(), f.value.clone());
    }
    out
}
