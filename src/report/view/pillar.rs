//! A pillar's page in the view model: its stage, ladder, the indicators at
//! its current and next stage, every indicator with respondents' answers
//! and notes, and where respondents disagree.

use serde::Serialize;

use super::{Html, Prepared, md_inline, stage_label};
use crate::assessment::AnswerValue;
use crate::model::Rubric;
use crate::report::{charts, markdown};
use crate::scoring::{
    CellScore, IndicatorScore, IndicatorStatus, PillarScore, Scorecard, number, percent,
    position_label,
};

#[derive(Debug, Serialize)]
pub struct PillarView {
    pub id: String,
    pub name: String,
    pub anchor: String,
    /// Index into `rubric.stages`; `None` below the first stage.
    pub stage: Option<usize>,
    /// The stage's name, "Not yet Foundational" or "Nothing answered yet".
    pub stage_label: String,
    /// Index into `rubric.pillars`.
    pub pillar: usize,
    /// The stage progress is measured toward (the next one with something
    /// to count); `None` at the top.
    pub next: Option<usize>,
    pub target: usize,
    pub target_source: &'static str,
    /// Stages reached ≥ the target's.
    pub at_target: bool,
    /// The pillar has reached the top stage.
    pub top: bool,
    pub below_first_stage: bool,
    pub assessed: bool,
    /// "2.35 of 5".
    pub position: String,
    /// Share in place of the `next` stage, rounded down.
    pub progress: String,
    pub coverage: String,
    pub low_coverage: bool,
    pub not_applicable: String,
    pub explanation: String,
    /// The assessor's commentary on this pillar (sanitised markdown).
    pub commentary: Option<Html>,
    /// One plain sentence for the executive summary.
    pub summary: String,
    pub ladder: Html,
    pub counts: Counts,
    /// The pillar's indicators at its current and next stage.
    pub current_indicators: Vec<IndicatorValue>,
    pub next_indicators: Vec<IndicatorValue>,
    /// Every indicator, grouped by stage.
    pub cells: Vec<CellView>,
    pub disagreements: Vec<IndicatorValue>,
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
    /// Share in place, rounded down; `None` with nothing to count.
    pub attainment: Option<String>,
    pub met: bool,
    pub reached: bool,
    /// "reached", "not reached" or "nothing to count".
    pub verdict: &'static str,
    pub indicators: Vec<IndicatorValue>,
}

/// An [`IndicatorView`], shared: a pillar's page lists the indicators of
/// its current and next stage, and those in dispute, a second time. Its
/// template value is made once, on first use (an interpreted theme), and
/// shared too: converting (and later freeing) every copy again cost a few
/// percent of a build. The compiled default theme reads the view itself
/// and never makes the value.
#[derive(Debug, Clone)]
pub struct IndicatorValue(std::sync::Arc<(IndicatorView, std::sync::OnceLock<minijinja::Value>)>);

impl IndicatorValue {
    fn new(view: IndicatorView) -> IndicatorValue {
        IndicatorValue(std::sync::Arc::new((view, std::sync::OnceLock::new())))
    }

    pub fn view(&self) -> &IndicatorView {
        &self.0.0
    }
}

impl Serialize for IndicatorValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0
            .1
            .get_or_init(|| minijinja::Value::from_serialize(&self.0.0))
            .serialize(s)
    }
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
    /// The note, shown once: a later respondent with the very same note
    /// gets `None` and is named in the first one's `note_also`.
    pub note: Option<Html>,
    /// Other respondents who wrote exactly this note.
    pub note_also: Vec<String>,
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
    commentary: Option<&String>,
) -> PillarView {
    let baseline = card
        .progress
        .as_ref()
        .and_then(|pr| pr.pillars.iter().find(|c| c.pillar == p.id))
        .map(|c| c.change.from_position);
    let names: Vec<&str> = rubric.stages.iter().map(|s| s.name.as_str()).collect();
    let ladder = charts::ladder(&p.name, &names, p.position, p.target.index, baseline);
    let stage = p.stage.as_ref().map(|s| s.index);
    let next = p.next.as_ref().map(|s| s.index);
    let mut counts = Counts::default();
    let mut disagreements = Vec::new();
    let mut cells: Vec<CellView> = Vec::with_capacity(p.stages.len());
    for (s, c) in p.stages.iter().enumerate() {
        let mut indicators = Vec::with_capacity(c.indicators.len());
        for i in &c.indicators {
            count(&mut counts, i.status);
            let value = IndicatorValue::new(indicator_view(prepared, i));
            if i.disagreement {
                disagreements.push(value.clone());
            }
            indicators.push(value);
        }
        cells.push(CellView {
            stage: s,
            attainment: c.attainment.map(percent),
            met: c.met,
            reached: c.reached,
            verdict: verdict(c),
            indicators,
        });
    }
    // The current and next stage's indicators are those cells' own views.
    let indicators_at = |stage: Option<usize>| -> Vec<IndicatorValue> {
        stage
            .and_then(|s| cells.get(s))
            .map(|c| c.indicators.clone())
            .unwrap_or_default()
    };
    let current_indicators = indicators_at(stage);
    let next_indicators = indicators_at(next);
    PillarView {
        id: p.id.clone(),
        name: p.name.clone(),
        anchor: format!("pillar-{}", p.id),
        stage,
        stage_label: stage_label(rubric, p.stage.as_ref(), p.assessed),
        pillar: index,
        next,
        target: p.target.index,
        target_source: p.target_source,
        at_target: p.reached > p.target.index,
        top: p.reached == rubric.stages.len(),
        below_first_stage: stage.is_none(),
        assessed: p.assessed,
        position: position_label(p.position, rubric.stages.len()),
        progress: percent(p.progress),
        coverage: percent(p.coverage),
        low_coverage: p.low_coverage,
        not_applicable: percent(p.not_applicable_share),
        explanation: p.explanation.clone(),
        commentary: commentary.map(|c| Html::new(markdown::to_html(c))),
        summary: summary_line(rubric, p),
        ladder: Html::new(ladder),
        counts,
        current_indicators,
        next_indicators,
        cells,
        disagreements,
    }
}

