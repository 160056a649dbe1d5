//! `tradeoff lint`: requirements files checked in CI, as located diagnostics with
//! stable ids, severity control, acceptances, and human / JSON / SARIF / GitHub output.
//!
//! The checks themselves are pure (`check::check`); this module reads files in
//! parallel batches (memory stays flat in the number of files), applies the
//! command line's severity overrides, renders, and sets the exit code.

mod accept;
pub mod batch;
pub mod check;
pub mod date;
pub mod diagnostic;
pub mod files;
pub mod format;
pub mod validate;

use crate::error::{did_you_mean, Error, Result};
use crate::rules::model::Severity;
use crate::rules::Rulebook;
use clap::{Args, ValueEnum};
use diagnostic::{whole_file, Diagnostic, Omitted};
use format::FileResult;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

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
    /// Worker threads (default and most: one per core).
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

    /// The same changes for findings past the per-file cap (counted, not kept).
    fn apply_omitted(&self, omitted: Omitted) -> Omitted {
        let mut out = Omitted::new();
        for ((id, severity), n) in omitted {
            let level = match self.levels.get(&id) {
                None => severity,
                Some(None) => continue,
                Some(Some(level)) => *level,
            };
            *out.entry((id, level)).or_default() += n;
        }
        out
    }
}

/// One thing to lint: a file, standard input (already read), or a folder that could
/// not be searched.
struct Input {
    label: String,
    source: Source,
}

enum Source {
    File(PathBuf),
    Stdin(Vec<u8>),
    Unsearchable(String),
}

impl Input {
    /// The bytes to check, or why there are none.
    fn bytes(&self) -> Result<Vec<u8>> {
        match &self.source {
            Source::File(p) => files::read_regular(p),
            Source::Stdin(b) => Ok(b.clone()),
            Source::Unsearchable(msg) => Err(Error::input(msg.clone())),
        }
    }
}

/// Checks one input: read, check, severity overrides. `keep_text` keeps the decoded
/// text for snippets.
fn check_input(
    book: &Rulebook,
    input: &Input,
    today: i64,
    keep_text: bool,
    overrides: &Overrides,
) -> FileResult {
    let label = input.label.as_str();
    fault_injection(label);
    let mut r = FileResult {
        file: label.to_string(),
        ..FileResult::default()
    };
    match input.bytes() {
        Ok(bytes) => {
            // Snippets are cut from the same text the checks read (byte-order mark removed).
            let bytes = match keep_text.then(|| crate::yaml::decode(label, bytes.clone())) {
                Some(Ok(text)) => {
                    r.text = text;
                    r.text.clone().into_bytes()
                }
                _ => bytes,
            };
            let checked = check::check_file(book, label, bytes, today);
            r.diagnostics = checked.diagnostics;
            r.omitted = checked.omitted;
        }
        Err(e) => {
            let sev = book
                .lint("unreadable-file")
                .map_or(Severity::Error, |l| l.severity);
            let d = Diagnostic::new("unreadable-file", sev, label, whole_file(), e.message);
            r.diagnostics = vec![match e.help {
                Some(h) => d.help(h),
                None => d,
            }];
        }
    }
    r.diagnostics = overrides.apply(std::mem::take(&mut r.diagnostics));
    r.omitted = overrides.apply_omitted(std::mem::take(&mut r.omitted));
    r
}

/// For tests of the failure path: `TRADEOFF_FAULT=panic:NAME` makes checking any file
/// whose label ends with NAME panic, as a bug would.
fn fault_injection(label: &str) {
    if let Some(name) = std::env::var("TRADEOFF_FAULT")
        .ok()
        .and_then(|f| f.strip_prefix("panic:").map(str::to_string))
    {
        if !name.is_empty() && label.ends_with(&name) {
            panic!("fault injected while checking {label}");
        }
    }
}

/// Reads standard input, at most the input limit (plus one byte, so oversize input is
/// detected).
fn read_stdin() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(crate::yaml::MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::input(format!("cannot read standard input: {e}")))?;
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
    let collected = files::collect(&paths, &args.glob)?;
    for s in &collected.skipped {
        let _ = writeln!(err, "warning: skipped {s}");
    }
    let mut pending: Vec<(String, Option<PathBuf>, Option<String>)> = collected
        .unreadable
        .iter()
        .map(|(p, msg)| (p.display().to_string(), None, Some(msg.clone())))
        .collect();
    pending.extend(
        collected
            .files
            .iter()
            .map(|p| (p.display().to_string(), Some(p.clone()), None)),
    );
    if pending.is_empty() {
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
    let jobs = batch::workers(args.jobs, pending.len().min(BATCH));
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
        files: pending.len(),
        ..Default::default()
    };
    let mut notes = Vec::new();
    let mut failing = 0;
    let write = |out: &mut dyn Write, s: &str| {
        out.write_all(s.as_bytes())
            .map_err(|e| Error::input(format!("cannot write output: {e}")))
    };
    let render = |r: &FileResult| -> Vec<String> {
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
    let work = |input: &Input| -> FileResult {
        let mut r = check_input(
            &book,
            input,
            today,
            args.format == LintFormat::Human,
            &overrides,
        );
        // Rendering happens here too, in parallel; the text is only needed for it.
        r.rendered = render(&r);
        r.text = String::new();
        r
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
    for chunk in pending.chunks(BATCH) {
        let mut inputs = Vec::with_capacity(chunk.len());
        for (label, path, problem) in chunk {
            let source = match (path, problem) {
                (_, Some(msg)) => Source::Unsearchable(msg.clone()),
                (Some(p), None) if p.as_os_str() == "-" => Source::Stdin(read_stdin()?),
                (Some(p), None) => Source::File(p.clone()),
                (None, None) => continue,
            };
            let label = match source {
                Source::Stdin(_) => "<stdin>".to_string(),
                _ => label.clone(),
            };
            inputs.push(Input { label, source });
        }
        let results = batch::run(&inputs, jobs, &|i: &Input| i.label.clone(), &work);
        let mut chunk = String::new();
        for r in &results {
            if let Some(f) = &r.failure {
                summary.failed += 1;
                let _ = writeln!(
                    err,
                    "error: {}: {}",
                    crate::text::escape(&r.file),
                    crate::text::escape(f)
                );
                notes.push(format::Note::failure(&r.file, f));
            }
            for d in &r.diagnostics {
                if d.accepted.is_some() {
                    summary.accepted += 1;
                    continue;
                }
                summary.count(d.severity, 1);
                *counts.entry(d.id.clone()).or_default() += 1;
                if d.severity >= threshold {
                    failing += 1;
                }
            }
            for ((id, severity), n) in &r.omitted {
                summary.count(*severity, *n);
                summary.not_shown += n;
                *counts.entry(id.clone()).or_default() += n;
                if *severity >= threshold {
                    failing += n;
                }
            }
            if !r.omitted.is_empty() {
                notes.push(format::Note::omitted(r));
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
        LintFormat::Sarif => write(out, &format::sarif::end(&notes))?,
        LintFormat::Human => {
            if args.statistics {
                write(out, &statistics(&counts))?;
            }
            write(out, &format::human::summary(&summary))?;
        }
        LintFormat::Github => {
            if args.statistics {
                write(out, &statistics(&counts))?;
            }
        }
    }
    Ok(if summary.failed > 0 {
        2
    } else if failing > 0 {
        1
    } else {
        0
    })
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
