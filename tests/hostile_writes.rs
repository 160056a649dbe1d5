//! Writes under attack (issue 9, points 5 and 9): links planted at the output path, two
//! runs racing for one file, a signal in the middle of a write, and `adr` facing a link
//! to a device where a record should be. "Never overwrites without --force" is tested here.

mod common;

use common::finish;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output};

fn tradeoff(dir: &Path, args: &[&str]) -> Output {
    finish(command(dir, args))
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tradeoff"));
    cmd.args(args).current_dir(dir).env_remove("TRADEOFF_FAULT");
    cmd
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("svc.yaml"), "scale: {users: 50k}\n").unwrap();
    std::fs::write(dir.path().join("victim.txt"), "precious").unwrap();
    dir
}

/// Names in the folder other than the ones the test made: temp files left behind.
fn leftovers(dir: &Path, known: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| !known.contains(&n.as_str()))
        .collect()
}

#[test]
fn a_link_at_the_output_path_is_never_written_through() {
    let dir = setup();
    let p = dir.path();
    symlink(p.join("victim.txt"), p.join("out.md")).unwrap();
    symlink(p.join("nowhere.txt"), p.join("dangling.md")).unwrap();
    for out in ["out.md", "dangling.md"] {
        let o = tradeoff(p, &["report", "svc.yaml", "-o", out]);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(
            text(&o.stderr).contains("symbolic link"),
            "{}",
            text(&o.stderr)
        );
    }
    assert_eq!(
        std::fs::read_to_string(p.join("victim.txt")).unwrap(),
        "precious"
    );
    assert!(!p.join("nowhere.txt").exists());
    // --force replaces the link itself, never the file it points to.
    let o = tradeoff(p, &["report", "svc.yaml", "-o", "out.md", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(p.join("victim.txt")).unwrap(),
        "precious"
    );
    assert!(std::fs::read_to_string(p.join("out.md"))
        .unwrap()
        .starts_with("# Design review"));
    let known = ["svc.yaml", "victim.txt", "out.md", "dangling.md"];
    assert!(
        leftovers(p, &known).is_empty(),
        "{:?}",
        leftovers(p, &known)
    );
}

#[test]
fn racing_runs_never_both_write_the_same_file() {
    for round in 0..5 {
        let dir = setup();
        let p = dir.path();
        let children: Vec<_> = (0..3)
            .map(|_| {
                command(p, &["report", "svc.yaml", "-o", "same.md"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let codes: Vec<i32> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
            .collect();
        assert_eq!(
            codes.iter().filter(|c| **c == 0).count(),
            1,
            "round {round}: {codes:?}"
        );
        assert!(codes.iter().all(|c| *c == 0 || *c == 2), "{codes:?}");
        let known = ["svc.yaml", "victim.txt", "same.md"];
        assert!(
            leftovers(p, &known).is_empty(),
            "{:?}",
            leftovers(p, &known)
        );
    }
}

#[test]
fn a_signal_during_the_write_leaves_no_temp_file() {
    let dir = setup();
    let p = dir.path();
    let mut cmd = command(p, &["report", "svc.yaml", "-o", "out.md"]);
    cmd.env("TRADEOFF_FAULT", "signal-during-write");
    let o = finish(cmd);
    assert_eq!(o.status.code(), Some(130), "{}", text(&o.stderr));
    let known = ["svc.yaml", "victim.txt"];
    assert!(
        leftovers(p, &known).is_empty(),
        "{:?}",
        leftovers(p, &known)
    );
}

#[test]
fn adr_never_reads_or_follows_a_link_to_a_device() {
    let dir = setup();
    let p = dir.path();
    std::fs::create_dir(p.join("adr")).unwrap();
    symlink("/dev/zero", p.join("adr/0001-scaling.md")).unwrap();
    symlink(p.join("victim.txt"), p.join("adr/0002-service-state.md")).unwrap();
    let o = tradeoff(p, &["adr", "svc.yaml", "-o", "adr"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains(
            "kept (not a regular file: a link or a device; not followed) adr/0001-scaling.md"
        ),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(p.join("victim.txt")).unwrap(),
        "precious"
    );
    assert!(out.contains("created   adr/0003-"), "{out}");
}
