//! `rubricate check` and `rubricate compile`.

use crate::console;
use std::path::Path;

use super::Outcome;
use crate::diagnostics::{ColorChoice, render_all};
use crate::model;
use crate::output;
use crate::source::SourceMap;

/// Checks each rubric; all of them are checked even when one fails.
pub fn check(files: &[String], color: ColorChoice) -> Outcome {
    let mut outcome = Outcome::Ok;
    for file in files {
        let mut sources = SourceMap::new();
        let out = model::compile(file, &mut sources);
        console::err(&render_all(&sources, &out.diagnostics, color));
        match out.rubric {
            Some(r) => {
                let indicators: usize = r.pillars.iter().map(|p| p.indicators.len()).sum();
                console::info(&format!(
                    "{file}: ok ({}, {}, {}, {})",
                    count(r.stages.len(), "stage"),
                    count(r.pillars.len(), "pillar"),
                    count(indicators, "indicator"),
                    count(r.actions.len(), "action")
                ));
            }
            None => outcome = Outcome::InputErrors,
        }
    }
    outcome
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Prints (or writes) the compiled model as pretty JSON.
pub fn compile(file: &str, output_path: Option<&Path>, color: ColorChoice) -> Outcome {
    let mut sources = SourceMap::new();
    let out = model::compile(file, &mut sources);
    console::err(&render_all(&sources, &out.diagnostics, color));
    let Some(rubric) = out.rubric else {
        return Outcome::InputErrors;
    };
    let mut json = match serde_json::to_string_pretty(&model::CompiledRubric::new(&rubric)) {
        Ok(j) => j,
        Err(e) => {
            console::errln(&format!("error: cannot serialise the rubric: {e}"));
            return Outcome::InputErrors;
        }
    };
    json.push('\n');
    match output_path {
        None => super::print_out(&json),
        Some(path) => match output::write_atomic(path, json.as_bytes()) {
            Ok(_) => Outcome::Ok,
            Err(e) => {
                console::errln(&format!("error: cannot write `{}`: {e}", path.display()));
                Outcome::InputErrors
            }
        },
    }
}
