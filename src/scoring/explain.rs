//! Plain-words explanations of a pillar's placement that a client can check
//! against the numbers next to them: "Developing reached: all 4 indicators
//! met; Defined not reached: 40% in place, below the 75% needed; not fully
//! in place: data.forecasting (1/3), data.experimentation (0/3)".
//!
//! Every number in these sentences is printed by [`super::format`], rounded
//! down, so a stated comparison ("below the 75% needed") is true of the
//! printed numbers as well as of the exact ones.

use super::format::{number, percent_at, percent_decimals, percent_exact, position};
use super::rules::Placement;
use super::{CellScore, IndicatorScore, IndicatorStatus};
use crate::model::{PillarStageRule, Rubric, UnansweredRule};

/// At most this many indicators are named; the rest are counted.
const MAX_NAMED: usize = 5;

pub(super) fn pillar(rubric: &Rubric, cells: &[CellScore], placement: &Placement) -> String {
    if !placement.assessed {
        return nothing_to_count(cells);
    }
    match rubric.scoring.pillar_stage {
        PillarStageRule::Gated => gated(rubric, cells, placement),
        PillarStageRule::Average => average(rubric, cells, placement),
    }
}

fn stage_name(rubric: &Rubric, index: usize) -> &str {
    rubric.stages.get(index).map_or("?", |s| s.name.as_str())
}

fn nothing_to_count(cells: &[CellScore]) -> String {
    let all: Vec<&IndicatorScore> = cells.iter().flat_map(|c| &c.indicators).collect();
    let na = all
        .iter()
        .filter(|i| i.status == IndicatorStatus::NotApplicable)
        .count();
    match (all.len(), na) {
        (0, _) => "Nothing to count: the pillar has no indicators".to_string(),
        (n, na) if na == n => format!("Nothing to count: all {n} indicators are n/a"),
        (n, 0) => format!("Nothing to count: none of its {n} indicators is answered"),
        (n, na) => {
            format!("Nothing to count: of its {n} indicators, {na} are n/a and the rest unanswered")
        }
    }
}

fn gated(rubric: &Rubric, cells: &[CellScore], placement: &Placement) -> String {
    let policy = &rubric.scoring;
    let mut parts = Vec::new();
    match placement.reached.checked_sub(1) {
        Some(h) => parts.push(format!(
            "{} reached: {}",
            stage_name(rubric, h),
            reached_summary(&cells[h], policy.stage_threshold, policy.unanswered)
        )),
        None => parts.push(format!("Not yet {}", stage_name(rubric, 0))),
    }
    let upto = placement.next.unwrap_or(placement.reached);
    let skipped: Vec<&str> = (0..upto)
        .filter(|k| cells[*k].attainment.is_none())
        .map(|k| stage_name(rubric, k))
        .collect();
    if !skipped.is_empty() {
        parts.push(format!("{}: nothing to count, skipped", skipped.join(", ")));
    }
    parts.push(match placement.next {
        Some(k) => not_reached(rubric, &cells[k], k),
        None => end_of_ladder(rubric, placement),
    });
    parts.join("; ")
}

fn average(rubric: &Rubric, cells: &[CellScore], placement: &Placement) -> String {
    let shares: Vec<String> = cells
        .iter()
        .enumerate()
        .map(|(k, c)| match c.attainment {
            Some(a) => format!("{} {}", stage_name(rubric, k), percent_at(a, 0)),
            None => format!("{} nothing to count", stage_name(rubric, k)),
        })
        .collect();
    let sum: f64 = cells.iter().filter_map(|c| c.attainment).sum();
    let head = match placement.reached.checked_sub(1) {
        Some(h) => format!("{} reached", stage_name(rubric, h)),
        None => format!("Not yet {}", stage_name(rubric, 0)),
    };
    let wholes = super::rules::whole(sum);
    let mut text = format!(
        "{head}: the shares in place add up to {} ({}), {} whole {}",
        position(sum),
        shares.join(", "),
        wholes,
        if wholes == 1 { "stage" } else { "stages" }
    );
    if placement.next.is_none() {
        text.push_str("; ");
        text.push_str(&end_of_ladder(rubric, placement));
    }
    text
}

