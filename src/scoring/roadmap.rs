//! The roadmap: which actions, in which order, and which steps the rubric
//! offers no action for.
//!
//! - A pillar's actions are those on the steps from its stage up to its
//!   target: an action leading into stage `k` is chosen when the pillar has
//!   reached fewer than `k + 1` stages and its target is stage `k` or
//!   higher. `advance -> FIRST` actions lead into the first stage.
//! - Cross-cutting actions are chosen on the steps from the overall stage
//!   up to the highest pillar target, and always the overall stage's next
//!   step.
//! - Prerequisites (`after`) are followed transitively: one that is not
//!   chosen and not marked done is added, with `required_by` naming the
//!   actions that need it.
//! - Phases: an action on the step to its pillar's next stage is *now*, on
//!   the step after *next*, further *later* (cross-cutting ones count from
//!   the overall stage); when pillars are imbalanced, the leading pillars'
//!   actions move one phase later, so lagging pillars come first.
//! - Order: by phase, then quick wins first, then by the stage the action
//!   leads into, then declaration order. An action others depend on is
//!   ranked as high as the highest-ranked action that needs it (phase
//!   included), and comes before it: a quick win that waits for a major
//!   project pulls the project forward rather than sinking to the end.
//! - Overdue: due before the assessment date (the latest respondent's
//!   date, never the clock) and not done or dropped.

use std::collections::{BTreeMap, BTreeSet};

use super::{Imbalance, Overall, Phase, PillarScore, Quadrant, RoadmapItem, UncoveredStep};
use crate::assessment::{ActionStatus, Assessment};
use crate::model::{Action, Rubric};

pub(super) struct Plan {
    pub items: Vec<RoadmapItem>,
    pub uncovered: Vec<UncoveredStep>,
}

pub(super) fn build(
    rubric: &Rubric,
    assessment: &Assessment,
    pillars: &[PillarScore],
    overall: &Overall,
    imbalance: &Imbalance,
) -> Plan {
    let chosen = choose(rubric, pillars, overall);
    let required_by = prerequisites(rubric, assessment, &chosen);
    let mut all: Vec<usize> = chosen.iter().copied().collect();
    all.extend(required_by.keys().copied());
    let phase = |i: usize| own_phase(&rubric.actions[i], pillars, overall, imbalance);
    let ranked = effective_ranks(rubric, &all, &phase);
    let today = assessment
        .respondents
        .iter()
        .filter_map(|r| r.date.as_deref())
        .max();
    let items = order(rubric, &all, &ranked)
        .into_iter()
        .map(|i| {
            let needs = required_by.get(&i).cloned().unwrap_or_default();
            let mut item = item(&rubric.actions[i], assessment, needs);
            item.phase = ranked[&i].0;
            item.overdue = is_overdue(&item, today);
            item
        })
        .collect();
    Plan {
        items,
        uncovered: uncovered(rubric, pillars),
    }
}

/// Declaration indices of the actions on the pillars' and the
/// organisation's steps to their targets.
fn choose(rubric: &Rubric, pillars: &[PillarScore], overall: &Overall) -> BTreeSet<usize> {
    let top_target = pillars.iter().map(|p| p.target.index).max().unwrap_or(0);
    let cross_end = top_target.max(overall.reached);
    rubric
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| match &a.pillar {
            Some(id) => pillars
                .iter()
                .find(|p| p.id == *id)
                .is_some_and(|p| on_steps(a.to_index, p.reached, p.target.index)),
            None => on_steps(a.to_index, overall.reached, cross_end),
        })
        .map(|(i, _)| i)
        .collect()
}

/// An action leading into stage `to` lies between `reached` stages and the
/// target stage index.
fn on_steps(to: usize, reached: usize, target: usize) -> bool {
    to >= reached && to <= target
}

/// Prerequisites not chosen and not done, transitively: declaration index
/// → the actions that need it.
fn prerequisites(
    rubric: &Rubric,
    assessment: &Assessment,
    chosen: &BTreeSet<usize>,
) -> BTreeMap<usize, Vec<String>> {
    let index = |id: &str| rubric.actions.iter().position(|a| a.id == id);
    let done = |id: &str| {
        assessment
            .plans
            .get(id)
            .is_some_and(|p| p.status == Some(ActionStatus::Done))
    };
    let mut added: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut queue: Vec<usize> = chosen.iter().copied().collect();
    while let Some(i) = queue.pop() {
        let action = &rubric.actions[i];
        for dep in &action.after {
            let Some(j) = index(dep) else { continue };
            if chosen.contains(&j) || done(dep) {
                continue;
            }
            let needs = added.entry(j).or_default();
            if needs.is_empty() {
                queue.push(j);
            }
            if !needs.contains(&action.id) {
                needs.push(action.id.clone());
            }
        }
    }
    for needs in added.values_mut() {
        needs.sort();
    }
    added
}

