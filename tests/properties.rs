//! Properties of the advice, over every bundled example and a generated family of
//! documents (snapshots show that output changed; these show that it is sane):
//! - as volume grows (users, rps, data, events, connections; together and each alone)
//!   no ordered topic steps back down its ladder;
//! - as the team grows the architecture never steps back, and 1-3 engineers never get
//!   microservices;
//! - at 99.99 % or more there is no single server, no single database and no recreate
//!   deployment;
//! - irrelevant edits (name, description, key order, comments, equivalent quantities)
//!   never change a decision;
//! - no example carries a warning-or-worse tension against its own choices.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use tradeoff::requirements::{parse_requirements_str, Requirements};
use tradeoff::rules::Rulebook;

const FACTORS: [f64; 10] = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 1000.0];
const VOLUME: [(&str, Option<f64>); 7] = [
    ("scale.users", Some(10e3)),
    ("scale.daily_active_users", None),
    ("scale.peak_rps", Some(50.0)),
    ("data.size", Some(10e9)),
    ("data.growth_per_month", Some(1e9)),
    ("background.events_per_sec", None),
    ("realtime.concurrent_connections", None),
];

fn book() -> Rulebook {
    Rulebook::bundled().expect("bundled rules load")
}

fn examples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn value(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("example parses")
}

fn choices(book: &Rulebook, doc: &Value) -> BTreeMap<String, String> {
    let req: Requirements = serde_json::from_value(doc.clone()).expect("document is valid");
    let (mut facts, _, _) = tradeoff::engine::facts_for(book, &req);
    let outcomes = tradeoff::engine::decide(book, &mut facts);
    book.topics
        .iter()
        .zip(outcomes)
        .filter_map(|(t, o)| o.map(|o| (t.id.clone(), t.options[o.choice].id.clone())))
        .collect()
}

fn get<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    let (a, b) = path.split_once('.').unwrap();
    doc.get(a).and_then(|s| s.get(b)).filter(|v| !v.is_null())
}

fn put(doc: &mut Value, path: &str, v: Value) {
    let (a, b) = path.split_once('.').unwrap();
    let obj = doc.as_object_mut().unwrap();
    let section = obj.entry(a).or_insert_with(|| json!({}));
    if section.is_null() {
        *section = json!({});
    }
    section.as_object_mut().unwrap().insert(b.to_string(), v);
}

fn number(book: &Rulebook, path: &str, v: &Value) -> f64 {
    let unit = book.catalog.get(path).and_then(|s| s.unit()).unwrap();
    unit.parse_json(v).unwrap()
}

fn scaled(book: &Rulebook, doc: &Value, fields: &[&str], f: f64) -> Value {
    let mut out = doc.clone();
    for (path, default) in VOLUME {
        if !fields.contains(&path) {
            continue;
        }
        let base = match (get(doc, path), default) {
            (Some(v), _) => number(book, path, v),
            (None, Some(d)) => d,
            (None, None) => continue,
        };
        put(&mut out, path, json!((base * f).round()));
    }
    out
}

/// Ladder violations along a sequence of (label, choices), for the given topics.
fn steps_back(
    book: &Rulebook,
    runs: &[(String, BTreeMap<String, String>)],
    only: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for t in book.topics.iter().filter(|t| !t.ladder.is_empty()) {
        if only.is_some_and(|o| o != t.id) {
            continue;
        }
        let mut last: Option<(usize, &str, &str)> = None;
        for (label, c) in runs {
            let Some(choice) = c.get(&t.id) else { continue };
            let Some(r) = t.rung(choice) else { continue };
            if let Some((lr, lc, ll)) = last {
                if r < lr {
                    out.push(format!(
                        "{} steps back from {lc} ({ll}) to {choice} ({label})",
                        t.id
                    ));
                    break;
                }
            }
            last = Some((r, choice, label));
        }
    }
    out
}

fn volume_problems(book: &Rulebook, name: &str, doc: &Value) -> Vec<String> {
    let mut dims: Vec<(String, Vec<&str>)> =
        vec![("all volumes".into(), VOLUME.iter().map(|v| v.0).collect())];
    dims.extend(VOLUME.iter().map(|v| (v.0.to_string(), vec![v.0])));
    let mut out = Vec::new();
    for (label, fields) in dims {
        let runs: Vec<(String, BTreeMap<String, String>)> = FACTORS
            .iter()
            .map(|&f| {
                (
                    format!("×{f}"),
                    choices(book, &scaled(book, doc, &fields, f)),
                )
            })
            .collect();
        out.extend(
            steps_back(book, &runs, None)
                .into_iter()
                .map(|p| format!("{name}: {label}: {p}")),
        );
    }
    out
}

