//! The ready-to-fill answer file that `rubricate init` writes: header
//! tables with placeholders, then every indicator grouped by pillar and
//! stage with its statement, guidance and scale as comments, then every
//! action as a commented plan line. The text is a pure function of the
//! rubric, so it can be snapshot-tested and regenerated without diffs.

use std::fmt::Write as _;

use super::load::{DEFAULT_TARGET, NOT_APPLICABLE, major_version, status_name};
use crate::assessment::ActionStatus;
use crate::model::{Indicator, NotApplicablePolicy, Rubric, Scale};

/// Comment lines are wrapped to this width.
const WIDTH: usize = 79;

/// The answer-file template for `rubric`.
///
/// It loads without errors as it is (every answer is commented out, so
/// nothing is answered and coverage is 0). Each indicator's answer is one
/// line of exactly this form, and no other line ends in ` = ?`:
///
/// ```text
/// # "data.forecasting" = ?
/// ```
///
/// To fill it mechanically, replace that line with `"<id>" = <value>`, for
/// example to answer every indicator with the top of its scale:
///
/// ```
/// # let mut sources = rubricate::source::SourceMap::new();
/// # let rubric = rubricate::model::compile("builtin:ecommerce", &mut sources).rubric.unwrap();
/// let mut text = rubricate::assessment::template(&rubric);
/// for pillar in &rubric.pillars {
///     for indicator in &pillar.indicators {
///         let top = rubric.scale_of(indicator).max();
///         let id = &indicator.id;
///         text = text.replace(&format!("# \"{id}\" = ?\n"), &format!("\"{id}\" = {top}\n"));
///     }
/// }
/// assert!(!text.contains(" = ?\n"));
/// ```
///
/// Action lines are `# "<action id>" = { owner = "", due = "", status =
/// "planned" }`: uncommented as they are, they also load (empty strings
/// count as not given).
pub fn template(rubric: &Rubric) -> String {
    let mut out = String::new();
    header(&mut out, rubric);
    answers(&mut out, rubric);
    actions(&mut out, rubric);
    out
}

fn header(out: &mut String, rubric: &Rubric) {
    let version = rubric
        .version
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    comment(
        out,
        &format!(
            "Answer file for \"{}\" (rubric `{}`{version}).",
            rubric.title, rubric.id
        ),
    );
    out.push_str("#\n");
    comment(
        out,
        "One file per respondent: copy it for everyone taking part, fill it in, \
         then pass all the files together. Lines starting with `#` are comments. \
         Unanswered indicators are fine: they show up as gaps in coverage.",
    );
    out.push_str("#\n");
    comment(
        out,
        "To answer, remove the `# ` in front of an indicator's line and replace \
         `?` with a level: its number or its label. A table adds a note \
         (markdown) and evidence (links):",
    );
    let first = rubric.pillars.iter().flat_map(|p| &p.indicators).next();
    let example = first.map_or("pillar.indicator", |i| i.id.as_str());
    // A level of the example indicator's own scale, so the line can be
    // copied as it is.
    let level = first.map_or(2.0, |i| rubric.scale_of(i).met);
    let _ = writeln!(
        out,
        "#   \"{example}\" = {{ level = {level}, note = \"Since March\", evidence = [\"https://…\"] }}"
    );
    match rubric.scoring.not_applicable {
        NotApplicablePolicy::Forbidden => {}
        NotApplicablePolicy::Allowed => {
            comment(out, "Where an indicator does not apply, answer \"n/a\":");
            let _ = writeln!(out, "#   \"{example}\" = \"{NOT_APPLICABLE}\"");
        }
        NotApplicablePolicy::Justified => {
            comment(
                out,
                "Where an indicator does not apply, answer \"n/a\" with a note saying why:",
            );
            let _ = writeln!(
                out,
                "#   \"{example}\" = {{ level = \"{NOT_APPLICABLE}\", note = \"Why it does not apply here\" }}"
            );
        }
    }
    out.push('\n');
    let requirement = match rubric.version.as_deref().and_then(major_version) {
        Some(major) => format!("{}@{major}", rubric.id),
        None => rubric.id.clone(),
    };
    let _ = writeln!(out, "rubric = {}", quote(&requirement));
    out.push_str("\n[organization]\nname = \"Your organisation\"\n\n");
    out.push_str("[respondent]\nname = \"Your name\"\n");
    out.push_str("role = \"\"  # optional, e.g. \"Head of Operations\"\n");
    out.push_str("date = \"\"  # the day you answered: YYYY-MM-DD\n");
    comment(
        out,
        "Optional: the stage to reach in the next 12 to 18 months, for every pillar:",
    );
    // Example targets name real stages however short the ladder is, so
    // every placeholder loads when uncommented as it is.
    let last = rubric.stages.len().saturating_sub(1);
    let stage = |i: usize| rubric.stages.get(i.min(last)).map_or("", |s| s.id.as_str());
    let _ = writeln!(out, "# target = {}", quote(stage(1)));
    comment(
        out,
        &format!("or per pillar, with `{DEFAULT_TARGET}` for the pillars not named:"),
    );
    out.push_str("# [respondent.target]\n");
    if let Some(pillar) = rubric.pillars.first() {
        let _ = writeln!(out, "# {} = {}", pillar.id, quote(stage(2)));
    }
    let _ = writeln!(out, "# {DEFAULT_TARGET} = {}", quote(stage(1)));
    let stages: Vec<&str> = rubric.stages.iter().map(|s| s.id.as_str()).collect();
    comment(
        out,
        &format!("Stages, lowest first: {}.", stages.join(", ")),
    );
}

