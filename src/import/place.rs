//! Where a problem is in a spreadsheet or CSV file: `file: Sheet!D14`, the
//! notation people type into a spreadsheet's name box. Import diagnostics
//! carry their place at the head of the message because cells have no
//! line and column to point a snippet at.

use std::fmt;

use crate::diagnostics::Diagnostic;
use crate::questionnaire::layout::column_name;

/// One cell of one sheet of one file (0-based row and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    pub file: &'a str,
    /// `None` for CSV files, which have a single unnamed sheet.
    pub sheet: Option<&'a str>,
    pub row: u32,
    pub col: u16,
}

impl<'a> Place<'a> {
    pub fn new(file: &'a str, sheet: Option<&'a str>, row: u32, col: u16) -> Self {
        Place {
            file,
            sheet,
            row,
            col,
        }
    }

    /// The same sheet, another cell.
    pub fn at(&self, row: u32, col: u16) -> Place<'a> {
        Place { row, col, ..*self }
    }

    /// The cell alone (`D14`), for "first given in D12" messages.
    pub fn cell(&self) -> String {
        format!("{}{}", column_name(self.col), u64::from(self.row) + 1)
    }

    pub fn error(&self, code: &'static str, message: impl fmt::Display) -> Diagnostic {
        Diagnostic::error(code, format!("{self}: {message}"))
    }

    pub fn warning(&self, code: &'static str, message: impl fmt::Display) -> Diagnostic {
        Diagnostic::warning(code, format!("{self}: {message}"))
    }
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sheet {
            Some(sheet) => write!(f, "{}: {}!{}", self.file, sheet_ref(sheet), self.cell()),
            None => write!(f, "{}: {}", self.file, self.cell()),
        }
    }
}

/// A sheet name as formulas write it: quoted when it holds anything but
/// letters, digits and underscores (`'Operations & logistics'`).
pub fn sheet_ref(sheet: &str) -> String {
    let plain = !sheet.is_empty()
        && sheet.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !sheet.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

/// A problem with a whole file: `file: message`.
pub fn file_error(file: &str, code: &'static str, message: impl fmt::Display) -> Diagnostic {
    Diagnostic::error(code, format!("{file}: {message}"))
}

/// A warning about a whole file.
pub fn file_warning(file: &str, code: &'static str, message: impl fmt::Display) -> Diagnostic {
    Diagnostic::warning(code, format!("{file}: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_read_like_spreadsheet_references() {
        let p = Place::new("acme-ops.xlsx", Some("Operations"), 13, 3);
        assert_eq!(p.to_string(), "acme-ops.xlsx: Operations!D14");
        let p = Place::new("a.xlsx", Some("Ops & logistics"), 0, 0);
        assert_eq!(p.to_string(), "a.xlsx: 'Ops & logistics'!A1");
        assert_eq!(sheet_ref("Dana's"), "'Dana''s'");
        let p = Place::new("survey.csv", None, 3, 27);
        assert_eq!(p.to_string(), "survey.csv: AB4");
    }
}
