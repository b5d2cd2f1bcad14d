//! Unit tests of the loader: semantics that snapshots show less directly
//! (merging rules, ordering, equivalence of TOML and JSON, policies).

use std::path::Path;

use super::*;
use crate::assessment::{ActionStatus, AnswerValue};
use crate::diagnostics::{ColorChoice, render_all};
use crate::model::{self, Rubric};

fn ecommerce() -> Rubric {
    let mut sources = SourceMap::new();
    model::compile("builtin:ecommerce", &mut sources)
        .rubric
        .expect("bundled rubric compiles")
}

/// Writes `files` (name, text) into a fresh directory and loads them.
fn load_texts(
    rubric: &Rubric,
    files: &[(&str, &str)],
) -> (Option<Assessment>, Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<String> = files
        .iter()
        .map(|(name, text)| {
            let p = dir.path().join(name);
            std::fs::write(&p, text).unwrap();
            p.display().to_string()
        })
        .collect();
    let mut sources = SourceMap::new();
    let (assessment, diags) = load(rubric, &paths, &mut sources);
    let codes = diags.sorted().iter().map(|d| d.code.to_string()).collect();
    // The temporary folder's random name (`/tmp/.tmpXn`) must not leak into
    // what tests assert on: `…n` + `/a.toml` once read as "n/a".
    let shown = render_all(&sources, &diags, ColorChoice::Never)
        .replace(&dir.path().display().to_string(), "<dir>");
    (assessment, codes, shown)
}

const HEAD: &str = r#"rubric = "ecommerce"
[organization]
name = "Acme Outdoor Co."
"#;

fn respondent(name: &str, extra: &str) -> String {
    format!("{HEAD}[respondent]\nname = \"{name}\"\n{extra}")
}

#[test]
fn reads_every_answer_form() {
    let text = respondent(
        "Dana",
        r#"date = "2026-11-02"
[answers]
"operations.spreadsheet-inventory" = 1
"technology.saas-platform" = "fully in place"
"marketing.email-capture" = { level = "2", note = "Klaviyo", evidence = "https://example.com" }
"data.ab-testing" = { level = "N/A", note = "No traffic to test with" }
data.conversion-aov = 3
[answers.marketing]
email-flows = 0
[actions]
"operations.packing-space" = { owner = "Sam", due = 2027-02-01, status = "In progress" }
"data.basic-metrics" = "done"
"#,
    );
    let (a, codes, shown) = load_texts(&ecommerce(), &[("dana.toml", &text)]);
    assert!(codes.is_empty(), "{shown}");
    let a = a.unwrap();
    let r = &a.respondents[0];
    assert_eq!(r.date.as_deref(), Some("2026-11-02"));
    let level = |id: &str| r.answers[id].value;
    assert_eq!(
        level("operations.spreadsheet-inventory"),
        AnswerValue::Level(1.0)
    );
    assert_eq!(level("technology.saas-platform"), AnswerValue::Level(3.0));
    assert_eq!(level("marketing.email-capture"), AnswerValue::Level(2.0));
    assert_eq!(level("data.ab-testing"), AnswerValue::NotApplicable);
    assert_eq!(level("data.conversion-aov"), AnswerValue::Level(3.0));
    assert_eq!(level("marketing.email-flows"), AnswerValue::Level(0.0));
    assert_eq!(
        r.answers["marketing.email-capture"].evidence,
        vec!["https://example.com".to_string()]
    );
    let plan = &a.plans["operations.packing-space"];
    assert_eq!(plan.owner.as_deref(), Some("Sam"));
    assert_eq!(plan.due.as_deref(), Some("2027-02-01"));
    assert_eq!(plan.status, Some(ActionStatus::InProgress));
    assert_eq!(
        a.plans["data.basic-metrics"].status,
        Some(ActionStatus::Done)
    );
    assert_eq!(a.organization.name, "Acme Outdoor Co.");
}

#[test]
fn json_reads_like_toml() {
    let toml = respondent(
        "Dana",
        r#"role = "Ops"
[answers]
"operations.spreadsheet-inventory" = { level = 1, note = "Weekly", evidence = ["a", "b"] }
[actions]
"operations.packing-space" = { owner = "Sam", due = 2027-02-01 }
"#,
    );
    let json = r#"{
  "rubric": "ecommerce",
  "organization": { "name": "Acme Outdoor Co." },
  "respondent": { "name": "Dana", "role": "Ops", "date": null },
  "answers": {
    "operations.spreadsheet-inventory": { "level": 1, "note": "Weekly", "evidence": ["a", "b"] },
    "data.ab-testing": null
  },
  "actions": { "operations.packing-space": { "owner": "Sam", "due": "2027-02-01" } }
}"#;
    let rubric = ecommerce();
    let (a, _, shown) = load_texts(&rubric, &[("a.toml", &toml)]);
    let (b, _, shown_b) = load_texts(&rubric, &[("a.json", json)]);
    let (mut a, mut b) = (a.expect(&shown), b.expect(&shown_b));
    a.respondents[0].file.clear();
    b.respondents[0].file.clear();
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        serde_json::to_value(&b).unwrap()
    );
}

