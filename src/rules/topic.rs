//! Validating one topic file into a `Topic`: ids, options, conditions, sources,
//! combinations, details, tables and test cases, with every error located.

use super::book::*;
use super::condition::{self, loc};
use super::model::*;
use super::wiki;
use crate::error::{did_you_mean, Error, Location};
use crate::facts::{Catalog, FactIndex};
use crate::requirements::Requirements;
use std::collections::BTreeSet;

/// Position of a section's top-level (H2) heading in the wiki's table of contents;
/// topics are shown in that order.
pub(super) fn toc_position(section: &str) -> usize {
    let top = section.split(" > ").next().unwrap_or_default();
    let Some(h) = wiki::headings()
        .iter()
        .find(|h| h.path.len() == 1 && h.path[0] == top)
    else {
        return usize::MAX;
    };
    wiki::WIKI
        .find(&format!("](#{})", h.anchor))
        .unwrap_or(usize::MAX)
}

pub(super) fn source(file: &str, s: &SpannedStr, errors: &mut Vec<Error>) -> Source {
    if let Some(reference) = s.value.strip_prefix("ref:") {
        let reference = reference.trim();
        if reference.len() < 8 {
            errors.push(
                Error::input("a `ref:` source must name the document and its section")
                    .at(loc(file, &s.referenced))
                    .help("e.g. `ref: AWS Well-Architected, Reliability pillar, REL 10`"),
            );
        }
        return Source {
            section: reference.to_string(),
            anchor: String::new(),
            external: true,
        };
    }
    match wiki::find(&s.value) {
        Ok(h) => Source {
            section: h.full(),
            anchor: h.anchor.clone(),
            external: false,
        },
        Err(msg) => {
            errors.push(Error::input(msg).at(loc(file, &s.referenced)).help(format!(
                "a source names a heading of {} (see `tradeoff explain` output for sections)",
                wiki::WIKI_PATH
            )));
            Source {
                section: s.value.clone(),
                ..Source::default()
            }
        }
    }
}

pub(super) fn unknown(file: &str, s: &SpannedStr, what: &str, known: &[&str]) -> Error {
    let hint = match did_you_mean(&s.value, known.iter().copied()) {
        Some(b) => format!("did you mean `{b}`?"),
        None => format!("known: {}", known.join(", ")),
    };
    Error::input(format!("unknown {what} `{}`", s.value))
        .at(loc(file, &s.referenced))
        .help(hint)
}

/// A kebab-case id: lowercase letters and digits, in words joined by single hyphens
/// (`cache-aside`; not `-x`, `x--y` or `x-`).
pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Weights and base scores are bounded so that no sum of them can overflow to
/// infinity (which JSON cannot hold) or lose the small differences decisions turn on.
pub(super) const MAX_WEIGHT: f64 = 1_000_000.0;

fn check_weight(v: f64, what: &str, at: Location, errors: &mut Vec<Error>) {
    if !v.is_finite() || v.abs() > MAX_WEIGHT {
        errors.push(
            Error::input(format!(
                "{what} {v:e} is out of range: at most {MAX_WEIGHT:e} either way"
            ))
            .at(at)
            .help("weights are small numbers such as 1, 2 or -3; their sums decide"),
        );
    }
}

