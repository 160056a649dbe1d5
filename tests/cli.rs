//! The binary's exit codes and messages.

use std::process::{Command, Output, Stdio};

fn tradeoff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn advise_succeeds_on_an_example() {
    let o = tradeoff(&["advise", "examples/ecommerce.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Architecture advice for shop"));
}

#[test]
fn advise_reads_stdin() {
    let o = with_stdin(&["advise", "-", "--format", "json"], "scale: {users: 1M}\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["decisions"].as_array().unwrap().len(), 23);
}

#[test]
fn missing_file_is_exit_2() {
    let o = tradeoff(&["advise", "no/such/file.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/file.yaml"));
}

#[test]
fn bad_field_names_file_line_and_field() {
    let o = with_stdin(&["advise", "-"], "scale:\n  users: 10k\n  peak_rsp: 5\n");
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("<stdin>:3:3"), "{e}");
    assert!(e.contains("scale.peak_rsp"), "{e}");
    assert!(e.contains("did you mean `peak_rps`"), "{e}");
}

#[test]
fn out_of_range_value_is_exit_2() {
    let o = with_stdin(&["advise", "-"], "traffic:\n  read_percent: 140%\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("traffic.read_percent"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn syntax_error_points_at_the_real_position() {
    let o = with_stdin(&["advise", "-"], "scale:\n  users: [1, 2\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid YAML"), "{}", stderr(&o));
}

