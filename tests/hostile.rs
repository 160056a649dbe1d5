//! Hostile input: every class gets a located finding from `lint` (or passes when it is
//! valid YAML after all) and exit 2 from `advise`, never a panic. Timing is measured by
//! scripts/bench-lint.sh, not asserted here.

use std::process::{Command, Output, Stdio};

fn run(args: &[&str], bytes: &[u8]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("svc.tradeoff.yaml");
    std::fs::write(&path, bytes).unwrap();
    let mut full: Vec<&str> = args.to_vec();
    let p = path.to_str().unwrap().to_string();
    full.push(&p);
    Command::new(env!("CARGO_BIN_EXE_tradeoff"))
        .args(&full)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Lints `bytes`; returns (exit code, ids found, first finding's line).
fn lint(bytes: &[u8]) -> (i32, Vec<String>, u64) {
    let o = run(&["lint", "--format", "json"], bytes);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    // Errors first: the other findings of a file are still reported after one.
    let mut diags = v["diagnostics"].as_array().unwrap().clone();
    diags.sort_by_key(|d| d["severity"] != "error");
    let ids = diags
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    let line = diags
        .first()
        .map_or(0, |d| d["span"]["line"].as_u64().unwrap());
    (o.status.code().unwrap(), ids, line)
}

fn advise_code(bytes: &[u8]) -> i32 {
    let o = run(&["advise"], bytes);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    o.status.code().unwrap()
}

/// A class of bad input that both commands must reject.
fn rejected(bytes: &[u8], id: &str, line: u64) {
    let (code, ids, at) = lint(bytes);
    assert_eq!(code, 1, "lint exit code for {id}: {ids:?}");
    assert_eq!(ids.first().map(String::as_str), Some(id), "{ids:?}");
    assert_eq!(at, line, "{id} reported at line {at}");
    assert_eq!(
        advise_code(bytes),
        2,
        "advise must refuse input that lint reports as {id}"
    );
}

#[test]
fn empty_and_comment_only_files() {
    rejected(b"", "unreadable-file", 1);
    rejected(b"# just a comment\n# and another\n", "unreadable-file", 1);
}

#[test]
fn non_mapping_roots() {
    rejected(b"- a\n- b\n", "invalid-type", 1);
    rejected(b"just text\n", "invalid-type", 1);
}

#[test]
fn binary_nul_and_invalid_utf8() {
    rejected(
        &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13],
        "unreadable-file",
        1,
    );
    rejected(b"scale:\n  users: 5\x00\n", "unreadable-file", 2);
    rejected(b"name: caf\xe9\n", "unreadable-file", 1);
}

#[test]
fn byte_order_mark_and_crlf_are_fine() {
    let (code, ids, _) = lint(b"\xef\xbb\xbfscale:\r\n  users: 300\r\n  peak_rps: 5\r\n");
    assert!(
        !ids.iter()
            .any(|i| i == "yaml-syntax" || i == "unreadable-file"),
        "{ids:?}"
    );
    assert_eq!(code, 0);
    assert_eq!(advise_code(b"\xef\xbb\xbfscale:\r\n  users: 300\r\n"), 0);
    // CRLF keeps line numbers right.
    let (_, ids, line) = lint(b"name: x\r\nscale:\r\n  usres: 5\r\n");
    assert_eq!((ids[0].as_str(), line), ("unknown-field", 3));
}

#[test]
fn tabs_used_for_indentation() {
    rejected(b"scale:\n\tusers: 5\n", "yaml-syntax", 2);
}

#[test]
fn duplicate_keys() {
    rejected(b"scale:\n  users: 5\n  users: 6\n", "duplicate-key", 3);
}

#[test]
fn unterminated_strings_and_flows() {
    // Reported where the quoted scalar starts.
    rejected(
        b"name: \"unterminated\nscale: {users: 5}\n",
        "yaml-syntax",
        1,
    );
    rejected(b"scale: {users: 5\n", "yaml-syntax", 1);
    rejected(b"data:\n  queries: [joins, ranges\n", "yaml-syntax", 2);
}

#[test]
fn alias_bombs() {
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12u8 {
        let (name, prev) = ((b'b' + i) as char, (b'a' + i) as char);
        bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
    }
    let (code, ids, _) = lint(bomb.as_bytes());
    assert_eq!((code, ids[0].as_str()), (1, "yaml-syntax"));
    assert_eq!(advise_code(bomb.as_bytes()), 2);
}

#[test]
fn very_deep_nesting() {
    let deep = "[".repeat(100_000);
    let (code, ids, _) = lint(deep.as_bytes());
    assert_eq!((code, ids[0].as_str()), (1, "yaml-syntax"));
    assert_eq!(advise_code(deep.as_bytes()), 2);
    let deep_maps = "a:\n".to_string()
        + &(1..200)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect::<String>();
    let (code, ids, _) = lint(deep_maps.as_bytes());
    assert_eq!((code, ids[0].as_str()), (1, "yaml-syntax"));
}

#[test]
fn thirty_megabyte_scalar() {
    let mut big = b"name: ".to_vec();
    big.extend(std::iter::repeat_n(b'x', 30 * 1024 * 1024));
    big.push(b'\n');
    rejected(&big, "unreadable-file", 1);
}

#[test]
fn several_documents() {
    rejected(
        b"scale: {users: 5}\n---\nscale: {users: 6}\n",
        "yaml-syntax",
        2,
    );
}

#[test]
fn unknown_tags() {
    rejected(b"scale:\n  users: !bignum 5\n", "yaml-syntax", 2);
}

#[test]
fn nan_infinity_and_huge_integers() {
    rejected(b"scale:\n  peak_rps: .nan\n", "invalid-value", 2);
    rejected(b"scale:\n  peak_rps: -.inf\n", "invalid-value", 2);
    rejected(
        b"scale:\n  users: 123456789012345678901234567890123456789\n",
        "invalid-value",
        2,
    );
}
