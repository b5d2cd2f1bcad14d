//! The questionnaire round trip with the real binary: write a workbook,
//! fill it in as a respondent would (cells typed into the generated
//! file), import it, and score the answer file with the existing loader.
//! Also: identical bytes for identical input, suffixes for two respondents
//! with one name, and no overwriting without `--force`. With LibreOffice
//! installed, a filled questionnaire saved again by LibreOffice imports to
//! the same answers (without it, that test says `SKIPPED: …`).

#[path = "support/tools.rs"]
mod tools;
#[path = "support/workbook.rs"]
mod workbook;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rubricate::model::{self, Rubric};
use rubricate::questionnaire::layout::{self, column_name, indicator_column};
use rubricate::questionnaire::sheet_names;
use rubricate::source::SourceMap;
use workbook::{Edit, fill, number, row_of, run_in, stderr, text};

fn rubric() -> Rubric {
    let mut sources = SourceMap::new();
    model::compile("builtin:ecommerce", &mut sources)
        .rubric
        .expect("bundled rubric compiles")
}

/// Writes the questionnaire into `dir` and returns its bytes.
fn questionnaire(dir: &Path, file: &str) -> Vec<u8> {
    let out = run_in(
        dir,
        &[
            "questionnaire",
            "builtin:ecommerce",
            "-o",
            file,
            "--organization",
            "Acme Outdoor Co.",
            "--respondent",
            "Dana Reyes",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::read(dir.join(file)).unwrap()
}

/// A cell of `sheet` on the row of `id`, in column `col`.
fn cell(xlsx: &[u8], sheet: &str, id: &str, col: u16) -> String {
    format!("{}{}", column_name(col), row_of(xlsx, sheet, id))
}

/// Answers every indicator (cycling through the scale), with a justified
/// "n/a", notes and evidence, the respondent block, a target and a plan.
fn answers(rubric: &Rubric, xlsx: &[u8]) -> Vec<Edit> {
    let sheets = sheet_names(rubric);
    let mut edits = Vec::new();
    for (pillar, sheet) in rubric.pillars.iter().zip(&sheets) {
        for (j, indicator) in pillar.indicators.iter().enumerate() {
            let labels = &rubric.scale_of(indicator).levels;
            let answer = cell(xlsx, sheet, &indicator.id, indicator_column(layout::ANSWER));
            edits.push(text(sheet, &answer, &labels[j % labels.len()].label));
        }
    }
    let tech = &sheets[0];
    let na = "technology.prebuilt-theme";
    edits.push(text(
        tech,
        &cell(xlsx, tech, na, indicator_column(layout::ANSWER)),
        "n/a",
    ));
    edits.push(text(
        tech,
        &cell(xlsx, tech, na, indicator_column(layout::NOTE)),
        "Headless storefront, no theme",
    ));
    let saas = "technology.saas-platform";
    edits.push(text(
        tech,
        &cell(xlsx, tech, saas, indicator_column(layout::NOTE)),
        "Shopify \"Advanced\" since 2024",
    ));
    edits.push(text(
        tech,
        &cell(xlsx, tech, saas, indicator_column(layout::EVIDENCE)),
        "https://admin.example/plan\nInvoice 2026-03",
    ));
    let value = layout::respondent_column(layout::VALUE);
    edits.push(text(
        "Respondent",
        &cell(xlsx, "Respondent", "role", value),
        "Head of Operations",
    ));
    // A real date cell: the serial of 2026-11-02 in a date-formatted cell.
    edits.push(number(
        "Respondent",
        &cell(xlsx, "Respondent", "date", value),
        46328.0,
    ));
    edits.push(text(
        "Respondent",
        &cell(xlsx, "Respondent", "target:operations", value),
        "Defined",
    ));
    let action = "operations.packing-space";
    edits.push(text(
        "Actions",
        &cell(
            xlsx,
            "Actions",
            action,
            layout::action_column(layout::OWNER),
        ),
        "Sam Lee",
    ));
    edits.push(text(
        "Actions",
        &cell(xlsx, "Actions", action, layout::action_column(layout::DUE)),
        "2027-02-01",
    ));
    edits.push(text(
        "Actions",
        &cell(
            xlsx,
            "Actions",
            action,
            layout::action_column(layout::STATUS),
        ),
        "in-progress",
    ));
    edits
}

#[test]
fn questionnaire_round_trip_scores_with_the_loader() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric();
    let blank = questionnaire(dir.path(), "acme-ops.xlsx");
    let filled = fill(&blank, &answers(&rubric, &blank));
    std::fs::write(dir.path().join("acme-ops.xlsx"), &filled).unwrap();

    let out = run_in(dir.path(), &["import", "acme-ops.xlsx", "-o", "answers"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "wrote answers/dana-reyes.toml (Dana Reyes, 79 answers, from acme-ops.xlsx)\n"
    );
    let toml = std::fs::read_to_string(dir.path().join("answers/dana-reyes.toml")).unwrap();
    insta::assert_snapshot!("imported_questionnaire", toml);

    let out = run_in(
        dir.path(),
        &[
            "score",
            "builtin:ecommerce",
            "answers/dana-reyes.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let card: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(card["organization"], "Acme Outdoor Co.");
    let respondent = &card["respondents"][0];
    assert_eq!(respondent["name"], "Dana Reyes");
    assert_eq!(respondent["role"], "Head of Operations");
    assert_eq!(respondent["date"], "2026-11-02");
    assert_eq!(respondent["answered"], 79);
    let operations = card["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "operations")
        .unwrap();
    assert_eq!(operations["target"]["id"], "defined");
    let plan = card["roadmap"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "operations.packing-space")
        .expect("the action is on the roadmap up to the target");
    assert_eq!(plan["owner"], "Sam Lee");
    assert_eq!(plan["due"], "2027-02-01");
    assert_eq!(plan["status"], "in-progress");
}

#[test]
fn same_input_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let first = questionnaire(dir.path(), "a.xlsx");
    let second = questionnaire(dir.path(), "b.xlsx");
    assert_eq!(first, second, "questionnaires differ between runs");
    // Written again over itself: unchanged, not refused.
    let again = run_in(
        dir.path(),
        &[
            "questionnaire",
            "builtin:ecommerce",
            "-o",
            "a.xlsx",
            "--organization",
            "Acme Outdoor Co.",
            "--respondent",
            "Dana Reyes",
        ],
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stderr(&again).starts_with("unchanged a.xlsx"));
}

#[test]
fn a_filled_questionnaire_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("acme.xlsx"), b"someone's answers").unwrap();
    let out = run_in(
        dir.path(),
        &["questionnaire", "builtin:ecommerce", "-o", "acme.xlsx"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E0722]"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(dir.path().join("acme.xlsx")).unwrap(),
        b"someone's answers"
    );
    let out = run_in(
        dir.path(),
        &[
            "questionnaire",
            "builtin:ecommerce",
            "-o",
            "acme.xlsx",
            "--force",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn respondents_with_one_name_get_suffixes_and_existing_files_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric();
    let blank = questionnaire(dir.path(), "a.xlsx");
    let filled = fill(&blank, &answers(&rubric, &blank));
    std::fs::write(dir.path().join("a.xlsx"), &filled).unwrap();
    std::fs::write(dir.path().join("b.xlsx"), &filled).unwrap();

    let out = run_in(dir.path(), &["import", "b.xlsx", "a.xlsx", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("out/dana-reyes.toml").exists());
    assert!(dir.path().join("out/dana-reyes-2.toml").exists());

    std::fs::write(dir.path().join("out/dana-reyes.toml"), "edited by hand").unwrap();
    let out = run_in(dir.path(), &["import", "a.xlsx", "-o", "out"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("import_refuses_to_overwrite", stderr(&out));
    let kept = std::fs::read_to_string(dir.path().join("out/dana-reyes.toml")).unwrap();
    assert_eq!(kept, "edited by hand");

    let out = run_in(dir.path(), &["import", "a.xlsx", "-o", "out", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let replaced = std::fs::read_to_string(dir.path().join("out/dana-reyes.toml")).unwrap();
    assert!(replaced.starts_with("# Answers of Dana Reyes"));
}

#[test]
fn a_blank_questionnaire_imports_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    questionnaire(dir.path(), "blank.xlsx");
    let out = run_in(dir.path(), &["import", "blank.xlsx", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("import_blank_questionnaire", stderr(&out));
}

/// Runs `soffice` headless with its own profile, for at most two minutes.
fn soffice(dir: &Path, args: &[&str]) -> bool {
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let mut child = Command::new("soffice")
        .arg(profile)
        .args(["--headless", "--norestore"])
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("soffice starts");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    false
}

#[test]
fn a_questionnaire_saved_by_libreoffice_imports_the_same() {
    if !tools::has("soffice") {
        tools::skip(
            "a_questionnaire_saved_by_libreoffice_imports_the_same",
            "LibreOffice's `soffice` not found (apt-get install libreoffice-calc-nogui)",
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rubric = rubric();
    let blank = questionnaire(dir.path(), "filled.xlsx");
    std::fs::write(
        dir.path().join("filled.xlsx"),
        fill(&blank, &answers(&rubric, &blank)),
    )
    .unwrap();
    let converted = soffice(
        dir.path(),
        &[
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            "lo",
            "filled.xlsx",
        ],
    );
    assert!(converted, "LibreOffice could not save the questionnaire");
    let direct = run_in(dir.path(), &["import", "filled.xlsx", "-o", "direct"]);
    assert_eq!(direct.status.code(), Some(0), "{}", stderr(&direct));
    let resaved = run_in(dir.path(), &["import", "lo/filled.xlsx", "-o", "resaved"]);
    assert_eq!(resaved.status.code(), Some(0), "{}", stderr(&resaved));
    let body = |path: &str| {
        let text = std::fs::read_to_string(dir.path().join(path)).unwrap();
        text.lines().skip(1).collect::<Vec<_>>().join("\n")
    };
    assert_eq!(
        body("direct/dana-reyes.toml"),
        body("resaved/dana-reyes.toml")
    );
}
