//! No input makes the compiler panic: random token soup and random
//! mutations of the bundled rubric must all come back as a result (a model
//! or diagnostics), and rendering those diagnostics must not panic either.

use proptest::prelude::*;
use rubricate::diagnostics::{ColorChoice, render_all};
use rubricate::model;
use rubricate::source::SourceMap;

const BUNDLED: &str = include_str!("../rubrics/ecommerce.rubric");

const TOKENS: &[&str] = &[
    "rubric",
    "scale",
    "stage",
    "pillar",
    "at",
    "indicator",
    "advance",
    "action",
    "scoring",
    "include",
    "met",
    "weight",
    "title",
    "pillar",
    "cross-cutting",
    "serves",
    "after",
    "->",
    "{",
    "}",
    "\"",
    "\"\"\"",
    "#",
    "\n",
    " ",
    "\t",
    "x",
    "a.b",
    "0",
    "-1",
    "2.5",
    "é",
    "\u{0}",
    "\\",
    "impact",
    "high",
    "default",
    "gated",
    "\r\n",
    "{{",
    "}}",
];

fn compile(text: &str) {
    let mut sources = SourceMap::new();
    let out = model::compile_text("fuzz.rubric", text, &mut sources);
    let rendered = render_all(&sources, &out.diagnostics, ColorChoice::Never);
    // A result is either a model or at least one error, never neither.
    assert!(
        out.rubric.is_some() || out.diagnostics.has_errors(),
        "{rendered}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..200)) {
        compile(&tokens.concat());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        compile(&text);
    }

    #[test]
    fn mutated_bundled_rubric_never_panics(
        edits in prop::collection::vec((0..BUNDLED.len(), 0usize..4, prop::sample::select(TOKENS)), 1..8)
    ) {
        let mut text = BUNDLED.to_string();
        for (at, kind, token) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            match kind {
                0 => text.insert_str(at, token),
                1 => { let end = (at + 7).min(text.len()); let mut end = end; while !text.is_char_boundary(end) { end -= 1; } text.replace_range(at..end, ""); }
                2 => text.truncate(at),
                _ => { text.replace_range(at..at, "\n"); text.insert_str(at, token); }
            }
        }
        compile(&text);
    }
}
