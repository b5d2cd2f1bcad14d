//! Build benchmark: the real release binary on synthetic projects, each
//! build set against the disk floor in the same run.
//!
//! `cargo bench --bench build` prints, for the bundled rubric, N = 1, 10,
//! 100, 1,000 and 10,000 assessments: the build's wall time, the **floor**
//! (the same bytes written in-process with mkdir per folder, temp file and
//! rename per file, into a fresh folder: a lower bound for any tool that
//! writes these outputs safely), their ratio, the build's CPU per report
//! (user + system of the child, from `wait4`, the user part alone, and
//! the floor step's own CPU beside it) and its peak memory; then a
//! **no-op rebuild** (the same project built again into the same output).
//! Also: the cold time from process start to one report on disk, `check`
//! of the bundled and of a synthetic large rubric (20 pillars × 8 stages ×
//! 25 indicators), batches of the large rubric, and watch mode's save →
//! report-written latency. Medians of several runs (one at 10,000).
//!
//! Every build writes into a folder name never used before: building
//! straight after `rm -rf` of the previous output is several times slower
//! on ext4 (it skips recently freed inodes), which would measure the file
//! system instead of rubricate. Every timed step (each build, each floor
//! step) starts after a `sync`, so none pays for the writeback of the one
//! before it. The machine is shared and noisy: the load average is
//! printed; read the ratios rather than the absolute numbers.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_rubricate");

/// What one run of the binary cost.
struct Cost {
    wall: Duration,
    /// User + system CPU of the child.
    cpu: Duration,
    /// Its user CPU alone: rubricate's own work, where the system part is
    /// the kernel's (file system and page cache), which moves with the
    /// disk's state.
    user: Duration,
    /// Peak resident memory, KiB.
    peak_kib: u64,
}

/// Readies the machine for a timed step: flushes every pending write to
/// disk, so the step does not pay for the writeback of the one before it
/// (a bench run writes ~4 GB; straight after a run, the next one's first
/// steps otherwise measured the disk flushing the last one's output), and
/// gives freed heap memory back to the system, so a child forked next does
/// not count it in its peak.
fn settle() {
    // SAFETY: sync takes no arguments and cannot fail; malloc_trim only
    // releases free memory of glibc's heap.
    unsafe {
        libc::sync();
        libc::malloc_trim(0);
    }
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// Runs the binary and reaps it with `wait4` (for its own rusage), not
/// `Child::wait`.
///
/// Started with fork + exec, not `posix_spawn`: with a vfork-style spawn
/// the child's peak memory (`ru_maxrss`) starts at this process's own peak
/// (the floor step holds a whole output in memory); after a fork it starts
/// at this process's current size, which [`trim`] keeps small.
#[allow(clippy::zombie_processes)]
fn run(args: &[&str], dir: &Path) -> Cost {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SAFETY: the hook does nothing; it only makes std fork instead of
    // calling posix_spawn.
    unsafe { command.pre_exec(|| Ok(())) };
    let started = Instant::now();
    let child = command.spawn().expect("binary starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own un-reaped child; the pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert_eq!(reaped, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{args:?} failed"
    );
    Cost {
        wall,
        cpu: timeval(usage.ru_utime) + timeval(usage.ru_stime),
        user: timeval(usage.ru_utime),
        peak_kib: usage.ru_maxrss as u64,
    }
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

/// A file of an output folder, read into memory: (folder relative to the
/// output, file name, bytes).
type OutputFile = (PathBuf, String, Vec<u8>);

/// The folders (each before its contents) and files of an output folder.
fn read_tree(root: &Path) -> (Vec<PathBuf>, Vec<OutputFile>) {
    let mut dirs = vec![PathBuf::new()];
    let mut files = Vec::new();
    let mut i = 0;
    while i < dirs.len() {
        let rel = dirs[i].clone();
        let mut entries: Vec<_> = std::fs::read_dir(root.join(&rel))
            .unwrap()
            .map(|e| e.unwrap())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                dirs.push(rel.join(&name));
            } else {
                files.push((rel.clone(), name, std::fs::read(e.path()).unwrap()));
            }
        }
        i += 1;
    }
    (dirs, files)
}

