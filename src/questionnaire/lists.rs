//! The hidden `Lists` sheet: the workbook's metadata (format, rubric id
//! and version) that import checks first, and the drop-down lists (each
//! scale's labels, the stage names, the action statuses). Lists live in
//! cells rather than inline in the validations because inline lists are
//! limited to 255 characters and cannot hold labels with commas.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Formula, Worksheet, XlsxError};

use super::layout::{
    FORMAT, LISTS_SHEET, MARK_LISTS, META_FORMAT, META_RUBRIC, META_TITLE, META_VERSION,
    NOT_APPLICABLE, column_name,
};
use super::style::put;
use crate::assessment::ActionStatus;
use crate::assessment::load::status_name;
use crate::model::{NotApplicablePolicy, Rubric, Scale};

/// First column of the lists (A and B hold the metadata).
const FIRST_LIST_COL: u16 = 3;

/// The action statuses offered, in roadmap order.
pub const STATUSES: [ActionStatus; 4] = [
    ActionStatus::Planned,
    ActionStatus::InProgress,
    ActionStatus::Done,
    ActionStatus::Dropped,
];

/// One drop-down list: its key (row 1), items, and where it sits.
struct List {
    key: String,
    items: Vec<String>,
    col: u16,
}

/// Every list of a rubric's questionnaire, computed before any sheet is
/// written so sheets can refer to them.
pub struct Lists {
    lists: Vec<List>,
}

impl Lists {
    pub fn new(rubric: &Rubric) -> Lists {
        let mut keyed: Vec<(String, Vec<String>)> = rubric
            .scales
            .iter()
            .map(|s| (format!("scale:{}", s.id), answer_items(rubric, s)))
            .collect();
        keyed.push((
            "stages".into(),
            rubric.stages.iter().map(|s| s.name.clone()).collect(),
        ));
        keyed.push((
            "statuses".into(),
            STATUSES
                .iter()
                .map(|s| status_name(*s).to_string())
                .collect(),
        ));
        let lists = keyed
            .into_iter()
            .enumerate()
            .map(|(i, (key, items))| List {
                key,
                items,
                col: FIRST_LIST_COL + i as u16,
            })
            .collect();
        Lists { lists }
    }

    /// The answer drop-down of indicators on `scale`.
    pub fn answers(&self, scale: &Scale) -> DataValidation {
        let key = format!("scale:{}", scale.id);
        self.validation(&key, "Not an answer", "Choose an answer from the list.")
    }

    /// The stage drop-down of the targets.
    pub fn stages(&self) -> DataValidation {
        self.validation("stages", "Not a stage", "Choose a stage from the list.")
    }

    /// The status drop-down of the actions.
    pub fn statuses(&self) -> DataValidation {
        self.validation("statuses", "Not a status", "Choose a status from the list.")
    }

    fn validation(&self, key: &str, title: &str, message: &str) -> DataValidation {
        let formula = self
            .lists
            .iter()
            .find(|l| l.key == key)
            .map(|l| range_formula(l.col, l.items.len()))
            .unwrap_or_else(|| "\"\"".to_string());
        let validation = DataValidation::new()
            .allow_list_formula(Formula::new(formula))
            .set_error_style(DataValidationErrorStyle::Stop);
        // Titles and messages are short constants, within Excel's limits.
        let validation = match validation.clone().set_error_title(title) {
            Ok(v) => v,
            Err(_) => validation,
        };
        match validation.clone().set_error_message(message) {
            Ok(v) => v,
            Err(_) => validation,
        }
    }

    /// Writes the hidden sheet.
    pub fn write(&self, sheet: &mut Worksheet, rubric: &Rubric) -> Result<(), XlsxError> {
        sheet.set_name(LISTS_SHEET)?;
        let plain = rust_xlsxwriter::Format::new();
        sheet.write_string(0, 0, MARK_LISTS)?;
        let meta = [
            (META_FORMAT, FORMAT.to_string()),
            (META_RUBRIC, rubric.id.clone()),
            (META_VERSION, rubric.version.clone().unwrap_or_default()),
            (META_TITLE, rubric.title.clone()),
        ];
        for (row, (key, value)) in meta.iter().enumerate() {
            sheet.write_string(row as u32 + 1, 0, *key)?;
            put(sheet, row as u32 + 1, 1, value, &plain)?;
        }
        for list in &self.lists {
            sheet.write_string(0, list.col, &list.key)?;
            for (i, item) in list.items.iter().enumerate() {
                put(sheet, i as u32 + 1, list.col, item, &plain)?;
            }
        }
        sheet.set_hidden(true);
        Ok(())
    }
}

/// A scale's labels, plus "n/a" where the rubric allows it.
pub fn answer_items(rubric: &Rubric, scale: &Scale) -> Vec<String> {
    let mut items: Vec<String> = scale.levels.iter().map(|l| l.label.clone()).collect();
    if rubric.scoring.not_applicable != NotApplicablePolicy::Forbidden {
        items.push(NOT_APPLICABLE.to_string());
    }
    items
}

/// `=Lists!$D$2:$D$6` for `len` items in column `col` from row 2.
fn range_formula(col: u16, len: usize) -> String {
    let c = column_name(col);
    format!("={LISTS_SHEET}!${c}$2:${c}${}", len.max(1) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_name_absolute_ranges() {
        assert_eq!(range_formula(3, 5), "=Lists!$D$2:$D$6");
        assert_eq!(range_formula(27, 0), "=Lists!$AB$2:$AB$2");
    }
}
