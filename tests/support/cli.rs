//! Running the real binary in a folder, as a user would: colour off, and
//! no GitHub job summary even when the tests run inside a GitHub job.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// `rubricate ARGS` run in `dir`.
pub fn rubricate(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("the binary runs")
}

/// What a run printed on standard error.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
