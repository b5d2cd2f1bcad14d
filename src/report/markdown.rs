//! Untrusted markdown (rubric descriptions, guidance, respondents' notes) →
//! HTML that cannot run script, frame anything or load anything.
//!
//! Three layers, so one mistake is not a hole: pulldown-cmark's raw-HTML
//! events become plain text; links must use an allowed scheme and images
//! become their alt text (a report is self-contained, so a remote image could
//! only ever be a tracking pixel); ammonia then sanitises the result with the
//! same scheme allow-list. The report's Content-Security-Policy is the fourth.
//!
//! Text with no character that means anything in markdown or HTML (see
//! `is_plain`) skips the first three: its output is known without them,
//! and a property test holds the shortcut to what they would produce.

use std::borrow::Cow;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Link schemes a reader may follow from a report.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Longest markdown text rendered (a description, a note): 64 KiB. The
/// rest is cut at a character boundary and a note says so.
pub const MAX_MARKDOWN_BYTES: usize = 64 * 1024;

/// Deepest nesting of markdown elements rendered (lists in lists, quotes
/// in quotes, emphasis in emphasis): deeper elements are flattened into
/// their parent and a note says so. The HTML parser of the sanitiser does
/// work proportional to the depth for every element, so 100,000 nested
/// quotes took minutes; at this depth any input renders in linear time.
pub const MAX_MARKDOWN_DEPTH: usize = 16;

/// Renders `text` as sanitised HTML (block level: paragraphs, lists, …).
pub fn to_html(text: &str) -> String {
    if is_plain(text) {
        return format!("<p>{}</p>\n", plain_html(text));
    }
    rendered(text)
}

/// Whether `text` is prose that markdown and the sanitiser leave as it
/// is, but for `&` escaped: one paragraph of lines that each start with a
/// letter or `(` (no list, heading, quote, code block or blank line can
/// start), end in no space (nothing to trim, no hard break) and hold only
/// letters, digits, spaces and punctuation without meaning in markdown or
/// HTML; `&` only when no `;` follows anywhere (no entity can form). Most
/// statements and descriptions of a rubric are; they then skip the parser
/// and the sanitiser, whose output for them is the text in a paragraph
/// (`plain_text_renders_as_itself` checks it).
fn is_plain(text: &str) -> bool {
    let ampersand_ok = !text.contains(';');
    text.len() <= MAX_MARKDOWN_BYTES
        && text
            .split('\n')
            .all(|line| is_plain_line(line, ampersand_ok))
}

fn is_plain_line(line: &str, ampersand_ok: bool) -> bool {
    const PUNCTUATION: &[char] = &[
        ' ', ',', '.', ';', ':', '(', ')', '/', '\'', '"', '?', '%', '+', '=', '-', '’', '‘', '“',
        '”', '–', '—', '…',
    ];
    let mut chars = line.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '(')
        && !line.ends_with(' ')
        && chars
            .all(|c| c.is_alphanumeric() || PUNCTUATION.contains(&c) || (c == '&' && ampersand_ok))
}

/// A plain text (see [`is_plain`]) as HTML: only `&` needs escaping.
fn plain_html(text: &str) -> String {
    text.replace('&', "&amp;")
}

/// [`to_html`] through the parser and the sanitiser.
fn rendered(text: &str) -> String {
    let cut = text.len() > MAX_MARKDOWN_BYTES;
    let text = if cut {
        &text[..crate::source::floor_char_boundary(text, MAX_MARKDOWN_BYTES)]
    } else {
        text
    };
    let mut raw = String::with_capacity(text.len() * 3 / 2);
    let mut flattened = false;
    html::push_html(&mut raw, bounded_depth(safe_events(text), &mut flattened));
    let mut notes = Vec::new();
    if cut {
        notes.push(format!(
            "the rest of this text is not shown: it is longer than {} KiB",
            MAX_MARKDOWN_BYTES / 1024
        ));
    }
    if flattened {
        notes.push(format!(
            "elements nested deeper than {MAX_MARKDOWN_DEPTH} levels are shown flattened"
        ));
    }
    for note in notes {
        raw.push_str(&format!("<p><em>[{note}]</em></p>\n"));
    }
    SANITISER.clean(&raw).to_string()
}

/// `events` with every element deeper than [`MAX_MARKDOWN_DEPTH`] left
/// out (its start and its end; its text stays), `flattened` set if any was.
fn bounded_depth<'a>(
    events: impl Iterator<Item = Event<'a>>,
    flattened: &mut bool,
) -> impl Iterator<Item = Event<'a>> {
    // For each open element: whether its start was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut kept_depth = 0usize;
    events.filter_map(move |event| match event {
        Event::Start(tag) => {
            let keep = kept_depth < MAX_MARKDOWN_DEPTH;
            open.push(keep);
            if keep {
                kept_depth += 1;
                Some(Event::Start(tag))
            } else {
                *flattened = true;
                None
            }
        }
        Event::End(tag) => {
            if open.pop().unwrap_or(false) {
                kept_depth -= 1;
                Some(Event::End(tag))
            } else {
                None
            }
        }
        other => Some(other),
    })
}

/// Renders `text` as sanitised inline HTML: a single paragraph unwrapped, so
/// a one-line statement can sit inside a table cell or a heading.
pub fn to_inline_html(text: &str) -> String {
    if is_plain(text) {
        return plain_html(text);
    }
    let html = rendered(text);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// Whether `url` may become a clickable link: an absolute URL with an
/// allowed scheme and no control characters or whitespace tricks.
pub fn is_allowed_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    let scheme = scheme.to_ascii_lowercase();
    ALLOWED_SCHEMES.contains(&scheme.as_str())
        && !rest.is_empty()
        && (scheme == "mailto" || rest.starts_with("//"))
}

