//! Model evolution: the `evolution { … }` blocks of a rubric, resolved into
//! what each id of an earlier version has become, so answer files written
//! for that version stay usable (the loader reads them through
//! [`Rubric::fate`]).
//!
//! Rules, each with its own error so an author sees every problem at once:
//! - `renamed OLD -> NEW`: answers to `OLD` count for `NEW`. Renames chain
//!   (`a -> b`, `b -> c`: answers to `a` count for `c`); a chain must end at
//!   an indicator of this rubric or at a retired id (E0130), and never
//!   come back to where it started (E0131).
//! - `retired ID`: answers to `ID` are accepted and kept, never scored.
//! - An id has one fate: renamed once or retired once (E0132), and an id
//!   this rubric still declares cannot be renamed or retired (E0133): its
//!   answers would have two homes.
//! - Two ids renamed onto the same id (a merge) are refused (E0134): a
//!   respondent who answered both would have two answers to one statement,
//!   and no rule picks one without inventing a score. Splits (one id onto
//!   two) are not expressible either: copying one answer to two statements
//!   would claim evidence for a statement nobody rated. Both are written
//!   as "retire the old ids, add new indicators", which leaves the new
//!   statements honestly unanswered.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Indicator, Rubric};
use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::source::Span;
use crate::syntax::ast::{self, Spanned};

/// An indicator id of an earlier version whose answers count for another.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Renamed {
    /// The id as answer files of the earlier version write it.
    pub from: String,
    /// Where its answers go after following every rename: an indicator of
    /// this rubric, or a retired id when the chain ends in a retirement.
    pub to: String,
    /// The `since` of the block that declared the first rename.
    pub since: Option<String>,
}

/// An indicator id this rubric no longer asks about: answers to it are
/// kept, listed, and never scored.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Retired {
    pub id: String,
    pub since: Option<String>,
}

/// What an indicator id written in an answer file means for this rubric.
#[derive(Debug, Clone, Copy)]
pub enum Fate<'r> {
    /// An indicator of this rubric.
    Current(&'r Indicator),
    /// An old id whose answers count for `indicator`.
    Renamed {
        indicator: &'r Indicator,
        rename: &'r Renamed,
    },
    /// A retired id, or an old id renamed into one.
    Retired {
        retired: &'r Retired,
        via: Option<&'r Renamed>,
    },
    /// Neither declared nor mapped.
    Unknown,
}

impl Fate<'_> {
    /// Whether the rubric knows the id at all (current, renamed or retired).
    pub fn is_known(&self) -> bool {
        !matches!(self, Fate::Unknown)
    }
}

impl Rubric {
    /// What `id` (as an answer file writes it) has become.
    pub fn fate(&self, id: &str) -> Fate<'_> {
        if let Some(indicator) = self.indicator(id) {
            return Fate::Current(indicator);
        }
        if let Some(retired) = self.retired_id(id) {
            return Fate::Retired { retired, via: None };
        }
        let Ok(i) = self.renamed.binary_search_by(|r| r.from.as_str().cmp(id)) else {
            return Fate::Unknown;
        };
        let rename = &self.renamed[i];
        match (self.indicator(&rename.to), self.retired_id(&rename.to)) {
            (Some(indicator), _) => Fate::Renamed { indicator, rename },
            (None, Some(retired)) => Fate::Retired {
                retired,
                via: Some(rename),
            },
            // A resolved rubric has no such rename; never panic on one.
            (None, None) => Fate::Unknown,
        }
    }

    /// Ids of earlier versions this rubric still understands (renamed and
    /// retired), sorted.
    pub fn evolved_ids(&self) -> impl Iterator<Item = &str> {
        let renamed = self.renamed.iter().map(|r| r.from.as_str());
        renamed.chain(self.retired.iter().map(|r| r.id.as_str()))
    }

    fn retired_id(&self, id: &str) -> Option<&Retired> {
        let i = self
            .retired
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()?;
        self.retired.get(i)
    }
}

/// One declared fate, before chains are followed.
#[derive(Clone, Copy)]
enum Declared<'a> {
    Rename {
        to: &'a Spanned<String>,
        span: Span,
        since: Option<&'a str>,
    },
    Retire {
        span: Span,
        since: Option<&'a str>,
    },
}

impl Declared<'_> {
    fn span(&self) -> Span {
        match self {
            Declared::Rename { span, .. } | Declared::Retire { span, .. } => *span,
        }
    }
}

