//! Building a project: the rubric is compiled and every theme and brand
//! loaded once; assessments are then scored, rendered and written in
//! parallel (rayon), each into `OUTPUT/ID/` (`report.html`, `score.json`),
//! plus `OUTPUT/index.html`. An assessment that fails does not stop the
//! others. A [`Builder`] stays warm between rebuilds in watch mode. A
//! report whose inputs have not changed since it was last built is not
//! built again (see [`super::fingerprint`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::fingerprint::{
    self, Cache, Digest, Entry, Fingerprint, Key, Strings, Summary, WrittenFile,
};
use super::index::{Index, Row};
use super::{AssessmentSpec, History, Project};
use crate::assessment;
use crate::diagnostics::{ColorChoice, Diagnostic, Diagnostics, render_all, suggest};
use crate::gate::Gate;
use crate::history::trend;
use crate::model::{self, Rubric};
use crate::output::{self, Written};
use crate::report::{self, Brand, Image, Renderer, RubricReports, StreamError};
use crate::scoring::{self, Scorecard};
use crate::source::SourceMap;
use crate::theme;

/// What happened to one assessment.
#[derive(Debug, Clone)]
pub struct AssessmentResult {
    pub id: String,
    /// `None` when it failed.
    pub built: Option<Built>,
    /// Rendered diagnostics (errors and warnings), possibly empty.
    pub diagnostics: String,
    pub warnings: usize,
    /// Rendered gate failures, possibly empty.
    pub gate: String,
    pub gate_failures: usize,
    /// Not built: its fingerprint matched the one recorded with its files.
    pub up_to_date: bool,
}

/// A report built (or up to date). Kept for every assessment until the
/// build ends, so it holds only what the console, index, job summary and
/// PDFs need.
#[derive(Debug, Clone)]
pub struct Built {
    /// Title, author, organisation, stage, position, target…: shared with
    /// the report's cache entry rather than copied.
    pub summary: Arc<Summary>,
    /// What the gate found (errors G00xx), empty when it passed.
    pub gate_failures: Vec<crate::diagnostics::Diagnostic>,
    pub html: Written,
    pub json: Written,
    pub html_path: PathBuf,
}

/// What a build does to a report's cache entry.
enum Update {
    /// Up to date: the entry stays as it is (not cloned).
    Keep,
    Set(Entry),
    /// Not cacheable (errors, warnings, gate failures, unreadable input).
    Forget,
}

/// A rubric compiled once, with its part of the report prepared.
struct CompiledRubric {
    rubric: Rubric,
    reports: RubricReports,
    /// Every file the compile read, for fingerprints.
    digest: Digest,
}

/// Digests of the looks as loaded, for fingerprints; a theme, brand or
/// logo that failed to load has none.
#[derive(Default)]
struct LookDigests {
    themes: BTreeMap<String, Digest>,
    brands: BTreeMap<PathBuf, Digest>,
    logos: BTreeMap<PathBuf, Digest>,
}

/// A project compiled once: rubrics, themes and brands, ready to build any
/// subset of its assessments.
pub struct Builder {
    pub project: Project,
    /// Every rubric the project names, by spec (`builtin:NAME` or path).
    rubrics: BTreeMap<String, CompiledRubric>,
    /// Files the rubric was read from (includes too), for watch mode.
    pub rubric_files: Vec<PathBuf>,
    themes: BTreeMap<String, Result<Renderer, String>>,
    brands: BTreeMap<PathBuf, Result<Brand, String>>,
    logos: BTreeMap<PathBuf, Result<Image, String>>,
    digests: LookDigests,
    /// Rebuild every report, whatever the cache says (`--force`).
    force: bool,
    /// Which binary writes the cache ([`fingerprint::binary_identity`]).
    identity: String,
    /// The cache as the last [`Builder::build`] left it, for the index.
    cache: std::sync::Mutex<Option<Cache>>,
    /// Labels shared by the summaries of every report (cached and built).
    strings: Arc<Strings>,
    /// Warnings about the looks (brand contrast, theme variables), rendered
    /// once per compile, not once per assessment.
    pub setup_warnings: String,
    /// Errors of broken themes and brands, rendered once; each assessment
    /// that uses one fails with a one-line pointer to them.
    pub setup_errors: String,
    pub setup_warning_count: usize,
    /// Gate settings from the command line, over the project's.
    flags_gate: Gate,
    color: ColorChoice,
    /// The output folder made absolute once: a temporary file in a relative
    /// folder would otherwise cost a `getcwd` each.
    write_root: PathBuf,
    /// Whether the running build's output folder did not exist when it
    /// started (a clean checkout in CI): then each report's folder is made
    /// first and its files written without looking for earlier ones,
    /// saving four failing system calls per report. Set by [`Builder::build`].
    fresh_output: AtomicBool,
}

