//! `rubricate init`: writes (or prints) a ready-to-fill answer file for a
//! rubric, so respondents start from every id and scale instead of typing
//! them. Never overwrites: a half-filled answer file is someone's work;
//! `--update` brings existing ones up to a newer rubric instead.

mod update;

pub use update::update;

use crate::console;
use std::path::{Component, Path, PathBuf};

use super::Outcome;
use crate::assessment;
use crate::diagnostics::{ColorChoice, render_all};
use crate::model;
use crate::output::write_new;
use crate::schema::{self, Name};
use crate::source::SourceMap;

/// Compiles `rubric` and writes its answer-file template to `output`
/// (atomically, refusing to replace an existing file) or to standard
/// output. The first line names the answer-file schema for editors
/// (`schema`, else see [`default_schema_ref`]).
pub fn init(
    rubric: &str,
    output: Option<&Path>,
    schema: Option<&str>,
    color: ColorChoice,
) -> Outcome {
    let reference = schema.map_or_else(|| default_schema_ref(output), str::to_string);
    let Some(directive) = schema::directive(&reference) else {
        eprintln!(
            "error: `--schema` must be a path or a URL on one line\n  = help: for example `--schema ../../schemas/answers.schema.json`"
        );
        return Outcome::Usage;
    };
    let mut sources = SourceMap::new();
    let compiled = model::compile(rubric, &mut sources);
    console::err(&render_all(&sources, &compiled.diagnostics, color));
    let Some(rubric) = compiled.rubric else {
        return Outcome::InputErrors;
    };
    let text = format!("{directive}{}", assessment::template(&rubric));
    let Some(path) = output else {
        return super::print_out(&text);
    };
    match write_new(path, text.as_bytes()) {
        Ok(()) => {
            let indicators: usize = rubric.pillars.iter().map(|p| p.indicators.len()).sum();
            console::errln(&format!(
                "wrote {} ({indicators} indicators, {} actions): copy it once per respondent and fill it in",
                path.display(),
                rubric.actions.len()
            ));
            Outcome::Ok
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            console::errln(&format!(
                "error: `{}` already exists; not overwriting it\n  = help: choose another path, or delete the file first",
                path.display()
            ));
            Outcome::InputErrors
        }
        Err(e) => {
            console::errln(&format!("error: cannot write `{}`: {e}", path.display()));
            Outcome::InputErrors
        }
    }
}

/// The schema reference an answer file gets without `--schema`: the path
/// from the output's folder to the nearest `schemas/answers.schema.json` in
/// it or above it, so a file written anywhere in a project made by
/// `rubricate new` finds the project's copy. Otherwise (standard output, or
/// no copy found) the path that is right for `answers/CLIENT/NAME.toml` in
/// such a project, the layout it suggests.
fn default_schema_ref(output: Option<&Path>) -> String {
    output
        .and_then(nearest_schema)
        .unwrap_or_else(|| schema::ANSWERS_FROM_PROJECT_ANSWERS.to_string())
}

fn nearest_schema(file: &Path) -> Option<String> {
    let absolute = std::path::absolute(file).ok()?;
    let folder = normalise(absolute.parent()?);
    let target = Path::new(schema::FOLDER).join(Name::Answers.file_name());
    let ups = folder
        .ancestors()
        .position(|dir| dir.join(&target).is_file())?;
    let prefix = if ups == 0 {
        "./".to_string()
    } else {
        "../".repeat(ups)
    };
    Some(format!(
        "{prefix}{}/{}",
        schema::FOLDER,
        Name::Answers.file_name()
    ))
}

/// `a/b/../c` → `a/c`, without touching the file system (the folder may
/// not exist yet: `init` creates it).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_reference_is_relative_to_the_nearest_copy() {
        let dir = tempfile::tempdir().unwrap();
        let schemas = dir.path().join("schemas");
        std::fs::create_dir_all(&schemas).unwrap();
        std::fs::write(schemas.join("answers.schema.json"), "{}").unwrap();
        let deep = dir.path().join("answers/acme/../blue/dana.toml");
        assert_eq!(
            default_schema_ref(Some(&deep)),
            "../../schemas/answers.schema.json"
        );
        let top = dir.path().join("dana.toml");
        assert_eq!(
            default_schema_ref(Some(&top)),
            "./schemas/answers.schema.json"
        );
        assert_eq!(
            default_schema_ref(None),
            schema::ANSWERS_FROM_PROJECT_ANSWERS
        );
    }

    #[test]
    fn a_schema_reference_that_would_break_the_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dana.toml");
        let outcome = init(
            "builtin:ecommerce",
            Some(&path),
            Some("x\n[answers]"),
            ColorChoice::Never,
        );
        assert_eq!(outcome, Outcome::Usage);
        assert!(!path.exists());
    }

    #[test]
    fn writes_once_then_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers/dana.toml");
        assert_eq!(
            init("builtin:ecommerce", Some(&path), None, ColorChoice::Never),
            Outcome::Ok
        );
        let first = std::fs::read_to_string(&path).unwrap();
        assert!(first.contains("[answers]"));
        std::fs::write(&path, "mine").unwrap();
        assert_eq!(
            init("builtin:ecommerce", Some(&path), None, ColorChoice::Never),
            Outcome::InputErrors
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
        let files = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(files, 1, "no temporary file left behind");
    }

    #[test]
    fn unknown_rubric_is_an_input_error() {
        assert_eq!(
            init("builtin:nope", None, None, ColorChoice::Never),
            Outcome::InputErrors
        );
    }
}
