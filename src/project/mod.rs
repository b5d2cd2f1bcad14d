//! A consultancy's project: `rubricate.toml` names the rubric, theme, brand
//! and output folder, and lists the assessments to publish (the way
//! `book.toml` drives mdBook). This module reads and checks the file;
//! [`build`] turns it into reports.

pub mod build;
pub mod fingerprint;
pub mod index;
mod sections;

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::gate::Gate;
use crate::report::Appendix;
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
        "appendix",
        "gate",
        "export",
        "assessment",
    ],
    tables: &[
        (
            "gate",
            &[
                "fail-below-target",
                "min-stage",
                "min-coverage",
                "max-not-applicable",
                "deny-warnings",
                "no-placeholders",
            ],
        ),
        (
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
                "appendix",
                "gate",
                "history",
                "period",
                "rubric",
            ],
        ),
    ],
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
    appendix: Option<Spanned<String>>,
    #[serde(default)]
    gate: Gate,
    #[serde(default)]
    export: Vec<Spanned<String>>,
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
    appendix: Option<Spanned<String>>,
    #[serde(default)]
    gate: Gate,
    history: Option<Spanned<HistoryEntry>>,
    period: Option<String>,
    rubric: Option<Spanned<String>>,
}

impl AssessmentEntry {
    /// The entry with every span moved `by` bytes on: read from a piece of
    /// the file starting there.
    fn shifted(self, by: usize) -> AssessmentEntry {
        fn shift<T>(s: Spanned<T>, by: usize) -> Spanned<T> {
            let span = s.span();
            Spanned::new(span.start + by..span.end + by, s.into_inner())
        }
        let opt = |s: Option<Spanned<String>>| s.map(|s| shift(s, by));
        AssessmentEntry {
            id: shift(self.id, by),
            name: self.name,
            answers: shift(self.answers, by),
            baseline: self.baseline.map(|s| shift(s, by)),
            theme: opt(self.theme),
            brand: opt(self.brand),
            logo: opt(self.logo),
            target: opt(self.target),
            narrative: opt(self.narrative),
            appendix: opt(self.appendix),
            gate: self.gate,
            history: self.history.map(|s| shift(s, by)),
            period: self.period,
            rubric: opt(self.rubric),
        }
    }
}

