//! The appendix's "How this assessment was scored", written from the
//! rubric's own scoring policy so the words can never drift from the rules
//! the numbers were computed with.

use crate::model::{
    CombineRule, NotApplicablePolicy, OverallRule, PillarStageRule, Rubric, UnansweredRule,
};
use crate::scoring::{number, percent};

/// Paragraphs of plain text, in reading order.
pub fn describe(rubric: &Rubric) -> Vec<String> {
    let p = &rubric.scoring;
    let mut out = Vec::new();
    let stages: Vec<&str> = rubric.stages.iter().map(|s| s.name.as_str()).collect();
    out.push(format!(
        "The {} places each of its {} pillars on a ladder of {} stages ({}). \
         Each pillar describes, stage by stage, what the business looks like there, \
         as statements that respondents rated.",
        rubric.title,
        rubric.pillars.len(),
        stages.len(),
        stages.join(" → ")
    ));
    out.extend(scales(rubric));
    out.push(match p.respondents {
        CombineRule::Mean => "Where several people answered the same statement, their ratings are averaged.".to_string(),
        CombineRule::Median => "Where several people answered the same statement, the middle rating (the median) counts, so one outlier cannot move the result.".to_string(),
        CombineRule::Min => "Where several people answered the same statement, the lowest rating counts: a capability is only as strong as its weakest report.".to_string(),
    });
    out.push(match p.unanswered {
        UnansweredRule::Skip => "Statements nobody answered are left out of the calculation and reported as gaps in coverage.".to_string(),
        UnansweredRule::Zero => "Statements nobody answered count as the lowest rating.".to_string(),
    });
    out.push(match p.not_applicable {
        NotApplicablePolicy::Forbidden => "Every statement must be rated; \"not applicable\" is not accepted.".to_string(),
        NotApplicablePolicy::Allowed => "Statements marked \"not applicable\" are left out of the calculation.".to_string(),
        NotApplicablePolicy::Justified => "Statements marked \"not applicable\" (with a note saying why) are left out of the calculation; they never count towards reaching a stage on their own.".to_string(),
    });
    out.push(format!(
        "A stage counts as reached for a pillar when the weighted share of its statements in place is at least {}.",
        percent(p.stage_threshold)
    ));
    out.push(match p.pillar_stage {
        PillarStageRule::Gated => "A pillar's stage is the highest stage it has reached with every stage below it reached too: stages are built on one another, so a gap lower down holds the pillar back. Progress towards the next stage is shown as a fraction.".to_string(),
        PillarStageRule::Average => "A pillar's position is the sum of its stages' attainment, so partial progress on several stages adds up.".to_string(),
    });
    out.push(match p.overall {
        OverallRule::Min => "The organisation's overall stage is that of its least mature pillar, because the weakest area is what limits growth.".to_string(),
        OverallRule::WeightedMean => "The organisation's overall stage is the weighted mean of its pillars' positions.".to_string(),
        OverallRule::Median => "The organisation's overall stage is the median of its pillars' positions.".to_string(),
    });
    out.push(format!(
        "Pillars two or more stages apart are flagged as imbalanced. A pillar where fewer than {} of statements were answered is flagged as low coverage: read its stage with care.",
        percent(p.min_coverage)
    ));
    out.push("Roadmap actions are those that lead from each pillar's current stage to its target, ranked quick wins first (high impact, low or medium effort), then major projects, fill-ins and thankless tasks, respecting dependencies between actions.".to_string());
    out
}

fn scales(rubric: &Rubric) -> Vec<String> {
    rubric
        .scales
        .iter()
        .map(|s| {
            let levels: Vec<String> = s
                .levels
                .iter()
                .map(|l| format!("{} \u{201c}{}\u{201d}", number(l.value), l.label))
                .collect();
            let met = s
                .level(s.met)
                .map(|l| format!("\u{201c}{}\u{201d} ({})", l.label, number(l.value)))
                .unwrap_or_else(|| number(s.met));
            format!(
                "Statements were rated on a scale of {}; a statement counts as in place from {met}.",
                levels.join(", ")
            )
        })
        .collect()
}
