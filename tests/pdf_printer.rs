//! Printing real PDFs with the machine's headless Chromium, checked with
//! poppler's `pdfinfo`/`pdftotext`. Without a browser or poppler each test
//! says `SKIPPED: …` on the real stderr (visible in every run) and returns.

#[path = "support/tools.rs"]
mod tools;

use rubricate::pdf::{PdfError, PdfMeta, PrintJob, PrintOptions, Printer, find_chrome};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A 1×1 red PNG, the one kind of image a report may carry: inline.
const PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

/// Generous per-document limit: failures show up as errors, never hangs.
fn options() -> PrintOptions {
    PrintOptions {
        timeout: Duration::from_secs(60),
        launch_timeout: Duration::from_secs(60),
        ..PrintOptions::default()
    }
}

/// A warm printer, or `None` after saying why the test is skipped.
fn printer_or_skip(test: &str) -> Option<Printer> {
    if let Err(e) = find_chrome(None) {
        tools::skip(test, &e.to_string());
        return None;
    }
    for tool in ["pdfinfo", "pdftotext", "pdfimages"] {
        if Command::new(tool).arg("-v").output().is_err() {
            tools::skip(
                test,
                &format!("poppler's {tool} not found (apt-get install poppler-utils)"),
            );
            return None;
        }
    }
    Some(Printer::launch_with(None, options()).expect("browser starts"))
}

fn page(size: &str, sections: usize, extra: &str) -> String {
    let mut html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Test report</title>\
         <style>@page {{ size: {size}; margin: 20mm; \
         @bottom-center {{ content: \"Page \" counter(page) \" of \" counter(pages) }} }}\
         section + section {{ break-before: page }}</style></head><body>"
    );
    for i in 1..=sections {
        html += &format!(
            "<section><h1 id=s{i}>Section {i}</h1><p>Body text of section number {i}.</p></section>"
        );
    }
    html + extra + "</body></html>"
}

fn write(dir: &Path, name: &str, html: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, html).unwrap();
    path
}

fn save(dir: &Path, pdf: &[u8]) -> PathBuf {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let path = dir.join("out.pdf");
    std::fs::write(&path, pdf).unwrap();
    path
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn info_field<'a>(info: &'a str, key: &str) -> &'a str {
    info.lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':')))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {key} in pdfinfo output:\n{info}"))
}

/// Page size within a point of `want` (Chromium rounds A4 to 594.96 x
/// 841.92 pts, whole CSS pixels).
fn assert_size(info: &str, want: (f64, f64)) {
    let size = info_field(info, "Page size");
    let mut nums = size
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    let (w, h) = (nums.next().unwrap(), nums.next().unwrap());
    assert!(
        (w - want.0).abs() < 1.0 && (h - want.1).abs() < 1.0,
        "page size {size}, want {want:?}"
    );
}

