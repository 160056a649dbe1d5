//! Checking one requirements document: a pure function from text to findings.
//!
//! Order: bytes (encoding, size) -> YAML (syntax, duplicates, budgets) -> schema
//! -> contradictions (lint rules as data) -> defaults that decisions hinge on ->
//! drift of declared decisions -> acceptances.

use super::diagnostic::{cap, whole_file, Diagnostic, Omitted};
use crate::engine::{self, describe};
use crate::requirements::Requirements;
use crate::rules::model::Severity;
use crate::rules::{LintDef, Rulebook};
use crate::yaml::{Index, Span};
use serde::Deserialize;

/// Topics testing a field (directly or through a derived figure) before an
/// unanswered field is reported as a decision input left to its default.
const HINGE_TOPICS: usize = 4;

/// A checked document: its findings (at most `MAX_PER_FILE`, by position) and how many
/// more there were.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub omitted: Omitted,
}

/// Checks one document. `today` is days since 1970-01-01 (acceptance expiry).
/// Findings past the per-file cap are dropped; `check_file` counts them.
pub fn check(book: &Rulebook, file: &str, bytes: Vec<u8>, today: i64) -> Vec<Diagnostic> {
    check_file(book, file, bytes, today).diagnostics
}

/// Checks one document, keeping at most `MAX_PER_FILE` findings and counting the rest.
pub fn check_file(book: &Rulebook, file: &str, bytes: Vec<u8>, today: i64) -> Checked {
    let mut omitted = Omitted::new();
    let mut diagnostics = check_all(book, file, bytes, today, &mut omitted);
    cap(&mut diagnostics, &mut omitted);
    Checked {
        diagnostics,
        omitted,
    }
}

fn check_all(
    book: &Rulebook,
    file: &str,
    bytes: Vec<u8>,
    today: i64,
    omitted: &mut Omitted,
) -> Vec<Diagnostic> {
    let severity = |id: &str| book.lint(id).map_or(Severity::Error, |l| l.severity);
    let index = match read_index(file, bytes, &severity) {
        Ok(i) => i,
        Err(out) => return out,
    };
    let mut out = super::validate::validate_capped(file, &index, omitted);
    // Values the schema refuses are left out, so every other check still runs on
    // the rest of the file: one typo does not hide the findings behind it.
    let pruned = (!out.is_empty()).then(|| prune(&index.value, &out));
    let req: Requirements = match Requirements::deserialize(pruned.as_ref().unwrap_or(&index.value))
    {
        Ok(r) => r,
        Err(e) => {
            if out.is_empty() {
                let id = "invalid-value";
                out.push(Diagnostic::new(
                    id,
                    severity(id),
                    file,
                    whole_file(),
                    e.to_string(),
                ));
            }
            return out;
        }
    };
    let refused: Vec<String> = out.iter().filter_map(|d| d.field.clone()).collect();
    let sev = book
        .lint(super::units::ID)
        .map_or(Severity::Warning, |l| l.severity);
    out.extend(super::units::check(file, &index, sev));
    let (mut facts, defaulted) = engine::facts_only(book, &req);
    let defaulted: Vec<_> = defaulted
        .into_iter()
        .filter(|d| {
            // The refused field, a field inside it, or the section holding it.
            let under = |a: &str, b: &str| a.strip_prefix(b).is_some_and(|r| r.starts_with('.'));
            !refused
                .iter()
                .any(|r| r == d.field || under(r, d.field) || under(d.field, r))
        })
        .collect();
    // Decisions are only needed to check declared ones for drift.
    let outcomes = if req.decisions.as_ref().is_some_and(|d| !d.is_empty()) {
        if req.components.as_ref().is_some_and(|c| !c.is_empty()) {
            // As `advise` decides: the system seen whole, held to its strictest part.
            let whole = crate::requirements::component::system_view(&req);
            let (mut seen, _) = engine::facts_only(book, &whole);
            let outcomes = engine::decide(book, &mut seen);
            for t in &book.topics {
                for f in [t.decision_fact, t.design_fact] {
                    if let Some(v) = seen.at(f) {
                        facts.set_at(f, v.clone());
                    }
                }
            }
            outcomes
        } else {
            engine::decide(book, &mut facts)
        }
    } else {
        Vec::new()
    };
    let ctx = Ctx {
        book,
        file,
        index: &index,
        facts: &facts,
        prefix: None,
    };
    out.extend(ctx.contradictions());
    out.extend(ctx.defaults(&defaulted));
    out.extend(ctx.drift(&req, &outcomes));
    out.extend(super::components::check(book, file, &index, &req, &facts));
    super::accept::apply(book, file, &index, &req, &mut out, today);
    out
}

