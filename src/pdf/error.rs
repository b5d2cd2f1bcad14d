//! Everything that can go wrong between an HTML file and its PDF, worded for
//! the person running rubricate: what failed, and what to do about it.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Where a browser path came from, so an error can name the knob to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChromeSource {
    /// `--chrome PATH` (the `explicit` argument).
    Flag,
    /// The `RUBRICATE_CHROME` environment variable.
    Env,
}

impl fmt::Display for ChromeSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChromeSource::Flag => "--chrome",
            ChromeSource::Env => "RUBRICATE_CHROME",
        })
    }
}

/// How to get a browser, appended to every "no browser" error.
pub const INSTALL_HINT: &str = "install Chromium or Google Chrome \
     (Debian/Ubuntu: `apt-get install chromium`; macOS: install Google Chrome), \
     or point rubricate at a browser with `--chrome PATH` or the RUBRICATE_CHROME \
     environment variable";

/// Why a PDF could not be printed.
#[derive(Debug)]
pub enum PdfError {
    /// No browser given and none found in the usual places.
    ChromeNotFound { searched: Vec<String> },
    /// A browser was named (flag or env var) but is not an executable file.
    ChromeUnusable {
        path: PathBuf,
        from: ChromeSource,
        reason: String,
    },
    /// The browser process could not be started, or never opened DevTools.
    Launch {
        chrome: PathBuf,
        reason: String,
        stderr: String,
    },
    /// The DevTools websocket failed or the browser went away mid-run.
    Connection { reason: String, stderr: String },
    /// The browser answered a DevTools command with an error.
    Protocol { method: String, message: String },
    /// The HTML file could not be read.
    ReadHtml {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The browser could not load the document.
    Load { html: PathBuf, reason: String },
    /// Loading and printing one document took longer than allowed.
    Timeout { html: PathBuf, after: Duration },
    /// The page's renderer crashed or was closed while printing.
    Crashed { html: PathBuf },
    /// The browser's PDF could not be decoded or rewritten.
    BadPdf { reason: String },
    /// The temporary browser profile could not be created.
    Profile(std::io::Error),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::ChromeNotFound { searched } => write!(
                f,
                "no Chrome or Chromium browser found to print PDFs (looked for {}); {INSTALL_HINT}",
                searched.join("; ")
            ),
            PdfError::ChromeUnusable { path, from, reason } => {
                write!(f, "{from} {}: {reason}; {INSTALL_HINT}", path.display())
            }
            PdfError::Launch {
                chrome,
                reason,
                stderr,
            } => write!(
                f,
                "could not start {}: {reason}{}",
                chrome.display(),
                stderr_suffix(stderr)
            ),
            PdfError::Connection { reason, stderr } => {
                write!(f, "lost the browser: {reason}{}", stderr_suffix(stderr))
            }
            PdfError::Protocol { method, message } => {
                write!(f, "browser refused {method}: {message}")
            }
            PdfError::ReadHtml { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            PdfError::Load { html, reason } => {
                write!(f, "browser could not load {}: {reason}", html.display())
            }
            PdfError::Timeout { html, after } => write!(
                f,
                "printing {} took longer than {:.1}s; gave up",
                html.display(),
                after.as_secs_f64()
            ),
            PdfError::Crashed { html } => {
                write!(
                    f,
                    "the browser tab crashed while printing {}",
                    html.display()
                )
            }
            PdfError::BadPdf { reason } => write!(f, "browser produced an unusable PDF: {reason}"),
            PdfError::Profile(e) => write!(f, "cannot create a browser profile folder: {e}"),
        }
    }
}

impl std::error::Error for PdfError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PdfError::ReadHtml { source, .. } => Some(source),
            PdfError::Profile(e) => Some(e),
            _ => None,
        }
    }
}

/// The browser's last words, if any, on their own lines after the message.
fn stderr_suffix(stderr: &str) -> String {
    let tail = stderr.trim();
    if tail.is_empty() {
        String::new()
    } else {
        format!("\nbrowser output (last lines):\n{tail}")
    }
}