/// `history = "git"`, or a list of earlier rounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum HistoryEntry {
    Git(String),
    Rounds(Vec<RoundEntry>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundEntry {
    label: String,
    date: Option<String>,
    answers: OneOrMany,
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
    /// How much appendix the reports carry, unless an assessment says.
    pub appendix: Appendix,
    /// What must hold for every assessment (each may override).
    pub gate: Gate,
    /// Spreadsheet exports beside each report: `csv`, `xlsx`.
    pub export: Vec<String>,
    pub assessments: Vec<AssessmentSpec>,
}

/// One assessment to build. Held for every assessment of the project for
/// the whole build, so the settings most assessments leave to the project
/// are kept apart ([`Overrides`], boxed, absent when none is set): 112
/// bytes an assessment instead of ~340. They read as fields all the same
/// (`spec.theme`), through `Deref`.
#[derive(Debug, Clone)]
pub struct AssessmentSpec {
    pub id: String,
    pub name: Option<String>,
    pub answers: Vec<String>,
    /// The project's gate with this assessment's overrides; without
    /// overrides, shared with every other assessment (a `Gate` is ~70 bytes).
    pub gate: Arc<Gate>,
    /// Folders whose new files could match the answer globs (for watch).
    pub watch_dirs: Vec<PathBuf>,
    overrides: Option<Box<Overrides>>,
}

/// An assessment's own settings besides its answers and gate.
#[derive(Debug, Clone, PartialEq)]
pub struct Overrides {
    pub baseline: Vec<String>,
    pub theme: Option<String>,
    pub brand: Option<PathBuf>,
    pub logo: Option<PathBuf>,
    /// Overrides every pillar's target stage.
    pub target: Option<String>,
    /// The assessor's narrative (markdown), read with the answers.
    pub narrative: Option<PathBuf>,
    pub appendix: Option<Appendix>,
    /// Earlier rounds for the trend (none, git, or listed).
    pub history: History,
    /// "Q4 2026 review": shown with the title.
    pub period: Option<String>,
    /// This assessment's rubric (a path or `builtin:NAME`), else the
    /// project's.
    pub rubric: Option<String>,
}

/// The settings of an assessment that sets none of its own.
static NO_OVERRIDES: Overrides = Overrides {
    baseline: Vec::new(),
    theme: None,
    brand: None,
    logo: None,
    target: None,
    narrative: None,
    appendix: None,
    history: History::None,
    period: None,
    rubric: None,
};

impl std::ops::Deref for AssessmentSpec {
    type Target = Overrides;

    fn deref(&self) -> &Overrides {
        self.overrides.as_deref().unwrap_or(&NO_OVERRIDES)
    }
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
    let text = config::read(&path, &display, WHAT, diags)?;
    let file = sources.add(display, text);
    let project = match load_by_table(dir, file, sources.text(file)) {
        Some((project, found)) => {
            diags.extend(found);
            project
        }
        None => {
            let loaded = config::parse_file::<ProjectFile>(file, WHAT, &SCHEMA, sources, diags)?;
            resolve(dir, loaded.file, loaded.value, diags)
        }
    };
    (diags.error_count() == before).then_some(project)
}

/// How diagnostics name the project file.
const WHAT: &str = "project file";

/// The keys of the head of the project file: all but `assessment`, so
/// that an `assessment` key there (which the whole file would reject next
/// to `[[assessment]]` tables) leaves the file to be read whole.
const HEAD_SCHEMA: config::Schema = config::Schema {
    top: SCHEMA.top.split_at(SCHEMA.top.len() - 1).0,
    tables: SCHEMA.tables,
};

/// The keys of one `[[assessment]]` table read on its own.
const TABLE_SCHEMA: config::Schema = config::Schema {
    top: SCHEMA.top.split_at(SCHEMA.top.len() - 1).1,
    tables: SCHEMA.tables,
};

/// The project read one `[[assessment]]` table at a time (see
/// [`sections`]), each resolved as soon as it is parsed: only the
/// resolved assessments are held, never the whole file's parse. With the
/// diagnostics of resolving, to report. `None` when the file is not one
/// of clean TOML and known keys in the usual layout: the caller then reads
/// it whole, which reports its problems as always.
fn load_by_table(dir: &Path, file: FileId, text: &str) -> Option<(Project, Diagnostics)> {
    let sections = sections::split(text)?;
    let head: ProjectFile = config::parse_clean(text.get(sections.head.clone())?, &HEAD_SCHEMA)?;
    let mut diags = Diagnostics::new();
    let mut resolver = Resolver::new(dir, file);
    for range in sections.assessments() {
        let table: ProjectFile = config::parse_clean(text.get(range.clone())?, &TABLE_SCHEMA)?;
        let [entry] = <[AssessmentEntry; 1]>::try_from(table.assessment).ok()?;
        // Spans are relative to the table; diagnostics point into the file.
        resolver.add(&entry.shifted(range.start), &head.gate, &mut diags);
    }
    let project = resolver.finish(head, true, &mut diags);
    Some((project, diags))
}

fn resolve(dir: &Path, file: FileId, mut f: ProjectFile, diags: &mut Diagnostics) -> Project {
    let entries = std::mem::take(&mut f.assessment);
    let mut resolver = Resolver::new(dir, file);
    for entry in &entries {
        resolver.add(entry, &f.gate, diags);
    }
    resolver.finish(f, !entries.is_empty(), diags)
}

/// Resolves assessments one at a time, then the project's own settings.
struct Resolver<'a> {
    dir: &'a Path,
    file: FileId,
    seen: BTreeSet<String>,
    assessments: Vec<AssessmentSpec>,
    /// The gate of the assessments that override none of it.
    gate: Option<Arc<Gate>>,
}

impl<'a> Resolver<'a> {
    fn new(dir: &'a Path, file: FileId) -> Self {
        Resolver {
            dir,
            file,
            seen: BTreeSet::new(),
            assessments: Vec::new(),
            gate: None,
        }
    }

