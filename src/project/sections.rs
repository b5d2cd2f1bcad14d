//! A project file cut into its head and its `[[assessment]]` tables, so a
//! project of 10,000 assessments can be parsed one table at a time.
//!
//! Parsing the whole file at once holds its every token, event and table
//! together: ~27 MB for 10,000 assessments (a 600 KB file), more than
//! everything else a build keeps. Each piece cut here is a valid TOML
//! document on its own that means the same as it does in the whole file:
//! the head (everything before the first `[[assessment]]` header) and each
//! `[[assessment]]` table with its sub-tables (`[assessment.gate]`).
//!
//! The cut is conservative: any layout it is not sure of (a quoted or
//! spaced header, a top-level table after the assessments, an unterminated
//! string) gives `None`, and the caller parses the whole file as before. A
//! wrong cut can only make a piece invalid (an unterminated string), which
//! the caller also answers by parsing the whole file.

use std::ops::Range;

/// Byte ranges of a project file's pieces.
#[derive(Debug, PartialEq)]
pub struct Sections {
    /// Everything before the first `[[assessment]]` header.
    pub head: Range<usize>,
    /// Where each `[[assessment]]` header starts (in order); a table runs
    /// to the next one, the last to the end of the file.
    starts: Vec<usize>,
    len: usize,
}

impl Sections {
    /// Each `[[assessment]]` table with its sub-tables.
    pub fn assessments(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let ends = self.starts.iter().skip(1).copied().chain([self.len]);
        self.starts.iter().zip(ends).map(|(&start, end)| start..end)
    }
}

/// What a table header line names.
enum Header {
    /// `[[assessment]]`: a new assessment.
    Assessment,
    /// `[assessment.gate]`, `[[assessment.history]]`: part of the current one.
    Part,
    /// Any other table (`[gate]`).
    Other,
}

/// The pieces of `text`; `None` when it has no `[[assessment]]` header or a
/// layout this cut does not handle.
pub fn split(text: &str) -> Option<Sections> {
    let b = text.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    // Open `[` and `{` of values: a line starting inside one is not a header.
    let mut depth = 0usize;
    // Only whitespace since the last newline.
    let mut line_start = true;
    while let Some(&c) = b.get(i) {
        match c {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        if line_start && depth == 0 && c == b'[' {
            let end = line_end(b, i);
            match header(&text[i..end])? {
                Header::Assessment => starts.push(i),
                Header::Part if starts.is_empty() => return None,
                Header::Other if !starts.is_empty() => return None,
                Header::Part | Header::Other => {}
            }
            i = end;
            line_start = false;
            continue;
        }
        line_start = false;
        i = match c {
            b'#' => line_end(b, i),
            b'"' | b'\'' => skip_string(b, i)?,
            b'[' | b'{' => {
                depth += 1;
                i + 1
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i + 1
            }
            _ => i + 1,
        };
    }
    let first = *starts.first()?;
    starts.shrink_to_fit();
    Some(Sections {
        head: 0..first,
        starts,
        len: text.len(),
    })
}

/// The offset of the newline ending the line at `i` (or the end).
fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n)
}

/// A header line (from its `[` to the end of the line); `None` for one
/// naming `assessment` in any other way than the plain forms (quoted,
/// spaced, `[assessment]`).
fn header(line: &str) -> Option<Header> {
    if line.contains(['"', '\'']) {
        return None;
    }
    let line = line.split('#').next().unwrap_or("").trim_end();
    if line == "[[assessment]]" {
        Some(Header::Assessment)
    } else if (line.starts_with("[assessment.") && !line.starts_with("[[") && line.ends_with(']'))
        || (line.starts_with("[[assessment.") && line.ends_with("]]"))
    {
        Some(Header::Part)
    } else if line.contains("assessment") {
        None
    } else {
        Some(Header::Other)
    }
}

/// The offset just past the string starting at `i` (basic or literal,
/// single- or multi-line); `None` when it is not terminated.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let q = b[i];
    let escapes = q == b'"';
    let triple = [q, q, q];
    if b.get(i..i + 3) == Some(&triple) {
        let mut j = i + 3;
        loop {
            let c = *b.get(j)?;
            if escapes && c == b'\\' {
                j += 2;
            } else if b.get(j..j + 3) == Some(&triple) {
                // One or two more quotes are the string's last characters.
                let mut k = j + 3;
                while k < j + 5 && b.get(k) == Some(&q) {
                    k += 1;
                }
                return Some(k);
            } else {
                j += 1;
            }
        }
    }
    let mut j = i + 1;
    loop {
        let c = *b.get(j)?;
        if c == b'\n' {
            return None;
        } else if escapes && c == b'\\' {
            j += 2;
        } else if c == q {
            return Some(j + 1);
        } else {
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Option<(String, Vec<String>)> {
        let s = split(text)?;
        let tables = s.assessments().map(|r| text[r].to_string()).collect();
        Some((text[s.head.clone()].to_string(), tables))
    }

    #[test]
    fn a_project_is_cut_before_each_assessment() {
        let text = "title = \"t\"\n[gate]\nmin-stage = \"x\"\n\n[[assessment]]\nid = \"a\"\n\
                    [assessment.gate]\ndeny-warnings = true\n  [[assessment]] # b\nid = \"b\"\n";
        let (head, tables) = pieces(text).unwrap();
        assert_eq!(head, "title = \"t\"\n[gate]\nmin-stage = \"x\"\n\n");
        assert_eq!(
            tables,
            [
                "[[assessment]]\nid = \"a\"\n[assessment.gate]\ndeny-warnings = true\n  ",
                "[[assessment]] # b\nid = \"b\"\n"
            ]
        );
    }

    #[test]
    fn headers_inside_strings_and_arrays_are_not_cuts() {
        let text = "title = \"\"\"\n[[assessment]]\n\"\"\"\"\n[[assessment]]\nid = 'a'\n\
                    answers = [\n[\"x\"],\n]\nname = '''\n[[assessment]]\n'''\n\
                    period = \"\\\"[[assessment]]\"\n";
        let (head, tables) = pieces(text).unwrap();
        assert_eq!(head, "title = \"\"\"\n[[assessment]]\n\"\"\"\"\n");
        assert_eq!(tables.len(), 1);
    }

    #[test]
    fn unusual_layouts_are_left_whole() {
        for text in [
            "title = 1\n",
            "[[assessment]]\nid = \"a\"\n[gate]\n",
            "[assessment.gate]\n[[assessment]]\n",
            "[[ assessment ]]\nid = \"a\"\n",
            "[[\"assessment\"]]\nid = \"a\"\n",
            "[[assessment]]\nid = \"a\n",
            "[[assessment]]\nid = \"\"\"a\n",
            "x = ]\n[[assessment]]\n",
        ] {
            assert_eq!(split(text), None, "{text:?}");
        }
    }
}
