//! Snapshot tests of the diagnostics for a corpus of broken rubrics: one file
//! per error kind in `tests/rubrics/broken/`. Each snapshot is the exact,
//! colourless text a user sees.

use rubricate::diagnostics::{ColorChoice, render_all};
use rubricate::model;
use rubricate::source::SourceMap;

fn check(path: &str) -> (bool, String) {
    let mut sources = SourceMap::new();
    let out = model::compile(path, &mut sources);
    let text = render_all(&sources, &out.diagnostics, ColorChoice::Never);
    (out.rubric.is_some(), text)
}

fn relative(path: &std::path::Path) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn broken_rubrics() {
    insta::glob!("rubrics/broken/*.rubric", |path| {
        let (compiled, text) = check(&relative(path));
        let name = path.file_name().unwrap().to_string_lossy();
        // Warning-only files still compile; every other file must fail.
        let warning_only = name.starts_with("stage-without-actions")
            || name.starts_with("pillar-without-indicators");
        assert_eq!(
            compiled, warning_only,
            "{name}: compiled = {compiled}\n{text}"
        );
        assert!(!text.is_empty(), "{name}: no diagnostic at all");
        insta::assert_snapshot!(text);
    });
}

#[test]
fn good_rubrics_compile_cleanly() {
    insta::glob!("rubrics/ok/*.rubric", |path| {
        let (compiled, text) = check(&relative(path));
        assert!(compiled, "{}:\n{text}", path.display());
        assert!(!text.contains("error"), "{text}");
    });
}

#[test]
fn bundled_rubric_has_no_diagnostics() {
    let (compiled, text) = check("builtin:ecommerce");
    assert!(compiled);
    assert_eq!(text, "", "the bundled rubric must be warning-free");
}

#[test]
fn every_error_in_a_file_is_reported_together() {
    let (_, text) = check("tests/rubrics/broken/bad-values.rubric");
    assert!(text.matches("error[").count() >= 6, "{text}");
}

/// A 5 MB rubric (a huge but valid pillar) compiles: no stack overflow, no
/// quadratic blow-up that would look like a hang.
#[test]
fn five_megabyte_rubric_compiles() {
    let mut text = String::from(
        "rubric big {\n  title \"Big\"\n}\nstage a \"A\" {\n}\nstage b \"B\" {\n}\npillar p \"P\" {\n  at a {\n",
    );
    let mut i = 0;
    while text.len() < 5_000_000 {
        text.push_str(&format!(
            "    indicator i{i} \"Indicator number {i} is in place across the business\"\n"
        ));
        i += 1;
    }
    text.push_str("  }\n  at b {\n    indicator top \"Top\"\n  }\n}\nadvance a -> b {\n  action p.x \"X\" {\n    pillar p\n    impact low\n    effort low\n  }\n}\n");
    let mut sources = SourceMap::new();
    let out = model::compile_text("big.rubric", &text, &mut sources);
    let rubric = out.rubric.expect("valid");
    assert_eq!(rubric.pillars[0].indicators.len(), i + 1);
}

/// 5 MB of garbage: reported, capped, and quick.
#[test]
fn five_megabytes_of_garbage_is_an_error_not_a_crash() {
    let line = "@@ }{ \"unterminated ((( random ### text\n";
    let text = line.repeat(5_000_000 / line.len());
    let mut sources = SourceMap::new();
    let out = model::compile_text("garbage.rubric", &text, &mut sources);
    assert!(out.rubric.is_none());
    assert!(out.diagnostics.has_errors());
    let shown = render_all(&sources, &out.diagnostics, ColorChoice::Never);
    assert!(shown.len() < 200_000, "output is capped");
}
