//! The example assessment (`examples/acme-outdoor`) the CLI, report and PDF
//! tests run on, and the one way they run the binary.

// Each test binary includes this file and uses a different subset of it.
#![allow(dead_code)]

use std::process::{Command, Output};

/// The four respondents of the Q4 2026 round.
pub const CURRENT: [&str; 4] = [
    "examples/acme-outdoor/customer-service.toml",
    "examples/acme-outdoor/marketing.toml",
    "examples/acme-outdoor/operations.toml",
    "examples/acme-outdoor/technology.toml",
];

/// The same four in the Q2 baseline round.
pub const BASELINE: [&str; 4] = [
    "examples/acme-outdoor/baseline/customer-service.toml",
    "examples/acme-outdoor/baseline/marketing.toml",
    "examples/acme-outdoor/baseline/operations.toml",
    "examples/acme-outdoor/baseline/technology.toml",
];

/// Runs the real binary from the repository root, colours off.
pub fn rubricate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// Copies `examples/northwind-consulting` (without its built site) and
/// `examples/acme-outdoor`, whose files it reads, into `dir`; returns the
/// project's folder.
pub fn copy_northwind(dir: &std::path::Path) -> std::path::PathBuf {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for name in ["northwind-consulting", "acme-outdoor"] {
        copy_dir(&examples.join(name), &dir.join(name));
    }
    let project = dir.join("northwind-consulting");
    let _ = std::fs::remove_dir_all(project.join("site"));
    project
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
