//! The same assessment reads the same in every output: the JSON numbers,
//! the text output and the HTML report show the same stages and positions,
//! and the README and the methodology appendix state the same rules as the
//! code (`scoring::words`).

#[path = "support/example.rs"]
mod example;
#[path = "support/html.rs"]
mod html;

use std::path::Path;

use example::{BASELINE, CURRENT, rubricate};
use rubricate::scoring::words;
use serde_json::Value;

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn readme_quotes_every_scoring_rule() {
    let readme = collapse(&std::fs::read_to_string("README.md").unwrap());
    for sentence in words::every_rule() {
        assert!(
            readme.contains(&collapse(&sentence)),
            "README \"Scoring\" does not quote: {sentence}"
        );
    }
}

/// A position as every output prints it: two decimals, rounded down.
fn position(x: f64) -> String {
    format!("{:.2}", ((x * 100.0) + 1e-7).floor() / 100.0)
}

/// What a stage cell says: the stage's name, or why there is none.
fn stage_label(stage: &Value, assessed: bool, first: &str) -> String {
    match stage["name"].as_str() {
        Some(name) => name.to_string(),
        None if !assessed => "Nothing answered yet".to_string(),
        None => format!("Not yet {first}"),
    }
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Scores `answers` three ways and checks that they agree.
fn check_agreement(answers: &[String], baseline: &[String]) {
    let mut args: Vec<&str> = vec!["score", "builtin:ecommerce"];
    args.extend(answers.iter().map(String::as_str));
    if !baseline.is_empty() {
        args.push("--baseline");
        args.extend(baseline.iter().map(String::as_str));
    }
    let text = stdout(&rubricate(&args));
    let mut json_args = args.clone();
    json_args.extend(["--format", "json"]);
    let card: Value = serde_json::from_str(&stdout(&rubricate(&json_args))).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    let mut report_args = args.clone();
    report_args[0] = "report";
    report_args.extend(["-o", out.to_str().unwrap()]);
    stdout(&rubricate(&report_args));
    let (dom, _) = html::parse(&std::fs::read_to_string(&out).unwrap());

    let stages = card["rubric"]["stages"].as_array().unwrap();
    let n = stages.len();
    let first = stages[0]["name"].as_str().unwrap();
    assert_eq!(card["schema_version"], 2);

    // Overall.
    let overall = &card["overall"];
    let pos = format!("{} of {n}", position(overall["position"].as_f64().unwrap()));
    let label = stage_label(&overall["stage"], overall["assessed"] == true, first);
    let text_label = if overall["assessed"] == true {
        label.replacen("Not yet", "not yet", 1)
    } else {
        "nothing answered yet".to_string()
    };
    assert!(
        text.contains(&format!("Overall: {text_label} (position {pos},")),
        "text overall: {text_label} {pos}\n{text}"
    );
    let headline = html::texts_of_class(&dom, "headline-stage");
    assert!(headline[0].starts_with(&label), "{headline:?} vs {label}");
    let headline = html::texts_of_class(&dom, "headline-position");
    assert!(
        headline[0].ends_with(&format!("position {pos}")),
        "{headline:?}"
    );
    assert_eq!(
        overall["reached"].as_u64().unwrap() as usize,
        overall["position"].as_f64().unwrap().floor() as usize
    );

    // Pillars: text table, HTML summary table, radar data, pillar pages.
    let summary = html::table_rows(&dom, "pillar-table");
    let radar = html::table_rows(&dom, "chart-data");
    let headers = html::texts_of_class(&dom, "pillar-stage");
    for (i, p) in card["pillars"].as_array().unwrap().iter().enumerate() {
        let name = p["name"].as_str().unwrap();
        let pos = format!("{} of {n}", position(p["position"].as_f64().unwrap()));
        let label = stage_label(&p["stage"], p["assessed"] == true, first);
        let line = text
            .lines()
            .find(|l| l.starts_with(name) && l.contains(" of 5"))
            .unwrap_or_else(|| panic!("no text row for {name}"));
        assert!(line.contains(&pos), "text {line:?} vs {pos}");
        let text_stage = match (p["stage"]["name"].as_str(), p["assessed"] == true) {
            (Some(s), _) => s.to_string(),
            (None, true) => "(none yet)".to_string(),
            (None, false) => "(nothing answered)".to_string(),
        };
        assert!(line.contains(&text_stage), "text {line:?} vs {text_stage}");
        let row = &summary[i + 1];
        assert_eq!(row[0], name);
        assert_eq!(row[1], label, "{name}");
        assert_eq!(row[2], pos, "{name}");
        if !radar.is_empty() {
            assert_eq!(radar[i + 1][1], pos, "radar data for {name}");
        }
        assert!(
            headers[i].starts_with(&label),
            "{:?} vs {label}",
            headers[i]
        );
        assert!(
            headers[i].contains(&format!("position {pos}")),
            "{:?}",
            headers[i]
        );
        assert_eq!(
            p["reached"].as_u64().unwrap() as usize,
            p["position"].as_f64().unwrap().floor() as usize,
            "{name}"
        );
        let index = p["stage"]["index"].as_u64().map(|i| i as usize + 1);
        assert_eq!(index.unwrap_or(0), p["reached"].as_u64().unwrap() as usize);
    }

    // The ladders draw the same position: a filled bar of `position`
    // segments (640 / N wide each, 1 unit of padding either side), so a
    // pillar below the first stage never looks as if it had reached it.
    let fills: Vec<f64> = html::elements(&dom)
        .into_iter()
        .filter(|(tag, attrs)| {
            tag == "rect"
                && attrs
                    .iter()
                    .any(|(k, v)| k == "class" && v == "ladder-fill")
        })
        .map(|(_, attrs)| {
            attrs
                .iter()
                .find(|(k, _)| k == "width")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap()
        })
        .collect();
    for (p, width) in card["pillars"].as_array().unwrap().iter().zip(&fills) {
        let expected = (p["position"].as_f64().unwrap() * 640.0 / n as f64 - 2.0).max(0.0);
        assert!(
            (width - expected).abs() < 0.1,
            "{}: fill {width}, expected {expected}",
            p["id"]
        );
    }

    // The appendix states the rubric's own rules, word for word.
    let methodology = html::texts_of_class(&dom, "methodology");
    let policy_rules = [
        words::CREDIT,
        words::POSITION,
        words::DISAGREEMENT,
        words::ROADMAP,
        words::PLANS,
        words::ROUNDING,
    ];
    for rule in policy_rules {
        let filled = rule.replace("{stages}", &n.to_string());
        assert!(
            methodology.iter().any(|m| *m == collapse(&filled)),
            "appendix lacks: {filled}"
        );
    }
}

#[test]
fn the_example_agrees_in_json_text_and_html() {
    let current: Vec<String> = CURRENT.iter().map(|s| s.to_string()).collect();
    let baseline: Vec<String> = BASELINE.iter().map(|s| s.to_string()).collect();
    check_agreement(&current, &baseline);
    check_agreement(&baseline, &[]);
}

/// The init template with every answer line set by `value(n)`.
fn filled(dir: &Path, name: &str, value: impl Fn(usize) -> Option<String>) -> String {
    let template = stdout(&rubricate(&["init", "builtin:ecommerce"]));
    let mut n = 0;
    let text: Vec<String> = template
        .lines()
        .map(|line| {
            match line
                .strip_prefix("# \"")
                .and_then(|l| l.strip_suffix("\" = ?"))
            {
                Some(id) => {
                    n += 1;
                    match value(n) {
                        Some(v) => format!("\"{id}\" = {v}"),
                        None => line.to_string(),
                    }
                }
                None => line.to_string(),
            }
        })
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, text.join("\n")).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn edge_cases_agree_in_json_text_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        filled(dir.path(), "untouched.toml", |_| None),
        filled(dir.path(), "partly.toml", |_| Some("1".into())),
        filled(dir.path(), "largely.toml", |_| Some("2".into())),
        filled(dir.path(), "mixed.toml", |n| {
            Some(((n * 7) % 4).to_string())
        }),
        filled(dir.path(), "sparse.toml", |n| {
            (n % 3 == 0).then(|| "3".into())
        }),
    ];
    for case in &cases {
        check_agreement(std::slice::from_ref(case), &[]);
    }
}
