//! An imported respondent → answer-file TOML, the format `rubricate init`
//! writes and `assessment::load` reads. Levels are written as numbers
//! (with the label as a comment), so the files keep working if a label is
//! reworded; answers and plans follow the rubric's order, so the same
//! input always gives the same bytes.

use std::fmt::Write as _;

use super::Imported;
use super::cells::number;
use crate::assessment::load::{NOT_APPLICABLE, major_version, status_name};
use crate::assessment::{ActionPlan, Answer, AnswerValue};
use crate::model::Rubric;

/// The answer file of `imported`.
pub fn text(rubric: &Rubric, imported: &Imported) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Answers of {}, imported by `rubricate import` from {}.",
        one_line(&imported.name),
        one_line(&imported.source)
    );
    out.push_str("# An ordinary answer file: edit it like one written by `rubricate init`.\n\n");
    let requirement = match rubric.version.as_deref().and_then(major_version) {
        Some(major) => format!("{}@{major}", rubric.id),
        None => rubric.id.clone(),
    };
    let _ = writeln!(out, "rubric = {}", quote(&requirement));
    let organization = imported.organization.as_deref().unwrap_or_default();
    let _ = writeln!(out, "\n[organization]\nname = {}", quote(organization));
    respondent(&mut out, imported);
    answers(&mut out, rubric, imported);
    actions(&mut out, rubric, imported);
    out
}

fn respondent(out: &mut String, imported: &Imported) {
    let _ = writeln!(out, "\n[respondent]\nname = {}", quote(&imported.name));
    if let Some(role) = &imported.role {
        let _ = writeln!(out, "role = {}", quote(role));
    }
    if let Some(date) = &imported.date {
        // Checked as YYYY-MM-DD when read: a TOML date as it stands.
        let _ = writeln!(out, "date = {date}");
    }
    if !imported.targets.is_empty() {
        out.push_str("\n[respondent.target]\n");
        for (pillar, stage) in &imported.targets {
            let _ = writeln!(out, "{} = {}", quote(pillar), quote(stage));
        }
    }
}

fn answers(out: &mut String, rubric: &Rubric, imported: &Imported) {
    out.push_str("\n[answers]\n");
    for pillar in &rubric.pillars {
        let answered: Vec<(&str, &Answer)> = pillar
            .indicators
            .iter()
            .filter_map(|i| imported.answers.get(&i.id).map(|a| (i.id.as_str(), a)))
            .collect();
        if answered.is_empty() {
            continue;
        }
        let _ = writeln!(out, "# {}", one_line(&pillar.name));
        for (id, answer) in answered {
            let label = rubric.indicator(id).and_then(|i| match answer.value {
                AnswerValue::Level(v) => rubric.scale_of(i).level(v).map(|l| l.label.as_str()),
                AnswerValue::NotApplicable => None,
            });
            let comment = label
                .map(|l| format!("  # {}", one_line(l)))
                .unwrap_or_default();
            let _ = writeln!(out, "{} = {}{comment}", quote(id), answer_value(answer));
        }
    }
}

/// `2`, or `{ level = 2, note = "…", evidence = ["…"] }`.
fn answer_value(answer: &Answer) -> String {
    let level = match answer.value {
        AnswerValue::Level(v) => number(v),
        AnswerValue::NotApplicable => quote(NOT_APPLICABLE),
    };
    if answer.note.is_none() && answer.evidence.is_empty() {
        return level;
    }
    let mut parts = vec![format!("level = {level}")];
    if let Some(note) = &answer.note {
        parts.push(format!("note = {}", quote(note)));
    }
    if !answer.evidence.is_empty() {
        let items: Vec<String> = answer.evidence.iter().map(|e| quote(e)).collect();
        parts.push(format!("evidence = [{}]", items.join(", ")));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn actions(out: &mut String, rubric: &Rubric, imported: &Imported) {
    let planned: Vec<(&str, &ActionPlan)> = rubric
        .actions
        .iter()
        .filter_map(|a| imported.plans.get(&a.id).map(|p| (a.id.as_str(), p)))
        .collect();
    if planned.is_empty() {
        return;
    }
    out.push_str("\n[actions]\n");
    for (id, plan) in planned {
        let mut parts = Vec::new();
        if let Some(owner) = &plan.owner {
            parts.push(format!("owner = {}", quote(owner)));
        }
        if let Some(due) = &plan.due {
            parts.push(format!("due = {due}"));
        }
        if let Some(status) = plan.status {
            parts.push(format!("status = {}", quote(status_name(status))));
        }
        let _ = writeln!(out, "{} = {{ {} }}", quote(id), parts.join(", "));
    }
}

/// A TOML basic string. Every control character is escaped (TOML forbids
/// them raw, DEL included, which JSON escaping would leave as it is).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text safe inside a `#` comment: one line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_everything_toml_forbids() {
        let tricky = "a\"b\\c\nd\u{7f}e\u{1}f";
        let quoted = quote(tricky);
        assert_eq!(quoted, "\"a\\\"b\\\\c\\nd\\u007Fe\\u0001f\"");
        let parsed: toml::Table = toml::from_str(&format!("x = {quoted}")).unwrap();
        assert_eq!(parsed["x"].as_str(), Some(tricky));
    }
}