impl Builder {
    /// Compiles the rubric and loads every theme, brand and logo the
    /// project names. A broken rubric fails the whole build (`Err` holds
    /// the rendered diagnostics); a broken theme or brand fails only the
    /// assessments that use it.
    pub fn new(project: Project, color: ColorChoice) -> Result<Builder, String> {
        let mut specs: BTreeSet<String> = BTreeSet::from([project.rubric.clone()]);
        specs.extend(project.assessments.iter().filter_map(|a| a.rubric.clone()));
        let mut rubrics = BTreeMap::new();
        let mut rubric_files: Vec<PathBuf> = Vec::new();
        for spec in specs {
            let mut sources = SourceMap::new();
            let compiled = model::compile(&spec, &mut sources);
            let Some(rubric) = compiled.rubric else {
                return Err(render_all(&sources, &compiled.diagnostics, color));
            };
            rubric_files.extend(
                sources
                    .files()
                    .map(|(_, f)| PathBuf::from(&f.name))
                    .filter(|p| p.is_file()),
            );
            let reports = RubricReports::new(&rubric);
            let digest = fingerprint::sources_digest(&sources);
            rubrics.insert(
                spec,
                CompiledRubric {
                    rubric,
                    reports,
                    digest,
                },
            );
        }
        rubric_files.sort();
        rubric_files.dedup();
        check_gates(&project, &rubrics, color)?;
        let write_root = std::path::absolute(&project.output).unwrap_or_default();
        let mut builder = Builder {
            write_root,
            fresh_output: AtomicBool::new(false),
            project,
            rubrics,
            rubric_files,
            themes: BTreeMap::new(),
            brands: BTreeMap::new(),
            logos: BTreeMap::new(),
            digests: LookDigests::default(),
            force: false,
            identity: fingerprint::binary_identity(),
            cache: std::sync::Mutex::new(None),
            strings: Arc::default(),
            setup_warnings: String::new(),
            setup_errors: String::new(),
            setup_warning_count: 0,
            flags_gate: Gate::default(),
            color,
        };
        builder.load_looks();
        Ok(builder)
    }

    fn load_looks(&mut self) {
        let mut themes: BTreeSet<String> = BTreeSet::from([self.project.theme.clone()]);
        let mut brands: BTreeSet<PathBuf> = self.project.brand.iter().cloned().collect();
        let mut logos = BTreeSet::new();
        for a in &self.project.assessments {
            themes.extend(a.theme.clone());
            brands.extend(a.brand.clone());
            logos.extend(a.logo.clone());
        }
        let color = self.color;
        for spec in themes {
            let mut sources = SourceMap::new();
            let mut diags = Diagnostics::new();
            let loaded = theme::load(&spec, Path::new("."), &mut sources, &mut diags);
            if let Some(t) = &loaded {
                self.digests
                    .themes
                    .insert(spec.clone(), fingerprint::theme_digest(t));
            }
            let renderer = loaded.and_then(|t| Renderer::new(&t, &mut sources, &mut diags));
            self.keep_warnings(renderer.is_some(), &sources, &diags);
            let result = renderer.ok_or_else(|| {
                self.setup_errors
                    .push_str(&render_all(&sources, &diags, color));
                format!("error: the theme `{spec}` has errors (shown above): not built\n")
            });
            self.themes.insert(spec, result);
        }
        for path in brands {
            let mut sources = SourceMap::new();
            let mut diags = Diagnostics::new();
            let brand = report::brand::load(&path, &mut sources, &mut diags);
            if let Some(digest) = brand.as_ref().and_then(fingerprint::brand_digest) {
                self.digests.brands.insert(path.clone(), digest);
            }
            self.keep_warnings(brand.is_some(), &sources, &diags);
            let result = brand.ok_or_else(|| {
                self.setup_errors
                    .push_str(&render_all(&sources, &diags, color));
                format!(
                    "error: the brand `{}` has errors (shown above): not built\n",
                    path.display()
                )
            });
            self.brands.insert(path, result);
        }
        for path in logos {
            let image = report::brand::load_image(&path).map_err(|reason| {
                format!(
                    "error[E0303]: cannot embed the logo `{}`: {reason}\n",
                    path.display()
                )
            });
            if let Some(digest) = image.as_ref().ok().and_then(fingerprint::image_digest) {
                self.digests.logos.insert(path.clone(), digest);
            }
            self.logos.insert(path, image);
        }
    }

