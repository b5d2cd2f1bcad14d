//! Building responses: in go a resolved file, a poll result or a refusal,
//! out comes a [`Response`] with the right type and headers. Every
//! response is `no-store` (a preview must never show a stale build) and
//! `nosniff`.

use std::fs::File;
use std::path::Path;

use super::http::{Body, Response};
use super::inject::{inject, rewrite_policy, snippet};
use super::state::BuildState;

/// Policy for pages the server writes itself (the "no report yet" page).
const OWN_PAGE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
    base-uri 'none'; form-action 'none'";

/// What a response needs to know about the server.
pub struct Page<'a> {
    pub nonce: &'a str,
    pub generation: u64,
}

/// The Content-Type for a file name; unknown types download as bytes.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A file from the output folder; HTML gets live reload injected.
pub fn file(path: &Path, page: &Page) -> Response {
    let kind = content_type(path);
    if kind.starts_with("text/html") {
        return match std::fs::read(path) {
            Ok(bytes) => html(bytes, page),
            Err(_) => not_found(page),
        };
    }
    let opened = File::open(path).and_then(|f| {
        let len = f.metadata()?.len();
        Ok((f, len))
    });
    match opened {
        Ok((f, len)) => with_common(Response::new(200, Body::File(f, len)), kind),
        Err(_) => not_found(page),
    }
}

fn html(bytes: Vec<u8>, page: &Page) -> Response {
    let injected = inject(bytes, page.nonce, page.generation);
    let mut response = with_common(
        Response::new(200, Body::Bytes(injected.body)),
        content_type(Path::new("x.html")),
    );
    for policy in injected.policies {
        add(&mut response, "Content-Security-Policy", &policy);
    }
    response
}

/// The long-poll answer: `{"generation": N, "error": null | "text"}`.
pub fn poll(state: &BuildState) -> Response {
    let json = serde_json::to_vec(state).unwrap_or_else(|_| b"{}".to_vec());
    with_common(Response::new(200, Body::Bytes(json)), "application/json")
}

/// 404 as a small page that still live-reloads, so a tab opened before the
/// first good build (or on a page a rebuild removed) recovers by itself and
/// shows the build error overlay meanwhile.
pub fn not_found(page: &Page) -> Response {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
         <body style=\"font:16px system-ui,sans-serif;margin:3rem\"><h1>Not found</h1>\
         <p>Nothing is built at this address (yet). This page reloads after the next \
         successful build.</p>{}</body></html>",
        snippet(page.nonce, page.generation)
    );
    let mut response = with_common(
        Response::new(404, Body::Bytes(body.into_bytes())),
        "text/html; charset=utf-8",
    );
    add(
        &mut response,
        "Content-Security-Policy",
        &rewrite_policy(OWN_PAGE_POLICY, page.nonce),
    );
    response
}

/// A plain-text error for requests refused outright.
pub fn plain(status: u16, text: &str) -> Response {
    let response = Response::new(status, Body::Bytes(format!("{text}\n").into_bytes()));
    with_common(response, "text/plain; charset=utf-8")
}

/// 405 for anything but GET and HEAD.
pub fn method_not_allowed() -> Response {
    let mut response = plain(405, "only GET and HEAD are supported");
    add(&mut response, "Allow", "GET, HEAD");
    response
}

/// A temporary redirect (a folder asked for without its slash).
pub fn redirect(location: &str) -> Response {
    if !location.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return plain(400, "bad request");
    }
    plain(302, "see the folder's index").with("Location", location)
}

fn with_common(mut response: Response, kind: &str) -> Response {
    add(&mut response, "Content-Type", kind);
    add(&mut response, "Cache-Control", "no-store");
    add(&mut response, "X-Content-Type-Options", "nosniff");
    add(&mut response, "Referrer-Policy", "no-referrer");
    response
}

/// Adds a header, skipping values that are not valid header text (a
/// non-ASCII redirect target, say) rather than failing the response.
fn add(response: &mut Response, name: &str, value: &str) {
    response.add(name, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_extension() {
        assert_eq!(
            content_type(Path::new("a/B.HTML")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("logo.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("x.pdf")), "application/pdf");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }
}
