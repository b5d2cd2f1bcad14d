//! Snapshot tests of `rubricate import` diagnostics: the exact, colourless
//! text a user sees, with relative file names (the binary runs in a
//! temporary copy of each case).
//!
//! CSV cases are folders under `tests/import/broken/`, each with its
//! files and a `cmd` file holding the arguments. Workbook cases are built
//! here: a generated questionnaire with cells typed over, damaged and
//! oversized files.

#[path = "support/workbook.rs"]
mod workbook;

use std::io::{Cursor, Write};
use std::path::Path;

use rubricate::model::{self, Rubric};
use rubricate::questionnaire::layout::{self, column_name, indicator_column};
use rubricate::questionnaire::{self, Prefill, sheet_names};
use rubricate::source::SourceMap;
use workbook::{Edit, fill, row_of, run_in, stderr, text};

fn rubric() -> Rubric {
    let mut sources = SourceMap::new();
    model::compile("builtin:ecommerce", &mut sources)
        .rubric
        .expect("bundled rubric compiles")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `args` in `dir`; checks nothing was written; returns what the
/// user sees, exit code first.
fn failing_run(dir: &Path, args: &[&str]) -> String {
    let out = run_in(dir, args);
    assert!(!dir.join("out").exists(), "something was written");
    let code = out.status.code().expect("exited");
    assert!(code == 1 || code == 2, "exit code {code}\n{}", stderr(&out));
    format!("exit code {code}\n{}", stderr(&out))
}

#[test]
fn broken_csv_imports() {
    insta::glob!("import/broken/*/cmd", |cmd| {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(cmd.parent().unwrap(), dir.path());
        let line = std::fs::read_to_string(cmd).unwrap();
        let args: Vec<&str> = line.split_whitespace().collect();
        insta::assert_snapshot!(failing_run(dir.path(), &args));
    });
}

/// The blank questionnaire, as sent to Dana.
fn blank(rubric: &Rubric) -> Vec<u8> {
    let prefill = Prefill {
        organization: Some("Acme Outdoor Co."),
        respondent: Some("Dana Reyes"),
    };
    questionnaire::workbook(rubric, &prefill).unwrap()
}

fn at(xlsx: &[u8], sheet: &str, id: &str, col: u16) -> String {
    format!("{}{}", column_name(col), row_of(xlsx, sheet, id))
}

#[test]
fn questionnaire_mistakes() {
    let rubric = rubric();
    let xlsx = blank(&rubric);
    let tech = sheet_names(&rubric)[0].clone();
    let answer = indicator_column(layout::ANSWER);
    let note = indicator_column(layout::NOTE);
    let value = layout::respondent_column(layout::VALUE);
    let action = "operations.packing-space";
    let edits: Vec<Edit> = vec![
        text(
            &tech,
            &at(&xlsx, &tech, "technology.saas-platform", answer),
            "Mostly",
        ),
        text(
            &tech,
            &at(&xlsx, &tech, "technology.prebuilt-theme", answer),
            "N/A",
        ),
        text(
            &tech,
            &at(&xlsx, &tech, "technology.live-checkout", note),
            "Checkout is being rebuilt",
        ),
        text(
            &tech,
            &at(&xlsx, &tech, "technology.built-in-features", answer),
            "Fully in plce",
        ),
        // Typed into the stage heading above the first statement.
        text(&tech, "D5", "Largely in place"),
        text("Respondent", &at(&xlsx, "Respondent", "name", value), " "),
        text(
            "Respondent",
            &at(&xlsx, "Respondent", "date", value),
            "soon",
        ),
        text(
            "Respondent",
            &at(&xlsx, "Respondent", "target:operations", value),
            "Definde",
        ),
        text(
            "Actions",
            &at(&xlsx, "Actions", action, layout::action_column(layout::DUE)),
            "31/02/2027",
        ),
        text(
            "Actions",
            &at(
                &xlsx,
                "Actions",
                action,
                layout::action_column(layout::STATUS),
            ),
            "ongoing",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("acme-ops.xlsx"), fill(&xlsx, &edits)).unwrap();
    let text = failing_run(dir.path(), &["import", "acme-ops.xlsx", "-o", "out"]);
    insta::assert_snapshot!(text);
}

#[test]
fn questionnaires_of_other_rubrics() {
    let rubric = rubric();
    let xlsx = blank(&rubric);
    let dir = tempfile::tempdir().unwrap();
    let lists = layout::LISTS_SHEET;
    std::fs::write(
        dir.path().join("retail.xlsx"),
        fill(&xlsx, &[text(lists, "B3", "retail")]),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("v2.xlsx"),
        fill(&xlsx, &[text(lists, "B4", "2.0.0")]),
    )
    .unwrap();
    let with_rubric = failing_run(
        dir.path(),
        &[
            "import",
            "retail.xlsx",
            "v2.xlsx",
            "--rubric",
            "builtin:ecommerce",
            "-o",
            "out",
        ],
    );
    insta::assert_snapshot!("other_rubrics_with_rubric", with_rubric);
    let without = failing_run(dir.path(), &["import", "retail.xlsx", "-o", "out"]);
    insta::assert_snapshot!("other_rubrics_without_rubric", without);
}

/// `len` bytes of zeros deflated into an xlsx-looking archive.
fn zip_bomb(len: usize) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(
        "xl/worksheets/sheet1.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..len.div_ceil(chunk.len()) {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn damaged_workbooks() {
    let rubric = rubric();
    let xlsx = blank(&rubric);
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("truncated.xlsx", &xlsx[..xlsx.len() / 2]);
    write("bomb.xlsx", &zip_bomb(101 << 20));
    // The Respondent sheet's marker typed over: the sheet is not found.
    write(
        "no-respondent.xlsx",
        &fill(&xlsx, &[text("Respondent", "A1", "about me")]),
    );
    // An id in the hidden column edited.
    let tech = sheet_names(&rubric)[0].clone();
    let row = row_of(&xlsx, &tech, "technology.saas-platform");
    let edits = [text(&tech, &format!("A{row}"), "technology.saas-platfrom")];
    write("edited-id.xlsx", &fill(&xlsx, &edits));
    let text = failing_run(
        dir.path(),
        &[
            "import",
            "truncated.xlsx",
            "bomb.xlsx",
            "no-respondent.xlsx",
            "edited-id.xlsx",
            "-o",
            "out",
            "--rubric",
            "builtin:ecommerce",
        ],
    );
    insta::assert_snapshot!(text);
}

#[test]
fn size_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Name").unwrap();
    sheet
        .write_string(0, 1, "technology.saas-platform")
        .unwrap();
    sheet.write_string(1, 0, "Dana").unwrap();
    sheet.write_string(20_000, 1, "stray").unwrap();
    std::fs::write(dir.path().join("far.xlsx"), book.save_to_buffer().unwrap()).unwrap();
    let long = format!(
        "Name,technology.saas-platform\nDana,{}\n",
        "x".repeat(40_000)
    );
    std::fs::write(dir.path().join("long.csv"), long).unwrap();
    let wide = format!("Name{}\n", ",q".repeat(5_000));
    std::fs::write(dir.path().join("wide.csv"), wide).unwrap();
    let text = failing_run(
        dir.path(),
        &[
            "import",
            "far.xlsx",
            "long.csv",
            "wide.csv",
            "--rubric",
            "builtin:ecommerce",
            "--organization",
            "Acme",
            "-o",
            "out",
        ],
    );
    insta::assert_snapshot!(text);
}
