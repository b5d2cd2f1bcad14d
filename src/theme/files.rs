//! Reading a theme folder from disk: every `*.html`, `*.css` and the
//! `theme.toml`, with bounded sizes and depth, and no symlink that leads
//! outside the folder.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

const MAX_FILES: usize = 500;
const MAX_FILE_BYTES: u64 = 1024 * 1024;
const MAX_DEPTH: usize = 6;

/// Relative path (with `/`) → text of the folder's theme files.
pub fn read_folder(dir: &Path, diags: &mut Diagnostics) -> Option<BTreeMap<String, String>> {
    let root = match dir.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            diags.push(Diagnostic::error(
                "E0401",
                format!("cannot read theme folder `{}`: {e}", dir.display()),
            ));
            return None;
        }
    };
    let mut files = BTreeMap::new();
    let before = diags.error_count();
    walk(&root, &root, "", 0, &mut files, diags);
    (diags.error_count() == before).then_some(files)
}

fn walk(
    root: &Path,
    dir: &Path,
    prefix: &str,
    depth: usize,
    files: &mut BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        diags.push(Diagnostic::error(
            "E0401",
            format!("cannot list `{}`", dir.display()),
        ));
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        let path = entry.path();
        // Follow the link, then insist the target is still inside the theme.
        let Ok(real) = path.canonicalize() else {
            continue;
        };
        if !real.starts_with(root) {
            diags.push(
                Diagnostic::error(
                    "E0406",
                    format!("theme file `{rel}` links outside the theme folder"),
                )
                .with_note(format!("it points to `{}`", real.display()))
                .with_help(
                    "themes may only use files inside their own folder; copy the file in instead",
                ),
            );
            continue;
        }
        if real.is_dir() {
            if depth < MAX_DEPTH && !name.starts_with('.') {
                walk(root, &real, &format!("{rel}/"), depth + 1, files, diags);
            }
            continue;
        }
        let wanted = rel == "theme.toml" || rel.ends_with(".html") || rel.ends_with(".css");
        if !wanted {
            continue;
        }
        if files.len() >= MAX_FILES {
            diags.push(Diagnostic::error(
                "E0401",
                format!(
                    "theme folder `{}` has more than {MAX_FILES} files",
                    root.display()
                ),
            ));
            return;
        }
        match read(&real) {
            Ok(text) => {
                files.insert(rel, text);
            }
            Err(reason) => diags.push(Diagnostic::error(
                "E0401",
                format!("cannot read theme file `{rel}`: {reason}"),
            )),
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len > MAX_FILE_BYTES {
        return Err(format!("it is larger than {MAX_FILE_BYTES} bytes"));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".into())
}
