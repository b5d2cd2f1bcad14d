//! `rubricate diff`: two assessments compared, as text, JSON or markdown.
//!
//! - `rubricate diff BEFORE... --to AFTER...`: two sets of answer files
//!   (files or folders);
//! - `rubricate diff --rev A..B PATHS...`: the same paths at two git
//!   revisions (`A..` compares with the working tree).

use std::path::Path;

use super::Outcome;
use crate::assessment::{self, Assessment};
use crate::diagnostics::{ColorChoice, Diagnostics, render_all};
use crate::history::{diff, git};
use crate::model::{self, Rubric};
use crate::source::SourceMap;

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

pub struct DiffArgs<'a> {
    pub rubric: &'a str,
    pub paths: &'a [String],
    pub to: &'a [String],
    pub rev: Option<&'a str>,
    pub format: DiffFormat,
}

pub fn diff(args: &DiffArgs, color: ColorChoice) -> Outcome {
    let mut sources = SourceMap::new();
    let compiled = model::compile(args.rubric, &mut sources);
    let Some(rubric) = compiled.rubric else {
        crate::err!("{}", render_all(&sources, &compiled.diagnostics, color));
        return Outcome::InputErrors;
    };
    let sides = match (args.rev, args.to.is_empty()) {
        (Some(range), true) => revisions(range, args.paths),
        (None, false) => Ok((
            Source::Disk(args.paths.to_vec(), "before".into()),
            Source::Disk(args.to.to_vec(), "after".into()),
        )),
        _ => {
            crate::errln!("error: give either `--rev A..B PATHS…` or `BEFORE… --to AFTER…`");
            return Outcome::Usage;
        }
    };
    let (before, after) = match sides {
        Ok(s) => s,
        Err(message) => {
            crate::errln!("error[E0900]: {message}");
            return Outcome::InputErrors;
        }
    };
    let mut diags = Diagnostics::new();
    let old = load(&rubric, &before, &mut sources, &mut diags);
    let new = load(&rubric, &after, &mut sources, &mut diags);
    if !diags.is_empty() {
        crate::err!("{}", render_all(&sources, &diags, color));
    }
    let (Some(old), Some(new)) = (old, new) else {
        return Outcome::InputErrors;
    };
    let d = diff::diff(&rubric, (&old, &before.label()), (&new, &after.label()));
    let stages = rubric.stages.len();
    let text = match args.format {
        DiffFormat::Text => diff::text(&d, stages),
        DiffFormat::Markdown => diff::markdown(&d, stages),
        DiffFormat::Json => match crate::json::pretty(&d) {
            Ok(j) => j,
            Err(e) => {
                crate::errln!("error: cannot serialise the diff: {e}");
                return Outcome::InputErrors;
            }
        },
    };
    super::print_out(&text)
}

/// Where one side's answer files come from.
enum Source {
    /// Files or folders in the working tree, and a label.
    Disk(Vec<String>, String),
    /// The paths at a git revision.
    Git(String, Vec<String>),
}

impl Source {
    fn label(&self) -> String {
        match self {
            Source::Disk(_, label) => label.clone(),
            Source::Git(rev, _) => rev.clone(),
        }
    }
}

/// `A..B` (or `A..` for the working tree) into two sources.
fn revisions(range: &str, paths: &[String]) -> Result<(Source, Source), String> {
    let (a, b) = range.split_once("..").ok_or_else(|| {
        format!("`{range}` is not a range; write `A..B`, or `A..` for the working tree")
    })?;
    git::check_revision(a)?;
    let after = if b.is_empty() {
        Source::Disk(paths.to_vec(), "working tree".into())
    } else {
        git::check_revision(b)?;
        Source::Git(b.to_string(), paths.to_vec())
    };
    Ok((Source::Git(a.to_string(), paths.to_vec()), after))
}

fn load(
    rubric: &Rubric,
    source: &Source,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Assessment> {
    let files = match source {
        Source::Disk(paths, _) => git::files_on_disk(paths, Path::new(".")).map(|names| {
            names
                .into_iter()
                .map(|n| {
                    let bytes = std::fs::read(&n).unwrap_or_default();
                    (n, bytes)
                })
                .collect::<Vec<_>>()
        }),
        Source::Git(rev, paths) => git::files_at(rev, paths, Path::new(".")),
    };
    let files = match files {
        Ok(f) if !f.is_empty() => f,
        Ok(_) => {
            crate::errln!("error[E0901]: no answer files in {}", source.label());
            return None;
        }
        Err(message) => {
            crate::errln!("error[E0900]: {message}");
            return None;
        }
    };
    let (assessment, d) = match source {
        // Files on disk go through the loader's own checks (regular
        // files, size), so symlinks and devices are refused as usual.
        Source::Disk(..) => {
            let names: Vec<String> = files.into_iter().map(|(n, _)| n).collect();
            assessment::load(rubric, &names, sources)
        }
        Source::Git(..) => assessment::load_contents(rubric, files, sources),
    };
    diags.extend(d);
    assessment
}
