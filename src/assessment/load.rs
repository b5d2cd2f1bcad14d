//! Reading answer files (one per respondent) into an [`Assessment`].
//!
//! # Format
//!
//! TOML (`*.toml`) or JSON (`*.json`, the same structure; dates as
//! strings, `null` means "not given"). Written to be typed by hand and to
//! diff well; `rubricate init` writes a ready-to-fill one, whose first line
//! `#:schema …` names the JSON Schema for editors (a TOML comment here;
//! `schemas/answers.schema.json` restates this format).
//!
//! ```toml
//! rubric = "ecommerce@1"     # rubric id; `@1` optionally requires version 1.x
//! [organization]
//! name = "Acme Outdoor Co."
//! [respondent]
//! name = "Dana Reyes"
//! role = "Head of Operations"  # optional
//! date = 2026-11-02            # optional; TOML date or "2026-11-02"
//! target = "defined"           # optional: target stage for every pillar, or
//! # [respondent.target]        #   per pillar, `default` for the others:
//! # operations = "defined"
//! # default = "developing"
//! [answers]
//! "operations.spreadsheet-inventory" = 1         # a level value
//! "technology.saas-platform" = "Fully in place"  # or its label, any case
//! "marketing.email-list" = { level = 3, note = "Klaviyo", evidence = ["https://…"] }
//! "data.ab-testing" = { level = "n/a", note = "why it does not apply" }
//! [actions]
//! "operations.packing-space" = { owner = "Sam", due = 2027-02-01, status = "in-progress" }
//! ```
//!
//! Decisions:
//! - `rubric` is required, so answers are never scored against the wrong
//!   rubric. A version requirement after `@` follows Cargo's caret rule,
//!   simplified: the major must equal the rubric's, and the rubric must be
//!   at least the version written (`@1` = any 1.x, `@1.2` = 1.2.0 or later
//!   1.x). A rubric without a version matches no requirement.
//! - An older major version (`@1` against 2.0.0) is compatible: the file
//!   is read through the rubric's `evolution` declarations with a warning
//!   (W0205). Every id it answers must still be an indicator, or be
//!   renamed into one (W0206, the answer counts for the new id), or be
//!   retired (W0207, kept and not scored); any other id is an unknown
//!   indicator (E0209) as always. Renamed and retired ids are read this
//!   way in every file, pinned or not. A requirement newer than the rubric
//!   stays an error (E0207).
//! - Answers and plans are keyed by full id. TOML dotted keys and
//!   sub-tables (`[answers.operations]` then `spreadsheet-inventory = 1`)
//!   are read as the same ids; writing one id both ways is an error.
//! - Levels: a number on the indicator's scale, a label (any case), a
//!   number in a string, or `"n/a"` (as the rubric's policy allows; under
//!   `justified` it needs a `note`). Notes and evidence are kept as
//!   written (markdown, untrusted); `evidence` may be one string or a list.
//! - Stage names are accepted for target stage ids, in any case.
//! - Action `status` is `planned`, `in-progress`, `done` or `dropped`
//!   (spaces or `_` for `-` forgiven); `"id" = "done"` is short for
//!   `{ status = "done" }`. Empty `owner`, `due` and `date` strings count
//!   as not given, so template lines can be uncommented as they are.
//! - Unknown keys anywhere are errors (with did-you-mean), so typos never
//!   silently drop an answer.
//! - Respondents are sorted by file name (the path as given), so results do
//!   not depend on argument order; a file given twice is read once.
//! - Targets merge to the highest stage wanted and plans field by field to
//!   the first file's value, with a warning when respondents disagree (see
//!   `merge`).
//!
//! # Diagnostic codes
//!
//! | code  | problem |
//! |-------|---------|
//! | E0200 | no answer files, or a file cannot be read |
//! | E0201 | file extension is neither `.toml` nor `.json` |
//! | E0202 | file is binary or not UTF-8 |
//! | E0203 | TOML or JSON syntax error |
//! | E0204 | key, answer or action given twice |
//! | E0205 | unknown key or field |
//! | E0206 | value of the wrong type |
//! | E0207 | answers for another rubric, or version requirement not met |
//! | E0208 | required key missing or empty (`rubric`, names, `level`) |
//! | E0209 | unknown indicator id |
//! | E0210 | level value not on the indicator's scale |
//! | E0211 | unknown level label |
//! | E0212 | "n/a" where the rubric forbids it |
//! | E0213 | "n/a" without the note the rubric requires |
//! | E0214 | unknown action id |
//! | E0215 | unknown action status |
//! | E0216 | invalid date |
//! | E0217 | unknown target stage |
//! | E0218 | target for an unknown pillar |
//! | E0219 | respondents from different organisations |
//! | E0220 | `init --update` cannot rewrite the file (JSON, a layout it cannot edit in place) |
//! | W0201 | respondents want different target stages |
//! | W0202 | respondents plan an action differently |
//! | W0203 | the same answer file given twice |
//! | W0204 | two answer files from one respondent |
//! | W0205 | answers written for an older major version, read through the rubric's evolution |
//! | W0206 | an answer under a renamed id, counted for its new id |
//! | W0207 | an answer to a retired id: kept, not scored |

