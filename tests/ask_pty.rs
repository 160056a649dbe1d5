//! `tradeoff ask` in a real pseudo-terminal: a whole questionnaire answered with
//! arrow keys, space and typing; edit mode with going back and the overwrite
//! question; Ctrl-C and Esc leaving no file and the cursor shown again.
//!
//! Keys are sent only after the question they answer has been printed; the only
//! clock is expectrl's timeout, kept generous.

#![cfg(unix)]

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Any, Eof, Expect, Session};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use tradeoff::ask::questions::{Kind, Questionnaire};
use tradeoff::engine::evaluate;
use tradeoff::requirements::parse_requirements;
use tradeoff::rules::Rulebook;

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";
const SHOW_CURSOR: &str = "\x1b[?25h";
const HIDE_CURSOR: &str = "\x1b[?25l";

struct Run {
    session: OsSession,
    transcript: String,
}

impl Run {
    fn start(args: &[&str], dir: &Path) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tradeoff"));
        cmd.args(args)
            .current_dir(dir)
            .env("TERM", "xterm-256color")
            // Plain text, so what the tests look for is not split by colour codes.
            .env("CLICOLOR", "0")
            .env_remove("CLICOLOR_FORCE");
        let mut session = Session::spawn(cmd).unwrap();
        session.get_process_mut().set_window_size(200, 60).unwrap();
        session.set_expect_timeout(Some(Duration::from_secs(10)));
        Run {
            session,
            transcript: String::new(),
        }
    }

    /// Waits for one of `needles`; returns which, and the text up to and including it.
    fn expect_any(&mut self, needles: &[&str]) -> (usize, String) {
        let found = self.session.expect(Any(needles.to_vec()));
        let c = found.unwrap_or_else(|e| {
            panic!(
                "waiting for {needles:?}: {e}\n--- transcript ---\n{}",
                self.transcript
            )
        });
        let text = String::from_utf8_lossy(c.as_bytes()).to_string();
        self.transcript.push_str(&text);
        let which = needles.iter().position(|n| text.ends_with(n)).unwrap_or(0);
        (which, text)
    }

    fn expect(&mut self, needle: &str) -> String {
        self.expect_any(&[needle]).1
    }

    fn send(&mut self, keys: &str) {
        self.session.send(keys).unwrap();
        self.session.flush().unwrap();
    }

    /// The next question's field and progress, or `None` at the final menu.
    fn next_question(&mut self) -> Option<(String, usize, usize)> {
        let (which, _) = self.expect_any(&["Question ", "What now? ›"]);
        if which == 1 {
            return None;
        }
        let line = self.expect("\n");
        // "3 of 17 · scale.users\r\n"
        let (progress, field) = line.trim().split_once(" · ").unwrap();
        let (k, n) = progress.split_once(" of ").unwrap();
        Some((field.to_string(), k.parse().unwrap(), n.parse().unwrap()))
    }

    /// Reads to the end; returns the exit code.
    fn finish(&mut self) -> i32 {
        if let Ok(c) = self.session.expect(Eof) {
            self.transcript
                .push_str(&String::from_utf8_lossy(c.as_bytes()));
        }
        match self.session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("{other:?}\n{}", self.transcript),
        }
    }
}

fn book() -> Rulebook {
    Rulebook::bundled().unwrap()
}

