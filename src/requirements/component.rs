//! Components: named parts of one system whose data and traffic differ (a catalogue,
//! a cart, orders, payments, media). A component overrides only what differs; every
//! field it leaves out takes the system-level value. `effective` builds the
//! requirements a component is decided on.

use super::model::{
    Availability, Background, Consistency, Content, Data, DataShape, Dependencies, Latency,
    Requirements, Security, Traffic,
};
use crate::quantity::Percent;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A part of the system with its own data and traffic. Topics about data and its flow
/// (database, consistency, caching, data distribution, storage, indexing, messaging,
/// data integrity) are decided for each component; the rest once for the system.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Short id of the part, lowercase kebab-case and unique (`catalog`, `orders`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"), length(max = 64))]
    pub name: String,
    /// What this part does.
    pub description: Option<String>,
    /// Share of the system's peak requests per second that reach this part, in percent.
    /// Default: what the other components leave, split evenly (100 % for one component).
    pub share: Option<Percent>,
    /// This part's traffic shape (for example its own read percent).
    pub traffic: Option<Traffic>,
    /// This part's data: size, growth, shape, transactions and queries. A part that
    /// states its own `shape` keeps no `other_shapes` unless it lists them too, and serves
    /// heavy media only when its data are blobs, or lists them among its other shapes
    /// (or its `content` says so).
    pub data: Option<Data>,
    /// What stale data costs in this part.
    pub consistency: Option<Consistency>,
    /// This part's response-time target.
    pub latency: Option<Latency>,
    /// This part's uptime target and recovery objectives.
    pub availability: Option<Availability>,
    /// This part's background work and events.
    pub background: Option<Background>,
    /// Whether this part serves static assets or heavy media.
    pub content: Option<Content>,
    /// Third parties this part calls (`external: 0` for a part that calls none).
    pub dependencies: Option<Dependencies>,
    /// This part's compliance scope (`compliance: []` for a part outside PCI DSS scope);
    /// logins and permissions stay system-wide.
    pub security: Option<Security>,
    /// The design chosen for this part, topic id -> option id (checked by `tradeoff lint`).
    pub decisions: Option<BTreeMap<String, String>>,
}

/// The share of peak requests each component receives, in percent: given shares as
/// written, the rest of 100 % split evenly among components without one.
pub fn shares(components: &[Component]) -> Vec<f64> {
    let given: f64 = components.iter().filter_map(|c| c.share).map(|s| s.0).sum();
    let open = components.iter().filter(|c| c.share.is_none()).count();
    let rest = if open == 0 {
        0.0
    } else {
        ((100.0 - given) / open as f64).max(0.0)
    };
    components
        .iter()
        .map(|c| c.share.map_or(rest, |s| s.0))
        .collect()
}

