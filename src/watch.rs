//! Watching build inputs: in go the files and folders the last build read,
//! out come debounced batches of changed paths (sorted, deduplicated), one
//! batch per burst of edits, so a watch loop rebuilds once per save.
//!
//! Files are watched through their parent folders, so editors that save by
//! writing a temporary file and renaming it over the original are still
//! seen; events on other files in those folders are filtered out. Reads
//! (open/close without writing) are ignored, so a rebuild reading its inputs
//! never triggers another rebuild. Keep the output folder out of the
//! recursively watched folders, or each build will trigger the next.

mod paths;
mod shutdown;

pub use paths::normalise_event;
pub use shutdown::Shutdown;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use paths::WatchSet;

/// Quiet time that ends a burst: long enough to swallow an editor's
/// write-temp/rename/chmod sequence, short enough to feel instant.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(80);

/// A burst that never goes quiet (e.g. a long checkout) is still delivered
/// after this many debounce periods, so rebuilds are never starved.
const MAX_BATCH_PERIODS: u32 = 10;

/// How often a blocked [`Watcher::next_batch`] looks at its [`Shutdown`].
const SHUTDOWN_POLL: Duration = Duration::from_millis(50);

type RawEvent = notify::Result<notify::Event>;

/// Why watching could not start or change.
#[derive(Debug)]
pub enum WatchError {
    /// The OS notification backend refused (e.g. inotify watch limit).
    Backend(notify::Error),
    /// A file's folder or a watched folder could not be resolved.
    Path {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A path given as a folder to watch is not a folder.
    NotADirectory(PathBuf),
    /// The Ctrl-C handler could not be installed.
    Signal(String),
}

impl WatchError {
    fn path(path: &Path, source: std::io::Error) -> Self {
        WatchError::Path {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WatchError::Backend(e) => write!(f, "cannot watch for changes: {e}"),
            WatchError::Path { path, source } => {
                write!(f, "cannot watch {}: {source}", path.display())
            }
            WatchError::NotADirectory(path) => {
                write!(f, "cannot watch {}: not a folder", path.display())
            }
            WatchError::Signal(e) => write!(f, "cannot handle Ctrl-C: {e}"),
        }
    }
}

impl std::error::Error for WatchError {}

impl From<notify::Error> for WatchError {
    fn from(e: notify::Error) -> Self {
        WatchError::Backend(e)
    }
}

/// A debounced watcher over a replaceable set of files and folders.
pub struct Watcher {
    backend: RecommendedWatcher,
    events: Receiver<RawEvent>,
    debounce: Duration,
    set: WatchSet,
    /// Folders registered with the backend, mapped to "recursive?".
    roots: BTreeMap<PathBuf, bool>,
    shutdown: Option<Shutdown>,
}

impl Watcher {
    /// A watcher watching nothing yet; `debounce` is the quiet time that
    /// ends a burst (see [`DEFAULT_DEBOUNCE`]).
    pub fn new(debounce: Duration) -> Result<Watcher, WatchError> {
        let (tx, events) = mpsc::channel();
        let backend = notify::recommended_watcher(tx)?;
        Ok(Watcher {
            backend,
            events,
            debounce,
            set: WatchSet::default(),
            roots: BTreeMap::new(),
            shutdown: None,
        })
    }

    /// Makes [`Watcher::next_batch`] return `None` soon after `shutdown` is
    /// requested, so a Ctrl-C ends the watch loop cleanly.
    pub fn set_shutdown(&mut self, shutdown: Shutdown) {
        self.shutdown = Some(shutdown);
    }

    /// Replaces the watched set, because the inputs can change after a
    /// rebuild (a rubric gained an include). `files` need not exist but their
    /// folders must; `dirs` must exist and are watched recursively.
    pub fn watch(&mut self, files: &[PathBuf], dirs: &[PathBuf]) -> Result<(), WatchError> {
        let set = WatchSet::new(files, dirs)?;
        let wanted = set.roots();
        let stale: Vec<PathBuf> = self
            .roots
            .iter()
            .filter(|(root, rec)| wanted.get(*root) != Some(rec))
            .map(|(root, _)| root.clone())
            .collect();
        for root in stale {
            // The folder may be gone already; nothing left to release then.
            let _ = self.backend.unwatch(&root);
            self.roots.remove(&root);
        }
        for (root, recursive) in wanted {
            if self.roots.contains_key(&root) {
                continue;
            }
            let mode = match recursive {
                true => RecursiveMode::Recursive,
                false => RecursiveMode::NonRecursive,
            };
            self.backend.watch(&root, mode)?;
            self.roots.insert(root, recursive);
        }
        self.set = set;
        Ok(())
    }

