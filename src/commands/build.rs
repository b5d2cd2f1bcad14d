//! `rubricate build [DIR]`: every report of a project, in parallel, then
//! the index and a summary. Exit 1 when any assessment failed (the others
//! are still written).

use crate::console;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use super::Outcome;
use super::pdf::{PdfJob, PdfStatus};
use crate::diagnostics::{ColorChoice, Diagnostics, render_all};
use crate::gate::Gate;
use crate::output::Written;
use crate::pdf::Printer;
use crate::project::{self, build::AssessmentResult, build::Builder, build::Built};
use crate::source::SourceMap;

/// Loads the project in `dir` and compiles what it names.
pub fn builder(dir: &Path, color: ColorChoice) -> Result<Builder, Outcome> {
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let project = project::load(dir, &mut sources, &mut diags);
    if !diags.is_empty() {
        console::err(&render_all(&sources, &diags, color));
    }
    let project = project.ok_or(Outcome::InputErrors)?;
    Builder::new(project, color).map_err(|text| {
        console::err(&text);
        Outcome::InputErrors
    })
}

/// Everything `build` takes besides the project folder.
pub struct BuildArgs<'a> {
    pub dir: &'a Path,
    /// Also print PDFs (as `pdf = true`).
    pub pdf: bool,
    pub chrome: Option<&'a Path>,
    /// Gate settings from flags, over the project's.
    pub gate: Gate,
    /// Where to append the markdown job summary (else
    /// `GITHUB_STEP_SUMMARY` when set).
    pub summary: Option<&'a Path>,
    /// Rebuild every report, whatever the fingerprint cache says.
    pub force: bool,
}

/// Builds the whole project, and its PDFs when asked (`--pdf` or
/// `pdf = true` in the project file); checks the gates; appends the job
/// summary. Exit 1 on input errors, else 3 when a gate failed.
pub fn build(args: &BuildArgs, color: ColorChoice) -> Outcome {
    let started = Instant::now();
    let mut builder = match builder(args.dir, color) {
        Ok(b) => b,
        Err(outcome) => return outcome,
    };
    if let Err(text) = builder.set_gate_flags(args.gate.clone()) {
        console::err(&text);
        return Outcome::Usage;
    }
    builder.set_force(args.force);
    let results = run_with_progress(&builder);
    let mut outcome = report(&builder, &results, started);
    if args.pdf || builder.project.pdf {
        let printed = print_pdfs(&results, args.chrome);
        // The index links the PDFs that now exist.
        if let Err(text) = builder.write_index(&results) {
            crate::err!("{text}");
        }
        if !printed {
            outcome = Outcome::InputErrors;
        }
    }
    let summary = args
        .summary
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("GITHUB_STEP_SUMMARY").map(std::path::PathBuf::from));
    if let Some(path) = summary {
        if let Err(e) = super::summary::append(&path, &builder, &results) {
            crate::errln!(
                "error: cannot append the job summary to `{}`: {e}",
                path.display()
            );
            outcome = Outcome::InputErrors;
        }
    }
    outcome
}

/// Prints a PDF beside every report built whose PDF is not current; false
/// if any could not be.
fn print_pdfs(results: &[AssessmentResult], chrome: Option<&Path>) -> bool {
    print_pdfs_with(&mut None, results, chrome)
}

/// [`print_pdfs`] with a browser the caller keeps warm across rebuilds
/// (watch mode); prints the errors and a one-line summary.
pub fn print_pdfs_with(
    printer: &mut Option<Printer>,
    results: &[AssessmentResult],
    chrome: Option<&Path>,
) -> bool {
    let started = Instant::now();
    let built: Vec<(&str, &Built)> = results
        .iter()
        .filter_map(|r| Some((r.id.as_str(), r.built.as_ref()?)))
        .collect();
    let jobs: Vec<PdfJob> = built
        .iter()
        .map(|(_, b)| PdfJob {
            html: b.html_path.clone(),
            title: b.summary.title.to_string(),
            author: b.summary.author.as_deref().map(str::to_string),
            subject: b.summary.organization.to_string(),
        })
        .collect();
    let statuses = match super::pdf::print_with(printer, &jobs, chrome) {
        Ok(statuses) => statuses,
        Err(text) => {
            console::err(&text);
            return false;
        }
    };
    let mut ok = true;
    for ((id, _), status) in built.iter().zip(&statuses) {
        if let Err(text) = status {
            ok = false;
            console::err(&format!("{id}:\n{text}"));
        }
    }
    let count = |s: PdfStatus| statuses.iter().filter(|r| **r == Ok(s)).count();
    console::info(&format!(
        "PDFs: {} printed, {} already up to date, in {:.2} s",
        count(PdfStatus::Printed),
        count(PdfStatus::Current),
        started.elapsed().as_secs_f64()
    ));
    ok
}

