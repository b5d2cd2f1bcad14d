//! Untrusted markdown (rubric descriptions, guidance, respondents' notes) →
//! HTML that cannot run script, frame anything or load anything.
//!
//! Three layers, so one mistake is not a hole: pulldown-cmark's raw-HTML
//! events become plain text; links must use an allowed scheme and images
//! become their alt text (a report is self-contained, so a remote image could
//! only ever be a tracking pixel); ammonia then sanitises the result with the
//! same scheme allow-list. The report's Content-Security-Policy is the fourth.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Link schemes a reader may follow from a report.
const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Renders `text` as sanitised HTML (block level: paragraphs, lists, …).
pub fn to_html(text: &str) -> String {
    let mut raw = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut raw, safe_events(text));
    sanitiser().clean(&raw).to_string()
}

/// Renders `text` as sanitised inline HTML: a single paragraph unwrapped, so
/// a one-line statement can sit inside a table cell or a heading.
pub fn to_inline_html(text: &str) -> String {
    let html = to_html(text);
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

/// ammonia with our scheme allow-list and no relative URLs.
fn sanitiser() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(ALLOWED_SCHEMES.into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .rm_tags(["img"]);
    builder
}

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

    #[test]
    fn renders_ordinary_markdown() {
        assert_eq!(
            to_html("Some **bold** and a [link](https://example.com)."),
            "<p>Some <strong>bold</strong> and a <a href=\"https://example.com\" rel=\"noopener noreferrer\">link</a>.</p>\n"
        );
        assert_eq!(to_inline_html("just *this*"), "just <em>this</em>");
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
