//! What every report section reads: the assessment, plus the engine's raw outcomes and
//! facts (for decision drivers), which answers were assumed, and display helpers.

use super::doc::{link, Inline};
use crate::derived::PlanScope;
use crate::engine::{self, Assessment, Decision, Outcome};
use crate::facts::{FactValue, Facts};
use crate::requirements::Requirements;
use crate::rules::condition::Condition;
use crate::rules::{Rulebook, Source, Topic};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Where the report puts the decision records.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Records {
    /// After the main document, under "Appendix: decision records".
    #[default]
    Appendix,
    /// Left out (write them with `tradeoff adr`).
    None,
}

/// Options shared by the report and the decision records.
#[derive(Clone, Debug)]
pub struct Options {
    /// Printed when given; nothing time- or machine-dependent is printed otherwise.
    pub date: Option<String>,
    /// Where links to the wiki point (a path relative to the document, or a URL).
    pub wiki: String,
    pub records: Records,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            date: None,
            wiki: crate::rules::wiki::WIKI_PATH.into(),
            records: Records::Appendix,
        }
    }
}

/// A requirement value that mattered to a decision.
#[derive(Clone, Debug, PartialEq)]
pub struct Driver {
    pub fact: String,
    /// Readable name: the derived figure's label, or the field path.
    pub label: String,
    pub value: String,
    /// The answer was not given (or is computed from one that was not).
    pub assumed: bool,
    /// For derived figures, the arithmetic.
    pub arithmetic: Option<String>,
}

pub struct Ctx<'a> {
    pub book: &'a Rulebook,
    /// The file's requirements, or a component's own (`component::effective`).
    pub req: Cow<'a, Requirements>,
    pub a: Assessment,
    pub opts: Options,
    /// Facts after every topic was decided (`decision.*` set), as the engine saw them.
    pub facts: Facts,
    /// Raw outcomes, indexed like `book.topics`.
    pub outcomes: Vec<Option<Outcome>>,
    /// Fields that took their default.
    pub defaulted: BTreeSet<String>,
    /// Derived facts computed from a defaulted field.
    assumed_derived: BTreeSet<String>,
    /// Which tiers this context's capacity plan holds: the whole system, the shared
    /// tiers of a system with components, or one component's data tiers.
    pub scope: PlanScope,
    /// Each component's context, made once when first asked for (`part`).
    parts: OnceLock<Vec<Option<Ctx<'a>>>>,
}

