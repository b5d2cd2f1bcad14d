//! Survey headers → what each column holds. In order, a header is:
//! 1. an entry of the map file (`[columns]`),
//! 2. a respondent field by its usual header ("Name", "Your name", "Role",
//!    "Timestamp", "Date", "Organisation", "Company", …),
//! 3. an indicator id (`operations.spreadsheet-inventory`), or
//! 4. an indicator's statement, exactly (case, spacing, a leading question
//!    number and trailing `?`, `.`, `:`, `*` aside). For grid questions
//!    exported as `Title [Row]`, the part in brackets is tried too.
//! 5. Plain survey metadata ("Email address", "Score", "Start time", …)
//!    is ignored with a warning.
//!
//! Anything else is an error, with the closest statement as a suggestion
//! and the map-file line that would match it: a close match is never
//! taken silently, because a wrong match would score the wrong indicator.

use std::collections::BTreeMap;

use super::super::cells::{Sheet, shorten};
use super::super::mapping::{Column, Field, Mapping};
use super::super::place::Place;
use super::question_key;
use crate::diagnostics::Diagnostics;
use crate::diagnostics::suggest::closest;
use crate::model::Rubric;
use crate::questionnaire::layout::column_name;

/// Usual headers of respondent fields (compared as question keys).
const FIELDS: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "name",
            "your name",
            "full name",
            "your full name",
            "respondent",
            "respondent name",
        ],
    ),
    (
        Field::Role,
        &[
            "role",
            "your role",
            "job title",
            "your job title",
            "position",
            "your position",
        ],
    ),
    (
        Field::Date,
        &[
            "date",
            "timestamp",
            "completion time",
            "submitted at",
            "submission date",
            "date submitted",
        ],
    ),
    (
        Field::Organization,
        &[
            "organisation",
            "organization",
            "company",
            "your organisation",
            "your organization",
            "your company",
            "organisation name",
            "organization name",
            "company name",
        ],
    ),
];

/// Headers form tools add that are plainly not answers.
const METADATA: &[&str] = &[
    "email",
    "email address",
    "e-mail",
    "your email",
    "score",
    "total score",
    "points",
    "total points",
    "id",
    "response id",
    "respondent id",
    "submission id",
    "start time",
    "start date",
    "end date",
    "last modified time",
    "ip address",
    "user agent",
    "network id",
];

/// One column and what it holds.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub col: u16,
    pub header: String,
    pub column: Column,
}

/// Resolves the columns of `sheet` whose headers are in `header_row`.
/// `used` collects the indexes of map entries that matched a column.
pub fn resolve(
    rubric: &Rubric,
    mapping: Option<&Mapping>,
    sheet: &Sheet,
    header_row: u32,
    place: &Place,
    used: &mut Vec<usize>,
    diags: &mut Diagnostics,
) -> Vec<Resolved> {
    let statements = statement_index(rubric);
    let mut out: Vec<Resolved> = Vec::new();
    for col in data_columns(sheet, header_row) {
        let at = place.at(header_row, col);
        let Some(header) = sheet.get(header_row, col).text() else {
            if sheet.column_has_data_below(col, header_row) {
                diags.push(
                    at.error(
                        "E0710",
                        format!("column {} has answers but no header", column_name(col)),
                    )
                    .with_help("give the column a header, or delete it"),
                );
            }
            continue;
        };
        let matched = match mapping.and_then(|m| mapped(m, &header)) {
            Some((index, column)) => {
                used.push(index);
                Some(column)
            }
            None => recognise(rubric, &statements, &header),
        };
        match matched {
            Some(Ok(column)) => out.push(Resolved {
                col,
                header,
                column,
            }),
            Some(Err(d)) => diags.push(at.error("E0710", d.0).with_help(d.1)),
            None if is_metadata(&header) => {
                diags.push(
                    at.warning(
                        "W0701",
                        format!(
                            "column \"{}\" is ignored (survey metadata)",
                            shorten(&header, 60)
                        ),
                    )
                    .with_help(format!(
                        "map it to \"ignore\" in the map file to silence this: \"{}\" = \"ignore\"",
                        header.trim()
                    )),
                );
            }
            None => diags.push(unmatched(rubric, &statements, &header, &at)),
        }
    }
    check_repeats(&out, place, header_row, diags);
    out
}

/// Columns holding a header or any data, in order.
fn data_columns(sheet: &Sheet, header_row: u32) -> Vec<u16> {
    let mut cols: Vec<u16> = sheet
        .rows()
        .filter(|(r, _)| *r >= header_row)
        .flat_map(|(_, cells)| cells.iter().filter(|(_, v)| !v.is_blank()).map(|(c, _)| *c))
        .collect();
    cols.sort_unstable();
    cols.dedup();
    cols
}

/// What a header holds, or the message and help of why it is unclear.
type Recognised = Result<Column, (String, String)>;

