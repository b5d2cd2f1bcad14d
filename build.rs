//! Build script: gives `rubricate --version` the git commit it was built
//! from, so a report or a bug can be traced to the exact source.
//!
//! It sets `RUBRICATE_VERSION` to `0.1.0 (abc1234)`, `0.1.0 (abc1234,
//! modified)` when the inputs of the build differ from that commit, or plain
//! `0.1.0` when no commit is known. The commit comes from `git` when the
//! package folder is the top of a git work tree (a clone, a worktree, the
//! checkout `cargo install --git` makes), else from `.cargo_vcs_info.json`
//! (written into published packages), else nothing: a missing `git` or
//! `.git` is never an error. Nothing time-dependent is embedded, so two
//! builds of one commit print the same version.
//!
//! The script reruns only when the commit can have changed (`HEAD`, the
//! branch it points to, packed refs) or when an input of the build changed
//! (and the build recompiles then anyway), not on every build.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The files and folders the binary is built from: a change to one of them
/// is what makes a build "modified" relative to its commit.
const INPUTS: &[&str] = &[
    "src",
    "build.rs",
    "Cargo.toml",
    "Cargo.lock",
    "grammar",
    "rubrics",
    "themes",
];

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    // A missing path would make cargo rerun the script on every build, so
    // only existing ones are named.
    for input in INPUTS {
        if manifest_dir.join(input).exists() {
            println!("cargo:rerun-if-changed={input}");
        }
    }
    let commit = git_commit(&manifest_dir).or_else(|| vcs_info_commit(&manifest_dir));
    let full = match commit {
        Some(Commit { hash, dirty: true }) => format!("{version} ({hash}, modified)"),
        Some(Commit { hash, dirty: false }) => format!("{version} ({hash})"),
        None => version,
    };
    println!("cargo:rustc-env=RUBRICATE_VERSION={full}");
}

struct Commit {
    hash: String,
    dirty: bool,
}

/// Runs `git` in `dir` with the given arguments; `None` on any failure.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        // Never take the index lock or rewrite the index: a build must not
        // change the repository (and so retrigger itself).
        .arg("--no-optional-locks")
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

/// The commit of the work tree whose top is `dir`, with the rerun triggers
/// for its `HEAD`. `None` when `dir` is not the top of a work tree (e.g. a
/// package unpacked inside someone else's repository).
fn git_commit(dir: &Path) -> Option<Commit> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&top), dir) {
        return None;
    }
    watch_head(dir);
    let hash = git(dir, &["rev-parse", "--short=7", "HEAD"])?;
    if hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut status = vec!["status", "--porcelain", "--untracked-files=no", "--"];
    status.extend(INPUTS);
    let dirty = git(dir, &status).is_some_and(|s| !s.is_empty());
    Some(Commit { hash, dirty })
}

/// Reruns the script when `HEAD` moves: `HEAD` itself, the branch it names
/// and the packed refs. Paths come from git, so worktrees (whose `HEAD`
/// and refs live in different folders) work too.
fn watch_head(dir: &Path) {
    let mut paths = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        paths.push(branch);
    }
    for path in paths {
        if let Some(file) = git(dir, &["rev-parse", "--git-path", &path]) {
            let file = dir.join(file);
            if file.exists() {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
    }
}

/// The commit recorded in `.cargo_vcs_info.json`, which `cargo package`
/// writes into published packages: `{"git": {"sha1": "…", "dirty": true}}`.
fn vcs_info_commit(dir: &Path) -> Option<Commit> {
    let path = dir.join(".cargo_vcs_info.json");
    let text = std::fs::read_to_string(&path).ok()?;
    println!("cargo:rerun-if-changed={}", path.display());
    let (_, rest) = text.split_once("\"sha1\"")?;
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let hash: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
    if hash.len() < 7 {
        return None;
    }
    let dirty = text.contains("\"dirty\": true") || text.contains("\"dirty\":true");
    Some(Commit {
        hash: hash[..7].to_string(),
        dirty,
    })
}
