//! The functions every fuzz target runs, shared by the libFuzzer targets
//! (`fuzz_targets/`, through `cargo fuzz`) and the stable driver
//! (`src/bin/drive.rs`). Each takes arbitrary bytes and must return: a
//! panic, a hang or a non-deterministic result is a bug. The properties
//! checked are the ones the README's "Security" section promises.

use std::cell::RefCell;
use std::path::PathBuf;

use rubricate::assessment;
use rubricate::diagnostics::{ColorChoice, render_all};
use rubricate::model::{self, Rubric};
use rubricate::report::{self, Brand, Renderer, RubricReports};
use rubricate::scoring;
use rubricate::source::SourceMap;
use rubricate::theme;

/// The line that separates the rubric from the answers in a `pipeline`
/// input. Without it, the whole input is answers to the bundled rubric.
pub const SEPARATOR: &str = "\n%%answers%%\n";

thread_local! {
    /// A folder for the files the loaders read (they take paths, not text).
    static SCRATCH: tempfile::TempDir = tempfile::tempdir().expect("a temporary folder");
    /// The bundled rubric, compiled once.
    static BUNDLED: Rubric = {
        let mut sources = SourceMap::new();
        model::compile("builtin:ecommerce", &mut sources)
            .rubric
            .expect("the bundled rubric compiles")
    };
    /// The bundled default theme, compiled once, and the sources it was
    /// read into (its diagnostics refer to them).
    static THEME: RefCell<(Renderer, SourceMap)> = {
        let mut sources = SourceMap::new();
        let mut diags = rubricate::diagnostics::Diagnostics::new();
        let theme = theme::load(theme::DEFAULT_THEME, std::path::Path::new("."), &mut sources, &mut diags)
            .expect("the bundled theme loads");
        let renderer = Renderer::new(&theme, &mut sources, &mut diags).expect("the bundled theme compiles");
        RefCell::new((renderer, sources))
    };
}

/// Writes `data` to a file named `name` in the scratch folder.
fn scratch_file(name: &str, data: &[u8]) -> PathBuf {
    let path = SCRATCH.with(|dir| dir.path().join(name));
    std::fs::write(&path, data).expect("the scratch folder is writable");
    path
}

/// Rubric text → compiled model or diagnostics, through the file loader
/// (decoding, byte-order mark, includes confined to the scratch folder).
/// A result is a model or at least one error, and the same input gives the
/// same diagnostics twice.
pub fn rubric(data: &[u8]) {
    let path = scratch_file("fuzz.rubric", data).display().to_string();
    let first = compile_rendered(&path);
    let second = compile_rendered(&path);
    assert_eq!(first, second, "the same rubric gave different diagnostics");
}

fn compile_rendered(path: &str) -> String {
    let mut sources = SourceMap::new();
    let out = model::compile(path, &mut sources);
    let rendered = render_all(&sources, &out.diagnostics, ColorChoice::Never);
    assert!(
        out.rubric.is_some() || out.diagnostics.has_errors(),
        "neither a rubric nor an error:\n{rendered}"
    );
    if let Some(rubric) = &out.rubric {
        let _ = assessment::template(rubric);
    }
    rendered
}

/// The answer file name for `data`: JSON when it starts like an object.
fn answer_name(data: &[u8]) -> &'static str {
    let first = data.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        "answers.json"
    } else {
        "answers.toml"
    }
}

/// An answer file (TOML, or JSON when it starts with `{`) checked against
/// the bundled rubric: an assessment or errors, deterministically.
pub fn answers(data: &[u8]) {
    let path = scratch_file(answer_name(data), data).display().to_string();
    BUNDLED.with(|rubric| {
        let first = load_rendered(rubric, &path);
        let second = load_rendered(rubric, &path);
        assert_eq!(first, second, "the same answers gave different diagnostics");
    });
}

fn load_rendered(rubric: &Rubric, path: &str) -> String {
    let mut sources = SourceMap::new();
    let (assessment, diags) = assessment::load(rubric, &[path.to_string()], &mut sources);
    let rendered = render_all(&sources, &diags, ColorChoice::Never);
    assert!(
        assessment.is_some() || diags.has_errors(),
        "neither an assessment nor an error:\n{rendered}"
    );
    if let Some(a) = &assessment {
        let _ = scoring::score(rubric, a, None);
    }
    rendered
}

/// Rubric + answers + the bundled default theme → HTML. The input is a
/// rubric, [`SEPARATOR`], then an answer file; without the separator it is
/// an answer file for the bundled rubric.
pub fn pipeline(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (rubric, answers) = match text.split_once(SEPARATOR) {
        Some((rubric, answers)) => {
            let mut sources = SourceMap::new();
            let out = model::compile_text("fuzz.rubric", rubric, &mut sources);
            let _ = render_all(&sources, &out.diagnostics, ColorChoice::Never);
            match out.rubric {
                Some(r) => (r, answers.to_string()),
                None => return,
            }
        }
        None => (BUNDLED.with(Rubric::clone), text.into_owned()),
    };
    let path = scratch_file(answer_name(answers.as_bytes()), answers.as_bytes());
    THEME.with(|theme| {
        let (renderer, theme_sources) = &*theme.borrow();
        let mut sources = theme_sources.clone();
        let files = [path.display().to_string()];
        let (assessment, diags) = assessment::load(&rubric, &files, &mut sources);
        let _ = render_all(&sources, &diags, ColorChoice::Never);
        let Some(assessment) = assessment else {
            return;
        };
        let card = scoring::score(&rubric, &assessment, Some(&assessment));
        let reports = RubricReports::new(&rubric);
        let brand = Brand::default();
        let one = report::Assessed {
            card: &card,
            brand: &brand,
            client_logo: None,
            narrative: None,
            appendix: report::Appendix::Full,
            period: None,
        };
        match reports.render(renderer, &rubric, &one, &mut sources) {
            Ok(html) => assert!(html.contains("</html>"), "a report without its end"),
            Err(d) => panic!("a valid assessment did not render: {}", d.message),
        }
    });
}
