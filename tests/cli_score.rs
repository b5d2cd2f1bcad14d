//! Runs the real binary on the example assessment: `score` output pinned by
//! snapshots, `init` templates that score at the top and at the floor, and
//! results independent of the order answer files are given in.

#[path = "support/example.rs"]
mod example;
use example::{BASELINE, CURRENT, rubricate};

use std::process::{Command, Output};

fn score(files: &[&str], format: &str) -> Output {
    let mut args = vec!["score", "builtin:ecommerce"];
    args.extend_from_slice(files);
    args.push("--baseline");
    args.extend_from_slice(&BASELINE);
    args.extend(["--format", format]);
    rubricate(&args)
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn example_scores_as_json() {
    let json = ok(&score(&CURRENT, "json"));
    let card: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        card["imbalance"]["flagged"], true,
        "the example is imbalanced"
    );
    assert!(
        card["roadmap"].as_array().unwrap().len() >= 5,
        "a non-trivial roadmap"
    );
    assert!(card["progress"]["indicators"].as_array().unwrap().len() > 5);
    insta::assert_snapshot!("score_acme_json", json);
}

#[test]
fn example_scores_as_text() {
    insta::assert_snapshot!("score_acme_text", ok(&score(&CURRENT, "text")));
}

#[test]
fn file_order_does_not_change_the_result() {
    let forward = ok(&score(&CURRENT, "json"));
    let mut reversed = CURRENT;
    reversed.reverse();
    assert_eq!(forward, ok(&score(&reversed, "json")));
}

#[test]
fn broken_answers_exit_one_with_diagnostics() {
    let out = rubricate(&[
        "score",
        "builtin:ecommerce",
        "tests/answers/broken/unknown-indicator.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[E0209]"));
}

/// Uncomments every answer line of the template with `value`.
fn fill(template: &str, value: &str) -> String {
    template
        .lines()
        .map(|line| {
            match line
                .strip_prefix("# \"")
                .and_then(|l| l.strip_suffix("\" = ?"))
            {
                Some(id) => format!("\"{id}\" = {value}"),
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn score_filled(value: &str) -> serde_json::Value {
    let template = ok(&rubricate(&["init", "builtin:ecommerce"]));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.toml");
    let filled = fill(&template, value)
        .replace("name = \"Your organisation\"", "name = \"Test Org\"")
        .replace("name = \"Your name\"", "name = \"Tester\"");
    std::fs::write(&path, filled).unwrap();
    let out = rubricate(&[
        "score",
        "builtin:ecommerce",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    serde_json::from_str(&ok(&out)).unwrap()
}

#[test]
fn init_template_filled_with_the_top_level_scores_the_top_stage() {
    let card = score_filled("3");
    for p in card["pillars"].as_array().unwrap() {
        assert_eq!(p["stage"]["id"], "transformative", "{}", p["id"]);
        assert_eq!(p["coverage"], 1.0);
    }
    assert_eq!(card["overall"]["stage"]["id"], "transformative");
    assert_eq!(card["roadmap"].as_array().unwrap().len(), 0);
}

/// The first finding: "Largely in place" is the scale's `met at`
/// level, so answering it everywhere must reach every stage.
#[test]
fn init_template_filled_with_largely_in_place_reaches_the_top_stage() {
    let card = score_filled("\"Largely in place\"");
    for p in card["pillars"].as_array().unwrap() {
        assert_eq!(p["stage"]["id"], "transformative", "{}", p["id"]);
        assert_eq!(p["position"], 5.0);
        assert!(p["gaps"].as_array().unwrap().is_empty());
        assert!(
            p["stages"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["met"] == true && c["attainment"] == 1.0)
        );
    }
    assert_eq!(card["overall"]["position"], 5.0);
}

#[test]
fn init_template_filled_with_partly_in_place_meets_no_stage() {
    let card = score_filled("\"Partly in place\"");
    for p in card["pillars"].as_array().unwrap() {
        assert_eq!(p["stage"], serde_json::Value::Null, "{}", p["id"]);
        assert_eq!(p["reached"], 0);
        assert_eq!(p["position"], 0.5, "half of Foundational in place");
        assert!(
            p["stages"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["met"] == false)
        );
        assert!(
            p["explanation"]
                .as_str()
                .unwrap()
                .starts_with("Not yet Foundational; Foundational not reached: 50% in place")
        );
    }
    assert_eq!(card["overall"]["stage"], serde_json::Value::Null);
    // The entry actions lead every pillar into Foundational.
    let roadmap: Vec<&str> = card["roadmap"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["to"].as_str().unwrap())
        .collect();
    assert_eq!(roadmap, ["foundational"; 4]);
}

#[test]
fn init_template_filled_with_the_lowest_level_is_below_the_first_stage() {
    let card = score_filled("0");
    for p in card["pillars"].as_array().unwrap() {
        assert_eq!(p["stage"], serde_json::Value::Null);
        assert_eq!(p["position"], 0.0);
        assert_eq!(p["assessed"], true);
    }
    assert_eq!(card["overall"]["stage"], serde_json::Value::Null);
    assert_eq!(card["overall"]["assessed"], true);
}

#[test]
fn init_template_untouched_says_nothing_was_answered() {
    let template = ok(&rubricate(&["init", "builtin:ecommerce"]));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("answers.toml"), template).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .current_dir(dir.path())
        .args(["score", "builtin:ecommerce", "answers.toml"])
        .output()
        .unwrap();
    let text = ok(&out);
    assert!(
        text.contains("Overall: nothing answered yet (position 0.00 of 5"),
        "{text}"
    );
    assert!(
        text.contains("Nothing to count: none of its 20 indicators is answered"),
        "{text}"
    );
}

#[test]
fn init_never_overwrites_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.toml");
    std::fs::write(&path, "keep me").unwrap();
    let out = rubricate(&["init", "builtin:ecommerce", "-o", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
    let fresh = dir.path().join("new.toml");
    let out = rubricate(&["init", "builtin:ecommerce", "-o", fresh.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&fresh)
            .unwrap()
            .contains("[answers]")
    );
}
