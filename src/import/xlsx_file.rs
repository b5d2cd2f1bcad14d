//! Workbooks (`.xlsx`: filled questionnaires, Microsoft Forms and Google
//! Forms exports) → [`Sheet`]s, with calamine (maintained, pure Rust).
//!
//! An xlsx file is a zip archive, so before calamine sees it the archive
//! is unpacked once into nothing, counting: more than
//! [`MAX_UNPACKED_BYTES`] in all (a zip bomb) or a damaged entry stops
//! import with an error. Cells are then streamed one at a time (never
//! calamine's dense ranges, which would allocate rows × columns for one
//! stray cell in XFD1048576) and every bound of [`super::limits`] is
//! checked as they arrive. Formulas count by their last calculated value,
//! as the spreadsheet shows them. calamine runs under `catch_unwind`: a
//! reader bug on a hostile file becomes an error, not a crash.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx};

use super::cells::{Sheet, Value};
use super::dates::serial_to_iso;
use super::fields::too_long;
use super::limits::{
    MAX_ARCHIVE_ENTRIES, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SHEETS, MAX_UNPACKED_BYTES, bytes,
    thousands,
};
use super::place::{Place, file_error};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The way out of most damaged workbooks.
const RESAVE: &str = "open it in a spreadsheet program and save it again as .xlsx";

/// Reads every worksheet of the workbook `bytes`, shown as `name`.
pub fn read(name: &str, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<Vec<Sheet>> {
    let is_1904 = match check_archive(&bytes) {
        Ok(is_1904) => is_1904,
        Err((reason, help)) => {
            diags.push(file_error(name, "E0701", reason).with_help(help));
            return None;
        }
    };
    let mut found = Vec::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        read_sheets(name, bytes, is_1904, &mut found)
    }));
    for d in found {
        diags.push(d);
    }
    match outcome {
        Ok(sheets) => sheets,
        Err(_) => {
            diags.push(
                file_error(name, "E0701", "the workbook could not be read").with_help(RESAVE),
            );
            None
        }
    }
}

/// Unpacks every entry into nothing, bounded; whether the workbook uses
/// the 1904 date system (old Mac workbooks), which calamine keeps private.
fn check_archive(data: &[u8]) -> Result<bool, (String, String)> {
    let not_xlsx = || {
        (
            "not an xlsx workbook (it is not a zip archive)".to_string(),
            "save the file as an Excel workbook (.xlsx); a password-protected workbook must be saved without its password".to_string(),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(data)).map_err(|_| not_xlsx())?;
    if zip.len() > MAX_ARCHIVE_ENTRIES {
        return Err((
            format!(
                "the workbook holds {} parts; at most {} are read",
                thousands(zip.len() as u64),
                thousands(MAX_ARCHIVE_ENTRIES as u64)
            ),
            "this is not a questionnaire or a survey export".into(),
        ));
    }
    let mut budget = MAX_UNPACKED_BYTES;
    let mut is_1904 = false;
    for i in 0..zip.len() {
        let damaged = |e: &dyn std::fmt::Display| {
            (format!("the workbook is damaged ({e})"), RESAVE.to_string())
        };
        let mut entry = zip.by_index(i).map_err(|e| damaged(&e))?;
        let is_workbook = entry.name() == "xl/workbook.xml";
        let mut limited = (&mut entry).take(budget + 1);
        let mut kept = Vec::new();
        let read = if is_workbook {
            limited.read_to_end(&mut kept).map(|n| n as u64)
        } else {
            std::io::copy(&mut limited, &mut std::io::sink())
        }
        .map_err(|e| damaged(&e))?;
        if read > budget {
            return Err((
                format!(
                    "the workbook unpacks to more than {}",
                    bytes(MAX_UNPACKED_BYTES)
                ),
                "this is not a questionnaire or a survey export; check the file".into(),
            ));
        }
        budget -= read;
        if is_workbook {
            let text = String::from_utf8_lossy(&kept);
            is_1904 = text.contains("date1904=\"1\"") || text.contains("date1904=\"true\"");
        }
    }
    Ok(is_1904)
}

fn read_sheets(
    name: &str,
    data: Vec<u8>,
    is_1904: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Sheet>> {
    let mut xlsx = match Xlsx::new(Cursor::new(data)) {
        Ok(x) => x,
        Err(e) => {
            diags.push(
                file_error(name, "E0701", format!("cannot read the workbook: {e}"))
                    .with_help(RESAVE),
            );
            return None;
        }
    };
    let metas: Vec<calamine::Sheet> = xlsx.sheets_metadata().to_vec();
    if metas.len() > MAX_SHEETS {
        diags.push(
            file_error(
                name,
                "E0702",
                format!(
                    "the workbook has {} sheets; at most {MAX_SHEETS} are read",
                    metas.len()
                ),
            )
            .with_help("a questionnaire or survey export has a few sheets; check the file"),
        );
        return None;
    }
    let mut sheets = Vec::new();
    let mut cells = 0;
    for meta in metas.iter().filter(|m| m.typ == SheetType::WorkSheet) {
        let visible = meta.visible == SheetVisible::Visible;
        let mut sheet = Sheet::new(Some(meta.name.clone()), visible);
        let mut reader = match xlsx.worksheet_cells_reader(&meta.name) {
            Ok(r) => r,
            Err(e) => {
                diags.push(
                    file_error(
                        name,
                        "E0701",
                        format!("cannot read sheet `{}`: {e}", meta.name),
                    )
                    .with_help(RESAVE),
                );
                return None;
            }
        };
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(e) => {
                    diags.push(
                        file_error(
                            name,
                            "E0701",
                            format!("cannot read sheet `{}`: {e}", meta.name),
                        )
                        .with_help(RESAVE),
                    );
                    return None;
                }
            };
            let (row, col) = cell.get_position();
            let place = Place::new(name, Some(&meta.name), row, col.min(u16::MAX.into()) as u16);
            let Some(value) = value(cell.get_value(), is_1904, &place, diags) else {
                continue;
            };
            if let Some(d) = out_of_bounds(&place, col, cells) {
                diags.push(d);
                return None;
            }
            sheet.set(row, col as u16, value);
            cells += 1;
        }
        sheets.push(sheet);
    }
    Some(sheets)
}

