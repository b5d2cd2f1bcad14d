//! Printing finished HTML reports to PDF beside them (`--pdf`, and `watch`
//! or `serve` when the project says `pdf = true`), with one headless
//! browser for a run. A PDF that records the digest of its report's
//! current HTML and the same metadata is left alone (see
//! [`crate::pdf::is_current`]); every other one is printed and written
//! atomically. The browser starts only when something needs printing.

use std::path::{Path, PathBuf};

use crate::output;
use crate::pdf::{PdfMeta, PrintJob, Printer};

/// What became of one report's PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfStatus {
    /// Printed from the report's current HTML and written.
    Printed,
    /// Already printed from the current HTML: left alone.
    Current,
}

/// One report to print.
pub struct PdfJob {
    pub html: PathBuf,
    pub title: String,
    pub author: Option<String>,
    pub subject: String,
}

impl PdfJob {
    fn meta(&self) -> PdfMeta {
        PdfMeta {
            title: self.title.clone(),
            author: self.author.clone(),
            subject: Some(self.subject.clone()),
            created: None,
        }
    }

    /// Whether the PDF beside the report was printed from its HTML as it
    /// is now, with this job's metadata.
    fn is_current(&self) -> bool {
        let (Ok(html), Ok(pdf)) = (
            std::fs::read(&self.html),
            std::fs::read(pdf_path(&self.html)),
        ) else {
            return false;
        };
        crate::pdf::is_current(&pdf, &html, &self.meta())
    }
}

/// The PDF beside an HTML report: `report.html` → `report.pdf`.
pub fn pdf_path(html: &Path) -> PathBuf {
    html.with_extension("pdf")
}

/// Prints every job with a browser of its own; one result per job, in
/// order. `Err` (a rendered
/// message) when no browser could be started at all.
pub fn print_all(
    jobs: &[PdfJob],
    chrome: Option<&Path>,
) -> Result<Vec<Result<PdfStatus, String>>, String> {
    print_with(&mut None, jobs, chrome)
}

/// [`print_all`] with a browser kept by the caller across runs (watch
/// mode): started here on first need, dropped when it fails so the next
/// run starts a fresh one.
pub fn print_with(
    printer: &mut Option<Printer>,
    jobs: &[PdfJob],
    chrome: Option<&Path>,
) -> Result<Vec<Result<PdfStatus, String>>, String> {
    let mut results: Vec<Option<Result<PdfStatus, String>>> = jobs
        .iter()
        .map(|j| j.is_current().then_some(Ok(PdfStatus::Current)))
        .collect();
    let todo: Vec<usize> = (0..jobs.len()).filter(|i| results[*i].is_none()).collect();
    if todo.is_empty() {
        return Ok(results.into_iter().flatten().collect());
    }
    let live = match printer {
        Some(p) => p,
        None => printer.insert(Printer::launch(chrome).map_err(|e| {
            format!(
                "error[E0700]: cannot print PDFs: {e}\n  = note: the HTML reports were written\n"
            )
        })?),
    };
    let print_jobs: Vec<PrintJob> = todo
        .iter()
        .map(|&i| PrintJob {
            html: jobs[i].html.clone(),
            meta: jobs[i].meta(),
        })
        .collect();
    let run = live.print_many(&print_jobs, |k, pdf| {
        results[todo[k]] = Some(write_pdf(&jobs[todo[k]].html, pdf));
    });
    if let Err(e) = run {
        *printer = None;
        return Err(format!("error[E0700]: cannot print PDFs: {e}\n"));
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

fn write_pdf(html: &Path, pdf: Result<Vec<u8>, crate::pdf::PdfError>) -> Result<PdfStatus, String> {
    let bytes =
        pdf.map_err(|e| format!("error[E0701]: cannot print `{}`: {e}\n", html.display()))?;
    let path = pdf_path(html);
    output::write_atomic(&path, &bytes)
        .map(|_| PdfStatus::Printed)
        .map_err(|e| format!("error[E0500]: cannot write `{}`: {e}\n", path.display()))
}
