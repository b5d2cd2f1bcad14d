//! PDF throughput: prints N generated 20-page reports with one warm browser
//! and reports PDFs per second, both one at a time (`print_file`) and
//! pipelined over the printer's tabs (`print_many`).
//!
//! Run: `CARGO_BUILD_JOBS=1 cargo bench --bench pdf` (N defaults to 20; set
//! `PDF_BENCH_DOCS` to change it; `PDF_BENCH_SAVE=FILE` keeps one PDF to
//! look at).

use rubricate::pdf::{PdfMeta, PrintJob, Printer, find_chrome};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const PAGES: usize = 20;

fn main() {
    if let Err(e) = find_chrome(None) {
        eprintln!("SKIPPED: pdf bench: {e}");
        return;
    }
    let docs: usize = std::env::var("PDF_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().expect("temp dir");
    let jobs: Vec<PrintJob> = (0..docs).map(|i| job(dir.path(), i)).collect();

    let started = Instant::now();
    let mut printer = Printer::launch(None).expect("browser starts");
    println!(
        "browser: {} (start {:.2}s)",
        printer.chrome().display(),
        secs(started)
    );
    let warm = printer
        .print_file(&jobs[0].html, &jobs[0].meta)
        .expect("warm-up");
    println!(
        "warm-up: one {PAGES}-page report = {} KiB",
        warm.len() / 1024
    );
    if let Some(out) = std::env::var_os("PDF_BENCH_SAVE") {
        std::fs::write(&out, &warm).expect("save the warm-up PDF");
    }

    let t = Instant::now();
    for job in &jobs {
        printer.print_file(&job.html, &job.meta).expect("print");
    }
    report("print_file, one at a time", docs, secs(t));

    let t = Instant::now();
    let mut failed = 0;
    printer
        .print_many(&jobs, |_, r| failed += usize::from(r.is_err()))
        .expect("browser stays up");
    assert_eq!(failed, 0, "every document prints");
    report("print_many, 2 tabs pipelined", docs, secs(t));
}

fn report(label: &str, docs: usize, seconds: f64) {
    let rate = docs as f64 / seconds;
    println!("{label}: {docs} PDFs x {PAGES} pages in {seconds:.2}s = {rate:.2} PDFs/s");
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn job(dir: &Path, i: usize) -> PrintJob {
    let html = dir.join(format!("report-{i}.html"));
    std::fs::write(&html, report_html(i)).expect("write html");
    PrintJob {
        html,
        meta: PdfMeta {
            title: format!("Maturity report {i}"),
            author: Some("Fjord Consulting".into()),
            subject: Some(format!("Organisation {i}")),
            created: None,
        },
    }
}

/// A report-like document: running header, page numbers, one pillar per
/// page with prose, a score table and an inline SVG bar chart.
fn report_html(doc: usize) -> String {
    let mut h = String::from(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Report</title>\
         <meta http-equiv=Content-Security-Policy content=\"default-src 'none'; img-src data:; \
         style-src 'unsafe-inline'; font-src data:; frame-src 'none'; script-src 'none'\">\
         <style>@page { size: A4; margin: 22mm 18mm;\
           @top-left { content: 'Acme Outdoor - Digital maturity'; font: 9pt sans-serif; color: #555 }\
           @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages); font: 9pt sans-serif } }\
         body { font: 10.5pt/1.45 serif; color: #222 } h1 { font: bold 20pt sans-serif; color: #1d4e89 }\
         section + section { break-before: page } table { border-collapse: collapse; width: 100% }\
         td, th { border: 1px solid #bbb; padding: 3px 6px } th { background: #e8eef6 }\
         .bar { fill: #1d4e89 }</style></head><body>",
    );
    for p in 0..PAGES {
        let _ = write!(
            h,
            "<section><h1 id=p{p}>Pillar {p}: Data and analytics</h1>"
        );
        for k in 0..3 {
            let _ = write!(
                h,
                "<p>Paragraph {k} of pillar {p} in report {doc}. The organisation has \
                 <a href=\"#p{}\">documented practices</a> for most indicators, but evidence \
                 of consistent execution across business units remains limited. Targets for \
                 the next stage call for measurable adoption and regular review by leadership.</p>",
                (p + 1) % PAGES
            );
        }
        h += "<table><tr><th>Indicator</th><th>Score</th><th>Target</th><th>Gap</th></tr>";
        for r in 0..8 {
            let score = (doc + p + r) % 5 + 1;
            let _ = write!(
                h,
                "<tr><td>Indicator {p}.{r}</td><td>{score}</td><td>4</td><td>{}</td></tr>",
                4i32 - score as i32
            );
        }
        h += "</table><svg width=400 height=120 role=img aria-label=Scores>";
        for b in 0..8 {
            let height = 10 + ((doc * 7 + p * 3 + b * 11) % 100);
            let _ = write!(
                h,
                "<rect class=bar x={} y={} width=36 height=\"{height}\"/>",
                b * 48,
                120 - height
            );
        }
        h += "</svg></section>";
    }
    h + "</body></html>"
}
