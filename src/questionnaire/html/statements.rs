//! The statements, by pillar and stage, each a `<fieldset>` whose legend is
//! the statement: the scale's levels as radio buttons, "n/a" where the
//! rubric allows it, a note and an evidence box. Then the progress panel
//! and the download section.
//!
//! Controls are numbered by their place on the page (`q0`, `q1`, …), in
//! the order of [`super::data::FormData::indicators`]; ids from the rubric
//! never become HTML ids, so no rubric text has to be valid as one.

use std::fmt::Write as _;

use crate::assessment::load::NOT_APPLICABLE;
use crate::model::{Indicator, NotApplicablePolicy, Rubric};
use crate::report::markdown::{escape, to_html};

/// Answered / total, overall and per pillar. The script updates the
/// numbers; the page starts at zero, as a fresh form is.
pub fn progress(out: &mut String, rubric: &Rubric) {
    let total: usize = rubric.pillars.iter().map(|p| p.indicators.len()).sum();
    out.push_str("<nav id=\"progress\" aria-labelledby=\"progress-h\">\n");
    out.push_str("<h2 id=\"progress-h\">Progress</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"overall\"><span id=\"progress-all\">0 of {total} statements answered</span> \
         <progress id=\"progress-all-bar\" max=\"{total}\" value=\"0\" \
         aria-labelledby=\"progress-all\"></progress></p>"
    );
    out.push_str("<ul class=\"pillars\">\n");
    for (p, pillar) in rubric.pillars.iter().enumerate() {
        let count = pillar.indicators.len();
        let _ = writeln!(
            out,
            "<li><a href=\"#p{p}\">{}</a> <span id=\"progress-{p}\">0 of {count}</span> \
             <progress id=\"progress-{p}-bar\" max=\"{count}\" value=\"0\" \
             aria-labelledby=\"progress-{p}\"></progress></li>",
            escape(&pillar.name)
        );
    }
    out.push_str("</ul>\n</nav>\n");
}

/// Every pillar's section with its statements grouped by stage.
pub fn pillars(out: &mut String, rubric: &Rubric) {
    out.push_str("<div id=\"statements\" tabindex=\"-1\">\n");
    let mut number = 0;
    for (p, pillar) in rubric.pillars.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section class=\"pillar\" id=\"p{p}\" aria-labelledby=\"p{p}-h\">\n\
             <h2 id=\"p{p}-h\">{}</h2>",
            escape(&pillar.name)
        );
        if let Some(description) = &pillar.description {
            let _ = writeln!(
                out,
                "<div class=\"md muted\">{}</div>",
                to_html(description)
            );
        }
        let indicators = super::in_page_order(rubric, pillar);
        for stage in &rubric.stages {
            let at_stage: Vec<&&Indicator> = indicators
                .iter()
                .filter(|i| i.stage_index == stage.index)
                .collect();
            if at_stage.is_empty() {
                continue;
            }
            let tagline = stage
                .tagline
                .as_deref()
                .map(|t| format!(": <span class=\"tagline\">{}</span>", escape(t)))
                .unwrap_or_default();
            let _ = writeln!(out, "<h3>{}{tagline}</h3>", escape(&stage.name));
            for indicator in at_stage {
                statement(out, rubric, indicator, number);
                number += 1;
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</div>\n");
}

/// One statement: its fieldset, answers, note and evidence.
fn statement(out: &mut String, rubric: &Rubric, indicator: &Indicator, k: usize) {
    let guidance = indicator.guidance.as_deref().map(to_html);
    let described = if guidance.is_some() {
        format!(" aria-describedby=\"q{k}-g\"")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<fieldset class=\"statement\" id=\"q{k}\"{described}>\n<legend>{}</legend>",
        escape(&indicator.statement)
    );
    if let Some(html) = guidance {
        let _ = writeln!(out, "<div class=\"md guidance\" id=\"q{k}-g\">{html}</div>");
    }
    out.push_str("<div class=\"levels\">");
    for (j, level) in rubric.scale_of(indicator).levels.iter().enumerate() {
        let value = super::data::number(level.value);
        let _ = write!(
            out,
            "<label for=\"q{k}-l{j}\"><input type=\"radio\" id=\"q{k}-l{j}\" name=\"q{k}\" \
             value=\"{}\"> {}</label>",
            escape(&value),
            escape(&level.label)
        );
    }
    let policy = rubric.scoring.not_applicable;
    if policy != NotApplicablePolicy::Forbidden {
        let _ = write!(
            out,
            "<label for=\"q{k}-na\" class=\"na\"><input type=\"radio\" id=\"q{k}-na\" \
             name=\"q{k}\" value=\"{NOT_APPLICABLE}\"> {NOT_APPLICABLE}: does not apply</label>"
        );
    }
    let _ = writeln!(
        out,
        "<button type=\"button\" class=\"clear\" data-clear=\"{k}\" disabled>Clear \
         answer</button></div>"
    );
    let why = if policy == NotApplicablePolicy::Justified {
        format!(
            " <span class=\"why\" id=\"q{k}-why\" hidden>(required for \u{201c}{NOT_APPLICABLE}\u{201d}: \
             say why it does not apply)</span>"
        )
    } else {
        String::new()
    };
    out.push_str("<div class=\"boxes\">\n");
    let _ = writeln!(
        out,
        "<div class=\"field\"><label for=\"q{k}-note\">Note{why}</label>\
         <textarea id=\"q{k}-note\" rows=\"2\"></textarea>\
         <div class=\"print-value\" aria-hidden=\"true\"></div></div>"
    );
    let _ = writeln!(
        out,
        "<div class=\"field\"><label for=\"q{k}-ev\">Evidence <span class=\"hint\">(links or \
         references, one per line)</span></label>\
         <textarea id=\"q{k}-ev\" rows=\"2\"></textarea>\
         <div class=\"print-value\" aria-hidden=\"true\"></div></div>"
    );
    out.push_str("</div>\n</fieldset>\n");
}

/// The download button, what blocks it, and where the file went.
pub fn finish(out: &mut String) {
    out.push_str(
        "<section id=\"finish\" aria-labelledby=\"finish-h\">\n\
         <h2 id=\"finish-h\">Send your answers</h2>\n\
         <p>The button saves your answers as a small text file (TOML) named after you. \
         Send that file back; it holds only what you entered on this page.</p>\n\
         <p><button type=\"button\" id=\"download\">Download the answer file</button> \
         <button type=\"button\" id=\"reset\" class=\"secondary\">Clear all answers</button></p>\n\
         <div id=\"problems\" role=\"alert\" tabindex=\"-1\"></div>\n\
         <p id=\"saved\" role=\"status\"></p>\n\
         </section>\n",
    );
}
