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
    // Not synced: outputs are regenerated from their inputs, and the rename
    // alone already guarantees readers see the old or the new file, never a
    // half-written one. Syncing every report cost a third of a batch build.
    replace(path, bytes, false)
}

/// Atomically writes `bytes` to `path` in a folder this run has just
/// made: with no file there to compare with or take permissions from, it
/// is neither read nor `stat`ed first.
pub fn write_in_new_folder(path: &Path, bytes: &[u8]) -> std::io::Result<Written> {
    let tmp = temp_beside(path, bytes, false)?;
    put_in_place(path, tmp, false)
}

/// Atomically replaces `path` with what `fill` writes, streamed (buffered)
/// into a temporary file beside it: for large files (the fingerprint
/// cache) whose text need not be held in memory. Unlike [`write_atomic`]
/// it does not compare with the existing file; the caller knows whether
/// anything changed.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let tmp = temp_beside(path, &[], false)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush()?;
    }
    keep_permissions(path, &tmp)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// [`write_atomic`] for a large output produced piece by piece (the site
/// index of a big project): `fill` streams into a buffered temporary file
/// beside `path`, so the text is never held in memory. The result is then
/// compared with the existing file chunk by chunk; when identical, the
/// temporary file is dropped and `path` keeps its modification time. An
/// error from `fill` leaves `path` as it was.
pub fn write_atomic_streamed<E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<Written, E> {
    let tmp = temp_beside(path, &[], false)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush()?;
    }
    let exists = match same_content(path, tmp.path()) {
        Ok(true) => return Ok(Written::Unchanged),
        Ok(false) => true,
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    };
    Ok(put_in_place(path, tmp, exists)?)
}

/// Whether files `a` and `b` hold the same bytes, read in fixed-size
/// chunks (sizes compared first).
fn same_content(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    const CHUNK: u64 = 64 * 1024;
    let (mut fa, mut fb) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    if fa.metadata()?.len() != fb.metadata()?.len() {
        return Ok(false);
    }
    let (mut ba, mut bb) = (Vec::new(), Vec::new());
    loop {
        ba.clear();
        bb.clear();
        let n = (&mut fa).take(CHUNK).read_to_end(&mut ba)?;
        (&mut fb).take(CHUNK).read_to_end(&mut bb)?;
        if ba != bb {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// [`write_atomic`] for files people edit by hand (`init --update`): the
/// new content is synced before the rename, as [`write_new`] does, since
/// nothing could regenerate it.
pub fn write_atomic_synced(path: &Path, bytes: &[u8]) -> std::io::Result<Written> {
    replace(path, bytes, true)
}

fn replace(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<Written> {
    let exists = match std::fs::read(path) {
        Ok(existing) if existing == bytes => return Ok(Written::Unchanged),
        Ok(_) => true,
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    };
    let tmp = temp_beside(path, bytes, sync)?;
    put_in_place(path, tmp, exists)
}

/// Renames `tmp` over `path` with `path`'s permissions when it `exists`,
/// else the default ones (nothing to keep: spares a `stat` per file of a
/// fresh build).
fn put_in_place(
    path: &Path,
    tmp: tempfile::NamedTempFile,
    exists: bool,
) -> std::io::Result<Written> {
    if exists {
        keep_permissions(path, &tmp)?;
    } else {
        set_default_permissions(&tmp)?;
    }
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
    let create = || {
        tempfile::Builder::new()
            .prefix(temp_prefix())
            .tempfile_in(dir)
    };
    // The folder usually exists (the report's sibling was just written
    // there): try first, create it only when missing.
    let mut tmp = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)?;
            create()?
        }
        other => other?,
    };
    tmp.write_all(bytes)?;
    if sync {
        tmp.as_file().sync_data()?;
    }
    Ok(tmp)
}

/// What every temporary file's name starts with, so leftovers of a run
/// that was killed (`kill -9`, power loss) are recognisable as ours.
pub const TEMP_PREFIX: &str = ".rubricate-tmp-";

/// `.rubricate-tmp-PID-`: the process id tells a leftover from a file that
/// a running build (this one, on another thread, or a concurrent one) is
/// about to rename into place. Made once per process (one `getpid` less
/// per file written).
fn temp_prefix() -> &'static str {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PREFIX.get_or_init(|| format!("{TEMP_PREFIX}{}-", std::process::id()))
}

/// Removes the temporary files that runs which were killed left in `dir`:
/// ours by name, and written by a process that is no longer running (or,
/// where that cannot be told, untouched for an hour). Returns how many were
/// removed; errors (a folder that does not exist yet) are ignored.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TEMP_PREFIX)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && is_stale(pid, &entry) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn is_stale(pid: Option<u32>, entry: &std::fs::DirEntry) -> bool {
    if pid == Some(std::process::id()) {
        return false;
    }
    if let Some(alive) = pid.and_then(process_alive) {
        return !alive;
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

/// Whether process `pid` exists; `None` when that cannot be told.
#[cfg(unix)]
fn process_alive(pid: u32) -> Option<bool> {
    let pid = libc::pid_t::try_from(pid).ok()?;
    // Signal 0 checks existence and permission without sending anything.
    // SAFETY: kill(2) with signal 0 has no effect on the target.
    let result = unsafe { libc::kill(pid, 0) };
    if result == 0 {
        return Some(true);
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::ESRCH) => Some(false),
        Some(libc::EPERM) => Some(true),
        _ => None,
    }
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> Option<bool> {
    None
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

    #[test]
    fn streamed_writes_compare_and_keep_the_old_file_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out/index.html");
        let stream = |bytes: Vec<u8>| {
            move |w: &mut dyn Write| -> std::io::Result<()> {
                // Many small writes, as a template makes them.
                bytes.chunks(1000).try_for_each(|c| w.write_all(c))
            }
        };
        // Past one 64 KiB comparison chunk, differing only in the last byte.
        let mut a = vec![b'x'; 200_000];
        let written = write_atomic_streamed(&path, stream(a.clone())).unwrap();
        assert_eq!(written, Written::Changed);
        let again = write_atomic_streamed(&path, stream(a.clone())).unwrap();
        assert_eq!(again, Written::Unchanged);
        *a.last_mut().unwrap() = b'y';
        let changed = write_atomic_streamed(&path, stream(a.clone())).unwrap();
        assert_eq!(changed, Written::Changed);
        assert_eq!(std::fs::read(&path).unwrap(), a);
        let failed = write_atomic_streamed(&path, |w: &mut dyn Write| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("template failed"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "template failed");
        assert_eq!(std::fs::read(&path).unwrap(), a, "the old file stays");
        let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary files left behind");
    }

    #[test]
    fn stale_temporaries_of_dead_runs_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A pid far above any pid_max: no such process.
        let dead = dir.path().join(format!("{TEMP_PREFIX}999999999-abcdef"));
        let live = dir
            .path()
            .join(format!("{TEMP_PREFIX}{}-abcdef", std::process::id()));
        let other = dir.path().join(".tmpabcdef");
        for p in [&dead, &live, &other] {
            std::fs::write(p, "x").unwrap();
        }
        assert_eq!(remove_stale_temporaries(dir.path()), 1);
        assert!(!dead.exists() && live.exists() && other.exists());
    }
}
