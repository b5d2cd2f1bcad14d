//! `rubricate watch [DIR]` and `rubricate serve [DIR] [--port N]`: build the
//! project, then rebuild on every save. Answer-file changes rebuild only
//! their assessment with the rubric and templates kept warm; changes to the
//! project file, rubric, themes or brands recompile those first. Errors are
//! printed as usual and the last good outputs stay; `serve` also shows them
//! as an overlay in the open page, which reloads after each good build.
//! Either way the build's fingerprints apply: a report whose inputs did
//! not change is not rebuilt, so a save that changes nothing a report can
//! show rewrites nothing.
//! With `pdf = true` in the project file, the rebuilt reports are printed
//! to PDF after each build (once the page has been told to reload), by one
//! browser kept warm for the whole session.

use crate::console;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::Outcome;
use super::build::builder;
use crate::diagnostics::ColorChoice;
use crate::pdf::Printer;
use crate::project::{FILE_NAME, build::AssessmentResult, build::Builder};
use crate::serve::{self, ServeOptions, ServerHandle};
use crate::watch::{DEFAULT_DEBOUNCE, Shutdown, Watcher, normalise_event};

/// Watches and rebuilds until Ctrl-C.
pub fn watch(dir: &Path, color: ColorChoice) -> Outcome {
    run(dir, None, color)
}

/// Watches, rebuilds and serves the output on 127.0.0.1:`port`.
pub fn serve(dir: &Path, port: u16, color: ColorChoice) -> Outcome {
    run(dir, Some(port), color)
}

fn run(dir: &Path, port: Option<u16>, color: ColorChoice) -> Outcome {
    let shutdown = match Shutdown::on_ctrl_c() {
        Ok(s) => s,
        Err(e) => return fatal(&e.to_string()),
    };
    let mut watcher = match Watcher::new(DEFAULT_DEBOUNCE) {
        Ok(w) => w,
        Err(e) => return fatal(&e.to_string()),
    };
    watcher.set_shutdown(shutdown);
    let mut session = Session {
        dir: dir.to_path_buf(),
        color,
        builder: None,
        routes: Routes::default(),
        inputs: vec![dir.join(FILE_NAME)],
        dirs: Vec::new(),
        server: None,
        results: Default::default(),
        printer: None,
    };
    // The first PDFs are printed once the server is up and the inputs
    // watched, so neither waits for the browser.
    let first = session.build_all();
    if let Some(port) = port {
        let output = session.output_dir();
        match serve::start(
            &output,
            &ServeOptions {
                port,
                ..Default::default()
            },
        ) {
            Ok(server) => {
                console::errln(&format!("serving {} at {}", output.display(), server.url()));
                session.server = Some(server);
                session.publish_last();
            }
            Err(e) => return fatal(&e.to_string()),
        }
    }
    // Watch before announcing it, so a save right after the message is seen.
    rewatch(&mut watcher, &session);
    session.print_pdfs(&first);
    console::errln("watching for changes (Ctrl-C to stop)");
    while let Some(changed) = watcher.next_batch(None) {
        session.rebuild(&changed);
        rewatch(&mut watcher, &session);
    }
    if let Some(server) = session.server.take() {
        server.stop();
    }
    console::errln("stopped");
    Outcome::Ok
}

/// Watches what the last build read (the set changes when, say, the
/// rubric gains an include); a folder that vanished is a warning.
fn rewatch(watcher: &mut Watcher, session: &Session) {
    if let Err(e) = watcher.watch(&session.inputs, &session.dirs) {
        console::errln(&format!("warning: {e}"));
    }
}

fn fatal(message: &str) -> Outcome {
    console::errln(&format!("error: {message}"));
    Outcome::InputErrors
}

/// What the watch loop keeps warm between rebuilds.
struct Session {
    dir: PathBuf,
    color: ColorChoice,
    /// The last good compile of the project; `None` while it is broken.
    builder: Option<Builder>,
    /// What each input's change means for `builder`.
    routes: Routes,
    inputs: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    server: Option<ServerHandle>,
    /// The latest result of every assessment, so a partial rebuild can
    /// rewrite the index with the others' last state.
    results: std::collections::BTreeMap<String, AssessmentResult>,
    /// The browser printing PDFs, started on the first report to print.
    printer: Option<Printer>,
}

impl Session {
    fn output_dir(&self) -> PathBuf {
        self.builder
            .as_ref()
            .map_or_else(|| self.dir.join("site"), |b| b.project.output.clone())
    }

    /// Recompiles the project, builds every assessment and prints the
    /// PDFs the project asks for.
    fn full_build(&mut self) {
        let results = self.build_all();
        self.print_pdfs(&results);
    }

