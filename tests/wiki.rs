//! The embedded copy of the wiki must match the shared original when it is present.

#[test]
fn embedded_wiki_matches_shared_copy() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/wiki/system-design-fundamentals.md");
    let Ok(original) = std::fs::read_to_string(&shared) else {
        eprintln!("shared wiki not found beside the checkout; skipping the sync check");
        return;
    };
    assert!(
        original == tradeoff::rules::wiki::WIKI,
        "docs/wiki/system-design-fundamentals.md differs from ../shared/wiki; copy the shared wiki over it"
    );
}
