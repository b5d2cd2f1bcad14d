//! Stage 1 recovery for a file whose blocks do not all close: where each
//! missing `}` most likely belongs, told by indentation, and the text with
//! those `}` put back, so the rest of the file is read as its author meant
//! it instead of as the body of the unclosed block (which turned one
//! missing `}` into a screenful of invented errors).
//!
//! A block whose body is indented deeper than its opening line is taken to
//! end before the first later line indented no deeper than that opening
//! line (a `}` line counts when it is indented less than the opening line).
//! Blocks written flat, without indentation, give no such hint: their `}`
//! is assumed at the end of the file, as before.
//!
//! The repaired text has the same length as the original: the `}` goes into
//! the blank space before the line, so every offset (and every span the
//! parser makes) still points at the same place in the original text.

use std::borrow::Cow;

/// One `{` that is never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Missing {
    /// Offset of the `{`.
    pub open: usize,
    /// Offset of the first character of the line the block most likely
    /// ends before; `None` when only the end of the file closes it.
    pub before: Option<usize>,
}

/// An open block while scanning.
struct Block {
    open: usize,
    /// Indentation (in characters) of the line that opens the block.
    opener_indent: usize,
    /// Indentation of the block's first line; `None` until it is seen.
    body_indent: Option<usize>,
}

/// What the scanner reports, in text order.
enum Event {
    /// A line that holds a statement or a `}` (not blank, not a comment,
    /// not inside a text block).
    Line {
        offset: usize,
        indent: usize,
        closes: bool,
        opens: bool,
    },
    Open(usize),
    Close,
}

/// Every `{` left open, innermost last, with where its `}` most likely
/// belongs. `None` when the braces are not simply missing (a `}` closes
/// nothing once the guessed ones are in place): the guess is then wrong.
pub(super) fn missing_closes(text: &str) -> Option<Vec<Missing>> {
    let mut stack: Vec<Block> = Vec::new();
    let mut missing = Vec::new();
    let mut line_indent = 0;
    for event in events(text) {
        match event {
            Event::Line {
                offset,
                indent,
                closes,
                ..
            } => {
                line_indent = indent;
                close_dedented(&mut stack, &mut missing, offset, indent, closes);
            }
            Event::Open(open) => stack.push(Block {
                open,
                opener_indent: line_indent,
                body_indent: None,
            }),
            Event::Close => {
                stack.pop()?;
            }
        }
    }
    missing.extend(stack.iter().map(|b| Missing {
        open: b.open,
        before: None,
    }));
    Some(missing)
}

/// Closes every block that the line at `offset` sits outside of, judged by
/// indentation; records the first line of each block's body.
fn close_dedented(
    stack: &mut Vec<Block>,
    missing: &mut Vec<Missing>,
    offset: usize,
    indent: usize,
    closes: bool,
) {
    while let Some(top) = stack.last_mut() {
        let Some(body) = top.body_indent else {
            if !closes {
                top.body_indent = Some(indent);
            }
            return;
        };
        let outside = if closes {
            indent < top.opener_indent
        } else {
            body > top.opener_indent && indent <= top.opener_indent
        };
        if !outside {
            return;
        }
        missing.push(Missing {
            open: top.open,
            before: Some(offset),
        });
        stack.pop();
    }
}

/// The lines, `{` and `}` of `text`, skipping strings, text blocks and
/// comments.
fn events(text: &str) -> Vec<Event> {
    let bytes = text.as_bytes();
    let mut events = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        if line_start {
            line_start = false;
            let indent = bytes[i..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            let at = i + indent;
            if !matches!(bytes.get(at), None | Some(b'\n' | b'\r' | b'#')) {
                events.push(Event::Line {
                    offset: at,
                    indent,
                    closes: bytes[at] == b'}',
                    opens: bytes[at] == b'{',
                });
            }
            i = at;
            continue;
        }
        match bytes[i] {
            b'\n' => line_start = true,
            b'#' => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                }
            }
            b'"' if text[i..].starts_with("\"\"\"") => match text[i + 3..].find("\"\"\"") {
                Some(end) => i += 3 + end + 2,
                None => return events,
            },
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' && bytes.get(i + 1).is_some_and(|b| *b != b'\n') {
                        i += 1;
                    }
                    i += 1;
                }
                if bytes.get(i) == Some(&b'\n') {
                    line_start = true;
                }
            }
            b'{' => events.push(Event::Open(i)),
            b'}' => events.push(Event::Close),
            _ => {}
        }
        i += 1;
    }
    events
}

/// A `{` that starts a line, meant to open the block of the line above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct OrphanBrace {
    pub brace: usize,
    /// Where the declaration it belongs to starts.
    pub declaration: usize,
}

/// `text` with each `{` that starts a line joined to the line above (the
/// line break between them becomes spaces), so the declaration and its
/// block are read as written, and the rest of the file with them. Only
/// after a line that neither ends a block nor ends in a comment.
pub(super) fn join_orphan_braces(text: &str) -> (Cow<'_, str>, Vec<OrphanBrace>) {
    if !may_have_orphan_brace(text) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut orphans = Vec::new();
    let mut previous: Option<usize> = None;
    for event in events(text) {
        let Event::Line { offset, opens, .. } = event else {
            continue;
        };
        if let (true, Some(declaration)) = (opens, previous) {
            let mut gap = offset;
            while gap > 0 && matches!(bytes[gap - 1], b' ' | b'\t' | b'\r' | b'\n') {
                gap -= 1;
            }
            let joinable = gap > declaration
                && !matches!(bytes[gap - 1], b'{' | b'}')
                && !comment_before(&bytes, gap);
            if joinable {
                bytes[gap..offset].fill(b' ');
                orphans.push(OrphanBrace {
                    brace: offset,
                    declaration,
                });
            }
        }
        previous = Some(offset);
    }
    (
        Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())),
        orphans,
    )
}