    fn add(&mut self, entry: &AssessmentEntry, gate: &Gate, diags: &mut Diagnostics) {
        let (dir, file) = (self.dir, self.file);
        if let Some(mut spec) = assessment(dir, file, entry, gate, &mut self.seen, diags) {
            if entry.gate == Gate::default() {
                // The project's gate as it is: one for all such assessments.
                let shared = self.gate.get_or_insert_with(|| spec.gate.clone());
                spec.gate = shared.clone();
            }
            self.assessments.push(spec);
        }
    }

    /// The project of `f` (whose `assessment` list has been taken) and
    /// the assessments added; `listed`: whether the file lists any.
    fn finish(self, f: ProjectFile, listed: bool, diags: &mut Diagnostics) -> Project {
        let Resolver {
            dir,
            file,
            mut assessments,
            ..
        } = self;
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
        if !listed {
            diags.push(
                Diagnostic::warning("W0601", "the project lists no assessments")
                    .with_help("add one with [[assessment]], id = \"client\", answers = [\"clients/client/*.toml\"]"),
            );
        }
        // Pushed one by one, the list ends up to twice its size.
        assessments.shrink_to_fit();
        Project {
            root: dir.to_path_buf(),
            title: f.title.unwrap_or_else(|| "Assessments".to_string()),
            rubric,
            theme,
            brand: f.brand.as_ref().map(rel),
            output: f.output.as_ref().map_or_else(|| dir.join("site"), rel),
            pdf: f.pdf,
            appendix: appendix(file, f.appendix.as_ref(), diags).unwrap_or_default(),
            gate: f.gate.clone(),
            export: exports(file, &f.export, diags),
            assessments,
        }
    }
}

/// Where an assessment's earlier rounds come from.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum History {
    #[default]
    None,
    /// Every commit that touched the answer files: their globs, relative
    /// to the project folder (git runs there).
    Git(Vec<String>),
    /// Listed rounds: (label, date, answer files).
    Rounds(Vec<(String, Option<String>, Vec<String>)>),
}

fn history(dir: &Path, file: FileId, e: &AssessmentEntry, diags: &mut Diagnostics) -> History {
    let Some(entry) = &e.history else {
        return History::None;
    };
    match entry.get_ref() {
        HistoryEntry::Git(s) if s == "git" => History::Git(e.answers.get_ref().patterns()),
        HistoryEntry::Git(other) => {
            diags.push(
                Diagnostic::error("E0609", format!("unknown history `{other}`"))
                    .with_primary(Span::new(file, entry.span()), "not a history")
                    .with_help("write `history = \"git\"`, or a list of rounds: `history = [{ label = \"Q2 2026\", answers = [\"q2/*.toml\"] }]`"),
            );
            History::None
        }
        HistoryEntry::Rounds(rounds) => History::Rounds(
            rounds
                .iter()
                .map(|r| {
                    let patterns = Spanned::new(entry.span(), r.answers.clone());
                    let (files, _) = expand(dir, file, &patterns, diags);
                    (r.label.clone(), r.date.clone(), files)
                })
                .collect(),
        ),
    }
}

/// A rubric as the project names it: `builtin:NAME`, or a path relative to
/// the project.
fn rubric_spec(dir: &Path, spec: &str) -> String {
    if spec.starts_with("builtin:") {
        spec.to_string()
    } else {
        dir.join(spec).display().to_string()
    }
}

