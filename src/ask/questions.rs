//! The questionnaire as data: `rules/questions/*.yaml`, each question bound to a
//! requirements field, checked against the requirements schema when it loads.
//! Choices, units and field descriptions come from the schema, not from the file.

use crate::error::{did_you_mean, Error, Result};
use crate::facts::{FactKind, FactSpec};
use crate::quantity::Unit;
use crate::rules::{RuleSource, Rulebook};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// How a question is answered.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// One of the field's allowed values.
    Choice,
    /// Any number of the field's allowed values.
    MultiChoice,
    YesNo,
    /// A number with the field's unit (`10M`, `3TB`, `99.9%`, `200ms`).
    Quantity,
    /// Free text; a list field takes comma-separated items.
    Text,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Choice => "choice",
            Kind::MultiChoice => "multi-choice",
            Kind::YesNo => "yes-no",
            Kind::Quantity => "quantity",
            Kind::Text => "text",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    field: String,
    kind: Kind,
    prompt: String,
    help: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionnaireFile {
    questions: Vec<QuestionFile>,
    parts: Option<PartsFile>,
}

/// The questions put for a part of the system whose needs differ (a component).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartsFile {
    prompt: String,
    fields: Vec<String>,
}

/// One allowed value with the schema's description of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug)]
pub struct Question {
    /// The requirements field, as a dotted path (`scale.peak_rps`).
    pub field: String,
    pub kind: Kind,
    pub prompt: String,
    /// Why the answer matters (from the question file).
    pub help: String,
    /// The schema's description of the field (shown as the comment in written files).
    pub description: String,
    /// Allowed values, for choice and multi-choice questions.
    pub choices: Vec<Choice>,
    /// Unit of a quantity.
    pub unit: Option<Unit>,
    /// The field holds a list (multi-choice, or text split at commas).
    pub list: bool,
    /// Topics whose decisions read this field (directly or through a derived figure).
    pub topics: Vec<String>,
    /// The format's documented default, when it is a fixed value.
    pub default: Option<Value>,
    /// The field is a fact that rules may test (false for `name`, `description`).
    pub fact: bool,
}

#[derive(Clone, Debug)]
pub struct Questionnaire {
    pub questions: Vec<Question>,
    /// The menu entry that adds a part of the system (a component).
    pub parts_prompt: String,
    /// The questions asked for a part, by field, each also a question above.
    pub parts: Vec<String>,
}

impl Questionnaire {
    /// The questions bundled with the binary (`rules/questions/`).
    pub fn bundled(book: &Rulebook) -> Result<Questionnaire> {
        let sources: Vec<RuleSource> = crate::rules::bundled_sources()
            .into_iter()
            .filter(|s| s.rel.starts_with("questions/"))
            .collect();
        Questionnaire::load(&sources, book)
    }

