//! The fingerprint cache through the real binary: on a project of three
//! assessments that share some inputs and not others, changing one input
//! rebuilds exactly the reports that depend on it, for each kind of input
//! (rubric and include, theme template, stylesheet and `theme.toml`, brand
//! file, logo and font, client logo, answer, baseline, narrative and history
//! files, an assessment's settings, project settings, the binary). Also: a
//! build without changes writes nothing, `--force` rebuilds everything, a
//! deleted or altered output is rebuilt, a corrupt cache means a full
//! rebuild without an error, and the outputs are byte-identical with and
//! without the cache.
//!
//! Which reports were rebuilt is read from the per-report lines `build`
//! prints when stderr is not a terminal (`  ID: up to date (…)` for a
//! report taken from the cache).

#[path = "support/cli.rs"]
mod cli;
use cli::{rubricate, stderr};

#[path = "support/running.rs"]
mod running;

#[path = "support/project.rs"]
mod project;
use project::files_below;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const IDS: [&str; 3] = ["alpha", "beta", "gamma"];

/// Builds and returns the ids of the reports that were built (not taken
/// from the cache); the build must succeed without warnings.
fn build(dir: &Path, args: &[&str]) -> BTreeSet<String> {
    let mut all = vec!["build", "."];
    all.extend(args);
    let out = rubricate(&all, dir);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains(", 0 warnings,"), "{text}");
    let mut rebuilt = BTreeSet::new();
    let mut seen = 0;
    for line in text.lines() {
        let Some((id, status)) = line.strip_prefix("  ").and_then(|l| l.split_once(": ")) else {
            continue;
        };
        seen += 1;
        if !status.starts_with("up to date") {
            rebuilt.insert(id.to_string());
        }
    }
    assert_eq!(seen, IDS.len(), "one line per report: {text}");
    rebuilt
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn answers(org: &str, who: &str, date: &str, levels: [u8; 4]) -> String {
    format!(
        "rubric = \"small@0.1\"\n\n[organization]\nname = \"{org}\"\n\n[respondent]\nname = \"{who}\"\ndate = {date}\n\n[answers]\n\"ops.counted\" = {}\n\"ops.automated\" = {}\n\"people.roles\" = {}\n\"people.training\" = {}\n",
        levels[0], levels[1], levels[2], levels[3]
    )
}

const PROJECT: &str = r#"title = "Fingerprints"
rubric = "model/with-include.rubric"
theme = "mytheme"
brand = "brand/brand.toml"
appendix = "summary"
output = "site"

# The project's rubric, theme and brand; its own appendix and client logo;
# an answer file shared with beta; a baseline and a narrative.
[[assessment]]
id = "alpha"
answers = ["answers/alpha.toml", "answers/shared.toml"]
baseline = ["answers/alpha-q2.toml"]
narrative = "narratives/alpha.md"
logo = "brand/client.svg"
appendix = "full"

# The project's rubric and brand, the bundled theme, listed history rounds.
[[assessment]]
id = "beta"
name = "Beta"
answers = ["answers/beta.toml", "answers/shared.toml"]
theme = "default"
history = [{ label = "Q2", answers = ["answers/beta-q2.toml"] }]

# The bundled rubric, another brand, the project's theme.
[[assessment]]
id = "gamma"
rubric = "builtin:ecommerce"
answers = ["answers/gamma/*.toml"]
brand = "brand/other.toml"
"#;

