//! Stage 3 of the pipeline: pure functions from a compiled [`Rubric`] and an
//! [`Assessment`] to a [`Scorecard`]: indicator credit with respondents'
//! spread, pillar × stage attainment, each pillar's stage and position with
//! a plain-words explanation, the overall stage, imbalance, targets, gaps,
//! the roadmap and progress since a baseline. No I/O, no clocks: same
//! inputs, same output.
//!
//! Every rule lives in one function of [`rules`]; the words that state the
//! rules for readers live in [`words`] and are quoted verbatim by the README
//! ("Scoring") and the report's methodology appendix. Nothing is rounded
//! inside the computation: numbers are rounded only when printed, by
//! [`format`].
//!
//! [`Rubric`]: crate::model::Rubric
//! [`Assessment`]: crate::assessment::Assessment

mod engine;
mod explain;
pub mod format;
mod progress;
mod roadmap;
pub mod rules;
pub mod text;
pub mod words;

pub use engine::score;
pub use format::{number, percent, position_label};

use schemars::JsonSchema;
use serde::Serialize;

use crate::assessment::{ActionStatus, AnswerValue};
use crate::model::{Rating, ScoringPolicy};

/// The version of the scorecard JSON. 2: `stage` is `null` below the first
/// stage, `position` counts stages reached (0 to N), unrounded numbers,
/// `credit` per indicator, disagreement in scale steps.
///
/// It changes when a key is removed or renamed or a value changes meaning;
/// new keys are added without a change (readers ignore keys they do not
/// know). Within version 2: `progress.not_compared` and
/// `respondents[].retired`.
pub const SCHEMA_VERSION: u32 = 2;