    /// The rubric an assessment is scored by.
    fn compiled(&self, spec: &AssessmentSpec) -> &CompiledRubric {
        let key = spec.rubric.as_ref().unwrap_or(&self.project.rubric);
        &self.rubrics[key]
    }

    /// The project's own rubric (the index names it).
    fn default_rubric(&self) -> &Rubric {
        &self.rubrics[&self.project.rubric].rubric
    }

    /// Sets the gate given on the command line (it overrides the project's
    /// settings); `Err` holds the rendered problems.
    pub fn set_gate_flags(&mut self, flags: Gate) -> Result<(), String> {
        for compiled in self.rubrics.values() {
            gate_problems(&flags, &compiled.rubric, "on the command line", self.color)?;
        }
        self.flags_gate = flags;
        Ok(())
    }

    /// Rebuilds every report whatever the cache says (`--force`).
    pub fn set_force(&mut self, force: bool) {
        self.force = force;
    }

    /// A loaded theme's or brand's warnings, kept to print once; a failed
    /// one's diagnostics (warnings included) travel with its error instead.
    fn keep_warnings(&mut self, loaded: bool, sources: &SourceMap, diags: &Diagnostics) {
        if loaded && diags.warning_count() > 0 {
            self.setup_warnings
                .push_str(&render_all(sources, diags, self.color));
            self.setup_warning_count += diags.warning_count();
        }
    }

    /// Every file whose change should trigger a rebuild, with the id of
    /// the one assessment it feeds for answer files (`None`: the project
    /// must be recompiled: project file, rubric, brands, logos).
    pub fn inputs(&self) -> Vec<(PathBuf, Option<String>)> {
        let mut inputs: Vec<(PathBuf, Option<String>)> = Vec::new();
        inputs.push((self.project.root.join(super::FILE_NAME), None));
        inputs.extend(self.rubric_files.iter().map(|p| (p.clone(), None)));
        inputs.extend(self.project.brand.iter().map(|p| (p.clone(), None)));
        // A brand's logo and font files.
        let assets = self.brands.values().filter_map(|b| b.as_ref().ok());
        inputs.extend(assets.flat_map(|b| b.files.iter().map(|p| (p.clone(), None))));
        for a in &self.project.assessments {
            let mine = Some(a.id.clone());
            let files = a.answers.iter().chain(&a.baseline).map(PathBuf::from);
            inputs.extend(files.map(|p| (p, mine.clone())));
            inputs.extend(a.narrative.iter().map(|p| (p.clone(), mine.clone())));
            inputs.extend(a.brand.iter().chain(&a.logo).map(|p| (p.clone(), None)));
        }
        inputs
    }

    /// Folders of the themes in use (recursively watched in watch mode).
    pub fn theme_folders(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = self
            .themes
            .values()
            .filter_map(|t| t.as_ref().ok())
            .flat_map(Renderer::folders)
            .collect();
        dirs.sort();
        dirs.dedup();
        dirs
    }

    /// Builds the given assessments (all when `only` is `None`) and the
    /// index. `progress` is called once per finished assessment.
    pub fn build(
        &self,
        only: Option<&BTreeSet<String>>,
        progress: &(dyn Fn(&AssessmentResult) + Sync),
    ) -> Vec<AssessmentResult> {
        let selected: Vec<&AssessmentSpec> = self
            .project
            .assessments
            .iter()
            .filter(|a| only.is_none_or(|o| o.contains(&a.id)))
            .collect();
        let fresh = !self.project.output.exists();
        self.fresh_output.store(fresh, Ordering::Relaxed);
        output::remove_stale_temporaries(&self.project.output);
        let mut cache = if self.force {
            Cache::new(&self.identity)
        } else {
            Cache::read(&self.project.output, &self.identity, &self.strings)
        };
        // Hashed before anything is read to build: a file saved during the
        // build leaves an old digest, so the next build redoes the report.
        let files =
            fingerprint::digest_files(selected.iter().flat_map(|s| files_read(s)).collect());
        let (results, updates): (Vec<AssessmentResult>, Vec<Update>) = selected
            .par_iter()
            .map(|spec| {
                let done = self.build_or_reuse(spec, &cache, &files);
                progress(&done.0);
                done
            })
            .unzip();
        drop(files);
        for (result, update) in results.iter().zip(updates) {
            match update {
                Update::Keep => {}
                Update::Set(entry) => cache.set(&result.id, Some(entry)),
                Update::Forget => cache.set(&result.id, None),
            }
        }
        cache.keep_only(
            &self
                .project
                .assessments
                .iter()
                .map(|a| a.id.as_str())
                .collect(),
        );
        // Only a hint: if it cannot be written, the next build rebuilds.
        let _ = cache.write(&self.project.output);
        if let Ok(mut kept) = self.cache.lock() {
            *kept = Some(cache);
        }
        results
    }

