//! The survey map file (`--map map.toml`): what a survey's columns and
//! answer words mean, for exports whose headers are not indicator ids or
//! statements. A consultant writes it once per survey form and keeps it
//! in git beside the answers.
//!
//! ```toml
//! # How dates like 03/04/2026 are read: "dmy" or "mdy" (optional).
//! date-order = "dmy"
//!
//! [columns]            # header (case and spacing aside) → what it holds
//! "Your full name" = "name"          # also: role, date, organization
//! "Email address" = "ignore"         # read nothing from it, say nothing
//! "Do you record stock levels?" = "operations.spreadsheet-inventory"
//! "Anything to add on stock?" = "note:operations.spreadsheet-inventory"
//! "Links for stock" = "evidence:operations.spreadsheet-inventory"
//! "Where should operations be in 18 months?" = "target:operations"
//!
//! [answers]            # the survey's answer words → the scale's
//! "Strongly agree" = "Fully in place"   # a label,
//! "Agree" = 2                           # a level value,
//! "Does not apply" = "n/a"              # "n/a",
//! "Don't know" = ""                     # or "" for unanswered
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::cells::fold;
use super::dates::DateOrder;
use super::levels::{Alias, means_not_applicable};
use crate::config::{self, Schema};
use crate::diagnostics::suggest::closest;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Rubric;
use crate::source::{FileId, SourceMap, Span};

/// What a survey column holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    /// Answers to an indicator.
    Indicator(String),
    /// Notes for an indicator's answers.
    Note(String),
    /// Evidence for an indicator's answers (one per line).
    Evidence(String),
    /// A respondent field.
    Field(Field),
    /// The target stage of a pillar.
    Target(String),
    /// Read nothing, say nothing.
    Ignore,
}

/// The respondent fields a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Name,
    Role,
    Date,
    Organization,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Role => "role",
            Field::Date => "date",
            Field::Organization => "organization",
        }
    }
}

/// One `[columns]` entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub header: String,
    /// The header as compared (see [`super::survey::question_key`]).
    pub key: String,
    pub column: Column,
    pub span: Span,
}

/// A loaded, checked map file.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub entries: Vec<Entry>,
    pub aliases: BTreeMap<String, Alias>,
    pub date_order: Option<DateOrder>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct MapFile {
    #[serde(default)]
    columns: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    answers: BTreeMap<String, Spanned<AliasValue>>,
    date_order: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AliasValue {
    Number(f64),
    Text(String),
}

const SCHEMA: Schema = Schema {
    top: &["columns", "answers", "date-order"],
    tables: &[],
};

/// Reads and checks the map file at `path`; `None` after errors.
pub fn load(
    path: &Path,
    rubric: &Rubric,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Mapping> {
    let display = path.display().to_string();
    let before = diags.error_count();
    let loaded = config::load::<MapFile>(path, &display, "map file", &SCHEMA, sources, diags)?;
    let file = loaded.file;
    let raw = loaded.value;
    let mut mapping = Mapping::default();
    for (header, target) in &raw.columns {
        let span = config::span_of(file, target);
        match column(rubric, target.get_ref(), span) {
            Ok(column) => mapping.entries.push(Entry {
                header: header.clone(),
                key: super::survey::question_key(header),
                column,
                span,
            }),
            Err(d) => diags.push(d),
        }
    }
    check_repeated_headers(&mapping.entries, diags);
    for (word, target) in &raw.answers {
        match alias(rubric, target, file) {
            Ok(alias) => {
                mapping.aliases.insert(fold(word), alias);
            }
            Err(d) => diags.push(d),
        }
    }
    if let Some(order) = &raw.date_order {
        mapping.date_order = date_order(order, file, diags);
    }
    (diags.error_count() == before).then_some(mapping)
}

/// What a `[columns]` value names.
fn column(rubric: &Rubric, target: &str, span: Span) -> Result<Column, Diagnostic> {
    let target = target.trim();
    let field = match target {
        "name" => Some(Field::Name),
        "role" => Some(Field::Role),
        "date" => Some(Field::Date),
        "organization" | "organisation" => Some(Field::Organization),
        _ => None,
    };
    if let Some(field) = field {
        return Ok(Column::Field(field));
    }
    if target == "ignore" {
        return Ok(Column::Ignore);
    }
    if let Some(pillar) = target.strip_prefix("target:") {
        return match rubric.pillar(pillar) {
            Some(_) => Ok(Column::Target(pillar.to_string())),
            None => Err(unknown(
                span,
                pillar,
                "pillar",
                rubric.pillars.iter().map(|p| p.id.as_str()),
            )),
        };
    }
    let (make, id): (fn(String) -> Column, &str) = match target.split_once(':') {
        Some(("note", id)) => (Column::Note, id),
        Some(("evidence", id)) => (Column::Evidence, id),
        _ => (Column::Indicator, target),
    };
    if rubric.indicator(id).is_some() {
        return Ok(make(id.to_string()));
    }
    if target.contains(':') && !target.starts_with("note:") && !target.starts_with("evidence:") {
        return Err(Diagnostic::error("E0712", format!("unknown column kind `{target}`"))
            .with_primary(span, "not something a column can hold")
            .with_help("a column holds an indicator id, `note:ID`, `evidence:ID`, `target:PILLAR`, `name`, `role`, `date`, `organization` or `ignore`"));
    }
    let fields = ["name", "role", "date", "organization", "ignore"];
    Err(unknown(
        span,
        id,
        "indicator",
        rubric.indicator_ids().chain(fields),
    ))
}

fn unknown<'a>(span: Span, id: &str, what: &str, ids: impl Iterator<Item = &'a str>) -> Diagnostic {
    let help = match closest(id, ids) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("`rubricate compile RUBRIC` lists every {what} id"),
    };
    Diagnostic::error("E0712", format!("unknown {what} `{id}`"))
        .with_primary(span, format!("no {what} with this id"))
        .with_help(help)
}