/// The one reader of requirements files, shared by every command: bytes -> text (size,
/// UTF-8, NUL) -> YAML (syntax, duplicates, budgets); then `lint` goes on through the
/// schema to every other check, while `advise`, `report`, `adr` and `ask --from` (through
/// [`read`] and `requirements::parse_requirements_str`) refuse the file with the first
/// finding, so every command gives the same verdict on the same file. `severity` gives a
/// built-in lint's severity.
fn read_index(
    file: &str,
    bytes: Vec<u8>,
    severity: &dyn Fn(&str) -> Severity,
) -> Result<Index, Vec<Diagnostic>> {
    let builtin =
        |id: &str, span: Span, msg: String| Diagnostic::new(id, severity(id), file, span, msg);
    let text = match crate::yaml::decode(file, bytes) {
        Ok(t) => t,
        Err(e) => {
            let span = e.location.as_ref().map_or(whole_file(), |l| Span {
                line: l.line.max(1),
                column: l.column.max(1),
                end_line: l.line.max(1),
                end_column: l.column.max(1) + 1,
            });
            let mut d = builtin("unreadable-file", span, e.message);
            d.help = e.help;
            return Err(vec![d]);
        }
    };
    if let Some((line, column)) = crate::yaml::nul_at(&text) {
        let span = Span {
            line,
            column,
            end_line: line,
            end_column: column + 1,
        };
        return Err(vec![builtin(
            "unreadable-file",
            span,
            "the file contains a NUL byte; is it binary?".into(),
        )]);
    }
    let index = match Index::parse(file, &text) {
        Ok(i) => i,
        Err(e) => {
            let mut d = builtin(e.kind, e.span, e.error.message);
            d.help = e.error.help;
            return Err(vec![d]);
        }
    };
    if index.value.is_null() {
        let d = builtin(
            "unreadable-file",
            whole_file(),
            "the file is empty (or only comments)".into(),
        )
        .help("a requirements file is a YAML mapping, for example `scale: {users: 10k}`");
        return Err(vec![d]);
    }
    Ok(index)
}

/// The one reader of requirements files for every command but `lint`: the text and
/// YAML steps of [`read_index`], then schema and typed requirements; any schema finding
/// refuses the file.
pub fn read(
    file: &str,
    bytes: Vec<u8>,
    severity: &dyn Fn(&str) -> Severity,
    omitted: &mut Omitted,
) -> Result<(Index, Requirements), Vec<Diagnostic>> {
    let index = read_index(file, bytes, severity)?;
    let out = super::validate::validate_capped(file, &index, omitted);
    if !out.is_empty() || !omitted.is_empty() {
        return Err(out);
    }
    match Requirements::deserialize(&index.value) {
        Ok(r) => Ok((index, r)),
        Err(e) => {
            let id = "invalid-value";
            let d = Diagnostic::new(id, severity(id), file, whole_file(), e.to_string());
            Err(vec![d])
        }
    }
}

