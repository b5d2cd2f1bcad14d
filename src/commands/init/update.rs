//! `rubricate init RUBRIC --update ANSWERS... [--check]`: brings answer
//! files up to the current rubric (see `assessment::update`). Prints each
//! change as unified-diff hunks on standard output and one line per file
//! on standard error; writes a file only when it changes (atomically, the
//! rest of it byte for byte), and never with `--check`, which exits 1 when
//! an update is due so CI can ask for one.

use std::path::Path;

use crate::assessment::update::{self, Plan};
use crate::commands::Outcome;
use crate::console;
use crate::diagnostics::{ColorChoice, Diagnostic, Diagnostics, render_all};
use crate::input;
use crate::model::{self, Rubric};
use crate::output::write_atomic_synced;
use crate::source::SourceMap;

const BOM: &str = "\u{feff}";

/// How one file came out.
enum Done {
    Current,
    Due,
    Updated,
    Failed,
}

/// Updates (or with `check`, checks) every file in `files`.
pub fn update(rubric: &str, files: &[String], check: bool, color: ColorChoice) -> Outcome {
    let mut sources = SourceMap::new();
    let compiled = model::compile(rubric, &mut sources);
    if compiled.diagnostics.has_errors() || compiled.rubric.is_none() {
        console::err(&render_all(&sources, &compiled.diagnostics, color));
        return Outcome::InputErrors;
    }
    let Some(rubric) = compiled.rubric else {
        return Outcome::InputErrors;
    };
    let mut results = Vec::new();
    for name in files {
        let mut file_sources = SourceMap::new();
        let (done, diags, diff) = one(&rubric, name, check, &mut file_sources);
        if !diff.is_empty()
            && matches!(
                super::super::print_out(&console::escape_controls(&diff)),
                Outcome::InputErrors
            )
        {
            return Outcome::InputErrors;
        }
        if !diags.is_empty() {
            console::err(&render_all(&file_sources, &diags, color));
        }
        results.push(done);
    }
    let failed = results.iter().any(|d| matches!(d, Done::Failed));
    let due = results.iter().any(|d| matches!(d, Done::Due));
    if failed || due {
        Outcome::InputErrors
    } else {
        Outcome::Ok
    }
}

/// One file: its outcome, the problems to show, and the diff to print.
fn one(
    rubric: &Rubric,
    name: &str,
    check: bool,
    sources: &mut SourceMap,
) -> (Done, Diagnostics, String) {
    let (text, had_bom) = match read(name) {
        Ok(read) => read,
        Err(d) => return (Done::Failed, d.into(), String::new()),
    };
    let (plan, diags) = update::plan(rubric, name, &text, sources);
    let Some(plan) = plan else {
        let errors = only_errors(diags);
        return (Done::Failed, errors, String::new());
    };
    if plan.is_current() {
        console::errln(&format!("{name}: up to date"));
        return (Done::Current, Diagnostics::new(), String::new());
    }
    let diff = plan.diff(name);
    if check {
        console::errln(&format!("{name}: update due: {}", plan.summary()));
        return (Done::Due, Diagnostics::new(), diff);
    }
    match write(name, &plan, had_bom, &text) {
        Ok(()) => {
            console::errln(&format!("{name}: updated: {}", plan.summary()));
            (Done::Updated, Diagnostics::new(), diff)
        }
        Err(d) => (Done::Failed, d.into(), diff),
    }
}

/// The errors of a file that cannot be updated; its warnings (about what
/// the update would fix) are noise then.
fn only_errors(diags: Diagnostics) -> Diagnostics {
    let mut out = Diagnostics::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        out.push(d.clone());
    }
    out
}

fn refuse(message: String, help: &str) -> Diagnostic {
    Diagnostic::error("E0220", message).with_help(help)
}

/// The file's text (its byte-order mark set aside) and whether it had one.
fn read(name: &str) -> Result<(String, bool), Diagnostic> {
    let extension = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("toml") => {}
        Some("json") => {
            return Err(refuse(
                format!("`--update` rewrites TOML answer files only, and `{name}` is JSON"),
                "JSON has no comments to hold new prompts and retired answers; rename the ids the W0206 warnings name by hand, or use a TOML answer file",
            ));
        }
        _ => {
            return Err(refuse(
                format!("`{name}` is not a TOML answer file (`.toml`)"),
                "`--update` rewrites the answer files `rubricate init` writes",
            ));
        }
    }
    let bytes = input::read_regular(Path::new(name), input::MAX_ANSWER_BYTES)
        .map_err(|e| Diagnostic::error("E0200", format!("cannot read `{name}`: {e}")))?;
    let had_bom = bytes.starts_with(BOM.as_bytes());
    let decoded = input::decode(bytes);
    if decoded.problem.is_some() {
        return Err(Diagnostic::error(
            "E0202",
            format!("`{name}` is not a UTF-8 text file"),
        ));
    }
    Ok((decoded.text, had_bom))
}

/// Writes the update over the file it was read from (through a symbolic
/// link, to the file it names), unless the file changed meanwhile.
fn write(name: &str, plan: &Plan, had_bom: bool, read_text: &str) -> Result<(), Diagnostic> {
    let path = std::fs::canonicalize(name).unwrap_or_else(|_| name.into());
    let bom = if had_bom { BOM } else { "" };
    let now = std::fs::read(&path).unwrap_or_default();
    if now != format!("{bom}{read_text}").as_bytes() {
        return Err(refuse(
            format!("`{name}` changed while it was being updated; it was not written"),
            "run the update again",
        ));
    }
    let bytes = format!("{bom}{}", plan.text);
    write_atomic_synced(&path, bytes.as_bytes())
        .map(|_| ())
        .map_err(|e| Diagnostic::error("E0200", format!("cannot write `{name}`: {e}")))
}
