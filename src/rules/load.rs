//! Loading rule files (embedded or from a folder) and validating them into a `Rulebook`.
//!
//! Every problem is collected with its file:line:column, so one run of
//! `tradeoff rules test` shows all mistakes in a rule folder at once.

use super::book::*;
use super::condition;
use super::model::*;
use super::order::{closures, evaluation_order, field_topics};
use super::topic::{build_topic, is_id, source, toc_position, unknown};
use crate::error::{Error, Location, Result};
use crate::facts::{FactIndex, FactKind, FactSpec};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled_rules.rs"));
}

/// Hash of the sources the bundled rulebook is built from (made by `build.rs`).
pub(super) const SOURCES_HASH: u64 = bundled::SOURCES_HASH;

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

/// A rule file parsed by what its place in the folder says it is.
enum Parsed {
    Coherence(CoherenceFile),
    Lint(LintFile),
    Risk(RiskFile),
    Capacity(crate::capacity::CapacityFile),
    Topic(TopicFile),
    /// Read by another loader (questions/).
    Other,
}

fn parse_one(stem: &str, s: &RuleSource) -> Result<Parsed> {
    Ok(if stem.starts_with("coherence/") {
        Parsed::Coherence(parse(s)?)
    } else if stem.starts_with("lints/") {
        Parsed::Lint(parse(s)?)
    } else if stem.starts_with("risks/") {
        Parsed::Risk(parse(s)?)
    } else if stem == "capacity" {
        Parsed::Capacity(parse(s)?)
    } else if !stem.contains('/') {
        // Topic files live at the top; other folders (questions/) have their own loaders.
        Parsed::Topic(parse(s)?)
    } else {
        Parsed::Other
    })
}

/// Parses every file, spread over the machine's cores; results in the files' order.
fn parse_all(files: &[(String, RuleSource)]) -> Vec<Result<Parsed>> {
    crate::parallel::map(files, |(stem, s)| parse_one(stem, s))
}

impl Rulebook {
    /// The rules compiled into the binary.
    pub fn bundled() -> std::result::Result<Rulebook, Vec<Error>> {
        // Fastest from the snapshot made from these very sources; then from the
        // precompiled JSON; on any error, redo it from the YAML so the messages carry
        // line numbers.
        if let Some(book) = super::snapshot::load() {
            return Ok(book);
        }
        Rulebook::build(bundled_sources()).or_else(|_| Rulebook::build(bundled_yaml()))
    }

    /// The rules compiled into the binary, read from their YAML with test cases
    /// and line numbers (slower; for `rules test`).
    pub fn bundled_with_cases() -> std::result::Result<Rulebook, Vec<Error>> {
        Rulebook::build(bundled_yaml())
    }

