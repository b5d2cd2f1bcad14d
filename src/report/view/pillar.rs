//! A pillar's page in the view model: its stage, ladder, the indicators at
//! its current and next stage, every indicator with respondents' answers
//! and notes, and where respondents disagree.

use serde::Serialize;

use super::{Html, Prepared, md_inline, next_stage, position_label};
use crate::assessment::AnswerValue;
use crate::model::Rubric;
use crate::report::{charts, markdown};
use crate::scoring::{IndicatorScore, IndicatorStatus, PillarScore, Scorecard, number, percent};

#[derive(Debug, Serialize)]
pub struct PillarView {
    pub id: String,
    pub name: String,
    pub anchor: String,
    /// Index into `rubric.stages` / `rubric.pillars`.
    pub stage: usize,
    pub pillar: usize,
    pub next: Option<usize>,
    pub target: usize,
    pub target_source: &'static str,
    pub below_first_stage: bool,
    pub position: String,
    pub progress: String,
    pub coverage: String,
    pub low_coverage: bool,
    pub not_applicable: String,
    pub explanation: String,
    /// One plain sentence for the executive summary.
    pub summary: String,
    pub ladder: Html,
    pub counts: Counts,
    /// The pillar's indicators at its current and next stage.
    pub current_indicators: Vec<IndicatorView>,
    pub next_indicators: Vec<IndicatorView>,
    /// Every indicator, grouped by stage.
    pub cells: Vec<CellView>,
    pub disagreements: Vec<IndicatorView>,
}

#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub met: usize,
    pub partly: usize,
    pub unmet: usize,
    pub unanswered: usize,
    pub not_applicable: usize,
}

#[derive(Debug, Serialize)]
pub struct CellView {
    pub stage: usize,
    pub attainment: Option<String>,
    pub met: bool,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub id: String,
    pub statement: Html,
    pub guidance: Option<Html>,
    pub status: IndicatorStatus,
    pub status_label: &'static str,
    /// "2 / 3 Largely in place", or "n/a".
    pub level: Option<String>,
    pub disagreement: bool,
    pub responses: Vec<ResponseView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    pub respondent: String,
    pub answer: String,
    pub note: Option<Html>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    pub text: String,
    /// Set only for links with an allowed scheme; attribute-escaped here so
    /// the URL stays readable in the HTML.
    pub href: Option<Html>,
}