/// A cell past the sheet bounds, or one too many cells in the file.
fn out_of_bounds(place: &Place, col: u32, cells: usize) -> Option<Diagnostic> {
    let help = "delete what is there (or everything after the table) and save again";
    if place.row >= MAX_ROWS {
        return Some(
            place
                .error(
                    "E0702",
                    format!(
                        "data past row {}, the last row read",
                        thousands(MAX_ROWS.into())
                    ),
                )
                .with_help(help),
        );
    }
    if col >= u32::from(MAX_COLUMNS) {
        return Some(
            place
                .error(
                    "E0702",
                    format!(
                        "data past column {}, the last column read",
                        thousands(MAX_COLUMNS.into())
                    ),
                )
                .with_help(help),
        );
    }
    (cells >= MAX_CELLS).then(|| {
        place
            .error(
                "E0702",
                format!(
                    "the workbook has more than {} cells with data",
                    thousands(MAX_CELLS as u64)
                ),
            )
            .with_help("import the survey in parts, or remove data that is not answers")
    })
}

/// A calamine cell as a [`Value`]; `None` for empty cells (often only
/// formatting), which are not stored.
fn value(
    data: &DataRef<'_>,
    is_1904: bool,
    place: &Place,
    diags: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let text = |t: &str, diags: &mut Vec<Diagnostic>| match too_long(t, place) {
        Some(d) => {
            diags.push(d);
            Value::Invalid
        }
        None => Value::Text(t.to_string()),
    };
    Some(match data {
        DataRef::Empty => return None,
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => text(s, diags),
        DataRef::SharedString(s) => text(s, diags),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) if dt.is_datetime() => match serial_to_iso(dt.as_f64(), is_1904) {
            Some(date) => Value::Date(date),
            None => {
                diags.push(
                    place
                        .error(
                            "E0707",
                            format!("the date serial {} is not a date", dt.as_f64()),
                        )
                        .with_help("type the date as YYYY-MM-DD"),
                );
                Value::Invalid
            }
        },
        DataRef::DateTime(dt) => Value::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text(s, diags),
        DataRef::Error(e) => Value::Error(e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let mut diags = Diagnostics::new();
        assert!(read("x.xlsx", b"not a zip".to_vec(), &mut diags).is_none());
        assert!(read("x.xlsx", Vec::new(), &mut diags).is_none());
        assert_eq!(diags.error_count(), 2);
        assert!(
            diags
                .iter()
                .all(|d| d.message.starts_with("x.xlsx: not an xlsx"))
        );
    }
}
