//! The engine: a pure, deterministic function from (rulebook, requirements) to an assessment.
//!
//! It never prints. For each topic (in dependency order) it rules options out or in by
//! the hard constraints, scores the rest, picks the best (ties broken by a stated
//! criterion), adds complements and details, and records the decision as a fact for
//! later topics. Coherence checks of severity error are constraints on the joint design:
//! when one fires, the topic held less firmly is decided again without the conflicting
//! option (`joint.rs`). Then it explains each decision and searches for flip points.

mod assessment;
pub mod components;
mod decide;
pub mod describe;
mod explain;
mod flip;
mod joint;
mod probe;

pub use assessment::*;
pub use decide::{decide_lean, decide_topic};
pub use describe::describe;
pub use flip::flip_to;
pub use joint::{decide_joint, decide_joint_lean, decide_joint_pinned, Joint, Resolution};

use crate::facts::{FactValue, Facts};
use crate::requirements::Requirements;
use crate::rules::{Rulebook, Source, Topic};

/// Why an option may not be chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct Exclusion {
    /// Index of the option in its topic.
    pub option: usize,
    pub because: String,
    pub source: Source,
    /// `requirement` (a rule_out held), `required` (another option's require held),
    /// or `coherence` (excluded to keep the joint design coherent).
    pub by: &'static str,
}

/// How a tie at the top score was broken.
#[derive(Clone, Debug, PartialEq)]
pub struct TieBreak {
    /// The tied options, by index.
    pub options: Vec<usize>,
    /// The criterion that separated them, in words.
    pub criterion: String,
}

/// The raw result of deciding one topic.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Score of each option, in the topic's option order.
    pub scores: Vec<f64>,
    /// Indexes of the fired conditions of each option.
    pub fired: Vec<Vec<usize>>,
    pub choice: usize,
    /// Complements with the index of the combination that added each.
    pub also: Vec<(String, usize)>,
    /// Indexes of the details that apply.
    pub details: Vec<usize>,
    /// Options that may not be chosen, with why.
    pub excluded: Vec<Exclusion>,
    /// The option a `require` constraint forced, with the constraint's index.
    pub required: Option<(usize, usize)>,
    pub tie: Option<TieBreak>,
    /// Score of the choice minus the best other allowed option's (None: no other allowed).
    pub margin: Option<f64>,
}

impl Outcome {
    pub fn is_excluded(&self, option: usize) -> bool {
        self.excluded.iter().any(|e| e.option == option)
    }
}

/// Resolves requirements into facts: defaults, then derived figures, with the arithmetic
/// of each figure for display.
pub fn facts_for(
    book: &Rulebook,
    req: &Requirements,
) -> (
    Facts,
    Vec<crate::facts::Defaulted>,
    Vec<crate::derived::Figure>,
) {
    let (mut facts, defaulted) = facts_only(book, req);
    let figures = crate::derived::figures(&mut facts, &book.capacity);
    (facts, defaulted, figures)
}

/// `facts_for` without the figures' display texts: for checks that read values only.
pub fn facts_only(book: &Rulebook, req: &Requirements) -> (Facts, Vec<crate::facts::Defaulted>) {
    let mut facts = Facts::empty(book.facts.clone());
    let defaulted = crate::facts::resolve_into(req, &mut facts);
    for (topic, option) in req.decisions.iter().flatten() {
        facts.set(&format!("declared.{topic}"), FactValue::Str(option.clone()));
    }
    crate::derived::derive(&mut facts, &book.capacity);
    (facts, defaulted)
}

/// Decides every topic jointly (hard constraints, then coherence), recording each
/// decision in `facts`. Returns outcomes indexed like `book.topics`.
pub fn decide(book: &Rulebook, facts: &mut Facts) -> Vec<Option<Outcome>> {
    decide_joint(book, facts).outcomes
}

/// Decides the given topics (which must be in evaluation order) with extra exclusions
/// per topic, recording each decision.
pub fn decide_with(
    book: &Rulebook,
    facts: &mut Facts,
    indices: &[usize],
    extra: &[Vec<Exclusion>],
) -> Vec<Option<Outcome>> {
    let mut out = vec![None; book.topics.len()];
    for &i in indices {
        let topic = &book.topics[i];
        let o = decide_topic(topic, facts, extra.get(i).map_or(&[], Vec::as_slice));
        decide::record(
            topic,
            facts,
            o.choice,
            o.also.iter().map(|(a, _)| a.clone()),
        );
        out[i] = Some(o);
    }
    out
}

/// The full assessment of a requirements document. With components, the system-wide
/// topics are decided once (on the system seen whole, held to its strictest part) and
/// the data topics for each component (`components.rs`).
pub fn evaluate(book: &Rulebook, req: &Requirements) -> Assessment {
    let has_components = req.components.as_ref().is_some_and(|c| !c.is_empty());
    let whole = crate::requirements::component::system_view(req);
    let (mut facts, defaulted, derived) = facts_for(book, &whole);
    let joint = decide_joint(book, &mut facts);
    let pins = components::pins(book, &joint);
    let shown = |t: &Topic| !(has_components && t.per_component);
    let mut out = explain::assess(book, req, &facts, joint, derived, defaulted, &shown, &[]);
    if has_components {
        out.components = components::assess(book, req, &pins);
        out.component_totals = components::totals(&out.components);
    }
    out
}