/// Builds everything with a progress bar on a terminal, plain lines in CI.
fn run_with_progress(builder: &Builder) -> Vec<AssessmentResult> {
    let total = builder.project.assessments.len() as u64;
    if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}") {
            bar.set_style(style.progress_chars("=> "));
        }
        let results = builder.build(None, &|r| {
            bar.set_message(r.id.clone());
            bar.inc(1);
        });
        bar.finish_and_clear();
        results
    } else {
        builder.build(None, &|r| {
            let status = match &r.built {
                Some(b) if r.up_to_date => format!("up to date ({})", b.summary.stage),
                Some(b) => format!("{} ({})", written(b.html), b.summary.stage),
                None => "FAILED".to_string(),
            };
            console::info(&format!("  {}: {status}", r.id));
        })
    }
}

fn written(w: Written) -> &'static str {
    match w {
        Written::Changed => "written",
        Written::Unchanged => "unchanged",
    }
}

/// Prints diagnostics in project order, writes the index and a summary.
pub fn report(builder: &Builder, all: &[AssessmentResult], started: Instant) -> Outcome {
    let mut results: Vec<&AssessmentResult> = all.iter().collect();
    crate::err!("{}{}", builder.setup_errors, builder.setup_warnings);
    // Project order, looked up once per assessment (a linear search per
    // comparison took most of a no-op rebuild of 10,000).
    let mut order: HashMap<&str, usize> = HashMap::new();
    for (i, a) in builder.project.assessments.iter().enumerate() {
        order.entry(a.id.as_str()).or_insert(i);
    }
    results.sort_by_key(|r| order.get(r.id.as_str()));
    for r in &results {
        if !r.diagnostics.is_empty() || !r.gate.is_empty() {
            console::info(&format!("{}:", r.id));
            console::err(&r.diagnostics);
            console::err(&r.gate);
        }
    }
    let index = builder.write_index(all);
    if let Err(text) = &index {
        console::err(text);
    }
    let built: Vec<_> = results.iter().filter_map(|r| r.built.as_ref()).collect();
    let up_to_date = results.iter().filter(|r| r.up_to_date).count();
    let changed = built
        .iter()
        .filter(|b| b.html == Written::Changed || b.json == Written::Changed)
        .count();
    let failed: Vec<&str> = results
        .iter()
        .filter(|r| r.built.is_none())
        .map(|r| r.id.as_str())
        .collect();
    let warnings: usize =
        results.iter().map(|r| r.warnings).sum::<usize>() + builder.setup_warning_count;
    console::info(&format!(
        "built {} of {} reports ({} written, {} unchanged, {} up to date), {} warning{}, in {:.2} s → {}",
        built.len(),
        results.len(),
        changed,
        built.len() - changed - up_to_date,
        up_to_date,
        warnings,
        if warnings == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64(),
        builder.project.output.display()
    ));
    if !failed.is_empty() {
        console::errln(&format!("failed: {}", id_list(&failed)));
    }
    let gated: Vec<&str> = results
        .iter()
        .filter(|r| r.gate_failures > 0)
        .map(|r| r.id.as_str())
        .collect();
    if !gated.is_empty() {
        console::errln(&format!("gate failed: {}", id_list(&gated)));
    }
    if !failed.is_empty() || index.is_err() {
        Outcome::InputErrors
    } else if !gated.is_empty() {
        Outcome::GateFailed
    } else {
        Outcome::Ok
    }
}

/// How many ids a summary line names before "and N more".
const LISTED_IDS: usize = 10;

/// Ids for a one-line summary: the first [`LISTED_IDS`], then how many
/// more, so 10,000 failures do not make a 10,000-id line.
fn id_list(ids: &[&str]) -> String {
    let shown = ids.get(..LISTED_IDS).unwrap_or(ids).join(", ");
    match ids.len().saturating_sub(LISTED_IDS) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_of_ids_is_capped() {
        assert_eq!(id_list(&["a", "b"]), "a, b");
        let ids: Vec<String> = (0..10_000).map(|i| format!("a{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert_eq!(
            id_list(&ids),
            "a0, a1, a2, a3, a4, a5, a6, a7, a8, a9 and 9990 more"
        );
        assert_eq!(id_list(&ids[..10]).matches(", ").count(), 9);
    }
}