/// The parser's events with raw HTML turned into text, disallowed links
/// unwrapped to their text and images replaced by their alt text.
fn safe_events(text: &str) -> impl Iterator<Item = Event<'_>> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // For each open link: whether it was kept (so its end tag is too).
    let mut links: Vec<bool> = Vec::new();
    Parser::new_ext(text, options).filter_map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let keep = is_allowed_url(&dest_url);
            links.push(keep);
            keep.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => links
            .pop()
            .unwrap_or(false)
            .then_some(Event::End(TagEnd::Link)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::FootnoteReference(name) => Some(Event::Text(CowStr::from(format!("[{name}]")))),
        other => Some(other),
    })
}

/// ammonia with our scheme allow-list and no relative URLs, configured
/// once for the whole process (a report sanitises hundreds of texts).
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(ALLOWED_SCHEMES.into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .rm_tags(["img"]);
    builder
});

/// HTML-escapes plain text (for SVG and attribute values built in Rust).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for plain text gives what the parser and sanitiser
    /// give, on texts drawn from its own characters and from characters
    /// that mean something (which must make it stand aside), after
    /// beginnings that decide most of markdown's reading.
    #[test]
    fn plain_text_renders_as_itself() {
        use proptest::prelude::*;
        let allowed = vec![
            'a', 'Z', 'é', 'ß', '中', '٣', '7', ' ', ' ', ',', '.', ';', ':', '(', ')', '/', '\'',
            '"', '?', '%', '+', '=', '-', '’', '‘', '“', '”', '–', '—', '…', '\n', 'b', '&',
        ];
        let mut mixed = allowed.clone();
        mixed.extend([
            '\u{a0}', '\u{200b}', '\u{feff}', '\t', '\r', '*', '_', '`', '[', ']', '<', '>', '#',
            '!', '~', '|', '\\', '{', '1',
        ]);
        let prefixes = prop::sample::select(vec!["A", "A", "A", "(", "1", "-", "&", "#", ""]);
        // Half the texts from the shortcut's own characters, half mixed.
        let bodies = prop_oneof![
            prop::collection::vec(prop::sample::select(allowed), 0..40),
            prop::collection::vec(prop::sample::select(mixed), 0..40),
        ]
        .prop_map(|cs| cs.into_iter().collect::<String>());
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
            cases: 20_000,
            ..ProptestConfig::default()
        });
        let plain = std::cell::Cell::new(0);
        runner
            .run(&(prefixes, bodies), |(prefix, body)| {
                let text = format!("{prefix}{body}");
                if is_plain(&text) {
                    plain.set(plain.get() + 1);
                    let html = rendered(&text);
                    prop_assert_eq!(to_html(&text), html.clone());
                    let inner = html.trim_end();
                    let inner = &inner["<p>".len()..inner.len() - "</p>".len()];
                    prop_assert_eq!(to_inline_html(&text), inner);
                }
                Ok(())
            })
            .unwrap();
        let plain = plain.get();
        assert!(plain > 1_500, "the shortcut was tried {plain} times only");
        for text in [
            "Sales are checked weekly",
            "Orders (B2B) ship in 2–3 days; 95% on time",
            "What stage 2 looks like.\nIn two lines",
            "Data & analytics",
            "(3PL) providers",
        ] {
            assert!(is_plain(text), "{text}");
            assert_eq!(to_html(text), rendered(text));
        }
        for text in [
            "1. first",
            "- item",
            "a  \nb",
            "a\n\nb",
            "a\n- b",
            "a *b*",
            "a &amp; b",
            "a\u{a0}b",
            " a",
        ] {
            assert!(!is_plain(text), "{text:?}");
        }
    }

    #[test]
    fn renders_ordinary_markdown() {
        assert_eq!(
            to_html("Some **bold** and a [link](https://example.com)."),
            "<p>Some <strong>bold</strong> and a <a href=\"https://example.com\" rel=\"noopener noreferrer\">link</a>.</p>\n"
        );
        assert_eq!(to_inline_html("just *this*"), "just <em>this</em>");
    }

    #[test]
    fn deep_nesting_is_flattened_and_said() {
        let html = to_html(&"> ".repeat(1000));
        assert_eq!(html.matches("<blockquote>").count(), MAX_MARKDOWN_DEPTH);
        assert!(html.contains("flattened"), "{html}");
        let html = to_html("- a\n  - b\n");
        assert!(!html.contains("flattened"), "{html}");
    }

    #[test]
    fn long_text_is_cut_and_said() {
        let html = to_html(&"é".repeat(MAX_MARKDOWN_BYTES));
        assert!(html.contains("not shown"), "{}", &html[html.len() - 200..]);
        assert!(html.len() < MAX_MARKDOWN_BYTES + 500);
    }

    #[test]
    fn raw_html_becomes_text() {
        let html =
            to_html("hi <script>alert(1)</script> <iframe src=\"file:///etc/passwd\"></iframe>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_lose_their_target() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "/etc/passwd",
            "../secret",
            "java\tscript:alert(1)",
        ] {
            let html = to_html(&format!("[click]({url}) and <{url}>"));
            assert!(!html.contains("href"), "{url} → {html}");
        }
    }

    #[test]
    fn images_become_alt_text() {
        let html =
            to_html("![tracking pixel](https://evil.example/p.gif) ![x](file:///etc/passwd)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("tracking pixel"), "{html}");
    }

    #[test]
    fn allowed_urls() {
        assert!(is_allowed_url("https://example.com/a?b#c"));
        assert!(is_allowed_url("mailto:team@example.com"));
        assert!(!is_allowed_url("https:example.com"));
        assert!(!is_allowed_url("https://exa mple.com"));
        assert!(!is_allowed_url("#top"));
    }
}
