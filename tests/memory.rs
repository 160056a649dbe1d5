//! The README's promise that `lint` keeps memory flat in the number of files, measured:
//! the peak resident memory of linting 60 files with 5,000 findings each stays close
//! to that of linting one such file. (Before the per-file cap every finding of a batch
//! was kept and rendered at once.) One test per binary: the measure, `getrusage` of the
//! children, is the largest child so far, so the small run goes first.

mod common;

use std::process::Command;

/// Peak resident memory (KB) of the largest child waited for so far.
fn children_peak_kb() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a rusage into the pointer we give it.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    assert_eq!(rc, 0);
    // SAFETY: initialised by the successful call above.
    unsafe { usage.assume_init() }.ru_maxrss
}

fn folder(files: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let doc: String = (0..5_000)
        .map(|i| format!("unknown_key_{i}: 1\n"))
        .collect();
    for i in 0..files {
        std::fs::write(dir.path().join(format!("f{i}.tradeoff.yaml")), &doc).unwrap();
    }
    dir
}

fn lint(dir: &std::path::Path) -> serde_json::Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tradeoff"));
    cmd.args(["lint", ".", "--jobs", "1", "--format", "json"])
        .current_dir(dir);
    let o = common::finish(cmd);
    assert_eq!(o.status.code(), Some(1));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn memory_stays_flat_in_the_number_of_files() {
    let one = folder(1);
    let v = lint(one.path());
    assert_eq!(v["summary"]["errors"], 5_000);
    let single = children_peak_kb();
    let many = folder(60);
    let v = lint(many.path());
    assert_eq!(v["summary"]["errors"], 300_000);
    assert_eq!(v["summary"]["not_shown"], 294_000);
    let batch = children_peak_kb();
    eprintln!("peak RSS: 1 file {single} KB, 60 files {batch} KB");
    assert!(
        batch < single * 3 / 2 + 16 * 1024,
        "memory grew with the number of files: 1 file {single} KB, 60 files {batch} KB"
    );
}
