//! The committed snapshot against the sources, and damaged snapshots.

use super::*;

/// The committed snapshot is what the bundled sources build today, and reads back
/// whole (UPDATE_SNAPSHOT=1 rewrites it).
#[test]
fn bundled_snapshot_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/bundled.snapshot");
    let built = Rulebook::build(super::super::load::bundled_sources()).unwrap();
    let fresh = write(&built, super::super::load::SOURCES_HASH);
    if std::env::var_os("UPDATE_SNAPSHOT").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "src/rules/bundled.snapshot is out of date with the rules or the code; run \
         `UPDATE_SNAPSHOT=1 cargo test --lib snapshot` and commit it"
    );
    assert!(
        BUNDLED == fresh.as_slice(),
        "the binary embeds an older snapshot; rebuild"
    );
    let back = load().expect("the embedded snapshot reads");
    assert_eq!(write(&back, super::super::load::SOURCES_HASH), fresh);
}

#[test]
fn a_damaged_or_foreign_snapshot_is_not_read() {
    let built = Rulebook::build(super::super::load::bundled_sources()).unwrap();
    let good = write(&built, 7);
    assert!(read(&good, 7).is_some());
    assert!(read(&good, 8).is_none(), "made from other sources");
    assert!(read(&good[..good.len() - 1], 7).is_none(), "cut short");
    let mut longer = good.clone();
    longer.push(0);
    assert!(read(&longer, 7).is_none(), "trailing bytes");
    assert!(read(&good[1..], 7).is_none(), "no magic");
    // Every single-byte change either fails to read or reads into something that
    // writes back differently; none panics.
    for i in (MAGIC.len() + 8..good.len()).step_by(97) {
        let mut bad = good.clone();
        bad[i] ^= 0xff;
        if let Some(b) = read(&bad, 7) {
            assert_ne!(write(&b, 7), good);
        }
    }
}
