//! The HTML report, through the real binary: full-output snapshots of the
//! example in both bundled themes, determinism, HTML validity (html5ever),
//! self-containment, a hostile answer file, theme inheritance, the template
//! sandbox (includes outside the theme, symlinks, runaway loops) and brand
//! validation.

#[path = "support/example.rs"]
mod example;
use example::{BASELINE, CURRENT};

#[path = "support/html.rs"]
mod html;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const CSP_META: &str = r#"<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;; img-src data:; style-src &#x27;unsafe-inline&#x27;; font-src data:; script-src &#x27;none&#x27;; frame-src &#x27;none&#x27;; object-src &#x27;none&#x27;; base-uri &#x27;none&#x27;; form-action &#x27;none&#x27;">"#;

/// Runs `rubricate report builtin:ecommerce ANSWERS… EXTRA… -o OUT`.
fn run(answers: &[&str], extra: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rubricate"))
        .arg("report")
        .arg("builtin:ecommerce")
        .args(answers)
        .args(extra)
        .arg("-o")
        .arg(out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The report's HTML, asserting success.
fn render(answers: &[&str], extra: &[&str]) -> String {
    let dir = tmp();
    let out = dir.path().join("report.html");
    let result = run(answers, extra, &out);
    assert_eq!(
        result.status.code(),
        Some(0),
        "stderr:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read_to_string(&out).expect("report written")
}

/// stderr of a failing run, asserting exit 1 and that nothing was written.
fn fails(answers: &[&str], extra: &[&str]) -> String {
    let dir = tmp();
    let out = dir.path().join("report.html");
    let result = run(answers, extra, &out);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(!out.exists(), "a failed build must not write a report");
    stderr
}

fn example(theme: &str) -> String {
    let mut extra = vec!["--theme", theme, "--baseline"];
    extra.extend_from_slice(&BASELINE);
    render(&CURRENT, &extra)
}

#[test]
fn example_report_default_theme() {
    insta::assert_snapshot!("example_default", example("default"));
}

#[test]
fn example_report_print_theme() {
    insta::assert_snapshot!("example_print", example("print"));
}

#[test]
fn reports_are_byte_identical_for_identical_inputs() {
    let a = example("default");
    let b = example("default");
    assert!(a == b, "two runs differ");
    let mut reversed: Vec<&str> = CURRENT.to_vec();
    reversed.reverse();
    let mut extra = vec!["--theme", "default", "--baseline"];
    extra.extend_from_slice(&BASELINE);
    assert!(
        render(&reversed, &extra) == a,
        "answer-file order changed the report"
    );
}

#[test]
fn reports_are_valid_self_contained_html() {
    let hostile = ["tests/report/hostile/attacker.toml"];
    let cases = [
        ("default", example("default")),
        ("print", example("print")),
        ("hostile", render(&hostile, &[])),
        (
            "brand",
            render(&CURRENT, &["--brand", "tests/report/brands/ok.toml"]),
        ),
    ];
    for (name, report) in cases {
        let (dom, errors) = html::parse(&report);
        assert!(errors.is_empty(), "{name}: HTML parse errors: {errors:#?}");
        assert_eq!(html::unsafe_parts(&dom), Vec::<String>::new(), "{name}");
        assert_eq!(html::duplicate_ids(&dom), Vec::<String>::new(), "{name}");
        assert!(
            report.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{name}"
        );
        assert!(report.contains(CSP_META), "{name}: CSP meta missing");
        for (tag, attrs) in html::elements(&dom) {
            if tag == "img" {
                assert!(
                    attrs.iter().any(|(k, v)| k == "alt" && !v.is_empty()),
                    "{name}: img without alt"
                );
            }
        }
        // Every chart has an accessible name.
        let charts = report.matches("<svg class=\"chart").count();
        let titled = report.matches("role=\"img\"").count();
        assert!(
            charts > 0 && charts == titled,
            "{name}: {charts} charts, {titled} with role=img"
        );
    }
}

#[test]
fn hostile_answer_file_cannot_inject_anything() {
    let report = render(&["tests/report/hostile/attacker.toml"], &[]);
    let lower = report.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "script tag leaked");
    assert!(!lower.contains("<iframe"), "iframe leaked");
    assert!(!lower.contains("<object"), "object leaked");
    assert!(
        !lower.contains("<a href=\"javascript"),
        "javascript link leaked"
    );
    assert!(!lower.contains("<a href=\"file:"), "file link leaked");
    assert_eq!(
        report.matches("</style>").count(),
        1,
        "a value closed the stylesheet"
    );
    assert!(
        report.contains(
            "<title>Ecommerce maturity model — Evil Corp &lt;&#x2f;style&gt;&lt;script&gt;"
        ),
        "the organisation is escaped in the title"
    );
    // Template syntax in answers is data, printed as written, never run.
    assert!(report.contains("{{ 7 * 7 }}"));
    assert!(report.contains("{% for i in range(10) %}loop{% endfor %}"));
    // Escaped, visible text rather than markup.
    assert!(
        report.contains("&lt;script&gt;alert(&#x27;note&#x27;)&lt;&#x2f;script&gt;")
            || report.contains("&lt;script&gt;alert('note')&lt;/script&gt;")
    );
    // The long word survives whole; the stylesheet lets it wrap.
    assert!(report.contains(&"A".repeat(400)));
    assert!(report.contains("overflow-wrap: anywhere"));
    // The allowed evidence link is kept, the others are text only.
    assert!(report.contains("href=\"https://example.com/ok\""));
    let (dom, errors) = html::parse(&report);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(html::unsafe_parts(&dom), Vec::<String>::new());
    insta::assert_snapshot!(
        "hostile_notes",
        report
            .lines()
            .filter(|l| l.contains("class=\"note\"") || l.contains("class=\"evidence\""))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn theme_extending_default_overrides_one_block() {
    let report = render(&CURRENT, &["--theme", "tests/report/themes/override-block"]);
    assert!(report.contains("<h2>Custom summary for Acme Outdoor Co.</h2>"));
    assert!(
        !report.contains("Executive summary</h2>"),
        "the overridden block is gone"
    );
    assert!(
        report.contains("id=\"roadmap\""),
        "other blocks are inherited"
    );
    assert!(
        report.contains("--primary: #5b2a86;"),
        "the child's variable wins"
    );
    assert!(report.contains("body class=\"theme-override-block\""));
}

#[test]
fn theme_overrides_a_single_template() {
    let report = render(
        &CURRENT,
        &["--theme", "tests/report/themes/override-template"],
    );
    assert!(report.contains("<h1>Our own cover for Acme Outdoor Co.</h1>"));
    assert!(report.contains("Executive summary</h2>"));
}

/// Diagnostics with the temp-dir-free, platform-neutral paths kept stable.
fn normalise(stderr: &str) -> String {
    stderr.replace('\\', "/")
}

#[test]
fn theme_cannot_include_files_outside_its_chain() {
    let escape = fails(&CURRENT, &["--theme", "tests/report/themes/escape"]);
    assert!(
        !escape.contains("root:"),
        "file content leaked into the error"
    );
    insta::assert_snapshot!("include_escape", normalise(&escape));
    let absolute = fails(&CURRENT, &["--theme", "tests/report/themes/absolute"]);
    assert!(absolute.contains("template error"), "{absolute}");
    assert!(absolute.contains("cover.html:1:"), "{absolute}");
}

#[cfg(unix)]
#[test]
fn theme_symlink_out_of_its_folder_is_refused() {
    let dir = tmp();
    let theme = dir.path().join("linked");
    std::fs::create_dir(&theme).unwrap();
    std::fs::write(
        theme.join("theme.toml"),
        "name = \"linked\"\nextends = \"default\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", theme.join("cover.html")).unwrap();
    let stderr = fails(&CURRENT, &["--theme", theme.to_str().unwrap()]);
    assert!(
        stderr.contains("error[E0406]: theme file `cover.html` links outside the theme folder"),
        "{stderr}"
    );
    assert!(!stderr.contains("root:"), "{stderr}");
}

#[test]
fn runaway_templates_stop_with_an_error() {
    let started = Instant::now();
    let looping = fails(&CURRENT, &["--theme", "tests/report/themes/loop"]);
    assert!(
        looping.contains("the template ran too long and was stopped"),
        "{looping}"
    );
    assert!(looping.contains("cover.html:2:"), "{looping}");
    let recursion = fails(&CURRENT, &["--theme", "tests/report/themes/recursion"]);
    assert!(recursion.contains("recursion"), "{recursion}");
    let huge = fails(&CURRENT, &["--theme", "tests/report/themes/huge"]);
    assert!(
        huge.contains("the report grew past 64 MB and was stopped"),
        "{huge}"
    );
    assert!(
        huge.contains("while rendering a template of theme `huge`"),
        "{huge}"
    );
    // Generous bound: the point is "stops", not a speed target.
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn invalid_theme_variables_are_reported_not_pasted() {
    let stderr = fails(&CURRENT, &["--theme", "tests/report/themes/bad-vars"]);
    insta::assert_snapshot!("bad_theme", normalise(&stderr));
}

#[test]
fn invalid_brand_values_are_reported_together() {
    let stderr = fails(&CURRENT, &["--brand", "tests/report/brands/bad.toml"]);
    insta::assert_snapshot!("bad_brand", normalise(&stderr));
}

#[test]
fn brand_applies_to_any_theme() {
    for theme in ["default", "print"] {
        let report = render(
            &CURRENT,
            &["--theme", theme, "--brand", "tests/report/brands/ok.toml"],
        );
        assert!(
            report.contains("Tiny &amp; Co &lt;Consulting&gt;"),
            "{theme}"
        );
        assert!(
            report.contains("<p class=\"address\">1 Small Street &lt;Suite 2&gt;\nTinytown</p>"),
            "{theme}: the contact address, escaped, on the cover"
        );
        assert!(
            report.contains("src=\"data:image/svg+xml;base64,"),
            "{theme}: logo embedded"
        );
        assert!(
            report.contains("size: Letter;"),
            "{theme}: page size from the brand"
        );
        assert!(
            report.contains("--primary: #00bb55;"),
            "{theme}: brand colour"
        );
        assert!(
            report.contains("--font-body: \"Source Sans 3\", \"Arial\", sans-serif;"),
            "{theme}"
        );
        assert!(
            report.contains(
                "content: \"Confidential: prepared for the client's board \\3c only\\3e \";"
            ),
            "{theme}: footer as a CSS string"
        );
    }
}

#[test]
fn pale_brand_colour_is_a_warning() {
    let dir = tmp();
    let out = dir.path().join("r.html");
    let result = run(
        &CURRENT,
        &["--brand", "tests/report/brands/light.toml"],
        &out,
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning[W0301]"), "{stderr}");
}

#[test]
fn unknown_theme_gets_a_suggestion() {
    let stderr = fails(&CURRENT, &["--theme", "prnt"]);
    assert!(
        stderr.contains("unknown theme `prnt`") && stderr.contains("did you mean `print`?"),
        "{stderr}"
    );
}

#[test]
fn bad_answers_write_nothing_even_over_an_old_report() {
    let dir = tmp();
    let out: PathBuf = dir.path().join("report.html");
    std::fs::write(&out, "previous good report").unwrap();
    let result = run(&["tests/answers/broken/unknown-indicator.toml"], &[], &out);
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "previous good report"
    );
}

/// The assessor's narrative lands where a reader expects it: the summary
/// first in the executive summary, findings and recommendations after the
/// pillars at a glance, commentary on its pillar's page; sanitised.
#[test]
fn narrative_sections_are_placed_and_sanitised() {
    let html = render(
        &CURRENT,
        &[
            "--narrative",
            "examples/northwind-consulting/clients/acme-outdoor/narrative.md",
        ],
    );
    let (dom, errors) = html::parse(&html);
    assert!(errors.is_empty(), "{errors:?}");
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(
        at("class=\"narrative narrative-summary\"") < at("class=\"headline-card\""),
        "the summary comes first"
    );
    assert!(at("class=\"pillar-lines\"") < at("class=\"narrative narrative-findings\""));
    assert!(
        at("class=\"narrative narrative-findings\"")
            < at("class=\"narrative narrative-recommendations\"")
    );
    let operations = at("id=\"pillar-operations\"");
    let commentary = html[operations..]
        .find("class=\"narrative narrative-pillar\"")
        .unwrap()
        + operations;
    let next_pillar = html[operations..].find("id=\"pillar-data\"").unwrap() + operations;
    assert!(
        commentary < next_pillar,
        "the commentary is on the operations page"
    );
    assert_eq!(
        html.matches("class=\"narrative narrative-pillar\"").count(),
        2
    );
    assert!(html::unsafe_parts(&dom).is_empty());

    let hostile = render(
        &CURRENT,
        &["--narrative", "tests/report/narrative/hostile.md"],
    );
    let (dom, _) = html::parse(&hostile);
    assert!(
        html::unsafe_parts(&dom).is_empty(),
        "{:?}",
        html::unsafe_parts(&dom)
    );
    assert!(!hostile.contains("<script>alert"));
    assert!(!hostile.contains("javascript:"));
    assert!(
        hostile.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || hostile.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}

#[test]
fn narrative_headings_that_name_nothing_are_errors() {
    let stderr = fails(
        &CURRENT,
        &["--narrative", "tests/report/narrative/unknown-headings.md"],
    );
    insta::assert_snapshot!("narrative_unknown_headings", stderr);
}

/// `--appendix full | summary | none`: the full rubric only in `full`, the
/// methodology and coverage in `summary`, no appendix (and no contents
/// entry) in `none`.
#[test]
fn appendix_setting_controls_the_appendix() {
    let full = render(&CURRENT, &["--appendix", "full"]);
    let summary = render(&CURRENT, &["--appendix", "summary"]);
    let none = render(&CURRENT, &["--appendix", "none"]);
    assert!(full.contains("id=\"rubric\"") && full.contains("id=\"methodology\""));
    assert!(!summary.contains("id=\"rubric\"") && summary.contains("id=\"methodology\""));
    assert!(summary.contains("id=\"coverage\""));
    assert!(!none.contains("id=\"appendix\"") && !none.contains("href=\"#appendix\""));
    for html in [&full, &summary, &none] {
        assert!(html::parse(html).1.is_empty());
    }
}

/// Brand fonts are embedded as `data:` URIs under our own family names and
/// lead the font stacks; the report stays self-contained and deterministic.
#[test]
fn brand_fonts_are_embedded() {
    let extra = ["--brand", "tests/report/brands/fonts.toml"];
    let report = render(&CURRENT, &extra);
    assert_eq!(report, render(&CURRENT, &extra), "deterministic with fonts");
    for family in ["rubricate-brand-body", "rubricate-brand-heading"] {
        assert!(
            report.contains(&format!(
                "@font-face {{ font-family: \"{family}\"; src: url(data:font/woff2;base64,"
            )),
            "{family}"
        );
    }
    assert!(report.contains("--font-body: \"rubricate-brand-body\", "));
    assert!(report.contains("--font-heading: \"rubricate-brand-heading\", "));
    let (dom, errors) = html::parse(&report);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(html::unsafe_parts(&dom).is_empty());
    assert!(report.contains(CSP_META), "font-src data: only");
}

#[test]
fn a_brand_font_that_is_not_a_font_is_an_error() {
    let stderr = fails(&CURRENT, &["--brand", "tests/report/brands/bad-font.toml"]);
    insta::assert_snapshot!("brand_bad_font", stderr);
}

/// Theme authoring: an ejected theme is a working starting point, and the
/// silent mistakes of a child theme (a misspelt block, a variable nothing
/// reads) are warnings with a did-you-mean, once.
#[test]
fn theme_authoring_eject_and_lint() {
    let dir = tmp();
    let rubricate = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rubricate"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("runs")
    };
    let out = rubricate(&["theme", "eject", "default", "mine"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        rubricate(&["theme", "eject", "default", "mine"])
            .status
            .code(),
        Some(1)
    );
    let answers: Vec<String> = CURRENT
        .iter()
        .map(|a| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(a)
                .display()
                .to_string()
        })
        .collect();
    let mut args = vec!["report", "builtin:ecommerce"];
    args.extend(answers.iter().map(String::as_str));
    let mut ejected = args.clone();
    ejected.extend(["--theme", "mine", "-o", "a.html"]);
    let out = rubricate(&ejected);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"));

    let child = dir.path().join("child");
    std::fs::create_dir(&child).unwrap();
    std::fs::write(
        child.join("theme.toml"),
        "name = \"child\"\nextends = \"default\"\n\n[variables]\nprimray = \"#123456\"\n",
    )
    .unwrap();
    std::fs::write(
        child.join("report.html"),
        "{% extends \"default/report.html\" %}\n{% block summery %}<p>Ours</p>{% endblock %}\n",
    )
    .unwrap();
    let mut with_child = args.clone();
    with_child.extend(["--theme", "child", "-o", "b.html"]);
    let out = rubricate(&with_child);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    insta::assert_snapshot!("theme_lint_warnings", stderr);
}
