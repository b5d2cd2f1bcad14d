//! Merging what several respondents said about targets and action plans
//! into one [`Assessment`](crate::assessment::Assessment) view. Disagreement
//! is normal in a self-assessment, so it is a warning, never an error, and
//! the choice made is deterministic and stated:
//!
//! - target stage per pillar: the HIGHEST stage any respondent wants (a
//!   target is an ambition; the roadmap should cover the most ambitious
//!   one), one warning per disagreement naming every side;
//! - action plan fields (owner, due, status): each field separately, the
//!   value from the most recently dated respondent (undated ones count as
//!   oldest); between equally recent answers, the smallest value: the
//!   earliest due date, the alphabetically first owner, the least advanced
//!   status. File names and command-line order never matter. A warning
//!   names every side (`scoring::words::PLANS` states the rule for readers).

use std::collections::{BTreeMap, BTreeSet};

use super::respondent::{Located, RespondentFile};
use crate::assessment::{ActionPlan, ActionStatus};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Rubric;
use crate::source::Span;

/// Who said something, for labels: the name, or the file if unnamed.
pub(super) fn who(file: &RespondentFile) -> &str {
    if file.respondent.name.is_empty() {
        &file.respondent.file
    } else {
        &file.respondent.name
    }
}

/// One respondent's target for a pillar: (file index, stage index, span).
type TargetEntry = (usize, usize, Span);

/// Target stage per pillar id; pillars nobody set a target for are left
/// out (scoring defaults them to the next stage).
pub(super) fn targets(
    rubric: &Rubric,
    files: &[RespondentFile],
    diags: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    // Identical disagreements (one `target = "…"` default each, say) are
    // reported once for all the pillars they affect.
    let mut disagreements: Vec<(Vec<TargetEntry>, Vec<&str>)> = Vec::new();
    for pillar in &rubric.pillars {
        let entries: Vec<TargetEntry> = files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.targets.get(&pillar.id).map(|t| (i, t.value, t.span)))
            .collect();
        let Some(highest) = entries.iter().map(|e| e.1).max() else {
            continue;
        };
        if let Some(stage) = rubric.stages.get(highest) {
            out.insert(pillar.id.clone(), stage.id.clone());
        }
        if entries.iter().all(|e| e.1 == highest) {
            continue;
        }
        match disagreements.iter_mut().find(|(e, _)| *e == entries) {
            Some((_, pillars)) => pillars.push(&pillar.id),
            None => disagreements.push((entries, vec![&pillar.id])),
        }
    }
    for (entries, pillars) in disagreements {
        diags.push(target_warning(rubric, files, &entries, &pillars));
    }
    out
}

fn target_warning(
    rubric: &Rubric,
    files: &[RespondentFile],
    entries: &[TargetEntry],
    pillars: &[&str],
) -> Diagnostic {
    let stage_id = |i: usize| rubric.stages.get(i).map_or("?", |s| s.id.as_str());
    let highest = entries.iter().map(|e| e.1).max().unwrap_or(0);
    // "`strategic` (Sam) or `defined` (Dana, Lee)", highest first.
    let mut stages: Vec<usize> = entries.iter().map(|e| e.1).collect();
    stages.sort_unstable_by(|a, b| b.cmp(a));
    stages.dedup();
    let sides: Vec<String> = stages
        .iter()
        .map(|&s| {
            let names: Vec<&str> = entries
                .iter()
                .filter(|e| e.1 == s)
                .map(|e| who(&files[e.0]))
                .collect();
            format!("`{}` ({})", stage_id(s), names.join(", "))
        })
        .collect();
    let pillar_list: Vec<String> = pillars.iter().map(|p| format!("`{p}`")).collect();
    let mut d = Diagnostic::warning(
        "W0201",
        format!(
            "respondents disagree on the target for {}: {}",
            pillar_list.join(", "),
            sides.join(" or ")
        ),
    );
    for e in entries.iter().filter(|e| e.1 != highest) {
        d = d.with_primary(
            e.2,
            format!("{} wants `{}`: overruled", who(&files[e.0]), stage_id(e.1)),
        );
    }
    if let Some(chosen) = entries.iter().find(|e| e.1 == highest) {
        d = d.with_secondary(
            chosen.2,
            format!(
                "{} wants `{}`: the highest, used",
                who(&files[chosen.0]),
                stage_id(highest)
            ),
        );
    }
    d.with_help(
        "the highest target is used; agree on one and write it in every file, or in one file only",
    )
}

