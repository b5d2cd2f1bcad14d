//! A consultancy's project: `rubricate.toml` names the rubric, theme, brand
//! and output folder, and lists the assessments to publish (the way
//! `book.toml` drives mdBook). This module reads and checks the file;
//! [`build`] turns it into reports.

pub mod build;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::{FileId, SourceMap, Span};

/// The project file's name inside a project folder.
pub const FILE_NAME: &str = "rubricate.toml";

/// The keys of `rubricate.toml` (the JSON Schema mirror is checked
/// against these).
pub(crate) const SCHEMA: config::Schema = config::Schema {
    top: &[
        "title",
        "rubric",
        "theme",
        "brand",
        "output",
        "pdf",
        "assessment",
    ],
    tables: &[(
        "assessment",
        &[
            "id",
            "name",
            "answers",
            "baseline",
            "theme",
            "brand",
            "logo",
            "target",
            "narrative",
        ],
    )],
};

#[derive(Debug, Deserialize)]
struct ProjectFile {
    title: Option<String>,
    rubric: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    brand: Option<Spanned<String>>,
    output: Option<Spanned<String>>,
    #[serde(default)]
    pdf: bool,
    #[serde(default)]
    assessment: Vec<AssessmentEntry>,
}

#[derive(Debug, Deserialize)]
struct AssessmentEntry {
    id: Spanned<String>,
    name: Option<String>,
    answers: Spanned<OneOrMany>,
    baseline: Option<Spanned<OneOrMany>>,
    theme: Option<Spanned<String>>,
    brand: Option<Spanned<String>>,
    logo: Option<Spanned<String>>,
    target: Option<Spanned<String>>,
    narrative: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn patterns(&self) -> Vec<String> {
        match self {
            OneOrMany::One(p) => vec![p.clone()],
            OneOrMany::Many(ps) => ps.clone(),
        }
    }
}

/// A checked project: every path resolved against the project folder,
/// every glob expanded (sorted), every id unique.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub title: String,
    /// A path, or `builtin:NAME`.
    pub rubric: String,
    pub theme: String,
    pub brand: Option<PathBuf>,
    pub output: PathBuf,
    pub pdf: bool,
    pub assessments: Vec<AssessmentSpec>,
}

/// One assessment to build.
#[derive(Debug, Clone)]
pub struct AssessmentSpec {
    pub id: String,
    pub name: Option<String>,
    pub answers: Vec<String>,
    pub baseline: Vec<String>,
    pub theme: Option<String>,
    pub brand: Option<PathBuf>,
    pub logo: Option<PathBuf>,
    /// Overrides every pillar's target stage.
    pub target: Option<String>,
    /// The assessor's narrative (markdown), read with the answers.
    pub narrative: Option<PathBuf>,
    /// Folders whose new files could match the answer globs (for watch).
    pub watch_dirs: Vec<PathBuf>,
}

/// Reads `DIR/rubricate.toml`. `None` when it has errors (all in `diags`).
pub fn load(dir: &Path, sources: &mut SourceMap, diags: &mut Diagnostics) -> Option<Project> {
    let path = dir.join(FILE_NAME);
    if !path.is_file() {
        diags.push(
            Diagnostic::error("E0600", format!("no `{FILE_NAME}` in `{}`", dir.display()))
                .with_help(
                    "run `rubricate new DIR` to start a project, or pass the project's folder",
                ),
        );
        return None;
    }
    let before = diags.error_count();
    let display = path.display().to_string();
    let loaded =
        config::load::<ProjectFile>(&path, &display, "project file", &SCHEMA, sources, diags)?;
    let project = resolve(dir, loaded.file, loaded.value, diags);
    (diags.error_count() == before).then_some(project)
}

