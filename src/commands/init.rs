//! `rubricate init`: writes (or prints) a ready-to-fill answer file for a
//! rubric, so respondents start from every id and scale instead of typing
//! them. Never overwrites: a half-filled answer file is someone's work;
//! `--update` brings existing ones up to a newer rubric instead.

mod update;

pub use update::update;

use crate::console;
use std::path::Path;

use super::Outcome;
use crate::assessment;
use crate::diagnostics::{ColorChoice, render_all};
use crate::model;
use crate::output::write_new;
use crate::source::SourceMap;

/// Compiles `rubric` and writes its answer-file template to `output`
/// (atomically, refusing to replace an existing file) or to standard
/// output.
pub fn init(rubric: &str, output: Option<&Path>, color: ColorChoice) -> Outcome {
    let mut sources = SourceMap::new();
    let compiled = model::compile(rubric, &mut sources);
    console::err(&render_all(&sources, &compiled.diagnostics, color));
    let Some(rubric) = compiled.rubric else {
        return Outcome::InputErrors;
    };
    let text = assessment::template(&rubric);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_once_then_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers/dana.toml");
        assert_eq!(
            init("builtin:ecommerce", Some(&path), ColorChoice::Never),
            Outcome::Ok
        );
        let first = std::fs::read_to_string(&path).unwrap();
        assert!(first.contains("[answers]"));
        std::fs::write(&path, "mine").unwrap();
        assert_eq!(
            init("builtin:ecommerce", Some(&path), ColorChoice::Never),
            Outcome::InputErrors
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
        let files = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(files, 1, "no temporary file left behind");
    }

    #[test]
    fn unknown_rubric_is_an_input_error() {
        assert_eq!(
            init("builtin:nope", None, ColorChoice::Never),
            Outcome::InputErrors
        );
    }
}
