//! The command line: argument definitions (clap) and dispatch. Thin by design:
//! each command reads input, calls the library, and hands the result to a renderer.

use crate::engine;
use crate::error::{Error, Result};
use crate::render;
use crate::requirements::parse_requirements_str;
use crate::rules::Rulebook;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "tradeoff", version, about = "A system-design advisor: requirements in, a traced architecture recommendation out.", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Read settings from this file instead of the nearest tradeoff.toml (or
    /// .tradeoff.toml) in the working directory or a folder above it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any tradeoff.toml.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
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
        #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Show what the wiki says about a topic or an option, or what a lint checks.
    Explain {
        /// A topic id (`caching`), an option id (`cache-aside`), `topic/option`,
        /// a lint id (`decision-drift`), or `lints` for the list of lints.
        id: String,
        #[arg(long, short, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// What a change to a requirements file changes in the design: requirements,
    /// decisions, tensions, lint findings and figures (for pull requests).
    Diff(crate::diff::DiffArgs),
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

/// Output of `topics` and `explain`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// Tables: box drawing on a terminal, plain ASCII in a file or pipe.
    Text,
    /// The same content as JSON.
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaKind {
    /// Requirements files (`schemas/requirements.schema.json`).
    Requirements,
    /// Topic rule files.
    Rules,
    /// Coherence checks.
    Coherence,
    /// Lint definitions.
    Lint,
    /// Review risks (`rules/risks/<id>.yaml`).
    Risk,
    /// The config file, tradeoff.toml (`schemas/config.schema.json`).
    Config,
}

pub use crate::rules::{load, rulebook};

pub fn schema(kind: SchemaKind) -> String {
    let value = match kind {
        SchemaKind::Requirements => crate::requirements::schema::document(),
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
        SchemaKind::Risk => {
            serde_json::to_value(schemars::schema_for!(crate::rules::model::RiskFile))
                .unwrap_or_default()
        }
        SchemaKind::Config => crate::config::schema(),
    };
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// Runs a parsed command; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32> {
    let w =
        |out: &mut dyn Write, s: &str| out.write_all(s.as_bytes()).map(|_| 0).or_else(broken_pipe);
    let choice = match (&cli.config, cli.no_config) {
        (_, true) => crate::config::Choice::None,
        (Some(p), _) => crate::config::Choice::File(p.clone()),
        (None, false) => crate::config::Choice::Discover,
    };
    // Read only by the commands that use it, so a broken file cannot stop `schema`.
    let config = || crate::config::load(&choice);
    let rules_dir = |flag: Option<PathBuf>| -> Result<Option<PathBuf>> {
        match flag {
            Some(dir) => Ok(Some(dir)),
            None => Ok(config()?.rules_dir()),
        }
    };
    let plain = !std::io::stdout().is_terminal();
    match cli.command {
        Command::Advise {
            file,
            format,
            rules,
        } => {
            let book = load(rules_dir(rules)?.as_deref())?;
            let (label, text) = crate::yaml::read_source(&file)?;
            let req = parse_requirements_str(&label, &text)?;
            let _ = err.write_all(crate::lint::units::warnings(&label, &text).as_bytes());
            let a = engine::evaluate(&book, &req);
            let text = match format {
                Format::Text => render::text::render(&a),
                Format::Markdown => render::markdown::render(&a),
                Format::Json => render::json(&a),
                Format::Yaml => render::yaml(&a),
            };
            w(out, &text)
        }
        Command::Lint(args) => crate::lint::run(args, &config()?, out, err),
        Command::Ask(mut args) => {
            args.rules = rules_dir(args.rules.take())?;
            crate::ask::run(args, out, err)
        }
        Command::Report(mut args) => {
            args.rules = rules_dir(args.rules.take())?;
            crate::report::run_report(args, out)
        }
        Command::Adr(mut args) => {
            args.rules = rules_dir(args.rules.take())?;
            crate::report::run_adr(args, out)
        }
        Command::Diff(mut args) => {
            args.rules = rules_dir(args.rules.take())?;
            crate::diff::run(args, out)
        }
        Command::Topics { format, rules } => {
            let book = load(rules_dir(rules)?.as_deref())?;
            let text = match format {
                ListFormat::Text => render::explain::topics(&book, plain),
                ListFormat::Json => render::explain_json::topics(&book),
            };
            w(out, &text)
        }
        Command::Explain { id, format, rules } => {
            let book = load(rules_dir(rules)?.as_deref())?;
            w(out, &explain(&book, &id, format, plain)?)
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
            let dir = rules_dir(dir)?;
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

fn explain(book: &Rulebook, id: &str, format: ListFormat, plain: bool) -> Result<String> {
    use render::{explain as text, explain_json as json};
    let as_json = format == ListFormat::Json;
    if let Some((t, o)) = id.split_once('/') {
        let topic = book.topic(t).ok_or_else(|| unknown_id(book, t))?;
        let opt = topic.option(o).ok_or_else(|| unknown_id(book, o))?;
        return Ok(if as_json {
            json::options(&[(topic, opt)])
        } else {
            text::option(topic, opt, plain)
        });
    }
    if let Some(topic) = book.topic(id) {
        return Ok(if as_json {
            json::topic(topic)
        } else {
            text::topic(topic, plain)
        });
    }
    if let Some(lint) = book.lint(id) {
        return Ok(if as_json {
            json::lint(lint)
        } else {
            text::lint(lint)
        });
    }
    if id == "lints" {
        return Ok(if as_json {
            json::lints(book)
        } else {
            text::lints(book, plain)
        });
    }
    let owners: Vec<_> = book
        .topics
        .iter()
        .filter_map(|t| t.option(id).map(|o| (t, o)))
        .collect();
    match owners.as_slice() {
        [] => Err(unknown_id(book, id)),
        many if as_json => Ok(json::options(many)),
        many => Ok(many
            .iter()
            .map(|(t, o)| text::option(t, o, plain))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}
