//! `tradeoff ask` adds parts of the system whose needs differ (components): with
//! `--set components.NAME.FIELD=VALUE`, an answers file's `components:`, or the
//! questions put for a part (defaults are the system's answers; only what differs
//! is kept). The terminal course is in `ask_pty.rs`.

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use tradeoff::ask::flow::{Asker, Reply, Step};
use tradeoff::ask::{parts, Answers, Questionnaire};
use tradeoff::engine::evaluate;
use tradeoff::error::Result;
use tradeoff::requirements::parse_requirements_str;
use tradeoff::rules::{RuleSource, Rulebook};

fn tradeoff(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn example(name: &str) -> String {
    format!("{}/examples/{name}.yaml", env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// The choice each component got for `topic`, by component name.
fn choices(yaml: &str, topic: &str) -> Vec<(String, String)> {
    let book = Rulebook::bundled().unwrap();
    let req = parse_requirements_str("written", yaml).unwrap();
    evaluate(&book, &req)
        .components
        .iter()
        .map(|c| {
            let d = c.decisions.iter().find(|d| d.topic == topic).unwrap();
            (c.name.clone(), d.choice.clone())
        })
        .collect()
}

const CATALOG: [&str; 5] = [
    "components.ledger.description=balances and transfers",
    "components.catalog.share=30%",
    "components.catalog.traffic.read_percent=99%",
    "components.catalog.consistency.stale_data_cost=low",
    "components.catalog.consistency.partition_preference=availability",
];

#[test]
fn parts_given_up_front_are_written_in_units_and_decided_on_their_own_needs() {
    let dir = tempfile::tempdir().unwrap();
    let from = example("payments");
    let mut args = vec!["ask", "--from", &from];
    for s in CATALOG {
        args.extend(["--set", s]);
    }
    let o = tradeoff(&args, dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let yaml = text(&o.stdout);
    let tail = &yaml[yaml.find("\ncomponents:\n").expect(&yaml)..];
    assert!(
        tail.starts_with(
            "\ncomponents:\n  - name: ledger\n    description: balances and transfers\n  \
             - name: catalog\n    share: 30%\n    traffic:\n      read_percent: 99%\n    \
             consistency:\n      stale_data_cost: low\n      partition_preference: availability\n"
        ),
        "{tail}"
    );
    // The wiki's split: a catalogue can serve slightly stale reads, a ledger cannot.
    let consistency = choices(&yaml, "consistency");
    assert_eq!(consistency.len(), 2);
    assert_ne!(consistency[0].1, consistency[1].1, "{consistency:?}");
    assert_eq!(consistency[0].1, "strong", "{consistency:?}");
    // The same parts from an answers file, as a list (requirements-file form) or a mapping.
    for form in [
        "components:\n  - name: ledger\n    description: balances and transfers\n  - name: catalog\n    share: 30%\n    traffic: {read_percent: 99%}\n    consistency: {stale_data_cost: low, partition_preference: availability}\n",
        "components:\n  ledger: {description: balances and transfers}\n  catalog:\n    share: 30\n    traffic.read_percent: 99\n    consistency: {stale_data_cost: low, partition_preference: availability}\n",
    ] {
        std::fs::write(dir.path().join("answers.yaml"), form).unwrap();
        let a = tradeoff(
            &["ask", "--from", &from, "--answers", "answers.yaml"],
            dir.path(),
        );
        assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
        // A mapping has no order: its parts come in name order.
        let sorted = |t: &str| {
            let mut r = parse_requirements_str("x", t).unwrap();
            r.components.as_mut().unwrap().sort_by(|a, b| a.name.cmp(&b.name));
            r
        };
        assert_eq!(sorted(&text(&a.stdout)), sorted(&yaml), "{form}");
    }
}

#[test]
fn editing_a_part_keeps_the_others_and_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let from = example("ecommerce");
    let o = tradeoff(
        &[
            "ask",
            "--from",
            &from,
            "--set",
            "components.cart.latency.p99=50ms",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let after = parse_requirements_str("after", &text(&o.stdout)).unwrap();
    let before = tradeoff::requirements::parse_requirements(Path::new(&from))
        .unwrap()
        .1;
    let (a, b) = (after.components.unwrap(), before.components.unwrap());
    let names = |c: &[tradeoff::requirements::component::Component]| -> Vec<String> {
        c.iter().map(|c| c.name.clone()).collect()
    };
    assert_eq!(names(&a), names(&b));
    for (x, y) in a.iter().zip(&b) {
        if x.name == "cart" {
            assert_eq!(x.latency.as_ref().unwrap().p99.unwrap().0, 50.0);
            assert_eq!(
                (&x.data, &x.consistency, x.share),
                (&y.data, &y.consistency, y.share)
            );
        } else {
            assert_eq!(x, y);
        }
    }
}

#[test]
fn a_part_takes_only_its_own_fields_and_a_valid_name() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["--set", "components.Cart.share=10%"],
            "lowercase kebab-case",
        ),
        (
            &["--set", "components.cart.team.engineers=3"],
            "decided once for the whole system",
        ),
        (
            &["--set", "components.cart=3"],
            "no field after the part's name",
        ),
        (
            &["--set", "components.cart.latency.p99=fast"],
            "--set components.cart.latency.p99",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["ask"];
        all.extend(args);
        let o = tradeoff(&all, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            text(&o.stderr).contains(message),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    for (answers, message) in [
        ("components: 3\n", "is a list of parts"),
        (
            "components: [{share: 10%}]\n",
            "components[0] has no `name`",
        ),
        (
            "components: [{name: cart, scale: {users: 5}}]\n",
            "decided once",
        ),
    ] {
        std::fs::write(dir.path().join("a.yaml"), answers).unwrap();
        let o = tradeoff(&["ask", "--answers", "a.yaml"], dir.path());
        assert_eq!(o.status.code(), Some(2), "{answers}");
        let err = text(&o.stderr);
        assert!(
            err.contains(message) && err.contains("a.yaml"),
            "{answers}: {err}"
        );
    }
}

/// Replies by field; records what Enter would keep for each question put.
struct Replies {
    replies: Vec<(&'static str, Reply)>,
    shown: Vec<(String, Option<Value>, Option<String>)>,
}

impl Asker for Replies {
    fn ask(&mut self, step: &Step) -> Result<Reply> {
        let field = step.question.field.clone();
        self.shown
            .push((field.clone(), step.current.clone(), step.computed.clone()));
        match self.replies.iter().position(|(f, _)| *f == field) {
            Some(i) => Ok(self.replies.remove(i).1),
            None => Ok(Reply::Keep),
        }
    }
}

fn system() -> (Questionnaire, Answers) {
    let book = Rulebook::bundled().unwrap();
    let q = Questionnaire::bundled(&book).unwrap();
    let mut a = Answers::default();
    a.set("consistency.stale_data_cost", json!("high"));
    a.set("latency.p99", json!(200.0));
    a.set("components", json!([{"name": "orders", "share": 40}]));
    (q, a)
}

#[test]
fn a_part_is_asked_with_the_system_answers_as_defaults_and_keeps_only_what_differs() {
    let (q, a) = system();
    let mut asker = Replies {
        replies: vec![
            ("description", Reply::Value(json!("shopping carts"))),
            // The system's own answer: nothing to write.
            ("latency.p99", Reply::Value(json!(200.0))),
            ("consistency.stale_data_cost", Reply::Value(json!("low"))),
        ],
        shown: Vec::new(),
    };
    let part = parts::ask(&q, &a, "cart", &mut asker).unwrap().unwrap();
    assert_eq!(
        Value::Object(part.clone()),
        json!({"name": "cart", "description": "shopping carts",
               "consistency": {"stale_data_cost": "low"}})
    );
    let shown = |f: &str| asker.shown.iter().find(|s| s.0 == f).cloned().unwrap();
    assert_eq!(shown("latency.p99").1, Some(json!(200.0)));
    assert_eq!(shown("consistency.stale_data_cost").1, Some(json!("high")));
    // No share given: the rest of 100 % after the other parts, shown as computed.
    assert_eq!(shown("share").1, None);
    assert_eq!(
        shown("share").2.as_deref(),
        Some("60%, what the other parts leave")
    );
    let asked: Vec<&str> = asker.shown.iter().map(|s| s.0.as_str()).collect();
    let mut expected = vec!["description", "share"];
    expected.extend(q.parts.iter().map(String::as_str));
    assert_eq!(asked, expected);
    // Into the answers after the part already there.
    let mut a = a;
    parts::put(&mut a, part);
    assert_eq!(parts::names(&a), ["orders", "cart"]);
}

#[test]
fn going_back_in_a_part_re_asks_and_cancel_adds_nothing() {
    let (q, a) = system();
    let mut asker = Replies {
        replies: vec![
            ("share", Reply::Value(json!(20.0))),
            ("traffic.read_percent", Reply::Back),
            ("share", Reply::Value(json!(25.0))),
        ],
        shown: Vec::new(),
    };
    let part = parts::ask(&q, &a, "orders", &mut asker).unwrap().unwrap();
    assert_eq!(part.get("share"), Some(&json!(25.0)));
    // The existing part's share was the default the first time, the new one after going back.
    let shares: Vec<_> = asker
        .shown
        .iter()
        .filter(|s| s.0 == "share")
        .map(|s| s.1.clone())
        .collect();
    assert_eq!(shares, [Some(json!(40)), Some(json!(20.0))]);
    let mut cancel = Replies {
        replies: vec![("data.size", Reply::Cancel)],
        shown: Vec::new(),
    };
    assert!(parts::ask(&q, &a, "cart", &mut cancel).unwrap().is_none());
}

#[test]
fn the_part_questions_are_checked_when_the_questionnaire_loads() {
    let book = Rulebook::bundled().unwrap();
    let load = |yaml: &str| {
        Questionnaire::load(
            &[RuleSource::yaml("questions/q.yaml", "q.yaml", yaml)],
            &book,
        )
    };
    let base = "questions:\n  - {field: latency.p99, kind: quantity, prompt: p, help: h}\n  - {field: team.engineers, kind: quantity, prompt: p, help: h}\n";
    let ok = load(&format!(
        "{base}parts: {{prompt: Add, fields: [latency.p99]}}\n"
    ))
    .unwrap();
    assert_eq!(ok.parts, ["latency.p99"]);
    assert!(ok.asks_parts());
    let e = load(&format!(
        "{base}parts: {{prompt: Add, fields: [latency.p90]}}\n"
    ))
    .unwrap_err();
    assert!(e.message.contains("which no question asks"), "{e}");
    assert_eq!(e.help.as_deref(), Some("did you mean `latency.p99`?"));
    let e = load(&format!(
        "{base}parts: {{prompt: Add, fields: [team.engineers]}}\n"
    ))
    .unwrap_err();
    assert!(e.message.contains("cannot override `team`"), "{e}");
    assert!(!load(base).unwrap().asks_parts());
}
