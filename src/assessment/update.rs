//! `rubricate init --update`: brings an existing TOML answer file up to the
//! current rubric without disturbing anything a person wrote.
//!
//! - answers under renamed ids get their new id, in place (the key alone is
//!   rewritten, in the style it was written: quoted, dotted or bare);
//! - answers to retired ids are commented out under a note saying why;
//! - `init`'s commented prompts are kept in step: a prompt under a renamed
//!   id is renamed, one for a retired id becomes a note;
//! - indicators the file does not mention get `init`'s commented prompt,
//!   beside the indicators of the same pillar and stage (with the stage's
//!   or pillar's heading when the file has none of them yet);
//! - a requirement for an older major version (`ecommerce@1`) names the
//!   current one.
//!
//! Every other byte stays as it was. The file is read with `toml_edit`'s
//! parser for the exact spans of keys, values and headers; the changes are
//! whole-line edits at those spans (see `lines`), because `toml_edit`'s
//! mutable document can neither rename a key where it stands nor turn an
//! entry into a comment without moving the comments around it. Before
//! anything is written the result is read back with the answer-file
//! loader: it must load without errors or migrations and score exactly the
//! answers the original did, or the file is left alone.

mod lines;
mod place;
mod scan;

use std::collections::BTreeMap;

use self::lines::{LineEdit, Lines};
use self::scan::{Entry, Scan};
use super::Respondent;
use super::load::{check_toml, major_version};
use super::template::quote;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Fate, Rubric};
use crate::source::SourceMap;

/// What an update changes in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Ids rewritten: answers and `init` prompts.
    pub renamed: usize,
    /// Retired answers commented out and retired prompts turned into notes.
    pub retired: usize,
    /// Prompts added for indicators the file did not mention.
    pub added: usize,
    /// The version requirement rewritten: (old, new).
    pub version: Option<(String, String)>,
}

/// The update of one answer file, ready to be shown and written.
#[derive(Debug)]
pub struct Plan {
    original: String,
    edits: Vec<LineEdit>,
    /// The updated text; the original when nothing changes.
    pub text: String,
    pub counts: Counts,
}

impl Plan {
    /// True when the file is already up to date.
    pub fn is_current(&self) -> bool {
        self.edits.is_empty()
    }

    /// The changes as unified-diff hunks under a header naming `name`.
    pub fn diff(&self, name: &str) -> String {
        if self.is_current() {
            return String::new();
        }
        lines::diff(name, &Lines::new(&self.original), &self.edits)
    }

