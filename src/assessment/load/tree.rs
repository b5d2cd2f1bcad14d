//! One spanned document tree for both answer-file formats. TOML is parsed
//! with `toml::de::DeTable` (which keeps byte spans of keys and values);
//! JSON is validated with `serde_json` and then walked once more to recover
//! the spans serde_json does not keep. The checks in `respondent` only ever
//! see a [`Node`], so TOML and JSON files get identical diagnostics.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span, floor_char_boundary};

/// A value with the byte range it was written at.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    pub span: Range<usize>,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    /// Entries in source order.
    Table(Vec<Entry>),
    Array(Vec<Node>),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A TOML local date, as `YYYY-MM-DD`.
    Date(String),
    /// A TOML date-time or time: the text as written.
    DateTime(String),
    /// JSON `null`: treated as "not given".
    Null,
    /// A value the parser already reported (an impossible TOML date).
    Invalid,
}

/// A key of a table with the span of the key as written (quotes included).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

/// The two answer-file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Toml,
    Json,
}

impl Format {
    /// What a table is called in this format's own vocabulary.
    pub fn table_word(self) -> &'static str {
        match self {
            Format::Toml => "a table",
            Format::Json => "an object",
        }
    }

    /// `key = value` (TOML) or `"key": value` (JSON), for help lines that
    /// show what to write: a JSON file must never be told TOML syntax.
    /// `key` is written quoted when TOML needs it (a dotted id).
    pub fn entry(self, key: &str, value: &str) -> String {
        match self {
            Format::Toml if key.contains('.') => format!("\"{key}\" = {value}"),
            Format::Toml => format!("{key} = {value}"),
            Format::Json => format!("\"{key}\": {value}"),
        }
    }

    /// An inline table of `fields` (values written as given).
    pub fn inline(self, fields: &[(&str, &str)]) -> String {
        let parts: Vec<String> = fields.iter().map(|(k, v)| self.entry(k, v)).collect();
        format!("{{ {} }}", parts.join(", "))
    }

    /// How a table is named: `[respondent]` or `"respondent"`.
    pub fn table_ref(self, name: &str) -> String {
        match self {
            Format::Toml => format!("[{name}]"),
            Format::Json => format!("\"{name}\""),
        }
    }

    /// A top-level table by name: `[answers]` or `"answers": { … }`.
    pub fn table(self, name: &str) -> String {
        match self {
            Format::Toml => format!("[{name}]"),
            Format::Json => format!("\"{name}\": {{ … }}"),
        }
    }
}

impl Kind {
    /// "a string", "an integer", … for "expected X, found Y" messages.
    pub fn describe(&self, format: Format) -> &'static str {
        match self {
            Kind::Table(_) => format.table_word(),
            Kind::Array(_) => "an array",
            Kind::Str(_) => "a string",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number with a fraction",
            Kind::Bool(_) => "a boolean",
            Kind::Date(_) => "a date",
            Kind::DateTime(_) => "a date-time",
            Kind::Null => "null",
            Kind::Invalid => "an invalid value",
        }
    }
}

/// Parses `text` in `format`. Returns the tree (when the file is usable for
/// further checks) and the syntax diagnostics.
pub(super) fn parse(file: FileId, text: &str, format: Format) -> (Option<Node>, Vec<Diagnostic>) {
    match format {
        Format::Toml => parse_toml(file, text),
        Format::Json => parse_json(file, text),
    }
}

// ---------------------------------------------------------------------------
// TOML
// ---------------------------------------------------------------------------

fn parse_toml(file: FileId, text: &str) -> (Option<Node>, Vec<Diagnostic>) {
    let (table, errors) = DeTable::parse_recoverable(text);
    let span = table.span();
    let root = Node {
        span: span.start.min(text.len())..span.end.min(text.len()),
        kind: Kind::Table(toml_entries(table.get_ref())),
    };
    let mut diags = Vec::new();
    let mut fatal = false;
    for error in &errors {
        let range = error
            .span()
            .map(|r| clamp(text, r))
            .unwrap_or(text.len()..text.len());
        let message = error.message().to_string();
        let d = if message.starts_with("invalid date") || message.starts_with("invalid time") {
            // Reported here because the parser already rejects impossible
            // dates; the rest of the file is still checked.
            Diagnostic::error("E0216", "invalid date")
                .with_primary(Span::new(file, range), message)
                .with_help("write dates as YYYY-MM-DD, for example 2026-11-02")
        } else if message == "duplicate key" {
            // The first value is kept, so the rest is still worth checking.
            duplicate_key(file, text, &root, range)
        } else {
            fatal = true;
            let help = toml_help(error.message(), text.get(range.clone()));
            Diagnostic::error("E0203", "invalid TOML")
                .with_primary(Span::new(file, range), message)
                .with_help_opt(help)
        };
        diags.push(d);
    }
    (if fatal { None } else { Some(root) }, diags)
}