fn text_of(pdf: &Path) -> String {
    run("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

#[test]
fn a4_multi_page_has_size_pages_text_and_metadata() {
    let Some(mut printer) = printer_or_skip("a4_multi_page_has_size_pages_text_and_metadata")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let links = "<p><a href=\"https://example.com/docs\">docs</a> <a href=\"#s2\">to two</a></p>";
    let html = write(dir.path(), "a4.html", &page("A4", 3, links));
    let meta = PdfMeta {
        title: "Digital maturity — Q4 2026".into(),
        author: Some("Fjord Consulting".into()),
        subject: Some("Acme Outdoor".into()),
        created: None,
    };
    let pdf = printer.print_file(&html, &meta).unwrap();
    let out = save(dir.path(), &pdf);
    let info = run("pdfinfo", &[out.to_str().unwrap()]);
    assert_eq!(info_field(&info, "Pages"), "3", "{info}");
    assert_size(&info, (595.3, 841.9));
    assert_eq!(info_field(&info, "Title"), "Digital maturity — Q4 2026");
    assert_eq!(info_field(&info, "Author"), "Fjord Consulting");
    assert_eq!(info_field(&info, "Subject"), "Acme Outdoor");
    assert!(!info.contains("CreationDate"), "no wall-clock date: {info}");
    let text = text_of(&out);
    for needle in [
        "Section 1",
        "Section 3",
        "Body text of section number 2",
        "Page 2 of 3",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert!(
        catalog.get(b"Outlines").is_ok(),
        "headings become bookmarks"
    );
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "tagged PDF");
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("(https://example.com/docs)"),
        "external link kept"
    );
    let again = printer.print_file(&html, &meta).unwrap();
    assert!(again == pdf, "the same input prints to the same bytes");
}

#[test]
fn letter_size_comes_from_css() {
    let Some(mut printer) = printer_or_skip("letter_size_comes_from_css") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "letter.html", &page("letter", 2, ""));
    let pdf = printer.print_file(&html, &PdfMeta::default()).unwrap();
    let info = run("pdfinfo", &[save(dir.path(), &pdf).to_str().unwrap()]);
    assert_eq!(info_field(&info, "Pages"), "2", "{info}");
    assert_size(&info, (612.0, 792.0));
    assert_eq!(info_field(&info, "Title"), "Test report", "HTML title kept");
}

#[test]
fn hostile_report_reads_no_files_and_reaches_no_network() {
    let Some(mut printer) = printer_or_skip("hostile_report_reads_no_files_and_reaches_no_network")
    else {
        return;
    };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let local = format!("http://{}", listener.local_addr().unwrap());
    // No CSP meta tag here: the printer alone must hold the line.
    let hostile = format!(
        "<iframe src=\"file:///etc/passwd\" width=600 height=300></iframe>\
         <iframe src=\"/etc/passwd\"></iframe>\
         <img src=\"file:///etc/hostname\"><img src=\"/etc/hostname\">\
         <object data=\"file:///etc/passwd\" type=\"text/plain\"></object>\
         <embed src=\"file:///etc/passwd\" type=\"text/plain\">\
         <link rel=\"stylesheet\" href=\"file:///etc/passwd\">\
         <div style=\"background:url(file:///etc/passwd)\">bg</div>\
         <img src=\"{local}/img\"><iframe src=\"{local}/frame\"></iframe>\
         <link rel=\"stylesheet\" href=\"{local}/css\">\
         <script>fetch('{local}/script'); new WebSocket('{local}'.replace('http', 'ws'));\
         document.write(location.href);</script>\
         <meta http-equiv=\"refresh\" content=\"0;url=file:///etc/passwd\">\
         <svg width=100 height=100><image href=\"file:///etc/hostname\" width=100 height=100/></svg>\
         <link rel=\"preconnect\" href=\"{local}\"><link rel=\"dns-prefetch\" href=\"{local}\">\
         <link rel=\"prefetch\" href=\"{local}/prefetch\"><link rel=\"preload\" as=\"image\" href=\"{local}/preload\">\
         <style>@import url(\"file:///etc/passwd\"); @import url(\"{local}/import\");\
           @font-face {{ font-family: x; src: url(\"{local}/font\") }} .f {{ font-family: x }}</style>\
         <p class=f>font</p><video poster=\"{local}/poster\"></video>\
         <img src=\"data:image/png;base64,{PNG}\" width=20 height=20>\
         <p>VISIBLE-MARKER <span class=styled></span></p>\
         <style>.styled::after {{ content: 'INLINE-CSS-WORKS' }}</style>"
    );
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "hostile.html", &page("A4", 1, &hostile));
    let pdf = printer.print_file(&html, &PdfMeta::default()).unwrap();
    let out = save(dir.path(), &pdf);
    let text = text_of(&out);
    assert!(text.contains("VISIBLE-MARKER"), "{text}");
    assert!(
        text.contains("INLINE-CSS-WORKS"),
        "inline styles still apply: {text}"
    );
    assert!(!text.contains("root:"), "/etc/passwd leaked:\n{text}");
    assert!(!text.contains("rubricate.invalid"), "a script ran:\n{text}");
    let hostname = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    let hostname = hostname.trim();
    if hostname.len() >= 4 {
        assert!(!text.contains(hostname), "/etc/hostname leaked:\n{text}");
    }
    assert!(
        listener.accept().is_err(),
        "the report reached a local server"
    );
    let images = run("pdfimages", &["-list", out.to_str().unwrap()]);
    let one_by_one = |l: &str| l.split_whitespace().skip(3).take(2).eq(["1", "1"]);
    assert!(
        images.lines().any(one_by_one),
        "the data: image is drawn:\n{images}"
    );
}

