//! `rubricate score RUBRIC ANSWERS... [--baseline ANSWERS...] [--format text|json]`.

use super::Outcome;
use crate::assessment;
use crate::console;
use crate::diagnostics::{ColorChoice, Diagnostics, render_all};
use crate::model::{self, Rubric};
use crate::scoring::{self, Scorecard};
use crate::source::SourceMap;

/// Output format of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Compiles the rubric, loads the answers (and baseline), and scores them.
/// Diagnostics of every stage are printed together.
pub fn scorecard(
    rubric: &str,
    answers: &[String],
    baseline: &[String],
    color: ColorChoice,
) -> Result<(Rubric, Scorecard), Outcome> {
    let mut sources = SourceMap::new();
    let compiled = model::compile(rubric, &mut sources);
    let mut diags = compiled.diagnostics;
    let Some(rubric) = compiled.rubric else {
        console::err(&render_all(&sources, &diags, color));
        return Err(Outcome::InputErrors);
    };
    let (current, d) = assessment::load(&rubric, answers, &mut sources);
    diags.extend(d);
    let base = if baseline.is_empty() {
        None
    } else {
        let (base, d) = assessment::load(&rubric, baseline, &mut sources);
        diags.extend(d);
        base
    };
    report(&sources, &diags, color);
    match current {
        Some(current) if !diags.has_errors() => {
            let card = scoring::score(&rubric, &current, base.as_ref());
            Ok((rubric, card))
        }
        _ => Err(Outcome::InputErrors),
    }
}

fn report(sources: &SourceMap, diags: &Diagnostics, color: ColorChoice) {
    if !diags.is_empty() {
        console::err(&render_all(sources, diags, color));
    }
}

/// Prints the scorecard as text or JSON.
pub fn score(
    rubric: &str,
    answers: &[String],
    baseline: &[String],
    format: Format,
    color: ColorChoice,
) -> Outcome {
    let (_, card) = match scorecard(rubric, answers, baseline, color) {
        Ok(v) => v,
        Err(outcome) => return outcome,
    };
    match format {
        // Names, notes and keys come from answer files: their control
        // characters are shown, not obeyed. (JSON escapes them itself.)
        Format::Text => super::print_out(&console::escape_controls(&scoring::text::render(&card))),
        Format::Json => match crate::json::pretty(&card) {
            Ok(json) => super::print_out(&json),
            Err(e) => {
                console::errln(&format!("error: cannot serialise the scorecard: {e}"));
                Outcome::InputErrors
            }
        },
    }
}