pub(super) fn pillar_view(
    rubric: &Rubric,
    prepared: &Prepared,
    card: &Scorecard,
    index: usize,
    p: &PillarScore,
) -> PillarView {
    let baseline = card
        .progress
        .as_ref()
        .and_then(|pr| pr.pillars.iter().find(|c| c.pillar == p.id))
        .map(|c| c.change.from_position);
    let names: Vec<&str> = rubric.stages.iter().map(|s| s.name.as_str()).collect();
    let ladder = charts::ladder(&p.name, &names, p.position, p.target.index, baseline);
    let next = next_stage(rubric, p.stage.index);
    let indicators_at = |stage: Option<usize>| -> Vec<IndicatorView> {
        let Some(stage) = stage else {
            return Vec::new();
        };
        p.stages
            .get(stage)
            .map(|c| {
                c.indicators
                    .iter()
                    .map(|i| indicator_view(prepared, i))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut counts = Counts::default();
    let cells: Vec<CellView> = p
        .stages
        .iter()
        .enumerate()
        .map(|(s, c)| CellView {
            stage: s,
            attainment: c.attainment.map(percent),
            met: c.met,
            indicators: c
                .indicators
                .iter()
                .map(|i| {
                    count(&mut counts, i.status);
                    indicator_view(prepared, i)
                })
                .collect(),
        })
        .collect();
    let disagreements = cells
        .iter()
        .flat_map(|c| c.indicators.iter())
        .filter(|i| i.disagreement)
        .cloned()
        .collect();
    PillarView {
        id: p.id.clone(),
        name: p.name.clone(),
        anchor: format!("pillar-{}", p.id),
        stage: p.stage.index,
        pillar: index,
        next,
        target: p.target.index,
        target_source: p.target_source,
        below_first_stage: p.below_first_stage,
        position: position_label(p.position, rubric.stages.len()),
        progress: percent(p.progress),
        coverage: percent(p.coverage),
        low_coverage: p.low_coverage,
        not_applicable: percent(p.not_applicable_share),
        explanation: p.explanation.clone(),
        summary: summary_line(rubric, p),
        ladder: Html(ladder),
        counts,
        current_indicators: if p.below_first_stage {
            Vec::new()
        } else {
            indicators_at(Some(p.stage.index))
        },
        next_indicators: if p.below_first_stage {
            indicators_at(Some(p.stage.index))
        } else {
            indicators_at(next)
        },
        cells,
        disagreements,
    }
}

/// "Developing, 41% of the way to Defined (target: Defined)."
fn summary_line(rubric: &Rubric, p: &PillarScore) -> String {
    let name = |i: usize| rubric.stages.get(i).map_or("", |s| s.name.as_str());
    let target = if p.target.index == p.stage.index && !p.below_first_stage {
        "at its target".to_string()
    } else {
        format!("target: {}", p.target.name)
    };
    if p.below_first_stage {
        return format!(
            "not yet {}: {} of the way there ({target}).",
            p.stage.name,
            percent(p.progress)
        );
    }
    match next_stage(rubric, p.stage.index) {
        Some(next) => format!(
            "{}, {} of the way to {} ({target}).",
            p.stage.name,
            percent(p.progress),
            name(next)
        ),
        None => format!("{}, the top stage ({target}).", p.stage.name),
    }
}

fn count(counts: &mut Counts, status: IndicatorStatus) {
    match status {
        IndicatorStatus::Met => counts.met += 1,
        IndicatorStatus::Partly => counts.partly += 1,
        IndicatorStatus::Unmet => counts.unmet += 1,
        IndicatorStatus::Unanswered => counts.unanswered += 1,
        IndicatorStatus::NotApplicable => counts.not_applicable += 1,
    }
}

fn indicator_view(prepared: &Prepared, i: &IndicatorScore) -> IndicatorView {
    let level = match (i.level, i.status) {
        (_, IndicatorStatus::NotApplicable) => Some("n/a".to_string()),
        (Some(level), _) => Some(match &i.level_label {
            Some(label) => format!("{} / {} {label}", number(level), number(i.scale_max)),
            None => format!("{} / {}", number(level), number(i.scale_max)),
        }),
        (None, _) => None,
    };
    IndicatorView {
        id: i.id.clone(),
        statement: prepared
            .statements
            .get(&i.id)
            .cloned()
            .unwrap_or_else(|| md_inline(&i.statement)),
        guidance: prepared.guidance.get(&i.id).cloned(),
        status: i.status,
        status_label: status_label(i.status),
        level,
        disagreement: i.disagreement,
        responses: i
            .responses
            .iter()
            .map(|r| ResponseView {
                respondent: r.respondent.clone(),
                answer: match (r.value, &r.label) {
                    (AnswerValue::NotApplicable, _) => "n/a".to_string(),
                    (AnswerValue::Level(v), Some(label)) => format!("{} {label}", number(v)),
                    (AnswerValue::Level(v), None) => number(v),
                },
                note: r.note.as_deref().map(|n| Html(markdown::to_html(n))),
                evidence: r
                    .evidence
                    .iter()
                    .map(|e| EvidenceView {
                        text: e.clone(),
                        href: markdown::is_allowed_url(e)
                            .then(|| Html(markdown::escape(e).into_owned())),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// How an indicator status reads in a report.
pub fn status_label(status: IndicatorStatus) -> &'static str {
    match status {
        IndicatorStatus::Met => "Met",
        IndicatorStatus::Partly => "Partly met",
        IndicatorStatus::Unmet => "Not met",
        IndicatorStatus::Unanswered => "Not answered",
        IndicatorStatus::NotApplicable => "Not applicable",
    }
}