/// Whether some line starts with `{` after its indentation: without one
/// there is nothing to join, and the scan of strings, text blocks and
/// comments ([`events`]) can be skipped (a cold report reads a whole
/// rubric that has none).
fn may_have_orphan_brace(text: &str) -> bool {
    text.split('\n')
        .any(|line| line.trim_start_matches([' ', '\t']).starts_with('{'))
}

/// `text` with every missing `}` put back: before the line `missing` names,
/// in the blank space in front of it, or at the end. `None` when there is
/// not enough blank space to keep every offset where it was.
pub(super) fn repaired(text: &str, missing: &[Missing]) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let mut at_end = 0;
    let mut befores: Vec<usize> = Vec::new();
    for m in missing {
        match m.before {
            Some(b) => befores.push(b),
            None => at_end += 1,
        }
    }
    befores.sort_unstable();
    for group in befores.chunk_by(|a, b| a == b) {
        fill_gap(&mut bytes, group[0], group.len())?;
    }
    let mut out = String::from_utf8(bytes).ok()?;
    if at_end > 0 {
        out.push('\n');
        out.push_str(&"}\n".repeat(at_end));
    }
    Some(out)
}

/// Writes `count` `}` into the blank space that ends at `line` (only
/// spaces, tabs and line breaks are overwritten), with the line breaks the
/// grammar needs around them: one before after a comment, one after unless
/// the line is itself a `}` (a `}` may follow a `}` directly).
fn fill_gap(bytes: &mut [u8], line: usize, count: usize) -> Option<()> {
    let mut start = line;
    while start > 0 && matches!(bytes[start - 1], b' ' | b'\t' | b'\r' | b'\n') {
        start -= 1;
    }
    let mut fill: Vec<u8> = Vec::new();
    if comment_before(bytes, start) {
        fill.push(b'\n');
    }
    fill.extend(std::iter::repeat_n(b'}', count));
    if bytes.get(line) != Some(&b'}') {
        fill.push(b'\n');
    }
    if line - start < fill.len() {
        return None;
    }
    bytes[start..start + fill.len()].copy_from_slice(&fill);
    bytes[start + fill.len()..line].fill(b' ');
    Some(())
}

/// Whether the line that ends at `end` ends in a comment. Conservative: a
/// `#` anywhere on the line counts, even inside quotes.
fn comment_before(bytes: &[u8], end: usize) -> bool {
    let line_start = bytes[..end]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    bytes[line_start..end].contains(&b'#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dedented_line_closes_the_block_before_it() {
        let text = "pillar p \"P\" {\n  at a {\n    indicator x \"X\"\n\n  at b {\n  }\n}\n";
        let missing = missing_closes(text).unwrap();
        let at_b = text.find("at b").unwrap();
        assert_eq!(
            missing,
            [Missing {
                open: text.find("at a {").unwrap() + 5,
                before: Some(at_b)
            }]
        );
        let fixed = repaired(text, &missing).unwrap();
        assert_eq!(fixed.len(), text.len());
        assert_eq!(&fixed[at_b..], &text[at_b..]);
        assert!(fixed.contains("\"X\"}\n"), "{fixed}");
    }

    #[test]
    fn flat_blocks_close_at_the_end() {
        let text = "pillar p \"P\" {\nat a {\nindicator x \"X\"\n}\n";
        let missing = missing_closes(text).unwrap();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].before, None);
        assert!(repaired(text, &missing).unwrap().ends_with("\n}\n"));
    }

    #[test]
    fn a_less_indented_close_belongs_to_the_outer_block() {
        let text = "pillar p \"P\" {\n  at a {\n    indicator x \"X\"\n}\nstage s \"S\" {}\n";
        let missing = missing_closes(text).unwrap();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].before, text.find("}\nstage"));
    }

    #[test]
    fn braces_in_strings_comments_and_text_blocks_do_not_count() {
        let text = "a {\n  b \"{\" # {\n  c \"\"\"\n{\n\"\"\"\n}\n";
        assert_eq!(missing_closes(text), Some(Vec::new()));
    }

    #[test]
    fn a_close_may_follow_a_close_directly() {
        let text = "p {\n  a {\n    x \"X\"\n}\n";
        let missing = missing_closes(text).unwrap();
        assert_eq!(missing[0].before, text.find("}\n"));
        assert_eq!(
            repaired(text, &missing).unwrap(),
            "p {\n  a {\n    x \"X\"}}\n"
        );
    }

    #[test]
    fn no_room_means_no_repair() {
        let text = "a {\n  c\nb {\n}\n";
        let missing = missing_closes(text).unwrap();
        assert_eq!(missing[0].before, text.find("b {"));
        assert_eq!(repaired(text, &missing), None);
    }

    #[test]
    fn a_brace_on_the_next_line_is_joined_to_its_declaration() {
        let text = "pillar p \"P\"\n{\n  at a {}\n}\nstage s \"S\" {}\n{\n";
        let (joined, orphans) = join_orphan_braces(text);
        assert_eq!(joined.len(), text.len());
        assert!(joined.starts_with("pillar p \"P\" {\n"), "{joined}");
        assert_eq!(orphans.len(), 1, "after a `}}` a `{{` is not joined");
        assert_eq!(orphans[0].declaration, 0);
    }

    #[test]
    fn an_extra_close_is_not_a_missing_one() {
        assert_eq!(missing_closes("a {\n}\n}\n"), None);
    }
}
