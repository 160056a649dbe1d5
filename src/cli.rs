//! The command line: argument definitions (clap) and dispatch. Thin by design:
//! each command reads input, calls the library, and hands the result to a renderer.

use crate::engine;
use crate::error::{Error, Result};
use crate::render;
use crate::requirements::parse_requirements;
use crate::rules::Rulebook;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(name = "tradeoff", version, about = "A system-design advisor: requirements in, a traced architecture recommendation out.", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Recommend an architecture, topic by topic, for a requirements file.
    Advise {
        /// Requirements file (YAML), or `-` for standard input.
        file: PathBuf,
        #[arg(long, short, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// A folder of rule files that add to or replace the bundled rules.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Check requirements files: schema, contradictions, drift of declared decisions.
    Lint(crate::lint::LintArgs),
    /// Answer a questionnaire in the terminal; get advice and a requirements file.
    Ask(crate::ask::AskArgs),
    /// Write a design-review document (Markdown or HTML) for a requirements file.
    Report(crate::report::ReportArgs),
    /// Write one decision record (MADR) per topic into a folder.
    Adr(crate::report::AdrArgs),
    /// List the design topics and their options.
    Topics {
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Show what the wiki says about a topic or an option, or what a lint checks.
    Explain {
        /// A topic id (`caching`), an option id (`cache-aside`), `topic/option`,
        /// a lint id (`decision-drift`), or `lints` for the list of lints.
        id: String,
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Print a generated JSON Schema.
    Schema {
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Work with rule folders.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Load the rules, check them, and run their test cases.
    Test {
        /// A rules folder; its files add to or replace the bundled rules. Bundled rules when omitted.
        dir: Option<PathBuf>,
        /// Test only the rules in DIR, without the bundled ones.
        #[arg(long)]
        alone: bool,
        /// Run the cases of one topic only.
        #[arg(long)]
        topic: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    Yaml,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaKind {
    Requirements,
    Rules,
    Coherence,
    Lint,
}

/// Loads the rulebook (bundled, plus an optional folder), reporting every error.
pub fn rulebook(dir: Option<&Path>, alone: bool) -> std::result::Result<Rulebook, Vec<Error>> {
    match dir {
        None if alone => Rulebook::bundled_with_cases(),
        None => Rulebook::bundled(),
        Some(d) if alone => Rulebook::from_dir(d),
        Some(d) => Rulebook::with_overrides(d),
    }
}

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

pub fn schema(kind: SchemaKind) -> String {
    let value = match kind {
        SchemaKind::Requirements => crate::facts::requirements_schema(),
        SchemaKind::Rules => {
            serde_json::to_value(schemars::schema_for!(crate::rules::model::TopicFile))
                .unwrap_or_default()
        }
        SchemaKind::Lint => {
            serde_json::to_value(schemars::schema_for!(crate::rules::model::LintFile))
                .unwrap_or_default()
        }
        SchemaKind::Coherence => {
            serde_json::to_value(schemars::schema_for!(crate::rules::model::CoherenceFile))
                .unwrap_or_default()
        }
    };
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// Runs a parsed command; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32> {
    let w =
        |out: &mut dyn Write, s: &str| out.write_all(s.as_bytes()).map(|_| 0).or_else(broken_pipe);
    match cli.command {
        Command::Advise {
            file,
            format,
            rules,
        } => {
            let book = load(rules.as_deref())?;
            let (_, req) = parse_requirements(&file)?;
            let a = engine::evaluate(&book, &req);
            let text = match format {
                Format::Text => render::text::render(&a),
                Format::Markdown => render::markdown::render(&a),
                Format::Json => render::json(&a),
                Format::Yaml => render::yaml(&a),
            };
            w(out, &text)
        }
        Command::Lint(args) => crate::lint::run(args, out, err),
        Command::Ask(args) => crate::ask::run(args, out, err),
        Command::Report(args) => crate::report::run_report(args, out),
        Command::Adr(args) => crate::report::run_adr(args, out),
        Command::Topics { rules } => {
            let book = load(rules.as_deref())?;
            w(out, &render::explain::topics(&book))
        }
        Command::Explain { id, rules } => {
            let book = load(rules.as_deref())?;
            w(out, &explain(&book, &id)?)
        }
        Command::Schema { kind } => w(out, &schema(kind)),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "tradeoff", out);
            Ok(0)
        }
        Command::Rules {
            command: RulesCommand::Test { dir, alone, topic },
        } => {
            // Without a folder, test the bundled rules from their YAML (with cases).
            let book = match rulebook(dir.as_deref(), alone || dir.is_none()) {
                Ok(b) => b,
                Err(errors) => {
                    for e in &errors {
                        let _ = writeln!(err, "{e}");
                    }
                    let _ = writeln!(err, "{} rule errors", errors.len());
                    return Ok(2);
                }
            };
            if let Some(t) = &topic {
                if book.topic(t).is_none() {
                    return Err(unknown_id(&book, t));
                }
            }
            let report = crate::cases::run(&book, topic.as_deref());
            for f in &report.failures {
                let _ = writeln!(
                    err,
                    "FAIL {}: {} / {}: {}",
                    f.location,
                    f.topic,
                    crate::text::escape(&f.case),
                    crate::text::escape(&f.message)
                );
            }
            let topics = book.topics.len();
            w(
                out,
                &format!(
                    "{} topics, {} coherence checks\n{} passed, {} failed\n",
                    topics,
                    book.coherence.len(),
                    report.passed,
                    report.failures.len()
                ),
            )?;
            Ok(if report.failures.is_empty() { 0 } else { 1 })
        }
    }
}

fn broken_pipe(e: std::io::Error) -> Result<i32> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(0)
    } else {
        Err(Error::input(format!("cannot write output: {e}")))
    }
}

fn unknown_id(book: &Rulebook, id: &str) -> Error {
    let mut ids: Vec<String> = book.topics.iter().map(|t| t.id.clone()).collect();
    ids.extend(book.lints.iter().map(|l| l.id.clone()));
    for t in &book.topics {
        ids.extend(t.options.iter().map(|o| o.id.clone()));
    }
    let help = match crate::error::did_you_mean(id, ids.iter().map(String::as_str)) {
        Some(b) => format!("did you mean `{b}`?"),
        None => "run `tradeoff topics` to list topics and options".into(),
    };
    Error::input(format!("no topic or option is called `{id}`")).help(help)
}

fn explain(book: &Rulebook, id: &str) -> Result<String> {
    if let Some((t, o)) = id.split_once('/') {
        let topic = book.topic(t).ok_or_else(|| unknown_id(book, t))?;
        let opt = topic.option(o).ok_or_else(|| unknown_id(book, o))?;
        return Ok(render::explain::option(topic, opt));
    }
    if let Some(topic) = book.topic(id) {
        return Ok(render::explain::topic(topic));
    }
    if let Some(lint) = book.lint(id) {
        return Ok(render::explain::lint(lint));
    }
    if id == "lints" {
        return Ok(render::explain::lints(book));
    }
    let owners: Vec<_> = book
        .topics
        .iter()
        .filter_map(|t| t.option(id).map(|o| (t, o)))
        .collect();
    match owners.as_slice() {
        [] => Err(unknown_id(book, id)),
        [(t, o)] => Ok(render::explain::option(t, o)),
        many => Ok(many
            .iter()
            .map(|(t, o)| render::explain::option(t, o))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}