    /// "1 id renamed, 2 new indicators" or "up to date".
    pub fn summary(&self) -> String {
        let c = &self.counts;
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        if let Some((old, new)) = &c.version {
            parts.push(format!("version {old} -> {new}"));
        }
        if c.renamed > 0 {
            parts.push(plural(c.renamed, "id renamed", "ids renamed"));
        }
        if c.retired > 0 {
            parts.push(plural(
                c.retired,
                "retired id commented",
                "retired ids commented",
            ));
        }
        if c.added > 0 {
            parts.push(plural(c.added, "new indicator", "new indicators"));
        }
        if parts.is_empty() {
            "up to date".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// Plans the update of the TOML answer file `name` holding `text`. `None`
/// with the diagnostics when it does not load, or cannot be updated in
/// place; warnings about what the update fixes (W0205–W0207) are dropped.
pub fn plan(
    rubric: &Rubric,
    name: &str,
    text: &str,
    sources: &mut SourceMap,
) -> (Option<Plan>, Diagnostics) {
    let (respondent, diags) = check_toml(rubric, name, text, sources);
    let Some(respondent) = respondent else {
        return (None, diags);
    };
    let mut out = Diagnostics::new();
    let refuse = |message: String, out: &mut Diagnostics| {
        out.push(
            Diagnostic::error("E0220", format!("cannot update `{name}`: {message}")).with_help(
                "the file is left as it was; edit it by hand, then run `--update` again",
            ),
        );
    };
    let Some(scan) = scan::scan(rubric, text) else {
        refuse(
            "its TOML could not be read for editing".to_string(),
            &mut out,
        );
        return (None, out);
    };
    let mut builder = Builder::new(rubric, text, scan, &respondent);
    builder.run();
    if let Some(problem) = builder.problems.first() {
        refuse(problem.clone(), &mut out);
        return (None, out);
    }
    let Builder {
        mut edits, counts, ..
    } = builder;
    if let Err(reason) = lines::order(&mut edits) {
        refuse(format!("{reason} (please report this)"), &mut out);
        return (None, out);
    }
    let updated = lines::apply(&Lines::new(text), &edits);
    if let Err(reason) = verify(rubric, name, &updated, &respondent) {
        refuse(format!("{reason} (please report this)"), &mut out);
        return (None, out);
    }
    let plan = Plan {
        original: text.to_string(),
        edits,
        text: updated,
        counts,
    };
    (Some(plan), out)
}

/// The updated text must load cleanly, need no further migration, and
/// score exactly the answers the original did.
fn verify(rubric: &Rubric, name: &str, text: &str, before: &Respondent) -> Result<(), String> {
    let mut sources = SourceMap::new();
    let (after, diags) = check_toml(rubric, name, text, &mut sources);
    let Some(after) = after else {
        let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        return Err(format!("the result would not load ({})", codes.join(", ")));
    };
    if !after.migrated.is_empty() || !after.retired.is_empty() || after.written_for.is_some() {
        return Err("the result would still need migrating".to_string());
    }
    if after.answers != before.answers {
        return Err("the result would score different answers".to_string());
    }
    Ok(())
}

/// Collects the edits of one file.
pub(super) struct Builder<'a> {
    rubric: &'a Rubric,
    text: &'a str,
    lines: Lines<'a>,
    scan: Scan,
    respondent: &'a Respondent,
    edits: Vec<LineEdit>,
    /// Current indicator id → (first line, last line) of each place the
    /// file mentions it: an answer, or a comment such as `init`'s prompt.
    mentions: BTreeMap<String, Vec<(usize, usize)>>,
    counts: Counts,
    /// Why the file cannot be updated in place.
    problems: Vec<String>,
}

impl<'a> Builder<'a> {
    fn new(rubric: &'a Rubric, text: &'a str, scan: Scan, respondent: &'a Respondent) -> Self {
        Builder {
            rubric,
            text,
            lines: Lines::new(text),
            scan,
            respondent,
            edits: Vec::new(),
            mentions: BTreeMap::new(),
            counts: Counts::default(),
            problems: Vec::new(),
        }
    }

    fn run(&mut self) {
        for entry in self.scan.entries.clone() {
            self.entry(&entry);
        }
        self.comments();
        self.version();
        self.place_new_indicators();
    }

    fn mention(&mut self, id: &str, first: usize, last: usize) {
        self.mentions
            .entry(id.to_string())
            .or_default()
            .push((first, last));
    }

    /// One answer in the file: kept, renamed in place, or commented out.
    fn entry(&mut self, entry: &Entry) {
        let first = self.lines.of(entry.extent.start);
        let last = self
            .lines
            .of(entry.extent.end.saturating_sub(1).max(entry.extent.start));
        match self.rubric.fate(&entry.id) {
            Fate::Current(indicator) => self.mention(&indicator.id, first, last),
            Fate::Renamed { indicator, .. } => {
                let Some(remainder) = relative(&indicator.id, &entry.prefix) else {
                    let within = format!("answers.{}", entry.prefix);
                    self.problems.push(format!(
                        "`{}` is now `{}`, which cannot be written inside `[{within}]`; move that answer under `[answers]` as `{} = …`",
                        entry.id,
                        indicator.id,
                        quote(&indicator.id)
                    ));
                    return;
                };
                let written = self.text.get(entry.key.clone()).unwrap_or("");
                let quoted = written.starts_with(['"', '\'']);
                let key = write_key(remainder, entry.segments, quoted);
                self.replace_in_line(entry.key.clone(), &key);
                self.counts.renamed += 1;
                self.mention(&indicator.id, first, last);
            }
            Fate::Retired { retired, .. } => {
                let since = retired.since.as_deref();
                self.comment_out(first, last, since);
                self.counts.retired += 1;
            }
            Fate::Unknown => {}
        }
    }

    /// Replaces the bytes `range` (within one line) by `with`.
    fn replace_in_line(&mut self, range: std::ops::Range<usize>, with: &str) {
        let line = self.lines.of(range.start);
        let start = self.lines.start(line);
        let text = self.lines.line(line);
        let (Some(before), Some(after)) = (
            text.get(..range.start - start),
            text.get(range.end - start..),
        ) else {
            self.problems.push("a key spans lines".to_string());
            return;
        };
        self.edits.push(LineEdit {
            start: line,
            end: line + 1,
            text: format!("{before}{with}{after}"),
        });
    }

    /// Lines `first..=last` commented out under a note: the answer stays
    /// readable in the file, and is no longer read.
    fn comment_out(&mut self, first: usize, last: usize, since: Option<&str>) {
        let eol = self.lines.eol();
        let indent = indentation(self.lines.content(first));
        let mut text = format!(
            "{indent}# Retired{}: no longer part of the rubric; kept for the record, not scored.{eol}",
            since_text(since)
        );
        for i in first..=last {
            let line = self.lines.line(i);
            let content = self.lines.content(i);
            let ending = &line[content.len()..];
            let ending = if ending.is_empty() { eol } else { ending };
            let pad = indentation(content);
            let rest = &content[pad.len()..];
            let hash = if rest.is_empty() { "#" } else { "# " };
            text.push_str(&format!("{pad}{hash}{rest}{ending}"));
        }
        self.edits.push(LineEdit {
            start: first,
            end: last + 1,
            text,
        });
    }

    /// The comments of the answers tables that name an id the way `init`
    /// writes prompts (`# "ops.x" = ?`): mentions, and renamed or retired
    /// ids to keep in step.
    fn comments(&mut self) {
        for (region, prefix) in scan::regions(&self.scan, self.text.len()) {
            let first = self.lines.of(region.start) + 1;
            let last = self
                .lines
                .of(region.end.saturating_sub(1).max(region.start));
            for i in first..=last.min(self.lines.count().saturating_sub(1)) {
                if self.in_value(i) {
                    continue;
                }
                let Some(found) = id_line(self.lines.content(i)) else {
                    continue;
                };
                self.comment_line(i, &found, &prefix);
            }
        }
    }

    fn comment_line(&mut self, i: usize, found: &IdLine, prefix: &str) {
        let id = if prefix.is_empty() {
            found.written.clone()
        } else {
            format!("{prefix}.{}", found.written)
        };
        let start = self.lines.start(i);
        match self.rubric.fate(&id) {
            Fate::Current(indicator) => self.mention(&indicator.id, i, i),
            Fate::Renamed { indicator, .. } => {
                let Some(remainder) = relative(&indicator.id, prefix) else {
                    return;
                };
                let key = write_key(remainder, found.segments, found.quoted);
                let range = start + found.key.start..start + found.key.end;
                self.replace_in_line(range, &key);
                self.counts.renamed += 1;
                self.mention(&indicator.id, i, i);
            }
            Fate::Retired { retired, .. } if found.prompt => {
                let eol = self.lines.eol();
                let content = self.lines.content(i);
                let indent = indentation(content);
                self.edits.push(LineEdit {
                    start: i,
                    end: i + 1,
                    text: format!(
                        "{indent}# Retired{}: {} is no longer asked.{eol}",
                        since_text(retired.since.as_deref()),
                        quote(&id)
                    ),
                });
                self.counts.retired += 1;
            }
            Fate::Retired { .. } | Fate::Unknown => {}
        }
    }

    /// Whether line `i` lies inside a value written over several lines (a
    /// `"""` string), where a `#` starts no comment.
    fn in_value(&self, i: usize) -> bool {
        let (start, end) = (self.lines.start(i), self.lines.start(i + 1));
        self.scan
            .multiline
            .iter()
            .any(|v| v.start < end && start < v.end)
    }

    /// `rubric = "ecommerce@1"` → `"ecommerce@2"` for a file written for
    /// an older major version.
    fn version(&mut self) {
        let (Some(old), Some(span)) = (&self.respondent.written_for, self.scan.rubric.clone())
        else {
            return;
        };
        let Some(major) = self.rubric.version.as_deref().and_then(major_version) else {
            return;
        };
        let new = major.to_string();
        let raw = self.text.get(span.clone()).unwrap_or("");
        let replacement = match (raw.rfind('@'), raw.chars().last()) {
            (Some(at), Some(q @ ('"' | '\''))) if !raw.contains('\\') => {
                format!("{}{new}{q}", &raw[..=at])
            }
            _ => quote(&format!("{}@{new}", self.rubric.id)),
        };
        self.replace_in_line(span, &replacement);
        self.counts.version = Some((old.clone(), new));
    }
}

/// `id` relative to the table prefix its key is written under; `None` when
/// it does not belong there.
fn relative<'i>(id: &'i str, prefix: &str) -> Option<&'i str> {
    if prefix.is_empty() {
        return Some(id);
    }
    id.strip_prefix(prefix)?.strip_prefix('.')
}

