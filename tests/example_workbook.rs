//! `examples/survey/acme-ops.xlsx` is the questionnaire as Dana Reyes
//! filled it in for the Q4 2026 round: the answers, notes, targets and
//! plan of `examples/acme-outdoor/operations.toml`, typed into the cells of
//! `rubricate questionnaire`'s workbook. `rubricate import` turns it back
//! into an answer file that scores exactly like hers.
//!
//! The workbook is regenerated from the answer file by this test with
//! `UPDATE_EXAMPLES=1 cargo test --test example_workbook`; without it the
//! test fails when the committed file is out of date.

#[path = "support/workbook.rs"]
mod workbook;

use std::path::Path;

use rubricate::model::{self, Rubric};
use rubricate::questionnaire::layout::{self, column_name, indicator_column};
use rubricate::questionnaire::sheet_names;
use rubricate::source::SourceMap;
use workbook::{Edit, fill, number, row_of, run_in, stderr, text};

const ANSWERS: &str = "examples/acme-outdoor/operations.toml";
const WORKBOOK: &str = "examples/survey/acme-ops.xlsx";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rubric() -> Rubric {
    let mut sources = SourceMap::new();
    model::compile("builtin:ecommerce", &mut sources)
        .rubric
        .expect("bundled rubric compiles")
}

/// A cell of `sheet` on the row of `id`, in column `col`.
fn cell(xlsx: &[u8], sheet: &str, id: &str, col: u16) -> String {
    format!("{}{}", column_name(col), row_of(xlsx, sheet, id))
}

/// Days since 1899-12-30 (a spreadsheet's date serial) of `yyyy-mm-dd`.
fn serial(date: &str) -> f64 {
    let parts: Vec<i64> = date.split('-').map(|p| p.parse().unwrap()).collect();
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    // Days from civil (Howard Hinnant's algorithm), then the offset of 1899-12-30.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146097 + doe - 719468 + 25569) as f64
}

/// The cells Dana typed: every answer of the answer file (label of its
/// level, or n/a), notes, the respondent block, targets, her plan.
fn edits(rubric: &Rubric, blank: &[u8], answers: &toml::Table) -> Vec<Edit> {
    let mut edits = Vec::new();
    let sheets = sheet_names(rubric);
    let given = answers["answers"].as_table().unwrap();
    for (pillar, sheet) in rubric.pillars.iter().zip(&sheets) {
        for indicator in &pillar.indicators {
            let Some(answer) = given.get(&indicator.id) else {
                continue;
            };
            let (level, note) = match answer {
                toml::Value::Table(t) => (t["level"].clone(), t.get("note").cloned()),
                other => (other.clone(), None),
            };
            let label = match level {
                toml::Value::Integer(n) => rubric
                    .scale_of(indicator)
                    .levels
                    .iter()
                    .find(|l| l.value == n as f64)
                    .expect("a level of the scale")
                    .label
                    .clone(),
                toml::Value::String(s) => s,
                other => panic!("unexpected level {other}"),
            };
            let answer_cell = cell(
                blank,
                sheet,
                &indicator.id,
                indicator_column(layout::ANSWER),
            );
            edits.push(text(sheet, &answer_cell, &label));
            if let Some(note) = note {
                let note_cell = cell(blank, sheet, &indicator.id, indicator_column(layout::NOTE));
                edits.push(text(sheet, &note_cell, note.as_str().unwrap().trim_end()));
            }
        }
    }
    let respondent = answers["respondent"].as_table().unwrap();
    let value = layout::respondent_column(layout::VALUE);
    let role = cell(blank, "Respondent", layout::ROLE, value);
    edits.push(text(
        "Respondent",
        &role,
        respondent["role"].as_str().unwrap(),
    ));
    let date = cell(blank, "Respondent", layout::DATE, value);
    let day = respondent["date"].to_string();
    edits.push(number("Respondent", &date, serial(&day)));
    let targets = respondent["target"].as_table().unwrap();
    for pillar in &rubric.pillars {
        let stage = targets
            .get(&pillar.id)
            .or_else(|| targets.get("default"))
            .and_then(|s| s.as_str())
            .unwrap();
        let name = &rubric.stages.iter().find(|s| s.id == stage).unwrap().name;
        let key = format!("{}{}", layout::TARGET_PREFIX, pillar.id);
        edits.push(text(
            "Respondent",
            &cell(blank, "Respondent", &key, value),
            name,
        ));
    }
    for (action, plan) in answers["actions"].as_table().unwrap() {
        for (field, column) in [
            ("owner", layout::OWNER),
            ("due", layout::DUE),
            ("status", layout::STATUS),
        ] {
            let at = cell(blank, "Actions", action, layout::action_column(column));
            edits.push(text(
                "Actions",
                &at,
                &plan[field].to_string().replace('"', ""),
            ));
        }
    }
    edits
}

/// The workbook as this test writes it from the answer file.
fn filled(dir: &Path) -> Vec<u8> {
    let out = run_in(
        dir,
        &[
            "questionnaire",
            "builtin:ecommerce",
            "-o",
            "blank.xlsx",
            "--organization",
            "Acme Outdoor Co.",
            "--respondent",
            "Dana Reyes",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let blank = std::fs::read(dir.join("blank.xlsx")).unwrap();
    let answers: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo().join(ANSWERS)).unwrap()).unwrap();
    fill(&blank, &edits(&rubric(), &blank, &answers))
}

/// `score --format json` of `files`, run in `dir`.
fn score(dir: &Path, files: &[&str]) -> serde_json::Value {
    let mut args = vec!["score", "builtin:ecommerce", "--format", "json"];
    args.extend(files);
    let out = run_in(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_example_workbook_is_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = filled(dir.path());
    let committed = repo().join(WORKBOOK);
    if std::env::var_os("UPDATE_EXAMPLES").is_some() {
        std::fs::write(&committed, &bytes).unwrap();
    }
    assert!(
        std::fs::read(&committed).is_ok_and(|c| c == bytes),
        "{WORKBOOK} is out of date: UPDATE_EXAMPLES=1 cargo test --test example_workbook"
    );
}

#[test]
fn the_example_workbook_imports_to_answers_that_score_like_hers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join(WORKBOOK), dir.path().join("acme-ops.xlsx")).unwrap();
    let out = run_in(dir.path(), &["import", "acme-ops.xlsx", "-o", "answers"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::copy(repo().join(ANSWERS), dir.path().join("operations.toml")).unwrap();

    let imported = score(dir.path(), &["answers/dana-reyes.toml"]);
    let original = score(dir.path(), &["operations.toml"]);
    for key in ["overall", "pillars", "roadmap"] {
        assert_eq!(imported[key], original[key], "{key} differs");
    }
    let (a, b) = (&imported["respondents"][0], &original["respondents"][0]);
    for key in ["name", "role", "date", "answered"] {
        assert_eq!(a[key], b[key], "respondent {key} differs");
    }
    let toml = std::fs::read_to_string(dir.path().join("answers/dana-reyes.toml")).unwrap();
    assert!(toml.contains("complaint log"), "the long note came through");
}
