//! A scorecard as tables a client can sort and filter: pillars, indicators,
//! gaps and the roadmap, written as CSV files (one per table) or as one
//! XLSX workbook (a sheet per table, with filters and frozen headers).
//!
//! Numbers are the report's printed numbers (positions and shares rounded
//! down, see `scoring::format`), so a spreadsheet never disagrees with the
//! report. Cells that a spreadsheet would run as a formula (text starting
//! with `=`, `+`, `-`, `@`, tab or CR; answer files are untrusted) are
//! written with a leading `'`, the OWASP advice against CSV injection.
//! Output is deterministic: fixed document dates, stable row order.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::model::Rubric;
use crate::scoring::{IndicatorStatus, Scorecard, format, number};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

/// One table: a sheet, or a CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The sheet name, and the CSV file's stem (`pillars.csv`).
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, text)
}

/// A printed share as a number of percent, rounded down (74 for 0.749).
fn pct(share: f64) -> Cell {
    Cell::Number(
        format::percent(share)
            .trim_end_matches('%')
            .parse()
            .unwrap_or(0.0),
    )
}

/// A printed position as a number, rounded down to two decimals.
fn position(p: f64) -> Cell {
    Cell::Number(format::position(p).parse().unwrap_or(0.0))
}

/// The four tables of a scorecard.
pub fn tables(rubric: &Rubric, card: &Scorecard) -> Vec<Table> {
    vec![
        pillars(card),
        indicators(rubric, card),
        gaps(rubric, card),
        roadmap(rubric, card),
    ]
}

fn pillars(card: &Scorecard) -> Table {
    let rows = card
        .pillars
        .iter()
        .map(|p| {
            vec![
                text(&p.id),
                text(&p.name),
                opt(p.stage.as_ref().map(|s| s.name.as_str())),
                Cell::Number(p.reached as f64),
                position(p.position),
                opt(p.next.as_ref().map(|s| s.name.as_str())),
                if p.next.is_some() {
                    pct(p.progress)
                } else {
                    Cell::Empty
                },
                text(&p.target.name),
                pct(p.coverage),
                pct(p.not_applicable_share),
                Cell::Number(p.gaps.len() as f64),
            ]
        })
        .collect();
    Table {
        name: "Pillars",
        headers: vec![
            "Pillar id",
            "Pillar",
            "Stage",
            "Stages reached",
            "Position",
            "Next stage",
            "Next stage in place (%)",
            "Target",
            "Coverage (%)",
            "Not applicable (%)",
            "Gaps",
        ],
        rows,
    }
}

fn status(s: IndicatorStatus) -> &'static str {
    match s {
        IndicatorStatus::Met => "met",
        IndicatorStatus::Partly => "partly met",
        IndicatorStatus::Unmet => "not met",
        IndicatorStatus::Unanswered => "unanswered",
        IndicatorStatus::NotApplicable => "n/a",
    }
}

fn indicators(rubric: &Rubric, card: &Scorecard) -> Table {
    let mut rows = Vec::new();
    for p in &card.pillars {
        for cell in &p.stages {
            for i in &cell.indicators {
                rows.push(vec![
                    text(&p.name),
                    text(rubric.stage_name(&cell.stage)),
                    text(&i.id),
                    text(&i.statement),
                    text(status(i.status)),
                    i.level.map_or(Cell::Empty, |l| text(number(l))),
                    opt(i.level_label.as_deref()),
                    i.credit.map_or(Cell::Empty, pct),
                    text(if i.disagreement { "yes" } else { "" }),
                    Cell::Number(i.responses.len() as f64),
                ]);
            }
        }
    }
    Table {
        name: "Indicators",
        headers: vec![
            "Pillar",
            "Stage",
            "Indicator id",
            "Statement",
            "Status",
            "Level",
            "Label",
            "In place (%)",
            "Respondents disagree",
            "Answers",
        ],
        rows,
    }
}

fn gaps(rubric: &Rubric, card: &Scorecard) -> Table {
    let statement = |id: &str| rubric.indicator(id).map_or("", |i| i.statement.as_str());
    let rows = card
        .pillars
        .iter()
        .flat_map(|p| p.gaps.iter().map(move |g| (p, g)))
        .map(|(p, g)| {
            vec![
                text(&p.name),
                text(rubric.stage_name(&g.stage)),
                text(&g.indicator),
                text(statement(&g.indicator)),
                text(status(g.status)),
                g.level.map_or(Cell::Empty, |l| {
                    text(format!("{} / {}", number(l), number(g.scale_max)))
                }),
            ]
        })
        .collect();
    Table {
        name: "Gaps",
        headers: vec![
            "Pillar",
            "Stage",
            "Indicator id",
            "Statement",
            "Status",
            "Level",
        ],
        rows,
    }
}

