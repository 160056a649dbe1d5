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
    fact: &'static str,
    /// Requirements fields the figure is computed from.
    inputs: &'static [&'static str],
    label: &'static str,
    kind: fn() -> FactKind,
    description: &'static str,
}

fn num(unit: Unit) -> FactKind {
    FactKind::Number { unit }
}

const DEFS: [Def; 11] = [
    Def {
        id: "reads_per_sec",
        fact: "derived.reads_per_sec",
        inputs: &["scale.peak_rps", "traffic.read_percent"],
        label: "reads/s at peak",
        kind: || num(Unit::Count),
        description: "peak_rps × read_percent",
    },
    Def {
        id: "writes_per_sec",
        fact: "derived.writes_per_sec",
        inputs: &["scale.peak_rps", "traffic.read_percent"],
        label: "writes/s at peak",
        kind: || num(Unit::Count),
        description: "peak_rps × (100 % − read_percent)",
    },
    Def {
        id: "peak_rps_3y",
        fact: "derived.peak_rps_3y",
        inputs: &["scale.peak_rps", "scale.growth_per_year"],
        label: "peak requests/s in 3 years",
        kind: || num(Unit::Count),
        description: "peak_rps × (1 + growth_per_year)³",
    },
    Def {
        id: "users_3y",
        fact: "derived.users_3y",
        inputs: &["scale.users", "scale.growth_per_year"],
        label: "users in 3 years",
        kind: || num(Unit::Count),
        description: "users × (1 + growth_per_year)³",
    },
    Def {
        id: "storage_1y",
        fact: "derived.storage_1y",
        inputs: &["data.size", "data.growth_per_month"],
        label: "data after 1 year",
        kind: || num(Unit::Bytes),
        description: "data.size + 12 × data.growth_per_month",
    },
    Def {
        id: "storage_3y",
        fact: "derived.storage_3y",
        inputs: &["data.size", "data.growth_per_month"],
        label: "data after 3 years",
        kind: || num(Unit::Bytes),
        description: "data.size + 36 × data.growth_per_month",
    },
    Def {
        id: "downtime_budget_per_month",
        fact: "derived.downtime_budget_per_month",
        inputs: &["availability.target"],
        label: "downtime budget per month",
        kind: || num(Unit::Millis),
        description: "(100 % − availability.target) × 30 days",
    },
    Def {
        id: "language_count",
        fact: "derived.language_count",
        inputs: &["team.languages"],
        label: "programming languages",
        kind: || num(Unit::Count),
        description: "entries in team.languages (at least 1)",
    },
    Def {
        id: "active_share",
        fact: "derived.active_share",
        inputs: &["scale.users", "scale.daily_active_users"],
        label: "daily active share of users",
        kind: || num(Unit::Percent),
        description: "daily_active_users ÷ users",
    },
    Def {
        id: "connection_share",
        fact: "derived.connection_share",
        inputs: &[
            "scale.daily_active_users",
            "realtime.concurrent_connections",
        ],
        label: "concurrent connections as share of daily actives",
        kind: || num(Unit::Percent),
        description: "concurrent_connections ÷ daily_active_users",
    },
    Def {
        id: "scale_band",
        fact: "derived.scale_band",
        inputs: &["scale.users"],
        label: "scale band",
        kind: || FactKind::Text {
            values: Some(vec!["small".into(), "medium".into(), "large".into()]),
        },
        description:
            "small (< 10K users), medium (10K–1M), large (> 1M), per the wiki's patterns by scale",
    },
];

