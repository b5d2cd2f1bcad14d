//! A filled questionnaire (see [`crate::questionnaire`]) → one respondent.
//! Sheets are found by the marker in their hidden A1, columns by the keys
//! of the hidden first row, rows by the ids of the hidden column A, so
//! renamed sheets, reworded statements and reordered rows all import.
//! Every problem is located at its cell; checking goes on after one, so
//! a file's problems are all reported together.

mod indicators;
mod respondent;

use std::collections::BTreeMap;

use super::Imported;
use super::cells::{Sheet, Value};
use super::levels::Levels;
use super::place::{Place, file_error, file_warning};
use crate::assessment::load::major_version;
use crate::diagnostics::suggest::closest;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Rubric;
use crate::questionnaire::layout::{
    FORMAT, ID_COL, KEY_ROW, MARK_ACTIONS, MARK_LISTS, META_FORMAT, META_RUBRIC, META_VERSION,
};

/// What the hidden `Lists` sheet says about the workbook.
#[derive(Debug, Clone)]
pub struct Meta {
    pub format: Option<u32>,
    pub rubric: String,
    pub version: Option<String>,
    /// The sheet and row of the rubric id, for diagnostics.
    sheet: String,
    rubric_row: u32,
}

/// The questionnaire metadata, or `None` when the workbook is not a
/// questionnaire (a survey export).
pub fn meta(sheets: &[Sheet]) -> Option<Meta> {
    let lists = marked(sheets, MARK_LISTS).next()?;
    let mut meta = Meta {
        format: None,
        rubric: String::new(),
        version: None,
        sheet: lists.name.clone().unwrap_or_default(),
        rubric_row: 0,
    };
    for (row, cells) in lists.rows().filter(|(r, _)| *r != KEY_ROW) {
        let key = cells.get(&0).and_then(Value::text).unwrap_or_default();
        let value = cells.get(&1).and_then(Value::text);
        match key.as_str() {
            META_FORMAT => meta.format = value.and_then(|v| v.parse().ok()),
            META_RUBRIC => {
                meta.rubric = value.unwrap_or_default();
                meta.rubric_row = row;
            }
            META_VERSION => meta.version = value,
            _ => {}
        }
    }
    Some(meta)
}

/// Sheets whose hidden A1 holds `marker`.
fn marked<'a>(sheets: &'a [Sheet], marker: &'a str) -> impl Iterator<Item = &'a Sheet> + 'a {
    sheets
        .iter()
        .filter(move |s| s.get(KEY_ROW, ID_COL).text().as_deref() == Some(marker))
}

/// Column key → column, from the hidden key row.
fn columns(sheet: &Sheet) -> BTreeMap<String, u16> {
    let mut out = BTreeMap::new();
    for (row, cells) in sheet.rows() {
        if row != KEY_ROW {
            continue;
        }
        for (col, value) in cells {
            if let Some(key) = value.text() {
                out.entry(key).or_insert(*col);
            }
        }
    }
    out
}

/// Reads one filled questionnaire.
pub struct Reader<'a> {
    pub rubric: &'a Rubric,
    pub levels: Levels<'a>,
    pub file: &'a str,
    pub organization: Option<&'a str>,
}