/// Overlays `over` on `base`, field by field (objects merge; anything else replaces).
fn overlay(base: &mut Value, over: &Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                if v.is_null() {
                    continue;
                }
                match b.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() => overlay(slot, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

/// The requirements component `index` is decided on: the system's, with the component's
/// sections laid over them and the traffic scaled to its share of peak requests.
pub fn effective(req: &Requirements, index: usize) -> Requirements {
    effective_on(&req.without_parts(), req, index)
}

/// Every part's effective requirements, in order.
pub fn effective_all(req: &Requirements) -> Vec<Requirements> {
    let n = req.components.as_ref().map_or(0, Vec::len);
    let base = req.without_parts();
    (0..n).map(|i| effective_on(&base, req, i)).collect()
}

/// Something done with each section a part may state, beside the same section of the
/// system's requirements.
trait EachSection {
    fn section<T>(&mut self, system: &mut Option<T>, part: &Option<T>)
    where
        T: Clone + Serialize + serde::de::DeserializeOwned;
}

/// Calls `v` with every section part `c` may state and the same section of `out`.
fn each_section(out: &mut Requirements, c: &Component, v: &mut impl EachSection) {
    // Every field named, so a new section cannot be left out silently.
    let Component {
        name: _,
        description: _,
        share: _,
        traffic,
        data,
        consistency,
        latency,
        availability,
        background,
        content,
        dependencies,
        security,
        decisions: _,
    } = c;
    v.section(&mut out.traffic, traffic);
    v.section(&mut out.data, data);
    v.section(&mut out.consistency, consistency);
    v.section(&mut out.latency, latency);
    v.section(&mut out.availability, availability);
    v.section(&mut out.background, background);
    v.section(&mut out.content, content);
    v.section(&mut out.dependencies, dependencies);
    v.section(&mut out.security, security);
}

/// Lays the part's section over the system's field by field (see [`overlay`]); a
/// section only one of them states is taken as it is.
struct Lay;

impl EachSection for Lay {
    fn section<T>(&mut self, system: &mut Option<T>, part: &Option<T>)
    where
        T: Clone + Serialize + serde::de::DeserializeOwned,
    {
        match (system.as_mut(), part) {
            (_, None) => {}
            (None, Some(o)) => *system = Some(o.clone()),
            (Some(b), Some(o)) => {
                let mut doc = serde_json::to_value(&*b).unwrap_or(Value::Null);
                overlay(&mut doc, &serde_json::to_value(o).unwrap_or(Value::Null));
                if let Ok(merged) = serde_json::from_value(doc) {
                    *b = merged;
                }
            }
        }
    }
}

/// Whether some section states a value the system's does not.
struct Differs(bool);

impl EachSection for Differs {
    fn section<T>(&mut self, system: &mut Option<T>, part: &Option<T>)
    where
        T: Clone + Serialize + serde::de::DeserializeOwned,
    {
        let Some(part) = part.as_ref().filter(|_| !self.0) else {
            return;
        };
        let system = system.as_ref().map_or(Value::Null, |b| {
            serde_json::to_value(b).unwrap_or(Value::Null)
        });
        self.0 = overrides(&system, &serde_json::to_value(part).unwrap_or(Value::Null));
    }
}

/// Whether part `c` states some value that `base` (the system without its parts)
/// does not.
pub fn says_something(c: &Component, base: &Requirements) -> bool {
    let mut differs = Differs(false);
    each_section(&mut base.clone(), c, &mut differs);
    differs.0
}

/// Whether `own` states some value that differs from `base`.
fn overrides(base: &Value, own: &Value) -> bool {
    match own {
        Value::Null => false,
        Value::Object(o) => o.iter().any(|(k, v)| {
            let b = base.get(k).unwrap_or(&Value::Null);
            if v.is_object() {
                overrides(b, v)
            } else {
                !v.is_null() && v != b
            }
        }),
        other => other != base,
    }
}

/// Part `index` laid over `base`, the system's requirements without their parts.
fn effective_on(base: &Requirements, req: &Requirements, index: usize) -> Requirements {
    let components = req.components.as_deref().unwrap_or_default();
    let Some(c) = components.get(index) else {
        return req.clone();
    };
    let share = shares(components)[index] / 100.0;
    let mut out = base.clone();
    each_section(&mut out, c, &mut Lay);
    if let Some(own) = &c.data {
        if let Some(shape) = own.shape {
            let others = own.other_shapes.clone().unwrap_or_default();
            let blobs = shape == DataShape::Blobs || others.contains(&DataShape::Blobs);
            out.data.get_or_insert_with(Default::default).other_shapes = Some(others);
            let media_stated = c.content.as_ref().is_some_and(|x| x.media.is_some());
            if !media_stated {
                out.content.get_or_insert_with(Default::default).media = Some(blobs);
            }
        }
    }
    out.components = None;
    out.decisions = c.decisions.clone();
    out.name = Some(format!(
        "{} / {}",
        req.name.as_deref().unwrap_or("unnamed system"),
        c.name
    ));
    // Rates the system states for all its traffic reach this part in proportion.
    let scale = out.scale.get_or_insert_with(Default::default);
    let peak = req
        .scale
        .as_ref()
        .and_then(|s| s.peak_rps)
        .or_else(|| super::defaults().scale.and_then(|s| s.peak_rps))
        .map_or(0.0, |p| p.0);
    scale.peak_rps = Some(crate::quantity::Count(peak * share));
    let own_events = c.background.as_ref().and_then(|b| b.events_per_sec);
    let system_events = req.background.as_ref().and_then(|b| b.events_per_sec);
    if let (None, Some(e)) = (own_events, system_events) {
        out.background
            .get_or_insert_with(Default::default)
            .events_per_sec = Some(crate::quantity::Count(e.0 * share));
    }
    out
}

/// The system seen whole, for the topics decided once: held to its strictest part
/// (the highest availability target, the tightest p99, RPO and RTO) and at least as
/// much data as the sizes its components state add up to.
pub fn system_view(req: &Requirements) -> Requirements {
    let Some(components) = req.components.as_deref().filter(|c| !c.is_empty()) else {
        return req.clone();
    };
    let mut out = req.clone();
    let defaults = super::defaults();
    let pick = |field: fn(&Availability) -> Option<f64>, high: bool| {
        let own = req.availability.as_ref().and_then(field);
        let base = own.or_else(|| defaults.availability.as_ref().and_then(field));
        let parts = components
            .iter()
            .filter_map(|c| c.availability.as_ref().and_then(field));
        let best = parts.fold(base, |acc, v| match acc {
            None => Some(v),
            Some(a) if (high && v > a) || (!high && v < a) => Some(v),
            keep => keep,
        });
        if best == base {
            own
        } else {
            best
        }
    };
    let target = pick(|a| a.target.map(|p| p.0), true);
    let rpo = pick(|a| a.rpo.map(|m| m.0), false);
    let rto = pick(|a| a.rto.map(|m| m.0), false);
    if target.is_some() || rpo.is_some() || rto.is_some() {
        let a = out.availability.get_or_insert_with(Default::default);
        a.target = target.map(Percent).or(a.target);
        a.rpo = rpo.map(crate::quantity::Millis).or(a.rpo);
        a.rto = rto.map(crate::quantity::Millis).or(a.rto);
    }
    let p99 = components
        .iter()
        .filter_map(|c| c.latency.as_ref().and_then(|l| l.p99))
        .map(|m| m.0)
        .fold(None, |acc: Option<f64>, v| {
            Some(acc.map_or(v, |a| a.min(v)))
        });
    let system_p99 = req
        .latency
        .as_ref()
        .and_then(|l| l.p99)
        .or_else(|| defaults.latency.as_ref().and_then(|l| l.p99))
        .map_or(f64::INFINITY, |m| m.0);
    if let Some(p) = p99.filter(|p| *p < system_p99) {
        out.latency.get_or_insert_with(Default::default).p99 = Some(crate::quantity::Millis(p));
    }
    let sum = |field: fn(&Data) -> Option<f64>| -> f64 {
        components
            .iter()
            .filter_map(|c| c.data.as_ref().and_then(field))
            .sum()
    };
    let size = sum(|d| d.size.map(|b| b.0));
    let growth = sum(|d| d.growth_per_month.map(|b| b.0));
    let data_default = defaults.data.clone().unwrap_or_default();
    let data = out.data.get_or_insert_with(Default::default);
    let own_size = data.size.or(data_default.size).map_or(0.0, |b| b.0);
    if size > own_size {
        data.size = Some(crate::quantity::Bytes(size));
    }
    let own_growth = data
        .growth_per_month
        .or(data_default.growth_per_month)
        .map_or(0.0, |b| b.0);
    if growth > own_growth {
        data.growth_per_month = Some(crate::quantity::Bytes(growth));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Requirements {
        crate::requirements::parse_requirements_str("t.yaml", text).unwrap()
    }

    #[test]
    fn shares_split_the_rest_evenly() {
        let r = doc("components:\n  - {name: a, share: 40%}\n  - {name: b}\n  - {name: c}\n");
        assert_eq!(
            shares(r.components.as_deref().unwrap()),
            vec![40.0, 30.0, 30.0]
        );
    }

    #[test]
    fn a_component_overrides_only_what_it_states() {
        let r = doc(
            "scale: {peak_rps: 1000}\ndata: {size: 1TB, shape: relational, transactions: true}\n\
             components:\n  - name: cart\n    share: 25%\n    data: {shape: key-value}\n",
        );
        let e = effective(&r, 0);
        let d = e.data.unwrap();
        assert_eq!(d.shape, Some(crate::requirements::DataShape::KeyValue));
        assert_eq!(d.transactions, Some(true));
        assert_eq!(d.size.map(|s| s.0), Some(1e12));
        assert_eq!(e.scale.unwrap().peak_rps.map(|p| p.0), Some(250.0));
        assert!(e.components.is_none());
    }
}
