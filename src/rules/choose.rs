//! The rulebook a command runs with: the bundled rules, plus (or, for `rules
//! test --alone`, instead of them) a folder of the organisation's own, with every
//! loading error reported; commands take it from here, not from the CLI module.

use super::Rulebook;
use crate::error::{Error, Result};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// Loads the rulebook (bundled, plus an optional folder), reporting every error.
pub fn rulebook(dir: Option<&Path>, alone: bool) -> std::result::Result<Rulebook, Vec<Error>> {
    match dir {
        None if alone => Rulebook::bundled_with_cases(),
        None => Rulebook::bundled(),
        Some(d) if alone => Rulebook::from_dir(d),
        Some(d) => Rulebook::with_overrides(d),
    }
}

/// The rulebook for a command: the first error, with a count of the others. The
/// bundled rules are built once per process and kept (never dropped: the process ends).
pub fn load(dir: Option<&Path>) -> Result<Arc<Rulebook>> {
    static BUNDLED: OnceLock<Arc<Rulebook>> = OnceLock::new();
    if dir.is_none() {
        if let Some(book) = BUNDLED.get() {
            return Ok(book.clone());
        }
    }
    let book = Arc::new(rulebook(dir, false).map_err(first_error)?);
    if dir.is_none() {
        return Ok(BUNDLED.get_or_init(|| book).clone());
    }
    Ok(book)
}

fn first_error(errors: Vec<Error>) -> Error {
    {
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
    }
}