fn answers(out: &mut String, rubric: &Rubric) {
    out.push_str(ANSWERS_HEADER);
    for pillar in &rubric.pillars {
        out.push_str(&pillar_section(rubric, pillar, |_| true));
    }
}

/// The `[answers]` table header as the template writes it.
pub(super) const ANSWERS_HEADER: &str = "\n[answers]\n";

/// A pillar's part of `[answers]`: its title between rules, then its
/// indicators that `keep` accepts, grouped by stage. Starts with a blank
/// line; empty when `keep` accepts none. `init --update` adds new pillars
/// with it, so they look as `init` would have written them.
pub(super) fn pillar_section(
    rubric: &Rubric,
    pillar: &crate::model::Pillar,
    keep: impl Fn(&Indicator) -> bool,
) -> String {
    let mut cells = String::new();
    for stage in &rubric.stages {
        let indicators: Vec<&Indicator> = pillar
            .indicators
            .iter()
            .filter(|i| i.stage_index == stage.index && keep(i))
            .collect();
        cells.push_str(&stage_section(rubric, stage, &indicators));
    }
    if cells.is_empty() && !pillar.indicators.is_empty() {
        return cells;
    }
    let mut out = String::from("\n");
    rule(&mut out, '=');
    let _ = writeln!(out, "# {} (`{}`)", pillar.name, pillar.id);
    rule(&mut out, '=');
    out.push_str(&cells);
    out
}

/// A stage's heading and the prompts of `indicators`; starts with a blank
/// line; empty without indicators.
pub(super) fn stage_section(
    rubric: &Rubric,
    stage: &crate::model::Stage,
    indicators: &[&Indicator],
) -> String {
    if indicators.is_empty() {
        return String::new();
    }
    let title = match &stage.tagline {
        Some(t) => format!("{}: {t}", stage.name),
        None => stage.name.clone(),
    };
    let mut out = String::from("\n");
    heading(&mut out, &title);
    for indicator in indicators {
        out.push_str(&indicator_prompt(rubric, indicator));
    }
    out
}

/// One indicator's statement, guidance and scale as comments, then its
/// `# "id" = ?` line; starts with a blank line.
pub(super) fn indicator_prompt(rubric: &Rubric, indicator: &Indicator) -> String {
    let mut out = String::from("\n");
    comment(&mut out, &indicator.statement);
    if let Some(guidance) = &indicator.guidance {
        indented(&mut out, &format!("Guidance: {}", guidance.trim()));
    }
    let _ = writeln!(out, "# {}", scale_line(rubric.scale_of(indicator)));
    let _ = writeln!(out, "# {} = ?", quote(&indicator.id));
    out
}

