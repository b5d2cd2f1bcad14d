//! Build benchmark: the real release binary on synthetic projects.
//!
//! `cargo bench --bench build` prints, for the bundled rubric and for a
//! synthetic large rubric (20 pillars × 8 stages × 25 indicators):
//! reports/second for N = 1, 100, 1000 assessments, peak memory of each
//! build, the cold time from process start to one report on disk, the time
//! to check the large rubric, and watch mode's save → report-written
//! latency. Medians of several runs; the machine is shared and noisy, so
//! read the numbers as orders of magnitude, not as pass/fail.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_rubricate");

/// Runs the binary; returns (wall time, peak RSS in KiB) of that process.
/// The child is reaped with `wait4` (for its own rusage), not `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run(args: &[&str], dir: &Path) -> (Duration, u64) {
    let started = Instant::now();
    let child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own un-reaped child; the pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert_eq!(reaped, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{args:?} failed"
    );
    (elapsed, usage.ru_maxrss as u64)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// Deterministic pseudo-random levels (no RNG crate needed for a bench).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Indicator ids of a rubric (path or builtin:NAME).
fn indicator_ids(rubric: &str) -> Vec<String> {
    let mut sources = rubricate::source::SourceMap::new();
    let compiled = rubricate::model::compile(rubric, &mut sources);
    let rubric = compiled.rubric.expect("bench rubric compiles");
    rubric.indicator_ids().map(str::to_string).collect()
}

/// A project of `n` one-respondent assessments against `rubric`.
fn project(dir: &Path, rubric: &str, rubric_id: &str, n: usize) -> PathBuf {
    let root = dir.join(format!("{rubric_id}-{n}"));
    std::fs::create_dir_all(root.join("answers")).unwrap();
    let ids = indicator_ids(rubric);
    let mut rng = Lcg(n as u64);
    let mut toml = format!("title = \"bench\"\nrubric = \"{rubric}\"\noutput = \"site\"\n");
    for i in 0..n {
        let mut a = format!(
            "rubric = \"{rubric_id}\"\n[organization]\nname = \"Org {i}\"\n[respondent]\nname = \"Respondent {i}\"\ndate = 2026-11-01\n[answers]\n"
        );
        for id in &ids {
            a.push_str(&format!("\"{id}\" = {}\n", rng.next(4)));
        }
        std::fs::write(root.join(format!("answers/{i:04}.toml")), a).unwrap();
        toml.push_str(&format!(
            "[[assessment]]\nid = \"a{i:04}\"\nanswers = [\"answers/{i:04}.toml\"]\n"
        ));
    }
    std::fs::write(root.join("rubricate.toml"), toml).unwrap();
    root
}

/// The large synthetic rubric: 20 pillars × 8 stages × 25 indicators.
fn large_rubric(path: &Path) {
    let mut s = String::from(
        "rubric large {\n  title \"Large synthetic rubric\"\n  version \"1.0.0\"\n}\n\nscale agreement default {\n  0 \"No\"\n  1 \"Partly\"\n  2 \"Largely\"\n  3 \"Fully\"\n  met at 2\n}\n\n",
    );
    for st in 0..8 {
        s.push_str(&format!("stage s{st} \"Stage {st}\" {{\n  tagline \"the stage {st}\"\n  description \"\"\"\n  What stage {st} looks like, in **markdown**.\n  \"\"\"\n}}\n\n"));
    }
    for p in 0..20 {
        s.push_str(&format!(
            "pillar p{p} \"Pillar {p}\" {{\n  description \"Pillar {p}, one of twenty.\"\n"
        ));
        for st in 0..8 {
            s.push_str(&format!("  at s{st} {{\n"));
            for i in 0..25 {
                s.push_str(&format!("    indicator i{st}x{i} \"Capability {i} of pillar {p} at stage {st} is in place\"\n"));
            }
            s.push_str("  }\n");
        }
        s.push_str("}\n\n");
    }
    std::fs::write(path, s).unwrap();
}

