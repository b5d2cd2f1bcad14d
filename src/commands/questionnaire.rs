//! `rubricate questionnaire RUBRIC -o FILE.xlsx [--organization NAME]
//! [--respondent NAME] [--force]`: writes the spreadsheet questionnaire.
//! A filled questionnaire is someone's work, so an existing file is only
//! replaced with `--force` (or when it already holds exactly these bytes).

use std::path::Path;

use super::Outcome;
use crate::diagnostics::{ColorChoice, render_all};
use crate::model;
use crate::output::{self, Written};
use crate::questionnaire::{self, Prefill};
use crate::source::SourceMap;

/// What to write and where.
pub struct QuestionnaireArgs<'a> {
    pub rubric: &'a str,
    pub output: &'a Path,
    pub prefill: Prefill<'a>,
    pub force: bool,
}

pub fn questionnaire(args: &QuestionnaireArgs, color: ColorChoice) -> Outcome {
    let mut sources = SourceMap::new();
    let compiled = model::compile(args.rubric, &mut sources);
    crate::err!("{}", render_all(&sources, &compiled.diagnostics, color));
    let Some(rubric) = compiled.rubric else {
        return Outcome::InputErrors;
    };
    let bytes = match questionnaire::workbook(&rubric, &args.prefill) {
        Ok(bytes) => bytes,
        Err(d) => {
            crate::err!("{}", render_all(&sources, &d.into(), color));
            return Outcome::InputErrors;
        }
    };
    let path = args.output;
    let unchanged = std::fs::read(path).is_ok_and(|existing| existing == bytes);
    if path.exists() && !args.force && !unchanged {
        crate::errln!(
            "error[E0722]: `{}` already exists; not replacing it (it may hold someone's answers)\n  = help: pass `--force` to replace it, or choose another path",
            path.display()
        );
        return Outcome::InputErrors;
    }
    match output::write_atomic(path, &bytes) {
        Ok(written) => {
            let indicators: usize = rubric.pillars.iter().map(|p| p.indicators.len()).sum();
            let state = if written == Written::Unchanged {
                "unchanged"
            } else {
                "wrote"
            };
            crate::errln!(
                "{state} {} ({}, {}, {}): send it to one respondent, then `rubricate import` it",
                path.display(),
                count(indicators, "statement"),
                count(rubric.pillars.len(), "pillar sheet"),
                count(rubric.actions.len(), "action"),
            );
            Outcome::Ok
        }
        Err(e) => {
            crate::errln!("error[E0721]: cannot write `{}`: {e}", path.display());
            Outcome::InputErrors
        }
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
