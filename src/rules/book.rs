//! The validated rulebook: topics, options, conditions, coherence checks and lints,
//! as the engine, lint and renderers use them.

use super::condition::Condition;
use super::model::{LintDocs, Severity};
use crate::error::Location;
use crate::facts::{Catalog, FactIndex};
use crate::requirements::Requirements;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A wiki section, resolved; or a named public reference (`ref: ...` in rule files).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Source {
    /// Heading path, e.g. `Caching Strategies > Cache-Aside (Lazy Loading)`; for a
    /// public reference, its name (document and section).
    pub section: String,
    /// GitHub anchor of the heading in the wiki; empty for a public reference.
    pub anchor: String,
    /// True when the advice comes from a public reference outside the wiki.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub when: Condition,
    pub weight: f64,
    pub because: String,
    pub source: Source,
}

/// A hard constraint on an option: ruled out (or required) when `when` holds.
#[derive(Clone, Debug)]
pub struct Constraint {
    pub when: Condition,
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
    pub rule_out: Vec<Constraint>,
    pub require: Vec<Constraint>,
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

/// One of the wiki's comparison tables, shown by `tradeoff explain`.
#[derive(Clone, Debug)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
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
    pub tables: Vec<Table>,
    pub unreachable: Vec<(String, String)>,
    pub cases: Vec<Case>,
    /// Rungs of options from simplest to most scaled, when the topic is ordered by
    /// volume (options on one rung are peers).
    pub ladder: Vec<Vec<String>>,
    /// Topics whose decisions this one reads.
    pub reads: Vec<String>,
    /// Decided for each component rather than once (`scope: component`).
    pub per_component: bool,
    /// Ids of the `decision.<id>` and `design.<id>` facts.
    pub decision_fact: usize,
    pub design_fact: usize,
}

impl Topic {
    pub fn option(&self, id: &str) -> Option<&OptionDef> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The ladder rung of an option, when the topic is ordered by volume.
    pub fn rung(&self, id: &str) -> Option<usize> {
        self.ladder.iter().position(|r| r.iter().any(|o| o == id))
    }

    /// Every condition of the topic: options', complements' and details'.
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        let options = self.options.iter().flat_map(|o| {
            o.conditions
                .iter()
                .map(|r| &r.when)
                .chain(o.rule_out.iter().chain(&o.require).map(|c| &c.when))
        });
        let combinations = self.combinations.iter().map(|c| &c.when);
        options
            .chain(combinations)
            .chain(self.details.iter().filter_map(|d| d.when.as_ref()))
    }
}

impl Rulebook {
    /// Every condition that reads requirements: the topics', the coherence checks' and
    /// the lint contradictions'.
    pub fn conditions(&self) -> impl Iterator<Item = &Condition> {
        let topics = self.topics.iter().flat_map(Topic::conditions);
        let coherence = self.coherence.iter().map(|c| &c.when);
        topics
            .chain(coherence)
            .chain(self.lints.iter().filter_map(|l| l.when.as_ref()))
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

/// A review risk, loaded from `rules/risks/<id>.yaml`.
#[derive(Clone, Debug)]
pub struct RiskDef {
    pub id: String,
    pub file: String,
    pub title: String,
    pub impact: super::model::RiskLevel,
    pub likelihood: super::model::RiskLevel,
    pub when: Condition,
    pub text: String,
    pub mitigation: String,
    pub source: Source,
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
    /// Risks a design review raises, in file-name order.
    pub risks: Vec<RiskDef>,
    /// For each requirements field, the topics whose conditions test it (directly or
    /// through a derived figure).
    pub field_topics: BTreeMap<String, Vec<String>>,
    pub catalog: Catalog,
    /// Numbers of the catalog's facts, for the engine's working set.
    pub facts: Arc<FactIndex>,
    /// Planning figures, scale bands and volume fields (`rules/capacity.yaml`).
    pub capacity: Arc<crate::capacity::Capacity>,
}