/// A help line for the TOML mistakes people make by hand. `at` is the
/// text the error points at.
fn toml_help(message: &str, at: Option<&str>) -> Option<String> {
    if at.is_some_and(|t| t.starts_with('?')) {
        // `"id" = ?` uncommented from the `rubricate init` template.
        Some("`?` is the template's placeholder: replace it with a level (its number or its label, or \"n/a\"), or put the `# ` back in front of the line".to_string())
    } else if message.contains("string values must be quoted") {
        Some("put text in quotes: `name = \"Acme Outdoor Co.\"`".to_string())
    } else if message.contains("unclosed") {
        Some("close the bracket or quote that was opened".to_string())
    } else {
        None
    }
}

/// The toml crate names a duplicate key by the span of its second
/// occurrence; find the first one to show both.
fn duplicate_key(file: FileId, text: &str, root: &Node, second: Range<usize>) -> Diagnostic {
    let raw = text.get(second.clone()).unwrap_or("");
    let name = raw.trim_matches(|c| c == '"' || c == '\'').to_string();
    let mut first = None;
    find_key(root, &name, &second, &mut first);
    let mut d = Diagnostic::error("E0204", format!("`{name}` is given twice"))
        .with_primary(Span::new(file, second), "given again here");
    if let Some(first) = first {
        d = d.with_secondary(Span::new(file, first), "first given here");
    }
    d.with_help("each key may appear once per table; keep one of them")
}

/// The earliest key named `name` other than `not`, anywhere in the tree.
fn find_key(node: &Node, name: &str, not: &Range<usize>, found: &mut Option<Range<usize>>) {
    match &node.kind {
        Kind::Table(entries) => {
            for e in entries {
                if e.key == name
                    && e.key_span != *not
                    && e.key_span.start < not.start
                    && found.as_ref().is_none_or(|f| e.key_span.start < f.start)
                {
                    *found = Some(e.key_span.clone());
                }
                find_key(&e.value, name, not, found);
            }
        }
        Kind::Array(items) => items.iter().for_each(|n| find_key(n, name, not, found)),
        _ => {}
    }
}

fn toml_entries(table: &DeTable<'_>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = table
        .iter()
        .map(|(k, v)| Entry {
            key: k.get_ref().to_string(),
            key_span: k.span(),
            value: toml_node(v.span(), v.get_ref()),
        })
        .collect();
    entries.sort_by_key(|e| (e.key_span.start, e.key_span.end));
    entries
}

fn toml_node(span: Range<usize>, value: &DeValue<'_>) -> Node {
    let kind = match value {
        DeValue::String(s) => Kind::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Kind::Int(n),
            Err(_) => Kind::Float(i.as_str().parse().unwrap_or(f64::NAN)),
        },
        DeValue::Float(f) => Kind::Float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Kind::Bool(*b),
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                Kind::Date(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
            }
            (None, None, _) => Kind::Invalid,
            _ => Kind::DateTime(dt.to_string()),
        },
        DeValue::Array(items) => Kind::Array(
            items
                .iter()
                .map(|item| toml_node(item.span(), item.get_ref()))
                .collect(),
        ),
        DeValue::Table(t) => Kind::Table(toml_entries(t)),
    };
    Node { span, kind }
}

fn clamp(text: &str, r: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, r.start.min(text.len()));
    let end = floor_char_boundary(text, r.end.min(text.len())).max(start);
    start..end
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

