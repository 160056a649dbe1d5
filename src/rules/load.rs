//! Loading rule files (embedded or from a folder) and validating them into a `Rulebook`.
//!
//! Every problem is collected with its file:line:column, so one run of
//! `tradeoff rules test` shows all mistakes in a rule folder at once.

use super::condition::{self, loc, Condition};
use super::model::*;
use super::wiki;
use crate::error::{did_you_mean, Error, Location, Result};
use crate::facts::{Catalog, FactIndex, FactKind, FactSpec};
use crate::requirements::Requirements;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_rules.rs"));
}

/// A wiki section, resolved.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Source {
    /// Heading path, e.g. `Caching Strategies > Cache-Aside (Lazy Loading)`.
    pub section: String,
    /// GitHub anchor of the heading in the wiki.
    pub anchor: String,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub when: Condition,
    pub weight: f64,
    pub because: String,
    pub source: Source,
}

#[derive(Clone, Debug)]
pub struct OptionDef {
    pub id: String,
    pub name: String,
    pub source: Source,
    pub summary: String,
    pub base: f64,
    pub best_for: Vec<String>,
    pub advantages: Vec<String>,
    pub disadvantages: Vec<String>,
    pub scaling: Vec<String>,
    pub examples: Vec<String>,
    pub conditions: Vec<Rule>,
}

#[derive(Clone, Debug)]
pub struct Combination {
    pub add: String,
    pub with: Vec<String>,
    pub when: Condition,
    pub because: String,
    pub source: Source,
}

#[derive(Clone, Debug)]
pub struct Detail {
    pub name: String,
    pub value: String,
    pub with: Vec<String>,
    pub when: Option<Condition>,
    pub because: String,
    pub source: Source,
}

#[derive(Clone, Debug)]
pub struct Note {
    pub text: String,
    pub source: Source,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub given: Requirements,
    pub expect: String,
    pub also: Vec<String>,
    pub not_also: Vec<String>,
    pub details: BTreeMap<String, String>,
    pub location: Location,
}

#[derive(Clone, Debug)]
pub struct Topic {
    pub id: String,
    pub file: String,
    pub title: String,
    pub question: String,
    pub source: Source,
    pub summary: String,
    pub options: Vec<OptionDef>,
    pub combinations: Vec<Combination>,
    pub details: Vec<Detail>,
    pub notes: Vec<Note>,
    pub tables: Vec<TableFile>,
    pub unreachable: Vec<(String, String)>,
    pub cases: Vec<Case>,
    /// Topics whose decisions this one reads.
    pub reads: Vec<String>,
    /// Ids of the `decision.<id>` and `design.<id>` facts.
    pub decision_fact: usize,
    pub design_fact: usize,
}

impl Topic {
    pub fn option(&self, id: &str) -> Option<&OptionDef> {
        self.options.iter().find(|o| o.id == id)
    }
}

#[derive(Clone, Debug)]
pub struct Coherence {
    pub id: String,
    pub file: String,
    pub message: String,
    pub topics: Vec<String>,
    pub severity: Severity,
    pub when: Condition,
    pub help: String,
    pub source: Source,
}

/// A lint check, loaded from `rules/lints/<id>.yaml`.
#[derive(Clone, Debug)]
pub struct LintDef {
    pub id: String,
    pub file: String,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub help: String,
    pub at: Vec<String>,
    pub when: Option<Condition>,
    pub source: Option<Source>,
    pub docs: LintDocs,
}

#[derive(Clone, Debug)]
pub struct Rulebook {
    /// Topics in display order (the wiki's table of contents).
    pub topics: Vec<Topic>,
    /// Indexes into `topics` in evaluation order (a topic after those it reads).
    pub order: Vec<usize>,
    /// For each topic, the topics it depends on (transitively) and itself, in evaluation order.
    pub closure: Vec<Vec<usize>>,
    pub coherence: Vec<Coherence>,
    pub lints: Vec<LintDef>,
    /// For each requirements field, the topics whose conditions test it (directly or
    /// through a derived figure).
    pub field_topics: BTreeMap<String, Vec<String>>,
    pub catalog: Catalog,
    /// Numbers of the catalog's facts, for the engine's working set.
    pub facts: Arc<FactIndex>,
}

/// A rule file's text and the name it is reported under.
pub struct RuleSource {
    /// Path relative to the rules folder, e.g. `caching.yaml` or `coherence/x.yaml`.
    pub rel: String,
    /// Label used in messages (`rules/caching.yaml` or the user's path).
    pub label: String,
    pub text: std::borrow::Cow<'static, str>,
    /// The same document as JSON, when precompiled (bundled rules); parsed instead of `text`.
    pub json: Option<&'static str>,
}

