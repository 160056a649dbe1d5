//! Parts of the system whose needs differ (components): the questions `ask` puts for
//! one, each with the system's answer as its default, and the overrides kept (only what
//! differs from the system). The same course with a person at the terminal or with
//! `--set components.NAME.FIELD=VALUE` / an answers file's `components:` list.

use super::answers::Answers;
use super::flow::{Asker, Reply, Step};
use super::questions::{Kind, Question, Questionnaire};
use super::value::format_quantity;
use crate::error::{Error, Result};
use crate::quantity::Unit;
use serde_json::{Map, Value};

/// A component's own fields that are not requirements questions.
const NAME: &str = "name";
const DESCRIPTION: &str = "description";
const SHARE: &str = "share";

/// Overrides for one part, as given up front: field path -> value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GivenPart {
    pub name: String,
    pub fields: Vec<(String, Value)>,
}

/// Whether `name` may name a component: lowercase kebab-case, at most 64 characters.
pub fn check_name(name: &str) -> std::result::Result<(), String> {
    let kebab = name.split('-').all(|w| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    }) && name.starts_with(|c: char| c.is_ascii_lowercase());
    if !kebab || name.len() > 64 {
        return Err(format!(
            "a part's name is lowercase kebab-case, at most 64 characters (`cart`, `order-history`), not {:?}",
            crate::text::escape(name)
        ));
    }
    Ok(())
}

