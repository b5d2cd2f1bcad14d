//! Debounced watching: one batch per save burst, renames seen, neighbours
//! and reads ignored. Every wait is bounded by a timeout of a few seconds.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rubricate::watch::{DEFAULT_DEBOUNCE, Shutdown, Watcher};

/// Generous bound for "a change is delivered": debounce plus scheduling
/// noise on a loaded 2-core machine.
const DELIVERY: Duration = Duration::from_secs(3);
/// How long to listen to be confident no (second) batch is coming.
const SILENCE: Duration = Duration::from_millis(400);

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    watcher: Watcher,
}

impl Fixture {
    /// A folder with `a.rubric` and `b.txt`, watching only `a.rubric`.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::write(root.join("a.rubric"), "v0").unwrap();
        fs::write(root.join("b.txt"), "other").unwrap();
        let mut watcher = Watcher::new(DEFAULT_DEBOUNCE).unwrap();
        watcher.watch(&[root.join("a.rubric")], &[]).unwrap();
        Fixture {
            _dir: dir,
            root,
            watcher,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn expect_batch(&mut self) -> Vec<PathBuf> {
        self.watcher
            .next_batch(Some(DELIVERY))
            .expect("a batch within the delivery bound")
    }

    fn expect_silence(&mut self) {
        let extra = self.watcher.next_batch(Some(SILENCE));
        assert_eq!(extra, None, "no further batch expected");
    }
}

#[test]
fn a_change_gives_one_batch_with_that_file() {
    let mut fx = Fixture::new();
    let start = Instant::now();
    fs::write(fx.path("a.rubric"), "v1").unwrap();
    assert_eq!(fx.expect_batch(), vec![fx.path("a.rubric")]);
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    fx.expect_silence();
}

#[test]
fn a_burst_of_writes_gives_exactly_one_batch() {
    let mut fx = Fixture::new();
    for i in 0..5 {
        fs::write(fx.path("a.rubric"), format!("v{i}")).unwrap();
        std::thread::sleep(Duration::from_millis(4));
    }
    assert_eq!(fx.expect_batch(), vec![fx.path("a.rubric")]);
    fx.expect_silence();
}

#[test]
fn an_editor_save_by_rename_is_one_batch() {
    let mut fx = Fixture::new();
    let tmp = fx.path(".a.rubric.swp");
    fs::write(&tmp, "saved").unwrap();
    fs::rename(&tmp, fx.path("a.rubric")).unwrap();
    set_mode(&fx.path("a.rubric"));
    assert_eq!(fx.expect_batch(), vec![fx.path("a.rubric")]);
    fx.expect_silence();
    assert_eq!(fs::read_to_string(fx.path("a.rubric")).unwrap(), "saved");
}

#[test]
fn deleting_and_recreating_is_seen() {
    let mut fx = Fixture::new();
    fs::remove_file(fx.path("a.rubric")).unwrap();
    fs::write(fx.path("a.rubric"), "back").unwrap();
    assert_eq!(fx.expect_batch(), vec![fx.path("a.rubric")]);
}

#[test]
fn unrelated_files_and_reads_are_ignored() {
    let mut fx = Fixture::new();
    fs::write(fx.path("b.txt"), "changed").unwrap();
    fs::write(fx.path("c.tmp"), "new").unwrap();
    let _ = fs::read_to_string(fx.path("a.rubric")).unwrap();
    fx.expect_silence();
    fs::write(fx.path("a.rubric"), "v1").unwrap();
    assert_eq!(fx.expect_batch(), vec![fx.path("a.rubric")]);
}

#[test]
fn folders_are_watched_recursively() {
    let mut fx = Fixture::new();
    let deep = fx.path("assets/img");
    fs::create_dir_all(&deep).unwrap();
    fx.watcher
        .watch(&[fx.path("a.rubric")], &[fx.path("assets")])
        .unwrap();
    fs::write(deep.join("logo.svg"), "<svg/>").unwrap();
    let batch = fx.expect_batch();
    assert!(batch.contains(&deep.join("logo.svg")), "{batch:?}");
}

#[test]
fn replacing_the_watched_set_drops_old_files() {
    let mut fx = Fixture::new();
    let relative = fx.path("sub/../b.txt");
    fs::create_dir(fx.path("sub")).unwrap();
    fx.watcher.watch(&[relative], &[]).unwrap();
    fs::write(fx.path("a.rubric"), "v1").unwrap();
    fx.expect_silence();
    fs::write(fx.path("b.txt"), "v1").unwrap();
    assert_eq!(fx.expect_batch(), vec![fx.path("b.txt")]);
}

#[test]
fn batches_are_sorted_and_deduplicated() {
    let mut fx = Fixture::new();
    let files = [fx.path("b.txt"), fx.path("a.rubric")];
    fx.watcher.watch(&files, &[]).unwrap();
    for _ in 0..3 {
        fs::write(fx.path("b.txt"), "x").unwrap();
        fs::write(fx.path("a.rubric"), "x").unwrap();
    }
    assert_eq!(
        fx.expect_batch(),
        vec![fx.path("a.rubric"), fx.path("b.txt")]
    );
}

#[test]
fn shutdown_ends_a_blocked_wait() {
    let mut fx = Fixture::new();
    let shutdown = Shutdown::new();
    fx.watcher.set_shutdown(shutdown.clone());
    let start = Instant::now();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        shutdown.request();
    });
    assert_eq!(fx.watcher.next_batch(None), None);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    stopper.join().unwrap();
}

#[test]
fn a_missing_folder_is_an_error_not_a_panic() {
    let mut fx = Fixture::new();
    let err = fx
        .watcher
        .watch(&[fx.path("nowhere/a.rubric")], &[])
        .unwrap_err();
    assert!(err.to_string().contains("nowhere"), "{err}");
}

/// Consecutive saves each give their own batch, never before the quiet
/// period has passed (that is what the debounce promises). How long a save
/// takes to reach a written report is measured by `cargo bench --bench
/// build` ("watch: save → report written"), not here: timings belong in
/// benchmarks on this shared machine.
#[test]
fn each_save_gives_one_batch_after_the_quiet_period() {
    let mut fx = Fixture::new();
    for i in 0..5 {
        let start = Instant::now();
        fs::write(fx.path("a.rubric"), format!("v{i}")).unwrap();
        assert_eq!(fx.expect_batch(), vec![fx.path("a.rubric")], "save {i}");
        assert!(
            start.elapsed() >= DEFAULT_DEBOUNCE,
            "save {i}: batch after {:?}, before the {DEFAULT_DEBOUNCE:?} debounce",
            start.elapsed()
        );
    }
    fx.expect_silence();
}

#[cfg(unix)]
fn set_mode(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(path: &Path) {
    let perms = fs::metadata(path).unwrap().permissions();
    fs::set_permissions(path, perms).unwrap();
}
