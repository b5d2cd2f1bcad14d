//! The JSON Schemas under `schemas/` are what the code generates, and every
//! JSON the suite makes or reads fits its schema: score.json (printed and
//! built), the compiled rubric, answer files (TOML read as JSON values, the
//! way TOML language servers validate them) and project files. Structurally
//! broken answer files are refused by the schema as by the loader, so the
//! hand-written answer-file mirror (`src/schema/answers.rs`) stays honest.
//!
//! Regenerate the committed schemas with
//! `UPDATE_SCHEMAS=1 cargo test --test json_schemas`.

#[path = "support/example.rs"]
mod example;
#[path = "support/project.rs"]
mod project;

use std::path::{Path, PathBuf};

use rubricate::schema::{self, Name};
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Problems of `instance` against the schema `name`, one line each.
fn problems(name: Name, instance: &Value) -> Vec<String> {
    let schema = schema::generate(name);
    let validator = jsonschema::draft7::new(&schema).expect("the schema itself is valid draft-07");
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(name: Name, instance: &Value, what: &str) {
    let found = problems(name, instance);
    assert!(
        found.is_empty(),
        "{what} against {name:?}:\n{}",
        found.join("\n")
    );
}

/// A TOML document as the JSON value a TOML language server validates:
/// dates and times become their text.
fn toml_as_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).expect("valid TOML");
    convert(value)
}

fn convert(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(convert).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, convert(v))).collect())
        }
    }
}

/// An answer or project file, TOML or JSON, as a JSON value.
fn read_as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).expect("valid JSON")
    } else {
        toml_as_json(&text)
    }
}

fn stdout_json(args: &[&str]) -> Value {
    let out = example::rubricate(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Files under `dir` (recursively) whose name satisfies `keep`, sorted.
fn files(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "site") {
                out.extend(files(&path, keep));
            }
        } else if keep(&path) {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(repo())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn committed_schemas_are_up_to_date() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for name in Name::ALL {
        let path = repo().join(schema::FOLDER).join(name.file_name());
        let fresh = schema::render(name);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(fresh.as_str()) {
            continue;
        }
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, fresh).unwrap();
        } else {
            stale.push(name.file_name());
        }
    }
    assert!(
        stale.is_empty(),
        "schemas/ is out of date ({}); regenerate with `UPDATE_SCHEMAS=1 cargo test --test json_schemas` and review the diff",
        stale.join(", ")
    );
}

#[test]
fn schema_command_prints_the_committed_schema() {
    for name in Name::ALL {
        let out = example::rubricate(&["schema", name.as_str()]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stdout), schema::render(name));
    }
    assert_eq!(
        example::rubricate(&["schema", "nope"]).status.code(),
        Some(2)
    );
}

#[test]
fn score_json_fits_its_schema() {
    let mut args = vec!["score", "builtin:ecommerce"];
    args.extend(example::CURRENT);
    args.push("--baseline");
    args.extend(example::BASELINE);
    args.extend(["--format", "json"]);
    let with_progress = stdout_json(&args);
    assert!(with_progress["progress"].is_object());
    assert_valid(Name::Score, &with_progress, "score with a baseline");
    let mut other_version = with_progress.clone();
    other_version["schema_version"] = Value::from(3);
    assert!(!problems(Name::Score, &other_version).is_empty());

    let mut args = vec!["score", "builtin:ecommerce"];
    args.extend(example::CURRENT);
    args.extend(["--format", "json"]);
    assert_valid(Name::Score, &stdout_json(&args), "score without a baseline");
}

