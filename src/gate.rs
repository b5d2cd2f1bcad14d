//! Gates: what must hold for an assessment to pass in CI, stated once in a
//! project's `[gate]` table (overridable per assessment) or as flags, and
//! checked against the scorecard. A failed gate is an error diagnostic
//! (code G00xx) naming the assessment and the pillar, in every message
//! format, and exits with code 3.
//!
//! | gate | passes when |
//! |---|---|
//! | `fail-below-target` | every pillar has reached its target stage |
//! | `min-stage` | the overall stage (a stage id) or each named pillar (`{ overall = "developing", operations = "defined" }`) has reached at least that stage |
//! | `min-coverage` | every pillar's share of answered indicators is at least this (0–1) |
//! | `max-not-applicable` | every pillar's share of n/a answers is at most this (0–1) |
//! | `deny-warnings` | the assessment produced no warning (answer files, scoring) |
//! | `no-placeholders` | no answer file still says "Your organisation" or "Your name", and every respondent answered something |

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::model::Rubric;
use crate::scoring::{Scorecard, format};

/// The placeholder texts of `rubricate init`'s template.
pub const PLACEHOLDERS: [&str; 2] = ["Your organisation", "Your name"];

/// What must hold. Every field is optional: an empty gate passes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Gate {
    pub fail_below_target: Option<bool>,
    pub min_stage: Option<MinStage>,
    pub min_coverage: Option<f64>,
    pub max_not_applicable: Option<f64>,
    pub deny_warnings: Option<bool>,
    pub no_placeholders: Option<bool>,
}

/// `min-stage = "developing"` (overall) or a table of `overall` and
/// pillar ids.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum MinStage {
    Overall(String),
    Each(BTreeMap<String, String>),
}

impl MinStage {
    /// (`overall` or a pillar id, stage id) pairs.
    pub fn pairs(&self) -> Vec<(String, String)> {
        match self {
            MinStage::Overall(stage) => vec![("overall".to_string(), stage.clone())],
            MinStage::Each(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        }
    }
}

impl Gate {
    /// `self` with every field `over` sets replaced (an assessment's gate
    /// over the project's, flags over both).
    pub fn merged(&self, over: &Gate) -> Gate {
        Gate {
            fail_below_target: over.fail_below_target.or(self.fail_below_target),
            min_stage: over.min_stage.clone().or_else(|| self.min_stage.clone()),
            min_coverage: over.min_coverage.or(self.min_coverage),
            max_not_applicable: over.max_not_applicable.or(self.max_not_applicable),
            deny_warnings: over.deny_warnings.or(self.deny_warnings),
            no_placeholders: over.no_placeholders.or(self.no_placeholders),
        }
    }

    /// Problems with the gate itself against a rubric: unknown stages and
    /// pillars, shares outside 0–1. Messages only; the caller locates them.
    pub fn problems(&self, rubric: &Rubric) -> Vec<String> {
        let mut out = Vec::new();
        for (what, stage) in self.min_stage.iter().flat_map(MinStage::pairs) {
            if what != "overall" && rubric.pillar(&what).is_none() {
                out.push(format!(
                    "`min-stage`: `{what}` is neither `overall` nor a pillar id"
                ));
            }
            if rubric.stage(&stage).is_none() {
                let ids: Vec<&str> = rubric.stages.iter().map(|s| s.id.as_str()).collect();
                out.push(format!(
                    "`min-stage`: `{stage}` is not a stage (stages: {})",
                    ids.join(", ")
                ));
            }
        }
        for (name, value) in [
            ("min-coverage", self.min_coverage),
            ("max-not-applicable", self.max_not_applicable),
        ] {
            if value.is_some_and(|v| !(0.0..=1.0).contains(&v)) {
                out.push(format!("`{name}` must be a share between 0 and 1"));
            }
        }
        out
    }
}

/// What the gate needs besides the scorecard.
pub struct Evidence<'a> {
    /// The assessment's id (its output folder), named in every failure.
    pub assessment: &'a str,
    /// Warnings the assessment produced (answer files and scoring).
    pub warnings: usize,
}

