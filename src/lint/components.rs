//! Checks of `components:`: duplicate names, shares that do not add up, parts that
//! state nothing of their own, contradictions inside a part (the contradiction lints
//! run on each part's effective requirements), and declared decisions per part
//! (drift, and topics declared at the wrong level).

use super::check::Ctx;
use super::diagnostic::{whole_file, Diagnostic};
use crate::engine;
use crate::requirements::component::{effective_all, says_something, Component};
use crate::requirements::Requirements;
use crate::rules::model::Severity;
use crate::rules::Rulebook;
use crate::yaml::{Index, Span};

/// Shares are compared with 100 % to this many percentage points.
const SLACK: f64 = 1e-6;

struct Lints<'a> {
    book: &'a Rulebook,
    file: &'a str,
    index: &'a Index,
}

impl Lints<'_> {
    fn new_diag(&self, id: &str, span: Span, message: String, field: String) -> Diagnostic {
        let lint = self.book.lint(id);
        let severity = lint.map_or(Severity::Warning, |l| l.severity);
        let mut d = Diagnostic::new(id, severity, self.file, span, message).field(field);
        if let Some(l) = lint {
            d.help = Some(l.help.clone());
            d.source = l.source.clone();
        }
        d
    }

    /// The key of `path` if it is written, else its value, else the whole file.
    fn span(&self, path: &str) -> Span {
        self.index
            .key(path)
            .or_else(|| self.index.value(path))
            .unwrap_or_else(whole_file)
    }
}

/// Every component finding of a document whose schema checks passed for `req`.
/// `facts` are the system's facts (contradictions already reported for the system
/// are not repeated for a part that does not restate their fields).
pub fn check(
    book: &Rulebook,
    file: &str,
    index: &Index,
    req: &Requirements,
    facts: &crate::facts::Facts,
) -> Vec<Diagnostic> {
    let Some(parts) = req.components.as_deref().filter(|c| !c.is_empty()) else {
        return Vec::new();
    };
    let l = Lints { book, file, index };
    let mut out = Vec::new();
    names(&l, parts, &mut out);
    shares(&l, parts, &mut out);
    silent(&l, req, parts, &mut out);
    for (i, part) in effective_all(req).iter().enumerate() {
        out.extend(contradictions(book, file, index, req, part, facts, i));
    }
    out.extend(drift(&l, req, parts));
    out
}

fn names(l: &Lints, parts: &[Component], out: &mut Vec<Diagnostic>) {
    for (i, c) in parts.iter().enumerate() {
        if let Some(first) = parts[..i].iter().position(|p| p.name == c.name) {
            let path = format!("components[{i}].name");
            let line = l.span(&format!("components[{first}].name")).line;
            out.push(l.new_diag(
                "duplicate-component",
                l.index.value(&path).unwrap_or_else(|| l.span(&path)),
                format!(
                    "component `{}` is named twice (first on line {line})",
                    c.name
                ),
                path,
            ));
        }
    }
}

fn shares(l: &Lints, parts: &[Component], out: &mut Vec<Diagnostic>) {
    let given: f64 = parts.iter().filter_map(|c| c.share).map(|s| s.0).sum();
    let all_given = parts.iter().all(|c| c.share.is_some());
    let show = |n: f64| crate::quantity::Unit::Percent.show(n);
    let last = parts.iter().rposition(|c| c.share.is_some());
    let Some(last) = last else {
        return;
    };
    let path = format!("components[{last}].share");
    let span = l.index.value(&path).unwrap_or_else(|| l.span("components"));
    if given > 100.0 + SLACK {
        out.push(l.new_diag(
            "component-shares-over-100",
            span,
            format!(
                "the components' shares add up to {}, more than the whole system's peak requests",
                show(given)
            ),
            path,
        ));
    } else if all_given && given < 100.0 - SLACK {
        out.push(l.new_diag(
            "component-shares-under-100",
            span,
            format!(
                "every component states a share and they add up to {}; {} of the peak requests reach no component",
                show(given),
                show(100.0 - given)
            ),
            path,
        ));
    }
}

/// A part whose sections, laid over the system's, change nothing.
fn silent(l: &Lints, req: &Requirements, parts: &[Component], out: &mut Vec<Diagnostic>) {
    let system = req.without_parts();
    for (i, c) in parts.iter().enumerate() {
        if !says_something(c, &system) {
            let path = format!("components[{i}]");
            let span = l
                .index
                .value(&format!("{path}.name"))
                .unwrap_or_else(|| l.span(&path));
            out.push(l.new_diag(
                "component-says-nothing",
                span,
                format!(
                    "component `{}` says nothing the system does not: its decisions are the system's",
                    c.name
                ),
                path,
            ));
        }
    }
}

