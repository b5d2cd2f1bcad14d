//! PDF printing: a finished, self-contained HTML report (with its own
//! `@page` CSS for size, margins, running header and page numbers) goes in;
//! PDF bytes come out, printed by a headless Chrome/Chromium driven over the
//! DevTools protocol.
//!
//! One browser serves a whole run ([`Printer`]), with a few tabs printing in
//! parallel ([`Printer::print_many`]); it is replaced every
//! [`PrintOptions::restart_after`] documents.
//!
//! # What a printed document can reach: nothing
//!
//! Reports are meant to be self-contained, but a hostile or broken one must
//! not leak local files into its PDF or reach the network. Three fences,
//! each enough on its own for what it covers:
//! - the browser never opens the file: the tab navigates to a made-up
//!   `https://rubricate.invalid/N/report.html`, DevTools request
//!   interception serves that one request with the HTML we read, and fails
//!   every other request (`guard.rs` decides). An https page may not
//!   load `file:` URLs at all, and relative paths like `/etc/hostname`
//!   resolve to the made-up host and are failed too. Chosen over
//!   `Page.setDocumentContent` on `about:blank` because the page keeps a
//!   real navigation (a load event tied to its loader, a real URL for
//!   in-document links) and real response headers, which carry the second
//!   fence;
//! - a strict `Content-Security-Policy` header on that response: no
//!   scripts, frames, plugins or non-`data:` resources, whether or not the
//!   report carries its own CSP meta tag;
//! - the browser process resolves no host names
//!   (`--host-resolver-rules`), sends every connection, loopback included,
//!   to a proxy that does not exist, and has background networking off.
//!   This also stops what interception never sees: preconnects, DNS
//!   prefetches, WebSockets.
//!
//! `data:` URLs (inline images and fonts) never leave the renderer and keep
//! working. DevTools network emulation (`Network.emulateNetworkConditions`
//! offline) is not used: it would add nothing the fences above miss, and
//! enabling the Network domain streams an event for every inline `data:`
//! resource.
//!
//! # Metadata and repeatable output
//!
//! Chromium takes the PDF title from `<title>` and stamps the current time;
//! the Info dictionary is then rewritten from [`PdfMeta`] (title, author,
//! subject, creator `rubricate`), the dates dropped unless
//! [`PdfMeta::created`] is given, and the file ID derived from the content,
//! so the same HTML and metadata print to byte-identical PDFs with the same
//! browser build.
//!
//! # Freshness
//!
//! Every PDF records the SHA-256 of the HTML bytes it was printed from
//! (Info key `/RubricateSourceSHA256`, [`source_digest`]). Whether a PDF is
//! up to date is then read from the PDF itself ([`is_current`]): no file
//! times, no memory of which run wrote which HTML, so a report rewritten by
//! `watch`, a plain `build` or by hand is reprinted by the next `--pdf`.

mod browser;
mod cdp;
mod error;
mod find;
mod guard;
mod meta;
mod printer;
mod queue;
mod tab;

/// The fenced, offline headless browser and the DevTools client the
/// printer drives, public so that tests can drive a page the same way
/// (`tests/questionnaire_form.rs` fills in the web questionnaire).
pub use browser::Browser;
pub use cdp::{Cdp, Incoming};
pub use error::{ChromeSource, INSTALL_HINT, PdfError};
pub use find::{APP_PATHS, CHROME_NAMES, find_chrome, find_chrome_in};
pub use meta::{SOURCE_KEY, is_current, source_digest};
pub use printer::Printer;

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// Document information written into the PDF, shown by viewers and used by
/// search and archive tools.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfMeta {
    /// The report title; when empty, the HTML `<title>` is kept.
    pub title: String,
    /// Who wrote the report: the consultancy.
    pub author: Option<String>,
    /// Who the report is about: the assessed organisation.
    pub subject: Option<String>,
    /// Creation date to record. `None` (the default) records none, so the
    /// same report prints to the same bytes every time.
    pub created: Option<SystemTime>,
}

/// One document for [`Printer::print_many`].
#[derive(Debug, Clone)]
pub struct PrintJob {
    pub html: PathBuf,
    pub meta: PdfMeta,
}

/// Limits and parallelism of a [`Printer`].
#[derive(Debug, Clone)]
pub struct PrintOptions {
    /// Longest one document may take from the start of loading to its PDF;
    /// past it the document fails with [`PdfError::Timeout`].
    pub timeout: Duration,
    /// Longest the browser may take to start and open its tabs.
    pub launch_timeout: Duration,
    /// Tabs printing at once. Two keep both cores of a small machine busy
    /// (one renders while the other lays out or transfers).
    pub tabs: usize,
    /// Documents one browser prints before a fresh one replaces it, so
    /// memory a long run leaks inside the browser is given back.
    pub restart_after: usize,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            timeout: Duration::from_secs(60),
            launch_timeout: Duration::from_secs(30),
            tabs: 2,
            restart_after: 200,
        }
    }
}
