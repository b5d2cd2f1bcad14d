//! Scoring rules with hand-computed expectations.

use std::collections::BTreeMap;

use super::*;
use crate::assessment::{ActionPlan, Answer, Assessment, Organization, Respondent};
use crate::model::{Rubric, compile_text};
use crate::source::SourceMap;

/// Three stages, two pillars (q weighs 3), a 0–3 scale met at 2.
fn rubric(scoring: &str) -> Rubric {
    let text = format!(
        r#"
rubric t {{
  title "T"
}}
scale s default {{
  0 "Not in place"
  1 "Partly"
  2 "Largely"
  3 "Fully"
  met at 2
}}
stage a "A" {{
}}
stage b "B" {{
}}
stage c "C" {{
}}
pillar p "P" {{
  at a {{
    indicator a1 "a1"
    indicator a2 "a2" {{ weight 3 }}
  }}
  at b {{
    indicator b1 "b1"
    indicator b2 "b2"
  }}
  at c {{
    indicator c1 "c1"
  }}
}}
pillar q "Q" {{
  weight 3
  at a {{
    indicator a1 "a1"
  }}
  at b {{
    indicator b1 "b1"
  }}
}}
advance a -> b {{
  action p.fill "Fill" {{
    pillar p
    impact low
    effort low
  }}
  action p.win "Win" {{
    pillar p
    impact high
    effort low
    after p.big
  }}
  action p.big "Big" {{
    pillar p
    impact high
    effort high
  }}
  action x.plan "Plan" {{
    cross-cutting "Strategy"
    impact medium
    effort low
  }}
}}
advance b -> c {{
  action p.next "Next" {{
    pillar p
    impact high
    effort low
  }}
  action q.next "Q next" {{
    pillar q
    impact high
    effort low
  }}
}}
scoring {{
{scoring}
}}
"#
    );
    let mut sources = SourceMap::new();
    let out = compile_text("t.rubric", &text, &mut sources);
    out.rubric
        .unwrap_or_else(|| panic!("{:?}", out.diagnostics))
}

fn level(v: f64) -> Answer {
    Answer {
        value: AnswerValue::Level(v),
        note: None,
        evidence: Vec::new(),
    }
}

fn na() -> Answer {
    Answer {
        value: AnswerValue::NotApplicable,
        note: Some("why".into()),
        evidence: Vec::new(),
    }
}

fn respondent(name: &str, answers: &[(&str, Answer)]) -> Respondent {
    Respondent {
        name: name.into(),
        file: format!("{name}.toml"),
        answers: answers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        ..Default::default()
    }
}

fn assessment(respondents: Vec<Respondent>) -> Assessment {
    Assessment {
        organization: Organization { name: "Org".into() },
        respondents,
        targets: BTreeMap::new(),
        plans: BTreeMap::new(),
    }
}

fn pillar<'c>(card: &'c Scorecard, id: &str) -> &'c PillarScore {
    card.pillars.iter().find(|p| p.id == id).unwrap()
}

#[test]
fn no_answers_at_all_leaves_every_pillar_at_the_floor() {
    let r = rubric("");
    let card = score(&r, &assessment(vec![]), None);
    for p in &card.pillars {
        assert_eq!(p.stage.index, 0);
        assert!(p.below_first_stage);
        assert_eq!(p.coverage, 0.0);
        assert!(p.low_coverage);
        assert_eq!(p.target.id, "b", "default target is the next stage");
        assert!(p.explanation.starts_with("A (floor)"), "{}", p.explanation);
    }
    assert_eq!(card.overall.stage.id, "a");
    assert_eq!(
        card.warnings.len(),
        2,
        "one low-coverage warning per pillar"
    );
}

#[test]
fn all_not_applicable_never_lifts_a_pillar() {
    let r = rubric("");
    let all: Vec<(&str, Answer)> = ["p.a1", "p.a2", "p.b1", "p.b2", "p.c1"]
        .iter()
        .map(|i| (*i, na()))
        .collect();
    let card = score(&r, &assessment(vec![respondent("x", &all)]), None);
    let p = pillar(&card, "p");
    assert_eq!(p.stage.index, 0);
    assert!(p.below_first_stage);
    assert_eq!(p.not_applicable_share, 1.0);
    assert_eq!(p.coverage, 1.0, "n/a is an answer");
    assert!(p.stages.iter().all(|c| c.attainment.is_none()));
}

