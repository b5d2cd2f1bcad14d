//! Every kind of page rubricate writes, checked by the Nu HTML Checker
//! (`vnu.jar`, the W3C validator's engine), errors and warnings alike.
//!
//! The checker needs Java and `vnu.jar`. `.ci/run` installs both
//! (`default-jre-headless` from apt, `vnu-jar` from npm into
//! `target/vnu/`); elsewhere the test looks for `RUBRICATE_VNU_JAR`, then
//! `target/vnu/node_modules/vnu-jar/build/dist/vnu.jar`, and says
//! `SKIPPED: …` when either is missing.
//!
//! One class of the checker's *info* messages is set aside: its Content
//! Security Policy check does not evaluate `sha256-` hashes, nor `data:`
//! sources for images, so it reports every hashed inline script and every
//! `data:` image as blocked even where the policy allows them (a one-line
//! page with `img-src data:` and a `data:` image shows it). Whether the
//! policies really allow what the pages need is tested in a browser
//! (`questionnaire_form.rs`, the PDF tests) and by `report_html.rs`.

#[path = "support/example.rs"]
mod example;
#[path = "support/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The checker's jar, or why there is none.
fn vnu_jar() -> Result<PathBuf, String> {
    let jar = std::env::var_os("RUBRICATE_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
        });
    if !jar.is_file() {
        return Err(format!(
            "the Nu HTML Checker is not installed (`npm install --prefix target/vnu vnu-jar`, or set RUBRICATE_VNU_JAR); looked for {}",
            jar.display()
        ));
    }
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|o| o.status.success()) {
        return Err("`java` not found (apt-get install default-jre-headless)".into());
    }
    Ok(jar)
}

/// Runs the binary from the repository root; panics with its stderr when
/// it fails.
fn rubricate(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "rubricate {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Writes one page of each kind into `dir`; returns their paths.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let copy = example::copy_northwind(dir);
    rubricate(&["build", copy.to_str().unwrap()]);
    let mut pages = vec![
        copy.join("site/index.html"),
        copy.join("site/acme-outdoor/report.html"),
        copy.join("site/blue-harbour/report.html"),
    ];
    let answers = [
        "examples/acme-outdoor/customer-service.toml",
        "examples/acme-outdoor/marketing.toml",
        "examples/acme-outdoor/operations.toml",
        "examples/acme-outdoor/technology.toml",
    ];
    for theme in ["default", "print"] {
        let out = dir.join(format!("{theme}.html"));
        let mut args = vec!["report", "builtin:ecommerce"];
        args.extend(answers);
        args.extend([
            "--baseline",
            "examples/acme-outdoor/baseline/operations.toml",
            "--theme",
            theme,
            "--appendix",
            "full",
            "-o",
            out.to_str().unwrap(),
        ]);
        rubricate(&args);
        pages.push(out);
    }
    let form = dir.join("form.html");
    rubricate(&[
        "questionnaire",
        "builtin:ecommerce",
        "--format",
        "html",
        "-o",
        form.to_str().unwrap(),
    ]);
    pages.push(form);
    pages
}

/// The checker's messages that count: everything but its CSP info notes
/// (see the module doc), each as "page:line: type: message".
fn findings(report: &serde_json::Value, dir: &Path) -> Vec<String> {
    let prefix = format!("file:{}/", dir.display());
    report["messages"]
        .as_array()
        .expect("the checker's JSON has messages")
        .iter()
        .filter(|m| {
            let csp_note = m["type"] == "info"
                && m["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("violates Content Security Policy"));
            !csp_note
        })
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("?");
            format!(
                "{}:{}: {}{}: {}",
                url.strip_prefix(&prefix).unwrap_or(url),
                m["lastLine"],
                m["type"].as_str().unwrap_or("?"),
                m["subType"]
                    .as_str()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default(),
                m["message"].as_str().unwrap_or("?"),
            )
        })
        .collect()
}

#[test]
fn every_kind_of_page_is_nu_checker_clean() {
    let jar = match vnu_jar() {
        Ok(jar) => jar,
        Err(reason) => return tools::skip("every_kind_of_page_is_nu_checker_clean", &reason),
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    let pages = pages(&dir);
    assert_eq!(pages.len(), 6);
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--exit-zero-always"])
        .args(&pages)
        .output()
        .expect("java runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "the checker's output is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let findings = findings(&report, &dir);
    assert!(
        findings.is_empty(),
        "the Nu HTML Checker found:\n{}",
        findings.join("\n")
    );
}

/// The filter above must not hide real findings: a page with an error is
/// reported.
#[test]
fn the_checker_reports_a_broken_page() {
    let jar = match vnu_jar() {
        Ok(jar) => jar,
        Err(reason) => return tools::skip("the_checker_reports_a_broken_page", &reason),
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().canonicalize().unwrap();
    let page = dir.join("broken.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head>\
         <body><p><div>block in a paragraph</p></body></html>",
    )
    .unwrap();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--format", "json", "--exit-zero-always"])
        .arg(&page)
        .output()
        .expect("java runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    let findings = findings(&report, &dir);
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("broken.html:1: error")),
        "{findings:?}"
    );
}