    /// The result of `spec` from the cache when its fingerprint is the one
    /// recorded and its files are intact, else from building it; with the
    /// cache entry to record (none for a report with errors, warnings or
    /// gate failures: those are built, and their messages printed, every
    /// time).
    fn build_or_reuse(
        &self,
        spec: &AssessmentSpec,
        cache: &Cache,
        files: &FileDigests,
    ) -> (AssessmentResult, Update) {
        let key = self.fingerprint(spec, files);
        let dir = self.project.output.join(&spec.id);
        // Leftovers of a killed run, whether or not this build succeeds and
        // whether or not the report is up to date.
        if !self.fresh_output.load(Ordering::Relaxed) {
            output::remove_stale_temporaries(&dir);
        }
        if let Some(entry) = key.as_ref().and_then(|k| cache.fresh(&spec.id, k, &dir)) {
            return (up_to_date(spec, entry, &dir), Update::Keep);
        }
        let (result, files) = self.build_one(spec);
        match key.and_then(|k| entry_of(&result, &files, k, &dir)) {
            Some(entry) => (result, Update::Set(entry)),
            None => (result, Update::Forget),
        }
    }

    /// Everything report `spec` depends on, as one digest (see
    /// [`super::fingerprint`]); `None` when an input cannot be read or
    /// loaded (the build reports it, and the report is not cached).
    fn fingerprint(&self, spec: &AssessmentSpec, files: &FileDigests) -> Option<Fingerprint> {
        let project = &self.project;
        let mut key = Key::new();
        key.field("id", &spec.id);
        let rubric = spec.rubric.as_ref().unwrap_or(&project.rubric);
        key.field("rubric", rubric)
            .field("rubric files", self.compiled(spec).digest);
        let theme = spec.theme.as_ref().unwrap_or(&project.theme);
        key.field("theme", theme)
            .field("theme files", self.digests.themes.get(theme)?);
        match spec.brand.as_ref().or(project.brand.as_ref()) {
            Some(path) => key
                .field("brand", path_bytes(path))
                .field("brand files", self.digests.brands.get(path)?),
            None => key.field("brand", ""),
        };
        match &spec.logo {
            Some(path) => key
                .field("logo", path_bytes(path))
                .field("logo bytes", self.digests.logos.get(path)?),
            None => key.field("logo", ""),
        };
        for (kind, list) in [("answers", &spec.answers), ("baseline", &spec.baseline)] {
            for file in list {
                key.field(kind, file)
                    .field("bytes", files.get(Path::new(file))?.as_ref()?);
            }
        }
        if let Some(path) = &spec.narrative {
            key.field("narrative", path_bytes(path))
                .field("bytes", files.get(path.as_path())?.as_ref()?);
        }
        self.history_key(spec, files, &mut key)?;
        let appendix = spec.appendix.unwrap_or(project.appendix);
        key.field("target", spec.target.as_deref().unwrap_or(""))
            .field("appendix", format!("{appendix:?}"))
            .field("period", spec.period.as_deref().unwrap_or(""))
            .field("gate", format!("{:?}", spec.gate.merged(&self.flags_gate)))
            .field("export", project.export.join(","));
        Some(key.finish())
    }

    /// The earlier rounds a trend reads: listed files by content; for a git
    /// history, the commits that touched the answer files with their tags
    /// (a commit's files never change; one `git log` per assessment).
    fn history_key(&self, spec: &AssessmentSpec, files: &FileDigests, key: &mut Key) -> Option<()> {
        match &spec.history {
            History::None => {
                key.field("history", "none");
            }
            History::Git(patterns) => {
                let revisions = trend::git_revisions(patterns, &self.project.root).ok()?;
                key.field("history", "git")
                    .field("patterns", patterns.join("\n"))
                    .field("revisions", revisions);
            }
            History::Rounds(rounds) => {
                key.field("history", "rounds");
                for (label, date, list) in rounds {
                    key.field("round", label)
                        .field("date", date.as_deref().unwrap_or(""));
                    for file in list {
                        key.field("file", file)
                            .field("bytes", files.get(Path::new(file))?.as_ref()?);
                    }
                }
            }
        }
        Some(())
    }

