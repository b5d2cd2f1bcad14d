//! Stage 2 of the pipeline: the resolved, validated rubric. Every reference
//! is checked, stages are ordered, defaults are filled in, so later stages
//! (scoring, reports) never re-validate. Serialises to the stable JSON that
//! `rubricate compile` prints.

mod bundled;
mod evolution;
mod load;
mod poison;
mod resolve;

pub use bundled::{BUNDLED, bundled};
pub use evolution::{Fate, Renamed, Retired};
pub use load::{BUILTIN_PREFIX, CompileOutput, compile, compile_text};

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

/// The version of the compiled-rubric JSON that `rubricate compile` prints,
/// so tools reading it can tell which shape they got. 1: the first versioned
/// shape (the model as below, `schema_version` first).
pub const SCHEMA_VERSION: u32 = 1;

/// What `rubricate compile` prints: the rubric, led by the version of its
/// JSON shape (as `score.json` carries its own).
#[derive(Debug, Serialize, JsonSchema)]
pub struct CompiledRubric<'a> {
    /// The version of this JSON shape; see [`SCHEMA_VERSION`].
    pub schema_version: u32,
    #[serde(flatten)]
    pub rubric: &'a Rubric,
}

impl<'a> CompiledRubric<'a> {
    pub fn new(rubric: &'a Rubric) -> Self {
        CompiledRubric {
            schema_version: SCHEMA_VERSION,
            rubric,
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    pub summary: Option<String>,
    pub stages: Vec<Stage>,
    pub pillars: Vec<Pillar>,
    pub actions: Vec<Action>,
    pub scales: Vec<Scale>,
    pub default_scale: String,
    pub scoring: ScoringPolicy,
    /// Ids of earlier versions whose answers count for an indicator of this
    /// one (`evolution { renamed … }`), sorted by old id, chains followed.
    pub renamed: Vec<Renamed>,
    /// Ids of earlier versions whose answers are kept but not scored
    /// (`evolution { retired … }`), sorted by id.
    pub retired: Vec<Retired>,
    /// Full indicator id → (pillar index, indicator index).
    #[serde(skip)]
    pub(crate) indicator_index: BTreeMap<String, (usize, usize)>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Stage {
    pub id: String,
    /// 0-based position on the ladder.
    pub index: usize,
    pub name: String,
    pub tagline: Option<String>,
    pub description: Option<String>,
    pub challenge: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Pillar {
    pub id: String,
    pub name: String,
    pub weight: f64,
    pub description: Option<String>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Indicator {
    /// `pillar.local`, the id answer files use.
    pub id: String,
    pub pillar: String,
    pub stage: String,
    #[serde(skip)]
    pub stage_index: usize,
    pub statement: String,
    pub guidance: Option<String>,
    pub weight: f64,
    pub scale: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Low,
    Medium,
    High,
}

impl Rating {
    pub fn parse(s: &str) -> Option<Rating> {
        match s {
            "low" => Some(Rating::Low),
            "medium" => Some(Rating::Medium),
            "high" => Some(Rating::High),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Low => "low",
            Rating::Medium => "medium",
            Rating::High => "high",
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Action {
    pub id: String,
    pub title: String,
    /// The stage the action starts from; `None` for actions that lead into
    /// the first stage (`advance -> FIRST`).
    pub from: Option<String>,
    pub to: String,
    /// `None` for cross-cutting actions.
    pub pillar: Option<String>,
    /// The area of a cross-cutting action ("Strategy").
    pub area: Option<String>,
    pub impact: Rating,
    pub effort: Rating,
    pub description: Option<String>,
    pub serves: Vec<String>,
    pub after: Vec<String>,
    /// Index of `to` in the ladder: the action lifts a pillar from stage
    /// `to_index - 1` (or from below the first stage when 0) to `to_index`.
    #[serde(skip)]
    pub to_index: usize,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Scale {
    pub id: String,
    pub levels: Vec<Level>,
    /// Level value from which an indicator counts as met.
    pub met: f64,
    pub default: bool,
}

impl Scale {
    pub fn min(&self) -> f64 {
        self.levels.first().map_or(0.0, |l| l.value)
    }

    pub fn max(&self) -> f64 {
        self.levels.last().map_or(1.0, |l| l.value)
    }

    /// A level value mapped onto 0–1, so scales of any size combine.
    pub fn normalise(&self, value: f64) -> f64 {
        let (min, max) = (self.min(), self.max());
        if max <= min {
            return 1.0;
        }
        ((value - min) / (max - min)).clamp(0.0, 1.0)
    }

    pub fn level(&self, value: f64) -> Option<&Level> {
        self.levels.iter().find(|l| l.value == value)
    }

    pub fn level_by_label(&self, label: &str) -> Option<&Level> {
        self.levels
            .iter()
            .find(|l| l.label.eq_ignore_ascii_case(label.trim()))
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Level {
    pub value: f64,
    pub label: String,
    pub description: Option<String>,
}

/// How the rubric turns answers into stages. Every field has a documented
/// default, so a rubric without a `scoring` block still scores.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ScoringPolicy {
    pub pillar_stage: PillarStageRule,
    /// Weighted attainment (0–1) a pillar × stage needs to count as met.
    pub stage_threshold: f64,
    pub overall: OverallRule,
    pub respondents: CombineRule,
    pub unanswered: UnansweredRule,
    pub not_applicable: NotApplicablePolicy,
    /// Below this share of answered indicators a pillar's stage is flagged
    /// as not to be trusted.
    pub min_coverage: f64,
}

impl Default for ScoringPolicy {
    fn default() -> Self {
        ScoringPolicy {
            pillar_stage: PillarStageRule::Gated,
            stage_threshold: 0.75,
            overall: OverallRule::Min,
            respondents: CombineRule::Mean,
            unanswered: UnansweredRule::Skip,
            not_applicable: NotApplicablePolicy::Justified,
            min_coverage: 0.6,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PillarStageRule {
    /// Highest stage such that it and every lower stage are met.
    Gated,
    /// Sum of the stages' attainments, as a position on the ladder.
    Average,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OverallRule {
    Min,
    WeightedMean,
    Median,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CombineRule {
    Mean,
    Median,
    Min,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum UnansweredRule {
    /// Left out of the denominator.
    Skip,
    /// Counted as the lowest level.
    Zero,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NotApplicablePolicy {
    Forbidden,
    Allowed,
    /// Allowed with a note saying why.
    Justified,
}

impl Rubric {
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        let (p, i) = *self.indicator_index.get(id)?;
        self.pillars.get(p)?.indicators.get(i)
    }

    pub fn indicator_ids(&self) -> impl Iterator<Item = &str> {
        self.pillars
            .iter()
            .flat_map(|p| p.indicators.iter().map(|i| i.id.as_str()))
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// A stage's name for readers; the id itself if there is no such stage
    /// (a resolved rubric has none of those, but display code never panics).
    pub fn stage_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.stage(id).map_or(id, |s| s.name.as_str())
    }

    pub fn pillar(&self, id: &str) -> Option<&Pillar> {
        self.pillars.iter().find(|p| p.id == id)
    }

    pub fn action(&self, id: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }

    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// The scale an indicator is answered on.
    pub fn scale_of(&self, indicator: &Indicator) -> &Scale {
        self.scale(&indicator.scale)
            .or_else(|| self.scale(&self.default_scale))
            .unwrap_or(&self.scales[0])
    }
}
