//! A temporary copy of the Northwind example project for tests that build
//! or watch it, so tests never write into the repository; and theme
//! folders to build it with.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_name() == "site" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of examples/northwind-consulting (and the Acme answers
/// it shares), returning (temp dir guard, project folder).
pub fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    copy_dir(
        &examples.join("northwind-consulting"),
        &tmp.path().join("northwind-consulting"),
    );
    copy_dir(
        &examples.join("acme-outdoor"),
        &tmp.path().join("acme-outdoor"),
    );
    let project = tmp.path().join("northwind-consulting");
    (tmp, project)
}

/// A theme folder `dir` named `name` that extends `default`: its
/// `theme.toml` (the two keys, then `manifest`) and `files` (name, text).
pub fn child_theme(dir: &Path, name: &str, manifest: &str, files: &[(&str, &str)]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("theme.toml"),
        format!("name = \"{name}\"\nextends = \"default\"\n{manifest}"),
    )
    .unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
}

/// Every file below `dir`, as paths relative to it, sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                all.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    all.sort();
    all
}
