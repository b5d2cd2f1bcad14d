//! Stage 4 of the pipeline: scorecard + rubric + brand → the view model a
//! theme renders. Serialise-only; every text a template prints is either
//! plain (auto-escaped by the engine) or an [`Html`] value that was built
//! here from sanitised markdown or escaped SVG. The rubric's part
//! ([`RubricView`]) is prepared once per build and shared by every report.

mod pillar;
mod rubric;
mod sections;
mod site;

pub use pillar::{
    CellView, Counts, EvidenceView, IndicatorValue, IndicatorView, PillarView, ResponseView,
    status_label,
};
pub use rubric::{
    ActionView, LevelView, Prepared, RubricCellView, RubricIndicatorView, RubricPillarView,
    RubricView, ScaleView, StageView,
};
pub use sections::{
    ChartsView, IndicatorChangeView, NotComparedView, PhaseView, PillarChangeView, ProgressView,
    RadarRow, RoadmapItemView, RoadmapView,
};
pub use site::{Site, SiteEntry};

use serde::Serialize;

use super::markdown;
use crate::model::Rubric;
use crate::narrative::Narrative;
use crate::scoring::{IndicatorStatus, Scorecard, StageRef, percent, position_label};

/// HTML that is safe by construction; templates print it unescaped.
///
/// Held as the template value it becomes, a reference-counted safe string:
/// a rubric's statements appear in every report (many twice), and charts
/// are kilobytes of SVG; cloning an `Html` or handing it to a template
/// copies nothing (minijinja passes a `Value` through serialisation as it
/// is).
#[derive(Debug, Clone, PartialEq)]
pub struct Html(minijinja::Value);

impl Html {
    pub fn new(html: String) -> Html {
        Html(minijinja::Value::from_safe_string(html))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }
}

impl Default for Html {
    fn default() -> Html {
        Html::new(String::new())
    }
}

impl Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

fn md(text: &Option<String>) -> Option<Html> {
    text.as_deref().map(|t| Html::new(markdown::to_html(t)))
}

fn md_inline(text: &str) -> Html {
    Html::new(markdown::to_inline_html(text))
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
    /// The assessor's own words, when a narrative was given.
    pub narrative: NarrativeView,
    /// Positions over the assessment's history, when it has one.
    pub trend: Option<TrendView>,
    /// `full`, `summary` or `none`.
    pub appendix: super::Appendix,
    /// The assessment's period ("Q4 2026 review"), from the project.
    pub period: Option<String>,
    pub methodology: Vec<String>,
    pub coverage: Vec<CoverageRow>,
    pub warnings: Vec<String>,
}

/// The trend section: the chart and its data, a row per pillar plus the
/// overall position, a column per round.
#[derive(Debug, Serialize)]
pub struct TrendView {
    pub chart: Option<Html>,
    /// "v2026-q2 (2026-05-04)", …, "now (2026-11-24)".
    pub rounds: Vec<String>,
    pub rows: Vec<TrendRow>,
}

#[derive(Debug, Serialize)]
pub struct TrendRow {
    pub name: String,
    /// "2.35 of 5" per round.
    pub positions: Vec<String>,
}

/// The report-wide sections of the assessor's narrative, sanitised.
#[derive(Debug, Default, Serialize)]
pub struct NarrativeView {
    pub summary: Option<Html>,
    pub findings: Option<Html>,
    pub recommendations: Option<Html>,
}