#[test]
fn respondents_are_sorted_and_read_once() {
    let rubric = ecommerce();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, who: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, respondent(who, "")).unwrap();
        p.display().to_string()
    };
    let (b, a) = (write("b.toml", "Bo"), write("a.toml", "Al"));
    let mut sources = SourceMap::new();
    let (x, d) = load(&rubric, &[b.clone(), a.clone(), b.clone()], &mut sources);
    let names: Vec<String> = x.unwrap().respondents.into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["Al", "Bo"]);
    let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["W0203"]);
}

#[test]
fn targets_take_the_highest_and_explicit_beats_default() {
    let rubric = ecommerce();
    let a = respondent(
        "Al",
        "[respondent.target]\ndefault = \"developing\"\noperations = \"Defined\"\n",
    );
    let b = respondent("Bo", "target = \"strategic\"\n");
    let (x, codes, shown) = load_texts(&rubric, &[("a.toml", &a), ("b.toml", &b)]);
    let x = x.expect(&shown);
    assert!(
        x.targets.values().all(|t| t == "strategic"),
        "{:?}",
        x.targets
    );
    // One warning for the three pillars Al's default covers, one for the
    // pillar Al named.
    assert_eq!(codes, ["W0201", "W0201"], "{shown}");
    assert!(
        shown.contains("`technology`, `marketing`, `data`"),
        "{shown}"
    );

    let only_one = respondent("Al", "[respondent.target]\ndata = \"defined\"\n");
    let (x, codes, _) = load_texts(&rubric, &[("a.toml", &only_one)]);
    assert!(codes.is_empty());
    let targets: Vec<(String, String)> = x.unwrap().targets.into_iter().collect();
    assert_eq!(targets, [("data".to_string(), "defined".to_string())]);
}

#[test]
fn plans_merge_field_by_field_first_file_wins() {
    let rubric = ecommerce();
    let a = respondent(
        "Al",
        "[actions]\n\"data.basic-metrics\" = { owner = \"Al\" }\n",
    );
    let b = respondent(
        "Bo",
        "[actions]\n\"data.basic-metrics\" = { owner = \"Bo\", status = \"done\" }\n",
    );
    let (x, codes, shown) = load_texts(&rubric, &[("b.toml", &b), ("a.toml", &a)]);
    let plan = &x.expect(&shown).plans["data.basic-metrics"];
    assert_eq!(plan.owner.as_deref(), Some("Al"));
    assert_eq!(plan.status, Some(ActionStatus::Done));
    assert_eq!(codes, ["W0202"]);
    assert!(shown.contains("`Al` (Al) or `Bo` (Bo)"), "{shown}");
}

#[test]
fn empty_groups_are_fine_but_empty_unknown_tables_are_not() {
    let text = respondent(
        "Al",
        "[answers.operations]\n[answers.\"data.crystal-ball\"]\n[actions.operations]\n",
    );
    let (x, codes, shown) = load_texts(&ecommerce(), &[("a.toml", &text)]);
    assert!(x.is_none());
    assert_eq!(codes, ["E0209"], "{shown}");
}

#[test]
fn one_indicator_written_two_ways_is_an_error() {
    let text = respondent(
        "Al",
        "[answers]\n\"data.ab-testing\" = 1\n[answers.data]\nab-testing = 2\n",
    );
    let (x, codes, _) = load_texts(&ecommerce(), &[("a.toml", &text)]);
    assert!(x.is_none());
    assert_eq!(codes, ["E0204"]);
}

fn small_rubric(policy: &str) -> Rubric {
    let text = format!(
        "rubric small {{\n  title \"Small\"\n  version \"2.1.0\"\n}}\nstage a \"A\" {{\n}}\nstage b \"B\" {{\n}}\n\
         pillar p \"P\" {{\n  at a {{\n    indicator x \"X\"\n  }}\n  at b {{\n    indicator y \"Y\"\n  }}\n}}\n\
         advance a -> b {{\n  action p.go \"Go\" {{\n    pillar p\n    impact low\n    effort low\n  }}\n}}\n\
         scoring {{\n  not-applicable {policy}\n}}\n"
    );
    let mut sources = SourceMap::new();
    let out = model::compile_text("small.rubric", &text, &mut sources);
    let shown = render_all(&sources, &out.diagnostics, ColorChoice::Never);
    out.rubric.expect(&shown)
}

fn small_file(rubric_ref: &str, answer: &str) -> String {
    format!(
        "rubric = \"{rubric_ref}\"\n[organization]\nname = \"O\"\n[respondent]\nname = \"R\"\n[answers]\n\"p.x\" = {answer}\n"
    )
}

