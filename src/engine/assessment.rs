//! The engine's output: plain data that every renderer reads and none changes.
//! Its JSON form is the documented output contract (README, "JSON output").

use crate::derived::{Figure, PlanLine};
use crate::facts::Defaulted;
use crate::rules::model::Severity;
use crate::rules::Source;
use serde::Serialize;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Assessment {
    /// Output format version; bumped on breaking changes to this structure.
    pub version: u32,
    pub name: String,
    pub decisions: Vec<Decision>,
    pub tensions: Vec<Tension>,
    /// Coherence conflicts the engine resolved by deciding a topic again.
    pub resolved: Vec<Resolved>,
    pub derived: Vec<Figure>,
    /// The capacity plan: each tier now and in three years, from `rules/capacity.yaml`.
    pub capacity: Vec<PlanLine>,
    pub defaulted: Vec<Defaulted>,
}

/// A coherence conflict resolved in the joint design.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Resolved {
    /// The coherence check's id.
    pub check: String,
    pub message: String,
    /// The topic decided again, the option it lost and the option it got.
    pub topic: String,
    pub from: String,
    pub to: String,
    /// The other topics of the check and the choices they kept.
    pub kept: Vec<KeptChoice>,
    pub source: Source,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct KeptChoice {
    pub topic: String,
    pub choice: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Decision {
    pub topic: String,
    pub title: String,
    pub question: String,
    pub choice: String,
    pub choice_name: String,
    /// Complementary option ids chosen beside the main choice.
    pub also: Vec<String>,
    pub details: Vec<DetailOut>,
    pub confidence: Confidence,
    /// How a tie at the top score was broken; absent when there was none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tie: Option<Tie>,
    pub score: f64,
    pub rationale: Vec<Reason>,
    pub tradeoffs: Vec<Tradeoff>,
    pub alternatives: Vec<Alternative>,
    pub flip_points: Vec<FlipPoint>,
    pub source: Source,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Confidence {
    /// `high` (margin ≥ 4, or the only option the constraints allow), `medium` (≥ 2)
    /// or `low` (below 2, or a tie).
    pub level: String,
    /// Score of the choice minus the best other allowed option's (0 when none is allowed).
    pub margin: f64,
    /// `margin`, `tie`, or `constraint` (every other option was ruled out).
    pub basis: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Tie {
    /// The options tied at the top score.
    pub options: Vec<String>,
    /// The criterion that separated them.
    pub broken_by: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Reason {
    pub text: String,
    pub source: Source,
    pub weight: f64,
    /// Which option this reason supports (the choice, or a complement).
    pub option: String,
    /// `condition` (a weighted condition), `constraint` (a hard requirement),
    /// `complement` (why a complement was added) or `coherence` (a joint-design trade).
    pub kind: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Tradeoff {
    pub text: String,
    pub source: Source,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DetailOut {
    pub name: String,
    pub value: String,
    pub because: String,
    pub source: Source,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Alternative {
    pub option: String,
    pub name: String,
    pub score: f64,
    /// True when the option is used beside the choice (it is in `also`), not rejected.
    pub complement: bool,
    /// `requirement`, `required` or `coherence` when the option was ruled out whatever
    /// its score; absent when it lost on points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ruled_out: Option<String>,
    pub why_not: Vec<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct FlipPoint {
    /// The requirement (fact) that would change.
    pub fact: String,
    /// Its value now, displayed.
    pub current: String,
    /// The smallest value that flips the decision, displayed.
    pub becomes: String,
    /// The option the topic would choose then.
    pub choice: String,
    /// One sentence for people.
    pub text: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Tension {
    pub id: String,
    pub severity: Severity,
    pub topics: Vec<String>,
    pub message: String,
    pub help: String,
    pub source: Source,
}
