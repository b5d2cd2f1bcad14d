//! The rules of scoring in words, once. The report's methodology appendix
//! prints the sentences of the rubric's policy with its values filled in;
//! the README's "Scoring" section quotes every sentence with the setting
//! names in place of values (a test checks it word for word). Each sentence
//! states exactly one function of [`super::rules`] or [`super::roadmap`].

use crate::model::{
    CombineRule, NotApplicablePolicy, OverallRule, PillarStageRule, ScoringPolicy, UnansweredRule,
};

/// A sentence with `{stage-threshold}`, `{min-coverage}` or `{stages}`
/// where a value goes.
pub type Template = &'static str;

pub const CREDIT: Template = "An answer at or above its scale's \"met\" level counts as fully in place (credit 1); a lower answer gets partial credit, (level − lowest level) ÷ (met level − lowest level); levels above \"met\" add nothing.";

pub fn combine(rule: CombineRule) -> Template {
    match rule {
        CombineRule::Mean => {
            "Where several people answered the same statement, the mean of their levels counts."
        }
        CombineRule::Median => {
            "Where several people answered the same statement, the median of their levels counts (the mean of the two middle levels for an even count), so one outlier cannot move the result."
        }
        CombineRule::Min => {
            "Where several people answered the same statement, the lowest level counts: a capability is only as strong as its weakest report."
        }
    }
}

pub fn not_applicable(policy: NotApplicablePolicy) -> Template {
    match policy {
        NotApplicablePolicy::Forbidden => {
            "Every statement must be rated; \"not applicable\" is not accepted."
        }
        NotApplicablePolicy::Allowed => {
            "\"Not applicable\" answers are left out; a statement is not applicable when everyone who answered it said so."
        }
        NotApplicablePolicy::Justified => {
            "\"Not applicable\" answers (each with a note saying why) are left out; a statement is not applicable when everyone who answered it said so."
        }
    }
}

pub fn unanswered(rule: UnansweredRule) -> Template {
    match rule {
        UnansweredRule::Skip => {
            "Statements nobody answered are left out of the calculation and listed as unanswered."
        }
        UnansweredRule::Zero => "Statements nobody answered count as the lowest level (credit 0).",
    }
}

pub const ATTAINMENT: Template = "A stage's share in place, for one pillar, is the weighted mean credit of the statements it counts. The stage is met when that share is at least {stage-threshold}. A stage with nothing to count (no statements, or none answered with a level) is never met and never holds a pillar back.";

pub fn placement(rule: PillarStageRule) -> Template {
    match rule {
        PillarStageRule::Gated => {
            "A pillar climbs the ladder from the bottom: it has reached every stage up to the last one met before the first stage that is not met, skipping stages with nothing to count (it never stands on one). Its position is the number of stages reached plus the share in place of the stage that stopped it."
        }
        PillarStageRule::Average => {
            "A pillar's position adds up the shares in place of its stages: the whole part is the number of stages reached, counted from the bottom and skipping stages with nothing to count; the rest is progress toward the next stage."
        }
    }
}

pub const POSITION: Template = "Positions run from 0 (no stage reached) to {stages} (the top stage reached). A pillar that has not reached the first stage has no stage and is drawn at 0.";

pub fn overall(rule: OverallRule) -> Template {
    match rule {
        OverallRule::Min => {
            "The overall position is the lowest pillar position, because the weakest area is what limits growth."
        }
        OverallRule::WeightedMean => {
            "The overall position is the weighted mean of the pillar positions."
        }
        OverallRule::Median => {
            "The overall position is the median of the pillar positions (the mean of the two middle ones for an even count)."
        }
    }
}

pub const OVERALL_STAGE: Template = "Pillars with nothing to count are left out of it; the whole part of the overall position is the number of stages the organisation has reached.";

pub const IMBALANCE: Template =
    "Pillars whose numbers of stages reached differ by two or more are flagged as imbalanced.";

pub const COVERAGE: Template = "A pillar where fewer than {min-coverage} of the statements were answered is flagged as low coverage: read its stage with care.";

pub const DISAGREEMENT: Template = "Respondents disagree on a statement when their answers are two or more steps apart on its scale (on a scale of two levels, such as yes/no, when they differ).";

