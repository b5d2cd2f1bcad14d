//! Writing to the terminal: in go text for standard output or standard
//! error, out go bytes through a locked handle, with write errors returned
//! (never a panic, as `print!` does on a closed pipe or a full disk), and
//! the control characters of untrusted text made visible.
//!
//! Text from answer files and rubrics (names, keys, notes) can hold escape
//! sequences that would retitle the terminal, clear it or plant links;
//! [`escape_controls`] turns every control character except newline and
//! tab into a visible `\u{1b}`.

use std::borrow::Cow;
use std::io::Write;

/// Writes `text` to standard output and flushes it.
pub fn out(text: &str) -> std::io::Result<()> {
    let mut handle = std::io::stdout().lock();
    handle.write_all(text.as_bytes())?;
    handle.flush()
}

/// Writes `text` to standard error. Errors are ignored: there is nowhere
/// left to report them, and a closed stderr must not end the run.
pub fn err(text: &str) {
    let mut handle = std::io::stderr().lock();
    let _ = handle.write_all(text.as_bytes());
    let _ = handle.flush();
}

/// [`err`] with a newline, and control characters of `text` escaped (for
/// messages that quote paths or names).
pub fn errln(text: &str) {
    let mut line = escape_controls(text).into_owned();
    line.push('\n');
    err(&line);
}

/// Whether progress and summary lines are silenced: `--quiet`, and
/// `--message-format json` (whose stderr carries JSON Lines only).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Silences [`info`] for the rest of the process (set once by `main`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// A progress or summary line for people ("wrote …", "built 2 of 2 …"):
/// like [`errln`], but silent under `--quiet`. Diagnostics and errors
/// never go through here.
pub fn info(text: &str) {
    if !QUIET.load(std::sync::atomic::Ordering::Relaxed) {
        errln(text);
    }
}

/// `eprint!` that never panics: formats and writes with [`err`].
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::console::err(&format!($($arg)*)) };
}

/// `eprintln!` that never panics and escapes control characters:
/// formats and writes with [`errln`].
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::console::errln(&format!($($arg)*)) };
}

/// [`info`] with `format!` arguments.
#[macro_export]
macro_rules! info {
    ($($arg:tt)*) => { $crate::console::info(&format!($($arg)*)) };
}

/// Whether `c` must not reach a terminal as it is: C0 and C1 control
/// characters (ESC, CSI, BEL, carriage return, …) but newline and tab, and
/// the bidirectional overrides that reorder what a line appears to say.
pub fn is_hazard(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`is_hazard`] character written as `\u{…}`.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hazard) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hazard(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(
            escape_controls("a\u{1b}]0;pwned\u{7}b\u{1b}[2J\r\u{9b}31m\u{202e}x"),
            "a\\u{1b}]0;pwned\\u{7}b\\u{1b}[2J\\u{d}\\u{9b}31m\\u{202e}x"
        );
        assert!(matches!(escape_controls("ok\n\tfine"), Cow::Borrowed(_)));
    }
}