/// Two headers that read the same once case and spacing are set aside.
fn check_repeated_headers(entries: &[Entry], diags: &mut Diagnostics) {
    for (i, entry) in entries.iter().enumerate() {
        if let Some(first) = entries[..i].iter().find(|e| e.key == entry.key) {
            diags.push(
                Diagnostic::error("E0712", format!("the header \"{}\" is mapped twice", entry.header))
                    .with_primary(entry.span, "mapped again here")
                    .with_secondary(first.span, format!("\"{}\" is mapped here", first.header))
                    .with_help("headers are compared without case, spacing or question numbers; keep one entry"),
            );
        }
    }
}

/// What an `[answers]` value stands for, checked against the scales.
fn alias(rubric: &Rubric, target: &Spanned<AliasValue>, file: FileId) -> Result<Alias, Diagnostic> {
    let span = config::span_of(file, target);
    let labels = || {
        rubric
            .scales
            .iter()
            .flat_map(|s| s.levels.iter().map(|l| l.label.as_str()))
    };
    match target.get_ref() {
        AliasValue::Number(n) => {
            if rubric.scales.iter().any(|s| s.level(*n).is_some()) {
                Ok(Alias::Number(*n))
            } else {
                Err(
                    Diagnostic::error("E0712", format!("{n} is not a level of any scale"))
                        .with_primary(span, "no level with this value")
                        .with_help("use a level value or label of the rubric's scale"),
                )
            }
        }
        AliasValue::Text(t) if t.trim().is_empty() => Ok(Alias::Unanswered),
        AliasValue::Text(t) if means_not_applicable(t) => Ok(Alias::NotApplicable),
        AliasValue::Text(t) => {
            if labels().any(|l| fold(l) == fold(t)) {
                return Ok(Alias::Label(t.trim().to_string()));
            }
            let help = match closest(t, labels()) {
                Some(c) => format!("did you mean \"{c}\"?"),
                None => "use a level label or value of the rubric's scale, \"n/a\", or \"\" for unanswered".into(),
            };
            Err(
                Diagnostic::error("E0712", format!("\"{t}\" is not a level label"))
                    .with_primary(span, "no level with this label")
                    .with_help(help),
            )
        }
    }
}

fn date_order(order: &Spanned<String>, file: FileId, diags: &mut Diagnostics) -> Option<DateOrder> {
    match order.get_ref().trim().to_ascii_lowercase().as_str() {
        "dmy" | "day-month-year" => Some(DateOrder::DayMonthYear),
        "mdy" | "month-day-year" => Some(DateOrder::MonthDayYear),
        other => {
            diags.push(
                Diagnostic::error("E0712", format!("unknown date order `{other}`"))
                    .with_primary(config::span_of(file, order), "not a date order")
                    .with_help("write \"dmy\" (31/12/2026) or \"mdy\" (12/31/2026)"),
            );
            None
        }
    }
}