/// Steps between the stage an action leads into and the stage its pillar
/// (or, cross-cutting, the organisation) would reach next; leading pillars
/// of an imbalance wait one phase.
fn own_phase(
    a: &Action,
    pillars: &[PillarScore],
    overall: &Overall,
    imbalance: &Imbalance,
) -> Phase {
    let (reached, leader) = match &a.pillar {
        Some(id) => match pillars.iter().find(|p| p.id == *id) {
            Some(p) => (
                p.reached,
                imbalance.flagged && imbalance.highest.contains(id),
            ),
            None => (0, false),
        },
        None => (overall.reached, false),
    };
    Phase::of_steps(a.to_index.saturating_sub(reached) + usize::from(leader))
}

/// An action's rank: phase, then quick wins first, then the stage the
/// action leads into, then declaration order.
type Rank = (Phase, bool, usize, usize);

fn own_rank(a: &Action, declared: usize, phase: Phase) -> Rank {
    (
        phase,
        Quadrant::of(a.impact, a.effort) != Quadrant::QuickWin,
        a.to_index,
        declared,
    )
}

/// `i` waits for `j`: `j` is among `i`'s direct prerequisites.
fn waits_for(rubric: &Rubric, i: usize, j: usize) -> bool {
    rubric.actions[i].after.contains(&rubric.actions[j].id)
}

/// Each action's effective rank: its own, or that of the highest-ranked
/// action on the roadmap that (transitively) needs it, whichever is higher.
fn effective_ranks(
    rubric: &Rubric,
    on: &[usize],
    phase: &dyn Fn(usize) -> Phase,
) -> BTreeMap<usize, Rank> {
    let mut rank: BTreeMap<usize, Rank> = on
        .iter()
        .map(|&i| (i, own_rank(&rubric.actions[i], i, phase(i))))
        .collect();
    // Each pass moves a rank one prerequisite further down a chain; chains
    // are at most `on.len()` long (the compiler rejects cycles).
    for _ in 0..on.len() {
        let mut changed = false;
        for &i in on {
            for &j in on {
                if waits_for(rubric, i, j) && rank[&i] < rank[&j] {
                    rank.insert(j, rank[&i]);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    rank
}

/// Stable topological order by effective rank (then declaration order):
/// repeatedly take the best-ranked action whose prerequisites on the
/// roadmap are already placed.
fn order(rubric: &Rubric, on: &[usize], rank: &BTreeMap<usize, Rank>) -> Vec<usize> {
    let mut pending: Vec<usize> = on.to_vec();
    pending.sort_by_key(|&i| (rank[&i], i));
    pending.dedup();
    let mut placed: Vec<usize> = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|&i| !pending.iter().any(|&j| j != i && waits_for(rubric, i, j)));
        // The rubric compiler rejects cycles; should one slip through, keep
        // the rank order rather than loop.
        placed.push(pending.remove(ready.unwrap_or(0)));
    }
    placed
}

/// Due before the assessment date and still open. ISO dates compare as
/// text; a due date that is not ISO is never called overdue.
fn is_overdue(item: &RoadmapItem, today: Option<&str>) -> bool {
    let open = !matches!(
        item.status,
        Some(ActionStatus::Done | ActionStatus::Dropped)
    );
    match (item.due.as_deref(), today) {
        (Some(due), Some(today)) => open && iso_date(due) && iso_date(today) && due < today,
        _ => false,
    }
}

fn iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn item(a: &Action, assessment: &Assessment, required_by: Vec<String>) -> RoadmapItem {
    let plan = assessment.plans.get(&a.id).cloned().unwrap_or_default();
    let closed = matches!(
        plan.status,
        Some(ActionStatus::Done | ActionStatus::Dropped)
    );
    RoadmapItem {
        action: a.id.clone(),
        title: a.title.clone(),
        pillar: a.pillar.clone(),
        area: a.area.clone(),
        from: a.from.clone(),
        to: a.to.clone(),
        impact: a.impact,
        effort: a.effort,
        quadrant: Quadrant::of(a.impact, a.effort),
        phase: Phase::Now,
        overdue: false,
        unowned: plan.owner.is_none() && !closed,
        owner: plan.owner,
        due: plan.due,
        status: plan.status,
        after: a.after.clone(),
        required_by,
        serves: a.serves.clone(),
    }
}

/// Steps between a pillar's stage and its target with no action of that
/// pillar in the rubric.
fn uncovered(rubric: &Rubric, pillars: &[PillarScore]) -> Vec<UncoveredStep> {
    let mut out = Vec::new();
    for p in pillars {
        for k in p.reached..=p.target.index {
            let covered = rubric
                .actions
                .iter()
                .any(|a| a.pillar.as_deref() == Some(p.id.as_str()) && a.to_index == k);
            if covered || k >= rubric.stages.len() {
                continue;
            }
            out.push(UncoveredStep {
                pillar: p.id.clone(),
                from: k.checked_sub(1).map(|f| rubric.stages[f].id.clone()),
                to: rubric.stages[k].id.clone(),
            });
        }
    }
    out
}
