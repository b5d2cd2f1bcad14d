//! The web questionnaire as a file, parsed with html5ever the way a
//! browser would: it loads nothing, its CSP allows exactly its own inline
//! script and stylesheet (by hash), its bytes depend only on the inputs,
//! every control has a label, hostile rubric text stays text (in the
//! markup and in the embedded JSON), and an untouched form's answer file
//! is `init`'s template byte for byte. The browser run is in
//! `tests/questionnaire_form.rs`.

#[path = "support/html.rs"]
mod html;

use std::path::Path;
use std::process::Command;

use base64::Engine as _;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use sha2::{Digest, Sha256};

const HOSTILE: &str = "tests/questionnaire/hostile.rubric";

fn rubricate(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// Writes the form of `rubric` into `dir` and returns its text.
fn form(dir: &Path, rubric: &str, extra: &[&str]) -> String {
    let out = dir.join("form.html");
    let mut args = vec![
        "questionnaire",
        rubric,
        "-o",
        out.to_str().unwrap(),
        "--force",
    ];
    args.extend_from_slice(extra);
    let run = rubricate(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out).unwrap()
}

/// Each element named `tag`: its attributes and its raw text content.
fn raw_elements(dom: &RcDom, tag: &str) -> Vec<(Vec<(String, String)>, String)> {
    let mut out = Vec::new();
    walk(&dom.document, tag, &mut out);
    out
}

fn walk(node: &Handle, tag: &str, out: &mut Vec<(Vec<(String, String)>, String)>) {
    if let NodeData::Element { name, attrs, .. } = &node.data
        && &*name.local == tag
    {
        let attrs = attrs
            .borrow()
            .iter()
            .map(|a| (a.name.local.to_string(), a.value.to_string()))
            .collect();
        let mut text = String::new();
        for child in node.children.borrow().iter() {
            if let NodeData::Text { contents } = &child.data {
                text.push_str(&contents.borrow());
            }
        }
        out.push((attrs, text));
    }
    for child in node.children.borrow().iter() {
        walk(child, tag, out);
    }
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The page's CSP directives, by name.
fn csp(dom: &RcDom) -> Vec<(String, String)> {
    let metas = raw_elements(dom, "meta");
    let policy = metas
        .iter()
        .find(|(a, _)| attr(a, "http-equiv") == Some("Content-Security-Policy"))
        .and_then(|(a, _)| attr(a, "content"))
        .expect("a CSP meta element")
        .to_string();
    policy
        .split(';')
        .filter_map(|d| {
            let d = d.trim();
            let (name, value) = d.split_once(' ').unwrap_or((d, ""));
            (!name.is_empty()).then(|| (name.to_string(), value.to_string()))
        })
        .collect()
}

/// The JSON the script reads.
fn data(dom: &RcDom) -> serde_json::Value {
    let scripts = raw_elements(dom, "script");
    let (_, json) = scripts
        .iter()
        .find(|(a, _)| attr(a, "type") == Some("application/json"))
        .expect("the data element");
    serde_json::from_str(json).expect("the embedded JSON parses")
}

/// Checks every self-containment and safety property of one page.
fn check_page(page: &str) -> RcDom {
    let (dom, errors) = html::parse(page);
    assert!(errors.is_empty(), "parse errors: {errors:?}");
    let problems = html::unsafe_parts(&dom);
    let scripts = raw_elements(&dom, "script");
    assert_eq!(scripts.len(), 2, "one data block and one script");
    assert!(
        problems.len() == 2 && problems.iter().all(|p| p.starts_with("<script> element")),
        "only the two scripts may be flagged: {problems:?}"
    );
    for (attrs, _) in &scripts {
        assert!(attr(attrs, "src").is_none(), "an external script");
    }
    let (_, code) = scripts
        .iter()
        .find(|(a, _)| a.is_empty())
        .expect("the inline script has no attributes");
    let styles = raw_elements(&dom, "style");
    assert_eq!(styles.len(), 1, "one stylesheet");
    let policy = csp(&dom);
    let directive = |name: &str| {
        policy
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(directive("default-src"), Some("'none'"));
    assert_eq!(directive("script-src"), Some(hash(code).as_str()));
    assert_eq!(directive("style-src"), Some(hash(&styles[0].1).as_str()));
    assert_eq!(directive("img-src"), Some("data:"));
    assert_eq!(directive("connect-src"), None);
    assert_eq!(directive("base-uri"), Some("'none'"));
    assert!(
        !code.contains("innerHTML") && !code.contains("eval(") && !code.contains("fetch("),
        "the script builds DOM with textContent and talks to nobody"
    );
    assert!(html::duplicate_ids(&dom).is_empty());
    check_labels(&dom);
    dom
}

/// Every control has a `<label for>`; every radio is inside a fieldset
/// with a legend (checked by counting: one legend per statement).
fn check_labels(dom: &RcDom) {
    let elements = html::elements(dom);
    let fors: Vec<&str> = elements
        .iter()
        .filter(|(t, _)| t == "label")
        .filter_map(|(_, a)| attr(a, "for"))
        .collect();
    for (tag, attrs) in &elements {
        if ["input", "textarea", "select"].contains(&tag.as_str()) {
            let id = attr(attrs, "id").expect("every control has an id");
            assert!(fors.contains(&id), "no label for #{id}");
        }
    }
    let statements = elements
        .iter()
        .filter(|(t, a)| t == "fieldset" && attr(a, "class") == Some("statement"))
        .count();
    let legends = elements.iter().filter(|(t, _)| t == "legend").count();
    assert_eq!(
        legends,
        statements + 1,
        "a legend per statement and targets"
    );
}

#[test]
fn the_ecommerce_form_is_self_contained_and_labelled() {
    let dir = tempfile::tempdir().unwrap();
    let page = form(dir.path(), "builtin:ecommerce", &[]);
    let dom = check_page(&page);
    let data = data(&dom);
    assert_eq!(data["indicators"].as_array().unwrap().len(), 79);
    assert_eq!(data["notApplicable"], "justified");
    let radios = html::elements(&dom)
        .iter()
        .filter(|(t, a)| t == "input" && attr(a, "type") == Some("radio"))
        .count();
    assert_eq!(radios, 79 * 5, "four levels and n/a per statement");
    for word in ["http://", "https://", "//"] {
        assert!(
            !page.contains(&format!("src=\"{word}")) && !page.contains(&format!("url({word}")),
            "nothing is loaded from {word}"
        );
    }
}

#[test]
fn every_valid_rubric_of_the_repository_gives_a_valid_form() {
    let dir = tempfile::tempdir().unwrap();
    for rubric in [
        "tests/answers/strict.rubric",
        "tests/rubrics/ok/with-include.rubric",
        "tests/hostile/rubrics/bom.rubric",
    ] {
        let page = form(dir.path(), rubric, &[]);
        let dom = check_page(&page);
        let na = data(&dom)["notApplicable"].clone();
        let na_radios = page.matches("value=\"n/a\"").count();
        assert_eq!(
            na == "forbidden",
            na_radios == 0,
            "{rubric}: n/a as the policy says"
        );
    }
}

#[test]
fn an_untouched_form_writes_the_init_template() {
    let dir = tempfile::tempdir().unwrap();
    let (dom, _) = html::parse(&form(dir.path(), "builtin:ecommerce", &[]));
    let parts = data(&dom)["template"].as_array().unwrap().clone();
    let unfilled: String = parts
        .iter()
        .map(|p| match p {
            serde_json::Value::String(s) => s.clone(),
            slot => slot["text"].as_str().unwrap().to_string(),
        })
        .collect();
    let init = rubricate(&["init", "builtin:ecommerce"]);
    assert_eq!(
        unfilled,
        without_schema_header(String::from_utf8(init.stdout).unwrap())
    );
}

#[test]
fn same_inputs_same_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let prefill = ["--organization", "Acme Outdoor Co.", "--respondent", "Dana"];
    let first = form(a.path(), "builtin:ecommerce", &prefill);
    assert_eq!(first, form(b.path(), "builtin:ecommerce", &prefill));
    assert_eq!(first, form(a.path(), "builtin:ecommerce", &prefill));
    assert_ne!(first, form(b.path(), "builtin:ecommerce", &[]));
}

#[test]
fn prefilled_names_fill_the_respondent_block() {
    let dir = tempfile::tempdir().unwrap();
    let page = form(
        dir.path(),
        "builtin:ecommerce",
        &[
            "--organization",
            "Acme \"Outdoor\" <Co>",
            "--respondent",
            "Dana",
        ],
    );
    let (dom, _) = html::parse(&page);
    let inputs = raw_elements(&dom, "input");
    let value = |id: &str| {
        inputs
            .iter()
            .find(|(a, _)| attr(a, "id") == Some(id))
            .and_then(|(a, _)| attr(a, "value"))
            .map(str::to_string)
    };
    assert_eq!(
        value("r-organization").as_deref(),
        Some("Acme \"Outdoor\" <Co>")
    );
    assert_eq!(value("r-name").as_deref(), Some("Dana"));
    assert_eq!(value("r-role"), None);
}

#[test]
fn hostile_rubric_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = form(dir.path(), HOSTILE, &[]);
    let dom = check_page(&page);
    // The markup: every attempt is escaped text, nothing became an element.
    for tag in ["img", "iframe", "b"] {
        assert!(
            html::elements(&dom).iter().all(|(t, _)| t != tag),
            "<{tag}> from the rubric became an element"
        );
    }
    let legends = raw_elements(&dom, "legend");
    assert!(
        legends
            .iter()
            .any(|(_, t)| t.contains("</script><script>window.pwned = 'statement'</script>")),
        "{legends:?}"
    );
    // The embedded JSON: `<` never appears raw, and the strings come back whole.
    let start = page.find("application/json").unwrap();
    let end = start + page[start..].find("</script>").unwrap();
    assert!(!page[start..end].split_once('>').unwrap().1.contains('<'));
    let data = data(&dom);
    let labels: Vec<&str> = data["scales"][0]["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "No \"really\" </script><!--",
            "Half <b>bold</b> & more",
            "Yes \\ </textarea>"
        ]
    );
    assert!(page.contains("\\u003c/script\\u003e"));
}

