//! Every input the fuzzers (`fuzz/`) found to crash or hang, kept as a
//! regression test: `tests/fuzz/<target>/` holds them as found, and each
//! is run the way its fuzz target runs it (see `fuzz/src/lib.rs`): no
//! panic, a result or an error, and the same diagnostics twice.

use std::path::{Path, PathBuf};

use rubricate::assessment;
use rubricate::diagnostics::{ColorChoice, Diagnostics, render_all};
use rubricate::model::{self, Rubric};
use rubricate::report::{self, Brand, Renderer, RubricReports};
use rubricate::scoring;
use rubricate::source::SourceMap;
use rubricate::theme;

/// The line that separates the rubric from the answers in a `pipeline`
/// input (as in `fuzz/src/lib.rs`).
const SEPARATOR: &str = "\n%%answers%%\n";

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn bundled() -> Rubric {
    let mut sources = SourceMap::new();
    model::compile("builtin:ecommerce", &mut sources)
        .rubric
        .expect("the bundled rubric compiles")
}

/// The answers saved where the loader can read them, with the extension
/// the fuzz target gives them (JSON when they start with `{`).
fn answer_file(dir: &Path, data: &[u8]) -> String {
    let json = data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let path = dir.join(if json { "answers.json" } else { "answers.toml" });
    std::fs::write(&path, data).unwrap();
    path.display().to_string()
}

fn rendered_compile(path: &str) -> String {
    let mut sources = SourceMap::new();
    let out = model::compile(path, &mut sources);
    let text = render_all(&sources, &out.diagnostics, ColorChoice::Never);
    assert!(
        out.rubric.is_some() || out.diagnostics.has_errors(),
        "{text}"
    );
    text
}

fn rendered_load(rubric: &Rubric, path: &str) -> String {
    let mut sources = SourceMap::new();
    let (a, diags) = assessment::load(rubric, &[path.to_string()], &mut sources);
    let text = render_all(&sources, &diags, ColorChoice::Never);
    assert!(a.is_some() || diags.has_errors(), "{text}");
    text
}

/// Multi-line labels over more lines than are shown (two long `scoring`
/// blocks) made the renderer hand codespan a line number 0, and it
/// panicked.
#[test]
fn rubric_inputs_found_by_fuzzing() {
    let found = inputs("rubric");
    assert!(!found.is_empty());
    for path in found {
        let path = path.display().to_string();
        assert_eq!(rendered_compile(&path), rendered_compile(&path), "{path}");
    }
}

#[test]
fn answer_inputs_found_by_fuzzing() {
    let rubric = bundled();
    let dir = tempfile::tempdir().unwrap();
    let found = inputs("answers");
    assert!(!found.is_empty());
    for input in found {
        let path = answer_file(dir.path(), &std::fs::read(&input).unwrap());
        let (a, b) = (rendered_load(&rubric, &path), rendered_load(&rubric, &path));
        assert_eq!(a, b, "{}", input.display());
    }
}

#[test]
fn pipeline_inputs_found_by_fuzzing() {
    let mut theme_sources = SourceMap::new();
    let mut diags = Diagnostics::new();
    let theme = theme::load(
        theme::DEFAULT_THEME,
        Path::new("."),
        &mut theme_sources,
        &mut diags,
    )
    .expect("the bundled theme loads");
    let renderer = Renderer::new(&theme, &mut theme_sources, &mut diags).expect("it compiles");
    let dir = tempfile::tempdir().unwrap();
    let found = inputs("pipeline");
    assert!(!found.is_empty());
    for input in found {
        let data = std::fs::read(&input).unwrap();
        let text = String::from_utf8_lossy(&data);
        let (rubric, answers) = match text.split_once(SEPARATOR) {
            Some((r, a)) => {
                let mut sources = SourceMap::new();
                let out = model::compile_text("fuzz.rubric", r, &mut sources);
                let _ = render_all(&sources, &out.diagnostics, ColorChoice::Never);
                match out.rubric {
                    Some(rubric) => (rubric, a.to_string()),
                    None => continue,
                }
            }
            None => (bundled(), text.into_owned()),
        };
        let mut sources = theme_sources.clone();
        let path = answer_file(dir.path(), answers.as_bytes());
        let (a, diags) = assessment::load(&rubric, &[path], &mut sources);
        let _ = render_all(&sources, &diags, ColorChoice::Never);
        let Some(a) = a else { continue };
        let card = scoring::score(&rubric, &a, Some(&a));
        let brand = Brand::default();
        let one = report::Assessed {
            card: &card,
            brand: &brand,
            client_logo: None,
            narrative: None,
            appendix: report::Appendix::Full,
            period: None,
        };
        let html = RubricReports::new(&rubric)
            .render(&renderer, &rubric, &one, &mut sources)
            .unwrap_or_else(|d| panic!("{}: {}", input.display(), d.message));
        assert!(html.contains("</html>"), "{}", input.display());
    }
}
