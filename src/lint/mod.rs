//! `tradeoff lint`: requirements files checked in CI, as located diagnostics.

use crate::error::{Error, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `tradeoff lint`.
#[derive(Args, Debug)]
pub struct LintArgs {
    /// Files, folders (searched recursively) or `-` for standard input.
    pub paths: Vec<PathBuf>,
}

pub fn run(_args: LintArgs, _out: &mut dyn Write, _err: &mut dyn Write) -> Result<i32> {
    Err(Error::input("`tradeoff lint` is not implemented yet"))
}
