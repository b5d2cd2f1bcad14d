//! One in-memory shape for every file import reads: a [`Sheet`] of
//! [`Value`]s, sparse, addressed by 0-based row and column. CSV fields and
//! xlsx cells both become this, so the questionnaire and survey readers do
//! not care where a value came from.

use std::collections::BTreeMap;

/// A cell's content, as far as import cares.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell, as `YYYY-MM-DD` (any time of day dropped).
    Date(String),
    /// An error the spreadsheet shows (`#N/A`, `#REF!`).
    Error(String),
    /// A value already reported as a problem when it was read (too long,
    /// an impossible date): later checks skip it without a second message.
    Invalid,
}

static EMPTY: Value = Value::Empty;

impl Value {
    /// Empty, or text of nothing but spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text for free-text fields (names, notes, owners):
    /// numbers and dates as written, trimmed; `None` when blank, an error
    /// value or already reported.
    pub fn text(&self) -> Option<String> {
        let text = match self {
            Value::Text(t) => t.trim().to_string(),
            Value::Number(n) => number(*n),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Date(d) => d.clone(),
            Value::Empty | Value::Error(_) | Value::Invalid => return None,
        };
        (!text.is_empty()).then_some(text)
    }

    /// What the cell holds, for "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Empty => "an empty cell".into(),
            Value::Text(t) => format!("\"{}\"", shorten(t.trim(), 60)),
            Value::Number(n) => number(*n),
            Value::Bool(b) => format!("the boolean {}", if *b { "TRUE" } else { "FALSE" }),
            Value::Date(d) => format!("the date {d}"),
            Value::Error(e) => format!("the error value {e}"),
            Value::Invalid => "an invalid value".into(),
        }
    }
}

/// A number as people write it: `2`, not `2.0`.
pub fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Text compared the way people mean it: case and spacing aside.
pub fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// At most `max` characters of `text`, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A sheet's non-empty cells.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The sheet's name; `None` for a CSV file.
    pub name: Option<String>,
    pub visible: bool,
    rows: BTreeMap<u32, BTreeMap<u16, Value>>,
    cells: usize,
}

impl Sheet {
    pub fn new(name: Option<String>, visible: bool) -> Self {
        Sheet {
            name,
            visible,
            ..Sheet::default()
        }
    }

    /// Stores a value; blank values are not stored.
    pub fn set(&mut self, row: u32, col: u16, value: Value) {
        if value == Value::Empty {
            return;
        }
        if self
            .rows
            .entry(row)
            .or_default()
            .insert(col, value)
            .is_none()
        {
            self.cells += 1;
        }
    }

    pub fn get(&self, row: u32, col: u16) -> &Value {
        self.rows
            .get(&row)
            .and_then(|r| r.get(&col))
            .unwrap_or(&EMPTY)
    }

    /// Non-empty cells stored.
    pub fn cell_count(&self) -> usize {
        self.cells
    }

    /// Rows holding at least one non-blank cell, in order.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &BTreeMap<u16, Value>)> {
        self.rows
            .iter()
            .filter(|(_, cells)| cells.values().any(|v| !v.is_blank()))
            .map(|(r, cells)| (*r, cells))
    }

    pub fn is_empty(&self) -> bool {
        self.rows().next().is_none()
    }

    /// Whether a cell was already reported when it was read: checks that
    /// would only repeat the problem (or miss the value) stay quiet.
    pub fn has_invalid(&self, row: Option<u32>) -> bool {
        let invalid = |cells: &BTreeMap<u16, Value>| cells.values().any(|v| *v == Value::Invalid);
        match row {
            Some(r) => self.rows.get(&r).is_some_and(invalid),
            None => self.rows.values().any(invalid),
        }
    }

    /// Whether any cell of column `col` below `row` holds something.
    pub fn column_has_data_below(&self, col: u16, row: u32) -> bool {
        self.rows
            .range(row + 1..)
            .any(|(_, cells)| cells.get(&col).is_some_and(|v| !v.is_blank()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_rows_skip_blank_cells() {
        let mut s = Sheet::new(None, true);
        s.set(0, 0, Value::Text("a".into()));
        s.set(5, 2, Value::Text("  ".into()));
        s.set(7, 1, Value::Number(2.0));
        let rows: Vec<u32> = s.rows().map(|(r, _)| r).collect();
        assert_eq!(rows, [0, 7]);
        assert_eq!(s.get(7, 1).text().as_deref(), Some("2"));
        assert_eq!(s.get(9, 9), &Value::Empty);
        assert!(s.column_has_data_below(1, 0));
        assert!(!s.column_has_data_below(2, 0));
    }
}