/// The floor: writes the bytes `built` holds into the fresh folder `dest`
/// as any safe writer must (mkdir per folder, then per file a temporary
/// file, its bytes, a rename), in this process, with the bytes already in
/// memory: a lower bound for the build. Returns (wall, CPU of this
/// thread, bytes written).
fn floor(built: &Path, dest: &Path) -> (Duration, Duration, usize) {
    let (dirs, files) = read_tree(built);
    let bytes = files.iter().map(|f| f.2.len()).sum();
    settle();
    let cpu_before = thread_cpu();
    let started = Instant::now();
    for dir in &dirs {
        std::fs::create_dir(dest.join(dir)).unwrap();
    }
    for (dir, name, content) in &files {
        let dir = dest.join(dir);
        let tmp = dir.join(format!(".tmp-{name}"));
        std::fs::write(&tmp, content).unwrap();
        std::fs::rename(&tmp, dir.join(name)).unwrap();
    }
    (started.elapsed(), thread_cpu() - cpu_before, bytes)
}

/// User + system CPU this thread has used so far.
fn thread_cpu() -> Duration {
    // SAFETY: an all-zero rusage is a valid value for getrusage to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is valid; RUSAGE_THREAD reads the calling thread.
    let done = unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) };
    assert_eq!(done, 0, "getrusage failed");
    timeval(usage.ru_utime) + timeval(usage.ru_stime)
}

