//! Stage 1 of the pipeline: `.rubric` text → spanned [`ast`] items.
//!
//! The pest grammar lives in `grammar/rubric.pest`. Parsing never stops at
//! the first bad line: the grammar's catch-all rule turns each line it
//! cannot read into an `unknown_statement`, and [`lower`] explains every one
//! of them, so a file's problems are all reported in one run.

pub mod ast;
mod errors;
mod lower;

use pest::Parser;
use pest_derive::Parser;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source::{FileId, Span};

#[derive(Parser)]
#[grammar = "../grammar/rubric.pest"]
pub(crate) struct RubricParser;

/// Blocks nested deeper than this are refused before parsing, so hostile
/// input cannot exhaust the stack of the recursive-descent parser.
const MAX_NESTING: usize = 32;

/// Parses one file. The items are usable even when diagnostics contain
/// errors (they hold what could be read), which lets the resolver report
/// its own problems in the same run.
pub fn parse(file: FileId, text: &str) -> (Vec<ast::Item>, Diagnostics) {
    let mut diags = Diagnostics::new();
    if let Some(d) = check_nesting(file, text) {
        diags.push(d);
        return (Vec::new(), diags);
    }
    pest::set_error_detail(true);
    match RubricParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let Some(root) = pairs.next() else {
                return (Vec::new(), diags);
            };
            let mut lowerer = lower::Lowerer::new(file, text);
            let items = lowerer.file(root);
            diags.extend(lowerer.finish());
            (items, diags)
        }
        Err(error) => {
            diags.push(errors::from_pest(file, text, &error));
            (Vec::new(), diags)
        }
    }
}

fn check_nesting(file: FileId, text: &str) -> Option<Diagnostic> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(
                        Diagnostic::error(
                            "E0007",
                            format!("blocks are nested more than {MAX_NESTING} levels deep"),
                        )
                        .with_primary(Span::new(file, i..i + 1), "too deep")
                        .with_help("a rubric needs at most four levels: pillar, at, indicator and their properties"),
                    );
                }
            }
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