pub const TARGET: Template = "A pillar's target is the stage its respondents set (the highest one when they differ), otherwise the stage after the last one it reached (the first stage when it has reached none; the top stage stays the target at the top).";

pub const GAPS: Template =
    "Gaps are the counted statements not fully in place at stages up to the target.";

pub const ROADMAP: Template = "The roadmap holds each pillar's actions on the steps from its stage up to its target, and the cross-cutting actions on the steps from the overall stage up to the highest target (at least the next one); prerequisites that are not done are added.";

pub const PHASES: Template = "Actions are grouped into phases: now (the step to the pillar's next stage; for cross-cutting actions, the organisation's), next (the step after) and later (further steps). When pillars are imbalanced, the leading pillars' actions move one phase later, so the lagging pillars come first.";

pub const ORDER: Template = "Within the roadmap, actions are ordered by phase, then quick wins (impact medium or high, effort low or medium) first, then by the stage they lead into, then in the rubric's order; an action that others depend on is ranked as high as the highest-ranked action that needs it, phase included, and comes before it.";

pub const OVERDUE: Template = "An action is overdue when its due date is before the assessment date (the latest date a respondent gave) and it is not done or dropped.";

pub const PLANS: Template = "Where respondents give an action different owners, due dates or statuses, the most recently dated respondent's answer is used (undated ones count as oldest); between equally recent answers, the earliest due date, the alphabetically first owner and the least advanced status (planned, in progress, done, dropped). An action with no owner is flagged unless it is done or dropped.";

pub const ROUNDING: Template = "Nothing is rounded while scoring; shares and positions are printed rounded down, so a report never shows a stage as in place or reached when it is not.";

/// The sentences that state a policy, in reading order, values filled in.
pub fn for_policy(policy: &ScoringPolicy, stages: usize) -> Vec<String> {
    let fill = |t: Template| {
        t.replace(
            "{stage-threshold}",
            &super::format::percent_exact(policy.stage_threshold),
        )
        .replace(
            "{min-coverage}",
            &super::format::percent_exact(policy.min_coverage),
        )
        .replace("{stages}", &stages.to_string())
    };
    templates(policy).into_iter().map(fill).collect()
}

fn templates(policy: &ScoringPolicy) -> Vec<Template> {
    vec![
        combine(policy.respondents),
        CREDIT,
        not_applicable(policy.not_applicable),
        unanswered(policy.unanswered),
        ATTAINMENT,
        placement(policy.pillar_stage),
        POSITION,
        overall(policy.overall),
        OVERALL_STAGE,
        IMBALANCE,
        COVERAGE,
        DISAGREEMENT,
        TARGET,
        GAPS,
        ROADMAP,
        PHASES,
        ORDER,
        OVERDUE,
        PLANS,
        ROUNDING,
    ]
}

/// Every sentence for every option, with setting names in place of values:
/// what the README quotes.
pub fn every_rule() -> Vec<String> {
    let symbolic = |t: Template| {
        t.replace("{stage-threshold}", "`stage-threshold`")
            .replace("{min-coverage}", "`min-coverage`")
            .replace("{stages}", "N")
    };
    let mut all = vec![
        CREDIT,
        ATTAINMENT,
        POSITION,
        OVERALL_STAGE,
        IMBALANCE,
        COVERAGE,
        DISAGREEMENT,
        TARGET,
        GAPS,
        ROADMAP,
        PHASES,
        ORDER,
        OVERDUE,
        PLANS,
        ROUNDING,
    ];
    all.extend([CombineRule::Mean, CombineRule::Median, CombineRule::Min].map(combine));
    all.extend(
        [
            NotApplicablePolicy::Forbidden,
            NotApplicablePolicy::Allowed,
            NotApplicablePolicy::Justified,
        ]
        .map(not_applicable),
    );
    all.extend([UnansweredRule::Skip, UnansweredRule::Zero].map(unanswered));
    all.extend([PillarStageRule::Gated, PillarStageRule::Average].map(placement));
    all.extend(
        [
            OverallRule::Min,
            OverallRule::WeightedMean,
            OverallRule::Median,
        ]
        .map(overall),
    );
    all.into_iter().map(symbolic).collect()
}