    /// Bundled rules with a folder's files added or replacing bundled ones. A file
    /// replaces the bundled one of the same id whatever its extension: `caching.yml`
    /// replaces `caching.yaml`.
    pub fn with_overrides(dir: &Path) -> std::result::Result<Rulebook, Vec<Error>> {
        let mut sources: BTreeMap<String, RuleSource> = bundled_yaml()
            .into_iter()
            .map(|s| (stem(&s.rel).to_string(), s))
            .collect();
        for s in dir_sources(dir).map_err(|e| vec![e])? {
            sources.insert(stem(&s.rel).to_string(), s);
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
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut texts: BTreeMap<String, std::borrow::Cow<'static, str>> = BTreeMap::new();
        let mut risk_files = Vec::new();
        let mut capacity_file = None;
        let mut accepted: Vec<(String, RuleSource)> = Vec::new();
        for s in sources {
            let stem = stem(&s.rel).to_string();
            if let Some(first) = seen.insert(stem.clone(), s.label.clone()) {
                errors.push(
                    Error::input(format!(
                        "`{stem}` is defined twice, by {first} and by {}",
                        s.label
                    ))
                    .at(Location::new(&s.label, 0, 0))
                    .help("keep one file per id (`.yaml` or `.yml`, not both)"),
                );
                continue;
            }
            let id = stem.rsplit('/').next().unwrap_or_default();
            if !is_id(id) {
                errors.push(
                    Error::input(format!(
                        "file name `{id}` is not an id: lowercase letters and digits in words joined by single hyphens"
                    ))
                    .at(Location::new(&s.label, 0, 0))
                    .help("rename the file, for example `my-topic.yaml`"),
                );
                continue;
            }
            accepted.push((stem, s));
        }
        for ((stem, s), parsed) in accepted.iter().zip(parse_all(&accepted)) {
            let label = s.label.clone();
            let id = |p: &str| stem.strip_prefix(p).unwrap_or_default().to_string();
            match parsed {
                Err(e) => errors.push(e),
                Ok(Parsed::Coherence(f)) => coherence_files.push((id("coherence/"), label, f)),
                Ok(Parsed::Lint(f)) => lint_files.push((id("lints/"), label, f)),
                Ok(Parsed::Risk(f)) => risk_files.push((id("risks/"), label, f)),
                Ok(Parsed::Capacity(f)) => capacity_file = Some((label, f)),
                Ok(Parsed::Topic(f)) => {
                    texts.insert(label.clone(), s.text.clone());
                    topic_files.push((stem.clone(), label, f));
                }
                Ok(Parsed::Other) => {}
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
        let known: Vec<&str> = topic_files.iter().map(|(id, _, _)| id.as_str()).collect();
        for (id, label, f) in &topic_files {
            for a in f.after.iter().filter(|a| !known.contains(&a.as_str())) {
                let text = texts.get(label).map_or("", |t| t.as_ref());
                errors.push(unknown_after(id, a, &known).at(Location::new(
                    label,
                    line_of_after(text, a),
                    1,
                )));
            }
        }
        let index = Arc::new(FactIndex::new(&catalog));
        let capacity_file = match capacity_file {
            Some(c) => Some(c),
            // A folder without its own capacity model uses the bundled one.
            None => bundled_yaml()
                .into_iter()
                .find(|s| s.rel == "capacity.yaml")
                .and_then(|s| Some((s.label.clone(), parse(&s).ok()?))),
        };
        let capacity = match capacity_file {
            Some((label, f)) => {
                let mut src_errors = Vec::new();
                let mut src = |s: &SpannedStr| source(&label, s, &mut src_errors);
                let mut cap_errors = Vec::new();
                let cap = crate::capacity::Capacity::build(
                    &label,
                    f,
                    &mut src,
                    &|fact| catalog.contains_key(fact),
                    &mut cap_errors,
                );
                errors.extend(cap_errors);
                errors.extend(src_errors);
                cap
            }
            None => {
                errors.push(Error::input("no capacity model (capacity.yaml) found"));
                crate::capacity::Capacity {
                    figures: Vec::new(),
                    bands: Vec::new(),
                    band_source: Source::default(),
                    volume: Vec::new(),
                }
            }
        };
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
            super::topic::check_text(&label, &f.source, &f.message, &catalog, &mut errors);
            super::topic::check_text(&label, &f.source, &f.help, &catalog, &mut errors);
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
        let mut risks = Vec::new();
        for (id, label, f) in risk_files {
            let when = condition::build(&f.when, &label, &catalog, &index, &mut errors);
            for text in [&f.title, &f.text, &f.mitigation] {
                super::topic::check_text(&label, &f.source, text, &catalog, &mut errors);
            }
            let source = source(&label, &f.source, &mut errors);
            if let Some(when) = when {
                risks.push(RiskDef {
                    id,
                    file: label,
                    title: f.title.trim().to_string(),
                    impact: f.impact,
                    likelihood: f.likelihood,
                    when,
                    text: f.text.trim().to_string(),
                    mitigation: f.mitigation.trim().to_string(),
                    source,
                });
            }
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
                risks,
                field_topics,
                catalog,
                facts: index,
                capacity: Arc::new(capacity),
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

fn unknown_after(topic: &str, after: &str, known: &[&str]) -> Error {
    let hint = match crate::error::did_you_mean(after, known.iter().copied()) {
        Some(b) => format!("did you mean `{b}`?"),
        None => "`after` lists topic ids (file names) whose decisions this topic reads".into(),
    };
    Error::input(format!(
        "topic `{topic}`: `after` names unknown topic `{after}`"
    ))
    .help(hint)
}

/// The line (1-based) of `id` in the `after:` list of a topic file's text (1 if not found).
fn line_of_after(text: &str, id: &str) -> usize {
    let start = text
        .lines()
        .position(|l| l.trim_start().starts_with("after:"))
        .unwrap_or(0);
    text.lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.contains(id))
        .map_or(1, |(i, _)| i + 1)
}

/// A rule file's path without its extension: `coherence/x.yml` -> `coherence/x`.
fn stem(rel: &str) -> &str {
    rel.strip_suffix(".yaml")
        .or_else(|| rel.strip_suffix(".yml"))
        .unwrap_or(rel)
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

/// Lists `<dir>/*.yaml` and the YAML files of `coherence/`, `lints/` and `risks/`.
pub fn dir_sources(dir: &Path) -> Result<Vec<RuleSource>> {
    if !dir.is_dir() {
        return Err(Error::input(format!("{} is not a folder", dir.display()))
            .help("--rules takes a folder of <topic-id>.yaml files"));
    }
    let mut out = Vec::new();
    for sub in ["", "coherence", "lints", "risks"] {
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
