//! Stage 4 of the pipeline: scorecard + rubric + brand → the view model a
//! theme renders. Serialise-only; every text a template prints is either
//! plain (auto-escaped by the engine) or an [`Html`] value that was built
//! here from sanitised markdown or escaped SVG. The rubric's part
//! ([`RubricView`]) is prepared once per build and shared by every report.

use std::collections::HashMap;

use serde::Serialize;

use super::charts;
use super::markdown;
use super::methodology;
use crate::assessment::{ActionStatus, AnswerValue};
use crate::model::Rubric;
use crate::scoring::{
    self, IndicatorScore, IndicatorStatus, PillarScore, Scorecard, number, percent,
};

/// HTML that is safe by construction; templates print it unescaped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Html(pub String);

impl Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        minijinja::Value::from_safe_string(self.0.clone()).serialize(s)
    }
}

fn md(text: &Option<String>) -> Option<Html> {
    text.as_deref().map(|t| Html(markdown::to_html(t)))
}

fn md_inline(text: &str) -> Html {
    Html(markdown::to_inline_html(text))
}

/// The rubric as the appendix and every pillar page show it.
#[derive(Debug, Serialize)]
pub struct RubricView {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    pub summary: Option<Html>,
    pub stages: Vec<StageView>,
    pub pillars: Vec<RubricPillarView>,
    pub actions: Vec<ActionView>,
    pub scales: Vec<ScaleView>,
}

#[derive(Debug, Serialize)]
pub struct StageView {
    pub id: String,
    pub index: usize,
    /// 1-based, as readers count.
    pub number: usize,
    pub name: String,
    pub tagline: Option<String>,
    pub description: Option<Html>,
    pub challenge: Option<Html>,
}

#[derive(Debug, Serialize)]
pub struct RubricPillarView {
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub description: Option<Html>,
    pub cells: Vec<RubricCellView>,
}

#[derive(Debug, Serialize)]
pub struct RubricCellView {
    pub stage: String,
    pub stage_name: String,
    pub indicators: Vec<RubricIndicatorView>,
}

#[derive(Debug, Serialize)]
pub struct RubricIndicatorView {
    pub id: String,
    pub statement: Html,
    pub guidance: Option<Html>,
    pub weight: f64,
}

#[derive(Debug, Serialize)]
pub struct ActionView {
    pub id: String,
    pub title: String,
    pub pillar: Option<String>,
    pub from: String,
    pub to: String,
    pub impact: &'static str,
    pub effort: &'static str,
    pub description: Option<Html>,
}

#[derive(Debug, Serialize)]
pub struct ScaleView {
    pub id: String,
    pub met_at: String,
    pub levels: Vec<LevelView>,
}

#[derive(Debug, Serialize)]
pub struct LevelView {
    pub value: String,
    pub label: String,
    pub description: Option<String>,
}

/// A rubric's view plus the per-indicator markdown the per-assessment views
/// reuse, so markdown of the rubric is rendered once per build.
pub struct Prepared {
    pub view: RubricView,
    statements: HashMap<String, Html>,
    guidance: HashMap<String, Html>,
    action_descriptions: HashMap<String, Html>,
}

impl Prepared {
    pub fn new(rubric: &Rubric) -> Prepared {
        let view = rubric_view(rubric);
        let mut statements = HashMap::new();
        let mut guidance = HashMap::new();
        for cell in view.pillars.iter().flat_map(|p| &p.cells) {
            for i in &cell.indicators {
                statements.insert(i.id.clone(), i.statement.clone());
                if let Some(g) = &i.guidance {
                    guidance.insert(i.id.clone(), g.clone());
                }
            }
        }
        let action_descriptions = view
            .actions
            .iter()
            .filter_map(|a| Some((a.id.clone(), a.description.clone()?)))
            .collect();
        Prepared {
            view,
            statements,
            guidance,
            action_descriptions,
        }
    }
}

