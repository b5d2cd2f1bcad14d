//! Indicator, pillar × stage, pillar and overall scores.

use super::*;
use crate::assessment::{Answer, Assessment};
use crate::model::{
    CombineRule, Indicator, OverallRule, Pillar, PillarStageRule, Rubric, UnansweredRule,
};

/// Tolerance for comparing attainments with thresholds, so 0.75 computed
/// as 0.7499999 still counts as met.
const EPSILON: f64 = 1e-9;

/// Normalised spread from which respondents are said to disagree.
const DISAGREEMENT: f64 = 0.5;

/// Scores an assessment, and its progress since `baseline` when given.
pub fn score(rubric: &Rubric, assessment: &Assessment, baseline: Option<&Assessment>) -> Scorecard {
    let mut card = score_alone(rubric, assessment);
    if let Some(base) = baseline {
        let before = score_alone(rubric, base);
        card.progress = Some(progress::compare(&before, &card));
    }
    card
}

fn score_alone(rubric: &Rubric, assessment: &Assessment) -> Scorecard {
    let mut warnings = Vec::new();
    let pillars: Vec<PillarScore> = rubric
        .pillars
        .iter()
        .map(|p| score_pillar(rubric, p, assessment, &mut warnings))
        .collect();
    let overall = overall(rubric, &pillars);
    let imbalance = imbalance(&pillars);
    let roadmap = roadmap::build(rubric, assessment, &pillars, &overall);
    Scorecard {
        rubric: RubricInfo {
            id: rubric.id.clone(),
            title: rubric.title.clone(),
            version: rubric.version.clone(),
        },
        organization: assessment.organization.name.clone(),
        respondents: respondents(assessment),
        policy: rubric.scoring.clone(),
        overall,
        imbalance,
        pillars,
        roadmap,
        progress: None,
        warnings,
    }
}

pub(super) fn respondents(assessment: &Assessment) -> Vec<RespondentInfo> {
    assessment
        .respondents
        .iter()
        .map(|r| RespondentInfo {
            name: r.name.clone(),
            role: r.role.clone(),
            date: r.date.clone(),
            file: r.file.clone(),
            answered: r.answers.len(),
        })
        .collect()
}

pub(super) fn stage_ref(rubric: &Rubric, index: usize) -> StageRef {
    let index = index.min(rubric.stages.len().saturating_sub(1));
    let s = &rubric.stages[index];
    StageRef {
        id: s.id.clone(),
        index,
        name: s.name.clone(),
    }
}

