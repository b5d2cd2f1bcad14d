//! The scoring invariants, as property tests over generated rubrics (1–5
//! stages, 1–3 pillars, empty stages, weights, four kinds of scale, entry
//! actions and dependencies) and generated answers (1–3 respondents, levels,
//! n/a, blanks), under every policy option.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::rules;
use super::*;
use crate::assessment::{ActionPlan, Answer, Assessment, Organization, Respondent};
use crate::model::{Rubric, UnansweredRule, compile_text};
use crate::source::SourceMap;

/// (levels, met): a 0–3 agreement scale, SAMM's uneven values, yes/no, and
/// a 1–5 scale met at 4.
const SCALES: [(&[f64], f64); 4] = [
    (&[0.0, 1.0, 2.0, 3.0], 2.0),
    (&[0.0, 0.25, 0.5, 1.0], 1.0),
    (&[0.0, 1.0], 1.0),
    (&[1.0, 2.0, 3.0, 4.0, 5.0], 4.0),
];
const WEIGHTS: [f64; 4] = [1.0, 2.0, 3.0, 0.5];
const THRESHOLDS: [&str; 5] = ["0.25", "0.5", "0.6", "0.75", "1"];
const RATINGS: [&str; 3] = ["low", "medium", "high"];

/// (to stage, pillar or None for cross-cutting, impact, effort, after).
type ActionSpec = (usize, Option<usize>, usize, usize, Option<usize>);

#[derive(Debug, Clone)]
struct Spec {
    stages: usize,
    scale: usize,
    /// Per pillar, per stage: indicator weights (index into WEIGHTS).
    pillars: Vec<Vec<Vec<usize>>>,
    actions: Vec<ActionSpec>,
    policy: (bool, usize, usize, usize, bool),
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..=5, 0usize..SCALES.len(), 1usize..=3).prop_flat_map(|(stages, scale, pillars)| {
        let cells = prop::collection::vec(
            prop::collection::vec(prop::collection::vec(0usize..WEIGHTS.len(), 0..=3), stages),
            pillars,
        );
        let actions = prop::collection::vec(
            (
                0..stages,
                prop::option::weighted(0.8, 0..pillars),
                0usize..3,
                0usize..3,
                prop::option::weighted(0.3, 0usize..8),
            ),
            0..8,
        );
        let policy = (
            any::<bool>(),
            0..THRESHOLDS.len(),
            0usize..3,
            0usize..3,
            any::<bool>(),
        );
        (Just(stages), Just(scale), cells, actions, policy).prop_map(
            |(stages, scale, pillars, actions, policy)| Spec {
                stages,
                scale,
                pillars,
                actions,
                policy,
            },
        )
    })
}

fn rubric_text(s: &Spec) -> String {
    let (levels, met) = SCALES[s.scale];
    let mut t = String::from("rubric gen {\n  title \"Generated\"\n}\nscale s default {\n");
    for (i, v) in levels.iter().enumerate() {
        t.push_str(&format!("  {v} \"L{i}\"\n"));
    }
    t.push_str(&format!("  met at {met}\n}}\n"));
    for k in 0..s.stages {
        t.push_str(&format!("stage s{k} \"Stage{k}\" {{\n}}\n"));
    }
    for (p, cells) in s.pillars.iter().enumerate() {
        t.push_str(&format!(
            "pillar p{p} \"Pillar{p}\" {{\n  weight {}\n",
            p + 1
        ));
        for (k, weights) in cells.iter().enumerate() {
            if weights.is_empty() {
                continue;
            }
            t.push_str(&format!("  at s{k} {{\n"));
            for (n, w) in weights.iter().enumerate() {
                t.push_str(&format!(
                    "    indicator i{k}x{n} \"s\" {{ weight {} }}\n",
                    WEIGHTS[*w]
                ));
            }
            t.push_str("  }\n");
        }
        t.push_str("}\n");
    }
    for (n, (to, pillar, impact, effort, after)) in s.actions.iter().enumerate() {
        let from = to
            .checked_sub(1)
            .map_or(String::new(), |f| format!("s{f} "));
        let owner = match pillar {
            Some(p) => format!("pillar p{p}"),
            None => "cross-cutting \"All\"".to_string(),
        };
        let after = after
            .filter(|a| *a < n)
            .map_or(String::new(), |a| format!("    after a{a}\n"));
        t.push_str(&format!(
            "advance {from}-> s{to} {{\n  action a{n} \"A{n}\" {{\n    {owner}\n    impact {}\n    effort {}\n{after}  }}\n}}\n",
            RATINGS[*impact], RATINGS[*effort]
        ));
    }
    let (average, threshold, overall, combine, zero) = s.policy;
    t.push_str(&format!(
        "scoring {{\n  pillar-stage {}\n  stage-threshold {}\n  overall {}\n  respondents {}\n  unanswered {}\n  not-applicable allowed\n}}\n",
        if average { "average" } else { "gated" },
        THRESHOLDS[threshold],
        ["min", "weighted-mean", "median"][overall],
        ["mean", "median", "min"][combine],
        if zero { "zero" } else { "skip" },
    ));
    t
}

