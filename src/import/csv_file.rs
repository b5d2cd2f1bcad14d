//! Survey exports as CSV (Google Forms, Typeform, SurveyMonkey, Excel's
//! "CSV UTF-8") → one [`Sheet`]. Text must be UTF-8 (a byte-order mark is
//! fine) or UTF-16 with a byte-order mark (Excel's "Unicode text"); the
//! delimiter is a comma, or a semicolon or tab when the header line has
//! more of those (spreadsheet programs in many European locales write
//! semicolons). Every field is text; numbers are read later, by what the
//! column holds.

use super::cells::{Sheet, Value};
use super::fields::too_long;
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, thousands};
use super::place::{Place, file_error};
use crate::diagnostics::Diagnostics;

/// Reads CSV `bytes` of the file shown as `name`.
pub fn read(name: &str, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<Sheet> {
    let text = match decode(bytes) {
        Ok(text) => text,
        Err((reason, help)) => {
            diags.push(file_error(name, "E0701", reason).with_help(help));
            return None;
        }
    };
    let tab = name.to_ascii_lowercase().ends_with(".tsv");
    let delimiter = if tab { b'\t' } else { sniff(&text) };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet::new(None, true);
    for (index, record) in reader.records().enumerate() {
        let place = Place::new(name, None, index.min(u32::MAX as usize) as u32, 0);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                diags.push(
                    place
                        .error("E0701", format!("cannot read this row: {e}"))
                        .with_help("export the survey again as CSV"),
                );
                return None;
            }
        };
        if !add_record(&mut sheet, &record, &place, diags) {
            return None;
        }
    }
    Some(sheet)
}

/// Adds one record; `false` when a bound was crossed (reading stops).
fn add_record(
    sheet: &mut Sheet,
    record: &::csv::StringRecord,
    place: &Place,
    diags: &mut Diagnostics,
) -> bool {
    if place.row >= MAX_ROWS {
        diags.push(
            place
                .error(
                    "E0702",
                    format!("the file has more than {} rows", thousands(MAX_ROWS.into())),
                )
                .with_help("import the survey in parts of fewer rows"),
        );
        return false;
    }
    if record.len() > usize::from(MAX_COLUMNS) {
        diags.push(
            place
                .error(
                    "E0702",
                    format!(
                        "this row has {} columns; at most {} are read",
                        thousands(record.len() as u64),
                        thousands(MAX_COLUMNS.into())
                    ),
                )
                .with_help("check the delimiter, or remove columns that are not answers"),
        );
        return false;
    }
    for (col, field) in record.iter().enumerate() {
        let cell = place.at(place.row, col as u16);
        let value = match too_long(field, &cell) {
            Some(d) => {
                diags.push(d);
                Value::Invalid
            }
            None if field.trim().is_empty() => Value::Empty,
            None => Value::Text(field.to_string()),
        };
        sheet.set(place.row, col as u16, value);
    }
    if sheet.cell_count() > MAX_CELLS {
        diags.push(
            place
                .error(
                    "E0702",
                    format!(
                        "the file has more than {} cells",
                        thousands(MAX_CELLS as u64)
                    ),
                )
                .with_help("import the survey in parts"),
        );
        return false;
    }
    true
}

/// Bytes → text, or (reason, help).
fn decode(bytes: Vec<u8>) -> Result<String, (String, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    if let Some(at) = bytes.iter().take(8192).position(|b| *b == 0) {
        return Err((
            format!("NUL byte at offset {at}: this is not a CSV text file"),
            "export the survey as CSV, or pass the .xlsx export itself",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        (
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save the file as \"CSV UTF-8\" (Excel: File → Save As → CSV UTF-8)",
        )
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, (String, &'static str)> {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| {
        (
            "invalid UTF-16 text".to_string(),
            "save the file as \"CSV UTF-8\"",
        )
    })
}

/// The delimiter of the header line: the most frequent of `,` `;` and
/// tab outside quotes, a comma on a tie.
fn sniff(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_fields_and_sniffs_delimiters() {
        let mut diags = Diagnostics::new();
        let csv = "\u{feff}Name;\"Role; job\"\nDana;\"Head\nof ops\"\n";
        let sheet = read("s.csv", csv.as_bytes().to_vec(), &mut diags).unwrap();
        assert!(diags.is_empty());
        assert_eq!(sheet.get(0, 1), &Value::Text("Role; job".into()));
        assert_eq!(sheet.get(1, 1), &Value::Text("Head\nof ops".into()));
        assert_eq!(sniff("a,b;c,d\n"), b',');
        assert_eq!(sniff("a\tb\tc\n"), b'\t');
    }

    #[test]
    fn utf16_and_bad_encodings() {
        let mut diags = Diagnostics::new();
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Name\tRole\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let sheet = read("s.csv", bytes, &mut diags).unwrap();
        assert_eq!(sheet.get(0, 1), &Value::Text("Role".into()));
        assert!(read("s.csv", vec![b'a', 0xE9, b'\n'], &mut diags).is_none());
        assert!(diags.iter().any(|d| d.message.contains("not UTF-8")));
    }
}
