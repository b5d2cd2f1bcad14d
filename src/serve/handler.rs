//! Answering one connection: in go an accepted TCP connection and the
//! server's context, out goes one response (a file, a poll answer or a
//! refusal), each connection on its own thread so a waiting poll never
//! holds up a page. Threads are bounded: at most [`MAX_CONNECTIONS`]
//! connections at once, of which at most [`MAX_POLLS`] may be waiting
//! polls, so page loads always have room; past either bound the answer is
//! an immediate 503.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::http::{self, Refused, Request, Response};
use super::resolve::{self, Refused as NotServed, Resolved};
use super::respond::{self, Page};
use super::{Context, MAX_CONNECTIONS, MAX_POLLS, POLL_PATH};

/// How often a waiting poll checks that its client is still there.
const CLIENT_CHECK: Duration = Duration::from_millis(200);

/// Connection and poll counts, shared with the handle for shutdown.
#[derive(Default)]
pub(super) struct Counts {
    pub connections: AtomicUsize,
    pub polls: AtomicUsize,
}

pub(super) fn accept_loop(listener: &TcpListener, context: &Arc<Context>, counts: &Arc<Counts>) {
    loop {
        let accepted = listener.accept();
        if context.live.is_stopping() {
            return;
        }
        match accepted {
            Ok((stream, _)) => dispatch(stream, context, counts),
            // A failed accept (out of descriptors); don't spin.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Hands `stream` to a thread of its own, or answers 503 when too many
/// connections are open.
fn dispatch(mut stream: TcpStream, context: &Arc<Context>, counts: &Arc<Counts>) {
    let Some(guard) = Slot::take(counts, Which::Connections) else {
        let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
        http::refuse(&mut stream, 503, "too many connections");
        return;
    };
    let context = Arc::clone(context);
    let counts = Arc::clone(counts);
    // If the thread cannot start, the closure (stream and guard) is
    // dropped: the connection closes and the count is released.
    let _ = std::thread::Builder::new()
        .name("rubricate-request".into())
        .spawn(move || {
            let _guard = guard;
            serve_connection(stream, &context, &counts);
        });
}

/// Which bounded count a [`Slot`] holds.
#[derive(Clone, Copy)]
enum Which {
    Connections,
    Polls,
}

/// Holds one unit of a bounded count until dropped.
struct Slot(Arc<Counts>, Which);

impl Slot {
    fn take(counts: &Arc<Counts>, which: Which) -> Option<Slot> {
        let limit = match which {
            Which::Connections => MAX_CONNECTIONS,
            Which::Polls => MAX_POLLS,
        };
        let counter = counts.get(which);
        if counter.fetch_add(1, Ordering::SeqCst) >= limit {
            counter.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(Arc::clone(counts), which))
    }
}

impl Counts {
    fn get(&self, which: Which) -> &AtomicUsize {
        match which {
            Which::Connections => &self.connections,
            Which::Polls => &self.polls,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.get(self.1).fetch_sub(1, Ordering::SeqCst);
    }
}

fn serve_connection(mut stream: TcpStream, context: &Context, counts: &Arc<Counts>) {
    let request = match http::read_request(&mut stream) {
        Ok(request) => request,
        Err(Refused::Status(status, text)) => {
            http::refuse(&mut stream, status, text);
            return;
        }
        Err(Refused::Silent) => return,
    };
    let head_only = request.method == "HEAD";
    let response = route(&request, &stream, context, counts);
    // The client may have gone away; nothing to do then.
    let _ = http::write_response(&mut stream, response, head_only);
    let _ = stream.flush();
}

fn route(
    request: &Request,
    stream: &TcpStream,
    context: &Context,
    counts: &Arc<Counts>,
) -> Response {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return respond::method_not_allowed();
    }
    if !host_allowed(request.header("Host"), context.port) {
        return respond::plain(400, "unexpected Host header");
    }
    let (path, query) = resolve::split_target(&request.target);
    if path == POLL_PATH {
        return poll(since(query), stream, context, counts);
    }
    // Read the generation before the file: a page never claims to be newer
    // than its content (at worst it reloads once more).
    let page = Page {
        nonce: &context.nonce,
        generation: context.live.current().generation,
    };
    match resolve::resolve(&context.root, &request.target) {
        Ok(Resolved::File(file)) => respond::file(&file, &page),
        Ok(Resolved::Redirect(location)) => respond::redirect(&location),
        Err(NotServed::BadRequest) => respond::plain(400, "bad request"),
        Err(NotServed::NotFound) => respond::not_found(&page),
    }
}

/// A long poll: waits for a new generation, the timeout, shutdown, or the
/// client leaving (checked every [`CLIENT_CHECK`]), whichever is first.
fn poll(
    since: Option<u64>,
    stream: &TcpStream,
    context: &Context,
    counts: &Arc<Counts>,
) -> Response {
    if since.is_none() {
        return respond::poll(&context.live.current());
    }
    let Some(_slot) = Slot::take(counts, Which::Polls) else {
        return respond::plain(503, "too many pages are waiting for a rebuild")
            .with("Retry-After", "1");
    };
    let deadline = Instant::now() + context.poll_timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let state = context.live.wait_for_change(since, left.min(CLIENT_CHECK));
        if Some(state.generation) != since || left <= CLIENT_CHECK || context.live.is_stopping() {
            return respond::poll(&state);
        }
        if client_left(stream) {
            return respond::poll(&state);
        }
    }
}

/// Whether the client closed its end (a read would return end of file).
fn client_left(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    let left = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    };
    let _ = stream.set_nonblocking(false);
    left
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
