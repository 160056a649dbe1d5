//! `tradeoff diff OLD NEW`: what a change to a requirements file changes in the
//! design, for a pull-request reviewer. Each side is a path, `-`, or `REV:PATH`
//! read through `git show` (a file missing at REV counts as empty: a new file).
//! The comparison (`compare.rs`) works on the assessments as JSON, so whatever
//! decisions, tensions and figures the engine reports are compared without a
//! list to keep in step; `render.rs` writes text, Markdown or JSON.

mod compare;
mod render;

pub use compare::{compare, Report};

use crate::error::{Error, Result};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `tradeoff diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The requirements before: a file, `-`, or REV:PATH read with `git show`
    /// (`origin/main:tradeoff.yaml`; PATH from the repository root, or `./PATH`).
    pub old: String,
    /// The requirements after, in the same forms.
    pub new: String,
    #[arg(long, short, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when a decision changed (0 otherwise; 2 for unusable input).
    #[arg(long)]
    pub exit_code: bool,
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    /// For a terminal or a CI log.
    Text,
    /// A pull-request comment: a summary, details folded away.
    Markdown,
    /// The comparison as data.
    Json,
}

/// One side of the comparison: how it was named, and its text.
pub struct Side {
    pub label: String,
    pub text: String,
    /// False when REV:PATH named a file that does not exist at REV.
    pub exists: bool,
}

/// Reads a side: `-`, an existing file, or REV:PATH through git.
pub fn read(spec: &str) -> Result<Side> {
    if spec == "-" || Path::new(spec).exists() {
        let (label, text) = crate::yaml::read_source(Path::new(spec))?;
        return Ok(Side {
            label,
            text,
            exists: true,
        });
    }
    let Some((rev, path)) = spec
        .split_once(':')
        .filter(|(r, p)| !r.is_empty() && !p.is_empty())
    else {
        return Err(Error::input(format!("{spec} does not exist")).help(
            "give a requirements file, `-`, or REV:PATH (for example origin/main:tradeoff.yaml)",
        ));
    };
    let output = std::process::Command::new("git")
        .args(["show", "--no-color", "--end-of-options", spec])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            Error::input(format!("cannot run git to read {spec}: {e}"))
                .help("install git, or give both sides as files")
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
        // A file that is new in the change: compare against an empty document.
        if stderr.contains("does not exist in") || stderr.contains("exists on disk, but not in") {
            return Ok(Side {
                label: spec.to_string(),
                text: String::new(),
                exists: false,
            });
        }
        return Err(Error::input(format!("git cannot read {path} at {rev}: {stderr}")).help(
            "check the revision (fetch it first in CI: `git fetch origin main`) and the path from the repository root",
        ));
    }
    let text = crate::yaml::decode(spec, output.stdout)?;
    Ok(Side {
        label: spec.to_string(),
        text,
        exists: true,
    })
}

pub fn run(args: DiffArgs, out: &mut dyn Write) -> Result<i32> {
    let book = crate::rules::load(args.rules.as_deref())?;
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    let report = compare(&book, &old, &new, crate::lint::date::today())?;
    let text = match args.format {
        DiffFormat::Text => render::text(&report),
        DiffFormat::Markdown => render::markdown(&report),
        DiffFormat::Json => render::json(&report),
    };
    if let Err(e) = out.write_all(text.as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(Error::input(format!("cannot write output: {e}")));
        }
    }
    Ok(if args.exit_code && !report.decisions.is_empty() {
        1
    } else {
        0
    })
}