/// Resolves every `evolution` block of a rubric into its renames and
/// retirements, both sorted by id. `indicators` are the ids this rubric
/// declares.
pub(crate) fn resolve(
    decls: &[&ast::EvolutionDecl],
    indicators: &BTreeMap<String, (usize, usize)>,
    diags: &mut Diagnostics,
) -> (Vec<Renamed>, Vec<Retired>) {
    let mut declared = collect(decls, diags);
    declared.retain(|id, fate| !still_declared(id, fate, indicators, diags));
    check_merges(&declared, diags);
    let renamed = follow_renames(&declared, indicators, diags);
    let retired = declared
        .iter()
        .filter_map(|(id, fate)| match fate {
            Declared::Retire { since, .. } => Some(Retired {
                id: (*id).to_string(),
                since: since.map(str::to_string),
            }),
            Declared::Rename { .. } => None,
        })
        .collect();
    (renamed, retired)
}

/// Every id's declared fate; a second fate for one id is an error.
fn collect<'a>(
    decls: &[&'a ast::EvolutionDecl],
    diags: &mut Diagnostics,
) -> BTreeMap<&'a str, Declared<'a>> {
    let mut declared: BTreeMap<&'a str, Declared<'a>> = BTreeMap::new();
    for decl in decls {
        let since = decl.since.as_ref().map(|s| s.value.as_str());
        let renames = decl.renamed.iter().map(|r| {
            let fate = Declared::Rename {
                to: &r.to,
                span: r.from.span,
                since,
            };
            (&r.from, fate)
        });
        let retirements = decl.retired.iter().map(|id| {
            (
                id,
                Declared::Retire {
                    span: id.span,
                    since,
                },
            )
        });
        for (id, fate) in renames.chain(retirements) {
            match declared.get(id.value.as_str()) {
                Some(first) => diags.push(second_fate(id, first, &fate)),
                None => {
                    declared.insert(&id.value, fate);
                }
            }
        }
    }
    declared
}

fn second_fate(id: &Spanned<String>, first: &Declared<'_>, second: &Declared<'_>) -> Diagnostic {
    let what = |fate: &Declared<'_>| match fate {
        Declared::Rename { .. } => "renamed",
        Declared::Retire { .. } => "retired",
    };
    let message = if what(first) == what(second) {
        format!("`{}` is {} twice", id.value, what(first))
    } else {
        format!("`{}` is both renamed and retired", id.value)
    };
    Diagnostic::error("E0132", message)
        .with_primary(id.span, "declared again here")
        .with_secondary(first.span(), "first declared here")
        .with_help("an old id has one fate: keep one `renamed` or `retired` line for it")
}

/// An id the rubric still declares as an indicator cannot also be renamed
/// or retired; reports it and returns true.
fn still_declared(
    id: &str,
    fate: &Declared<'_>,
    indicators: &BTreeMap<String, (usize, usize)>,
    diags: &mut Diagnostics,
) -> bool {
    if !indicators.contains_key(id) {
        return false;
    }
    let verb = match fate {
        Declared::Rename { .. } => "renamed",
        Declared::Retire { .. } => "retired",
    };
    diags.push(
        Diagnostic::error(
            "E0133",
            format!("`{id}` is {verb} but is still an indicator"),
        )
        .with_primary(fate.span(), "still declared in a pillar")
        .with_note("answers to it would count twice: for the indicator and for its new fate")
        .with_help(format!(
            "remove the indicator `{id}` from its pillar, or remove this `{verb}` line"
        )),
    );
    true
}

/// Two renames onto one id: a merge, which has no honest answer (see the
/// module documentation).
fn check_merges(declared: &BTreeMap<&str, Declared<'_>>, diags: &mut Diagnostics) {
    let mut by_target: BTreeMap<&str, (&str, Span)> = BTreeMap::new();
    // Declaration order, so the first rename written is the one kept.
    let mut renames: Vec<(&str, &Spanned<String>)> = declared
        .iter()
        .filter_map(|(from, fate)| match fate {
            Declared::Rename { to, .. } => Some((*from, *to)),
            Declared::Retire { .. } => None,
        })
        .collect();
    renames.sort_by_key(|(_, to)| (to.span.file, to.span.start));
    for (from, to) in renames {
        match by_target.get(to.value.as_str()) {
            None => {
                by_target.insert(&to.value, (from, to.span));
            }
            Some((first_from, first_span)) => diags.push(
                Diagnostic::error(
                    "E0134",
                    format!(
                        "`{first_from}` and `{from}` are both renamed to `{}`",
                        to.value
                    ),
                )
                .with_primary(to.span, "second rename onto this id")
                .with_secondary(*first_span, "first rename onto it")
                .with_note("a respondent who answered both would have two answers to one statement")
                .with_help(format!(
                    "keep one rename and retire the other id (`retired {from}`); if one became the other in an earlier version, write the chain: `renamed {from} -> {first_from}`"
                )),
            ),
        }
    }
}