impl<'a> Ctx<'a> {
    pub fn new(book: &'a Rulebook, req: &'a Requirements, opts: Options) -> Ctx<'a> {
        let a = engine::evaluate(book, req);
        let whole = crate::requirements::component::system_view(req);
        let (mut facts, defaulted, _) = engine::facts_for(book, &whole);
        let outcomes = engine::decide_joint(book, &mut facts).outcomes;
        let defaulted: BTreeSet<String> =
            defaulted.into_iter().map(|d| d.field.to_string()).collect();
        let assumed_derived = derived_from(&facts, &defaulted);
        Ctx {
            book,
            req: Cow::Borrowed(req),
            a,
            opts,
            facts,
            outcomes,
            defaulted,
            assumed_derived,
            scope: if req.components.as_deref().unwrap_or_default().is_empty() {
                PlanScope::Whole
            } else {
                PlanScope::Shared
            },
            parts: OnceLock::new(),
        }
    }

    /// The context of component `index`, over its own requirements
    /// (`component::effective`): its facts, raw outcomes (system-wide topics pinned to the
    /// system's choices) and an assessment holding the system-wide decisions with its own.
    /// Made once for all components, the first time one is asked for.
    pub fn part(&self, index: usize) -> Option<&Ctx<'a>> {
        let parts = self.parts.get_or_init(|| {
            (0..self.a.components.len())
                .map(|i| self.make_part(i))
                .collect()
        });
        parts.get(index)?.as_ref()
    }

    fn make_part(&self, index: usize) -> Option<Ctx<'a>> {
        let c = self.a.components.get(index)?;
        let part = crate::requirements::component::effective(&self.req, index);
        let pins: Vec<Option<usize>> = self
            .book
            .topics
            .iter()
            .zip(&self.outcomes)
            .map(|(t, o)| o.as_ref().filter(|_| !t.per_component).map(|o| o.choice))
            .collect();
        let (mut facts, defaulted, _) = engine::facts_for(self.book, &part);
        let outcomes = engine::decide_joint_pinned(self.book, &mut facts, &pins).outcomes;
        let defaulted: BTreeSet<String> =
            defaulted.into_iter().map(|d| d.field.to_string()).collect();
        let assumed_derived = derived_from(&facts, &defaulted);
        let mut a = self.a.clone();
        a.name = format!("{} / {}", self.a.name, c.name);
        a.decisions.extend(c.decisions.iter().cloned());
        a.derived = c.derived.clone();
        a.capacity = c.capacity.clone();
        a.tensions = c.tensions.clone();
        a.resolved = c.resolved.clone();
        a.components = Vec::new();
        a.component_totals = Vec::new();
        Some(Ctx {
            book: self.book,
            req: Cow::Owned(part),
            a,
            opts: self.opts.clone(),
            facts,
            outcomes,
            defaulted,
            assumed_derived,
            scope: PlanScope::Part,
            parts: OnceLock::new(),
        })
    }

    /// Runs `f` on each component's context (`part`), in the file's order, with its name.
    pub fn each_part(&self, mut f: impl FnMut(&str, &Ctx)) {
        for (i, c) in self.a.components.iter().enumerate() {
            if let Some(p) = self.part(i) {
                f(&c.name, p);
            }
        }
    }

    /// A label of this context's, prefixed with the part's name when it is a part's.
    pub fn part_label(name: Option<&str>, label: &str) -> String {
        match name {
            Some(n) => format!("{n}: {label}"),
            None => label.to_string(),
        }
    }

    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.book.topics.iter().position(|t| t.id == id)
    }

    /// The decision of a topic; for a per-component topic, the decision of the
    /// component with the largest share of the traffic (the summary sections' view).
    pub fn decision(&self, topic: &str) -> Option<&Decision> {
        self.a
            .decisions
            .iter()
            .find(|d| d.topic == topic)
            .or_else(|| {
                self.a
                    .components
                    .iter()
                    .max_by(|x, y| x.share.total_cmp(&y.share))
                    .and_then(|c| c.decisions.iter().find(|d| d.topic == topic))
            })
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.book.topic(id)
    }

    /// The decision's choice or one of its complements is `option`.
    pub fn has(&self, topic: &str, option: &str) -> bool {
        self.decision(topic)
            .is_some_and(|d| d.choice == option || d.also.iter().any(|a| a == option))
    }

    /// The chosen option id of a topic (empty when the topic is absent).
    pub fn choice(&self, topic: &str) -> &str {
        self.decision(topic).map_or("", |d| d.choice.as_str())
    }

    pub fn option_name(&self, topic: &str, option: &str) -> String {
        self.topic(topic)
            .and_then(|t| t.option(option))
            .map_or_else(|| option.to_string(), |o| o.name.clone())
    }

    /// The names of the choice and its complements, e.g. "Circuit breaker + Timeout".
    pub fn design_name(&self, d: &Decision) -> String {
        let mut names = vec![d.choice_name.clone()];
        names.extend(d.also.iter().map(|a| self.option_name(&d.topic, a)));
        names.join(" + ")
    }

    pub fn wiki_link(&self, s: &Source) -> Inline {
        link(
            s.section.clone(),
            format!("{}#{}", self.opts.wiki, s.anchor),
        )
    }

    pub fn is_assumed(&self, fact: &str) -> bool {
        self.defaulted.contains(fact) || self.assumed_derived.contains(fact)
    }

    /// A fact's value for people, with its unit.
    pub fn show(&self, fact: &str) -> String {
        if fact == "data.retention" && self.facts.get(fact).and_then(FactValue::as_num) == Some(0.0)
        {
            return "none (kept forever)".into();
        }
        match self.facts.get(fact) {
            Some(v) => v.show(self.book.catalog.get(fact).and_then(|s| s.unit())),
            None => "not set".into(),
        }
    }

    pub fn label(&self, fact: &str) -> String {
        self.a
            .derived
            .iter()
            .find(|f| f.fact == fact)
            .map(|f| f.label.clone())
            .unwrap_or_else(|| fact.to_string())
    }

    pub fn driver(&self, fact: &str) -> Driver {
        let figure = self.a.derived.iter().find(|f| f.fact == fact);
        let value = match fact.strip_prefix("decision.") {
            Some(topic) => self.option_name(topic, &self.show(fact)),
            None => self.show(fact),
        };
        Driver {
            fact: fact.to_string(),
            label: self.label(fact),
            value,
            assumed: self.is_assumed(fact),
            arithmetic: figure.map(|f| f.arithmetic.clone()),
        }
    }

    /// The requirement values tested by the conditions that fired for the chosen option
    /// and its complements, in the order the rules test them.
    pub fn drivers(&self, topic: &str) -> Vec<Driver> {
        let Some(i) = self.topic_index(topic) else {
            return Vec::new();
        };
        let Some(o) = &self.outcomes[i] else {
            return Vec::new();
        };
        let t = &self.book.topics[i];
        let mut conditions: Vec<&Condition> = o.fired[o.choice]
            .iter()
            .map(|&k| &t.options[o.choice].conditions[k].when)
            .collect();
        conditions.extend(o.also.iter().map(|(_, ci)| &t.combinations[*ci].when));
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for c in conditions {
            for fact in mattered(c, &self.facts) {
                if !fact.starts_with("design.") && seen.insert(fact.to_string()) {
                    out.push(self.driver(fact));
                }
            }
        }
        out
    }

    /// The topics whose drivers or flip points rest on `fact` (directly or through a
    /// derived figure computed from it).
    pub fn topics_resting_on(&self, fact: &str) -> Vec<String> {
        let derived: Vec<&str> = self
            .a
            .derived
            .iter()
            .map(|f| f.fact.as_str())
            .filter(|d| depends_on(d, fact))
            .collect();
        let hit = |f: &str| f == fact || derived.contains(&f);
        self.a
            .decisions
            .iter()
            .filter(|d| {
                d.flip_points.iter().any(|p| hit(&p.fact))
                    || self.drivers(&d.topic).iter().any(|x| hit(&x.fact))
            })
            .map(|d| d.topic.clone())
            .collect()
    }
}

