//! The job summary `build` appends for CI (`GITHUB_STEP_SUMMARY`, or
//! `--summary FILE`): a markdown table of the assessments with overall
//! stage, target, gate result, warnings and a link to each report.
//! Appended, never rewritten, because a job's steps share the file.

use std::io::Write;
use std::path::Path;

use crate::project::build::{AssessmentResult, Builder};

/// Appends the summary of this build to `path`.
pub fn append(path: &Path, builder: &Builder, results: &[AssessmentResult]) -> std::io::Result<()> {
    let text = markdown(builder, results);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// The summary as markdown, assessments in project order.
pub fn markdown(builder: &Builder, results: &[AssessmentResult]) -> String {
    let mut out = format!("## {}\n\n", cell(&builder.project.title));
    out.push_str("| Assessment | Overall stage | Position | Target | Gate | Warnings | Report |\n");
    out.push_str("|---|---|---|---|---|---|---|\n");
    for spec in &builder.project.assessments {
        let Some(r) = results.iter().find(|r| r.id == spec.id) else {
            continue;
        };
        let report = format!("{}/report.html", spec.id);
        let row = match &r.built {
            Some(b) => format!(
                "| {} | {} | {} | {} | {} | {} | [{report}]({report}) |\n",
                cell(&b.summary.organization),
                cell(&b.summary.stage),
                cell(&b.summary.position),
                cell(&b.summary.target),
                gate(r),
                r.warnings,
            ),
            None => format!(
                "| {} | build failed | – | – | – | {} | – |\n",
                cell(spec.name.as_deref().unwrap_or(&spec.id)),
                r.warnings
            ),
        };
        out.push_str(&row);
    }
    let failures: Vec<String> = results
        .iter()
        .flat_map(|r| r.built.iter().flat_map(|b| b.gate_failures.iter()))
        .map(|d| format!("- {}\n", cell(&d.message)))
        .collect();
    if !failures.is_empty() {
        out.push_str("\n**Gate failures**\n\n");
        out.extend(failures);
    }
    out.push('\n');
    out
}

fn gate(r: &AssessmentResult) -> String {
    match r.gate_failures {
        0 => "passed".to_string(),
        1 => "**failed** (1 check)".to_string(),
        n => format!("**failed** ({n} checks)"),
    }
}

/// Text safe inside a markdown table cell: no pipes, no line breaks, no
/// markup that could turn into a link or an image.
fn cell(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '|' => '/',
            '\n' | '\r' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect::<String>()
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
}