mod answers;
mod evolve;
mod merge;
mod respondent;
mod tree;
mod values;

use std::collections::BTreeMap;
use std::path::Path;

use self::respondent::RespondentFile;
use self::tree::Format;
use super::{Assessment, Organization, Respondent};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input;
use crate::model::Rubric;
use crate::source::{SourceMap, Span};

pub(crate) use self::answers::{ANSWER_FIELDS, NOT_APPLICABLE, PLAN_FIELDS, STATUSES};
pub(crate) use self::merge::status_name;
pub(crate) use self::respondent::DEFAULT_TARGET;
#[cfg(test)]
pub(crate) use self::respondent::{ORGANIZATION_KEYS, RESPONDENT_KEYS, TOP_KEYS};
pub(crate) use self::values::{MONTHS, major_version};

/// Reads and checks every answer file against `rubric`. Returns the
/// assessment when there are no errors, and all diagnostics (warnings
/// included) of all files either way. Files read are added to `sources`.
pub fn load(
    rubric: &Rubric,
    files: &[String],
    sources: &mut SourceMap,
) -> (Option<Assessment>, Diagnostics) {
    let mut diags = Diagnostics::new();
    if files.is_empty() {
        diags.push(
            Diagnostic::error("E0200", "no answer files given")
                .with_help("pass one answer file per respondent; `rubricate init` writes one"),
        );
        return (None, diags);
    }
    let mut names: Vec<&String> = files.iter().collect();
    names.sort();
    let mut read: Vec<RespondentFile> = Vec::new();
    // Canonical path → name as given, to read each file once.
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let single = names.len() == 1;
    for name in names {
        // One file cannot repeat: spare resolving its path (a `getcwd` and
        // a `readlink` per path component).
        let canonical = if single {
            name.clone()
        } else {
            std::fs::canonicalize(name)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| name.clone())
        };
        if let Some(first) = seen.get(&canonical) {
            let message = if first == name {
                format!("`{name}` is given twice; it is read once")
            } else {
                format!("`{name}` and `{first}` are the same file; it is read once")
            };
            diags.push(Diagnostic::warning("W0203", message));
            continue;
        }
        seen.insert(canonical, name);
        if let Some(file) = read_one(rubric, name, sources, &mut diags) {
            read.push(file);
        }
    }
    assemble(rubric, read, diags)
}

