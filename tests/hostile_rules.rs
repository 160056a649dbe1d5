//! Hostile rule folders (issue 9, point 7 and the Mermaid part of point 10): a `.yml`
//! file beside a bundled `.yaml`, odd lint file names, unknown `after` topics, huge
//! weights, thousands of options, and a Mermaid directive in an option's name.

mod common;

use common::finish;
use std::path::Path;
use std::process::{Command, Output};

/// Runs tradeoff (a run still going after a generous deadline fails: a hang guard).
fn tradeoff(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tradeoff"));
    cmd.args(args).current_dir(dir);
    finish(cmd)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn bundled(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules")
            .join(name),
    )
    .unwrap()
}

/// A rules folder with `files` (relative path, text).
fn folder(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, body) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    dir
}

#[test]
fn a_yml_file_replaces_the_bundled_yaml_of_the_same_topic() {
    let custom = bundled("caching.yaml").replacen("title: ", "title: Custom ", 1);
    let dir = folder(&[("caching.yml", custom)]);
    let o = tradeoff(dir.path(), &["rules", "test", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // As many topics as bundled: replaced, not added beside.
    let bundled_topics = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            e.path().is_file() && name.ends_with(".yaml") && name != "capacity.yaml"
        })
        .count();
    assert!(
        text(&o.stdout).starts_with(&format!("{bundled_topics} topics")),
        "{}",
        text(&o.stdout)
    );
    let o = tradeoff(dir.path(), &["explain", "caching", "--rules", "."]);
    assert!(text(&o.stdout).contains("Custom"), "{}", text(&o.stdout));
    // Both spellings in one folder are one id defined twice.
    let dir = folder(&[
        ("caching.yml", bundled("caching.yaml")),
        ("caching.yaml", bundled("caching.yaml")),
    ]);
    let o = tradeoff(dir.path(), &["rules", "test", ".", "--alone"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("`caching` is defined twice"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn odd_lint_file_names_are_refused_not_a_panic() {
    let lint = bundled("lints/unknown-field.yaml");
    for name in ["lints/-x.yaml", "lints/x--y.yaml", "lints/x-.yaml"] {
        let dir = folder(&[(name, lint.clone())]);
        std::fs::write(dir.path().join("svc.tradeoff.yaml"), "scale: {users: 5}\n").unwrap();
        let o = tradeoff(
            dir.path(),
            &[
                "lint",
                "svc.tradeoff.yaml",
                "--rules",
                ".",
                "--format",
                "sarif",
            ],
        );
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains("is not an id"), "{err}");
    }
}

#[test]
fn after_names_only_known_topics() {
    let custom = bundled("caching.yaml").replacen("after: [", "after: [databse, ", 1);
    let dir = folder(&[("caching.yaml", custom)]);
    let o = tradeoff(dir.path(), &["rules", "test", "."]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("`after` names unknown topic `databse`")
            && err.contains("did you mean `database`"),
        "{err}"
    );
}

#[test]
fn huge_weights_are_refused() {
    let custom = bundled("caching.yaml").replacen("weight: ", "weight: 1e308 #", 1);
    let dir = folder(&[("caching.yaml", custom)]);
    let o = tradeoff(dir.path(), &["rules", "test", "."]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("weight 1e308 is out of range: at most 1e6"),
        "{err}"
    );
    let custom = bundled("caching.yaml").replacen("weight: ", "weight: .inf #", 1);
    let dir = folder(&[("caching.yaml", custom)]);
    let o = tradeoff(dir.path(), &["rules", "test", "."]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
}

/// A topic of `n` options, each tested against its own threshold (the worst case for
/// flip points), three cases, and the rest declared unreachable.
fn wide_topic(n: usize) -> String {
    let mut o = String::from(
        "title: Wide\nquestion: Which?\nsource: CDN vs Edge Computing\nsummary: wide\noptions:\n",
    );
    for i in 0..n {
        o.push_str(&format!(
            "  - id: o{i}\n    name: Option {i}\n    source: CDN vs Edge Computing\n    summary: s\n    base: {}\n    conditions:\n      - when: {{fact: scale.users, op: gt, value: {}}}\n        weight: 0.001\n        because: b\n        source: CDN vs Edge Computing\n",
            u8::from(i == 0),
            i * 10
        ));
    }
    o.push_str("unreachable:\n");
    for i in 1..n {
        o.push_str(&format!("  - {{option: o{i}, reason: r}}\n"));
    }
    o.push_str("cases:\n");
    for i in 0..3 {
        o.push_str(&format!(
            "  - name: c{i}\n    given: {{scale: {{users: 5}}}}\n    expect: o0\n"
        ));
    }
    o
}

#[test]
fn rules_test_stays_linear_in_options() {
    // Quadratic before (explanations and flip points for every case): 3,000 options took
    // minutes. Deciding alone is linear; this finishes in seconds even unoptimized.
    let dir = folder(&[("wide.yaml", wide_topic(1_500))]);
    let o = tradeoff(dir.path(), &["rules", "test", ".", "--topic", "wide"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("3 passed, 0 failed"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn a_mermaid_directive_in_an_option_name_is_not_honoured() {
    let directive = "%%{init: {'theme': 'dark'}}%%";
    let custom: String = bundled("caching.yaml")
        .lines()
        .map(|l| match l.strip_prefix("    name: ") {
            Some(v) if !v.starts_with(['"', '\'']) => {
                format!("    name: \"{directive} {}\"\n", v.replace('"', "\\\""))
            }
            _ => format!("{l}\n"),
        })
        .collect();
    let dir = folder(&[("caching.yaml", custom)]);
    // The requirements live outside the rules folder (every .yaml there is a topic).
    let req = tempfile::tempdir().unwrap();
    std::fs::write(
        req.path().join("svc.yaml"),
        "scale: {users: 2M, peak_rps: 20k}\ntraffic: {read_percent: 95%}\n",
    )
    .unwrap();
    let rules = dir.path().to_str().unwrap();
    let o = tradeoff(req.path(), &["report", "svc.yaml", "--rules", rules]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let mermaid = out
        .split("```mermaid\n")
        .nth(1)
        .and_then(|m| m.split("```").next())
        .expect("a mermaid block");
    assert!(mermaid.contains("#37;#37;{init"), "{mermaid}");
    assert!(!mermaid.contains("%%"), "{mermaid}");
    let o = tradeoff(
        req.path(),
        &["report", "svc.yaml", "--rules", rules, "--format", "html"],
    );
    let html = text(&o.stdout);
    let source = html
        .split("<code class=\"language-mermaid\">")
        .nth(1)
        .and_then(|m| m.split("</code>").next())
        .expect("the Mermaid source in the HTML");
    assert!(!source.contains("%%"), "{source}");
}
