//! Mapping a request target to a file: in go the canonical output folder and
//! the raw target (`/a/report.html?x`), out comes a canonical file path that
//! is guaranteed to lie inside that folder, a redirect, or a refusal.
//!
//! The target is percent-decoded exactly once; any `..`, `.`, empty, hidden
//! (`.git`) or drive-like (`C:`) segment, backslash or control character
//! (NUL included) is refused before the file system is touched; the path is
//! then built one component at a time, canonicalised (resolving symlinks)
//! and checked to still start with the root. A double-encoded `%252e` stays
//! the literal name `%2e`.

use std::path::{Component, Path, PathBuf};

/// Where a request target leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A readable file inside the root (canonical path).
    File(PathBuf),
    /// A folder named without its trailing slash: redirect here, so the
    /// page's relative links resolve inside the folder.
    Redirect(String),
}

/// Why a target is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Malformed or dangerous: traversal, bad escapes, backslashes, NUL.
    BadRequest,
    /// Nothing servable there (including anything outside the root).
    NotFound,
}

/// The files served for a folder, first found wins: a project's index, or
/// an assessment folder's report.
const INDEX: [&str; 2] = ["index.html", "report.html"];

/// Splits a request target into its path and query (fragment dropped).
pub fn split_target(target: &str) -> (&str, Option<&str>) {
    let target = target.split('#').next().unwrap_or_default();
    match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    }
}

/// Resolves `target` against `root`, which must already be canonical.
pub fn resolve(root: &Path, target: &str) -> Result<Resolved, Refused> {
    let (raw_path, query) = split_target(target);
    let segments = segments(raw_path)?;
    let wants_folder = raw_path.ends_with('/');
    let mut path = root.to_path_buf();
    for segment in &segments {
        path.push(segment);
    }
    let found = inside(root, &path)?;
    if !found.is_dir() {
        return servable(found);
    }
    if !wants_folder {
        let location = match query {
            Some(q) => format!("{raw_path}/?{q}"),
            None => format!("{raw_path}/"),
        };
        return Ok(Resolved::Redirect(location));
    }
    INDEX
        .iter()
        .find_map(|name| inside(root, &found.join(name)).ok().filter(|p| p.is_file()))
        .map_or(Err(Refused::NotFound), servable)
}

/// The decoded, vetted segments of a request path ("/a/b/" → ["a", "b"]).
fn segments(raw_path: &str) -> Result<Vec<String>, Refused> {
    let rest = raw_path.strip_prefix('/').ok_or(Refused::BadRequest)?;
    let decoded = percent_decode(rest).ok_or(Refused::BadRequest)?;
    if decoded.contains('\\') || decoded.chars().any(char::is_control) {
        return Err(Refused::BadRequest);
    }
    let mut parts: Vec<&str> = decoded.split('/').collect();
    if parts.last() == Some(&"") {
        parts.pop();
    }
    parts.into_iter().map(vet_segment).collect()
}

/// One decoded segment, accepted only if it is a plain, visible name.
fn vet_segment(segment: &str) -> Result<String, Refused> {
    if segment.is_empty() || segment == "." || segment == ".." || segment.contains(':') {
        return Err(Refused::BadRequest);
    }
    if segment.starts_with('.') {
        return Err(Refused::NotFound);
    }
    let mut components = Path::new(segment).components();
    match (components.next(), components.next()) {
        (Some(Component::Normal(name)), None) if name == segment => Ok(segment.to_owned()),
        _ => Err(Refused::BadRequest),
    }
}

/// The canonical form of `path` if it exists and, symlinks resolved, still
/// lies inside `root`.
fn inside(root: &Path, path: &Path) -> Result<PathBuf, Refused> {
    let canonical = std::fs::canonicalize(path).map_err(|_| Refused::NotFound)?;
    match canonical.starts_with(root) {
        true => Ok(canonical),
        false => Err(Refused::NotFound),
    }
}

