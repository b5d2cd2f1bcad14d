//! Terminal rendering of diagnostics: the only module that knows
//! codespan-reporting (the renderer typst and gleam use). Output follows
//! rustc: `error[E0101]: message`, `--> file:line:col`, the source line
//! with a caret, and `= help:` lines.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, termcolor};

use super::{Diagnostic, Diagnostics, MessageFormat, Severity};
use crate::console::escape_controls;
use crate::source::{FileId, SourceMap, floor_char_boundary};

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

/// A source line longer than this (in characters) is shown as an excerpt
/// of this many characters around the caret, cut ends marked `…`.
pub const MAX_LINE_SHOWN: usize = 200;

/// Messages, labels and notes are cut to this many characters (they may
/// quote an id or a value from the input).
pub const MAX_MESSAGE_SHOWN: usize = 500;

/// Renders one diagnostic to a string.
pub fn render(sources: &SourceMap, diagnostic: &Diagnostic, color: ColorChoice) -> String {
    render_with(&Lines::new(sources), diagnostic, color)
}

/// The process's message format: set once by `main` from
/// `--message-format`, before anything is printed, like the colour choice a
/// terminal makes for the whole run. A global rather than a parameter so
/// that every command and helper that renders diagnostics follows it.
static FORMAT: std::sync::OnceLock<MessageFormat> = std::sync::OnceLock::new();

/// Sets the message format for the rest of the process (first call wins).
pub fn set_message_format(format: MessageFormat) {
    let _ = FORMAT.set(format);
}

pub fn message_format() -> MessageFormat {
    FORMAT.get().copied().unwrap_or_default()
}

/// Renders all diagnostics in source order, then a one-line summary (in
/// the human format; machine formats print the diagnostics only).
pub fn render_all(sources: &SourceMap, diagnostics: &Diagnostics, color: ColorChoice) -> String {
    let format = message_format();
    if format != MessageFormat::Human {
        return super::machine::render_all(sources, diagnostics, format);
    }
    let lines = Lines::new(sources);
    let mut out = String::new();
    let sorted = diagnostics.sorted();
    for d in sorted.iter().take(MAX_SHOWN) {
        out.push_str(&render_with(&lines, d, color));
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

fn render_with(lines: &Lines, d: &Diagnostic, color: ColorChoice) -> String {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    let excerpts = Excerpts::new(lines, d);
    let labels = d
        .labels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let (file, range) = excerpts.label(i)?;
            let label = if l.primary {
                cs::Label::primary(file, range)
            } else {
                cs::Label::secondary(file, range)
            };
            Some(label.with_message(cut(&l.message)))
        })
        .collect();
    let mut notes: Vec<String> = d
        .notes
        .iter()
        .map(|n| format!("note: {}", cut(n)))
        .collect();
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", cut(help)));
    }
    let diagnostic = cs::Diagnostic::new(severity)
        .with_code(d.code)
        .with_message(cut(&d.message))
        .with_labels(labels)
        .with_notes(notes);

    let config = term::Config {
        chars: term::Chars::ascii(),
        ..Default::default()
    };
    let buffer = if color.enabled() {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let mut writer = Escaping(buffer);
    if term::emit(&mut writer, &config, &excerpts, &diagnostic).is_err() {
        // A span that no longer fits its file: still say what went wrong.
        return format!(
            "{}[{}]: {}\n",
            severity_word(d.severity),
            d.code,
            escape_controls(&cut(&d.message))
        );
    }
    String::from_utf8_lossy(writer.0.as_slice()).into_owned()
}

