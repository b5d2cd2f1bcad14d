//! The build state shared between the watch loop and open browser tabs: in
//! go "rebuilt fine" or "rebuild failed with this text", out comes a
//! generation counter that long-polling requests wait on.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde::Serialize;

/// What the last rebuild produced, as a browser tab sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BuildState {
    /// Bumped on every publish, so a tab knows something happened.
    pub generation: u64,
    /// The diagnostics of a failed rebuild (plain text), `None` after a
    /// good one.
    pub error: Option<String>,
}

#[derive(Debug, Default)]
struct Inner {
    build: BuildState,
    stopping: bool,
}

/// [`BuildState`] behind a lock, with a condition variable so long-polls
/// wake the moment a rebuild is published or the server stops.
#[derive(Debug, Default)]
pub struct Live {
    inner: Mutex<Inner>,
    changed: Condvar,
}

impl Live {
    /// A copy of the current state.
    pub fn current(&self) -> BuildState {
        self.lock().build.clone()
    }

    /// Records a rebuild outcome and wakes every waiting poll.
    pub fn publish(&self, error: Option<String>) {
        let mut inner = self.lock();
        inner.build.generation = inner.build.generation.wrapping_add(1);
        inner.build.error = error.map(|e| strip_ansi(&e));
        drop(inner);
        self.changed.notify_all();
    }

    /// Wakes every waiting poll for good: the server is going away.
    pub fn stop(&self) {
        self.lock().stopping = true;
        self.changed.notify_all();
    }

    /// Whether [`Live::stop`] was called.
    pub fn is_stopping(&self) -> bool {
        self.lock().stopping
    }

    /// The state once its generation differs from `since`, or after
    /// `timeout`, or at once when `since` is `None` or the server stops.
    pub fn wait_for_change(&self, since: Option<u64>, timeout: Duration) -> BuildState {
        let inner = self.lock();
        let Some(since) = since else {
            return inner.build.clone();
        };
        let (inner, _) = self
            .changed
            .wait_timeout_while(inner, timeout, |i| {
                i.build.generation == since && !i.stopping
            })
            .unwrap_or_else(PoisonError::into_inner);
        inner.build.clone()
    }

    /// A panicking request thread must not take the server down with it.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `text` without ANSI escape sequences (colours from a terminal renderer),
/// which would show up as garbage in the browser overlay.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            // Parameters and intermediates, then one final byte in @..~.
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_colour_codes() {
        assert_eq!(
            strip_ansi("\u{1b}[1;31merror[E0101]\u{1b}[0m: bad"),
            "error[E0101]: bad"
        );
        assert_eq!(strip_ansi("plain\ntext"), "plain\ntext");
    }

    #[test]
    fn waits_only_when_up_to_date() {
        let live = Live::default();
        live.publish(Some("E0101 broken".into()));
        let state = live.wait_for_change(Some(0), Duration::from_secs(5));
        assert_eq!(state.generation, 1);
        assert_eq!(state.error.as_deref(), Some("E0101 broken"));
        let same = live.wait_for_change(Some(1), Duration::from_millis(20));
        assert_eq!(same.generation, 1);
    }
}