/// Everything a report or a CI pipeline needs about one assessment.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Scorecard {
    pub schema_version: u32,
    pub rubric: RubricInfo,
    pub organization: String,
    pub respondents: Vec<RespondentInfo>,
    pub policy: ScoringPolicy,
    pub overall: Overall,
    pub imbalance: Imbalance,
    pub pillars: Vec<PillarScore>,
    pub roadmap: Vec<RoadmapItem>,
    /// Steps from a pillar's stage to its target for which the rubric
    /// declares no action of that pillar.
    pub uncovered: Vec<UncoveredStep>,
    pub progress: Option<Progress>,
    /// Positions over time, when the assessment has a history.
    pub trend: Option<Trend>,
    /// Findings worth a reader's attention (target below current stage, low
    /// coverage, …), in a stable order.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RubricInfo {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    /// The ladder, lowest first: positions run from 0 to its length.
    pub stages: Vec<StageInfo>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StageInfo {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RespondentInfo {
    pub name: String,
    pub role: Option<String>,
    pub date: Option<String>,
    pub file: String,
    pub answered: usize,
    /// Retired indicator ids the respondent answered: kept, not scored
    /// (absent when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<String>,
}

/// A stage by id, index and name, as shown to readers.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct StageRef {
    pub id: String,
    /// 0-based index into the rubric's stages; `position` ≥ `index + 1`.
    pub index: usize,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Overall {
    /// The highest stage reached; `None` below the first stage or when
    /// nothing was answered.
    pub stage: Option<StageRef>,
    /// Number of stages reached (`floor(position)`).
    pub reached: usize,
    /// 0 (nothing reached) to N (top reached), combined over the assessed
    /// pillars by the rubric's `overall` rule.
    pub position: f64,
    /// False when no pillar has anything to count.
    pub assessed: bool,
    pub rule: crate::model::OverallRule,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Imbalance {
    /// Assessed pillars two or more stages apart.
    pub flagged: bool,
    /// Stages reached by the highest pillar minus by the lowest.
    pub spread: usize,
    pub lowest: Vec<String>,
    pub highest: Vec<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PillarScore {
    pub id: String,
    pub name: String,
    pub weight: f64,
    /// The highest stage reached; `None` below the first stage.
    pub stage: Option<StageRef>,
    /// Number of stages reached (`floor(position)`).
    pub reached: usize,
    /// Fraction (0 ≤ p < 1) toward `next`: `position - reached`.
    pub progress: f64,
    /// `reached + progress`, from 0 to N.
    pub position: f64,
    /// The stage `progress` is measured toward: the next stage with
    /// something to count; `None` at the top or when none is left.
    pub next: Option<StageRef>,
    /// False when no stage of the pillar has anything to count.
    pub assessed: bool,
    /// Share of indicators answered (a level or n/a).
    pub coverage: f64,
    pub low_coverage: bool,
    /// Share of indicators answered "n/a".
    pub not_applicable_share: f64,
    pub target: StageRef,
    /// `answers` when a respondent set it, `default` for the next stage.
    pub target_source: &'static str,
    pub stages: Vec<CellScore>,
    /// Counted indicators not fully in place at stages up to the target,
    /// lowest stage first.
    pub gaps: Vec<Gap>,
    /// Indicators nobody answered, in rubric order.
    pub unanswered: Vec<String>,
    pub explanation: String,
}

/// One pillar at one stage.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CellScore {
    pub stage: String,
    /// Weighted mean credit 0–1 ("share in place"); `None` when nothing
    /// could be counted.
    pub attainment: Option<f64>,
    /// Attainment reaches `stage-threshold` (false with nothing to count).
    pub met: bool,
    /// The pillar has reached this stage (`index < pillar.reached`).
    pub reached: bool,
    pub indicators: Vec<IndicatorScore>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorStatus {
    /// Credit 1: at or above the scale's `met at` level.
    Met,
    /// Credit between 0 and 1.
    Partly,
    /// Credit 0: at the scale's lowest level.
    Unmet,
    Unanswered,
    NotApplicable,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct IndicatorScore {
    pub id: String,
    pub statement: String,
    pub weight: f64,
    /// Combined level in the scale's units.
    pub level: Option<f64>,
    pub level_label: Option<String>,
    /// The scale's top value, for "1/3" style display.
    pub scale_max: f64,
    /// Share of the indicator in place, 0–1 (see `rules::credit`).
    pub credit: Option<f64>,
    pub status: IndicatorStatus,
    /// Scale steps between the lowest and the highest answer.
    pub spread: usize,
    /// Respondents are far enough apart to say they disagree
    /// (`rules::disagree`).
    pub disagreement: bool,
    pub responses: Vec<Response>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Response {
    pub respondent: String,
    pub value: AnswerValue,
    pub label: Option<String>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Gap {
    pub indicator: String,
    pub stage: String,
    pub status: IndicatorStatus,
    pub level: Option<f64>,
    pub scale_max: f64,
}

/// A step on a pillar's way to its target that no action of the pillar
/// covers.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct UncoveredStep {
    pub pillar: String,
    /// `None` for the step into the first stage.
    pub from: Option<String>,
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
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

/// A roadmap phase: the step to the next stage, the one after, or further.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Now,
    Next,
    Later,
}

impl Phase {
    /// Steps ahead of the pillar's (or organisation's) stage: 0 is now.
    pub fn of_steps(steps: usize) -> Phase {
        match steps {
            0 => Phase::Now,
            1 => Phase::Next,
            _ => Phase::Later,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Now => "Now",
            Phase::Next => "Next",
            Phase::Later => "Later",
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoadmapItem {
    pub action: String,
    pub title: String,
    /// `None` for cross-cutting actions.
    pub pillar: Option<String>,
    pub area: Option<String>,
    /// `None` for actions that lead into the first stage.
    pub from: Option<String>,
    pub to: String,
    pub impact: Rating,
    pub effort: Rating,
    pub quadrant: Quadrant,
    /// When to do it (see `roadmap`): now, next or later.
    pub phase: Phase,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: Option<ActionStatus>,
    /// Not done or dropped, and nobody owns it.
    pub unowned: bool,
    /// Not done or dropped, and due before the assessment date.
    pub overdue: bool,
    pub after: Vec<String>,
    /// Set when the action is on the roadmap only as a prerequisite of
    /// these actions (not done, and outside the pillar's own steps).
    pub required_by: Vec<String>,
    pub serves: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Progress {
    pub baseline_respondents: Vec<RespondentInfo>,
    pub overall: Change,
    pub pillars: Vec<PillarChange>,
    /// Indicators whose combined score changed, in rubric order; those in
    /// `not_compared` are left out.
    pub indicators: Vec<IndicatorChange>,
    /// Indicators that cannot be compared with the baseline: retired ones
    /// (answered on either side), then, when the baseline was written for
    /// an older version of the rubric, those answered now that nobody
    /// answered in the baseline (most likely new in this version).
    pub not_compared: Vec<NotCompared>,
}

/// An indicator left out of the comparison, and why.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct NotCompared {
    /// The id as answered: a current id, or a retired one.
    pub indicator: String,
    pub reason: NotComparedReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NotComparedReason {
    /// The rubric retired it: its answers are not scored on either side.
    Retired,
    /// The baseline, written for an older version of the rubric, has no
    /// answer to it.
    NotInBaseline,
}

impl NotComparedReason {
    /// The reason in a reader's words.
    pub fn label(self) -> &'static str {
        match self {
            NotComparedReason::Retired => "retired from the rubric",
            NotComparedReason::NotInBaseline => {
                "no answer in the baseline, written for an older version"
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Change {
    pub from: Option<StageRef>,
    pub to: Option<StageRef>,
    pub from_position: f64,
    pub to_position: f64,
    pub delta: f64,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PillarChange {
    pub pillar: String,
    #[serde(flatten)]
    pub change: Change,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct IndicatorChange {
    pub indicator: String,
    pub from: IndicatorState,
    pub to: IndicatorState,
    /// Change of credit; `None` unless both sides were counted.
    pub delta: Option<f64>,
}

/// An indicator's combined answer at one point in time.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct IndicatorState {
    pub status: IndicatorStatus,
    pub level: Option<f64>,
    pub label: Option<String>,
    pub credit: Option<f64>,
}

/// An assessment's positions over time, oldest first, the current answers
/// last.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Trend {
    pub points: Vec<TrendPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct TrendPoint {
    /// A tag, a short commit hash, a round's label, or `now`.
    pub label: String,
    pub date: Option<String>,
    pub overall: f64,
    /// Per pillar, in the rubric's order.
    pub pillars: Vec<f64>,
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
