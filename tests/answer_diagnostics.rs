//! Snapshot tests of answer-file diagnostics. One file per error kind in
//! `tests/answers/broken/` (TOML and JSON), one folder per multi-file case
//! in `tests/answers/broken/multi/` (all files of the folder are one
//! assessment). Each snapshot is the exact, colourless text a user sees.
//!
//! Files are loaded against `builtin:ecommerce` unless their first line
//! names another rubric: `# rubric: tests/answers/strict.rubric`.

use std::path::Path;

use rubricate::assessment::{self, Assessment};
use rubricate::diagnostics::{ColorChoice, render_all};
use rubricate::model;
use rubricate::source::SourceMap;

/// The path relative to the crate root, as a user would type it.
fn relative(path: &Path) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The rubric a test file asks for in its first line.
fn rubric_for(file: &str) -> String {
    std::fs::read(file)
        .ok()
        .and_then(|bytes| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let first = text.lines().next()?.to_string();
            first
                .strip_prefix("# rubric: ")
                .map(|r| r.trim().to_string())
        })
        .unwrap_or_else(|| "builtin:ecommerce".to_string())
}

/// Loads `files` (in the order given) and renders every diagnostic.
fn load(files: &[String]) -> (Option<Assessment>, String) {
    let mut sources = SourceMap::new();
    let rubric_path = rubric_for(&files[0]);
    let compiled = model::compile(&rubric_path, &mut sources);
    let rubric = compiled.rubric.expect("test rubric compiles");
    let (assessment, diags) = assessment::load(&rubric, files, &mut sources);
    (assessment, render_all(&sources, &diags, ColorChoice::Never))
}

#[test]
fn broken_answer_files() {
    insta::glob!("answers/broken/*.{toml,json}", |path| {
        let (assessment, text) = load(&[relative(path)]);
        assert!(assessment.is_none(), "{}: loaded\n{text}", path.display());
        assert!(
            text.contains("error["),
            "{}: no error\n{text}",
            path.display()
        );
        insta::assert_snapshot!(text);
    });
}

/// Folders named `warn-*` hold only warnings and still load. Files are
/// passed in reverse order to show the result does not depend on it.
#[test]
fn broken_multi_file_assessments() {
    insta::glob!("answers/broken/multi/*", |dir| {
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("case folder")
            .filter_map(|e| e.ok())
            .map(|e| relative(&e.path()))
            .collect();
        files.sort();
        files.reverse();
        let (assessment, text) = load(&files);
        let warning_only = dir
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("warn-"));
        assert_eq!(
            assessment.is_some(),
            warning_only,
            "{}\n{text}",
            dir.display()
        );
        assert!(!text.is_empty());
        insta::assert_snapshot!(text);
    });
}

#[test]
fn disagreements_resolve_deterministically() {
    let dir = "tests/answers/broken/multi/warn-disagreements";
    let files = [
        "c-operations-old.toml",
        "a-marketing.toml",
        "b-operations.toml",
    ]
    .map(|f| format!("{dir}/{f}"));
    let (assessment, text) = load(&files);
    let a = assessment.expect(&text);
    let names: Vec<&str> = a.respondents.iter().map(|r| r.file.as_str()).collect();
    assert!(names.is_sorted(), "{names:?}");
    // Highest target wins.
    assert_eq!(a.targets["operations"], "strategic");
    assert_eq!(a.targets["data"], "strategic");
    // Undated respondents tie: the smallest value per field (first owner,
    // earliest due date); fields only one file gives are kept.
    let plan = &a.plans["operations.packing-space"];
    assert_eq!(plan.owner.as_deref(), Some("Dana"));
    assert_eq!(plan.status, Some(assessment::ActionStatus::Done));
    let plan = &a.plans["marketing.email-segments"];
    assert_eq!(plan.due.as_deref(), Some("2027-03-31"));
}

