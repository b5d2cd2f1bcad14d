//! Model evolution end to end, on `tests/evolution/`: a shop rubric v1 and
//! v2 (one indicator renamed, one retired, two added) and answer files
//! written for each. Old answers load against v2 with warnings, compare
//! with new ones through the same map, and `init --update` rewrites them;
//! renaming an indicator never changes a score (property test).

#[path = "support/cli.rs"]
mod cli;
use cli::rubricate;

use std::path::Path;

use proptest::prelude::*;
use rubricate::assessment::{self, Assessment};
use rubricate::diagnostics::{ColorChoice, render_all};
use rubricate::model::{self, Rubric};
use rubricate::scoring::{self, Scorecard};
use rubricate::source::SourceMap;

const V1: &str = "tests/evolution/v1.rubric";
const V2: &str = "tests/evolution/v2.rubric";
const OLD: &str = "tests/evolution/answers-v1/dana.toml";
const NEW: &str = "tests/evolution/answers-v2/dana.toml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn compile(path: &str) -> Rubric {
    let mut sources = SourceMap::new();
    let out = model::compile(&root().join(path).display().to_string(), &mut sources);
    out.rubric.expect("fixture rubric compiles")
}

/// Loads `files` (relative to the crate) against `rubric`: the assessment
/// and every diagnostic rendered.
fn load(rubric: &Rubric, files: &[&str]) -> (Option<Assessment>, String) {
    let mut sources = SourceMap::new();
    let files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    let (assessment, diags) = assessment::load(rubric, &files, &mut sources);
    (assessment, render_all(&sources, &diags, ColorChoice::Never))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn v1_answers_load_against_v2_with_warnings() {
    let (same, shown) = load(&compile(V1), &[OLD]);
    assert!(
        same.is_some() && shown.is_empty(),
        "clean against v1:\n{shown}"
    );
    let (assessment, shown) = load(&compile(V2), &[OLD]);
    let a = assessment.unwrap_or_else(|| panic!("loads:\n{shown}"));
    let dana = &a.respondents[0];
    assert_eq!(
        dana.migrated,
        [(
            "ops.spreadsheet".to_string(),
            "ops.stock-records".to_string()
        )]
    );
    assert_eq!(dana.retired, ["tech.fax-orders"]);
    assert_eq!(dana.written_for.as_deref(), Some("1"));
    let ids: Vec<&str> = dana.answers.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        ["ops.packing", "ops.stock-records", "tech.hosted-shop"]
    );
    insta::assert_snapshot!("v1_answers_against_v2", shown);
}

#[test]
fn an_unknown_old_id_is_still_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(root().join(OLD)).unwrap();
    let file = dir.path().join("typo.toml");
    std::fs::write(&file, old.replace("\"ops.packing\"", "\"ops.packin\"")).unwrap();
    let mut sources = SourceMap::new();
    let (a, diags) = assessment::load(&compile(V2), &[file.display().to_string()], &mut sources);
    assert!(a.is_none());
    assert!(diags.iter().any(|d| d.code == "E0209"));
}

#[test]
fn a_v1_baseline_compares_with_v2_answers_through_the_map() {
    let rubric = compile(V2);
    let (now, _) = load(&rubric, &[NEW]);
    let (then, _) = load(&rubric, &[OLD]);
    let card = scoring::score(&rubric, &now.unwrap(), then.as_ref());
    let progress = card.progress.as_ref().expect("a baseline");
    let json = serde_json::to_value(&progress.not_compared).unwrap();
    assert_eq!(
        json,
        serde_json::json!([
            {"indicator": "tech.fax-orders", "reason": "retired"},
            {"indicator": "ops.barcode-scanning", "reason": "not-in-baseline"},
            {"indicator": "tech.backups", "reason": "not-in-baseline"},
        ])
    );
    // The renamed indicator compares under its new id: 2 then, 3 now.
    let changed: Vec<&str> = progress
        .indicators
        .iter()
        .map(|c| c.indicator.as_str())
        .collect();
    assert_eq!(changed, ["ops.stock-records"]);
    assert!(
        scoring::text::render(&card)
            .contains("not compared: tech.fax-orders (retired from the rubric)")
    );
}

#[test]
fn the_report_lists_retired_answers_and_what_was_not_compared() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let run = rubricate(
        &[
            "report",
            V2,
            OLD,
            "--baseline",
            OLD,
            "-o",
            &out.display().to_string(),
        ],
        root(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.contains("<li>Dana Reyes: tech.fax-orders</li>"),
        "appendix"
    );
    assert!(html.contains("Not compared"), "progress");
}

/// Copies the v1 answer file into a fresh folder, for the binary to edit.
fn scratch() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dana.toml");
    std::fs::copy(root().join(OLD), &file).unwrap();
    (dir, file)
}

