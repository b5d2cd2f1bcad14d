//! The `Respondent` sheet: who answers (organisation, name, role, date)
//! and, optionally, the stage each pillar should reach, as drop-downs of
//! the stage names. Column A (hidden) holds each row's field key.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::Prefill;
use super::layout::{
    DATE, MARK_RESPONDENT, NAME, ORGANIZATION, RESPONDENT_COLUMNS, ROLE, TARGET_PREFIX, VALUE,
    respondent_column,
};
use super::lists::Lists;
use super::style::{self, key_row, put};
use crate::model::Rubric;

/// Writes the sheet; `prefill` values are written into their cells.
pub fn write(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    prefill: &Prefill,
    lists: &Lists,
) -> Result<(), XlsxError> {
    sheet.set_name("Respondent")?;
    key_row(sheet, MARK_RESPONDENT, &RESPONDENT_COLUMNS)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 40)?;
    sheet.set_column_width(3, 60)?;
    put(sheet, 1, 1, "About you", &style::title())?;
    let value_col = respondent_column(VALUE);
    let fields: [(&str, &str, Option<&str>, &str); 4] = [
        (
            ORGANIZATION,
            "Organisation",
            prefill.organization,
            "Required: the organisation assessed.",
        ),
        (NAME, "Your name", prefill.respondent, "Required."),
        (
            ROLE,
            "Your role",
            None,
            "Optional, e.g. Head of Operations.",
        ),
        (DATE, "Date", None, "The day you answered: YYYY-MM-DD."),
    ];
    let mut row = 3;
    for (key, label, value, hint) in fields {
        sheet.write_string(row, 0, key)?;
        put(sheet, row, 1, label, &style::header())?;
        let format = if key == DATE {
            style::date_input()
        } else {
            style::input()
        };
        match value {
            Some(v) => put(sheet, row, value_col, v, &format)?,
            None => {
                sheet.write_blank(row, value_col, &format)?;
            }
        }
        put(sheet, row, 3, hint, &style::muted())?;
        row += 1;
    }
    row += 1;
    put(sheet, row, 1, "Targets (optional)", &style::heading())?;
    put(
        sheet,
        row,
        2,
        "The stage each pillar should reach in the next 12 to 18 months. Leave empty for the next stage up.",
        &style::caption(),
    )?;
    row += 1;
    let stages = lists.stages();
    for pillar in &rubric.pillars {
        sheet.write_string(row, 0, format!("{TARGET_PREFIX}{}", pillar.id))?;
        put(sheet, row, 1, &pillar.name, &style::header())?;
        sheet.write_blank(row, value_col, &style::input())?;
        sheet.add_data_validation(row, value_col, row, value_col, &stages)?;
        row += 1;
    }
    style::print_setup(sheet);
    style::protect(sheet);
    Ok(())
}