#[test]
fn usage_errors_are_exit_2() {
    assert_eq!(tradeoff(&["advise"]).status.code(), Some(2));
    assert_eq!(tradeoff(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        tradeoff(&["advise", "examples/shop.yaml", "--format", "pdf"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn explain_topic_option_and_unknown() {
    let o = tradeoff(&["explain", "caching"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("cache-aside"));
    assert_eq!(tradeoff(&["explain", "cache-aside"]).status.code(), Some(0));
    let o = tradeoff(&["explain", "cachng"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `caching`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn topics_and_explain_print_json() {
    let book = tradeoff::rules::Rulebook::bundled().unwrap();
    let o = tradeoff(&["topics", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kind"], "topics");
    assert_eq!(v["topics"].as_array().unwrap().len(), book.topics.len());
    for (id, kind) in [
        ("caching", "topic"),
        ("cache-aside", "option"),
        ("caching/write-through", "option"),
        ("decision-drift", "lint"),
        ("lints", "lints"),
    ] {
        let o = tradeoff(&["explain", id, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{id}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["kind"], kind, "{id}");
        assert_eq!(v["version"], 1, "{id}");
    }
    let v: serde_json::Value =
        serde_json::from_slice(&tradeoff(&["explain", "caching", "-f", "json"]).stdout).unwrap();
    assert!(!v["options"][0]["conditions"].as_array().unwrap().is_empty());
    assert_eq!(
        tradeoff(&["explain", "cachng", "--format", "json"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn every_topic_explains_with_tables() {
    let book = tradeoff::rules::Rulebook::bundled().unwrap();
    for t in &book.topics {
        let o = tradeoff(&["explain", &t.id]);
        assert_eq!(o.status.code(), Some(0), "{}", t.id);
        // Not a terminal: tables in plain ASCII, no box drawing.
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("+----"), "{}: no table", t.id);
        assert!(
            !text.contains('┌') && !text.contains('│'),
            "{}: box drawing",
            t.id
        );
    }
}

#[test]
fn rules_test_passes_on_bundled_rules() {
    let o = tradeoff(&["rules", "test"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains(" 0 failed"));
}

#[test]
fn rules_test_fails_with_location_on_a_broken_copy() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let text = std::fs::read_to_string(dir.path().join("caching.yaml")).unwrap();
    std::fs::write(
        dir.path().join("caching.yaml"),
        text.replacen("op: ", "op: greater_", 1),
    )
    .unwrap();
    let o = tradeoff(&["rules", "test", dir.path().to_str().unwrap(), "--alone"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("caching.yaml:") && e.contains("unknown operator"),
        "{e}"
    );

    // A case whose expectation is wrong fails the run with exit 1 and names the case.
    let text = std::fs::read_to_string(src.join("caching.yaml")).unwrap();
    let expect_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("expect:"))
        .unwrap();
    let wrong = format!(
        "{}expect: {}",
        &expect_line[..expect_line.find("expect:").unwrap()],
        "write-behind"
    );
    let wrong = if expect_line.ends_with("write-behind") {
        wrong.replace("write-behind", "none")
    } else {
        wrong
    };
    std::fs::write(
        dir.path().join("caching.yaml"),
        text.replacen(expect_line, &wrong, 1),
    )
    .unwrap();
    let o = tradeoff(&["rules", "test", dir.path().to_str().unwrap(), "--alone"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("FAIL "), "{}", stderr(&o));
}

#[test]
fn schema_topics_completions_version() {
    for args in [
        vec!["schema", "requirements"],
        vec!["schema", "rules"],
        vec!["topics"],
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["--version"],
    ] {
        let o = tradeoff(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn rules_folder_adds_a_topic_without_recompiling() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("observability.yaml"),
        r#"title: Observability
question: How is the system observed?
source: "Blue-Green vs Canary vs Rolling Deployment > Best Practices"
summary: An organisation's own topic.
options:
  - id: basic
    name: Logs and uptime checks
    source: "Blue-Green vs Canary vs Rolling Deployment > Best Practices"
    summary: Start simple.
    base: 1
  - id: full
    name: Metrics, traces and SLO alerts
    source: "Blue-Green vs Canary vs Rolling Deployment > Best Practices"
    summary: Monitor actively.
    conditions:
      - when: {fact: decision.architecture, op: eq, value: microservices}
        weight: 2
        because: Many services need tracing to debug a request.
        source: "Monolithic vs Microservices Architecture > Microservices Architecture"
cases:
  - {name: small, given: {}, expect: basic}
  - {name: big, given: {scale: {users: 40M, peak_rps: 100k}, team: {engineers: 300, teams: 30, ops_maturity: high}}, expect: full}
  - {name: mid, given: {scale: {users: 1k}}, expect: basic}
"#,
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let o = tradeoff(&[
        "advise",
        "examples/social-feed.yaml",
        "--format",
        "json",
        "--rules",
        d,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let obs = v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["topic"] == "observability")
        .unwrap();
    assert_eq!(obs["choice"], "full");
    // 24 topics: the system-wide ones at the top, the per-component ones in each part.
    let per_part = v["components"][0]["decisions"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(v["decisions"].as_array().unwrap().len() + per_part, 24);
    let o = tradeoff(&["rules", "test", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Units people get wrong: a percentage written as a fraction is flagged with the value
/// likely meant (lint and advise), `5M` is refused as a duration, and a growth above
/// 100 % is accepted everywhere, `ask` included.
#[test]
fn units_people_get_wrong() {
    let text = "availability: {target: 0.9995}\ntraffic: {read_percent: 0.92}\n";
    let o = with_stdin(&["lint", "-", "--format", "json"], text);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let helps: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["id"] == "suspicious-quantity")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(helps.len(), 2, "{v}");
    assert!(helps[0].starts_with("did you mean 99.95 %?"), "{helps:?}");
    assert!(helps[1].starts_with("did you mean 92 %?"), "{helps:?}");
    let o = with_stdin(&["advise", "-"], text);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean 99.95 %?"));
    // Written with the sign, a small percentage is meant: no warning.
    let o = with_stdin(&["advise", "-"], "availability: {target: 0.5%}\n");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("did you mean"));
    let o = with_stdin(&["advise", "-"], "latency: {p99: 5M}\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("write `5m` or `5min`"));
    let o = with_stdin(&["lint", "-", "-q"], "scale: {growth_per_year: 200%}\n");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = tradeoff(&[
        "ask",
        "--set",
        "name=x",
        "--set",
        "scale.growth_per_year=200%",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("growth_per_year: 200%"));
}
