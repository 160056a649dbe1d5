//! The rule file types, as written in `rules/*.yaml`.
//!
//! These are the raw, deserialized shapes (with source spans where a later check
//! must point at a line). `load.rs` validates them into a `Rulebook`. The JSON
//! Schema for rule files is generated from these types.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// A string that remembers where it was written.
pub type SpannedStr = Spanned<String>;

/// One design topic: the options the wiki compares and when each fits.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    /// Short title shown in outputs, usually the wiki section's title.
    pub title: String,
    /// The question this topic answers.
    pub question: String,
    /// Wiki section of the whole topic.
    #[schemars(with = "String")]
    pub source: SpannedStr,
    /// What the topic decides, in the wiki's words.
    pub summary: String,
    /// Topics whose decisions this topic reads (`decision.<topic>`); derived when omitted.
    #[serde(default)]
    pub after: Vec<String>,
    /// The options, simplest first (ties go to the earlier option).
    pub options: Vec<OptionFile>,
    /// Complementary options added beside a main choice.
    #[serde(default)]
    pub combinations: Vec<CombinationFile>,
    /// Refinements of the choice; the first matching detail of each name wins.
    #[serde(default)]
    pub details: Vec<DetailFile>,
    /// Wiki guidance that cannot be a condition, with the reason.
    #[serde(default)]
    pub notes: Vec<NoteFile>,
    /// The wiki's comparison tables, shown by `tradeoff explain`.
    #[serde(default)]
    pub tables: Vec<TableFile>,
    /// Rungs from the simplest to the most scaled (a ladder): more volume must never move
    /// the decision down it. A rung names one option or several peers joined by `|`
    /// (`cache-aside | write-through`). Checked by the property tests and flip points.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ladder: Vec<SpannedStr>,
    /// Options that no test case reaches, with the reason.
    #[serde(default)]
    pub unreachable: Vec<UnreachableFile>,
    /// The topic's own test cases.
    #[serde(default)]
    pub cases: Vec<CaseFile>,
}

/// One option of a topic.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionFile {
    /// Stable id, kebab-case, following the wiki's name.
    #[schemars(with = "String")]
    pub id: SpannedStr,
    /// Display name.
    pub name: String,
    /// Wiki section that describes the option.
    #[schemars(with = "String")]
    pub source: SpannedStr,
    /// One or two sentences from the wiki.
    pub summary: String,
    /// Prior score before conditions.
    #[serde(default)]
    pub base: f64,
    #[serde(default)]
    pub best_for: Vec<String>,
    #[serde(default)]
    pub advantages: Vec<String>,
    /// Shown as trade-offs accepted when the option is chosen.
    #[serde(default)]
    pub disadvantages: Vec<String>,
    #[serde(default)]
    pub scaling: Vec<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    /// Weighted conditions.
    #[serde(default)]
    pub conditions: Vec<RuleFile>,
    /// Hard constraints: when one holds, this option is never chosen, whatever its score.
    #[serde(default)]
    pub rule_out: Vec<ConstraintFile>,
    /// Hard constraints: when one holds, this option is chosen (every other is ruled out).
    #[serde(default)]
    pub require: Vec<ConstraintFile>,
}

/// A hard constraint: an explicit requirement that rules an option out or in.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConstraintFile {
    pub when: ConditionFile,
    /// One sentence naming the requirement, shown as the option's why-not (or why).
    pub because: String,
    /// Wiki section (or `ref:` public reference) the constraint rests on.
    #[schemars(with = "String")]
    pub source: SpannedStr,
}

/// A weighted condition with its reason.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub when: ConditionFile,
    /// Added to the option's score when the condition holds; negative for penalties.
    pub weight: f64,
    /// One sentence saying why, shown in the rationale.
    pub because: String,
    /// Wiki section the condition rests on.
    #[schemars(with = "String")]
    pub source: SpannedStr,
}

/// A condition: exactly one of `all`, `any`, `not`, or `fact` with `op` and `value`.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionFile {
    pub all: Option<Vec<ConditionFile>>,
    pub any: Option<Vec<ConditionFile>>,
    pub not: Option<Box<ConditionFile>>,
    /// A requirements field (`scale.peak_rps`), `derived.*`, `decision.<topic>` or `design.<topic>`.
    #[schemars(with = "Option<String>")]
    pub fact: Option<SpannedStr>,
    /// eq, ne, gt, gte, lt, lte, in, not_in, contains, contains_any (or ==, !=, >, >=, <, <=).
    #[schemars(with = "Option<String>")]
    pub op: Option<SpannedStr>,
    /// The value to compare with; numbers accept `1M`, `5TB`, `200ms`, `99.9%`.
    #[schemars(with = "Option<serde_json::Value>")]
    pub value: Option<Spanned<serde_json::Value>>,
}

