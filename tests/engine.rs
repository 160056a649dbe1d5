//! Engine unit tests on a tiny, hand-written rulebook: scoring, ties, complements,
//! details, decisions read across topics, coherence, flip points, rule errors.

use tradeoff::engine::evaluate;
use tradeoff::requirements::parse_requirements_str;
use tradeoff::rules::{RuleSource, Rulebook};

const STORE: &str = r#"
title: Database Replication vs Sharding
question: How is the database spread?
source: Database Replication vs Sharding
summary: Test topic.
options:
  - id: single
    name: Single database
    source: Database Replication vs Sharding
    summary: One primary.
    base: 1
  - id: sharding
    name: Sharding
    source: Database Sharding
    summary: Split data.
    disadvantages: [Cross-shard queries are hard]
    conditions:
      - when: {fact: derived.writes_per_sec, op: gt, value: 5k}
        weight: 3
        because: Too many writes for one primary.
        source: Database Sharding
      - when: {fact: team.engineers, op: lt, value: 3}
        weight: -1
        because: A tiny team struggles to run shards.
        source: Database Sharding
combinations:
  - add: single
    with: [sharding]
    when: {fact: data.transactions, op: eq, value: true}
    because: Keep transactional tables on one primary.
    source: Database Sharding
details:
  - name: shard key
    value: user id
    with: [sharding]
    when: {fact: data.shape, op: eq, value: relational}
    because: Relational rows group by owner.
    source: Database Sharding
  - name: shard key
    value: hash
    with: [sharding]
    because: Spread evenly.
    source: Database Sharding
cases:
  - name: small
    given: {}
    expect: single
"#;

const DISCOVERY: &str = r#"
title: Service Discovery Patterns
question: How do services find each other?
source: Service Discovery Patterns
summary: Test topic.
options:
  - id: none
    name: None
    source: Service Discovery Patterns
    summary: Not needed.
    base: 1
  - id: dns
    name: DNS
    source: Service Discovery Patterns
    summary: DNS.
    conditions:
      - when: {fact: decision.store, op: eq, value: sharding}
        weight: 2
        because: Shards must be found.
        source: Service Discovery Patterns
"#;

const CHECK: &str = r#"
message: Sharded without discovery.
topics: [store, discovery]
when:
  all:
    - {fact: decision.store, op: eq, value: sharding}
    - {fact: decision.discovery, op: eq, value: none}
help: Add discovery.
source: Service Discovery Patterns
"#;

fn book(extra: &[(&str, &str)]) -> Result<Rulebook, Vec<tradeoff::error::Error>> {
    let mut sources = vec![
        ("store.yaml", STORE),
        ("discovery.yaml", DISCOVERY),
        ("coherence/check.yaml", CHECK),
    ];
    sources.extend_from_slice(extra);
    Rulebook::build(
        sources
            .into_iter()
            .map(|(rel, text)| RuleSource::yaml(rel, format!("t/{rel}"), text))
            .collect(),
    )
}

fn advise(yaml: &str) -> tradeoff::engine::Assessment {
    evaluate(
        &book(&[]).unwrap(),
        &parse_requirements_str("t", yaml).unwrap(),
    )
}

#[test]
fn simplest_option_wins_without_evidence() {
    let a = advise("{}");
    let d = &a.decisions.iter().find(|d| d.topic == "store").unwrap();
    assert_eq!(d.choice, "single");
    assert_eq!(d.confidence.level, "low");
    assert_eq!(d.confidence.margin, 1.0);
}

#[test]
fn weights_complements_details_and_tradeoffs() {
    let a = advise(
        "scale: {peak_rps: 20k}\ntraffic: {read_percent: 50%}\ndata: {transactions: true}\n",
    );
    let d = a.decisions.iter().find(|d| d.topic == "store").unwrap();
    assert_eq!(d.choice, "sharding");
    assert_eq!(d.also, vec!["single"]);
    assert_eq!(d.details[0].value, "user id");
    assert_eq!(d.rationale[0].text, "Too many writes for one primary.");
    assert_eq!(
        d.rationale[0].source.section,
        "Database Replication vs Sharding > Database Sharding"
    );
    assert!(d
        .tradeoffs
        .iter()
        .any(|t| t.text == "Cross-shard queries are hard"));
    assert_eq!(d.confidence.margin, 2.0);
    assert_eq!(d.confidence.level, "medium");
}

