//! The report-wide sections of the view model: charts (with their data
//! tables), the roadmap and progress since the baseline.

use serde::Serialize;

use super::{Html, Prepared, stage_label};
use crate::assessment::ActionStatus;
use crate::model::Rubric;
use crate::report::{charts, markdown};
use crate::scoring::format::position_delta;
use crate::scoring::{self, IndicatorState, IndicatorStatus, Scorecard, number, position_label};

#[derive(Debug, Serialize)]
pub struct ChartsView {
    /// `None` with fewer than three pillars (a radar needs three axes).
    pub radar: Option<Html>,
    pub radar_rows: Vec<RadarRow>,
    pub matrix: Option<Html>,
}

#[derive(Debug, Serialize)]
pub struct RadarRow {
    pub pillar: String,
    pub current: String,
    pub target: String,
    pub baseline: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RoadmapView {
    pub items: Vec<RoadmapItemView>,
    /// The same items grouped by phase (now, next, later), empty phases
    /// left out.
    pub phases: Vec<PhaseView>,
    /// Gantt-style chart of the dated actions; `None` when none is dated.
    pub timeline: Option<Html>,
    /// Open actions without a due date.
    pub undated: usize,
    pub overdue: usize,
    pub unowned: usize,
    pub quick_wins: usize,
    /// Some pillar has reached fewer stages than its target.
    pub below_target: bool,
    /// "The rubric lists no actions for Operations from Foundational to
    /// Developing.", one per step without an action.
    pub uncovered: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PhaseView {
    /// `now`, `next` or `later`.
    pub id: scoring::Phase,
    pub label: &'static str,
    pub items: Vec<RoadmapItemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadmapItemView {
    pub number: usize,
    pub id: String,
    pub title: String,
    pub pillar: Option<String>,
    /// `None` for actions that lead into the first stage.
    pub from: Option<String>,
    pub to: String,
    pub impact: &'static str,
    pub effort: &'static str,
    pub quadrant: scoring::Quadrant,
    pub quadrant_label: &'static str,
    pub phase: scoring::Phase,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: &'static str,
    pub unowned: bool,
    pub overdue: bool,
    pub after: Vec<String>,
    /// Titles of the actions this one is a prerequisite of, when it is on
    /// the roadmap only for them.
    pub required_by: Vec<String>,
    pub description: Option<Html>,
}

#[derive(Debug, Serialize)]
pub struct ProgressView {
    pub baseline_date: Option<String>,
    pub overall_from: String,
    pub overall_to: String,
    pub overall_delta: String,
    pub pillars: Vec<PillarChangeView>,
    pub indicators: Vec<IndicatorChangeView>,
    /// Indicators left out of the comparison (retired, or without an
    /// answer in a baseline written for an older version).
    pub not_compared: Vec<NotComparedView>,
}

#[derive(Debug, Serialize)]
pub struct NotComparedView {
    /// The current statement, or the id of a retired indicator.
    pub statement: Html,
    pub reason: &'static str,
}

#[derive(Debug, Serialize)]
pub struct PillarChangeView {
    pub pillar: String,
    pub from: String,
    pub to: String,
    pub delta: String,
    /// `up`, `down` or `same`.
    pub direction: &'static str,
}

#[derive(Debug, Serialize)]
pub struct IndicatorChangeView {
    pub pillar: String,
    pub statement: Html,
    pub from: String,
    pub to: String,
    pub direction: &'static str,
}

pub(super) fn charts_view(rubric: &Rubric, prepared: &Prepared, card: &Scorecard) -> ChartsView {
    let baseline = |id: &str| {
        card.progress
            .as_ref()
            .and_then(|pr| pr.pillars.iter().find(|c| c.pillar == id))
            .map(|c| c.change.from_position)
    };
    let series: Vec<charts::RadarPillar> = card
        .pillars
        .iter()
        .map(|p| charts::RadarPillar {
            name: p.name.clone(),
            current: p.position,
            // Reaching the target stage means standing at its index + 1.
            target: (p.target.index + 1) as f64,
            baseline: baseline(&p.id),
        })
        .collect();
    let names: Vec<&str> = rubric.stages.iter().map(|s| s.name.as_str()).collect();
    let stages = rubric.stages.len();
    ChartsView {
        radar: (series.len() >= 3).then(|| {
            Html::new(if prepared.radar.fits(&series) {
                prepared.radar.draw(&series, &names)
            } else {
                charts::radar(&series, &names)
            })
        }),
        radar_rows: series
            .iter()
            .map(|s| RadarRow {
                pillar: s.name.clone(),
                current: position_label(s.current, stages),
                target: position_label(s.target, stages),
                baseline: s.baseline.map(|b| position_label(b, stages)),
            })
            .collect(),
        matrix: (!card.roadmap.is_empty()).then(|| {
            let items: Vec<charts::MatrixItem> = card
                .roadmap
                .iter()
                .enumerate()
                .map(|(n, item)| charts::MatrixItem {
                    number: n + 1,
                    title: item.title.clone(),
                    impact: item.impact,
                    effort: item.effort,
                    quick_win: item.quadrant == scoring::Quadrant::QuickWin,
                })
                .collect();
            Html::new(charts::matrix(&items))
        }),
    }
}

pub(super) fn roadmap_view(rubric: &Rubric, prepared: &Prepared, card: &Scorecard) -> RoadmapView {
    let title_of = |id: &str| {
        rubric
            .action(id)
            .map_or(id.to_string(), |a| a.title.clone())
    };
    let items: Vec<RoadmapItemView> = card
        .roadmap
        .iter()
        .enumerate()
        .map(|(n, item)| RoadmapItemView {
            number: n + 1,
            id: item.action.clone(),
            title: item.title.clone(),
            pillar: item
                .pillar
                .as_deref()
                .and_then(|p| rubric.pillar(p))
                .map(|p| p.name.clone())
                .or_else(|| item.area.clone()),
            from: item
                .from
                .as_deref()
                .map(|f| rubric.stage_name(f).to_string()),
            to: rubric.stage_name(&item.to).to_string(),
            impact: item.impact.as_str(),
            effort: item.effort.as_str(),
            quadrant: item.quadrant,
            quadrant_label: item.quadrant.label(),
            phase: item.phase,
            overdue: item.overdue,
            owner: item.owner.clone(),
            due: item.due.clone(),
            status: match item.status {
                None | Some(ActionStatus::Planned) => "planned",
                Some(ActionStatus::InProgress) => "in progress",
                Some(ActionStatus::Done) => "done",
                Some(ActionStatus::Dropped) => "dropped",
            },
            unowned: item.unowned,
            after: item.after.iter().map(|a| title_of(a)).collect(),
            required_by: item.required_by.iter().map(|a| title_of(a)).collect(),
            description: prepared.action_descriptions.get(&item.action).cloned(),
        })
        .collect();
    let pillar_name = |id: &str| rubric.pillar(id).map_or(id.to_string(), |p| p.name.clone());
    let uncovered = card
        .uncovered
        .iter()
        .map(|step| match &step.from {
            Some(from) => format!(
                "The rubric lists no actions for {} from {} to {}.",
                pillar_name(&step.pillar),
                rubric.stage_name(from),
                rubric.stage_name(&step.to)
            ),
            None => format!(
                "The rubric lists no actions for {} to reach {}.",
                pillar_name(&step.pillar),
                rubric.stage_name(&step.to)
            ),
        })
        .collect();
    let phases = [
        scoring::Phase::Now,
        scoring::Phase::Next,
        scoring::Phase::Later,
    ]
    .into_iter()
    .map(|phase| PhaseView {
        id: phase,
        label: phase.label(),
        items: items.iter().filter(|i| i.phase == phase).cloned().collect(),
    })
    .filter(|p| !p.items.is_empty())
    .collect();
    let open = |i: &&RoadmapItemView| !matches!(i.status, "done" | "dropped");
    RoadmapView {
        timeline: timeline(card, &items).map(Html::new),
        undated: items
            .iter()
            .filter(open)
            .filter(|i| i.due.is_none())
            .count(),
        overdue: items.iter().filter(|i| i.overdue).count(),
        phases,
        below_target: card.pillars.iter().any(|p| p.reached <= p.target.index),
        uncovered,
        unowned: items.iter().filter(|i| i.unowned).count(),
        quick_wins: items
            .iter()
            .filter(|i| i.quadrant == scoring::Quadrant::QuickWin)
            .count(),
        items,
    }
}

pub(super) fn progress_view(
    rubric: &Rubric,
    prepared: &Prepared,
    card: &Scorecard,
) -> Option<ProgressView> {
    let progress = card.progress.as_ref()?;
    let stages = rubric.stages.len();
    let direction = |d: f64| match position_delta(d).as_str() {
        "±0" => "same",
        s if s.starts_with('+') => "up",
        _ => "down",
    };
    let pillar_name = |id: &str| rubric.pillar(id).map_or(id.to_string(), |p| p.name.clone());
    // "Developing (2.35 of 5)"
    let at = |stage: &Option<scoring::StageRef>, position: f64| {
        format!(
            "{} ({})",
            stage_label(rubric, stage.as_ref(), true),
            position_label(position, stages)
        )
    };
    Some(ProgressView {
        baseline_date: scoring::latest_date(&progress.baseline_respondents).map(str::to_string),
        overall_from: at(&progress.overall.from, progress.overall.from_position),
        overall_to: at(&progress.overall.to, progress.overall.to_position),
        overall_delta: position_delta(progress.overall.delta),
        pillars: progress
            .pillars
            .iter()
            .map(|c| PillarChangeView {
                pillar: pillar_name(&c.pillar),
                from: at(&c.change.from, c.change.from_position),
                to: at(&c.change.to, c.change.to_position),
                delta: position_delta(c.change.delta),
                direction: direction(c.change.delta),
            })
            .collect(),
        indicators: progress
            .indicators
            .iter()
            .map(|c| {
                let pillar = rubric
                    .indicator(&c.indicator)
                    .map_or(String::new(), |i| pillar_name(&i.pillar));
                IndicatorChangeView {
                    pillar,
                    statement: prepared
                        .statements
                        .get(&c.indicator)
                        .cloned()
                        .unwrap_or_else(|| Html::new(markdown::escape(&c.indicator).into_owned())),
                    from: answer(&c.from),
                    to: answer(&c.to),
                    direction: match c.delta {
                        Some(d) if d > 0.0 => "up",
                        Some(d) if d < 0.0 => "down",
                        _ => "same",
                    },
                }
            })
            .collect(),
        not_compared: progress
            .not_compared
            .iter()
            .map(|n| NotComparedView {
                statement: prepared
                    .statements
                    .get(&n.indicator)
                    .cloned()
                    .unwrap_or_else(|| Html::new(markdown::escape(&n.indicator).into_owned())),
                reason: n.reason.label(),
            })
            .collect(),
    })
}

/// An indicator's combined answer for the progress table: "Largely in
/// place", "1.5 / 3", "n/a" or "unanswered".
fn answer(state: &IndicatorState) -> String {
    match (state.status, &state.label, state.level) {
        (IndicatorStatus::NotApplicable, _, _) => "n/a".to_string(),
        (IndicatorStatus::Unanswered, _, _) => "unanswered".to_string(),
        (_, Some(label), _) => label.clone(),
        (_, None, Some(level)) => number(level),
        (_, None, None) => "–".to_string(),
    }
}

/// The Gantt-style chart of the roadmap's dated actions.
fn timeline(card: &Scorecard, items: &[RoadmapItemView]) -> Option<String> {
    let dated: Vec<crate::report::timeline::TimelineItem> = items
        .iter()
        .filter_map(|i| {
            Some(crate::report::timeline::TimelineItem {
                number: i.number,
                title: i.title.clone(),
                owner: i.owner.clone(),
                due: i.due.clone()?,
                overdue: i.overdue,
                done: i.status == "done",
            })
        })
        .collect();
    crate::report::timeline::timeline(&dated, card.date())
}