fn servable(path: PathBuf) -> Result<Resolved, Refused> {
    match path.is_file() {
        true => Ok(Resolved::File(path)),
        false => Err(Refused::NotFound),
    }
}

/// Decodes `%XX` escapes once; `None` for a broken escape or non-UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_once() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%252e").as_deref(), Some("%2e"));
        assert_eq!(percent_decode("%2").as_deref(), None);
        assert_eq!(percent_decode("%zz").as_deref(), None);
        assert_eq!(percent_decode("%+1").as_deref(), None);
        assert_eq!(percent_decode("%ff").as_deref(), None);
        assert_eq!(percent_decode("%c3%a9").as_deref(), Some("é"));
    }

    #[test]
    fn vets_segments() {
        for bad in ["..", ".", "", "C:", "a:b"] {
            assert_eq!(vet_segment(bad), Err(Refused::BadRequest), "{bad:?}");
        }
        assert_eq!(vet_segment(".git"), Err(Refused::NotFound));
        assert_eq!(vet_segment("report.html").as_deref(), Ok("report.html"));
        assert_eq!(vet_segment("%2e%2e").as_deref(), Ok("%2e%2e"));
    }

    #[test]
    fn refuses_traversal_before_touching_disk() {
        let root = Path::new("/nonexistent-root");
        for target in [
            "/../x",
            "/..%2fx",
            "/%2e%2e/x",
            "/%2e%2e%2fx",
            "/..%5cx",
            "/a\\..\\x",
            "//etc/passwd",
            "/C:/Windows",
            "/a%00.html",
            "/a%0d%0aX-Evil:%201",
            "relative",
            "http://evil/x",
        ] {
            assert_eq!(resolve(root, target), Err(Refused::BadRequest), "{target}");
        }
    }

    proptest::proptest! {
        /// Whatever the target, a served file lies inside the root, even
        /// with a symlink to the parent folder and a secret beside the root.
        #[test]
        fn never_leaves_the_root(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "/", "..", ".", "%2e", "%2E", "%2f", "%5c", "\\", "%25", "%00", ":",
                "up", "a", "secret.txt", "index.html", "%252e", "?", "#", "//",
            ]),
            0..8,
        )) {
            let (_dir, root) = sandbox();
            let target = format!("/{}", parts.concat());
            if let Ok(Resolved::File(path)) = resolve(&root, &target) {
                proptest::prop_assert!(path.starts_with(&root), "{} -> {:?}", target, path);
            }
        }
    }

    /// `dir/root/{index.html, a/index.html, up -> dir}` and `dir/secret.txt`.
    fn sandbox() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("index.html"), "i").unwrap();
        std::fs::write(root.join("a/index.html"), "a").unwrap();
        std::fs::create_dir(root.join("client")).unwrap();
        std::fs::write(root.join("client/report.html"), "r").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        let root = std::fs::canonicalize(root).unwrap();
        (dir, root)
    }

    #[test]
    fn serves_files_and_folder_indexes_inside() {
        let (_dir, root) = sandbox();
        let file = |p: &str| Ok(Resolved::File(root.join(p)));
        assert_eq!(resolve(&root, "/"), file("index.html"));
        assert_eq!(resolve(&root, "/a/?x"), file("a/index.html"));
        assert_eq!(resolve(&root, "/client/"), file("client/report.html"));
        assert_eq!(
            resolve(&root, "/a?x=1"),
            Ok(Resolved::Redirect("/a/?x=1".into()))
        );
        assert_eq!(resolve(&root, "/up/secret.txt"), Err(Refused::NotFound));
        // Out through a symlink and back in is still inside: fine.
        assert_eq!(resolve(&root, "/up/root/index.html"), file("index.html"));
    }

    #[test]
    fn splits_query_and_fragment() {
        assert_eq!(split_target("/a?b=1#c"), ("/a", Some("b=1")));
        assert_eq!(split_target("/a#c?d"), ("/a", None));
    }
}
