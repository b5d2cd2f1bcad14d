//! Survey exports with the real binary: the shipped example (a Google
//! Forms CSV with a map file) imports and scores; a Microsoft Forms style
//! xlsx export (date cells, a formula, merged cells, metadata columns)
//! imports; CSV dialects (BOM, semicolons, CRLF, quoted newlines) and the
//! map file's date order are honoured.

#[path = "support/workbook.rs"]
mod workbook;

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use workbook::{run_in, stderr};

fn copy_example(to: &Path) {
    for name in ["responses.csv", "map.toml"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/survey")
            .join(name);
        std::fs::copy(from, to.join(name)).unwrap();
    }
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn the_example_survey_imports_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    copy_example(dir.path());
    let out = run_in(
        dir.path(),
        &[
            "import",
            "responses.csv",
            "--rubric",
            "builtin:ecommerce",
            "--map",
            "map.toml",
            "-o",
            "answers",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("survey_example_stderr", stderr(&out));
    insta::assert_snapshot!(
        "survey_example_dana",
        read(dir.path(), "answers/dana-reyes.toml")
    );
    let lena = read(dir.path(), "answers/lena-fischer.toml");
    assert!(lena.contains(r#""data.conversion-aov" = { level = "n/a", note = "We never see these figures in customer service" }"#), "{lena}");

    let out = run_in(
        dir.path(),
        &[
            "score",
            "builtin:ecommerce",
            "answers/dana-reyes.toml",
            "answers/lena-fischer.toml",
            "answers/sam-lee.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["organization"], "Acme Outdoor Co.");
    let answered: Vec<u64> = card["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["answered"].as_u64().unwrap())
        .collect();
    assert_eq!(answered, [8, 5, 8]);
}

#[test]
fn a_forms_xlsx_export_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Form1").unwrap();
    let headers = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "Company",
        "The store runs on a hosted SaaS ecommerce platform plan (e.g. a standard Shopify plan)",
        "Customers can browse, pay and check out online from start to finish",
        "Stock levels are recorded, at least in a spreadsheet",
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let when = ExcelDateTime::parse_from_str("2026-11-02 10:15:00").unwrap();
    sheet.write_number(1, 0, 1).unwrap();
    sheet
        .write_datetime_with_format(1, 1, &when, &date)
        .unwrap();
    sheet
        .write_datetime_with_format(1, 2, &when, &date)
        .unwrap();
    sheet.write_string(1, 3, "dana@acme.example").unwrap();
    sheet.write_string(1, 4, "Dana Reyes").unwrap();
    sheet.write_string(1, 5, "Acme Outdoor Co.").unwrap();
    // A formula counts by its calculated value.
    let formula = Formula::new("=\"Fully \"&\"in place\"").set_result("Fully in place");
    sheet.write_formula(1, 6, formula).unwrap();
    sheet.write_number(1, 7, 2).unwrap();
    // Merged cells: the value lives in the first cell only.
    sheet.write_number(2, 0, 2).unwrap();
    sheet.write_string(2, 4, "Sam Lee").unwrap();
    sheet.write_string(2, 5, "Acme Outdoor Co.").unwrap();
    sheet
        .merge_range(2, 6, 2, 7, "Partly in place", &Format::new())
        .unwrap();
    sheet.write_string(2, 8, "largely in place").unwrap();
    // An empty second sheet is not a problem.
    book.add_worksheet().set_name("Notes").unwrap();
    std::fs::write(
        dir.path().join("forms.xlsx"),
        book.save_to_buffer().unwrap(),
    )
    .unwrap();

    let out = run_in(
        dir.path(),
        &[
            "import",
            "forms.xlsx",
            "--rubric",
            "builtin:ecommerce",
            "-o",
            "answers",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("forms_xlsx_stderr", stderr(&out));
    let dana = read(dir.path(), "answers/dana-reyes.toml");
    assert!(dana.contains("date = 2026-11-02\n"), "{dana}");
    assert!(
        dana.contains("\"technology.saas-platform\" = 3  # Fully in place\n"),
        "{dana}"
    );
    assert!(
        dana.contains("\"technology.live-checkout\" = 2  # Largely in place\n"),
        "{dana}"
    );
    let sam = read(dir.path(), "answers/sam-lee.toml");
    assert!(
        sam.contains("\"technology.saas-platform\" = 1  # Partly in place\n"),
        "{sam}"
    );
    assert!(!sam.contains("technology.live-checkout"), "{sam}");
    assert!(
        sam.contains("\"operations.spreadsheet-inventory\" = 2"),
        "{sam}"
    );
}

#[test]
fn csv_dialects_and_anonymous_rows() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "\u{feff}Timestamp;technology.saas-platform;\"Stock levels are recorded, at least in a spreadsheet\"\r\n\
               2026-11-02 10:00;3;\"Partly\r\nin place\"\r\n\
               2026-11-03 11:00;Not in place;\r\n";
    std::fs::write(dir.path().join("pulse.csv"), csv).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "import",
            "pulse.csv",
            "--rubric",
            "builtin:ecommerce",
            "--organization",
            "Acme Outdoor Co.",
            "-o",
            "answers",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("csv_dialects_stderr", stderr(&out));
    let first = read(dir.path(), "answers/respondent-1.toml");
    assert!(first.contains("name = \"Acme Outdoor Co.\""), "{first}");
    assert!(
        first.contains("\"operations.spreadsheet-inventory\" = 1"),
        "{first}"
    );
    assert!(
        read(dir.path(), "answers/respondent-2.toml").contains("\"technology.saas-platform\" = 0")
    );
}

#[test]
fn the_map_file_sets_the_date_order() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "Name,Company,Date,technology.saas-platform\nDana Reyes,Acme,03/04/2026,3\n";
    std::fs::write(dir.path().join("s.csv"), csv).unwrap();
    std::fs::write(dir.path().join("map.toml"), "date-order = \"dmy\"\n").unwrap();
    let out = run_in(
        dir.path(),
        &[
            "import",
            "s.csv",
            "--rubric",
            "builtin:ecommerce",
            "--map",
            "map.toml",
            "-o",
            "answers",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(read(dir.path(), "answers/dana-reyes.toml").contains("date = 2026-04-03\n"));
}