fn compile(s: &Spec) -> Option<Rubric> {
    let mut sources = SourceMap::new();
    compile_text("gen.rubric", &rubric_text(s), &mut sources).rubric
}

/// Per respondent, per indicator slot: None (blank), Some(None) (n/a) or
/// Some(Some(level rank)).
type Raw = Vec<Vec<Option<Option<usize>>>>;

fn raw() -> impl Strategy<Value = Raw> {
    prop::collection::vec(
        prop::collection::vec(
            prop::option::weighted(0.85, prop::option::weighted(0.9, 0usize..5)),
            45,
        ),
        1..4,
    )
}

fn assessment(r: &Rubric, raw: &Raw, done: &[usize]) -> Assessment {
    let ids: Vec<&str> = r.indicator_ids().collect();
    let respondents = raw
        .iter()
        .enumerate()
        .map(|(n, row)| Respondent {
            name: format!("r{n}"),
            file: format!("r{n}.toml"),
            answers: ids
                .iter()
                .zip(row)
                .filter_map(|(id, a)| {
                    let ind = r.indicator(id)?;
                    let scale = r.scale_of(ind);
                    let value = match (*a)? {
                        None => AnswerValue::NotApplicable,
                        Some(rank) => {
                            AnswerValue::Level(scale.levels[rank % scale.levels.len()].value)
                        }
                    };
                    Some((
                        id.to_string(),
                        Answer {
                            value,
                            note: Some("n".into()),
                            evidence: Vec::new(),
                        },
                    ))
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    let plans = done
        .iter()
        .filter_map(|i| r.actions.get(*i))
        .map(|a| {
            (
                a.id.clone(),
                ActionPlan {
                    status: Some(crate::assessment::ActionStatus::Done),
                    ..Default::default()
                },
            )
        })
        .collect();
    Assessment {
        organization: Organization { name: "Org".into() },
        respondents,
        targets: BTreeMap::new(),
        plans,
    }
}

fn all_indicators(card: &Scorecard) -> impl Iterator<Item = &IndicatorScore> {
    card.pillars
        .iter()
        .flat_map(|p| p.stages.iter().flat_map(|c| c.indicators.iter()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// An indicator answered at its `met at` level counts as fully in
    /// place; a stage whose counted indicators are all met is met, and one
    /// where none is even partly met is not (threshold > 0).
    #[test]
    fn met_indicators_make_met_stages(s in spec(), raw in raw()) {
        let Some(r) = compile(&s) else { return Ok(()) };
        let card = score(&r, &assessment(&r, &raw, &[]), None);
        for i in all_indicators(&card) {
            let scale = r.scale_of(r.indicator(&i.id).unwrap());
            if let Some(level) = i.level {
                prop_assert_eq!(i.status == IndicatorStatus::Met, level + 1e-9 >= scale.met);
                prop_assert_eq!(i.credit == Some(1.0), i.status == IndicatorStatus::Met);
            }
        }
        let threshold = r.scoring.stage_threshold;
        for p in &card.pillars {
            for c in &p.stages {
                let counted: Vec<&IndicatorScore> = c.indicators.iter().filter(|i| match i.status {
                    IndicatorStatus::NotApplicable => false,
                    IndicatorStatus::Unanswered => r.scoring.unanswered == UnansweredRule::Zero,
                    _ => true,
                }).collect();
                prop_assert_eq!(c.attainment.is_some(), counted.iter().any(|i| i.weight > 0.0));
                if !counted.is_empty() && counted.iter().all(|i| i.status == IndicatorStatus::Met) {
                    prop_assert!(c.met, "{}: all met, stage not met", c.stage);
                }
                if !counted.is_empty() && threshold > 0.0 && counted.iter().all(|i| i.credit.unwrap_or(0.0) == 0.0) {
                    prop_assert!(!c.met, "{}: nothing in place, stage met", c.stage);
                }
            }
        }
    }

    /// No rounding inside: attainment is the exact weighted mean of credit,
    /// and met means attainment ≥ threshold (up to floating-point error).
    #[test]
    fn attainment_is_exact(s in spec(), raw in raw()) {
        let Some(r) = compile(&s) else { return Ok(()) };
        let card = score(&r, &assessment(&r, &raw, &[]), None);
        for p in &card.pillars {
            for c in &p.stages {
                let mut total = 0.0;
                let mut weights = 0.0;
                for i in &c.indicators {
                    let credit = match (i.status, i.credit) {
                        (IndicatorStatus::NotApplicable, _) => continue,
                        (_, Some(x)) => x,
                        (_, None) if r.scoring.unanswered == UnansweredRule::Zero => 0.0,
                        _ => continue,
                    };
                    total += credit * i.weight;
                    weights += i.weight;
                }
                let expected = (weights > 0.0).then(|| total / weights);
                prop_assert_eq!(c.attainment, expected);
                prop_assert_eq!(c.met, expected.is_some_and(|a| a + 1e-9 >= r.scoring.stage_threshold));
            }
        }
    }

    /// One position scale: position = stages reached + progress, 0 ≤
    /// progress < 1, stage = the last stage reached (none below the first),
    /// and every printed form agrees with it.
    #[test]
    fn one_position_scale(s in spec(), raw in raw()) {
        let Some(r) = compile(&s) else { return Ok(()) };
        let card = score(&r, &assessment(&r, &raw, &[]), None);
        let n = r.stages.len();
        for p in &card.pillars {
            prop_assert!(p.reached <= n);
            prop_assert!((0.0..1.0).contains(&p.progress));
            prop_assert_eq!(p.position, p.reached as f64 + p.progress);
            prop_assert_eq!(rules::whole(p.position), p.reached);
            prop_assert_eq!(p.stage.as_ref().map(|s| s.index + 1), (p.reached > 0).then_some(p.reached));
            let printed = format::position(p.position);
            prop_assert_eq!(printed.split('.').next().unwrap().parse::<usize>().unwrap(), p.reached);
            for (k, c) in p.stages.iter().enumerate() {
                prop_assert_eq!(c.reached, k < p.reached);
            }
        }
        let o = &card.overall;
        prop_assert_eq!(rules::whole(o.position), o.reached);
        prop_assert_eq!(o.stage.as_ref().map(|s| s.index + 1), (o.reached > 0).then_some(o.reached));
        prop_assert!(o.position <= n as f64);
    }

    /// A stage with nothing to count never places a pillar on it; under
    /// `gated`, every counted stage below the pillar's stage is met.
    #[test]
    fn empty_stages_never_place_a_pillar(s in spec(), raw in raw()) {
        let Some(r) = compile(&s) else { return Ok(()) };
        let card = score(&r, &assessment(&r, &raw, &[]), None);
        for p in &card.pillars {
            if let Some(stage) = &p.stage {
                prop_assert!(p.stages[stage.index].attainment.is_some(), "{} stands on an empty stage", p.id);
                if r.scoring.pillar_stage == crate::model::PillarStageRule::Gated {
                    prop_assert!(p.stages[..=stage.index].iter().all(|c| c.attainment.is_none() || c.met));
                }
            }
            if let Some(next) = &p.next {
                prop_assert!(p.stages[next.index].attainment.is_some());
            }
        }
    }

    /// The roadmap is complete and honest: every pillar action on the steps
    /// to the target is on it; every prerequisite is on it earlier or done;
    /// effective ranks never decrease; steps without actions are named.
    #[test]
    fn roadmap_is_complete_and_ordered(s in spec(), raw in raw(), done in prop::collection::vec(0usize..8, 0..3)) {
        let Some(r) = compile(&s) else { return Ok(()) };
        let a = assessment(&r, &raw, &done);
        let card = score(&r, &a, None);
        let on: Vec<&str> = card.roadmap.iter().map(|i| i.action.as_str()).collect();
        for p in &card.pillars {
            for action in r.actions.iter().filter(|x| x.pillar.as_deref() == Some(p.id.as_str())) {
                if action.to_index >= p.reached && action.to_index <= p.target.index {
                    prop_assert!(on.contains(&action.id.as_str()), "{} missing", action.id);
                }
            }
            for k in p.reached..=p.target.index.min(r.stages.len() - 1) {
                let has = r.actions.iter().any(|x| x.pillar.as_deref() == Some(p.id.as_str()) && x.to_index == k);
                let named = card.uncovered.iter().any(|u| u.pillar == p.id && u.to == r.stages[k].id);
                prop_assert_eq!(!has, named);
            }
        }
        let is_done = |id: &str| a.plans.get(id).is_some_and(|p| p.status == Some(crate::assessment::ActionStatus::Done));
        for (n, item) in card.roadmap.iter().enumerate() {
            for dep in &item.after {
                let at = on.iter().position(|x| x == dep);
                prop_assert!(at.is_some_and(|at| at < n) || is_done(dep), "{} before its prerequisite {}", item.action, dep);
            }
        }
        for pair in card.roadmap.windows(2) {
            prop_assert!(pair[0].phase <= pair[1].phase, "phases out of order: {:?}", on);
        }
        let mut seen = on.clone();
        seen.sort();
        seen.dedup();
        prop_assert_eq!(seen.len(), on.len(), "an action listed twice");
    }

    /// Disagreement is counted in scale steps and matches its words.
    #[test]
    fn disagreement_in_scale_steps(s in spec(), raw in raw()) {
        let Some(r) = compile(&s) else { return Ok(()) };
        let card = score(&r, &assessment(&r, &raw, &[]), None);
        for i in all_indicators(&card) {
            let scale = r.scale_of(r.indicator(&i.id).unwrap());
            let ranks: Vec<usize> = i.responses.iter().filter_map(|x| match x.value {
                AnswerValue::Level(v) => scale.levels.iter().position(|l| l.value == v),
                AnswerValue::NotApplicable => None,
            }).collect();
            let steps = match (ranks.iter().min(), ranks.iter().max()) {
                (Some(lo), Some(hi)) => hi - lo,
                _ => 0,
            };
            prop_assert_eq!(i.spread, steps);
            let needed = if scale.levels.len() == 2 { 1 } else { 2 };
            prop_assert_eq!(i.disagreement, steps >= needed);
        }
    }

    /// Every explanation sentence is true of the numbers next to it.
    #[test]
    fn explanations_are_true(s in spec(), raw in raw()) {
        let Some(r) = compile(&s) else { return Ok(()) };
        let card = score(&r, &assessment(&r, &raw, &[]), None);
        for p in &card.pillars {
            explanation_holds(&r, p)?;
        }
    }

    /// Raising one answer never lowers a pillar's position.
    #[test]
    fn raising_an_answer_never_lowers_a_pillar(s in spec(), raw in raw(), who in 0usize..3, slot in 0usize..45) {
        let Some(r) = compile(&s) else { return Ok(()) };
        let who = who % raw.len();
        let Some(Some(rank)) = raw[who][slot] else { return Ok(()) };
        let ids: Vec<&str> = r.indicator_ids().collect();
        let Some(id) = ids.get(slot) else { return Ok(()) };
        let levels = r.scale_of(r.indicator(id).unwrap()).levels.len();
        if rank % levels + 1 >= levels { return Ok(()) }
        let mut raised = raw.clone();
        raised[who][slot] = Some(Some(rank % levels + 1));
        let before = score(&r, &assessment(&r, &raw, &[]), None);
        let after = score(&r, &assessment(&r, &raised, &[]), None);
        for (b, a) in before.pillars.iter().zip(&after.pillars) {
            prop_assert!(a.position + 1e-9 >= b.position, "{}: {} -> {}", a.id, b.position, a.position);
        }
        prop_assert!(after.overall.position + 1e-9 >= before.overall.position);
    }

    /// Scores never depend on the order of respondents.
    #[test]
    fn respondent_order_never_matters(s in spec(), raw in raw()) {
        let Some(r) = compile(&s) else { return Ok(()) };
        let forward = score(&r, &assessment(&r, &raw, &[]), None);
        let mut reversed = raw.clone();
        reversed.reverse();
        let backward = score(&r, &assessment(&r, &reversed, &[]), None);
        for (f, b) in forward.pillars.iter().zip(&backward.pillars) {
            prop_assert_eq!(f.position, b.position);
            prop_assert_eq!(&f.explanation, &b.explanation);
        }
    }
}

/// Checks each clause of a pillar's explanation against its scorecard.
fn explanation_holds(r: &Rubric, p: &PillarScore) -> Result<(), TestCaseError> {
    let text = &p.explanation;
    prop_assert!(!text.contains("blocked"), "{text}");
    if !p.assessed {
        prop_assert!(text.starts_with("Nothing to count"), "{text}");
        return Ok(());
    }
    let stage_index = |name: &str| r.stages.iter().position(|s| s.name == name);
    for clause in text.split("; ") {
        let first = clause.split([' ', ':', ',']).next().unwrap_or("");
        if let Some(rest) = clause.strip_prefix("Not yet ") {
            prop_assert_eq!(p.reached, 0, "{}", text);
            prop_assert_eq!(rest.split(':').next().unwrap(), r.stages[0].name.as_str());
            continue;
        }
        let Some(k) = stage_index(first) else {
            prop_assert!(
                clause == "top stage reached"
                    || clause == "no higher stage has anything to count"
                    || clause.starts_with("not fully in place"),
                "unexpected clause {clause:?} in {text}"
            );
            if clause == "top stage reached" {
                prop_assert_eq!(p.reached, r.stages.len());
            }
            if clause.starts_with("not fully in place") {
                let next = p
                    .next
                    .as_ref()
                    .expect("missing indicators name the next stage");
                for id in clause
                    .split(' ')
                    .filter(|w| w.contains('.') && !w.starts_with('('))
                {
                    let ind = p.stages[next.index].indicators.iter().find(|i| i.id == id);
                    prop_assert!(
                        ind.is_some_and(|i| i.status != IndicatorStatus::Met),
                        "{id} named as missing in {text}"
                    );
                }
            }
            continue;
        };
        let cell = &p.stages[k];
        if clause.contains(" not reached: ") {
            prop_assert!(!cell.reached && !cell.met, "{text}");
            let (shown, needed) = percents(clause);
            prop_assert!(shown < needed, "{text}");
        } else if clause.contains(" reached") {
            prop_assert!(cell.reached, "{text}");
            prop_assert_eq!(k + 1, p.reached, "{}", text);
            if let Some(n) = clause
                .split("all ")
                .nth(1)
                .and_then(|x| x.split(' ').next())
                .and_then(|x| x.parse::<usize>().ok())
            {
                let met = cell
                    .indicators
                    .iter()
                    .filter(|i| i.status == IndicatorStatus::Met)
                    .count();
                prop_assert_eq!(met, n, "{}", text);
                prop_assert!(cell.indicators.iter().all(|i| matches!(
                    i.status,
                    IndicatorStatus::Met
                        | IndicatorStatus::NotApplicable
                        | IndicatorStatus::Unanswered
                )));
            }
            if clause.contains("at least the") {
                let (shown, needed) = percents(clause);
                prop_assert!(shown >= needed && cell.met, "{text}");
            }
            if let Some(sum) = clause
                .split("add up to ")
                .nth(1)
                .and_then(|x| x.split(' ').next())
            {
                let exact: f64 = p.stages.iter().filter_map(|c| c.attainment).sum();
                prop_assert_eq!(sum, format::position(exact));
            }
        } else if clause.contains("nothing to count, skipped") {
            for name in clause
                .trim_end_matches(": nothing to count, skipped")
                .split(", ")
            {
                let k = stage_index(name).unwrap();
                prop_assert!(p.stages[k].attainment.is_none());
            }
        } else {
            prop_assert!(false, "unexpected clause {clause:?} in {text}");
        }
    }
    Ok(())
}

/// The first two percentages of a clause, as printed.
fn percents(clause: &str) -> (f64, f64) {
    let nums: Vec<f64> = clause
        .split(' ')
        .filter_map(|w| w.trim_end_matches([',', ')']).strip_suffix('%'))
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0], nums[1])
}

/// The generator is useful only if most rubrics it makes compile: the
/// properties above skip the ones that do not.
#[test]
fn generated_rubrics_mostly_compile() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut compiled = 0;
    for _ in 0..200 {
        let s = spec().new_tree(&mut runner).unwrap().current();
        if compile(&s).is_some() {
            compiled += 1;
        }
    }
    assert!(
        compiled >= 150,
        "only {compiled} of 200 generated rubrics compile"
    );
}