/// Combines several respondents' values by the rubric's rule.
pub(crate) fn combine(rule: CombineRule, values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Some(match rule {
        CombineRule::Mean => sorted.iter().sum::<f64>() / sorted.len() as f64,
        CombineRule::Min => sorted[0],
        CombineRule::Median => median(&sorted),
    })
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn score_indicator(rubric: &Rubric, ind: &Indicator, assessment: &Assessment) -> IndicatorScore {
    let scale = rubric.scale_of(ind);
    let answers: Vec<(&str, &Answer)> = assessment
        .respondents
        .iter()
        .filter_map(|r| r.answers.get(&ind.id).map(|a| (r.name.as_str(), a)))
        .collect();
    let levels: Vec<f64> = answers
        .iter()
        .filter_map(|(_, a)| match a.value {
            AnswerValue::Level(v) => Some(v),
            AnswerValue::NotApplicable => None,
        })
        .collect();
    let level = combine(rubric.scoring.respondents, &levels);
    let normalised: Vec<f64> = levels.iter().map(|v| scale.normalise(*v)).collect();
    let spread = match (
        normalised.iter().copied().reduce(f64::min),
        normalised.iter().copied().reduce(f64::max),
    ) {
        (Some(lo), Some(hi)) => hi - lo,
        _ => 0.0,
    };
    let status = match level {
        Some(l) if l + EPSILON >= scale.met => IndicatorStatus::Met,
        Some(l) if l > scale.min() + EPSILON => IndicatorStatus::Partly,
        Some(_) => IndicatorStatus::Unmet,
        None if !answers.is_empty() => IndicatorStatus::NotApplicable,
        None => IndicatorStatus::Unanswered,
    };
    IndicatorScore {
        id: ind.id.clone(),
        statement: ind.statement.clone(),
        weight: ind.weight,
        level: level.map(round),
        level_label: level.and_then(|l| scale.level(l)).map(|l| l.label.clone()),
        scale_max: scale.max(),
        score: level.map(|l| round(scale.normalise(l))),
        status,
        spread: round(spread),
        disagreement: spread + EPSILON >= DISAGREEMENT,
        responses: answers
            .iter()
            .map(|(who, a)| Response {
                respondent: (*who).to_string(),
                value: a.value,
                label: match a.value {
                    AnswerValue::Level(v) => scale.level(v).map(|l| l.label.clone()),
                    AnswerValue::NotApplicable => None,
                },
                note: a.note.clone(),
                evidence: a.evidence.clone(),
            })
            .collect(),
    }
}

/// Weighted attainment of one cell; `None` when nothing counts.
fn attainment(indicators: &[IndicatorScore], unanswered: UnansweredRule) -> Option<f64> {
    let mut total = 0.0;
    let mut weights = 0.0;
    for i in indicators {
        let value = match (i.status, i.score) {
            (IndicatorStatus::NotApplicable, _) => continue,
            (_, Some(s)) => s,
            (_, None) if unanswered == UnansweredRule::Zero => 0.0,
            (_, None) => continue,
        };
        total += value * i.weight;
        weights += i.weight;
    }
    (weights > 0.0).then(|| total / weights)
}

fn score_cells(rubric: &Rubric, pillar: &Pillar, assessment: &Assessment) -> Vec<CellScore> {
    let threshold = rubric.scoring.stage_threshold;
    rubric
        .stages
        .iter()
        .map(|stage| {
            let indicators: Vec<IndicatorScore> = pillar
                .indicators
                .iter()
                .filter(|i| i.stage == stage.id)
                .map(|i| score_indicator(rubric, i, assessment))
                .collect();
            let att = attainment(&indicators, rubric.scoring.unanswered);
            let all_na = !indicators.is_empty()
                && indicators
                    .iter()
                    .all(|i| i.status == IndicatorStatus::NotApplicable);
            let met = match att {
                Some(a) => a + EPSILON >= threshold,
                // Nothing to assess, or nothing applies: passed (see
                // `placement` for why this never earns the stage).
                None => indicators.is_empty() || all_na,
            };
            CellScore {
                stage: stage.id.clone(),
                attainment: att.map(round),
                met,
                indicators,
            }
        })
        .collect()
}

/// (stage index, progress toward the next, below the first stage).
///
/// A stage with nothing to count (no indicators, or all n/a) lets a pillar
/// pass but never places it there: only evidence earns a stage, so "n/a"
/// cannot quietly lift a pillar.
fn placement(rule: PillarStageRule, cells: &[CellScore], threshold: f64) -> (usize, f64, bool) {
    let top = cells.len().saturating_sub(1);
    match rule {
        PillarStageRule::Gated => {
            let mut earned = None;
            for (k, cell) in cells.iter().enumerate() {
                if !cell.met {
                    break;
                }
                if cell.attainment.is_some() {
                    earned = Some(k);
                }
            }
            let Some(index) = earned else {
                return (0, 0.0, true);
            };
            let progress = match cells.get(index + 1) {
                None => 0.0,
                Some(next) => {
                    (next.attainment.unwrap_or(0.0) / threshold.max(EPSILON)).clamp(0.0, 0.9999)
                }
            };
            (index, progress, false)
        }
        PillarStageRule::Average => {
            let position: f64 = cells.iter().map(|c| c.attainment.unwrap_or(0.0)).sum();
            let reached = (position + EPSILON).floor() as usize;
            let index = reached.saturating_sub(1).min(top);
            let progress = if reached == 0 || index == top {
                0.0
            } else {
                (position - reached as f64).clamp(0.0, 0.9999)
            };
            (index, progress, reached == 0)
        }
    }
}

fn score_pillar(
    rubric: &Rubric,
    pillar: &Pillar,
    assessment: &Assessment,
    warnings: &mut Vec<String>,
) -> PillarScore {
    let cells = score_cells(rubric, pillar, assessment);
    let (index, progress, below) = placement(
        rubric.scoring.pillar_stage,
        &cells,
        rubric.scoring.stage_threshold,
    );
    let all: Vec<&IndicatorScore> = cells.iter().flat_map(|c| &c.indicators).collect();
    let total = all.len().max(1) as f64;
    let answered = all
        .iter()
        .filter(|i| i.status != IndicatorStatus::Unanswered)
        .count() as f64;
    let na = all
        .iter()
        .filter(|i| i.status == IndicatorStatus::NotApplicable)
        .count() as f64;
    let coverage = if all.is_empty() {
        1.0
    } else {
        answered / total
    };
    let low_coverage = coverage + EPSILON < rubric.scoring.min_coverage;
    if low_coverage {
        warnings.push(format!(
            "{}: only {:.0}% of indicators answered (below {:.0}%): its stage is not reliable",
            pillar.name,
            coverage * 100.0,
            rubric.scoring.min_coverage * 100.0
        ));
    }
    let top = rubric.stages.len().saturating_sub(1);
    let (target_index, target_source) = match assessment
        .targets
        .get(&pillar.id)
        .and_then(|t| rubric.stage(t))
    {
        Some(s) => (s.index, "answers"),
        None => ((index + 1).min(top), "default"),
    };
    if target_index < index {
        warnings.push(format!(
            "{}: target {} is below the current stage {}",
            pillar.name, rubric.stages[target_index].name, rubric.stages[index].name
        ));
    }
    let gaps = gaps(&cells, target_index);
    let explanation = explain::pillar(rubric, &cells, index, below);
    PillarScore {
        id: pillar.id.clone(),
        name: pillar.name.clone(),
        weight: pillar.weight,
        stage: stage_ref(rubric, index),
        below_first_stage: below,
        progress: round(progress),
        position: round(index as f64 + progress),
        coverage: round(coverage),
        low_coverage,
        not_applicable_share: round(if all.is_empty() { 0.0 } else { na / total }),
        target: stage_ref(rubric, target_index),
        target_source,
        stages: cells,
        gaps,
        explanation,
    }
}

fn gaps(cells: &[CellScore], target: usize) -> Vec<Gap> {
    cells
        .iter()
        .take(target + 1)
        .flat_map(|c| c.indicators.iter().map(move |i| (c, i)))
        .filter(|(_, i)| {
            matches!(
                i.status,
                IndicatorStatus::Partly | IndicatorStatus::Unmet | IndicatorStatus::Unanswered
            )
        })
        .map(|(c, i)| Gap {
            indicator: i.id.clone(),
            stage: c.stage.clone(),
            status: i.status,
            level: i.level,
            scale_max: i.scale_max,
        })
        .collect()
}

fn overall(rubric: &Rubric, pillars: &[PillarScore]) -> Overall {
    let positions: Vec<f64> = pillars.iter().map(|p| p.position).collect();
    let position = match rubric.scoring.overall {
        OverallRule::Min => positions.iter().copied().reduce(f64::min).unwrap_or(0.0),
        OverallRule::Median => {
            let mut sorted = positions.clone();
            sorted.sort_by(f64::total_cmp);
            if sorted.is_empty() {
                0.0
            } else {
                median(&sorted)
            }
        }
        OverallRule::WeightedMean => {
            let weights: f64 = pillars.iter().map(|p| p.weight).sum();
            if weights > 0.0 {
                pillars.iter().map(|p| p.position * p.weight).sum::<f64>() / weights
            } else {
                0.0
            }
        }
    };
    let index = (position + EPSILON).floor().max(0.0) as usize;
    Overall {
        stage: stage_ref(rubric, index),
        position: round(position),
        rule: rubric.scoring.overall,
    }
}

fn imbalance(pillars: &[PillarScore]) -> Imbalance {
    let lo = pillars.iter().map(|p| p.stage.index).min().unwrap_or(0);
    let hi = pillars.iter().map(|p| p.stage.index).max().unwrap_or(0);
    let names = |i: usize| -> Vec<String> {
        pillars
            .iter()
            .filter(|p| p.stage.index == i)
            .map(|p| p.id.clone())
            .collect()
    };
    let flagged = hi - lo >= 2;
    let message = flagged.then(|| {
        let name = |i: usize| -> String {
            pillars
                .iter()
                .filter(|p| p.stage.index == i)
                .map(|p| format!("{} ({})", p.name, p.stage.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "Pillars are {} stages apart: {} lead while {} lag behind. Strengthen the lagging pillars before pushing the leaders further.",
            hi - lo,
            name(hi),
            name(lo)
        )
    });
    Imbalance {
        flagged,
        spread: hi - lo,
        lowest: names(lo),
        highest: names(hi),
        message,
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod scoring_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combine_rules() {
        let v = [3.0, 0.0, 1.0, 2.0];
        assert_eq!(combine(CombineRule::Mean, &v), Some(1.5));
        assert_eq!(combine(CombineRule::Median, &v), Some(1.5));
        assert_eq!(combine(CombineRule::Median, &[3.0, 0.0, 1.0]), Some(1.0));
        assert_eq!(combine(CombineRule::Min, &v), Some(0.0));
        assert_eq!(combine(CombineRule::Mean, &[]), None);
    }

    #[test]
    fn quadrants() {
        use crate::model::Rating::*;
        assert_eq!(Quadrant::of(High, Low), Quadrant::QuickWin);
        assert_eq!(Quadrant::of(Medium, Medium), Quadrant::QuickWin);
        assert_eq!(Quadrant::of(High, High), Quadrant::MajorProject);
        assert_eq!(Quadrant::of(Low, Medium), Quadrant::FillIn);
        assert_eq!(Quadrant::of(Low, High), Quadrant::ThanklessTask);
    }
}