#[test]
fn not_applicable_follows_the_policy() {
    let cases = [
        ("forbidden", "\"n/a\"", vec!["E0212"]),
        ("allowed", "\"n/a\"", vec![]),
        ("justified", "\"n/a\"", vec!["E0213"]),
        (
            "justified",
            "{ level = \"n/a\", note = \" \" }",
            vec!["E0213"],
        ),
        ("justified", "{ level = \"n/a\", note = \"why\" }", vec![]),
    ];
    for (policy, answer, expected) in cases {
        let rubric = small_rubric(policy);
        let (_, codes, shown) = load_texts(&rubric, &[("a.toml", &small_file("small", answer))]);
        assert_eq!(codes, expected, "{policy} {answer}\n{shown}");
    }
    let forbidden = small_rubric("forbidden");
    let (_, _, shown) = load_texts(&forbidden, &[("a.toml", &small_file("small", "7"))]);
    assert!(
        !shown.contains("n/a"),
        "no n/a suggested when forbidden:\n{shown}"
    );
}

#[test]
fn version_requirements() {
    let rubric = small_rubric("allowed");
    // An older major is read through the rubric's evolution, with a
    // warning; a newer requirement than the rubric is refused.
    for (reference, ok, expected) in [
        ("small@2", true, &[][..]),
        ("small@2.1", true, &[]),
        ("small@2.2", false, &["E0207"]),
        ("small@3", false, &["E0207"]),
        ("small@1", true, &["W0205"]),
        ("small@latest", false, &["E0207"]),
    ] {
        let (x, codes, shown) = load_texts(&rubric, &[("a.toml", &small_file(reference, "1"))]);
        assert_eq!(x.is_some(), ok, "{reference}\n{shown}");
        assert_eq!(codes, expected, "{reference}");
    }
}

#[test]
fn unreadable_inputs_are_errors_not_panics() {
    let rubric = ecommerce();
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("bin.toml");
    std::fs::write(&binary, b"rubric = 1\0\xff").unwrap();
    let latin1 = dir.path().join("latin1.json");
    std::fs::write(&latin1, b"{\"a\": \"caf\xe9\"}").unwrap();
    let wrong_ext = dir.path().join("answers.yaml");
    std::fs::write(&wrong_ext, "a: 1").unwrap();
    let files: Vec<String> = [
        binary.as_path(),
        latin1.as_path(),
        wrong_ext.as_path(),
        dir.path(),
        Path::new("/nonexistent/answers.toml"),
    ]
    .iter()
    .map(|p| p.display().to_string())
    .collect();
    let mut sources = SourceMap::new();
    let (x, diags) = load(&rubric, &files, &mut sources);
    assert!(x.is_none());
    let mut codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["E0200", "E0200", "E0201", "E0202", "E0202"]);
    let (x, diags) = load(&rubric, &[], &mut sources);
    assert!(x.is_none() && diags.has_errors());
}

#[test]
fn byte_order_mark_is_ignored() {
    let text = format!("\u{feff}{}", respondent("Al", ""));
    let (x, codes, _) = load_texts(&ecommerce(), &[("a.toml", &text)]);
    assert!(x.is_some() && codes.is_empty());
    let json = "\u{feff}{\"rubric\": \"ecommerce\", \"organization\": {\"name\": \"O\"}, \"respondent\": {\"name\": \"R\"}}";
    let (x, codes, shown) = load_texts(&ecommerce(), &[("a.json", json)]);
    assert!(x.is_some() && codes.is_empty(), "{shown}");
}

#[test]
fn the_template_loads_and_its_actions_uncommented_too() {
    let rubric = ecommerce();
    let template = crate::assessment::template(&rubric);
    let (x, codes, shown) = load_texts(&rubric, &[("t.toml", &template)]);
    assert!(codes.is_empty(), "{shown}");
    assert!(x.unwrap().respondents[0].answers.is_empty());
    let uncommented = template
        .replace("\n# \"", "\n\"")
        .replace(" = ?\n", " = 1\n");
    let (x, codes, shown) = load_texts(&rubric, &[("t.toml", &uncommented)]);
    assert!(codes.is_empty(), "{shown}");
    let x = x.unwrap();
    assert_eq!(x.plans.len(), rubric.actions.len());
    assert!(
        x.plans
            .values()
            .all(|p| p.owner.is_none() && p.due.is_none())
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Arbitrary text, and arbitrary text spliced into a valid file, never
    /// panics, in either format.
    #[test]
    fn never_panics(noise in "\\PC{0,80}", at in 0usize..400) {
        let rubric = ecommerce();
        let base = respondent("Al", "[answers]\n\"data.ab-testing\" = { level = 2, note = \"x\" }\n");
        let cut = crate::source::floor_char_boundary(&base, at.min(base.len()));
        let spliced = format!("{}{noise}{}", &base[..cut], &base[cut..]);
        let json = format!("{{\"rubric\": {noise:?}, \"answers\": {{\"{noise}\": 1}}}}");
        let _ = load_texts(&rubric, &[("a.toml", &noise), ("b.json", &noise)]);
        let _ = load_texts(&rubric, &[("c.toml", &spliced), ("d.json", &json)]);
    }
}