#[test]
fn format_comes_from_the_flag_or_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, extra: &[&str]| {
        let path = dir.path().join(name);
        let mut args = vec![
            "questionnaire",
            "builtin:ecommerce",
            "-o",
            path.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = rubricate(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read(path).unwrap()
    };
    assert!(run("a.html", &[]).starts_with(b"<!DOCTYPE html>"));
    assert!(run("b.HTM", &[]).starts_with(b"<!DOCTYPE html>"));
    assert!(run("c.xlsx", &[]).starts_with(b"PK"));
    assert!(
        run("d.dat", &[]).starts_with(b"PK"),
        "xlsx stays the default"
    );
    assert!(run("e.dat", &["--format", "html"]).starts_with(b"<!DOCTYPE html>"));
    assert!(run("f.html", &["--format", "xlsx"]).starts_with(b"PK"));
    let bad = rubricate(&[
        "questionnaire",
        "builtin:ecommerce",
        "-o",
        "x",
        "--format",
        "pdf",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn an_existing_form_is_kept_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.html");
    std::fs::write(&path, "someone's page").unwrap();
    let out = rubricate(&[
        "questionnaire",
        "builtin:ecommerce",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[E0722]"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "someone's page");
}

/// `init`'s output without its `#:schema` header line (and the blank line
/// after it): the form's file is saved anywhere, so it names no schema path.
fn without_schema_header(text: String) -> String {
    match text.strip_prefix("#:schema ") {
        Some(rest) => rest.split_once('\n').map_or(String::new(), |(_, r)| {
            r.strip_prefix('\n').unwrap_or(r).to_string()
        }),
        None => text,
    }
}
