//! Command-line interface types (clap). No logic lives here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Compile maturity rubrics into branded assessment reports.
///
/// `--version` names the git commit the binary was built from when the
/// build knew it (see `build.rs`), so a report can be traced to its source.
#[derive(Debug, Parser)]
#[command(name = "rubricate", version = env!("RUBRICATE_VERSION"), about, long_about = None)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,

    /// How to print diagnostics: `human` (snippets), `short` (one line
    /// each), `json` (JSON Lines) or `github` (workflow commands).
    #[arg(long, value_enum, default_value_t = MessageFormatArg::Human, global = true)]
    pub message_format: MessageFormatArg,

    /// Print only diagnostics: no progress or summary lines (for CI logs).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MessageFormatArg {
    Human,
    Short,
    Json,
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormatArg {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AppendixArg {
    Full,
    Summary,
    None,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The JSON Schemas `rubricate schema` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaName {
    /// score.json (`build`, `score --format json`).
    Score,
    /// The compiled rubric (`compile`).
    Rubric,
    /// Answer files (TOML or JSON).
    Answers,
    /// rubricate.toml.
    Project,
}

impl From<SchemaName> for rubricate::schema::Name {
    fn from(name: SchemaName) -> Self {
        match name {
            SchemaName::Score => Self::Score,
            SchemaName::Rubric => Self::Rubric,
            SchemaName::Answers => Self::Answers,
            SchemaName::Project => Self::Project,
        }
    }
}

/// What `questionnaire` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum QuestionnaireFormat {
    /// A workbook for Excel, LibreOffice or Google Sheets (`import` reads it back).
    Xlsx,
    /// One offline web page that downloads the answer file itself.
    Html,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check rubric files and report every problem (exit 1 on errors).
    Check {
        /// Rubric files, or `builtin:NAME` for a bundled rubric.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Score answer files against a rubric: stages, gaps, roadmap.
    Score {
        /// Rubric file, or `builtin:NAME`.
        rubric: String,
        /// Answer files (TOML or JSON), one per respondent.
        #[arg(required = true)]
        answers: Vec<String>,
        /// Answer files of an earlier assessment, to show progress.
        #[arg(long, num_args = 1..)]
        baseline: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Render a self-contained HTML report (CSS, charts and logos inlined).
    Report {
        /// Rubric file, or `builtin:NAME`.
        rubric: String,
        /// Answer files (TOML or JSON), one per respondent.
        #[arg(required = true)]
        answers: Vec<String>,
        /// Answer files of an earlier assessment, to show progress.
        #[arg(long, num_args = 1..)]
        baseline: Vec<String>,
        /// A bundled theme (`default`, `print`) or a theme folder.
        #[arg(long)]
        theme: Option<String>,
        /// Brand file (TOML): consultancy name, logo, colours, footer.
        #[arg(long)]
        brand: Option<PathBuf>,
        /// The client's logo, embedded on the cover.
        #[arg(long)]
        client_logo: Option<PathBuf>,
        /// The assessor's narrative (markdown): executive summary, key
        /// findings, recommendations, a `## Pillar` section per pillar.
        #[arg(long)]
        narrative: Option<PathBuf>,
        /// How much appendix: the full rubric, a summary (methodology and
        /// coverage) or none.
        #[arg(long, value_enum, default_value_t = AppendixArg::Full)]
        appendix: AppendixArg,
        /// Where to write the report.
        #[arg(short, long, default_value = "report.html")]
        output: PathBuf,
        /// Also print the report to PDF beside it (needs Chrome/Chromium).
        #[arg(long)]
        pdf: bool,
        /// The browser to print PDFs with (else RUBRICATE_CHROME, then PATH).
        #[arg(long)]
        chrome: Option<PathBuf>,
    },
    /// Build every report of a project (rubricate.toml), its score.json
    /// files and an index.html.
    Build {
        /// The project folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Also print every report to PDF (as `pdf = true` in rubricate.toml).
        #[arg(long)]
        pdf: bool,
        /// The browser to print PDFs with (else RUBRICATE_CHROME, then PATH).
        #[arg(long)]
        chrome: Option<PathBuf>,
        #[command(flatten)]
        gate: GateFlags,
        /// Append a markdown job summary to FILE (default: the file
        /// GITHUB_STEP_SUMMARY names, when set).
        #[arg(long, value_name = "FILE")]
        summary: Option<PathBuf>,
        /// Rebuild every report, even those whose inputs have not changed
        /// since the last build (see OUTPUT/.rubricate-cache.json).
        #[arg(long)]
        force: bool,
    },
    /// Build a project, then rebuild on every save (Ctrl-C to stop).
    Watch {
        /// The project folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Watch a project and serve its output on 127.0.0.1 with live reload.
    Serve {
        /// The project folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 3000)]
        port: u16,
    },
    /// Scaffold a project: rubricate.toml, a brand file, one answer file.
    New {
        /// The folder to create the project in.
        dir: PathBuf,
    },
    /// Write a ready-to-fill answer file for a rubric, or bring existing
    /// ones up to it (`--update`).
    Init {
        /// Rubric file, or `builtin:NAME`.
        rubric: String,
        /// Write here instead of standard output (never overwrites).
        #[arg(short, long, conflicts_with = "update")]
        output: Option<PathBuf>,
        /// The answer-file schema named on the first line (`#:schema REF`,
        /// a path relative to the answer file or a URL); by default the
        /// nearest `schemas/answers.schema.json` above the output, else
        /// where a project made by `rubricate new` keeps it.
        #[arg(long, value_name = "REF")]
        schema: Option<String>,
        /// Bring these TOML answer files up to the rubric: renamed ids
        /// rewritten, retired answers commented out, prompts for new
        /// indicators added; comments and layout kept.
        #[arg(long, num_args = 1.., value_name = "ANSWERS")]
        update: Vec<String>,
        /// With --update: write nothing, exit 1 when an update is due.
        #[arg(long, requires = "update")]
        check: bool,
    },
    /// Write a questionnaire for one respondent: a spreadsheet (xlsx) for
    /// Excel, LibreOffice or Google Sheets, or an offline web form (html).
    Questionnaire {
        /// Rubric file, or `builtin:NAME`.
        rubric: String,
        /// The file to write (.xlsx or .html).
        #[arg(short, long)]
        output: PathBuf,
        /// xlsx or html; by default from the output's extension (else xlsx).
        #[arg(long, value_enum)]
        format: Option<QuestionnaireFormat>,
        /// The organisation assessed, filled in for the respondent.
        #[arg(long)]
        organization: Option<String>,
        /// The respondent's name, filled in.
        #[arg(long)]
        respondent: Option<String>,
        /// Replace an existing file (it may hold someone's answers).
        #[arg(long)]
        force: bool,
    },
    /// Turn filled questionnaires and survey exports (xlsx, CSV) into
    /// answer files, one per respondent.
    Import {
        /// Filled questionnaires (.xlsx) and survey exports (.csv, .xlsx).
        #[arg(required = true)]
        files: Vec<String>,
        /// The folder to write answer files to.
        #[arg(short, long)]
        output: PathBuf,
        /// The rubric answered (required for survey exports; a
        /// questionnaire of a bundled rubric names its own).
        #[arg(long)]
        rubric: Option<String>,
        /// A map file (TOML) saying what survey columns and answers mean.
        #[arg(long)]
        map: Option<PathBuf>,
        /// The organisation of respondents whose file names none.
        #[arg(long)]
        organization: Option<String>,
        /// Replace existing answer files.
        #[arg(long)]
        force: bool,
    },
    /// Print the validated rubric as stable JSON.
    Compile {
        /// Rubric file, or `builtin:NAME`.
        file: String,
        /// Write the JSON here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of a file rubricate reads or writes.
    Schema {
        /// Which file's schema.
        #[arg(value_enum)]
        name: SchemaName,
    },
    /// Print a shell completion script (e.g. `rubricate completions bash`).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of rubricate or of one of its commands.
    Man {
        /// A command to print the page of (`rubricate man build`).
        command: Option<String>,
    },
    /// Theme authoring: `theme eject NAME DIR` copies a bundled theme out
    /// to start your own.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
    /// Export the scores, gaps and roadmap for spreadsheets: an XLSX
    /// workbook (`-o FILE.xlsx`) or CSV files in a folder (`-o DIR`).
    Export {
        /// Rubric file, or `builtin:NAME`.
        rubric: String,
        /// Answer files (TOML or JSON), one per respondent.
        #[arg(required = true)]
        answers: Vec<String>,
        /// Answer files of an earlier assessment.
        #[arg(long, num_args = 1..)]
        baseline: Vec<String>,
        /// `FILE.xlsx` for a workbook, else a folder for CSV files.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Compare two assessments: `diff BEFORE... --to AFTER...`, or the same
    /// paths at two git revisions: `diff --rev v2026-q2..HEAD clients/acme/`.
    Diff {
        /// Answer files or folders (before, or at both revisions).
        #[arg(required = true)]
        paths: Vec<String>,
        /// The answer files or folders to compare with.
        #[arg(long, num_args = 1..)]
        to: Vec<String>,
        /// Two git revisions `A..B` (`A..` for the working tree).
        #[arg(long, value_name = "A..B")]
        rev: Option<String>,
        /// Rubric file, or `builtin:NAME`.
        #[arg(long, default_value = "builtin:ecommerce")]
        rubric: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormatArg::Text)]
        format: DiffFormatArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum ThemeAction {
    /// Copy a bundled theme's files into DIR (never overwrites).
    Eject {
        /// A bundled theme: `default` or `print`.
        name: String,
        /// Where to put the theme's files.
        dir: PathBuf,
    },
}

/// Gate flags (they override `[gate]` in rubricate.toml); a failed gate
/// exits with code 3.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GateFlags {
    /// Fail when a pillar has not reached its target stage.
    #[arg(long)]
    pub fail_below_target: bool,
    /// Fail below this stage: `STAGE` for the overall stage, or
    /// `PILLAR=STAGE` (repeatable).
    #[arg(long, value_name = "[PILLAR=]STAGE")]
    pub min_stage: Vec<String>,
    /// Fail when a pillar's share of answered indicators is below this (0–1).
    #[arg(long, value_name = "SHARE")]
    pub min_coverage: Option<f64>,
    /// Fail when a pillar's share of n/a answers is above this (0–1).
    #[arg(long, value_name = "SHARE")]
    pub max_not_applicable: Option<f64>,
    /// Fail on any warning.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Fail when an answer file still holds the template's placeholders or
    /// answers nothing.
    #[arg(long)]
    pub no_placeholders: bool,
}