/// A project exercising every kind of input: (temp dir guard, folder).
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("project");
    let w = |rel: &str, text: &str| {
        let path = p.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    w("rubricate.toml", PROJECT);
    copy(
        &repo("tests/rubrics/ok/with-include.rubric"),
        &p.join("model/with-include.rubric"),
    );
    copy(
        &repo("tests/rubrics/ok/lib/shared-pillars.rubric"),
        &p.join("model/lib/shared-pillars.rubric"),
    );
    for file in ["theme.toml", "cover.html", "style.css"] {
        copy(
            &repo(&format!("themes/print/{file}")),
            &p.join(format!("mytheme/{file}")),
        );
    }
    let manifest = std::fs::read_to_string(p.join("mytheme/theme.toml")).unwrap();
    w(
        "mytheme/theme.toml",
        &manifest.replace("name = \"print\"", "name = \"mine\""),
    );
    let brand = repo("examples/northwind-consulting/brand");
    copy(&brand.join("northwind.toml"), &p.join("brand/brand.toml"));
    copy(&brand.join("logo.svg"), &p.join("brand/logo.svg"));
    copy(&brand.join("logo.svg"), &p.join("brand/client.svg"));
    for font in ["OpenSans-Regular-latin.woff2", "OpenSans-Bold-latin.woff2"] {
        copy(
            &brand.join(format!("fonts/{font}")),
            &p.join(format!("brand/fonts/{font}")),
        );
    }
    w(
        "brand/other.toml",
        "name = \"Other Partners\"\nprimary = \"#123456\"\n",
    );
    w(
        "answers/alpha.toml",
        &answers("Small Co", "Ann", "2026-11-02", [1, 2, 1, 0]),
    );
    w(
        "answers/shared.toml",
        &answers("Small Co", "Sam", "2026-11-03", [1, 1, 2, 1]),
    );
    w(
        "answers/alpha-q2.toml",
        &answers("Small Co", "Ann", "2026-05-02", [0, 0, 1, 0]),
    );
    w(
        "answers/beta.toml",
        &answers("Small Co", "Bo", "2026-11-04", [2, 2, 2, 1]),
    );
    w(
        "answers/beta-q2.toml",
        &answers("Small Co", "Bo", "2026-05-04", [1, 0, 1, 0]),
    );
    let gamma = repo("examples/northwind-consulting/clients/blue-harbour");
    for entry in std::fs::read_dir(&gamma).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            copy(
                &path,
                &p.join("answers/gamma").join(path.file_name().unwrap()),
            );
        }
    }
    w(
        "narratives/alpha.md",
        "# Small Co\n\nA careful start: counting works, automation does not yet.\n",
    );
    (tmp, p)
}

/// Replaces `old` (which must be there) with `new` in the project's `rel`.
fn edit(project: &Path, rel: &str, old: &str, new: &str) {
    let path = project.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(old), "`{old}` in {rel}");
    std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
}

fn append(project: &Path, rel: &str, bytes: &[u8]) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(project.join(rel))
        .unwrap();
    file.write_all(bytes).unwrap();
}

/// A built fixture, checked to be fully cached on a second build.
fn built_fixture() -> (tempfile::TempDir, PathBuf) {
    let (tmp, project) = fixture();
    assert_eq!(build(&project, &[]), set(&IDS));
    assert_eq!(build(&project, &[]), set(&[]), "nothing changed");
    (tmp, project)
}

/// Applies `change` to a built fixture and checks that exactly `expected`
/// are rebuilt, then that the next build is a no-op again.
fn rebuilds(what: &str, change: impl Fn(&Path), expected: &[&str]) {
    let (_tmp, project) = built_fixture();
    change(&project);
    assert_eq!(
        build(&project, &[]),
        set(expected),
        "after a change of {what}"
    );
    assert_eq!(build(&project, &[]), set(&[]), "{what}: then up to date");
}

#[test]
fn the_rubric_file_and_its_include() {
    rebuilds(
        "the rubric file",
        |p| {
            edit(
                p,
                "model/with-include.rubric",
                "\"the goal\"",
                "\"the aim\"",
            )
        },
        &["alpha", "beta"],
    );
    rebuilds(
        "an included rubric file",
        |p| {
            edit(
                p,
                "model/lib/shared-pillars.rubric",
                "Who does the work",
                "Who works",
            )
        },
        &["alpha", "beta"],
    );
}

#[test]
fn the_theme_template_stylesheet_and_manifest() {
    rebuilds(
        "a theme template",
        |p| {
            edit(
                p,
                "mytheme/cover.html",
                "Maturity assessment",
                "Maturity review",
            )
        },
        &["alpha", "gamma"],
    );
    rebuilds(
        "a theme stylesheet",
        |p| {
            append(
                p,
                "mytheme/style.css",
                b"\n.cover { letter-spacing: 0.01em; }\n",
            )
        },
        &["alpha", "gamma"],
    );
    rebuilds(
        "theme.toml",
        |p| {
            edit(
                p,
                "mytheme/theme.toml",
                "page-margin = \"22mm\"",
                "page-margin = \"20mm\"",
            )
        },
        &["alpha", "gamma"],
    );
}