    /// Where output path `path` (as shown to users) is written: under the
    /// absolute output folder.
    fn write_path(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.project.output) {
            Ok(rel) if self.write_root.is_absolute() => self.write_root.join(rel),
            _ => path.to_path_buf(),
        }
    }

    /// Writes output file `path` (under the project's output folder, as
    /// shown to users) through its absolute form.
    fn write(
        &self,
        path: &Path,
        bytes: &[u8],
        diags: &mut Diagnostics,
    ) -> Result<Written, Option<String>> {
        let at = self.write_path(path);
        let written = if self.fresh_output.load(Ordering::Relaxed) {
            output::write_in_new_folder(&at, bytes)
        } else {
            output::write_atomic(&at, bytes)
        };
        written.map_err(|e| {
            diags.push(
                Diagnostic::error("E0500", format!("cannot write `{}`: {e}", path.display()))
                    .with_help("check that the output folder is writable"),
            );
            None
        })
    }

    /// Builds one report: its result, and every file written for it (HTML,
    /// JSON, exports) for its cache entry.
    fn build_one(&self, spec: &AssessmentSpec) -> (AssessmentResult, Vec<WrittenFile>) {
        let mut sources = SourceMap::new();
        let mut diags = Diagnostics::new();
        let (built, files) = match self.try_build(spec, &mut sources, &mut diags) {
            Ok((built, files)) => (Ok(built), files),
            Err(e) => (Err(e), Vec::new()),
        };
        let mut diagnostics = if diags.is_empty() {
            String::new()
        } else {
            render_all(&sources, &diags, self.color)
        };
        let built = match built {
            Ok(b) => Some(b),
            Err(Some(text)) => {
                diagnostics.push_str(&text);
                None
            }
            Err(None) => None,
        };
        let failures: Diagnostics = built
            .iter()
            .flat_map(|b| b.gate_failures.iter().cloned())
            .fold(Diagnostics::new(), |mut all, d| {
                all.push(d);
                all
            });
        let result = AssessmentResult {
            id: spec.id.clone(),
            built,
            diagnostics,
            warnings: diags.warning_count(),
            gate: if failures.is_empty() {
                String::new()
            } else {
                render_all(&sources, &failures, self.color)
            },
            gate_failures: failures.error_count(),
            up_to_date: false,
        };
        (result, files)
    }

    /// `Err(Some(text))` carries an already-rendered setup error (theme,
    /// brand); `Err(None)` means the errors are in `diags`.
    fn try_build(
        &self,
        spec: &AssessmentSpec,
        sources: &mut SourceMap,
        diags: &mut Diagnostics,
    ) -> Result<(Built, Vec<WrittenFile>), Option<String>> {
        let CompiledRubric {
            rubric, reports, ..
        } = self.compiled(spec);
        let theme_spec = spec.theme.as_ref().unwrap_or(&self.project.theme);
        let renderer = lookup(&self.themes, theme_spec)?;
        let brand = match spec.brand.as_ref().or(self.project.brand.as_ref()) {
            Some(path) => lookup(&self.brands, path)?.clone(),
            None => Brand::default(),
        };
        let logo = match &spec.logo {
            Some(path) => Some(lookup(&self.logos, path)?),
            None => None,
        };
        let mut card = self.score(spec, sources, diags).ok_or(None)?;
        card.trend = self.trend(spec, rubric, &card, sources, diags);
        let narrative = match &spec.narrative {
            Some(path) => Some(
                crate::narrative::load(rubric, &path.display().to_string(), sources, diags)
                    .ok_or(None)?,
            ),
            None => None,
        };
        let one = report::Assessed {
            card: &card,
            brand: &brand,
            client_logo: logo,
            narrative: narrative.as_ref(),
            appendix: spec.appendix.unwrap_or(self.project.appendix),
            period: spec.period.as_deref(),
        };
        let html = reports
            .render(renderer, rubric, &one, sources)
            .map_err(|d| {
                diags.push(d);
                None
            })?;
        let json = crate::json::pretty_bytes(&card)
            .map_err(|e| Some(format!("error: cannot serialise the scorecard: {e}\n")))?;
        let dir = self.project.output.join(&spec.id);
        let html_path = dir.join("report.html");
        let json_path = dir.join("score.json");
        if self.fresh_output.load(Ordering::Relaxed) {
            // Made here, else the first temporary file fails to find it.
            let _ = std::fs::create_dir_all(self.write_path(&dir));
        }
        let html_written = self.write(&html_path, html.as_bytes(), diags)?;
        let json_written = self.write(&json_path, &json, diags)?;
        let mut files = vec![
            (html_path.clone(), Some(html.len() as u64)),
            (json_path, Some(json.len() as u64)),
        ];
        if !self.project.export.is_empty() {
            let tables = crate::export::tables(rubric, &card);
            let title = report::view::title(rubric, &card);
            for format in &self.project.export {
                let target = match format.as_str() {
                    "xlsx" => dir.join("scores.xlsx"),
                    _ => dir.join("csv"),
                };
                match crate::export::write(&tables, &title, &target) {
                    Ok(written) => files.extend(written.into_iter().map(|f| (f, None))),
                    Err(message) => {
                        diags.push(Diagnostic::error("E0501", message));
                        return Err(None);
                    }
                }
            }
        }
        let stage = card
            .overall
            .stage
            .as_ref()
            .and_then(|s| rubric.stages.get(s.index));
        let strings = &self.strings;
        let summary = Summary {
            title: report::view::title(rubric, &card).into(),
            author: brand.name.as_deref().map(|name| strings.get(name)),
            organization: card.organization.as_str().into(),
            stage: strings.get(&report::view::stage_label(
                rubric,
                card.overall.stage.as_ref(),
                card.overall.assessed,
            )),
            tagline: stage.and_then(|s| s.tagline.as_deref().map(|t| strings.get(t))),
            position: strings.get(&scoring::position_label(
                card.overall.position,
                rubric.stages.len(),
            )),
            target: strings.get(&target_summary(&card)),
            respondents: card.respondents.len(),
            date: card.date().map(|date| strings.get(date)),
        };
        let built = Built {
            summary: Arc::new(summary),
            gate_failures: crate::gate::evaluate(
                &spec.gate.merged(&self.flags_gate),
                rubric,
                &card,
                &crate::gate::Evidence {
                    assessment: &spec.id,
                    warnings: diags.warning_count(),
                },
            ),
            html: html_written,
            json: json_written,
            html_path,
        };
        Ok((built, files))
    }

    /// The assessment's positions over its history, when it names one.
    /// Git problems (no repository, no git) are a warning: the report is
    /// built without the trend.
    fn trend(
        &self,
        spec: &AssessmentSpec,
        rubric: &Rubric,
        card: &Scorecard,
        sources: &mut SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<scoring::Trend> {
        let rounds = match &spec.history {
            History::None => return None,
            History::Git(patterns) => trend::git_rounds(patterns, &self.project.root),
            History::Rounds(list) => Ok(list
                .iter()
                .map(|(label, date, files)| trend::Round {
                    label: label.clone(),
                    date: date.clone(),
                    files: files
                        .iter()
                        .map(|f| {
                            let bytes = crate::input::read_regular(
                                Path::new(f),
                                crate::input::MAX_ANSWER_BYTES,
                            );
                            (f.clone(), bytes.unwrap_or_default())
                        })
                        .collect(),
                })
                .collect()),
        };
        match rounds {
            Ok(rounds) => Some(trend::series(rubric, rounds, card, sources, diags)),
            Err(message) => {
                diags.push(Diagnostic::warning(
                    "W0901",
                    format!("no trend for `{}`: {message}", spec.id),
                ));
                None
            }
        }
    }

    /// Loads the answers (and baseline), applies the target override and
    /// scores; `None` when there are errors.
    fn score(
        &self,
        spec: &AssessmentSpec,
        sources: &mut SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<Scorecard> {
        let rubric = &self.compiled(spec).rubric;
        let (current, d) = assessment::load(rubric, &spec.answers, sources);
        diags.extend(d);
        let baseline = if spec.baseline.is_empty() {
            None
        } else {
            let (b, d) = assessment::load(rubric, &spec.baseline, sources);
            diags.extend(d);
            b
        };
        let mut current = current?;
        if let Some(target) = &spec.target {
            if rubric.stage(target).is_none() {
                let stages = rubric.stages.iter().map(|s| s.id.as_str());
                diags.push(
                    Diagnostic::error(
                        "E0605",
                        format!("assessment `{}` targets unknown stage `{target}`", spec.id),
                    )
                    .with_help(
                        suggest::did_you_mean(target, stages)
                            .unwrap_or_else(|| "use a stage id of the rubric".into()),
                    ),
                );
                return None;
            }
            for pillar in &rubric.pillars {
                current.targets.insert(pillar.id.clone(), target.clone());
            }
        }
        if diags.has_errors() {
            return None;
        }
        Some(scoring::score(rubric, &current, baseline.as_ref()))
    }

    /// Writes `OUTPUT/index.html` listing every assessment: built ones with
    /// their stage, failed ones marked as out of date.
    pub fn write_index(&self, results: &[AssessmentResult]) -> Result<Written, String> {
        let index = Arc::new(self.index(results));
        let renderer =
            lookup(&self.themes, &self.project.theme).map_err(|e| e.unwrap_or_default())?;
        let brand = match &self.project.brand {
            Some(path) => lookup(&self.brands, path)
                .map_err(|e| e.unwrap_or_default())?
                .clone(),
            None => Brand::default(),
        };
        let path = self.project.output.join("index.html");
        let key = self.index_fingerprint(&index);
        let mut kept = self.cache.lock().ok();
        let cache = kept.as_mut().and_then(|k| k.as_mut());
        if let (Some(key), Some(cache)) = (&key, &cache) {
            if !self.force && cache.index_fresh(key, &path) {
                return Ok(Written::Unchanged);
            }
        }
        let mut sources = SourceMap::new();
        let written = output::write_atomic_streamed(&path, |out| {
            renderer.render_index_to(
                index.as_ref(),
                || Index::value(&index),
                &brand,
                &mut sources,
                out,
            )
        })
        .map_err(|e| match e {
            StreamError::Template(d) => {
                let mut diags = Diagnostics::new();
                diags.push(d);
                render_all(&sources, &diags, self.color)
            }
            StreamError::Io(e) => format!("error[E0500]: cannot write the index: {e}\n"),
        })?;
        if let (Some(key), Some(cache)) = (key, cache) {
            cache.set_index(key, &path);
            let _ = cache.write(&self.project.output);
        }
        Ok(written)
    }

    /// The index's rows, one per assessment in project order; a row shares
    /// its report's summary with `results`.
    fn index(&self, results: &[AssessmentResult]) -> Index {
        let assessments = &self.project.assessments;
        // A whole build's results are in project order: matched in step
        // rather than through a map of every id.
        let in_order = results.len() == assessments.len()
            && results.iter().zip(assessments).all(|(r, a)| r.id == a.id);
        let by_id: HashMap<&str, &AssessmentResult> = if in_order {
            HashMap::new()
        } else {
            results.iter().map(|r| (r.id.as_str(), r)).collect()
        };
        let mut rubrics: Vec<String> = Vec::new();
        let rows = assessments
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let result = match in_order {
                    true => results.get(i),
                    false => by_id.get(a.id.as_str()).copied(),
                };
                let title = &self.compiled(a).rubric.title;
                let rubric = rubrics.iter().position(|t| t == title).unwrap_or_else(|| {
                    rubrics.push(title.clone());
                    rubrics.len() - 1
                });
                Row {
                    id: a.id.as_str().into(),
                    name: a.name.as_deref().map(Box::from),
                    summary: result.and_then(|r| r.built.as_ref().map(|b| b.summary.clone())),
                    period: a.period.as_deref().map(Box::from),
                    rubric: u32::try_from(rubric).unwrap_or(u32::MAX),
                    pdf: self.project.output.join(&a.id).join("report.pdf").is_file(),
                    failed: result.is_some_and(|r| r.built.is_none()),
                }
            })
            .collect();
        Index::new(
            self.project.title.clone(),
            self.default_rubric().title.clone(),
            rubrics,
            rows,
        )
    }

    /// Everything the index shows: its view, the project's theme and
    /// brand. `None` when one did not load.
    fn index_fingerprint(&self, index: &Index) -> Option<Fingerprint> {
        let project = &self.project;
        let mut key = Key::new();
        key.field_json("site", index)?
            .field("theme", &project.theme)
            .field("theme files", self.digests.themes.get(&project.theme)?);
        match &project.brand {
            Some(path) => key
                .field("brand", path_bytes(path))
                .field("brand files", self.digests.brands.get(path)?),
            None => key.field("brand", ""),
        };
        Some(key.finish())
    }
}