    /// Reads and checks question files, in file order.
    pub fn load(sources: &[RuleSource], book: &Rulebook) -> Result<Questionnaire> {
        let schema = crate::facts::requirements_schema();
        let top = top_level_fields(schema);
        let defaults = serde_json::to_value(crate::requirements::defaults()).unwrap_or_default();
        let readers = readers(book);
        let mut questions: Vec<Question> = Vec::new();
        let mut parts: Option<(String, PartsFile)> = None;
        for s in sources {
            let file: QuestionnaireFile = crate::yaml::from_str(&s.label, &s.text)?;
            if let Some(p) = file.parts {
                if let Some((first, _)) = &parts {
                    return Err(Error::input(format!(
                        "{}: `parts` is already given in {first}",
                        s.label
                    )));
                }
                parts = Some((s.label.clone(), p));
            }
            for q in file.questions {
                if questions.iter().any(|o| o.field == q.field) {
                    return Err(Error::input(format!(
                        "{}: two questions ask `{}`",
                        s.label, q.field
                    )));
                }
                let spec = book.catalog.get(&q.field).filter(|_| is_input(&q.field));
                let description = match (spec, top.get(&q.field)) {
                    (Some(spec), _) => spec.description.clone(),
                    (None, Some(d)) => d.clone(),
                    (None, None) => {
                        let known = book.catalog.keys().filter(|k| is_input(k));
                        let help = match did_you_mean(&q.field, known.map(String::as_str)) {
                            Some(b) => format!("did you mean `{b}`?"),
                            None => "see `tradeoff schema requirements` for the fields".into(),
                        };
                        return Err(Error::input(format!(
                            "{}: `{}` is not a requirements field",
                            s.label, q.field
                        ))
                        .help(help));
                    }
                };
                check_kind(&s.label, &q, spec)?;
                let choices = match spec.and_then(FactSpec::values) {
                    Some(values) => {
                        let labels = variant_labels(schema, &q.field);
                        values
                            .iter()
                            .map(|v| Choice {
                                value: v.clone(),
                                label: labels.get(v).cloned().unwrap_or_default(),
                            })
                            .collect()
                    }
                    None => Vec::new(),
                };
                let default = lookup(&defaults, &q.field)
                    .filter(|v| !v.is_null())
                    .cloned();
                questions.push(Question {
                    unit: spec.and_then(FactSpec::unit),
                    list: matches!(spec.map(|s| &s.kind), Some(FactKind::List { .. })),
                    topics: readers.get(q.field.as_str()).cloned().unwrap_or_default(),
                    fact: spec.is_some(),
                    field: q.field,
                    kind: q.kind,
                    prompt: q.prompt,
                    help: q.help,
                    description,
                    choices,
                    default,
                });
            }
        }
        if questions.is_empty() {
            return Err(Error::input("no questions found in rules/questions/"));
        }
        let (parts_prompt, parts) = match parts {
            Some((label, p)) => {
                check_parts(&label, &p, &questions)?;
                (p.prompt, p.fields)
            }
            None => (String::new(), Vec::new()),
        };
        Ok(Questionnaire {
            questions,
            parts_prompt,
            parts,
        })
    }

    /// Whether `ask` offers to add parts (components).
    pub fn asks_parts(&self) -> bool {
        !self.parts.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.field == field)
    }

    /// The question for a field, or an error naming the closest one.
    pub fn find(&self, field: &str) -> Result<&Question> {
        self.get(field).ok_or_else(|| {
            let fields = self.questions.iter().map(|q| q.field.as_str());
            let help = match did_you_mean(field, fields) {
                Some(b) => format!("did you mean `{b}`?"),
                None => "answers are keyed by requirements field, e.g. `scale.peak_rps`".into(),
            };
            Error::input(format!("no question asks `{field}`")).help(help)
        })
    }

    /// The questions as a reviewable text listing (for the snapshot test and docs).
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for (i, q) in self.questions.iter().enumerate() {
            out.push_str(&format!("{}. {} ({})\n", i + 1, q.field, q.kind.name()));
            out.push_str(&format!("   prompt: {}\n", q.prompt));
            if !q.choices.is_empty() {
                let values: Vec<&str> = q.choices.iter().map(|c| c.value.as_str()).collect();
                out.push_str(&format!("   choices: {}\n", values.join(", ")));
            }
            let default = match q.default.as_ref().map(|v| q.show(v)) {
                Some(v) if !v.is_empty() => v,
                None if q.fact => "computed from other answers".into(),
                _ => "none".into(),
            };
            out.push_str(&format!("   default: {default}\n"));
            if !q.topics.is_empty() {
                out.push_str(&format!("   decides: {}\n", q.topics.join(", ")));
            }
            out.push_str(&format!("   help: {}\n", q.help));
        }
        out
    }
}

/// Requirements inputs: fields a person answers (not derived figures, decisions or
/// declared designs).
pub fn is_input(fact: &str) -> bool {
    crate::derived::inputs(fact).any(|f| f == fact)
}

