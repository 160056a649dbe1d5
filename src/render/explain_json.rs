//! `tradeoff topics --format json` and `tradeoff explain ID --format json`: the
//! same content as the tables, as data for scripts and editors. Every object has
//! a `kind` (`topics`, `topic`, `option`, `lint`, `lints`) and a `version`.

use crate::rules::{LintDef, OptionDef, Rulebook, Source, Topic};
use serde_json::{json, Value};

fn source(s: &Source) -> Value {
    json!({"section": s.section, "anchor": s.anchor})
}

fn to_text(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

pub fn topics(book: &Rulebook) -> String {
    let topics: Vec<Value> = book
        .topics
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "title": t.title,
                "question": t.question,
                "options": t.options.iter().map(|o| json!({"id": o.id, "name": o.name})).collect::<Vec<_>>(),
            })
        })
        .collect();
    to_text(&json!({"version": 1, "kind": "topics", "topics": topics}))
}

fn option_value(topic: &Topic, o: &OptionDef) -> Value {
    let conditions: Vec<Value> = o
        .conditions
        .iter()
        .map(|r| {
            json!({
                "weight": r.weight,
                "when": crate::engine::describe(&r.when, &Default::default(), None),
                "because": r.because,
                "source": source(&r.source),
            })
        })
        .collect();
    json!({
        "topic": topic.id,
        "id": o.id,
        "name": o.name,
        "summary": o.summary,
        "best_for": o.best_for,
        "advantages": o.advantages,
        "disadvantages": o.disadvantages,
        "scaling": o.scaling,
        "examples": o.examples,
        "conditions": conditions,
        "source": source(&o.source),
    })
}

pub fn topic(topic: &Topic) -> String {
    let tables: Vec<Value> = topic
        .tables
        .iter()
        .map(|t| json!({"title": t.title, "columns": t.columns, "rows": t.rows}))
        .collect();
    let combinations: Vec<Value> = topic
        .combinations
        .iter()
        .map(|c| json!({"add": c.add, "with": c.with, "because": c.because, "source": source(&c.source)}))
        .collect();
    let notes: Vec<Value> = topic
        .notes
        .iter()
        .map(|n| json!({"text": n.text, "source": source(&n.source)}))
        .collect();
    to_text(&json!({
        "version": 1,
        "kind": "topic",
        "id": topic.id,
        "title": topic.title,
        "question": topic.question,
        "summary": topic.summary,
        "options": topic.options.iter().map(|o| option_value(topic, o)).collect::<Vec<_>>(),
        "tables": tables,
        "combinations": combinations,
        "notes": notes,
        "source": source(&topic.source),
    }))
}

/// One option, or (for an id several topics share) each of them.
pub fn options(found: &[(&Topic, &OptionDef)]) -> String {
    let mut items: Vec<Value> = found.iter().map(|(t, o)| option_value(t, o)).collect();
    let value = if items.len() == 1 {
        let mut one = items.remove(0);
        one["version"] = json!(1);
        one["kind"] = json!("option");
        one
    } else {
        json!({"version": 1, "kind": "options", "options": items})
    };
    to_text(&value)
}

pub fn lint(l: &LintDef) -> String {
    to_text(&json!({
        "version": 1,
        "kind": "lint",
        "id": l.id,
        "severity": l.severity.as_str(),
        "summary": l.summary,
        "what": l.docs.what,
        "why": l.docs.why,
        "example": l.docs.example,
        "source": l.source.as_ref().map(source),
        "check": if l.when.is_some() { "condition" } else { "builtin" },
    }))
}

pub fn lints(book: &Rulebook) -> String {
    let lints: Vec<Value> = book
        .lints
        .iter()
        .map(|l| json!({"id": l.id, "severity": l.severity.as_str(), "summary": l.summary}))
        .collect();
    to_text(&json!({"version": 1, "kind": "lints", "lints": lints}))
}
