//! JSON text as rubricate writes it (`score.json`, `--format json`,
//! `compile`): two-space indented and newline-terminated, byte for byte
//! what `serde_json::to_string_pretty` prints plus the final newline.
//!
//! Why our own formatter: serde_json's pretty printer writes the
//! indentation one level at a time, a separate small copy per level and
//! line, which made up a good part of writing a scorecard. Here a line
//! break and its whole indentation are one copy from a prepared run of
//! spaces. Keys keep the order of the structs (no maps with hash order), so
//! the text is deterministic.

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// `,\n` then spaces: every line break with its indentation is a slice of
/// this (deeper nesting writes it in several pieces).
const BREAK: &[u8] = b",\n                                                                                                                                ";

/// Spaces per nesting level.
const INDENT: usize = 2;

/// Pretty JSON of `value` with a final newline.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    // serde_json writes valid UTF-8 only (it takes `&str`s and escapes).
    String::from_utf8(pretty_bytes(value)?).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

/// [`pretty`] as bytes, for writing to a file without checking the text
/// once more.
pub fn pretty_bytes<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    // Starts as big as the largest text written so far (scorecards of one
    // build are alike), instead of doubling its way up and copying.
    let mut out = Vec::with_capacity(LARGEST.load(Ordering::Relaxed).max(16 * 1024));
    let mut serializer = Serializer::with_formatter(&mut out, Pretty::default());
    value.serialize(&mut serializer)?;
    out.push(b'\n');
    LARGEST.fetch_max(out.len().min(MAX_HINT), Ordering::Relaxed);
    Ok(out)
}

/// Size of the largest text [`pretty_bytes`] made in this process.
static LARGEST: AtomicUsize = AtomicUsize::new(0);
/// A starting capacity never exceeds this, whatever was written before.
const MAX_HINT: usize = 4 * 1024 * 1024;

/// serde_json's `PrettyFormatter` with `"  "`, writing each line break and
/// its indentation at once.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break (after a comma unless `first`) and the indentation of
    /// the current depth.
    fn line<W: ?Sized + Write>(&self, writer: &mut W, comma: bool) -> io::Result<()> {
        let start = if comma { 0 } else { 1 };
        let mut spaces = self.depth * INDENT;
        let room = BREAK.len() - 2;
        let first = spaces.min(room);
        writer.write_all(&BREAK[start..2 + first])?;
        spaces -= first;
        while spaces > 0 {
            let chunk = spaces.min(room);
            writer.write_all(&BREAK[2..2 + chunk])?;
            spaces -= chunk;
        }
        Ok(())
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(writer, false)?;
        }
        writer.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, !first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(writer, false)?;
        }
        writer.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, !first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn same(value: &serde_json::Value) {
        let expected = format!("{}\n", serde_json::to_string_pretty(value).unwrap());
        assert_eq!(pretty(value).unwrap(), expected);
    }

    #[test]
    fn prints_what_serde_json_pretty_prints() {
        same(&json!(null));
        same(&json!([]));
        same(&json!({}));
        same(&json!({"a": [], "b": {}, "c": [1, 2.5, "x\n\"y\""], "d": {"e": [{"f": null}]}}));
        same(&json!([[[]], [{}], {"k": [true, false]}]));
    }

    #[test]
    fn deep_nesting_indents_past_the_prepared_spaces() {
        let mut v = json!(1);
        for i in 0..100 {
            v = if i % 2 == 0 {
                json!([v, 2])
            } else {
                json!({"k": v})
            };
        }
        same(&v);
    }
}
