//! The files to import, read and sorted into questionnaires and survey
//! tables, and the rubric they answer.

use std::collections::BTreeSet;

use super::Stop;
use super::cells::Sheet;
use super::place::{file_error, file_warning};
use super::read::{self, Contents};
use super::workbook::{self, Meta};
use crate::diagnostics::Diagnostics;
use crate::model;

/// One file to import, read.
pub(super) struct Input {
    pub name: String,
    pub kind: Kind,
}

pub(super) enum Kind {
    Questionnaire(Vec<Sheet>, Meta),
    Survey(Sheet),
}

pub(super) fn read_all(files: &[String], diags: &mut Diagnostics) -> Vec<Input> {
    let names: BTreeSet<&String> = files.iter().collect();
    let mut inputs = Vec::new();
    for name in names {
        let kind = match read::read(name, diags) {
            Some(Contents::Csv(sheet)) => Kind::Survey(sheet),
            Some(Contents::Workbook(sheets)) => match workbook::meta(&sheets) {
                Some(meta) => Kind::Questionnaire(sheets, meta),
                None => match survey_sheet(name, sheets, diags) {
                    Some(sheet) => Kind::Survey(sheet),
                    None => continue,
                },
            },
            None => continue,
        };
        inputs.push(Input {
            name: name.clone(),
            kind,
        });
    }
    inputs
}

/// The sheet of a survey workbook: the first visible one with data.
fn survey_sheet(name: &str, sheets: Vec<Sheet>, diags: &mut Diagnostics) -> Option<Sheet> {
    let mut with_data = sheets.into_iter().filter(|s| s.visible && !s.is_empty());
    let Some(first) = with_data.next() else {
        diags.push(
            file_error(name, "E0701", "nothing to import: the workbook has no data")
                .with_help("export the survey's responses, with the header row"),
        );
        return None;
    };
    for other in with_data {
        diags.push(
            file_warning(
                name,
                "W0708",
                format!(
                    "only sheet `{}` is read; sheet `{}` is ignored",
                    first.name.as_deref().unwrap_or_default(),
                    other.name.as_deref().unwrap_or_default()
                ),
            )
            .with_help(
                "a survey export has one sheet of responses; move other data out of the file",
            ),
        );
    }
    Some(first)
}

/// The rubric to import against: `--rubric`, else the bundled rubric a
/// questionnaire names.
pub(super) fn rubric_source(given: Option<&str>, inputs: &[Input]) -> Result<String, Stop> {
    if let Some(rubric) = given {
        return Ok(rubric.to_string());
    }
    if let Some(survey) = inputs.iter().find(|i| matches!(i.kind, Kind::Survey(_))) {
        return Err(Stop::Usage(format!(
            "`{}` is a survey export: say which rubric it answers with `--rubric RUBRIC` (a file, or `builtin:NAME`)",
            survey.name
        )));
    }
    let ids: BTreeSet<&str> = inputs
        .iter()
        .filter_map(|i| match &i.kind {
            Kind::Questionnaire(_, meta) => Some(meta.rubric.as_str()),
            Kind::Survey(_) => None,
        })
        .collect();
    let ids: Vec<&str> = ids.into_iter().collect();
    match ids.as_slice() {
        [] => Err(Stop::Input),
        [id] if model::bundled(id).is_some() => Ok(format!("builtin:{id}")),
        [id] => Err(Stop::Usage(format!(
            "the questionnaires answer rubric `{id}`, which is not bundled: pass its file with `--rubric PATH`"
        ))),
        _ => Err(Stop::Usage(format!(
            "the questionnaires answer different rubrics ({}): import each rubric's separately, with `--rubric`",
            ids.iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
