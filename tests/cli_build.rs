//! `rubricate build` and `rubricate new` through the real binary, on a
//! temporary copy of the Northwind example project: outputs, the index,
//! no rewrite without changes (mtimes kept), a broken answer file that fails
//! only its own assessment, and project-file diagnostics.

#[path = "support/cli.rs"]
mod cli;
use cli::{rubricate, stderr};

#[path = "support/html.rs"]
mod html;
#[path = "support/project.rs"]
mod project;

use project::{child_theme, example_copy};

use std::path::{Path, PathBuf};

fn mtimes(site: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut all = Vec::new();
    for rel in [
        "index.html",
        "acme-outdoor/report.html",
        "acme-outdoor/score.json",
        "blue-harbour/report.html",
        "blue-harbour/score.json",
    ] {
        let meta = std::fs::metadata(site.join(rel)).unwrap_or_else(|_| panic!("{rel} written"));
        all.push((PathBuf::from(rel), meta.modified().unwrap()));
    }
    all
}

#[test]
fn builds_the_example_project_into_a_site() {
    let (_tmp, project) = example_copy();
    let out = rubricate(&["build", "."], &project);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let site = project.join("site");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("<a href=\"acme-outdoor&#x2f;report.html\">Acme Outdoor Co.</a>")
            || index.contains("href=\"acme-outdoor/report.html\""),
        "{index}"
    );
    assert!(index.contains("Blue Harbour Coffee Roasters"));
    assert!(index.contains("Northwind Consulting"));
    let (dom, errors) = html::parse(&index);
    assert!(errors.is_empty(), "{errors:?}");
    // The index links to the reports beside it; nothing else is allowed.
    let problems: Vec<String> = html::unsafe_parts(&dom)
        .into_iter()
        .filter(|p| !p.ends_with("/report.html\">"))
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    let acme = std::fs::read_to_string(site.join("acme-outdoor/report.html")).unwrap();
    assert!(
        acme.contains("Progress since the baseline"),
        "Acme has a baseline"
    );
    assert!(acme.contains("Prepared by <strong>Northwind Consulting</strong>"));
    let blue = std::fs::read_to_string(site.join("blue-harbour/report.html")).unwrap();
    assert!(
        blue.contains("body class=\"theme-print\""),
        "per-assessment theme override"
    );
    assert!(
        !blue.contains("id=\"progress\""),
        "no baseline, no progress section"
    );
    let score: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("blue-harbour/score.json")).unwrap(),
    )
    .unwrap();
    for pillar in score["pillars"].as_array().unwrap() {
        assert_eq!(pillar["target"]["id"], "developing", "target override");
    }
    let summary = stderr(&out);
    assert!(
        summary.contains("built 2 of 2 reports (2 written, 0 unchanged, 0 up to date)"),
        "{summary}"
    );
}

/// A build into a folder that does not exist yet takes a shorter way
/// (each report's folder made first, nothing compared): the same files,
/// readable by all, no temporaries left; and `--force` into the existing
/// folder (the usual way) gives the same bytes.
#[cfg(unix)]
#[test]
fn a_fresh_output_folder_gets_the_same_files_as_a_forced_rebuild() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, project) = example_copy();
    assert_eq!(rubricate(&["build"], &project).status.code(), Some(0));
    let site = project.join("site");
    let read = |dir: &Path| -> Vec<(String, u32, Vec<u8>)> {
        let mut files = Vec::new();
        for report in ["acme-outdoor", "blue-harbour"] {
            for entry in std::fs::read_dir(dir.join(report)).unwrap() {
                let entry = entry.unwrap();
                let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
                let bytes = std::fs::read(entry.path()).unwrap();
                files.push((
                    entry.file_name().to_string_lossy().into_owned(),
                    mode,
                    bytes,
                ));
            }
        }
        files.sort();
        files
    };
    let fresh = read(&site);
    let names: Vec<&str> = fresh.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        ["report.html", "report.html", "score.json", "score.json"]
    );
    assert!(fresh.iter().all(|f| f.1 == 0o644), "modes {fresh:?}");
    let forced = rubricate(&["build", "--force"], &project);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(
        stderr(&forced).contains("(0 written, 2 unchanged, 0 up to date)"),
        "{}",
        stderr(&forced)
    );
    assert_eq!(fresh, read(&site));
}

