//! Hostile text (issue 9, points 6, 8 and 10): control characters and forged workflow
//! commands in names, keys, file names and acceptance reasons; numbers that two readers
//! read differently; SARIF locations for standard input and odd file names.

mod common;

use common::finish;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn tradeoff(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tradeoff"));
    cmd.args(args)
        .current_dir(dir)
        .env("TRADEOFF_TODAY", "2026-11-28")
        .env("NO_COLOR", "1");
    finish(cmd)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

const FORGED: &str = "::error file=README.md,line=1::FORGED";

/// No raw control character (other than line ends) and no line that user text starts:
/// every line beginning with `::` must be one of ours (`::error file=`, `::warning
/// file=`, `::notice file=`) and must not be the forged one.
fn assert_safe(what: &str, out: &str) {
    for (i, c) in out.char_indices() {
        assert!(
            c == '\n' || !tradeoff::text::is_unsafe(c),
            "{what}: raw U+{:04X} at byte {i}: {:?}",
            c as u32,
            &out[i.saturating_sub(40)..(i + 10).min(out.len())]
        );
    }
    for line in out.lines() {
        let line = line.trim_start();
        assert!(!line.starts_with(FORGED), "{what}: forged line {line:?}");
        if line.starts_with("::") {
            assert!(
                ["::error file=", "::warning file=", "::notice file="]
                    .iter()
                    .any(|p| line.starts_with(p)),
                "{what}: a line starts with user text: {line:?}"
            );
        }
    }
}

/// A requirements file with hostile text in the name, a key, a description and an
/// acceptance reason (YAML escapes, so the file itself is plain ASCII).
const HOSTILE: &str = r#"name: "x\n::error file=README.md,line=1::FORGED\u001b[2J\u0007"
description: "\u001b]0;owned\u0007 text\r\n::error file=README.md,line=1::FORGED"
scale: {users: 5, daily_active_users: 50}
accept:
  - id: active-users-exceed-users
    reason: "ok\n::error file=README.md,line=1::FORGED\u001b[31m"
"#;

const HOSTILE_KEY: &str = "scale:\n  \"u\\u001b[2J\\n::error file=README.md,line=1::FORGED\": 5\n";

#[test]
fn every_text_output_escapes_user_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("h.yaml"), HOSTILE).unwrap();
    std::fs::write(dir.path().join("k.yaml"), HOSTILE_KEY).unwrap();
    std::fs::write(dir.path().join("p.yaml"), "name: plain\n").unwrap();
    for args in [
        vec!["advise", "h.yaml"],
        vec!["advise", "h.yaml", "--format", "markdown"],
        vec!["report", "h.yaml"],
        vec!["report", "h.yaml", "--format", "html"],
        vec!["lint", "h.yaml", "--show-accepted"],
        vec!["lint", "h.yaml", "--show-accepted", "--format", "github"],
        vec!["lint", "k.yaml"],
        vec!["lint", "k.yaml", "--format", "github"],
        vec!["advise", "k.yaml"],
        vec!["ask", "--from", "h.yaml", "--set", "team.engineers=5"],
        vec!["diff", "p.yaml", "h.yaml"],
        vec!["diff", "p.yaml", "h.yaml", "--format", "markdown"],
    ] {
        let o = tradeoff(dir.path(), &args);
        let what = args.join(" ");
        assert!(o.status.code().is_some_and(|c| c <= 2), "{what}");
        assert_safe(&format!("{what} (stdout)"), &text(&o.stdout));
        assert_safe(&format!("{what} (stderr)"), &text(&o.stderr));
    }
    // The escapes are visible, not silently dropped.
    let o = tradeoff(dir.path(), &["advise", "h.yaml"]);
    assert!(
        text(&o.stdout).contains("x\\u{a}::error"),
        "{}",
        text(&o.stdout)
    );
    let o = tradeoff(dir.path(), &["adr", "h.yaml", "-o", "adr"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    for e in std::fs::read_dir(dir.path().join("adr")).unwrap() {
        let body = std::fs::read_to_string(e.unwrap().path()).unwrap();
        assert_safe("adr record", &body);
    }
}

#[test]
fn hostile_file_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\n::error file=README.md,line=1::FORGED\u{1b}[2J.tradeoff.yaml";
    std::fs::write(dir.path().join(name), "scale:\n  usres: 5\n").unwrap();
    for format in ["human", "github", "json", "sarif"] {
        let o = tradeoff(dir.path(), &["lint", ".", "--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", text(&o.stderr));
        assert_safe(format, &text(&o.stdout));
    }
    let o = tradeoff(dir.path(), &["advise", name]);
    assert_eq!(o.status.code(), Some(2));
    assert_safe("advise error", &text(&o.stderr));
    let o = tradeoff(dir.path(), &["lint", "--format", "sarif", "."]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let uri = v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        uri,
        "a%0A%3A%3Aerror%20file%3DREADME.md%2Cline%3D1%3A%3AFORGED%1B%5B2J.tradeoff.yaml"
    );
}

#[test]
fn sarif_from_stdin_has_no_invalid_uri() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(["lint", "-", "--format", "sarif"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"scale:\n  usres: 5\n").unwrap();
    let o = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let typo = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "unknown-field")
        .unwrap_or_else(|| panic!("no unknown-field result: {v}"));
    let loc = &typo["locations"][0]["physicalLocation"];
    assert!(loc["artifactLocation"].get("uri").is_none(), "{loc}");
    assert_eq!(
        loc["artifactLocation"]["description"]["text"],
        "standard input"
    );
    assert_eq!(loc["region"]["startLine"], 2);
}

/// Each document is refused by `advise` (exit 2) and reported as an error by `lint`:
/// one reader, one verdict.
#[test]
fn numbers_and_values_get_one_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("scale:\n  users: 1,5M\n", "`1,5M` is ambiguous"),
        ("scale:\n  users: 0b101\n", "found `0b101`"),
        ("content:\n  media: 'true'\n", "expects boolean"),
        ("name: 5\n", "`name` expects string"),
        ("base: &b {users: 5}\nscale:\n  <<: *b\n", "unknown field"),
        (
            "accept:\n  - {id: caching, reason: x, expires: 2099-02-31}\n",
            "is not a date: `2099-02-31`",
        ),
        (
            "accept:\n  - {id: caching, reason: x, expires: 2027-02-29}\n",
            "is not a date",
        ),
    ];
    for (doc, expected) in cases {
        std::fs::write(dir.path().join("n.yaml"), doc).unwrap();
        let o = tradeoff(dir.path(), &["advise", "n.yaml"]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "advise accepted {doc:?}");
        assert!(err.contains(expected), "advise on {doc:?}: {err}");
        let o = tradeoff(dir.path(), &["lint", "n.yaml"]);
        assert_eq!(o.status.code(), Some(1), "lint on {doc:?}");
        assert!(
            text(&o.stdout).contains(expected),
            "lint on {doc:?}: {}",
            text(&o.stdout)
        );
    }
    // Thousands separators and leap days stay fine.
    let doc =
        "scale:\n  users: 1,500,000\naccept:\n  - {id: caching, reason: x, expires: 2028-02-29}\n";
    std::fs::write(dir.path().join("n.yaml"), doc).unwrap();
    assert_eq!(
        tradeoff(dir.path(), &["advise", "n.yaml"]).status.code(),
        Some(0)
    );
}

#[test]
fn names_and_texts_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let doc = format!("name: {}\n", "n".repeat(201));
    std::fs::write(dir.path().join("n.yaml"), doc).unwrap();
    let o = tradeoff(dir.path(), &["adr", "n.yaml", "-o", "adr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("`name` is 201 characters long; at most 200"));
    assert!(!dir.path().join("adr").exists());
    let o = tradeoff(dir.path(), &["lint", "n.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    let doc = format!("description: {}\n", "d".repeat(2_001));
    std::fs::write(dir.path().join("n.yaml"), doc).unwrap();
    assert_eq!(
        tradeoff(dir.path(), &["report", "n.yaml"]).status.code(),
        Some(2)
    );
}
