//! `tradeoff ask`: the interactive questionnaire that writes a requirements file.

use crate::error::{Error, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `tradeoff ask`.
#[derive(Args, Debug)]
pub struct AskArgs {
    /// Write the answers as a requirements file here.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Re-ask with this requirements file's values as defaults (edit mode).
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Answer from a YAML file of `field: value` pairs instead of prompting.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Set one answer, `field=value` (repeatable); with --answers or alone, no prompts.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Also write the design-review report here.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Overwrite existing files without asking.
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

pub fn run(_args: AskArgs, _out: &mut dyn Write, _err: &mut dyn Write) -> Result<i32> {
    Err(Error::input("`tradeoff ask` is not implemented yet"))
}
