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
    temp_beside(path, bytes)?
        .persist(path)
        .map_err(|e| e.error)?;
    Ok(Written::Changed)
}

/// Atomically creates `path`, refusing (`AlreadyExists`) to replace an
/// existing file, even one created by a concurrent run.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    temp_beside(path, bytes)?
        .persist_noclobber(path)
        .map_err(|e| e.error)?;
    Ok(())
}

/// A synced temporary file holding `bytes` in `path`'s folder (created if
/// needed), ready to be renamed over or linked into place.
fn temp_beside(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_data()?;
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
