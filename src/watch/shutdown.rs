//! A stop signal for long-running loops: in goes a request (Ctrl-C, SIGTERM,
//! or code calling [`Shutdown::request`]), out comes a flag that
//! [`super::Watcher::next_batch`] and the caller's loop poll so they can
//! finish the current rebuild and exit cleanly with code 0.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::WatchError;

/// Exit code used when a second Ctrl-C arrives while the first one is still
/// being honoured (the conventional 128 + SIGINT).
const FORCED_EXIT_CODE: i32 = 130;

/// A cloneable "please stop" flag shared by the watch loop, the Ctrl-C
/// handler and anything else (e.g. the preview server) that must wind down.
#[derive(Debug, Clone, Default)]
pub struct Shutdown {
    requested: Arc<AtomicBool>,
}

impl Shutdown {
    /// A flag nobody has raised yet; raise it with [`Shutdown::request`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A flag raised by Ctrl-C (SIGINT) or SIGTERM, so a watch loop can end
    /// its current rebuild and exit 0 instead of dying mid-write. A second
    /// Ctrl-C while the first is pending exits at once with code 130, so a
    /// stuck rebuild never traps the user.
    ///
    /// The handler is process-wide: calling this twice in one process fails
    /// with [`WatchError::Signal`].
    pub fn on_ctrl_c() -> Result<Self, WatchError> {
        let shutdown = Self::new();
        let flag = Arc::clone(&shutdown.requested);
        ctrlc::set_handler(move || {
            if flag.swap(true, Ordering::SeqCst) {
                std::process::exit(FORCED_EXIT_CODE);
            }
        })
        .map_err(|e| WatchError::Signal(e.to_string()))?;
        Ok(shutdown)
    }

    /// Raises the flag; every clone sees it.
    pub fn request(&self) {
        self.requested.store(true, Ordering::SeqCst);
    }

    /// Whether someone asked to stop.
    pub fn is_requested(&self) -> bool {
        self.requested.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag() {
        let a = Shutdown::new();
        let b = a.clone();
        assert!(!b.is_requested());
        a.request();
        assert!(b.is_requested());
    }
}