impl RuleSource {
    /// A rule file given as YAML text.
    pub fn yaml(rel: impl Into<String>, label: impl Into<String>, text: impl Into<String>) -> Self {
        RuleSource {
            rel: rel.into(),
            label: label.into(),
            text: std::borrow::Cow::Owned(text.into()),
            json: None,
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(s: &RuleSource) -> Result<T> {
    match s.json {
        Some(json) => {
            serde_json::from_str(json).map_err(|e| Error::input(format!("{}: {e}", s.label)))
        }
        None => crate::yaml::from_str(&s.label, &s.text),
    }
}

impl Rulebook {
    /// The rules compiled into the binary.
    pub fn bundled() -> std::result::Result<Rulebook, Vec<Error>> {
        // Fast path from the precompiled JSON; on any error, redo it from the YAML so
        // the messages carry line numbers.
        Rulebook::build(bundled_sources()).or_else(|_| Rulebook::build(bundled_yaml()))
    }

    /// The rules compiled into the binary, read from their YAML with test cases
    /// and line numbers (slower; for `rules test`).
    pub fn bundled_with_cases() -> std::result::Result<Rulebook, Vec<Error>> {
        Rulebook::build(bundled_yaml())
    }

    /// Bundled rules with a folder's files added or replacing bundled ones.
    pub fn with_overrides(dir: &Path) -> std::result::Result<Rulebook, Vec<Error>> {
        let mut sources: BTreeMap<String, RuleSource> = bundled_yaml()
            .into_iter()
            .map(|s| (s.rel.clone(), s))
            .collect();
        for s in dir_sources(dir).map_err(|e| vec![e])? {
            sources.insert(s.rel.clone(), s);
        }
        Rulebook::build(sources.into_values().collect())
    }

    /// Only the rules in a folder.
    pub fn from_dir(dir: &Path) -> std::result::Result<Rulebook, Vec<Error>> {
        Rulebook::build(dir_sources(dir).map_err(|e| vec![e])?)
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    pub fn lint(&self, id: &str) -> Option<&LintDef> {
        self.lints.iter().find(|l| l.id == id)
    }

    pub fn build(sources: Vec<RuleSource>) -> std::result::Result<Rulebook, Vec<Error>> {
        let mut errors = Vec::new();
        let mut topic_files = Vec::new();
        let mut coherence_files = Vec::new();
        let mut lint_files = Vec::new();
        for s in sources {
            let stem = s
                .rel
                .trim_end_matches(".yaml")
                .trim_end_matches(".yml")
                .to_string();
            if let Some(id) = stem.strip_prefix("coherence/") {
                match parse::<CoherenceFile>(&s) {
                    Ok(f) => coherence_files.push((id.to_string(), s.label, f)),
                    Err(e) => errors.push(e),
                }
            } else if let Some(id) = stem.strip_prefix("lints/") {
                match parse::<LintFile>(&s) {
                    Ok(f) => lint_files.push((id.to_string(), s.label, f)),
                    Err(e) => errors.push(e),
                }
            } else if !stem.contains('/') {
                // Topic files live at the top; other folders (lints/, questions/) are
                // read by their own loaders.
                match parse::<TopicFile>(&s) {
                    Ok(f) => topic_files.push((stem, s.label, f)),
                    Err(e) => errors.push(e),
                }
            }
        }
        if topic_files.is_empty() && errors.is_empty() {
            errors.push(
                Error::input("no topic files found")
                    .help("a rules folder holds <topic-id>.yaml files"),
            );
        }
        // The catalog: requirements facts, derived figures, and every topic's decision.
        let mut catalog = crate::facts::requirements_catalog();
        catalog.extend(crate::derived::catalog());
        for (id, _, f) in &topic_files {
            let options: Vec<String> = f.options.iter().map(|o| o.id.value.clone()).collect();
            let name = format!("decision.{id}");
            catalog.insert(
                name.clone(),
                FactSpec {
                    name,
                    kind: FactKind::Text {
                        values: Some(options.clone()),
                    },
                    description: format!("the main choice of topic {id}"),
                },
            );
            let name = format!("design.{id}");
            catalog.insert(
                name.clone(),
                FactSpec {
                    name,
                    kind: FactKind::List {
                        values: Some(options.clone()),
                    },
                    description: format!("the main choice and complements of topic {id}"),
                },
            );
            let name = format!("declared.{id}");
            catalog.insert(
                name.clone(),
                FactSpec {
                    name,
                    kind: FactKind::Text { values: Some(options) },
                    description: format!("the option the requirements file declares for topic {id} under `decisions`"),
                },
            );
        }
        let index = Arc::new(FactIndex::new(&catalog));
        let mut topics = Vec::new();
        for (id, label, f) in topic_files {
            topics.push(build_topic(id, label, f, &catalog, &index, &mut errors));
        }
        let topic_ids: Vec<&str> = topics.iter().map(|t| t.id.as_str()).collect();
        let mut coherence = Vec::new();
        for (id, label, f) in coherence_files {
            let when = condition::build(&f.when, &label, &catalog, &index, &mut errors);
            for t in &f.topics {
                if !topic_ids.contains(&t.value.as_str()) {
                    errors.push(unknown(&label, t, "topic", &topic_ids));
                }
            }
            let source = source(&label, &f.source, &mut errors);
            if let Some(when) = when {
                coherence.push(Coherence {
                    id,
                    file: label,
                    message: f.message,
                    topics: f.topics.into_iter().map(|t| t.value).collect(),
                    severity: f.severity,
                    when,
                    help: f.help,
                    source,
                });
            }
        }
        let mut lints = Vec::new();
        for (id, label, f) in lint_files {
            let when = f
                .when
                .as_ref()
                .map(|w| condition::build(w, &label, &catalog, &index, &mut errors));
            if let Some(None) = when {
                continue;
            }
            let src = f.source.as_ref().map(|s| source(&label, s, &mut errors));
            for path in &f.at {
                let known = catalog.contains_key(path)
                    || catalog.keys().any(|k| k.starts_with(&format!("{path}.")));
                let top = path.split('.').next().unwrap_or_default();
                if !known && !matches!(top, "decisions" | "accept" | "name" | "description") {
                    errors.push(
                        Error::input(format!("lint `{id}`: `at` names unknown field `{path}`"))
                            .at(Location::new(&label, 0, 0)),
                    );
                }
            }
            lints.push(LintDef {
                id,
                file: label,
                severity: f.severity,
                summary: f.summary,
                message: f.message,
                help: f.help,
                at: f.at,
                when: when.flatten(),
                source: src,
                docs: f.docs,
            });
        }
        topics.sort_by_cached_key(|t| (toc_position(&t.source.section), t.id.clone()));
        let order = evaluation_order(&topics, &mut errors);
        let closure = closures(&topics, &order);
        let field_topics = field_topics(&topics);
        if errors.is_empty() {
            Ok(Rulebook {
                topics,
                order,
                closure,
                coherence,
                lints,
                field_topics,
                catalog,
                facts: index,
            })
        } else {
            errors.sort_by(|a, b| {
                let key = |e: &Error| {
                    e.location
                        .as_ref()
                        .map(|l| (l.file.clone(), l.line, l.column))
                };
                key(a).cmp(&key(b))
            });
            Err(errors)
        }
    }
}

/// The rules compiled into the binary, with their precompiled JSON where the YAML parsed.
pub fn bundled_sources() -> Vec<RuleSource> {
    bundled::BUNDLED
        .iter()
        .map(|(rel, text, json)| RuleSource {
            rel: rel.to_string(),
            label: format!("rules/{rel}"),
            text: std::borrow::Cow::Borrowed(text),
            json: (!json.is_empty()).then_some(*json),
        })
        .collect()
}

/// The rules compiled into the binary, parsed from YAML (for located messages).
pub fn bundled_yaml() -> Vec<RuleSource> {
    bundled_sources()
        .into_iter()
        .map(|s| RuleSource { json: None, ..s })
        .collect()
}

/// Lists `<dir>/*.yaml` and `<dir>/coherence/*.yaml`.
pub fn dir_sources(dir: &Path) -> Result<Vec<RuleSource>> {
    if !dir.is_dir() {
        return Err(Error::input(format!("{} is not a folder", dir.display()))
            .help("--rules takes a folder of <topic-id>.yaml files"));
    }
    let mut out = Vec::new();
    for sub in ["", "coherence", "lints"] {
        let d = dir.join(sub);
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let is_yaml = matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
            if !p.is_file() || !is_yaml {
                continue;
            }
            let (label, text) = crate::yaml::read_source(&p)?;
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let rel = if sub.is_empty() {
                name
            } else {
                format!("{sub}/{name}")
            };
            out.push(RuleSource {
                rel,
                label,
                text: text.into(),
                json: None,
            });
        }
    }
    Ok(out)
}

/// Position of a section's top-level (H2) heading in the wiki's table of contents;
/// topics are shown in that order.
fn toc_position(section: &str) -> usize {
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

fn source(file: &str, s: &SpannedStr, errors: &mut Vec<Error>) -> Source {
    match wiki::find(&s.value) {
        Ok(h) => Source {
            section: h.full(),
            anchor: h.anchor.clone(),
        },
        Err(msg) => {
            errors.push(Error::input(msg).at(loc(file, &s.referenced)).help(format!(
                "a source names a heading of {} (see `tradeoff explain` output for sections)",
                wiki::WIKI_PATH
            )));
            Source {
                section: s.value.clone(),
                anchor: String::new(),
            }
        }
    }
}

fn unknown(file: &str, s: &SpannedStr, what: &str, known: &[&str]) -> Error {
    let hint = match did_you_mean(&s.value, known.iter().copied()) {
        Some(b) => format!("did you mean `{b}`?"),
        None => format!("known: {}", known.join(", ")),
    };
    Error::input(format!("unknown {what} `{}`", s.value))
        .at(loc(file, &s.referenced))
        .help(hint)
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn build_topic(
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
        let mut conditions = Vec::new();
        for r in &o.conditions {
            let when = cond(&r.when, errors);
            let src = source(&file, &r.source, errors);
            if r.because.trim().is_empty() {
                errors.push(
                    Error::input("a condition needs a `because`")
                        .at(loc(&file, &r.source.referenced)),
                );
            }
            if let Some(when) = when {
                conditions.push(Rule {
                    when,
                    weight: r.weight,
                    because: r.because.trim().to_string(),
                    source: src,
                });
            }
        }
        options.push(OptionDef {
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
    let mut reads = BTreeSet::new();
    let all_conditions = options
        .iter()
        .flat_map(|o: &OptionDef| o.conditions.iter().map(|r| &r.when))
        .chain(combinations.iter().map(|c| &c.when))
        .chain(details.iter().filter_map(|d| d.when.as_ref()));
    for c in all_conditions {
        for (fact, _, _) in c.leaves() {
            if let Some(t) = fact
                .strip_prefix("decision.")
                .or_else(|| fact.strip_prefix("design."))
            {
                reads.insert(t.to_string());
            }
        }
    }
    reads.extend(f.after.iter().cloned());
    let id_copy = id.clone();
    Topic {
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
        tables: f.tables,
        unreachable,
        cases,
        reads: reads.into_iter().collect(),
        decision_fact: index
            .id(&format!("decision.{id_copy}"))
            .unwrap_or(usize::MAX),
        design_fact: index.id(&format!("design.{id_copy}")).unwrap_or(usize::MAX),
    }
}

/// Topological order of topics by the decisions they read; cycles are errors.
fn evaluation_order(topics: &[Topic], errors: &mut Vec<Error>) -> Vec<usize> {
    let index: BTreeMap<&str, usize> = topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut order = Vec::new();
    let mut state = vec![0u8; topics.len()]; // 0 new, 1 visiting, 2 done
    fn visit(
        i: usize,
        topics: &[Topic],
        index: &BTreeMap<&str, usize>,
        state: &mut [u8],
        order: &mut Vec<usize>,
        errors: &mut Vec<Error>,
    ) {
        match state[i] {
            2 => return,
            1 => {
                errors.push(
                    Error::input(format!(
                        "topic `{}` is part of a cycle of decisions reading each other",
                        topics[i].id
                    ))
                    .at(Location::new(&topics[i].file, 0, 0))
                    .help("a topic may read decision.<t> only of topics that do not read it back"),
                );
                return;
            }
            _ => {}
        }
        state[i] = 1;
        for r in &topics[i].reads {
            if let Some(&j) = index.get(r.as_str()) {
                visit(j, topics, index, state, order, errors);
            }
        }
        state[i] = 2;
        order.push(i);
    }
    for i in 0..topics.len() {
        visit(i, topics, &index, &mut state, &mut order, errors);
    }
    order
}

/// Each topic's dependency closure (itself included), in evaluation order.
fn closures(topics: &[Topic], order: &[usize]) -> Vec<Vec<usize>> {
    let index: BTreeMap<&str, usize> = topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    (0..topics.len())
        .map(|i| {
            let mut needed = BTreeSet::from([i]);
            let mut stack = vec![i];
            while let Some(j) = stack.pop() {
                for r in &topics[j].reads {
                    if let Some(&k) = index.get(r.as_str()) {
                        if needed.insert(k) {
                            stack.push(k);
                        }
                    }
                }
            }
            order
                .iter()
                .copied()
                .filter(|j| needed.contains(j))
                .collect()
        })
        .collect()
}

/// Which topics test each requirements field, directly or through a derived figure.
fn field_topics(topics: &[Topic]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in topics {
        let mut fields = BTreeSet::new();
        for o in &t.options {
            for r in &o.conditions {
                for (fact, _, _) in r.when.leaves() {
                    fields.extend(crate::derived::inputs(fact).map(str::to_string));
                }
            }
        }
        for f in fields {
            out.entry(f).or_default().push(t.id.clone());
        }
    }
    out
}