fn mapped(mapping: &Mapping, header: &str) -> Option<(usize, Recognised)> {
    let key = question_key(header);
    mapping
        .entries
        .iter()
        .position(|e| e.key == key)
        .map(|i| (i, Ok(mapping.entries[i].column.clone())))
}

/// Question key of each statement → the ids with that statement.
fn statement_index(rubric: &Rubric) -> BTreeMap<String, Vec<String>> {
    let mut index: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pillar in &rubric.pillars {
        for indicator in &pillar.indicators {
            index
                .entry(question_key(&indicator.statement))
                .or_default()
                .push(indicator.id.clone());
        }
    }
    index
}

/// The header as a field, an id or a statement; an error when a
/// statement is shared by several indicators.
fn recognise(
    rubric: &Rubric,
    statements: &BTreeMap<String, Vec<String>>,
    header: &str,
) -> Option<Recognised> {
    let key = question_key(header);
    if let Some((field, _)) = FIELDS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
    {
        return Some(Ok(Column::Field(*field)));
    }
    for candidate in candidates(header) {
        let trimmed = candidate.trim();
        if let Some(id) = rubric
            .indicator_ids()
            .find(|id| id.eq_ignore_ascii_case(trimmed))
        {
            return Some(Ok(Column::Indicator(id.to_string())));
        }
        match statements.get(&question_key(candidate)).map(Vec::as_slice) {
            Some([id]) => return Some(Ok(Column::Indicator(id.clone()))),
            Some(ids) if ids.len() > 1 => {
                let list: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
                return Some(Err((
                    format!(
                        "\"{}\" is the statement of several indicators: {}",
                        shorten(header, 80),
                        list.join(", ")
                    ),
                    format!(
                        "say which in the map file: \"{}\" = \"{}\"",
                        header.trim(),
                        ids[0]
                    ),
                )));
            }
            _ => {}
        }
    }
    None
}

/// The whole header, then the part in the last brackets (`Title [Row]`).
fn candidates(header: &str) -> Vec<&str> {
    let mut out = vec![header];
    let trimmed = header.trim_end();
    if let (Some(open), true) = (trimmed.rfind('['), trimmed.ends_with(']')) {
        out.push(&trimmed[open + 1..trimmed.len() - 1]);
    }
    out
}

fn is_metadata(header: &str) -> bool {
    METADATA.contains(&question_key(header).as_str())
}

fn unmatched(
    rubric: &Rubric,
    statements: &BTreeMap<String, Vec<String>>,
    header: &str,
    at: &Place,
) -> crate::diagnostics::Diagnostic {
    let shown = shorten(header.trim(), 80);
    let keys: Vec<&str> = statements.keys().map(String::as_str).collect();
    let suggestion = candidates(header)
        .into_iter()
        .find_map(|c| closest(&question_key(c), keys.iter().copied()))
        .and_then(|key| statements.get(key))
        .and_then(|ids| ids.first())
        .and_then(|id| rubric.indicator(id));
    let help = match suggestion {
        Some(indicator) => format!(
            "did you mean \"{}\" (`{}`)? If so, add to the map file: \"{}\" = \"{}\"",
            shorten(&indicator.statement, 80),
            indicator.id,
            header.trim(),
            indicator.id
        ),
        None => format!(
            "headers match an indicator id or statement; map it in the map file: \"{}\" = \"<indicator id>\" (or \"ignore\")",
            header.trim()
        ),
    };
    at.error("E0710", format!("column \"{shown}\" matches no indicator"))
        .with_help(help)
}

/// A second column for the same indicator or field is an error: which
/// one counts would be a guess.
fn check_repeats(columns: &[Resolved], place: &Place, header_row: u32, diags: &mut Diagnostics) {
    let mut first: BTreeMap<&Column, u16> = BTreeMap::new();
    for r in columns.iter().filter(|r| r.column != Column::Ignore) {
        match first.get(&r.column) {
            Some(col) => diags.push(
                place
                    .at(header_row, r.col)
                    .error("E0711", format!("a second column for {}", describe(&r.column)))
                    .with_help(format!(
                        "column {} already holds it; map one of them to \"ignore\" in the map file: \"{}\" = \"ignore\"",
                        column_name(*col),
                        r.header.trim()
                    )),
            ),
            None => {
                first.insert(&r.column, r.col);
            }
        }
    }
}

fn describe(column: &Column) -> String {
    match column {
        Column::Indicator(id) => format!("indicator `{id}`"),
        Column::Note(id) => format!("the notes of `{id}`"),
        Column::Evidence(id) => format!("the evidence of `{id}`"),
        Column::Field(f) => format!("the respondent's {}", f.as_str()),
        Column::Target(p) => format!("the target of pillar `{p}`"),
        Column::Ignore => "nothing".into(),
    }
}
