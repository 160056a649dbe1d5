//! `tradeoff ask` without a terminal: the questions as data, skip logic derived from
//! the rules, going back, the written file's round trip (same advice, nothing for
//! lint to report), edit mode, answers files, and the refusal to prompt without a
//! terminal. The terminal itself is tested in `ask_pty.rs`.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use tradeoff::ask::flow::{self, Asker, Reply, Step};
use tradeoff::ask::{questions, Answers, Judge, Questionnaire};
use tradeoff::engine::evaluate;
use tradeoff::error::Result;
use tradeoff::requirements::parse_requirements_str;
use tradeoff::rules::{RuleSource, Rulebook};

fn book() -> Rulebook {
    Rulebook::bundled().unwrap()
}

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

#[test]
fn every_question_binds_to_a_field_and_every_rule_input_can_be_asked() {
    let book = book();
    let q = Questionnaire::bundled(&book).unwrap();
    let schema = tradeoff::facts::requirements_schema();
    let top = questions::top_level_fields(schema);
    for question in &q.questions {
        assert!(
            book.catalog.contains_key(&question.field) || top.contains_key(&question.field),
            "`{}` is not a requirements field",
            question.field
        );
    }
    let mut missing = Vec::new();
    for when in book.conditions() {
        for (fact, _, _) in when.leaves() {
            // Derived figures map to the fields of their formulas; decisions to nothing.
            for f in tradeoff::derived::inputs(fact) {
                if q.get(f).is_none() && !missing.contains(&f.to_string()) {
                    missing.push(f.to_string());
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules read fields no question asks: {missing:?}"
    );
    let inputs: Vec<&str> = tradeoff::derived::inputs("derived.writes_per_sec").collect();
    assert_eq!(inputs, ["scale.peak_rps", "traffic.read_percent"]);
}

#[test]
fn question_list() {
    let q = Questionnaire::bundled(&book()).unwrap();
    insta::assert_snapshot!(q.listing());
}

#[test]
fn question_files_are_checked_against_the_schema() {
    let book = book();
    let load = |yaml: &str| {
        Questionnaire::load(
            &[RuleSource::yaml("questions/q.yaml", "q.yaml", yaml)],
            &book,
        )
    };
    let typo =
        load("questions:\n  - {field: scale.peak_rsp, kind: quantity, prompt: p, help: h}\n");
    let e = typo.unwrap_err();
    assert!(e.message.contains("not a requirements field"), "{e}");
    assert_eq!(e.help.as_deref(), Some("did you mean `scale.peak_rps`?"));
    let kind = load("questions:\n  - {field: data.shape, kind: yes-no, prompt: p, help: h}\n");
    assert!(kind.unwrap_err().message.contains("takes kind choice"));
    let twice = load(
        "questions:\n  - {field: name, kind: text, prompt: p, help: h}\n  - {field: name, kind: text, prompt: p, help: h}\n",
    );
    assert!(twice.unwrap_err().message.contains("two questions"));
    // Choices come from the schema, with its descriptions.
    let q =
        load("questions:\n  - {field: data.shape, kind: choice, prompt: p, help: h}\n").unwrap();
    let shape = &q.questions[0];
    assert_eq!(shape.choices[0].value, "relational");
    assert!(shape.choices[0].label.contains("relationships"));
    assert_eq!(shape.default, Some(json!("relational")));
}

/// A one-topic rulebook: sharding pays off above 1M users, unless writes need
/// transactions. So `data.transactions` matters only once users are many.
const TOPIC: &str = r#"
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
    conditions:
      - when: {fact: scale.users, op: gt, value: 1M}
        weight: 2
        because: Many users.
        source: Database Sharding
      - when:
          all:
            - {fact: scale.users, op: gt, value: 1M}
            - {fact: data.transactions, op: eq, value: true}
        weight: -2
        because: Transactions across shards are hard.
        source: Database Sharding
"#;

const QUESTIONS: &str = r#"
questions:
  - {field: name, kind: text, prompt: Name?, help: Titles.}
  - {field: data.transactions, kind: yes-no, prompt: Transactions?, help: Atomic writes.}
  - {field: scale.users, kind: quantity, prompt: Users?, help: Scale.}
  - {field: latency.p99, kind: quantity, prompt: Latency?, help: No rule reads it here.}
"#;

fn tiny() -> (Rulebook, Questionnaire) {
    let book = Rulebook::build(vec![RuleSource::yaml("data.yaml", "data.yaml", TOPIC)]).unwrap();
    let q = Questionnaire::load(
        &[RuleSource::yaml("questions/q.yaml", "q.yaml", QUESTIONS)],
        &book,
    )
    .unwrap();
    (book, q)
}

/// A question as put: field, k, n (progress), the value Enter keeps.
type Asked = (String, usize, usize, Option<Value>);

/// Replies from a script; records what was asked, with the progress shown.
struct Scripted {
    replies: Vec<(&'static str, Reply)>,
    asked: Vec<Asked>,
}

impl Asker for Scripted {
    fn ask(&mut self, step: &Step) -> Result<Reply> {
        let field = step.question.field.clone();
        self.asked
            .push((field.clone(), step.number, step.total, step.current.clone()));
        match self.replies.iter().position(|(f, _)| *f == field) {
            Some(i) => Ok(self.replies.remove(i).1),
            None => Ok(Reply::Keep),
        }
    }
}

fn course(replies: Vec<(&'static str, Reply)>) -> (Vec<Asked>, Answers) {
    let (book, q) = tiny();
    let judge = Judge::new(&book);
    let mut asker = Scripted {
        replies,
        asked: Vec::new(),
    };
    let answers = flow::run(&q, &judge, Answers::default(), &mut asker)
        .unwrap()
        .unwrap()
        .answers;
    (asker.asked, answers)
}

fn fields(asked: &[Asked]) -> Vec<&str> {
    asked.iter().map(|a| a.0.as_str()).collect()
}

#[test]
fn only_questions_that_can_change_a_decision_are_asked() {
    // Few users: no answer about transactions changes the choice; latency never does.
    let (asked, answers) = course(vec![]);
    assert_eq!(fields(&asked), ["name", "scale.users"]);
    assert_eq!(answers.get("data.transactions"), None);
    // Many users: now transactions decide between sharding and one database, so
    // the question skipped earlier is put after all.
    let (asked, answers) = course(vec![("scale.users", Reply::Value(json!(2_000_000)))]);
    assert_eq!(fields(&asked), ["name", "scale.users", "data.transactions"]);
    assert_eq!(answers.get("data.transactions"), Some(&json!(false)));
    // Progress: question k of n, where n grows when an answer opens a question.
    let progress: Vec<(usize, usize)> = asked.iter().map(|a| (a.1, a.2)).collect();
    assert_eq!(progress, [(1, 2), (2, 2), (3, 3)]);
}

#[test]
fn the_file_states_every_field_and_marks_those_not_asked() {
    let (book, q) = tiny();
    let judge = Judge::new(&book);
    let render = |users: Option<u32>| {
        let mut asker = Scripted {
            replies: users
                .map(|u| vec![("scale.users", Reply::Value(json!(u)))])
                .unwrap_or_default(),
            asked: Vec::new(),
        };
        let course = flow::run(&q, &judge, Answers::default(), &mut asker)
            .unwrap()
            .unwrap();
        let mut answers = course.answers;
        let filled = tradeoff::ask::complete(&q, &mut answers, &course.asked).unwrap();
        tradeoff::ask::render_file(&book, &q, &answers, &filled, None).unwrap()
    };
    let few = render(None);
    assert!(
        few.contains("  transactions: false  # default, not asked\n"),
        "{few}"
    );
    assert!(
        few.contains("  p99: 500ms  # default, not asked\n"),
        "{few}"
    );
    assert!(few.contains("  users: 10k\n"), "{few}");
    let many = render(Some(2_000_000));
    assert!(many.contains("  transactions: false\n"), "{many}");
    assert!(many.contains("  users: 2M\n"), "{many}");
}

#[test]
fn going_back_re_asks_the_previous_question_with_its_answer() {
    let (asked, answers) = course(vec![
        ("name", Reply::Value(json!("first"))),
        ("scale.users", Reply::Back),
        ("name", Reply::Value(json!("second"))),
    ]);
    assert_eq!(
        fields(&asked),
        ["name", "scale.users", "name", "scale.users"]
    );
    // The name question came back showing the first answer.
    assert_eq!(asked[2].3, Some(json!("first")));
    assert_eq!(answers.get("name"), Some(&json!("second")));
}

/// Runs the questionnaire on a file's values (edit mode without changes) and
/// renders the file `ask` would write.
fn rewrite(book: &Rulebook, q: &Questionnaire, start: Answers) -> (Answers, String) {
    let course = tradeoff::ask::answer_all(book, q, start, BTreeMap::new()).unwrap();
    let mut answers = course.answers;
    let filled = tradeoff::ask::complete(q, &mut answers, &course.asked).unwrap();
    let text = tradeoff::ask::render_file(book, q, &answers, &filled, None).unwrap();
    (answers, text)
}

fn lint_ids(book: &Rulebook, text: &str) -> Vec<String> {
    tradeoff::lint::check(
        book,
        "t.yaml",
        text.as_bytes().to_vec(),
        tradeoff::lint::date::today(),
    )
    .into_iter()
    .map(|d| d.id)
    .collect()
}

#[test]
fn the_written_file_gives_exactly_the_advice_shown_and_lint_has_nothing_to_add() {
    let book = book();
    let q = Questionnaire::bundled(&book).unwrap();
    // All defaults.
    let (answers, text) = rewrite(&book, &q, Answers::default());
    // Printed (no path): the modeline names the published schema, which resolves anywhere.
    assert!(text.starts_with(&format!(
        "# yaml-language-server: $schema={}\n",
        tradeoff::requirements::schema::id()
    )));
    let back = parse_requirements_str("t.yaml", &text).unwrap();
    let shown = evaluate(&book, &answers.requirements().unwrap());
    assert_eq!(evaluate(&book, &back), shown);
    assert!(shown.defaulted.is_empty(), "{:?}", shown.defaulted);
    assert_eq!(lint_ids(&book, &text), Vec::<String>::new());
    // Every example, re-asked: same decisions as the example itself, and no lint
    // finding the example did not already have.
    for entry in std::fs::read_dir(format!("{}/examples", env!("CARGO_MANIFEST_DIR"))).unwrap() {
        let path = entry.unwrap().path();
        let original = std::fs::read_to_string(&path).unwrap();
        let (answers, text) = rewrite(&book, &q, Answers::from_file(&path).unwrap());
        let back = parse_requirements_str("t.yaml", &text).unwrap();
        let shown = evaluate(&book, &answers.requirements().unwrap());
        assert_eq!(evaluate(&book, &back), shown, "{}", path.display());
        let before = evaluate(&book, &parse_requirements_str("e", &original).unwrap());
        let choices = |a: &tradeoff::engine::Assessment| -> Vec<(String, Vec<String>)> {
            a.decisions
                .iter()
                .map(|d| (d.choice.clone(), d.also.clone()))
                .collect()
        };
        assert_eq!(choices(&shown), choices(&before), "{}", path.display());
        let known = lint_ids(&book, &original);
        for id in lint_ids(&book, &text) {
            assert!(known.contains(&id), "{}: new finding {id}", path.display());
        }
    }
}

#[test]
fn every_field_gets_a_comment_from_the_schema_and_quantities_read_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let o = tradeoff(
        &[
            "ask",
            "--set",
            "scale.users=10M",
            "--set",
            "availability.target=99.9%",
            "--set",
            "latency.p99=200ms",
            "--set",
            "data.size=3TB",
            "--set",
            "name=my shop: the \"best\"",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    for line in [
        "  users: 10M\n",
        "  target: 99.9%\n",
        "  size: 3TB\n",
        "name: \"my shop: the \\\"best\\\"\"\n",
        "  # Registered users (or accounts). Default: 10k.\n",
    ] {
        assert!(out.contains(line), "{line:?} not in\n{out}");
    }
    // Each field line is preceded by its comment.
    let lines: Vec<&str> = out.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("  ") && !l.trim_start().starts_with('#') {
            assert!(
                lines[i - 1].trim_start().starts_with('#'),
                "no comment above {l}"
            );
        }
    }
    let req = parse_requirements_str("out", &out).unwrap();
    assert_eq!(req.latency.unwrap().p99.unwrap().0, 200.0);
}

#[test]
fn edit_mode_keeps_the_file_and_changes_what_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let from = example("ecommerce");
    let o = tradeoff(
        &[
            "ask",
            "--from",
            &from,
            "--set",
            "latency.p99=100ms",
            "-o",
            "svc.yaml",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let written = std::fs::read_to_string(dir.path().join("svc.yaml")).unwrap();
    let new = Answers::from_requirements(&parse_requirements_str("w", &written).unwrap());
    let mut old = Answers::from_file(Path::new(&from)).unwrap();
    old.set("latency.p99", json!(100));
    // Every value of the original file is kept (except the one changed), and the
    // sections the questionnaire does not ask pass through.
    for (key, value) in old.tree() {
        assert_eq!(
            new.tree().get(key).map(|v| subset(value, v)),
            Some(true),
            "{key}"
        );
    }
    // The summary printed is the advice on the written file.
    let advice = evaluate(&book(), &parse_requirements_str("w", &written).unwrap());
    let table = text(&o.stdout);
    for d in &advice.decisions {
        assert!(table.contains(&d.choice_name), "{} missing", d.choice_name);
    }
}

/// Whether every value in `a` is in `b` (objects compared key by key).
fn subset(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x
            .iter()
            .all(|(k, v)| y.get(k).is_some_and(|w| subset(v, w))),
        _ => a == b,
    }
}

#[test]
fn an_answers_file_and_set_flags_give_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("answers.yaml"),
        "name: shop\nscale.users: 2M\nscale:\n  peak_rps: 3k\ndata.queries: [key-lookup, joins]\ndata.transactions: yes\n",
    )
    .unwrap();
    let a = tradeoff(&["ask", "--answers", "answers.yaml"], dir.path());
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    let b = tradeoff(
        &[
            "ask",
            "--set",
            "name=shop",
            "--set",
            "scale.users=2M",
            "--set",
            "scale.peak_rps=3000",
            "--set",
            "data.queries=key-lookup, joins",
            "--set",
            "data.transactions=true",
        ],
        dir.path(),
    );
    assert_eq!(b.status.code(), Some(0), "{}", text(&b.stderr));
    assert_eq!(text(&a.stdout), text(&b.stdout));
    assert!(text(&a.stdout).contains("  transactions: true\n"));
}

#[test]
fn answers_are_checked_like_the_format_checks_them() {
    let dir = tempfile::tempdir().unwrap();
    let o = tradeoff(&["ask", "--set", "scale.peak_rsp=5"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("did you mean `scale.peak_rps`?"),
        "{}",
        text(&o.stderr)
    );
    let o = tradeoff(&["ask", "--set", "availability.target=120%"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("out of range"),
        "{}",
        text(&o.stderr)
    );
    let o = tradeoff(&["ask", "--set", "data.shape=tabular"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("is not one of"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn an_existing_file_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("svc.yaml"), "name: mine\n").unwrap();
    let o = tradeoff(&["ask", "--set", "name=shop", "-o", "svc.yaml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("svc.yaml")).unwrap(),
        "name: mine\n"
    );
    let o = tradeoff(
        &["ask", "--set", "name=shop", "-o", "svc.yaml", "--force"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(std::fs::read_to_string(dir.path().join("svc.yaml"))
        .unwrap()
        .contains("name: shop"));
    // Nothing else is left in the folder (no temporary files).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn the_report_is_written_beside_the_requirements_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let o = tradeoff(
        &[
            "ask",
            "--set",
            "name=shop",
            "-o",
            "svc.yaml",
            "--report",
            "svc.md",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let report = std::fs::read_to_string(dir.path().join("svc.md")).unwrap();
    assert!(report.contains("shop"));
    assert!(dir.path().join("svc.yaml").exists());
}

#[test]
fn without_a_terminal_ask_refuses_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(["ask", "-o", "svc.yaml"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Stdin stays open and empty: a prompt would wait forever. The test harness's
    // own timeout is the only clock here.
    let o = child.wait_with_output_keeping_stdin();
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("--answers") && err.contains("tradeoff advise"),
        "{err}"
    );
    assert!(!dir.path().join("svc.yaml").exists());
}

trait WaitKeepingStdin {
    fn wait_with_output_keeping_stdin(self) -> Output;
}

impl WaitKeepingStdin for std::process::Child {
    fn wait_with_output_keeping_stdin(mut self) -> Output {
        let stdin = self.stdin.take();
        let status = self.wait().unwrap();
        drop(stdin);
        let mut stdout = Vec::new();
        let mut stderr = Vec::new();
        use std::io::Read;
        self.stdout
            .take()
            .unwrap()
            .read_to_end(&mut stdout)
            .unwrap();
        self.stderr
            .take()
            .unwrap()
            .read_to_end(&mut stderr)
            .unwrap();
        Output {
            status,
            stdout,
            stderr,
        }
    }
}