fn mtime(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn init_update_rewrites_what_changed_and_nothing_else() {
    let (dir, file) = scratch();
    let v2 = root().join(V2).display().to_string();
    let original = std::fs::read(&file).unwrap();

    let check = rubricate(
        &["init", &v2, "--update", "dana.toml", "--check"],
        dir.path(),
    );
    assert_eq!(check.status.code(), Some(1), "an update is due");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        original,
        "--check writes nothing"
    );

    let run = rubricate(&["init", &v2, "--update", "dana.toml"], dir.path());
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout), text(&check.stdout), "the same diff");
    assert_eq!(
        text(&run.stderr),
        "dana.toml: updated: version 1 -> 2, 1 id renamed, 1 retired id commented, 2 new indicators\n"
    );
    insta::assert_snapshot!("update_diff", text(&run.stdout));
    let updated = std::fs::read_to_string(&file).unwrap();
    insta::assert_snapshot!("update_result", updated);

    // Every line of the original is still there, or was one of the edits.
    let diff = text(&run.stdout);
    let removed: Vec<&str> = diff
        .lines()
        .filter_map(|l| l.strip_prefix('-').filter(|l| !l.starts_with("--")))
        .collect();
    for line in text(&original).lines() {
        assert!(
            updated.lines().any(|u| u == line) || removed.contains(&line),
            "lost: {line}"
        );
    }

    // The result loads cleanly, and a second update changes nothing.
    let (a, shown) = load(&compile(V2), &[&file.display().to_string()]);
    assert!(a.is_some() && shown.is_empty(), "{shown}");
    let before = mtime(&file);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = rubricate(&["init", &v2, "--update", "dana.toml"], dir.path());
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(text(&again.stdout), "");
    assert_eq!(text(&again.stderr), "dana.toml: up to date\n");
    assert_eq!(mtime(&file), before, "not rewritten");
    let check = rubricate(
        &["init", &v2, "--update", "dana.toml", "--check"],
        dir.path(),
    );
    assert_eq!(check.status.code(), Some(0));
}

#[test]
fn an_up_to_date_file_round_trips_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dana.toml");
    std::fs::copy(root().join(NEW), &file).unwrap();
    let before = (std::fs::read(&file).unwrap(), mtime(&file));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let v2 = root().join(V2).display().to_string();
    for extra in [&[][..], &["--check"]] {
        let mut args = vec!["init", v2.as_str(), "--update", "dana.toml"];
        args.extend_from_slice(extra);
        let run = rubricate(&args, dir.path());
        assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
        assert_eq!(text(&run.stdout), "");
    }
    assert_eq!((std::fs::read(&file).unwrap(), mtime(&file)), before);
}

#[test]
fn init_update_refuses_json_and_broken_files_without_touching_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), "{}").unwrap();
    std::fs::write(dir.path().join("b.toml"), "rubric = \"other\"\n").unwrap();
    let v2 = root().join(V2).display().to_string();
    let run = rubricate(&["init", &v2, "--update", "a.json", "b.toml"], dir.path());
    assert_eq!(run.status.code(), Some(1));
    let err = text(&run.stderr);
    assert!(
        err.contains("error[E0220]: `--update` rewrites TOML answer files only"),
        "{err}"
    );
    assert!(err.contains("error[E0207]"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.json")).unwrap(),
        "{}"
    );
    let usage = rubricate(&["init", &v2, "--check"], dir.path());
    assert_eq!(usage.status.code(), Some(2), "--check needs --update");
}

// ---------------------------------------------------------------------------
// Property: renaming never changes a score.
// ---------------------------------------------------------------------------

/// A generated rubric: per pillar, per stage, how each indicator is
/// renamed in v2 (0 not at all, 1 once, 2 twice through a chain).
#[derive(Debug, Clone)]
struct Spec {
    stages: usize,
    pillars: Vec<Vec<Vec<u8>>>,
    policy: (bool, bool, bool),
    /// Per respondent, per indicator: blank, n/a or a level rank.
    answers: Vec<Vec<Option<Option<usize>>>>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..=3, 1usize..=2).prop_flat_map(|(stages, pillars)| {
        let cells = prop::collection::vec(
            prop::collection::vec(prop::collection::vec(0u8..3, 0..=3), stages),
            pillars,
        );
        let answers = prop::collection::vec(
            prop::collection::vec(
                prop::option::of(prop::option::weighted(0.85, 0usize..4)),
                18,
            ),
            1..=2,
        );
        (Just(stages), cells, any::<(bool, bool, bool)>(), answers).prop_map(
            |(stages, pillars, policy, answers)| Spec {
                stages,
                pillars,
                policy,
                answers,
            },
        )
    })
}

