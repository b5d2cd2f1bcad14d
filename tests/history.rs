//! Assessments over time, on a temporary git repository built by the test:
//! three commits of answer files (two tagged), then `diff` between tags and
//! the trend of a project with `history = "git"`, checked against
//! hand-computed positions:
//! - every indicator "1" (Partly in place, half of `met at 2`): nothing
//!   reached, position 0.5 everywhere;
//! - every indicator "2" (the met level): every stage reached, 5.0;
//! - the same but operations' Developing indicators back at "1":
//!   operations reaches Foundational and has half of Developing, 1.5, and
//!   the overall position (the lowest pillar) is 1.5.

#[path = "support/cli.rs"]
mod cli;
use cli::rubricate;

#[path = "support/example.rs"]
mod example;

use std::path::Path;
use std::process::Command;

fn git(args: &[&str], dir: &Path, date: &str) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The init template with every answer line set to `value(id)`.
fn answers(dir: &Path, value: impl Fn(&str) -> &'static str) -> String {
    let out = rubricate(&["init", "builtin:ecommerce"], dir);
    let template = String::from_utf8(out.stdout).unwrap();
    template
        .lines()
        .map(|line| {
            match line
                .strip_prefix("# \"")
                .and_then(|l| l.strip_suffix("\" = ?"))
            {
                Some(id) => format!("\"{id}\" = {}", value(id)),
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace("name = \"Your organisation\"", "name = \"Acme\"")
        .replace("name = \"Your name\"", "name = \"Dana\"")
}

const OPS_DEVELOPING: [&str; 4] = [
    "operations.dedicated-packing-space",
    "operations.standard-fulfillment",
    "operations.shipping-software",
    "operations.inventory-routine",
];

/// One round: commit date, tag, the answer each indicator gets.
type RoundSpec = (
    &'static str,
    Option<&'static str>,
    Box<dyn Fn(&str) -> &'static str>,
);

/// A repository with the project and three rounds; returns its guard.
fn repository() -> Option<tempfile::TempDir> {
    if Command::new("git").arg("--version").output().is_err() {
        println!("SKIPPED: git is not installed");
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(&["init", "-q", "-b", "main"], dir, "2026-01-01T00:00:00Z");
    std::fs::create_dir(dir.join("answers")).unwrap();
    std::fs::write(
        dir.join("rubricate.toml"),
        "rubric = \"builtin:ecommerce\"\n\n[[assessment]]\nid = \"acme\"\nanswers = [\"answers/*.toml\"]\nhistory = \"git\"\nperiod = \"Q4 2026 review\"\n",
    )
    .unwrap();
    let rounds: [RoundSpec; 3] = [
        ("2026-03-01T00:00:00Z", Some("q1"), Box::new(|_| "1")),
        ("2026-06-01T00:00:00Z", Some("q2"), Box::new(|_| "2")),
        (
            "2026-09-01T00:00:00Z",
            None,
            Box::new(|id| {
                if OPS_DEVELOPING.contains(&id) {
                    "1"
                } else {
                    "2"
                }
            }),
        ),
    ];
    for (date, tag, value) in rounds {
        std::fs::write(dir.join("answers/dana.toml"), answers(dir, value)).unwrap();
        git(&["add", "."], dir, date);
        git(&["commit", "-q", "-m", "round"], dir, date);
        if let Some(tag) = tag {
            git(&["tag", tag], dir, date);
        }
    }
    Some(tmp)
}

#[test]
fn diff_between_tags_matches_hand_computed_positions() {
    let Some(tmp) = repository() else { return };
    let out = rubricate(
        &["diff", "--rev", "q1..q2", "answers", "--format", "json"],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["overall"]["from_position"], 0.5);
    assert_eq!(d["overall"]["to_position"], 5.0);
    assert_eq!(
        d["answers"].as_array().unwrap().len(),
        79,
        "every answer moved from 1 to 2"
    );
    let ops = d["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "operations")
        .unwrap();
    assert_eq!(ops["to"]["id"], "transformative");
    // q2 to the working tree (the third round): only operations moved.
    let out = rubricate(
        &["diff", "--rev", "q2..", "answers", "--format", "markdown"],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("| Operations & logistics | Transformative (5.00 of 5) | Foundational (1.50 of 5) | −3.50 |"), "{md}");
    assert!(md.contains("4 answers changed"), "{md}");
    // A revision that could be an option never reaches git.
    let out = rubricate(&["diff", "--rev=-c..q2", "answers"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_project_with_git_history_reports_the_trend() {
    let Some(tmp) = repository() else { return };
    let out = rubricate(&["build", "."], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let card: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("site/acme/score.json")).unwrap(),
    )
    .unwrap();
    let points = card["trend"]["points"].as_array().unwrap();
    let summary: Vec<(String, f64)> = points
        .iter()
        .map(|p| {
            (
                p["label"].as_str().unwrap().to_string(),
                p["overall"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("q1".to_string(), 0.5),
            ("q2".to_string(), 5.0),
            ("now".to_string(), 1.5)
        ],
        "the untagged last commit equals now and is left out"
    );
    assert_eq!(points[0]["date"], "2026-03-01");
    let html = std::fs::read_to_string(tmp.path().join("site/acme/report.html")).unwrap();
    assert!(html.contains("<section id=\"trend\""));
    assert!(
        html.contains("<th scope=\"col\">q1 (2026-03-01)</th>"),
        "rounds as columns"
    );
    assert!(html.contains("class=\"chart trend\""));
}

/// The Northwind example's Acme assessment: three periods, the first
/// answered on version 1.0.0 of the model (an indicator renamed since),
/// drawn as a trend that rises round by round.
#[test]
fn the_example_project_shows_three_periods_across_a_model_change() {
    let tmp = tempfile::tempdir().unwrap();
    let project = example::copy_northwind(tmp.path());
    let out = rubricate(&["build", "."], &project);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let card: serde_json::Value = serde_json::from_slice(
        &std::fs::read(project.join("site/acme-outdoor/score.json")).unwrap(),
    )
    .unwrap();
    let points = card["trend"]["points"].as_array().unwrap();
    let labels: Vec<&str> = points
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Q4 2025", "Q2 2026", "now"]);
    let overall: Vec<f64> = points
        .iter()
        .map(|p| p["overall"].as_f64().unwrap())
        .collect();
    assert!(overall.windows(2).all(|w| w[0] < w[1]), "{overall:?}");
    let html = std::fs::read_to_string(project.join("site/acme-outdoor/report.html")).unwrap();
    assert!(html.contains("Over time"));
    assert!(html.contains("Q4 2025 (2025-11-20)"));
    // The first round still names the old id, loaded through the rename.
    let old = std::fs::read_to_string(
        tmp.path()
            .join("acme-outdoor/history/2025-q4/operations.toml"),
    )
    .unwrap();
    assert!(old.contains("\"data.bi-tools\""));
}