/// Roadmap plans per action id, merged field by field.
pub(super) fn plans(
    files: &[RespondentFile],
    diags: &mut Diagnostics,
) -> BTreeMap<String, ActionPlan> {
    let ids: BTreeSet<&String> = files.iter().flat_map(|f| f.plans.keys()).collect();
    let mut out = BTreeMap::new();
    for id in ids {
        let entries: Vec<(usize, &super::respondent::PlanEntry)> = files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.plans.get(id).map(|p| (i, p)))
            .collect();
        let owner = pick(
            files,
            id,
            ("owner", "first in alphabetical order"),
            entries.iter().map(|(i, p)| (*i, p.owner.as_ref())),
            |s| s.clone(),
            diags,
        );
        let due = pick(
            files,
            id,
            ("due date", "the earliest"),
            entries.iter().map(|(i, p)| (*i, p.due.as_ref())),
            |s| s.clone(),
            diags,
        );
        let status = pick(
            files,
            id,
            ("status", "the least advanced"),
            entries.iter().map(|(i, p)| (*i, p.status.as_ref())),
            |s| status_name(*s).to_string(),
            diags,
        );
        out.insert(id.clone(), ActionPlan { owner, due, status });
    }
    out
}

/// The value chosen by the plan rule (latest respondent date, then the
/// smallest value); a warning labels the others that differ.
fn pick<'a, T: Ord + Clone + 'a>(
    files: &[RespondentFile],
    action: &str,
    (field, tie): (&str, &str),
    values: impl Iterator<Item = (usize, Option<&'a Located<T>>)>,
    show: impl Fn(&T) -> String,
    diags: &mut Diagnostics,
) -> Option<T> {
    let given: Vec<(usize, &Located<T>)> = values.filter_map(|(i, v)| v.map(|v| (i, v))).collect();
    let date = |i: usize| files[i].respondent.date.as_deref();
    let &(chosen_file, chosen) = given.iter().min_by(|(i, a), (j, b)| {
        // Latest date first (None sorts lowest, so compare reversed), then
        // the smallest value.
        date(*j).cmp(&date(*i)).then_with(|| a.value.cmp(&b.value))
    })?;
    let differing: Vec<&(usize, &Located<T>)> = given
        .iter()
        .filter(|(_, v)| v.value != chosen.value)
        .collect();
    if !differing.is_empty() {
        let mut sides = vec![format!(
            "`{}` ({})",
            show(&chosen.value),
            who(&files[chosen_file])
        )];
        sides.extend(
            differing
                .iter()
                .map(|(i, v)| format!("`{}` ({})", show(&v.value), who(&files[*i]))),
        );
        let mut d = Diagnostic::warning(
            "W0202",
            format!(
                "respondents disagree on the {field} of action `{action}`: {}",
                sides.join(" or ")
            ),
        );
        for (i, v) in &differing {
            d = d.with_primary(
                v.span,
                format!("{} says `{}`: not used", who(&files[*i]), show(&v.value)),
            );
        }
        let latest = differing.iter().all(|(i, _)| date(*i) < date(chosen_file));
        let why = if latest {
            "the most recent answers".to_string()
        } else {
            format!("answered as recently as the others, and {tie}")
        };
        diags.push(
            d.with_secondary(
                chosen.span,
                format!(
                    "{} says `{}`: used, {why}",
                    who(&files[chosen_file]),
                    show(&chosen.value)
                ),
            )
            .with_help(
                "the most recently dated answer is used, and between equally recent ones the smallest value; write the plan in one file only, or the same way in every file",
            ),
        );
    }
    Some(chosen.value.clone())
}

/// The status as written in answer files.
pub(crate) fn status_name(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Planned => "planned",
        ActionStatus::InProgress => "in-progress",
        ActionStatus::Done => "done",
        ActionStatus::Dropped => "dropped",
    }
}
