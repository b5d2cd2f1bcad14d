//! Change since a baseline assessment: per indicator, per pillar, overall.
//! Both sides are scored by the same rubric and rules; a change of position
//! is the difference of the unrounded positions.

use super::{
    Change, IndicatorChange, IndicatorScore, IndicatorState, PillarChange, Progress, Scorecard,
};

pub(super) fn compare(before: &Scorecard, after: &Scorecard) -> Progress {
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
    let indicators = states(before)
        .into_iter()
        .zip(states(after))
        .filter(|((_, b), (_, a))| a != b)
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
    }
}

fn state(i: &IndicatorScore) -> IndicatorState {
    IndicatorState {
        status: i.status,
        level: i.level,
        label: i.level_label.clone(),
        credit: i.credit,
    }
}