fn resolve(dir: &Path, file: FileId, f: ProjectFile, diags: &mut Diagnostics) -> Project {
    let rel = |p: &Spanned<String>| dir.join(p.get_ref());
    let rubric = match &f.rubric {
        Some(r) if r.get_ref().starts_with("builtin:") => r.get_ref().clone(),
        Some(r) => rel(r).display().to_string(),
        None => "builtin:ecommerce".to_string(),
    };
    let theme = f.theme.as_ref().map_or_else(
        || crate::theme::DEFAULT_THEME.to_string(),
        |t| theme_spec(dir, t.get_ref()),
    );
    let mut seen = BTreeSet::new();
    let mut assessments = Vec::new();
    for entry in &f.assessment {
        if let Some(spec) = assessment(dir, file, entry, &mut seen, diags) {
            assessments.push(spec);
        }
    }
    if f.assessment.is_empty() {
        diags.push(
            Diagnostic::warning("W0601", "the project lists no assessments")
                .with_help("add one with [[assessment]], id = \"client\", answers = [\"clients/client/*.toml\"]"),
        );
    }
    Project {
        root: dir.to_path_buf(),
        title: f.title.unwrap_or_else(|| "Assessments".to_string()),
        rubric,
        theme,
        brand: f.brand.as_ref().map(rel),
        output: f.output.as_ref().map_or_else(|| dir.join("site"), rel),
        pdf: f.pdf,
        assessments,
    }
}

/// A bundled theme name stays a name; anything else is a folder relative
/// to the project.
fn theme_spec(dir: &Path, spec: &str) -> String {
    if crate::theme::bundled::names().contains(&spec) {
        spec.to_string()
    } else {
        dir.join(spec).display().to_string()
    }
}

fn assessment(
    dir: &Path,
    file: FileId,
    e: &AssessmentEntry,
    seen: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Option<AssessmentSpec> {
    let id = e.id.get_ref();
    let valid = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !id.starts_with(['-', '_']);
    if !valid {
        diags.push(
            Diagnostic::error("E0601", format!("invalid assessment id `{id}`"))
                .with_primary(
                    config::span_of(file, &e.id),
                    "used as a folder name of the output",
                )
                .with_help("use lower-case letters, digits, `-` and `_`, e.g. `acme-2026-q4`"),
        );
        return None;
    }
    if !seen.insert(id.clone()) {
        diags.push(
            Diagnostic::error("E0602", format!("assessment id `{id}` is used twice"))
                .with_primary(config::span_of(file, &e.id), "already used above")
                .with_help("each assessment needs its own id: it names its output folder"),
        );
        return None;
    }
    let (answers, mut watch_dirs) = expand(dir, file, &e.answers, diags);
    let (baseline, more) = match &e.baseline {
        Some(b) => expand(dir, file, b, diags),
        None => (Vec::new(), Vec::new()),
    };
    watch_dirs.extend(more);
    let rel = |p: &Spanned<String>| dir.join(p.get_ref());
    Some(AssessmentSpec {
        id: id.clone(),
        name: e.name.clone(),
        answers,
        baseline,
        theme: e.theme.as_ref().map(|t| theme_spec(dir, t.get_ref())),
        brand: e.brand.as_ref().map(rel),
        logo: e.logo.as_ref().map(rel),
        target: e.target.as_ref().map(|t| t.get_ref().clone()),
        narrative: e.narrative.as_ref().map(rel),
        watch_dirs,
    })
}

/// Expands globs relative to the project, sorted; a pattern matching
/// nothing is an error pointing at it.
fn expand(
    dir: &Path,
    file: FileId,
    patterns: &Spanned<OneOrMany>,
    diags: &mut Diagnostics,
) -> (Vec<String>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for pattern in patterns.get_ref().patterns() {
        let full = dir.join(&pattern);
        let full_text = full.display().to_string();
        dirs.push(glob_base(&full));
        let matched: Vec<String> = match glob::glob(&full_text) {
            Ok(paths) => paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .map(|p| p.display().to_string())
                .collect(),
            Err(e) => {
                diags.push(
                    Diagnostic::error("E0603", format!("invalid pattern `{pattern}`: {}", e.msg))
                        .with_primary(Span::new(file, patterns.span()), "in this list"),
                );
                continue;
            }
        };
        if matched.is_empty() {
            diags.push(
                Diagnostic::error("E0604", format!("`{pattern}` matches no file"))
                    .with_primary(Span::new(file, patterns.span()), "in this list")
                    .with_help("paths and globs are relative to the folder of rubricate.toml"),
            );
        }
        files.extend(matched);
    }
    files.sort();
    files.dedup();
    dirs.sort();
    dirs.dedup();
    (files, dirs)
}

/// The folder part of a glob before its first wildcard.
fn glob_base(pattern: &Path) -> PathBuf {
    let mut base = PathBuf::new();
    for part in pattern.components() {
        let text = part.as_os_str().to_string_lossy();
        if text.contains(['*', '?', '[']) {
            break;
        }
        base.push(part);
    }
    if base.is_file() {
        base.pop();
    }
    base
}