/// `export = ["csv", "xlsx"]`: each a known format.
fn exports(file: FileId, values: &[Spanned<String>], diags: &mut Diagnostics) -> Vec<String> {
    let mut out = Vec::new();
    for v in values {
        match v.get_ref().as_str() {
            "csv" | "xlsx" => out.push(v.get_ref().clone()),
            other => diags.push(
                Diagnostic::error("E0608", format!("unknown export format `{other}`"))
                    .with_primary(config::span_of(file, v), "not an export format")
                    .with_help("use `csv` (a folder of CSV files) or `xlsx` (one workbook)"),
            ),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// An `appendix = "full" | "summary" | "none"` setting; an unknown value
/// is an error pointing at it.
fn appendix(
    file: FileId,
    value: Option<&Spanned<String>>,
    diags: &mut Diagnostics,
) -> Option<Appendix> {
    let value = value?;
    let parsed = Appendix::parse(value.get_ref());
    if parsed.is_none() {
        diags.push(
            Diagnostic::error("E0606", format!("unknown appendix `{}`", value.get_ref()))
                .with_primary(config::span_of(file, value), "not an appendix setting")
                .with_help(
                    crate::diagnostics::suggest::did_you_mean(value.get_ref(), Appendix::NAMES)
                        .unwrap_or_else(|| "use `full`, `summary` or `none`".to_string()),
                ),
        );
    }
    parsed
}

/// A bundled theme name stays a name; anything else is a folder relative
/// to the project.
fn theme_spec(dir: &Path, spec: &str) -> String {
    if crate::theme::bundled::names().contains(&spec) {
        spec.to_string()
    } else {
        let path = dir.join(spec);
        path.strip_prefix(".")
            .unwrap_or(&path)
            .display()
            .to_string()
    }
}

fn assessment(
    dir: &Path,
    file: FileId,
    e: &AssessmentEntry,
    project_gate: &Gate,
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
    // Held for every assessment: no room to grow (a `Vec` pushed to once
    // holds four).
    watch_dirs.shrink_to_fit();
    let rel = |p: &Spanned<String>| dir.join(p.get_ref());
    let overrides = Overrides {
        baseline,
        theme: e.theme.as_ref().map(|t| theme_spec(dir, t.get_ref())),
        brand: e.brand.as_ref().map(rel),
        logo: e.logo.as_ref().map(rel),
        target: e.target.as_ref().map(|t| t.get_ref().clone()),
        narrative: e.narrative.as_ref().map(rel),
        appendix: appendix(file, e.appendix.as_ref(), diags),
        history: history(dir, file, e, diags),
        period: e.period.clone(),
        rubric: e.rubric.as_ref().map(|r| rubric_spec(dir, r.get_ref())),
    };
    Some(AssessmentSpec {
        id: id.clone(),
        name: e.name.clone(),
        answers,
        gate: Arc::new(project_gate.merged(&e.gate)),
        watch_dirs,
        overrides: (overrides != NO_OVERRIDES).then(|| Box::new(overrides)),
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
    // Resolved once, and only if a matched file goes through a link.
    let root = OnceCell::new();
    for pattern in patterns.get_ref().patterns() {
        let full = dir.join(&pattern);
        let full_text = full.display().to_string();
        // A plain file name (the common case) is one `stat`, not a glob
        // walk (which asks about every folder on the way, twice); its
        // folder is then the base without asking once more.
        let literal = literal_path(&full_text);
        let found: Result<Vec<PathBuf>, _> = match &literal {
            Some(path) => Ok(std::fs::metadata(path)
                .is_ok_and(|m| m.is_file())
                .then(|| path.clone())
                .into_iter()
                .collect()),
            None => glob::glob(&full_text).map(|paths| {
                paths
                    .filter_map(Result::ok)
                    .filter(|p| p.is_file())
                    .collect()
            }),
        };
        let literal = literal.is_some();
        let known = match &found {
            Ok(paths) if literal => Some(!paths.is_empty()),
            _ => None,
        };
        dirs.push(glob_base(&full, known));
        let matched: Vec<String> = match found {
            Ok(paths) => paths
                .into_iter()
                .filter(|p| {
                    let escapes = links_outside(dir, &root, p);
                    if escapes {
                        diags.push(
                            Diagnostic::error(
                                "E0605",
                                format!(
                                    "`{}` is a symbolic link to a file outside the project folder",
                                    p.display()
                                ),
                            )
                            .with_primary(Span::new(file, patterns.span()), "matched here; not read")
                            .with_help("copy the file into the project, or name its real place (`../…`) in rubricate.toml"),
                        );
                    }
                    !escapes
                })
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
    files.shrink_to_fit();
    dirs.sort();
    dirs.dedup();
    (files, dirs)
}

/// A pattern without wildcards as the path `glob` would give for it (its
/// leading `./`s dropped), or `None` where `glob` has rules of its own
/// (wildcards, empty parts, a trailing separator) and must be asked.
fn literal_path(pattern: &str) -> Option<PathBuf> {
    let mut rest = pattern;
    while let Some(after) = rest.strip_prefix("./") {
        rest = after;
    }
    let plain = !rest.is_empty()
        && !rest.contains(['*', '?', '['])
        && !rest.contains("//")
        && !rest.ends_with('/')
        && rest != ".";
    plain.then(|| PathBuf::from(rest))
}

/// Whether `path` (the project folder `dir` joined with what the project
/// file names) reaches a file outside the project folder through a
/// symbolic link at or below `dir`. A `../` written in the project file is
/// the author's own choice and stays allowed; a link planted in an answers
/// folder is not. `root` is `dir` resolved, worked out on first need.
///
/// The links are looked for first (an `lstat` per folder level): only a
/// path with one is resolved, so the usual file costs no `getcwd` or
/// `readlink`.
fn links_outside(dir: &Path, root: &OnceCell<Option<PathBuf>>, path: &Path) -> bool {
    if !has_link_below(dir, path) {
        return false;
    }
    let Some(root) = root.get_or_init(|| dir.canonicalize().ok()) else {
        return false;
    };
    path.canonicalize()
        .is_ok_and(|real| !real.starts_with(root))
}

/// Whether `path` or a folder on its way up to `dir` is a symbolic link.
fn has_link_below(dir: &Path, path: &Path) -> bool {
    let mut p = path.to_path_buf();
    while p != dir && !p.as_os_str().is_empty() {
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
            return true;
        }
        if !p.pop() {
            break;
        }
    }
    false
}

/// The folder part of a glob before its first wildcard; `is_file` is
/// whether that part is a file, when already known.
fn glob_base(pattern: &Path, is_file: Option<bool>) -> PathBuf {
    let mut base = PathBuf::new();
    for part in pattern.components() {
        let text = part.as_os_str().to_string_lossy();
        if text.contains(['*', '?', '[']) {
            break;
        }
        base.push(part);
    }
    if is_file.unwrap_or_else(|| base.is_file()) {
        base.pop();
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path without wildcards comes out as `glob` would print it.
    #[test]
    fn literal_paths_are_what_glob_finds() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("p");
        std::fs::create_dir_all(root.join("a/sub")).unwrap();
        std::fs::write(root.join("a/x.toml"), "").unwrap();
        std::fs::write(tmp.path().join("up.toml"), "").unwrap();
        let root_text = root.display().to_string();
        let cases = [
            format!("{root_text}/a/x.toml"),
            format!("{root_text}/./a/x.toml"),
            format!("{root_text}/a/../a/x.toml"),
            format!("{root_text}/../up.toml"),
            format!("{root_text}/a/missing.toml"),
            format!("{root_text}/a/sub"),
        ];
        for case in &cases {
            let Some(literal) = literal_path(case) else {
                continue;
            };
            let globbed: Vec<PathBuf> = glob::glob(case).unwrap().filter_map(Result::ok).collect();
            let exists = std::fs::metadata(&literal).is_ok();
            let ours: Vec<PathBuf> = exists.then_some(literal).into_iter().collect();
            assert_eq!(ours, globbed, "{case}");
        }
        // Relative patterns, as a project in the current folder gives them.
        let here = std::env::current_dir().unwrap();
        for case in [
            "./Cargo.toml",
            "././Cargo.toml",
            "src/./lib.rs",
            "./missing.toml",
        ] {
            let literal = literal_path(case).expect("plain");
            let globbed: Vec<PathBuf> = glob::glob(case).unwrap().filter_map(Result::ok).collect();
            let ours: Vec<PathBuf> = here
                .join(&literal)
                .exists()
                .then_some(literal)
                .into_iter()
                .collect();
            assert_eq!(ours, globbed, "{case}");
        }
        for special in ["a/*.toml", "a//x.toml", "a/", "./", "", "a/[x].toml"] {
            assert_eq!(literal_path(special), None, "{special}");
        }
    }

    /// Links below the project folder are resolved; `../` named by the
    /// project file and plain files are not refused.
    #[cfg(unix)]
    #[test]
    fn only_links_below_the_project_that_leave_it_are_refused() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let (dir, outside) = (tmp.path().join("project"), tmp.path().join("outside"));
        for d in [dir.join("answers"), outside.clone()] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(dir.join("answers/plain.toml"), "").unwrap();
        std::fs::write(outside.join("secret.toml"), "").unwrap();
        symlink(
            outside.join("secret.toml"),
            dir.join("answers/file-link.toml"),
        )
        .unwrap();
        symlink(&outside, dir.join("folder-link")).unwrap();
        symlink(dir.join("answers/plain.toml"), dir.join("inner-link.toml")).unwrap();
        let escapes = |rel: &str| links_outside(&dir, &OnceCell::new(), &dir.join(rel));
        assert!(!escapes("answers/plain.toml"));
        assert!(
            !escapes("inner-link.toml"),
            "a link that stays inside is fine"
        );
        assert!(
            !escapes("../outside/secret.toml"),
            "`../` is the author's choice"
        );
        assert!(escapes("answers/file-link.toml"));
        assert!(escapes("folder-link/secret.toml"));
    }

    #[test]
    fn the_head_and_table_schemas_split_the_keys_at_assessment() {
        assert!(!HEAD_SCHEMA.top.contains(&"assessment"));
        assert_eq!(HEAD_SCHEMA.top.len() + 1, SCHEMA.top.len());
        assert_eq!(TABLE_SCHEMA.top, ["assessment"]);
    }

    /// The project and diagnostics of `text` read table by table, and read
    /// whole.
    fn both_ways(dir: &Path, text: &str) -> (String, String) {
        let render = |project: &Project, diags: &Diagnostics, sources: &SourceMap| {
            let rendered = crate::diagnostics::render_all(
                sources,
                diags,
                crate::diagnostics::ColorChoice::Never,
            );
            format!("{project:?}\n{rendered}")
        };
        let mut sources = SourceMap::new();
        let file = sources.add("rubricate.toml", text);
        let (project, diags) = load_by_table(dir, file, sources.text(file)).expect("cut");
        let by_table = render(&project, &diags, &sources);
        let mut diags = Diagnostics::new();
        let loaded =
            config::parse_file::<ProjectFile>(file, WHAT, &SCHEMA, &sources, &mut diags).unwrap();
        let project = resolve(dir, loaded.file, loaded.value, &mut diags);
        (by_table, render(&project, &diags, &sources))
    }

    #[test]
    fn reading_by_table_is_reading_whole() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        std::fs::create_dir(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/x.toml"), "").unwrap();
        let text = "title = \"T\" # [[assessment]]\nexport = [\"csv\", \"pdf\"]\n[gate]\n\
                    deny-warnings = true\n\n[[assessment]]\nid = \"one\"\nanswers = \"a/*.toml\"\n\
                    period = \"\"\"\n[[assessment]]\"\"\"\n[assessment.gate]\nmin-coverage = 0.5\n\
                    [[assessment]]\nid = \"Bad id\"\nanswers = [\"a/x.toml\"]\n\
                    [[assessment]]\nid = \"one\"\nanswers = [\"a/y.toml\"]\nappendix = \"ful\"\n\
                    [[assessment]]\nid = \"hist\"\nanswers = [\"a/x.toml\"]\n\
                    history = [{ label = \"Q1\", answers = \"b/*.toml\" }]\n";
        let (by_table, whole) = both_ways(dir, text);
        assert_eq!(by_table, whole);
        for code in ["E0601", "E0602", "E0604", "E0608"] {
            assert!(whole.contains(code), "{code} in {whole}");
        }
    }

    #[test]
    fn a_file_with_problems_of_its_own_is_read_whole() {
        let mut sources = SourceMap::new();
        for text in [
            "titel = 1\n[[assessment]]\nid = \"a\"\nanswers = []\n",
            "[[assessment]]\nid = \"a\"\nanswers = []\ncolour = 1\n",
            "assessment = []\n[[assessment]]\nid = \"a\"\nanswers = []\n",
            "[[assessment]]\nid = 1\nanswers = []\n",
            "[[assessment]]\nid = \"a\"\nid = \"b\"\nanswers = []\n",
        ] {
            let file = sources.add("rubricate.toml", text);
            assert!(
                load_by_table(Path::new("."), file, sources.text(file)).is_none(),
                "{text}"
            );
        }
    }
}