#[test]
fn one_respondent_weighted_attainment_and_gating() {
    let r = rubric("");
    // a: a1=3 (1.0, w1), a2=2 (0.667, w3) → (1 + 2) / 4 = 0.75 → met.
    // b: b1=1 (0.333), b2 unanswered (skipped) → 0.333 → not met.
    let card = score(
        &r,
        &assessment(vec![respondent(
            "x",
            &[
                ("p.a1", level(3.0)),
                ("p.a2", level(2.0)),
                ("p.b1", level(1.0)),
            ],
        )]),
        None,
    );
    let p = pillar(&card, "p");
    assert_eq!(p.stages[0].attainment, Some(0.75));
    assert!(p.stages[0].met);
    assert_eq!(p.stages[1].attainment, Some(0.3333));
    assert_eq!(p.stage.id, "a");
    // progress toward b: 0.3333 / 0.75
    assert_eq!(p.progress, 0.4444);
    assert_eq!(p.position, 0.4444);
    assert_eq!(p.coverage, 0.6);
    assert_eq!(
        p.explanation,
        "A: all 2 indicators met; blocked from B (33%) by p.b1 (1/3) and p.b2 (unanswered)"
    );
    let gaps: Vec<&str> = p.gaps.iter().map(|g| g.indicator.as_str()).collect();
    assert_eq!(gaps, ["p.b1", "p.b2"], "unmet up to the target b");
}

#[test]
fn unanswered_zero_counts_missing_answers_as_the_floor() {
    let r = rubric("unanswered zero");
    let card = score(
        &r,
        &assessment(vec![respondent("x", &[("p.a1", level(3.0))])]),
        None,
    );
    // a: a1 = 1.0 (w1), a2 = 0 (w3) → 0.25
    assert_eq!(pillar(&card, "p").stages[0].attainment, Some(0.25));
    assert!(pillar(&card, "p").below_first_stage);
    let skip = score(
        &rubric(""),
        &assessment(vec![respondent("x", &[("p.a1", level(3.0))])]),
        None,
    );
    assert_eq!(pillar(&skip, "p").stages[0].attainment, Some(1.0));
}

#[test]
fn respondents_combine_by_mean_median_and_min_and_keep_their_spread() {
    let people = || {
        vec![
            respondent("a", &[("q.a1", level(0.0))]),
            respondent("b", &[("q.a1", level(3.0))]),
            respondent("c", &[("q.a1", level(2.0))]),
        ]
    };
    for (rule, expected) in [("mean", 5.0 / 3.0), ("median", 2.0), ("min", 0.0)] {
        let card = score(
            &rubric(&format!("respondents {rule}")),
            &assessment(people()),
            None,
        );
        let ind = &pillar(&card, "q").stages[0].indicators[0];
        assert_eq!(ind.level, Some(round(expected)), "{rule}");
        assert_eq!(ind.spread, 1.0);
        assert!(ind.disagreement);
        assert_eq!(ind.responses.len(), 3);
    }
}

#[test]
fn a_mix_of_levels_and_na_scores_the_levels() {
    let r = rubric("");
    let card = score(
        &r,
        &assessment(vec![
            respondent("a", &[("q.a1", na())]),
            respondent("b", &[("q.a1", level(3.0))]),
        ]),
        None,
    );
    let ind = &pillar(&card, "q").stages[0].indicators[0];
    assert_eq!(ind.status, IndicatorStatus::Met);
    assert!(!ind.disagreement, "one level only: no spread");
}

#[test]
fn a_stage_without_indicators_passes_but_never_places() {
    // q has no indicators at c: fully answered, it reaches b, not c.
    let r = rubric("");
    let card = score(
        &r,
        &assessment(vec![respondent(
            "x",
            &[("q.a1", level(3.0)), ("q.b1", level(3.0))],
        )]),
        None,
    );
    let q = pillar(&card, "q");
    assert_eq!(q.stage.id, "b");
    assert!(q.stages[2].met && q.stages[2].attainment.is_none());
    assert_eq!(q.progress, 0.0);
}

