//! The `rubricate` binary: parse the command line, run the command, print
//! diagnostics, exit with 0 (ok), 1 (problems in the user's input) or
//! 2 (usage errors, reported by clap).

use std::process::ExitCode;

use clap::Parser;

use rubricate::commands;

mod cli;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
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
        cli::Command::Build { dir, pdf, chrome } => {
            commands::build(&dir, pdf, chrome.as_deref(), color)
        }
        cli::Command::New { dir } => commands::new(&dir, color),
        cli::Command::Theme {
            action: cli::ThemeAction::Eject { name, dir },
        } => commands::theme::eject(&name, &dir, color),
        cli::Command::Watch { dir } => commands::watch(&dir, color),
        cli::Command::Serve { dir, port } => commands::serve(&dir, port, color),
        cli::Command::Init {
            rubric,
            output,
            update,
            check,
        } => {
            if update.is_empty() {
                commands::init(&rubric, output.as_deref(), color)
            } else {
                commands::init_update(&rubric, &update, check, color)
            }
        }
        cli::Command::Questionnaire {
            rubric,
            output,
            organization,
            respondent,
            force,
        } => commands::questionnaire(
            &commands::QuestionnaireArgs {
                rubric: &rubric,
                output: &output,
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
