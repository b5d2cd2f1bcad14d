//! Printing finished HTML reports to PDF beside them (`--pdf`), with one
//! headless browser for the whole run. PDFs are written atomically and only
//! when their bytes changed (printing is deterministic), and a report whose
//! HTML did not change keeps its existing PDF without printing again.

use std::path::{Path, PathBuf};

use crate::output::{self, Written};
use crate::pdf::{PdfMeta, PrintJob, Printer};

/// One report to print.
pub struct PdfJob {
    pub html: PathBuf,
    /// Whether the HTML was just rewritten (else an existing PDF is kept).
    pub html_changed: bool,
    pub title: String,
    pub author: Option<String>,
    pub subject: String,
}

/// The PDF beside an HTML report: `report.html` → `report.pdf`.
pub fn pdf_path(html: &Path) -> PathBuf {
    html.with_extension("pdf")
}

/// Prints every job; one result per job, in order. `Err` (a rendered
/// message) when no browser could be started at all.
pub fn print_all(
    jobs: &[PdfJob],
    chrome: Option<&Path>,
) -> Result<Vec<Result<Written, String>>, String> {
    let mut results: Vec<Option<Result<Written, String>>> = jobs
        .iter()
        .map(|j| (!j.html_changed && pdf_path(&j.html).is_file()).then_some(Ok(Written::Unchanged)))
        .collect();
    let todo: Vec<usize> = (0..jobs.len()).filter(|i| results[*i].is_none()).collect();
    if !todo.is_empty() {
        let mut printer = Printer::launch(chrome).map_err(|e| {
            format!(
                "error[E0700]: cannot print PDFs: {e}\n  = note: the HTML reports were written\n"
            )
        })?;
        let print_jobs: Vec<PrintJob> = todo
            .iter()
            .map(|&i| PrintJob {
                html: jobs[i].html.clone(),
                meta: PdfMeta {
                    title: jobs[i].title.clone(),
                    author: jobs[i].author.clone(),
                    subject: Some(jobs[i].subject.clone()),
                    created: None,
                },
            })
            .collect();
        printer
            .print_many(&print_jobs, |k, pdf| {
                let job = &jobs[todo[k]];
                let written = pdf
                    .map_err(|e| {
                        format!("error[E0701]: cannot print `{}`: {e}\n", job.html.display())
                    })
                    .and_then(|bytes| {
                        let path = pdf_path(&job.html);
                        output::write_atomic(&path, &bytes).map_err(|e| {
                            format!("error[E0500]: cannot write `{}`: {e}\n", path.display())
                        })
                    });
                results[todo[k]] = Some(written);
            })
            .map_err(|e| format!("error[E0700]: cannot print PDFs: {e}\n"))?;
    }
    Ok(results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err("error[E0701]: the browser stopped before printing this report\n".into())
            })
        })
        .collect())
}
