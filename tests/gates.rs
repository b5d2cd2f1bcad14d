//! Gates through the real binary on a copy of the Northwind project: each
//! gate passes and fails on purpose, from flags and from `[gate]` (with a
//! per-assessment override), exit codes 0 / 1 / 2 / 3 as documented, and
//! every message format names the assessment and the pillar.

#[path = "support/cli.rs"]
mod cli;
use cli::{rubricate, stderr};

#[path = "support/project.rs"]
mod project;

use std::path::Path;
use std::process::Command;

use project::example_copy;

fn build(dir: &Path, flags: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["build", "."];
    args.extend(flags);
    let out = rubricate(&args, dir);
    (out.status.code(), stderr(&out))
}

#[test]
fn each_gate_passes_and_fails_from_flags() {
    let (_tmp, dir) = example_copy();
    // Acme: every pillar one stage below its respondents' targets, 100%
    // answered, operations 11% n/a; Blue Harbour's targets are Developing.
    let cases: [(&[&str], Option<i32>, &str); 10] = [
        (&[], Some(0), ""),
        (&["--fail-below-target"], Some(3), "G0001"),
        (&["--min-stage", "foundational"], Some(0), ""),
        (&["--min-stage", "developing"], Some(3), "G0002"),
        (
            &["--min-stage", "operations=developing"],
            Some(3),
            "Operations & logistics is at Foundational",
        ),
        (&["--min-coverage", "1"], Some(0), ""),
        (&["--max-not-applicable", "0.2"], Some(0), ""),
        (&["--max-not-applicable", "0.1"], Some(3), "G0004"),
        (&["--deny-warnings"], Some(0), ""),
        (&["--no-placeholders"], Some(0), ""),
    ];
    for (flags, code, needle) in cases {
        let (got, err) = build(&dir, flags);
        assert_eq!(got, code, "{flags:?}\n{err}");
        assert!(err.contains(needle), "{flags:?}: {needle}\n{err}");
        if code == Some(3) {
            assert!(
                err.contains("failed for assessment `acme-outdoor`"),
                "{err}"
            );
            assert!(err.contains("gate failed: acme-outdoor"), "{err}");
        }
    }
}

#[test]
fn gates_from_the_project_file_with_a_per_assessment_override() {
    let (_tmp, dir) = example_copy();
    let file = dir.join("rubricate.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let with_gate = text.replacen(
        "[[assessment]]",
        "[gate]\nfail-below-target = true\n\n[[assessment]]",
        1,
    );
    std::fs::write(&file, &with_gate).unwrap();
    let (code, err) = build(&dir, &[]);
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("gate failed: acme-outdoor, blue-harbour"),
        "{err}"
    );
    // Acme opts out; Blue Harbour still fails.
    let overridden = with_gate.replace(
        "id = \"acme-outdoor\"",
        "id = \"acme-outdoor\"\ngate = { fail-below-target = false }",
    );
    std::fs::write(&file, &overridden).unwrap();
    let (code, err) = build(&dir, &[]);
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("gate failed: blue-harbour") && !err.contains("`acme-outdoor`:"),
        "{err}"
    );
    // An unknown stage in the project's gate is an input error.
    std::fs::write(
        &file,
        text.replacen(
            "[[assessment]]",
            "[gate]\nmin-stage = \"nowhere\"\n\n[[assessment]]",
            1,
        ),
    )
    .unwrap();
    let (code, err) = build(&dir, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("E0607"), "{err}");
    // An unknown gate key is reported with its span.
    std::fs::write(
        &file,
        text.replacen(
            "[[assessment]]",
            "[gate]\nfail-below-targt = true\n\n[[assessment]]",
            1,
        ),
    )
    .unwrap();
    let (code, err) = build(&dir, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("fail-below-targt"), "{err}");
}