#[test]
fn the_brand_file_its_logo_and_font_and_the_client_logo() {
    rebuilds(
        "the brand file",
        |p| edit(p, "brand/brand.toml", "Confidential", "Private"),
        &["alpha", "beta"],
    );
    rebuilds(
        "the brand's logo",
        |p| append(p, "brand/logo.svg", b"<!-- v2 -->\n"),
        &["alpha", "beta"],
    );
    rebuilds(
        "a brand font",
        |p| append(p, "brand/fonts/OpenSans-Bold-latin.woff2", b"\0"),
        &["alpha", "beta"],
    );
    rebuilds(
        "the other brand",
        |p| edit(p, "brand/other.toml", "#123456", "#123457"),
        &["gamma"],
    );
    rebuilds(
        "the client logo",
        |p| append(p, "brand/client.svg", b"<!-- v2 -->\n"),
        &["alpha"],
    );
}

#[test]
fn answer_baseline_narrative_and_history_files() {
    rebuilds(
        "an answer file of one assessment",
        |p| {
            edit(
                p,
                "answers/beta.toml",
                "\"ops.counted\" = 2",
                "\"ops.counted\" = 1",
            )
        },
        &["beta"],
    );
    rebuilds(
        "an answer file two assessments share",
        |p| {
            edit(
                p,
                "answers/shared.toml",
                "name = \"Sam\"",
                "name = \"Sam R.\"",
            )
        },
        &["alpha", "beta"],
    );
    rebuilds(
        "an answer file of the bundled rubric's assessment",
        |p| append(p, "answers/gamma/ops.toml", b"\n# reviewed\n"),
        &["gamma"],
    );
    rebuilds(
        "the baseline",
        |p| {
            edit(
                p,
                "answers/alpha-q2.toml",
                "\"ops.counted\" = 0",
                "\"ops.counted\" = 1",
            )
        },
        &["alpha"],
    );
    rebuilds(
        "the narrative",
        |p| append(p, "narratives/alpha.md", b"\nA second paragraph.\n"),
        &["alpha"],
    );
    rebuilds(
        "a listed history round",
        |p| {
            edit(
                p,
                "answers/beta-q2.toml",
                "\"ops.counted\" = 1",
                "\"ops.counted\" = 2",
            )
        },
        &["beta"],
    );
}

#[test]
fn assessment_and_project_settings() {
    rebuilds(
        "one assessment's settings",
        |p| {
            edit(
                p,
                "rubricate.toml",
                "theme = \"default\"\n",
                "theme = \"default\"\ntarget = \"high\"\n",
            )
        },
        &["beta"],
    );
    rebuilds(
        "a project setting that assessments override",
        |p| {
            edit(
                p,
                "rubricate.toml",
                "appendix = \"summary\"",
                "appendix = \"none\"",
            )
        },
        &["beta", "gamma"],
    );
    rebuilds(
        "a project setting every report depends on",
        |p| {
            edit(
                p,
                "rubricate.toml",
                "output = \"site\"",
                "output = \"site\"\nexport = [\"csv\"]",
            )
        },
        &["alpha", "beta", "gamma"],
    );
    rebuilds(
        "the project's gate",
        |p| {
            edit(
                p,
                "rubricate.toml",
                "output = \"site\"",
                "output = \"site\"\n[gate]\nmin-coverage = 0.1",
            )
        },
        &["alpha", "beta", "gamma"],
    );
}

#[test]
fn what_only_the_index_shows_rebuilds_no_report() {
    let (_tmp, project) = built_fixture();
    let index = project.join("site/index.html");
    let before = std::fs::read_to_string(&index).unwrap();
    edit(
        &project,
        "rubricate.toml",
        "title = \"Fingerprints\"",
        "title = \"Prints\"",
    );
    edit(
        &project,
        "rubricate.toml",
        "name = \"Beta\"",
        "name = \"Beta Co\"",
    );
    assert_eq!(build(&project, &[]), set(&[]));
    let after = std::fs::read_to_string(&index).unwrap();
    assert!(after.contains("Prints") && !after.contains("Fingerprints"));
    assert_ne!(before, after);
}

#[test]
fn gate_flags_count_as_settings() {
    let (_tmp, project) = built_fixture();
    assert_eq!(build(&project, &["--min-coverage", "0.1"]), set(&IDS));
    assert_eq!(build(&project, &["--min-coverage", "0.1"]), set(&[]));
    assert_eq!(build(&project, &[]), set(&IDS));
}