#[test]
fn print_many_reports_every_job_and_survives_restarts_and_bad_paths() {
    let test = "print_many_reports_every_job_and_survives_restarts_and_bad_paths";
    if printer_or_skip(test).is_none() {
        return;
    }
    let opts = PrintOptions {
        restart_after: 2,
        ..options()
    };
    let mut printer = Printer::launch_with(None, opts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut jobs: Vec<PrintJob> = (1..=5)
        .map(|i| PrintJob {
            html: write(dir.path(), &format!("{i}.html"), &page("A5", i, "")),
            meta: PdfMeta::default(),
        })
        .collect();
    jobs.insert(
        2,
        PrintJob {
            html: dir.path().join("missing.html"),
            meta: PdfMeta::default(),
        },
    );
    let mut results = vec![None; jobs.len()];
    printer
        .print_many(&jobs, |i, r| {
            assert!(results[i].is_none(), "job {i} reported twice");
            results[i] = Some(r.map(|pdf| pdf.len()).map_err(|e| e.to_string()));
        })
        .unwrap();
    for (i, r) in results.iter().enumerate() {
        match (i, r) {
            (2, Some(Err(e))) => assert!(e.contains("missing.html"), "{e}"),
            (_, Some(Ok(len))) => assert!(*len > 500),
            other => panic!("unexpected result {other:?}"),
        }
    }
}

#[test]
fn timeout_fails_one_document_and_the_printer_recovers() {
    let test = "timeout_fails_one_document_and_the_printer_recovers";
    if printer_or_skip(test).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "t.html", &page("A4", 1, ""));
    let mut printer = Printer::launch_with(None, options()).unwrap();
    printer.set_timeout(Duration::from_millis(1));
    match printer.print_file(&html, &PdfMeta::default()) {
        Err(e @ PdfError::Timeout { .. }) => assert!(e.to_string().contains("t.html"), "{e}"),
        other => panic!("expected a timeout, got {:?}", other.map(|p| p.len())),
    }
    printer.set_timeout(options().timeout);
    let pdf = printer.print_file(&html, &PdfMeta::default());
    assert!(pdf.is_ok(), "a fresh browser takes over: {pdf:?}");
}

#[test]
fn a_browser_killed_between_documents_is_replaced() {
    let Some(mut printer) = printer_or_skip("a_browser_killed_between_documents_is_replaced")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "k.html", &page("A4", 1, ""));
    let pid = printer.browser_pid().unwrap();
    let killed = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(100));
    let pdf = printer.print_file(&html, &PdfMeta::default());
    assert!(pdf.is_ok(), "a fresh browser prints: {pdf:?}");
    assert_ne!(printer.browser_pid(), Some(pid));
}

#[test]
fn missing_explicit_chrome_is_a_clear_error() {
    let err = Printer::launch(Some(Path::new("/nonexistent/chromium")))
        .err()
        .expect("no browser there");
    let text = err.to_string();
    assert!(
        text.contains("--chrome /nonexistent/chromium: no such file"),
        "{text}"
    );
    assert!(text.contains("apt-get install chromium"), "{text}");
    assert!(text.contains("RUBRICATE_CHROME"), "{text}");
}

#[test]
fn printer_can_move_to_another_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Printer>();
}
