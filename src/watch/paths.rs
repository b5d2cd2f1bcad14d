//! Which paths a watch covers: in go the caller's files and folders, out come
//! normalised paths to compare events against and the folders to register
//! with the OS (parents of files non-recursively, folders recursively).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::WatchError;

/// The interesting paths of one `watch` call, normalised so that an event
/// path and a caller path naming the same file compare equal.
#[derive(Debug, Default, Clone)]
pub struct WatchSet {
    /// Individual files (and, for symlinks, their targets).
    pub files: BTreeSet<PathBuf>,
    /// Folders whose whole subtree is interesting.
    pub dirs: Vec<PathBuf>,
}

impl WatchSet {
    /// Normalises `files` (which need not exist yet, but whose folder must)
    /// and `dirs` (which must exist).
    pub fn new(files: &[PathBuf], dirs: &[PathBuf]) -> Result<Self, WatchError> {
        let mut set = WatchSet::default();
        for file in files {
            let path = normalise(file).map_err(|e| WatchError::path(file, e))?;
            // A symlinked input changes when its target does: watch both.
            if let Ok(target) = std::fs::canonicalize(&path) {
                set.files.insert(target);
            }
            set.files.insert(path);
        }
        for dir in dirs {
            let path = std::fs::canonicalize(dir).map_err(|e| WatchError::path(dir, e))?;
            if !path.is_dir() {
                return Err(WatchError::NotADirectory(dir.clone()));
            }
            set.dirs.push(path);
        }
        Ok(set)
    }

    /// Whether a normalised event path is one the caller cares about.
    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains(path) || self.dirs.iter().any(|d| path.starts_with(d))
    }

    /// Every interesting path, reported when the OS lost track of events.
    pub fn all(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.iter().chain(self.dirs.iter())
    }

    /// Folders to register, each mapped to "recursive?". Parents of files are
    /// watched non-recursively, so a file replaced by rename is still seen;
    /// folders nested in a recursive one are left out, since registering the
    /// same folder twice makes unwatching one registration drop the other.
    pub fn roots(&self) -> BTreeMap<PathBuf, bool> {
        let mut roots = BTreeMap::new();
        for dir in &self.dirs {
            roots.insert(dir.clone(), true);
        }
        for file in &self.files {
            if let Some(parent) = file.parent() {
                roots.entry(parent.to_path_buf()).or_insert(false);
            }
        }
        let recursive: Vec<PathBuf> = self.dirs.clone();
        roots.retain(|root, _| {
            !recursive
                .iter()
                .any(|r| root.starts_with(r) && root.as_path() != r.as_path())
        });
        roots
    }
}

/// `path` with its folder canonicalised and its last component kept as is,
/// so a file that was just deleted or replaced still normalises, and a
/// symlinked file keeps its own name.
pub fn normalise(path: &Path) -> std::io::Result<PathBuf> {
    let name = match path.file_name() {
        Some(name) => name,
        None => return std::fs::canonicalize(path),
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Ok(std::fs::canonicalize(parent)?.join(name))
}

/// [`normalise`] for event paths: falls back to the path as reported when its
/// folder is gone (it then matches nothing, which is right).
pub fn normalise_event(path: &Path) -> PathBuf {
    normalise(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_in_existing_folder_normalises() {
        let dir = tempfile::tempdir().unwrap();
        let canon = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            normalise(&dir.path().join("new.rubric")).unwrap(),
            canon.join("new.rubric")
        );
    }

    #[test]
    fn nested_roots_collapse_into_the_recursive_one() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let set = WatchSet::new(&[sub.join("a.rubric")], &[dir.path().to_path_buf()]).unwrap();
        let roots = set.roots();
        assert_eq!(roots.len(), 1);
        assert_eq!(roots.values().next(), Some(&true));
    }

    #[test]
    fn missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = WatchSet::new(&[], &[dir.path().join("nope")]).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }
}