/// Digests of the files assessments read, each hashed once per build.
type FileDigests = BTreeMap<PathBuf, Option<Digest>>;

/// The files an assessment reads besides the shared rubric and looks:
/// answers, baseline, narrative, listed history rounds.
fn files_read(spec: &AssessmentSpec) -> Vec<&Path> {
    let mut files: Vec<&Path> = spec
        .answers
        .iter()
        .chain(&spec.baseline)
        .map(Path::new)
        .collect();
    files.extend(spec.narrative.as_deref());
    if let History::Rounds(rounds) = &spec.history {
        files.extend(
            rounds
                .iter()
                .flat_map(|(_, _, list)| list.iter().map(Path::new)),
        );
    }
    files
}

/// A path's bytes as the OS holds them (lossless, unlike `display`).
fn path_bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

/// A report the cache vouches for, as if it had been built without change.
fn up_to_date(spec: &AssessmentSpec, entry: &Entry, dir: &Path) -> AssessmentResult {
    let built = Built {
        summary: entry.summary.clone(),
        gate_failures: Vec::new(),
        html: Written::Unchanged,
        json: Written::Unchanged,
        html_path: dir.join("report.html"),
    };
    AssessmentResult {
        id: spec.id.clone(),
        built: Some(built),
        diagnostics: String::new(),
        warnings: 0,
        gate: String::new(),
        gate_failures: 0,
        up_to_date: true,
    }
}

