//! `rubricate check` and `rubricate compile`.

use crate::console;
use std::collections::BTreeMap;
use std::path::Path;

use super::Outcome;
use crate::diagnostics::{ColorChoice, render_all};
use crate::model;
use crate::output;
use crate::source::SourceMap;

/// Checks each rubric; all of them are checked even when one fails. A file
/// that another checked file includes is checked only as part of it: on
/// its own a fragment lacks the stages and pillars it refers to, so `check
/// rubrics/*.rubric` works for a rubric split into files.
pub fn check(files: &[String], color: ColorChoice) -> Outcome {
    let compiled: Vec<(&String, SourceMap, model::CompileOutput)> = files
        .iter()
        .map(|file| {
            let mut sources = SourceMap::new();
            let out = model::compile(file, &mut sources);
            (file, sources, out)
        })
        .collect();
    let mut included_by: BTreeMap<&str, &str> = BTreeMap::new();
    for (file, _, out) in &compiled {
        for key in &out.included {
            included_by.entry(key.as_str()).or_insert(file.as_str());
        }
    }
    let mut outcome = Outcome::Ok;
    for (file, sources, out) in &compiled {
        let key = canonical(file);
        if let Some(parent) = key.as_deref().and_then(|k| included_by.get(k)) {
            console::errln(&format!("{file}: checked as part of {parent}"));
            continue;
        }
        console::err(&render_all(sources, &out.diagnostics, color));
        match &out.rubric {
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

/// The key the rubric loader gives a file on disk (its canonical path).
fn canonical(file: &str) -> Option<String> {
    if file.starts_with(model::BUILTIN_PREFIX) {
        return None;
    }
    std::fs::canonicalize(file)
        .ok()
        .map(|p| p.display().to_string())
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
    let json = match crate::json::pretty(&model::CompiledRubric::new(&rubric)) {
        Ok(j) => j,
        Err(e) => {
            console::errln(&format!("error: cannot serialise the rubric: {e}"));
            return Outcome::InputErrors;
        }
    };
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
