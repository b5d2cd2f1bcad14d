//! Change since a baseline assessment: per indicator, per pillar, overall.
//! Both sides are scored by the same rubric and rules; a change of position
//! is the difference of the unrounded positions.
//!
//! A baseline answered on an older version of the rubric was loaded
//! through the rubric's evolution (renamed ids already count for their new
//! ids), so indicators compare by their current id. What cannot be
//! compared is listed apart rather than shown as a change: retired
//! indicators, and indicators the older baseline has no answer to.

use std::collections::BTreeSet;

use super::{
    Change, IndicatorChange, IndicatorScore, IndicatorState, NotCompared, NotComparedReason,
    PillarChange, Progress, Scorecard,
};
use crate::assessment::Assessment;
use crate::model::Rubric;

pub(super) fn compare(before: &Scorecard, after: &Scorecard, skip: Vec<NotCompared>) -> Progress {
    let pillars = before
        .pillars
        .iter()
        .zip(&after.pillars)
        .map(|(b, a)| PillarChange {
            pillar: a.id.clone(),
            change: Change {
                from: b.stage.clone(),
                to: a.stage.clone(),
                from_position: b.position,
                to_position: a.position,
                delta: a.position - b.position,
            },
        })
        .collect();
    let states = |card: &Scorecard| -> Vec<(String, IndicatorState)> {
        card.pillars
            .iter()
            .flat_map(|p| p.stages.iter().flat_map(|c| c.indicators.iter()))
            .map(|i| (i.id.clone(), state(i)))
            .collect()
    };
    let skipped: BTreeSet<&str> = skip.iter().map(|s| s.indicator.as_str()).collect();
    let indicators = states(before)
        .into_iter()
        .zip(states(after))
        .filter(|((_, b), (id, a))| a != b && !skipped.contains(id.as_str()))
        .map(|((_, b), (id, a))| IndicatorChange {
            indicator: id,
            delta: a.credit.zip(b.credit).map(|(a, b)| a - b),
            from: b,
            to: a,
        })
        .collect();
    Progress {
        baseline_respondents: before.respondents.clone(),
        overall: Change {
            from: before.overall.stage.clone(),
            to: after.overall.stage.clone(),
            from_position: before.overall.position,
            to_position: after.overall.position,
            delta: after.overall.position - before.overall.position,
        },
        pillars,
        indicators,
        not_compared: skip,
    }
}

/// The indicators that cannot be compared between `baseline` and
/// `current`: retired ids answered on either side (sorted), then, when the
/// baseline was written for an older major version, the indicators
/// answered now that no baseline respondent answered (in rubric order).
/// Which indicators the older version lacked is not recorded anywhere, so
/// "no answer in the older baseline" is the honest test: an indicator that
/// existed then but went unanswered is listed too, and it could not be
/// compared either.
pub(super) fn not_compared(
    rubric: &Rubric,
    current: &Assessment,
    baseline: &Assessment,
) -> Vec<NotCompared> {
    let retired: BTreeSet<&str> = [current, baseline]
        .iter()
        .flat_map(|a| a.respondents.iter())
        .flat_map(|r| r.retired.iter().map(String::as_str))
        .collect();
    let mut out: Vec<NotCompared> = retired
        .into_iter()
        .map(|id| NotCompared {
            indicator: id.to_string(),
            reason: NotComparedReason::Retired,
        })
        .collect();
    if baseline.respondents.iter().all(|r| r.written_for.is_none()) {
        return out;
    }
    let answered =
        |a: &Assessment, id: &str| a.respondents.iter().any(|r| r.answers.contains_key(id));
    out.extend(
        rubric
            .indicator_ids()
            .filter(|id| answered(current, id) && !answered(baseline, id))
            .map(|id| NotCompared {
                indicator: id.to_string(),
                reason: NotComparedReason::NotInBaseline,
            }),
    );
    out
}

fn state(i: &IndicatorScore) -> IndicatorState {
    IndicatorState {
        status: i.status,
        level: i.level,
        label: i.level_label.clone(),
        credit: i.credit,
    }
}
