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

/// Errors and warnings of one corpus file: (error count, codes in order,
/// rendered text).
fn counted(name: &str) -> (usize, Vec<String>, String) {
    let mut sources = SourceMap::new();
    let out = model::compile(&format!("tests/rubrics/broken/{name}"), &mut sources);
    let text = render_all(&sources, &out.diagnostics, ColorChoice::Never);
    let codes = out
        .diagnostics
        .sorted()
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    (out.diagnostics.error_count(), codes, text)
}

/// One missing `}` is one error, printed first, at the block the
/// indentation says is unclosed: not the enclosing pillar, and no invented
/// "unknown indicator" errors after it.
#[test]
fn a_missing_brace_is_one_error_at_the_right_block() {
    let (errors, codes, text) = counted("missing-close-brace.rubric");
    assert!(errors <= 2, "{text}");
    assert_eq!(codes.first().map(String::as_str), Some("E0001"), "{text}");
    assert!(text.contains("`at basic {` has no `}`"), "{text}");
    assert!(text.contains(":21:3"), "points before `at managed`: {text}");
    assert!(!text.contains("E0105"), "{text}");
}

/// A typo in a stage name is one error with a did-you-mean; the indicators
/// of its block are poisoned, not reported as unknown in `serves`.
#[test]
fn a_stage_typo_is_one_error_and_nothing_about_its_indicators() {
    let (errors, codes, text) = counted("stage-typo.rubric");
    assert_eq!(errors, 1, "{text}");
    assert_eq!(codes, ["E0102"], "{text}");
    assert!(text.contains("did you mean `managed`?"), "{text}");
}

/// Each syntax case of issue 15: how many errors, and what they must say.
#[test]
fn syntax_mistakes_are_explained_precisely() {
    let cases: &[(&str, usize, &[&str])] = &[
        (
            "unclosed-text-block.rubric",
            1,
            &["unclosed text block", "4:11"],
        ),
        (
            "unescaped-quote.rubric",
            1,
            &[r#"write `\"` for a quote inside a text: `tagline "the \"golden\" path"`"#],
        ),
        (
            "brace-next-line.rubric",
            3,
            &[
                "put `{` on the same line as `pillar planning \"Planning\"`",
                "unknown keyword `wieght`",
                "`huge` is not an impact rating",
            ],
        ),
        (
            "bad-ids.rubric",
            2,
            &[
                "an id starts with a letter and holds letters, digits, `-` and `_`",
                "`é` cannot be part of an id",
            ],
        ),
        (
            "fragment-alone.rubric",
            1,
            &["`fragment-alone.rubric` declares no `rubric` header: it is a fragment"],
        ),
        (
            "stage-order-across-files.rubric",
            1,
            &[
                "`advance solid -> top` goes down the ladder",
                "`top` < `basic` < `solid`",
            ],
        ),
        ("stages-included-twice.rubric", 1, &["error[E0124]"]),
    ];
    for (name, expected, phrases) in cases {
        let (errors, _, text) = counted(name);
        assert_eq!(errors, *expected, "{name}:\n{text}");
        for phrase in *phrases {
            assert!(text.contains(phrase), "{name}: no `{phrase}` in\n{text}");
        }
    }
}

/// Structural errors come first, whatever their position.
#[test]
fn structural_errors_are_printed_first() {
    let (_, codes, text) = counted("brace-next-line.rubric");
    assert_eq!(codes.first().map(String::as_str), Some("E0001"), "{text}");
}

/// A rubric split into files: an included file's stages count where the
/// `include` line stands, so the ladder reads top-down across files.
#[test]
fn included_stages_rank_where_the_include_stands() {
    let dir = tempfile::tempdir().unwrap();
    let stages = "stage basic \"Basic\" {}\nstage solid \"Solid\" {}\n";
    std::fs::write(dir.path().join("lower.rubric"), stages).unwrap();
    let main = "rubric r {}\ninclude \"lower.rubric\"\nstage top \"Top\" {}\npillar p \"P\" {\n  at basic { indicator a \"A\" }\n  at solid { indicator b \"B\" }\n  at top { indicator c \"C\" }\n}\nadvance basic -> solid {\n  action x \"X\" { pillar p\n impact low\n effort low }\n}\nadvance solid -> top {\n  action y \"Y\" { pillar p\n impact low\n effort low }\n}\n";
    let path = dir.path().join("main.rubric");
    std::fs::write(&path, main).unwrap();
    let mut sources = SourceMap::new();
    let out = model::compile(&path.display().to_string(), &mut sources);
    let rubric = out.rubric.expect("compiles");
    let ladder: Vec<&str> = rubric.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ladder, ["basic", "solid", "top"]);
}