fn actions(out: &mut String, rubric: &Rubric) {
    out.push_str("\n[actions]\n");
    let statuses: Vec<&str> = [
        ActionStatus::Planned,
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Dropped,
    ]
    .into_iter()
    .map(status_name)
    .collect();
    comment(
        out,
        &format!(
            "The roadmap: who owns an action, by when (YYYY-MM-DD), and its status ({}). \
             Remove the `# ` in front of the actions you plan.",
            statuses.join(", ")
        ),
    );
    let mut transitions: Vec<(usize, &str)> = rubric
        .actions
        .iter()
        .map(|a| (a.to_index, a.to.as_str()))
        .collect();
    transitions.sort();
    transitions.dedup();
    for (to_index, to) in transitions {
        out.push('\n');
        let title = match to_index.checked_sub(1).and_then(|i| rubric.stages.get(i)) {
            Some(from) => format!("How to advance: {} -> {}", from.name, rubric.stage_name(to)),
            None => format!("How to reach {}", rubric.stage_name(to)),
        };
        heading(out, &title);
        for action in rubric.actions.iter().filter(|a| a.to_index == to_index) {
            let area = match (&action.pillar, &action.area) {
                (Some(p), _) => rubric.pillar(p).map_or(p.as_str(), |p| p.name.as_str()),
                (None, Some(area)) => area.as_str(),
                (None, None) => "",
            };
            out.push('\n');
            comment(out, &action.title);
            indented(
                out,
                &format!(
                    "{area}, impact {}, effort {}",
                    action.impact.as_str(),
                    action.effort.as_str()
                ),
            );
            let _ = writeln!(
                out,
                "# {} = {{ owner = \"\", due = \"\", status = \"planned\" }}",
                quote(&action.id)
            );
        }
    }
}

/// `0 Not in place | 1 Partly in place | … | met at 2`.
fn scale_line(scale: &Scale) -> String {
    let mut parts: Vec<String> = scale
        .levels
        .iter()
        .map(|l| format!("{} {}", l.value, l.label))
        .collect();
    parts.push(format!("met at {}", scale.met));
    parts.join(" | ")
}

/// A TOML basic string. JSON string escapes are valid TOML.
pub(super) fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

fn rule(out: &mut String, c: char) {
    out.push_str("# ");
    out.extend(std::iter::repeat_n(c, WIDTH - 2));
    out.push('\n');
}

/// `# --- Title -------…`
fn heading(out: &mut String, title: &str) {
    let line = format!("# --- {title} ");
    let pad = WIDTH.saturating_sub(line.chars().count()).max(3);
    out.push_str(&line);
    out.extend(std::iter::repeat_n('-', pad));
    out.push('\n');
}

/// Wrapped `# ` comment lines.
fn comment(out: &mut String, text: &str) {
    wrap(out, text, "# ", "# ");
}

/// Wrapped comment lines indented under the statement they explain.
fn indented(out: &mut String, text: &str) {
    wrap(out, text, "#   ", "#   ");
}

/// Greedy word wrap. Blank-line-separated paragraphs stay apart; lines of a
/// markdown list keep their breaks.
fn wrap(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut prefix = first;
    for (i, paragraph) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push_str(rest.trim_end());
            out.push('\n');
        }
        let is_list = paragraph.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("- ") || l.starts_with("* ")
        });
        let lines: Vec<String> = if is_list {
            paragraph.lines().map(|l| l.trim().to_string()).collect()
        } else {
            vec![paragraph.split_whitespace().collect::<Vec<_>>().join(" ")]
        };
        for line in lines.iter().filter(|l| !l.is_empty()) {
            let mut current = String::new();
            for word in line.split(' ') {
                let fits =
                    prefix.len() + current.chars().count() + 1 + word.chars().count() <= WIDTH;
                if !current.is_empty() && !fits {
                    let _ = writeln!(out, "{prefix}{current}");
                    prefix = rest;
                    current.clear();
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
            }
            let _ = writeln!(out, "{prefix}{current}");
            prefix = rest;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_width_and_keeps_paragraphs() {
        let mut out = String::new();
        let long = "word ".repeat(40);
        wrap(&mut out, &format!("{long}\n\nnext"), "# ", "# ");
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(out.contains("\n#\n# next\n"), "{out}");
    }

    #[test]
    fn scale_line_lists_levels_and_threshold() {
        let mut sources = crate::source::SourceMap::new();
        let rubric = crate::model::compile("builtin:ecommerce", &mut sources)
            .rubric
            .expect("bundled rubric compiles");
        let line = scale_line(&rubric.scales[0]);
        assert_eq!(
            line,
            "0 Not in place | 1 Partly in place | 2 Largely in place | 3 Fully in place | met at 2"
        );
    }

    #[test]
    fn quotes_like_toml() {
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
    }
}
