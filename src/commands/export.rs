//! `rubricate export RUBRIC ANSWERS... [--baseline ...] -o OUT`: the
//! scorecard's pillars, indicators, gaps and roadmap as an XLSX workbook
//! (`OUT` ends in `.xlsx`) or as CSV files in the folder `OUT`.

use std::path::Path;

use super::Outcome;
use super::score::scorecard;
use crate::diagnostics::ColorChoice;
use crate::export;

pub fn export(
    rubric: &str,
    answers: &[String],
    baseline: &[String],
    out: &Path,
    color: ColorChoice,
) -> Outcome {
    let (rubric, card) = match scorecard(rubric, answers, baseline, color) {
        Ok(v) => v,
        Err(outcome) => return outcome,
    };
    let tables = export::tables(&rubric, &card);
    match export::write(&tables, &crate::report::view::title(&rubric, &card), out) {
        Ok(files) => {
            for f in files {
                crate::info!("wrote {}", f.display());
            }
            Outcome::Ok
        }
        Err(message) => {
            crate::errln!("error[E0501]: {message}");
            Outcome::InputErrors
        }
    }
}
