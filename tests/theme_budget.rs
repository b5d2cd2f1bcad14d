//! A theme template that allocates without bound (issue 15, "template
//! memory bomb"): about forty lines of `{% set b = a ~ a %}` run in a few
//! hundred instructions of fuel but would double a string into terabytes.
//! Every command that renders themes (`build`, `report`, `watch`, `serve`)
//! must stop it with a clear error and exit 1, holding at most the render
//! budget, and leave the previous report in place.

#[path = "support/project.rs"]
mod project;

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use project::child_theme;

/// Generous: the stopped build takes well under a second in release.
const DEADLINE: Duration = Duration::from_secs(60);

/// Peak resident memory a stopped run may reach: the budget is 256 MiB
/// per render and the example project renders two reports at once.
const MAX_RSS_KIB: u64 = 1024 * 1024;

/// A theme extending `default` whose `report.html` doubles a 16-byte
/// string 40 times (16 TiB if nothing stopped it), then prints it.
fn bomb_theme(dir: &Path) {
    let mut template = String::from("{% set s0 = \"0123456789abcdef\" %}\n");
    for i in 1..=40 {
        template.push_str(&format!("{{% set s{i} = s{} ~ s{} %}}\n", i - 1, i - 1));
    }
    template.push_str("{{ s40 | length }}\n");
    child_theme(dir, "bomb", "", &[("report.html", &template)]);
}

/// What a bounded run left: exit code (`None`: killed by a signal),
/// stderr and peak RSS in KiB.
struct Run {
    code: Option<i32>,
    stderr: String,
    max_rss_kib: u64,
}

/// Runs `rubricate ARGS` in `dir`, reaped with `wait4` for its own peak
/// RSS, killed at [`DEADLINE`]. A data limit of 3 GiB keeps a regression
/// from exhausting the test machine's memory (it then fails by abort).
#[allow(clippy::zombie_processes)]
fn run(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rubricate"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs in the
    // forked child before exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 3 << 30,
                rlim_max: 3 << 30,
            };
            if libc::setrlimit(libc::RLIMIT_DATA, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("the binary runs");
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = pipe.read_to_end(&mut s);
        s
    });
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own un-reaped child; the pointers are valid.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break;
        }
        assert_eq!(reaped, 0, "wait4 failed");
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`rubricate {}` did not finish in {DEADLINE:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    Run {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stderr,
        max_rss_kib: usage.ru_maxrss as u64,
    }
}

/// The run stopped the template with the budget error, exit 1, bounded.
fn assert_stopped(run: &Run) {
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let stderr = &run.stderr;
    assert!(
        stderr.contains("error[E0411]: the template used more than 256 MiB of memory"),
        "{stderr}"
    );
    assert!(stderr.contains("`report.html` of theme `bomb`"), "{stderr}");
    assert!(stderr.contains("a string or list that grows"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    assert!(
        run.max_rss_kib < MAX_RSS_KIB,
        "peak RSS {} KiB\n{stderr}",
        run.max_rss_kib
    );
}

/// The example project, built once with its own theme, then switched to
/// the bomb theme; returns (guard, project, the Acme report as built).
fn bombed_project() -> (tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let (tmp, project) = project::example_copy();
    let built = run(&project, &["build", "."]);
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    let report = project.join("site/acme-outdoor/report.html");
    let before = std::fs::read(&report).unwrap();
    bomb_theme(&project.join("themes/bomb"));
    let config = std::fs::read_to_string(project.join("rubricate.toml")).unwrap();
    let config = config.replacen("theme = \"default\"", "theme = \"themes/bomb\"", 1);
    assert!(config.contains("themes/bomb"));
    std::fs::write(project.join("rubricate.toml"), config).unwrap();
    (tmp, project, before)
}

#[test]
fn build_stops_a_doubling_template_and_keeps_the_last_report() {
    let (_tmp, project, before) = bombed_project();
    let run = run(&project, &["build", "."]);
    assert_stopped(&run);
    let after = std::fs::read(project.join("site/acme-outdoor/report.html")).unwrap();
    assert!(after == before, "the previous report was changed");
}

#[test]
fn report_stops_a_doubling_template_and_keeps_the_last_report() {
    let tmp = tempfile::tempdir().unwrap();
    bomb_theme(&tmp.path().join("bomb"));
    let output = tmp.path().join("report.html");
    std::fs::write(&output, "the previous report").unwrap();
    let answers =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-outdoor/operations.toml");
    let run = run(
        tmp.path(),
        &[
            "report",
            "builtin:ecommerce",
            answers.to_str().unwrap(),
            "--theme",
            "bomb",
            "-o",
            "report.html",
        ],
    );
    assert_stopped(&run);
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "the previous report"
    );
}

#[test]
fn watch_and_serve_stop_a_doubling_template() {
    let (_tmp, project, before) = bombed_project();
    for args in [&["watch", "."][..], &["serve", ".", "--port", "0"][..]] {
        let run = run(&project, args);
        assert_stopped(&run);
        let after = std::fs::read(project.join("site/acme-outdoor/report.html")).unwrap();
        assert!(after == before, "{args:?} changed the previous report");
    }
}

#[test]
fn machine_formats_carry_the_budget_error() {
    let (_tmp, project, _) = bombed_project();
    let run = run(&project, &["--message-format", "json", "build", "."]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains("256 MiB"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    let json: serde_json::Value = serde_json::from_str(line).expect("one JSON object a line");
    assert_eq!(json["code"], "E0411", "{line}");
}

#[test]
fn a_theme_that_builds_large_strings_within_the_budget_still_builds() {
    let (_tmp, project) = project::example_copy();
    // 16 doublings: a 1 MiB string (2 MiB held at once), far under the
    // budget, then the default report itself.
    let mut template = String::from("{% set s0 = \"0123456789abcdef\" %}\n");
    for i in 1..=16 {
        template.push_str(&format!("{{% set s{i} = s{} ~ s{} %}}\n", i - 1, i - 1));
    }
    template.push_str("<!-- {{ s16 | length }} -->\n{% include \"default/report.html\" %}\n");
    let theme = project.join("themes/big");
    child_theme(&theme, "big", "", &[("report.html", &template)]);
    let config = std::fs::read_to_string(project.join("rubricate.toml")).unwrap();
    let config = config.replacen("theme = \"default\"", "theme = \"themes/big\"", 1);
    std::fs::write(project.join("rubricate.toml"), config).unwrap();
    let run = run(&project, &["build", "."]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = std::fs::read_to_string(project.join("site/acme-outdoor/report.html")).unwrap();
    assert!(html.contains("<!-- 1048576 -->"), "the big theme was used");
}