/// The contradiction lints on part `i`'s effective requirements, located at the part's
/// own field when it states one and at the system field otherwise (`part` is the
/// part's effective requirements). A finding the system
/// already has is repeated only when the part restates one of its fields.
fn contradictions(
    book: &Rulebook,
    file: &str,
    index: &Index,
    req: &Requirements,
    part: &Requirements,
    system: &crate::facts::Facts,
    i: usize,
) -> Vec<Diagnostic> {
    let (facts, _) = engine::facts_only(book, part);
    let prefix = format!("components[{i}]");
    let ctx = Ctx {
        book,
        file,
        index,
        facts: &facts,
        prefix: Some(prefix.clone()),
    };
    let name = req.components.as_deref().unwrap_or_default()[i]
        .name
        .clone();
    ctx.contradictions()
        .into_iter()
        .filter(|d| {
            let own = d
                .field
                .as_deref()
                .is_some_and(|f| f.starts_with(&format!("{prefix}.")));
            let lint = book.lint(&d.id);
            let in_system = lint
                .and_then(|l| l.when.as_ref())
                .is_some_and(|w| w.eval(system));
            own || !in_system
        })
        .map(|mut d| {
            d.message = format!("in component `{name}`: {}", d.message);
            d
        })
        .collect()
}

/// Declared decisions of each part against the engine's decisions for it, and topics
/// declared at the wrong level.
fn drift(l: &Lints, req: &Requirements, parts: &[Component]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let per_component = |id: &str| l.book.topic(id).is_some_and(|t| t.per_component);
    for topic in req.decisions.iter().flatten().map(|(t, _)| t) {
        if per_component(topic) {
            let path = format!("decisions.{topic}");
            out.push(l.new_diag(
                "decision-per-component",
                l.span(&path),
                format!("`{topic}` is decided for each component; a system-wide `decisions.{topic}` is not checked"),
                path,
            ));
        }
    }
    if !parts
        .iter()
        .any(|c| c.decisions.as_ref().is_some_and(|d| !d.is_empty()))
    {
        return out;
    }
    let assessment = engine::evaluate(l.book, req);
    for (i, c) in parts.iter().enumerate() {
        for (topic_id, option) in c.decisions.iter().flatten() {
            let path = format!("components[{i}].decisions.{topic_id}");
            let key = l.span(&path);
            let value = l.index.value(&path).unwrap_or(key);
            let Some(topic) = l.book.topic(topic_id) else {
                let ids = l.book.topics.iter().map(|t| t.id.as_str());
                let help = match crate::error::did_you_mean(topic_id, ids) {
                    Some(b) => format!("did you mean `{b}`?"),
                    None => "run `tradeoff topics` for the topic ids".into(),
                };
                out.push(
                    l.new_diag(
                        "unknown-decision",
                        key,
                        format!("unknown topic `{topic_id}`"),
                        path,
                    )
                    .help(help),
                );
                continue;
            };
            if topic.option(option).is_none() {
                let ids: Vec<&str> = topic.options.iter().map(|o| o.id.as_str()).collect();
                out.push(
                    l.new_diag(
                        "unknown-decision",
                        value,
                        format!("`{option}` is not an option of topic `{topic_id}`"),
                        path,
                    )
                    .help(format!("options of {topic_id}: {}", ids.join(", "))),
                );
                continue;
            }
            if !topic.per_component {
                out.push(l.new_diag(
                    "system-decision-in-component",
                    key,
                    format!("`{topic_id}` is decided once for the whole system; declare it under the top-level `decisions:`, not in component `{}`", c.name),
                    path,
                ));
                continue;
            }
            let decided = assessment
                .components
                .get(i)
                .and_then(|a| a.decisions.iter().find(|d| d.topic == *topic_id));
            let Some(d) = decided else {
                continue;
            };
            if d.choice == *option || d.also.iter().any(|a| a == option) {
                continue;
            }
            let because = d
                .rationale
                .iter()
                .filter(|r| r.option == d.choice && r.weight > 0.0)
                .max_by(|a, b| a.weight.total_cmp(&b.weight));
            let help = match because {
                Some(r) => format!(
                    "for component `{}`, {topic_id} recommends {} because: {} [{}]",
                    c.name, d.choice, r.text, r.source.section
                ),
                None => format!(
                    "for component `{}`, {topic_id} recommends {} as the simplest fit",
                    c.name, d.choice
                ),
            };
            let mut diag = l
                .new_diag(
                    "decision-drift",
                    value,
                    format!(
                        "the requirements of component `{}` no longer support `{topic_id}: {option}`; tradeoff recommends `{}`",
                        c.name, d.choice
                    ),
                    path,
                )
                .help(help);
            diag.topic = Some(topic_id.clone());
            diag.source = Some(topic.source.clone());
            out.push(diag);
        }
    }
    out
}