/// What to record of a report just built, whose files are `files`: only a
/// clean one (no errors, warnings or gate failures) is cached, so every
/// message is printed again on every build.
fn entry_of(
    result: &AssessmentResult,
    files: &[WrittenFile],
    fingerprint: Fingerprint,
    dir: &Path,
) -> Option<Entry> {
    let b = result.built.as_ref()?;
    let clean = result.diagnostics.is_empty()
        && result.warnings == 0
        && result.gate.is_empty()
        && result.gate_failures == 0
        && b.gate_failures.is_empty();
    if !clean {
        return None;
    }
    Some(Entry {
        fingerprint,
        outputs: fingerprint::outputs(dir, files)?,
        summary: b.summary.clone(),
    })
}

/// Every gate of the project file checked against the rubric.
fn check_gates(
    project: &Project,
    rubrics: &BTreeMap<String, CompiledRubric>,
    color: ColorChoice,
) -> Result<(), String> {
    let rubric_of = |spec: Option<&String>| &rubrics[spec.unwrap_or(&project.rubric)].rubric;
    let place = "in `[gate]` of rubricate.toml";
    gate_problems(&project.gate, rubric_of(None), place, color)?;
    for a in &project.assessments {
        let place = format!("in the gate of assessment `{}`", a.id);
        gate_problems(&a.gate, rubric_of(a.rubric.as_ref()), &place, color)?;
    }
    Ok(())
}

