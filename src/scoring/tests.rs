//! Scoring rules with hand-computed expectations, one test per rule and
//! edge: exact thresholds, all n/a, empty stages, below the first stage,
//! uneven scale values, weights, every policy option.

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

fn stage_id(p: &PillarScore) -> Option<&str> {
    p.stage.as_ref().map(|s| s.id.as_str())
}

/// A SAMM-style rubric: three levels, answers 0 / 0.25 / 0.5 / 1, met at 1.
fn samm(scoring: &str) -> Rubric {
    let text = format!(
        r#"
rubric samm {{
  title "SAMM-like"
}}
scale samm default {{
  0 "No"
  0.25 "Yes, for some"
  0.5 "Yes, for at least half"
  1 "Yes, for most or all"
  met at 1
}}
stage l1 "Level 1" {{
}}
stage l2 "Level 2" {{
}}
stage l3 "Level 3" {{
}}
pillar g "Governance" {{
  at l1 {{
    indicator a "a"
    indicator b "b"
  }}
  at l2 {{
    indicator c "c"
    indicator d "d"
  }}
  at l3 {{
    indicator e "e"
  }}
}}
advance -> l1 {{
  action g.start "Start" {{
    pillar g
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
    let out = compile_text("samm.rubric", &text, &mut sources);
    out.rubric
        .unwrap_or_else(|| panic!("{:?}", out.diagnostics))
}

#[test]
fn nothing_answered_places_no_pillar_and_says_so() {
    let card = score(&rubric(""), &assessment(vec![]), None);
    for p in &card.pillars {
        assert_eq!(p.stage, None);
        assert!(!p.assessed);
        assert_eq!((p.reached, p.position, p.progress), (0, 0.0, 0.0));
        assert_eq!(p.coverage, 0.0);
        assert!(p.low_coverage);
        assert_eq!(p.target.id, "a", "default target below the first stage");
        assert!(
            p.explanation.starts_with("Nothing to count"),
            "{}",
            p.explanation
        );
    }
    assert!(!card.overall.assessed);
    assert_eq!(card.overall.stage, None);
    assert_eq!(
        card.warnings.len(),
        4,
        "low coverage and nothing to count, per pillar"
    );
    assert!(card.roadmap.is_empty(), "no action leads into stage a");
    let steps: Vec<(&str, Option<&str>, &str)> = card
        .uncovered
        .iter()
        .map(|u| (u.pillar.as_str(), u.from.as_deref(), u.to.as_str()))
        .collect();
    assert_eq!(steps, [("p", None, "a"), ("q", None, "a")]);
}

#[test]
fn every_indicator_at_its_met_level_reaches_every_stage() {
    let all = ["p.a1", "p.a2", "p.b1", "p.b2", "p.c1", "q.a1", "q.b1"].map(|i| (i, level(2.0)));
    let card = score(&rubric(""), &assessment(vec![respondent("x", &all)]), None);
    let p = pillar(&card, "p");
    assert_eq!((stage_id(p), p.reached, p.position), (Some("c"), 3, 3.0));
    assert!(
        p.stages
            .iter()
            .all(|c| c.met && c.reached && c.attainment == Some(1.0))
    );
    assert_eq!(
        p.explanation,
        "C reached: all 1 indicators met; top stage reached"
    );
    // q has nothing to count at c, so it can never stand on c.
    let q = pillar(&card, "q");
    assert_eq!(
        (stage_id(q), q.reached, q.next.as_ref()),
        (Some("b"), 2, None)
    );
    assert_eq!(
        q.explanation,
        "B reached: all 1 indicators met; no higher stage has anything to count"
    );
}

#[test]
fn partial_levels_give_partial_credit_and_never_meet_a_stage() {
    // Level 1 of 0–3 met at 2: credit 0.5 everywhere.
    let all = ["p.a1", "p.a2", "p.b1", "p.b2", "p.c1"].map(|i| (i, level(1.0)));
    let card = score(&rubric(""), &assessment(vec![respondent("x", &all)]), None);
    let p = pillar(&card, "p");
    assert!(p.stages.iter().all(|c| c.attainment == Some(0.5) && !c.met));
    assert_eq!((p.stage.as_ref(), p.reached, p.position), (None, 0, 0.5));
    assert_eq!(p.next.as_ref().map(|s| s.id.as_str()), Some("a"));
    assert_eq!(
        p.explanation,
        "Not yet A; A not reached: 50% in place, below the 75% needed; not fully in place: p.a1 (1/3) and p.a2 (1/3)"
    );
    let ind = &p.stages[0].indicators[0];
    assert_eq!(
        (ind.credit, ind.status),
        (Some(0.5), IndicatorStatus::Partly)
    );
}

#[test]
fn weighted_attainment_gating_and_progress_without_rounding() {
    // a: a1=3 (credit 1, w1), a2=1 (credit 0.5, w3) → 2.5 / 4 = 0.625 < 0.75.
    // b: b1=2 (1), b2=2 (1) → met, but gated behind a.
    let card = score(
        &rubric(""),
        &assessment(vec![respondent(
            "x",
            &[
                ("p.a1", level(3.0)),
                ("p.a2", level(1.0)),
                ("p.b1", level(2.0)),
                ("p.b2", level(2.0)),
            ],
        )]),
        None,
    );
    let p = pillar(&card, "p");
    assert_eq!(p.stages[0].attainment, Some(0.625));
    assert!(!p.stages[0].met);
    assert!(
        p.stages[1].met && !p.stages[1].reached,
        "met but not reached"
    );
    assert_eq!((p.reached, p.position), (0, 0.625));
    let gaps: Vec<&str> = p.gaps.iter().map(|g| g.indicator.as_str()).collect();
    assert_eq!(gaps, ["p.a2"], "gaps up to the default target a");
    assert_eq!(p.unanswered, ["p.c1"]);
}

#[test]
fn an_exact_threshold_is_met() {
    // a: a1=2 (credit 1, w1), a2=0 (credit 0, w3) → exactly 0.25.
    let answers = [("p.a1", level(2.0)), ("p.a2", level(0.0))];
    let card = score(
        &rubric("stage-threshold 0.25"),
        &assessment(vec![respondent("x", &answers)]),
        None,
    );
    let p = pillar(&card, "p");
    assert_eq!(p.stages[0].attainment, Some(0.25));
    assert!(p.stages[0].met);
    assert_eq!(stage_id(p), Some("a"));
    assert!(
        p.explanation.starts_with(
            "A reached: 25% in place, at least the 25% needed (1 of 2 indicators met)"
        ),
        "{}",
        p.explanation
    );
    // Thirds: three respondents 0, 1, 2 → mean level 1 → credit 1/2; with a
    // threshold of exactly that share, the stage is met.
    let thirds = vec![
        respondent("a", &[("q.a1", level(0.0))]),
        respondent("b", &[("q.a1", level(1.0))]),
        respondent("c", &[("q.a1", level(2.0))]),
    ];
    let card = score(&rubric("stage-threshold 0.5"), &assessment(thirds), None);
    assert!(pillar(&card, "q").stages[0].met);
}

#[test]
fn unanswered_zero_counts_missing_answers_and_lists_them_as_gaps() {
    let answers = [("p.a1", level(3.0))];
    let zero = score(
        &rubric("unanswered zero"),
        &assessment(vec![respondent("x", &answers)]),
        None,
    );
    // a: a1 = 1 (w1), a2 = 0 (w3) → 0.25
    let p = pillar(&zero, "p");
    assert_eq!(p.stages[0].attainment, Some(0.25));
    assert_eq!(p.stage, None);
    assert!(p.gaps.iter().any(|g| g.indicator == "p.a2"));
    let skip = score(
        &rubric(""),
        &assessment(vec![respondent("x", &answers)]),
        None,
    );
    let p = pillar(&skip, "p");
    assert_eq!(p.stages[0].attainment, Some(1.0));
    assert!(
        p.gaps.iter().all(|g| g.indicator != "p.a2"),
        "not a gap under skip"
    );
    assert!(p.unanswered.contains(&"p.a2".to_string()));
}

#[test]
fn respondents_combine_by_mean_median_and_min() {
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
        assert_eq!(ind.level, Some(expected), "{rule}");
        assert_eq!(ind.spread, 3, "0 to 3 is three steps");
        assert!(ind.disagreement);
        assert_eq!(ind.responses.len(), 3);
    }
}

#[test]
fn disagreement_counts_scale_steps_on_uneven_scales() {
    let r = samm("");
    let pair = |x: f64, y: f64| {
        let card = score(
            &r,
            &assessment(vec![
                respondent("a", &[("g.a", level(x))]),
                respondent("b", &[("g.a", level(y))]),
            ]),
            None,
        );
        let i = card.pillars[0].stages[0].indicators[0].clone();
        (i.spread, i.disagreement)
    };
    assert_eq!(pair(0.5, 1.0), (1, false), "adjacent options");
    assert_eq!(pair(0.25, 1.0), (2, true));
    assert_eq!(pair(0.0, 0.25), (1, false));
}

#[test]
fn a_mix_of_levels_and_na_scores_the_levels() {
    let card = score(
        &rubric(""),
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
fn an_all_na_stage_is_skipped_never_stood_on() {
    // p: a all n/a, b met, c unanswered (nothing to count under skip).
    let answers = [
        ("p.a1", na()),
        ("p.a2", na()),
        ("p.b1", level(2.0)),
        ("p.b2", level(3.0)),
    ];
    for policy in ["", "pillar-stage average"] {
        let card = score(
            &rubric(policy),
            &assessment(vec![respondent("x", &answers)]),
            None,
        );
        let p = pillar(&card, "p");
        assert_eq!(stage_id(p), Some("b"), "{policy}");
        assert_eq!(p.reached, 2, "{policy}");
        assert!(p.stages[0].attainment.is_none() && !p.stages[0].met);
        assert_eq!(p.not_applicable_share, 0.4);
    }
    // Only n/a: nothing to count, no stage.
    let all = ["p.a1", "p.a2", "p.b1", "p.b2", "p.c1"].map(|i| (i, na()));
    let card = score(&rubric(""), &assessment(vec![respondent("x", &all)]), None);
    let p = pillar(&card, "p");
    assert_eq!((p.stage.as_ref(), p.assessed), (None, false));
    assert_eq!(p.explanation, "Nothing to count: all 5 indicators are n/a");
}

#[test]
fn average_never_places_a_pillar_on_an_empty_stage() {
    // a met (1), b all n/a (nothing), c at 2 (1): the old rule summed
    // 1 + 0 + 1 = 2 and placed p on b.
    let answers = [
        ("p.a1", level(2.0)),
        ("p.a2", level(2.0)),
        ("p.b1", na()),
        ("p.b2", na()),
        ("p.c1", level(2.0)),
    ];
    let card = score(
        &rubric("pillar-stage average"),
        &assessment(vec![respondent("x", &answers)]),
        None,
    );
    let p = pillar(&card, "p");
    assert_eq!((stage_id(p), p.reached, p.position), (Some("c"), 3, 3.0));
}

#[test]
fn average_position_equals_the_samm_practice_score() {
    // Level means: l1 (1 + 0.5) / 2 = 0.75, l2 (0.25 + 0.25) / 2 = 0.25,
    // l3 0.5 → practice score 1.5.
    let answers = [
        ("g.a", level(1.0)),
        ("g.b", level(0.5)),
        ("g.c", level(0.25)),
        ("g.d", level(0.25)),
        ("g.e", level(0.5)),
    ];
    let card = score(
        &samm("pillar-stage average\nstage-threshold 1"),
        &assessment(vec![respondent("x", &answers)]),
        None,
    );
    let g = &card.pillars[0];
    assert_eq!(g.position, 1.5);
    assert_eq!((stage_id(g), g.reached), (Some("l1"), 1));
    assert_eq!(
        g.explanation,
        "Level 1 reached: the shares in place add up to 1.50 (Level 1 75%, Level 2 25%, Level 3 50%), 1 whole stage"
    );
    assert!(!g.explanation.contains("blocked"));
    // Level 1's own share is 75%: the cell is not met, yet the pillar has
    // reached it by the average rule, and the page says so.
    assert!(g.stages[0].reached && !g.stages[0].met);
}

#[test]
fn below_the_first_stage_the_roadmap_leads_into_it() {
    let answers = [("g.a", level(0.25))];
    let card = score(
        &samm(""),
        &assessment(vec![respondent("x", &answers)]),
        None,
    );
    let g = &card.pillars[0];
    assert_eq!((g.stage.as_ref(), g.position), (None, 0.25));
    assert_eq!(g.target.id, "l1");
    let order: Vec<&str> = card.roadmap.iter().map(|i| i.action.as_str()).collect();
    assert_eq!(order, ["g.start"]);
    assert_eq!(card.roadmap[0].from, None);
    assert!(card.uncovered.is_empty());
}

fn two_pillars(scoring: &str) -> Scorecard {
    // p met at every stage (position 3), q reaches nothing (position 0.5).
    let mut all: Vec<(&str, Answer)> = ["p.a1", "p.a2", "p.b1", "p.b2", "p.c1"]
        .iter()
        .map(|i| (*i, level(3.0)))
        .collect();
    all.push(("q.a1", level(1.0)));
    score(
        &rubric(scoring),
        &assessment(vec![respondent("x", &all)]),
        None,
    )
}

#[test]
fn overall_rules() {
    let min = two_pillars("overall min");
    assert_eq!(
        (min.overall.stage.as_ref(), min.overall.position),
        (None, 0.5)
    );
    // weighted mean: (3 × 1 + 0.5 × 3) / 4 = 1.125
    let mean = two_pillars("overall weighted-mean");
    assert_eq!(mean.overall.position, 1.125);
    assert_eq!(
        mean.overall.stage.as_ref().map(|s| s.id.as_str()),
        Some("a")
    );
    // median of [0.5, 3] = 1.75
    let median = two_pillars("overall median");
    assert_eq!(median.overall.position, 1.75);
    assert_eq!(median.overall.reached, 1);
}

#[test]
fn unassessed_pillars_are_left_out_of_the_overall() {
    let all = ["p.a1", "p.a2"].map(|i| (i, level(3.0)));
    let card = score(&rubric(""), &assessment(vec![respondent("x", &all)]), None);
    assert!(!pillar(&card, "q").assessed);
    assert_eq!(card.overall.position, 1.0, "q has nothing to count");
    assert!(
        card.warnings
            .iter()
            .any(|w| w.contains("Q: nothing to count"))
    );
}

#[test]
fn pillars_two_stages_apart_are_an_imbalance() {
    let card = two_pillars("");
    assert!(card.imbalance.flagged);
    assert_eq!(card.imbalance.spread, 3);
    assert_eq!(card.imbalance.highest, ["p"]);
    assert_eq!(card.imbalance.lowest, ["q"]);
    assert!(
        pillar(&card, "p")
            .explanation
            .ends_with("top stage reached")
    );
}

#[test]
fn roadmap_quick_wins_first_prerequisites_pulled_forward_owners_flagged() {
    // p and q both reach a; targets default to b.
    let answers = [
        ("p.a1", level(2.0)),
        ("p.a2", level(2.0)),
        ("q.a1", level(2.0)),
    ];
    let mut a = assessment(vec![respondent("x", &answers)]);
    a.plans.insert(
        "p.big".into(),
        ActionPlan {
            owner: Some("Sam".into()),
            ..Default::default()
        },
    );
    let card = score(&rubric(""), &a, None);
    let order: Vec<&str> = card.roadmap.iter().map(|i| i.action.as_str()).collect();
    // p.win is a quick win that waits for p.big: p.big is ranked with it.
    assert_eq!(order, ["p.big", "p.win", "x.plan", "p.fill"]);
    let big = card.roadmap.iter().find(|i| i.action == "p.big").unwrap();
    assert_eq!(big.quadrant, Quadrant::MajorProject);
    assert!(!big.unowned);
    assert!(
        card.roadmap
            .iter()
            .filter(|i| i.action != "p.big")
            .all(|i| i.unowned)
    );
    let steps: Vec<(&str, &str)> = card
        .uncovered
        .iter()
        .map(|u| (u.pillar.as_str(), u.to.as_str()))
        .collect();
    assert_eq!(steps, [("q", "b")], "q has no action from a to b");
}

#[test]
fn prerequisites_are_followed_transitively_unless_done() {
    // p is at b (target c): p.next only. Make p.next need p.win, which needs
    // p.big: both come in, named as required.
    let text_rubric = rubric("");
    let mut r = text_rubric.clone();
    if let Some(next) = r.actions.iter_mut().find(|a| a.id == "p.next") {
        next.after = vec!["p.win".into()];
    }
    let answers = ["p.a1", "p.a2", "p.b1", "p.b2"].map(|i| (i, level(2.0)));
    let card = score(&r, &assessment(vec![respondent("x", &answers)]), None);
    let order: Vec<&str> = card.roadmap.iter().map(|i| i.action.as_str()).collect();
    assert_eq!(order, ["p.big", "p.win", "p.next"]);
    assert_eq!(card.roadmap[0].required_by, ["p.win"]);
    assert_eq!(card.roadmap[1].required_by, ["p.next"]);
    assert!(card.roadmap[2].required_by.is_empty());
    let mut done = assessment(vec![respondent("x", &answers)]);
    done.plans.insert(
        "p.win".into(),
        ActionPlan {
            status: Some(crate::assessment::ActionStatus::Done),
            ..Default::default()
        },
    );
    let card = score(&r, &done, None);
    let order: Vec<&str> = card.roadmap.iter().map(|i| i.action.as_str()).collect();
    assert_eq!(order, ["p.next"], "a done prerequisite stops the chain");
}

#[test]
fn targets_from_answers_extend_the_roadmap_and_low_targets_warn() {
    let all = ["p.a1", "p.a2", "p.b1", "p.b2", "q.a1"].map(|i| (i, level(3.0)));
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
    assert_eq!(p.change.from, None, "0.5 of the way to a");
    assert_eq!(p.change.to.as_ref().map(|s| s.id.as_str()), Some("a"));
    assert_eq!(p.change.from_position, 0.5);
    assert_eq!(p.change.to_position, 1.0);
    assert_eq!(p.change.delta, 0.5);
    let ids: Vec<&str> = progress
        .indicators
        .iter()
        .map(|i| i.indicator.as_str())
        .collect();
    assert_eq!(ids, ["p.a1", "p.a2"]);
    assert_eq!(progress.indicators[0].delta, Some(0.5));
    assert_eq!(progress.indicators[1].delta, None, "newly answered");
    assert_eq!(
        progress.indicators[1].from.status,
        IndicatorStatus::Unanswered
    );
}

#[test]
fn phases_put_lagging_pillars_first_and_flag_overdue_actions() {
    // p reaches b (2 stages), q nothing: an imbalance, p leads.
    let answers = [
        ("p.a1", level(2.0)),
        ("p.a2", level(2.0)),
        ("p.b1", level(2.0)),
        ("p.b2", level(2.0)),
        ("q.a1", level(0.0)),
    ];
    let mut r = respondent("x", &answers);
    r.date = Some("2026-11-24".into());
    let mut a = assessment(vec![r]);
    a.targets.insert("q".into(), "c".into());
    for (id, due, status) in [
        ("p.next", "2026-10-01", None),
        (
            "q.next",
            "2026-10-01",
            Some(crate::assessment::ActionStatus::Done),
        ),
    ] {
        a.plans.insert(
            id.into(),
            ActionPlan {
                due: Some(due.into()),
                status,
                ..Default::default()
            },
        );
    }
    let card = score(&rubric(""), &a, None);
    assert!(card.imbalance.flagged);
    let phase = |id: &str| {
        card.roadmap
            .iter()
            .find(|i| i.action == id)
            .map(|i| (i.phase, i.overdue))
    };
    // p's own next step waits one phase: it leads.
    assert_eq!(
        phase("p.next"),
        Some((Phase::Next, true)),
        "due before the assessment"
    );
    // q.next leads into c, two steps above q's next stage a: later. Done,
    // it is never overdue.
    assert_eq!(phase("q.next"), Some((Phase::Later, false)));
    // The cross-cutting action leads into b: the organisation has reached
    // nothing, so it is one step ahead.
    assert_eq!(phase("x.plan"), Some((Phase::Next, false)));
    assert!(card.roadmap.windows(2).all(|w| w[0].phase <= w[1].phase));
}
