//! Opening a file to import: its format from its extension, its size
//! bounded before it is read, then the CSV or xlsx reader.

use std::path::Path;

use super::cells::Sheet;
use super::limits::{MAX_FILE_BYTES, bytes};
use super::place::file_error;
use super::{csv_file, xlsx_file};
use crate::diagnostics::Diagnostics;

/// What a file held.
pub enum Contents {
    /// Every worksheet of an xlsx workbook.
    Workbook(Vec<Sheet>),
    /// A CSV file's one table.
    Csv(Sheet),
}

/// Reads the file shown (and opened) as `name`; `None` after reporting
/// why it cannot be imported.
pub fn read(name: &str, diags: &mut Diagnostics) -> Option<Contents> {
    if Path::new(name).is_dir() {
        diags.push(
            file_error(name, "E0700", "this is a folder")
                .with_help(format!("pass the files in it, e.g. `{name}/*.xlsx`")),
        );
        return None;
    }
    let extension = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let is_csv = match extension.as_deref() {
        Some("csv" | "tsv" | "txt") => true,
        Some("xlsx" | "xlsm") => false,
        Some("xls" | "ods" | "numbers" | "xlsb") => {
            diags.push(
                file_error(name, "E0700", "this spreadsheet format is not read")
                    .with_help("save it as an Excel workbook (.xlsx) or export it as CSV"),
            );
            return None;
        }
        _ => {
            diags.push(
                file_error(name, "E0700", "cannot tell the format of this file")
                    .with_help("import reads questionnaires and survey exports as .xlsx or .csv"),
            );
            return None;
        }
    };
    let data = read_bounded(name, diags)?;
    if is_csv {
        csv_file::read(name, data, diags).map(Contents::Csv)
    } else {
        xlsx_file::read(name, data, diags).map(Contents::Workbook)
    }
}

fn read_bounded(name: &str, diags: &mut Diagnostics) -> Option<Vec<u8>> {
    let meta = match std::fs::metadata(name) {
        Ok(m) => m,
        Err(e) => {
            diags.push(io_error(name, &e));
            return None;
        }
    };
    if meta.len() > MAX_FILE_BYTES {
        diags.push(
            file_error(
                name,
                "E0702",
                format!(
                    "the file is {}; at most {} are read",
                    bytes(meta.len()),
                    bytes(MAX_FILE_BYTES)
                ),
            )
            .with_help("questionnaires and survey exports are far smaller; check the file"),
        );
        return None;
    }
    match std::fs::read(name) {
        Ok(data) => Some(data),
        Err(e) => {
            diags.push(io_error(name, &e));
            None
        }
    }
}

fn io_error(name: &str, e: &std::io::Error) -> crate::diagnostics::Diagnostic {
    let (reason, help) = match e.kind() {
        std::io::ErrorKind::NotFound => (
            "no such file".to_string(),
            "check the path; it is relative to the current directory",
        ),
        _ => (e.to_string(), "check the file's permissions"),
    };
    file_error(name, "E0700", format!("cannot read: {reason}")).with_help(help)
}
