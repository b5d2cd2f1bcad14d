//! The `Instructions` sheet, the first one people see: the rubric's title
//! and summary, how to answer, the answer scale with its labels and what
//! they mean, and where each pillar's statements are.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::Prefill;
use super::layout::NOT_APPLICABLE;
use super::plain::plain;
use super::style::{self, fit_row, put};
use crate::model::{NotApplicablePolicy, Rubric, Scale};

/// Width of the merged text cells (B:C) in characters, for row heights.
const TEXT_WIDTH: usize = 115;

pub fn write(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    prefill: &Prefill,
    pillar_sheets: &[String],
) -> Result<(), XlsxError> {
    sheet.set_name("Instructions")?;
    sheet.set_column_width(0, 8)?;
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(2, 90)?;
    put(sheet, 0, 0, &rubric.title, &style::title())?;
    put(sheet, 1, 0, &subtitle(rubric, prefill), &style::caption())?;
    let mut row = 3;
    if let Some(summary) = &rubric.summary {
        row = paragraph(sheet, row, &plain(summary))? + 1;
    }
    put(sheet, row, 0, "How to answer", &style::heading())?;
    row += 1;
    for (i, step) in steps(rubric).iter().enumerate() {
        put(sheet, row, 0, &format!("{}.", i + 1), &style::text())?;
        row = paragraph(sheet, row, step)?;
    }
    for scale in &rubric.scales {
        row = scale_table(sheet, rubric, scale, row + 1)?;
    }
    row += 1;
    put(sheet, row, 0, "Where the statements are", &style::heading())?;
    row += 1;
    for (pillar, name) in rubric.pillars.iter().zip(pillar_sheets) {
        put(sheet, row, 1, name, &style::text())?;
        let count = pillar.indicators.len();
        let line = format!(
            "{count} statement{} about {}",
            if count == 1 { "" } else { "s" },
            pillar.name
        );
        put(sheet, row, 2, &line, &style::text())?;
        row += 1;
    }
    style::print_setup(sheet);
    sheet.set_active(true);
    Ok(())
}

fn subtitle(rubric: &Rubric, prefill: &Prefill) -> String {
    let version = rubric
        .version
        .as_deref()
        .map(|v| format!(" version {v}"))
        .unwrap_or_default();
    let org = prefill
        .organization
        .map(|o| format!(" for {o}"))
        .unwrap_or_default();
    format!(
        "Assessment questionnaire{org} (rubric {}{version})",
        rubric.id
    )
}

/// Text across B:C from `row`, tall enough to read; returns the next row.
fn paragraph(sheet: &mut Worksheet, row: u32, text: &str) -> Result<u32, XlsxError> {
    sheet.merge_range(row, 1, row, 2, &super::plain::clip(text), &style::text())?;
    fit_row(sheet, row, text, TEXT_WIDTH)?;
    Ok(row + 1)
}

fn steps(rubric: &Rubric) -> Vec<String> {
    let mut steps = vec![
        "On the Respondent sheet, fill in the organisation and your name (both required), and if you like your role, the date and a target stage for each pillar.".to_string(),
        "On each pillar's sheet, choose an answer for every statement from the drop-down in the yellow Answer column. Answer for the business as it is today, not as planned. Leave a statement empty if you cannot say.".to_string(),
    ];
    match rubric.scoring.not_applicable {
        NotApplicablePolicy::Forbidden => {}
        NotApplicablePolicy::Allowed => steps.push(format!(
            "Choose \"{NOT_APPLICABLE}\" where a statement does not apply to your organisation."
        )),
        NotApplicablePolicy::Justified => steps.push(format!(
            "Choose \"{NOT_APPLICABLE}\" where a statement does not apply to your organisation, and say why in its Note cell (required)."
        )),
    }
    steps.push("Notes and evidence are optional. Evidence is a link or a reference, one per line (Alt+Enter starts a new line in Excel, Ctrl+Enter in Google Sheets).".to_string());
    steps.push(
        "On the Actions sheet, you can give roadmap actions an owner, a due date and a status."
            .to_string(),
    );
    steps.push("Save as .xlsx (in Google Sheets: File → Download → Microsoft Excel) and send the file back. Please do not delete rows or rename the hidden column and row: they tie your answers to the model, whatever the wording.".to_string());
    steps
}

/// The scale's levels as a table; returns the next free row.
fn scale_table(
    sheet: &mut Worksheet,
    rubric: &Rubric,
    scale: &Scale,
    mut row: u32,
) -> Result<u32, XlsxError> {
    let title = if rubric.scales.len() == 1 {
        "The answers".to_string()
    } else {
        format!("The answers on scale {}", scale.id)
    };
    put(sheet, row, 0, &title, &style::heading())?;
    row += 1;
    for (col, header) in ["Value", "Answer", "What it means"].iter().enumerate() {
        put(sheet, row, col as u16, header, &style::header())?;
    }
    row += 1;
    for level in &scale.levels {
        sheet.write_number_with_format(row, 0, level.value, &style::text())?;
        put(sheet, row, 1, &level.label, &style::text())?;
        let meaning = level.description.as_deref().map(plain).unwrap_or_default();
        put(sheet, row, 2, &meaning, &style::text())?;
        row += 1;
    }
    if let Some(met) = scale.level(scale.met) {
        let line = format!("From \"{}\" up, a statement counts as in place.", met.label);
        sheet.merge_range(row, 1, row, 2, &line, &style::muted())?;
        row += 1;
    }
    Ok(row)
}
