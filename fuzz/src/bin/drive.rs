//! A stable-Rust fuzz driver: runs one target of `rubricate_fuzz` over
//! random mutations of its corpus for a time budget. It needs no nightly
//! compiler and no libFuzzer, so CI can run it with plain `cargo`; it is
//! blind (no coverage feedback), which `cargo fuzz` adds where it runs.
//!
//! ```text
//! drive TARGET CORPUS-DIR [--seconds N] [--seed N] [--timeout N]
//! ```
//!
//! A panic saves the input as `fuzz/artifacts/TARGET/crash-HASH` and exits
//! with 1; an input that runs longer than `--timeout` seconds (default 10)
//! is saved as `timeout-HASH` and the driver aborts with 1 as well.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Pieces of the three input languages, inserted by the mutator so that
/// mutations reach past the first syntax error.
const TOKENS: &[&str] = &[
    "rubric",
    "scale",
    "stage",
    "pillar",
    "at",
    "indicator",
    "advance",
    "action",
    "scoring",
    "include",
    "met at",
    "weight",
    "title",
    "summary",
    "description",
    "tagline",
    "guidance",
    "cross-cutting",
    "serves",
    "after",
    "impact",
    "effort",
    "default",
    "->",
    "{",
    "}",
    "{\n",
    "}\n",
    "\"",
    "\"\"\"",
    "#",
    "\n",
    " ",
    "  ",
    "\t",
    "\\",
    "\\\"",
    "x",
    "a.b",
    "0",
    "-1",
    "2.5",
    "é",
    "\u{0}",
    "\r\n",
    "\u{feff}",
    "[answers]",
    "[actions]",
    "[respondent]",
    "[organization]",
    "rubric = ",
    "level = ",
    "note = ",
    "\"n/a\"",
    " = ",
    "= ?",
    ":",
    ",",
    "[",
    "]",
    "null",
    "true",
    "2026-02-30",
    "ecommerce",
    "%%answers%%",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One random edit of `input` (another corpus entry may be spliced in).
fn mutate(rng: &mut Rng, input: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    let at = rng.below(input.len() + 1);
    match rng.below(8) {
        0 => input
            .splice(at..at, TOKENS[rng.below(TOKENS.len())].bytes())
            .for_each(drop),
        1 => {
            let end = (at + 1 + rng.below(16)).min(input.len());
            input.drain(at.min(end)..end);
        }
        2 if !input.is_empty() => {
            let i = rng.below(input.len());
            input[i] ^= 1 << rng.below(8);
        }
        3 => input.truncate(at),
        4 => {
            let end = (at + rng.below(64)).min(input.len());
            let copy = input[at.min(end)..end].to_vec();
            let to = rng.below(input.len() + 1);
            input.splice(to..to, copy).for_each(drop);
        }
        5 => {
            let other = &corpus[rng.below(corpus.len())];
            let from = rng.below(other.len() + 1);
            let end = (from + rng.below(256)).min(other.len());
            input
                .splice(at..at, other[from..end].iter().copied())
                .for_each(drop);
        }
        6 => input.insert(at, rng.below(256) as u8),
        _ => input.splice(at..at, "\n".bytes()).for_each(drop),
    }
}

fn target(name: &str) -> Option<fn(&[u8])> {
    Some(match name {
        "rubric" => rubricate_fuzz::rubric,
        "answers" => rubricate_fuzz::answers,
        "pipeline" => rubricate_fuzz::pipeline,
        _ => return None,
    })
}

/// A short stable name for an input (FNV-1a).
fn hash(data: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn save(dir: &Path, kind: &str, data: &[u8]) -> PathBuf {
    let _ = std::fs::create_dir_all(dir);
    let path = dir.join(format!("{kind}-{}", hash(data)));
    let _ = std::fs::write(&path, data);
    path
}

fn read_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let mut corpus: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    corpus
}

struct Options {
    target: String,
    corpus: PathBuf,
    seconds: u64,
    seed: u64,
    timeout: u64,
}

fn options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(target), Some(corpus)) = (args.first(), args.get(1)) else {
        return Err("usage: drive TARGET CORPUS-DIR [--seconds N] [--seed N] [--timeout N]".into());
    };
    let number = |flag: &str, default: u64| -> Result<u64, String> {
        match args.iter().position(|a| a == flag) {
            Some(i) => args
                .get(i + 1)
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{flag} needs a number")),
            None => Ok(default),
        }
    };
    let clock = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64);
    Ok(Options {
        target: target.clone(),
        corpus: PathBuf::from(corpus),
        seconds: number("--seconds", 60)?,
        seed: number("--seed", clock)?.max(1),
        timeout: number("--timeout", 10)?,
    })
}

fn main() {
    let options = options().unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2);
    });
    let Some(run) = target(&options.target) else {
        eprintln!(
            "unknown target `{}` (rubric, answers, pipeline)",
            options.target
        );
        std::process::exit(2);
    };
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts")
        .join(&options.target);
    let corpus = read_corpus(&options.corpus);
    let mut rng = Rng(options.seed);
    let current: Arc<Mutex<Vec<u8>>> = Arc::new(Mutex::new(Vec::new()));
    let started_at = Arc::new(AtomicU64::new(0));
    let clock = Instant::now();
    watchdog(
        &current,
        &started_at,
        clock,
        options.timeout,
        artifacts.clone(),
    );
    std::panic::set_hook(Box::new(|_| {}));
    let budget = Duration::from_secs(options.seconds);
    let mut executions: u64 = 0;
    println!(
        "drive: target {} over {} seeds, {} s, seed {}",
        options.target,
        corpus.len(),
        options.seconds,
        options.seed
    );
    while clock.elapsed() < budget {
        let mut input = corpus[rng.below(corpus.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut input, &corpus);
        }
        input.truncate(256 * 1024);
        if let Ok(mut c) = current.lock() {
            c.clone_from(&input);
        }
        started_at.store(clock.elapsed().as_millis() as u64 + 1, Ordering::SeqCst);
        let outcome = std::panic::catch_unwind(|| run(&input));
        started_at.store(0, Ordering::SeqCst);
        executions += 1;
        if outcome.is_err() {
            let path = save(&artifacts, "crash", &input);
            println!(
                "drive: CRASH after {executions} executions, input saved as {}",
                path.display()
            );
            std::process::exit(1);
        }
    }
    let secs = clock.elapsed().as_secs_f64();
    println!(
        "drive: {} executions in {:.0} s ({:.0}/s), no crash, no timeout",
        executions,
        secs,
        executions as f64 / secs.max(0.001)
    );
    let _ = std::io::stdout().flush();
}

/// Saves the running input and aborts when one input runs too long.
fn watchdog(
    current: &Arc<Mutex<Vec<u8>>>,
    started_at: &Arc<AtomicU64>,
    clock: Instant,
    timeout: u64,
    artifacts: PathBuf,
) {
    let (current, started_at) = (Arc::clone(current), Arc::clone(started_at));
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let start = started_at.load(Ordering::SeqCst);
            let now = clock.elapsed().as_millis() as u64;
            if start != 0 && now.saturating_sub(start) > timeout * 1000 {
                let input = current.lock().map(|c| c.clone()).unwrap_or_default();
                let path = save(&artifacts, "timeout", &input);
                println!(
                    "drive: TIMEOUT (over {timeout} s), input saved as {}",
                    path.display()
                );
                let _ = std::io::stdout().flush();
                std::process::exit(1);
            }
        }
    });
}
