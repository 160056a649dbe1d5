//! `tradeoff report` and `tradeoff adr`: the design-review document and decision records.
//!
//! The report is built as a small document (`doc`) from the assessment, the rulebook and
//! the facts, then laid out as Markdown (`doc::markdown`) or one self-contained HTML file
//! (`html`). Nothing in it depends on the clock or the machine unless `--date` is given.

pub mod adr;
pub mod context;
pub mod diagram;
pub mod doc;
pub mod evolution;
pub mod html;
pub mod plan;
pub mod risks;
mod sections;
pub mod svg;

pub use context::{Options, Records};
pub use risks::{Level, Risk};

use crate::error::{Error, Result};
use crate::requirements::{parse_requirements, Requirements};
use crate::rules::Rulebook;
use clap::Args;
use context::Ctx;
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
    /// Where the decision records go: an appendix of the report, or none (write them
    /// with `tradeoff adr`).
    #[arg(long, value_enum, default_value_t = Records::Appendix)]
    pub records: Records,
    /// A date to print in the report (none by default, so the same inputs give the same bytes).
    #[arg(long)]
    pub date: Option<String>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// A folder of rule files that add to or replace the bundled rules.
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
    /// Folder to write one MADR file per decision into (created if missing).
    #[arg(long, short)]
    pub output: PathBuf,
    /// A date for the records' front matter (none by default).
    #[arg(long)]
    pub date: Option<String>,
    /// Where wiki links point: a path relative to the records, or a URL.
    #[arg(long, value_name = "PATH_OR_URL", default_value = crate::rules::wiki::WIKI_PATH)]
    pub wiki: String,
    /// A folder of rule files that add to or replace the bundled rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// The design review of `req`: a main document a reviewer reads in ten minutes
/// (summary, architecture, capacity plan, top risks, open questions, what changes the
/// design), then the appendices. `extra` risks (lint findings) are ranked with the
/// risks the assessment shows.
pub fn build(book: &Rulebook, req: &Requirements, opts: &Options, extra: Vec<Risk>) -> doc::Doc {
    let ctx = Ctx::new(book, req, opts.clone());
    let mut all = extra;
    all.extend(risks::collect(&ctx));
    let ranked = risks::rank(all);
    let records = opts.records == Records::Appendix;
    let mut d = doc::Doc::default();
    sections::title(&ctx, &mut d, records);
    sections::summary(&ctx, &mut d, &ranked, records);
    sections::architecture(&ctx, &mut d);
    sections::components(&ctx, &mut d);
    plan::section(&ctx, &mut d);
    risks::section(&ctx, &mut d, &ranked);
    sections::open_questions(&ctx, &mut d, &ranked);
    sections::flip_points(&ctx, &mut d);
    evolution::section(&ctx, &mut d);
    if records {
        sections::records(&ctx, &mut d);
    }
    sections::details(&ctx, &mut d, &ranked);
    sections::references(&ctx, &mut d);
    d
}

/// Words in a Markdown text: whitespace-separated tokens with a letter or digit (table
/// rules and list markers do not count).
pub fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The main document of a Markdown report: everything before the first appendix.
pub fn main_part(md: &str) -> &str {
    md.find("\n## Appendix").map_or(md, |i| &md[..i])
}

/// The report as Markdown (the primary format).
pub fn markdown(book: &Rulebook, req: &Requirements, opts: &Options) -> String {
    doc::markdown(&build(book, req, opts, Vec::new()))
}

fn write_out(out: &mut dyn Write, text: &str) -> Result<i32> {
    match out.write_all(text.as_bytes()) {
        Ok(()) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Error::input(format!("cannot write output: {e}"))),
    }
}

pub fn run_report(args: ReportArgs, out: &mut dyn Write) -> Result<i32> {
    let book = crate::rules::load(args.rules.as_deref())?;
    let (label, text) = crate::yaml::read_source(&args.file)?;
    let req = crate::requirements::parse_requirements_str(&label, &text)?;
    let opts = Options {
        date: args.date,
        records: args.records,
        ..Options::default()
    };
    let lint = lint_risks(&book, &label, &text);
    let d = build(&book, &req, &opts, lint);
    let text = match args.format {
        ReportFormat::Markdown => doc::markdown(&d),
        ReportFormat::Html => html::render(&d),
    };
    match args.output {
        Some(path) => crate::output::write_atomic(&path, text.as_bytes(), args.force).map(|_| 0),
        None => write_out(out, &text),
    }
}

/// The lint findings on the requirements file that are risks: errors and warnings not
/// accepted (contradictions in the requirements). Notes and accepted findings are left
/// to `tradeoff lint`; defaulted answers are the report's open questions.
fn lint_risks(book: &Rulebook, label: &str, text: &str) -> Vec<Risk> {
    use crate::rules::model::Severity;
    crate::lint::check(
        book,
        label,
        text.as_bytes().to_vec(),
        crate::lint::date::today(),
    )
    .into_iter()
    .filter(|d| d.accepted.is_none())
    .filter_map(|d| {
        let impact = match d.severity {
            Severity::Info => return None,
            Severity::Warning => Level::Medium,
            Severity::Error => Level::High,
        };
        let title = book
            .lint(&d.id)
            .map_or_else(|| d.id.clone(), |l| l.summary.clone());
        Some(Risk {
            title,
            impact,
            likelihood: Level::High,
            origin: "lint".into(),
            id: d.id.clone(),
            basis: Vec::new(),
            text: format!("{} (lint `{}`, line {})", d.message, d.id, d.span.line),
            mitigation: d.help.unwrap_or_default(),
            source: d.source,
        })
    })
    .collect()
}

/// Writes the records; exit code 1 when an edited record was left alone.
pub fn run_adr(args: AdrArgs, out: &mut dyn Write) -> Result<i32> {
    let book = crate::rules::load(args.rules.as_deref())?;
    let (_, req) = parse_requirements(&args.file)?;
    let opts = Options {
        date: args.date,
        wiki: args.wiki,
        ..Options::default()
    };
    let ctx = Ctx::new(&book, &req, opts);
    let written = adr::write_all(&ctx, &args.output)?;
    let mut lines = String::new();
    for (path, w) in &written {
        let what = match w {
            adr::Written::Created => "created",
            adr::Written::Updated => "updated",
            adr::Written::Unchanged => "unchanged",
            adr::Written::Kept => "kept (edited; not overwritten)",
            adr::Written::NotAFile => "kept (not a regular file: a link or a device; not followed)",
        };
        let path = crate::text::escape(&path.display().to_string()).into_owned();
        lines.push_str(&format!("{what:<9} {path}\n"));
    }
    write_out(out, &lines)?;
    let kept: Vec<String> = written
        .iter()
        .filter(|(_, w)| matches!(w, adr::Written::Kept | adr::Written::NotAFile))
        .map(|(p, _)| p.display().to_string())
        .collect();
    if kept.is_empty() {
        return Ok(0);
    }
    let mut e = Error::input(format!(
        "{} decision record(s) changed since tradeoff wrote them and were left as they are: {}",
        kept.len(),
        kept.join(", ")
    ))
    .help("to take the new recommendation, move your edits elsewhere (or into a record that supersedes it) and delete the file, then run again");
    e.exit_code = 1;
    Err(e)
}
