//! One function per subcommand: wires the pipeline stages together and
//! prints. Kept free of domain logic so the library can be tested directly.

use std::io::Write;

pub mod build;
mod check;
mod completions;
pub mod init;
mod new;
pub mod pdf;
pub mod report;
mod schema;
mod score;
mod watch;

pub use build::build;
pub use check::{check, compile};
pub use completions::{completions, man};
pub use init::init;
pub use new::new;
pub use report::{ReportArgs, report};
pub use schema::schema;
pub use score::{Format, score, scorecard};
pub use watch::{serve, watch};

/// How a command ended, mapped to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Problems in the user's input (rubric, answers, theme).
    InputErrors,
    /// Bad flags or arguments.
    Usage,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Ok => 0,
            Outcome::InputErrors => 1,
            Outcome::Usage => 2,
        }
    }
}

/// Writes `bytes` to standard output. A closed pipe (`… | head`) is not an
/// error worth a message; other write errors are reported.
pub(crate) fn print_stdout(bytes: &[u8]) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Outcome::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Ok,
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            Outcome::InputErrors
        }
    }
}