/// A key in the style it replaces: one key (bare when it was and can be,
/// else quoted), or dotted parts (each bare when it can be).
fn write_key(remainder: &str, segments: usize, quoted: bool) -> String {
    let bare = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if segments <= 1 {
        return if !quoted && bare(remainder) {
            remainder.to_string()
        } else {
            quote(remainder)
        };
    }
    remainder
        .split('.')
        .map(|s| if bare(s) { s.to_string() } else { quote(s) })
        .collect::<Vec<_>>()
        .join(".")
}

fn since_text(since: Option<&str>) -> String {
    since.map_or_else(String::new, |v| format!(" in {v}"))
}

fn indentation(line: &str) -> &str {
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// A comment line naming an id like `init`'s prompts: `# "ops.x" = ?`.
#[derive(Debug, PartialEq)]
pub(super) struct IdLine {
    /// The key's bytes within the line, quotes included.
    key: std::ops::Range<usize>,
    written: String,
    quoted: bool,
    segments: usize,
    /// Nothing but `?` after the `=`: an unanswered prompt.
    prompt: bool,
}

pub(super) fn id_line(line: &str) -> Option<IdLine> {
    let after_hash = line.trim_start_matches([' ', '\t']).strip_prefix('#')?;
    let key_start = line.len() - after_hash.trim_start_matches([' ', '\t']).len();
    let rest = &line[key_start..];
    let (written, key_len, quoted) = if let Some(inner) = rest.strip_prefix('"') {
        let close = inner.find('"')?;
        let written = &inner[..close];
        if written.contains('\\') {
            return None;
        }
        (written, close + 2, true)
    } else {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(rest.len());
        (&rest[..len], len, false)
    };
    if written.is_empty() || written.contains(char::is_whitespace) {
        return None;
    }
    let value = rest[key_len..]
        .trim_start_matches([' ', '\t'])
        .strip_prefix('=')?;
    Some(IdLine {
        key: key_start..key_start + key_len,
        written: written.to_string(),
        quoted,
        segments: if quoted {
            1
        } else {
            written.split('.').count()
        },
        prompt: value.trim() == "?",
    })
}

#[cfg(test)]
mod tests;
