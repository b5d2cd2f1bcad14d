//! `rubricate questionnaire`: a rubric → a spreadsheet (xlsx) a
//! stakeholder fills in with Excel, LibreOffice or Google Sheets, for
//! people who will never edit TOML. `import` turns the filled workbook
//! back into an answer file.
//!
//! Sheets, in order:
//! - `Instructions`: title, summary, how to answer, the scale(s) with
//!   labels and meanings, where each pillar's statements are.
//! - `Respondent`: organisation, name, role, date, and an optional target
//!   stage per pillar (drop-downs of stage names).
//! - one sheet per pillar: indicators grouped by stage with statement,
//!   guidance, answer (drop-down of the scale's labels, plus "n/a" where
//!   the rubric's policy allows it), note and evidence.
//! - `Actions`: each action's title, pillar or area, stage step, impact,
//!   effort, and owner, due date and status (drop-down) to fill in.
//! - `Lists` (hidden): the workbook's rubric id and version, and the
//!   drop-down lists.
//!
//! Ids live in a hidden, locked column and a hidden key row (see
//! [`layout`]); sheets are protected without a password so only input
//! cells take typing. Output is a pure function of the rubric and the
//! prefill: the document's creation date is fixed, so the same input gives
//! byte-identical files (rust_xlsxwriter already stamps zip entries with a
//! fixed date).
//!
//! [`html`] writes the same questionnaire as one offline web page whose
//! download button produces the answer file directly (no `import`).

pub mod html;
pub mod layout;
pub mod plain;

mod actions;
mod indicators;
mod instructions;
mod lists;
mod respondent;
mod style;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::diagnostics::Diagnostic;
use crate::model::Rubric;

pub use indicators::sheet_names;
pub use lists::answer_items;

/// The two shapes of the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A workbook; `rubricate import` turns it into an answer file.
    Xlsx,
    /// An offline web page that writes the answer file itself.
    Html,
}

impl Format {
    /// The format an output path asks for by its extension (`.html`,
    /// `.htm`, `.xlsx`, any case); `None` for anything else.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Values written into the respondent sheet before it is sent out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prefill<'a> {
    pub organization: Option<&'a str>,
    pub respondent: Option<&'a str>,
}

/// The questionnaire workbook for `rubric`, as xlsx bytes.
pub fn workbook(rubric: &Rubric, prefill: &Prefill) -> Result<Vec<u8>, Diagnostic> {
    build(rubric, prefill).map_err(|e| {
        Diagnostic::error("E0720", format!("cannot build the questionnaire: {e}"))
            .with_help("this is a bug in rubricate; please report it with the rubric")
    })
}

fn build(rubric: &Rubric, prefill: &Prefill) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(rubric, prefill)?);
    let lists = lists::Lists::new(rubric);
    let names = sheet_names(rubric);
    instructions::write(workbook.add_worksheet(), rubric, prefill, &names)?;
    respondent::write(workbook.add_worksheet(), rubric, prefill, &lists)?;
    for (pillar, name) in rubric.pillars.iter().zip(&names) {
        indicators::write(workbook.add_worksheet(), rubric, pillar, name, &lists)?;
    }
    actions::write(workbook.add_worksheet(), rubric, &lists)?;
    lists.write(workbook.add_worksheet(), rubric)?;
    workbook.save_to_buffer()
}

/// Document properties with a fixed creation date: nothing in the file
/// depends on when it was written, so regenerating it changes nothing.
fn properties(rubric: &Rubric, prefill: &Prefill) -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let mut props = DocProperties::new()
        .set_title(format!("{}: questionnaire", rubric.title))
        .set_author("rubricate")
        .set_creation_datetime(&created);
    if let Some(org) = prefill.organization {
        props = props.set_subject(org);
    }
    Ok(props)
}
