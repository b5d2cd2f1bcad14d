//! The batch printer: one headless browser per run with a few tabs printing
//! side by side, replaced by a fresh browser every so many documents (long
//! runs stay lean) and after a tab hangs or crashes (no half-dead state is
//! carried over).

use super::browser::Browser;
use super::cdp::{Cdp, Incoming};
use super::error::PdfError;
use super::find::find_chrome;
use super::queue::Queue;
use super::tab::{Step, Tab};
use super::{PdfMeta, PrintJob, PrintOptions, meta};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a closing browser gets to exit by itself before it is killed.
const CLOSE_GRACE: Duration = Duration::from_secs(3);

/// A headless browser kept warm for a whole run.
///
/// One `Printer` owns one browser process with [`PrintOptions::tabs`] tabs;
/// [`Printer::print_many`] keeps all tabs busy, which is how to use several
/// cores. A `Printer` is `Send` but not `Sync`: to print from several
/// threads, give each thread its own `Printer` (each starts its own
/// browser) or, better, hand all documents to one `print_many`.
pub struct Printer {
    chrome: PathBuf,
    options: PrintOptions,
    live: Option<Live>,
}

/// The running browser, its connection, its tabs.
struct Live {
    browser: Browser,
    cdp: Cdp,
    tabs: Vec<Tab>,
    /// Documents started in this browser, for [`PrintOptions::restart_after`]
    /// and to give each document its own address.
    started: usize,
}

impl Printer {
    /// Finds the browser (see [`find_chrome`]) and starts it with default
    /// [`PrintOptions`], so a missing or broken browser fails before any
    /// document is read.
    pub fn launch(chrome: Option<&Path>) -> Result<Printer, PdfError> {
        Printer::launch_with(chrome, PrintOptions::default())
    }

    /// [`Printer::launch`] with explicit options.
    pub fn launch_with(chrome: Option<&Path>, options: PrintOptions) -> Result<Printer, PdfError> {
        let mut printer = Printer {
            chrome: find_chrome(chrome)?,
            options,
            live: None,
        };
        printer.live = Some(Live::start(&printer.chrome, &printer.options)?);
        Ok(printer)
    }

    /// Changes the per-document time limit for documents started from now on.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.options.timeout = timeout;
    }

    /// The running browser's process id, if one is running (for
    /// diagnostics, and for tests that kill it).
    pub fn browser_pid(&self) -> Option<u32> {
        self.live.as_ref().map(|l| l.browser.pid())
    }

    /// The browser executable in use.
    pub fn chrome(&self) -> &Path {
        &self.chrome
    }

    /// Prints `html` (a file on disk) and returns the PDF bytes, with the
    /// document information set from `meta`.
    pub fn print_file(&mut self, html: &Path, meta: &PdfMeta) -> Result<Vec<u8>, PdfError> {
        let job = PrintJob {
            html: html.to_path_buf(),
            meta: meta.clone(),
        };
        let mut out = None;
        self.print_many(std::slice::from_ref(&job), |_, result| out = Some(result))?;
        out.unwrap_or_else(|| {
            Err(PdfError::Connection {
                reason: "the document was never printed".into(),
                stderr: String::new(),
            })
        })
    }

    /// Prints every job, several at a time, calling `on_done(index, result)`
    /// as each finishes (not necessarily in order), so PDFs can be written
    /// out as they come instead of piling up in memory.
    ///
    /// A failed document (unreadable, timed out, crashed tab) gets its error
    /// and the run goes on. If the whole browser dies, the documents it was
    /// printing are tried once more on a fresh one. `Err` is returned only
    /// when a browser cannot be (re)started; jobs not yet reported then were
    /// not printed.
    pub fn print_many<F>(&mut self, jobs: &[PrintJob], mut on_done: F) -> Result<(), PdfError>
    where
        F: FnMut(usize, Result<Vec<u8>, PdfError>),
    {
        let limit = self.options.restart_after.max(1);
        let timeout = self.options.timeout;
        let mut queue = Queue::new(jobs.len());
        loop {
            if queue.is_empty() && self.live.as_ref().is_none_or(Live::idle) {
                return Ok(());
            }
            let live = self.ready()?;
            let mut lost = None;
            while live.started < limit && live.tabs.iter().any(Tab::idle) {
                let Some(index) = queue.pop() else { break };
                let html = &jobs[index].html;
                match std::fs::read(html) {
                    Err(source) => {
                        let path = html.clone();
                        on_done(index, Err(PdfError::ReadHtml { path, source }));
                    }
                    Ok(bytes) => {
                        if let Err(e) = live.start_job(index, html, &bytes, timeout) {
                            lost = Some((e, Some(index)));
                            break;
                        }
                    }
                }
            }
            if lost.is_none() && !live.idle() {
                lost = live
                    .pump(jobs, timeout, &mut on_done)
                    .err()
                    .map(|e| (e, None));
            }
            let Some((e, unstarted)) = lost else { continue };
            let orphans: Vec<usize> = unstarted.into_iter().chain(live.take_in_flight()).collect();
            let stderr = live.browser.stderr_tail();
            self.live = None;
            for index in orphans.into_iter().filter(|&i| !queue.retry(i)) {
                on_done(index, Err(lost_browser(&e, &stderr)));
            }
        }
    }

    /// The live browser, restarted first if it is gone, or has nothing in
    /// flight and either died, retired a tab or printed its share.
    fn ready(&mut self) -> Result<&mut Live, PdfError> {
        let limit = self.options.restart_after.max(1);
        let stale = self.live.as_mut().is_some_and(|l| {
            let worn = l.started >= limit || l.tabs.iter().any(|t| t.broken);
            l.idle() && (worn || !l.browser.alive())
        });
        if stale {
            if let Some(old) = self.live.take() {
                old.close();
            }
        }
        if self.live.is_none() {
            self.live = Some(Live::start(&self.chrome, &self.options)?);
        }
        self.live.as_mut().ok_or_else(|| PdfError::Connection {
            reason: "browser not running".into(),
            stderr: String::new(),
        })
    }
}