fn check_kind(label: &str, q: &QuestionFile, spec: Option<&FactSpec>) -> Result<()> {
    let fits = matches!(
        (q.kind, spec.map(|s| &s.kind)),
        (Kind::Text, None)
            | (Kind::Choice, Some(FactKind::Text { values: Some(_) }))
            | (Kind::MultiChoice, Some(FactKind::List { values: Some(_) }))
            | (Kind::YesNo, Some(FactKind::Bool))
            | (Kind::Quantity, Some(FactKind::Number { .. }))
            | (
                Kind::Text,
                Some(FactKind::Text { values: None } | FactKind::List { values: None })
            )
    );
    if fits {
        return Ok(());
    }
    let expected = match spec.map(|s| &s.kind) {
        Some(FactKind::Text { values: Some(_) }) => "choice",
        Some(FactKind::List { values: Some(_) }) => "multi-choice",
        Some(FactKind::Bool) => "yes-no",
        Some(FactKind::Number { .. }) => "quantity",
        _ => "text",
    };
    Err(Error::input(format!(
        "{label}: question `{}` is {} but the field takes kind {expected}",
        q.field,
        q.kind.name()
    )))
}

/// Descriptions of the top-level fields and sections, from the schema.
/// Every part question is a question of a section a component may override.
fn check_parts(label: &str, parts: &PartsFile, questions: &[Question]) -> Result<()> {
    let sections = super::parts::sections();
    for field in &parts.fields {
        if !questions.iter().any(|q| &q.field == field) {
            let fields = questions.iter().map(|q| q.field.as_str());
            let help = match did_you_mean(field, fields) {
                Some(b) => format!("did you mean `{b}`?"),
                None => "each part question names a question of the file".into(),
            };
            return Err(Error::input(format!(
                "{label}: `parts` asks `{field}`, which no question asks"
            ))
            .help(help));
        }
        let section = field.split('.').next().unwrap_or_default();
        if !sections.iter().any(|s| s == section) {
            return Err(Error::input(format!(
                "{label}: `parts` asks `{field}`, but a component cannot override `{section}`"
            ))
            .help(format!("a component overrides {}", sections.join(", "))));
        }
    }
    Ok(())
}

pub fn top_level_fields(schema: &Value) -> BTreeMap<String, String> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .map(|(k, v)| {
                    let d = v.get("description").and_then(Value::as_str);
                    (k.clone(), d.unwrap_or_default().to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |node, p| node.get(p))
}

/// Follows `$ref` and looks through `Option`'s `anyOf [T, null]`.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    if let Some(name) = node
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        if let Some(target) = root.get("$defs").and_then(|d| d.get(name)) {
            return resolve(root, target);
        }
    }
    if let Some(any) = node.get("anyOf").and_then(Value::as_array) {
        let some: Vec<&Value> = any
            .iter()
            .filter(|v| v.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if let [one] = some.as_slice() {
            return resolve(root, one);
        }
    }
    node
}

/// The schema's description of each allowed value of a closed field.
fn variant_labels(schema: &Value, field: &str) -> BTreeMap<String, String> {
    let mut node = schema;
    for part in field.split('.') {
        node = resolve(schema, node);
        match node.get("properties").and_then(|p| p.get(part)) {
            Some(n) => node = n,
            None => return BTreeMap::new(),
        }
    }
    let mut node = resolve(schema, node);
    if let Some(items) = node.get("items") {
        node = resolve(schema, items);
    }
    let variants = node.get("oneOf").and_then(Value::as_array);
    variants
        .into_iter()
        .flatten()
        .filter_map(|v| {
            let value = v.get("const").and_then(Value::as_str)?;
            let label = v.get("description").and_then(Value::as_str)?;
            Some((value.to_string(), label.to_string()))
        })
        .collect()
}

/// For each requirements field, the topics whose conditions read it, directly or
/// through a derived figure it feeds.
pub fn readers(book: &Rulebook) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in &book.topics {
        let conditions = t
            .options
            .iter()
            .flat_map(|o| o.conditions.iter().map(|r| &r.when))
            .chain(t.combinations.iter().map(|c| &c.when))
            .chain(t.details.iter().filter_map(|d| d.when.as_ref()));
        for when in conditions {
            for (fact, _, _) in when.leaves() {
                for f in crate::derived::inputs(fact) {
                    out.entry(f.to_string()).or_default().insert(t.id.clone());
                }
            }
        }
    }
    // Keep the topics in the rulebook's display order.
    out.into_iter()
        .map(|(f, set)| {
            let ordered = book
                .topics
                .iter()
                .filter(|t| set.contains(&t.id))
                .map(|t| t.id.clone())
                .collect();
            (f, ordered)
        })
        .collect()
}
