//! Plain-words explanations of a pillar's stage that a client can check
//! against the answers: "Defined: all 4 indicators met; blocked from
//! Strategic by data.forecasting (1/3) and data.experimentation (unanswered)".

use super::{CellScore, IndicatorScore, IndicatorStatus};
use crate::model::{PillarStageRule, Rubric};

/// At most this many blocking indicators are named; the rest are counted.
const MAX_NAMED: usize = 5;

pub(super) fn pillar(rubric: &Rubric, cells: &[CellScore], index: usize, below: bool) -> String {
    let policy = &rubric.scoring;
    let threshold = percent(policy.stage_threshold);
    let name = |i: usize| rubric.stages[i].name.as_str();
    let mut text = match policy.pillar_stage {
        PillarStageRule::Gated if below => format!(
            "{} (floor): not yet met: {}",
            name(0),
            cell_summary(&cells[0], &threshold)
        ),
        PillarStageRule::Gated => format!(
            "{}: {}",
            name(index),
            cell_summary(&cells[index], &threshold)
        ),
        PillarStageRule::Average => {
            let parts: Vec<String> = cells
                .iter()
                .map(|c| {
                    format!(
                        "{} {}",
                        rubric.stage(&c.stage).map_or("?", |s| s.name.as_str()),
                        attainment(c)
                    )
                })
                .collect();
            format!(
                "{}: stage attainments add up to this stage ({})",
                name(index),
                parts.join(", ")
            )
        }
    };
    let blocked_at = if below { 0 } else { index + 1 };
    match cells.get(blocked_at) {
        None => text.push_str("; top stage reached"),
        Some(next) => {
            let blockers: Vec<&IndicatorScore> = next
                .indicators
                .iter()
                .filter(|i| {
                    i.status != IndicatorStatus::Met && i.status != IndicatorStatus::NotApplicable
                })
                .collect();
            if !below {
                text.push_str(&format!(
                    "; blocked from {} ({})",
                    name(blocked_at),
                    attainment(next)
                ));
            }
            if !blockers.is_empty() {
                let named: Vec<String> = blockers
                    .iter()
                    .take(MAX_NAMED)
                    .map(|i| indicator(i))
                    .collect();
                let lead = if below { "; missing" } else { " by" };
                text.push_str(&format!("{lead} {}", join_and(&named)));
                if blockers.len() > MAX_NAMED {
                    text.push_str(&format!(" and {} more", blockers.len() - MAX_NAMED));
                }
            }
        }
    }
    text
}

fn cell_summary(cell: &CellScore, threshold: &str) -> String {
    let counted: Vec<&IndicatorScore> = cell
        .indicators
        .iter()
        .filter(|i| i.status != IndicatorStatus::NotApplicable)
        .collect();
    let met = counted
        .iter()
        .filter(|i| i.status == IndicatorStatus::Met)
        .count();
    let na = cell.indicators.len() - counted.len();
    let na_note = if na > 0 {
        format!(", {na} n/a")
    } else {
        String::new()
    };
    if cell.indicators.is_empty() {
        return "no indicators at this stage".to_string();
    }
    if counted.is_empty() {
        return format!("all {} indicators n/a", cell.indicators.len());
    }
    if cell.attainment.is_none() {
        return format!("none of its {} indicators answered", counted.len());
    }
    if met == counted.len() {
        return format!("all {met} indicators met{na_note}");
    }
    let relation = if cell.met { "≥" } else { "<" };
    format!(
        "attainment {} {relation} {threshold} ({met} of {} indicators met{na_note})",
        attainment(cell),
        counted.len()
    )
}

fn attainment(cell: &CellScore) -> String {
    match cell.attainment {
        Some(a) => percent(a),
        None if cell.indicators.is_empty() => "nothing to assess".to_string(),
        None => "unanswered".to_string(),
    }
}

fn indicator(i: &IndicatorScore) -> String {
    match (i.status, i.level) {
        (IndicatorStatus::Unanswered, _) => format!("{} (unanswered)", i.id),
        (_, Some(l)) => format!("{} ({}/{})", i.id, number(l), number(i.scale_max)),
        _ => i.id.clone(),
    }
}

pub(crate) fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// `1`, `1.5`, `1.33`: as few decimals as needed.
pub(crate) fn number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
