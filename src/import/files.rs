//! The answer files import writes: named after respondents, refused when
//! they exist (without `--force`), loaded back with the answer-file loader
//! before anything is written, then written atomically.

use std::path::Path;

use super::place::file_error;
use super::{Imported, Options, Planned, answer_file, naming};
use crate::assessment;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Rubric;
use crate::output;
use crate::source::SourceMap;

pub(super) fn name_files(
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
pub(super) fn verify(rubric: &Rubric, planned: &[Planned], diags: &mut Diagnostics) {
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
