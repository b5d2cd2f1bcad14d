//! No file makes import panic, and whatever it accepts loads: random bytes
//! as CSV and xlsx, random CSV soup made of survey-like pieces, and
//! questionnaires whose sheet XML is mutated (then zipped again, so the
//! damage reaches the XML reader rather than stopping at the zip CRC).
//! Every run must end in planned files or diagnostics, never E0799 (an
//! imported file the answer-file loader rejects), and rendering the
//! diagnostics must not panic either.

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use rubricate::diagnostics::{ColorChoice, Diagnostics, render_all};
use rubricate::import::{self, Options};
use rubricate::model;
use rubricate::questionnaire::{self, Prefill};
use rubricate::source::SourceMap;

/// Imports `bytes` saved as `name` against the bundled rubric.
fn import_bytes(name: &str, bytes: &[u8], map: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let map_path = dir.path().join("map.toml");
    if let Some(map) = map {
        std::fs::write(&map_path, map).unwrap();
    }
    let out = dir.path().join("out");
    let options = Options {
        rubric: Some("builtin:ecommerce"),
        map: map.map(|_| map_path.as_path()),
        organization: Some("Acme"),
        output: &out,
        force: false,
    };
    let mut sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let files = [path.display().to_string()];
    let _ = import::plan(&files, &options, &mut sources, &mut diags);
    assert!(
        !diags.iter().any(|d| d.code == "E0799"),
        "an imported file does not load:\n{}",
        render_all(&sources, &diags, ColorChoice::Never)
    );
    let _ = render_all(&sources, &diags, ColorChoice::Never);
    assert!(!Path::new(&out).exists(), "planning wrote files");
}

/// The bundled rubric's questionnaire, made once.
fn blank() -> &'static [u8] {
    static BLANK: OnceLock<Vec<u8>> = OnceLock::new();
    BLANK.get_or_init(|| {
        let mut sources = SourceMap::new();
        let rubric = model::compile("builtin:ecommerce", &mut sources)
            .rubric
            .unwrap();
        let prefill = Prefill {
            organization: Some("Acme"),
            respondent: Some("Dana"),
        };
        questionnaire::workbook(&rubric, &prefill).unwrap()
    })
}

/// The questionnaire with `edits` (offset, byte) applied to entry `entry`
/// of the archive, zipped again.
fn mutate(entry: usize, edits: &[(usize, u8)]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(blank())).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let target = entry % zip.len();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if i == target && !data.is_empty() {
            for (at, byte) in edits {
                let at = at % data.len();
                data[at] = *byte;
            }
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

const PIECES: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\n",
    "\r\n",
    " ",
    "Name",
    "Company",
    "Date",
    "Timestamp",
    "technology.saas-platform",
    "operations.spreadsheet-inventory",
    "Fully in place",
    "largely in place",
    "n/a",
    "N/A",
    "3",
    "7",
    "-1",
    "2.5",
    "1e309",
    "NaN",
    "2026-11-02",
    "02/03/2026",
    "9999-99-99",
    "Dana Reyes",
    "Email address",
    "Score",
    "=1+1",
    "#N/A",
    "é",
    "\u{feff}",
    "\0",
    "Stock levels are recorded, at least in a spreadsheet",
    "[x]",
    "Q1. ",
];

const MAP: &str = "date-order = \"dmy\"\n[columns]\n\"Note\" = \"note:technology.saas-platform\"\n[answers]\n\"Agree\" = 2\n\"Skip\" = \"\"\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        import_bytes("r.csv", &bytes, None);
        import_bytes("r.xlsx", &bytes, None);
    }

    #[test]
    fn csv_soup(pieces in proptest::collection::vec(0..PIECES.len(), 0..120), with_map in any::<bool>()) {
        let text: String = pieces.iter().map(|i| PIECES[*i]).collect();
        import_bytes("soup.csv", text.as_bytes(), with_map.then_some(MAP));
    }

    #[test]
    fn mutated_questionnaires(
        entry in 0usize..16,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
    ) {
        import_bytes("q.xlsx", &mutate(entry, &edits), None);
    }

    #[test]
    fn truncated_questionnaires(cut in 0usize..30_000) {
        let blank = blank();
        import_bytes("t.xlsx", &blank[..cut.min(blank.len())], None);
    }
}
