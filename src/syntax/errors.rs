//! pest errors → diagnostics worded for a consultant, not a grammar author:
//! "expected the stage name in quotes", never `stage_name`.

use pest::error::{Error, InputLocation};

use super::Rule;
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, Span, floor_char_boundary};

/// Human phrase for what a grammar rule stands for.
pub(super) fn phrase(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::rubric_id => "the rubric id",
        Rule::scale_id => "the scale id",
        Rule::stage_id => "the stage id",
        Rule::stage_name => "the stage name in quotes",
        Rule::pillar_id => "the pillar id",
        Rule::pillar_name => "the pillar name in quotes",
        Rule::stage_ref => "the id of a stage",
        Rule::indicator_id => "the indicator id",
        Rule::statement => "the indicator statement in quotes",
        Rule::action_id => "the action id",
        Rule::action_title => "the action title in quotes",
        Rule::pillar_ref => "the id of a pillar",
        Rule::area_name => "the area name in quotes (e.g. \"Strategy\")",
        Rule::scale_name_ref => "the id of a scale",
        Rule::from_stage => "the id of the stage the actions start from",
        Rule::to_stage => "the id of the stage the actions lead to",
        Rule::include_path => "the file path in quotes",
        Rule::since_version => "the version in quotes (e.g. \"2.0.0\")",
        Rule::renamed_from => "the old indicator id (`pillar.indicator`)",
        Rule::renamed_to => "the new indicator id (`pillar.indicator`)",
        Rule::retired_id => "the id of a retired indicator (`pillar.indicator`)",
        Rule::weight_value => "a weight (a number such as 1 or 2.5)",
        Rule::level_value => "the level's value (a number)",
        Rule::level_label => "the level's label in quotes",
        Rule::met_value => "the level value from which an indicator counts as met",
        Rule::rating => "`low`, `medium` or `high`",
        Rule::setting_value => "a value",
        Rule::setting_key => "a setting name",
        Rule::string | Rule::string_inner => "a text in quotes",
        Rule::text_block | Rule::block_inner => "a text in quotes or a \"\"\" block",
        Rule::dotted_id | Rule::id => "an id",
        Rule::number => "a number",
        Rule::top_statement | Rule::unknown_statement | Rule::unknown_head => "a declaration",
        Rule::EOI => "the end of the file",
        _ => return None,
    })
}

fn token_phrase(token: &str) -> Option<String> {
    Some(match token {
        "{" => "`{` to open the block".to_string(),
        "}" => "`}` to close the block".to_string(),
        "->" => "`->` between the two stages".to_string(),
        "\"" => "a closing `\"`".to_string(),
        "\"\"\"" => "a closing `\"\"\"`".to_string(),
        "," | "#" | "\\" => return None,
        t if t.trim().is_empty() => return None,
        t => format!("`{t}`"),
    })
}

/// Rules whose phrase is generic: a more specific enclosing rule (such as
/// `stage_name` around `string`) says it better.
fn is_generic(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::string
            | Rule::string_inner
            | Rule::text_block
            | Rule::block_inner
            | Rule::id
            | Rule::dotted_id
            | Rule::number
    )
}

/// The list of things that would have been accepted at the error position.
pub(super) fn expectations(error: &Error<Rule>) -> Vec<String> {
    let mut rules: Vec<String> = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    if let Some(attempts) = error.parse_attempts() {
        for stack in attempts.call_stacks() {
            let deepest = stack.deepest.get_rule().copied();
            let candidates = [deepest, stack.parent];
            let best = candidates
                .iter()
                .flatten()
                .find(|r| !is_generic(**r) && phrase(**r).is_some())
                .or_else(|| candidates.iter().flatten().find(|r| phrase(**r).is_some()));
            if let Some(p) = best.and_then(|r| phrase(*r)) {
                rules.push(p.to_string());
            }
        }
        for token in attempts.expected_tokens() {
            let token = token.to_string();
            let structural = matches!(token.as_str(), "{" | "}" | "->");
            if let Some(p) = token_phrase(&token) {
                if structural || rules.is_empty() {
                    tokens.push(p);
                }
            }
        }
    }
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
        if rules.is_empty() {
            rules.extend(
                positives
                    .iter()
                    .filter_map(|r| phrase(*r))
                    .map(str::to_string),
            );
        }
    }
    let mut wanted = rules;
    wanted.extend(tokens);
    // A catch-all phrase is noise when something precise is expected.
    if wanted.iter().any(|w| w != "a declaration") {
        wanted.retain(|w| w != "a declaration");
    }
    wanted.sort();
    wanted.dedup();
    wanted
}

pub(super) fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// What is at `offset`, quoted for a message ("found `}`", "found end of file").
pub(super) fn found_at(text: &str, offset: usize) -> String {
    let offset = floor_char_boundary(text, offset);
    let rest = &text[offset..];
    match rest.chars().next() {
        None => "the end of the file".to_string(),
        Some('\n') | Some('\r') => "the end of the line".to_string(),
        Some(_) => {
            let word: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace())
                .take(20)
                .collect();
            format!("`{word}`")
        }
    }
}

/// The span of one character at `offset` (or an empty span at the end).
pub(super) fn point(file: FileId, text: &str, offset: usize) -> Span {
    let offset = floor_char_boundary(text, offset);
    let len = text[offset..].chars().next().map_or(0, char::len_utf8);
    Span::new(file, offset..offset + len)
}

