//! Where things are in an answer file, read with `toml_edit`'s parser: the
//! byte spans of every answer's key and value, of every table header, of
//! the `rubric` value, and of values that run over several lines (whose
//! lines are never comments). The update edits these spans and nothing
//! else, so every other byte of the file stays as it was.

use std::ops::Range;

use toml_edit::{Document, Item, TableLike};

use crate::model::Rubric;

/// Groups nest at most this deep, as the loader reads them.
const MAX_DEPTH: usize = 4;

/// One answer written in the file, under an id the rubric knows (current,
/// renamed or retired).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    pub id: String,
    /// The key as written after the last table header or inline-table
    /// brace: `"ops.old"`, `ops.old` (dotted) or `old`.
    pub key: Range<usize>,
    /// How many dotted parts `key` has.
    pub segments: usize,
    /// The part of the id the enclosing headers or braces give (`ops` under
    /// `[answers.ops]`); a rename can only change what follows it.
    pub prefix: String,
    /// From the key (or the `[answers."id"]` header) to the end of the
    /// value (or of that table's last value).
    pub extent: Range<usize>,
}

/// A table header (`[…]` or `[[…]]`) and its dotted path.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Header {
    pub span: Range<usize>,
    pub path: Vec<String>,
}

impl Header {
    /// The id prefix an `[answers…]` header gives its keys (`ops` for
    /// `[answers.ops]`), `None` for other tables.
    pub fn answers_prefix(&self) -> Option<String> {
        match self.path.split_first() {
            Some((first, rest)) if first == "answers" => Some(rest.join(".")),
            _ => None,
        }
    }
}

/// Everything the update needs to know about the file's layout.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub entries: Vec<Entry>,
    /// Every table header, in file order.
    pub headers: Vec<Header>,
    /// Values that span lines.
    pub multiline: Vec<Range<usize>>,
    /// The `rubric = "…"` value.
    pub rubric: Option<Range<usize>>,
    /// Whether the file has an `answers` key at all.
    pub has_answers: bool,
}

/// Reads the layout of `text`; `None` when `toml_edit` cannot parse it.
pub(super) fn scan(rubric: &Rubric, text: &str) -> Option<Scan> {
    let doc = Document::parse(text).ok()?;
    let root = doc.as_table();
    let mut out = Scan {
        rubric: root.get("rubric").and_then(Item::span),
        has_answers: root.contains_key("answers"),
        ..Scan::default()
    };
    headers(root, &mut Vec::new(), &mut out.headers);
    out.headers.sort_by_key(|h| h.span.start);
    multiline(doc.as_item(), text, &mut out.multiline);
    if let Some(item) = root.get("answers") {
        let walk = Walk {
            rubric,
            written: None,
            segments: 0,
            prefix: String::new(),
        };
        if let Some(table) = item.as_table_like() {
            walk.table(table, "", 0, &mut out.entries);
        }
    }
    out.entries.sort_by_key(|e| e.key.start);
    Some(out)
}

/// Where the walk is: the start of the written key so far (dotted parts
/// after the last header), its number of parts, and the header prefix.
struct Walk<'r> {
    rubric: &'r Rubric,
    written: Option<usize>,
    segments: usize,
    prefix: String,
}

impl Walk<'_> {
    fn table(&self, table: &dyn TableLike, id: &str, depth: usize, out: &mut Vec<Entry>) {
        for (key, item) in table.iter() {
            let Some(span) = table.key(key).and_then(|k| k.span()) else {
                continue;
            };
            let full = if id.is_empty() {
                key.to_string()
            } else {
                format!("{id}.{key}")
            };
            let dotted = item.as_table_like().is_some_and(TableLike::is_dotted);
            let written = self.written.unwrap_or(span.start);
            if self.rubric.fate(&full).is_known() {
                let header = item.as_table().filter(|t| !t.is_dotted());
                let start = match header.and_then(|t| t.span()) {
                    Some(h) => h.start,
                    None => written,
                };
                out.push(Entry {
                    id: full,
                    key: written..span.end,
                    segments: self.segments + 1,
                    prefix: self.prefix.clone(),
                    extent: start..end_of(item).max(span.end),
                });
                continue;
            }
            let Some(inner) = item.as_table_like() else {
                continue;
            };
            if depth >= MAX_DEPTH {
                continue;
            }
            let next = if dotted {
                Walk {
                    rubric: self.rubric,
                    written: Some(written),
                    segments: self.segments + 1,
                    prefix: self.prefix.clone(),
                }
            } else {
                Walk {
                    rubric: self.rubric,
                    written: None,
                    segments: 0,
                    prefix: full.clone(),
                }
            };
            next.table(inner, &full, depth + 1, out);
        }
    }
}

/// The furthest byte an item's text reaches.
fn end_of(item: &Item) -> usize {
    let own = item.span().map_or(0, |s| s.end);
    let children = item
        .as_table_like()
        .map(|t| t.iter().map(|(_, i)| end_of(i)).max().unwrap_or(0))
        .unwrap_or(0);
    own.max(children)
}

fn headers(table: &dyn TableLike, path: &mut Vec<String>, out: &mut Vec<Header>) {
    for (key, item) in table.iter() {
        path.push(key.to_string());
        match item {
            Item::Table(t) => {
                if let Some(span) = t.span().filter(|_| !t.is_dotted()) {
                    out.push(Header {
                        span,
                        path: path.clone(),
                    });
                }
                headers(t, path, out);
            }
            Item::ArrayOfTables(array) => {
                for t in array.iter() {
                    if let Some(span) = t.span() {
                        out.push(Header {
                            span,
                            path: path.clone(),
                        });
                    }
                    headers(t, path, out);
                }
            }
            Item::Value(_) | Item::None => {}
        }
        path.pop();
    }
}

/// Collects the spans of values whose text runs over several lines.
fn multiline(item: &Item, text: &str, out: &mut Vec<Range<usize>>) {
    match item {
        Item::Value(v) => {
            if let Some(span) = v.span() {
                if text.get(span.clone()).is_some_and(|t| t.contains('\n')) {
                    out.push(span);
                }
            }
        }
        Item::Table(t) => t.iter().for_each(|(_, i)| multiline(i, text, out)),
        Item::ArrayOfTables(a) => a
            .iter()
            .for_each(|t| t.iter().for_each(|(_, i)| multiline(i, text, out))),
        Item::None => {}
    }
}

/// The answers regions of the file: from each `[answers…]` header to the
/// next header, with the id prefix that header gives.
pub(super) fn regions(scan: &Scan, len: usize) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    for (i, header) in scan.headers.iter().enumerate() {
        let Some(prefix) = header.answers_prefix() else {
            continue;
        };
        let end = scan.headers.get(i + 1).map_or(len, |h| h.span.start);
        out.push((header.span.start..end, prefix));
    }
    out
}
