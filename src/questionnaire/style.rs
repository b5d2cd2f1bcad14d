//! Cell formats and small writing helpers shared by the questionnaire's
//! sheets, so every sheet looks the same and input cells are recognisable
//! (and the only unlocked cells) everywhere.

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, ProtectionOptions, Worksheet, XlsxError,
};

use super::layout::{ID_COL, KEY_ROW};
use super::plain::clip;

/// Light yellow: the conventional "fill me in" colour.
const INPUT_FILL: u32 = 0xFFF8DC;
const HEADER_FILL: u32 = 0xE7E6E6;
const STAGE_FILL: u32 = 0xDDEBF7;
const MUTED: u32 = 0x595959;

pub fn title() -> Format {
    Format::new().set_bold().set_font_size(16)
}

pub fn heading() -> Format {
    Format::new().set_bold().set_font_size(12)
}

pub fn text() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

/// A one-line note that may run across empty cells to its right.
pub fn caption() -> Format {
    Format::new().set_font_color(Color::RGB(MUTED)).set_italic()
}

pub fn muted() -> Format {
    text().set_font_color(Color::RGB(MUTED)).set_italic()
}

pub fn header() -> Format {
    text()
        .set_bold()
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_border_bottom(FormatBorder::Thin)
}

pub fn stage() -> Format {
    text()
        .set_bold()
        .set_background_color(Color::RGB(STAGE_FILL))
}

/// A cell respondents fill in: unlocked on a protected sheet.
pub fn input() -> Format {
    text()
        .set_unlocked()
        .set_background_color(Color::RGB(INPUT_FILL))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF))
}

/// A date input shown as ISO, the way answer files write dates.
pub fn date_input() -> Format {
    input().set_num_format("yyyy-mm-dd")
}

/// Writes `text` (clipped to what a cell holds) with `format`.
pub fn put(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(row, col, clip(text), format)?;
    Ok(())
}

/// The hidden key row and id column import relies on: `marker` in A1,
/// then one key per column.
pub fn key_row(sheet: &mut Worksheet, marker: &str, keys: &[&str]) -> Result<(), XlsxError> {
    sheet.write_string(KEY_ROW, ID_COL, marker)?;
    for (i, key) in keys.iter().enumerate() {
        sheet.write_string(KEY_ROW, i as u16 + 1, *key)?;
    }
    sheet.set_row_hidden(KEY_ROW)?;
    sheet.set_column_hidden(ID_COL)?;
    Ok(())
}

/// Protects the sheet so only input cells can be edited; columns and rows
/// can still be resized. No password: protection prevents accidents (a
/// deleted id, a typed-over statement), it is not a security boundary.
pub fn protect(sheet: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
}

/// Landscape, one page wide: a printed questionnaire keeps every column
/// (the hidden id column prints nowhere).
pub fn print_setup(sheet: &mut Worksheet) {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
}

/// A row tall enough for `text` wrapped at `width` characters, for merged
/// cells, which spreadsheet programs do not grow by themselves.
pub fn fit_row(sheet: &mut Worksheet, row: u32, text: &str, width: usize) -> Result<(), XlsxError> {
    fit_cells(sheet, row, &[(text, width)])
}

/// A row tall enough for the tallest of its wrapped cells, each given as
/// (text, column width in characters). Heights are set rather than left
/// to the program: LibreOffice and Google Sheets do not grow rows for
/// wrapped text in a file they open.
pub fn fit_cells(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[(&str, usize)],
) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(text, width)| wrapped_lines(text, *width))
        .max()
        .unwrap_or(1);
    let height = 15.0 * lines.clamp(1, 400) as f64 + 3.0;
    sheet.set_row_height(row, height)?;
    Ok(())
}

/// Lines `text` takes wrapped at `width` characters (at least one).
fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(10);
    text.lines()
        .map(|l| l.chars().count().div_ceil(width).max(1))
        .sum::<usize>()
        .max(1)
}