fn roadmap(rubric: &Rubric, card: &Scorecard) -> Table {
    let rows = card
        .roadmap
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let owner_area = item
                .pillar
                .as_deref()
                .and_then(|p| rubric.pillar(p))
                .map(|p| p.name.clone())
                .or_else(|| item.area.clone());
            vec![
                Cell::Number((n + 1) as f64),
                text(item.phase.label()),
                text(&item.action),
                text(&item.title),
                opt(owner_area.as_deref()),
                opt(item.from.as_deref().map(|f| rubric.stage_name(f))),
                text(rubric.stage_name(&item.to)),
                text(item.impact.as_str()),
                text(item.effort.as_str()),
                text(item.quadrant.label()),
                opt(item.owner.as_deref()),
                opt(item.due.as_deref()),
                text(match item.status {
                    None | Some(crate::assessment::ActionStatus::Planned) => "planned",
                    Some(crate::assessment::ActionStatus::InProgress) => "in progress",
                    Some(crate::assessment::ActionStatus::Done) => "done",
                    Some(crate::assessment::ActionStatus::Dropped) => "dropped",
                }),
                text(if item.overdue { "yes" } else { "" }),
                text(if item.unowned { "yes" } else { "" }),
            ]
        })
        .collect();
    Table {
        name: "Roadmap",
        headers: vec![
            "#",
            "Phase",
            "Action id",
            "Action",
            "Pillar or area",
            "From",
            "To",
            "Impact",
            "Effort",
            "Quadrant",
            "Owner",
            "Due",
            "Status",
            "Overdue",
            "Unowned",
        ],
        rows,
    }
}

/// Text a spreadsheet will not run as a formula.
fn defused(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// One table as CSV (RFC 4180, `\n` line ends, UTF-8).
pub fn csv(table: &Table) -> Result<Vec<u8>, String> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer
        .write_record(&table.headers)
        .map_err(|e| e.to_string())?;
    for row in &table.rows {
        let record: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(s) => defused(s),
                Cell::Number(n) => number_text(*n),
                Cell::Empty => String::new(),
            })
            .collect();
        writer.write_record(&record).map_err(|e| e.to_string())?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}

/// `3`, `2.46`: numbers as printed, no float noise.
fn number_text(n: f64) -> String {
    let mut s = crate::decimal::fixed(n, 2);
    let kept = s.trim_end_matches('0').trim_end_matches('.').len();
    s.truncate(kept);
    s
}

/// Every table as a sheet of one workbook.
pub fn xlsx(tables: &[Table], title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("rubricate")
            .set_creation_datetime(&created),
    );
    let header = Format::new().set_bold();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name)?;
        for (c, h) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &header)?;
            sheet.set_column_width(c as u16, column_width(table, c))?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(r, c as u16, defused(s))?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(r, c as u16, *n)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        let last_col = table.headers.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
        sheet.set_freeze_panes(1, 0)?;
    }
    workbook.save_to_buffer()
}

/// A column wide enough for its header and most of its text, capped.
fn column_width(table: &Table, c: usize) -> f64 {
    let longest = table
        .rows
        .iter()
        .filter_map(|r| match r.get(c) {
            Some(Cell::Text(s)) => Some(s.chars().count()),
            _ => None,
        })
        .chain(std::iter::once(table.headers[c].len()))
        .max()
        .unwrap_or(8);
    (longest.clamp(6, 60) + 2) as f64
}

/// Writes the workbook, or one CSV per table into the folder `out`;
/// returns the files written.
pub fn write(tables: &[Table], title: &str, out: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let is_xlsx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        let bytes = xlsx(tables, title).map_err(|e| e.to_string())?;
        crate::output::write_atomic(out, &bytes)
            .map_err(|e| format!("cannot write `{}`: {e}", out.display()))?;
        return Ok(vec![out.to_path_buf()]);
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create `{}`: {e}", out.display()))?;
    let mut files = Vec::new();
    for table in tables {
        let path = out.join(format!("{}.csv", table.name.to_lowercase()));
        let bytes = csv(table)?;
        crate::output::write_atomic(&path, &bytes)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        files.push(path);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_csv_quotes() {
        assert_eq!(defused("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defused("-1"), "'-1");
        assert_eq!(defused("Dana"), "Dana");
        let table = Table {
            name: "T",
            headers: vec!["a", "b"],
            rows: vec![
                vec![text("x, \"y\""), Cell::Number(2.5)],
                vec![Cell::Empty, text("@cmd")],
            ],
        };
        let out = String::from_utf8(csv(&table).unwrap()).unwrap();
        assert_eq!(out, "a,b\n\"x, \"\"y\"\"\",2.5\n,'@cmd\n");
    }
}