#[derive(Debug, Serialize)]
pub struct RespondentView {
    pub name: String,
    pub role: Option<String>,
    pub date: Option<String>,
    pub answered: usize,
    /// Retired indicator ids answered: kept in the file, not scored.
    pub retired: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct OverallView {
    /// Index into `rubric.stages`; `None` below the first stage or when
    /// nothing was answered.
    pub stage: Option<usize>,
    /// The stage's name, "Not yet Foundational" or "Nothing answered yet".
    pub stage_label: String,
    pub next: Option<usize>,
    /// "2.35 of 5": stages reached plus progress, over the ladder's length.
    pub position: String,
    pub below_first_stage: bool,
    pub assessed: bool,
}

#[derive(Debug, Serialize)]
pub struct ImbalanceView {
    pub flagged: bool,
    pub spread: usize,
    pub message: Option<String>,
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

/// A report's title (also its PDF's): "Rubric — Organisation".
pub fn title(rubric: &Rubric, card: &Scorecard) -> String {
    format!("{} — {}", rubric.title, card.organization)
}

/// Builds the view of one assessment.
pub fn build(
    rubric: &Rubric,
    prepared: &Prepared,
    card: &Scorecard,
    narrative: Option<&Narrative>,
) -> ReportView {
    let date = card.date().map(str::to_string);
    let pillars: Vec<PillarView> = card
        .pillars
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let commentary = narrative.and_then(|n| n.pillars.get(&p.id));
            pillar::pillar_view(rubric, prepared, card, i, p, commentary)
        })
        .collect();
    ReportView {
        title: title(rubric, card),
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
                retired: r.retired.clone(),
            })
            .collect(),
        overall: OverallView {
            stage: card.overall.stage.as_ref().map(|s| s.index),
            stage_label: stage_label(rubric, card.overall.stage.as_ref(), card.overall.assessed),
            next: (card.overall.reached < rubric.stages.len()).then_some(card.overall.reached),
            position: position_label(card.overall.position, rubric.stages.len()),
            below_first_stage: card.overall.stage.is_none(),
            assessed: card.overall.assessed,
        },
        imbalance: ImbalanceView {
            flagged: card.imbalance.flagged,
            spread: card.imbalance.spread,
            message: card.imbalance.message.clone(),
        },
        charts: sections::charts_view(rubric, prepared, card),
        roadmap: sections::roadmap_view(rubric, prepared, card),
        progress: sections::progress_view(rubric, prepared, card),
        trend: card.trend.as_ref().map(|t| trend_view(rubric, t)),
        narrative: narrative.map_or_else(NarrativeView::default, |n| NarrativeView {
            summary: md(&n.summary),
            findings: md(&n.findings),
            recommendations: md(&n.recommendations),
        }),
        appendix: super::Appendix::Full,
        period: None,
        methodology: prepared.methodology.clone(),
        coverage: coverage_rows(card),
        warnings: card.warnings.clone(),
        pillars,
    }
}

fn trend_view(rubric: &Rubric, trend: &crate::scoring::Trend) -> TrendView {
    let stages: Vec<&str> = rubric.stages.iter().map(|s| s.name.as_str()).collect();
    let pillars: Vec<&str> = rubric.pillars.iter().map(|p| p.name.as_str()).collect();
    let n = rubric.stages.len();
    let mut rows: Vec<TrendRow> = pillars
        .iter()
        .enumerate()
        .map(|(k, name)| TrendRow {
            name: name.to_string(),
            positions: trend
                .points
                .iter()
                .map(|p| position_label(p.pillars.get(k).copied().unwrap_or(0.0), n))
                .collect(),
        })
        .collect();
    rows.push(TrendRow {
        name: "Overall".to_string(),
        positions: trend
            .points
            .iter()
            .map(|p| position_label(p.overall, n))
            .collect(),
    });
    TrendView {
        chart: super::trend_chart::chart(&trend.points, &pillars, &stages).map(Html::new),
        rounds: trend
            .points
            .iter()
            .map(|p| match &p.date {
                Some(d) => format!("{} ({d})", p.label),
                None => p.label.clone(),
            })
            .collect(),
        rows,
    }
}

/// A stage's name for readers, or why there is none: "Not yet
/// Foundational", "Nothing answered yet".
pub fn stage_label(rubric: &Rubric, stage: Option<&StageRef>, assessed: bool) -> String {
    match stage {
        Some(s) => s.name.clone(),
        None if !assessed => "Nothing answered yet".to_string(),
        None => format!(
            "Not yet {}",
            rubric.stages.first().map_or("", |s| s.name.as_str())
        ),
    }
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
    let mut parts = iso.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let month = crate::assessment::load::MONTHS.get(m.parse::<usize>().ok()?.checked_sub(1)?)?;
    Some(format!("{} {month} {y}", d.parse::<u32>().ok()?))
}