#[test]
fn a_bad_gate_flag_is_a_usage_error() {
    let (_tmp, dir) = example_copy();
    let (code, err) = build(&dir, &["--min-stage", "nowhere"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("invalid gate on the command line"), "{err}");
    let (code, _) = build(&dir, &["--min-coverage", "2"]);
    assert_eq!(code, Some(2));
}

#[test]
fn placeholders_and_empty_answers_fail_their_gate() {
    let tmp = tempfile::tempdir().unwrap();
    let out = rubricate(&["new", "fresh"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir = tmp.path().join("fresh");
    let (code, err) = build(&dir, &["--no-placeholders"]);
    assert_eq!(code, Some(3), "{err}");
    assert!(
        err.contains("the organisation is still \"Your organisation\""),
        "{err}"
    );
    assert!(err.contains("answers nothing"), "{err}");
    let (code, err) = build(&dir, &["--min-coverage", "0.5"]);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("G0003"), "{err}");
}

#[test]
fn gate_failures_in_every_message_format() {
    let (_tmp, dir) = example_copy();
    for format in ["short", "json", "github"] {
        let (code, err) = build(
            &dir,
            &[
                "--message-format",
                format,
                "--min-stage",
                "operations=developing",
            ],
        );
        assert_eq!(code, Some(3), "{format}: {err}");
        let line = err
            .lines()
            .find(|l| l.contains("G0002"))
            .unwrap_or_else(|| panic!("{format}: {err}"));
        assert!(
            line.contains("acme-outdoor") && line.contains("Operations & logistics"),
            "{line}"
        );
        match format {
            "json" => {
                let v: serde_json::Value = serde_json::from_str(line).unwrap();
                assert_eq!(v["code"], "G0002");
                assert_eq!(v["severity"], "error");
            }
            "github" => assert!(line.starts_with("::error title=G0002::"), "{line}"),
            _ => assert!(line.starts_with("error[G0002]: "), "{line}"),
        }
    }
}

#[test]
fn the_job_summary_is_appended() {
    let (_tmp, dir) = example_copy();
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "# Earlier step\n").unwrap();
    let (code, err) = build(&dir, &["--summary", "summary.md", "--fail-below-target"]);
    assert_eq!(code, Some(3), "{err}");
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("# Earlier step\n"),
        "appended, not rewritten"
    );
    assert!(
        text.contains(
            "| Assessment | Overall stage | Position | Target | Gate | Warnings | Report |"
        )
    );
    assert!(text.contains("| Acme Outdoor Co. | Foundational | 1.40 of 5 | Developing–Strategic | **failed** (4 checks) | 0 | [acme-outdoor/report.html](acme-outdoor/report.html) |"), "{text}");
    assert!(
        text.contains("- gate `fail-below-target` failed for assessment `blue-harbour`"),
        "{text}"
    );
    // GITHUB_STEP_SUMMARY is used when set.
    let out = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(["build", "."])
        .current_dir(&dir)
        .env("GITHUB_STEP_SUMMARY", dir.join("gh.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(dir.join("gh.md"))
            .unwrap()
            .contains("| passed |")
    );
}

#[test]
fn deny_warnings_fails_on_a_warning() {
    let (_tmp, dir) = example_copy();
    // Respondents who disagree on a target are a warning (W0201): the
    // marketing lead now wants another target than the agreed one.
    let answers = dir.join("../acme-outdoor/marketing.toml");
    let text = std::fs::read_to_string(&answers).unwrap();
    let disagreeing = text.replacen(
        "[answers]",
        "[respondent.target]\noperations = \"transformative\"\n\n[answers]",
        1,
    );
    assert_ne!(text, disagreeing);
    std::fs::write(&answers, disagreeing).unwrap();
    let (code, err) = build(&dir, &[]);
    assert_eq!(code, Some(0), "a warning alone passes: {err}");
    assert!(err.contains("W0201"), "{err}");
    let (code, err) = build(&dir, &["--deny-warnings"]);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("G0005"), "{err}");
}