/// The facts a condition that holds actually rests on: every test of an `all`, only the
/// branches of an `any` that hold, everything under a `not`.
pub fn mattered<'c>(c: &'c Condition, facts: &Facts) -> Vec<&'c str> {
    match c {
        Condition::All(cs) => cs.iter().flat_map(|c| mattered(c, facts)).collect(),
        Condition::Any(cs) => cs
            .iter()
            .filter(|c| c.eval(facts))
            .flat_map(|c| mattered(c, facts))
            .collect(),
        Condition::Not(inner) => inner.leaves().into_iter().map(|(f, _, _)| f).collect(),
        Condition::Test { fact, .. } => vec![fact.as_str()],
    }
}

/// Whether the derived figure `derived` is computed from the base fact `base`.
fn depends_on(derived: &str, base: &str) -> bool {
    derived.starts_with("derived.")
        && !base.starts_with("derived.")
        && crate::derived::inputs(derived).any(|f| f == base)
}

fn derived_from(facts: &Facts, defaulted: &BTreeSet<String>) -> BTreeSet<String> {
    let names: Vec<String> = facts
        .index
        .names
        .iter()
        .filter(|n| n.starts_with("derived."))
        .cloned()
        .collect();
    let mut out = BTreeSet::new();
    for d in names {
        if defaulted.iter().any(|b| depends_on(&d, b)) {
            out.insert(d);
        }
    }
    out
}
