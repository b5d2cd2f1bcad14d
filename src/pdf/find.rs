//! Which browser prints: the one named by `--chrome` or `RUBRICATE_CHROME`,
//! else the first Chrome/Chromium found in the usual places. A named
//! browser that is missing is an error, never a silent fall-through.

use super::error::{ChromeSource, PdfError};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// Executable names tried on `PATH`, most specific first.
pub const CHROME_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "headless_shell",
];

/// Application bundles tried after `PATH` (macOS installs none on `PATH`).
pub const APP_PATHS: &[&str] = &[
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/// The browser to print with: `explicit` (from `--chrome`), else the
/// `RUBRICATE_CHROME` environment variable, else the first of
/// [`CHROME_NAMES`] on `PATH`, else an [`APP_PATHS`] bundle.
///
/// A named browser that is missing is an error rather than a fall-through, so
/// a typo never silently prints with some other browser.
pub fn find_chrome(explicit: Option<&Path>) -> Result<PathBuf, PdfError> {
    let env = std::env::var_os("RUBRICATE_CHROME").filter(|v| !v.is_empty());
    let apps: Vec<&Path> = APP_PATHS.iter().map(Path::new).collect();
    find_chrome_in(explicit, env, std::env::var_os("PATH"), &apps)
}

/// [`find_chrome`] with its environment passed in, so tests need not
/// mutate the process environment.
pub fn find_chrome_in(
    explicit: Option<&Path>,
    env: Option<OsString>,
    path_var: Option<OsString>,
    apps: &[&Path],
) -> Result<PathBuf, PdfError> {
    let path_var = path_var.unwrap_or_default();
    if let Some(p) = explicit {
        return named(p, ChromeSource::Flag, &path_var);
    }
    if let Some(p) = env {
        return named(Path::new(&p), ChromeSource::Env, &path_var);
    }
    for name in CHROME_NAMES {
        if let Some(found) = on_path(OsStr::new(name), &path_var) {
            return Ok(found);
        }
    }
    if let Some(app) = apps.iter().find(|a| is_executable(a)) {
        return Ok(app.to_path_buf());
    }
    let mut searched = vec![format!("{} on PATH", CHROME_NAMES.join(", "))];
    searched.extend(apps.iter().map(|a| a.display().to_string()));
    Err(PdfError::ChromeNotFound { searched })
}

/// A browser named by the user: a path, or a bare name looked up on `PATH`.
fn named(p: &Path, from: ChromeSource, path_var: &OsStr) -> Result<PathBuf, PdfError> {
    let bare = p.components().count() == 1 && !p.is_absolute();
    if bare && !p.exists() {
        return on_path(p.as_os_str(), path_var).ok_or_else(|| PdfError::ChromeUnusable {
            path: p.to_path_buf(),
            from,
            reason: "not found on PATH".into(),
        });
    }
    let reason = if !p.exists() {
        "no such file"
    } else if !is_executable(p) {
        "not an executable file"
    } else {
        return Ok(p.to_path_buf());
    };
    Err(PdfError::ChromeUnusable {
        path: p.to_path_buf(),
        from,
        reason: reason.into(),
    })
}

fn on_path(name: &OsStr, path_var: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path_var)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_exe(dir: &Path, name: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        p
    }

    #[test]
    fn explicit_beats_env_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let mine = fake_exe(dir.path(), "mine");
        fake_exe(dir.path(), "chromium");
        let path = Some(dir.path().as_os_str().to_owned());
        let env = Some(OsString::from("/nonexistent/env-chrome"));
        let found = find_chrome_in(Some(&mine), env, path, &[]).unwrap();
        assert_eq!(found, mine);
    }

    #[test]
    fn env_then_path_names_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let chrome = fake_exe(dir.path(), "google-chrome");
        let chromium = fake_exe(dir.path(), "chromium");
        let path = Some(dir.path().as_os_str().to_owned());
        let env = Some(chrome.clone().into_os_string());
        assert_eq!(
            find_chrome_in(None, env, path.clone(), &[]).unwrap(),
            chrome
        );
        assert_eq!(find_chrome_in(None, None, path, &[]).unwrap(), chromium);
    }

    #[test]
    fn missing_explicit_path_is_a_clear_error() {
        let err = find_chrome_in(Some(Path::new("/no/such/chrome")), None, None, &[]).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("--chrome /no/such/chrome: no such file"),
            "{text}"
        );
        assert!(text.contains("apt-get install chromium"), "{text}");
    }

    #[test]
    fn non_executable_env_path_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("chrome.txt");
        std::fs::write(&plain, "").unwrap();
        let err = find_chrome_in(None, Some(plain.into_os_string()), None, &[]).unwrap_err();
        assert!(err.to_string().starts_with("RUBRICATE_CHROME "), "{err}");
        assert!(err.to_string().contains("not an executable file"), "{err}");
    }

    #[test]
    fn nothing_found_lists_places_and_install_hint() {
        let dir = tempfile::tempdir().unwrap();
        let path = Some(dir.path().as_os_str().to_owned());
        let err = find_chrome_in(None, None, path, &[Path::new("/no/app")]).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("(looked for chromium, chromium-browser, "),
            "{text}"
        );
        assert!(text.contains("headless_shell on PATH; /no/app)"), "{text}");
        assert!(text.contains("/no/app"), "{text}");
        assert!(text.contains("RUBRICATE_CHROME"), "{text}");
    }
}