/// Builds `root` `runs` times, each into a fresh output folder (as a clean
/// checkout in CI would; rebuilding into a just-deleted folder measures
/// ext4's inode allocator instead of rubricate).
fn batch(label: &str, root: &Path, n: usize, runs: usize) {
    let mut times = Vec::new();
    let mut peak = 0;
    let toml = std::fs::read_to_string(root.join("rubricate.toml")).unwrap();
    for run_no in 0..runs {
        let fresh = toml.replace("output = \"site\"", &format!("output = \"site-{run_no}\""));
        std::fs::write(root.join("rubricate.toml"), fresh).unwrap();
        let (t, rss) = run(&["build", "."], root);
        times.push(t.as_secs_f64());
        peak = peak.max(rss);
    }
    std::fs::write(root.join("rubricate.toml"), toml).unwrap();
    let t = median(times);
    println!(
        "{label:<16} N={n:<5} {:>8.1} ms  {:>8.0} reports/s  peak {:>6.1} MB",
        t * 1000.0,
        n as f64 / t,
        peak as f64 / 1024.0
    );
}

fn cold_single(root: &Path) {
    let answers = root.join("answers/0000.toml");
    let out = root.join("single.html");
    let args = [
        "report",
        "builtin:ecommerce",
        answers.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let times: Vec<f64> = (0..20)
        .map(|_| {
            let _ = std::fs::remove_file(&out);
            run(&args, root).0.as_secs_f64() * 1000.0
        })
        .collect();
    println!(
        "cold single report (process start → report on disk): median {:.1} ms",
        median(times)
    );
}

fn check_large(path: &Path) {
    let times: Vec<f64> = (0..5)
        .map(|_| {
            run(&["check", path.to_str().unwrap()], Path::new("."))
                .0
                .as_secs_f64()
                * 1000.0
        })
        .collect();
    println!(
        "check large rubric (4,000 indicators): median {:.1} ms",
        median(times)
    );
}

/// Starts `watch` on the project, then saves one answer file 20 times and
/// times each save until its report's modification time changes.
fn watch_latency(root: &Path) {
    use std::io::{BufRead, BufReader};
    let _ = std::fs::remove_dir_all(root.join("site"));
    let mut child = Command::new(BIN)
        .args(["watch", "."])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    for line in lines.by_ref() {
        if line.unwrap_or_default().contains("watching") {
            break;
        }
    }
    std::thread::spawn(move || for _ in lines {});
    let answers = root.join("answers/0007.toml");
    let report = root.join("site/a0007/report.html");
    let original = std::fs::read_to_string(&answers).unwrap();
    let mut samples = Vec::new();
    for i in 0..20 {
        let before = std::fs::metadata(&report)
            .and_then(|m| m.modified())
            .unwrap();
        let text = original.replace("name = \"Org 7\"", &format!("name = \"Org 7 (edit {i})\""));
        let tmp = answers.with_extension("tmp");
        std::fs::write(&tmp, text).unwrap();
        let saved = Instant::now();
        std::fs::rename(&tmp, &answers).unwrap();
        loop {
            let now = std::fs::metadata(&report)
                .and_then(|m| m.modified())
                .unwrap();
            if now != before {
                samples.push(saved.elapsed().as_secs_f64() * 1000.0);
                break;
            }
            assert!(
                saved.elapsed() < Duration::from_secs(10),
                "watch did not rebuild"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    let _ = child.kill();
    let _ = child.wait();
    let mut sorted = samples.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    println!(
        "watch: save → report written: median {:.0} ms, p90 {:.0} ms (20 saves, 80 ms debounce)",
        median(samples),
        sorted[sorted.len() * 9 / 10]
    );
}

fn main() {
    // `cargo bench` passes --bench; a filter argument is ignored.
    let tmp = tempfile::tempdir().unwrap();
    println!(
        "rubricate build benchmark ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for n in [1, 100, 1000] {
        let root = project(tmp.path(), "builtin:ecommerce", "ecommerce", n);
        batch("bundled rubric", &root, n, if n == 1000 { 3 } else { 5 });
        if n == 1 {
            cold_single(&root);
        }
        if n == 100 {
            watch_latency(&root);
        }
    }
    let large = tmp.path().join("large.rubric");
    large_rubric(&large);
    check_large(&large);
    for n in [1, 100] {
        let root = project(tmp.path(), large.to_str().unwrap(), "large", n);
        batch("large rubric", &root, n, 3);
    }
}
