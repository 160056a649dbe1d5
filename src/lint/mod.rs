//! `tradeoff lint`: requirements files checked in CI, as located diagnostics with
//! stable ids, severity control, acceptances, and human / JSON / SARIF / GitHub output.
//!
//! The checks themselves are pure (`check::check`); this module reads files in
//! parallel batches (memory stays flat in the number of files), applies the
//! command line's severity overrides, renders, and sets the exit code.

mod accept;
pub mod batch;
pub mod check;
mod components;
pub mod date;
pub mod diagnostic;
pub mod files;
pub mod format;
mod schema_node;
pub mod settings;
pub mod units;
pub mod validate;

use crate::error::{Error, Result};
use crate::rules::model::Severity;
use crate::rules::Rulebook;
use clap::{Args, ValueEnum};
use diagnostic::{whole_file, Diagnostic};
use files::Found;
use format::FileResult;
use settings::Settings;

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
    /// Paths not to lint (repeatable): a pattern without `/` matches any file or
    /// folder name, one with `/` the path from the working directory.
    #[arg(long, value_name = "PATTERN")]
    pub exclude: Vec<String>,
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
    /// Lowest severity that fails the run (exit code 1). Default: error.
    #[arg(long, value_enum)]
    pub fail_on: Option<Threshold>,
    /// Exit 0 even when findings fail the run (usage errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print only the findings that fail the run: no summary, no notes.
    #[arg(long, short)]
    pub quiet: bool,
    /// List info findings one by one in human, GitHub, GitLab and JUnit output
    /// (by default each file gets one summary line for them). Implied by `--fail-on info`.
    #[arg(long)]
    pub show_infos: bool,
    /// Also print accepted findings.
    #[arg(long)]
    pub show_accepted: bool,
    /// Write the report to FILE instead of stdout (atomically).
    #[arg(long, short, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output_file")]
    pub force: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print the number of findings per lint id.
    #[arg(long)]
    pub statistics: bool,
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
    /// rustc-style snippets and a summary line.
    Human,
    /// `{"version", "diagnostics", "summary"}`.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML, one test case per file.
    Junit,
}

