//! One sheet per pillar: the pillar's name and description, then its
//! indicators grouped by stage, lowest first, each with its statement and
//! guidance (locked) and an answer (drop-down of the scale's labels), note
//! and evidence cell (unlocked). The hidden column A holds indicator ids.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::layout::{
    ANSWER, EVIDENCE, INDICATOR_COLUMNS, MARK_INDICATORS, NOTE, STAGE_PREFIX, indicator_column,
};
use super::lists::Lists;
use super::plain::plain;
use super::style::{self, fit_cells, fit_row, key_row, put};
use crate::model::{Indicator, Pillar, Rubric};

/// Rows before the first stage: key row, title, description, headers.
const HEADER_ROW: u32 = 3;
/// Column widths (characters) for statement, guidance, answer, note, evidence.
const WIDTHS: [f64; 5] = [60.0, 45.0, 20.0, 40.0, 35.0];

/// Writes `pillar`'s sheet, named `name`.
pub fn write(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    pillar: &Pillar,
    name: &str,
    lists: &Lists,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    key_row(sheet, MARK_INDICATORS, &INDICATOR_COLUMNS)?;
    for (i, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(i as u16 + 1, *width)?;
    }
    let last = INDICATOR_COLUMNS.len() as u16;
    sheet.merge_range(1, 1, 1, last, &pillar.name, &style::title())?;
    let description = pillar.description.as_deref().map(plain).unwrap_or_default();
    sheet.merge_range(
        2,
        1,
        2,
        last,
        &super::plain::clip(&description),
        &style::muted(),
    )?;
    fit_row(sheet, 2, &description, 190)?;
    let headers = [
        "Statement",
        "Guidance",
        "Answer",
        "Note (optional)",
        "Evidence (optional: links, one per line)",
    ];
    for (i, header) in headers.iter().enumerate() {
        put(sheet, HEADER_ROW, i as u16 + 1, header, &style::header())?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    let mut row = HEADER_ROW + 1;
    for stage in &rubric.stages {
        let indicators: Vec<&Indicator> = pillar
            .indicators
            .iter()
            .filter(|i| i.stage_index == stage.index)
            .collect();
        if indicators.is_empty() {
            continue;
        }
        let title = match &stage.tagline {
            Some(t) => format!("{}: {t}", stage.name),
            None => stage.name.clone(),
        };
        sheet.write_string(row, 0, format!("{STAGE_PREFIX}{}", stage.id))?;
        sheet.merge_range(
            row,
            1,
            row,
            last,
            &super::plain::clip(&title),
            &style::stage(),
        )?;
        row += 1;
        for indicator in indicators {
            indicator_row(sheet, rubric, indicator, row, lists)?;
            row += 1;
        }
    }
    style::print_setup(sheet);
    style::protect(sheet);
    Ok(())
}

fn indicator_row(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    indicator: &Indicator,
    row: u32,
    lists: &Lists,
) -> Result<(), XlsxError> {
    sheet.write_string(row, 0, &indicator.id)?;
    put(sheet, row, 1, &indicator.statement, &style::text())?;
    let guidance = indicator.guidance.as_deref().map(plain).unwrap_or_default();
    put(sheet, row, 2, &guidance, &style::muted())?;
    let [statement_width, guidance_width, ..] = WIDTHS.map(|w| w as usize);
    fit_cells(
        sheet,
        row,
        &[
            (&indicator.statement, statement_width),
            (&guidance, guidance_width),
        ],
    )?;
    let input = style::input();
    for key in [ANSWER, NOTE, EVIDENCE] {
        sheet.write_blank(row, indicator_column(key), &input)?;
    }
    let answer = indicator_column(ANSWER);
    let validation = lists.answers(rubric.scale_of(indicator));
    sheet.add_data_validation(row, answer, row, answer, &validation)?;
    Ok(())
}

/// Sheet names for the pillars: the pillar's name without the characters
/// sheet names forbid, at most 31 characters, unique (case aside) and
/// never one of the questionnaire's own sheets.
pub fn sheet_names(rubric: &Rubric) -> Vec<String> {
    let mut taken: Vec<String> = super::layout::RESERVED_SHEETS
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let mut names = Vec::new();
    for pillar in &rubric.pillars {
        let base = sheet_name_base(&pillar.name, &pillar.id);
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let keep = 31 - suffix.chars().count();
            name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
            n += 1;
        }
        taken.push(name.to_lowercase());
        names.push(name);
    }
    names
}

fn sheet_name_base(name: &str, id: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let cleaned = cleaned.trim_matches('\'').trim().to_string();
    let cleaned = if cleaned.is_empty() {
        id.to_string()
    } else {
        cleaned
    };
    cleaned
        .chars()
        .take(31)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_legal() {
        assert_eq!(
            sheet_name_base("Ops / logistics: [core]", "ops"),
            "Ops logistics core"
        );
        assert_eq!(sheet_name_base("'''", "ops"), "ops");
        let long = "A very long pillar name that goes on and on";
        assert_eq!(sheet_name_base(long, "x").chars().count(), 31);
    }
}
