//! An assessment's positions over time: one point per earlier round (each
//! commit that touched its answer files, labelled by tag where there is
//! one, or an explicit list of dated baselines), then the current answers.
//! Each point is scored by today's rubric and rules, so the series shows
//! changes in the answers only.

use std::path::Path;

use super::git;
use crate::assessment::{self, Assessment};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Rubric;
use crate::scoring::{self, Scorecard, Trend, TrendPoint};
use crate::source::SourceMap;

/// One earlier round: its label, date and answer files (name, bytes).
pub struct Round {
    pub label: String,
    pub date: Option<String>,
    pub files: Vec<(String, Vec<u8>)>,
}

/// The rounds of git history: every commit that touched answer files
/// matching `patterns` (globs relative to `dir`), oldest first.
pub fn git_rounds(patterns: &[String], dir: &Path) -> Result<Vec<Round>, String> {
    let bases: Vec<String> = patterns.iter().map(|p| base_of(p)).collect();
    let globs: Vec<glob::Pattern> = patterns
        .iter()
        .filter_map(|p| glob::Pattern::new(p).ok())
        .collect();
    let mut rounds = Vec::new();
    for rev in git::revisions(&bases, dir)? {
        let files: Vec<(String, Vec<u8>)> = git::files_at(&rev.hash, &bases, dir)?
            .into_iter()
            .filter(|(name, _)| {
                let path = name.split_once(':').map_or(name.as_str(), |(_, p)| p);
                globs.iter().any(|g| g.matches(path))
            })
            .map(|(name, bytes)| (name.replacen(&rev.hash, &rev.label, 1), bytes))
            .collect();
        if !files.is_empty() {
            rounds.push(Round {
                label: rev.label,
                date: Some(rev.date),
                files,
            });
        }
    }
    Ok(rounds)
}

/// What [`git_rounds`] would read for `patterns`, in one `git log`: the
/// commits that touched the answer files, with their dates and labels
/// (tags). A commit's files never change, so this identifies the rounds
/// without reading them (for the build's fingerprints).
pub fn git_revisions(patterns: &[String], dir: &Path) -> Result<String, String> {
    let bases: Vec<String> = patterns.iter().map(|p| base_of(p)).collect();
    Ok(git::revisions(&bases, dir)?
        .into_iter()
        .map(|r| format!("{}\t{}\t{}\n", r.hash, r.date, r.label))
        .collect())
}

/// The folder part of a glob, before its first wildcard (`.` for none).
fn base_of(pattern: &str) -> String {
    let parts: Vec<&str> = pattern
        .split('/')
        .take_while(|p| !p.contains(['*', '?', '[']))
        .collect();
    let base = if parts.len() == pattern.split('/').count() {
        // A plain file: its own path.
        pattern.to_string()
    } else {
        parts.join("/")
    };
    if base.is_empty() { ".".into() } else { base }
}

/// Scores every round and the current assessment into a series. A round
/// that does not load against today's rubric is left out with one warning
/// (W0902) in `diags`, not its errors: an old round does not fail today's
/// build. A last round with the very same positions as now is left out (it
/// is now).
pub fn series(
    rubric: &Rubric,
    rounds: Vec<Round>,
    current: &Scorecard,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Trend {
    let mut points: Vec<TrendPoint> = Vec::new();
    for round in rounds {
        let (loaded, d): (Option<Assessment>, Diagnostics) =
            assessment::load_contents(rubric, round.files, sources);
        if loaded.is_none() {
            diags.push(
                Diagnostic::warning(
                    "W0902",
                    format!(
                        "round `{}` is left out of the trend: its answers do not load against today's rubric ({} errors)",
                        round.label,
                        d.error_count()
                    ),
                )
                .with_help("declare renamed or retired indicators in the rubric so old answers stay usable"),
            );
        }
        if let Some(a) = loaded {
            let card = scoring::score(rubric, &a, None);
            let date = round.date.or_else(|| card.date().map(str::to_string));
            points.push(point(round.label, date, &card));
        }
    }
    let now = point(
        "now".to_string(),
        current.date().map(str::to_string),
        current,
    );
    if points.last().is_some_and(|p| same_positions(p, &now)) {
        points.pop();
    }
    points.push(now);
    Trend { points }
}

fn same_positions(a: &TrendPoint, b: &TrendPoint) -> bool {
    a.overall == b.overall && a.pillars == b.pillars
}

/// A scorecard's positions as one point.
pub fn point(label: String, date: Option<String>, card: &Scorecard) -> TrendPoint {
    TrendPoint {
        label,
        date,
        overall: card.overall.position,
        pillars: card.pillars.iter().map(|p| p.position).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_bases() {
        assert_eq!(base_of("answers/*.toml"), "answers");
        assert_eq!(base_of("../acme/*.toml"), "../acme");
        assert_eq!(base_of("*.toml"), ".");
        assert_eq!(base_of("a/b.toml"), "a/b.toml");
    }
}