fn parse_json(file: FileId, text: &str) -> (Option<Node>, Vec<Diagnostic>) {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let at = json_offset(text, e.line(), e.column());
        let shown = e.to_string();
        let message = match shown.find(" at line ") {
            Some(cut) => shown[..cut].to_string(),
            None => shown,
        };
        let d = Diagnostic::error("E0203", "invalid JSON")
            .with_primary(Span::new(file, at..at), message)
            .with_help_opt(json_help(text, at));
        return (None, vec![d]);
    }
    let mut walker = JsonWalker {
        text,
        pos: 0,
        file,
        diags: Vec::new(),
    };
    walker.skip_ws();
    match walker.value(0) {
        Some(node) => (Some(node), walker.diags),
        None => {
            // serde_json accepted what the walker did not: say so plainly
            // rather than panic.
            let at = walker.pos.min(text.len());
            let d = Diagnostic::error("E0203", "invalid JSON")
                .with_primary(Span::new(file, at..at), "cannot read the JSON from here");
            (None, vec![d])
        }
    }
}

fn json_help(text: &str, at: usize) -> Option<String> {
    let before = text[..floor_char_boundary(text, at)].trim_end();
    if before.ends_with(',') {
        Some("JSON allows no comma after the last item".to_string())
    } else if text.trim_start().starts_with('[') {
        Some("an answer file is one JSON object: `{ \"rubric\": …, … }`".to_string())
    } else {
        None
    }
}

/// serde_json's 1-based line and column → a byte offset.
fn json_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    floor_char_boundary(text, line_start + column.saturating_sub(1))
}

/// Walks JSON that serde_json has already accepted, recording spans. Any
/// surprise returns `None` instead of panicking.
struct JsonWalker<'t> {
    text: &'t str,
    pos: usize,
    file: FileId,
    diags: Vec<Diagnostic>,
}

/// serde_json refuses nesting deeper than this too.
const MAX_DEPTH: usize = 128;

