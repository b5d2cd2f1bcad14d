//! Real PDFs of the example reports (both themes), printed by the binary
//! with headless Chromium and checked with poppler: page size as
//! configured, page count, every pillar's name in the text, no word outside
//! its page, the cover alone on page 1 without running header, metadata,
//! determinism, and a hostile answer file that cannot pull local files in.
//! Without Chromium or poppler each test prints `SKIPPED: …` and returns.

#[path = "support/example.rs"]
mod example;
use example::CURRENT;

#[path = "support/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PILLARS: [&str; 4] = [
    "Technology & platform",
    "Customer experience & marketing",
    "Operations & logistics",
    "Data & analytics",
];

fn ready(test: &str) -> bool {
    match tools::pdf_tools_missing() {
        Some(reason) => {
            tools::skip(test, &reason);
            false
        }
        None => true,
    }
}

/// Prints a report to `dir/report.pdf`; returns its path.
fn print(dir: &Path, answers: &[&str], extra: &[&str]) -> PathBuf {
    let html = dir.join("report.html");
    let out: Output = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .arg("report")
        .arg("builtin:ecommerce")
        .args(answers)
        .args(extra)
        .args(["--pdf", "-o"])
        .arg(&html)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("report.pdf")
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(name)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn info(pdf: &Path) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn field<'a>(info: &'a str, key: &str) -> &'a str {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_default()
        .trim()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool("pdftotext", &["-layout", "-f", &p, "-l", &p], pdf)
}

/// Every word's box from `pdftotext -bbox`, checked against its page's
/// box: a word outside it was cut off at the edge.
fn words_outside_pages(pdf: &Path) -> Vec<String> {
    let xml = tool("pdftotext", &["-bbox"], pdf);
    let attr = |tag: &str, name: &str| -> f64 {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    let (mut width, mut height, mut page) = (0.0, 0.0, 0);
    let mut outside = Vec::new();
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            width = attr(line, "width");
            height = attr(line, "height");
            page += 1;
        } else if line.starts_with("<word ") {
            let (x0, y0, x1, y1) = (
                attr(line, "xMin"),
                attr(line, "yMin"),
                attr(line, "xMax"),
                attr(line, "yMax"),
            );
            if x0 < -0.5 || y0 < -0.5 || x1 > width + 0.5 || y1 > height + 0.5 {
                outside.push(format!("page {page}: {line}"));
            }
        }
    }
    outside
}

fn check_report(pdf: &Path, size: (f64, f64), size_name: &str) {
    let info = info(pdf);
    let page_size = field(&info, "Page size");
    let dims: Vec<f64> = page_size
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    assert!(
        (dims[0] - size.0).abs() < 1.5 && (dims[1] - size.1).abs() < 1.5,
        "page size {page_size}, expected {size_name}"
    );
    let pages: usize = field(&info, "Pages").parse().unwrap();
    assert!((15..=80).contains(&pages), "{pages} pages");
    assert_eq!(
        field(&info, "Title"),
        "Ecommerce maturity model — Acme Outdoor Co."
    );
    assert_eq!(field(&info, "Subject"), "Acme Outdoor Co.");

    let text = tool("pdftotext", &[], pdf);
    assert!(text.contains("Acme Outdoor Co."));
    for pillar in PILLARS {
        assert!(text.contains(pillar), "{pillar} missing from the PDF text");
    }
    let cover = page_text(pdf, 1);
    assert!(cover.contains("Acme Outdoor Co."), "cover: {cover}");
    assert!(!cover.contains("Page 1 of"), "the cover has no page number");
    assert!(
        !cover.contains("Ecommerce maturity model · ") && !cover.contains("Acme Outdoor Co. ·"),
        "the cover has no running header"
    );
    assert!(
        !cover.contains("Executive summary"),
        "the cover is alone on page 1"
    );
    let second = page_text(pdf, 2);
    assert!(
        second.contains(&format!("Page 2 of {pages}")),
        "page 2 is numbered: {second}"
    );
    assert!(
        second.contains("Acme Outdoor Co. · Ecommerce maturity model"),
        "running header on page 2"
    );
    for page in 1..=pages {
        assert!(
            !page_text(pdf, page).trim().is_empty(),
            "page {page} is blank"
        );
    }
    assert_eq!(words_outside_pages(pdf), Vec::<String>::new());
}

#[test]
fn default_theme_prints_to_a4() {
    if !ready("default_theme_prints_to_a4") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = print(
        dir.path(),
        &CURRENT,
        &[
            "--theme",
            "default",
            "--brand",
            "examples/northwind-consulting/brand/northwind.toml",
        ],
    );
    check_report(&pdf, (595.0, 842.0), "A4");
    assert_eq!(field(&info(&pdf), "Author"), "Northwind Consulting");
}

#[test]
fn print_theme_prints_to_the_brands_letter_size() {
    if !ready("print_theme_prints_to_the_brands_letter_size") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = print(
        dir.path(),
        &CURRENT,
        &["--theme", "print", "--brand", "tests/report/brands/ok.toml"],
    );
    check_report(&pdf, (612.0, 792.0), "Letter");
    assert_eq!(field(&info(&pdf), "Author"), "Tiny & Co <Consulting>");
}

#[test]
fn pdfs_are_byte_identical_for_identical_inputs() {
    if !ready("pdfs_are_byte_identical_for_identical_inputs") {
        return;
    }
    // Three prints at once: Chromium's own ids depend on timing, and load
    // is when they drift (the PDF's structure ids are renumbered for this).
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let pdfs: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let handles: Vec<_> = dirs
            .iter()
            .map(|d| scope.spawn(move || std::fs::read(print(d.path(), &CURRENT, &[])).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(
        pdfs.windows(2).all(|w| w[0] == w[1]),
        "prints of the same report differ"
    );
}

#[test]
fn hostile_answers_cannot_pull_local_files_into_the_pdf() {
    if !ready("hostile_answers_cannot_pull_local_files_into_the_pdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = print(dir.path(), &["tests/report/hostile/attacker.toml"], &[]);
    let text = tool("pdftotext", &[], &pdf);
    assert!(text.contains("Evil Corp"), "the report printed");
    assert!(
        !text.contains("root:x:0:0"),
        "/etc/passwd leaked into the PDF"
    );
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let hostname = hostname.trim();
    if hostname.len() >= 6 {
        assert!(
            !text.contains(hostname),
            "/etc/hostname leaked into the PDF"
        );
    }
    // The attempts are there as inert text.
    assert!(text.contains("iframe src=\"file:///etc/passwd\""), "{text}");
}

#[test]
fn a_missing_browser_is_a_clear_error_and_the_html_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args([
            "report",
            "builtin:ecommerce",
            CURRENT[0],
            "--pdf",
            "--chrome",
            "/nonexistent/chromium",
            "-o",
        ])
        .arg(&html)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        html.is_file(),
        "the HTML is written even when printing is impossible"
    );
    assert!(
        stderr.contains("apt-get install chromium") && stderr.contains("--chrome PATH"),
        "{stderr}"
    );
    assert!(!dir.path().join("report.pdf").exists());
}