/// `text` cut to [`MAX_MESSAGE_SHOWN`] characters.
fn cut(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_MESSAGE_SHOWN) {
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// Passes colours through and escapes every control character of the
/// text written (source lines, names, messages), so input cannot drive
/// the terminal.
struct Escaping(termcolor::Buffer);

impl std::io::Write for Escaping {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(escape_controls(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl termcolor::WriteColor for Escaping {
    fn supports_color(&self) -> bool {
        self.0.supports_color()
    }

    fn set_color(&mut self, spec: &termcolor::ColorSpec) -> std::io::Result<()> {
        self.0.set_color(spec)
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.0.reset()
    }
}

/// Line starts of the files of a run, computed once per file when a
/// diagnostic first points into it.
struct Lines<'s> {
    sources: &'s SourceMap,
    starts: Vec<OnceCell<Vec<usize>>>,
}

impl<'s> Lines<'s> {
    fn new(sources: &'s SourceMap) -> Self {
        Lines {
            sources,
            starts: sources.files().map(|_| OnceCell::new()).collect(),
        }
    }

    fn text(&self, file: FileId) -> &'s str {
        self.sources.text(file)
    }

    fn starts(&self, file: FileId) -> &[usize] {
        match self.starts.get(file) {
            Some(cell) => cell.get_or_init(|| {
                std::iter::once(0)
                    .chain(self.text(file).match_indices('\n').map(|(i, _)| i + 1))
                    .collect()
            }),
            None => &[0],
        }
    }

    /// 0-based line index of `offset`.
    fn line_of(&self, file: FileId, offset: usize) -> usize {
        let starts = self.starts(file);
        starts.partition_point(|s| *s <= offset).saturating_sub(1)
    }

    /// Byte range of line `index`, without its line break.
    fn range(&self, file: FileId, index: usize) -> Range<usize> {
        let text = self.text(file);
        let starts = self.starts(file);
        let start = starts.get(index).copied().unwrap_or(text.len());
        let end = starts.get(index + 1).map_or(text.len(), |next| next - 1);
        let end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        start..end.max(start)
    }
}

/// What codespan sees of a diagnostic's files: only the lines its labels
/// touch, each long line cut to an excerpt around its labels, with the
/// real line and column numbers. Codespan renders every byte of each line
/// it shows, so a 10 MB line would otherwise be echoed whole.
struct Excerpts<'s> {
    files: Vec<Excerpt<'s>>,
    /// Per label: (excerpt index, range in the excerpt).
    labels: Vec<Option<(usize, Range<usize>)>>,
}

struct Excerpt<'s> {
    name: &'s str,
    real_text: &'s str,
    text: String,
    /// Per excerpt line: its start in `text` and where it came from.
    lines: Vec<ExcerptLine>,
}

struct ExcerptLine {
    start: usize,
    /// 1-based line number in the real file.
    number: usize,
    /// The real text of the line shown (a window of the real line) and the
    /// real line's start, for column numbers.
    real: Range<usize>,
    real_line_start: usize,
    /// Bytes of `…` before the shown text.
    prefix: usize,
    /// A stand-in for hidden lines (see [`Excerpt::new`]).
    gap: bool,
}

impl<'s> Excerpts<'s> {
    fn new(lines: &Lines<'s>, d: &Diagnostic) -> Self {
        // Lines each file needs, and the labels' positions on each.
        let mut wanted: BTreeMap<FileId, BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
        let mut spans = Vec::new();
        for label in &d.labels {
            let file = label.span.file;
            if lines.sources.get(file).is_none() {
                spans.push(None);
                continue;
            }
            let text = lines.text(file);
            let start = floor_char_boundary(text, label.span.start.min(text.len()));
            let end = floor_char_boundary(text, label.span.end.clamp(start, text.len()));
            let (first, last) = (lines.line_of(file, start), lines.line_of(file, end));
            let shown = wanted.entry(file).or_default();
            shown.entry(first).or_default().push(start);
            shown.entry(last).or_default().push(end);
            // A label over many lines shows a few of them at each end.
            let middle = (first + 1..last).filter(|l| *l <= first + 3 || *l + 1 >= last);
            for line in middle {
                shown.entry(line).or_default();
            }
            spans.push(Some((file, start, end)));
        }
        let mut files = Vec::new();
        let mut index_of = BTreeMap::new();
        for (file, shown) in &wanted {
            index_of.insert(*file, files.len());
            files.push(Excerpt::new(lines, *file, shown));
        }
        let labels = spans
            .into_iter()
            .map(|span| {
                let (file, start, end) = span?;
                let index = index_of[&file];
                let excerpt = &files[index];
                let a = excerpt.map(lines.line_of(file, start), start);
                let b = excerpt.map(lines.line_of(file, end), end);
                Some((index, a..b.max(a)))
            })
            .collect();
        Excerpts { files, labels }
    }

    fn label(&self, i: usize) -> Option<(usize, Range<usize>)> {
        self.labels.get(i).cloned().flatten()
    }
}

