//! The web questionnaire end to end, in headless Chromium driven over the
//! DevTools protocol (the client `rubricate::pdf` prints with): the form
//! of `builtin:ecommerce` is opened as a local file (as from an email
//! attachment), filled in by script, its download button saves the answer
//! file, a reload restores every answer, and `rubricate score` reads the
//! file back with exactly what was entered. A hostile rubric's form runs
//! none of its text. Without Chromium each test prints `SKIPPED: …`.

#[path = "support/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rubricate::pdf::{Browser, Cdp, Incoming};
use serde_json::{Value, json};

/// Records script errors and CSP violations from the first moment of
/// every document, before the page's own script runs.
const WATCH: &str = "window.__problems = [];\
    window.addEventListener('error', e => window.__problems.push('error: ' + e.message));\
    document.addEventListener('securitypolicyviolation', e =>\
      window.__problems.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI));";

/// Test helpers installed in the page: answer a statement by id, type into
/// a box, pick an option, each firing the events a person's input fires.
const HELPERS: &str = r#"(() => {
  const data = JSON.parse(document.getElementById('rubricate-data').textContent);
  const k = id => { const i = data.indicators.findIndex(x => x.id === id); if (i < 0) throw new Error('no ' + id); return i; };
  const type = (elId, text) => { const el = document.getElementById(elId); el.focus(); el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true })); };
  window.__t = {
    level: (id, value) => document.querySelector(`input[name="q${k(id)}"][value="${value}"]`).click(),
    note: (id, text) => type(`q${k(id)}-note`, text),
    evidence: (id, text) => type(`q${k(id)}-ev`, text),
    type,
    select: (elId, value) => { const el = document.getElementById(elId); el.value = value;
      el.dispatchEvent(new Event('change', { bubbles: true })); },
  };
  return data.indicators.length;
})()"#;

const NOTE: &str = "She said \"yes\" \u{2014} then: C:\\temp\\x\n\tsecond line \u{1} \u{7f} end";
const EVIDENCE: &str = "https://example.com/a\n\n  https://example.com/b?q=\"x\"  \n";
const WHY: &str = "We sell wholesale only: there is no online checkout.";

/// One tab of a fresh offline browser, on one page.
struct Page {
    cdp: Cdp,
    session: String,
    _browser: Browser,
}

fn deadline() -> Instant {
    Instant::now() + Duration::from_secs(60)
}

impl Page {
    fn open(chrome: &Path, downloads: &Path) -> Page {
        let browser = Browser::launch(chrome, deadline()).expect("Chromium starts");
        let mut cdp = Cdp::connect(&browser.ws_url, deadline()).expect("DevTools connects");
        cdp.call(
            None,
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": downloads, "eventsEnabled": true}),
            deadline(),
        )
        .expect("downloads allowed");
        let target = cdp
            .call(
                None,
                "Target.createTarget",
                json!({"url": "about:blank"}),
                deadline(),
            )
            .unwrap();
        let attached = cdp
            .call(
                None,
                "Target.attachToTarget",
                json!({"targetId": target["targetId"], "flatten": true}),
                deadline(),
            )
            .unwrap();
        let session = attached["sessionId"].as_str().unwrap().to_string();
        let s = Some(session.as_str());
        cdp.call(s, "Page.enable", json!({}), deadline()).unwrap();
        cdp.call(
            s,
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": WATCH}),
            deadline(),
        )
        .unwrap();
        Page {
            cdp,
            session,
            _browser: browser,
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let s = Some(self.session.as_str());
        self.cdp
            .call(s, method, params, deadline())
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    /// Goes to `url` (or reloads) and waits for the load event.
    fn load(&mut self, url: Option<&str>) {
        match url {
            Some(url) => self.call("Page.navigate", json!({ "url": url })),
            None => self.call("Page.reload", json!({})),
        };
        let me = self.session.clone();
        self.wait_for(|session, method, _| {
            session == Some(me.as_str()) && method == "Page.loadEventFired"
        });
    }

    /// Waits for an event `pick` accepts; returns its parameters.
    fn wait_for(&mut self, pick: impl Fn(Option<&str>, &str, &Value) -> bool) -> Value {
        let until = deadline();
        loop {
            match self.cdp.recv(until).expect("DevTools stays up") {
                Some(Incoming::Event {
                    session,
                    method,
                    params,
                }) if pick(session.as_deref(), &method, &params) => return params,
                Some(_) => {}
                None => panic!("timed out waiting for an event"),
            }
        }
    }

    /// Runs `expression` in the page; its value, or a panic with the
    /// page's exception.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(details) = result.get("exceptionDetails") {
            panic!("{expression}: {details}");
        }
        result["result"]["value"].clone()
    }

    /// Presses a key in the focused element, as a keyboard would.
    fn press(&mut self, key: &str, code: u32) {
        for kind in ["rawKeyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code}),
            );
        }
    }

    fn problems(&mut self) -> Value {
        self.eval("window.__problems")
    }
}

