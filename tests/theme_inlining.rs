//! The bundled default theme's report pages are written by compiled Rust
//! (`src/report/default_theme.rs`), and its index by its templates with
//! their macros inlined (`src/report/inline.rs`); a theme folder is always
//! interpreted as written. An ejected copy of the default theme is the
//! same templates from a folder, so every page it renders must be byte for
//! byte what the bundled theme renders: on the example site, on generated
//! assessments that reach every branch of the templates (notes, the same
//! note from several people, evidence links and plain evidence, n/a,
//! unanswered, disagreements, a baseline, every appendix, the top of the
//! ladder and below its first stage, owners, due dates, overdue and
//! undated actions), and on an older answer file read through a rubric's
//! evolution (retired answers, statements not compared). A theme
//! overriding `macros.html` must reach every row: checked on the indicator
//! table.

#[path = "support/cli.rs"]
mod cli;
use cli::{rubricate, stderr};

#[path = "support/project.rs"]
mod project;
use project::{child_theme, example_copy, files_below};

use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir` but the fingerprint cache (it holds the theme's
/// digest, which names the folder), by path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_below(dir)
        .into_iter()
        .filter(|rel| rel.file_name().unwrap() != ".rubricate-cache.json")
        .map(|rel| {
            (
                rel.display().to_string(),
                std::fs::read(dir.join(&rel)).unwrap(),
            )
        })
        .collect()
}

/// Builds `project` into `output` with every theme setting replaced by
/// `theme`.
fn build_with(project: &Path, theme: &str, output: &str) -> BTreeMap<String, Vec<u8>> {
    let path = project.join("rubricate.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text: String = text
        .lines()
        .map(|line| match line.split_once('=') {
            Some((key, _)) if key.trim() == "theme" => format!("theme = \"{theme}\"\n"),
            Some((key, _)) if key.trim() == "output" => format!("output = \"{output}\"\n"),
            _ => format!("{line}\n"),
        })
        .collect();
    std::fs::write(&path, text).unwrap();
    let out = rubricate(&["build", "--quiet", "."], project);
    assert!(out.status.success(), "{}", stderr(&out));
    files(&project.join(output))
}

fn assert_same(bundled: &BTreeMap<String, Vec<u8>>, ejected: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        bundled.keys().collect::<Vec<_>>(),
        ejected.keys().collect::<Vec<_>>()
    );
    assert!(bundled.keys().any(|k| k.ends_with("report.html")));
    for (name, a) in bundled {
        let b = &ejected[name];
        if a != b {
            let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
            let line = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            let shown = line.map(|l| (l + 1, a.lines().nth(l), b.lines().nth(l)));
            panic!("{name} differs (line, bundled, ejected): {shown:?}");
        }
    }
}

fn eject_default(dir: &Path) {
    let out = rubricate(&["theme", "eject", "default", "ejected"], dir);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn the_example_site_is_the_same_with_an_ejected_default_theme() {
    let (_tmp, project) = example_copy();
    eject_default(&project);
    let bundled = build_with(&project, "default", "site-bundled");
    let ejected = build_with(&project, "ejected", "site-ejected");
    assert_same(&bundled, &ejected);
}

/// A deterministic pseudo-random sequence.
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

/// One answer: a level, n/a or nothing, sometimes with a note (shared
/// among respondents, with markdown and markup) and evidence.
fn answer(rng: &mut Lcg, id: &str) -> Option<String> {
    const NOTES: [&str; 4] = [
        "Reviewed **monthly** with the board.",
        "See <b>the wiki</b> & the [runbook](https://example.com/runbook).",
        "Only in the _main_ store; the outlet still works by hand.",
        "Same note for everyone",
    ];
    const EVIDENCE: [&str; 3] = [
        "\"https://example.com/dashboard?a=1&b=2\"",
        "\"the Q3 audit report\"",
        "\"javascript:alert(1)\"",
    ];
    let level = match rng.next(7) {
        0 => return None,
        1 => "\"n/a\"".to_string(),
        n => (n - 2).min(3).to_string(),
    };
    let mut fields = vec![format!("level = {level}")];
    if rng.next(3) == 0 || level.contains("n/a") {
        fields.push(format!("note = \"{}\"", NOTES[rng.next(4) as usize]));
    }
    if rng.next(4) == 0 {
        let n = 1 + rng.next(3) as usize;
        let picked: Vec<&str> = (0..n).map(|_| EVIDENCE[rng.next(3) as usize]).collect();
        fields.push(format!("evidence = [{}]", picked.join(", ")));
    }
    Some(format!("\"{id}\" = {{ {} }}\n", fields.join(", ")))
}

/// Plans for some of the rubric's actions: owners or none, due dates
/// before and after the answer's date or none, every status.
fn plans(rng: &mut Lcg, actions: &[String]) -> String {
    const OWNERS: [&str; 3] = ["Priya <Shah>", "Tom O'Neil", ""];
    const DUE: [&str; 3] = ["2026-01-31", "2027-06-30", ""];
    const STATUS: [&str; 4] = ["planned", "in-progress", "done", "dropped"];
    let mut text = String::from("[actions]\n");
    for id in actions {
        if rng.next(3) == 0 {
            continue;
        }
        let mut fields = vec![format!("status = \"{}\"", STATUS[rng.next(4) as usize])];
        let owner = OWNERS[rng.next(3) as usize];
        if !owner.is_empty() {
            fields.push(format!("owner = \"{owner}\""));
        }
        let due = DUE[rng.next(3) as usize];
        if !due.is_empty() {
            fields.push(format!("due = {due}"));
        }
        text.push_str(&format!("\"{id}\" = {{ {} }}\n", fields.join(", ")));
    }
    text
}

/// How an organisation answers: at random, everything fully (the top of
/// the ladder), or nothing in place (below the first stage).
#[derive(Clone, Copy)]
enum Profile {
    Mixed,
    Top,
    Bottom,
}

fn answer_file(
    rng: &mut Lcg,
    rubric: &rubricate::model::Rubric,
    org: usize,
    who: usize,
    profile: Profile,
) -> String {
    let mut text = format!(
        "rubric = \"ecommerce\"\n[organization]\nname = \"Org {org} <&>\"\n[respondent]\nname = \"Person {who}\"\nrole = \"Role {who}\"\ndate = 2026-11-0{}\n[answers]\n",
        1 + who
    );
    for id in rubric.indicator_ids() {
        let answer = match profile {
            Profile::Mixed => answer(rng, id),
            Profile::Top => Some(format!("\"{id}\" = 3\n")),
            Profile::Bottom => Some(format!("\"{id}\" = 0\n")),
        };
        if let Some(a) = answer {
            text.push_str(&a);
        }
    }
    let actions: Vec<String> = rubric.actions.iter().map(|a| a.id.clone()).collect();
    text.push_str(&plans(rng, &actions));
    text
}

#[test]
fn generated_assessments_are_the_same_with_an_ejected_default_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path();
    let mut sources = rubricate::source::SourceMap::new();
    let rubric = rubricate::model::compile("builtin:ecommerce", &mut sources)
        .rubric
        .expect("the bundled rubric compiles");
    let mut rng = Lcg(7);
    let mut toml = "title = \"generated\"\nrubric = \"builtin:ecommerce\"\ntheme = \"default\"\noutput = \"site\"\n".to_string();
    for org in 0..24 {
        let dir = project.join(format!("org{org}"));
        std::fs::create_dir_all(dir.join("baseline")).unwrap();
        let people = 1 + org % 3;
        let profile = match org {
            22 => Profile::Top,
            23 => Profile::Bottom,
            _ => Profile::Mixed,
        };
        for who in 0..people {
            let now = answer_file(&mut rng, &rubric, org, who, profile);
            std::fs::write(dir.join(format!("p{who}.toml")), now).unwrap();
            let then = answer_file(&mut rng, &rubric, org, who, Profile::Mixed);
            std::fs::write(dir.join(format!("baseline/p{who}.toml")), then).unwrap();
        }
        toml.push_str(&format!(
            "[[assessment]]\nid = \"org{org}\"\nanswers = [\"org{org}/*.toml\"]\n"
        ));
        if org % 2 == 0 {
            toml.push_str(&format!("baseline = [\"org{org}/baseline/*.toml\"]\n"));
        }
        let appendix = ["full", "summary", "none"][org % 3];
        toml.push_str(&format!("appendix = \"{appendix}\"\n"));
    }
    std::fs::write(project.join("rubricate.toml"), toml).unwrap();
    eject_default(project);
    let bundled = build_with(project, "default", "site-bundled");
    let ejected = build_with(project, "ejected", "site-ejected");
    assert_same(&bundled, &ejected);
    // The generated answers reach every branch of the inlined macros.
    let all: String = bundled
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for needle in [
        "class=\"note-also\"",
        "class=\"evidence\"",
        "rel=\"noopener noreferrer\"",
        "chip-not-applicable",
        "chip-unanswered",
        "<span class=\"flag\">disagreement</span>",
        "id=\"progress\"",
        "Appendix: methodology and coverage</a>",
        "Appendix: methodology, coverage and the full rubric</a>",
        "Top of the ladder",
        "No actions are needed",
        "Not yet ",
        " overdue\"",
        " unowned\"",
        "no due date yet",
        "needed first for: ",
        "Tom O&#x27;Neil",
    ] {
        assert!(all.contains(needle), "no page has {needle}");
    }
}

#[test]
fn a_theme_overriding_a_macro_reaches_every_indicator_row() {
    let (_tmp, project) = example_copy();
    let macros = include_str!("../themes/default/macros.html").replace(
        "<span class=\"respondent\">{{ r.respondent }}</span>",
        "<span class=\"respondent\">a respondent</span>",
    );
    child_theme(
        &project.join("anonymous"),
        "anonymous",
        "",
        &[("macros.html", &macros)],
    );
    let site = build_with(&project, "anonymous", "site");
    let report = String::from_utf8(site["acme-outdoor/report.html"].clone()).unwrap();
    assert!(report.contains("<span class=\"respondent\">a respondent</span>"));
    for name in ["Priya Shah", "Dana Reyes", "Tom Becker", "Lena Okafor"] {
        assert!(
            !report.contains(&format!("<span class=\"respondent\">{name}</span>")),
            "{name} is still named in a response"
        );
    }
}

#[test]
fn an_older_answer_file_is_the_same_with_an_ejected_default_theme() {
    let tmp = tempfile::tempdir().unwrap();
    eject_default(tmp.path());
    let evolution = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evolution");
    let v2 = evolution.join("v2.rubric").display().to_string();
    let old = evolution.join("answers-v1/dana.toml").display().to_string();
    let mut pages = Vec::new();
    for theme in ["default", "ejected"] {
        let out = tmp.path().join(format!("{theme}.html"));
        let run = rubricate(
            &[
                "report",
                &v2,
                &old,
                "--baseline",
                &old,
                "--theme",
                theme,
                "-o",
                &out.display().to_string(),
            ],
            tmp.path(),
        );
        assert!(run.status.success(), "{}", stderr(&run));
        pages.push(std::fs::read_to_string(out).unwrap());
    }
    assert!(pages[0].contains("class=\"retired\""), "no retired answers");
    assert!(
        pages[0].contains("<h3>Not compared</h3>"),
        "nothing not compared"
    );
    if pages[0] != pages[1] {
        let line = pages[0]
            .lines()
            .zip(pages[1].lines())
            .position(|(a, b)| a != b);
        let shown = line.map(|l| (l + 1, pages[0].lines().nth(l), pages[1].lines().nth(l)));
        panic!("the pages differ (line, bundled, ejected): {shown:?}");
    }
}
