//! The `rubricate` binary: parse the command line, run the command, print
//! diagnostics, exit with 0 (ok), 1 (problems in the user's input) or
//! 2 (usage errors, reported by clap).

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use rubricate::commands;

mod cli;

/// Counts what a theme template allocates while it renders, so a template
/// that keeps doubling a string ends with a clear error instead of
/// exhausting memory (see `rubricate::budget`).
#[global_allocator]
static ALLOCATOR: rubricate::budget::Counting = rubricate::budget::Counting;

fn main() -> ExitCode {
    rubricate::budget::tune();
    let cli = cli::Cli::parse();
    rubricate::diagnostics::set_message_format(match cli.message_format {
        cli::MessageFormatArg::Human => rubricate::diagnostics::MessageFormat::Human,
        cli::MessageFormatArg::Short => rubricate::diagnostics::MessageFormat::Short,
        cli::MessageFormatArg::Json => rubricate::diagnostics::MessageFormat::Json,
        cli::MessageFormatArg::Github => rubricate::diagnostics::MessageFormat::Github,
    });
    rubricate::console::set_quiet(
        cli.quiet || matches!(cli.message_format, cli::MessageFormatArg::Json),
    );
    let color = match cli.color {
        cli::Color::Auto => rubricate::diagnostics::ColorChoice::Auto,
        cli::Color::Always => rubricate::diagnostics::ColorChoice::Always,
        cli::Color::Never => rubricate::diagnostics::ColorChoice::Never,
    };
    let outcome = match cli.command {
        cli::Command::Check { files } => commands::check(&files, color),
        cli::Command::Compile { file, output } => {
            commands::compile(&file, output.as_deref(), color)
        }
        cli::Command::Score {
            rubric,
            answers,
            baseline,
            format,
        } => {
            let format = match format {
                cli::Format::Text => commands::Format::Text,
                cli::Format::Json => commands::Format::Json,
            };
            commands::score(&rubric, &answers, &baseline, format, color)
        }
        cli::Command::Report {
            rubric,
            answers,
            baseline,
            theme,
            brand,
            client_logo,
            narrative,
            appendix,
            output,
            pdf,
            chrome,
        } => commands::report(
            &commands::ReportArgs {
                rubric: &rubric,
                answers: &answers,
                baseline: &baseline,
                theme: theme.as_deref(),
                brand: brand.as_deref(),
                client_logo: client_logo.as_deref(),
                narrative: narrative.as_deref(),
                appendix: match appendix {
                    cli::AppendixArg::Full => rubricate::report::Appendix::Full,
                    cli::AppendixArg::Summary => rubricate::report::Appendix::Summary,
                    cli::AppendixArg::None => rubricate::report::Appendix::None,
                },
                output: &output,
                pdf,
                chrome: chrome.as_deref(),
            },
            color,
        ),
        cli::Command::Build {
            dir,
            pdf,
            chrome,
            gate,
            summary,
            force,
        } => commands::build(
            &commands::BuildArgs {
                dir: &dir,
                pdf,
                chrome: chrome.as_deref(),
                gate: gate_from_flags(&gate),
                summary: summary.as_deref(),
                force,
            },
            color,
        ),
        cli::Command::New { dir } => commands::new(&dir, color),
        cli::Command::Diff {
            paths,
            to,
            rev,
            rubric,
            format,
        } => commands::diff::diff(
            &commands::diff::DiffArgs {
                rubric: &rubric,
                paths: &paths,
                to: &to,
                rev: rev.as_deref(),
                format: match format {
                    cli::DiffFormatArg::Text => commands::diff::DiffFormat::Text,
                    cli::DiffFormatArg::Json => commands::diff::DiffFormat::Json,
                    cli::DiffFormatArg::Markdown => commands::diff::DiffFormat::Markdown,
                },
            },
            color,
        ),
        cli::Command::Export {
            rubric,
            answers,
            baseline,
            output,
        } => commands::export(&rubric, &answers, &baseline, &output, color),
        cli::Command::Theme {
            action: cli::ThemeAction::Eject { name, dir },
        } => commands::theme::eject(&name, &dir, color),
        cli::Command::Watch { dir } => commands::watch(&dir, color),
        cli::Command::Serve { dir, port } => commands::serve(&dir, port, color),
        cli::Command::Init {
            rubric,
            output,
            schema,
            update,
            check,
        } => {
            if update.is_empty() {
                commands::init(&rubric, output.as_deref(), schema.as_deref(), color)
            } else {
                commands::init_update(&rubric, &update, check, color)
            }
        }
        cli::Command::Schema { name } => commands::schema(name.into()),
        cli::Command::Completions { shell } => commands::completions(cli::Cli::command(), shell),
        cli::Command::Man { command } => commands::man(cli::Cli::command(), command.as_deref()),
        cli::Command::Questionnaire {
            rubric,
            output,
            format,
            organization,
            respondent,
            force,
        } => commands::questionnaire(
            &commands::QuestionnaireArgs {
                rubric: &rubric,
                output: &output,
                format: format.map(|f| match f {
                    cli::QuestionnaireFormat::Xlsx => rubricate::questionnaire::Format::Xlsx,
                    cli::QuestionnaireFormat::Html => rubricate::questionnaire::Format::Html,
                }),
                prefill: rubricate::questionnaire::Prefill {
                    organization: organization.as_deref(),
                    respondent: respondent.as_deref(),
                },
                force,
            },
            color,
        ),
        cli::Command::Import {
            files,
            output,
            rubric,
            map,
            organization,
            force,
        } => commands::import(
            &commands::ImportArgs {
                files: &files,
                output: &output,
                rubric: rubric.as_deref(),
                map: map.as_deref(),
                organization: organization.as_deref(),
                force,
            },
            color,
        ),
    };
    ExitCode::from(outcome.code())
}

/// The gate the flags state; a flag not given leaves the project's setting.
fn gate_from_flags(flags: &cli::GateFlags) -> rubricate::gate::Gate {
    use rubricate::gate::{Gate, MinStage};
    let min_stage = (!flags.min_stage.is_empty()).then(|| {
        MinStage::Each(
            flags
                .min_stage
                .iter()
                .map(|s| match s.split_once('=') {
                    Some((pillar, stage)) => (pillar.trim().to_string(), stage.trim().to_string()),
                    None => ("overall".to_string(), s.trim().to_string()),
                })
                .collect(),
        )
    });
    Gate {
        fail_below_target: flags.fail_below_target.then_some(true),
        min_stage,
        min_coverage: flags.min_coverage,
        max_not_applicable: flags.max_not_applicable,
        deny_warnings: flags.deny_warnings.then_some(true),
        no_placeholders: flags.no_placeholders.then_some(true),
    }
}