#[derive(
    ValueEnum, Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Threshold {
    /// Only errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Every finding fails the run.
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

/// Checks one input: read, check, severity changes. `keep_text` keeps the decoded
/// text for snippets.
fn check_input(
    book: &Rulebook,
    input: &Input,
    today: i64,
    keep_text: bool,
    settings: &Settings,
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
    r.diagnostics = settings.apply(std::mem::take(&mut r.diagnostics));
    r.omitted = settings.apply_omitted(std::mem::take(&mut r.omitted));
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

/// What to lint, in order: files (and `-`) and folders that could not be searched
/// (`Some(why)`: each becomes an `unreadable-file` finding, and the others are still
/// linted), found as the files are checked, a batch at a time. Entries that are not
/// regular files are skipped with a warning. An explicit folder that holds no
/// requirements file is an error unless file-name patterns were chosen: a misnamed file
/// must not pass CI by being skipped.
struct ToLint {
    walk: files::Walk,
}

impl ToLint {
    fn new(args: &LintArgs, settings: &Settings, err: &mut dyn Write) -> Result<ToLint> {
        let explicit = !args.paths.is_empty();
        let paths = if explicit {
            args.paths.clone()
        } else {
            vec![PathBuf::from(".")]
        };
        files::missing(&paths)?;
        if explicit && !settings.globs_chosen {
            let mut empty = Vec::new();
            for (dir, skipped) in
                files::holding_nothing(&paths, &settings.globs, &|p| settings.excluded(p))
            {
                // What it skipped explains why the folder holds nothing: said first.
                if !settings.quiet {
                    for s in skipped {
                        let _ = writeln!(err, "warning: skipped {s}");
                    }
                }
                empty.push(settings::display_path(&dir));
            }
            if !empty.is_empty() {
                return Err(Error::input(format!(
                    "no requirements files in {}: inside folders only files named {} are linted",
                    crate::text::escape(&empty.join(", ")),
                    settings.globs.join(", ")
                ))
                .help(
                    "name the files *.tradeoff.yaml, pass them one by one, or choose the names with --glob '*.yaml' (or `glob` in tradeoff.toml)",
                ));
            }
        }
        Ok(ToLint {
            walk: files::Walk::new(&paths, &settings.globs),
        })
    }

    /// The next files to lint, at most `BATCH` (none when the walk is over); skipped
    /// entries are reported on `err` as they are met.
    fn batch(
        &mut self,
        settings: &Settings,
        err: &mut dyn Write,
    ) -> Vec<(PathBuf, Option<String>)> {
        let mut out = Vec::with_capacity(BATCH);
        while out.len() < BATCH {
            match self.walk.next() {
                None => break,
                Some(Found::Skipped(s)) => {
                    if !settings.quiet {
                        let _ = writeln!(err, "warning: skipped {s}");
                    }
                }
                Some(Found::File(f)) if !settings.excluded(&f) => out.push((f, None)),
                Some(Found::Unreadable(d, why)) if !settings.excluded(&d) => {
                    out.push((d, Some(why)));
                }
                Some(_) => {}
            }
        }
        out
    }
}

pub fn run(
    args: LintArgs,
    config: &crate::config::Loaded,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32> {
    let rules = args.rules.clone().or_else(|| config.rules_dir());
    let book = crate::rules::load(rules.as_deref())?;
    let settings = Settings::new(&book, &args, &config.lint(), &config.base())?;
    let mut to_lint = ToLint::new(&args, &settings, err)?;
    let mut files = to_lint.batch(&settings, err);
    if files.is_empty() && !settings.quiet {
        // Linting nothing usually means a wrong path or naming; say so, as ruff does.
        let _ = writeln!(
            err,
            "warning: no requirements files found; inside folders only files named {} are linted (use --glob, or name the files)",
            settings.globs.join(", ")
        );
    }
    let jobs = batch::workers(args.jobs, files.len());
    let today = date::today();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output_file.is_none()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let docs = args
        .docs_url
        .clone()
        .unwrap_or_else(|| format!("{}/blob/main/docs/lints.md", env!("CARGO_PKG_REPOSITORY")));
    let threshold = settings.threshold;
    let format = settings.format;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut summary = format::json::Summary::default();
    let (mut failing, mut failed_files) = (0, 0);
    let mut notes = Vec::new();
    // The report goes to stdout as it is made, or into memory for --output-file.
    let mut buffer: Vec<u8> = Vec::new();
    let to_file = args.output_file.is_some();
    let sink: &mut dyn Write = if to_file { &mut buffer } else { out };
    let write = |sink: &mut dyn Write, s: &str| {
        sink.write_all(s.as_bytes())
            .map_err(|e| Error::input(format!("cannot write output: {e}")))
    };
    let render = |r: &FileResult| -> Vec<String> {
        let shown: Vec<&Diagnostic> = r.diagnostics.iter().filter(|d| settings.shows(d)).collect();
        let visible = |text: String| FileResult {
            file: r.file.clone(),
            text,
            diagnostics: shown.iter().map(|d| (*d).clone()).collect(),
            omitted: r.omitted.clone(),
            ..FileResult::default()
        };
        match format {
            LintFormat::Human => {
                let v = visible(r.text.clone());
                let mut text = format::human::render(std::slice::from_ref(&v), color, true);
                if settings.hides_infos() && !settings.quiet {
                    text.push_str(&hidden_infos(&r.file, &r.diagnostics));
                }
                vec![text]
            }
            LintFormat::Github => {
                let v = visible(String::new());
                vec![format::github::render(std::slice::from_ref(&v), true)]
            }
            LintFormat::Json => shown.iter().map(|d| format::json::item(d, true)).collect(),
            LintFormat::Sarif => shown
                .iter()
                .map(|d| format::sarif::item(&book, d, true))
                .collect(),
            LintFormat::Gitlab => format::gitlab::items(&shown),
            LintFormat::Junit => vec![format::junit::testcase(&r.file, &shown, threshold).0],
        }
    };
    let work = |input: &Input| -> FileResult {
        let mut r = check_input(&book, input, today, format == LintFormat::Human, &settings);
        // Rendering happens here too, in parallel; the text is only needed for it.
        r.rendered = render(&r);
        r.text = String::new();
        r
    };
    // JSON, SARIF and GitLab pieces are array elements; the others are whole blocks.
    let separator = match format {
        LintFormat::Json | LintFormat::Gitlab => ",",
        LintFormat::Sarif => ",\n",
        _ => "",
    };
    let mut first = true;
    let mut junit_cases = String::new();
    match format {
        LintFormat::Json => write(sink, &format::json::begin())?,
        LintFormat::Sarif => write(sink, &format::sarif::begin(&book, &docs))?,
        LintFormat::Gitlab => write(sink, &format::gitlab::begin())?,
        _ => {}
    }
    let label = |i: &Input| i.label.clone();
    batch::pooled(jobs, &label, &work, |check_batch| -> Result<()> {
        while !files.is_empty() {
            let chunk = std::mem::take(&mut files);
            summary.files += chunk.len();
            let mut inputs = Vec::with_capacity(chunk.len());
            for (path, problem) in &chunk {
                let source = match problem {
                    Some(why) => Source::Unsearchable(why.clone()),
                    None if path.as_os_str() == "-" => Source::Stdin(read_stdin()?),
                    None => Source::File(path.clone()),
                };
                let label = settings::display_path(path);
                inputs.push(Input { label, source });
            }
            let results = check_batch(inputs);
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
                    if format == LintFormat::Junit {
                        junit_cases.push_str(&format::junit::errored(&r.file, f));
                    }
                }
                let mut file_fails = false;
                for d in &r.diagnostics {
                    if d.accepted.is_some() {
                        summary.accepted += 1;
                        continue;
                    }
                    *counts.entry(d.id.clone()).or_default() += 1;
                    summary.count(d.severity, 1);
                    if d.severity >= threshold {
                        failing += 1;
                        file_fails = true;
                    }
                }
                for ((id, severity), n) in &r.omitted {
                    summary.count(*severity, *n);
                    summary.not_shown += n;
                    *counts.entry(id.clone()).or_default() += n;
                    if *severity >= threshold {
                        failing += n;
                        file_fails = true;
                    }
                }
                if !r.omitted.is_empty() {
                    notes.push(format::Note::omitted(r));
                }
                failed_files += usize::from(file_fails);
                for piece in &r.rendered {
                    if format == LintFormat::Junit {
                        junit_cases.push_str(piece);
                        continue;
                    }
                    if !first {
                        chunk.push_str(separator);
                    }
                    chunk.push_str(piece);
                    first = false;
                }
            }
            write(sink, &chunk)?;
            files = to_lint.batch(&settings, err);
        }
        Ok(())
    })?;
    match format {
        LintFormat::Json => write(sink, &format::json::end(&summary, !first))?,
        LintFormat::Sarif => write(sink, &format::sarif::end(&notes))?,
        LintFormat::Gitlab => write(sink, &format::gitlab::end(!first))?,
        LintFormat::Junit => write(
            sink,
            &format::junit::document(&junit_cases, summary.files, failed_files, summary.failed),
        )?,
        LintFormat::Human if !settings.quiet => {
            if args.statistics {
                write(sink, &statistics(&counts))?;
            }
            write(
                sink,
                &format::human::summary(&summary, settings.hides_infos()),
            )?;
        }
        LintFormat::Human => {}
        LintFormat::Github => {
            if args.statistics {
                write(sink, &statistics(&counts))?;
            }
        }
    }
    if let Some(path) = &args.output_file {
        crate::output::write_atomic(path, &buffer, args.force)?;
    }
    // A file that could not be checked fails the run whatever the flags say: its
    // findings are unknown.
    Ok(if summary.failed > 0 {
        2
    } else if failing > 0 && !args.exit_zero {
        1
    } else {
        0
    })
}

/// One line per file for the info findings it does not list, by lint id.
fn hidden_infos(file: &str, diags: &[Diagnostic]) -> String {
    let mut by_id: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diags
        .iter()
        .filter(|d| d.severity == Severity::Info && d.accepted.is_none())
    {
        *by_id.entry(d.id.as_str()).or_default() += 1;
    }
    if by_id.is_empty() {
        return String::new();
    }
    let n: usize = by_id.values().sum();
    let ids: Vec<String> = by_id.iter().map(|(id, k)| format!("{id} ×{k}")).collect();
    format!(
        "{}: {n} info finding{} not listed ({}); --show-infos lists them\n\n",
        crate::text::escape(file),
        if n == 1 { "" } else { "s" },
        ids.join(", ")
    )
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
