//! Writing outputs safely: to a temporary file beside the target, then
//! renamed over it, so readers never see a half-written file; and only when
//! the content changed, so untouched outputs keep their modification time.

use std::io::Write;
use std::path::Path;

/// Whether a write replaced the file or found it already identical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Changed,
    Unchanged,
}

/// Atomically writes `bytes` to `path` unless it already holds them.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<Written> {
    if let Ok(existing) = std::fs::read(path) {
        if existing == bytes {
            return Ok(Written::Unchanged);
        }
    }
    // Not synced: outputs are regenerated from their inputs, and the rename
    // alone already guarantees readers see the old or the new file, never a
    // half-written one. Syncing every report cost a third of a batch build.
    let tmp = temp_beside(path, bytes, false)?;
    keep_permissions(path, &tmp)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(Written::Changed)
}

/// Atomically creates `path`, refusing (`AlreadyExists`) to replace an
/// existing file, even one created by a concurrent run.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    // Synced: these are files people go on to edit by hand.
    let tmp = temp_beside(path, bytes, true)?;
    keep_permissions(path, &tmp)?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// Temporary files are private (0600); a report replaces a file with that
/// file's own permissions, or is readable like any other output (0644).
fn keep_permissions(path: &Path, tmp: &tempfile::NamedTempFile) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) => tmp.as_file().set_permissions(meta.permissions()),
        Err(_) => set_default_permissions(tmp),
    }
}

#[cfg(unix)]
fn set_default_permissions(tmp: &tempfile::NamedTempFile) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_tmp: &tempfile::NamedTempFile) -> std::io::Result<()> {
    Ok(())
}

/// A temporary file holding `bytes` in `path`'s folder (created if
/// needed), ready to be renamed over or linked into place.
fn temp_beside(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    if sync {
        tmp.as_file().sync_data()?;
    }
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_then_skips_identical_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/report.html");
        assert_eq!(write_atomic(&path, b"a").unwrap(), Written::Changed);
        assert_eq!(write_atomic(&path, b"a").unwrap(), Written::Unchanged);
        assert_eq!(write_atomic(&path, b"b").unwrap(), Written::Changed);
        assert_eq!(std::fs::read(&path).unwrap(), b"b");
        let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary files left behind");
    }
}
