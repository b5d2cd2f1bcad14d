//! Survey exports (Google Forms and Microsoft Forms as CSV or xlsx, any
//! tool's CSV) → one respondent per row. The first row with content is
//! the header; `columns` decides what each column holds, then each
//! following non-blank row becomes a respondent, every cell checked and
//! every problem located at its cell.

mod columns;

use std::collections::BTreeMap;

use self::columns::Resolved;
use super::Imported;
use super::cells::{Sheet, Value, fold};
use super::dates;
use super::fields;
use super::levels::{Levels, check_justified};
use super::mapping::{Column, Field, Mapping};
use super::place::{Place, file_error, file_warning};
use super::workbook::date_error;
use crate::assessment::Answer;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Rubric;

/// A header or statement as compared: case and spacing aside, without a
/// leading question number (`3.`, `Q3)`) or trailing `?`, `.`, `:`, `!`,
/// `*` that form tools add or drop.
pub fn question_key(text: &str) -> String {
    let folded = fold(text);
    let mut rest = folded.as_str();
    let numbered = rest.trim_start_matches('q');
    let digits = numbered.len()
        - numbered
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits > 0 {
        let after = &numbered[digits..];
        if let Some(stripped) = after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(") "))
            .or_else(|| after.strip_prefix(": "))
        {
            rest = stripped;
        }
    }
    rest.trim_end_matches(['?', '.', ':', '!', '*', ' '])
        .to_string()
}

/// Reads the respondents of one survey table.
pub struct Survey<'a> {
    pub rubric: &'a Rubric,
    pub levels: Levels<'a>,
    pub mapping: Option<&'a Mapping>,
    pub organization: Option<&'a str>,
    pub file: &'a str,
}