impl Reader<'_> {
    /// The respondent, or `None` when errors were reported.
    pub fn read(&self, sheets: &[Sheet], meta: &Meta, diags: &mut Diagnostics) -> Option<Imported> {
        let before = diags.error_count();
        self.check_meta(meta, diags);
        let mut out = Imported {
            source: self.file.to_string(),
            ..Imported::default()
        };
        self.respondent(sheets, &mut out, diags);
        self.indicators(sheets, &mut out, diags);
        for sheet in marked(sheets, MARK_ACTIONS) {
            self.actions(sheet, &mut out, diags);
        }
        let clean = diags.error_count() == before && !sheets.iter().any(|s| s.has_invalid(None));
        if clean && out.answers.is_empty() && !out.name.is_empty() {
            diags.push(
                file_warning(
                    self.file,
                    "W0704",
                    format!("{} answered no statement", out.name),
                )
                .with_help(
                    "the answer file is written all the same; was the right file sent back?",
                ),
            );
        }
        clean.then_some(out)
    }

    fn check_meta(&self, meta: &Meta, diags: &mut Diagnostics) {
        let place = Place::new(self.file, Some(&meta.sheet), meta.rubric_row, 1);
        if meta.format.is_none_or(|f| f > FORMAT) {
            diags.push(
                file_error(
                    self.file,
                    "E0703",
                    "this questionnaire was made by a newer rubricate",
                )
                .with_help(
                    "import it with the rubricate version that made it, or update rubricate",
                ),
            );
        }
        if meta.rubric != self.rubric.id {
            diags.push(
                place
                    .error(
                        "E0703",
                        format!(
                            "this questionnaire answers rubric `{}`, not `{}`",
                            meta.rubric, self.rubric.id
                        ),
                    )
                    .with_help("import it with `--rubric` naming the rubric it was made from"),
            );
            return;
        }
        let theirs = meta.version.as_deref().and_then(major_version);
        let ours = self.rubric.version.as_deref().and_then(major_version);
        if theirs != ours {
            let shown =
                |v: Option<&String>| v.map_or("no version".to_string(), |v| format!("version {v}"));
            diags.push(
                place
                    .error(
                        "E0703",
                        format!(
                            "this questionnaire was made from `{}` {}, the rubric is {}",
                            meta.rubric,
                            shown(meta.version.as_ref()),
                            shown(self.rubric.version.as_ref())
                        ),
                    )
                    .with_help("a new major version may rename indicators: send a new questionnaire made with `rubricate questionnaire`"),
            );
        }
    }

    fn missing_sheet(&self, what: &str) -> Diagnostic {
        file_error(
            self.file,
            "E0704",
            format!("this questionnaire has no {what} sheet"),
        )
        .with_help("sheets are found by their hidden first row; send a fresh questionnaire made with `rubricate questionnaire`")
    }

    fn key_column(&self, sheet: &Sheet, key: &str, diags: &mut Diagnostics) -> Option<u16> {
        let col = columns(sheet).get(key).copied();
        if col.is_none() {
            let name = sheet.name.as_deref();
            diags.push(
                Place::new(self.file, name, KEY_ROW, ID_COL)
                    .error("E0704", format!("the hidden first row names no `{key}` column"))
                    .with_help("the hidden first row tells import where each column is; send a fresh questionnaire"),
            );
        }
        col
    }

    fn unknown_id<'b>(
        &self,
        place: &Place,
        id: &str,
        what: &str,
        ids: impl Iterator<Item = &'b str>,
    ) -> Diagnostic {
        let help = match closest(id, ids) {
            Some(c) => format!("did you mean `{c}`? The questionnaire was made from another version of the rubric: send a fresh one"),
            None => "the questionnaire was made from another version of the rubric: send a fresh one made with `rubricate questionnaire`".to_string(),
        };
        place
            .at(place.row, ID_COL)
            .error("E0704", format!("unknown {what} `{id}`"))
            .with_help(help)
    }
}

/// An unreadable date at `place`.
pub fn date_error(place: &Place, reason: &str) -> Diagnostic {
    place
        .error("E0707", reason)
        .with_help("write dates as YYYY-MM-DD, for example 2026-11-02")
}

/// Pushing the errors of several checks of one row at once.
trait ExtendErrors {
    fn extend_errors(&mut self, errors: impl IntoIterator<Item = Option<Diagnostic>>);
}

impl ExtendErrors for Diagnostics {
    fn extend_errors(&mut self, errors: impl IntoIterator<Item = Option<Diagnostic>>) {
        for d in errors.into_iter().flatten() {
            self.push(d);
        }
    }
}
