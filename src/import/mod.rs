//! `rubricate import`: filled questionnaires and survey exports → answer
//! files, one per respondent, in the format `rubricate init` writes and
//! [`crate::assessment::load()`] reads. Nothing is written unless every
//! file imports without errors.
//!
//! Pipeline: `read` (xlsx via calamine, CSV via csv; sizes bounded by
//! [`limits`]) → `cells::Sheet`s → a questionnaire (`workbook`, found by
//! its hidden `Lists` sheet) or a survey table (`survey`, one respondent
//! per row, columns matched by id, statement or the map file of
//! `mapping`) → [`Imported`] respondents → named answer files (`naming`,
//! `answer_file`), each loaded back with the answer-file loader before
//! anything is written (`files`).
//!
//! Every problem is a diagnostic whose message starts with its place,
//! `file: Sheet!D14:` (see `place`), all reported together.
//!
//! # Diagnostic codes
//!
//! | code  | problem |
//! |-------|---------|
//! | E0700 | a file cannot be read, or its format is not read |
//! | E0701 | a file is damaged, not UTF-8, or empty |
//! | E0702 | a size bound is crossed (file, unpacked size, rows, columns, cells, characters) |
//! | E0703 | a questionnaire for another rubric, major version or newer rubricate |
//! | E0704 | a questionnaire's structure: missing sheet or column, unknown or repeated id |
//! | E0705 | an answer that is not a level of the scale |
//! | E0706 | "n/a" the rubric forbids, or without the note it requires |
//! | E0707 | a date that cannot be read |
//! | E0708 | an unknown stage or action status |
//! | E0709 | a missing respondent name or organisation |
//! | E0710 | a survey column that matches no indicator |
//! | E0711 | two survey columns for the same thing |
//! | E0712 | a problem in the map file |
//! | E0713 | a cell showing an error value, or a value of the wrong kind |
//! | E0714 | an answer file that already exists (without `--force`) |
//! | E0715 | the output folder cannot be written |
//! | E0799 | an imported answer file does not load (a bug) |
//! | W0701 | a survey metadata column ignored ("Email address", "Score", …) |
//! | W0702 | content in a questionnaire row without an indicator id, ignored |
//! | W0703 | a note or evidence without an answer, not imported |
//! | W0704 | a respondent who answered nothing, or a survey without responses |
//! | W0705 | a survey respondent without a name, named by row |
//! | W0706 | respondents name different organisations |
//! | W0707 | a map-file column entry that matches no column |
//! | W0708 | a survey workbook's other sheets, ignored |

mod answer_file;
mod cells;
mod dates;
pub mod limits;
mod mapping;
mod naming;
mod place;

mod csv_file;
mod fields;
mod files;
mod inputs;
mod levels;
mod read;
mod survey;
mod workbook;
mod xlsx_file;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use self::cells::fold;
use self::inputs::{Input, Kind};
use self::levels::{Alias, Levels};
use self::mapping::Mapping;
use crate::assessment::{ActionPlan, Answer};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Rubric};
use crate::source::SourceMap;

/// One respondent's answers, read from a workbook or a survey row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    /// Where they came from: `acme-ops.xlsx`, `survey.csv row 4`.
    pub source: String,
    pub organization: Option<String>,
    pub name: String,
    pub role: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Pillar id → stage id.
    pub targets: BTreeMap<String, String>,
    /// Indicator id → answer.
    pub answers: BTreeMap<String, Answer>,
    /// Action id → plan.
    pub plans: BTreeMap<String, ActionPlan>,
}

/// What `rubricate import` was asked to do.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The rubric; a questionnaire of a bundled rubric names its own.
    pub rubric: Option<&'a str>,
    /// The survey map file.
    pub map: Option<&'a Path>,
    /// The organisation of respondents whose file names none.
    pub organization: Option<&'a str>,
    /// The folder answer files are written to.
    pub output: &'a Path,
    /// Replace existing answer files.
    pub force: bool,
}

/// An answer file ready to be written.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    pub text: String,
    pub respondent: String,
    pub source: String,
    pub answers: usize,
}

