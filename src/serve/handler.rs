//! Answering one request: in go a tiny_http request and the server's
//! context, out goes the response (a file, a poll answer or a refusal), each
//! on its own thread so a waiting poll never holds up a page.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tiny_http::{Method, Request, ResponseBox, Server};

use super::resolve::{self, Refused, Resolved};
use super::respond::{self, Page};
use super::{Context, MAX_IN_FLIGHT, POLL_PATH};

pub(super) fn accept_loop(server: &Server, context: &Arc<Context>, in_flight: &Arc<AtomicUsize>) {
    loop {
        let request = server.recv();
        if context.live.is_stopping() {
            return;
        }
        match request {
            Ok(request) => dispatch(request, context, in_flight),
            // A failed accept; don't spin if it keeps failing.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Hands `request` to a thread of its own, or answers 503 when too many
/// are already running.
fn dispatch(request: Request, context: &Arc<Context>, in_flight: &Arc<AtomicUsize>) {
    if in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
        in_flight.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(respond::plain(503, "too many requests in progress"));
        return;
    }
    let guard = InFlight(Arc::clone(in_flight));
    let context = Arc::clone(context);
    // If the thread cannot start, the closure (request and guard) is dropped:
    // tiny_http answers 500 and the count is released.
    let _ = std::thread::Builder::new()
        .name("rubricate-request".into())
        .spawn(move || {
            let _guard = guard;
            let response = route(&request, &context);
            // The client may have gone away; nothing to do then.
            let _ = request.respond(response);
        });
}

/// Decrements the in-flight count when a request thread ends, however.
struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn route(request: &Request, context: &Context) -> ResponseBox {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return respond::method_not_allowed();
    }
    let host = request.headers().iter().find(|h| h.field.equiv("Host"));
    if !host_allowed(host.map(|h| h.value.as_str()), context.port) {
        return respond::plain(400, "unexpected Host header");
    }
    let (path, query) = resolve::split_target(request.url());
    if path == POLL_PATH {
        let state = context
            .live
            .wait_for_change(since(query), context.poll_timeout);
        return respond::poll(&state);
    }
    // Read the generation before the file: a page never claims to be newer
    // than its content (at worst it reloads once more).
    let page = Page {
        nonce: &context.nonce,
        generation: context.live.current().generation,
    };
    match resolve::resolve(&context.root, request.url()) {
        Ok(Resolved::File(file)) => respond::file(&file, &page),
        Ok(Resolved::Redirect(location)) => respond::redirect(&location),
        Err(Refused::BadRequest) => respond::plain(400, "bad request"),
        Err(Refused::NotFound) => respond::not_found(&page),
    }
}

/// The `since` generation of a poll query, if any.
fn since(query: Option<&str>) -> Option<u64> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse().ok())
}

/// Only loopback names are accepted as Host, so a web page that rebinds
/// its own domain name to 127.0.0.1 cannot read the reports.
fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        return true; // HTTP/1.0 clients; browsers always send Host.
    };
    let host = host.to_ascii_lowercase();
    let name = match host.rsplit_once(':') {
        Some((name, p)) if !name.is_empty() && !p.contains(']') => match p.parse::<u16>() {
            Ok(p) if p == port => name,
            _ => return false,
        },
        _ => host.as_str(),
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_on_our_port() {
        for ok in [
            "127.0.0.1:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
            "localhost",
            "[::1]",
        ] {
            assert!(host_allowed(Some(ok), 8080), "{ok}");
        }
        for bad in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "localhost:x",
            "127.0.0.1.evil:8080",
            "",
        ] {
            assert!(!host_allowed(Some(bad), 8080), "{bad}");
        }
        assert!(host_allowed(None, 8080));
    }

    #[test]
    fn reads_since_from_the_query() {
        assert_eq!(since(Some("since=7")), Some(7));
        assert_eq!(since(Some("x=1&since=42")), Some(42));
        assert_eq!(since(Some("since=-1")), None);
        assert_eq!(since(None), None);
    }
}