    /// Recompiles the project and builds every assessment (no PDFs);
    /// returns the results, none when the project could not be compiled.
    fn build_all(&mut self) -> Vec<AssessmentResult> {
        let started = Instant::now();
        match builder(&self.dir, self.color) {
            Ok(b) => {
                self.inputs = b.inputs().into_iter().map(|(p, _)| p).collect();
                self.dirs = b.theme_folders();
                // New answer files appear in the globs' folders; a folder
                // holding the output is left out, or each build would
                // trigger the next.
                for a in &b.project.assessments {
                    let dirs = a.watch_dirs.iter();
                    self.dirs.extend(
                        dirs.filter(|d| d.is_dir() && !b.project.output.starts_with(d))
                            .cloned(),
                    );
                }
                self.dirs.sort();
                self.dirs.dedup();
                let results = b.build(None, &|_| {});
                let ok = super::build::report(&b, &results, started) == Outcome::Ok;
                self.results = results.iter().map(|r| (r.id.clone(), r.clone())).collect();
                self.routes = Routes::new(&b);
                self.builder = Some(b);
                self.publish(ok, &results);
                results
            }
            Err(_) => {
                // Keep watching what we knew, plus the project file.
                self.inputs.push(self.dir.join(FILE_NAME));
                self.inputs.sort();
                self.inputs.dedup();
                self.builder = None;
                self.publish_text(false, "the project could not be compiled: see the terminal");
                Vec::new()
            }
        }
    }

    /// Rebuilds what `changed` affects.
    fn rebuild(&mut self, changed: &[PathBuf]) {
        let started = Instant::now();
        let Some(b) = &self.builder else {
            return self.full_build();
        };
        let mut only = BTreeSet::new();
        for path in changed {
            match self.routes.change(path) {
                Change::Assessments(ids) => only.extend(ids),
                Change::Project => return self.full_build(),
                Change::Irrelevant => {}
            }
        }
        if only.is_empty() {
            return;
        }
        let results = b.build(Some(&only), &|_| {});
        if results.iter().all(|r| r.up_to_date) {
            // Saved without a change a report can show: nothing rewritten,
            // nothing to reload or reprint.
            let ids: Vec<&str> = results.iter().map(|r| r.id.as_str()).collect();
            return console::errln(&format!("{} up to date", ids.join(", ")));
        }
        let ids: Vec<&str> = results
            .iter()
            .filter(|r| !r.up_to_date)
            .map(|r| r.id.as_str())
            .collect();
        let failed = results.iter().any(|r| r.built.is_none());
        for r in &results {
            if !r.diagnostics.is_empty() {
                console::err(&r.diagnostics);
            }
        }
        for r in &results {
            self.results.insert(r.id.clone(), r.clone());
        }
        let all: Vec<AssessmentResult> = self.results.values().cloned().collect();
        if let Err(text) = b.write_index(&all) {
            console::err(&text);
        }
        console::errln(&format!(
            "rebuilt {} in {} ms{}",
            ids.join(", "),
            started.elapsed().as_millis(),
            if failed {
                " (with errors; the last good report is kept)"
            } else {
                ""
            }
        ));
        self.publish(!failed, &results);
        self.print_pdfs(&results);
    }

    /// Prints the PDFs of the reports just built when the project asks
    /// for them; a PDF already printed from a report's current HTML is
    /// left alone. Failures are printed and the session goes on.
    fn print_pdfs(&mut self, results: &[AssessmentResult]) {
        if self.builder.as_ref().is_some_and(|b| b.project.pdf) {
            super::build::print_pdfs_with(&mut self.printer, results, None);
        } else {
            self.printer = None;
        }
    }

    fn publish(&self, ok: bool, results: &[AssessmentResult]) {
        let text: String = results.iter().map(|r| r.diagnostics.as_str()).collect();
        self.publish_text(ok, &text);
    }

    fn publish_text(&self, ok: bool, text: &str) {
        if let Some(server) = &self.server {
            if ok {
                server.publish_ok();
            } else {
                server.publish_error(text);
            }
        }
    }

    fn publish_last(&self) {
        if self.builder.is_some() {
            self.publish_text(true, "");
        } else {
            self.publish_text(false, "the project could not be compiled: see the terminal");
        }
    }
}

/// What a changed path means for the build.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    /// An answer file of these assessments (one file may feed several):
    /// rebuild them alone.
    Assessments(BTreeSet<String>),
    /// The project file, rubric, a theme, a brand, or a new file that may
    /// match an answer glob: recompile and rebuild everything.
    Project,
    /// An editor's temporary file and the like.
    Irrelevant,
}

/// Which change each input means, worked out once per compile so that a
/// save is a lookup (paths normalised as the watcher reports them).
#[derive(Default)]
struct Routes {
    inputs: BTreeMap<PathBuf, Change>,
    theme_dirs: Vec<PathBuf>,
}

impl Routes {
    fn new(b: &Builder) -> Routes {
        let mut inputs: BTreeMap<PathBuf, Change> = BTreeMap::new();
        for (path, owner) in b.inputs() {
            let change = inputs
                .entry(normalise_event(&path))
                .or_insert_with(|| Change::Assessments(BTreeSet::new()));
            match (owner, &mut *change) {
                (Some(id), Change::Assessments(ids)) => {
                    ids.insert(id);
                }
                (None, _) => *change = Change::Project,
                _ => {}
            }
        }
        let theme_dirs = b
            .theme_folders()
            .iter()
            .filter_map(|d| d.canonicalize().ok())
            .collect();
        Routes { inputs, theme_dirs }
    }

    /// `path` comes normalised from the watcher.
    fn change(&self, path: &Path) -> Change {
        if let Some(change) = self.inputs.get(path) {
            return change.clone();
        }
        let in_theme = self.theme_dirs.iter().any(|d| path.starts_with(d));
        let new_answers = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "json")
        ) && path.is_file();
        if in_theme || new_answers {
            Change::Project
        } else {
            Change::Irrelevant
        }
    }
}
