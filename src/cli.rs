//! Command-line interface types (clap). No logic lives here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Compile maturity rubrics into branded assessment reports.
#[derive(Debug, Parser)]
#[command(name = "rubricate", version, about, long_about = None)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,

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
        /// Bring these TOML answer files up to the rubric: renamed ids
        /// rewritten, retired answers commented out, prompts for new
        /// indicators added; comments and layout kept.
        #[arg(long, num_args = 1.., value_name = "ANSWERS")]
        update: Vec<String>,
        /// With --update: write nothing, exit 1 when an update is due.
        #[arg(long, requires = "update")]
        check: bool,
    },
    /// Write a spreadsheet questionnaire (xlsx) for one respondent to fill
    /// in with Excel, LibreOffice or Google Sheets.
    Questionnaire {
        /// Rubric file, or `builtin:NAME`.
        rubric: String,
        /// The workbook to write (.xlsx).
        #[arg(short, long)]
        output: PathBuf,
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
    /// Theme authoring: `theme eject NAME DIR` copies a bundled theme out
    /// to start your own.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
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