pub(super) fn build_topic(
    id: String,
    file: String,
    f: TopicFile,
    catalog: &Catalog,
    index: &FactIndex,
    errors: &mut Vec<Error>,
) -> Topic {
    if !is_id(&id) {
        errors.push(
            Error::input(format!("topic file name `{id}` is not a kebab-case id"))
                .at(Location::new(&file, 0, 0)),
        );
    }
    let cond = |c: &ConditionFile, errors: &mut Vec<Error>| {
        condition::build(c, &file, catalog, index, errors)
    };
    let option_ids: Vec<String> = f.options.iter().map(|o| o.id.value.clone()).collect();
    let ids: Vec<&str> = option_ids.iter().map(String::as_str).collect();
    let mut seen = BTreeSet::new();
    let mut options = Vec::new();
    for o in &f.options {
        if !is_id(&o.id.value) {
            errors.push(
                Error::input(format!("option id `{}` is not kebab-case", o.id.value))
                    .at(loc(&file, &o.id.referenced)),
            );
        }
        if !seen.insert(o.id.value.clone()) {
            errors.push(
                Error::input(format!("option `{}` is defined twice", o.id.value))
                    .at(loc(&file, &o.id.referenced)),
            );
        }
        check_weight(o.base, "base score", loc(&file, &o.id.referenced), errors);
        let mut conditions = Vec::new();
        for r in &o.conditions {
            check_weight(r.weight, "weight", loc(&file, &r.source.referenced), errors);
            let when = cond(&r.when, errors);
            let src = source(&file, &r.source, errors);
            if r.because.trim().is_empty() {
                errors.push(
                    Error::input("a condition needs a `because`")
                        .at(loc(&file, &r.source.referenced)),
                );
            }
            check_text(&file, &r.source, &r.because, catalog, errors);
            if let Some(when) = when {
                conditions.push(Rule {
                    when,
                    weight: r.weight,
                    because: r.because.trim().to_string(),
                    source: src,
                });
            }
        }
        let constraints = |list: &[ConstraintFile], errors: &mut Vec<Error>| -> Vec<Constraint> {
            list.iter()
                .filter_map(|c| {
                    let when = cond(&c.when, errors);
                    let src = source(&file, &c.source, errors);
                    check_text(&file, &c.source, &c.because, catalog, errors);
                    when.map(|when| Constraint {
                        when,
                        because: c.because.trim().to_string(),
                        source: src,
                    })
                })
                .collect()
        };
        let rule_out = constraints(&o.rule_out, errors);
        let require = constraints(&o.require, errors);
        options.push(OptionDef {
            rule_out,
            require,
            id: o.id.value.clone(),
            name: o.name.clone(),
            source: source(&file, &o.source, errors),
            summary: o.summary.trim().to_string(),
            base: o.base,
            best_for: o.best_for.clone(),
            advantages: o.advantages.clone(),
            disadvantages: o.disadvantages.clone(),
            scaling: o.scaling.clone(),
            examples: o.examples.clone(),
            conditions,
        });
    }
    if options.is_empty() {
        errors.push(
            Error::input("a topic needs at least one option").at(loc(&file, &f.source.referenced)),
        );
    }
    let check_ids = |list: &[SpannedStr], errors: &mut Vec<Error>| -> Vec<String> {
        for s in list {
            if !ids.contains(&s.value.as_str()) {
                errors.push(unknown(&file, s, "option", &ids));
            }
        }
        list.iter().map(|s| s.value.clone()).collect()
    };
    let mut combinations = Vec::new();
    for c in &f.combinations {
        check_ids(std::slice::from_ref(&c.add), errors);
        let with = check_ids(&c.with, errors);
        let src = source(&file, &c.source, errors);
        check_text(&file, &c.source, &c.because, catalog, errors);
        if let Some(when) = cond(&c.when, errors) {
            combinations.push(Combination {
                add: c.add.value.clone(),
                with,
                when,
                because: c.because.trim().into(),
                source: src,
            });
        }
    }
    let mut details = Vec::new();
    for d in &f.details {
        let with = check_ids(&d.with, errors);
        let when = d.when.as_ref().map(|w| cond(w, errors));
        let src = source(&file, &d.source, errors);
        check_text(&file, &d.source, &d.because, catalog, errors);
        check_text(&file, &d.source, &d.value, catalog, errors);
        if let Some(None) = when {
            continue;
        }
        details.push(Detail {
            name: d.name.clone(),
            value: d.value.clone(),
            with,
            when: when.flatten(),
            because: d.because.trim().into(),
            source: src,
        });
    }
    let notes = f
        .notes
        .iter()
        .map(|n| Note {
            text: n.text.trim().into(),
            source: source(&file, &n.source, errors),
        })
        .collect();
    for t in &f.tables {
        source(&file, &t.source, errors);
        if t.rows.iter().any(|r| r.len() != t.columns.len()) {
            errors.push(
                Error::input(format!(
                    "table `{}` has a row whose length differs from its columns",
                    t.title
                ))
                .at(loc(&file, &t.source.referenced)),
            );
        }
    }
    let unreachable = f
        .unreachable
        .iter()
        .map(|u| {
            check_ids(std::slice::from_ref(&u.option), errors);
            (u.option.value.clone(), u.reason.clone())
        })
        .collect();
    let mut cases = Vec::new();
    for c in &f.cases {
        let location = loc(&file, &c.name.referenced);
        check_ids(std::slice::from_ref(&c.expect), errors);
        for a in c.also.iter().chain(&c.not_also) {
            if !ids.contains(&a.as_str()) {
                errors.push(
                    Error::input(format!(
                        "case `{}` names unknown option `{a}`",
                        c.name.value
                    ))
                    .at(location.clone()),
                );
            }
        }
        match serde_json::from_value::<Requirements>(c.given.value.clone()) {
            Ok(given) => cases.push(Case {
                name: c.name.value.clone(),
                given,
                expect: c.expect.value.clone(),
                also: c.also.clone(),
                not_also: c.not_also.clone(),
                details: c.details.clone(),
                location,
            }),
            Err(e) => errors.push(
                Error::input(format!(
                    "case `{}`: `given` is not valid requirements: {e}",
                    c.name.value
                ))
                .at(loc(&file, &c.given.referenced))
                .help("`given` uses the requirements format (see `tradeoff schema requirements`)"),
            ),
        }
    }
    // A rung may hold several options: `cache-aside | write-through`.
    let rungs: Vec<Vec<String>> = f
        .ladder
        .iter()
        .map(|r| {
            r.value
                .split('|')
                .map(|id| {
                    let id = id.trim();
                    if !ids.contains(&id) {
                        errors.push(
                            unknown(&file, r, "option", &ids)
                                .help(format!("`{id}` is not an option of this topic")),
                        );
                    }
                    id.to_string()
                })
                .collect()
        })
        .collect();
    let ladder = rungs;
    let decision_fact = index.id(&format!("decision.{id}")).unwrap_or(usize::MAX);
    let design_fact = index.id(&format!("design.{id}")).unwrap_or(usize::MAX);
    let mut topic = Topic {
        source: source(&file, &f.source, errors),
        id,
        file,
        title: f.title,
        question: f.question,
        summary: f.summary.trim().to_string(),
        options,
        combinations,
        details,
        notes,
        tables: f
            .tables
            .into_iter()
            .map(|t| Table {
                title: t.title,
                columns: t.columns,
                rows: t.rows,
            })
            .collect(),
        unreachable,
        cases,
        ladder,
        reads: Vec::new(),
        per_component: f.scope == super::model::Scope::Component,
        decision_fact,
        design_fact,
    };
    // The topics whose decisions this one reads: named in conditions, or in `after`.
    let mut reads: BTreeSet<String> = f.after.iter().cloned().collect();
    for (fact, _, _) in topic.conditions().flat_map(|c| c.leaves()) {
        if let Some(t) = fact
            .strip_prefix("decision.")
            .or_else(|| fact.strip_prefix("design."))
        {
            reads.insert(t.to_string());
        }
    }
    topic.reads = reads.into_iter().collect();
    topic
}

/// Checks the `{fact}` placeholders of a text: each must name a known fact.
pub(super) fn check_text(
    file: &str,
    at: &SpannedStr,
    text: &str,
    catalog: &Catalog,
    errors: &mut Vec<Error>,
) {
    for name in crate::engine::describe::placeholders(text) {
        if !catalog.contains_key(name) {
            let hint = did_you_mean(name, catalog.keys().map(String::as_str))
                .map(|s| format!("did you mean `{{{s}}}`?"))
                .unwrap_or_else(|| "a placeholder names a fact: `{derived.writes_per_sec}`".into());
            errors.push(
                Error::input(format!("unknown fact `{{{name}}}` in a text"))
                    .at(loc(file, &at.referenced))
                    .help(hint),
            );
        }
    }
}