impl<'s> Excerpt<'s> {
    fn new(lines: &Lines<'s>, file: FileId, shown: &BTreeMap<usize, Vec<usize>>) -> Self {
        let real_text = lines.text(file);
        let mut text = String::new();
        let mut out = Vec::new();
        let mut previous: Option<usize> = None;
        let mut rows: Vec<(Option<usize>, &[usize])> = Vec::new();
        for (line, positions) in shown {
            // Codespan shows a single line between two shown lines, and a
            // break for a longer gap: keep the gaps it sees the real ones.
            match previous {
                Some(p) if *line == p + 2 => rows.push((Some(p + 1), &[])),
                Some(p) if *line > p + 2 => rows.extend([(None, &[][..]), (None, &[][..])]),
                _ => {}
            }
            rows.push((Some(*line), positions));
            previous = Some(*line);
        }
        let mut last_number = 0;
        for (line, positions) in rows {
            let Some(line) = line else {
                // Codespan asks the number of every line a multi-line label
                // crosses, gap rows included, and cannot take 0: a gap row
                // carries the number of the first line it hides and shows `…`.
                out.push(ExcerptLine {
                    start: text.len(),
                    number: last_number + 1,
                    real: 0..0,
                    real_line_start: 0,
                    prefix: 0,
                    gap: true,
                });
                text.push_str("…\n");
                continue;
            };
            last_number = line + 1;
            let line = &line;
            let range = lines.range(file, *line);
            let window = window(real_text, range.clone(), positions);
            let start = text.len();
            let cut_before = window.start > range.start;
            if cut_before {
                text.push('…');
            }
            text.push_str(&real_text[window.clone()]);
            if window.end < range.end {
                text.push('…');
            }
            text.push('\n');
            out.push(ExcerptLine {
                start,
                number: line + 1,
                real: window,
                real_line_start: range.start,
                prefix: if cut_before { '…'.len_utf8() } else { 0 },
                gap: false,
            });
        }
        Excerpt {
            name: lines.sources.name(file),
            real_text,
            text,
            lines: out,
        }
    }

    /// The excerpt offset of real offset `offset` on real line `line`,
    /// clamped into the shown window.
    fn map(&self, line: usize, offset: usize) -> usize {
        let Some(l) = self.lines.iter().find(|l| !l.gap && l.number == line + 1) else {
            return 0;
        };
        let offset = offset.clamp(l.real.start, l.real.end);
        l.start + l.prefix + (offset - l.real.start)
    }
}

/// The part of `line` shown: all of it when short, else about
/// [`MAX_LINE_SHOWN`] characters starting a little before the first label.
fn window(text: &str, line: Range<usize>, positions: &[usize]) -> Range<usize> {
    let body = &text[line.clone()];
    if body.len() <= MAX_LINE_SHOWN || body.chars().nth(MAX_LINE_SHOWN).is_none() {
        return line;
    }
    let anchor = positions.iter().copied().min().unwrap_or(line.start);
    let anchor = anchor.clamp(line.start, line.end);
    // Up to 60 characters of context before the caret.
    let before: usize = text[line.start..anchor]
        .chars()
        .rev()
        .take(60)
        .map(char::len_utf8)
        .sum();
    let start = anchor - before;
    let len: usize = text[start..line.end]
        .chars()
        .take(MAX_LINE_SHOWN)
        .map(char::len_utf8)
        .sum();
    start..start + len
}

impl<'a> Files<'a> for Excerpts<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        let lines = &self.get(id)?.lines;
        Ok(lines
            .partition_point(|l| l.start <= byte_index)
            .saturating_sub(1))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, files::Error> {
        Ok(self.line(id, line_index)?.number)
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        // Columns count characters of the real line, before the window too.
        let excerpt = self.get(id)?;
        let line = self.line(id, line_index)?;
        let shown = byte_index.saturating_sub(line.start + line.prefix);
        let real = floor_char_boundary(
            excerpt.real_text,
            (line.real.start + shown).min(line.real.end),
        );
        Ok(excerpt.real_text[line.real_line_start..real]
            .chars()
            .count()
            + 1)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        let excerpt = self.get(id)?;
        let start = self.line(id, line_index)?.start;
        let end = excerpt
            .lines
            .get(line_index + 1)
            .map_or(excerpt.text.len(), |next| next.start);
        Ok(start..end)
    }
}

impl Excerpts<'_> {
    fn get(&self, id: usize) -> Result<&Excerpt<'_>, files::Error> {
        self.files.get(id).ok_or(files::Error::FileMissing)
    }

    fn line(&self, id: usize, index: usize) -> Result<&ExcerptLine, files::Error> {
        self.get(id)?
            .lines
            .get(index)
            .ok_or(files::Error::LineTooLarge {
                given: index,
                max: self.get(id)?.lines.len(),
            })
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}
