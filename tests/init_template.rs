//! The answer-file template `rubricate init` writes: it loads as it is,
//! names every indicator and action, can be filled mechanically (top or
//! lowest level everywhere), and its exact text is snapshotted.

use rubricate::assessment::{self, AnswerValue, Assessment};
use rubricate::diagnostics::{ColorChoice, render_all};
use rubricate::model::{self, Rubric};
use rubricate::source::SourceMap;

fn ecommerce() -> Rubric {
    let mut sources = SourceMap::new();
    model::compile("builtin:ecommerce", &mut sources)
        .rubric
        .expect("bundled rubric compiles")
}

/// Loads `text` as an answer file; returns the assessment and everything
/// rendered (which must be empty for a clean file).
fn load_text(rubric: &Rubric, text: &str) -> (Option<Assessment>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.toml");
    std::fs::write(&path, text).unwrap();
    let mut sources = SourceMap::new();
    let files = [path.display().to_string()];
    let (assessment, diags) = assessment::load(rubric, &files, &mut sources);
    (assessment, render_all(&sources, &diags, ColorChoice::Never))
}

/// Answers every indicator: uncomments its `# "<id>" = ?` line with the
/// value `pick` chooses from the indicator's scale.
fn fill(rubric: &Rubric, template: &str, pick: impl Fn(&model::Scale) -> f64) -> String {
    let mut text = template.to_string();
    for pillar in &rubric.pillars {
        for indicator in &pillar.indicators {
            let id = &indicator.id;
            let value = pick(rubric.scale_of(indicator));
            let line = format!("# \"{id}\" = ?\n");
            assert_eq!(text.matches(&line).count(), 1, "{id}");
            text = text.replace(&line, &format!("\"{id}\" = {value}\n"));
        }
    }
    text
}

#[test]
fn template_loads_cleanly_as_it_is() {
    let rubric = ecommerce();
    let (assessment, shown) = load_text(&rubric, &assessment::template(&rubric));
    assert_eq!(shown, "");
    let a = assessment.expect("loads");
    assert!(a.respondents[0].answers.is_empty(), "nothing answered yet");
    assert!(a.targets.is_empty() && a.plans.is_empty());
}

#[test]
fn template_names_every_indicator_and_action() {
    let rubric = ecommerce();
    let text = assessment::template(&rubric);
    for id in rubric.indicator_ids() {
        assert!(text.contains(&format!("\n# \"{id}\" = ?\n")), "{id}");
    }
    for action in &rubric.actions {
        assert!(
            text.contains(&format!("\n# \"{}\" = {{", action.id)),
            "{}",
            action.id
        );
    }
    assert_eq!(
        text.matches(" = ?\n").count(),
        rubric.indicator_ids().count(),
        "only answer lines end in ` = ?`"
    );
}

#[test]
fn template_filled_with_the_top_and_the_lowest_level() {
    let rubric = ecommerce();
    let template = assessment::template(&rubric);
    for (pick, name) in [
        (model::Scale::max as fn(&model::Scale) -> f64, "top"),
        (model::Scale::min, "lowest"),
    ] {
        let filled = fill(&rubric, &template, pick);
        let (assessment, shown) = load_text(&rubric, &filled);
        assert_eq!(shown, "", "{name}");
        let a = assessment.expect("loads");
        let answers = &a.respondents[0].answers;
        assert_eq!(answers.len(), rubric.indicator_ids().count(), "{name}");
        for pillar in &rubric.pillars {
            for indicator in &pillar.indicators {
                let expected = pick(rubric.scale_of(indicator));
                assert_eq!(
                    answers[&indicator.id].value,
                    AnswerValue::Level(expected),
                    "{name}: {}",
                    indicator.id
                );
            }
        }
    }
}

#[test]
fn template_is_deterministic_and_matches_snapshot() {
    let rubric = ecommerce();
    let text = assessment::template(&rubric);
    assert_eq!(text, assessment::template(&ecommerce()));
    insta::assert_snapshot!(text);
}

/// A short ladder (two stages) whose first indicator is answered yes/no:
/// the shapes that made the header's examples invalid.
const YES_NO: &str = r#"
rubric small { title "Small" }
scale agreement default {
  0 "No"
  1 "Partly"
  2 "Largely"
  3 "Fully"
  met at 2
}
scale yes-no {
  0 "No"
  1 "Yes"
  met at 1
}
stage basic "Basic" {}
stage solid "Solid" {}
pillar planning "Planning" {
  at basic { indicator backlog "One backlog" { scale yes-no } }
  at solid { indicator review "Weekly review" }
}
advance basic -> solid {
  action weekly "Start a weekly review" {
    pillar planning
    impact high
    effort low
  }
}
"#;

fn yes_no_rubric() -> Rubric {
    let mut sources = SourceMap::new();
    let out = model::compile_text("small.rubric", YES_NO, &mut sources);
    out.rubric.expect("the test rubric compiles")
}

/// The header's example answers, copied under `[answers]` as they are,
/// load: their level is one of the example indicator's own scale.
#[test]
fn header_examples_load_when_copied_as_they_are() {
    let rubric = yes_no_rubric();
    let template = assessment::template(&rubric);
    let examples: Vec<&str> = template
        .lines()
        .filter_map(|l| l.strip_prefix("#   \"planning.backlog\" = "))
        .collect();
    assert_eq!(examples.len(), 2, "{template}");
    assert!(examples[0].contains("level = 1,"), "{}", examples[0]);
    for example in examples {
        let line = format!("\"planning.backlog\" = {example}\n");
        let text = template.replace("\n[answers]\n", &format!("\n[answers]\n{line}"));
        let (assessment, shown) = load_text(&rubric, &text);
        assert_eq!(shown, "", "{line}");
        assert_eq!(assessment.expect("loads").respondents[0].answers.len(), 1);
    }
}

/// Which commented lines a variant uncomments.
type Pick = fn(&str) -> bool;

/// `# [respondent.target]` and the `# PILLAR = "stage"` lines under it.
fn is_target_table(l: &str) -> bool {
    l.starts_with("# [respondent.target]")
        || (l.starts_with("# ")
            && l.ends_with('"')
            && !l.starts_with("# \"")
            && !l.starts_with("# target"))
}

/// Every placeholder of the header and of the action lines loads when its
/// `# ` is removed and nothing else changed (the two forms of the target
/// are alternatives, so each is tried alone).
#[test]
fn every_placeholder_loads_when_uncommented_unchanged() {
    for rubric in [yes_no_rubric(), ecommerce()] {
        let template = assessment::template(&rubric);
        let uncomment = |pick: fn(&str) -> bool| -> String {
            template
                .lines()
                .map(|l| if pick(l) { &l[2..] } else { l })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        };
        let variants: [(&str, Pick); 3] = [
            ("target", |l| l.starts_with("# target = ")),
            ("target table", is_target_table),
            ("actions", |l| {
                l.starts_with("# \"") && l.contains("= { owner = ")
            }),
        ];
        for (name, pick) in variants {
            let text = uncomment(pick);
            assert_ne!(text, template, "{name}: nothing uncommented");
            let (assessment, shown) = load_text(&rubric, &text);
            assert_eq!(shown, "", "{name}:\n{text}");
            assert!(assessment.is_some(), "{name}");
        }
    }
}
