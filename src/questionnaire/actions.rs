//! The `Actions` sheet: the rubric's advancement actions, grouped by
//! transition, with owner, due date and status (a drop-down) to fill in.
//! Column A (hidden) holds the action ids.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::layout::{ACTION_COLUMNS, DUE, MARK_ACTIONS, OWNER, STATUS, action_column};
use super::lists::Lists;
use super::style::{self, key_row, put};
use crate::model::{Action, Rubric};

const HEADER_ROW: u32 = 3;
const HEADERS: [(&str, f64); 8] = [
    ("Action", 50.0),
    ("Pillar or area", 26.0),
    ("Stage step", 28.0),
    ("Impact", 9.0),
    ("Effort", 9.0),
    ("Owner", 22.0),
    ("Due date", 14.0),
    ("Status", 14.0),
];

pub fn write(sheet: &mut Worksheet, rubric: &Rubric, lists: &Lists) -> Result<(), XlsxError> {
    sheet.set_name("Actions")?;
    key_row(sheet, MARK_ACTIONS, &ACTION_COLUMNS)?;
    put(sheet, 1, 1, "Roadmap actions", &style::title())?;
    put(
        sheet,
        2,
        1,
        "Optional: who owns an action, by when, and how far it is. Leave a row empty when nobody plans it.",
        &style::caption(),
    )?;
    for (i, (header, width)) in HEADERS.iter().enumerate() {
        let col = i as u16 + 1;
        sheet.set_column_width(col, *width)?;
        put(sheet, HEADER_ROW, col, header, &style::header())?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    let mut actions: Vec<&Action> = rubric.actions.iter().collect();
    // Declaration order within a transition, transitions lowest first.
    actions.sort_by_key(|a| a.to_index);
    let statuses = lists.statuses();
    for (i, action) in actions.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        action_row(sheet, rubric, action, row)?;
        let status = action_column(STATUS);
        sheet.add_data_validation(row, status, row, status, &statuses)?;
    }
    style::print_setup(sheet);
    style::protect(sheet);
    Ok(())
}

fn action_row(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    action: &Action,
    row: u32,
) -> Result<(), XlsxError> {
    let text = style::text();
    let area = match (&action.pillar, &action.area) {
        (Some(p), _) => rubric.pillar(p).map_or(p.as_str(), |p| p.name.as_str()),
        (None, Some(area)) => area.as_str(),
        (None, None) => "",
    };
    let step = match &action.from {
        Some(from) => format!(
            "{} → {}",
            rubric.stage_name(from),
            rubric.stage_name(&action.to)
        ),
        None => format!("into {}", rubric.stage_name(&action.to)),
    };
    sheet.write_string(row, 0, &action.id)?;
    put(sheet, row, 1, &action.title, &text)?;
    let widths = HEADERS.map(|(_, w)| w as usize);
    style::fit_cells(
        sheet,
        row,
        &[
            (&action.title, widths[0]),
            (area, widths[1]),
            (&step, widths[2]),
        ],
    )?;
    put(sheet, row, 2, area, &text)?;
    put(sheet, row, 3, &step, &text)?;
    put(sheet, row, 4, action.impact.as_str(), &text)?;
    put(sheet, row, 5, action.effort.as_str(), &text)?;
    sheet.write_blank(row, action_column(OWNER), &style::input())?;
    sheet.write_blank(row, action_column(DUE), &style::date_input())?;
    sheet.write_blank(row, action_column(STATUS), &style::input())?;
    Ok(())
}
