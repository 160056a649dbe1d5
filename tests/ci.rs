//! `tradeoff lint` as CI uses it: the config file (found upward, `--config`,
//! `--no-config`, flags winning, unknown keys located), quiet output, report
//! files, `--exit-zero`, `--exclude`, GitLab Code Quality and JUnit reports, and
//! paths printed alike in every format.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn tradeoff(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(args)
        .current_dir(dir)
        .env("TRADEOFF_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// A project: a warning-only file, a file with an error, and a fixture to exclude.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("svc/deep")).unwrap();
    std::fs::create_dir_all(root.join("fixtures")).unwrap();
    // availability.target as a fraction: a suspicious-quantity warning.
    std::fs::write(
        root.join("svc/tradeoff.yaml"),
        "scale: {users: 10k, peak_rps: 50}\navailability: {target: 0.999}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("svc/deep/api.tradeoff.yaml"),
        "scale: {users: 10k, peak_rps: 50, usres: 3}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("fixtures/bad.tradeoff.yaml"),
        "scale: {users: -1}\n",
    )
    .unwrap();
    dir
}

#[test]
fn the_config_file_is_found_upward_and_flags_win() {
    let dir = project();
    let root = dir.path();
    // Without a config: both errors fail the run.
    let o = tradeoff(root, &["lint", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    std::fs::write(
        root.join("tradeoff.toml"),
        "[lint]\nfail-on = \"warning\"\nallow = [\"unknown-field\"]\nexclude = [\"fixtures\"]\n",
    )
    .unwrap();
    // Run from a subfolder: the file above is found; the fixture is excluded,
    // the unknown field allowed, and the warning fails the run.
    let o = tradeoff(&root.join("svc/deep"), &["lint", "..", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"unknown-field"), "{ids:?}");
    assert!(ids.contains(&"suspicious-quantity"), "{ids:?}");
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(o.status.code(), Some(1));
    // A flag wins over the file.
    let o = tradeoff(root, &["lint", "--fail-on", "error", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = tradeoff(
        root,
        &["lint", "--deny", "unknown-field", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    // --no-config ignores it; --config names another.
    let o = tradeoff(root, &["lint", "--no-config", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 3);
    std::fs::write(root.join("other.toml"), "[lint]\nexclude = [\"svc\"]\n").unwrap();
    let o = tradeoff(
        root,
        &["lint", "--config", "other.toml", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 1);
    // .tradeoff.toml works too.
    std::fs::remove_file(root.join("tradeoff.toml")).unwrap();
    std::fs::write(root.join(".tradeoff.toml"), "[lint]\nexclude = [\"svc\"]\n").unwrap();
    let o = tradeoff(root, &["lint", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["files"], 1);
}

#[test]
fn a_bad_config_is_located_with_a_did_you_mean() {
    let dir = project();
    std::fs::write(
        dir.path().join("tradeoff.toml"),
        "[lint]\ndeny = []\nfail_on = \"warning\"\n",
    )
    .unwrap();
    let o = tradeoff(dir.path(), &["lint"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("tradeoff.toml:3:1: `lint.fail_on`: unknown key `fail_on`")
            && e.contains("did you mean `fail-on`?"),
        "{e}"
    );
    // Commands that do not read the config are not stopped by it.
    assert_eq!(
        tradeoff(dir.path(), &["schema", "config"]).status.code(),
        Some(0)
    );
    // An unknown lint id in the file is a usage error too.
    std::fs::write(
        dir.path().join("tradeoff.toml"),
        "[lint]\nallow = [\"unknown-feild\"]\n",
    )
    .unwrap();
    let e = stderr(&tradeoff(dir.path(), &["lint"]));
    assert!(e.contains("did you mean `unknown-field`?"), "{e}");
}

#[test]
fn rules_dir_from_the_config_applies_to_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("design-rules")).unwrap();
    // A broken rule file: every command that loads rules must report it.
    std::fs::write(root.join("design-rules/caching.yaml"), "title: [\n").unwrap();
    std::fs::write(
        root.join("tradeoff.toml"),
        "[rules]\ndir = \"design-rules\"\n",
    )
    .unwrap();
    std::fs::write(root.join("svc.yaml"), "scale: {users: 5k}\n").unwrap();
    for args in [
        &["advise", "svc.yaml"][..],
        &["topics"],
        &["lint", "svc.yaml"],
    ] {
        let o = tradeoff(root, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("caching.yaml"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert_eq!(
        tradeoff(root, &["--no-config", "advise", "svc.yaml"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn quiet_exit_zero_and_output_file() {
    let dir = project();
    let root = dir.path();
    let o = tradeoff(root, &["lint", "--quiet"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.contains("error[unknown-field]"), "{out}");
    assert!(
        !out.contains("warning[") && !out.contains("checked"),
        "{out}"
    );
    let o = tradeoff(root, &["lint", "--exit-zero"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("error[unknown-field]"));
    // A usage error still exits 2.
    assert_eq!(
        tradeoff(root, &["lint", "--exit-zero", "nope"])
            .status
            .code(),
        Some(2)
    );
    let o = tradeoff(
        root,
        &["lint", "--format", "sarif", "--output-file", "out.sarif"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    // Never replaced without --force.
    let o = tradeoff(root, &["lint", "--output-file", "out.sarif"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    let o = tradeoff(root, &["lint", "--output-file", "out.sarif", "--force"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(std::fs::read_to_string(root.join("out.sarif"))
        .unwrap()
        .contains("checked"));
}

#[test]
fn gitlab_code_quality_report() {
    let dir = project();
    let o = tradeoff(dir.path(), &["lint", "--format", "gitlab"]);
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!issues.is_empty());
    let mut prints = std::collections::BTreeSet::new();
    for i in &issues {
        // The fields GitLab requires, with its severity names.
        assert!(
            i["description"].as_str().is_some_and(|s| !s.is_empty()),
            "{i}"
        );
        assert!(i["check_name"].is_string(), "{i}");
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap()),
            "{i}"
        );
        assert!(
            i["location"]["lines"]["begin"].as_u64().unwrap() >= 1,
            "{i}"
        );
        assert!(!i["location"]["path"].as_str().unwrap().starts_with("./"));
        let fp = i["fingerprint"].as_str().unwrap();
        assert_eq!(fp.len(), 32);
        assert!(prints.insert(fp.to_string()), "fingerprints are unique");
    }
    let typo = issues
        .iter()
        .find(|i| i["check_name"] == "unknown-field")
        .unwrap();
    assert_eq!(typo["severity"], "major");
    assert_eq!(typo["location"]["path"], "svc/deep/api.tradeoff.yaml");
    // Fingerprints do not depend on the line: a blank line above keeps them.
    let file = dir.path().join("svc/deep/api.tradeoff.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("\n\n{text}")).unwrap();
    let again: Vec<serde_json::Value> =
        serde_json::from_slice(&tradeoff(dir.path(), &["lint", "--format", "gitlab"]).stdout)
            .unwrap();
    let moved = again
        .iter()
        .find(|i| i["check_name"] == "unknown-field")
        .unwrap();
    assert_eq!(moved["fingerprint"], typo["fingerprint"]);
    assert_ne!(
        moved["location"]["lines"]["begin"],
        typo["location"]["lines"]["begin"]
    );
    // Nothing found: an empty array.
    let clean = tempfile::tempdir().unwrap();
    std::fs::write(clean.path().join("tradeoff.yaml"), "scale: {users: 10k}\n").unwrap();
    let o = tradeoff(clean.path(), &["lint", "--format", "gitlab"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn junit_report_is_well_formed_xml_with_one_case_per_file() {
    let dir = project();
    // Markup and control characters in a message must not break the XML.
    std::fs::write(
        dir.path().join("svc/x.tradeoff.yaml"),
        "decisions: {\"<b>&\\u0001\": x}\n",
    )
    .unwrap();
    let o = tradeoff(dir.path(), &["lint", "--format", "junit"]);
    let xml = stdout(&o);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("4"));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 4);
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .map(|c| c.attribute("name").unwrap())
        .collect();
    assert_eq!(
        suite.attribute("failures"),
        Some(failed.len().to_string().as_str())
    );
    assert!(failed.contains(&"svc/deep/api.tradeoff.yaml"), "{failed:?}");
    assert!(
        !failed.contains(&"svc/tradeoff.yaml"),
        "a warning does not fail: {failed:?}"
    );
    assert!(xml.contains("&lt;b&gt;&amp;"), "{xml}");
}

#[test]
fn paths_are_printed_alike_in_every_format() {
    let dir = project();
    let want = "svc/deep/api.tradeoff.yaml";
    for format in ["human", "json", "sarif", "github", "gitlab", "junit"] {
        let out = stdout(&tradeoff(dir.path(), &["lint", ".", "--format", format]));
        assert!(out.contains(want), "{format}: {out}");
        assert!(!out.contains("./svc"), "{format}: {out}");
    }
}

#[test]
fn an_empty_search_warns_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("service.yaml"), "scale: {users: 1k}\n").unwrap();
    // No path: the working directory is searched; finding nothing is a warning.
    let o = tradeoff(dir.path(), &["lint"]);
    assert_eq!(o.status.code(), Some(0));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("no requirements files found") && e.contains("*.tradeoff.yaml"),
        "{e}"
    );
    assert!(stdout(&o).contains("0 files checked"));
    // A folder named on the command line that holds none: a misnamed file must not pass.
    let o = tradeoff(dir.path(), &["lint", "."]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("no requirements files in .") && e.contains("--glob"),
        "{e}"
    );
    // With name patterns chosen, an empty folder is only a warning.
    let o = tradeoff(dir.path(), &["lint", ".", "--glob", "*.json"]);
    assert_eq!(o.status.code(), Some(0));
    // A folder whose file is named on the command line beside it holds that file.
    for args in [["lint", "service.yaml", "."], ["lint", ".", "service.yaml"]] {
        let o = tradeoff(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(stdout(&o).contains("1 file checked"), "{args:?}");
    }
    // Standard input is inside no folder.
    std::fs::remove_file(dir.path().join("service.yaml")).unwrap();
    let o = tradeoff(dir.path(), &["lint", "-", "."]);
    assert_eq!(o.status.code(), Some(2));
}