impl Drop for Printer {
    fn drop(&mut self) {
        if let Some(live) = self.live.take() {
            live.close();
        }
    }
}

impl Live {
    fn start(chrome: &Path, options: &PrintOptions) -> Result<Live, PdfError> {
        let deadline = Instant::now() + options.launch_timeout;
        let browser = Browser::launch(chrome, deadline)?;
        let launch_err = |e: PdfError| PdfError::Launch {
            chrome: chrome.to_path_buf(),
            reason: e.to_string(),
            stderr: browser.stderr_tail(),
        };
        let mut cdp = Cdp::connect(&browser.ws_url, deadline).map_err(launch_err)?;
        let mut tabs = Vec::new();
        for _ in 0..options.tabs.max(1) {
            tabs.push(Tab::open(&mut cdp, deadline).map_err(launch_err)?);
        }
        Ok(Live {
            browser,
            cdp,
            tabs,
            started: 0,
        })
    }

    /// Whether no tab has a document in flight.
    fn idle(&self) -> bool {
        self.tabs.iter().all(|t| t.job.is_none())
    }

    /// Asks the browser to quit, then makes sure it has.
    fn close(mut self) {
        if self.cdp.send(None, "Browser.close", json!({})).is_ok() {
            self.browser.stop(CLOSE_GRACE);
        }
    }

    /// Handles the next message (or the earliest deadline), reporting
    /// finished jobs. `Err` means the connection is lost.
    fn pump<F>(
        &mut self,
        jobs: &[PrintJob],
        timeout: Duration,
        on_done: &mut F,
    ) -> Result<(), PdfError>
    where
        F: FnMut(usize, Result<Vec<u8>, PdfError>),
    {
        let deadline = self
            .tabs
            .iter()
            .filter_map(|t| t.job.as_ref().map(|j| j.deadline))
            .min()
            .unwrap_or_else(Instant::now);
        let Some(message) = self.cdp.recv(deadline)? else {
            self.expire(timeout, on_done);
            return Ok(());
        };
        let (tab, step) = match message {
            Incoming::Response { id, result } => self.route_response(id, result)?,
            Incoming::Event {
                session: Some(session),
                method,
                params,
            } => {
                let Some(i) = self.tabs.iter().position(|t| t.session == session) else {
                    return Ok(());
                };
                (i, self.tabs[i].on_event(&mut self.cdp, &method, &params)?)
            }
            Incoming::Event {
                session: None,
                method,
                params,
            } if method == "Target.detachedFromTarget" => {
                let session = params["sessionId"].as_str().unwrap_or_default();
                let Some(i) = self.tabs.iter().position(|t| t.session == session) else {
                    return Ok(());
                };
                (i, self.tabs[i].crashed())
            }
            Incoming::Event { .. } => return Ok(()),
        };
        if let Step::Done(result) = step {
            if let Some(job) = self.tabs[tab].job.take() {
                let meta = &jobs[job.index].meta;
                let stamped = result.and_then(|pdf| meta::apply(&pdf, meta, &job.source));
                on_done(job.index, stamped);
            }
        }
        Ok(())
    }

    fn route_response(
        &mut self,
        id: u64,
        result: Result<serde_json::Value, String>,
    ) -> Result<(usize, Step), PdfError> {
        match self.tabs.iter().position(|t| t.awaits(id)) {
            Some(i) => Ok((i, self.tabs[i].on_response(&mut self.cdp, result)?)),
            None => Ok((0, Step::Pending)),
        }
    }

    /// Starts job `index` on an idle tab.
    fn start_job(
        &mut self,
        index: usize,
        html: &Path,
        bytes: &[u8],
        timeout: Duration,
    ) -> Result<(), PdfError> {
        let Some(tab) = self.tabs.iter_mut().find(|t| t.idle()) else {
            return Ok(());
        };
        self.started += 1;
        let deadline = Instant::now() + timeout;
        let serial = self.started as u64;
        tab.start(
            &mut self.cdp,
            index,
            html.to_path_buf(),
            bytes,
            serial,
            deadline,
        )
    }

    /// The jobs in flight, taken off their tabs (the browser is lost).
    fn take_in_flight(&mut self) -> Vec<usize> {
        let jobs = self.tabs.iter_mut().filter_map(|t| t.job.take());
        jobs.map(|job| job.index).collect()
    }

    /// Fails every job past its deadline and retires its tab.
    fn expire<F>(&mut self, timeout: Duration, on_done: &mut F)
    where
        F: FnMut(usize, Result<Vec<u8>, PdfError>),
    {
        let now = Instant::now();
        for tab in &mut self.tabs {
            if tab.job.as_ref().is_some_and(|j| j.deadline <= now) {
                if let Some(job) = tab.job.take() {
                    tab.broken = true;
                    let html = job.html;
                    on_done(
                        job.index,
                        Err(PdfError::Timeout {
                            html,
                            after: timeout,
                        }),
                    );
                }
            }
        }
    }
}

/// A job's error when its browser was lost under it (twice), with the
/// browser's last words.
fn lost_browser(e: &PdfError, stderr: &str) -> PdfError {
    let reason = match e {
        PdfError::Connection { reason, .. } => reason.clone(),
        other => other.to_string(),
    };
    PdfError::Connection {
        reason,
        stderr: stderr.to_string(),
    }
}
