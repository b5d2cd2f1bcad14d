//! Checking a theme's stylesheet before it is inlined into a report: in go
//! the CSS text, out comes the first construct that could leave the
//! `<style>` element or load a resource, or nothing.
//!
//! The stylesheet is tokenised with `cssparser` (Servo's and Firefox's
//! tokenizer), so what is checked is what a browser reads after CSS
//! escapes are undone: `\75rl(` is `url(`, `@\69mport` is `@import`.
//! Refused: `@import`; any `url()`, `src()` or `image-set()` (and the
//! other image functions) whose target is not a `data:` URI; unparsable
//! URLs; and `</style` anywhere.

use cssparser::{ParseError, Parser, Token};

/// Blocks and functions nested deeper than this are refused (the check is
/// recursive; no real stylesheet comes close).
const MAX_DEPTH: usize = 64;

/// A construct a report's stylesheet must not contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hazard {
    /// Byte range in the stylesheet.
    pub start: usize,
    pub end: usize,
    /// What it is, for the message (`@import`, `url(https://…)`).
    pub what: String,
}

/// Functions whose arguments are resource URLs (strings included).
const URL_FUNCTIONS: [&str; 7] = [
    "url",
    "src",
    "image-set",
    "-webkit-image-set",
    "image",
    "cross-fade",
    "-webkit-cross-fade",
];

/// The first hazard of `css`, if any.
pub fn hazard(css: &str) -> Option<Hazard> {
    let lower = css.to_ascii_lowercase();
    if let Some(at) = lower.find("</style") {
        return Some(Hazard {
            start: at,
            end: at + "</style".len(),
            what: "</style".into(),
        });
    }
    let mut parser = Parser::new(css);
    match check(&mut parser, 0, false) {
        Ok(()) => None,
        Err(e) => match e.kind {
            cssparser::ParseErrorKind::Custom(h) => Some(h),
            // The checker never raises other errors; a stylesheet the
            // tokenizer cannot follow is refused rather than guessed at.
            _ => Some(Hazard {
                start: 0,
                end: 0,
                what: "CSS that cannot be read".into(),
            }),
        },
    }
}

/// Walks every token of `parser` (and of nested blocks); `in_url` when
/// inside a function whose strings are URLs.
fn check(parser: &mut Parser<'_>, depth: usize, in_url: bool) -> Result<(), ParseError<Hazard>> {
    loop {
        let start = parser.position().byte_index();
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return Ok(()),
        };
        let end = parser.position().byte_index();
        let refuse = |what: String| -> Result<(), ParseError<Hazard>> {
            Err(parser_error(Hazard { start, end, what }))
        };
        match &token {
            Token::AtKeyword(name) if name.eq_ignore_ascii_case("import") => {
                return refuse("@import".into());
            }
            Token::UnquotedUrl(url) if !is_data(url) => {
                return refuse(format!("url({})", short(url)));
            }
            Token::BadUrl(url) => return refuse(format!("url({})", short(url))),
            Token::QuotedString(s) if in_url && !is_data(s) => {
                return refuse(format!("\"{}\" as a resource", short(s)));
            }
            _ => {}
        }
        let opens = match &token {
            Token::Function(name) => {
                Some(in_url || URL_FUNCTIONS.iter().any(|f| name.eq_ignore_ascii_case(f)))
            }
            Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                Some(false)
            }
            _ => None,
        };
        if let Some(url) = opens {
            if depth >= MAX_DEPTH {
                return refuse(format!("blocks nested more than {MAX_DEPTH} deep"));
            }
            parser.parse_nested_block(|inner| check(inner, depth + 1, url))?;
        }
    }
}

fn parser_error(hazard: Hazard) -> ParseError<Hazard> {
    ParseError::custom(hazard)
}

fn is_data(url: &str) -> bool {
    url.trim()
        .get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

/// At most 60 characters of a URL, for the message.
fn short(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(css: &str) -> bool {
        hazard(css).is_some()
    }

    #[test]
    fn ordinary_stylesheets_pass() {
        for ok in [
            "a{color:red}",
            "@font-face{src:url( 'data:font/woff2;base64,AA')}",
            "@font-face{src:url(data:font/woff2;base64,AA) format('woff2'), local(Arial)}",
            "a{background:image-set('data:image/png;base64,AA' 1x)}",
            "@media print{@page{size:A4;@top-center{content:var(--x)}}}",
            "a::after{content:'url(http://x)'}",
            "/* @import 'x.css'; */ a{}",
        ] {
            assert_eq!(hazard(ok), None, "{ok}");
        }
    }

    #[test]
    fn loads_and_escapes_are_refused() {
        for bad in [
            "a{background:url(http://x)}",
            "@IMPORT 'x.css';",
            "@import url(data:text/css,a{});",
            "</STYLE><script>",
            "a{background:url(/etc/passwd)}",
            "a{background:\\75rl(http://x)}",
            "a{background:\\55 RL(http://x)}",
            "@\\69mport 'x.css';",
            "a{background:url('https://x')}",
            "a{background:image-set('https://x/a.png' 1x)}",
            "a{background:-webkit-image-set(url(https://x) 1x)}",
            "@font-face{src:src('https://x')}",
            "a{background:url(http://x y)}",
            "a{b:c(d(e(url(http://x))))}",
        ] {
            assert!(refused(bad), "{bad}");
        }
        let h = hazard("a{}\n@\\69mport 'x';").unwrap();
        assert_eq!(h.what, "@import");
        assert_eq!(h.start, 4);
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        assert!(refused(&"(".repeat(100_000)));
        assert!(refused(&"a(".repeat(100_000)));
    }
}
