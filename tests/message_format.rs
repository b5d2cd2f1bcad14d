//! `--message-format human | short | json | github` through the real
//! binary, on the broken-rubric and broken-answers corpora (snapshots), and
//! the escaping of hostile file names and messages in `github` format.

#[path = "support/example.rs"]
mod example;

use std::process::Command;

use example::rubricate;

const RUBRICS: [&str; 4] = [
    "tests/rubrics/broken/bad-values.rubric",
    "tests/rubrics/broken/unclosed-block.rubric",
    "tests/rubrics/broken/missing-quote.rubric",
    "tests/rubrics/broken/stage-without-actions.rubric",
];

const ANSWERS: [&str; 3] = [
    "tests/answers/broken/level-not-on-scale.toml",
    "tests/answers/broken/invalid-dates.toml",
    "tests/answers/broken/json-semantic.json",
];

fn stderr_of(args: &[&str]) -> (Option<i32>, String) {
    let out = rubricate(args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn every_format_on_the_rubric_corpus() {
    for format in ["human", "short", "json", "github"] {
        let mut args = vec!["check", "--message-format", format];
        args.extend(RUBRICS);
        let (code, text) = stderr_of(&args);
        assert_eq!(code, Some(1), "{format}");
        insta::assert_snapshot!(format!("rubrics_{format}"), text);
    }
}

#[test]
fn every_format_on_the_answers_corpus() {
    for format in ["short", "json", "github"] {
        for file in ANSWERS {
            let (code, text) = stderr_of(&[
                "score",
                "builtin:ecommerce",
                file,
                "--message-format",
                format,
            ]);
            assert_eq!(code, Some(1), "{format} {file}");
            let name = file.rsplit('/').next().unwrap();
            insta::assert_snapshot!(format!("answers_{format}_{name}"), text);
        }
    }
}

/// Every JSON line parses and carries the documented fields.
#[test]
fn json_lines_parse() {
    let mut args = vec!["check", "--message-format", "json"];
    args.extend(RUBRICS);
    let (_, text) = stderr_of(&args);
    let mut count = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect(line);
        for key in [
            "code",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "labels",
            "notes",
            "help",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {line}");
        }
        count += 1;
    }
    assert!(count >= 4, "{text}");
}

/// A file name with `,` `:` `%` and a message that quotes a newline stay
/// one well-formed workflow command each.
#[test]
fn github_format_escapes_hostile_names_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let name = "we,ird:100%.rubric";
    std::fs::write(
        dir.path().join(name),
        "rubric t {\n  title \"T\"\n}\nstage a \"A\" {\n}\npillar p \"P\" {\n  at nowhere {\n    indicator i \"I\"\n  }\n}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(["check", "--message-format", "github", name])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = text.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line}"
        );
        assert!(
            line.contains("file=we%2Cird%3A100%25.rubric,line="),
            "{line}"
        );
        let (props, _) = line.split_once("::").unwrap().1.split_once("::").unwrap();
        assert!(!props.contains(": "), "{line}");
    }
}