/// Where a rename chain ends, while following it.
#[derive(Clone, Copy, PartialEq)]
enum End {
    /// Being followed (a cycle when met again).
    Open,
    /// A current indicator or a retired id.
    Resolved,
    /// Unknown target or cycle, already reported.
    Broken,
}

/// Follows every rename chain to its end; each broken chain is reported
/// once, at the rename that breaks it. Linear in the number of renames.
fn follow_renames(
    declared: &BTreeMap<&str, Declared<'_>>,
    indicators: &BTreeMap<String, (usize, usize)>,
    diags: &mut Diagnostics,
) -> Vec<Renamed> {
    let mut ends: BTreeMap<&str, (End, String)> = BTreeMap::new();
    let mut out = Vec::new();
    for (from, fate) in declared {
        let Declared::Rename { since, .. } = fate else {
            continue;
        };
        if let (End::Resolved, to) = follow(from, declared, indicators, &mut ends, diags) {
            out.push(Renamed {
                from: (*from).to_string(),
                to,
                since: since.map(str::to_string),
            });
        }
    }
    out
}

/// The end of the chain starting at `start`, walking iteratively (chains
/// can be long) and recording the end of every id passed.
fn follow<'a>(
    start: &'a str,
    declared: &BTreeMap<&'a str, Declared<'a>>,
    indicators: &BTreeMap<String, (usize, usize)>,
    ends: &mut BTreeMap<&'a str, (End, String)>,
    diags: &mut Diagnostics,
) -> (End, String) {
    let mut path: Vec<&'a str> = Vec::new();
    let mut at = start;
    let result = loop {
        if let Some((end, to)) = ends.get(at) {
            if *end == End::Open {
                diags.push(cycle(at, &path, declared));
                break (End::Broken, String::new());
            }
            break (*end, to.clone());
        }
        match declared.get(at) {
            Some(Declared::Rename { to, .. }) => {
                ends.insert(at, (End::Open, String::new()));
                path.push(at);
                if indicators.contains_key(&to.value) {
                    break (End::Resolved, to.value.clone());
                }
                at = to.value.as_str();
            }
            Some(Declared::Retire { .. }) => break (End::Resolved, at.to_string()),
            None => {
                let last = path.last().copied().unwrap_or(start);
                diags.push(unknown_target(last, declared, indicators));
                break (End::Broken, String::new());
            }
        }
    };
    for id in path {
        ends.insert(id, result.clone());
    }
    result
}

fn unknown_target(
    from: &str,
    declared: &BTreeMap<&str, Declared<'_>>,
    indicators: &BTreeMap<String, (usize, usize)>,
) -> Diagnostic {
    let Some(Declared::Rename { to, .. }) = declared.get(from) else {
        return Diagnostic::error("E0130", format!("`{from}` is renamed to an unknown id"));
    };
    let known = indicators.keys().map(String::as_str);
    let help = suggest::did_you_mean(&to.value, known).unwrap_or_else(|| {
        "rename to an indicator this rubric declares (`pillar.indicator`), or retire the old id"
            .to_string()
    });
    Diagnostic::error(
        "E0130",
        format!(
            "`{from}` is renamed to `{}`, which is not an indicator",
            to.value
        ),
    )
    .with_primary(to.span, "no indicator with this id")
    .with_help(help)
}

/// Renames that lead back to `at`: `path` ends with the rename that closes
/// the cycle.
fn cycle(at: &str, path: &[&str], declared: &BTreeMap<&str, Declared<'_>>) -> Diagnostic {
    let from = path.iter().position(|p| *p == at).unwrap_or(0);
    let mut names: Vec<&str> = path[from..].to_vec();
    names.push(at);
    let closing = path.last().copied().unwrap_or(at);
    let span = match declared.get(closing) {
        Some(Declared::Rename { to, .. }) => to.span,
        Some(fate) => fate.span(),
        None => Span::new(0, 0..0),
    };
    let message = if names.len() == 2 {
        format!("`{at}` is renamed to itself")
    } else {
        "renames lead back to where they started".to_string()
    };
    Diagnostic::error("E0131", message)
        .with_primary(span, "this rename closes the cycle")
        .with_note(format!("cycle: {}", names.join(" -> ")))
        .with_help("a chain of renames must end at an indicator of this rubric or a retired id")
}

#[cfg(test)]
mod tests;