#[test]
fn more_volume_never_steps_back() {
    let book = book();
    let mut problems = Vec::new();
    for (name, text) in examples() {
        problems.extend(volume_problems(&book, &name, &value(&text)));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_bigger_team_never_steps_back_and_small_teams_get_no_microservices() {
    let book = book();
    let mut problems = Vec::new();
    for (name, text) in examples() {
        let doc = value(&text);
        let mut runs = Vec::new();
        for engineers in [1.0, 2.0, 3.0, 5.0, 10.0, 25.0, 60.0, 150.0, 400.0, 2000.0] {
            let mut d = doc.clone();
            put(&mut d, "team.engineers", json!(engineers));
            put(
                &mut d,
                "team.teams",
                json!((engineers / 8.0_f64).floor().max(1.0)),
            );
            let c = choices(&book, &d);
            if engineers <= 3.0 && c["architecture"] == "microservices" {
                problems.push(format!("{name}: {engineers} engineers get microservices"));
            }
            runs.push((format!("{engineers} engineers"), c));
        }
        problems.extend(
            steps_back(&book, &runs, Some("architecture"))
                .into_iter()
                .map(|p| format!("{name}: team size: {p}")),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn four_nines_have_no_single_point_of_failure() {
    let book = book();
    let mut problems = Vec::new();
    for (name, text) in examples() {
        for target in ["99.99%", "99.999%"] {
            let mut d = value(&text);
            put(&mut d, "availability.target", json!(target));
            let c = choices(&book, &d);
            for (topic, bad) in [
                ("scaling", "vertical"),
                ("data-distribution", "single"),
                ("deployment", "recreate"),
            ] {
                if c[topic] == bad {
                    problems.push(format!("{name}: at {target} {topic} is {bad}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn irrelevant_edits_change_no_decision() {
    let book = book();
    for (name, text) in examples() {
        let doc = value(&text);
        let base = choices(&book, &doc);
        // Name and description.
        let mut d = doc.clone();
        d["name"] = json!("another name");
        d["description"] = json!("Something else entirely.");
        assert_eq!(choices(&book, &d), base, "{name}: name/description");
        // Key order: sections and their keys reversed.
        let mut reversed = serde_json::Map::new();
        for (k, v) in doc.as_object().unwrap().iter().rev() {
            let v = match v.as_object() {
                Some(o) => Value::Object(
                    o.iter()
                        .rev()
                        .map(|(a, b)| (a.clone(), b.clone()))
                        .collect(),
                ),
                None => v.clone(),
            };
            reversed.insert(k.clone(), v);
        }
        assert_eq!(
            choices(&book, &Value::Object(reversed)),
            base,
            "{name}: key order"
        );
        // Equivalent quantities: every volume written as a plain number.
        let mut plain = doc.clone();
        for (path, _) in VOLUME {
            if let Some(v) = get(&doc, path) {
                let n = number(&book, path, v);
                put(&mut plain, path, json!(n));
            }
        }
        assert_eq!(
            choices(&book, &plain),
            base,
            "{name}: equivalent quantities"
        );
        // Comments.
        let commented: String = text
            .lines()
            .flat_map(|l| {
                [
                    l.to_string(),
                    "# a comment that changes nothing".to_string(),
                ]
            })
            .collect::<Vec<_>>()
            .join("\n");
        let req = parse_requirements_str(&name, &commented).expect("commented example parses");
        let with_comments = serde_json::to_value(&req).unwrap();
        assert_eq!(choices(&book, &with_comments), base, "{name}: comments");
    }
}

#[test]
fn examples_carry_no_warning_or_worse_tension() {
    let book = book();
    let mut problems = Vec::new();
    for (name, text) in examples() {
        let req = parse_requirements_str(&name, &text).unwrap();
        let a = tradeoff::engine::evaluate(&book, &req);
        for t in &a.tensions {
            if t.severity >= tradeoff::rules::model::Severity::Warning {
                problems.push(format!("{name}: {} ({})", t.id, t.message));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A small deterministic generator (xorshift), so the family is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn flip(&mut self) -> bool {
        self.next().is_multiple_of(2)
    }
}

fn generated(seed: u64) -> Value {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let users = 10f64.powi(2 + (r.next() % 6) as i32);
    json!({
        "name": format!("generated-{seed}"),
        "scale": {"users": users, "peak_rps": (users / 200.0).max(5.0).round(),
                  "growth_per_year": r.pick(&["10%", "30%", "80%"])},
        "traffic": {"read_percent": r.pick(&["50%", "80%", "95%", "99%"]),
                    "burstiness": r.pick(&["steady", "daily-peaks", "spiky"])},
        "data": {"size": r.pick(&["5GB", "200GB", "3TB", "80TB"]),
                 "shape": r.pick(&["relational", "document", "key-value", "time-series", "graph"]),
                 "transactions": r.flip(),
                 "queries": [r.pick(&["key-lookup", "joins", "ranges", "full-text", "aggregations"])]},
        "consistency": {"stale_data_cost": r.pick(&["negligible", "low", "high", "critical"]),
                        "partition_preference": r.pick(&["availability", "consistency"])},
        "availability": {"target": r.pick(&["99%", "99.9%", "99.95%", "99.99%"])},
        "realtime": {"needs": [r.pick(&["server-updates", "two-way", "offline-notifications"])]},
        "clients": {"kinds": [r.pick(&["browser", "mobile", "public-api", "internal-services", "iot"])]},
        "background": {"jobs": r.flip(), "fan_out": r.flip(), "replay": r.flip()},
        "content": {"static_assets": r.flip(), "media": r.flip(), "global_audience": r.flip()},
        "team": {"engineers": r.pick(&["2", "8", "30", "200"]).parse::<f64>().unwrap(),
                 "ops_maturity": r.pick(&["low", "medium", "high"])},
        "security": {"instant_revocation": r.flip(), "multi_tenant": r.flip()},
        "operations": {"platform": r.pick(&["kubernetes", "vms", "serverless", "paas"])},
    })
}

#[test]
fn generated_documents_never_step_back_with_volume() {
    let book = book();
    let mut problems = Vec::new();
    for seed in 1..=40 {
        let doc = generated(seed);
        problems.extend(volume_problems(&book, &format!("seed {seed}"), &doc));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every topic's choice and complements, system-wide and per component (`part/topic`).
fn designs(a: &tradeoff::engine::Assessment) -> BTreeMap<String, (String, Vec<String>)> {
    let mut out: BTreeMap<String, (String, Vec<String>)> = a
        .decisions
        .iter()
        .map(|d| (d.topic.clone(), (d.choice.clone(), d.also.clone())))
        .collect();
    for c in &a.components {
        for d in &c.decisions {
            out.insert(d.topic.clone(), (d.choice.clone(), d.also.clone()));
        }
    }
    out
}

#[test]
fn one_component_that_changes_nothing_is_the_same_as_none() {
    let book = book();
    let mut docs: Vec<(String, Value)> = examples()
        .into_iter()
        .map(|(n, t)| (n, value(&t)))
        .filter(|(_, v)| v.get("components").is_none())
        .collect();
    docs.extend((0..40).map(|s| (format!("generated-{s}"), generated(s))));
    let mut checked = 0;
    for (name, doc) in docs {
        let plain: Requirements = serde_json::from_value(doc.clone()).unwrap();
        let mut with = doc.clone();
        with["components"] = json!([{"name": "everything", "share": "100%"}]);
        let with: Requirements = serde_json::from_value(with).unwrap();
        let (a, b) = (
            tradeoff::engine::evaluate(&book, &plain),
            tradeoff::engine::evaluate(&book, &with),
        );
        assert_eq!(b.components.len(), 1, "{name}");
        assert_eq!(designs(&a), designs(&b), "{name}");
        // The whole plan is the system's shared tiers plus the parts' data tiers.
        let sorted = |lines: Vec<tradeoff::derived::PlanLine>| {
            let mut lines = lines;
            lines.sort_by(|x, y| x.id.cmp(&y.id));
            lines
        };
        let split: Vec<_> = b
            .capacity
            .iter()
            .chain(&b.component_totals)
            .map(|l| {
                let mut l = l.clone();
                l.arithmetic = a
                    .capacity
                    .iter()
                    .find(|x| x.id == l.id)
                    .map_or(String::new(), |x| x.arithmetic.clone());
                l
            })
            .collect();
        assert_eq!(sorted(a.capacity.clone()), sorted(split), "{name}");
        checked += 1;
    }
    assert!(checked >= 45, "{checked}");
}

#[test]
fn components_get_the_answers_the_wiki_gives_their_data() {
    let book = book();
    let (name, text) = examples()
        .into_iter()
        .find(|(n, _)| n == "ecommerce.yaml")
        .unwrap();
    let req = parse_requirements_str(&name, &text).unwrap();
    let a = tradeoff::engine::evaluate(&book, &req);
    let choice = |part: &str, topic: &str| -> String {
        let c = a.components.iter().find(|c| c.name == part).unwrap();
        c.decisions
            .iter()
            .find(|d| d.topic == topic)
            .unwrap()
            .choice
            .clone()
    };
    // Consistency Patterns > AP Systems: shopping carts; CP Systems: inventory, payments.
    assert!(["eventual", "read-your-writes"].contains(&choice("cart", "consistency").as_str()));
    assert_eq!(choice("orders", "consistency"), "strong");
    assert_eq!(choice("payments", "consistency"), "strong");
    // Caching Strategies > Cache-Aside: product catalogs; no write-behind for money.
    assert_eq!(choice("catalog", "caching"), "cache-aside");
    assert_ne!(choice("payments", "caching"), "write-behind");
    assert_ne!(choice("payments", "caching"), "cache-aside");
    // Key-value stores for carts; SQL for orders; object storage for media.
    assert_eq!(choice("cart", "database"), "key-value");
    assert_eq!(choice("orders", "database"), "sql");
    assert_eq!(choice("media", "storage"), "object");
    // Topics decided once are not repeated per component.
    assert!(a.decisions.iter().all(|d| d.topic != "database"));
    assert!(a.decisions.iter().any(|d| d.topic == "architecture"));
}