#[test]
fn a_cache_written_by_another_binary_is_ignored() {
    let (_tmp, project) = built_fixture();
    let cache = project.join("site/.rubricate-cache.json");
    let text = std::fs::read_to_string(&cache).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["rubricate"] = serde_json::Value::from("0.0.1 (0000000)");
    std::fs::write(&cache, serde_json::to_string(&json).unwrap()).unwrap();
    assert_eq!(build(&project, &[]), set(&IDS));
    assert_eq!(build(&project, &[]), set(&[]));
}

/// Every file under `dir` (relative path → modification time), the
/// fingerprint cache included.
fn mtimes(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    files_below(dir)
        .into_iter()
        .map(|rel| {
            let modified = std::fs::metadata(dir.join(&rel))
                .unwrap()
                .modified()
                .unwrap();
            (rel, modified)
        })
        .collect()
}

#[test]
fn a_build_without_changes_writes_nothing() {
    let (_tmp, project) = built_fixture();
    let site = project.join("site");
    let before = mtimes(&site);
    assert!(
        before
            .iter()
            .any(|(p, _)| p.ends_with(".rubricate-cache.json"))
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = rubricate(&["build", "."], &project);
    assert!(
        stderr(&out).contains("(0 written, 0 unchanged, 3 up to date)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        before,
        mtimes(&site),
        "no file rewritten, the cache included"
    );
}

#[test]
fn force_rebuilds_every_report() {
    let (_tmp, project) = built_fixture();
    assert_eq!(build(&project, &["--force"]), set(&IDS));
    let out = rubricate(&["build", ".", "--force"], &project);
    assert!(
        stderr(&out).contains("(0 written, 3 unchanged, 0 up to date)"),
        "rendered again, identical bytes: {}",
        stderr(&out)
    );
    assert_eq!(build(&project, &[]), set(&[]), "and the cache is kept");
}

#[test]
fn a_deleted_or_altered_output_is_rebuilt() {
    let (_tmp, project) = built_fixture();
    let report = project.join("site/beta/report.html");
    let original = std::fs::read(&report).unwrap();
    std::fs::remove_file(&report).unwrap();
    assert_eq!(build(&project, &[]), set(&["beta"]));
    assert_eq!(std::fs::read(&report).unwrap(), original);
    std::fs::write(project.join("site/gamma/score.json"), "{}\n").unwrap();
    assert_eq!(build(&project, &[]), set(&["gamma"]));
    std::fs::remove_dir_all(project.join("site/alpha")).unwrap();
    assert_eq!(build(&project, &[]), set(&["alpha"]));
    let index = project.join("site/index.html");
    let original = std::fs::read(&index).unwrap();
    std::fs::remove_file(&index).unwrap();
    assert_eq!(build(&project, &[]), set(&[]));
    assert_eq!(std::fs::read(&index).unwrap(), original, "the index too");
}

#[test]
fn a_corrupt_cache_means_a_full_rebuild_without_an_error() {
    for junk in [
        &b""[..],
        b"{",
        b"\xff\xfe not json",
        b"{\"format\": 1, \"rubricate\": 3, \"reports\": []}",
        b"[]",
    ] {
        let (_tmp, project) = built_fixture();
        std::fs::write(project.join("site/.rubricate-cache.json"), junk).unwrap();
        assert_eq!(build(&project, &[]), set(&IDS), "{junk:?}");
        assert_eq!(build(&project, &[]), set(&[]), "rewritten after {junk:?}");
    }
    // A folder where the cache should be: never an error either.
    let (_tmp, project) = built_fixture();
    let cache = project.join("site/.rubricate-cache.json");
    std::fs::remove_file(&cache).unwrap();
    std::fs::create_dir(&cache).unwrap();
    assert_eq!(build(&project, &[]), set(&IDS));
    assert_eq!(build(&project, &[]), set(&IDS), "nothing can be cached");
}

/// Every file under `dir` with its bytes, the cache file left out.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    mtimes(dir)
        .into_iter()
        .filter(|(p, _)| !p.ends_with(".rubricate-cache.json"))
        .map(|(p, _)| {
            let bytes = std::fs::read(dir.join(&p)).unwrap();
            (p, bytes)
        })
        .collect()
}

#[test]
fn outputs_are_byte_identical_with_and_without_the_cache() {
    let (_tmp, project) = built_fixture();
    edit(
        &project,
        "answers/beta.toml",
        "\"ops.counted\" = 2",
        "\"ops.counted\" = 1",
    );
    assert_eq!(build(&project, &[]), set(&["beta"]));
    let cached = contents(&project.join("site"));
    std::fs::remove_dir_all(project.join("site")).unwrap();
    assert_eq!(build(&project, &[]), set(&IDS));
    assert_eq!(cached, contents(&project.join("site")));
}

#[test]
fn a_report_with_warnings_is_rebuilt_and_warned_about_every_time() {
    let (_tmp, project) = built_fixture();
    // One file named twice is a warning.
    edit(
        &project,
        "rubricate.toml",
        "\"answers/beta.toml\", ",
        "\"answers/beta.toml\", \"answers/./beta.toml\", ",
    );
    for _ in 0..2 {
        let out = rubricate(&["build", "."], &project);
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{text}");
        assert!(text.contains("W0203"), "{text}");
        assert!(!text.contains("beta: up to date"), "{text}");
        assert!(text.contains("alpha: up to date"), "{text}");
    }
}

#[test]
fn a_failing_gate_fails_every_build() {
    let (_tmp, project) = built_fixture();
    edit(
        &project,
        "rubricate.toml",
        "appendix = \"full\"\n",
        "appendix = \"full\"\ngate = { min-stage = \"high\" }\n",
    );
    for _ in 0..2 {
        let out = rubricate(&["build", "."], &project);
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{text}");
        assert!(text.contains("gate failed: alpha"), "{text}");
        assert!(!text.contains("alpha: up to date"), "{text}");
    }
    let text = stderr(&rubricate(&["build", "."], &project));
    assert!(text.contains("beta: up to date"), "{text}");
}

#[test]
fn watch_uses_the_same_fingerprints() {
    let (_tmp, project) = built_fixture();
    let mut watch = running::Running::start(&["watch", "."], &project);
    let first = watch.wait_for("built 3 of 3 reports");
    assert!(
        first.contains("(0 written, 0 unchanged, 3 up to date)"),
        "{first}"
    );
    watch.wait_for("watching for changes");
    // Saved without a change: nothing is rebuilt or rewritten.
    let beta = project.join("answers/beta.toml");
    let text = std::fs::read_to_string(&beta).unwrap();
    let tmp = beta.with_extension("swp-tmp");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::rename(&tmp, &beta).unwrap();
    watch.wait_for("beta up to date");
    // A file two assessments read rebuilds both, and only them.
    edit(
        &project,
        "answers/shared.toml",
        "name = \"Sam\"",
        "name = \"Sam R.\"",
    );
    watch.wait_for("rebuilt alpha, beta in");
    // A brand used by one assessment: the project is recompiled, the
    // other reports are up to date.
    edit(&project, "brand/other.toml", "#123456", "#123457");
    let text = watch.wait_for("built 3 of 3 reports");
    assert!(
        text.contains("(1 written, 0 unchanged, 2 up to date)"),
        "{text}"
    );
    watch.interrupt();
}

/// Runs git in `dir` with a fixed identity and date, no user config.
fn git(args: &[&str], dir: &Path) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("GIT_AUTHOR_DATE", "2026-06-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-06-01T12:00:00Z")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

#[test]
fn a_git_history_is_identified_by_its_commits_and_tags() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: no git");
        return;
    }
    let (_tmp, project) = fixture();
    edit(
        &project,
        "rubricate.toml",
        "brand = \"brand/other.toml\"\n",
        "brand = \"brand/other.toml\"\nhistory = \"git\"\n",
    );
    git(&["init", "-q"], &project);
    git(&["add", "."], &project);
    git(&["commit", "-q", "-m", "Q2"], &project);
    assert_eq!(build(&project, &[]), set(&IDS));
    assert_eq!(build(&project, &[]), set(&[]), "nothing changed");
    git(&["tag", "q2-review"], &project);
    assert_eq!(build(&project, &[]), set(&["gamma"]), "a round's label");
    edit(
        &project,
        "answers/beta.toml",
        "\"ops.counted\" = 2",
        "\"ops.counted\" = 1",
    );
    git(&["commit", "-q", "-am", "beta only"], &project);
    assert_eq!(build(&project, &[]), set(&["beta"]), "another history");
    append(&project, "answers/gamma/ops.toml", b"\n# reviewed\n");
    git(&["commit", "-q", "-am", "gamma again"], &project);
    assert_eq!(build(&project, &[]), set(&["gamma"]), "a new round");
    assert_eq!(build(&project, &[]), set(&[]));
}
