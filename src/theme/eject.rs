//! `rubricate theme eject NAME DIR`: a bundled theme's own files copied
//! into a folder, to edit as the start of a theme of one's own. A theme
//! that extends another keeps its `extends`, so it still inherits what it
//! does not override. Nothing is ever overwritten.

use std::path::{Path, PathBuf};

use super::bundled;
use crate::diagnostics::{Diagnostic, suggest};
use crate::output::write_new;

/// Writes `name`'s files under `dir` (created if missing; it must hold none
/// of them). Returns the files written.
pub fn eject(name: &str, dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let names = bundled::names();
    if !names.contains(&name) {
        return Err(
            Diagnostic::error("E0420", format!("no bundled theme `{name}`")).with_help(
                suggest::did_you_mean(name, names.iter().copied())
                    .unwrap_or_else(|| format!("bundled themes: {}", names.join(", "))),
            ),
        );
    }
    let files: Vec<(&str, &str)> = bundled::files(name).collect();
    let taken: Vec<String> = files
        .iter()
        .map(|(path, _)| dir.join(path))
        .filter(|p| p.exists())
        .map(|p| format!("`{}`", p.display()))
        .collect();
    if !taken.is_empty() {
        return Err(Diagnostic::error(
            "E0421",
            format!("{} already exists: nothing written", taken.join(", ")),
        )
        .with_help("eject into a new or empty folder"));
    }
    let mut written = Vec::new();
    for (path, text) in files {
        let target = dir.join(path);
        let failed = |e: std::io::Error| {
            Diagnostic::error("E0422", format!("cannot write `{}`: {e}", target.display()))
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        write_new(&target, text.as_bytes()).map_err(failed)?;
        written.push(target);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ejects_once_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mine");
        let written = eject("print", &out).unwrap();
        assert!(written.iter().any(|p| p.ends_with("theme.toml")));
        let manifest = std::fs::read_to_string(out.join("theme.toml")).unwrap();
        assert!(manifest.contains("extends = \"default\""));
        let again = eject("print", &out).unwrap_err();
        assert_eq!(again.code, "E0421");
        assert_eq!(eject("defualt", &out).unwrap_err().code, "E0420");
    }
}
