//! The rules of scoring, one function each, with no rounding anywhere: the
//! numbers these return are exact up to floating-point error, and every
//! comparison goes through [`at_least`], which forgives that error (and
//! nothing more), so a threshold hit exactly in exact arithmetic is met.
//!
//! The words that state each rule for readers are in [`super::words`]; a
//! test keeps the README quoting them verbatim.

use crate::model::{CombineRule, OverallRule, PillarStageRule, Scale, UnansweredRule};

/// Floating-point error forgiven in comparisons and when counting whole
/// stages (a sum of 0.1 + 0.2 + 0.7 is 1 stage, not 0.9999999999999999).
pub const TOLERANCE: f64 = 1e-9;

/// `value ≥ bound`, forgiving floating-point error.
pub fn at_least(value: f64, bound: f64) -> bool {
    value + TOLERANCE >= bound
}

/// Whole stages in a position (`floor`, forgiving floating-point error).
pub fn whole(position: f64) -> usize {
    (position + TOLERANCE).floor().max(0.0) as usize
}

/// A position whose whole part is [`whole`]: 1.9999999999 becomes 2, so
/// `floor(position)` always equals the stages reached, in any language.
pub fn snap(position: f64) -> f64 {
    let w = whole(position) as f64;
    if position < w { w } else { position }
}

/// Rule: several respondents' levels for one indicator combine by the
/// rubric's `respondents` rule (n/a answers are not levels and are left
/// out before this).
pub fn combine(rule: CombineRule, values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    Some(match rule {
        CombineRule::Mean => sorted.iter().sum::<f64>() / sorted.len() as f64,
        CombineRule::Min => sorted[0],
        CombineRule::Median => median(&sorted),
    })
}

/// The middle value of a sorted, non-empty list (the mean of the two middle
/// values for an even count).
pub fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Rule: an indicator's credit (share in place, 0–1) is 1 at or above the
/// scale's `met at` level and `(level − lowest) / (met − lowest)` below it.
/// Levels above "met" add nothing; partial levels give partial credit.
pub fn credit(scale: &Scale, level: f64) -> f64 {
    if at_least(level, scale.met) {
        return 1.0;
    }
    let span = scale.met - scale.min();
    if span <= 0.0 {
        return 1.0;
    }
    ((level - scale.min()) / span).clamp(0.0, 1.0)
}

/// Rule: the number of scale steps between the lowest and the highest of
/// several answers (each answer is one of the scale's levels).
pub fn steps_apart(scale: &Scale, levels: &[f64]) -> usize {
    let rank = |v: f64| {
        scale
            .levels
            .iter()
            .rposition(|l| at_least(v, l.value))
            .unwrap_or(0)
    };
    let ranks: Vec<usize> = levels.iter().map(|v| rank(*v)).collect();
    match (ranks.iter().min(), ranks.iter().max()) {
        (Some(lo), Some(hi)) => hi - lo,
        _ => 0,
    }
}

/// Rule: respondents disagree when their answers are two or more scale
/// steps apart; on a scale of only two levels (yes/no), when they differ.
pub fn disagree(scale: &Scale, steps: usize) -> bool {
    let needed = 2.min(scale.levels.len().saturating_sub(1));
    needed > 0 && steps >= needed
}

/// One indicator as a cell's attainment sees it.
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    pub weight: f64,
    /// `None` when unanswered.
    pub credit: Option<f64>,
    pub not_applicable: bool,
}

/// Rule: a pillar × stage attainment is the weighted mean credit of its
/// counted indicators. n/a indicators never count; unanswered ones count as
/// 0 under `unanswered zero` and are left out under `unanswered skip`.
/// `None` when nothing is left to count.
pub fn attainment(indicators: &[Counted], unanswered: UnansweredRule) -> Option<f64> {
    let mut total = 0.0;
    let mut weights = 0.0;
    for i in indicators {
        let value = match (i.not_applicable, i.credit) {
            (true, _) => continue,
            (false, Some(c)) => c,
            (false, None) if unanswered == UnansweredRule::Zero => 0.0,
            (false, None) => continue,
        };
        total += value * i.weight;
        weights += i.weight;
    }
    (weights > 0.0).then(|| total / weights)
}

/// Rule: a stage is met when its attainment reaches `stage-threshold`; a
/// stage with nothing to count is never met.
pub fn stage_met(attainment: Option<f64>, threshold: f64) -> bool {
    attainment.is_some_and(|a| at_least(a, threshold))
}

/// Where a pillar stands on the ladder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Number of stages reached, 0 to N.
    pub reached: usize,
    /// Fraction toward `next`, 0 ≤ progress < 1.
    pub progress: f64,
    /// Index of the stage `progress` is measured toward.
    pub next: Option<usize>,
    /// Some stage had something to count.
    pub assessed: bool,
}

impl Placement {
    /// Stages reached plus progress: 0 to N.
    pub fn position(&self) -> f64 {
        self.reached as f64 + self.progress
    }
}