/// Catalog entries for the derived facts.
pub fn catalog() -> Catalog {
    DEFS.iter()
        .map(|d| {
            let name = format!("derived.{}", d.id);
            (
                name.clone(),
                FactSpec {
                    name,
                    kind: (d.kind)(),
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

fn get(f: &Facts, k: &str) -> f64 {
    f.get(k).and_then(FactValue::as_num).unwrap_or(0.0)
}

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
}

impl Inputs {
    fn read(facts: &Facts) -> Inputs {
        Inputs {
            rps: get(facts, "scale.peak_rps"),
            read: get(facts, "traffic.read_percent"),
            growth: get(facts, "scale.growth_per_year"),
            users: get(facts, "scale.users"),
            size: get(facts, "data.size"),
            monthly: get(facts, "data.growth_per_month"),
            target: get(facts, "availability.target"),
            dau: get(facts, "scale.daily_active_users"),
            connections: get(facts, "realtime.concurrent_connections"),
            languages: match facts.get("team.languages") {
                Some(FactValue::List(l)) => l.len().max(1) as f64,
                _ => 1.0,
            },
        }
    }

    /// The numeric figures, in `DEFS` order (scale band excluded).
    fn values(&self) -> [f64; 10] {
        let g3 = (1.0 + self.growth / 100.0).powi(3);
        [
            (self.rps * self.read / 100.0).round(),
            (self.rps * (100.0 - self.read) / 100.0).round(),
            (self.rps * g3).round(),
            (self.users * g3).round(),
            self.size + 12.0 * self.monthly,
            self.size + 36.0 * self.monthly,
            (100.0 - self.target) / 100.0 * 30.0 * 86_400_000.0,
            self.languages,
            share(self.dau, self.users),
            share(self.connections, self.dau),
        ]
    }

    fn band(&self) -> &'static str {
        if self.users < 10_000.0 {
            "small"
        } else if self.users <= 1_000_000.0 {
            "medium"
        } else {
            "large"
        }
    }
}

/// Computes every derived figure and stores them as `derived.*` facts (values only;
/// this runs for every flip-point candidate).
pub fn derive(facts: &mut Facts) {
    let inputs = Inputs::read(facts);
    for (def, value) in DEFS.iter().zip(inputs.values()) {
        facts.set(def.fact, FactValue::Num(value));
    }
    facts.set("derived.scale_band", FactValue::Str(inputs.band().into()));
}

/// The derived figures with their arithmetic, for output; also stores them as facts.
pub fn figures(facts: &mut Facts) -> Vec<Figure> {
    derive(facts);
    let i = Inputs::read(facts);
    let c = |v: f64| Unit::Count.show(v);
    let b = |v: f64| Unit::Bytes.show(v);
    let t = crate::quantity::trim;
    let v = i.values();
    let arithmetic = [
        format!("{} peak × {} % reads = {}", c(i.rps), t(i.read, 2), c(v[0])),
        format!(
            "{} peak × {} % writes = {}",
            c(i.rps),
            t(100.0 - i.read, 2),
            c(v[1])
        ),
        format!("{} × (1 + {} %)³ = {}", c(i.rps), t(i.growth, 1), c(v[2])),
        format!("{} × (1 + {} %)³ = {}", c(i.users), t(i.growth, 1), c(v[3])),
        format!("{} + 12 × {} = {}", b(i.size), b(i.monthly), b(v[4])),
        format!("{} + 36 × {} = {}", b(i.size), b(i.monthly), b(v[5])),
        format!(
            "(100 % − {} %) × 30 days = {}",
            t(i.target, 3),
            Unit::Millis.show(v[6])
        ),
        format!("{} listed (at least 1) = {}", c(i.languages), c(v[7])),
        format!(
            "{} ÷ {} = {}",
            c(i.dau),
            c(i.users),
            Unit::Percent.show(v[8])
        ),
        format!(
            "{} ÷ {} = {}",
            c(i.connections),
            c(i.dau),
            Unit::Percent.show(v[9])
        ),
    ];
    let mut out: Vec<Figure> = DEFS
        .iter()
        .zip(v.iter().zip(arithmetic))
        .map(|(def, (value, arithmetic))| Figure {
            fact: format!("derived.{}", def.id),
            label: def.label.into(),
            value: FactValue::Num(*value),
            arithmetic,
        })
        .collect();
    let band = i.band();
    out.push(Figure {
        fact: "derived.scale_band".into(),
        label: "scale band".into(),
        value: FactValue::Str(band.into()),
        arithmetic: format!(
            "{} users → {band} (< 10K small, 10K–1M medium, > 1M large)",
            c(i.users)
        ),
    });
    out
}

/// The requirements fields a fact depends on: itself for a requirements field,
/// the inputs of a derived figure, nothing for decisions.
pub fn inputs(fact: &str) -> impl Iterator<Item = &str> {
    let derived = DEFS
        .iter()
        .find(|d| d.fact == fact)
        .map(|d| d.inputs)
        .unwrap_or(&[]);
    let own = (!fact.contains("derived.")
        && !fact.starts_with("decision.")
        && !fact.starts_with("design.")
        && !fact.starts_with("declared."))
    .then_some(fact);
    derived.iter().copied().chain(own)
}