#[test]
fn a_second_build_without_changes_rewrites_nothing() {
    let (_tmp, project) = example_copy();
    assert_eq!(rubricate(&["build"], &project).status.code(), Some(0));
    let before = mtimes(&project.join("site"));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = rubricate(&["build"], &project);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stderr(&again).contains("(0 written, 0 unchanged, 2 up to date)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        before,
        mtimes(&project.join("site")),
        "untouched outputs keep their mtime"
    );
}

#[test]
fn a_broken_answer_file_fails_only_its_assessment() {
    let (_tmp, project) = example_copy();
    std::fs::write(
        project.join("clients/blue-harbour/ops.toml"),
        "rubric = \"ecommerce@1\"\n[answers\n",
    )
    .unwrap();
    let out = rubricate(&["build"], &project);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        project.join("site/acme-outdoor/report.html").is_file(),
        "the other report is written"
    );
    assert!(!project.join("site/blue-harbour/report.html").exists());
    assert!(text.contains("failed: blue-harbour"), "{text}");
    assert!(text.contains("error[E0203]: invalid TOML"), "{text}");
    let index = std::fs::read_to_string(project.join("site/index.html")).unwrap();
    assert!(index.contains("the last build failed"), "the index says so");
}

#[test]
fn project_file_problems_are_reported_together() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/projects/broken");
    let out = rubricate(&["build"], &dir);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("broken_project", stderr(&out));
}

#[test]
fn missing_project_file_says_how_to_start() {
    let tmp = tempfile::tempdir().unwrap();
    let out = rubricate(&["build"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("run `rubricate new DIR`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn new_scaffolds_a_project_that_builds_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let out = rubricate(&["new", "proj"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let project = tmp.path().join("proj");
    for file in [
        "rubricate.toml",
        "brand.toml",
        "answers/my-client/respondent.toml",
        "schemas/project.schema.json",
        "schemas/answers.schema.json",
    ] {
        assert!(project.join(file).is_file(), "{file}");
    }
    let built = rubricate(&["build", "proj"], tmp.path());
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(project.join("site/my-client/report.html").is_file());
    let before = std::fs::read_to_string(project.join("rubricate.toml")).unwrap();
    let again = rubricate(&["new", "proj"], tmp.path());
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        before,
        std::fs::read_to_string(project.join("rubricate.toml")).unwrap()
    );
}

/// The index is the deliverable's front page: each assessment's overall
/// stage, position, target and respondents, and its PDF where one exists.
#[test]
fn the_index_lists_targets_respondents_and_existing_pdfs() {
    let (_tmp, project) = example_copy();
    let out = rubricate(&["build", "."], &project);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let site = project.join("site");
    let (dom, _) = html::parse(&std::fs::read_to_string(site.join("index.html")).unwrap());
    let rows = html::table_rows(&dom, "index-table");
    assert_eq!(
        rows[0],
        [
            "Organisation",
            "Overall stage",
            "Position",
            "Target",
            "Respondents",
            "Date"
        ]
    );
    // Client heading rows (one cell) group the assessments by client.
    assert!(
        rows.iter()
            .any(|r| r.len() == 1 && r[0] == "Acme Outdoor Co.")
    );
    let acme = rows
        .iter()
        .find(|r| r.len() > 1 && r[0].starts_with("Acme"))
        .unwrap();
    assert_eq!(acme[4], "4", "four respondents");
    assert_eq!(
        acme[3], "Developing–Strategic",
        "targets set per pillar differ"
    );
    let blue = rows
        .iter()
        .find(|r| r.len() > 1 && r[0].starts_with("Blue"))
        .unwrap();
    assert_eq!(blue[3], "Developing", "the project's target override");
    assert!(!acme[0].contains("PDF"), "no PDF yet: {acme:?}");
    // A PDF beside the report is linked from the next index.
    std::fs::write(site.join("acme-outdoor/report.pdf"), b"%PDF-1.7").unwrap();
    let out = rubricate(&["build", "."], &project);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("class=\"pdf-link\" href=\"acme-outdoor&#x2f;report.pdf\""),
        "{index}"
    );
    assert!(!index.contains("blue-harbour&#x2f;report.pdf"));
}

/// Brand warnings (contrast) show in `build` as in `report`, once per build
/// whatever the number of assessments, and count in the summary line.
#[test]
fn brand_warnings_show_once_and_count() {
    let (_tmp, project) = example_copy();
    let brand = project.join("brand/northwind.toml");
    let text = std::fs::read_to_string(&brand).unwrap();
    std::fs::write(&brand, text.replace("#0f3d3e", "#eeeeee")).unwrap();
    let out = rubricate(&["build", "."], &project);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("warning[W0301]").count(), 1, "{err}");
    assert!(err.contains(", 1 warning,"), "{err}");
}