/// A copy of the document without the values that findings point at (for a
/// list item, the item; for a field, the field).
fn prune(value: &serde_json::Value, findings: &[Diagnostic]) -> serde_json::Value {
    let mut doc = value.clone();
    let mut paths: Vec<Vec<Step>> = findings
        .iter()
        .filter_map(|d| d.field.as_deref())
        .map(steps)
        .collect();
    // Later list items first, so earlier indices stay valid.
    paths.sort_by(|a, b| b.cmp(a));
    for path in paths {
        remove(&mut doc, &path);
    }
    doc
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Item(usize),
}

/// `accept[0].reason` -> [accept, 0]: the path up to its first list item.
fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push(Step::Key(key.to_string()));
        }
        if let Some(i) = rest.strip_suffix(']').and_then(|i| i.parse().ok()) {
            out.push(Step::Item(i));
            break;
        }
    }
    out
}

fn remove(doc: &mut serde_json::Value, path: &[Step]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = doc;
    for step in parents {
        let next = match step {
            Step::Key(k) => node.get_mut(k.as_str()),
            Step::Item(i) => node.get_mut(*i),
        };
        match next {
            Some(n) => node = n,
            None => return,
        }
    }
    match (last, node) {
        (Step::Key(k), serde_json::Value::Object(map)) => {
            map.remove(k);
        }
        (Step::Item(i), serde_json::Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
        }
        _ => {}
    }
}

pub(super) struct Ctx<'a> {
    pub(super) book: &'a Rulebook,
    pub(super) file: &'a str,
    pub(super) index: &'a Index,
    pub(super) facts: &'a crate::facts::Facts,
    /// `components[i]` when checking a component: its own fields are looked up first.
    pub(super) prefix: Option<String>,
}

