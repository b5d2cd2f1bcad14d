//! The appendix's "How this assessment was scored": an introduction from
//! the rubric (ladder, pillars, scales), then the rules of the rubric's own
//! scoring policy in the words of [`crate::scoring::words`], the same words
//! the README quotes, so the appendix can never drift from the code.

use crate::model::Rubric;
use crate::scoring::{number, words};

/// Paragraphs of plain text, in reading order.
pub fn describe(rubric: &Rubric) -> Vec<String> {
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
    out.push(scales(rubric));
    out.extend(words::for_policy(&rubric.scoring, rubric.stages.len()));
    out
}

/// One paragraph for every scale: its levels and its "met" level.
fn scales(rubric: &Rubric) -> String {
    let described: Vec<String> = rubric
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
                .map(|l| format!("\u{201c}{}\u{201d}", l.label))
                .unwrap_or_else(|| number(s.met));
            format!("{} (met at {met})", levels.join(", "))
        })
        .collect();
    match described.as_slice() {
        [one] => format!("Statements were rated on one scale: {one}."),
        many => format!(
            "Statements were rated on {} scales: {}.",
            many.len(),
            many.join("; ")
        ),
    }
}
