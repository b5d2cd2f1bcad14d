//! `rubricate import`: filled questionnaires and survey exports → answer
//! files, one per respondent, in the format `rubricate init` writes and
//! [`crate::assessment::load`] reads. Nothing is written unless every
//! file imports without errors.
//!
//! Pipeline: [`read`] (xlsx via calamine, CSV via csv; sizes bounded by
//! [`limits`]) → [`cells::Sheet`]s → a questionnaire ([`workbook`], found
//! by its hidden `Lists` sheet) or a survey table ([`survey`], one
//! respondent per row, columns matched by id, statement or the map file
//! of [`mapping`]) → [`Imported`] respondents → named files
//! ([`naming`]) with [`answer_file`] text, each loaded back with the
//! answer-file loader before anything is written.
//!
//! Every problem is a diagnostic whose message starts with its place,
//! `file: Sheet!D14:` (see [`place`]), all reported together.
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

pub mod answer_file;
pub mod cells;
pub mod dates;
pub mod limits;
pub mod mapping;
pub mod naming;
pub mod place;

mod csv_file;
mod fields;
mod levels;
mod read;
mod survey;
mod workbook;
mod xlsx_file;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use self::cells::{Sheet, fold};
use self::levels::{Alias, Levels};
use self::mapping::Mapping;
use self::place::{file_error, file_warning};
use self::read::Contents;
use self::workbook::Meta;
use crate::assessment::{self, ActionPlan, Answer};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Rubric};
use crate::output;
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

/// One file to import, read.
struct Input {
    name: String,
    kind: Kind,
}

enum Kind {
    Questionnaire(Vec<Sheet>, Meta),
    Survey(Sheet),
}

/// Reads every file and plans the answer files; writes nothing. Every
/// problem of every file is in `diags` either way.
pub fn plan(
    files: &[String],
    options: &Options,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Result<Vec<Planned>, Stop> {
    let inputs = read_all(files, diags);
    let rubric_source = rubric_source(options.rubric, &inputs)?;
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
    let planned = name_files(&rubric, respondents, options, diags);
    verify(&rubric, &planned, diags);
    if diags.has_errors() {
        return Err(Stop::Input);
    }
    Ok(planned)
}

fn read_all(files: &[String], diags: &mut Diagnostics) -> Vec<Input> {
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
fn rubric_source(given: Option<&str>, inputs: &[Input]) -> Result<String, Stop> {
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

fn name_files(
    rubric: &Rubric,
    respondents: Vec<Imported>,
    options: &Options,
    diags: &mut Diagnostics,
) -> Vec<Planned> {
    if options.output.exists() && !options.output.is_dir() {
        diags.push(
            file_error(
                &options.output.display().to_string(),
                "E0715",
                "this is a file, not a folder",
            )
            .with_help("`-o` names the folder the answer files are written to"),
        );
        return Vec::new();
    }
    let stems = naming::unique_stems(respondents.iter().map(|r| r.name.as_str()));
    let mut planned = Vec::new();
    for (respondent, stem) in respondents.iter().zip(stems) {
        let path = options.output.join(format!("{stem}.toml"));
        if !options.force && path.exists() {
            diags.push(exists(&path, respondent));
            continue;
        }
        planned.push(Planned {
            text: answer_file::text(rubric, respondent),
            path,
            respondent: respondent.name.clone(),
            source: respondent.source.clone(),
            answers: respondent.answers.len(),
        });
    }
    planned
}

fn exists(path: &Path, respondent: &Imported) -> Diagnostic {
    file_error(
        &path.display().to_string(),
        "E0714",
        format!(
            "already exists; not replacing it with the answers of {} ({})",
            respondent.name, respondent.source
        ),
    )
    .with_help("pass `--force` to replace it, or import into another folder")
}

/// Loads every planned file with the answer-file loader: import writes
/// only what `score` reads. A failure here is a bug in import.
fn verify(rubric: &Rubric, planned: &[Planned], diags: &mut Diagnostics) {
    // Without a temporary folder the check cannot run; writing, which
    // needs the disk too, reports the real problem.
    let Ok(dir) = tempfile::tempdir() else { return };
    for (i, p) in planned.iter().enumerate() {
        let path = dir.path().join(format!("{i}.toml"));
        if std::fs::write(&path, &p.text).is_err() {
            return;
        }
        let mut sources = SourceMap::new();
        let files = [path.display().to_string()];
        let (_, found) = assessment::load(rubric, &files, &mut sources);
        if let Some(first) = found.iter().find(|d| d.is_error()) {
            diags.push(
                file_error(
                    &p.path.display().to_string(),
                    "E0799",
                    format!("the imported answer file does not load: {}", first.message),
                )
                .with_help(
                    "this is a bug in rubricate import; please report it with the file imported",
                ),
            );
        }
    }
}

/// Writes the planned files (atomically; replacing existing ones only
/// with `force`). Returns the problems.
pub fn write(planned: &[Planned], force: bool) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for p in planned {
        let result = if force {
            output::write_atomic(&p.path, p.text.as_bytes()).map(|_| ())
        } else {
            output::write_new(&p.path, p.text.as_bytes())
        };
        let shown = p.path.display().to_string();
        match result {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => diags.push(
                file_error(
                    &shown,
                    "E0714",
                    "was created by someone else meanwhile; not replacing it",
                )
                .with_help("pass `--force` to replace it, or import into another folder"),
            ),
            Err(e) => diags.push(
                file_error(&shown, "E0715", format!("cannot write: {e}"))
                    .with_help("check that the folder can be written"),
            ),
        }
    }
    diags
}