/// Rule: a pillar's placement from its cells' attainment and met flags
/// (one entry per stage, lowest first).
///
/// `gated`: walk up the ladder; a stage with nothing to count is skipped (it
/// neither holds the pillar back nor can the pillar stand on it); the first
/// counted stage that is not met stops the walk. The pillar has reached
/// every stage up to the last met one; progress is the share in place of
/// the stage that stopped the walk.
///
/// `average`: the shares in place of the counted stages add up; the whole
/// part is the number of counted stages reached (lowest first), the rest is
/// progress toward the next counted stage. With every stage counted, the
/// position is exactly that sum.
pub fn place(rule: PillarStageRule, cells: &[(Option<f64>, bool)]) -> Placement {
    let assessed = cells.iter().any(|(a, _)| a.is_some());
    match rule {
        PillarStageRule::Gated => place_gated(cells, assessed),
        PillarStageRule::Average => place_average(cells, assessed),
    }
}

fn place_gated(cells: &[(Option<f64>, bool)], assessed: bool) -> Placement {
    let mut reached = 0;
    for (k, (attainment, met)) in cells.iter().enumerate() {
        let Some(a) = attainment else { continue };
        if !met {
            return Placement {
                reached,
                progress: a.clamp(0.0, 1.0 - TOLERANCE),
                next: Some(k),
                assessed,
            };
        }
        reached = k + 1;
    }
    Placement {
        reached,
        progress: 0.0,
        next: None,
        assessed,
    }
}

fn place_average(cells: &[(Option<f64>, bool)], assessed: bool) -> Placement {
    let counted: Vec<(usize, f64)> = cells
        .iter()
        .enumerate()
        .filter_map(|(k, (a, _))| a.map(|a| (k, a)))
        .collect();
    let sum: f64 = counted.iter().map(|(_, a)| a).sum();
    let stages = whole(sum).min(counted.len());
    let progress = if stages == counted.len() {
        0.0
    } else {
        (sum - stages as f64).clamp(0.0, 1.0 - TOLERANCE)
    };
    Placement {
        reached: stages.checked_sub(1).map_or(0, |i| counted[i].0 + 1),
        progress,
        next: counted.get(stages).map(|(k, _)| *k),
        assessed,
    }
}

/// Rule: the overall position combines the assessed pillars' positions by
/// the rubric's `overall` rule; `None` when no pillar is assessed.
pub fn overall(rule: OverallRule, pillars: &[(f64, f64)]) -> Option<f64> {
    if pillars.is_empty() {
        return None;
    }
    let positions: Vec<f64> = pillars.iter().map(|(p, _)| *p).collect();
    let position = match rule {
        OverallRule::Min => positions.iter().copied().fold(f64::INFINITY, f64::min),
        OverallRule::Median => {
            let mut sorted = positions;
            sorted.sort_by(f64::total_cmp);
            median(&sorted)
        }
        OverallRule::WeightedMean => {
            let weights: f64 = pillars.iter().map(|(_, w)| w).sum();
            if weights > 0.0 {
                pillars.iter().map(|(p, w)| p * w).sum::<f64>() / weights
            } else {
                0.0
            }
        }
    };
    Some(snap(position))
}

/// Rule: without a target from the answers, a pillar's target is the stage
/// after the last one it reached (the first stage when it has reached
/// none); a pillar at the top keeps the top as its target.
pub fn default_target(reached: usize, stages: usize) -> usize {
    reached.min(stages.saturating_sub(1))
}

