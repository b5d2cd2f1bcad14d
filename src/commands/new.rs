//! `rubricate new DIR`: scaffolds a project (project file, brand file and
//! one answer file to fill) that `rubricate build DIR` builds at once.
//! Never overwrites anything.

use crate::console;
use std::path::Path;

use super::Outcome;
use crate::assessment;
use crate::diagnostics::{ColorChoice, render_all};
use crate::model;
use crate::output::write_new;
use crate::project::FILE_NAME;
use crate::source::SourceMap;

const PROJECT: &str = r#"# A rubricate project: `rubricate build` writes one report per assessment
# into `output`, with a score.json beside each and an index.html.
title = "Maturity assessments"
rubric = "builtin:ecommerce"   # or a path to your own .rubric file
theme = "default"              # `default`, `print`, or a theme folder
brand = "brand.toml"
output = "site"
# pdf = true                   # also print each report to PDF (needs Chromium)

[[assessment]]
id = "my-client"                       # the report's folder under `output`
answers = ["answers/my-client/*.toml"] # one file per respondent; globs allowed
# baseline = ["answers/my-client/2026-q2/*.toml"]  # an earlier round, for progress
# theme = "print"                      # per-assessment overrides
# target = "developing"                # every pillar's target stage
"#;

const BRAND: &str = r##"# Your consultancy's brand, applied on top of any theme.
name = "Your Consultancy"
# logo = "logo.svg"          # PNG, JPEG, GIF, WebP or SVG, embedded in the report
primary = "#1f4e79"          # headings and charts: keep 4.5:1 contrast on white
accent = "#a65a14"
# font = "Source Sans 3, Arial, sans-serif"
# page-size = "A4"           # A4, Letter, A5 or Legal
footer = "Confidential"

[contact]
# email = "hello@example.com"
# web = "https://example.com"
"##;

/// Writes the project's three files into `dir`.
pub fn new(dir: &Path, color: ColorChoice) -> Outcome {
    if dir.join(FILE_NAME).exists() {
        console::errln(&format!(
            "error: `{}` already holds a project; not overwriting it\n  = help: choose an empty folder",
            dir.display()
        ));
        return Outcome::InputErrors;
    }
    let mut sources = SourceMap::new();
    let compiled = model::compile("builtin:ecommerce", &mut sources);
    let Some(rubric) = compiled.rubric else {
        console::err(&render_all(&sources, &compiled.diagnostics, color));
        return Outcome::InputErrors;
    };
    let answers = assessment::template(&rubric);
    let files = [
        (dir.join(FILE_NAME), PROJECT.to_string()),
        (dir.join("brand.toml"), BRAND.to_string()),
        (dir.join("answers/my-client/respondent.toml"), answers),
    ];
    for (path, text) in &files {
        if let Err(e) = write_new(path, text.as_bytes()) {
            console::errln(&format!("error: cannot write `{}`: {e}", path.display()));
            return Outcome::InputErrors;
        }
    }
    console::errln(&format!(
        "created a project in {}:\n  {FILE_NAME}, brand.toml, answers/my-client/respondent.toml\nnext: fill in the answer file, then run `rubricate build {}`",
        dir.display(),
        dir.display()
    ));
    Outcome::Ok
}
