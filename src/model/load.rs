//! Reading a rubric and its includes from disk or from the bundled set, then
//! handing the ASTs to the resolver. Include cycles and missing files are
//! reported at the `include` line that caused them.

use std::path::{Path, PathBuf};

use super::{Rubric, bundled, resolve};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::input;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ast};

/// Prefix naming a rubric embedded in the binary.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// The result of compiling: the model when there were no errors, and every
/// diagnostic (warnings included) either way.
pub struct CompileOutput {
    pub rubric: Option<Rubric>,
    pub diagnostics: Diagnostics,
    /// Canonical paths of the files included (the main file not among
    /// them), so `check` can tell a fragment checked with its rubric.
    pub included: std::collections::BTreeSet<String>,
}

/// Compiles the rubric at `path` (a file path or `builtin:NAME`), loading
/// its includes. Files read are added to `sources` for rendering.
pub fn compile(path: &str, sources: &mut SourceMap) -> CompileOutput {
    let mut loader = Loader {
        sources,
        diags: Diagnostics::new(),
        files: Vec::new(),
        stack: Vec::new(),
        loaded: Default::default(),
        root_dir: None,
        total_bytes: 0,
        root_key: String::new(),
        placed: 0,
        first_included: Default::default(),
    };
    let root = loader.load_root(path);
    let Some(root) = root else {
        return CompileOutput {
            rubric: None,
            diagnostics: loader.diags,
            included: Default::default(),
        };
    };
    let mut included = loader.loaded;
    included.remove(&loader.root_key);
    let mut diags = loader.diags;
    let files = loader.files;
    let rubric = if files.iter().all(|f| f.complete)
        && is_whole_rubric(&files, sources.name(root), &mut diags)
        && within_limits(&files, &mut diags)
    {
        resolve::resolve(&files, &mut diags)
    } else {
        None
    };
    CompileOutput {
        rubric: if diags.has_errors() { None } else { rubric },
        diagnostics: diags,
        included,
    }
}

/// A main file without a `rubric` header is a fragment meant to be
/// included: one error saying so, instead of the cascade that checking its
/// references without the rest of the rubric gives ("declare the stage
/// first"). An empty file, or one whose header could not be read, goes on
/// to the resolver, which explains those.
fn is_whole_rubric(files: &[ParsedFile], name: &str, diags: &mut Diagnostics) -> bool {
    let Some(root) = files.first() else {
        return true;
    };
    let has_header = root.items.iter().any(|i| matches!(i, ast::Item::Rubric(_)));
    let broken_header = root
        .poisoned
        .iter()
        .any(|p| p.kind == ast::PoisonKind::Rubric);
    if has_header || broken_header || root.items.is_empty() {
        return true;
    }
    let short = Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned());
    diags.push(
        Diagnostic::error(
            "E0115",
            format!("`{short}` declares no `rubric` header: it is a fragment"),
        )
        .with_primary(Span::new(root.file, 0..0), "no `rubric ID { … }` in this file")
        .with_note("a fragment is checked through the rubric that includes it: its stages, pillars and references are resolved there")
        .with_help("check the rubric that includes it; if this file is a rubric of its own, start it with `rubric my-model { title \"My maturity model\" }`"),
    );
    false
}

/// Compiles rubric text that has no includes on disk (tests, fuzzing).
pub fn compile_text(name: &str, text: &str, sources: &mut SourceMap) -> CompileOutput {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = sources.add(name, text);
    let parsed = syntax::parse(file, text);
    let mut diags = parsed.diagnostics;
    let mut files = vec![ParsedFile {
        file,
        order: (0..parsed.items.len()).collect(),
        items: parsed.items,
        is_root: true,
        complete: parsed.complete,
        poisoned: parsed.poisoned,
    }];
    for item in &files[0].items {
        if let ast::Item::Include(path) = item {
            diags.push(
                Diagnostic::error("E0113", format!("cannot include `{}` here", path.value))
                    .with_primary(path.span, "includes need a rubric file on disk"),
            );
        }
    }
    let kept: Vec<(ast::Item, usize)> = std::mem::take(&mut files[0].items)
        .into_iter()
        .zip(std::mem::take(&mut files[0].order))
        .filter(|(i, _)| !matches!(i, ast::Item::Include(_)))
        .collect();
    (files[0].items, files[0].order) = kept.into_iter().unzip();
    let rubric = if files[0].complete
        && is_whole_rubric(&files, name, &mut diags)
        && within_limits(&files, &mut diags)
    {
        resolve::resolve(&files, &mut diags)
    } else {
        None
    };
    CompileOutput {
        rubric: if diags.has_errors() { None } else { rubric },
        diagnostics: diags,
        included: Default::default(),
    }
}

