//! The rulebook a command runs with: the bundled rules, plus (or, for `rules
//! test --alone`, instead of them) a folder of the organisation's own, with every
//! loading error reported; commands take it from here, not from the CLI module.

use super::Rulebook;
use crate::error::{Error, Result};
use std::path::Path;

/// Loads the rulebook (bundled, plus an optional folder), reporting every error.
pub fn rulebook(dir: Option<&Path>, alone: bool) -> std::result::Result<Rulebook, Vec<Error>> {
    match dir {
        None if alone => Rulebook::bundled_with_cases(),
        None => Rulebook::bundled(),
        Some(d) if alone => Rulebook::from_dir(d),
        Some(d) => Rulebook::with_overrides(d),
    }
}

/// The rulebook for a command: the first error, with a count of the others.
pub fn load(dir: Option<&Path>) -> Result<Rulebook> {
    rulebook(dir, false).map_err(|errors| {
        let n = errors.len();
        let mut first = errors
            .into_iter()
            .next()
            .unwrap_or_else(|| Error::input("rules failed to load"));
        if n > 1 {
            first.message = format!(
                "{} (and {} more rule errors; run `tradeoff rules test` to see all)",
                first.message,
                n - 1
            );
        }
        first
    })
}