/// [`load`] for answer files already in memory, e.g. read from a git
/// revision: (name shown to users, bytes), in the order given.
pub fn load_contents(
    rubric: &Rubric,
    files: Vec<(String, Vec<u8>)>,
    sources: &mut SourceMap,
) -> (Option<Assessment>, Diagnostics) {
    let mut diags = Diagnostics::new();
    if files.is_empty() {
        diags.push(Diagnostic::error("E0200", "no answer files given"));
        return (None, diags);
    }
    let mut read = Vec::new();
    for (name, bytes) in files {
        if let Some(file) = check_one(rubric, &name, bytes, sources, &mut diags) {
            read.push(file);
        }
    }
    assemble(rubric, read, diags)
}

/// Merges checked files into one assessment, or `None` with errors.
fn assemble(
    rubric: &Rubric,
    read: Vec<RespondentFile>,
    mut diags: Diagnostics,
) -> (Option<Assessment>, Diagnostics) {
    check_organizations(&read, &mut diags);
    check_respondent_names(&read, &mut diags);
    let targets = merge::targets(rubric, &read, &mut diags);
    let plans = merge::plans(&read, &mut diags);
    if diags.has_errors() {
        return (None, diags);
    }
    let organization = Organization {
        name: read
            .iter()
            .find_map(|f| f.organization.as_ref())
            .map(|o| o.value.clone())
            .unwrap_or_default(),
    };
    let assessment = Assessment {
        organization,
        respondents: read.into_iter().map(|f| f.respondent).collect(),
        targets,
        plans,
    };
    (Some(assessment), diags)
}