    /// Blocks until a burst of changes to watched paths has gone quiet for
    /// the debounce time and returns its paths, sorted and deduplicated.
    /// Returns `None` when `timeout` passes with no change, when shutdown was
    /// requested, or when the backend is gone.
    pub fn next_batch(&mut self, timeout: Option<Duration>) -> Option<Vec<PathBuf>> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut batch = BTreeSet::new();
        while batch.is_empty() {
            if self.stop_requested() {
                return None;
            }
            let event = match self.recv_until(deadline) {
                Received::Event(event) => event,
                Received::Nothing => continue,
                Received::Done => return None,
            };
            self.collect(event, &mut batch);
        }
        self.settle(&mut batch);
        match self.stop_requested() {
            true => None,
            false => Some(batch.into_iter().collect()),
        }
    }

    /// Keeps adding events to `batch` until none arrived for the debounce
    /// time, or the burst has lasted [`MAX_BATCH_PERIODS`] periods.
    fn settle(&mut self, batch: &mut BTreeSet<PathBuf>) {
        let cap = Instant::now() + self.debounce * MAX_BATCH_PERIODS;
        let mut quiet_at = Instant::now() + self.debounce;
        loop {
            let until = quiet_at.min(cap);
            let Some(wait) = until.checked_duration_since(Instant::now()) else {
                return;
            };
            match self.events.recv_timeout(wait) {
                Ok(event) => {
                    if self.collect(event, batch) {
                        quiet_at = Instant::now() + self.debounce;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Waits for one raw event, in slices short enough to notice shutdown.
    fn recv_until(&self, deadline: Option<Instant>) -> Received {
        let remaining = match deadline {
            Some(d) => match d.checked_duration_since(Instant::now()) {
                Some(r) if !r.is_zero() => Some(r),
                _ => return Received::Done,
            },
            None => None,
        };
        let slice = match (&self.shutdown, remaining) {
            (Some(_), Some(r)) => Some(r.min(SHUTDOWN_POLL)),
            (Some(_), None) => Some(SHUTDOWN_POLL),
            (None, r) => r,
        };
        let result = match slice {
            Some(wait) => self.events.recv_timeout(wait),
            None => self
                .events
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        };
        match result {
            Ok(event) => Received::Event(event),
            Err(RecvTimeoutError::Timeout) => Received::Nothing,
            Err(RecvTimeoutError::Disconnected) => Received::Done,
        }
    }

    /// Adds the interesting paths of `event` to `batch`; true if any.
    fn collect(&self, event: RawEvent, batch: &mut BTreeSet<PathBuf>) -> bool {
        let event = match event {
            Ok(event) if !event.need_rescan() => event,
            // Lost events (queue overflow, backend error): assume the worst.
            _ => {
                batch.extend(self.set.all().cloned());
                return !self.set.files.is_empty() || !self.set.dirs.is_empty();
            }
        };
        if !changes_content(&event.kind) {
            return false;
        }
        let mut added = false;
        for path in &event.paths {
            let path = normalise_event(path);
            if self.set.contains(&path) {
                batch.insert(path);
                added = true;
            }
        }
        added
    }

    fn stop_requested(&self) -> bool {
        self.shutdown.as_ref().is_some_and(Shutdown::is_requested)
    }
}

enum Received {
    Event(RawEvent),
    /// A poll slice ended with nothing; look at shutdown and wait again.
    Nothing,
    /// Deadline passed or backend gone.
    Done,
}

/// Whether an event kind can mean new content. Opening or reading a file
/// (as every rebuild does) must not count, or builds would loop.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}
