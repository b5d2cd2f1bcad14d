//! The roadmap: advancement actions from each pillar's current stage up to
//! its target (cross-cutting ones from the overall stage up to the highest
//! target), quick wins first, then by transition and declaration order,
//! never before an action they depend on.

use super::{Overall, PillarScore, Quadrant, RoadmapItem};
use crate::assessment::{ActionStatus, Assessment};
use crate::model::{Action, Rubric};

pub(super) fn build(
    rubric: &Rubric,
    assessment: &Assessment,
    pillars: &[PillarScore],
    overall: &Overall,
) -> Vec<RoadmapItem> {
    let top_target = pillars.iter().map(|p| p.target.index).max().unwrap_or(0);
    let cross_end = top_target.max(overall.stage.index + 1);
    let mut chosen: Vec<(usize, &Action)> = rubric
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| match &a.pillar {
            Some(p) => pillars
                .iter()
                .find(|s| s.id == *p)
                .is_some_and(|s| a.from_index >= s.stage.index && a.from_index < s.target.index),
            None => a.from_index >= overall.stage.index && a.from_index < cross_end,
        })
        .collect();
    chosen.sort_by_key(|(decl, a)| (Quadrant::of(a.impact, a.effort), a.from_index, *decl));
    order_by_dependencies(chosen)
        .into_iter()
        .map(|a| item(a, assessment))
        .collect()
}

/// Stable topological order: repeatedly take the first action whose
/// dependencies on the roadmap are already placed.
fn order_by_dependencies(mut pending: Vec<(usize, &Action)>) -> Vec<&Action> {
    let mut placed: Vec<&Action> = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let ready = pending.iter().position(|(_, a)| {
            a.after.iter().all(|dep| {
                placed.iter().any(|p| p.id == *dep) || !pending.iter().any(|(_, q)| q.id == *dep)
            })
        });
        // The rubric compiler rejects cycles; should one slip through, keep
        // the priority order rather than loop.
        let (_, next) = pending.remove(ready.unwrap_or(0));
        placed.push(next);
    }
    placed
}

fn item(a: &Action, assessment: &Assessment) -> RoadmapItem {
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
        unowned: plan.owner.is_none() && !closed,
        owner: plan.owner,
        due: plan.due,
        status: plan.status,
        after: a.after.clone(),
        serves: a.serves.clone(),
    }
}