impl Survey<'_> {
    /// One respondent per data row; `used` collects the map entries that
    /// matched a column.
    pub fn read(
        &self,
        sheet: &Sheet,
        used: &mut Vec<usize>,
        diags: &mut Diagnostics,
    ) -> Vec<Imported> {
        let place = Place::new(self.file, sheet.name.as_deref(), 0, 0);
        let Some((header_row, _)) = sheet.rows().next() else {
            diags.push(
                file_error(self.file, "E0701", "nothing to import: the file is empty")
                    .with_help("export the survey's responses, with the header row"),
            );
            return Vec::new();
        };
        let errors = diags.error_count();
        let columns = columns::resolve(
            self.rubric,
            self.mapping,
            sheet,
            header_row,
            &place,
            used,
            diags,
        );
        if !self.check_columns(&columns, diags.error_count() > errors, diags) {
            return Vec::new();
        }
        let mut out = Vec::new();
        let data = sheet.rows().filter(|(r, _)| *r > header_row);
        for (n, (row, _)) in data.enumerate() {
            if let Some(respondent) = self.row(sheet, &columns, place.at(row, 0), n + 1, diags) {
                out.push(respondent);
            }
        }
        if out.is_empty() && diags.error_count() == errors && !sheet.has_invalid(None) {
            diags.push(
                file_warning(
                    self.file,
                    "W0704",
                    "no responses: the file has a header row only",
                )
                .with_help("export the survey again once people have answered"),
            );
        }
        out
    }

    /// File-level checks; `false` when rows cannot be read usefully.
    fn check_columns(
        &self,
        columns: &[Resolved],
        column_errors: bool,
        diags: &mut Diagnostics,
    ) -> bool {
        let has = |f: Field| columns.iter().any(|c| c.column == Column::Field(f));
        let answers = columns
            .iter()
            .any(|c| matches!(c.column, Column::Indicator(_)));
        if !answers && !column_errors {
            diags.push(
                file_error(self.file, "E0710", "no column matches an indicator")
                    .with_help("headers must be indicator ids or statements, or be mapped in a map file (--map)"),
            );
            return false;
        }
        if !has(Field::Organization) && self.organization.is_none() {
            diags.push(
                file_error(self.file, "E0709", "no column names the organisation")
                    .with_help("pass `--organization NAME`, or map a column to \"organization\" in the map file"),
            );
        }
        if !has(Field::Name) {
            diags.push(
                file_warning(self.file, "W0705", "no name column: respondents are named \"Respondent 1\", \"Respondent 2\", … in row order")
                    .with_help("add a name question to the survey, or map its column to \"name\" in the map file"),
            );
        }
        true
    }

    /// The respondent of one data row (`n` counts data rows from 1), or
    /// `None` after errors.
    fn row(
        &self,
        sheet: &Sheet,
        columns: &[Resolved],
        place: Place,
        n: usize,
        diags: &mut Diagnostics,
    ) -> Option<Imported> {
        let before = diags.error_count();
        let mut out = Imported {
            source: format!("{} row {}", self.file, place.row + 1),
            organization: self.organization.map(str::to_string),
            ..Imported::default()
        };
        let mut notes: BTreeMap<String, (String, Place)> = BTreeMap::new();
        let mut evidence: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut answered: BTreeMap<String, Place> = BTreeMap::new();
        for c in columns {
            let at = place.at(place.row, c.col);
            let value = sheet.get(place.row, c.col);
            let result = match &c.column {
                Column::Indicator(id) => self.answer(id, value, &at, &mut out, &mut answered),
                Column::Note(id) => fields::text(value, &at, "note").map(|t| {
                    if let Some(t) = t {
                        notes.insert(id.clone(), (t, at));
                    }
                }),
                Column::Evidence(id) => fields::evidence(value, &at).map(|e| {
                    evidence.entry(id.clone()).or_default().extend(e);
                }),
                Column::Field(f) => self.field(*f, value, &at, &mut out),
                Column::Target(pillar) => fields::stage(self.rubric, value, &at).map(|s| {
                    if let Some(s) = s {
                        out.targets.insert(pillar.clone(), s);
                    }
                }),
                Column::Ignore => Ok(()),
            };
            if let Err(d) = result {
                diags.push(d);
            }
        }
        self.attach(&mut out, notes, evidence, &answered, diags);
        self.identify(&mut out, columns, &place, n, diags);
        let clean = diags.error_count() == before && !sheet.has_invalid(Some(place.row));
        if clean && out.answers.is_empty() {
            diags.push(
                place
                    .warning("W0704", format!("{} answered no statement", out.name))
                    .with_help("the answer file is written all the same; delete the row if it is a test response"),
            );
        }
        clean.then_some(out)
    }

    fn answer<'p>(
        &self,
        id: &str,
        value: &Value,
        at: &Place<'p>,
        out: &mut Imported,
        answered: &mut BTreeMap<String, Place<'p>>,
    ) -> Result<(), Diagnostic> {
        let Some(indicator) = self.rubric.indicator(id) else {
            return Ok(());
        };
        if let Some(value) = self.levels.answer(indicator, value, at)? {
            out.answers.insert(
                id.to_string(),
                Answer {
                    value,
                    note: None,
                    evidence: Vec::new(),
                },
            );
            answered.insert(id.to_string(), *at);
        }
        Ok(())
    }

    fn field(
        &self,
        field: Field,
        value: &Value,
        at: &Place,
        out: &mut Imported,
    ) -> Result<(), Diagnostic> {
        match field {
            Field::Name => out.name = fields::text(value, at, "name")?.unwrap_or_default(),
            Field::Role => out.role = fields::text(value, at, "role")?,
            Field::Organization => {
                if let Some(org) = fields::text(value, at, "organisation")? {
                    out.organization = Some(org);
                }
            }
            Field::Date => {
                let order = self.mapping.and_then(|m| m.date_order);
                out.date = dates::date(value, order).map_err(|reason| {
                    let d = date_error(at, &reason);
                    if reason.contains("could be") {
                        d.with_help(
                            "set the order in the map file: date-order = \"dmy\" (or \"mdy\")",
                        )
                    } else {
                        d
                    }
                })?;
            }
        }
        Ok(())
    }

    /// Notes and evidence join their answers; "n/a" under `justified`
    /// needs a note; a note without an answer is not imported (warning).
    fn attach(
        &self,
        out: &mut Imported,
        mut notes: BTreeMap<String, (String, Place)>,
        mut evidence: BTreeMap<String, Vec<String>>,
        answered: &BTreeMap<String, Place>,
        diags: &mut Diagnostics,
    ) {
        for (id, answer) in out.answers.iter_mut() {
            answer.note = notes.remove(id).map(|(n, _)| n);
            answer.evidence = evidence.remove(id).unwrap_or_default();
            let Some(at) = answered.get(id) else { continue };
            let help = format!(
                "map a column of comments to \"note:{id}\" in the map file, and explain there"
            );
            if let Err(d) =
                check_justified(self.rubric, answer.value, answer.note.as_deref(), at, &help)
            {
                diags.push(d);
            }
        }
        for (id, (_, at)) in notes {
            diags.push(
                at.warning(
                    "W0703",
                    format!("not imported: a note on `{id}`, which this respondent did not answer"),
                )
                .with_help("notes are kept with answers only"),
            );
        }
    }

    /// Name (or "Respondent N") and organisation of a row.
    fn identify(
        &self,
        out: &mut Imported,
        columns: &[Resolved],
        place: &Place,
        n: usize,
        diags: &mut Diagnostics,
    ) {
        let column_of = |f: Field| {
            columns
                .iter()
                .find(|c| c.column == Column::Field(f))
                .map(|c| c.col)
        };
        if out.name.is_empty() {
            out.name = format!("Respondent {n}");
            if let Some(col) = column_of(Field::Name) {
                diags.push(
                    place
                        .at(place.row, col)
                        .warning(
                            "W0705",
                            format!("no name: this respondent is named \"{}\"", out.name),
                        )
                        .with_help("fill in the name to name the answer file after the respondent"),
                );
            }
        }
        if out.organization.is_none() {
            if let Some(col) = column_of(Field::Organization) {
                diags.push(
                    place
                        .at(place.row, col)
                        .error("E0709", "the organisation is missing")
                        .with_help(
                            "fill it in, or pass `--organization NAME` for rows without one",
                        ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_keys_ignore_numbering_and_punctuation() {
        assert_eq!(question_key("3. Do you track stock?"), "do you track stock");
        assert_eq!(question_key("Q12) Stock  levels *"), "stock levels");
        assert_eq!(question_key("2026 plans"), "2026 plans");
        assert_eq!(question_key("  Your NAME: "), "your name");
    }
}
