//! What the form's script needs to write an answer file, embedded in the
//! page as JSON: the levels of each scale as TOML literals, the statements
//! in page order, and `init`'s template cut into text and slots.
//!
//! The answer file a respondent downloads is `init`'s template with slots
//! filled, so it has the same comments, grouping and order as every
//! hand-filled file and git diffs between them stay small. Cutting the
//! template here (rather than writing a second generator in JavaScript)
//! keeps one source for the layout: an empty form yields exactly what
//! `rubricate init` writes.

use serde::Serialize;

use super::super::Prefill;
use crate::assessment::template;
use crate::model::{NotApplicablePolicy, Rubric};

/// Everything the script reads, serialised once per page.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormData<'a> {
    /// `localStorage` key for this rubric, version and prefill.
    pub storage_key: String,
    /// `forbidden`, `allowed` or `justified`, as the rubric says.
    pub not_applicable: &'static str,
    pub scales: Vec<ScaleData>,
    /// Every statement in page order; the page numbers them from 0.
    pub indicators: Vec<IndicatorData<'a>>,
    pub pillars: Vec<PillarData<'a>>,
    pub template: Vec<Part>,
}

#[derive(Debug, Serialize)]
pub struct ScaleData {
    pub levels: Vec<LevelData>,
}

#[derive(Debug, Serialize)]
pub struct LevelData {
    /// The level as a TOML number (`2`, `2.5`): also the radio's value.
    pub value: String,
    /// The label on one line, for the `# Label` comment after an answer.
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct IndicatorData<'a> {
    pub id: &'a str,
    /// Index into `FormData::pillars`.
    pub pillar: usize,
    /// Index into `FormData::scales`.
    pub scale: usize,
}

#[derive(Debug, Serialize)]
pub struct PillarData<'a> {
    pub id: &'a str,
    /// The pillar id as a TOML key of `[respondent.target]`.
    pub key: String,
}

/// A piece of the answer file: fixed text, or a slot the script fills.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Part {
    Text(String),
    Slot(Slot),
}

/// A slot's `text` is what the template has there; the script writes it
/// unchanged while the respondent has not filled the slot, so an empty
/// form gives back the template itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot {
    /// `organization`, `name`, `role`, `date`, `targets` or `answer`.
    pub slot: &'static str,
    pub text: String,
    /// For one-value slots: the line around the quoted value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// For answers: the indicator id, and its key as the template wrote it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// The data for `rubric`'s form, or why `init`'s template could not be
/// cut into slots (a change there that this module has not followed).
pub fn form_data<'a>(rubric: &'a Rubric, prefill: &Prefill) -> Result<FormData<'a>, String> {
    let mut indicators = Vec::new();
    for (p, pillar) in rubric.pillars.iter().enumerate() {
        for indicator in super::in_page_order(rubric, pillar) {
            let scale = rubric
                .scales
                .iter()
                .position(|s| s.id == indicator.scale)
                .unwrap_or(0);
            indicators.push(IndicatorData {
                id: &indicator.id,
                pillar: p,
                scale,
            });
        }
    }
    Ok(FormData {
        storage_key: storage_key(rubric, prefill),
        not_applicable: policy_name(rubric.scoring.not_applicable),
        scales: rubric
            .scales
            .iter()
            .map(|s| ScaleData {
                levels: s
                    .levels
                    .iter()
                    .map(|l| LevelData {
                        value: number(l.value),
                        label: one_line(&l.label),
                    })
                    .collect(),
            })
            .collect(),
        indicators,
        pillars: rubric
            .pillars
            .iter()
            .map(|p| PillarData {
                id: &p.id,
                key: toml_key(&p.id),
            })
            .collect(),
        template: parts(&template(rubric), rubric)?,
    })
}

/// Answers are kept per rubric, version and prefilled names, so two
/// forms opened on one computer (a consultant trying them out) never
/// restore each other's answers.
fn storage_key(rubric: &Rubric, prefill: &Prefill) -> String {
    let key = serde_json::json!([
        rubric.id,
        rubric.version,
        prefill.organization,
        prefill.respondent
    ]);
    format!("rubricate-form:{key}")
}

fn policy_name(policy: NotApplicablePolicy) -> &'static str {
    match policy {
        NotApplicablePolicy::Forbidden => "forbidden",
        NotApplicablePolicy::Allowed => "allowed",
        NotApplicablePolicy::Justified => "justified",
    }
}

/// A level value as TOML writes it: integers without a fraction.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A bare key when TOML allows one, else a quoted one (rubric ids are
/// ASCII identifiers, so JSON's quoting, valid TOML for them, suffices).
fn toml_key(id: &str) -> String {
    let bare = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        id.to_string()
    } else {
        serde_json::Value::from(id).to_string()
    }
}