/// Rule: pillars are imbalanced when the stages reached by the highest and
/// the lowest assessed pillar differ by two or more.
pub fn imbalanced(spread: usize) -> bool {
    spread >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;

    fn scale(values: &[f64], met: f64) -> Scale {
        Scale {
            id: "s".into(),
            levels: values
                .iter()
                .map(|v| Level {
                    value: *v,
                    label: format!("{v}"),
                    description: None,
                })
                .collect(),
            met,
            default: true,
        }
    }

    #[test]
    fn credit_is_full_at_met_and_proportional_below() {
        let s = scale(&[0.0, 1.0, 2.0, 3.0], 2.0);
        assert_eq!(credit(&s, 0.0), 0.0);
        assert_eq!(credit(&s, 1.0), 0.5);
        assert_eq!(credit(&s, 2.0), 1.0);
        assert_eq!(credit(&s, 3.0), 1.0, "above met adds nothing");
        assert_eq!(credit(&s, 1.5), 0.75, "a mean between levels");
        let samm = scale(&[0.0, 0.25, 0.5, 1.0], 1.0);
        assert_eq!(credit(&samm, 0.25), 0.25);
        assert_eq!(credit(&samm, 0.5), 0.5);
        let floor = scale(&[0.0, 1.0], 0.0);
        assert_eq!(credit(&floor, 0.0), 1.0, "met at the lowest level");
    }

    #[test]
    fn disagreement_is_counted_in_scale_steps() {
        let uneven = scale(&[0.0, 0.25, 0.5, 1.0], 1.0);
        assert_eq!(steps_apart(&uneven, &[0.5, 1.0]), 1);
        assert!(!disagree(&uneven, 1), "adjacent options never disagree");
        assert_eq!(steps_apart(&uneven, &[0.25, 1.0]), 2);
        assert!(disagree(&uneven, 2));
        let yes_no = scale(&[0.0, 1.0], 1.0);
        assert!(disagree(&yes_no, steps_apart(&yes_no, &[0.0, 1.0])));
        assert!(!disagree(&yes_no, 0));
        assert!(!disagree(&scale(&[1.0], 1.0), 0));
    }

    fn counted(credits: &[(f64, Option<f64>)]) -> Vec<Counted> {
        credits
            .iter()
            .map(|(w, c)| Counted {
                weight: *w,
                credit: *c,
                not_applicable: false,
            })
            .collect()
    }

    #[test]
    fn attainment_is_the_weighted_mean_without_rounding() {
        let cells = counted(&[(1.0, Some(1.0)), (3.0, Some(0.0))]);
        assert_eq!(attainment(&cells, UnansweredRule::Skip), Some(0.25));
        assert!(stage_met(Some(0.25), 0.25), "an exact hit is met");
        let thirds = counted(&[
            (1.0, Some(1.0 / 3.0)),
            (1.0, Some(1.0 / 3.0)),
            (1.0, Some(1.0 / 3.0)),
        ]);
        let a = attainment(&thirds, UnansweredRule::Skip).unwrap();
        assert!(stage_met(Some(a), 1.0 / 3.0));
        let gaps = counted(&[(1.0, Some(1.0)), (1.0, None)]);
        assert_eq!(attainment(&gaps, UnansweredRule::Skip), Some(1.0));
        assert_eq!(attainment(&gaps, UnansweredRule::Zero), Some(0.5));
        let na = [Counted {
            weight: 1.0,
            credit: None,
            not_applicable: true,
        }];
        assert_eq!(attainment(&na, UnansweredRule::Zero), None);
        assert!(!stage_met(None, 0.0), "nothing to count is never met");
    }

    #[test]
    fn gated_skips_empty_stages_and_stops_at_the_first_unmet() {
        let g = |cells: &[(Option<f64>, bool)]| place(PillarStageRule::Gated, cells);
        let p = g(&[(Some(1.0), true), (None, false), (Some(0.5), false)]);
        assert_eq!((p.reached, p.progress, p.next), (1, 0.5, Some(2)));
        let p = g(&[(None, false), (Some(0.8), true), (Some(0.9), true)]);
        assert_eq!((p.reached, p.next), (3, None));
        let p = g(&[(Some(0.2), false), (Some(1.0), true)]);
        assert_eq!((p.reached, p.progress, p.next), (0, 0.2, Some(0)));
        let p = g(&[(Some(1.0), true), (None, false)]);
        assert_eq!(
            (p.reached, p.next),
            (1, None),
            "never placed on an empty stage"
        );
        let p = g(&[(None, false), (None, false)]);
        assert!(!p.assessed);
        assert_eq!(p.position(), 0.0);
    }

    #[test]
    fn average_sums_shares_and_equals_the_samm_score() {
        let a = |cells: &[(Option<f64>, bool)]| place(PillarStageRule::Average, cells);
        // SAMM: level means 1, 0.5, 0.25 → practice score 1.75.
        let p = a(&[(Some(1.0), true), (Some(0.5), false), (Some(0.25), false)]);
        assert_eq!(p.position(), 1.75);
        assert_eq!((p.reached, p.next), (1, Some(1)));
        // An empty middle stage is never stood on.
        let p = a(&[(Some(1.0), true), (None, false), (Some(1.0), true)]);
        assert_eq!((p.reached, p.next), (3, None));
        let p = a(&[(Some(1.0), true), (None, false), (Some(0.5), false)]);
        assert_eq!((p.reached, p.progress, p.next), (1, 0.5, Some(2)));
        let p = a(&[(Some(0.1), false), (Some(0.2), false), (Some(0.7), false)]);
        assert_eq!(p.reached, 1, "0.1 + 0.2 + 0.7 is one whole stage");
    }

    #[test]
    fn overall_rules_and_snapping() {
        let pillars = [(1.5, 1.0), (3.0, 3.0)];
        assert_eq!(overall(OverallRule::Min, &pillars), Some(1.5));
        assert_eq!(overall(OverallRule::Median, &pillars), Some(2.25));
        assert_eq!(overall(OverallRule::WeightedMean, &pillars), Some(2.625));
        assert_eq!(overall(OverallRule::Min, &[]), None);
        assert_eq!(snap(1.9999999999), 2.0);
        assert_eq!(snap(1.5), 1.5);
        assert_eq!(default_target(0, 5), 0);
        assert_eq!(default_target(2, 5), 2);
        assert_eq!(default_target(5, 5), 4);
    }
}