/// Why import stopped before writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// A usage problem (exit 2), with what to do.
    Usage(String),
    /// Input errors, in the diagnostics (exit 1).
    Input,
}

/// Reads every file and plans the answer files; writes nothing. Every
/// problem of every file is in `diags` either way.
pub fn plan(
    files: &[String],
    options: &Options,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Result<Vec<Planned>, Stop> {
    let inputs = inputs::read_all(files, diags);
    let rubric_source = inputs::rubric_source(options.rubric, &inputs)?;
    let compiled = model::compile(&rubric_source, sources);
    diags.extend(compiled.diagnostics);
    let rubric = compiled.rubric.ok_or(Stop::Input)?;
    let mapping = match options.map {
        Some(path) => mapping::load(path, &rubric, sources, diags)
            .map(Some)
            .ok_or(Stop::Input),
        None => Ok(None),
    };
    let respondents = interpret(
        &rubric,
        &inputs,
        mapping.as_ref().map(Option::as_ref),
        options,
        diags,
    );
    warn_organizations(&respondents, diags);
    if diags.has_errors() || mapping.is_err() {
        return Err(Stop::Input);
    }
    let planned = files::name_files(&rubric, respondents, options, diags);
    files::verify(&rubric, &planned, diags);
    if diags.has_errors() {
        return Err(Stop::Input);
    }
    Ok(planned)
}

fn interpret(
    rubric: &Rubric,
    inputs: &[Input],
    mapping: Result<Option<&Mapping>, &Stop>,
    options: &Options,
    diags: &mut Diagnostics,
) -> Vec<Imported> {
    let no_aliases = BTreeMap::new();
    let (mapping, aliases): (Option<&Mapping>, &BTreeMap<String, Alias>) = match mapping {
        Ok(Some(m)) => (Some(m), &m.aliases),
        _ => (None, &no_aliases),
    };
    let mut used = Vec::new();
    let mut surveys = 0;
    let mut out = Vec::new();
    for input in inputs {
        let levels = Levels { rubric, aliases };
        match &input.kind {
            Kind::Questionnaire(sheets, meta) => {
                let reader = workbook::Reader {
                    rubric,
                    levels,
                    file: &input.name,
                    organization: options.organization,
                };
                out.extend(reader.read(sheets, meta, diags));
            }
            // A broken map file was reported; reading surveys without it
            // would only add errors it would have prevented.
            Kind::Survey(_) if options.map.is_some() && mapping.is_none() => {}
            Kind::Survey(sheet) => {
                surveys += 1;
                let survey = survey::Survey {
                    rubric,
                    levels,
                    mapping,
                    organization: options.organization,
                    file: &input.name,
                };
                out.extend(survey.read(sheet, &mut used, diags));
            }
        }
    }
    if let (Some(mapping), true) = (mapping, surveys > 0) {
        warn_unused(mapping, &used, diags);
    }
    out
}

fn warn_unused(mapping: &Mapping, used: &[usize], diags: &mut Diagnostics) {
    for (i, entry) in mapping.entries.iter().enumerate() {
        if !used.contains(&i) {
            diags.push(
                Diagnostic::warning(
                    "W0707",
                    format!("no column is headed \"{}\"", entry.header),
                )
                .with_primary(entry.span, "this entry matches no column")
                .with_help("check the header against the export; headers are compared without case, spacing or question numbers"),
            );
        }
    }
}

/// Answer files of different organisations cannot be scored together.
fn warn_organizations(respondents: &[Imported], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, &Imported> = BTreeMap::new();
    for r in respondents {
        let Some(org) = &r.organization else { continue };
        seen.entry(fold(org)).or_insert(r);
    }
    if seen.len() > 1 {
        let list: Vec<String> = seen
            .values()
            .map(|r| {
                format!(
                    "\"{}\" ({})",
                    r.organization.as_deref().unwrap_or_default(),
                    r.source
                )
            })
            .collect();
        diags.push(
            Diagnostic::warning(
                "W0706",
                format!("respondents name different organisations: {}", list.join(", ")),
            )
            .with_help("`rubricate score` combines one organisation's answer files; import each organisation into its own folder"),
        );
    }
}

pub use files::write;