/// Most indicators a rubric may declare (all files together).
pub const MAX_INDICATORS: usize = 100_000;
/// Most advancement actions a rubric may declare.
pub const MAX_ACTIONS: usize = 100_000;
/// Most stages, and most pillars, a rubric may declare.
pub const MAX_STAGES_OR_PILLARS: usize = 1_000;

/// Whether the rubric's size stays within the documented limits; an error
/// at the first declaration past a limit otherwise (the rubric is then not
/// resolved: checking it would only take long).
fn within_limits(files: &[ParsedFile], diags: &mut Diagnostics) -> bool {
    let mut counts = [0usize; 4];
    let limits = [
        (MAX_STAGES_OR_PILLARS, "stages"),
        (MAX_STAGES_OR_PILLARS, "pillars"),
        (MAX_INDICATORS, "indicators"),
        (MAX_ACTIONS, "actions"),
    ];
    let mut over = |kind: usize, span: Span, diags: &mut Diagnostics| {
        counts[kind] += 1;
        let (limit, what) = limits[kind];
        if counts[kind] == limit + 1 {
            diags.push(
                Diagnostic::error(
                    "E0123",
                    format!("a rubric may declare at most {limit} {what}"),
                )
                .with_primary(span, format!("{what} past the limit start here"))
                .with_help("split the model into several rubrics"),
            );
        }
    };
    for item in files.iter().flat_map(|f| &f.items) {
        match item {
            ast::Item::Stage(s) => over(0, s.id.span, diags),
            ast::Item::Pillar(p) => {
                over(1, p.id.span, diags);
                for indicator in p.groups.iter().flat_map(|g| &g.indicators) {
                    over(2, indicator.id.span, diags);
                }
            }
            ast::Item::Advance(a) => {
                for action in &a.actions {
                    over(3, action.id.span, diags);
                }
            }
            _ => {}
        }
    }
    counts.iter().zip(limits).all(|(n, (limit, _))| *n <= limit)
}

/// One parsed file of a rubric, root first, then includes in reading order.
pub(crate) struct ParsedFile {
    pub file: FileId,
    pub items: Vec<ast::Item>,
    /// Each item's place in the whole rubric, an included file's items
    /// counting where its `include` line stands: declaration order (which
    /// ranks stages) is this order, across files.
    pub order: Vec<usize>,
    pub is_root: bool,
    /// False when the file could not be parsed as a whole.
    pub complete: bool,
    /// Names declared by statements that could not be read.
    pub poisoned: Vec<ast::Poisoned>,
}

struct Loader<'s> {
    sources: &'s mut SourceMap,
    diags: Diagnostics,
    files: Vec<ParsedFile>,
    /// (canonical key, display name) of the files being included, to spot
    /// cycles and to name them as the user wrote them.
    stack: Vec<(String, String)>,
    /// Canonical keys of every file read, so a file included twice (under
    /// any spelling of its path) is read once.
    loaded: std::collections::BTreeSet<String>,
    /// The canonical folder of the root rubric on disk: every include must
    /// resolve inside it.
    root_dir: Option<PathBuf>,
    /// Bytes read so far, root and includes.
    total_bytes: u64,
    /// The canonical key of the main file.
    root_key: String,
    /// Items placed so far in the whole rubric (see [`ParsedFile::order`]).
    placed: usize,
    /// Where each file read was first included: to tell a file of stages
    /// included twice, whose stages then have no single place.
    first_included: std::collections::BTreeMap<String, (ast::Spanned<String>, usize)>,
}

/// Where a source came from, to resolve the includes it makes.
enum Origin {
    Builtin,
    Disk(PathBuf),
}

