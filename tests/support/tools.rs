//! External tools some tests need (headless Chromium, poppler). When one is
//! missing the test says `SKIPPED: …` on the real stderr, bypassing the
//! test harness's output capture, so a skip is visible in every
//! `cargo test` run and never passes silently.

// Each test binary includes this file and uses a different subset of it.
#![allow(dead_code)]

use std::io::Write;
use std::process::Command;

/// Whether `tool -v` runs.
pub fn has(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// Prints the skip notice where people see it.
pub fn skip(test: &str, reason: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "SKIPPED: {test}: {reason}");
}

/// `None` when Chromium and poppler are all there; else the reason.
pub fn pdf_tools_missing() -> Option<String> {
    if let Err(e) = rubricate::pdf::find_chrome(None) {
        return Some(e.to_string());
    }
    for tool in ["pdfinfo", "pdftotext", "pdftoppm"] {
        if !has(tool) {
            return Some(format!(
                "poppler's `{tool}` not found (apt-get install poppler-utils)"
            ));
        }
    }
    None
}
