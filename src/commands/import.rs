//! `rubricate import FILES... -o DIR [--rubric RUBRIC] [--map MAP]
//! [--organization NAME] [--force]`: filled questionnaires and survey
//! exports → answer files. Wiring only: [`crate::import`] plans, this
//! prints and writes.

use std::path::Path;

use super::Outcome;
use crate::diagnostics::{ColorChoice, Diagnostics, render_all};
use crate::import::{self, Options, Stop};
use crate::source::SourceMap;

/// What to import and where.
pub struct ImportArgs<'a> {
    pub files: &'a [String],
    pub output: &'a Path,
    pub rubric: Option<&'a str>,
    pub map: Option<&'a Path>,
    pub organization: Option<&'a str>,
    pub force: bool,
}

pub fn import(args: &ImportArgs, color: ColorChoice) -> Outcome {
    let options = Options {
        rubric: args.rubric,
        map: args.map,
        organization: args.organization,
        output: args.output,
        force: args.force,
    };
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let planned = import::plan(args.files, &options, &mut sources, &mut diags);
    if !diags.is_empty() {
        crate::err!("{}", render_all(&sources, &diags, color));
    }
    let planned = match planned {
        Ok(planned) => planned,
        Err(Stop::Usage(message)) => {
            crate::errln!("error: {message}");
            return Outcome::Usage;
        }
        Err(Stop::Input) => {
            crate::errln!("nothing written");
            return Outcome::InputErrors;
        }
    };
    let problems = import::write(&planned, args.force);
    for p in &planned {
        crate::errln!(
            "wrote {} ({}, {} answer{}, from {})",
            p.path.display(),
            p.respondent,
            p.answers,
            if p.answers == 1 { "" } else { "s" },
            p.source
        );
    }
    if problems.is_empty() {
        Outcome::Ok
    } else {
        crate::err!("{}", render_all(&sources, &problems, color));
        Outcome::InputErrors
    }
}