impl Loader<'_> {
    fn load_root(&mut self, path: &str) -> Option<FileId> {
        let (origin, key) = match path.strip_prefix(BUILTIN_PREFIX) {
            Some(name) => (Origin::Builtin, format!("{BUILTIN_PREFIX}{name}")),
            None => {
                let p = PathBuf::from(path);
                let key = canonical_key(&p);
                self.root_dir = std::fs::canonicalize(&p)
                    .ok()
                    .and_then(|c| c.parent().map(Path::to_path_buf));
                (Origin::Disk(p), key)
            }
        };
        match read(&origin, path) {
            Ok(text) => {
                self.total_bytes = text.len() as u64;
                self.loaded.insert(key.clone());
                self.root_key = key.clone();
                Some(self.parse_file(path.to_string(), key, origin, text, true))
            }
            Err(message) => {
                self.diags.push(Diagnostic::error(
                    "E0113",
                    format!("cannot read `{path}`: {message}"),
                ));
                None
            }
        }
    }

    fn parse_file(
        &mut self,
        name: String,
        key: String,
        origin: Origin,
        text: Vec<u8>,
        is_root: bool,
    ) -> FileId {
        // A binary file's text is empty (its bytes make a useless snippet);
        // invalid UTF-8 keeps its text so the caret shows the bad byte.
        let (text, encoding_error) = decode(text);
        let file = self.sources.add(name, text);
        if let Some(d) = encoding_error.map(|f| f(file)) {
            self.diags.push(d);
            self.files.push(ParsedFile {
                file,
                items: Vec::new(),
                order: Vec::new(),
                is_root,
                complete: false,
                poisoned: Vec::new(),
            });
            return file;
        }
        let parsed = syntax::parse(file, self.sources.text(file));
        let items = parsed.items;
        self.diags.extend(parsed.diagnostics);
        self.stack.push((key, self.sources.name(file).to_string()));
        let mut kept = Vec::with_capacity(items.len());
        let mut order = Vec::with_capacity(items.len());
        let index = self.files.len();
        self.files.push(ParsedFile {
            file,
            items: Vec::new(),
            order: Vec::new(),
            is_root,
            complete: parsed.complete,
            poisoned: parsed.poisoned,
        });
        for item in items {
            if let ast::Item::Include(path) = &item {
                self.include(&origin, path);
            } else {
                kept.push(item);
                order.push(self.placed);
                self.placed += 1;
            }
        }
        self.files[index].items = kept;
        self.files[index].order = order;
        self.stack.pop();
        file
    }

    fn include(&mut self, parent: &Origin, path: &ast::Spanned<String>) {
        let (origin, name, key) = match parent {
            Origin::Builtin => {
                let n = path.value.trim_end_matches(".rubric").to_string();
                (
                    Origin::Builtin,
                    format!("{BUILTIN_PREFIX}{n}"),
                    format!("{BUILTIN_PREFIX}{n}"),
                )
            }
            Origin::Disk(parent) => {
                let base = parent.parent().unwrap_or(Path::new(""));
                let p = base.join(&path.value);
                let canonical = match self.confine(&p, path) {
                    Some(c) => c,
                    None => return,
                };
                let key = canonical.display().to_string();
                // Read what was checked, not the path again.
                (Origin::Disk(canonical), p.display().to_string(), key)
            }
        };
        if let Some(pos) = self.stack.iter().position(|(k, _)| *k == key) {
            let mut chain: Vec<&str> = self.stack[pos..].iter().map(|(_, n)| n.as_str()).collect();
            chain.push(&self.stack[pos].1);
            self.diags.push(
                Diagnostic::error(
                    "E0112",
                    format!("include cycle: `{}` includes itself", path.value),
                )
                .with_primary(path.span, "this include closes the cycle")
                .with_note(format!("cycle: {}", chain.join(" -> ")))
                .with_help("remove one of the includes in the cycle"),
            );
            return;
        }
        if !self.loaded.insert(key.clone()) {
            // Already read: once is enough, but a file of stages included
            // from two places leaves the ladder's order in doubt.
            self.included_again(&key, path);
            return;
        }
        let source_name = match &origin {
            Origin::Builtin => name.clone(),
            Origin::Disk(p) => p.display().to_string(),
        };
        match read(&origin, &source_name) {
            Ok(text) if self.total_bytes + text.len() as u64 > input::MAX_RUBRIC_TOTAL_BYTES => {
                self.diags.push(include_error(
                    path,
                    &format!(
                        "the rubric's files would exceed {} together",
                        input::size(input::MAX_RUBRIC_TOTAL_BYTES)
                    ),
                ));
            }
            Ok(text) => {
                self.total_bytes += text.len() as u64;
                self.first_included
                    .insert(key.clone(), (path.clone(), self.files.len()));
                self.parse_file(name, key, origin, text, false);
            }
            Err(message) => self.diags.push(include_error(path, &message)),
        }
    }
}

