//! The example GitHub Actions workflow (`examples/ci/github-actions.yml`)
//! cannot rot: every `run:` script in it runs here with bash, as the runner
//! would, against a copy of the example project with this build's
//! `rubricate` on PATH. Scripts whose first line is `# ci-test: skip`
//! (network installs) are left out; scripts that print PDFs say `SKIPPED:`
//! when no browser is found. The artifact step's path must then hold the
//! built site, and the job summary must name the assessments.

#[path = "support/project.rs"]
mod project;
#[path = "support/tools.rs"]
mod tools;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

const WORKFLOW: &str = "examples/ci/github-actions.yml";
const SKIP_MARKER: &str = "# ci-test: skip";

fn workflow() -> Yaml {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(WORKFLOW);
    let text = std::fs::read_to_string(path).unwrap();
    let mut docs = YamlLoader::load_from_str(&text).expect("the workflow is valid YAML");
    assert_eq!(docs.len(), 1, "one YAML document");
    docs.remove(0)
}

/// A `env:` mapping as name → value (numbers and booleans as written).
fn env_of(node: &Yaml) -> BTreeMap<String, String> {
    let mut env = BTreeMap::new();
    if let Some(map) = node.as_hash() {
        for (k, v) in map {
            let value = match v {
                Yaml::String(s) | Yaml::Real(s) => s.clone(),
                Yaml::Integer(i) => i.to_string(),
                Yaml::Boolean(b) => b.to_string(),
                other => panic!("env value {other:?}"),
            };
            env.insert(
                k.as_str().expect("env names are strings").to_string(),
                value,
            );
        }
    }
    env
}

/// One step of a job, as far as this test needs it.
struct Step {
    name: String,
    run: Option<String>,
    uses: Option<String>,
    with: BTreeMap<String, String>,
    env: BTreeMap<String, String>,
}

fn steps(job: &Yaml) -> Vec<Step> {
    let list = job["steps"].as_vec().expect("a job has steps");
    list.iter()
        .enumerate()
        .map(|(i, step)| Step {
            name: step["name"]
                .as_str()
                .map_or_else(|| format!("step {}", i + 1), str::to_string),
            run: step["run"].as_str().map(str::to_string),
            uses: step["uses"].as_str().map(str::to_string),
            with: env_of(&step["with"]),
            env: env_of(&step["env"]),
        })
        .collect()
}

/// The directory of the binary under test, to put first on PATH.
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_rubricate"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs `script` the way a `shell: bash` step runs on GitHub's runners.
fn run_step(script: &str, cwd: &Path, env: &BTreeMap<String, String>) -> std::process::Output {
    let path = std::env::join_paths(std::iter::once(bin_dir()).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(cwd)
        .envs(env)
        .env("PATH", path)
        .env("CI", "true")
        .env("GITHUB_ACTIONS", "true")
        .output()
        .expect("bash runs")
}

#[test]
fn workflow_runs_with_bash_and_keeps_scripts_free_of_expressions() {
    let doc = workflow();
    assert_eq!(
        doc["defaults"]["run"]["shell"].as_str(),
        Some("bash"),
        "scripts run with bash (`-eo pipefail`), as this test runs them"
    );
    let jobs = doc["jobs"].as_hash().expect("jobs");
    assert!(!jobs.is_empty());
    for job in jobs.values() {
        for step in steps(job) {
            if let Some(run) = &step.run {
                assert!(
                    !run.contains("${{"),
                    "{}: pass values to scripts through `env:`",
                    step.name
                );
            }
        }
    }
}

#[test]
fn every_run_step_works_on_the_example_project() {
    let doc = workflow();
    let (tmp, project) = project::example_copy();
    let root = tmp.path();
    let project_dir = project.strip_prefix(root).unwrap().display().to_string();
    let summary = root.join("step-summary.md");
    let browser = rubricate::pdf::find_chrome(None)
        .err()
        .map(|e| e.to_string());

    let mut ran = Vec::new();
    for job in doc["jobs"].as_hash().unwrap().values() {
        let mut env = env_of(&doc["env"]);
        env.extend(env_of(&job["env"]));
        env.insert("PROJECT_DIR".into(), project_dir.clone());
        env.insert("GITHUB_STEP_SUMMARY".into(), summary.display().to_string());
        for step in steps(job) {
            let Some(script) = &step.run else {
                check_upload(&step, root, &env);
                continue;
            };
            if script.trim_start().starts_with(SKIP_MARKER) {
                eprintln!("not run here (marked): {}", step.name);
                continue;
            }
            // Without a browser the step runs without its PDFs, which are
            // skipped with the reason printed.
            let script = match (script.contains(" --pdf"), &browser) {
                (true, Some(reason)) => {
                    tools::skip(&format!("ci_workflow: {} (PDFs)", step.name), reason);
                    script.replace(" --pdf", "")
                }
                _ => script.clone(),
            };
            let mut step_env = env.clone();
            step_env.extend(step.env.clone());
            let out = run_step(&script, root, &step_env);
            assert!(
                out.status.success(),
                "step `{}` failed ({:?})\nstdout:\n{}\nstderr:\n{}",
                step.name,
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran.push(step.name.clone());
        }
    }
    for expected in [
        "Check the rubric",
        "Build the reports and their PDFs",
        "Gate",
    ] {
        assert!(ran.iter().any(|r| r == expected), "{expected} ran: {ran:?}");
    }
    let summary = std::fs::read_to_string(&summary).expect("the job summary was written");
    assert!(
        summary.contains(
            "| Assessment | Overall stage | Position | Target | Gate | Warnings | Report |"
        ),
        "{summary}"
    );
    for id in ["acme-outdoor", "blue-harbour"] {
        assert!(summary.contains(id), "{summary}");
    }
    if browser.is_none() {
        assert!(project.join("site/acme-outdoor/report.pdf").is_file());
    }
}

/// The artifact upload names the folder the build wrote.
fn check_upload(step: &Step, root: &Path, env: &BTreeMap<String, String>) {
    let Some(uses) = &step.uses else { return };
    if !uses.starts_with("actions/upload-artifact@") {
        return;
    }
    let path = step.with.get("path").expect("upload-artifact has a path");
    let path = path.replace("${{ env.PROJECT_DIR }}", &env["PROJECT_DIR"]);
    assert!(
        !path.contains("${{"),
        "only env.PROJECT_DIR is expanded here"
    );
    let site = root.join(path);
    for file in [
        "index.html",
        "acme-outdoor/report.html",
        "acme-outdoor/score.json",
    ] {
        assert!(site.join(file).is_file(), "the artifact holds {file}");
    }
}
