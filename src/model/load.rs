//! Reading a rubric and its includes from disk or from the bundled set, then
//! handing the ASTs to the resolver. Include cycles and missing files are
//! reported at the `include` line that caused them.

use std::path::{Path, PathBuf};

use super::{Rubric, bundled, resolve};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ast};

/// Prefix naming a rubric embedded in the binary.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// The result of compiling: the model when there were no errors, and every
/// diagnostic (warnings included) either way.
pub struct CompileOutput {
    pub rubric: Option<Rubric>,
    pub diagnostics: Diagnostics,
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
    };
    let root = loader.load_root(path);
    let Some(root) = root else {
        return CompileOutput {
            rubric: None,
            diagnostics: loader.diags,
        };
    };
    let _ = root;
    let mut diags = loader.diags;
    let files = loader.files;
    let rubric = if files.iter().all(|f| f.complete) {
        resolve::resolve(&files, &mut diags)
    } else {
        None
    };
    CompileOutput {
        rubric: if diags.has_errors() { None } else { rubric },
        diagnostics: diags,
    }
}

/// Compiles rubric text that has no includes on disk (tests, fuzzing).
pub fn compile_text(name: &str, text: &str, sources: &mut SourceMap) -> CompileOutput {
    let file = sources.add(name, text);
    let parsed = syntax::parse(file, text);
    let mut diags = parsed.diagnostics;
    let mut files = vec![ParsedFile {
        file,
        items: parsed.items,
        is_root: true,
        complete: parsed.complete,
    }];
    for item in &files[0].items {
        if let ast::Item::Include(path) = item {
            diags.push(
                Diagnostic::error("E0113", format!("cannot include `{}` here", path.value))
                    .with_primary(path.span, "includes need a rubric file on disk"),
            );
        }
    }
    files[0]
        .items
        .retain(|i| !matches!(i, ast::Item::Include(_)));
    let rubric = if files[0].complete {
        resolve::resolve(&files, &mut diags)
    } else {
        None
    };
    CompileOutput {
        rubric: if diags.has_errors() { None } else { rubric },
        diagnostics: diags,
    }
}

/// One parsed file of a rubric, root first, then includes in reading order.
pub(crate) struct ParsedFile {
    pub file: FileId,
    pub items: Vec<ast::Item>,
    pub is_root: bool,
    /// False when the file could not be parsed as a whole.
    pub complete: bool,
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
                (Origin::Disk(p), key)
            }
        };
        match read(&origin, path) {
            Ok(text) => {
                self.loaded.insert(key.clone());
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
        let (text, encoding_error) = decode(text);
        // A binary file's bytes make a useless snippet: keep the name only.
        let shown = if encoding_error.is_some() {
            String::new()
        } else {
            text
        };
        let file = self.sources.add(name, shown);
        if let Some(d) = encoding_error.map(|f| f(file)) {
            self.diags.push(d);
            self.files.push(ParsedFile {
                file,
                items: Vec::new(),
                is_root,
                complete: false,
            });
            return file;
        }
        let parsed = syntax::parse(file, self.sources.text(file));
        let items = parsed.items;
        self.diags.extend(parsed.diagnostics);
        self.stack.push((key, self.sources.name(file).to_string()));
        let mut kept = Vec::with_capacity(items.len());
        let index = self.files.len();
        self.files.push(ParsedFile {
            file,
            items: Vec::new(),
            is_root,
            complete: parsed.complete,
        });
        for item in items {
            if let ast::Item::Include(path) = &item {
                self.include(&origin, path);
            } else {
                kept.push(item);
            }
        }
        self.files[index].items = kept;
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
                let key = canonical_key(&p);
                (Origin::Disk(p.clone()), p.display().to_string(), key)
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
            return; // already included through another path: read once
        }
        let source_name = match &origin {
            Origin::Builtin => name.clone(),
            Origin::Disk(p) => p.display().to_string(),
        };
        match read(&origin, &source_name) {
            Ok(text) => {
                self.parse_file(name, key, origin, text, false);
            }
            Err(message) => self.diags.push(
                Diagnostic::error(
                    "E0113",
                    format!("cannot include `{}`: {message}", path.value),
                )
                .with_primary(path.span, "included here")
                .with_help("include paths are relative to the file that includes them"),
            ),
        }
    }
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
        Origin::Disk(p) => std::fs::read(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            _ => e.to_string(),
        }),
    }
}

type EncodingError = Box<dyn FnOnce(FileId) -> Diagnostic>;

/// Bytes → text. Binary or non-UTF-8 input gets one clear error instead of
/// thousands of syntax errors.
pub(crate) fn decode(bytes: Vec<u8>) -> (String, Option<EncodingError>) {
    let nul = bytes.iter().take(8192).position(|b| *b == 0);
    match String::from_utf8(bytes) {
        Ok(text) => match nul {
            Some(at) => {
                let err: EncodingError = Box::new(move |file| {
                    Diagnostic::error("E0005", "this looks like a binary file, not text")
                        .with_primary(Span::new(file, 0..0), format!("NUL byte at offset {at}"))
                        .with_help("rubric files are UTF-8 text; check the path")
                });
                (text, Some(err))
            }
            None => (text, None),
        },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let err: EncodingError = Box::new(move |file| {
                Diagnostic::error("E0005", "the file is not valid UTF-8 text")
                    .with_primary(
                        Span::new(file, 0..0),
                        format!("invalid UTF-8 at byte offset {at}"),
                    )
                    .with_help("save the file as UTF-8; if it is a binary file, check the path")
            });
            (text, Some(err))
        }
    }
}
