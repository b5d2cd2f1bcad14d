//! The other cells import reads: target stages (by name or id), action
//! statuses, free text (names, notes, owners) and evidence lists. Each
//! returns the value or a located diagnostic.

use super::cells::{Value, fold};
use super::limits::MAX_CELL_CHARS;
use super::place::Place;
use crate::assessment::ActionStatus;
use crate::assessment::load::status_name;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::suggest::closest;
use crate::model::Rubric;

/// The action statuses, in roadmap order.
const STATUSES: [ActionStatus; 4] = [
    ActionStatus::Planned,
    ActionStatus::InProgress,
    ActionStatus::Done,
    ActionStatus::Dropped,
];

/// Free text: `None` when blank; error values are problems.
pub fn text(value: &Value, place: &Place, what: &str) -> Result<Option<String>, Diagnostic> {
    match value {
        Value::Error(e) => Err(place
            .error("E0713", format!("the {what} cell shows the error {e}"))
            .with_help("type the text itself rather than a formula")),
        other => Ok(other.text()),
    }
}

/// Evidence: one link or reference per line of the cell.
pub fn evidence(value: &Value, place: &Place) -> Result<Vec<String>, Diagnostic> {
    Ok(text(value, place, "evidence")?
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default())
}

/// A stage by id or name (case and spacing aside): its id.
pub fn stage(rubric: &Rubric, value: &Value, place: &Place) -> Result<Option<String>, Diagnostic> {
    let Some(text) = text(value, place, "target")? else {
        return Ok(None);
    };
    let folded = fold(&text);
    let found = rubric
        .stages
        .iter()
        .find(|s| fold(&s.name) == folded || fold(&s.id) == folded);
    if let Some(stage) = found {
        return Ok(Some(stage.id.clone()));
    }
    let names: Vec<&str> = rubric.stages.iter().map(|s| s.name.as_str()).collect();
    let list = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match closest(&text, names.iter().copied()) {
        Some(c) => format!("did you mean \"{c}\"? The stages are {list}"),
        None => format!("the stages are {list}"),
    };
    Err(place
        .error("E0708", format!("\"{text}\" is not a stage of this rubric"))
        .with_help(help))
}

/// An action status (`in progress`, `In-Progress` and `in_progress` all
/// read as `in-progress`).
pub fn status(value: &Value, place: &Place) -> Result<Option<ActionStatus>, Diagnostic> {
    let Some(text) = text(value, place, "status")? else {
        return Ok(None);
    };
    let normalised = fold(&text).replace([' ', '_'], "-");
    if let Some(status) = STATUSES.iter().find(|s| status_name(**s) == normalised) {
        return Ok(Some(*status));
    }
    let names: Vec<&str> = STATUSES.iter().map(|s| status_name(*s)).collect();
    let list = names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match closest(&text, names.iter().copied()) {
        Some(c) => format!("did you mean \"{c}\"? The statuses are {list}"),
        None => format!("the statuses are {list}"),
    };
    Err(place
        .error("E0708", format!("\"{text}\" is not an action status"))
        .with_help(help))
}

/// Text longer than a cell can hold did not come from a spreadsheet.
pub fn too_long(text: &str, place: &Place) -> Option<Diagnostic> {
    let chars = text.chars().count();
    (chars > MAX_CELL_CHARS).then(|| {
        place
            .error(
                "E0702",
                format!(
                    "the cell holds {} characters; at most {} are read",
                    super::limits::thousands(chars as u64),
                    super::limits::thousands(MAX_CELL_CHARS as u64)
                ),
            )
            .with_help("shorten the text; long notes are better kept as a linked document")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceMap;

    #[test]
    fn stages_and_statuses() {
        let mut sources = SourceMap::new();
        let rubric = crate::model::compile("builtin:ecommerce", &mut sources)
            .rubric
            .unwrap();
        let place = Place::new("a.xlsx", Some("Respondent"), 9, 2);
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(
            stage(&rubric, &t("defined"), &place),
            Ok(Some("defined".into()))
        );
        assert_eq!(
            stage(&rubric, &t(" Strategic "), &place),
            Ok(Some("strategic".into()))
        );
        let e = stage(&rubric, &t("Defnied"), &place).unwrap_err();
        assert!(e.help.unwrap().starts_with("did you mean \"Defined\"?"));
        assert_eq!(
            status(&t("In Progress"), &place),
            Ok(Some(ActionStatus::InProgress))
        );
        assert_eq!(status(&t(""), &place), Ok(None));
        assert!(status(&t("ongoing"), &place).is_err());
        let ev = evidence(&t("https://a\n\n  https://b  "), &place).unwrap();
        assert_eq!(ev, ["https://a", "https://b"]);
    }
}
