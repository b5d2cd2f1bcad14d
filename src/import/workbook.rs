//! A filled questionnaire (see [`crate::questionnaire`]) → one respondent.
//! Sheets are found by the marker in their hidden A1, columns by the keys
//! of the hidden first row, rows by the ids of the hidden column A, so
//! renamed sheets, reworded statements and reordered rows all import.
//! Every problem is located at its cell; checking goes on after one, so
//! a file's problems are all reported together.

use std::collections::BTreeMap;

use super::Imported;
use super::cells::{Sheet, Value};
use super::dates;
use super::fields;
use super::levels::{Levels, check_justified};
use super::place::{Place, file_error, file_warning};
use crate::assessment::load::major_version;
use crate::assessment::{ActionPlan, Answer};
use crate::diagnostics::suggest::closest;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Rubric;
use crate::questionnaire::layout::{
    self, DATE, DUE, EVIDENCE, FORMAT, ID_COL, KEY_ROW, MARK_ACTIONS, MARK_INDICATORS, MARK_LISTS,
    MARK_RESPONDENT, META_FORMAT, META_RUBRIC, META_VERSION, NAME, NOTE, ORGANIZATION, OWNER, ROLE,
    STAGE_PREFIX, STATUS, TARGET_PREFIX, VALUE,
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

    fn respondent(&self, sheets: &[Sheet], out: &mut Imported, diags: &mut Diagnostics) {
        let Some(sheet) = marked(sheets, MARK_RESPONDENT).next() else {
            diags.push(self.missing_sheet("Respondent"));
            return;
        };
        let Some(col) = self.key_column(sheet, VALUE, diags) else {
            return;
        };
        let mut name_place = None;
        let mut org_place = None;
        for (row, cells) in sheet.rows().filter(|(r, _)| *r != KEY_ROW) {
            let Some(key) = cells.get(&ID_COL).and_then(Value::text) else {
                continue;
            };
            let place = Place::new(self.file, sheet.name.as_deref(), row, col);
            let value = sheet.get(row, col);
            let result = match key.as_str() {
                ORGANIZATION => {
                    org_place = Some(place);
                    fields::text(value, &place, "organisation").map(|v| out.organization = v)
                }
                NAME => {
                    name_place = Some(place);
                    fields::text(value, &place, "name").map(|v| out.name = v.unwrap_or_default())
                }
                ROLE => fields::text(value, &place, "role").map(|v| out.role = v),
                DATE => dates::date(value, None)
                    .map(|d| out.date = d)
                    .map_err(|reason| date_error(&place, &reason)),
                _ => self.target(&key, value, &place, out),
            };
            if let Err(d) = result {
                diags.push(d);
            }
        }
        self.require(out, name_place, org_place, sheet, diags);
    }

    fn target(
        &self,
        key: &str,
        value: &Value,
        place: &Place,
        out: &mut Imported,
    ) -> Result<(), Diagnostic> {
        let Some(pillar) = key.strip_prefix(TARGET_PREFIX) else {
            return Err(place
                .at(place.row, ID_COL)
                .error("E0704", format!("unknown respondent field `{key}`"))
                .with_help("send a fresh questionnaire made with `rubricate questionnaire`"));
        };
        if self.rubric.pillar(pillar).is_none() {
            return Err(place
                .at(place.row, ID_COL)
                .error("E0704", format!("a target for pillar `{pillar}`, which the rubric does not have"))
                .with_help("the questionnaire was made from another version of the rubric; send a fresh one"));
        }
        if let Some(stage) = fields::stage(self.rubric, value, place)? {
            out.targets.insert(pillar.to_string(), stage);
        }
        Ok(())
    }

    /// Name and organisation are required, as in answer files.
    fn require(
        &self,
        out: &mut Imported,
        name: Option<Place>,
        org: Option<Place>,
        sheet: &Sheet,
        diags: &mut Diagnostics,
    ) {
        let fallback = Place::new(self.file, sheet.name.as_deref(), 1, 1);
        if out.name.is_empty() {
            diags.push(
                name.unwrap_or(fallback)
                    .error("E0709", "the respondent's name is missing")
                    .with_help("ask the respondent, then type it into this cell"),
            );
        }
        if out.organization.is_none() {
            match self.organization {
                Some(o) => out.organization = Some(o.to_string()),
                None => diags.push(
                    org.unwrap_or(fallback)
                        .error("E0709", "the organisation is missing")
                        .with_help("type it into this cell, or pass `--organization NAME`"),
                ),
            }
        }
    }

    fn indicators(&self, sheets: &[Sheet], out: &mut Imported, diags: &mut Diagnostics) {
        let mut seen: BTreeMap<String, Place> = BTreeMap::new();
        let mut any = false;
        for sheet in marked(sheets, MARK_INDICATORS) {
            any = true;
            let cols = (
                self.key_column(sheet, layout::ANSWER, diags),
                self.key_column(sheet, NOTE, diags),
                self.key_column(sheet, EVIDENCE, diags),
            );
            let (Some(answer), Some(note), Some(evidence)) = cols else {
                continue;
            };
            // Rows above the first keyed row (a stage heading) are the
            // sheet's title and column headers.
            let first = sheet
                .rows()
                .find(|(r, cells)| {
                    *r != KEY_ROW && cells.get(&ID_COL).is_some_and(|v| !v.is_blank())
                })
                .map_or(u32::MAX, |(r, _)| r);
            for (row, _) in sheet.rows().filter(|(r, _)| *r >= first) {
                let place = Place::new(self.file, sheet.name.as_deref(), row, answer);
                let cells = [answer, note, evidence];
                self.indicator_row(sheet, &place, cells, &mut seen, out, diags);
            }
        }
        if !any {
            diags.push(self.missing_sheet("indicator"));
        }
    }

    fn indicator_row<'p>(
        &self,
        sheet: &Sheet,
        place: &Place<'p>,
        [answer_col, note_col, evidence_col]: [u16; 3],
        seen: &mut BTreeMap<String, Place<'p>>,
        out: &mut Imported,
        diags: &mut Diagnostics,
    ) {
        let row = place.row;
        let id = sheet.get(row, ID_COL).text();
        let Some(id) = id.filter(|id| !id.starts_with(STAGE_PREFIX)) else {
            let filled = [answer_col, note_col, evidence_col]
                .into_iter()
                .find(|c| !sheet.get(row, *c).is_blank());
            if let Some(col) = filled {
                diags.push(
                    place
                        .at(row, col)
                        .warning("W0702", "not imported: this row is not a statement (no indicator id in the hidden column A)")
                        .with_help("answer in the rows of statements; stage headings and rows added to the sheet are not read"),
                );
            }
            return;
        };
        let Some(indicator) = self.rubric.indicator(&id) else {
            diags.push(self.unknown_id(place, &id, "indicator", self.rubric.indicator_ids()));
            return;
        };
        if let Some(first) = seen.get(&id) {
            diags.push(
                place
                    .error("E0704", format!("indicator `{id}` is answered twice"))
                    .with_help(format!(
                        "it is first answered in {first}; delete one of the rows"
                    )),
            );
            return;
        }
        seen.insert(id.clone(), *place);
        let note_place = place.at(row, note_col);
        let results = (
            self.levels
                .answer(indicator, sheet.get(row, answer_col), place),
            fields::text(sheet.get(row, note_col), &note_place, "note"),
            fields::evidence(sheet.get(row, evidence_col), &place.at(row, evidence_col)),
        );
        let (value, note, evidence) = match results {
            (Ok(v), Ok(n), Ok(e)) => (v, n, e),
            (v, n, e) => {
                diags.extend_errors([v.err(), n.err(), e.err()]);
                return;
            }
        };
        let Some(value) = value else {
            if note.is_some() || !evidence.is_empty() {
                diags.push(
                    note_place
                        .warning(
                            "W0703",
                            "not imported: a note or evidence without an answer",
                        )
                        .with_help(format!("choose an answer in {} to keep them", place.cell())),
                );
            }
            return;
        };
        let help = format!(
            "write why it does not apply in the note cell {}",
            note_place.cell()
        );
        if let Err(d) = check_justified(self.rubric, value, note.as_deref(), place, &help) {
            diags.push(d);
            return;
        }
        out.answers.insert(
            id,
            Answer {
                value,
                note,
                evidence,
            },
        );
    }

    fn actions(&self, sheet: &Sheet, out: &mut Imported, diags: &mut Diagnostics) {
        let cols = (
            self.key_column(sheet, OWNER, diags),
            self.key_column(sheet, DUE, diags),
            self.key_column(sheet, STATUS, diags),
        );
        let (Some(owner), Some(due), Some(status)) = cols else {
            return;
        };
        for (row, cells) in sheet.rows().filter(|(r, _)| *r != KEY_ROW) {
            let Some(id) = cells.get(&ID_COL).and_then(Value::text) else {
                continue;
            };
            let at = |col| Place::new(self.file, sheet.name.as_deref(), row, col);
            if self.rubric.action(&id).is_none() {
                let ids = self.rubric.actions.iter().map(|a| a.id.as_str());
                diags.push(self.unknown_id(&at(ID_COL), &id, "action", ids));
                continue;
            }
            let results = (
                fields::text(sheet.get(row, owner), &at(owner), "owner"),
                dates::date(sheet.get(row, due), None).map_err(|r| date_error(&at(due), &r)),
                fields::status(sheet.get(row, status), &at(status)),
            );
            match results {
                (Ok(owner), Ok(due), Ok(status)) => {
                    let plan = ActionPlan { owner, due, status };
                    if plan != ActionPlan::default() {
                        out.plans.insert(id, plan);
                    }
                }
                (o, d, s) => diags.extend_errors([o.err(), d.err(), s.err()]),
            }
        }
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