/// Text safe inside a `#` comment: one line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Which slot a template line is, if any, given the table it is in.
enum Line {
    Text,
    /// A one-value line: slot name and the length of what precedes the value.
    Value(&'static str, usize),
    TargetsStart,
    Answer(String, String),
}

/// `init`'s template cut into text and slots. Every slot must be found
/// exactly once, every indicator's answer line too.
pub fn parts(template: &str, rubric: &Rubric) -> Result<Vec<Part>, String> {
    let mut parts: Vec<Part> = Vec::new();
    let mut table = "";
    let mut targets: Option<String> = None;
    for line in template.split_inclusive('\n') {
        if let Some(block) = targets.as_mut() {
            block.push_str(line);
            if line.starts_with("# default = ") {
                let text = targets.take().unwrap_or_default();
                parts.push(Part::Slot(slot("targets", text)));
            }
            continue;
        }
        if line.starts_with('[') {
            table = line.trim_end();
        }
        match classify(table, line, rubric) {
            Line::Text => push_text(&mut parts, line),
            Line::Value(name, at) => {
                let (before, rest) = line.split_at(at);
                let after = rest.split_once("\"\"").map(|(_, a)| a);
                let after = match (name, after) {
                    ("organization" | "name", _) => "\n",
                    (_, Some(after)) => after,
                    (_, None) => return Err(format!("the `{name}` line has no \"\"")),
                };
                parts.push(Part::Slot(Slot {
                    before: Some(before.to_string()),
                    after: Some(after.to_string()),
                    ..slot(name, line.to_string())
                }));
            }
            Line::TargetsStart => targets = Some(line.to_string()),
            Line::Answer(id, key) => parts.push(Part::Slot(Slot {
                id: Some(id),
                key: Some(key),
                ..slot("answer", line.to_string())
            })),
        }
    }
    check_slots(&parts, rubric)?;
    Ok(parts)
}

fn classify(table: &str, line: &str, rubric: &Rubric) -> Line {
    let bare = line.trim_end_matches('\n');
    match table {
        "[organization]" if bare == "name = \"Your organisation\"" => {
            Line::Value("organization", "name = ".len())
        }
        "[respondent]" if bare == "name = \"Your name\"" => Line::Value("name", "name = ".len()),
        "[respondent]" if bare.starts_with("role = \"\"") => Line::Value("role", "role = ".len()),
        "[respondent]" if bare.starts_with("date = \"\"") => Line::Value("date", "date = ".len()),
        "[respondent]" if bare == "# [respondent.target]" => Line::TargetsStart,
        "[answers]" => answer_line(bare, rubric),
        _ => Line::Text,
    }
}

/// `# "<id>" = ?` for an indicator of the rubric.
fn answer_line(bare: &str, rubric: &Rubric) -> Line {
    let Some(key) = bare
        .strip_prefix("# ")
        .and_then(|rest| rest.strip_suffix(" = ?"))
    else {
        return Line::Text;
    };
    match serde_json::from_str::<String>(key) {
        Ok(id) if rubric.indicator(&id).is_some() => Line::Answer(id, key.to_string()),
        _ => Line::Text,
    }
}

fn slot(name: &'static str, text: String) -> Slot {
    Slot {
        slot: name,
        text,
        before: None,
        after: None,
        id: None,
        key: None,
    }
}

fn push_text(parts: &mut Vec<Part>, line: &str) {
    if let Some(Part::Text(text)) = parts.last_mut() {
        text.push_str(line);
    } else {
        parts.push(Part::Text(line.to_string()));
    }
}

fn check_slots(parts: &[Part], rubric: &Rubric) -> Result<(), String> {
    let slots: Vec<&Slot> = parts
        .iter()
        .filter_map(|p| match p {
            Part::Slot(s) => Some(s),
            Part::Text(_) => None,
        })
        .collect();
    for name in ["organization", "name", "role", "date", "targets"] {
        let found = slots.iter().filter(|s| s.slot == name).count();
        if found != 1 {
            return Err(format!("the `{name}` slot appears {found} times"));
        }
    }
    for id in rubric.indicator_ids() {
        let found = slots.iter().filter(|s| s.id.as_deref() == Some(id)).count();
        if found != 1 {
            return Err(format!("the answer line of `{id}` appears {found} times"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ecommerce() -> Rubric {
        let mut sources = crate::source::SourceMap::new();
        crate::model::compile("builtin:ecommerce", &mut sources)
            .rubric
            .expect("bundled rubric compiles")
    }

    /// What the script writes for a form nobody touched.
    fn unfilled(parts: &[Part]) -> String {
        parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.as_str(),
                Part::Slot(s) => s.text.as_str(),
            })
            .collect()
    }

    #[test]
    fn an_empty_form_is_the_init_template() {
        let rubric = ecommerce();
        let text = template(&rubric);
        let parts = parts(&text, &rubric).expect("every slot found");
        assert_eq!(unfilled(&parts), text);
        let answers = parts
            .iter()
            .filter(|p| matches!(p, Part::Slot(s) if s.slot == "answer"))
            .count();
        assert_eq!(answers, rubric.indicator_ids().count());
    }

    #[test]
    fn value_slots_keep_the_rest_of_their_line() {
        let rubric = ecommerce();
        let parts = parts(&template(&rubric), &rubric).unwrap();
        let role = parts
            .iter()
            .find_map(|p| match p {
                Part::Slot(s) if s.slot == "role" => Some(s.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(role.before.as_deref(), Some("role = "));
        assert_eq!(
            role.after.as_deref(),
            Some("  # optional, e.g. \"Head of Operations\"\n")
        );
    }

    #[test]
    fn a_template_without_a_slot_is_refused() {
        let rubric = ecommerce();
        let text = template(&rubric).replace("name = \"Your name\"\n", "");
        let err = parts(&text, &rubric).unwrap_err();
        assert!(err.contains("`name`"), "{err}");
    }

    #[test]
    fn keys_and_numbers() {
        assert_eq!(toml_key("technology"), "technology");
        assert_eq!(toml_key("a.b"), "\"a.b\"");
        assert_eq!(number(2.0), "2");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(-1.0), "-1");
    }
}