/// Reads, decodes, parses and checks one file; `None` if it could not be
/// checked at all (its diagnostics are in `diags`).
fn read_one(
    rubric: &Rubric,
    name: &str,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<RespondentFile> {
    let bytes = match input::read_regular(Path::new(name), input::MAX_ANSWER_BYTES) {
        Ok(b) => b,
        Err(e) => {
            diags.push(read_error(name, &e));
            return None;
        }
    };
    check_one(rubric, name, bytes, sources, diags)
}

/// Decodes, parses and checks one file's bytes.
fn check_one(
    rubric: &Rubric,
    name: &str,
    bytes: Vec<u8>,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<RespondentFile> {
    if bytes.len() as u64 > input::MAX_ANSWER_BYTES {
        diags.push(Diagnostic::error(
            "E0200",
            format!(
                "`{name}` is larger than {}",
                input::size(input::MAX_ANSWER_BYTES)
            ),
        ));
        return None;
    }
    let extension = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let format = match extension.as_deref() {
        Some("toml") => Format::Toml,
        Some("json") => Format::Json,
        _ => {
            diags.push(
                Diagnostic::error("E0201", format!("cannot tell the format of `{name}`"))
                    .with_help(
                        "answer files are TOML (`.toml`) or JSON (`.json`); rename the file",
                    ),
            );
            return None;
        }
    };
    // A binary file's text is empty (its bytes make a useless snippet);
    // invalid UTF-8 keeps its text so the caret shows the bad byte.
    let decoded = input::decode(bytes);
    if let Some(problem) = decoded.problem {
        let (span, label, help) = match problem {
            input::Encoding::Binary { nul_at } => (
                0..0,
                format!("NUL byte at offset {nul_at}: this looks like a binary file"),
                "answer files are UTF-8 text; check the path",
            ),
            input::Encoding::InvalidUtf8 {
                file_offset,
                text_offset,
            } => (
                text_offset..text_offset + input::char_len_at(&decoded.text, text_offset),
                format!("invalid UTF-8 at byte offset {file_offset}"),
                "save the file as UTF-8",
            ),
        };
        let file = sources.add(name, decoded.text);
        diags.push(
            Diagnostic::error("E0202", format!("`{name}` is not a text file"))
                .with_primary(Span::new(file, span), label)
                .with_help(help),
        );
        return None;
    }
    check_text(rubric, name, decoded.text, format, sources, diags)
}

/// Parses and checks the text of one file.
fn check_text(
    rubric: &Rubric,
    name: &str,
    text: String,
    format: Format,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<RespondentFile> {
    let file = sources.add(name, text);
    let (root, syntax) = tree::parse(file, sources.text(file), format);
    for d in syntax {
        diags.push(d);
    }
    let root = root?;
    let checked = respondent::check(rubric, file, format, name, &root, diags);
    (!checked.other_rubric).then_some(checked)
}

/// Checks the text of one TOML answer file that is not (or not yet) on
/// disk, as [`load`] checks a file: `init --update` reads a file with it
/// and checks its own result before writing. The respondent is returned
/// when there are no errors.
pub(crate) fn check_toml(
    rubric: &Rubric,
    name: &str,
    text: &str,
    sources: &mut SourceMap,
) -> (Option<Respondent>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let file = check_text(
        rubric,
        name,
        text.to_string(),
        Format::Toml,
        sources,
        &mut diags,
    );
    match file {
        Some(f) if !diags.has_errors() => (Some(f.respondent), diags),
        _ => (None, diags),
    }
}

fn read_error(name: &str, e: &input::Refusal) -> Diagnostic {
    let (reason, help) = match e {
        input::Refusal::NotRegular("a directory") => (
            "it is a directory".to_string(),
            format!("pass the answer files in it, e.g. `{name}/*.toml`"),
        ),
        input::Refusal::NotFound => (
            "no such file".to_string(),
            "check the path; it is relative to the current directory".to_string(),
        ),
        input::Refusal::NotRegular(_) => (
            e.to_string(),
            "answer files are ordinary files; to answer from a pipe, save it to a file first"
                .to_string(),
        ),
        input::Refusal::TooLarge { .. } => (
            e.to_string(),
            "split the answers into one file per respondent".to_string(),
        ),
        input::Refusal::Io(_) => (e.to_string(), "check the file's permissions".to_string()),
    };
    Diagnostic::error("E0200", format!("cannot read `{name}`: {reason}")).with_help(help)
}

/// Names compared the way people write them: case and spacing aside.
fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every file must assess the organisation the first file names.
fn check_organizations(files: &[RespondentFile], diags: &mut Diagnostics) {
    let mut named = files
        .iter()
        .filter_map(|f| f.organization.as_ref().map(|o| (f, o)));
    let Some((first_file, first)) = named.next() else {
        return;
    };
    for (file, org) in named {
        if normalise(&org.value) == normalise(&first.value) {
            continue;
        }
        diags.push(
            Diagnostic::error(
                "E0219",
                format!(
                    "answer files from different organisations: `{}` and `{}`",
                    first.value, org.value
                ),
            )
            .with_primary(org.span, format!("{} answers for `{}`", merge::who(file), org.value))
            .with_secondary(
                first.span,
                format!("but {} answers for `{}`", merge::who(first_file), first.value),
            )
            .with_help(
                "an assessment combines respondents of one organisation: assess each one separately, or write the name the same way in every file",
            ),
        );
    }
}

/// Two files from one person are most likely an old and a new assessment.
fn check_respondent_names(files: &[RespondentFile], diags: &mut Diagnostics) {
    let mut first_by_name: BTreeMap<String, &RespondentFile> = BTreeMap::new();
    for file in files {
        let (Some(span), false) = (file.name_span, file.respondent.name.is_empty()) else {
            continue;
        };
        let key = normalise(&file.respondent.name);
        let Some(first) = first_by_name.get(&key) else {
            first_by_name.insert(key, file);
            continue;
        };
        let mut d = Diagnostic::warning(
            "W0204",
            format!("two answer files from `{}`", file.respondent.name),
        )
        .with_primary(span, "this respondent…");
        if let Some(first_span) = first.name_span {
            d = d.with_secondary(first_span, "…already answered here");
        }
        diags.push(d.with_help(
            "each file counts as a separate respondent; if one is an older assessment, use it as the baseline instead",
        ));
    }
}

#[cfg(test)]
mod tests;
