//! What changed between two assessments of one organisation: stages and
//! positions (overall and per pillar), gaps opened and closed, every
//! respondent's changed answers, and the roadmap's changed actions. Both
//! sides are scored by the same rubric and rules (`scoring`), so a change
//! here is a change in the answers, never in the arithmetic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

use crate::assessment::{AnswerValue, Assessment};
use crate::model::Rubric;
use crate::scoring::format::{number, position_delta, position_label};
use crate::scoring::{self, RoadmapItem, Scorecard, StageRef};

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub schema_version: u32,
    pub before: Side,
    pub after: Side,
    pub overall: Move,
    pub pillars: Vec<PillarDiff>,
    pub answers: Vec<AnswerChange>,
    pub roadmap: Vec<ActionChange>,
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// `v2026-q2`, a folder, or the files given.
    pub label: String,
    pub date: Option<String>,
    pub respondents: usize,
}

/// A stage and position before and after.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    pub from: Option<StageRef>,
    pub to: Option<StageRef>,
    pub from_position: f64,
    pub to_position: f64,
    pub delta: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarDiff {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub movement: Move,
    /// Gaps (indicators not fully in place up to the target) no longer there.
    pub gaps_closed: Vec<String>,
    pub gaps_opened: Vec<String>,
}

/// One respondent's answer to one indicator, before and after (`None`:
/// not answered; `"n/a"`; else the level and its label).
#[derive(Debug, Clone, Serialize)]
pub struct AnswerChange {
    pub respondent: String,
    pub indicator: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// An action's plan before and after.
#[derive(Debug, Clone, Serialize)]
pub struct ActionChange {
    pub action: String,
    pub title: String,
    /// `added`, `removed` (from the roadmap) or `changed`.
    pub change: &'static str,
    pub from: Option<Plan>,
    pub to: Option<Plan>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub status: String,
    pub owner: Option<String>,
    pub due: Option<String>,
}

/// Compares `before` with `after` under `rubric`.
pub fn diff(rubric: &Rubric, before: (&Assessment, &str), after: (&Assessment, &str)) -> Diff {
    let old = scoring::score(rubric, before.0, None);
    let new = scoring::score(rubric, after.0, None);
    Diff {
        schema_version: 1,
        before: side(&old, before.1),
        after: side(&new, after.1),
        overall: movement(
            &old.overall.stage,
            &new.overall.stage,
            old.overall.position,
            new.overall.position,
        ),
        pillars: old
            .pillars
            .iter()
            .zip(&new.pillars)
            .map(|(o, n)| {
                let gaps = |p: &scoring::PillarScore| -> BTreeSet<String> {
                    p.gaps.iter().map(|g| g.indicator.clone()).collect()
                };
                let (was, is) = (gaps(o), gaps(n));
                PillarDiff {
                    id: n.id.clone(),
                    name: n.name.clone(),
                    movement: movement(&o.stage, &n.stage, o.position, n.position),
                    gaps_closed: was.difference(&is).cloned().collect(),
                    gaps_opened: is.difference(&was).cloned().collect(),
                }
            })
            .collect(),
        answers: answers(rubric, before.0, after.0),
        roadmap: roadmap(&old.roadmap, &new.roadmap),
    }
}

fn side(card: &Scorecard, label: &str) -> Side {
    Side {
        label: label.to_string(),
        date: card.date().map(str::to_string),
        respondents: card.respondents.len(),
    }
}

fn movement(from: &Option<StageRef>, to: &Option<StageRef>, a: f64, b: f64) -> Move {
    Move {
        from: from.clone(),
        to: to.clone(),
        from_position: a,
        to_position: b,
        delta: b - a,
    }
}

/// Answers that changed, respondents matched by name, in rubric order.
fn answers(rubric: &Rubric, before: &Assessment, after: &Assessment) -> Vec<AnswerChange> {
    let show = |id: &str, v: &AnswerValue| match v {
        AnswerValue::NotApplicable => "n/a".to_string(),
        AnswerValue::Level(l) => {
            let label = rubric
                .indicator(id)
                .and_then(|i| rubric.scale_of(i).level(*l))
                .map(|lv| format!(" {}", lv.label))
                .unwrap_or_default();
            format!("{}{label}", number(*l))
        }
    };
    let by_name = |a: &Assessment| -> BTreeMap<String, BTreeMap<String, String>> {
        a.respondents
            .iter()
            .map(|r| {
                let answers = r
                    .answers
                    .iter()
                    .map(|(id, ans)| (id.clone(), show(id, &ans.value)))
                    .collect();
                (r.name.clone(), answers)
            })
            .collect()
    };
    let (old, new) = (by_name(before), by_name(after));
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let empty = BTreeMap::new();
    let mut out = Vec::new();
    for id in rubric.indicator_ids() {
        for name in &names {
            let from = old.get(*name).unwrap_or(&empty).get(id);
            let to = new.get(*name).unwrap_or(&empty).get(id);
            if from != to {
                out.push(AnswerChange {
                    respondent: (*name).clone(),
                    indicator: id.to_string(),
                    from: from.cloned(),
                    to: to.cloned(),
                });
            }
        }
    }
    out
}

fn plan(item: &RoadmapItem) -> Plan {
    Plan {
        status: item
            .status
            .map_or("planned", crate::assessment::load::status_name)
            .to_string(),
        owner: item.owner.clone(),
        due: item.due.clone(),
    }
}

/// Actions added to, removed from or changed on the roadmap, in the new
/// roadmap's order, then the removed ones in the old order.
fn roadmap(old: &[RoadmapItem], new: &[RoadmapItem]) -> Vec<ActionChange> {
    let mut out = Vec::new();
    for item in new {
        match old.iter().find(|o| o.action == item.action) {
            None => out.push(ActionChange {
                action: item.action.clone(),
                title: item.title.clone(),
                change: "added",
                from: None,
                to: Some(plan(item)),
            }),
            Some(o) if plan(o) != plan(item) => out.push(ActionChange {
                action: item.action.clone(),
                title: item.title.clone(),
                change: "changed",
                from: Some(plan(o)),
                to: Some(plan(item)),
            }),
            Some(_) => {}
        }
    }
    for o in old
        .iter()
        .filter(|o| !new.iter().any(|n| n.action == o.action))
    {
        out.push(ActionChange {
            action: o.action.clone(),
            title: o.title.clone(),
            change: "removed",
            from: Some(plan(o)),
            to: None,
        });
    }
    out
}

fn stage_name(s: &Option<StageRef>) -> &str {
    s.as_ref().map_or("no stage", |s| s.name.as_str())
}

fn plan_text(p: &Option<Plan>) -> String {
    match p {
        None => "–".to_string(),
        Some(p) => format!(
            "{}, owner {}, due {}",
            p.status,
            p.owner.as_deref().unwrap_or("none"),
            p.due.as_deref().unwrap_or("none")
        ),
    }
}

/// Plain text for a terminal.
pub fn text(d: &Diff, stages: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}", d.before.label, d.after.label);
    let m = &d.overall;
    let _ = writeln!(
        out,
        "Overall: {} ({}) → {} ({}), {}",
        stage_name(&m.from),
        position_label(m.from_position, stages),
        stage_name(&m.to),
        position_label(m.to_position, stages),
        position_delta(m.delta)
    );
    for p in &d.pillars {
        let m = &p.movement;
        let _ = writeln!(
            out,
            "  {}: {} → {} ({}){}{}",
            p.name,
            stage_name(&m.from),
            stage_name(&m.to),
            position_delta(m.delta),
            list("; gaps closed: ", &p.gaps_closed),
            list("; gaps opened: ", &p.gaps_opened),
        );
    }
    let _ = writeln!(out, "\nAnswers changed: {}", d.answers.len());
    for a in &d.answers {
        let _ = writeln!(
            out,
            "  {} · {}: {} → {}",
            a.respondent,
            a.indicator,
            a.from.as_deref().unwrap_or("unanswered"),
            a.to.as_deref().unwrap_or("unanswered")
        );
    }
    let _ = writeln!(out, "\nRoadmap changes: {}", d.roadmap.len());
    for r in &d.roadmap {
        let _ = writeln!(
            out,
            "  {} {}: {} → {}",
            r.change,
            r.action,
            plan_text(&r.from),
            plan_text(&r.to)
        );
    }
    out
}

