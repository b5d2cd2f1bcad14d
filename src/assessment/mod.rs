//! Stage 2b of the pipeline: answer files (TOML or JSON, one per
//! respondent) → a validated [`Assessment`] checked against a compiled
//! rubric. Ids are resolved, levels given by label are turned into values,
//! and every problem is a spanned diagnostic. Missing answers are not
//! problems: scoring reports them as coverage.

pub mod load;
pub mod template;
pub mod update;

pub use load::{load, load_contents};
pub use template::template;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

/// Everything several respondents of one organisation said. Respondents are
/// kept sorted by file name so that every result is independent of the
/// order files were given in.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Assessment {
    pub organization: Organization,
    pub respondents: Vec<Respondent>,
    /// Target stage per pillar id, merged over respondents (see `load`).
    pub targets: BTreeMap<String, String>,
    /// Roadmap planning per action id, merged over respondents.
    pub plans: BTreeMap<String, ActionPlan>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Organization {
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Respondent {
    pub name: String,
    pub role: Option<String>,
    /// ISO date `YYYY-MM-DD` of the answers.
    pub date: Option<String>,
    /// The answer file, as given on the command line.
    pub file: String,
    /// Indicator id → answer. Only answered indicators appear, under their
    /// current ids (answers to renamed ids are here under the new id).
    pub answers: BTreeMap<String, Answer>,
    /// Answers the file wrote under an old id and that count for a current
    /// one (the rubric's `evolution { renamed … }`): (id as written,
    /// current id), in file order. A baseline answered on an older version
    /// is compared through the same map.
    pub migrated: Vec<(String, String)>,
    /// Ids answered that the rubric has retired: the answers are accepted
    /// and kept in the file, never scored; in file order.
    pub retired: Vec<String>,
    /// The version requirement (`1` in `"ecommerce@1"`) of a file written
    /// for an older major version of the rubric, which is read through the
    /// rubric's evolution declarations instead of being refused.
    pub written_for: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub value: AnswerValue,
    /// Markdown, untrusted.
    pub note: Option<String>,
    /// Links or references, untrusted.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "level")]
pub enum AnswerValue {
    /// A level value of the indicator's scale.
    Level(f64),
    /// "n/a": the indicator does not apply to this organisation.
    NotApplicable,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActionPlan {
    pub owner: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    pub due: Option<String>,
    pub status: Option<ActionStatus>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    Planned,
    InProgress,
    Done,
    Dropped,
}
