//! A serde-shaped mirror of the answer-file format, for its JSON Schema only.
//!
//! Answer files are read by a spanned tree walker (`assessment::load`), not
//! by serde, so there is no type to derive the schema from. These types
//! restate the format for editors; they are never used to read a file. Three
//! checks keep them honest: `schema::tests` compares every key here with the
//! loader's own key lists, `tests/json_schemas.rs` validates every answer
//! file the loader accepts in the examples and tests (and the `init`
//! template) against the schema, and it checks that structurally broken files
//! are rejected by both.
//!
//! What a schema cannot know is left to `rubricate check`-style diagnostics:
//! indicator, action, pillar and stage ids and level labels depend on the
//! rubric, so they are plain strings here.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::assessment::load::{ANSWER_FIELDS, NOT_APPLICABLE, PLAN_FIELDS, STATUSES};

/// One respondent's answers to a rubric (TOML or JSON). `rubricate init`
/// writes a ready-to-fill one; JSON `null` means "not given".
#[derive(JsonSchema)]
#[schemars(title = "rubricate answer file", deny_unknown_fields)]
#[allow(dead_code)]
pub struct AnswerFile {
    /// The rubric these answers are for: its id, optionally with a version
    /// requirement after `@` (`ecommerce@1` = any 1.x).
    #[schemars(pattern(r"\S"))]
    rubric: String,
    organization: Organization,
    respondent: Respondent,
    /// Indicator id → answer. Ids are `pillar.indicator`; a table of ids
    /// below a pillar (`[answers.operations]`) continues the id.
    answers: Option<BTreeMap<String, Option<AnswerEntry>>>,
    /// Action id → the roadmap plan for it.
    actions: Option<BTreeMap<String, Option<PlanItem>>>,
}

/// The organisation assessed; every respondent's file must name the same.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Organization {
    #[schemars(pattern(r"\S"))]
    name: String,
}

/// Who answered, when, and the stage they want to reach.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Respondent {
    #[schemars(pattern(r"\S"))]
    name: String,
    /// Optional, e.g. "Head of Operations".
    role: Option<String>,
    /// The day the answers were given.
    date: Option<Date>,
    /// The stage to reach: one stage id (or name) for every pillar, or a
    /// table of pillar id → stage with `default` for the pillars not named.
    target: Option<Target>,
}

#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub enum Target {
    Every(String),
    PerPillar(BTreeMap<String, Option<String>>),
}

/// `YYYY-MM-DD`: a TOML date or a string; an empty string is "not given".
pub struct Date;

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "`YYYY-MM-DD`: a TOML date or a string; an empty string is \"not given\".",
            "type": "string",
            "pattern": r"^\s*(\d{4}-\d{2}-\d{2}\s*)?$"
        })
    }
}

/// One indicator's answer, or a group of answers below an id prefix.
pub struct AnswerEntry;

impl JsonSchema for AnswerEntry {
    fn schema_name() -> Cow<'static, str> {
        "AnswerEntry".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let level = generator.subschema_for::<Level>();
        let detailed = generator.subschema_for::<DetailedAnswer>();
        let entry = generator.subschema_for::<Option<AnswerEntry>>();
        json_schema!({
            "description": "A level, or a table with `level`, `note` and `evidence`; or a table of answers whose keys continue the id (a table holding none of those fields).",
            "anyOf": [level, detailed, group(entry, ANSWER_FIELDS)]
        })
    }
}

/// A table of entries whose keys continue the id: any table that holds
/// none of an entry's own fields is read that way.
fn group(entry: Schema, fields: &[&str]) -> Schema {
    json_schema!({
        "type": "object",
        "propertyNames": { "not": { "enum": fields } },
        "additionalProperties": entry
    })
}

/// A level of the indicator's scale: its value, its label (any case), the
/// value in a string, or `"n/a"` where the rubric allows it.
pub struct Level;

impl JsonSchema for Level {
    fn schema_name() -> Cow<'static, str> {
        "Level".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": format!("A level of the indicator's scale: its value, its label (any case), the value in a string, or \"{NOT_APPLICABLE}\" where the rubric allows it."),
            "type": ["number", "string"]
        })
    }
}

/// An answer with a note (markdown) and evidence (links or references).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct DetailedAnswer {
    level: Level,
    /// Markdown. Required with `"n/a"` when the rubric's policy is `justified`.
    note: Option<String>,
    /// One link or reference, or a list of them.
    evidence: Option<Evidence>,
}

#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub enum Evidence {
    One(String),
    Many(Vec<String>),
}

/// An action's plan: a status alone, a table of `owner`, `due` and
/// `status`, or a group of plans below an id prefix.
pub struct PlanItem;

impl JsonSchema for PlanItem {
    fn schema_name() -> Cow<'static, str> {
        "PlanItem".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let status = generator.subschema_for::<Status>();
        let plan = generator.subschema_for::<Plan>();
        let entry = generator.subschema_for::<Option<PlanItem>>();
        json_schema!({
            "description": "A status alone (`\"done\"`), a table with `owner`, `due` and `status`, or a table of plans whose keys continue the id.",
            "anyOf": [status, plan, group(entry, PLAN_FIELDS)]
        })
    }
}

#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Plan {
    /// Who owns the action; empty is "nobody yet".
    owner: Option<String>,
    /// When it is due.
    due: Option<Date>,
    status: Option<Status>,
}

/// An action's status. rubricate forgives case and ` ` or `_` for `-`, and
/// reads an empty string as "not given"; the pattern says the same.
pub struct Status;

impl JsonSchema for Status {
    fn schema_name() -> Cow<'static, str> {
        "Status".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = STATUSES.iter().map(|(name, _)| *name).collect();
        json_schema!({
            "description": format!("One of {}; case, and ` ` or `_` for `-`, are forgiven.", names.join(", ")),
            "type": "string",
            "examples": names,
            "pattern": status_pattern(&names)
        })
    }
}

/// A pattern accepting what the loader accepts: each name in any case, with
/// ` `, `_` or `-` between words, surrounded by spaces; or nothing at all.
fn status_pattern(names: &[&str]) -> String {
    let alternatives: Vec<String> = names
        .iter()
        .map(|name| {
            name.chars()
                .map(|c| match c {
                    '-' => "[-_ ]".to_string(),
                    c if c.is_ascii_alphabetic() => {
                        format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                    }
                    c => c.to_string(),
                })
                .collect()
        })
        .collect();
    format!(r"^\s*(({})\s*)?$", alternatives.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_pattern_spells_each_name_in_any_case() {
        assert_eq!(
            status_pattern(&["done", "in-progress"]),
            r"^\s*(([dD][oO][nN][eE]|[iI][nN][-_ ][pP][rR][oO][gG][rR][eE][sS][sS])\s*)?$"
        );
    }
}