/// The rubric text; `v2` renames indicators as the spec says and declares
/// it (a twice-renamed one through an intermediate id, in two blocks).
fn rubric_text(s: &Spec, v2: bool) -> String {
    let (gated, skip, mean) = s.policy;
    let mut t = format!(
        "rubric gen {{\n  title \"G\"\n  version \"{}.0.0\"\n}}\n",
        if v2 { 2 } else { 1 }
    );
    for k in 0..s.stages {
        t.push_str(&format!("stage s{k} \"S{k}\" {{}}\n"));
    }
    let mut first = String::from("evolution {\n  since \"1.5.0\"\n");
    let mut second = String::from("evolution {\n  since \"2.0.0\"\n");
    for (p, cells) in s.pillars.iter().enumerate() {
        t.push_str(&format!("pillar p{p} \"P{p}\" {{\n"));
        for (k, kinds) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            t.push_str(&format!("  at s{k} {{\n"));
            for (n, kind) in kinds.iter().enumerate() {
                let old = format!("i{k}x{n}");
                let local = match (v2, kind) {
                    (true, 1) => {
                        second.push_str(&format!("  renamed p{p}.{old} -> p{p}.r{k}x{n}\n"));
                        format!("r{k}x{n}")
                    }
                    (true, 2) => {
                        first.push_str(&format!("  renamed p{p}.{old} -> p{p}.m{k}x{n}\n"));
                        second.push_str(&format!("  renamed p{p}.m{k}x{n} -> p{p}.z{k}x{n}\n"));
                        format!("z{k}x{n}")
                    }
                    _ => old,
                };
                t.push_str(&format!(
                    "    indicator {local} \"s\" {{ weight {} }}\n",
                    n + 1
                ));
            }
            t.push_str("  }\n");
        }
        t.push_str("}\n");
    }
    t.push_str(&format!(
        "scoring {{\n  pillar-stage {}\n  unanswered {}\n  respondents {}\n  not-applicable allowed\n}}\n",
        if gated { "gated" } else { "average" },
        if skip { "skip" } else { "zero" },
        if mean { "mean" } else { "min" },
    ));
    if v2 {
        t.push_str(&format!("{first}}}\n{second}}}\n"));
    }
    t
}

/// Answer files on the v1 ids, one per respondent, written into `dir`.
fn answer_files(s: &Spec, v1: &Rubric, dir: &Path) -> Vec<String> {
    let ids: Vec<&str> = v1.indicator_ids().collect();
    s.answers
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let mut t = format!(
                "rubric = \"gen@1\"\n[organization]\nname = \"O\"\n[respondent]\nname = \"R{r}\"\n[answers]\n"
            );
            for (id, answer) in ids.iter().zip(row) {
                match answer {
                    None => {}
                    Some(None) => t.push_str(&format!("\"{id}\" = \"n/a\"\n")),
                    Some(Some(rank)) => t.push_str(&format!("\"{id}\" = {}\n", rank % 4)),
                }
            }
            let path = dir.join(format!("r{r}.toml"));
            std::fs::write(&path, t).unwrap();
            path.display().to_string()
        })
        .collect()
}

fn compile_text(text: &str) -> Rubric {
    let mut sources = SourceMap::new();
    let out = model::compile_text("gen.rubric", text, &mut sources);
    let codes: Vec<&str> = out
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    out.rubric.unwrap_or_else(|| panic!("{codes:?}\n{text}"))
}

fn card(rubric: &Rubric, files: &[String]) -> (Scorecard, usize) {
    let mut sources = SourceMap::new();
    let (a, diags) = assessment::load(rubric, files, &mut sources);
    let shown = render_all(&sources, &diags, ColorChoice::Never);
    let a = a.unwrap_or_else(|| panic!("{shown}"));
    let renamed = diags.iter().filter(|d| d.code == "W0206").count();
    (scoring::score(rubric, &a, None), renamed)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Renaming indicators (and declaring it) while the answers stay on
    /// the old ids changes no position, stage, attainment or status.
    #[test]
    fn renaming_never_changes_a_score(s in spec()) {
        let v1 = compile_text(&rubric_text(&s, false));
        let v2 = compile_text(&rubric_text(&s, true));
        prop_assume!(v1.indicator_ids().count() > 0);
        let dir = tempfile::tempdir().unwrap();
        let files = answer_files(&s, &v1, dir.path());
        let (before, _) = card(&v1, &files);
        let (after, migrated) = card(&v2, &files);
        let answered_renamed = s.answers.iter().flat_map(|row| {
            let kinds = s.pillars.iter().flatten().flatten();
            // v1 ids are listed pillar by pillar, stage by stage, like kinds.
            kinds.zip(row).filter(|(k, a)| **k > 0 && a.is_some()).map(|_| ())
        }).count();
        prop_assert_eq!(migrated, answered_renamed);
        prop_assert_eq!(before.overall.position, after.overall.position);
        prop_assert_eq!(before.overall.reached, after.overall.reached);
        for (b, a) in before.pillars.iter().zip(&after.pillars) {
            prop_assert_eq!(b.position, a.position);
            prop_assert_eq!(b.reached, a.reached);
            prop_assert_eq!(&b.stage, &a.stage);
            prop_assert_eq!(b.coverage, a.coverage);
            for (bc, ac) in b.stages.iter().zip(&a.stages) {
                prop_assert_eq!(bc.attainment, ac.attainment);
                prop_assert_eq!(bc.met, ac.met);
                let statuses = |c: &scoring::CellScore| c.indicators.iter().map(|i| (i.status, i.level, i.credit)).collect::<Vec<_>>();
                prop_assert_eq!(statuses(bc), statuses(ac));
            }
        }
    }
}
