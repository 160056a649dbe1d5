//! The capacity model: planning figures from `rules/capacity.yaml` (requests/s per app
//! instance, writes/s per SQL primary, data per node, ...), the scale-band thresholds
//! and the fields that measure volume. `derived.rs` does the arithmetic with them.

use crate::error::{Error, Location};
use crate::quantity::Unit;
use crate::rules::{model::SpannedStr, Source};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `rules/capacity.yaml` as written.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityFile {
    pub figures: Vec<FigureFile>,
    pub bands: BandsFile,
    /// Fields where more means a bigger system.
    #[serde(default)]
    pub volume: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureFile {
    #[schemars(with = "String")]
    pub id: SpannedStr,
    pub label: String,
    /// A number, or a quantity in `unit` (`5k`, `1TB`).
    #[schemars(with = "serde_json::Value")]
    pub value: serde_json::Value,
    /// count | bytes
    pub unit: String,
    /// A wiki section, when the wiki gives the figure.
    #[schemars(with = "Option<String>")]
    pub source: Option<SpannedStr>,
    /// A named public reference, when the wiki does not.
    pub reference: Option<String>,
    /// One line: what the figure assumes.
    pub caveat: String,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BandsFile {
    #[schemars(with = "String")]
    pub source: SpannedStr,
    pub by: Vec<BandFile>,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BandFile {
    #[schemars(with = "String")]
    pub fact: SpannedStr,
    #[schemars(with = "serde_json::Value")]
    pub medium: serde_json::Value,
    #[schemars(with = "serde_json::Value")]
    pub large: serde_json::Value,
}

/// One planning figure, validated.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlanningFigure {
    pub id: String,
    pub label: String,
    pub value: f64,
    pub unit: Unit,
    /// The wiki section, or the named public reference.
    pub source: Option<Source>,
    pub reference: Option<String>,
    pub caveat: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub fact: String,
    pub medium: f64,
    pub large: f64,
}

/// The validated capacity model.
#[derive(Clone, Debug, PartialEq)]
pub struct Capacity {
    pub figures: Vec<PlanningFigure>,
    pub bands: Vec<Band>,
    pub band_source: Source,
    pub volume: Vec<String>,
}

/// The figures the arithmetic needs; a capacity file must define each.
pub const REQUIRED: [&str; 8] = [
    "app_rps_per_instance",
    "sql_writes_per_primary",
    "sql_reads_per_node",
    "data_per_db_node",
    "cache_memory_per_node",
    "cache_ops_per_node",
    "events_per_partition",
    "connections_per_server",
];

impl Capacity {
    /// A planning figure's value (0 if missing, which validation prevents).
    pub fn get(&self, id: &str) -> f64 {
        self.figure(id).map_or(0.0, |f| f.value)
    }

    pub fn figure(&self, id: &str) -> Option<&PlanningFigure> {
        self.figures.iter().find(|f| f.id == id)
    }

    /// Validates a capacity file; `source` resolves wiki sections, `known` says whether
    /// a fact exists.
    pub fn build(
        file: &str,
        raw: CapacityFile,
        source: &mut dyn FnMut(&SpannedStr) -> Source,
        known: &dyn Fn(&str) -> bool,
        errors: &mut Vec<Error>,
    ) -> Capacity {
        let at = |s: &SpannedStr| crate::rules::condition::loc(file, &s.referenced);
        let mut figures = Vec::new();
        for f in raw.figures {
            let unit = match f.unit.as_str() {
                "count" => Unit::Count,
                "bytes" => Unit::Bytes,
                other => {
                    errors.push(
                        Error::input(format!("figure `{}`: unknown unit `{other}`", f.id.value))
                            .at(at(&f.id))
                            .help("units: count, bytes"),
                    );
                    continue;
                }
            };
            let Some(value) = unit
                .parse_json(&f.value)
                .filter(|v| *v > 0.0 && v.is_finite())
            else {
                errors.push(
                    Error::input(format!(
                        "figure `{}`: `{}` is not a positive quantity",
                        f.id.value, f.value
                    ))
                    .at(at(&f.id)),
                );
                continue;
            };
            if f.source.is_none() && f.reference.as_deref().is_none_or(|r| r.trim().is_empty()) {
                errors.push(
                    Error::input(format!("figure `{}` has no source", f.id.value))
                        .at(at(&f.id))
                        .help("give a wiki `source` section or a named public `reference`"),
                );
            }
            figures.push(PlanningFigure {
                id: f.id.value.clone(),
                label: f.label,
                value,
                unit,
                source: f.source.as_ref().map(&mut *source),
                reference: f.reference.map(|r| r.trim().to_string()),
                caveat: f.caveat.trim().to_string(),
            });
        }
        for id in REQUIRED {
            if !figures.iter().any(|f| f.id == id) {
                errors.push(
                    Error::input(format!("the capacity model has no figure `{id}`"))
                        .at(Location::new(file, 0, 0)),
                );
            }
        }
        let mut bands = Vec::new();
        for b in raw.bands.by {
            if !known(&b.fact.value) {
                errors.push(
                    Error::input(format!("band: unknown fact `{}`", b.fact.value)).at(at(&b.fact)),
                );
                continue;
            }
            let unit = if b.fact.value.contains("storage") || b.fact.value.starts_with("data.") {
                Unit::Bytes
            } else {
                Unit::Count
            };
            match (unit.parse_json(&b.medium), unit.parse_json(&b.large)) {
                (Some(medium), Some(large)) if medium < large => bands.push(Band {
                    fact: b.fact.value,
                    medium,
                    large,
                }),
                _ => errors.push(
                    Error::input(format!(
                        "band `{}`: `medium` and `large` must be quantities with medium < large",
                        b.fact.value
                    ))
                    .at(at(&b.fact)),
                ),
            }
        }
        for v in &raw.volume {
            if !known(v) {
                errors.push(
                    Error::input(format!("volume: unknown field `{v}`"))
                        .at(Location::new(file, 0, 0)),
                );
            }
        }
        Capacity {
            figures,
            bands,
            band_source: source(&raw.bands.source),
            volume: raw.volume,
        }
    }
}
