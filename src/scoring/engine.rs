//! Indicator, pillar × stage, pillar and overall scores, assembled from the
//! rules in [`super::rules`].

use super::rules::{self, Counted, Placement};
use super::*;
use crate::assessment::{Answer, Assessment};
use crate::model::{Indicator, Pillar, Rubric, UnansweredRule};

/// Scores an assessment, and its progress since `baseline` when given.
pub fn score(rubric: &Rubric, assessment: &Assessment, baseline: Option<&Assessment>) -> Scorecard {
    let mut card = score_alone(rubric, assessment);
    if let Some(base) = baseline {
        let before = score_alone(rubric, base);
        let skip = progress::not_compared(rubric, assessment, base);
        card.progress = Some(progress::compare(&before, &card, skip));
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
    let plan = roadmap::build(rubric, assessment, &pillars, &overall, &imbalance);
    Scorecard {
        schema_version: SCHEMA_VERSION,
        rubric: RubricInfo {
            id: rubric.id.clone(),
            title: rubric.title.clone(),
            version: rubric.version.clone(),
            stages: rubric
                .stages
                .iter()
                .map(|s| StageInfo {
                    id: s.id.clone(),
                    name: s.name.clone(),
                })
                .collect(),
        },
        organization: assessment.organization.name.clone(),
        respondents: respondents(assessment),
        policy: rubric.scoring.clone(),
        overall,
        imbalance,
        pillars,
        roadmap: plan.items,
        uncovered: plan.uncovered,
        progress: None,
        trend: None,
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
            retired: r.retired.clone(),
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

/// The stage a pillar or the organisation stands on after reaching
/// `reached` stages: `None` for 0.
fn reached_stage(rubric: &Rubric, reached: usize) -> Option<StageRef> {
    reached.checked_sub(1).map(|i| stage_ref(rubric, i))
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
    let level = rules::combine(rubric.scoring.respondents, &levels);
    let credit = level.map(|l| rules::credit(scale, l));
    let status = match credit {
        Some(c) if c >= 1.0 => IndicatorStatus::Met,
        Some(c) if c > 0.0 => IndicatorStatus::Partly,
        Some(_) => IndicatorStatus::Unmet,
        None if !answers.is_empty() => IndicatorStatus::NotApplicable,
        None => IndicatorStatus::Unanswered,
    };
    let spread = rules::steps_apart(scale, &levels);
    IndicatorScore {
        id: ind.id.clone(),
        statement: ind.statement.clone(),
        weight: ind.weight,
        level,
        level_label: level.and_then(|l| scale.level(l)).map(|l| l.label.clone()),
        scale_max: scale.max(),
        credit,
        status,
        spread,
        disagreement: rules::disagree(scale, spread),
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

fn score_cells(rubric: &Rubric, pillar: &Pillar, assessment: &Assessment) -> Vec<CellScore> {
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
            let counted: Vec<Counted> = indicators
                .iter()
                .map(|i| Counted {
                    weight: i.weight,
                    credit: i.credit,
                    not_applicable: i.status == IndicatorStatus::NotApplicable,
                })
                .collect();
            let attainment = rules::attainment(&counted, rubric.scoring.unanswered);
            CellScore {
                stage: stage.id.clone(),
                attainment,
                met: rules::stage_met(attainment, rubric.scoring.stage_threshold),
                reached: false,
                indicators,
            }
        })
        .collect()
}

fn score_pillar(
    rubric: &Rubric,
    pillar: &Pillar,
    assessment: &Assessment,
    warnings: &mut Vec<String>,
) -> PillarScore {
    let mut cells = score_cells(rubric, pillar, assessment);
    let inputs: Vec<(Option<f64>, bool)> = cells.iter().map(|c| (c.attainment, c.met)).collect();
    let placement = rules::place(rubric.scoring.pillar_stage, &inputs);
    for (k, cell) in cells.iter_mut().enumerate() {
        cell.reached = k < placement.reached;
    }
    let all: Vec<&IndicatorScore> = cells.iter().flat_map(|c| &c.indicators).collect();
    let count = |f: &dyn Fn(&IndicatorScore) -> bool| all.iter().filter(|i| f(i)).count() as f64;
    let total = all.len() as f64;
    let answered = count(&|i| i.status != IndicatorStatus::Unanswered);
    let na = count(&|i| i.status == IndicatorStatus::NotApplicable);
    let coverage = if all.is_empty() {
        1.0
    } else {
        answered / total
    };
    let low_coverage = !rules::at_least(coverage, rubric.scoring.min_coverage);
    if low_coverage {
        warnings.push(format!(
            "{}: only {} of indicators answered (below {}): its stage is not reliable",
            pillar.name,
            format::percent_at(
                coverage,
                format::percent_decimals(rubric.scoring.min_coverage)
            ),
            format::percent_exact(rubric.scoring.min_coverage)
        ));
    }
    if !placement.assessed {
        warnings.push(format!(
            "{}: nothing to count (no indicator answered with a level): left out of the overall stage",
            pillar.name
        ));
    }
    let (target_index, target_source) = target(rubric, pillar, assessment, &placement);
    if target_index + 1 < placement.reached {
        warnings.push(format!(
            "{}: target {} is below the current stage {}",
            pillar.name,
            rubric.stages[target_index].name,
            rubric.stages[placement.reached - 1].name
        ));
    }
    let gaps = gaps(&cells, target_index, rubric.scoring.unanswered);
    let unanswered = all
        .iter()
        .filter(|i| i.status == IndicatorStatus::Unanswered)
        .map(|i| i.id.clone())
        .collect();
    let explanation = explain::pillar(rubric, &cells, &placement);
    PillarScore {
        id: pillar.id.clone(),
        name: pillar.name.clone(),
        weight: pillar.weight,
        stage: reached_stage(rubric, placement.reached),
        reached: placement.reached,
        progress: placement.progress,
        position: placement.position(),
        next: placement.next.map(|i| stage_ref(rubric, i)),
        assessed: placement.assessed,
        coverage,
        low_coverage,
        not_applicable_share: if all.is_empty() { 0.0 } else { na / total },
        target: stage_ref(rubric, target_index),
        target_source,
        stages: cells,
        gaps,
        unanswered,
        explanation,
    }
}

/// The pillar's target stage index: the respondents' (merged by the loader)
/// or the default rule.
fn target(
    rubric: &Rubric,
    pillar: &Pillar,
    assessment: &Assessment,
    placement: &Placement,
) -> (usize, &'static str) {
    match assessment
        .targets
        .get(&pillar.id)
        .and_then(|t| rubric.stage(t))
    {
        Some(s) => (s.index, "answers"),
        None => (
            rules::default_target(placement.reached, rubric.stages.len()),
            "default",
        ),
    }
}

/// Counted indicators not fully in place, at stages up to the target.
/// Unanswered ones are gaps only where they count (`unanswered zero`);
/// under `skip` they are listed as unanswered instead.
fn gaps(cells: &[CellScore], target: usize, unanswered: UnansweredRule) -> Vec<Gap> {
    cells
        .iter()
        .take(target + 1)
        .flat_map(|c| c.indicators.iter().map(move |i| (c, i)))
        .filter(|(_, i)| match i.status {
            IndicatorStatus::Partly | IndicatorStatus::Unmet => true,
            IndicatorStatus::Unanswered => unanswered == UnansweredRule::Zero,
            IndicatorStatus::Met | IndicatorStatus::NotApplicable => false,
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
    let assessed: Vec<(f64, f64)> = pillars
        .iter()
        .filter(|p| p.assessed)
        .map(|p| (p.position, p.weight))
        .collect();
    let position = rules::overall(rubric.scoring.overall, &assessed);
    let reached = position.map_or(0, rules::whole);
    Overall {
        stage: reached_stage(rubric, reached),
        reached,
        position: position.unwrap_or(0.0),
        assessed: position.is_some(),
        rule: rubric.scoring.overall,
    }
}

fn imbalance(pillars: &[PillarScore]) -> Imbalance {
    let assessed: Vec<&PillarScore> = pillars.iter().filter(|p| p.assessed).collect();
    let lo = assessed.iter().map(|p| p.reached).min().unwrap_or(0);
    let hi = assessed.iter().map(|p| p.reached).max().unwrap_or(0);
    let at = |n: usize| assessed.iter().filter(move |p| p.reached == n);
    let flagged = rules::imbalanced(hi - lo);
    let message = flagged.then(|| {
        let describe = |n: usize| -> String {
            at(n)
                .map(|p| match &p.stage {
                    Some(s) => format!("{} ({})", p.name, s.name),
                    None => format!("{} (below the first stage)", p.name),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "Pillars are {} stages apart: {} lead while {} lag behind. Strengthen the lagging pillars before pushing the leaders further.",
            hi - lo,
            describe(hi),
            describe(lo)
        )
    });
    Imbalance {
        flagged,
        spread: hi - lo,
        lowest: at(lo).map(|p| p.id.clone()).collect(),
        highest: at(hi).map(|p| p.id.clone()).collect(),
        message,
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod scoring_tests;

#[cfg(test)]
#[path = "properties.rs"]
mod properties;