impl JsonWalker<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek() == Some(byte)).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        let start = self.pos;
        let kind = match self.peek()? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Kind::Str(self.string()?),
            b't' => self.word("true", Kind::Bool(true))?,
            b'f' => self.word("false", Kind::Bool(false))?,
            b'n' => self.word("null", Kind::Null)?,
            _ => self.number()?,
        };
        Some(Node {
            span: start..self.pos,
            kind,
        })
    }

    fn word(&mut self, word: &str, kind: Kind) -> Option<Kind> {
        self.text.get(self.pos..)?.starts_with(word).then(|| {
            self.pos += word.len();
            kind
        })
    }

    fn number(&mut self) -> Option<Kind> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.pos += 1;
        }
        let raw = self.text.get(start..self.pos)?;
        if let Ok(n) = raw.parse::<i64>() {
            return Some(Kind::Int(n));
        }
        raw.parse::<f64>().ok().map(Kind::Float)
    }

    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 1;
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.pos)? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        serde_json::from_str(self.text.get(start..self.pos)?).ok()
    }

    fn array(&mut self, depth: usize) -> Option<Kind> {
        self.pos += 1;
        let mut items = Vec::new();
        if self.eat(b']').is_some() {
            return Some(Kind::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            if self.eat(b',').is_none() {
                self.eat(b']')?;
                return Some(Kind::Array(items));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<Kind> {
        self.pos += 1;
        let mut entries: Vec<Entry> = Vec::new();
        // Key → index in `entries`: huge objects stay linear.
        let mut index: HashMap<String, usize> = HashMap::new();
        if self.eat(b'}').is_some() {
            return Some(Kind::Table(entries));
        }
        loop {
            self.skip_ws();
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = key_start..self.pos;
            self.eat(b':')?;
            let value = self.value(depth + 1)?;
            if let Some(first) = index.get(&key).and_then(|&i| entries.get(i)) {
                // serde_json would keep the last silently; keep the first,
                // as TOML does, and go on checking.
                self.diags.push(
                    Diagnostic::error("E0204", format!("`{key}` is given twice"))
                        .with_primary(Span::new(self.file, key_span.clone()), "given again here")
                        .with_secondary(
                            Span::new(self.file, first.key_span.clone()),
                            "first given here",
                        )
                        .with_help("each key may appear once per object; keep one of them"),
                );
            } else {
                index.insert(key.clone(), entries.len());
                entries.push(Entry {
                    key,
                    key_span,
                    value,
                });
            }
            if self.eat(b',').is_none() {
                self.eat(b'}')?;
                return Some(Kind::Table(entries));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(node: &Node) -> &[Entry] {
        match &node.kind {
            Kind::Table(e) => e,
            other => panic!("not a table: {other:?}"),
        }
    }

    #[test]
    fn json_spans_point_at_keys_and_values() {
        let text = r#"{ "a": { "b": [1, 2.5, "x\"y"] }, "c": null, "d": true }"#;
        let (node, diags) = parse(0, text, Format::Json);
        assert!(diags.is_empty());
        let node = node.unwrap();
        let top = table(&node);
        assert_eq!(&text[top[0].key_span.clone()], "\"a\"");
        let inner = table(&top[0].value);
        assert_eq!(&text[inner[0].value.span.clone()], r#"[1, 2.5, "x\"y"]"#);
        let Kind::Array(items) = &inner[0].value.kind else {
            panic!()
        };
        assert_eq!(items[0].kind, Kind::Int(1));
        assert_eq!(items[1].kind, Kind::Float(2.5));
        assert_eq!(items[2].kind, Kind::Str("x\"y".into()));
        assert_eq!(top[1].value.kind, Kind::Null);
        assert_eq!(top[2].value.kind, Kind::Bool(true));
    }

    #[test]
    fn json_duplicate_keys_are_errors_first_value_kept() {
        let (node, diags) = parse(0, r#"{"a": 1, "a": 2}"#, Format::Json);
        assert_eq!(diags[0].code, "E0204");
        let node = node.unwrap();
        assert_eq!(table(&node).len(), 1);
        assert_eq!(table(&node)[0].value.kind, Kind::Int(1));
    }

    #[test]
    fn json_syntax_error_has_a_position() {
        let text = "{\n  \"a\": 1,\n}";
        let (node, diags) = parse(0, text, Format::Json);
        assert!(node.is_none());
        let label = &diags[0].labels[0];
        assert_eq!(label.span.start, text.len() - 1, "{diags:?}");
        assert_eq!(
            diags[0].help.as_deref(),
            Some("JSON allows no comma after the last item")
        );
    }

    #[test]
    fn toml_entries_are_in_source_order_with_dates() {
        let text = "b = 2026-11-02\na = 'x'\nc = 2026-11-02T10:00:00\n";
        let (node, diags) = parse(0, text, Format::Toml);
        assert!(diags.is_empty());
        let node = node.unwrap();
        let top = table(&node);
        assert_eq!(top[0].key, "b");
        assert_eq!(top[0].value.kind, Kind::Date("2026-11-02".into()));
        assert!(matches!(top[2].value.kind, Kind::DateTime(_)));
    }

    #[test]
    fn toml_impossible_date_is_not_fatal() {
        let (node, diags) = parse(0, "d = 2026-02-30\n", Format::Toml);
        assert_eq!(diags[0].code, "E0216");
        let node = node.expect("rest of the file is still checked");
        assert_eq!(table(&node)[0].value.kind, Kind::Invalid);
    }

    #[test]
    fn toml_duplicate_key_shows_both() {
        let text = "a = 1\na = 2\n";
        let (node, diags) = parse(0, text, Format::Toml);
        assert_eq!(diags[0].code, "E0204");
        assert_eq!(diags[0].labels.len(), 2);
        assert_eq!(diags[0].labels[1].span.start, 0);
        assert_eq!(table(&node.unwrap())[0].value.kind, Kind::Int(1));
        // A table header given twice is reported the same way.
        let (_, diags) = parse(0, "[a]\nx = 1\n[a]\ny = 2\n", Format::Toml);
        assert_eq!(diags[0].code, "E0204", "{diags:?}");
    }

    #[test]
    fn huge_inputs_stay_fast() {
        let mut json = String::from("{");
        let mut toml = String::new();
        for i in 0..100_000 {
            json.push_str(&format!("\"k{i}\": {i}, \"k{i}\": 0,"));
            toml.push_str(&format!("k{i} = {i}\n"));
        }
        json.push_str("\"end\": 0}");
        let start = std::time::Instant::now();
        let (node, diags) = parse(0, &json, Format::Json);
        assert_eq!(diags.len(), 100_000);
        assert_eq!(table(&node.unwrap()).len(), 100_001);
        let (node, _) = parse(0, &toml, Format::Toml);
        assert_eq!(table(&node.unwrap()).len(), 100_000);
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "{",
            "[[[",
            "\"\\",
            "{\"a\":",
            "\u{feff}{}",
            "x = [1,",
            "= =",
        ] {
            let _ = parse(0, text, Format::Json);
            let _ = parse(0, text, Format::Toml);
        }
    }
}
