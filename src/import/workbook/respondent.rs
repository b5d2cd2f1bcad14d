//! The `Respondent` and `Actions` sheets of a filled questionnaire: who
//! answered, their targets, and their roadmap plans.

use super::super::Imported;
use super::super::cells::{Sheet, Value};
use super::super::dates;
use super::super::fields;
use super::super::place::Place;
use super::{ExtendErrors, Reader, date_error, marked};
use crate::assessment::ActionPlan;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::questionnaire::layout::{
    DATE, DUE, ID_COL, KEY_ROW, MARK_RESPONDENT, NAME, ORGANIZATION, OWNER, ROLE, STATUS,
    TARGET_PREFIX, VALUE,
};

impl Reader<'_> {
    pub(super) fn respondent(&self, sheets: &[Sheet], out: &mut Imported, diags: &mut Diagnostics) {
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

    pub(super) fn actions(&self, sheet: &Sheet, out: &mut Imported, diags: &mut Diagnostics) {
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
}
