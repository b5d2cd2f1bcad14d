//! Diagnostics for machines: `--message-format short | json | github`.
//!
//! - `short`: one line each, `file:line:col: error[E0103]: message`, for
//!   editors and grep.
//! - `json`: one JSON object per line (JSON Lines): `code`, `severity`,
//!   `message`, `file`, `line`, `column`, `end_line`, `end_column`,
//!   `labels[]`, `notes[]`, `help`. Positions are 1-based, columns count
//!   characters; all position fields are `null` for a problem without a
//!   place.
//! - `github`: GitHub Actions workflow commands (`::error file=…,line=…,
//!   col=…,endLine=…,endColumn=…,title=E0103::message`), escaped as the
//!   runner expects (`%`, CR and LF everywhere; `:` and `,` too inside
//!   properties), so problems show inline on pull requests.
//!
//! Control characters from the input are escaped in `short` (it goes to a
//! terminal); JSON escapes them by itself; `github` escapes line breaks and
//! shows the rest as `\u{…}`.

use serde::Serialize;

use super::{Diagnostic, Diagnostics, Severity};
use crate::console::escape_controls;
use crate::source::SourceMap;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageFormat {
    /// rustc-style, with source snippets (the default).
    #[default]
    Human,
    Short,
    Json,
    Github,
}

/// A place in a file, 1-based.
#[derive(Debug, Serialize)]
struct Place {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Debug, Serialize)]
struct LabelOut<'a> {
    #[serde(flatten)]
    place: Place,
    message: &'a str,
    primary: bool,
}

#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    labels: Vec<LabelOut<'a>>,
    notes: &'a [String],
    help: Option<&'a str>,
}

/// Renders every diagnostic (in source order) in a machine format; no
/// summary line.
pub fn render_all(sources: &SourceMap, diagnostics: &Diagnostics, format: MessageFormat) -> String {
    diagnostics
        .sorted()
        .into_iter()
        .map(|d| match format {
            MessageFormat::Json => json(sources, d),
            MessageFormat::Github => github(sources, d),
            MessageFormat::Short | MessageFormat::Human => short(sources, d),
        })
        .collect()
}

fn place(sources: &SourceMap, span: crate::source::Span) -> Option<Place> {
    sources.get(span.file)?;
    let (line, column) = sources.line_col(span.file, span.start);
    let (end_line, end_column) = sources.line_col(span.file, span.end.max(span.start));
    Some(Place {
        file: sources.name(span.file).to_string(),
        line,
        column,
        end_line,
        end_column,
    })
}

/// The primary label's place, else the first label's.
fn main_place(sources: &SourceMap, d: &Diagnostic) -> Option<Place> {
    let label = d.labels.iter().find(|l| l.primary).or(d.labels.first())?;
    place(sources, label.span)
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn short(sources: &SourceMap, d: &Diagnostic) -> String {
    let at = main_place(sources, d)
        .map(|p| format!("{}:{}:{}: ", p.file, p.line, p.column))
        .unwrap_or_default();
    let line = format!(
        "{at}{}[{}]: {}",
        severity_word(d.severity),
        d.code,
        d.message.replace('\n', " ")
    );
    format!("{}\n", escape_controls(&line))
}

fn json(sources: &SourceMap, d: &Diagnostic) -> String {
    let main = main_place(sources, d);
    let out = JsonDiagnostic {
        code: d.code,
        severity: d.severity,
        message: &d.message,
        file: main.as_ref().map(|p| p.file.clone()),
        line: main.as_ref().map(|p| p.line),
        column: main.as_ref().map(|p| p.column),
        end_line: main.as_ref().map(|p| p.end_line),
        end_column: main.as_ref().map(|p| p.end_column),
        labels: d
            .labels
            .iter()
            .filter_map(|l| {
                Some(LabelOut {
                    place: place(sources, l.span)?,
                    message: &l.message,
                    primary: l.primary,
                })
            })
            .collect(),
        notes: &d.notes,
        help: d.help.as_deref(),
    };
    let mut line = serde_json::to_string(&out).unwrap_or_default();
    line.push('\n');
    line
}

fn github(sources: &SourceMap, d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = Vec::new();
    if let Some(p) = main_place(sources, d) {
        properties.push(format!("file={}", property(&p.file)));
        properties.push(format!("line={}", p.line));
        properties.push(format!("col={}", p.column));
        properties.push(format!("endLine={}", p.end_line));
        properties.push(format!("endColumn={}", p.end_column));
    }
    properties.push(format!("title={}", property(d.code)));
    let mut message = d.message.clone();
    for label in d
        .labels
        .iter()
        .filter(|l| l.primary && !l.message.is_empty())
    {
        message.push_str(&format!("\n{}", label.message));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    format!("::{command} {}::{}\n", properties.join(","), data(&message))
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    let escaped = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape_controls(&escaped).into_owned()
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn github_escapes_properties_and_data() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a,b:c%.rubric"), "a%2Cb%3Ac%25.rubric");
        let mut sources = SourceMap::new();
        let file = sources.add("we,ird:name.rubric", "line one\nline two\n");
        let d = Diagnostic::error("E0103", "bad\nthing")
            .with_primary(Span::new(file, 9..13), "here")
            .with_help("fix it");
        let out = github(&sources, &d);
        assert_eq!(
            out,
            "::error file=we%2Cird%3Aname.rubric,line=2,col=1,endLine=2,endColumn=5,title=E0103::bad%0Athing%0Ahere%0Ahelp: fix it\n"
        );
    }

    #[test]
    fn short_and_json_lines() {
        let mut sources = SourceMap::new();
        let file = sources.add("x.rubric", "abc\ndef\n");
        let d = Diagnostic::warning("W0101", "careful").with_primary(Span::new(file, 5..7), "this");
        assert_eq!(
            short(&sources, &d),
            "x.rubric:2:2: warning[W0101]: careful\n"
        );
        let v: serde_json::Value = serde_json::from_str(&json(&sources, &d)).unwrap();
        assert_eq!(v["line"], 2);
        assert_eq!(v["end_column"], 4);
        assert_eq!(v["labels"][0]["message"], "this");
        let placeless = Diagnostic::error("E0600", "no project");
        assert_eq!(short(&sources, &placeless), "error[E0600]: no project\n");
        let v: serde_json::Value = serde_json::from_str(&json(&sources, &placeless)).unwrap();
        assert!(v["file"].is_null());
    }
}
