//! The top of the form: title, how to answer, the scale(s), and the
//! respondent block (who answers, and optional targets per pillar). The
//! wording follows the workbook's `Instructions` and `Respondent` sheets,
//! adapted to a page.

use std::fmt::Write as _;

use super::super::Prefill;
use crate::assessment::load::NOT_APPLICABLE;
use crate::model::{NotApplicablePolicy, Rubric, Scale};
use crate::report::markdown::{escape, to_html, to_inline_html};

/// The page header: title, what this is, and a note for pages without script.
pub fn header(out: &mut String, rubric: &Rubric, prefill: &Prefill) {
    out.push_str("<a class=\"skip\" href=\"#statements\">Skip to the statements</a>\n");
    out.push_str("<header>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&rubric.title));
    let version = rubric
        .version
        .as_deref()
        .map(|v| format!(" version {}", escape(v)))
        .unwrap_or_default();
    let org = prefill
        .organization
        .map(|o| format!(" for {}", escape(o)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<p class=\"subtitle\">Assessment questionnaire{org} (rubric <code>{}</code>{version})</p>",
        escape(&rubric.id)
    );
    out.push_str(
        "<noscript><p class=\"warning\">Scripts are off in this viewer: you can read and \
         print the questions, but to answer them save this file and open it in a web \
         browser (Chrome, Edge, Firefox or Safari).</p></noscript>\n",
    );
    out.push_str("</header>\n");
}

/// The rubric's summary, then how to answer.
pub fn instructions(out: &mut String, rubric: &Rubric) {
    if let Some(summary) = &rubric.summary {
        out.push_str("<section id=\"summary\" aria-labelledby=\"summary-h\">\n");
        out.push_str("<h2 id=\"summary-h\">About this assessment</h2>\n");
        let _ = writeln!(out, "<div class=\"md\">{}</div>", to_html(summary));
        out.push_str("</section>\n");
    }
    out.push_str("<section id=\"about\" aria-labelledby=\"about-h\">\n");
    out.push_str("<h2 id=\"about-h\">How to answer</h2>\n");
    out.push_str("<ol class=\"steps\">\n");
    for step in steps(rubric) {
        let _ = writeln!(out, "<li>{step}</li>");
    }
    out.push_str("</ol>\n");
    out.push_str(
        "<p id=\"storage\" class=\"muted\" hidden>Your answers are kept in this browser \
         as you type, so closing the page loses nothing. They stay on this computer until \
         you download the answer file and send it.</p>\n",
    );
    out.push_str("</section>\n");
}

/// The steps, as HTML (fixed text, nothing from the rubric).
fn steps(rubric: &Rubric) -> Vec<String> {
    let mut steps = vec![
        "Under <a href=\"#respondent\">About you</a>, fill in the organisation and your \
         name (both required), and if you like your role, the date and a target stage for \
         each pillar."
            .to_string(),
        "For each statement, choose the answer that fits the business as it is today, not \
         as planned. Leave a statement unanswered if you cannot say."
            .to_string(),
    ];
    match rubric.scoring.not_applicable {
        NotApplicablePolicy::Forbidden => {}
        NotApplicablePolicy::Allowed => steps.push(format!(
            "Choose \u{201c}{NOT_APPLICABLE}\u{201d} where a statement does not apply to \
             your organisation."
        )),
        NotApplicablePolicy::Justified => steps.push(format!(
            "Choose \u{201c}{NOT_APPLICABLE}\u{201d} where a statement does not apply to \
             your organisation, and say why in its note (required)."
        )),
    }
    steps.push(
        "Notes and evidence are optional. Evidence is a link or a reference, one per line."
            .to_string(),
    );
    steps.push(
        "When you are done, press <a href=\"#finish\">Download the answer file</a> and send \
         the file it saves back to whoever sent you this form."
            .to_string(),
    );
    steps
}

/// Each scale's levels: value, label, what it means, where "met" starts.
pub fn scales(out: &mut String, rubric: &Rubric) {
    out.push_str("<section id=\"scales\" aria-labelledby=\"scales-h\">\n");
    out.push_str("<h2 id=\"scales-h\">The answers</h2>\n");
    for scale in &rubric.scales {
        scale_table(out, rubric, scale);
    }
    out.push_str("</section>\n");
}

fn scale_table(out: &mut String, rubric: &Rubric, scale: &Scale) {
    out.push_str("<table class=\"scale\">\n");
    if rubric.scales.len() > 1 {
        let _ = writeln!(
            out,
            "<caption>Scale <code>{}</code></caption>",
            escape(&scale.id)
        );
    }
    out.push_str(
        "<thead><tr><th scope=\"col\">Value</th><th scope=\"col\">Answer</th>\
         <th scope=\"col\">What it means</th></tr></thead>\n<tbody>\n",
    );
    for level in &scale.levels {
        let meaning = level
            .description
            .as_deref()
            .map(to_inline_html)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><th scope=\"row\">{}</th><td class=\"md\">{meaning}</td></tr>",
            escape(&super::data::number(level.value)),
            escape(&level.label)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if let Some(met) = scale.level(scale.met) {
        let _ = writeln!(
            out,
            "<p class=\"muted\">From \u{201c}{}\u{201d} up, a statement counts as in place.</p>",
            escape(&met.label)
        );
    }
}

/// Who answers, and the optional target stage of each pillar.
pub fn respondent(out: &mut String, rubric: &Rubric, prefill: &Prefill) {
    out.push_str("<section id=\"respondent\" aria-labelledby=\"respondent-h\">\n");
    out.push_str("<h2 id=\"respondent-h\">About you</h2>\n<div class=\"fields\">\n");
    let fields: [(&str, &str, &str, Option<&str>, &str); 4] = [
        (
            "organization",
            "Organisation",
            "text",
            prefill.organization,
            "Required: the organisation assessed.",
        ),
        ("name", "Your name", "text", prefill.respondent, "Required."),
        (
            "role",
            "Your role",
            "text",
            None,
            "Optional, e.g. Head of Operations.",
        ),
        ("date", "Date", "date", None, "The day you answered."),
    ];
    for (key, label, kind, value, hint) in fields {
        let required = if hint.starts_with("Required") {
            " required"
        } else {
            ""
        };
        let value = value
            .map(|v| format!(" value=\"{}\"", escape(v)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<div class=\"field\"><label for=\"r-{key}\">{label}</label>\
             <input id=\"r-{key}\" type=\"{kind}\" autocomplete=\"off\" \
             aria-describedby=\"r-{key}-hint\"{required}{value}>\
             <span class=\"hint\" id=\"r-{key}-hint\">{hint}</span></div>"
        );
    }
    out.push_str("</div>\n");
    targets(out, rubric);
    out.push_str("</section>\n");
}

fn targets(out: &mut String, rubric: &Rubric) {
    out.push_str("<fieldset class=\"targets\">\n<legend>Targets (optional)</legend>\n");
    out.push_str(
        "<p class=\"hint\">The stage each pillar should reach in the next 12 to 18 months. \
         Leave one unset for the next stage up.</p>\n<div class=\"fields\">\n",
    );
    for (p, pillar) in rubric.pillars.iter().enumerate() {
        let _ = write!(
            out,
            "<div class=\"field\"><label for=\"t{p}\">{}</label><select id=\"t{p}\">\
             <option value=\"\">Not set (the next stage up)</option>",
            escape(&pillar.name)
        );
        for stage in &rubric.stages {
            let _ = write!(
                out,
                "<option value=\"{}\">{}</option>",
                escape(&stage.id),
                escape(&stage.name)
            );
        }
        out.push_str("</select></div>\n");
    }
    out.push_str("</div>\n</fieldset>\n");
}