/// Checks `gate`; one error diagnostic per failure, in a stable order.
pub fn evaluate(
    gate: &Gate,
    rubric: &Rubric,
    card: &Scorecard,
    evidence: &Evidence,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let id = evidence.assessment;
    if gate.fail_below_target == Some(true) {
        for p in card.pillars.iter().filter(|p| p.reached <= p.target.index) {
            out.push(failure(
                "G0001",
                "fail-below-target",
                id,
                format!(
                    "{} is at {}, below its target {}",
                    p.name,
                    stage_words(rubric, p.reached),
                    p.target.name
                ),
            ));
        }
    }
    for (what, stage) in gate.min_stage.iter().flat_map(MinStage::pairs) {
        let Some(needed) = rubric.stage(&stage) else {
            continue;
        };
        let (name, reached) = if what == "overall" {
            ("the overall stage".to_string(), card.overall.reached)
        } else {
            match card.pillars.iter().find(|p| p.id == what) {
                Some(p) => (p.name.clone(), p.reached),
                None => continue,
            }
        };
        if reached <= needed.index {
            out.push(failure(
                "G0002",
                "min-stage",
                id,
                format!(
                    "{name} is at {}, below the required {}",
                    stage_words(rubric, reached),
                    needed.name
                ),
            ));
        }
    }
    shares(gate, card, id, &mut out);
    if gate.deny_warnings == Some(true) && evidence.warnings + card.warnings.len() > 0 {
        out.push(failure(
            "G0005",
            "deny-warnings",
            id,
            format!(
                "{} warning{} (see above)",
                evidence.warnings + card.warnings.len(),
                if evidence.warnings + card.warnings.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ),
        ));
    }
    if gate.no_placeholders == Some(true) {
        placeholders(card, id, &mut out);
    }
    out
}

fn shares(gate: &Gate, card: &Scorecard, id: &str, out: &mut Vec<Diagnostic>) {
    if let Some(min) = gate.min_coverage {
        for p in card
            .pillars
            .iter()
            .filter(|p| !crate::scoring::rules::at_least(p.coverage, min))
        {
            out.push(failure(
                "G0003",
                "min-coverage",
                id,
                format!(
                    "{} has {} of its indicators answered, below {}",
                    p.name,
                    format::percent_at(p.coverage, format::percent_decimals(min)),
                    format::percent_exact(min)
                ),
            ));
        }
    }
    if let Some(max) = gate.max_not_applicable {
        for p in card
            .pillars
            .iter()
            .filter(|p| !crate::scoring::rules::at_least(max, p.not_applicable_share))
        {
            out.push(failure(
                "G0004",
                "max-not-applicable",
                id,
                format!(
                    "{} has {} of its indicators answered n/a, above {}",
                    p.name,
                    format::percent_exact(p.not_applicable_share),
                    format::percent_exact(max)
                ),
            ));
        }
    }
}

fn placeholders(card: &Scorecard, id: &str, out: &mut Vec<Diagnostic>) {
    if PLACEHOLDERS.contains(&card.organization.as_str()) {
        out.push(failure(
            "G0006",
            "no-placeholders",
            id,
            format!("the organisation is still \"{}\"", card.organization),
        ));
    }
    for r in &card.respondents {
        if PLACEHOLDERS.contains(&r.name.as_str()) {
            out.push(failure(
                "G0006",
                "no-placeholders",
                id,
                format!("`{}` still names its respondent \"{}\"", r.file, r.name),
            ));
        }
        if r.answered == 0 {
            out.push(failure(
                "G0006",
                "no-placeholders",
                id,
                format!("`{}` ({}) answers nothing", r.file, r.name),
            ));
        }
    }
}

/// "Developing", or "no stage yet" for 0 stages reached.
fn stage_words(rubric: &Rubric, reached: usize) -> String {
    match reached.checked_sub(1).and_then(|i| rubric.stages.get(i)) {
        Some(s) => s.name.clone(),
        None => "no stage yet".to_string(),
    }
}

fn failure(code: &'static str, gate: &str, assessment: &str, what: String) -> Diagnostic {
    Diagnostic::error(
        code,
        format!("gate `{gate}` failed for assessment `{assessment}`: {what}"),
    )
    .with_help(format!(
        "the gate is set in rubricate.toml (`[gate]`, or `gate` in the assessment) or by `--{gate}`"
    ))
}