/// A gate's problems as rendered errors (E0607), if any.
fn gate_problems(
    gate: &Gate,
    rubric: &Rubric,
    place: &str,
    color: ColorChoice,
) -> Result<(), String> {
    let problems = gate.problems(rubric);
    if problems.is_empty() {
        return Ok(());
    }
    let mut diags = Diagnostics::new();
    for p in problems {
        diags.push(Diagnostic::error(
            "E0607",
            format!("invalid gate {place}: {p}"),
        ));
    }
    Err(render_all(&SourceMap::new(), &diags, color))
}

/// The pillars' targets in a few words: "Defined", or "Developing–Strategic"
/// when they differ.
fn target_summary(card: &Scorecard) -> String {
    let lowest = card.pillars.iter().min_by_key(|p| p.target.index);
    let highest = card.pillars.iter().max_by_key(|p| p.target.index);
    match (lowest, highest) {
        (Some(lo), Some(hi)) if lo.target.index == hi.target.index => lo.target.name.clone(),
        (Some(lo), Some(hi)) => format!("{}–{}", lo.target.name, hi.target.name),
        _ => String::new(),
    }
}

fn lookup<'a, K, T>(
    map: &'a BTreeMap<<K as ToOwned>::Owned, Result<T, String>>,
    key: &K,
) -> Result<&'a T, Option<String>>
where
    K: Ord + ToOwned + ?Sized,
    <K as ToOwned>::Owned: Ord + std::borrow::Borrow<K>,
{
    match map.get(key) {
        Some(Ok(v)) => Ok(v),
        Some(Err(text)) => Err(Some(text.clone())),
        None => Err(Some(
            "error: internal: a theme or brand was not loaded\n".into(),
        )),
    }
}
