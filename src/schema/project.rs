//! A mirror of `rubricate.toml` for its JSON Schema only. The project loader
//! deserialises into private types holding `toml::Spanned` values (for
//! located diagnostics), which have no schema of their own; these types
//! restate the file. `schema::tests` checks that their keys are exactly the
//! loader's, and `tests/json_schemas.rs` validates the example projects.

use schemars::JsonSchema;

/// A rubricate project: the rubric, theme, brand and output folder, and the
/// assessments to publish. Paths are relative to this file.
#[derive(JsonSchema)]
#[schemars(title = "rubricate project file (rubricate.toml)", deny_unknown_fields)]
#[allow(dead_code)]
pub struct ProjectFile {
    /// The title of the index page.
    title: Option<String>,
    /// A `.rubric` file, or `builtin:NAME` (default `builtin:ecommerce`).
    rubric: Option<String>,
    /// A bundled theme (`default`, `print`) or a theme folder.
    theme: Option<String>,
    /// A brand file (TOML): name, logo, colours, footer.
    brand: Option<String>,
    /// The folder the site is written to (default `site`).
    output: Option<String>,
    /// Also print every report to PDF (needs Chrome or Chromium).
    pdf: Option<bool>,
    /// The assessments to build, one report each.
    assessment: Option<Vec<AssessmentEntry>>,
}

/// One assessment: one report from its respondents' answer files.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct AssessmentEntry {
    /// Names the report's folder under `output`.
    #[schemars(pattern(r"^[a-z0-9][a-z0-9_-]{0,63}$"))]
    id: String,
    /// The organisation's name on the index page.
    name: Option<String>,
    /// Answer files, one per respondent; globs allowed.
    answers: OneOrMany,
    /// Answer files of an earlier round, to show progress.
    baseline: Option<OneOrMany>,
    /// Overrides the project's theme.
    theme: Option<String>,
    /// Overrides the project's brand file.
    brand: Option<String>,
    /// The client's logo, shown on the cover.
    logo: Option<String>,
    /// Every pillar's target stage.
    target: Option<String>,
    /// The assessor's narrative (markdown).
    narrative: Option<String>,
}

/// One path or glob, or a list of them.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}
