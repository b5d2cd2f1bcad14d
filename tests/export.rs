//! `rubricate export` and `export = [...]` in a project: the scorecard as
//! CSV files and an XLSX workbook the client can sort and filter; numbers
//! as the report prints them; formulas from untrusted text defused;
//! deterministic bytes.

#[path = "support/example.rs"]
mod example;
#[path = "support/project.rs"]
mod project;

use calamine::{Data, Reader, Xlsx, open_workbook};
use example::{CURRENT, rubricate};

fn export(out: &std::path::Path) {
    let mut args = vec!["export", "builtin:ecommerce"];
    args.extend(CURRENT);
    args.extend(["-o", out.to_str().unwrap()]);
    let result = rubricate(&args);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn csv_tables_match_the_report() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let pillars = std::fs::read_to_string(dir.path().join("pillars.csv")).unwrap();
    assert!(pillars.starts_with("Pillar id,Pillar,Stage,Stages reached,Position,"));
    assert!(
        pillars.contains("\noperations,Operations & logistics,Foundational,1,1.4,Developing,40,Developing,100,11,5\n"),
        "{pillars}"
    );
    let roadmap = std::fs::read_to_string(dir.path().join("roadmap.csv")).unwrap();
    assert!(
        roadmap
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("1,Now,operations.packing-space,")
    );
    for name in ["indicators.csv", "gaps.csv"] {
        assert!(dir.path().join(name).is_file(), "{name}");
    }
}

#[test]
fn the_workbook_has_a_sheet_per_table_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    export(&a);
    export(&b);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let mut book: Xlsx<_> = open_workbook(&a).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Pillars", "Indicators", "Gaps", "Roadmap"]
    );
    let pillars = book.worksheet_range("Pillars").unwrap();
    let operations = pillars
        .rows()
        .find(|r| r[0] == Data::String("operations".into()))
        .unwrap();
    assert_eq!(operations[4], Data::Float(1.4));
    assert_eq!(operations[2], Data::String("Foundational".into()));
}

/// An owner written as a formula by a hostile answer file stays text.
#[test]
fn formulas_from_answer_files_are_defused() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("evil.toml");
    std::fs::write(
        &answers,
        "rubric = \"ecommerce\"\n[organization]\nname = \"Evil\"\n[respondent]\nname = \"E\"\n[answers]\n\"operations.manual-fulfillment\" = 1\n[actions]\n\"operations.ship-every-order\" = { owner = \"=HYPERLINK(\\\"http://x\\\",\\\"click\\\")\" }\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let result = rubricate(&[
        "export",
        "builtin:ecommerce",
        answers.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let roadmap = std::fs::read_to_string(out.join("roadmap.csv")).unwrap();
    assert!(roadmap.contains("'=HYPERLINK("), "{roadmap}");
    assert!(!roadmap.contains(",=HYPERLINK("), "{roadmap}");
}

#[test]
fn a_project_exports_beside_each_report() {
    let (_tmp, dir) = project::example_copy();
    let file = dir.join("rubricate.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen(
            "output = \"site\"",
            "output = \"site\"\nexport = [\"csv\", \"xlsx\"]",
            1,
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(["build", "."])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for id in ["acme-outdoor", "blue-harbour"] {
        assert!(dir.join("site").join(id).join("scores.xlsx").is_file());
        assert!(dir.join("site").join(id).join("csv/roadmap.csv").is_file());
    }
}
