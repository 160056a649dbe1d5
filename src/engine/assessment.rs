//! The engine's output: plain data that every renderer reads and none changes.
//! Its JSON form is the documented output contract (README, "JSON output").

use crate::derived::Figure;
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
    pub derived: Vec<Figure>,
    pub defaulted: Vec<Defaulted>,
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
    pub score: f64,
    pub rationale: Vec<Reason>,
    pub tradeoffs: Vec<Tradeoff>,
    pub alternatives: Vec<Alternative>,
    pub flip_points: Vec<FlipPoint>,
    pub source: Source,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Confidence {
    /// `high` (margin ≥ 4), `medium` (≥ 2) or `low`.
    pub level: String,
    /// Score of the choice minus the runner-up's.
    pub margin: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Reason {
    pub text: String,
    pub source: Source,
    pub weight: f64,
    /// Which option this reason supports (the choice, or a complement).
    pub option: String,
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
