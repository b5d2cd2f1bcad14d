//! The update as whole-line edits: each replaces a run of the file's lines
//! (or inserts between two) with new lines. Applying them leaves every
//! other line byte for byte as it was, and each edit is one hunk of the
//! unified-diff style summary.

use std::fmt::Write as _;

/// The lines of a text: `line(i)` includes its line ending.
pub(super) struct Lines<'t> {
    text: &'t str,
    /// Byte offset of each line's start.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        if starts.last() == Some(&text.len()) && !text.is_empty() {
            starts.pop();
        }
        if text.is_empty() {
            starts.clear();
        }
        Lines { text, starts }
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The line holding byte `offset` (the last line past the end).
    pub fn of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.text.len())
    }

    /// Line `i` with its line ending; empty past the end.
    pub fn line(&self, i: usize) -> &'t str {
        let end = self.start(i + 1);
        self.text.get(self.start(i)..end).unwrap_or("")
    }

    /// Line `i` without its line ending.
    pub fn content(&self, i: usize) -> &'t str {
        self.line(i).trim_end_matches(['\n', '\r'])
    }

    pub fn is_blank(&self, i: usize) -> bool {
        self.content(i).trim().is_empty()
    }

    /// The file's line ending: `\r\n` when its first line ends so.
    pub fn eol(&self) -> &'static str {
        if self.line(0).ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    }
}

/// Lines `start..end` replaced by `text` (whole lines, each ending with a
/// line break); `start == end` inserts before line `start`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LineEdit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Sorts `edits` (insertions before a replacement at the same line, in
/// the order they were made) and checks that no two touch the same line.
pub(super) fn order(edits: &mut [LineEdit]) -> Result<(), String> {
    edits.sort_by_key(|e| (e.start, e.end > e.start));
    for pair in edits.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.start < a.end {
            return Err(format!("two changes touch line {}", b.start + 1));
        }
    }
    Ok(())
}

/// The text with `edits` (ordered by [`order`]) applied. An insertion at
/// the end of a file whose last line has no line break gets one first.
pub(super) fn apply(lines: &Lines<'_>, edits: &[LineEdit]) -> String {
    let mut out = String::with_capacity(lines.text.len() + 1024);
    let mut next = 0;
    for edit in edits {
        while next < edit.start {
            out.push_str(lines.line(next));
            next += 1;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(lines.eol());
        }
        out.push_str(&edit.text);
        next = next.max(edit.end);
    }
    while next < lines.count() {
        out.push_str(lines.line(next));
        next += 1;
    }
    out
}

/// The edits as unified-diff hunks (no context lines) under a `---`/`+++`
/// header naming `name`.
pub(super) fn diff(name: &str, lines: &Lines<'_>, edits: &[LineEdit]) -> String {
    let mut out = format!("--- {name}\n+++ {name}\n");
    let mut shift: isize = 0;
    for edit in edits {
        let old = edit.end - edit.start;
        let new: Vec<&str> = edit.text.lines().collect();
        let old_start = if old == 0 { edit.start } else { edit.start + 1 };
        let new_first = edit.start as isize + shift;
        let new_start = if new.is_empty() {
            new_first
        } else {
            new_first + 1
        };
        let _ = writeln!(out, "@@ -{old_start},{old} +{new_start},{} @@", new.len());
        for i in edit.start..edit.end {
            let _ = writeln!(out, "-{}", lines.content(i));
        }
        for line in &new {
            let _ = writeln!(out, "+{}", line.trim_end_matches('\r'));
        }
        shift += new.len() as isize - old as isize;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, text: &str) -> LineEdit {
        LineEdit {
            start,
            end,
            text: text.to_string(),
        }
    }

    #[test]
    fn applies_replacements_and_insertions_keeping_the_rest() {
        let text = "a\nb\nc\n";
        let lines = Lines::new(text);
        assert_eq!(lines.count(), 3);
        let mut edits = vec![edit(1, 2, "B\n"), edit(3, 3, "d\n"), edit(1, 1, "x\n")];
        order(&mut edits).unwrap();
        assert_eq!(apply(&lines, &edits), "a\nx\nB\nc\nd\n");
        assert_eq!(
            diff("f.toml", &lines, &edits),
            "--- f.toml\n+++ f.toml\n@@ -1,0 +2,1 @@\n+x\n@@ -2,1 +3,1 @@\n-b\n+B\n@@ -3,0 +5,1 @@\n+d\n"
        );
        assert_eq!(apply(&lines, &[]), text);
    }

    #[test]
    fn a_last_line_without_a_break_gets_one_before_an_insertion() {
        let lines = Lines::new("a\r\nb");
        assert_eq!(lines.eol(), "\r\n");
        assert_eq!(apply(&lines, &[edit(2, 2, "c\r\n")]), "a\r\nb\r\nc\r\n");
        assert_eq!(lines.of(3), 1);
        assert_eq!(lines.content(0), "a");
    }

    #[test]
    fn overlapping_edits_are_refused() {
        let mut edits = vec![edit(0, 2, "x\n"), edit(1, 2, "y\n")];
        assert!(order(&mut edits).is_err());
    }
}