/// The plan rule never looks at file names: the same files under names
/// that sort the other way merge to the same plans, and a dated respondent
/// beats undated ones.
#[test]
fn plan_conflicts_do_not_depend_on_file_names() {
    let dir = "tests/answers/broken/multi/warn-disagreements";
    let tmp = tempfile::tempdir().unwrap();
    let renamed: Vec<String> = [
        ("a-marketing.toml", "z.toml"),
        ("b-operations.toml", "y.toml"),
        ("c-operations-old.toml", "x.toml"),
    ]
    .iter()
    .map(|(from, to)| {
        let target = tmp.path().join(to);
        std::fs::copy(format!("{dir}/{from}"), &target).unwrap();
        target.to_string_lossy().into_owned()
    })
    .collect();
    let original: Vec<String> = [
        "a-marketing.toml",
        "b-operations.toml",
        "c-operations-old.toml",
    ]
    .map(|f| format!("{dir}/{f}"))
    .to_vec();
    let (a, text) = load(&original);
    let (b, _) = load(&renamed);
    let (a, b) = (a.expect(&text), b.expect("loads"));
    assert_eq!(a.plans, b.plans);
    assert_eq!(a.targets, b.targets);

    // Dana (dated) now says `Sam` for an action Priya (undated) says `Dana`:
    // the dated answer wins although `Dana` sorts first.
    let dated = tmp.path().join("w.toml");
    std::fs::write(
        &dated,
        "rubric = \"ecommerce\"\n[organization]\nname = \"Acme Outdoor Co.\"\n[respondent]\nname = \"Lee\"\ndate = 2026-06-01\n[actions]\n\"operations.packing-space\" = { owner = \"Sam\" }\n",
    )
    .unwrap();
    let mut with_date = renamed.clone();
    with_date.push(dated.to_string_lossy().into_owned());
    let (c, _) = load(&with_date);
    let c = c.expect("loads");
    assert_eq!(
        c.plans["operations.packing-space"].owner.as_deref(),
        Some("Sam")
    );
}

#[test]
fn good_answer_files_load_cleanly() {
    insta::glob!("answers/ok/*.{toml,json}", |path| {
        let (assessment, text) = load(&[relative(path)]);
        assert_eq!(text, "", "{}", path.display());
        let a = assessment.expect("loads");
        let r = &a.respondents[0];
        assert_eq!(r.answers.len(), 9, "{}", path.display());
        assert_eq!(a.targets["operations"], "developing");
        assert_eq!(a.targets["data"], "defined");
        assert_eq!(a.plans.len(), 3);
    });
}

#[test]
fn toml_and_json_answer_files_are_equivalent() {
    let (toml, _) = load(&["tests/answers/ok/every-form.toml".to_string()]);
    let (json, _) = load(&["tests/answers/ok/every-form.json".to_string()]);
    let (mut toml, mut json) = (toml.unwrap(), json.unwrap());
    toml.respondents[0].file.clear();
    json.respondents[0].file.clear();
    assert_eq!(
        serde_json::to_value(&toml).unwrap(),
        serde_json::to_value(&json).unwrap()
    );
}

/// The example assessment (and its baseline) in `examples/acme-outdoor`
/// loads without errors or warnings.
#[test]
fn acme_outdoor_example_loads_cleanly() {
    for dir in ["examples/acme-outdoor", "examples/acme-outdoor/baseline"] {
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("example folder")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"))
            .map(|p| relative(&p))
            .collect();
        files.sort();
        assert!(files.len() >= 3, "{dir}: {files:?}");
        let (assessment, text) = load(&files);
        assert_eq!(text, "", "{dir}");
        let a = assessment.expect("loads");
        assert_eq!(a.organization.name, "Acme Outdoor Co.");
    }
}

/// Answers for another rubric are one error for that file: every id in
/// them would otherwise be "unknown", 80-odd errors that hide the cause.
#[test]
fn answers_for_another_rubric_are_one_error() {
    let (assessment, text) = load(&["tests/answers/broken/other-rubric.toml".to_string()]);
    assert!(assessment.is_none());
    assert_eq!(text.matches("error[").count(), 1, "{text}");
    assert!(text.contains("error[E0207]"), "{text}");
}

/// A JSON answer file is told JSON: no help line shows TOML syntax.
#[test]
fn json_answer_files_get_json_hints() {
    for file in ["json-hints.json", "json-semantic.json"] {
        let (_, text) = load(&[format!("tests/answers/broken/{file}")]);
        let helps: Vec<&str> = text.lines().filter(|l| l.contains("= help:")).collect();
        assert!(!helps.is_empty(), "{text}");
        for help in helps {
            let shown = help.split_once("= help:").map_or("", |(_, h)| h);
            assert!(
                !shown.contains(" = ") && !shown.contains("`["),
                "TOML syntax in a JSON hint: {help}"
            );
        }
    }
}