/// Why the last stage reached counts as reached.
fn reached_summary(cell: &CellScore, threshold: f64, unanswered: UnansweredRule) -> String {
    let counts = Counts::of(cell, unanswered);
    let extra = counts.extra();
    let Some(a) = cell.attainment else {
        return "nothing to count".to_string();
    };
    if counts.met == counts.counted {
        return format!("all {} indicators met{extra}", counts.counted);
    }
    let d = percent_decimals(threshold);
    format!(
        "{} in place, at least the {} needed ({} of {} indicators met{extra})",
        percent_at(a, d),
        percent_exact(threshold),
        counts.met,
        counts.counted
    )
}

/// The stage that stopped the walk, and what is missing there.
fn not_reached(rubric: &Rubric, cell: &CellScore, k: usize) -> String {
    let policy = &rubric.scoring;
    let a = cell.attainment.unwrap_or(0.0);
    let d = percent_decimals(policy.stage_threshold);
    let mut text = format!(
        "{} not reached: {} in place, below the {} needed",
        stage_name(rubric, k),
        percent_at(a, d),
        percent_exact(policy.stage_threshold)
    );
    let missing: Vec<&IndicatorScore> = cell
        .indicators
        .iter()
        .filter(|i| counts_against(i.status, policy.unanswered))
        .collect();
    if !missing.is_empty() {
        let named: Vec<String> = missing
            .iter()
            .take(MAX_NAMED)
            .map(|i| indicator(i))
            .collect();
        text.push_str(&format!("; not fully in place: {}", join_and(&named)));
        if missing.len() > MAX_NAMED {
            text.push_str(&format!(" and {} more", missing.len() - MAX_NAMED));
        }
    }
    let open = Counts::of(cell, policy.unanswered).unanswered_skipped;
    if open > 0 {
        text.push_str(&format!(" ({open} unanswered, not counted)"));
    }
    text
}

fn end_of_ladder(rubric: &Rubric, placement: &Placement) -> String {
    if placement.reached >= rubric.stages.len() {
        "top stage reached".to_string()
    } else {
        "no higher stage has anything to count".to_string()
    }
}

/// An indicator that is counted and not fully in place.
fn counts_against(status: IndicatorStatus, unanswered: UnansweredRule) -> bool {
    match status {
        IndicatorStatus::Partly | IndicatorStatus::Unmet => true,
        IndicatorStatus::Unanswered => unanswered == UnansweredRule::Zero,
        IndicatorStatus::Met | IndicatorStatus::NotApplicable => false,
    }
}

/// Indicator counts of one cell, as the sentences state them.
struct Counts {
    counted: usize,
    met: usize,
    not_applicable: usize,
    unanswered_skipped: usize,
}

impl Counts {
    fn of(cell: &CellScore, unanswered: UnansweredRule) -> Counts {
        let n = |s: IndicatorStatus| cell.indicators.iter().filter(|i| i.status == s).count();
        let open = n(IndicatorStatus::Unanswered);
        let skipped = if unanswered == UnansweredRule::Skip {
            open
        } else {
            0
        };
        Counts {
            counted: cell.indicators.len() - n(IndicatorStatus::NotApplicable) - skipped,
            met: n(IndicatorStatus::Met),
            not_applicable: n(IndicatorStatus::NotApplicable),
            unanswered_skipped: skipped,
        }
    }

    /// ", 1 n/a, 2 unanswered (not counted)" or nothing.
    fn extra(&self) -> String {
        let mut s = String::new();
        if self.not_applicable > 0 {
            s.push_str(&format!(", {} n/a", self.not_applicable));
        }
        if self.unanswered_skipped > 0 {
            s.push_str(&format!(
                ", {} unanswered (not counted)",
                self.unanswered_skipped
            ));
        }
        s
    }
}

fn indicator(i: &IndicatorScore) -> String {
    match (i.status, i.level) {
        (IndicatorStatus::Unanswered, _) => format!("{} (unanswered)", i.id),
        (_, Some(l)) => format!("{} ({}/{})", i.id, number(l), number(i.scale_max)),
        _ => i.id.clone(),
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
