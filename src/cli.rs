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
    /// Write a ready-to-fill answer file for a rubric.
    Init {
        /// Rubric file, or `builtin:NAME`.
        rubric: String,
        /// Write here instead of standard output (never overwrites).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The answer-file schema named on the first line (`#:schema REF`,
        /// a path relative to the answer file or a URL); by default the
        /// nearest `schemas/answers.schema.json` above the output, else
        /// where a project made by `rubricate new` keeps it.
        #[arg(long, value_name = "REF")]
        schema: Option<String>,
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
}
