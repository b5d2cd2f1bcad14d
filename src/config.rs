//! Small TOML configuration files (brand files, `theme.toml`, project
//! files): read, deserialise with serde, and turn every problem into a
//! spanned [`Diagnostic`] so configuration mistakes look like rubric ones.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::{FileId, SourceMap, Span};

/// Largest configuration file we read (a brand file is a few lines).
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A deserialised config file with the id its spans refer to.
pub struct Loaded<T> {
    pub file: FileId,
    pub value: T,
}

/// Reads `path` (shown to users as `display`) and deserialises it as `T`.
/// `what` names the file in messages ("brand file").
pub fn load<T: DeserializeOwned>(
    path: &Path,
    display: &str,
    what: &str,
    schema: &Schema,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let text = read(path, display, what, diags)?;
    parse(display, text, what, schema, sources, diags)
}

/// Reads `path` as [`load`] does, without parsing it; an error (E0300)
/// when it cannot be.
pub fn read(path: &Path, display: &str, what: &str, diags: &mut Diagnostics) -> Option<String> {
    match read_text(path) {
        Ok(text) => Some(text),
        Err(reason) => {
            diags.push(
                Diagnostic::error("E0300", format!("cannot read {what} `{display}`: {reason}"))
                    .with_help("check the path; relative paths are resolved from the current directory or the file that names them"),
            );
            None
        }
    }
}

/// Reports every key the schema does not know.
fn check_keys(file: FileId, text: &str, what: &str, schema: &Schema, diags: &mut Diagnostics) {
    let Ok(root) = toml::de::DeTable::parse(text) else {
        return; // the syntax error is reported by deserialisation
    };
    unknown_keys(root.get_ref(), schema, |key, span, table, allowed| {
        let place;
        let what = match table {
            Some(table) => {
                place = format!("`[{table}]` of the {what}");
                &place
            }
            None => what,
        };
        diags.push(unknown_key(file, key, span, what, allowed));
    });
}

/// Calls `found` with every key of `root` the schema does not know: the
/// key, its span, the table it is in (`None` at the top) and the keys
/// allowed there.
fn unknown_keys<'s>(
    root: &toml::de::DeTable,
    schema: &Schema<'s>,
    mut found: impl FnMut(&str, Range<usize>, Option<&str>, &[&'s str]),
) {
    for (key, value) in root {
        if !schema.top.contains(&key.get_ref().as_ref()) {
            found(key.get_ref(), key.span(), None, schema.top);
            continue;
        }
        let Some((table, allowed)) = schema
            .tables
            .iter()
            .find(|(t, _)| *t == key.get_ref().as_ref())
        else {
            continue;
        };
        let tables: Vec<&toml::de::DeTable> = match value.get_ref() {
            toml::de::DeValue::Table(inner) => vec![inner],
            toml::de::DeValue::Array(items) => items
                .iter()
                .filter_map(|i| match i.get_ref() {
                    toml::de::DeValue::Table(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for inner in tables {
            for (k, _) in inner {
                if !allowed.contains(&k.get_ref().as_ref()) {
                    found(k.get_ref(), k.span(), Some(table), allowed);
                }
            }
        }
    }
}

fn unknown_key(
    file: FileId,
    key: &str,
    span: Range<usize>,
    what: &str,
    allowed: &[&str],
) -> Diagnostic {
    let known = allowed
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic::error("E0301", format!("unknown key `{key}` in {what}"))
        .with_primary(Span::new(file, span), "not a known key")
        .with_help(
            crate::diagnostics::suggest::did_you_mean(key, allowed.iter().copied())
                .unwrap_or_else(|| format!("known keys here: {known}")),
        )
}

/// The keys a config file may hold: top-level keys, and for tables with a
/// fixed set of keys, those (`("contact", &["email", …])`). Checking keys
/// before deserialising reports every unknown key at once, with a
/// suggestion, instead of stopping at the first.
pub struct Schema<'a> {
    pub top: &'a [&'a str],
    pub tables: &'a [(&'a str, &'a [&'a str])],
}

/// Deserialises already-read `text` (registered under `display`).
pub fn parse<T: DeserializeOwned>(
    display: &str,
    text: String,
    what: &str,
    schema: &Schema,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let file = sources.add(display, text);
    parse_file(file, what, schema, sources, diags)
}

/// Deserialises `file`, already in `sources`.
pub fn parse_file<T: DeserializeOwned>(
    file: FileId,
    what: &str,
    schema: &Schema,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> Option<Loaded<T>> {
    // Unknown keys are reported, then ignored, so that the values' own
    // problems are reported in the same run.
    check_keys(file, sources.text(file), what, schema, diags);
    match toml::from_str::<T>(sources.text(file)) {
        Ok(value) => Some(Loaded { file, value }),
        Err(e) => {
            diags.push(syntax_error(file, sources.text(file), what, &e));
            None
        }
    }
}

/// `text` deserialised as `T` when it is valid TOML of known keys only;
/// `None` on any problem, which the caller then reports through
/// [`parse_file`] (this one has no diagnostics: it serves to read a large
/// file piece by piece, see `project::sections`). Parsed once for both the
/// key check and the values.
pub fn parse_clean<'de, T: serde::Deserialize<'de>>(text: &'de str, schema: &Schema) -> Option<T> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let mut clean = true;
    unknown_keys(root.get_ref(), schema, |_, _, _, _| clean = false);
    if !clean {
        return None;
    }
    T::deserialize(toml::de::Deserializer::from(root)).ok()
}

/// A TOML or schema error as a diagnostic pointing at its span.
fn syntax_error(file: FileId, text: &str, what: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim_end_matches('\n').to_string();
    let (headline, help) = match unknown_field(&message) {
        Some((field, expected)) => (
            format!("unknown key `{field}` in {what}"),
            Some(format!("known keys here: {expected}")),
        ),
        None => (format!("invalid {what}: {message}"), None),
    };
    let span = e.span().unwrap_or(0..0);
    Diagnostic::error("E0301", headline)
        .with_primary(Span::new(file, clamp(span, text.len())), message)
        .with_help_opt(help)
}

/// serde's "unknown field `x`, expected one of `a`, `b`" split in two.
fn unknown_field(message: &str) -> Option<(&str, &str)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .trim_start_matches(", ")
        .trim_start_matches("expected one of ")
        .trim_start_matches("expected ");
    Some((field, expected))
}

fn clamp(span: Range<usize>, len: usize) -> Range<usize> {
    span.start.min(len)..span.end.min(len)
}

/// Reads a UTF-8 text file of bounded size, without a byte-order mark.
pub fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("it is a directory".into());
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(format!("it is larger than {MAX_CONFIG_BYTES} bytes"));
    }
    let bytes = std::fs::read(path).map_err(|e| io_reason(&e))?;
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        _ => e.to_string(),
    }
}

/// The span of a `toml::Spanned` value in `file`.
pub fn span_of<T>(file: FileId, value: &toml::Spanned<T>) -> Span {
    Span::new(file, value.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        top: &["name", "item"],
        tables: &[("item", &["id"])],
    };

    #[test]
    fn unknown_keys_in_arrays_of_tables_are_reported() {
        let mut sources = SourceMap::new();
        let mut diags = Diagnostics::new();
        let file = sources.add(
            "t.toml",
            "name = \"x\"\n[[item]]\nid = 1\ncolour = 2\n[[item]]\nid = 2\n",
        );
        check_keys(file, sources.text(file), "test file", &SCHEMA, &mut diags);
        let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["unknown key `colour` in `[item]` of the test file"]
        );
    }
}
