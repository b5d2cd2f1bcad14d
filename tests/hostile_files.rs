//! Hostile files and streams: includes and answer files that reach outside
//! their folder or are not files, huge lines, terminal escapes, closed and
//! full outputs, stylesheets that hide loads behind escapes, markdown built
//! to be slow, and temporary files left by a killed build. Each runs the
//! real binary (or the library) with a deadline.

#[path = "support/hostile.rs"]
mod hostile;
#[path = "support/project.rs"]
mod project;

use hostile::{TIMEOUT, run, run_in, run_with_stdin, within};

use std::path::Path;
use std::process::{Command, Stdio};

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A rubric folder holding `main.rubric` (which includes `include`) and,
/// outside it, a file full of secrets that is not a rubric.
fn include_sandbox(include: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("rubric");
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(
        tmp.path().join("secret.txt"),
        "SECRET-LINE-1 ssh-rsa AAAA\nSECRET-LINE-2 hunter2\n",
    )
    .unwrap();
    let main = format!("include \"{include}\"\nrubric r {{\n  title \"R\"\n}}\n");
    std::fs::write(dir.join("main.rubric"), main).unwrap();
    (tmp, dir)
}

#[test]
fn includes_outside_the_rubric_folder_are_refused_unread() {
    let cases = ["../secret.txt", "lib/link.rubric", "ABSOLUTE"];
    for include in cases {
        let (tmp, dir) = include_sandbox("PLACEHOLDER");
        let secret = tmp.path().join("secret.txt");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&secret, dir.join("lib/link.rubric")).unwrap();
        let target = if include == "ABSOLUTE" {
            secret.display().to_string()
        } else {
            include.to_string()
        };
        let main = format!("include \"{target}\"\nrubric r {{\n  title \"R\"\n}}\n");
        std::fs::write(dir.join("main.rubric"), main).unwrap();
        let out = run_in(&dir, &["check", "main.rubric"], None);
        assert_eq!(out.code, Some(1), "{include}: {}", out.stderr);
        assert!(
            out.stderr.contains("error[E0122]"),
            "{include}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("SECRET"), "{include}: {}", out.stderr);
    }
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_not_read() {
    let (_tmp, dir) = include_sandbox("pipe.rubric");
    let fifo = std::ffi::CString::new(dir.join("pipe.rubric").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    let out = run_in(&dir, &["check", "main.rubric"], None);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("named pipe"), "{}", out.stderr);

    let pipe = dir.join("pipe.rubric").display().to_string();
    let out = run(&["check", &pipe]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    // An answer file that is a pipe, a device or standard input.
    for answers in ["/dev/zero", "/dev/stdin"] {
        let out = run_with_stdin(&["score", "builtin:ecommerce", answers], b"rubric = 1\n");
        assert_eq!(out.code, Some(1), "{answers}: {}", out.stderr);
        assert!(
            out.stderr.contains("not a regular file"),
            "{answers}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_huge_answer_file_is_refused_by_size() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.toml");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(rubricate::input::MAX_ANSWER_BYTES + 1)
        .unwrap();
    let out = run(&["score", "builtin:ecommerce", big.to_str().unwrap()]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("larger than 8 MiB"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn answer_files_linking_outside_the_project_are_refused() {
    let (tmp, project) = project::example_copy();
    std::fs::write(tmp.path().join("secret.toml"), "SECRET = 1\n").unwrap();
    // The example's answers live in ../acme-outdoor (named with `../` in
    // rubricate.toml, which stays allowed); a link planted there that
    // leads out of the project is not.
    let answers = tmp.path().join("acme-outdoor");
    let link_dir = project.join("linked");
    std::fs::create_dir_all(&link_dir).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.toml"), link_dir.join("x.toml")).unwrap();
    let toml = std::fs::read_to_string(project.join("rubricate.toml")).unwrap();
    let toml = toml.replacen("answers = [", "answers = [\"linked/*.toml\", ", 1);
    std::fs::write(project.join("rubricate.toml"), toml).unwrap();
    let out = run_in(&project, &["build", "."], None);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("error[E0605]"), "{}", out.stderr);
    assert!(!out.stderr.contains("SECRET"), "{}", out.stderr);
    assert!(answers.exists());
}

#[test]
fn a_megabyte_line_is_shown_as_a_short_excerpt() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("long.rubric");
    let line = format!("rubric r {{ title \"{}\" oops }}\n", "x".repeat(1_000_000));
    std::fs::write(&path, line).unwrap();
    let out = run(&["check", path.to_str().unwrap()]);
    assert_eq!(
        out.code,
        Some(1),
        "{}",
        &out.stderr[..out.stderr.len().min(2000)]
    );
    assert!(
        out.stderr.len() < 4_000,
        "{} bytes of diagnostics",
        out.stderr.len()
    );
    assert!(out.stderr.contains('…'), "{}", out.stderr);
    // The real column is still reported.
    assert!(out.stderr.contains(":1:1000"), "{}", out.stderr);
}

#[test]
fn terminal_escapes_from_answer_files_are_shown_not_obeyed() {
    let answers = manifest().join("tests/hostile/answers");
    for (file, code) in [
        ("escapes.toml", 0),
        ("unknown-key-escape.toml", 1),
        ("raw-escapes.toml", 1),
    ] {
        let path = answers.join(file).display().to_string();
        let out = run(&["score", "builtin:ecommerce", &path]);
        assert_eq!(out.code, Some(code), "{file}: {}", out.stderr);
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !text.contains(['\u{1b}', '\u{7}']),
                "{file}: raw control characters on {stream}:\n{text}"
            );
        }
        let shown = format!("{}{}", out.stdout, out.stderr);
        assert!(shown.contains("\\u{1b}"), "{file}: {shown}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly_and_a_full_disk_is_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(["score", "builtin:ecommerce", "--format", "json"])
        .arg(manifest().join("examples/acme-outdoor/operations.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the scorecard is written (`| head -c0`).
    drop(child.stdout.take());
    let out = within(TIMEOUT, "closed pipe", move || {
        child.wait_with_output().unwrap()
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    if Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_rubricate"))
            .args(["score", "builtin:ecommerce", "--format", "json"])
            .arg(manifest().join("examples/acme-outdoor/operations.toml"))
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("cannot write the output"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn markdown_built_to_be_slow_renders_in_linear_time() {
    for (what, text) in [
        ("- x 12,000", "- ".repeat(12_000)),
        ("> x 100,000", "> ".repeat(100_000)),
        ("* x 100,000", "*a ".repeat(100_000)),
        ("[ x 100,000", "[".repeat(100_000)),
    ] {
        let html = within(TIMEOUT, what, move || {
            rubricate::report::markdown::to_html(&text)
        });
        assert!(html.len() < 1_000_000, "{what}: {} bytes", html.len());
    }
}

#[test]
fn stylesheets_cannot_hide_loads_behind_escapes() {
    let theme = manifest().join("tests/hostile/themes/css-escape");
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("r.html");
    let out = run(&[
        "report",
        "builtin:ecommerce",
        "examples/acme-outdoor/operations.toml",
        "--theme",
        theme.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("error[E0404]"), "{}", out.stderr);
    assert!(out.stderr.contains("url(https://tracker"), "{}", out.stderr);
    assert!(!out_file.exists());
}

#[test]
fn build_removes_temporaries_a_killed_build_left() {
    let (_tmp, project) = project::example_copy();
    let out = run_in(&project, &["build", "."], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let site = project.join("site");
    let report_dir = std::fs::read_dir(&site)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().join("report.html").exists())
        .unwrap()
        .path();
    // What `kill -9` leaves: a temporary of a process that no longer runs.
    let dead = format!("{}999999999-a1b2c3", rubricate::output::TEMP_PREFIX);
    for dir in [&site, &report_dir] {
        std::fs::write(dir.join(&dead), "half a report").unwrap();
    }
    let out = run_in(&project, &["build", "."], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for dir in [&site, &report_dir] {
        assert!(!dir.join(&dead).exists(), "{} left", dir.display());
        let names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.starts_with(".tmp") && !n.starts_with(".rubricate-tmp")),
            "{names:?}"
        );
    }
}
