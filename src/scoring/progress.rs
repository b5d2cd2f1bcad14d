//! Change since a baseline assessment: per indicator, per pillar, overall.

use super::{Change, IndicatorChange, PillarChange, Progress, Scorecard, round};

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
                delta: round(a.position - b.position),
            },
        })
        .collect();
    let scores = |card: &Scorecard| -> Vec<(String, Option<f64>)> {
        card.pillars
            .iter()
            .flat_map(|p| p.stages.iter().flat_map(|c| c.indicators.iter()))
            .map(|i| (i.id.clone(), i.score))
            .collect()
    };
    let indicators = scores(before)
        .into_iter()
        .zip(scores(after))
        .filter(|((_, b), (_, a))| a != b)
        .map(|((_, b), (id, a))| IndicatorChange {
            indicator: id,
            from: b,
            to: a,
            delta: a.zip(b).map(|(a, b)| round(a - b)),
        })
        .collect();
    Progress {
        baseline_respondents: before.respondents.clone(),
        overall: Change {
            from: before.overall.stage.clone(),
            to: after.overall.stage.clone(),
            from_position: before.overall.position,
            to_position: after.overall.position,
            delta: round(after.overall.position - before.overall.position),
        },
        pillars,
        indicators,
    }
}
