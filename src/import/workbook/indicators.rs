//! The indicator sheets of a filled questionnaire: one answer (with its
//! note and evidence) per row whose hidden column A holds an indicator id.

use std::collections::BTreeMap;

use super::super::Imported;
use super::super::cells::Sheet;
use super::super::fields;
use super::super::levels::check_justified;
use super::super::place::Place;
use super::{ExtendErrors, Reader, marked};
use crate::assessment::Answer;
use crate::diagnostics::Diagnostics;
use crate::questionnaire::layout::{
    self, EVIDENCE, ID_COL, KEY_ROW, MARK_INDICATORS, NOTE, STAGE_PREFIX,
};

impl Reader<'_> {
    pub(super) fn indicators(&self, sheets: &[Sheet], out: &mut Imported, diags: &mut Diagnostics) {
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
}
