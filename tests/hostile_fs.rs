//! `tradeoff lint` against the file system and its own workers (issue 9): a BOM file with
//! a whole-file finding, a panic in a worker, symlink loops, FIFOs and devices inside
//! folders, unreadable folders, absurd `--jobs`, and files with thousands of findings.
//! Every run is watched by a deadline so a regression fails instead of hanging.

mod common;

use common::{finish, try_finish};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn lint(dir: &Path, args: &[&str]) -> Output {
    lint_with(env!("CARGO_BIN_EXE_tradeoff"), dir, args, |_| {})
}

fn lint_with(bin: &str, dir: &Path, args: &[&str], setup: impl FnOnce(&mut Command)) -> Output {
    finish(lint_command(bin, dir, args, setup))
}

fn lint_command(bin: &str, dir: &Path, args: &[&str], setup: impl FnOnce(&mut Command)) -> Command {
    let mut cmd = Command::new(bin);
    cmd.arg("lint")
        .args(args)
        .current_dir(dir)
        .env("TRADEOFF_TODAY", "2026-11-28")
        .env_remove("TRADEOFF_FAULT");
    setup(&mut cmd);
    cmd
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

/// One error (daily actives over users) and the whole-file `defaulted-input` infos.
const ONE_ERROR: &[u8] = b"scale: {users: 5, daily_active_users: 50}\n";

fn bom(bytes: &[u8]) -> Vec<u8> {
    [b"\xef\xbb\xbf".as_slice(), bytes].concat()
}

#[test]
fn a_bom_file_with_a_whole_file_finding_keeps_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.tradeoff.yaml"), bom(ONE_ERROR)).unwrap();
    std::fs::write(dir.path().join("y.tradeoff.yaml"), ONE_ERROR).unwrap();
    // The repro of the issue: it printed "0 errors" and exited 0.
    let o = lint(dir.path(), &["x.tradeoff.yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("1 file checked: 1 error"));
    assert!(!text(&o.stderr).contains("panicked"), "{}", text(&o.stderr));
    // With one worker a BOM file wiped the findings of every other file in the batch.
    let o = lint(dir.path(), &[".", "--jobs", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("2 files checked: 2 errors"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn a_panic_in_a_worker_fails_the_run_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c"] {
        std::fs::write(dir.path().join(format!("{name}.tradeoff.yaml")), ONE_ERROR).unwrap();
    }
    for jobs in ["1", "2"] {
        let fault = |c: &mut Command| {
            c.env("TRADEOFF_FAULT", "panic:b.tradeoff.yaml");
        };
        let bin = env!("CARGO_BIN_EXE_tradeoff");
        let o = lint_with(bin, dir.path(), &[".", "--jobs", jobs], fault);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
        let err = text(&o.stderr);
        assert!(
            err.contains("error: b.tradeoff.yaml: internal error"),
            "{err}"
        );
        let out = text(&o.stdout);
        // The other files' findings are all there.
        assert!(out.contains("3 files checked: 2 errors"), "{out}");
        assert!(out.contains("1 file could not be checked"), "{out}");
        let o = lint_with(
            bin,
            dir.path(),
            &[".", "--jobs", jobs, "--format", "json"],
            fault,
        );
        assert_eq!(o.status.code(), Some(2));
        let v = json(&o);
        assert_eq!(v["summary"]["failed"], 1);
        assert_eq!(v["summary"]["errors"], 2);
        let o = lint_with(bin, dir.path(), &[".", "--format", "sarif"], fault);
        let v = json(&o);
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false, "{inv}");
    }
}

#[test]
fn absurd_job_counts_are_clamped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tradeoff.yaml"), ONE_ERROR).unwrap();
    for jobs in ["0", "100000", "18446744073709551615"] {
        let o = lint(dir.path(), &[".", "--jobs", jobs]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "--jobs {jobs}: {}",
            text(&o.stderr)
        );
        assert!(text(&o.stdout).contains("1 file checked: 1 error"));
    }
}

/// The folder of the "done when": a symlink loop, a FIFO, a device, a folder
/// the linting user cannot read, and a BOM file, beside a plain file.
fn hostile_folder() -> tempfile::TempDir {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(p.join("a.tradeoff.yaml"), ONE_ERROR).unwrap();
    std::fs::write(p.join("bom.tradeoff.yaml"), bom(ONE_ERROR)).unwrap();
    symlink(".", p.join("s1")).unwrap();
    symlink(".", p.join("s2")).unwrap();
    symlink("/dev/zero", p.join("zero.tradeoff.yaml")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(p.join("fifo.tradeoff.yaml"))
        .status()
        .unwrap();
    assert!(fifo.success());
    std::fs::create_dir(p.join("locked")).unwrap();
    std::fs::write(p.join("locked/c.tradeoff.yaml"), ONE_ERROR).unwrap();
    std::fs::set_permissions(p.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    dir
}

/// Checks one run over the hostile folder. `locked_readable`: whether this user can
/// read the 000 folder (root can).
fn check_hostile_run(o: &Output, locked_readable: bool) {
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("skipped fifo.tradeoff.yaml: a FIFO"), "{err}");
    assert!(
        err.contains("skipped zero.tradeoff.yaml: a character device"),
        "{err}"
    );
    let v = json(o);
    let files: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    // Each real file once, whatever the links: a.tradeoff.yaml, the BOM file, and the
    // locked folder (its file, or the folder itself as unreadable).
    assert_eq!(v["summary"]["files"], 3, "{files:?}");
    assert_eq!(v["summary"]["errors"], 3, "{files:?}");
    assert!(files.contains(&"a.tradeoff.yaml") && files.contains(&"bom.tradeoff.yaml"));
    if locked_readable {
        assert!(files.contains(&"locked/c.tradeoff.yaml"), "{files:?}");
    } else {
        let locked = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == "locked")
            .unwrap_or_else(|| panic!("no finding for the locked folder: {files:?}"));
        assert_eq!(locked["id"], "unreadable-file");
        assert!(locked["message"]
            .as_str()
            .unwrap()
            .contains("Permission denied"));
    }
}

#[test]
fn a_folder_of_traps_is_linted_once_per_real_file_without_hanging() {
    let dir = hostile_folder();
    let args = [".", "--format", "json", "--allow", "defaulted-input"];
    let readable = std::fs::read_dir(dir.path().join("locked")).is_ok();
    if readable {
        // Root reads a 000 folder: its file is linted like any other. Said past the
        // harness's capture, where a user sees it.
        let _ = writeln!(
            std::io::stderr(),
            "note: running as root, so the 000 folder is readable; asserting that it is linted, and the unreadable case runs as user nobody"
        );
    }
    check_hostile_run(&lint(dir.path(), &args), readable);
    if !readable {
        return;
    }
    // As root, run the same lint as an unprivileged user (a copy of the binary in the
    // world-readable folder, so nobody can run it), to test the unreadable folder too.
    use std::os::unix::process::CommandExt;
    let bin = dir.path().join("tradeoff-bin");
    std::fs::copy(env!("CARGO_BIN_EXE_tradeoff"), &bin).unwrap();
    let cmd = lint_command(bin.to_str().unwrap(), dir.path(), &args, |c| {
        c.uid(65534).gid(65534);
    });
    match try_finish(cmd) {
        Ok(o) => check_hostile_run(&o, false),
        Err(e) => {
            // The issue asks for the permission part to be skipped when running as root
            // (and to say so); root cannot be refused a read, so this skip is no CI failure.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: the unreadable-folder case: running as root and cannot run lint as user nobody here ({e})"
            );
        }
    }
}

/// A folder named on the command line whose only entry is a FIFO is refused (exit 2),
/// and the skipped FIFO is said first: it is why nothing was found.
#[test]
fn a_folder_holding_only_a_fifo_is_refused_and_the_fifo_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("only")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(dir.path().join("only/x.tradeoff.yaml"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let o = lint(dir.path(), &["only"]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let warned = err.find("warning: skipped only/x.tradeoff.yaml: a FIFO");
    let refused = err.find("error: no requirements files in only");
    assert!(warned.is_some() && warned < refused, "{err}");
}

/// A file reached by a second name (a hard link, a link to it, or named twice on the
/// command line) is one file: it is linted once.
#[test]
fn one_file_under_several_names_is_linted_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.tradeoff.yaml"), ONE_ERROR).unwrap();
    std::fs::hard_link(p.join("a.tradeoff.yaml"), p.join("b.tradeoff.yaml")).unwrap();
    std::os::unix::fs::symlink("a.tradeoff.yaml", p.join("c.tradeoff.yaml")).unwrap();
    let args = [
        ".",
        "a.tradeoff.yaml",
        "--format",
        "json",
        "--allow",
        "defaulted-input",
    ];
    let v = json(&lint(p, &args));
    assert_eq!(v["summary"]["files"], 1, "{v}");
    assert_eq!(v["summary"]["errors"], 1, "{v}");
}

#[test]
fn explicit_paths_that_are_not_files_are_named() {
    let dir = hostile_folder();
    let o = lint(dir.path(), &["fifo.tradeoff.yaml", "--format", "json"]);
    let v = json(&o);
    let m = v["diagnostics"][0]["message"].as_str().unwrap().to_string();
    assert!(
        m.contains("is a FIFO (named pipe), not a regular file"),
        "{m}"
    );
    let o = lint(dir.path(), &["/dev/zero", "--format", "json"]);
    let m = json(&o)["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(m.contains("is a character device"), "{m}");
    assert_eq!(o.status.code(), Some(1));
}

/// 5,000 unknown keys: every one is counted, a hundred are shown, and the rest are
/// announced in every format.
#[test]
fn thousands_of_findings_are_capped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let doc: String = (0..5_000).map(|i| format!("k{i}: 1\n")).collect();
    std::fs::write(dir.path().join("many.tradeoff.yaml"), &doc).unwrap();
    let o = lint(dir.path(), &[".", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 100);
    assert_eq!(v["summary"]["errors"], 5_000);
    assert_eq!(v["summary"]["not_shown"], 4_900);
    let o = lint(dir.path(), &[".", "--color", "never"]);
    let out = text(&o.stdout);
    assert!(
        out.contains(
            "note: many.tradeoff.yaml: 4900 more findings not shown (unknown-field: 4900)"
        ),
        "{}",
        &out[out.len().saturating_sub(600)..]
    );
    assert!(out.contains("1 file checked: 5000 errors, 0 warnings, 0 info, 4900 not shown"));
    let o = lint(dir.path(), &[".", "--format", "github"]);
    let out = text(&o.stdout);
    assert_eq!(out.lines().count(), 101);
    assert!(out
        .lines()
        .last()
        .unwrap()
        .starts_with("::notice file=many.tradeoff.yaml"));
    let o = lint(dir.path(), &[".", "--format", "sarif"]);
    let v = json(&o);
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 100);
    let note = &v["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert!(note["message"]["text"]
        .as_str()
        .unwrap()
        .contains("4900 more"));
    // Allowing the lint drops the counted ones too: the run passes.
    let o = lint(
        dir.path(),
        &[".", "--allow", "unknown-field", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["summary"]["errors"], 0);
}
