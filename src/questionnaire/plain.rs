//! Markdown (rubric summaries, descriptions, guidance) as plain text for
//! spreadsheet cells, which show no markup: emphasis markers go, list
//! items keep a bullet or number, paragraphs stay apart.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Excel refuses strings longer than this in a cell.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The text of `markdown` without markup, trimmed.
pub fn plain(markdown: &str) -> String {
    let mut out = String::new();
    // The number of the next item of each open list (`None`: bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::List(first)) => lists.push(first),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                paragraph_break(&mut out);
            }
            Event::Start(Tag::Item) => item_marker(&mut out, &mut lists),
            Event::End(TagEnd::Item) => line_break(&mut out),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                if lists.is_empty() {
                    paragraph_break(&mut out);
                } else {
                    line_break(&mut out);
                }
            }
            _ => {}
        }
    }
    clip(out.trim())
}

fn item_marker(out: &mut String, lists: &mut [Option<u64>]) {
    line_break(out);
    let depth = lists.len().saturating_sub(1);
    out.push_str(&"  ".repeat(depth));
    match lists.last_mut() {
        Some(Some(n)) => {
            out.push_str(&format!("{n}. "));
            *n += 1;
        }
        _ => out.push_str("• "),
    }
}

fn line_break(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn paragraph_break(out: &mut String) {
    line_break(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Text cut to what a cell holds, with an ellipsis when cut.
pub fn clip(text: &str) -> String {
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_markup_and_keeps_structure() {
        let md = "A **bold** start\nand more.\n\n- one\n- *two*\n\n1. first\n2. second\n";
        assert_eq!(
            plain(md),
            "A bold start and more.\n\n• one\n• two\n\n1. first\n2. second"
        );
    }

    #[test]
    fn clips_to_a_cell() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), MAX_CELL_CHARS);
        assert!(clipped.ends_with('…'));
    }
}