#[test]
fn average_rule_sums_stage_attainments() {
    let r = rubric("pillar-stage average");
    // p: a = 1.0, b = (1 + 0.333) / 2 = 0.6667, c unanswered = 0 → 1.6667
    let card = score(
        &r,
        &assessment(vec![respondent(
            "x",
            &[
                ("p.a1", level(3.0)),
                ("p.a2", level(3.0)),
                ("p.b1", level(3.0)),
                ("p.b2", level(1.0)),
            ],
        )]),
        None,
    );
    let p = pillar(&card, "p");
    assert_eq!(p.stage.id, "a");
    assert_eq!(p.progress, 0.6667);
    assert!(
        p.explanation.starts_with("A: stage attainments add up"),
        "{}",
        p.explanation
    );
}

fn two_pillars(scoring: &str) -> Scorecard {
    // p fully met at every stage (position 2), q below a (position 0).
    let all = ["p.a1", "p.a2", "p.b1", "p.b2", "p.c1"].map(|i| (i, level(3.0)));
    score(
        &rubric(scoring),
        &assessment(vec![respondent("x", &all)]),
        None,
    )
}

#[test]
fn overall_rules() {
    let min = two_pillars("overall min");
    assert_eq!(min.overall.stage.id, "a");
    assert_eq!(min.overall.position, 0.0);
    // weighted mean: (2 × 1 + 0 × 3) / 4 = 0.5
    let mean = two_pillars("overall weighted-mean");
    assert_eq!(mean.overall.position, 0.5);
    assert_eq!(mean.overall.stage.id, "a");
    // median of [0, 2] = 1
    let median = two_pillars("overall median");
    assert_eq!(median.overall.position, 1.0);
    assert_eq!(median.overall.stage.id, "b");
}

#[test]
fn pillars_two_stages_apart_are_an_imbalance() {
    let card = two_pillars("");
    assert!(card.imbalance.flagged);
    assert_eq!(card.imbalance.spread, 2);
    assert_eq!(card.imbalance.highest, ["p"]);
    assert_eq!(card.imbalance.lowest, ["q"]);
    assert!(
        pillar(&card, "p")
            .explanation
            .ends_with("top stage reached")
    );
}

#[test]
fn roadmap_quick_wins_first_dependencies_respected_owners_flagged() {
    let mut a = assessment(vec![respondent("x", &[])]);
    a.plans.insert(
        "p.big".into(),
        ActionPlan {
            owner: Some("Sam".into()),
            ..Default::default()
        },
    );
    let card = score(&rubric(""), &a, None);
    let order: Vec<&str> = card.roadmap.iter().map(|i| i.action.as_str()).collect();
    // Both pillars at a → b: quick wins (p.win waits for p.big; x.plan),
    // then the major project p.big, then fill-ins.
    assert_eq!(order, ["x.plan", "p.big", "p.win", "p.fill"]);
    let big = card.roadmap.iter().find(|i| i.action == "p.big").unwrap();
    assert_eq!(big.quadrant, Quadrant::MajorProject);
    assert!(!big.unowned);
    assert!(
        card.roadmap
            .iter()
            .filter(|i| i.action != "p.big")
            .all(|i| i.unowned)
    );
}

#[test]
fn targets_from_answers_extend_the_roadmap_and_low_targets_warn() {
    let all = ["p.a1", "p.a2", "p.b1", "p.b2"].map(|i| (i, level(3.0)));
    let mut a = assessment(vec![respondent("x", &all)]);
    a.targets.insert("p".into(), "a".into());
    a.targets.insert("q".into(), "c".into());
    let card = score(&rubric(""), &a, None);
    assert_eq!(pillar(&card, "p").target.id, "a");
    assert_eq!(pillar(&card, "p").target_source, "answers");
    assert!(
        card.warnings
            .iter()
            .any(|w| w.contains("target A is below the current stage B"))
    );
    let order: Vec<&str> = card.roadmap.iter().map(|i| i.action.as_str()).collect();
    assert!(
        order.contains(&"q.next"),
        "q's target c pulls in b → c: {order:?}"
    );
    assert!(!order.contains(&"p.next"), "p's target is below its stage");
}

