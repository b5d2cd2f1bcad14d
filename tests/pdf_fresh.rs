//! PDFs are never stale: through the real binary on a temporary copy of
//! the Northwind project (with the Acme answers it shares), a report whose
//! HTML was rewritten without `--pdf` (a plain `build`) is reprinted by
//! the next `build --pdf`, an untouched one is not, and `watch` with
//! `pdf = true` prints PDFs after each rebuild. The PDF text is read back
//! with poppler's `pdftotext`. Without Chromium or poppler each test
//! prints `SKIPPED: …` and returns.

#[path = "support/project.rs"]
mod project;
#[path = "support/running.rs"]
mod running;
#[path = "support/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use running::Running;

/// A word no report contains until the test writes it into a note.
const MARKER: &str = "Zanzibarquokka";
/// Launching a browser and printing two reports on a loaded machine.
const PRINTING: Duration = Duration::from_secs(120);

fn ready(test: &str) -> bool {
    match tools::pdf_tools_missing() {
        Some(reason) => {
            tools::skip(test, &reason);
            false
        }
        None => true,
    }
}

/// `rubricate ARGS` run inside the project folder.
fn run(project: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(args)
        .current_dir(project)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn ok_stderr(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    stderr
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed on the PDF");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Puts [`MARKER`] into a note of Acme's marketing answers (shared by the
/// project through `../acme-outdoor/*.toml`).
fn change_an_answer(project: &Path) {
    let answers = project.join("../acme-outdoor/marketing.toml");
    let text = std::fs::read_to_string(&answers).unwrap();
    let old = "Klaviyo, Judge.me, Gorgias and Recharge, each installed for a named problem.";
    assert!(text.contains(old), "the example note to change is there");
    let tmp = answers.with_extension("swp-tmp");
    std::fs::write(&tmp, text.replace(old, &format!("{MARKER} apps."))).unwrap();
    std::fs::rename(&tmp, &answers).unwrap();
}

fn acme_pdf(project: &Path) -> PathBuf {
    project.join("site/acme-outdoor/report.pdf")
}

#[test]
fn build_pdf_reprints_a_report_a_plain_build_rewrote() {
    if !ready("build_pdf_reprints_a_report_a_plain_build_rewrote") {
        return;
    }
    let (_tmp, project) = project::example_copy();
    let first = ok_stderr(&run(&project, &["build", ".", "--pdf"]));
    assert!(
        first.contains("PDFs: 2 printed, 0 already up to date"),
        "{first}"
    );
    assert!(!pdf_text(&acme_pdf(&project)).contains(MARKER));

    let again = ok_stderr(&run(&project, &["build", ".", "--pdf"]));
    assert!(
        again.contains("PDFs: 0 printed, 2 already up to date"),
        "nothing changed, nothing is reprinted: {again}"
    );

    change_an_answer(&project);
    let plain = ok_stderr(&run(&project, &["build", "."]));
    assert!(
        plain.contains("(1 written, 0 unchanged, 1 up to date)"),
        "{plain}"
    );
    assert!(!plain.contains("PDFs:"), "a plain build prints no PDF");

    let stale = ok_stderr(&run(&project, &["build", ".", "--pdf"]));
    assert!(
        stale.contains("PDFs: 1 printed, 1 already up to date"),
        "the HTML is unchanged since the plain build, the PDF is stale: {stale}"
    );
    assert!(
        pdf_text(&acme_pdf(&project)).contains(MARKER),
        "the reprinted PDF shows the changed answer"
    );
}

#[test]
fn watch_prints_pdfs_when_the_project_asks_for_them() {
    if !ready("watch_prints_pdfs_when_the_project_asks_for_them") {
        return;
    }
    let (_tmp, project) = project::example_copy();
    let toml_path = project.join("rubricate.toml");
    let toml = std::fs::read_to_string(&toml_path).unwrap();
    let toml = toml.replace("output = \"site\"", "output = \"site\"\npdf = true");
    std::fs::write(&toml_path, toml).unwrap();

    let mut watch = Running::start(&["watch", "."], &project);
    let first = watch.wait_for_within("PDFs:", PRINTING);
    assert!(first.contains("2 printed"), "{first}");
    watch.wait_for("watching for changes");
    assert!(!pdf_text(&acme_pdf(&project)).contains(MARKER));

    change_an_answer(&project);
    watch.wait_for("rebuilt acme-outdoor in");
    let after = watch.wait_for_within("PDFs:", PRINTING);
    assert!(after.contains("1 printed"), "{after}");
    assert!(
        pdf_text(&acme_pdf(&project)).contains(MARKER),
        "the PDF printed after the rebuild shows the changed answer"
    );
    watch.interrupt();
}
