//! `rubricate questionnaire --format html`: a rubric → one self-contained
//! HTML page a respondent opens from an email attachment, fills in and
//! turns into an answer file with a download button. No server, no
//! network: the answer file is written in the browser.
//!
//! The page is rendered here, in Rust, as static markup: every rubric
//! text is HTML-escaped and every markdown text sanitised
//! ([`crate::report::markdown`]) at generation time, so the questions can
//! be read and printed even where scripts are blocked (mail previews).
//! The one inline script (`html/form.js`) only reads and writes form
//! controls, builds its few messages with `textContent`, keeps answers in
//! `localStorage`, and writes the TOML from the JSON embedded beside it
//! ([`data`]). It is the only output of rubricate that carries JavaScript,
//! so the page pins it down with a Content-Security-Policy that allows
//! exactly that script and stylesheet by hash and nothing else: no
//! connections, frames, fonts or images other than `data:`.
//!
//! The same rubric and prefill give the same bytes.

mod data;
mod intro;
mod statements;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::Prefill;
use crate::diagnostics::Diagnostic;
use crate::model::{Indicator, Pillar, Rubric};
use crate::report::markdown::escape;

/// The form's script, inlined verbatim (its hash is in the CSP).
pub const SCRIPT: &str = include_str!("html/form.js");
/// The form's stylesheet, inlined verbatim (its hash is in the CSP).
pub const STYLE: &str = include_str!("html/form.css");
/// The `id` of the `<script type="application/json">` the script reads
/// (`form.js` names it too).
pub const DATA_ID: &str = "rubricate-data";

/// The questionnaire page for `rubric`.
pub fn form(rubric: &Rubric, prefill: &Prefill) -> Result<String, Diagnostic> {
    let data = data::form_data(rubric, prefill).map_err(|reason| {
        Diagnostic::error(
            "E0720",
            format!("cannot build the questionnaire form: {reason}"),
        )
        .with_help("this is a bug in rubricate; please report it with the rubric")
    })?;
    let json = embed_json(&data);
    let mut out = String::with_capacity(256 * 1024);
    head(&mut out, rubric);
    out.push_str("<body>\n");
    intro::header(&mut out, rubric, prefill);
    out.push_str("<main id=\"main\">\n");
    intro::instructions(&mut out, rubric);
    intro::scales(&mut out, rubric);
    intro::respondent(&mut out, rubric, prefill);
    statements::progress(&mut out, rubric);
    statements::pillars(&mut out, rubric);
    statements::finish(&mut out);
    out.push_str("</main>\n");
    out.push_str(&format!(
        "<script type=\"application/json\" id=\"{DATA_ID}\">{json}</script>\n"
    ));
    out.push_str(&format!("<script>{SCRIPT}</script>\n</body>\n</html>\n"));
    Ok(out)
}

/// The page's policy: the one script and the one stylesheet, by hash;
/// `data:` images (none today, but sanitised markdown may grow some);
/// nothing to connect to, frame, submit to or rebase on.
pub fn csp() -> String {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src data:; \
         base-uri 'none'; form-action 'none'",
        source_hash(SCRIPT),
        source_hash(STYLE)
    )
}

/// A CSP hash source, `sha256-<base64>`, of an inline element's text.
pub fn source_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// JSON that cannot end its `<script>` element or open a comment in it:
/// `<`, `>` and `&` only occur inside JSON strings, where `\u003c` and
/// friends mean the same characters.
pub fn embed_json<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn head(out: &mut String, rubric: &Rubric) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
        csp()
    ));
    out.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"rubricate\">\n");
    out.push_str(&format!(
        "<title>{}: questionnaire</title>\n",
        escape(&rubric.title)
    ));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n"));
}

/// A pillar's indicators as the page, the workbook and `init` list them:
/// by stage, lowest first, then in the rubric's order.
fn in_page_order<'a>(rubric: &Rubric, pillar: &'a Pillar) -> Vec<&'a Indicator> {
    rubric
        .stages
        .iter()
        .flat_map(|stage| {
            pillar
                .indicators
                .iter()
                .filter(move |i| i.stage_index == stage.index)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_its_script() {
        let hostile = "</script><script>alert(1)</script><!-- & \u{2028}";
        let json = embed_json(&serde_json::json!({ "s": hostile }));
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["s"], hostile);
    }

    #[test]
    fn the_script_and_style_can_be_inlined() {
        for asset in [SCRIPT, STYLE] {
            let lower = asset.to_ascii_lowercase();
            assert!(!lower.contains("</script") && !lower.contains("</style"));
            assert!(!lower.contains("<!--"));
        }
    }

    #[test]
    fn hash_sources_are_base64_sha256() {
        // `echo -n abc | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            source_hash("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }
}
