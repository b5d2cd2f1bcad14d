//! The update's edits on small files written every way TOML allows: what
//! changes, that nothing else does, and that a second run changes nothing.

use super::*;
use crate::assessment::template::{indicator_prompt, pillar_section, stage_section};
use crate::model::compile_text;

const V2: &str = include_str!("../../../tests/evolution/v2.rubric");

fn v2() -> Rubric {
    let mut sources = SourceMap::new();
    compile_text("v2.rubric", V2, &mut sources)
        .rubric
        .expect("v2 compiles")
}

const HEAD: &str =
    "rubric = \"shop@2\"\n[organization]\nname = \"Acme\"\n[respondent]\nname = \"Dana\"\n";

/// Every current indicator mentioned, so only the change under test shows.
const REST: &str = "\"ops.packing\" = 1\n\"ops.barcode-scanning\" = 1\n\"ops.shipping-software\" = 1\n\"tech.hosted-shop\" = 1\n\"tech.backups\" = 1\n\"tech.monitoring\" = 1\n";

fn plan_of(text: &str) -> Result<Plan, String> {
    let mut sources = SourceMap::new();
    let (plan, diags) = plan(&v2(), "a.toml", text, &mut sources);
    plan.ok_or_else(|| {
        diags
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The updated text, checked to be stable under a second update.
fn updated(text: &str) -> String {
    let first = plan_of(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let again = plan_of(&first.text).unwrap_or_else(|e| panic!("{e}\n{}", first.text));
    assert!(again.is_current(), "not stable:\n{}", again.diff("a.toml"));
    first.text
}

#[test]
fn an_up_to_date_file_is_left_byte_for_byte() {
    let text = format!("{HEAD}\n[answers]\n# a comment\n\"ops.stock-records\" = 2  # why\n{REST}");
    let plan = plan_of(&text).unwrap();
    assert!(plan.is_current());
    assert_eq!(plan.text, text);
    assert_eq!(plan.diff("a.toml"), "");
    assert_eq!(plan.summary(), "up to date");
}

#[test]
fn a_renamed_key_is_rewritten_in_the_style_it_was_written() {
    for (written, expected) in [
        (
            "\"ops.spreadsheet\" = 2  # kept",
            "\"ops.stock-records\" = 2  # kept",
        ),
        ("'ops.spreadsheet' = 2", "\"ops.stock-records\" = 2"),
        (
            "ops.spreadsheet = { level = 2, note = \"n\" }",
            "ops.stock-records = { level = 2, note = \"n\" }",
        ),
        ("  ops . spreadsheet = 2", "  ops.stock-records = 2"),
    ] {
        let text = format!("{HEAD}[answers]\n{written}\n{REST}");
        let out = updated(&text);
        assert_eq!(out, text.replace(written, expected), "{written}");
    }
    let text = format!("{HEAD}[answers]\n{REST}\n[answers.ops]\n# note\nspreadsheet = 2\n");
    assert_eq!(
        updated(&text),
        text.replace("\nspreadsheet = 2", "\nstock-records = 2")
    );
    let text = format!(
        "{HEAD}[answers]\n{REST}\n[answers.\"ops.spreadsheet\"]\nlevel = 2\nnote = \"n\"\n"
    );
    assert_eq!(
        updated(&text),
        text.replace(
            "[answers.\"ops.spreadsheet\"]",
            "[answers.\"ops.stock-records\"]"
        )
    );
}

#[test]
fn a_retired_answer_is_commented_out_under_a_note() {
    let text = format!(
        "{HEAD}[answers]\n\"ops.stock-records\" = 1\n  \"tech.fax-orders\" = {{ level = 1, evidence = [\n    \"a\",\n\n  ] }}\n{REST}"
    );
    let out = updated(&text);
    assert!(
        out.contains("  # Retired in 2.0.0: no longer part of the rubric; kept for the record, not scored.\n  # \"tech.fax-orders\" = { level = 1, evidence = [\n    # \"a\",\n#\n  # ] }\n"),
        "{out}"
    );
}

#[test]
fn prompts_follow_renames_and_retirements() {
    let text = format!(
        "{HEAD}[answers]\n# Stock\n# \"ops.spreadsheet\" = ?\n# Fax\n#   \"tech.fax-orders\" = ?\n# \"tech.fax-orders\" = 2\n{REST}"
    );
    let out = updated(&text);
    let expected = text
        .replace("# \"ops.spreadsheet\" = ?", "# \"ops.stock-records\" = ?")
        .replace(
            "#   \"tech.fax-orders\" = ?",
            "# Retired in 2.0.0: \"tech.fax-orders\" is no longer asked.",
        );
    assert_eq!(out, expected);
    let plan = plan_of(&text).unwrap();
    assert_eq!(plan.summary(), "1 id renamed, 1 retired id commented");
}

#[test]
fn new_indicators_go_beside_their_pillar_and_stage() {
    let rubric = v2();
    let template = crate::assessment::template(&rubric);
    // A file from `init` that lacks two indicators: one first in its
    // stage, one last in its stage.
    let remove = |text: &str, id: &str| {
        let prompt = indicator_prompt(&rubric, rubric.indicator(id).unwrap());
        assert!(text.contains(&prompt), "{id}");
        text.replacen(&prompt, "", 1)
    };
    let text = remove(
        &remove(&template, "ops.barcode-scanning"),
        "tech.monitoring",
    );
    assert_eq!(updated(&text), template);
    // A whole stage, then a whole pillar, missing.
    let stage = stage_section(
        &rubric,
        &rubric.stages[1],
        &rubric.pillars[0]
            .indicators
            .iter()
            .filter(|i| i.stage_index == 1)
            .collect::<Vec<_>>(),
    );
    assert_eq!(updated(&template.replacen(&stage, "", 1)), template);
    let pillar = pillar_section(&rubric, &rubric.pillars[0], |_| true);
    assert_eq!(updated(&template.replacen(&pillar, "", 1)), template);
    let pillar = pillar_section(&rubric, &rubric.pillars[1], |_| true);
    assert_eq!(updated(&template.replacen(&pillar, "", 1)), template);
}

#[test]
fn a_file_without_answers_gets_the_whole_table_before_its_actions() {
    let text = format!("{HEAD}\n[actions]\n\"ops.software\" = \"done\"\n");
    let out = updated(&text);
    assert!(out.starts_with(&format!("{HEAD}\n[answers]\n")), "{out}");
    assert!(
        out.ends_with("\n\n[actions]\n\"ops.software\" = \"done\"\n"),
        "{out}"
    );
    assert_eq!(plan_of(&text).unwrap().counts.added, 7);
}

#[test]
fn windows_line_endings_are_kept() {
    let text = format!("{HEAD}[answers]\n\"ops.spreadsheet\" = 2\n{REST}").replace('\n', "\r\n");
    let text = text.replace("\"tech.monitoring\" = 1\r\n", "");
    let out = updated(&text);
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    assert!(out.contains("\"ops.stock-records\" = 2\r\n"));
    assert!(out.contains("# \"tech.monitoring\" = ?\r\n"));
}

#[test]
fn an_older_version_requirement_names_the_current_one() {
    let text =
        format!("{HEAD}[answers]\n{REST}\"ops.stock-records\" = 1\n").replace("shop@2", "shop@1");
    let plan = plan_of(&text).unwrap();
    assert_eq!(plan.text, text.replace("shop@1", "shop@2"));
    assert_eq!(plan.summary(), "version 1 -> 2");
    assert_eq!(
        plan.diff("a.toml"),
        "--- a.toml\n+++ a.toml\n@@ -1,1 +1,1 @@\n-rubric = \"shop@1\"\n+rubric = \"shop@2\"\n"
    );
}

#[test]
fn what_cannot_be_edited_in_place_is_refused() {
    let cross = V2.replace(
        "renamed ops.spreadsheet -> ops.stock-records",
        "renamed ops.spreadsheet -> tech.monitoring",
    );
    let mut sources = SourceMap::new();
    let rubric = compile_text("x.rubric", &cross, &mut sources)
        .rubric
        .expect("compiles");
    let text = format!("{HEAD}[answers.ops]\nspreadsheet = 1\n");
    let (planned, diags) = plan(&rubric, "a.toml", &text, &mut SourceMap::new());
    assert!(planned.is_none());
    assert_eq!(diags.iter().map(|d| d.code).collect::<Vec<_>>(), ["E0220"]);
    // Broken files are not updated: their errors come back.
    let (planned, diags) = plan(&v2(), "a.toml", "rubric = 1\n", &mut SourceMap::new());
    assert!(planned.is_none() && diags.has_errors());
}

#[test]
fn comment_lines_are_read_like_prompts() {
    let found = id_line("  #  \"ops.x\" = ?").unwrap();
    assert_eq!(
        (found.written.as_str(), found.quoted, found.prompt),
        ("ops.x", true, true)
    );
    assert_eq!(found.key, 5..12);
    let found = id_line("# ops.x = 2").unwrap();
    assert_eq!((found.segments, found.prompt), (2, false));
    for not in [
        "# Retired in 2.0.0: x",
        "# --- Basic",
        "ops.x = 1",
        "# \"a b\" = ?",
        "#",
    ] {
        assert_eq!(id_line(not), None, "{not}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// Whatever a file looks like, planning its update never panics, and
    /// a plan it makes is stable.
    #[test]
    fn mangled_files_never_panic(
        cuts in proptest::collection::vec((0usize..4000, 0usize..40, 0usize..6), 0..6)
    ) {
        let old = include_str!("../../../tests/evolution/answers-v1/dana.toml");
        let pieces = ["\n", "\"", "[answers.ops]\n", "# \"ops.spreadsheet\" = ?\n", "'''", "= {"];
        let mut text = old.to_string();
        for (at, len, piece) in cuts {
            let at = at.min(text.len());
            let end = (at + len).min(text.len());
            if text.is_char_boundary(at) && text.is_char_boundary(end) {
                text.replace_range(at..end, pieces[piece]);
            }
        }
        if let Ok(plan) = plan_of(&text) {
            let again = plan_of(&plan.text).expect("an update loads");
            proptest::prop_assert!(again.is_current(), "{}", again.diff("a.toml"));
        }
    }
}