/// How a stage reads on the pillar's page.
fn verdict(cell: &CellScore) -> &'static str {
    match (cell.attainment, cell.reached) {
        (None, _) => "nothing to count",
        (Some(_), true) => "reached",
        (Some(_), false) => "not reached",
    }
}

/// "Developing; Defined 41% in place (target: Defined)."
fn summary_line(rubric: &Rubric, p: &PillarScore) -> String {
    let target = if p.reached > p.target.index {
        "at or above its target".to_string()
    } else {
        format!("target: {}", p.target.name)
    };
    let here = stage_label(rubric, p.stage.as_ref(), p.assessed);
    match &p.next {
        Some(next) => format!(
            "{here}; {} {} in place ({target}).",
            next.name,
            percent(p.progress)
        ),
        None if p.reached == rubric.stages.len() => format!("{here}, the top stage ({target})."),
        None => format!("{here}, no higher stage has anything to count ({target})."),
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
        responses: responses(i),
    }
}

/// Respondents' answers, each identical note printed once with the names
/// of everyone who wrote it.
fn responses(i: &IndicatorScore) -> Vec<ResponseView> {
    let mut out: Vec<ResponseView> = Vec::with_capacity(i.responses.len());
    for (n, r) in i.responses.iter().enumerate() {
        let first = r.note.as_ref().and_then(|note| {
            i.responses[..n]
                .iter()
                .position(|earlier| earlier.note.as_ref() == Some(note))
        });
        if let Some(first) = first {
            out[first].note_also.push(r.respondent.clone());
        }
        out.push(ResponseView {
            respondent: r.respondent.clone(),
            answer: match (r.value, &r.label) {
                (AnswerValue::NotApplicable, _) => "n/a".to_string(),
                (AnswerValue::Level(v), Some(label)) => format!("{} {label}", number(v)),
                (AnswerValue::Level(v), None) => number(v),
            },
            note: match first {
                Some(_) => None,
                None => r.note.as_deref().map(|n| Html::new(markdown::to_html(n))),
            },
            note_also: Vec::new(),
            evidence: r
                .evidence
                .iter()
                .map(|e| EvidenceView {
                    text: e.clone(),
                    href: markdown::is_allowed_url(e)
                        .then(|| Html::new(markdown::escape(e).into_owned())),
                })
                .collect(),
        });
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::Response;

    fn said(who: &str, note: Option<&str>) -> Response {
        Response {
            respondent: who.into(),
            value: AnswerValue::Level(1.0),
            label: None,
            note: note.map(String::from),
            evidence: Vec::new(),
        }
    }

    #[test]
    fn an_identical_note_is_shown_once_with_every_name() {
        let i = IndicatorScore {
            id: "p.i".into(),
            statement: "s".into(),
            weight: 1.0,
            level: Some(1.0),
            level_label: None,
            scale_max: 3.0,
            credit: Some(0.5),
            status: IndicatorStatus::Partly,
            spread: 0,
            disagreement: false,
            responses: vec![
                said("Ann", Some("Same words")),
                said("Bob", Some("Other words")),
                said("Cy", Some("Same words")),
                said("Di", None),
            ],
        };
        let views = responses(&i);
        assert!(views[0].note.is_some());
        assert_eq!(views[0].note_also, ["Cy"]);
        assert!(views[1].note.is_some() && views[1].note_also.is_empty());
        assert!(views[2].note.is_none(), "printed once, with Ann's");
        assert!(views[3].note.is_none());
    }
}
