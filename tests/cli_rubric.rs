//! Runs the real binary: exit codes, `check`, `compile` and the bundled
//! rubric from any directory.

#[path = "support/example.rs"]
mod example;
use example::rubricate;

use std::process::Command;

fn json(args: &[&str]) -> serde_json::Value {
    let out = rubricate(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn check_bundled_rubric_exits_zero() {
    let out = rubricate(&["check", "rubrics/ecommerce.rubric"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ok (5 stages, 4 pillars"), "{stderr}");
}

#[test]
fn builtin_rubric_works_from_any_directory() {
    let out = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(["check", "builtin:ecommerce"])
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_reports_errors_with_exit_one_and_checks_every_file() {
    let out = rubricate(&[
        "check",
        "tests/rubrics/broken/unknown-pillar.rubric",
        "tests/rubrics/broken/weight-not-positive.rubric",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[E0103]"), "{stderr}");
    assert!(stderr.contains("error[E0110]"), "{stderr}");
    assert!(
        stderr.contains("--> tests/rubrics/broken/unknown-pillar.rubric:30:12"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("\u{1b}["),
        "no colour when NO_COLOR is set"
    );
}

#[test]
fn warnings_do_not_fail_check() {
    let out = rubricate(&["check", "tests/rubrics/broken/stage-without-actions.rubric"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning[W0101]"));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(rubricate(&["check"]).status.code(), Some(2));
    assert_eq!(rubricate(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        rubricate(&["compile", "--bogus", "x"]).status.code(),
        Some(2)
    );
}

#[test]
fn missing_file_is_an_input_error() {
    let out = rubricate(&["check", "no/such/file.rubric"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
}

#[test]
fn compile_bundled_rubric_has_the_whole_seed_model() {
    let model = json(&["compile", "builtin:ecommerce"]);
    let stages: Vec<&str> = model["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        stages,
        [
            "foundational",
            "developing",
            "defined",
            "strategic",
            "transformative"
        ]
    );
    for (i, s) in model["stages"].as_array().unwrap().iter().enumerate() {
        assert_eq!(s["index"], i);
        assert!(s["tagline"].is_string() && s["challenge"].is_string());
    }
    let pillars = model["pillars"].as_array().unwrap();
    assert_eq!(pillars.len(), 4);
    let mut indicators = 0;
    for p in pillars {
        for stage in &stages {
            let n = p["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["stage"] == *stage)
                .count();
            assert!(n >= 3, "{} has {n} indicators at {stage}", p["id"]);
            indicators += n;
        }
        for i in p["indicators"].as_array().unwrap() {
            for key in ["id", "pillar", "stage", "statement", "weight", "scale"] {
                assert!(!i[key].is_null(), "indicator field {key}");
            }
        }
    }
    assert!(indicators >= 60);

    // Every "how to advance" item of the seed, on its transition.
    let actions = model["actions"].as_array().unwrap();
    let on = |from: &str, to: &str, pillar: Option<&str>| {
        actions
            .iter()
            .filter(|a| a["from"] == from && a["to"] == to)
            .filter(|a| match pillar {
                Some(p) => a["pillar"] == p,
                None => a["pillar"].is_null(),
            })
            .count()
    };
    assert!(
        on("foundational", "developing", Some("operations")) >= 2,
        "dedicated space + documented process"
    );
    assert!(
        on("foundational", "developing", Some("marketing")) >= 1,
        "email list"
    );
    assert!(
        on("foundational", "developing", Some("data")) >= 1,
        "basic metrics"
    );
    assert!(
        on("developing", "defined", Some("technology")) >= 1,
        "integrated stack / OMS / CRM"
    );
    assert!(on("developing", "defined", Some("operations")) >= 1, "3PL");
    assert!(
        on("developing", "defined", Some("marketing")) >= 2,
        "segmentation + reviews"
    );
    assert!(
        on("defined", "strategic", None) >= 1,
        "omnichannel strategy (cross-cutting)"
    );
    assert!(on("defined", "strategic", Some("data")) >= 1, "BI");
    assert!(
        on("defined", "strategic", Some("marketing")) >= 1,
        "1-to-1 personalisation"
    );
    assert!(
        on("strategic", "transformative", None) >= 2,
        "innovation + ecosystem (cross-cutting)"
    );
    for a in actions {
        assert!(["low", "medium", "high"].contains(&a["impact"].as_str().unwrap()));
        assert!(["low", "medium", "high"].contains(&a["effort"].as_str().unwrap()));
    }
}

#[test]
fn compile_output_is_stable() {
    let out = rubricate(&["compile", "builtin:ecommerce"]);
    let again = rubricate(&["compile", "builtin:ecommerce"]);
    assert_eq!(out.stdout, again.stdout, "byte-identical output");
    insta::assert_snapshot!("compile_ecommerce", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn compile_writes_a_file_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    let out = rubricate(&["compile", "builtin:ecommerce", "-o", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(written["id"], "ecommerce");
}

/// `check` over every file of a rubric split into files: the fragment is
/// checked as part of the rubric that includes it, not on its own.
#[test]
fn check_of_a_split_rubric_checks_the_fragment_in_context() {
    let out = rubricate(&[
        "check",
        "tests/rubrics/split/main.rubric",
        "tests/rubrics/split/people.rubric",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "tests/rubrics/split/people.rubric: checked as part of tests/rubrics/split/main.rubric"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("main.rubric: ok (2 stages, 2 pillars"),
        "{stderr}"
    );
}

/// The fragment alone: one error saying what it is, not a cascade.
#[test]
fn check_of_a_lone_fragment_is_one_clear_error() {
    let out = rubricate(&["check", "tests/rubrics/split/people.rubric"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
    assert!(
        stderr.contains("`people.rubric` declares no `rubric` header: it is a fragment"),
        "{stderr}"
    );
}