fn list(lead: &str, items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!("{lead}{}", items.join(", "))
    }
}

/// Markdown for a pull-request comment.
pub fn markdown(d: &Diff, stages: usize) -> String {
    let cell = |s: &str| s.replace('|', "/").replace(['\n', '\r'], " ");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Assessment changes: `{}` → `{}`\n",
        cell(&d.before.label),
        cell(&d.after.label)
    );
    let _ = writeln!(out, "| | Before | After | Change |\n|---|---|---|---|");
    let row = |name: &str, m: &Move| {
        format!(
            "| {} | {} ({}) | {} ({}) | {} |\n",
            cell(name),
            cell(stage_name(&m.from)),
            position_label(m.from_position, stages),
            cell(stage_name(&m.to)),
            position_label(m.to_position, stages),
            position_delta(m.delta)
        )
    };
    out.push_str(&row("**Overall**", &d.overall));
    for p in &d.pillars {
        out.push_str(&row(&p.name, &p.movement));
    }
    let closed: usize = d.pillars.iter().map(|p| p.gaps_closed.len()).sum();
    let opened: usize = d.pillars.iter().map(|p| p.gaps_opened.len()).sum();
    let _ = writeln!(
        out,
        "\n{closed} gaps closed, {opened} opened; {} answers changed; {} roadmap changes.",
        d.answers.len(),
        d.roadmap.len()
    );
    if !d.answers.is_empty() {
        out.push_str("\n<details><summary>Answers</summary>\n\n| Respondent | Indicator | Before | After |\n|---|---|---|---|\n");
        for a in &d.answers {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                cell(&a.respondent),
                cell(&a.indicator),
                cell(a.from.as_deref().unwrap_or("–")),
                cell(a.to.as_deref().unwrap_or("–"))
            );
        }
        out.push_str("\n</details>\n");
    }
    if !d.roadmap.is_empty() {
        out.push_str("\n| Action | Change | Before | After |\n|---|---|---|---|\n");
        for r in &d.roadmap {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&r.title),
                r.change,
                cell(&plan_text(&r.from)),
                cell(&plan_text(&r.to))
            );
        }
    }
    out
}