/// Points `root`'s project file at output folder `output`.
fn set_output(root: &Path, output: &str) {
    let path = root.join("rubricate.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let start = toml.find("output = \"").unwrap();
    let end = start + toml[start..].find('\n').unwrap();
    let fresh = format!("{}output = \"{output}\"{}", &toml[..start], &toml[end..]);
    std::fs::write(path, fresh).unwrap();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Builds `root` `runs` times, each into a fresh output folder (as a clean
/// checkout in CI would), each followed by the floor step on what it
/// wrote; then builds the last output again unchanged (no-op rebuild).
/// Every folder written stays until the end of the bench (see [`main`]).
fn batch(label: &str, root: &Path, n: usize, runs: usize) {
    let (mut walls, mut floors, mut ratios) = (vec![], vec![], vec![]);
    let (mut cpus, mut users, mut floor_cpus) = (vec![], vec![], vec![]);
    let mut peak = 0;
    let mut bytes = 0;
    for run_no in 0..runs {
        let output = format!("site-{run_no}");
        set_output(root, &output);
        settle();
        let cost = run(&["build", "."], root);
        let dest = root.join(format!("floor-{run_no}"));
        let (floor_wall, floor_cpu, written) = floor(&root.join(&output), &dest);
        walls.push(ms(cost.wall));
        floors.push(ms(floor_wall));
        ratios.push(cost.wall.as_secs_f64() / floor_wall.as_secs_f64());
        cpus.push(ms(cost.cpu) / n as f64);
        users.push(ms(cost.user) / n as f64);
        floor_cpus.push(ms(floor_cpu) / n as f64);
        peak = peak.max(cost.peak_kib);
        bytes = written;
    }
    settle();
    let noop = run(&["build", "."], root);
    set_output(root, "site");
    println!(
        "{label:<14} N={n:<6} build {:>8.1} ms  floor {:>7.1} ms  build/floor {:>5.2}×  CPU {:>5.3} ms/report ({:.3} user; floor {:.3})  {:>7.0} reports/s  peak {:>5.1} MB  ({:.1} MB written, {runs} run{})",
        median(walls.clone()),
        median(floors),
        median(ratios),
        median(cpus),
        median(users),
        median(floor_cpus),
        n as f64 / (median(walls) / 1000.0),
        peak as f64 / 1024.0,
        bytes as f64 / 1e6,
        if runs == 1 { "" } else { "s, medians" },
    );
    println!(
        "{:<14} N={n:<6} no-op rebuild (same project built again into the same output): {:.1} ms, CPU {:.3} ms/report",
        "",
        ms(noop.wall),
        ms(noop.cpu) / n as f64
    );
}

fn cold_single(root: &Path) {
    settle();
    let answers = root.join("answers/0000.toml");
    let args = [
        "report",
        "builtin:ecommerce",
        answers.to_str().unwrap(),
        "-o",
    ];
    // A new file name each time: the report is written as in real use.
    let times: Vec<f64> = (0..20)
        .map(|i| {
            let out = root.join(format!("single-{i}.html"));
            let mut all = args.to_vec();
            all.push(out.to_str().unwrap());
            ms(run(&all, root).wall)
        })
        .collect();
    println!(
        "cold single report (process start → report on disk): median {:.1} ms",
        median(times)
    );
}

/// `check` of a rubric, median of `runs`.
fn check(label: &str, rubric: &str, runs: usize) {
    settle();
    let times: Vec<f64> = (0..runs)
        .map(|_| ms(run(&["check", rubric], Path::new(".")).wall))
        .collect();
    println!("check {label}: median {:.1} ms", median(times));
}

/// Starts `watch` on the project, then saves one answer file 20 times and
/// times each save until its report's modification time changes.
fn watch_latency(root: &Path) {
    use std::io::{BufRead, BufReader};
    let _ = std::fs::remove_dir_all(root.join("site"));
    settle();
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

/// Where a run records when it freed its outputs.
const LAST_RUN: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/build-bench-freed-at");

/// How long after freeing gigabytes this disk writes slowly: measured on
/// the CI machine (ext4 mounted with `discard`), 1,000 files of 196 KB
/// took 1.5 s right after a run freed its ~8 GB, 0.26 s a minute later and
/// 0.12–0.17 s from two minutes on, the same as on a fresh machine.
const FREED_SETTLES: Duration = Duration::from_secs(150);

/// Waits until the previous run's freed outputs have settled, so back-to-
/// back runs measure rubricate rather than the disk.
fn wait_for_last_run() {
    let Some(freed_at) = std::fs::read_to_string(LAST_RUN)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
    else {
        return;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let since = now.saturating_sub(Duration::from_secs(freed_at));
    if let Some(left) = FREED_SETTLES.checked_sub(since) {
        println!(
            "waiting {} s: the last run freed its outputs {} s ago, and this disk writes slowly for ~2 minutes after freeing gigabytes",
            left.as_secs(),
            since.as_secs()
        );
        std::thread::sleep(left);
    }
}

/// Runs every step, keeping every output until the end: freeing a step's
/// gigabytes straight away made the steps after it measure the disk (see
/// [`FREED_SETTLES`]). Needs ~9 GB of free space in the temporary folder.
fn main() {
    // `cargo bench` passes --bench; a filter argument is ignored.
    wait_for_last_run();
    let tmp = tempfile::tempdir().unwrap();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "rubricate build benchmark ({} cores, load average {})",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    for n in [1, 10, 100, 1_000, 10_000] {
        let root = project(tmp.path(), "builtin:ecommerce", "ecommerce", n);
        let runs = match n {
            10_000 => 1,
            1_000 => 3,
            _ => 5,
        };
        batch("bundled rubric", &root, n, runs);
        if n == 1 {
            cold_single(&root);
            check("bundled rubric (79 indicators)", "builtin:ecommerce", 20);
        }
        if n == 100 {
            watch_latency(&root);
        }
    }
    let large = tmp.path().join("large.rubric");
    large_rubric(&large);
    check(
        "large rubric (4,000 indicators)",
        large.to_str().unwrap(),
        5,
    );
    for n in [1, 100] {
        let root = project(tmp.path(), large.to_str().unwrap(), "large", n);
        batch("large rubric", &root, n, 3);
    }
    drop(tmp);
    settle();
    let freed_at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let _ = std::fs::write(LAST_RUN, freed_at.as_secs().to_string());
}
