//! Answer files at a git revision, and the revisions that touched them,
//! read through the `git` command.
//!
//! Why the command and not a library (gix): every machine that holds the
//! repository has git, its behaviour is the one users know (revisions,
//! tags, `HEAD~2`), and it adds no dependency tree to build. Every call is
//! bounded: revisions are checked before they reach git (no option
//! injection), only `.toml` and `.json` files are read, each at most
//! `input::MAX_ANSWER_BYTES`, and at most [`MAX_FILES`] of them.

use std::path::Path;
use std::process::Command;

use crate::input;

/// At most this many answer files are read per revision.
pub const MAX_FILES: usize = 1000;

/// At most this many revisions make a history.
pub const MAX_REVISIONS: usize = 50;

/// A revision as users write it (`v2026-q2`, `HEAD~2`, a hash), refused if
/// it could be read as an option or holds anything else.
pub fn check_revision(rev: &str) -> Result<(), String> {
    let ok = !rev.is_empty()
        && !rev.starts_with('-')
        && rev.len() <= 200
        && rev
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/~^@{}-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!("`{rev}` is not a git revision"))
    }
}

fn git(args: &[&str], dir: &Path) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "git {}: {}",
            args.first().unwrap_or(&""),
            err.trim()
        ));
    }
    Ok(out.stdout)
}

fn is_answer_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".toml") || lower.ends_with(".json")
}

/// The answer files under `paths` (files or folders, relative to `dir`)
/// at `rev`: (name shown to users, bytes), sorted by name.
pub fn files_at(rev: &str, paths: &[String], dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    check_revision(rev)?;
    let mut args = vec!["ls-tree", "-r", "-z", "--name-only", rev, "--"];
    args.extend(paths.iter().map(String::as_str));
    let listing = git(&args, dir)?;
    let mut names: Vec<String> = listing
        .split(|b| *b == 0)
        .filter(|n| !n.is_empty())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .filter(|n| is_answer_file(n))
        .collect();
    names.sort();
    if names.len() > MAX_FILES {
        return Err(format!("more than {MAX_FILES} answer files at `{rev}`"));
    }
    names
        .into_iter()
        .map(|name| {
            let object = format!("{rev}:./{name}");
            let size: u64 = String::from_utf8_lossy(&git(&["cat-file", "-s", &object], dir)?)
                .trim()
                .parse()
                .unwrap_or(u64::MAX);
            if size > input::MAX_ANSWER_BYTES {
                return Err(format!(
                    "`{object}` is larger than {}",
                    input::size(input::MAX_ANSWER_BYTES)
                ));
            }
            let bytes = git(&["cat-file", "blob", &object], dir)?;
            Ok((format!("{rev}:{name}"), bytes))
        })
        .collect()
}

/// The answer files under `paths` in the working tree, sorted.
pub fn files_on_disk(paths: &[String], dir: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for p in paths {
        let full = dir.join(p);
        if full.is_dir() {
            let mut found = Vec::new();
            collect(&full, p, &mut found, 0)?;
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn collect(dir: &Path, shown: &str, out: &mut Vec<String>, depth: usize) -> Result<(), String> {
    if depth > 16 || out.len() > MAX_FILES {
        return Err(format!("`{shown}` holds too many folders or files"));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let shown = format!("{}/{name}", shown.trim_end_matches('/'));
        let kind = e.file_type().map_err(|e| e.to_string())?;
        if kind.is_dir() {
            collect(&e.path(), &shown, out, depth + 1)?;
        } else if kind.is_file() && is_answer_file(&name) {
            out.push(shown);
        }
    }
    Ok(())
}

/// A commit that touched the answer files: (hash, ISO date, label).
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub hash: String,
    pub date: String,
    /// A tag pointing at it, else the short hash.
    pub label: String,
}

/// The commits that touched `paths`, oldest first, at most
/// [`MAX_REVISIONS`] (the newest ones).
pub fn revisions(paths: &[String], dir: &Path) -> Result<Vec<Revision>, String> {
    let count = MAX_REVISIONS.to_string();
    let mut args = vec!["log", "-n", &count, "--format=%H%x09%cs%x09%h%x09%D", "--"];
    args.extend(paths.iter().map(String::as_str));
    let text = String::from_utf8_lossy(&git(&args, dir)?).into_owned();
    let mut out: Vec<Revision> = text
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let hash = parts.next()?.to_string();
            let date = parts.next()?.to_string();
            let short = parts.next()?.to_string();
            let refs = parts.next().unwrap_or("");
            let tag = refs
                .split(", ")
                .find_map(|r| r.strip_prefix("tag: "))
                .map(str::to_string);
            Some(Revision {
                hash,
                date,
                label: tag.unwrap_or(short),
            })
        })
        .collect();
    out.reverse();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_cannot_be_options() {
        assert!(check_revision("v2026-q2").is_ok());
        assert!(check_revision("HEAD~2").is_ok());
        assert!(check_revision("--output=/etc/passwd").is_err());
        assert!(check_revision("a b").is_err());
        assert!(check_revision("").is_err());
    }
}
