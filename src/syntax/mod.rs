//! Stage 1 of the pipeline: `.rubric` text → spanned [`ast`] items.
//!
//! The pest grammar lives in `grammar/rubric.pest`. Parsing never stops at
//! the first bad line: the grammar's catch-all rule turns each line it
//! cannot read into an `unknown_statement`, and [`lower`] explains every one
//! of them, so a file's problems are all reported in one run.

pub mod ast;
mod errors;
mod fast;
mod lower;
mod recover;

use std::sync::{PoisonError, RwLock};

use pest::Parser;
use pest::iterators::Pairs;
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
    /// Names declared in statements that could not be read: the resolver
    /// stays silent about them, since the error here already explains.
    pub poisoned: Vec<ast::Poisoned>,
}

impl Parsed {
    fn failed(diagnostic: Diagnostic) -> Parsed {
        Parsed {
            items: Vec::new(),
            diagnostics: diagnostic.into(),
            complete: false,
            poisoned: Vec::new(),
        }
    }
}

/// Parses one file. The items are usable even when diagnostics contain
/// errors (they hold what could be read), which lets the resolver report
/// its own problems in the same run.
pub fn parse(file: FileId, text: &str) -> Parsed {
    if let Some(d) = check_nesting(file, text) {
        return Parsed::failed(d);
    }
    let (joined, orphans) = recover::join_orphan_braces(text);
    let mut parsed = parse_text(file, &joined);
    for o in orphans {
        let d = errors::orphan_brace(file, text, o.brace, o.declaration);
        parsed.diagnostics.push(d);
    }
    parsed
}

/// Guards pest's error-detail switch, a process-wide flag that each parse
/// reads when it starts: a fast parse holds the lock shared, with the flag
/// off; a detailed parse holds it alone, with the flag on.
static ERROR_DETAIL: RwLock<()> = RwLock::new(());

/// Parses `text` as `rule` without recording what each failed attempt
/// expected. That record is what diagnostics are made of, but keeping it
/// costs most of the parse (every failed keyword, every look-ahead at every
/// character): a text that parses does not need it. The result is the same
/// as [`parse_detailed`]'s; only the error carries less.
fn parse_fast(rule: Rule, text: &str) -> Result<Pairs<'_, Rule>, ()> {
    let _shared = ERROR_DETAIL.read().unwrap_or_else(PoisonError::into_inner);
    RubricParser::parse(rule, text).map_err(drop)
}

/// Parses `text` as `rule`, recording for an error every rule and token
/// that was expected at the furthest position reached (see
/// [`errors::expectations`]).
fn parse_detailed(rule: Rule, text: &str) -> Result<Pairs<'_, Rule>, pest::error::Error<Rule>> {
    let _alone = ERROR_DETAIL.write().unwrap_or_else(PoisonError::into_inner);
    pest::set_error_detail(true);
    let result = RubricParser::parse(rule, text);
    pest::set_error_detail(false);
    result
}

/// Parses `text`, recovering from unclosed blocks.
fn parse_text(file: FileId, text: &str) -> Parsed {
    if let Ok(parsed) = parse_complete(file, text, None) {
        return parsed;
    }
    // Parsed again, for the details of the error only.
    let error = match parse_detailed(Rule::file, text) {
        Err(error) => error,
        // Details change what an error holds, never whether there is one.
        Ok(pairs) => return lower(file, text, None, pairs),
    };
    let diagnostic = errors::from_pest(file, text, &error);
    // An unclosed block is the one whole-file failure worth recovering
    // from: close it and read on, so the file's other problems are
    // reported in the same run.
    recover_by_indentation(file, text)
        .or_else(|| recover_at_end(file, text, diagnostic.clone()))
        .unwrap_or_else(|| Parsed::failed(diagnostic))
}

/// Puts each missing `}` back where indentation says it belongs and reads
/// the repaired text: one error per missing `}`, at that place, and the
/// rest of the file read as written. A block that indentation does not
/// close is closed at the end of the file, as [`recover_at_end`] does.
fn recover_by_indentation(file: FileId, text: &str) -> Option<Parsed> {
    let missing = recover::missing_closes(text).filter(|m| !m.is_empty())?;
    let repaired = recover::repaired(text, &missing)?;
    let swallowed_from = missing.iter().find(|m| m.before.is_none()).map(|m| m.open);
    let mut parsed = parse_complete(file, &repaired, swallowed_from).ok()?;
    let mut at_end = Vec::new();
    for m in &missing {
        match m.before {
            Some(before) => parsed
                .diagnostics
                .push(errors::unclosed_before(file, text, m.open, before)),
            None => at_end.push(m.open),
        }
    }
    if !at_end.is_empty() {
        parsed
            .diagnostics
            .push(errors::unclosed_at_end(file, text, &at_end));
    }
    Some(parsed)
}

/// Closes every open block at the end of the file. What follows the
/// outermost unclosed `{` was then read as that block's body, so the
/// declarations found there are not reported as misplaced (the unclosed
/// block explains them) and their names are poisoned.
fn recover_at_end(file: FileId, text: &str, diagnostic: Diagnostic) -> Option<Parsed> {
    let opens = errors::open_braces(text);
    let outermost = *opens.first()?;
    let mut closed = text.to_string();
    closed.push('\n');
    closed.push_str(&"}\n".repeat(opens.len()));
    let mut parsed = parse_complete(file, &closed, Some(outermost)).ok()?;
    parsed.diagnostics.push(diagnostic);
    Some(parsed)
}

/// Parses and lowers `text`. With `swallowed_from`, misplaced declarations
/// after that offset are read as the knock-on of an unclosed block.
fn parse_complete(file: FileId, text: &str, swallowed_from: Option<usize>) -> Result<Parsed, ()> {
    // A file written correctly has nothing to report: read it directly.
    if let Some(items) = fast::parse(file, text) {
        return Ok(Parsed {
            items,
            diagnostics: Diagnostics::new(),
            complete: true,
            poisoned: Vec::new(),
        });
    }
    parse_with_pest(file, text, swallowed_from)
}

/// [`parse_complete`] by the grammar alone, without the fast path.
fn parse_with_pest(file: FileId, text: &str, swallowed_from: Option<usize>) -> Result<Parsed, ()> {
    let pairs = parse_fast(Rule::file, text)?;
    Ok(lower(file, text, swallowed_from, pairs))
}

/// Lowers the pairs of a parsed file.
fn lower(
    file: FileId,
    text: &str,
    swallowed_from: Option<usize>,
    mut pairs: Pairs<'_, Rule>,
) -> Parsed {
    let mut lowerer = lower::Lowerer::new(file, text, swallowed_from);
    let items = match pairs.next() {
        Some(root) => lowerer.file(root),
        None => Vec::new(),
    };
    let (diagnostics, poisoned) = lowerer.finish();
    Parsed {
        items,
        diagnostics,
        complete: true,
        poisoned,
    }
}

fn check_nesting(file: FileId, text: &str) -> Option<Diagnostic> {
    let mut depth = 0usize;
    // Bytes, not chars: braces are ASCII, and a UTF-8 continuation byte
    // never is, so the offsets are the same.
    for (i, c) in text.bytes().enumerate() {
        match c {
            b'{' => {
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
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}
