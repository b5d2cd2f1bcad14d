//! One function per subcommand: wires the pipeline stages together and
//! prints. Kept free of domain logic so the library can be tested directly.

use std::io::Write;

pub mod build;
mod check;
mod completions;
pub mod diff;
mod export;
pub mod import;
pub mod init;
mod new;
pub mod pdf;
pub mod questionnaire;
pub mod report;
mod schema;
mod score;
mod summary;
pub mod theme;
mod watch;

pub use build::{BuildArgs, build};
pub use check::{check, compile};
pub use completions::{completions, man};
pub use export::export;
pub use import::{ImportArgs, import};
pub use init::{init, update as init_update};
pub use new::new;
pub use questionnaire::{QuestionnaireArgs, questionnaire};
pub use report::{ReportArgs, report};
pub use schema::schema;
pub use score::{Format, score, scorecard};
pub use watch::{serve, watch};

/// Writes a command's result to standard output. A reader that went away
/// (`| head -c1`) ends the run quietly with 0, as other Unix tools do; any
/// other failure (a full disk) is an error with exit 1, never a panic.
pub(crate) fn print_out(text: &str) -> Outcome {
    print_bytes(text.as_bytes())
}

/// [`print_out`] for bytes that need not be UTF-8 (a man page).
pub(crate) fn print_bytes(bytes: &[u8]) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Outcome::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Ok,
        Err(e) => {
            crate::console::errln(&format!("error: cannot write the output: {e}"));
            Outcome::InputErrors
        }
    }
}

/// How a command ended, mapped to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Problems in the user's input (rubric, answers, theme).
    InputErrors,
    /// Bad flags or arguments.
    Usage,
    /// Everything built, but a gate failed (`[gate]`, `--fail-below-target`, …).
    GateFailed,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Ok => 0,
            Outcome::InputErrors => 1,
            Outcome::Usage => 2,
            Outcome::GateFailed => 3,
        }
    }
}
