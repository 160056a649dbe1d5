//! `tradeoff lint`: requirements files checked in CI, as located diagnostics with
//! stable ids, severity control, acceptances, and human / JSON / SARIF / GitHub output.
//!
//! The checks themselves are pure (`check::check`); this module reads files in
//! parallel batches (memory stays flat in the number of files), applies the
//! command line's severity overrides, renders, and sets the exit code.

mod accept;
pub mod check;
pub mod date;
pub mod diagnostic;
pub mod files;
pub mod format;
pub mod units;
pub mod validate;

use crate::error::{did_you_mean, Error, Result};
use crate::rules::model::Severity;
use crate::rules::Rulebook;
use clap::{Args, ValueEnum};
use diagnostic::Diagnostic;
use format::FileResult;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use check::check;

/// Files checked in parallel per batch; results are printed and dropped per batch.
const BATCH: usize = 256;

/// Arguments of `tradeoff lint`.
#[derive(Args, Debug)]
pub struct LintArgs {
    /// Files, folders (searched recursively) or `-` for standard input. Default: `.`.
    pub paths: Vec<PathBuf>,
    /// File-name patterns that count as requirements files inside folders
    /// (repeatable). Default: tradeoff.yaml, tradeoff.yml, *.tradeoff.yaml, *.tradeoff.yml.
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,
    #[arg(long, short, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Treat these lint ids as errors (repeatable).
    #[arg(long, value_name = "ID")]
    pub deny: Vec<String>,
    /// Treat these lint ids as warnings (repeatable).
    #[arg(long, value_name = "ID")]
    pub warn: Vec<String>,
    /// Do not report these lint ids (repeatable).
    #[arg(long, value_name = "ID")]
    pub allow: Vec<String>,
    /// Lowest severity that fails the run (exit code 1).
    #[arg(long, value_enum, default_value_t = Threshold::Error)]
    pub fail_on: Threshold,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print the number of findings per lint id.
    #[arg(long)]
    pub statistics: bool,
    /// Also print accepted findings.
    #[arg(long)]
    pub show_accepted: bool,
    /// Base URL of the lint documentation, used for SARIF help links.
    #[arg(long, env = "TRADEOFF_DOCS_URL", value_name = "URL")]
    pub docs_url: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LintFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threshold {
    Error,
    Warning,
    Info,
}

impl Threshold {
    fn severity(self) -> Severity {
        match self {
            Threshold::Error => Severity::Error,
            Threshold::Warning => Severity::Warning,
            Threshold::Info => Severity::Info,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Severity changes from the command line, checked against the known lint ids.
struct Overrides {
    levels: BTreeMap<String, Option<Severity>>,
}

impl Overrides {
    fn new(book: &Rulebook, args: &LintArgs) -> Result<Overrides> {
        let mut levels = BTreeMap::new();
        let groups = [
            (&args.allow, None),
            (&args.warn, Some(Severity::Warning)),
            (&args.deny, Some(Severity::Error)),
        ];
        for (ids, level) in groups {
            for id in ids {
                if book.lint(id).is_none() {
                    let hint = did_you_mean(id, book.lints.iter().map(|l| l.id.as_str()))
                        .map_or_else(
                            || "run `tradeoff explain lints` for the list".to_string(),
                            |b| format!("did you mean `{b}`?"),
                        );
                    return Err(Error::input(format!("unknown lint id `{id}`")).help(hint));
                }
                levels.insert(id.clone(), level);
            }
        }
        Ok(Overrides { levels })
    }

    fn apply(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .filter_map(|mut d| match self.levels.get(&d.id) {
                None => Some(d),
                Some(None) => None,
                Some(Some(level)) => {
                    d.severity = *level;
                    Some(d)
                }
            })
            .collect()
    }
}

/// Checks a batch of (label, bytes) in parallel; keeps the input order.
fn check_batch(
    book: &Rulebook,
    inputs: Vec<(String, Option<Vec<u8>>, PathBuf)>,
    jobs: usize,
    today: i64,
    keep_text: bool,
    finish: &(dyn Fn(&mut FileResult) -> Vec<String> + Sync),
) -> Vec<FileResult> {
    let next = AtomicUsize::new(0);
    let inputs = &inputs;
    let mut results: Vec<(usize, FileResult)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs.max(1))
            .map(|_| {
                let next = &next;
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((label, bytes, path)) = inputs.get(i) else {
                            break;
                        };
                        let bytes = match bytes {
                            Some(b) => Ok(b.clone()),
                            None => read_limited(path),
                        };
                        let (text, diagnostics) = match bytes {
                            Ok(b) => {
                                let text = if keep_text {
                                    String::from_utf8_lossy(&b).into_owned()
                                } else {
                                    String::new()
                                };
                                (text, check(book, label, b, today))
                            }
                            Err(e) => {
                                let d = Diagnostic::new(
                                    "unreadable-file",
                                    Severity::Error,
                                    label,
                                    diagnostic::whole_file(),
                                    e.message,
                                );
                                (String::new(), vec![d])
                            }
                        };
                        let mut result = FileResult {
                            file: label.clone(),
                            text,
                            diagnostics,
                            rendered: Vec::new(),
                        };
                        // Severity overrides and rendering happen here, in parallel.
                        result.rendered = finish(&mut result);
                        result.text = String::new();
                        done.push((i, result));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Reads at most the input limit (plus one byte, so oversize files are detected).
fn read_limited(path: &std::path::Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            f.take(crate::yaml::MAX_INPUT_BYTES + 1)
                .read_to_end(&mut bytes)
        })
        .map_err(|e| Error::io(path, e))?;
    Ok(bytes)
}

pub fn run(args: LintArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32> {
    let book = crate::cli::load(args.rules.as_deref())?;
    let overrides = Overrides::new(&book, &args)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let files = files::collect(&paths, &args.glob)?;
    if files.is_empty() {
        // Linting nothing usually means a wrong path or naming; say so, as ruff does.
        let names = if args.glob.is_empty() {
            files::DEFAULT_GLOBS.join(", ")
        } else {
            args.glob.join(", ")
        };
        let _ = writeln!(
            err,
            "warning: no requirements files found; inside folders only files named {names} are linted (use --glob, or name the files)"
        );
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let today = date::today();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let docs = args
        .docs_url
        .clone()
        .unwrap_or_else(|| format!("{}/blob/main/docs/lints.md", env!("CARGO_PKG_REPOSITORY")));
    let threshold = args.fail_on.severity();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut summary = format::json::Summary {
        files: files.len(),
        errors: 0,
        warnings: 0,
        infos: 0,
        accepted: 0,
    };
    let mut failing = 0;
    let write = |out: &mut dyn Write, s: &str| {
        out.write_all(s.as_bytes())
            .map_err(|e| Error::input(format!("cannot write output: {e}")))
    };
    let finish = |r: &mut FileResult| -> Vec<String> {
        r.diagnostics = overrides.apply(std::mem::take(&mut r.diagnostics));
        let shown = |d: &&Diagnostic| d.accepted.is_none() || args.show_accepted;
        match args.format {
            LintFormat::Human => vec![format::human::render(
                std::slice::from_ref(r),
                color,
                args.show_accepted,
            )],
            LintFormat::Github => vec![format::github::render(
                std::slice::from_ref(r),
                args.show_accepted,
            )],
            LintFormat::Json => r
                .diagnostics
                .iter()
                .filter(shown)
                .map(|d| format::json::item(d, true))
                .collect(),
            LintFormat::Sarif => r
                .diagnostics
                .iter()
                .map(|d| format::sarif::item(&book, d, true))
                .collect(),
        }
    };
    // JSON and SARIF pieces are array elements; the others are whole blocks.
    let separator = match args.format {
        LintFormat::Json => ",",
        LintFormat::Sarif => ",\n",
        _ => "",
    };
    let mut first = true;
    match args.format {
        LintFormat::Json => write(out, &format::json::begin())?,
        LintFormat::Sarif => write(out, &format::sarif::begin(&book, &docs))?,
        _ => {}
    }
    for chunk in files.chunks(BATCH) {
        let mut inputs = Vec::with_capacity(chunk.len());
        for p in chunk {
            if p.as_os_str() == "-" {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .take(crate::yaml::MAX_INPUT_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::input(format!("cannot read standard input: {e}")))?;
                inputs.push(("<stdin>".to_string(), Some(bytes), p.clone()));
            } else {
                inputs.push((p.display().to_string(), None, p.clone()));
            }
        }
        let results = check_batch(
            &book,
            inputs,
            jobs,
            today,
            args.format == LintFormat::Human,
            &finish,
        );
        let mut chunk = String::new();
        for r in &results {
            for d in &r.diagnostics {
                if d.accepted.is_some() {
                    summary.accepted += 1;
                    continue;
                }
                *counts.entry(d.id.clone()).or_default() += 1;
                match d.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    Severity::Info => summary.infos += 1,
                }
                if d.severity >= threshold {
                    failing += 1;
                }
            }
            for piece in &r.rendered {
                if !first {
                    chunk.push_str(separator);
                }
                chunk.push_str(piece);
                first = false;
            }
        }
        write(out, &chunk)?;
    }
    match args.format {
        LintFormat::Json => write(out, &format::json::end(&summary, !first))?,
        LintFormat::Sarif => write(out, &format::sarif::end())?,
        LintFormat::Human => {
            if args.statistics {
                write(out, &statistics(&counts))?;
            }
            let accepted = if summary.accepted > 0 {
                format!(", {} accepted", summary.accepted)
            } else {
                String::new()
            };
            let line = format!(
                "{} file{} checked: {} error{}, {} warning{}, {} info{accepted}\n",
                summary.files,
                if summary.files == 1 { "" } else { "s" },
                summary.errors,
                if summary.errors == 1 { "" } else { "s" },
                summary.warnings,
                if summary.warnings == 1 { "" } else { "s" },
                summary.infos
            );
            write(out, &line)?;
        }
        LintFormat::Github => {
            if args.statistics {
                write(out, &statistics(&counts))?;
            }
        }
    }
    Ok(if failing > 0 { 1 } else { 0 })
}

fn statistics(counts: &BTreeMap<String, usize>) -> String {
    let mut rows: Vec<(&String, &usize)> = counts.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut s = String::new();
    for (id, n) in rows {
        s.push_str(&format!("{n:>6}  {id}\n"));
    }
    s
}