#[test]
fn negative_weights_become_tradeoffs_and_why_not() {
    let a = advise("scale: {peak_rps: 20k}\ntraffic: {read_percent: 50%}\nteam: {engineers: 2}\n");
    let d = a.decisions.iter().find(|d| d.topic == "store").unwrap();
    assert_eq!(d.choice, "sharding");
    assert!(d.tradeoffs.iter().any(|t| t.text.contains("tiny team")));
    let small = advise("team: {engineers: 2}\n");
    let d = small.decisions.iter().find(|d| d.topic == "store").unwrap();
    let alt = &d.alternatives[0];
    assert_eq!(alt.option, "sharding");
    assert!(alt.why_not[0].contains("tiny team"), "{:?}", alt.why_not);
}

#[test]
fn later_topics_read_earlier_decisions_and_coherence_fires() {
    let a = advise("scale: {peak_rps: 20k}\ntraffic: {read_percent: 50%}\n");
    let d = a.decisions.iter().find(|d| d.topic == "discovery").unwrap();
    assert_eq!(d.choice, "dns");
    assert!(a.tensions.is_empty());
}

#[test]
fn flip_points_find_the_threshold() {
    let a = advise("scale: {peak_rps: 2k}\ntraffic: {read_percent: 50%}\n");
    let d = a.decisions.iter().find(|d| d.topic == "store").unwrap();
    assert_eq!(d.choice, "single");
    // Flip points name input fields, never a derived figure: writes/s above 5,000
    // means peak_rps above 10,000 at 50 % reads, or fewer reads at this peak.
    let f = d
        .flip_points
        .iter()
        .find(|f| f.fact == "scale.peak_rps")
        .expect("a flip on peak_rps");
    assert_eq!(f.choice, "sharding");
    assert_eq!(f.current, "2,000");
    assert_eq!(f.becomes, "11,000 or more");
    assert!(d
        .flip_points
        .iter()
        .all(|f| !f.fact.starts_with("derived.")));
}

#[test]
fn defaulted_answers_and_derived_arithmetic_are_reported() {
    let a = advise("scale: {peak_rps: 2000}\ntraffic: {read_percent: 60%}\n");
    assert!(a
        .defaulted
        .iter()
        .any(|d| d.field == "scale.users" && d.value == "10,000"));
    assert!(!a.defaulted.iter().any(|d| d.field == "scale.peak_rps"));
    let w = a
        .derived
        .iter()
        .find(|f| f.fact == "derived.writes_per_sec")
        .unwrap();
    assert_eq!(w.arithmetic, "2,000 peak × 40 % writes = 800");
}

#[test]
fn rule_errors_are_located_with_suggestions() {
    let bad = STORE
        .replace("fact: team.engineers", "fact: team.enginers")
        .replace("op: gt,", "op: gtt,");
    let errors =
        Rulebook::build(vec![RuleSource::yaml("store.yaml", "t/store.yaml", bad)]).unwrap_err();
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        text.iter().any(|e| e.contains("t/store.yaml:")
            && e.contains("unknown operator `gtt`")
            && e.contains("did you mean `gt")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|e| e.contains("unknown fact `team.enginers`")
                && e.contains("did you mean `team.engineers`")),
        "{text:?}"
    );
}

#[test]
fn bad_sources_values_and_cycles_are_rejected() {
    let bad = STORE.replace("source: Database Sharding", "source: Database Shardin");
    let e = Rulebook::build(vec![RuleSource::yaml("store.yaml", "s", bad)]).unwrap_err();
    assert!(
        e[0].to_string()
            .contains("did you mean `Database Sharding`"),
        "{}",
        e[0]
    );
    let bad = STORE.replace(
        "fact: data.shape, op: eq, value: relational",
        "fact: data.shape, op: eq, value: relatoinal",
    );
    let e = Rulebook::build(vec![RuleSource::yaml("store.yaml", "s", bad)]).unwrap_err();
    assert!(
        e[0].to_string().contains("did you mean `relational`"),
        "{}",
        e[0]
    );
    let cyclic = STORE.replace(
        "fact: team.engineers, op: lt, value: 3",
        "fact: decision.discovery, op: eq, value: dns",
    );
    let e = book(&[("store.yaml", &cyclic)]);
    assert!(e.is_err());
    let e = Rulebook::build(vec![
        RuleSource::yaml("store.yaml", "s", cyclic),
        RuleSource::yaml("discovery.yaml", "d", DISCOVERY),
    ])
    .unwrap_err();
    assert!(e.iter().any(|x| x.message.contains("cycle")), "{e:?}");
}
