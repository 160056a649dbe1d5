//! `tradeoff ask`: the interactive questionnaire that writes a requirements file.
//!
//! The questions are data (`rules/questions/`); which of them are put is decided
//! by the rules (`relevance.rs`); the course is the same with a person at the
//! terminal (`prompt.rs`) or with answers given up front (`--answers`, `--set`).

pub mod answers;
mod finish;
pub mod flow;
pub mod parts;
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
        let Given { fields, parts } =
            given_answers(&questionnaire, args.answers.as_deref(), &args.set)?;
        let flow::Course { mut answers, asked } = answer_all(&book, &questionnaire, start, fields)?;
        parts::apply(&mut answers, &parts);
        let filled = complete(&questionnaire, &mut answers, &asked)?;
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
    questionnaire: &Questionnaire,
    answers: &mut Answers,
    asked: &[String],
) -> Result<Vec<String>> {
    let req = answers.requirements()?;
    let resolved = crate::facts::resolve(&req);
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

/// Answers given up front: system fields, and parts of the system (components).
#[derive(Debug, Default)]
pub struct Given {
    pub fields: BTreeMap<String, Value>,
    pub parts: Vec<parts::GivenPart>,
}

/// Reads `--answers FILE` (flat `field: value` pairs, or nested like a requirements
/// file, with an optional `components:` list) and `--set field=value` (a part's field
/// as `components.NAME.FIELD=value`), each checked by its question.
pub fn given_answers(
    questionnaire: &Questionnaire,
    file: Option<&Path>,
    sets: &[String],
) -> Result<Given> {
    let mut given = Given::default();
    if let Some(path) = file {
        let (label, text) = crate::yaml::read_source(path)?;
        let doc: Value = crate::yaml::from_str(&label, &text)?;
        let Value::Object(mut map) = doc else {
            return Err(Error::input(format!(
                "{label}: expected `field: value` pairs"
            )));
        };
        let mut flat = Vec::new();
        if let Some(list) = map.remove("components") {
            listed_parts(&label, list, &mut flat)?;
        }
        flatten("", &map, &mut flat);
        for (field, v) in flat {
            let q = given
                .question(questionnaire, &field)
                .map_err(|e| located(e, &label))?;
            let parsed = q
                .parse_value(&v)
                .map_err(|m| Error::input(format!("{label}: `{field}`: {m}")))?;
            given.insert(&field, parsed);
        }
    }
    for s in sets {
        let Some((field, text)) = s.split_once('=') else {
            return Err(Error::input(format!("--set {s:?} has no `=`"))
                .help("write --set field=value, e.g. --set scale.peak_rps=3k"));
        };
        let field = field.trim();
        let q = given.question(questionnaire, field)?;
        let parsed = q
            .parse_text(text)
            .map_err(|m| Error::input(format!("--set {field}: {m}")))?;
        given.insert(field, parsed);
    }
    Ok(given)
}

impl Given {
    /// The question that answers `field`: a system field, or `components.NAME.FIELD`.
    fn question<'q>(
        &self,
        questionnaire: &'q Questionnaire,
        field: &str,
    ) -> Result<std::borrow::Cow<'q, questions::Question>> {
        match split_part(field)? {
            Some((name, part_field)) => parts::question_for(questionnaire, name, part_field),
            None => questionnaire.find(field).map(std::borrow::Cow::Borrowed),
        }
    }

    fn insert(&mut self, field: &str, value: Value) {
        match split_part(field) {
            Ok(Some((name, part_field))) => {
                let part = self.part(name);
                part.fields.retain(|(f, _)| f != part_field);
                part.fields.push((part_field.to_string(), value));
            }
            _ => {
                self.fields.insert(field.to_string(), value);
            }
        }
    }

    fn part(&mut self, name: &str) -> &mut parts::GivenPart {
        let i = match self.parts.iter().position(|p| p.name == name) {
            Some(i) => i,
            None => {
                self.parts.push(parts::GivenPart {
                    name: name.to_string(),
                    fields: Vec::new(),
                });
                self.parts.len() - 1
            }
        };
        &mut self.parts[i]
    }
}

/// `components.NAME.FIELD` as (NAME, FIELD), the name checked; `None` for a system field.
fn split_part(field: &str) -> Result<Option<(&str, &str)>> {
    let Some(rest) = field.strip_prefix("components.") else {
        return Ok(None);
    };
    let Some((name, part_field)) = rest.split_once('.') else {
        return Err(
            Error::input(format!("`{field}`: no field after the part's name"))
                .help("write components.NAME.FIELD, e.g. components.cart.share=20%"),
        );
    };
    parts::check_name(name).map_err(|m| Error::input(format!("`{field}`: {m}")))?;
    Ok(Some((name, part_field)))
}

/// An answers file's `components:` (a list of parts with a `name`, as in a requirements
/// file, or a mapping name -> fields, whose parts come in name order) as
/// `components.NAME.FIELD` pairs.
fn listed_parts(label: &str, list: Value, out: &mut Vec<(String, Value)>) -> Result<()> {
    let named: Vec<(String, serde_json::Map<String, Value>)> = match list {
        Value::Array(items) => {
            let mut named = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                let Value::Object(mut map) = item else {
                    return Err(Error::input(format!(
                        "{label}: components[{i}] is not a mapping of fields"
                    )));
                };
                let Some(Value::String(name)) = map.remove("name") else {
                    return Err(Error::input(format!(
                        "{label}: components[{i}] has no `name`"
                    )));
                };
                named.push((name, map));
            }
            named
        }
        Value::Object(map) => map
            .into_iter()
            .map(|(name, v)| match v {
                Value::Object(m) => Ok((name, m)),
                _ => Err(Error::input(format!(
                    "{label}: components `{name}` is not a mapping of fields"
                ))),
            })
            .collect::<Result<_>>()?,
        _ => {
            return Err(Error::input(format!(
                "{label}: `components` is a list of parts, each with a `name`"
            )))
        }
    };
    for (name, map) in named {
        parts::check_name(&name).map_err(|m| Error::input(format!("{label}: {m}")))?;
        flatten(&format!("components.{name}"), &map, out);
    }
    Ok(())
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
