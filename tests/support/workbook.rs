//! Filling a questionnaire the way a respondent does, for the import
//! tests: the generated xlsx is unzipped, the chosen cells of its sheets
//! are replaced (text as inline strings, numbers as values, keeping the
//! cell's style, so a date cell stays a date) and it is zipped again.
//! Everything else stays byte for byte what `rubricate questionnaire`
//! wrote, as it does when a spreadsheet program saves a few edits.

// Each test binary includes this file and uses a different subset of it.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};

/// A value typed into a cell.
#[derive(Debug, Clone)]
pub enum Typed {
    Text(String),
    Number(f64),
}

/// One edit: sheet name, cell (`D14`), value.
pub type Edit = (String, String, Typed);

pub fn text(sheet: &str, cell: &str, value: &str) -> Edit {
    (sheet.into(), cell.into(), Typed::Text(value.into()))
}

pub fn number(sheet: &str, cell: &str, value: f64) -> Edit {
    (sheet.into(), cell.into(), Typed::Number(value))
}

/// The workbook with `edits` applied. Panics (a test failure) if a cell
/// does not exist in the file: the questionnaire writes every input cell.
pub fn fill(xlsx: &[u8], edits: &[Edit]) -> Vec<u8> {
    let names = sheet_names(xlsx);
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).expect("an xlsx is a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        for (sheet, cell, value) in edits {
            let index = names.iter().position(|n| n == sheet).expect("sheet exists");
            if name == format!("xl/worksheets/sheet{}.xml", index + 1) {
                data = set_cell(&String::from_utf8(data).unwrap(), cell, value).into_bytes();
            }
        }
        let options = zip::write::SimpleFileOptions::default();
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn set_cell(xml: &str, cell: &str, value: &Typed) -> String {
    let open = format!("<c r=\"{cell}\"");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("cell {cell} not in sheet"));
    let tag_end = start + xml[start..].find('>').unwrap();
    let self_closing = xml[..tag_end].ends_with('/');
    let end = if self_closing {
        tag_end + 1
    } else {
        tag_end + xml[tag_end..].find("</c>").unwrap() + 4
    };
    let tag = &xml[start..tag_end];
    let style = tag
        .split_whitespace()
        .find(|a| a.starts_with("s=\""))
        .map(|s| format!(" {}", s.trim_end_matches('/')))
        .unwrap_or_default();
    let new = match value {
        Typed::Text(t) => format!(
            "<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            escape(t)
        ),
        Typed::Number(n) => format!("<c r=\"{cell}\"{style}><v>{n}</v></c>"),
    };
    format!("{}{new}{}", &xml[..start], &xml[end..])
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The workbook's sheet names, in order.
pub fn sheet_names(xlsx: &[u8]) -> Vec<String> {
    let book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.to_vec())).unwrap();
    book.sheet_names()
}

/// The 1-based row whose hidden column A holds `id` on `sheet`.
pub fn row_of(xlsx: &[u8], sheet: &str, id: &str) -> u32 {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.to_vec())).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let (first_row, _) = range.start().unwrap();
    for (i, row) in range.rows().enumerate() {
        if matches!(row.first(), Some(Data::String(s)) if s == id) {
            return first_row + i as u32 + 1;
        }
    }
    panic!("no row for {id} on {sheet}")
}

/// Runs the real binary in `dir` (so paths in its output are relative),
/// colours off.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
