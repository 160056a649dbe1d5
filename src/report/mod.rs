//! `tradeoff report` and `tradeoff adr`: the design-review document and decision records.

use crate::error::{Error, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `tradeoff report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Requirements file (YAML), or `-` for standard input.
    pub file: PathBuf,
    /// Write the report to this file (atomically; refuses to overwrite without --force).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// A date to print in the report (none by default, so the same inputs give the same bytes).
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Html,
}

/// Arguments of `tradeoff adr`.
#[derive(Args, Debug)]
pub struct AdrArgs {
    /// Requirements file (YAML), or `-` for standard input.
    pub file: PathBuf,
    /// Folder to write one MADR file per decision into.
    #[arg(long, short)]
    pub output: PathBuf,
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

pub fn run_report(_args: ReportArgs, _out: &mut dyn Write) -> Result<i32> {
    Err(Error::input("`tradeoff report` is not implemented yet"))
}

pub fn run_adr(_args: AdrArgs, _out: &mut dyn Write) -> Result<i32> {
    Err(Error::input("`tradeoff adr` is not implemented yet"))
}