fn chrome(test: &str) -> Option<PathBuf> {
    match rubricate::pdf::find_chrome(None) {
        Ok(path) => Some(path),
        Err(e) => {
            tools::skip(test, &e.to_string());
            None
        }
    }
}

fn rubricate(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn write_form(dir: &Path, rubric: &str, extra: &[&str]) -> String {
    let path = dir.join("form.html");
    let mut args = vec!["questionnaire", rubric, "-o", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = rubricate(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    format!("file://{}", path.display())
}

fn js(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Fills the form the way the answer file below expects.
fn fill(page: &mut Page) {
    page.eval(&format!(
        "__t.level('technology.saas-platform', '2');\
         __t.note('technology.saas-platform', {});\
         __t.evidence('technology.saas-platform', {});\
         __t.level('technology.prebuilt-theme', '3');\
         __t.level('marketing.social-posting', '0');\
         __t.level('data.sales-traffic', '1');\
         __t.level('technology.live-checkout', 'n/a');\
         __t.type('r-name', {});\
         __t.type('r-date', '2026-11-02');\
         __t.select('t0', 'defined');",
        js(NOTE),
        js(EVIDENCE),
        js("Dana O'Neil")
    ));
}

/// `init`'s template with exactly the filled lines changed.
fn expected_file() -> String {
    let init = rubricate(&["init", "builtin:ecommerce"]);
    let template = without_schema_header(String::from_utf8(init.stdout).unwrap());
    let replacements = [
        (
            "name = \"Your organisation\"\n".to_string(),
            "name = \"Acme Outdoor Co.\"\n".to_string(),
        ),
        (
            "name = \"Your name\"\n".to_string(),
            "name = \"Dana O'Neil\"\n".to_string(),
        ),
        (
            "date = \"\"  # the day".to_string(),
            "date = \"2026-11-02\"  # the day".to_string(),
        ),
        (
            "# [respondent.target]\n# technology = \"defined\"\n# default = \"developing\"\n"
                .to_string(),
            "[respondent.target]\ntechnology = \"defined\"\n".to_string(),
        ),
        answer(
            "technology.saas-platform",
            "{ level = 2, note = \"She said \\\"yes\\\" \u{2014} then: C:\\\\temp\\\\x\\n\\tsecond line \\u0001 \\u007F end\", \
             evidence = [\"https://example.com/a\", \"https://example.com/b?q=\\\"x\\\"\"] }  # Largely in place",
        ),
        answer("technology.prebuilt-theme", "3  # Fully in place"),
        answer("marketing.social-posting", "0  # Not in place"),
        answer("data.sales-traffic", "1  # Partly in place"),
        answer(
            "technology.live-checkout",
            &format!("{{ level = \"n/a\", note = {} }}", js(WHY)),
        ),
    ];
    let mut text = template;
    for (from, to) in replacements {
        assert_eq!(text.matches(&from).count(), 1, "{from}");
        text = text.replace(&from, &to);
    }
    text
}

fn answer(id: &str, value: &str) -> (String, String) {
    (format!("# \"{id}\" = ?\n"), format!("\"{id}\" = {value}\n"))
}

/// Waits for the download of `name` to finish; returns its bytes.
fn downloaded(page: &mut Page, dir: &Path, name: &str) -> String {
    let begun = page.wait_for(|_, method, _| method == "Browser.downloadWillBegin");
    assert_eq!(begun["suggestedFilename"], name);
    assert!(begun["url"].as_str().unwrap().starts_with("blob:"));
    page.wait_for(|_, method, params| {
        method == "Browser.downloadProgress" && params["state"] == "completed"
    });
    std::fs::read_to_string(dir.join(name)).expect("the download landed")
}

#[test]
fn a_filled_form_downloads_an_answer_file_that_scores() {
    let Some(chrome) = chrome("a_filled_form_downloads_an_answer_file_that_scores") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    let url = write_form(
        dir.path(),
        "builtin:ecommerce",
        &["--organization", "Acme Outdoor Co."],
    );
    let mut page = Page::open(&chrome, &downloads);
    page.load(Some(&url));
    assert_eq!(page.eval(HELPERS), 79);
    assert_eq!(
        page.eval("performance.getEntriesByType('resource').length"),
        0,
        "the page loads nothing"
    );
    fill(&mut page);

    // Missing justification: the button refuses and says where.
    page.eval("document.getElementById('download').click()");
    let problems = page.eval("document.getElementById('problems').textContent");
    assert!(
        problems
            .as_str()
            .unwrap()
            .contains("Say why this does not apply"),
        "{problems}"
    );
    assert_eq!(
        page.eval("document.getElementById('answer-file')"),
        Value::Null
    );
    page.eval(&format!(
        "__t.note('technology.live-checkout', {})",
        js(WHY)
    ));

    let file = page.eval("window.rubricateAnswerFile()");
    let file = file.as_str().expect("a string").to_string();
    assert_eq!(file, expected_file());
    assert_eq!(
        page.eval("document.getElementById('progress-all').textContent"),
        "5 of 79 statements answered"
    );
    assert_eq!(
        page.eval("document.getElementById('progress-0').textContent"),
        "3 of 20"
    );

    // The button saves the same text through a Blob link named after the respondent.
    page.eval("document.getElementById('download').click()");
    assert_eq!(
        page.eval("document.getElementById('problems').textContent"),
        ""
    );
    let link = page.eval(
        "(() => { const a = document.getElementById('answer-file');\
          return [a.getAttribute('download'), a.href.slice(0, 5)]; })()",
    );
    assert_eq!(link, json!(["dana-o-neil.toml", "blob:"]));
    assert_eq!(downloaded(&mut page, &downloads, "dana-o-neil.toml"), file);
    assert_eq!(
        page.problems(),
        json!([]),
        "no script error, no CSP violation"
    );

    // A reload restores every answer from localStorage.
    page.load(None);
    assert_eq!(
        page.eval("window.rubricateAnswerFile()"),
        Value::from(file.clone())
    );
    assert_eq!(page.problems(), json!([]));

    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, &file).unwrap();
    check_scores(&answers);
}

/// `rubricate score` reads back exactly what was entered.
fn check_scores(answers: &Path) {
    let out = rubricate(&[
        "score",
        "builtin:ecommerce",
        answers.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let score: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(score["organization"], "Acme Outdoor Co.");
    let respondent = &score["respondents"][0];
    assert_eq!(respondent["name"], "Dana O'Neil");
    assert_eq!(respondent["date"], "2026-11-02");
    assert_eq!(respondent["role"], Value::Null);
    assert_eq!(respondent["answered"], 5);
    let mut responses = std::collections::BTreeMap::new();
    for pillar in score["pillars"].as_array().unwrap() {
        let explicit = pillar["id"] == "technology";
        assert_eq!(
            pillar["target_source"],
            if explicit { "answers" } else { "default" }
        );
        if explicit {
            assert_eq!(pillar["target"]["id"], "defined");
        }
        for stage in pillar["stages"].as_array().unwrap() {
            for indicator in stage["indicators"].as_array().unwrap() {
                if let Some(r) = indicator["responses"].as_array().unwrap().first() {
                    responses.insert(indicator["id"].as_str().unwrap().to_string(), r.clone());
                }
            }
        }
    }
    let level = |id: &str| responses[id]["value"].clone();
    assert_eq!(responses.len(), 5, "{responses:?}");
    assert_eq!(
        level("technology.saas-platform"),
        json!({"kind": "level", "level": 2.0})
    );
    assert_eq!(
        level("technology.prebuilt-theme"),
        json!({"kind": "level", "level": 3.0})
    );
    assert_eq!(
        level("marketing.social-posting"),
        json!({"kind": "level", "level": 0.0})
    );
    assert_eq!(
        level("data.sales-traffic"),
        json!({"kind": "level", "level": 1.0})
    );
    assert_eq!(
        level("technology.live-checkout"),
        json!({"kind": "not-applicable"})
    );
    assert_eq!(responses["technology.live-checkout"]["note"], WHY);
    let saas = &responses["technology.saas-platform"];
    assert_eq!(saas["note"], NOTE.trim());
    assert_eq!(
        saas["evidence"],
        json!(["https://example.com/a", "https://example.com/b?q=\"x\""])
    );
    assert_eq!(responses["technology.prebuilt-theme"]["note"], Value::Null);
}

#[test]
fn a_hostile_rubric_runs_nothing_in_the_form() {
    let Some(chrome) = chrome("a_hostile_rubric_runs_nothing_in_the_form") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = write_form(dir.path(), "tests/questionnaire/hostile.rubric", &[]);
    let mut page = Page::open(&chrome, dir.path());
    page.load(Some(&url));
    assert_eq!(page.eval("typeof window.pwned"), "undefined");
    assert_eq!(page.eval("document.scripts.length"), 2);
    assert_eq!(page.eval(HELPERS), 3);
    page.eval(
        "__t.level('p1.a', '1.5'); __t.type('r-organization', 'O'); __t.type('r-name', 'N');",
    );
    // The keyboard alone answers a statement: arrows move within its levels.
    page.call(
        "Emulation.setFocusEmulationEnabled",
        json!({"enabled": true}),
    );
    page.eval("document.getElementById('q1-l0').focus()");
    page.press("ArrowRight", 39);
    assert_eq!(page.eval("document.activeElement.id"), "q1-l1");
    let file = page.eval("window.rubricateAnswerFile()");
    let file = file.as_str().unwrap();
    assert!(
        file.contains("\n\"p1.a\" = 1.5  # Half <b>bold</b> & more\n"),
        "{file}"
    );
    assert!(file.contains("\n\"p1.b\" = 1.5  # Half"), "{file}");
    assert_eq!(page.eval("typeof window.pwned"), "undefined");
    assert_eq!(page.problems(), json!([]));
    let answers = dir.path().join("answers.toml");
    std::fs::write(&answers, file).unwrap();
    let out = rubricate(&[
        "score",
        "tests/questionnaire/hostile.rubric",
        answers.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
