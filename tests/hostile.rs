//! Hostile input: files built to hang, exhaust or trick rubricate. Every
//! file of `tests/hostile/rubrics/` is checked by the real binary, which
//! must answer (exit 0 or 1, never a panic's 101) within a time bound; the
//! tests below add inputs too large or too machine-specific to commit.

#[path = "support/hostile.rs"]
mod hostile;
use hostile::{TIMEOUT, run, within};

use std::path::Path;

use rubricate::diagnostics::{ColorChoice, render_all};
use rubricate::model;
use rubricate::source::SourceMap;

/// Compiles `text` on another thread and fails if it takes longer than
/// [`TIMEOUT`] (the target is milliseconds; an exponential parse of these
/// inputs would take longer than the universe has).
fn compiles_in_time(name: &str, text: String) -> String {
    within(TIMEOUT, name, move || {
        let mut sources = SourceMap::new();
        let out = model::compile_text("hostile.rubric", &text, &mut sources);
        render_all(&sources, &out.diagnostics, ColorChoice::Never)
    })
}

#[test]
fn every_hostile_rubric_is_answered_in_time() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/rubrics");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rubric") {
            continue;
        }
        seen += 1;
        let out = run(&["check", path.to_str().unwrap()]);
        assert!(
            matches!(out.code, Some(0 | 1)),
            "{}: exit {:?}\n{}",
            path.display(),
            out.code,
            out.stderr
        );
    }
    assert!(seen >= 3, "the corpus is missing");
}

#[test]
fn unclosed_nesting_parses_in_linear_time() {
    // 30 deep: just under the nesting limit (32), 2^30 steps if exponential.
    let text = compiles_in_time("foo x30", "foo {\n".repeat(30));
    assert!(text.contains("error[E0001]"), "{text}");
    let text = compiles_in_time("pillar/at x15", "pillar p \"P\" {\nat low {\n".repeat(15));
    assert!(text.contains("error[E0001]"), "{text}");
    // Real rules nested inside unknown blocks, unclosed.
    compiles_in_time(
        "mixed x10",
        "pillar p \"P\" {\n  at low {\n    indicator i \"I\" {\n".repeat(10),
    );
}

#[test]
fn many_repetitions_parse_in_linear_time() {
    // 1,000 statements (each opening a block of its own) inside 30
    // unclosed blocks: every block around them fails at the end of file.
    let mut text = "foo {\n".repeat(30);
    text.push_str(&"bar \"x\" { baz {} }\n".repeat(1000));
    compiles_in_time("1000 in 30 unclosed", text);
    let mut text = "pillar p \"P\" {\n  at low {\n".to_string();
    text.push_str(&"    indicator i \"I\" {\n      weight 1\n    }\n".repeat(1000));
    text.push_str(&"    nonsense {\n".repeat(25));
    compiles_in_time("1000 indicators, 25 unclosed", text);
    // A well-formed rubric of 10,000 indicators, for scale.
    let mut text = String::from(
        "rubric r {\n  title \"R\"\n}\nscale s default {\n  0 \"No\"\n  1 \"Yes\"\n  met at 1\n}\n\
         stage low \"Low\" {\n}\npillar p \"P\" {\n  at low {\n",
    );
    for i in 0..10_000 {
        text.push_str(&format!("    indicator i{i} \"I\"\n"));
    }
    text.push_str("  }\n}\n");
    let shown = compiles_in_time("10,000 indicators", text);
    assert!(!shown.contains("error"), "{shown}");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/rubrics/bom.rubric");
    assert!(
        std::fs::read(&path)
            .unwrap()
            .starts_with("\u{feff}".as_bytes())
    );
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut sources = SourceMap::new();
    let text = std::fs::read_to_string(&path).unwrap();
    let out = model::compile_text("bom.rubric", &text, &mut sources);
    assert!(out.rubric.is_some());
}