impl Ctx<'_> {
    fn at(&self, paths: &[String]) -> (Span, Option<String>) {
        if let Some(prefix) = &self.prefix {
            for p in paths {
                let own = format!("{prefix}.{p}");
                if let Some(e) = self.index.entries.get(&own) {
                    return (e.key.unwrap_or(e.value), Some(own));
                }
            }
        }
        for p in paths {
            if let Some(e) = self.index.entries.get(p) {
                return (e.key.unwrap_or(e.value), Some(p.clone()));
            }
        }
        for p in paths {
            let section = p.split('.').next().unwrap_or_default();
            if let Some(s) = self.index.key(section) {
                return (s, Some(section.to_string()));
            }
        }
        (whole_file(), None)
    }

    /// Replaces `{fact.path}` in a lint message with the fact's displayed value.
    fn fill(&self, template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + len];
            out.push_str(&rest[..start]);
            match self.facts.get(name) {
                Some(v) => out.push_str(&describe::show(name, v, &self.book.catalog)),
                None => out.push_str(&rest[start..=start + len]),
            }
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        out
    }

    pub(super) fn contradictions(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for lint in self
            .book
            .lints
            .iter()
            .filter(|l: &&LintDef| l.when.as_ref().is_some_and(|w| w.eval(self.facts)))
        {
            let (span, field) = self.at(&lint.at);
            let mut d = Diagnostic::new(
                &lint.id,
                lint.severity,
                self.file,
                span,
                self.fill(&lint.message),
            )
            .help(self.fill(&lint.help));
            d.field = field;
            d.source = lint.source.clone();
            out.push(d);
        }
        out
    }

    /// Unanswered fields that several topics test: the advice rests on a guess.
    fn defaults(&self, defaulted: &[crate::facts::Defaulted]) -> Vec<Diagnostic> {
        let Some(lint) = self.book.lint("defaulted-input") else {
            return Vec::new();
        };
        let users = &self.book.field_topics;
        let mut out = Vec::new();
        for d in defaulted {
            let Some(topics) = users.get(d.field) else {
                continue;
            };
            if topics.len() < HINGE_TOPICS {
                continue;
            }
            let (span, _) = self.at(&[d.field.to_string()]);
            let msg = format!(
                "`{}` is not given; {} decisions depend on it ({}); the default {} was assumed",
                d.field,
                topics.len(),
                topics.join(", "),
                d.value
            );
            let mut diag = Diagnostic::new(&lint.id, lint.severity, self.file, span, msg)
                .help(lint.help.clone())
                .field(d.field.to_string());
            diag.source = lint.source.clone();
            out.push(diag);
        }
        out
    }

    fn drift(&self, req: &Requirements, outcomes: &[Option<engine::Outcome>]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let sev = |id: &str| self.book.lint(id).map_or(Severity::Warning, |l| l.severity);
        let topic_ids: Vec<&str> = self.book.topics.iter().map(|t| t.id.as_str()).collect();
        for (topic_id, option) in req.decisions.iter().flatten() {
            let path = format!("decisions.{topic_id}");
            let key_span = self.index.key(&path).unwrap_or_else(whole_file);
            let value_span = self.index.value(&path).unwrap_or(key_span);
            let Some(ti) = self.book.topics.iter().position(|t| t.id == *topic_id) else {
                let help = match crate::error::did_you_mean(topic_id, topic_ids.iter().copied()) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => "run `tradeoff topics` for the topic ids".into(),
                };
                out.push(
                    Diagnostic::new(
                        "unknown-decision",
                        sev("unknown-decision"),
                        self.file,
                        key_span,
                        format!("unknown topic `{topic_id}`"),
                    )
                    .help(help)
                    .field(path),
                );
                continue;
            };
            let topic = &self.book.topics[ti];
            let has_components = req.components.as_ref().is_some_and(|c| !c.is_empty());
            if has_components && topic.per_component {
                continue; // `decision-per-component` (components.rs)
            }
            if topic.option(option).is_none() {
                let ids: Vec<&str> = topic.options.iter().map(|o| o.id.as_str()).collect();
                let help = match crate::error::did_you_mean(option, ids.iter().copied()) {
                    Some(b) => format!("did you mean `{b}`? options: {}", ids.join(", ")),
                    None => format!("options of {topic_id}: {}", ids.join(", ")),
                };
                out.push(
                    Diagnostic::new(
                        "unknown-decision",
                        sev("unknown-decision"),
                        self.file,
                        value_span,
                        format!("`{option}` is not an option of topic `{topic_id}`"),
                    )
                    .help(help)
                    .field(path),
                );
                continue;
            }
            let Some(Some(o)) = outcomes.get(ti) else {
                continue;
            };
            let chosen = &topic.options[o.choice];
            if chosen.id == *option || o.also.iter().any(|(a, _)| a == option) {
                continue;
            }
            let best = o.fired[o.choice]
                .iter()
                .map(|&i| &chosen.conditions[i])
                .filter(|r| r.weight > 0.0)
                .max_by(|a, b| a.weight.total_cmp(&b.weight));
            let mut help = match best {
                Some(r) => format!(
                    "{} recommends {} because: {} [{}]",
                    topic_id, chosen.id, r.because, r.source.section
                ),
                None => format!("{topic_id} recommends {} as the simplest fit", chosen.id),
            };
            match engine::flip_to(self.book, ti, self.facts, option) {
                Some(f) => help.push_str(&format!(
                    ". `{option}` would be chosen if {} were {} (now {})",
                    describe::label(&f.fact),
                    f.becomes,
                    f.current
                )),
                None => help.push_str(&format!(
                    ". No single requirement change makes `{option}` the choice"
                )),
            }
            let mut d = Diagnostic::new(
                "decision-drift",
                sev("decision-drift"),
                self.file,
                value_span,
                format!("the requirements no longer support `{topic_id}: {option}`; tradeoff recommends `{}`", chosen.id),
            )
            .help(help)
            .field(path);
            d.topic = Some(topic_id.clone());
            d.source = Some(topic.source.clone());
            out.push(d);
        }
        out
    }
}