/// A complementary option added beside the main choice.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CombinationFile {
    #[schemars(with = "String")]
    pub add: SpannedStr,
    /// Main choices it goes with; any when empty.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub with: Vec<SpannedStr>,
    pub when: ConditionFile,
    pub because: String,
    #[schemars(with = "String")]
    pub source: SpannedStr,
}

/// A refinement of the choice (shard key, invalidation, where limits sit).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailFile {
    pub name: String,
    pub value: String,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub with: Vec<SpannedStr>,
    pub when: Option<ConditionFile>,
    pub because: String,
    #[schemars(with = "String")]
    pub source: SpannedStr,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteFile {
    pub text: String,
    #[schemars(with = "String")]
    pub source: SpannedStr,
}

#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableFile {
    pub title: String,
    #[schemars(with = "String")]
    #[serde(skip_serializing)]
    pub source: SpannedStr,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnreachableFile {
    #[schemars(with = "String")]
    pub option: SpannedStr,
    pub reason: String,
}

/// A test case: a requirements fragment and the decision it must produce.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    #[schemars(with = "String")]
    pub name: SpannedStr,
    /// A requirements fragment, in the requirements format.
    #[schemars(with = "serde_json::Value")]
    pub given: Spanned<serde_json::Value>,
    #[schemars(with = "String")]
    pub expect: SpannedStr,
    #[serde(default)]
    pub also: Vec<String>,
    #[serde(default)]
    pub not_also: Vec<String>,
    /// Expected details: name -> text the chosen detail's value must contain.
    #[serde(default)]
    pub details: std::collections::BTreeMap<String, String>,
}

/// A cross-topic check, `rules/coherence/<id>.yaml`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoherenceFile {
    pub message: String,
    #[schemars(with = "Vec<String>")]
    pub topics: Vec<SpannedStr>,
    #[serde(default)]
    pub severity: Severity,
    pub when: ConditionFile,
    pub help: String,
    #[schemars(with = "String")]
    pub source: SpannedStr,
}

#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    Deserialize,
    Serialize,
    JsonSchema,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    #[default]
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// How bad or how likely a risk is.
#[derive(
    Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "kebab-case")]
pub enum RiskLevel {
    High,
    Medium,
    Low,
}

impl RiskLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::High => "high",
            RiskLevel::Medium => "medium",
            RiskLevel::Low => "low",
        }
    }

    /// 3 for high, 2 for medium, 1 for low.
    pub fn weight(self) -> u32 {
        match self {
            RiskLevel::High => 3,
            RiskLevel::Medium => 2,
            RiskLevel::Low => 1,
        }
    }
}

/// A risk a design review raises, `rules/risks/<id>.yaml`: shown in the report when its
/// condition holds for the requirements and the decisions.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskFile {
    /// A few words, e.g. "Payment calls are not idempotent".
    pub title: String,
    /// How bad it is when it happens.
    pub impact: RiskLevel,
    /// How likely it is to happen at this system's figures.
    pub likelihood: RiskLevel,
    /// The requirements and decisions that make the risk bite.
    pub when: ConditionFile,
    /// What can go wrong, stating the figure it rests on with `{fact}` placeholders.
    pub text: String,
    /// What to do about it; `{fact}` placeholders allowed.
    pub mitigation: String,
    /// A wiki section, or `ref: <named public reference>`.
    #[schemars(with = "String")]
    pub source: SpannedStr,
}

/// A lint check, `rules/lints/<id>.yaml`: its documentation, and for checks written
/// as data, the condition that finds the problem.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LintFile {
    pub severity: Severity,
    /// One line: what the check finds (SARIF short description).
    pub summary: String,
    /// The finding's message; `{fact.path}` is replaced by the fact's value.
    pub message: String,
    pub help: String,
    /// Fields to point at, first present wins (dotted requirements paths).
    #[serde(default)]
    pub at: Vec<String>,
    /// The condition on the requirements' facts; absent for checks built into the linter.
    pub when: Option<ConditionFile>,
    /// Wiki section the check rests on.
    #[schemars(with = "Option<String>")]
    pub source: Option<SpannedStr>,
    pub docs: LintDocs,
}

/// What a lint finds, why it matters, and an example (shown by `tradeoff explain <id>`).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LintDocs {
    pub what: String,
    pub why: String,
    pub example: String,
}
