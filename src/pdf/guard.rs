//! What a printed document may load: itself, once, and nothing else.
//!
//! The tab navigates to a made-up https address; DevTools request
//! interception pauses every request the page makes, and [`answer`] decides
//! each one: the document's own address is served the HTML we read from
//! disk (with a strict CSP header), everything else — frames, images,
//! styles, fonts, redirects, `/etc/…` relative paths that resolve to the
//! made-up host — is failed. `data:` URLs never leave the renderer, so
//! inline images and fonts still work; `file:` URLs are refused to an https
//! page by the browser itself.

use serde_json::{Value, json};

/// The document's made-up origin. `.invalid` can never resolve, so even a
/// request that slipped past interception could not reach a real host.
pub const ORIGIN: &str = "https://rubricate.invalid";

/// Served with the document as a second fence behind the report's own CSP
/// meta tag (and the only one if a report lacks it): inline styles and
/// `data:` images, fonts and media; no scripts, frames, plugins or forms.
pub const CSP: &str = "default-src 'none'; img-src data:; media-src data:; font-src data:; \
     style-src 'unsafe-inline' data:; script-src 'none'; frame-src 'none'; \
     object-src 'none'; base-uri 'none'; form-action 'none'";

/// The address of the `serial`-th document: unique, so no cache can
/// answer for it.
pub fn document_url(serial: u64) -> String {
    format!("{ORIGIN}/{serial}/report.html")
}

/// The document a tab is serving: its address and base64 HTML body.
pub struct Served<'a> {
    pub url: &'a str,
    pub body_base64: &'a str,
}

/// The DevTools command (method and params) that settles the paused
/// request `request_id` for `url`.
pub fn answer(request_id: &str, url: &str, served: Option<Served<'_>>) -> (&'static str, Value) {
    match served.filter(|doc| doc.url == url) {
        Some(doc) => (
            "Fetch.fulfillRequest",
            json!({
                "requestId": request_id,
                "responseCode": 200,
                "responseHeaders": [
                    {"name": "Content-Type", "value": "text/html; charset=utf-8"},
                    {"name": "Content-Security-Policy", "value": CSP},
                    {"name": "Cache-Control", "value": "no-store"},
                ],
                "body": doc.body_base64,
            }),
        ),
        None => (
            "Fetch.failRequest",
            json!({"requestId": request_id, "errorReason": "BlockedByClient"}),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served() -> Option<Served<'static>> {
        Some(Served {
            url: "https://rubricate.invalid/7/report.html",
            body_base64: "PGgxPg==",
        })
    }

    #[test]
    fn only_the_document_itself_is_served_with_a_csp() {
        let (method, params) = answer("r1", &document_url(7), served());
        assert_eq!(method, "Fetch.fulfillRequest");
        assert_eq!(params["body"], "PGgxPg==");
        let headers = params["responseHeaders"].as_array().unwrap();
        assert!(
            headers
                .iter()
                .any(|h| h["name"] == "Content-Security-Policy")
        );
    }

    #[test]
    fn everything_else_fails() {
        for url in [
            "https://rubricate.invalid/etc/hostname",
            "https://rubricate.invalid/8/report.html",
            "file:///etc/passwd",
            "http://127.0.0.1:8080/",
            "https://example.com/font.woff2",
        ] {
            let (method, params) = answer("r2", url, served());
            assert_eq!(method, "Fetch.failRequest", "{url}");
            assert_eq!(params["requestId"], "r2");
        }
        let (method, _) = answer("r3", &document_url(7), None);
        assert_eq!(
            method, "Fetch.failRequest",
            "no document in the tab: nothing served"
        );
    }
}
