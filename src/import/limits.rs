//! Size bounds for files to import. Spreadsheets and survey exports come
//! from outside (clients, form tools) and are untrusted: every dimension
//! that could make import slow or memory-hungry is bounded, and crossing a
//! bound is an error that says which bound and where, not a crash.

/// Largest file read (xlsx as stored, CSV as text).
pub const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;
/// Largest total size of an xlsx archive's contents once unpacked; a
/// small zip can unpack to gigabytes.
pub const MAX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;
/// Most entries in an xlsx archive (a questionnaire has about twenty).
pub const MAX_ARCHIVE_ENTRIES: usize = 10_000;
/// Most sheets read from a workbook.
pub const MAX_SHEETS: usize = 200;
/// Rows per sheet: respondents of a survey, or a questionnaire's rows.
pub const MAX_ROWS: u32 = 10_000;
/// Columns per sheet: a survey has one per indicator, plus a few.
pub const MAX_COLUMNS: u16 = 5_000;
/// Non-empty cells per file.
pub const MAX_CELLS: usize = 2_000_000;
/// Characters per cell, Excel's own limit: longer text did not come from a
/// spreadsheet.
pub const MAX_CELL_CHARS: usize = 32_767;

/// `1234567` → `1,234,567`, for messages about sizes.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A byte count for people: `25 MiB`, `512 KiB`, `100 bytes`.
pub fn bytes(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n % MIB == 0 {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else if n >= 1024 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(bytes(MAX_FILE_BYTES), "25 MiB");
        assert_eq!(bytes(30 * 1024 * 1024 + 1), "30.0 MiB");
    }
}
