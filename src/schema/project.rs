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
    /// How much appendix: `full`, `summary` or `none`.
    appendix: Option<String>,
    /// What must hold for the build to pass (exit 3 otherwise).
    gate: Option<Gate>,
    /// Spreadsheets beside each report: `csv`, `xlsx`.
    export: Option<Vec<String>>,
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
    /// Overrides the project's appendix setting.
    appendix: Option<String>,
    /// Overrides the project's gate, key by key.
    gate: Option<Gate>,
    /// `"git"`, or a list of earlier rounds, for the trend.
    history: Option<History>,
    /// The assessment's period, e.g. "Q4 2026 review".
    period: Option<String>,
    /// This assessment's rubric, else the project's.
    rubric: Option<String>,
}

/// Gates: what must hold for an assessment to pass.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, rename_all = "kebab-case")]
#[allow(dead_code)]
pub struct Gate {
    fail_below_target: Option<bool>,
    /// A stage id (overall), or a table of `overall` and pillar ids.
    min_stage: Option<MinStage>,
    min_coverage: Option<f64>,
    max_not_applicable: Option<f64>,
    deny_warnings: Option<bool>,
    no_placeholders: Option<bool>,
}

#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub enum MinStage {
    Overall(String),
    Each(std::collections::BTreeMap<String, String>),
}

#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub enum History {
    Git(String),
    Rounds(Vec<Round>),
}

/// An earlier round of the assessment.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub struct Round {
    label: String,
    date: Option<String>,
    answers: OneOrMany,
}

/// One path or glob, or a list of them.
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}
