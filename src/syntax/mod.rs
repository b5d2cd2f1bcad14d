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

/// What [`parse`] read from one file.
pub struct Parsed {
    pub items: Vec<ast::Item>,
    pub diagnostics: Diagnostics,
    /// False when the file could not be read as a whole (the items are then
    /// missing, and checks that need the whole rubric would only add noise).
    pub complete: bool,
}

/// Parses one file. The items are usable even when diagnostics contain
/// errors (they hold what could be read), which lets the resolver report
/// its own problems in the same run.
pub fn parse(file: FileId, text: &str) -> Parsed {
    if let Some(d) = check_nesting(file, text) {
        return Parsed {
            items: Vec::new(),
            diagnostics: d.into(),
            complete: false,
        };
    }
    pest::set_error_detail(true);
    match parse_complete(file, text) {
        Ok((items, diagnostics)) => Parsed {
            items,
            diagnostics,
            complete: true,
        },
        Err(error) => {
            let diagnostic = errors::from_pest(file, text, &error);
            // An unclosed block is the one whole-file failure worth
            // recovering from: close it and read on, so the file's other
            // problems are reported in the same run.
            let missing = errors::unclosed_count(text);
            if missing > 0 {
                let mut closed = text.to_string();
                closed.push('\n');
                closed.push_str(&"}\n".repeat(missing));
                if let Ok((items, mut diagnostics)) = parse_complete(file, &closed) {
                    diagnostics.push(diagnostic);
                    return Parsed {
                        items,
                        diagnostics,
                        complete: true,
                    };
                }
            }
            Parsed {
                items: Vec::new(),
                diagnostics: diagnostic.into(),
                complete: false,
            }
        }
    }
}

fn parse_complete(
    file: FileId,
    text: &str,
) -> Result<(Vec<ast::Item>, Diagnostics), Box<pest::error::Error<Rule>>> {
    let mut pairs = RubricParser::parse(Rule::file, text).map_err(Box::new)?;
    let Some(root) = pairs.next() else {
        return Ok((Vec::new(), Diagnostics::new()));
    };
    let mut lowerer = lower::Lowerer::new(file, text);
    let items = lowerer.file(root);
    Ok((items, lowerer.finish()))
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