/// Converts a whole-file parse failure (the catch-all rules absorb most
/// problems; what remains are unbalanced braces and unterminated blocks).
pub(super) fn from_pest(file: FileId, text: &str, error: &Error<Rule>) -> Diagnostic {
    let offset = error_offset(error);
    let found = found_at(text, offset);
    let wanted = expectations(error);
    let at_end = offset >= text.trim_end().len();
    let mut d = if at_end && wanted.iter().any(|w| w.starts_with("`}`")) {
        Diagnostic::error("E0001", "unclosed block: the file ends before its `}`")
            .with_primary(point(file, text, offset), "expected `}` here")
    } else if text[floor_char_boundary(text, offset)..].starts_with('}') {
        Diagnostic::error("E0001", "unexpected `}`: there is no open block to close")
            .with_primary(point(file, text, offset), "this `}` closes nothing")
            .with_help("remove it, or check that the block above was not closed twice")
    } else {
        let message = if wanted.is_empty() {
            format!("syntax error: unexpected {found}")
        } else {
            format!("expected {}, found {found}", join_or(&wanted))
        };
        Diagnostic::error("E0001", message)
            .with_primary(point(file, text, offset), "unexpected here")
    };
    if let Some(open) = unclosed_brace(text) {
        if at_end {
            d = d.with_secondary(point(file, text, open), "this block is never closed");
        }
    }
    d
}

/// The words that open the block at `open` (`at basic`, `pillar ops`), to
/// name it in a message.
pub(super) fn block_head(text: &str, open: usize) -> String {
    let open = floor_char_boundary(text, open);
    let line_start = text[..open].rfind('\n').map_or(0, |i| i + 1);
    let head: Vec<&str> = text[line_start..open].split_whitespace().take(2).collect();
    let head = head.join(" ");
    let head: String = head.chars().take(40).collect();
    if head.is_empty() {
        "{".to_string()
    } else {
        format!("{head} {{")
    }
}

/// A block whose `}` is missing, by indentation before the line at
/// `before`: that is where the reader should add it.
pub(super) fn unclosed_before(file: FileId, text: &str, open: usize, before: usize) -> Diagnostic {
    let head = block_head(text, open);
    Diagnostic::error("E0001", format!("unclosed block: `{head}` has no `}}`"))
        .with_primary(point(file, text, before), "expected `}` before this line")
        .with_secondary(point(file, text, open), "this block is never closed")
        .with_note("this line is indented like the block's first line, not like its body, so the block most likely ends before it")
        .with_help(format!("add `}}` to close `{head}` before this line"))
}

/// A `{` at the start of a line, after the declaration it opens.
pub(super) fn orphan_brace(
    file: FileId,
    text: &str,
    brace: usize,
    declaration: usize,
) -> Diagnostic {
    let line = text[declaration..].lines().next().unwrap_or("");
    let line: String = line.trim_end().chars().take(60).collect();
    Diagnostic::error("E0001", "`{` must be on the same line as its declaration")
        .with_primary(
            point(file, text, brace),
            "this `{` starts a line of its own",
        )
        .with_secondary(point(file, text, declaration), "the declaration it opens")
        .with_help(format!(
            "put `{{` on the same line as `{line}`: `{line} {{`"
        ))
}

/// Blocks still open at the end of the file (innermost last), when
/// indentation did not tell where they end.
pub(super) fn unclosed_at_end(file: FileId, text: &str, opens: &[usize]) -> Diagnostic {
    let innermost = opens.last().copied().unwrap_or(0);
    let head = block_head(text, innermost);
    let end = text.len();
    let mut d = Diagnostic::error(
        "E0001",
        format!("unclosed block: the file ends before the `}}` of `{head}`"),
    )
    .with_primary(Span::new(file, end..end), "expected `}` here")
    .with_secondary(point(file, text, innermost), "this block is never closed");
    if opens.len() > 1 {
        d = d.with_note(format!(
            "{} blocks are still open at the end of the file",
            opens.len()
        ));
    }
    d.with_note("everything after it was read as the block's body: declarations there are not reported as misplaced")
        .with_help("add the missing `}` where the block should end")
}

/// Where a parse failed: the furthest position pest tried, which is where
/// the reader's eye should go (not the start of the failed rule).
pub(super) fn error_offset(error: &Error<Rule>) -> usize {
    let location = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    error
        .parse_attempts()
        .map_or(location, |a| a.max_position.max(location))
}

/// Offsets of the `{` still open at the end of the text, outermost first.
pub(super) fn open_braces(text: &str) -> Vec<usize> {
    brace_stack(text)
}

/// Offset of the innermost `{` left open at the end of the text, skipping
/// strings, text blocks and comments.
fn unclosed_brace(text: &str) -> Option<usize> {
    brace_stack(text).last().copied()
}

/// Offsets of the `{` still open at the end of the text.
fn brace_stack(text: &str) -> Vec<usize> {
    let mut stack = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' if text[i..].starts_with("\"\"\"") => {
                i += 3;
                match text[i..].find("\"\"\"") {
                    Some(end) => i += end + 2,
                    None => return stack,
                }
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'{' => stack.push(i),
            b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack
}
