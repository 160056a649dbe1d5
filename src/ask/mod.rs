//! `tradeoff ask`: the interactive questionnaire that writes a requirements file.
//!
//! The questions are data (`rules/questions/`); which of them are put is decided
//! by the rules (`relevance.rs`); the course is the same with a person at the
//! terminal (`prompt.rs`) or with answers given up front (`--answers`, `--set`).

pub mod answers;
mod finish;
pub mod flow;
mod prompt;
pub mod questions;
pub mod relevance;
mod summary;
mod value;
mod write;

pub use answers::Answers;
pub use questions::Questionnaire;
pub use relevance::Judge;

use crate::error::{Error, Result};
use crate::rules::Rulebook;
use clap::Args;
use flow::{Asker, Reply, Step};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

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
    /// A folder of rule files that add to or replace the bundled rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

pub fn run(args: AskArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32> {
    let scripted = args.answers.is_some() || !args.set.is_empty();
    // Checked before anything else: without a terminal, prompts would wait on /dev/tty.
    let terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !scripted && !terminal {
        return Err(Error::input(
            "`tradeoff ask` asks questions in a terminal, and stdin or stderr is not one",
        )
        .help(
            "answer without prompts with `--answers FILE` or `--set field=value`, \
             or write the requirements file by hand and run `tradeoff advise FILE`",
        ));
    }
    let book = crate::rules::load(args.rules.as_deref())?;
    let questionnaire = Questionnaire::bundled(&book)?;
    let start = match &args.from {
        Some(p) => Answers::from_file(p)?,
        None => Answers::default(),
    };
    if scripted {
        let given = given_answers(&questionnaire, args.answers.as_deref(), &args.set)?;
        let flow::Course { mut answers, asked } = answer_all(&book, &questionnaire, start, given)?;
        let filled = complete(&book, &questionnaire, &mut answers, &asked)?;
        return finish::Ask::new(&args, &book, &questionnaire)
            .scripted(&answers, &filled, out, err);
    }
    finish::Ask::new(&args, &book, &questionnaire).interactive(start, out)
}

/// Runs the questionnaire with the given answers, keeping the shown value for the rest.
pub fn answer_all(
    book: &Rulebook,
    questionnaire: &Questionnaire,
    start: Answers,
    given: BTreeMap<String, Value>,
) -> Result<flow::Course> {
    let judge = Judge::new(book);
    let mut asker = Scripted { given };
    flow::run(questionnaire, &judge, start, &mut asker)?
        .ok_or_else(|| Error::input("the questionnaire was cancelled"))
}

/// States every fact the questionnaire covers that the answers leave open, with
/// the value the engine would assume (its default, or one computed from other
/// answers), so the file says everything the advice rests on. Returns the fields
/// filled that were not asked (marked as such in the file).
pub fn complete(
    book: &Rulebook,
    questionnaire: &Questionnaire,
    answers: &mut Answers,
    asked: &[String],
) -> Result<Vec<String>> {
    let req = answers.requirements()?;
    let resolved = crate::facts::resolve(&req, &book.catalog);
    let mut filled = Vec::new();
    for q in questionnaire.questions.iter().filter(|q| q.fact) {
        if answers.get(&q.field).is_some() {
            continue;
        }
        let Some(v) = resolved.facts.get(&q.field) else {
            continue;
        };
        answers.set(&q.field, serde_json::to_value(v).unwrap_or_default());
        if !asked.contains(&q.field) {
            filled.push(q.field.clone());
        }
    }
    Ok(filled)
}

/// The requirements file text for these answers; `filled` fields are marked as
/// defaults that were not asked.
pub fn render_file(
    book: &Rulebook,
    questionnaire: &Questionnaire,
    answers: &Answers,
    filled: &[String],
    path: Option<&Path>,
) -> Result<String> {
    let (schema, _) = write::schema_ref(path);
    write::render(questionnaire, &book.catalog, answers, filled, &schema)
}

/// Answers given up front: the course takes each when it reaches its question.
struct Scripted {
    given: BTreeMap<String, Value>,
}

impl Asker for Scripted {
    fn ask(&mut self, step: &Step) -> Result<Reply> {
        Ok(match self.given.remove(&step.question.field) {
            Some(v) => Reply::Value(v),
            None => Reply::Keep,
        })
    }

    fn leftovers(&mut self) -> Vec<(String, Value)> {
        std::mem::take(&mut self.given).into_iter().collect()
    }
}

/// Reads `--answers FILE` (flat `field: value` pairs, or nested like a requirements
/// file) and `--set field=value`, each checked by its question.
pub fn given_answers(
    questionnaire: &Questionnaire,
    file: Option<&Path>,
    sets: &[String],
) -> Result<BTreeMap<String, Value>> {
    let mut out = BTreeMap::new();
    if let Some(path) = file {
        let (label, text) = crate::yaml::read_source(path)?;
        let doc: Value = crate::yaml::from_str(&label, &text)?;
        let Value::Object(map) = doc else {
            return Err(Error::input(format!(
                "{label}: expected `field: value` pairs"
            )));
        };
        let mut flat = Vec::new();
        flatten("", &map, &mut flat);
        for (field, v) in flat {
            let q = questionnaire.find(&field).map_err(|e| located(e, &label))?;
            let parsed = q
                .parse_value(&v)
                .map_err(|m| Error::input(format!("{label}: `{field}`: {m}")))?;
            out.insert(field, parsed);
        }
    }
    for s in sets {
        let Some((field, text)) = s.split_once('=') else {
            return Err(Error::input(format!("--set {s:?} has no `=`"))
                .help("write --set field=value, e.g. --set scale.peak_rps=3k"));
        };
        let field = field.trim();
        let q = questionnaire.find(field)?;
        let parsed = q
            .parse_text(text)
            .map_err(|m| Error::input(format!("--set {field}: {m}")))?;
        out.insert(field.to_string(), parsed);
    }
    Ok(out)
}

fn located(mut e: Error, label: &str) -> Error {
    e.message = format!("{label}: {}", e.message);
    e
}

fn flatten(prefix: &str, map: &serde_json::Map<String, Value>, out: &mut Vec<(String, Value)>) {
    for (k, v) in map {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Object(m) => flatten(&path, m, out),
            other => out.push((path, other.clone())),
        }
    }
}