/// The sections a component may override (`traffic`, `data`, ...), from the format.
pub fn sections() -> Vec<String> {
    let schema = serde_json::to_value(schemars::schema_for!(
        crate::requirements::component::Component
    ))
    .unwrap_or_default();
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| {
            p.keys()
                .filter(|k| ![NAME, DESCRIPTION, SHARE, "decisions"].contains(&k.as_str()))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// The question that answers `field` for a part, or an error saying what a part takes.
pub fn question_for<'q>(
    questionnaire: &'q Questionnaire,
    part: &str,
    field: &str,
) -> Result<std::borrow::Cow<'q, Question>> {
    match field {
        SHARE => return Ok(std::borrow::Cow::Owned(share_question(part))),
        DESCRIPTION => return Ok(std::borrow::Cow::Owned(description_question(part))),
        _ => {}
    }
    let section = field.split('.').next().unwrap_or_default();
    if !sections().iter().any(|s| s == section) {
        return Err(Error::input(format!(
            "a part cannot set `{field}`: it is decided once for the whole system"
        ))
        .help(format!(
            "a part sets `share`, `description` or fields of {}",
            sections()
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    questionnaire.find(field).map(std::borrow::Cow::Borrowed)
}

fn share_question(part: &str) -> Question {
    Question {
        field: SHARE.into(),
        kind: Kind::Quantity,
        prompt: format!("What share of the peak requests reach {part} (percent)?"),
        help: "The part's load is this share of the system's peak requests per second; \
               parts without a share split what the others leave evenly."
            .into(),
        description: String::new(),
        choices: Vec::new(),
        unit: Some(Unit::Percent),
        list: false,
        topics: Vec::new(),
        default: None,
        fact: false,
    }
}

fn description_question(part: &str) -> Question {
    Question {
        field: DESCRIPTION.into(),
        kind: Kind::Text,
        prompt: format!("In a few words, what does {part} do?"),
        help: "Shown beside the part in the advice and the report; no decision depends on it."
            .into(),
        description: String::new(),
        choices: Vec::new(),
        unit: None,
        list: false,
        topics: Vec::new(),
        default: None,
        fact: false,
    }
}

/// The part named `name` as it stands in the answers (empty when new).
pub fn existing(answers: &Answers, name: &str) -> Map<String, Value> {
    let mut part = answers
        .get("components")
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter()
                .filter_map(Value::as_object)
                .find(|c| c.get(NAME).and_then(Value::as_str) == Some(name))
        })
        .cloned()
        .unwrap_or_default();
    part.insert(NAME.into(), Value::String(name.into()));
    part
}

/// The names of the parts so far.
pub fn names(answers: &Answers) -> Vec<String> {
    answers
        .get("components")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|c| c.get(NAME).and_then(Value::as_str))
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Puts `part` into the answers: replaces the part of that name, or adds it last.
pub fn put(answers: &mut Answers, part: Map<String, Value>) {
    let name = part.get(NAME).cloned();
    let mut list = answers
        .get("components")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    match list.iter_mut().find(|c| c.get(NAME) == name.as_ref()) {
        Some(slot) => *slot = Value::Object(part),
        None => list.push(Value::Object(part)),
    }
    answers.set("components", Value::Array(list));
}

/// Applies parts given up front (`--set components.NAME.FIELD=VALUE`, `--answers`).
pub fn apply(answers: &mut Answers, given: &[GivenPart]) {
    for g in given {
        let mut part = existing(answers, &g.name);
        for (field, value) in &g.fields {
            set_path(&mut part, field, value.clone());
        }
        put(answers, part);
    }
}

/// Asks the part's questions (`questionnaire.parts`), each defaulting to the part's own
/// value or else the system's answer in `system`. Returns the part with what differs
/// from the system, or `None` when cancelled.
pub fn ask(
    questionnaire: &Questionnaire,
    system: &Answers,
    name: &str,
    asker: &mut dyn Asker,
) -> Result<Option<Map<String, Value>>> {
    let mut questions = vec![description_question(name), share_question(name)];
    for field in &questionnaire.parts {
        let mut q = questionnaire.find(field)?.clone();
        q.prompt = format!("{name}: {}", q.prompt);
        questions.push(q);
    }
    let mut part = existing(system, name);
    let mut i = 0;
    while i < questions.len() {
        let q = &questions[i];
        let own = get_path(&part, &q.field).cloned();
        let inherited = if q.fact {
            system.get(&q.field).cloned()
        } else {
            None
        };
        let computed = (q.field == SHARE && own.is_none()).then(|| {
            format!(
                "{}, what the other parts leave",
                format_quantity(Unit::Percent, open_share(system, name))
            )
        });
        let step = Step {
            question: q,
            number: i + 1,
            total: questions.len(),
            current: own.or_else(|| inherited.clone()),
            computed,
            can_go_back: i > 0,
        };
        match asker.ask(&step)? {
            Reply::Value(v) => {
                let same = inherited.as_ref() == Some(&v) || v.as_str() == Some("");
                if same {
                    remove_path(&mut part, &q.field);
                } else {
                    set_path(&mut part, &q.field, v);
                }
                i += 1;
            }
            Reply::Keep => i += 1,
            Reply::Back => i = i.saturating_sub(1),
            Reply::Cancel => return Ok(None),
        }
    }
    Ok(Some(part))
}

/// The share a part without one would get: what the other parts leave, split evenly.
fn open_share(answers: &Answers, name: &str) -> f64 {
    let others: Vec<Value> = answers
        .get("components")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter(|c| c.get(NAME).and_then(Value::as_str) != Some(name))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let given: f64 = others
        .iter()
        .filter_map(|c| c.get(SHARE).and_then(Value::as_f64))
        .sum();
    let open = others.iter().filter(|c| c.get(SHARE).is_none()).count() + 1;
    ((100.0 - given) / open as f64).max(0.0)
}

fn get_path<'a>(map: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut node = map.get(parts.next()?)?;
    for p in parts {
        node = node.get(p)?;
    }
    Some(node)
}

fn set_path(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.into(), value);
        }
        Some((head, rest)) => {
            let slot = map
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(inner) = slot {
                set_path(inner, rest, value);
            }
        }
    }
}

fn remove_path(map: &mut Map<String, Value>, path: &str) {
    match path.split_once('.') {
        None => {
            map.remove(path);
        }
        Some((head, rest)) => {
            if let Some(Value::Object(inner)) = map.get_mut(head) {
                remove_path(inner, rest);
                if inner.is_empty() {
                    map.remove(head);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_kebab_case() {
        assert!(check_name("cart").is_ok());
        assert!(check_name("order-history2").is_ok());
        for bad in [
            "",
            "Cart",
            "-cart",
            "cart-",
            "a--b",
            "2fa",
            "a b",
            &"x".repeat(65),
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paths_set_and_remove_leaving_no_empty_sections() {
        let mut m = Map::new();
        set_path(&mut m, "consistency.stale_data_cost", json!("high"));
        assert_eq!(
            get_path(&m, "consistency.stale_data_cost"),
            Some(&json!("high"))
        );
        remove_path(&mut m, "consistency.stale_data_cost");
        assert!(m.is_empty());
    }

    #[test]
    fn the_open_share_is_what_the_others_leave() {
        let mut a = Answers::default();
        a.set(
            "components",
            json!([{"name": "a", "share": 40}, {"name": "b"}]),
        );
        assert_eq!(open_share(&a, "c"), 30.0);
        assert_eq!(open_share(&a, "b"), 60.0);
    }
}