#[test]
fn built_score_json_files_fit_their_schema() {
    let (_tmp, project) = project::example_copy();
    let out = example::rubricate(&["build", &project.display().to_string()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let built = files(&project.join("site"), &|p| p.ends_with("score.json"));
    assert_eq!(built.len(), 2, "one score.json per assessment");
    for path in built {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(value["schema_version"], 2);
        assert_valid(Name::Score, &value, "a built score.json");
    }
}

#[test]
fn compiled_rubrics_fit_their_schema() {
    let mut rubrics = vec!["builtin:ecommerce".to_string()];
    let shipped = files(&repo().join("rubrics"), &|p| {
        p.extension().is_some_and(|e| e == "rubric")
    });
    rubrics.extend(shipped.iter().map(|p| relative(p)));
    for rubric in rubrics {
        let value = stdout_json(&["compile", &rubric]);
        assert_eq!(
            value["schema_version"],
            rubricate::model::SCHEMA_VERSION,
            "{rubric}"
        );
        assert_valid(Name::Rubric, &value, &rubric);
    }
}

/// Every answer file the examples and the tests' good fixtures hold.
fn good_answer_files() -> Vec<PathBuf> {
    let is_answers = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        (ext == "toml" || ext == "json")
            && name != "rubricate.toml"
            && !p.starts_with(repo().join("examples/northwind-consulting/brand"))
            && !p.ends_with("map.toml")
    };
    let mut all = files(&repo().join("examples"), &is_answers);
    all.extend(files(&repo().join("tests/answers/ok"), &is_answers));
    all
}

#[test]
fn answer_files_fit_their_schema() {
    let found = good_answer_files();
    assert!(found.len() >= 12, "{found:?}");
    for path in found {
        assert_valid(Name::Answers, &read_as_json(&path), &relative(&path));
    }
}

#[test]
fn init_template_fits_the_schema_and_names_it() {
    let out = example::rubricate(&["init", "builtin:ecommerce"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("#:schema ../../schemas/answers.schema.json\n\n# Answer file for"),
        "{}",
        &text[..text.len().min(200)]
    );
    assert_valid(Name::Answers, &toml_as_json(&text), "the init template");
}

#[test]
fn new_project_files_fit_their_schemas_and_name_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    let out = example::rubricate(&["new", &dir.display().to_string()]);
    assert_eq!(out.status.code(), Some(0));
    let project = dir.join("rubricate.toml");
    let answers = dir.join("answers/my-client/respondent.toml");
    for (path, name) in [(&project, Name::Project), (&answers, Name::Answers)] {
        let text = std::fs::read_to_string(path).unwrap();
        let reference = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("#:schema "))
            .expect("a #:schema first line");
        let schema_file = path.parent().unwrap().join(reference);
        assert_eq!(
            std::fs::read_to_string(&schema_file).unwrap(),
            schema::render(name),
            "{reference} is the {name:?} schema"
        );
        assert_valid(name, &toml_as_json(&text), &format!("new's {name:?} file"));
    }
}

#[test]
fn example_project_files_fit_their_schema() {
    let found = files(&repo().join("examples"), &|p| p.ends_with("rubricate.toml"));
    assert!(!found.is_empty());
    for path in found {
        assert_valid(Name::Project, &read_as_json(&path), &relative(&path));
    }
    let unknown = toml_as_json(
        "title = \"x\"\n[[assessment]]\nid = \"a\"\nanswers = \"*.toml\"\ncolour = 1\n",
    );
    assert!(!problems(Name::Project, &unknown).is_empty());
}

#[test]
fn structurally_broken_answer_files_are_refused_by_schema_and_loader() {
    let mut sources = rubricate::source::SourceMap::new();
    let rubric = rubricate::model::compile("builtin:ecommerce", &mut sources)
        .rubric
        .expect("bundled rubric compiles");
    for name in [
        "answers-outside-table",
        "invalid-status",
        "missing-level",
        "missing-names",
        "missing-tables",
        "unknown-keys",
        "wrong-types",
    ] {
        let path = repo().join(format!("tests/answers/broken/{name}.toml"));
        let found = problems(Name::Answers, &read_as_json(&path));
        assert!(!found.is_empty(), "{name}: the schema accepts it");
        let (assessment, diags) =
            rubricate::assessment::load(&rubric, &[path.display().to_string()], &mut sources);
        assert!(
            assessment.is_none() && diags.has_errors(),
            "{name}: the loader accepts it"
        );
    }
}
