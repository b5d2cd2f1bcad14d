//! `rubricate new DIR`: scaffolds a project (project file, brand file, one
//! answer file to fill, and the JSON Schemas of the project and answer
//! files that their `#:schema` first lines name, so editors check them as
//! they are typed) that `rubricate build DIR` builds at once. Never
//! overwrites anything.

use crate::console;
use std::path::Path;

use super::Outcome;
use crate::assessment;
use crate::diagnostics::{ColorChoice, render_all};
use crate::model;
use crate::output::write_new;
use crate::project::FILE_NAME;
use crate::schema::{self, Name};
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
    let files = [
        (
            dir.join(FILE_NAME),
            with_schema(
                &format!("./{}/{}", schema::FOLDER, Name::Project.file_name()),
                PROJECT,
            ),
        ),
        (dir.join("brand.toml"), BRAND.to_string()),
        (
            dir.join("answers/my-client/respondent.toml"),
            with_schema(
                schema::ANSWERS_FROM_PROJECT_ANSWERS,
                &assessment::template(&rubric),
            ),
        ),
        (
            dir.join(schema::FOLDER).join(Name::Project.file_name()),
            schema::render(Name::Project),
        ),
        (
            dir.join(schema::FOLDER).join(Name::Answers.file_name()),
            schema::render(Name::Answers),
        ),
    ];
    for (path, text) in &files {
        if let Err(e) = write_new(path, text.as_bytes()) {
            console::errln(&format!("error: cannot write `{}`: {e}", path.display()));
            return Outcome::InputErrors;
        }
    }
    console::errln(&format!(
        "created a project in {}:\n  {FILE_NAME}, brand.toml, answers/my-client/respondent.toml, schemas/\nnext: fill in the answer file, then run `rubricate build {}`",
        dir.display(),
        dir.display()
    ));
    Outcome::Ok
}

/// `text` led by its `#:schema` line (the references here are constants,
/// so the directive always exists).
fn with_schema(reference: &str, text: &str) -> String {
    let directive = schema::directive(reference).unwrap_or_default();
    format!("{directive}{text}")
}