/// A broken theme is reported once per build, not once per assessment that
/// uses it; each of those fails with a pointer to it.
#[test]
fn a_broken_theme_is_reported_once() {
    let (_tmp, project) = example_copy();
    child_theme(
        &project.join("broken-theme"),
        "broken",
        "[variables]\nprimary = \"red; }\"\n",
        &[],
    );
    let file = project.join("rubricate.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replace("theme = \"default\"", "theme = \"broken-theme\"")
        .replace("theme = \"print\"", "theme = \"broken-theme\"");
    std::fs::write(&file, text).unwrap();
    let out = rubricate(&["build", "."], &project);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("error[E0403]").count(), 1, "{err}");
    // One pointer per assessment, one for the index.
    assert_eq!(err.matches("has errors (shown above)").count(), 3, "{err}");
}

/// The index is streamed to its file: a template that fails halfway
/// leaves the last good index in place and no temporary file behind.
#[test]
fn a_failing_index_template_keeps_the_last_good_index() {
    let (_tmp, project) = example_copy();
    assert_eq!(rubricate(&["build", "."], &project).status.code(), Some(0));
    let index = project.join("site/index.html");
    let good = std::fs::read(&index).unwrap();
    // Writes most of a page, then fails on an undefined value.
    let index_html = "<!doctype html>{% for a in site.assessments %}<p>{{ a.name }}</p>{% endfor %}\n{{ site.no_such_field }}\n";
    child_theme(
        &project.join("failing-index"),
        "failing-index",
        "",
        &[("index.html", index_html)],
    );
    let file = project.join("rubricate.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("theme = \"default\"", "theme = \"failing-index\"", 1),
    )
    .unwrap();
    let out = rubricate(&["build", "."], &project);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[E0411]"), "{err}");
    assert!(
        err.contains("index.html:2:"),
        "points into the template: {err}"
    );
    assert_eq!(
        std::fs::read(&index).unwrap(),
        good,
        "the last good index stays"
    );
    let leftovers: Vec<String> = std::fs::read_dir(project.join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".rubricate-tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Several rubrics and periods in one project: an assessment may name its
/// own rubric and a period, shown on the cover and in the index.
#[test]
fn assessments_name_their_own_rubric_and_period() {
    let (_tmp, project) = example_copy();
    let file = project.join("rubricate.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let with = text.replacen(
        "id = \"blue-harbour\"",
        "id = \"blue-harbour\"\nperiod = \"Q4 2026 review\"\nrubric = \"ecommerce-copy.rubric\"",
        1,
    );
    std::fs::write(&file, &with).unwrap();
    // A rubric that cannot be read fails the build with its own error.
    let out = rubricate(&["build", "."], &project);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("ecommerce-copy.rubric"),
        "{}",
        stderr(&out)
    );
    // A copy of the bundled rubric, under another title.
    let rubric = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/ecommerce.rubric"),
    )
    .unwrap()
    .replacen(
        "title \"Ecommerce maturity model\"",
        "title \"Ecommerce maturity model (2027 draft)\"",
        1,
    );
    std::fs::write(project.join("ecommerce-copy.rubric"), rubric).unwrap();
    let out = rubricate(&["build", "."], &project);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = std::fs::read_to_string(project.join("site/index.html")).unwrap();
    assert!(
        index.contains("<span class=\"muted\">Q4 2026 review</span>"),
        "{index}"
    );
    assert!(
        index.contains("Ecommerce maturity model (2027 draft)"),
        "the other rubric is named"
    );
    let blue = std::fs::read_to_string(project.join("site/blue-harbour/report.html")).unwrap();
    assert!(blue.contains("Q4 2026 review"));
    assert!(blue.contains("Ecommerce maturity model (2027 draft)"));
}