fn rubric_view(rubric: &Rubric) -> RubricView {
    let stage_name = |id: &str| rubric.stage(id).map_or(id.to_string(), |s| s.name.clone());
    RubricView {
        id: rubric.id.clone(),
        title: rubric.title.clone(),
        version: rubric.version.clone(),
        summary: md(&rubric.summary),
        stages: rubric
            .stages
            .iter()
            .map(|s| StageView {
                id: s.id.clone(),
                index: s.index,
                number: s.index + 1,
                name: s.name.clone(),
                tagline: s.tagline.clone(),
                description: md(&s.description),
                challenge: md(&s.challenge),
            })
            .collect(),
        pillars: rubric
            .pillars
            .iter()
            .map(|p| RubricPillarView {
                id: p.id.clone(),
                name: p.name.clone(),
                anchor: format!("pillar-{}", p.id),
                description: md(&p.description),
                cells: rubric
                    .stages
                    .iter()
                    .map(|s| RubricCellView {
                        stage: s.id.clone(),
                        stage_name: s.name.clone(),
                        indicators: p
                            .indicators
                            .iter()
                            .filter(|i| i.stage == s.id)
                            .map(|i| RubricIndicatorView {
                                id: i.id.clone(),
                                statement: md_inline(&i.statement),
                                guidance: md(&i.guidance),
                                weight: i.weight,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        actions: rubric
            .actions
            .iter()
            .map(|a| ActionView {
                id: a.id.clone(),
                title: a.title.clone(),
                pillar: a
                    .pillar
                    .as_deref()
                    .and_then(|p| rubric.pillar(p))
                    .map(|p| p.name.clone())
                    .or_else(|| a.area.clone()),
                from: stage_name(&a.from),
                to: stage_name(&a.to),
                impact: a.impact.as_str(),
                effort: a.effort.as_str(),
                description: md(&a.description),
            })
            .collect(),
        scales: rubric
            .scales
            .iter()
            .map(|s| ScaleView {
                id: s.id.clone(),
                met_at: number(s.met),
                levels: s
                    .levels
                    .iter()
                    .map(|l| LevelView {
                        value: number(l.value),
                        label: l.label.clone(),
                        description: l.description.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Everything about one assessment that a theme shows.
#[derive(Debug, Serialize)]
pub struct ReportView {
    pub title: String,
    pub organization: String,
    /// Latest respondent date, ISO.
    pub date: Option<String>,
    /// The same date for readers ("24 November 2026").
    pub date_long: Option<String>,
    pub respondents: Vec<RespondentView>,
    pub overall: OverallView,
    pub imbalance: ImbalanceView,
    pub pillars: Vec<PillarView>,
    pub charts: ChartsView,
    pub roadmap: RoadmapView,
    pub progress: Option<ProgressView>,
    pub methodology: Vec<String>,
    pub coverage: Vec<CoverageRow>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RespondentView {
    pub name: String,
    pub role: Option<String>,
    pub date: Option<String>,
    pub answered: usize,
}

#[derive(Debug, Serialize)]
pub struct OverallView {
    /// Index into `rubric.stages`.
    pub stage: usize,
    pub next: Option<usize>,
    pub position: String,
    pub below_first_stage: bool,
}

#[derive(Debug, Serialize)]
pub struct ImbalanceView {
    pub flagged: bool,
    pub spread: usize,
    pub message: Option<String>,
}

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
    pub unowned: usize,
    pub quick_wins: usize,
}

#[derive(Debug, Serialize)]
pub struct RoadmapItemView {
    pub number: usize,
    pub id: String,
    pub title: String,
    pub pillar: Option<String>,
    pub from: String,
    pub to: String,
    pub impact: &'static str,
    pub effort: &'static str,
    pub quadrant: scoring::Quadrant,
    pub quadrant_label: &'static str,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: &'static str,
    pub unowned: bool,
    pub after: Vec<String>,
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

#[derive(Debug, Serialize)]
pub struct CoverageRow {
    pub pillar: String,
    pub answered: usize,
    pub total: usize,
    pub coverage: String,
    pub not_applicable: String,
    pub low: bool,
}

/// Builds the view of one assessment.
pub fn build(rubric: &Rubric, prepared: &Prepared, card: &Scorecard) -> ReportView {
    let date = card.respondents.iter().filter_map(|r| r.date.clone()).max();
    let pillars: Vec<PillarView> = card
        .pillars
        .iter()
        .enumerate()
        .map(|(i, p)| pillar_view(rubric, prepared, card, i, p))
        .collect();
    ReportView {
        title: format!("{} — {}", rubric.title, card.organization),
        organization: card.organization.clone(),
        date_long: date.as_deref().and_then(long_date),
        date,
        respondents: card
            .respondents
            .iter()
            .map(|r| RespondentView {
                name: r.name.clone(),
                role: r.role.clone(),
                date: r.date.clone(),
                answered: r.answered,
            })
            .collect(),
        overall: OverallView {
            stage: card.overall.stage.index,
            next: next_stage(rubric, card.overall.stage.index),
            position: position_label(card.overall.position, rubric.stages.len()),
            below_first_stage: card.pillars.iter().all(|p| p.below_first_stage),
        },
        imbalance: ImbalanceView {
            flagged: card.imbalance.flagged,
            spread: card.imbalance.spread,
            message: card.imbalance.message.clone(),
        },
        charts: charts_view(rubric, card),
        roadmap: roadmap_view(rubric, prepared, card),
        progress: progress_view(rubric, prepared, card),
        methodology: methodology::describe(rubric),
        coverage: coverage_rows(card),
        warnings: card.warnings.clone(),
        pillars,
    }
}

fn next_stage(rubric: &Rubric, index: usize) -> Option<usize> {
    (index + 1 < rubric.stages.len()).then_some(index + 1)
}

/// "2.4 of 5": the 1-based stage plus progress, over the ladder's length.
fn position_label(position: f64, stages: usize) -> String {
    format!("{:.1} of {stages}", position + 1.0)
}

fn pillar_view(
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

fn charts_view(rubric: &Rubric, card: &Scorecard) -> ChartsView {
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
            target: p.target.index as f64,
            baseline: baseline(&p.id),
        })
        .collect();
    let names: Vec<&str> = rubric.stages.iter().map(|s| s.name.as_str()).collect();
    let stages = rubric.stages.len();
    ChartsView {
        radar: (series.len() >= 3).then(|| Html(charts::radar(&series, &names))),
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
            Html(charts::matrix(&items))
        }),
    }
}

fn roadmap_view(rubric: &Rubric, prepared: &Prepared, card: &Scorecard) -> RoadmapView {
    let stage_name = |id: &str| rubric.stage(id).map_or(id.to_string(), |s| s.name.clone());
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
            from: stage_name(&item.from),
            to: stage_name(&item.to),
            impact: item.impact.as_str(),
            effort: item.effort.as_str(),
            quadrant: item.quadrant,
            quadrant_label: item.quadrant.label(),
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
            description: prepared.action_descriptions.get(&item.action).cloned(),
        })
        .collect();
    RoadmapView {
        unowned: items.iter().filter(|i| i.unowned).count(),
        quick_wins: items
            .iter()
            .filter(|i| i.quadrant == scoring::Quadrant::QuickWin)
            .count(),
        items,
    }
}

fn progress_view(rubric: &Rubric, prepared: &Prepared, card: &Scorecard) -> Option<ProgressView> {
    let progress = card.progress.as_ref()?;
    let stages = rubric.stages.len();
    let signed = |d: f64| {
        if d.abs() < 0.05 {
            "±0".to_string()
        } else {
            format!("{d:+.1}")
        }
    };
    let direction = |d: f64| match d {
        d if d >= 0.05 => "up",
        d if d <= -0.05 => "down",
        _ => "same",
    };
    let pillar_name = |id: &str| rubric.pillar(id).map_or(id.to_string(), |p| p.name.clone());
    Some(ProgressView {
        baseline_date: progress
            .baseline_respondents
            .iter()
            .filter_map(|r| r.date.clone())
            .max(),
        overall_from: format!(
            "{} ({})",
            progress.overall.from.name,
            position_label(progress.overall.from_position, stages)
        ),
        overall_to: format!(
            "{} ({})",
            progress.overall.to.name,
            position_label(progress.overall.to_position, stages)
        ),
        overall_delta: signed(progress.overall.delta),
        pillars: progress
            .pillars
            .iter()
            .map(|c| PillarChangeView {
                pillar: pillar_name(&c.pillar),
                from: format!(
                    "{} ({})",
                    c.change.from.name,
                    position_label(c.change.from_position, stages)
                ),
                to: format!(
                    "{} ({})",
                    c.change.to.name,
                    position_label(c.change.to_position, stages)
                ),
                delta: signed(c.change.delta),
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
                let pct = |v: Option<f64>| v.map_or("–".to_string(), percent);
                IndicatorChangeView {
                    pillar,
                    statement: prepared
                        .statements
                        .get(&c.indicator)
                        .cloned()
                        .unwrap_or_else(|| Html(markdown::escape(&c.indicator).into_owned())),
                    from: pct(c.from),
                    to: pct(c.to),
                    direction: direction(c.delta.unwrap_or(0.0)),
                }
            })
            .collect(),
    })
}

fn coverage_rows(card: &Scorecard) -> Vec<CoverageRow> {
    card.pillars
        .iter()
        .map(|p| {
            let all = p.stages.iter().flat_map(|c| &c.indicators);
            let total = all.clone().count();
            let answered = all
                .filter(|i| i.status != IndicatorStatus::Unanswered)
                .count();
            CoverageRow {
                pillar: p.name.clone(),
                answered,
                total,
                coverage: percent(p.coverage),
                not_applicable: percent(p.not_applicable_share),
                low: p.low_coverage,
            }
        })
        .collect()
}

/// `2026-11-24` → `24 November 2026`; other text is left alone.
fn long_date(iso: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = iso.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let month = MONTHS.get(m.parse::<usize>().ok()?.checked_sub(1)?)?;
    Some(format!("{} {month} {y}", d.parse::<u32>().ok()?))
}
