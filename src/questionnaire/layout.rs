//! The questionnaire workbook's layout: sheet markers, column keys, row
//! keys and the lists sheet. The writer (`questionnaire`) and the reader
//! (`import`) both name cells through these constants, so the two cannot
//! drift apart.
//!
//! Every sheet import reads starts with a hidden key row: A1 holds the
//! sheet's marker and every other cell of that row the key of its column.
//! Column A is hidden and holds each row's id. Import finds sheets by
//! marker and columns by key, never by sheet name, position or wording,
//! so renamed sheets and reworded statements still import.

/// Bumped when a layout change would make older readers misread a workbook.
pub const FORMAT: u32 = 1;

/// The hidden row holding the marker and column keys (0-based).
pub const KEY_ROW: u32 = 0;
/// The hidden column holding row ids (indicator, action or field keys).
pub const ID_COL: u16 = 0;

/// Sheet markers (cell A1).
pub const MARK_LISTS: &str = "rubricate:lists";
pub const MARK_RESPONDENT: &str = "rubricate:respondent";
pub const MARK_INDICATORS: &str = "rubricate:indicators";
pub const MARK_ACTIONS: &str = "rubricate:actions";

/// The hidden sheet with the drop-down lists and the workbook's metadata.
/// Its name is fixed because data validation formulas refer to it.
pub const LISTS_SHEET: &str = "Lists";
/// Sheet names the questionnaire itself uses; pillar sheets avoid them.
pub const RESERVED_SHEETS: [&str; 4] = ["Instructions", "Respondent", "Actions", LISTS_SHEET];

/// Column keys of the indicator sheets, in column order after A.
pub const INDICATOR_COLUMNS: [&str; 5] = ["statement", "guidance", "answer", "note", "evidence"];
/// Column keys of the respondent sheet.
pub const RESPONDENT_COLUMNS: [&str; 3] = ["label", "value", "hint"];
/// Column keys of the actions sheet.
pub const ACTION_COLUMNS: [&str; 8] = [
    "title",
    "area",
    "transition",
    "impact",
    "effort",
    "owner",
    "due",
    "status",
];

/// Column keys import reads.
pub const ANSWER: &str = "answer";
pub const NOTE: &str = "note";
pub const EVIDENCE: &str = "evidence";
pub const VALUE: &str = "value";
pub const OWNER: &str = "owner";
pub const DUE: &str = "due";
pub const STATUS: &str = "status";

/// Row keys of the respondent sheet; targets are `target:<pillar id>`.
pub const ORGANIZATION: &str = "organization";
pub const NAME: &str = "name";
pub const ROLE: &str = "role";
pub const DATE: &str = "date";
pub const TARGET_PREFIX: &str = "target:";

/// Row key of a stage heading on an indicator sheet: `stage:<stage id>`.
/// Import skips these rows and every row above the first of them.
pub const STAGE_PREFIX: &str = "stage:";

/// Metadata rows of the lists sheet: key in column A, value in column B.
pub const META_FORMAT: &str = "format";
pub const META_RUBRIC: &str = "rubric";
pub const META_VERSION: &str = "version";
pub const META_TITLE: &str = "title";

/// The answer for "does not apply here", as the answer files write it.
pub const NOT_APPLICABLE: &str = crate::assessment::load::NOT_APPLICABLE;

/// 0-based column of `key` in an indicator sheet.
pub fn indicator_column(key: &str) -> u16 {
    column_of(&INDICATOR_COLUMNS, key)
}

/// 0-based column of `key` in the respondent sheet.
pub fn respondent_column(key: &str) -> u16 {
    column_of(&RESPONDENT_COLUMNS, key)
}

/// 0-based column of `key` in the actions sheet.
pub fn action_column(key: &str) -> u16 {
    column_of(&ACTION_COLUMNS, key)
}

/// A1-notation column letters (0 → `A`, 25 → `Z`, 26 → `AA`), for data
/// validation formulas and for naming cells in import diagnostics.
pub fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Keys follow the id column; an unknown key is a programming error, so
/// it lands on the id column rather than panicking.
fn column_of(keys: &[&str], key: &str) -> u16 {
    keys.iter()
        .position(|k| *k == key)
        .map_or(ID_COL, |i| i as u16 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_sit_in_column_d() {
        assert_eq!(indicator_column(ANSWER), 3);
        assert_eq!(respondent_column(VALUE), 2);
        assert_eq!(action_column(STATUS), 8);
    }

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(16_383), "XFD");
    }
}