fn run_scripted(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn a_whole_questionnaire_with_arrows_and_typing_writes_the_file_advise_agrees_with() {
    let book = book();
    let questions = Questionnaire::bundled(&book).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut run = Run::start(&["ask", "-o", "svc.yaml"], dir.path());
    // What to type for some fields; every other question takes Enter (the default).
    let typed: BTreeMap<&str, &str> = [
        ("name", "shop"),
        ("description", "Online store, from a PTY test"),
        ("scale.users", "2M"),
        ("scale.peak_rps", "3k"),
        ("traffic.read_percent", "92%"),
        ("latency.p99", "200ms"),
        ("availability.target", "99.95%"),
    ]
    .into();
    // The answers given, as `--set` would give them, to compare with a scripted run.
    let mut given: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut helped = false;
    let mut flipped = false;
    let mut yes = String::new();
    while let Some((field, k, n)) = run.next_question() {
        assert_eq!(k, seen.len() + 1, "progress of {field}");
        assert!(n >= k, "{k} of {n}");
        seen.push(field.clone());
        let q = questions.get(&field).unwrap();
        match (field.as_str(), q.kind) {
            ("scale.users", _) if !helped => {
                // `?` shows the help text, then the question again.
                run.send(&format!("?{ENTER}"));
                run.expect("Decisions that read it:");
                run.expect("How many users");
                helped = true;
                run.send(&format!("2M{ENTER}"));
                given.push("scale.users=2M".into());
            }
            (f, _) if typed.contains_key(f) => {
                // Typed with a correction: a wrong character, then backspace.
                run.send(&format!("{}x\x7f{ENTER}", typed[f]));
                given.push(format!("{f}={}", typed[f]));
            }
            ("data.queries", Kind::MultiChoice) => {
                // key-lookup is checked by default; add joins (the second item).
                run.expect("traversals");
                run.send(&format!("{DOWN} {ENTER}"));
                given.push("data.queries=key-lookup, joins".into());
            }
            (f, Kind::YesNo) if !flipped && q.default == Some(serde_json::json!(false)) => {
                // The first yes-no question that defaults to no: the cursor starts on
                // "no"; up is "yes".
                run.expect("← back");
                run.send(&format!("{UP}{ENTER}"));
                given.push(format!("{f}=yes"));
                yes = f.to_string();
                flipped = true;
            }
            ("data.shape", Kind::Choice) => {
                run.expect("blobs");
                run.send(ENTER);
            }
            _ => run.send(ENTER),
        }
    }
    for f in ["name", "scale.users", "scale.peak_rps", "data.queries"] {
        assert!(seen.iter().any(|s| s == f), "{f} was not asked: {seen:?}");
    }
    assert!(flipped, "no yes-no question was asked: {seen:?}");
    run.expect("Quit without writing");
    run.send(ENTER);
    run.expect("Wrote svc.yaml.");
    assert_eq!(run.finish(), 0, "{}", run.transcript);

    let path = dir.path().join("svc.yaml");
    let (_, req) = parse_requirements(&path).unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.starts_with("# yaml-language-server: $schema="));
    for line in [
        "name: shop\n",
        "  users: 2M\n",
        "  p99: 200ms\n",
        "  target: 99.95%\n",
    ] {
        // A question is put only while an answer could still change a decision.
        let field = if line.contains("p99") {
            "latency.p99"
        } else if line.contains("target") {
            "availability.target"
        } else {
            ""
        };
        if !field.is_empty() && !seen.iter().any(|s| s == field) {
            continue;
        }
        assert!(written.contains(line), "{line:?} not in\n{written}");
    }
    let (section, key) = yes.split_once('.').unwrap();
    assert!(
        written.contains(&format!("{section}:\n")) && written.contains(&format!("  {key}: true\n")),
        "{yes} not answered yes in\n{written}"
    );
    assert!(written.contains("  queries: [key-lookup, joins]\n"));
    // The recommendation printed is the advice on the written file.
    let advice = evaluate(&book, &req);
    assert!(run.transcript.contains("Recommendation for shop"));
    for d in &advice.decisions {
        assert!(
            run.transcript.contains(&d.choice_name),
            "{} not shown\n{}",
            d.choice_name,
            run.transcript
        );
    }
    // The same answers without a terminal give the same file, byte for byte.
    let mut args = vec!["ask".to_string(), "-o".into(), "scripted.yaml".into()];
    for g in &given {
        args.push("--set".into());
        args.push(g.clone());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run_scripted(&args, dir.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let scripted = std::fs::read_to_string(dir.path().join("scripted.yaml")).unwrap();
    assert_eq!(scripted, written);
}

#[test]
fn edit_mode_shows_the_file_values_goes_back_asks_before_replacing_and_writes_the_report() {
    let book = book();
    let dir = tempfile::tempdir().unwrap();
    let original = format!("{}/examples/ecommerce.yaml", env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(&original, dir.path().join("svc.yaml")).unwrap();
    let mut run = Run::start(&["ask", "--from", "svc.yaml"], dir.path());
    let mut went_back = false;
    let mut users_default = String::new();
    while let Some((field, k, _)) = run.next_question() {
        // The first volume question asked shows the file's value as its default.
        if users_default.is_empty() && (field == "scale.users" || field == "scale.peak_rps") {
            users_default = run.expect("\n");
        }
        if k == 3 && !went_back {
            // Back to question 2 (the description), then on again.
            run.send(&format!("<{ENTER}"));
            let (_, k2, _) = run.next_question().unwrap();
            assert_eq!(k2, 2);
            went_back = true;
        }
        run.send(ENTER);
    }
    assert!(went_back);
    assert!(
        users_default.contains("Enter keeps 900k") || users_default.contains("Enter keeps 3k"),
        "{users_default}"
    );
    // Write with the report, keep the proposed name (the file being edited), and
    // confirm the replacement.
    run.expect("Quit without writing");
    run.send(&format!("{DOWN}{ENTER}"));
    run.expect("(Enter keeps svc.yaml)");
    run.send(ENTER);
    run.expect("svc.yaml exists. Replace it?");
    run.expect("Yes, replace it");
    run.send(&format!("{DOWN}{ENTER}"));
    run.expect("Wrote svc.yaml.");
    run.expect("Wrote svc.md.");
    assert_eq!(run.finish(), 0, "{}", run.transcript);
    let (_, before) = parse_requirements(Path::new(&original)).unwrap();
    let (_, after) = parse_requirements(&dir.path().join("svc.yaml")).unwrap();
    let choices = |r| -> Vec<(String, Vec<String>)> {
        evaluate(&book, r)
            .decisions
            .into_iter()
            .map(|d| (d.choice, d.also))
            .collect()
    };
    assert_eq!(choices(&after), choices(&before));
    assert_eq!(after.decisions, before.decisions);
    assert_eq!(after.name, before.name);
    let report = std::fs::read_to_string(dir.path().join("svc.md")).unwrap();
    assert!(report.contains("shop"), "{report}");
}

#[test]
fn ctrl_c_in_a_menu_leaves_no_file_and_shows_the_cursor_again() {
    let book = book();
    let questions = Questionnaire::bundled(&book).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut run = Run::start(&["ask", "-o", "svc.yaml"], dir.path());
    // Enter through the typed questions up to the first menu (which hides the cursor).
    loop {
        let (field, _, _) = run.next_question().expect("a menu question comes up");
        if matches!(
            questions.get(&field).unwrap().kind,
            Kind::Choice | Kind::YesNo | Kind::MultiChoice
        ) {
            break;
        }
        run.send(ENTER);
    }
    run.expect(HIDE_CURSOR);
    run.expect("← back");
    run.send("\x03");
    assert_eq!(run.finish(), 130, "{}", run.transcript);
    let after = run
        .transcript
        .rsplit_once("← back")
        .map(|(_, tail)| tail.to_string())
        .unwrap_or_default();
    assert!(
        after.contains(SHOW_CURSOR),
        "cursor not shown again: {after:?}"
    );
    assert!(!dir.path().join("svc.yaml").exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn esc_quits_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let mut run = Run::start(&["ask", "-o", "svc.yaml"], dir.path());
    let (field, _, _) = run.next_question().unwrap();
    assert_eq!(field, "name");
    run.send(&format!("shop{ENTER}"));
    run.next_question().unwrap();
    run.expect("›");
    run.send("\x1b");
    run.expect("cancelled: nothing was written");
    assert_eq!(run.finish(), 130, "{}", run.transcript);
    assert!(run.transcript.contains(SHOW_CURSOR));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn change_answers_goes_through_the_questions_again_and_quit_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let from = format!("{}/examples/internal-tool.yaml", env!("CARGO_MANIFEST_DIR"));
    let mut run = Run::start(&["ask", "--from", &from, "-o", "svc.yaml"], dir.path());
    let mut rounds = 0;
    loop {
        while let Some((field, _, _)) = run.next_question() {
            if field == "name" {
                // The file's value is the default the second time too.
                assert!(run.expect("\n").contains("Enter keeps expense-approvals"));
            }
            run.send(ENTER);
        }
        rounds += 1;
        run.expect("Quit without writing");
        if rounds == 2 {
            break;
        }
        // Change answers is the third entry.
        run.send(&format!("{DOWN}{DOWN}{ENTER}"));
    }
    // Up from the first entry wraps to the last: quit.
    run.send(&format!("{UP}{ENTER}"));
    run.expect("Nothing written.");
    assert_eq!(run.finish(), 0, "{}", run.transcript);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_part_added_from_the_menu_is_asked_shown_and_written_with_only_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let from = format!("{}/examples/internal-tool.yaml", env!("CARGO_MANIFEST_DIR"));
    let mut run = Run::start(&["ask", "--from", &from, "-o", "svc.yaml"], dir.path());
    while run.next_question().is_some() {
        run.send(ENTER);
    }
    // Write, write with report, change answers, then the entry that adds a part.
    run.expect("Add a part of the system whose needs differ");
    run.expect("Quit without writing");
    run.send(&format!("{DOWN}{DOWN}{DOWN}{ENTER}"));
    run.expect("What is the part called?");
    run.send(&format!("Reports{ENTER}"));
    run.expect("lowercase kebab-case");
    run.send(&format!("reports{ENTER}"));
    let mut asked = Vec::new();
    while let Some((field, _, _)) = run.next_question() {
        let reply = match field.as_str() {
            "description" => "monthly exports",
            "share" => "10%",
            "data.size" => "5TB",
            _ => "",
        };
        asked.push(field);
        run.send(&format!("{reply}{ENTER}"));
    }
    assert_eq!(
        &asked[..3],
        ["description", "share", "traffic.read_percent"]
    );
    // The summary now has a column for the part; write the file.
    assert!(
        run.transcript
            .contains("Decided for each part of the system"),
        "{}",
        run.transcript
    );
    run.expect("Quit without writing");
    run.send(ENTER);
    run.expect("Wrote svc.yaml.");
    assert_eq!(run.finish(), 0, "{}", run.transcript);
    let written = std::fs::read_to_string(dir.path().join("svc.yaml")).unwrap();
    let tail = &written[written.find("\ncomponents:\n").expect(&written)..];
    assert_eq!(
        tail,
        "\ncomponents:\n  - name: reports\n    description: monthly exports\n    share: 10%\n    data:\n      size: 5TB\n"
    );
    let (_, req) = parse_requirements(&dir.path().join("svc.yaml")).unwrap();
    let a = evaluate(&book(), &req);
    assert_eq!(a.components.len(), 1);
    assert_eq!(a.components[0].name, "reports");
}
