//! The warnings of answers read through the rubric's evolution: a file
//! written for an older major version (W0205), an answer under a renamed id
//! (W0206) and one to a retired id (W0207). Never errors: the rubric's
//! author declared how those ids carry over, and every answer still counts
//! exactly where the declarations say. Each names `init --update`, which
//! rewrites the file so the warnings go away.

use super::respondent::Located;
use crate::assessment::Respondent;
use crate::diagnostics::Diagnostic;
use crate::model::{Renamed, Retired, Rubric};
use crate::source::Span;

const UPDATE_HELP: &str =
    "`rubricate init RUBRIC --update FILE` rewrites the file for the current rubric";

/// " in version 2.0.0" when the declaration says `since`.
fn since(version: Option<&str>) -> String {
    version.map_or_else(String::new, |v| format!(" in version {v}"))
}

/// W0206: an answer under a renamed id.
pub(super) fn renamed(key: Span, id: &str, rename: &Renamed) -> Diagnostic {
    Diagnostic::warning("W0206", format!("`{id}` is now `{}`", rename.to))
        .with_primary(key, format!("counted for `{}`", rename.to))
        .with_note(format!(
            "the rubric renamed it{}",
            since(rename.since.as_deref())
        ))
        .with_help(UPDATE_HELP)
}

/// W0207: an answer to a retired id (or to an id renamed into one).
pub(super) fn retired(key: Span, id: &str, retired: &Retired, via: Option<&Renamed>) -> Diagnostic {
    let message = match via {
        Some(_) => format!("`{id}` was renamed to `{}`, which is retired", retired.id),
        None => format!("`{id}` is retired"),
    };
    Diagnostic::warning("W0207", message)
        .with_primary(key, "kept, but not scored")
        .with_note(format!(
            "the rubric no longer asks about it{}",
            since(retired.since.as_deref())
        ))
        .with_help(UPDATE_HELP)
}

/// W0205: a file written for an older major version of the rubric.
pub(super) fn older_version(
    requirement: &Located<String>,
    respondent: &Respondent,
    rubric: &Rubric,
) -> Diagnostic {
    let version = rubric.version.as_deref().unwrap_or("?");
    let counts = [
        (respondent.migrated.len(), "renamed"),
        (respondent.retired.len(), "retired"),
    ];
    let changed: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {} {what}", if *n == 1 { "answer" } else { "answers" }))
        .collect();
    let note = if changed.is_empty() {
        "every id it answers is unchanged".to_string()
    } else {
        format!("{}; every other id is unchanged", changed.join(", "))
    };
    Diagnostic::warning(
        "W0205",
        format!(
            "these answers were written for `{}` version {}, read with version {version}",
            rubric.id, requirement.value
        ),
    )
    .with_primary(requirement.span, "an older major version")
    .with_note(format!(
        "read through the rubric's `evolution` declarations: {note}"
    ))
    .with_help(UPDATE_HELP)
}
