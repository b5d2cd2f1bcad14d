//! Terminal rendering of diagnostics: the only module that knows
//! codespan-reporting (the renderer typst and gleam use). Output follows
//! rustc: `error[E0101]: message`, `--> file:line:col`, the source line
//! with a caret, and `= help:` lines.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

use super::{Diagnostic, Diagnostics, Severity};
use crate::source::SourceMap;

/// Whether to colour output. `Auto` colours only a terminal, and never when
/// `NO_COLOR` is set (<https://no-color.org>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

/// At most this many diagnostics are rendered per run: past it, a garbage
/// file would bury the first (usually root) cause.
pub const MAX_SHOWN: usize = 50;

/// Renders one diagnostic to a string.
pub fn render(sources: &SourceMap, diagnostic: &Diagnostic, color: ColorChoice) -> String {
    let mut files = SimpleFiles::new();
    for (_, file) in sources.files() {
        files.add(file.name.clone(), file.text.clone());
    }
    render_with(&files, diagnostic, color)
}

/// Renders all diagnostics in source order, then a one-line summary.
pub fn render_all(sources: &SourceMap, diagnostics: &Diagnostics, color: ColorChoice) -> String {
    let mut files = SimpleFiles::new();
    for (_, file) in sources.files() {
        files.add(file.name.clone(), file.text.clone());
    }
    let mut out = String::new();
    let sorted = diagnostics.sorted();
    for d in sorted.iter().take(MAX_SHOWN) {
        out.push_str(&render_with(&files, d, color));
    }
    if sorted.len() > MAX_SHOWN {
        out.push_str(&format!(
            "note: {} more problems not shown; fix the ones above first\n",
            sorted.len() - MAX_SHOWN
        ));
    }
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    if errors > 0 {
        out.push_str(&format!(
            "error: {errors} error{}{}\n",
            plural(errors),
            if warnings > 0 {
                format!(", {warnings} warning{}", plural(warnings))
            } else {
                String::new()
            }
        ));
    } else if warnings > 0 {
        out.push_str(&format!(
            "warning: {warnings} warning{}\n",
            plural(warnings)
        ));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn render_with(files: &SimpleFiles<String, String>, d: &Diagnostic, color: ColorChoice) -> String {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    let labels = d
        .labels
        .iter()
        .map(|l| {
            let label = if l.primary {
                cs::Label::primary(l.span.file, l.span.range())
            } else {
                cs::Label::secondary(l.span.file, l.span.range())
            };
            label.with_message(&l.message)
        })
        .collect();
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("note: {n}")).collect();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    let diagnostic = cs::Diagnostic::new(severity)
        .with_code(d.code)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes);

    let config = term::Config {
        chars: term::Chars::ascii(),
        ..Default::default()
    };
    let mut buffer = if color.enabled() {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    if term::emit(&mut buffer, &config, files, &diagnostic).is_err() {
        // A span that no longer fits its file: still say what went wrong.
        return format!("{}[{}]: {}\n", severity_word(d.severity), d.code, d.message);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}
