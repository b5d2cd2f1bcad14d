//! `rubricate questionnaire RUBRIC -o FILE [--format xlsx|html]
//! [--organization NAME] [--respondent NAME] [--force]`: writes the
//! spreadsheet questionnaire or the offline web form (the format comes
//! from `--format`, else the output's extension, else xlsx). A filled
//! questionnaire is someone's work, so an existing file is only replaced
//! with `--force` (or when it already holds exactly these bytes).

use std::path::Path;

use super::Outcome;
use crate::diagnostics::{ColorChoice, render_all};
use crate::model;
use crate::output::{self, Written};
use crate::questionnaire::{self, Format, Prefill};
use crate::source::SourceMap;

/// What to write and where.
pub struct QuestionnaireArgs<'a> {
    pub rubric: &'a str,
    pub output: &'a Path,
    /// `None`: from the output's extension, else xlsx.
    pub format: Option<Format>,
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
    let format = args
        .format
        .or_else(|| Format::from_path(args.output))
        .unwrap_or(Format::Xlsx);
    let built = match format {
        Format::Xlsx => questionnaire::workbook(&rubric, &args.prefill),
        Format::Html => questionnaire::html::form(&rubric, &args.prefill).map(String::into_bytes),
    };
    let bytes = match built {
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
            crate::errln!("{}", summary(&rubric, path, format, written));
            Outcome::Ok
        }
        Err(e) => {
            crate::errln!("error[E0721]: cannot write `{}`: {e}", path.display());
            Outcome::InputErrors
        }
    }
}

/// What was written and what to do with it.
fn summary(rubric: &model::Rubric, path: &Path, format: Format, written: Written) -> String {
    let indicators: usize = rubric.pillars.iter().map(|p| p.indicators.len()).sum();
    let state = if written == Written::Unchanged {
        "unchanged"
    } else {
        "wrote"
    };
    match format {
        Format::Xlsx => format!(
            "{state} {} ({}, {}, {}): send it to one respondent, then `rubricate import` it",
            path.display(),
            count(indicators, "statement"),
            count(rubric.pillars.len(), "pillar sheet"),
            count(rubric.actions.len(), "action"),
        ),
        Format::Html => format!(
            "{state} {} ({}, {}): send it to one respondent; the answer file its download \
             button saves is ready for `rubricate score`",
            path.display(),
            count(indicators, "statement"),
            count(rubric.pillars.len(), "pillar"),
        ),
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