#[test]
fn progress_against_a_baseline() {
    let r = rubric("");
    let before = assessment(vec![respondent("x", &[("p.a1", level(1.0))])]);
    let after = assessment(vec![respondent(
        "x",
        &[("p.a1", level(3.0)), ("p.a2", level(3.0))],
    )]);
    let card = score(&r, &after, Some(&before));
    let progress = card.progress.unwrap();
    let p = progress.pillars.iter().find(|c| c.pillar == "p").unwrap();
    assert_eq!(
        (p.change.from.id.as_str(), p.change.to.id.as_str()),
        ("a", "a")
    );
    assert!(p.change.delta >= 0.0);
    let ids: Vec<&str> = progress
        .indicators
        .iter()
        .map(|i| i.indicator.as_str())
        .collect();
    assert_eq!(ids, ["p.a1", "p.a2"]);
    assert_eq!(progress.indicators[0].delta, Some(0.6667));
    assert_eq!(progress.indicators[1].delta, None, "newly answered");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const IDS: [&str; 7] = ["p.a1", "p.a2", "p.b1", "p.b2", "p.c1", "q.a1", "q.b1"];
    const POLICIES: [&str; 6] = [
        "",
        "pillar-stage average",
        "respondents median",
        "respondents min\nunanswered zero",
        "pillar-stage average\nrespondents min",
        "stage-threshold 0.5\noverall weighted-mean",
    ];

    /// Per respondent, per indicator: None (unanswered), Some(None) (n/a)
    /// or Some(Some(level)).
    fn answers() -> impl Strategy<Value = Vec<Vec<Option<Option<u8>>>>> {
        prop::collection::vec(
            prop::collection::vec(
                prop::option::of(prop::option::weighted(0.9, 0u8..=3)),
                IDS.len(),
            ),
            1..4,
        )
    }

    fn build(raw: &[Vec<Option<Option<u8>>>]) -> Assessment {
        let respondents = raw
            .iter()
            .enumerate()
            .map(|(n, row)| {
                let list: Vec<(&str, Answer)> = IDS
                    .iter()
                    .zip(row)
                    .filter_map(|(id, a)| {
                        a.map(|v| (*id, v.map_or_else(na, |l| level(f64::from(l)))))
                    })
                    .collect();
                respondent(&format!("r{n}"), &list)
            })
            .collect();
        assessment(respondents)
    }

    proptest! {
        #[test]
        fn raising_one_answer_never_lowers_a_pillar(
            raw in answers(),
            who in 0usize..3,
            which in 0usize..IDS.len(),
            policy in 0usize..POLICIES.len(),
        ) {
            let r = rubric(POLICIES[policy]);
            let before = score(&r, &build(&raw), None);
            let mut raised = raw.clone();
            let who = who % raised.len();
            if let Some(Some(l)) = raised[who][which] {
                prop_assume!(l < 3);
                raised[who][which] = Some(Some(l + 1));
            } else {
                prop_assume!(false);
            }
            let after = score(&r, &build(&raised), None);
            for (b, a) in before.pillars.iter().zip(&after.pillars) {
                prop_assert!(a.stage.index >= b.stage.index, "{}: {} -> {}", a.id, b.stage.id, a.stage.id);
                prop_assert!(a.position + 1e-9 >= b.position, "{}: {} -> {}", a.id, b.position, a.position);
            }
            prop_assert!(after.overall.position + 1e-9 >= before.overall.position);
        }

        #[test]
        fn scores_do_not_depend_on_respondent_order(raw in answers(), policy in 0usize..POLICIES.len()) {
            let r = rubric(POLICIES[policy]);
            let forward = score(&r, &build(&raw), None);
            let mut reversed = build(&raw);
            reversed.respondents.reverse();
            let backward = score(&r, &reversed, None);
            for (f, b) in forward.pillars.iter().zip(&backward.pillars) {
                prop_assert_eq!(f.position, b.position);
                prop_assert_eq!(&f.explanation, &b.explanation);
            }
        }
    }
}