impl Loader<'_> {
    /// E0124 when the file under `key`, read already, declares stages.
    fn included_again(&mut self, key: &str, path: &ast::Spanned<String>) {
        let Some((first, index)) = self.first_included.get(key) else {
            return; // the root file: including it is a cycle, reported as one
        };
        let first = first.span;
        let declares_stages = self
            .files
            .get(*index)
            .is_some_and(|f| f.items.iter().any(|i| matches!(i, ast::Item::Stage(_))));
        if !declares_stages {
            return;
        }
        self.diags.push(
            Diagnostic::error(
                "E0124",
                format!("`{}` is included twice, and it declares stages", path.value),
            )
            .with_primary(path.span, "included again here")
            .with_secondary(first, "first included here")
            .with_note("stages rank in the order they are declared, an included file's where its `include` line stands: a file included twice has no single place")
            .with_help("include the file of stages once, where its stages belong on the ladder"),
        );
    }

    /// The canonical path of include `p` when it lies inside the root
    /// rubric's folder; otherwise an error at the `include` (the file is
    /// not read, so nothing of it can be quoted).
    fn confine(&mut self, p: &Path, path: &ast::Spanned<String>) -> Option<PathBuf> {
        let canonical = match std::fs::canonicalize(p) {
            Ok(c) => c,
            Err(e) => {
                self.diags
                    .push(include_error(path, &input::Refusal::from(e)));
                return None;
            }
        };
        match &self.root_dir {
            Some(root) if canonical.starts_with(root) => Some(canonical),
            root => {
                let folder = root
                    .as_ref()
                    .map_or_else(|| "?".to_string(), |r| r.display().to_string());
                self.diags.push(
                    Diagnostic::error(
                        "E0122",
                        format!(
                            "cannot include `{}`: it is outside the rubric's folder",
                            path.value
                        ),
                    )
                    .with_primary(path.span, "not read")
                    .with_note(format!("includes must stay inside `{folder}` (the folder of the main rubric file), symbolic links included"))
                    .with_help("copy the file into the rubric's folder, or check the path"),
                );
                None
            }
        }
    }
}

fn include_error(path: &ast::Spanned<String>, refusal: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "E0113",
        format!("cannot include `{}`: {refusal}", path.value),
    )
    .with_primary(path.span, "included here")
    .with_help("include paths are relative to the file that includes them")
}

fn canonical_key(p: &Path) -> String {
    std::fs::canonicalize(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}

fn read(origin: &Origin, name: &str) -> Result<Vec<u8>, String> {
    match origin {
        Origin::Builtin => {
            let n = name.strip_prefix(BUILTIN_PREFIX).unwrap_or(name);
            bundled(n).map(|t| t.as_bytes().to_vec()).ok_or_else(|| {
                let names: Vec<&str> = super::BUNDLED.iter().map(|(n, _)| *n).collect();
                format!(
                    "no bundled rubric named `{n}` (bundled: {})",
                    names.join(", ")
                )
            })
        }
        Origin::Disk(p) => {
            input::read_regular(p, input::MAX_RUBRIC_BYTES).map_err(|e| e.to_string())
        }
    }
}

type EncodingError = Box<dyn FnOnce(FileId) -> Diagnostic>;

/// Bytes → text without a byte-order mark. Binary or non-UTF-8 input gets
/// one clear error instead of thousands of syntax errors; for invalid
/// UTF-8 the caret points at the first bad byte.
pub(crate) fn decode(bytes: Vec<u8>) -> (String, Option<EncodingError>) {
    let decoded = input::decode(bytes);
    let err: Option<EncodingError> = match decoded.problem {
        None => None,
        Some(input::Encoding::Binary { nul_at }) => Some(Box::new(move |file| {
            Diagnostic::error("E0005", "this looks like a binary file, not text")
                .with_primary(
                    Span::new(file, 0..0),
                    format!("NUL byte at offset {nul_at}"),
                )
                .with_help("rubric files are UTF-8 text; check the path")
        })),
        Some(input::Encoding::InvalidUtf8 {
            file_offset,
            text_offset,
        }) => {
            let len = input::char_len_at(&decoded.text, text_offset);
            Some(Box::new(move |file| {
                Diagnostic::error("E0005", "the file is not valid UTF-8 text")
                    .with_primary(
                        Span::new(file, text_offset..text_offset + len),
                        format!("invalid UTF-8 at byte offset {file_offset}"),
                    )
                    .with_help("save the file as UTF-8; if it is a binary file, check the path")
            }))
        }
    };
    (decoded.text, err)
}
