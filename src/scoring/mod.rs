//! Stage 3 of the pipeline: pure functions from a compiled [`Rubric`] and an
//! [`Assessment`] to a [`Scorecard`]: indicator scores with respondents'
//! spread, pillar × stage attainment, each pillar's stage with a plain-words
//! explanation, the overall stage, imbalance, targets, gaps, the roadmap and
//! progress since a baseline. No I/O, no clocks: same inputs, same output.
//!
//! Definitions (also in the README, "How scoring works"):
//! - an answer's level is normalised to 0–1 on its scale; respondents'
//!   levels combine by the rubric's `respondents` rule;
//! - an indicator is *met* when its combined level reaches the scale's
//!   `met at` level;
//! - a pillar × stage *attainment* is the weighted mean of its indicators'
//!   normalised scores (unanswered ones left out or counted as 0, n/a ones
//!   always left out); the stage is *met* when attainment reaches the
//!   rubric's `stage-threshold`; a stage without indicators counts as met.

mod engine;
mod explain;
mod progress;
mod roadmap;
pub mod text;

pub use engine::score;
pub(crate) use explain::{number, percent};

use serde::Serialize;

use crate::assessment::{ActionStatus, AnswerValue};
use crate::model::{Rating, ScoringPolicy};

/// Everything a report or a CI pipeline needs about one assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub rubric: RubricInfo,
    pub organization: String,
    pub respondents: Vec<RespondentInfo>,
    pub policy: ScoringPolicy,
    pub overall: Overall,
    pub imbalance: Imbalance,
    pub pillars: Vec<PillarScore>,
    pub roadmap: Vec<RoadmapItem>,
    pub progress: Option<Progress>,
    /// Findings worth a reader's attention (target below current stage, low
    /// coverage, …), in a stable order.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RubricInfo {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RespondentInfo {
    pub name: String,
    pub role: Option<String>,
    pub date: Option<String>,
    pub file: String,
    pub answered: usize,
}

/// A stage by id, index and name, as shown to readers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageRef {
    pub id: String,
    pub index: usize,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overall {
    pub stage: StageRef,
    /// Position on the ladder: stage index + progress toward the next (0-based).
    pub position: f64,
    pub rule: crate::model::OverallRule,
}

#[derive(Debug, Clone, Serialize)]
pub struct Imbalance {
    /// Pillars two or more stages apart.
    pub flagged: bool,
    /// Stages between the lowest and the highest pillar.
    pub spread: usize,
    pub lowest: Vec<String>,
    pub highest: Vec<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarScore {
    pub id: String,
    pub name: String,
    pub weight: f64,
    pub stage: StageRef,
    /// True when not even the first stage is met: the pillar sits at the
    /// floor of the ladder by default, not by evidence.
    pub below_first_stage: bool,
    /// 0–1 toward the next stage (0 at the top stage).
    pub progress: f64,
    pub position: f64,
    /// Share of indicators answered (a level or n/a).
    pub coverage: f64,
    pub low_coverage: bool,
    /// Share of indicators answered "n/a".
    pub not_applicable_share: f64,
    pub target: StageRef,
    /// `answers` when a respondent set it, `default` for the next stage.
    pub target_source: &'static str,
    pub stages: Vec<CellScore>,
    /// Unmet indicators at or below the target, lowest stage first.
    pub gaps: Vec<Gap>,
    pub explanation: String,
}

/// One pillar at one stage.
#[derive(Debug, Clone, Serialize)]
pub struct CellScore {
    pub stage: String,
    /// Weighted attainment 0–1; `None` when nothing could be counted.
    pub attainment: Option<f64>,
    pub met: bool,
    pub indicators: Vec<IndicatorScore>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorStatus {
    Met,
    /// Answered above the scale's floor but below `met at`.
    Partly,
    Unmet,
    Unanswered,
    NotApplicable,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorScore {
    pub id: String,
    pub statement: String,
    pub weight: f64,
    /// Combined level in the scale's units.
    pub level: Option<f64>,
    pub level_label: Option<String>,
    /// The scale's top value, for "1/3" style display.
    pub scale_max: f64,
    /// Combined level normalised to 0–1.
    pub score: Option<f64>,
    pub status: IndicatorStatus,
    /// Max − min normalised level across respondents.
    pub spread: f64,
    /// Respondents are two or more levels apart (or half the scale).
    pub disagreement: bool,
    pub responses: Vec<Response>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub respondent: String,
    pub value: AnswerValue,
    pub label: Option<String>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub indicator: String,
    pub stage: String,
    pub status: IndicatorStatus,
    pub level: Option<f64>,
    pub scale_max: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quadrant {
    QuickWin,
    MajorProject,
    FillIn,
    ThanklessTask,
}

impl Quadrant {
    /// Impact medium or high counts as high impact; only high effort counts
    /// as high effort (a medium-effort, high-value action is still worth
    /// doing first).
    pub fn of(impact: Rating, effort: Rating) -> Quadrant {
        let high_impact = impact >= Rating::Medium;
        let high_effort = effort == Rating::High;
        match (high_impact, high_effort) {
            (true, false) => Quadrant::QuickWin,
            (true, true) => Quadrant::MajorProject,
            (false, false) => Quadrant::FillIn,
            (false, true) => Quadrant::ThanklessTask,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Quadrant::QuickWin => "quick win",
            Quadrant::MajorProject => "major project",
            Quadrant::FillIn => "fill-in",
            Quadrant::ThanklessTask => "thankless task",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadmapItem {
    pub action: String,
    pub title: String,
    /// `None` for cross-cutting actions.
    pub pillar: Option<String>,
    pub area: Option<String>,
    pub from: String,
    pub to: String,
    pub impact: Rating,
    pub effort: Rating,
    pub quadrant: Quadrant,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: Option<ActionStatus>,
    /// Not done or dropped, and nobody owns it.
    pub unowned: bool,
    pub after: Vec<String>,
    pub serves: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub baseline_respondents: Vec<RespondentInfo>,
    pub overall: Change,
    pub pillars: Vec<PillarChange>,
    /// Indicators whose combined score changed, in rubric order.
    pub indicators: Vec<IndicatorChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub from: StageRef,
    pub to: StageRef,
    pub from_position: f64,
    pub to_position: f64,
    pub delta: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarChange {
    pub pillar: String,
    #[serde(flatten)]
    pub change: Change,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorChange {
    pub indicator: String,
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub delta: Option<f64>,
}

impl Scorecard {
    /// The assessment's date: the latest of its respondents' dates.
    pub fn date(&self) -> Option<&str> {
        latest_date(&self.respondents)
    }
}

/// The latest of some respondents' ISO dates (ISO dates sort as text).
pub fn latest_date(respondents: &[RespondentInfo]) -> Option<&str> {
    respondents.iter().filter_map(|r| r.date.as_deref()).max()
}

/// Rounds for output so JSON is stable and readable (4 decimals).
pub(crate) fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
