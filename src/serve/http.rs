//! The HTTP/1.1 the preview server speaks, and no more: in go a TCP
//! connection, out comes one request head read within fixed bounds (or the
//! status that refuses it), and later one response, after which the
//! connection is closed.
//!
//! Written by hand because tiny_http trusts the client: it allocated the
//! body a `Content-Length` announced (4611686018427387904 aborted the
//! process, 18446744073709551615 panicked a thread) and buffered a header
//! of any size. Here a request is a head of at most [`MAX_HEAD_BYTES`] and
//! [`MAX_HEADERS`] lines, read within [`HEAD_DEADLINE`]; a request with a
//! body is refused (413, nothing is read: the server only reads files), a
//! head too large is 431, a malformed one 400. No keep-alive: one request
//! per connection.

use std::fs::File;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Largest request head (request line and headers) read: 16 KiB.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Most header lines in a request.
pub const MAX_HEADERS: usize = 64;
/// Time a client has to send its whole request head.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// Time a client has to take each part of the response.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// One request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request head is not answered normally: a status to send, or
/// nothing at all (the client went quiet or away).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Status(u16, &'static str),
    Silent,
}

/// Reads one request head from `stream`.
pub fn read_request(stream: &mut TcpStream) -> Result<Request, Refused> {
    let started = Instant::now();
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let end = loop {
        if let Some(end) = head_end(&buf) {
            break end;
        }
        if buf.len() >= MAX_HEAD_BYTES {
            return Err(Refused::Status(431, "request header fields too large"));
        }
        let left = HEAD_DEADLINE.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(Refused::Silent);
        }
        let _ = stream.set_read_timeout(Some(left));
        let room = (MAX_HEAD_BYTES + 4 - buf.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(Refused::Silent),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Refused::Silent),
        }
    };
    parse_head(&buf[..end])
}

/// Where the head ends (the blank line), if it has.
fn head_end(buf: &[u8]) -> Option<usize> {
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = buf.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Parses a request head (without its blank line).
pub fn parse_head(head: &[u8]) -> Result<Request, Refused> {
    const BAD: Refused = Refused::Status(400, "bad request");
    let head = std::str::from_utf8(head).map_err(|_| BAD)?;
    let mut lines = head.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().ok_or(BAD)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(BAD);
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0")
        || method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_uppercase())
        || !target.starts_with('/')
    {
        return Err(BAD);
    }
    let mut headers = Vec::new();
    for line in lines {
        if headers.len() >= MAX_HEADERS {
            return Err(Refused::Status(431, "too many header fields"));
        }
        let (name, value) = line.split_once(':').ok_or(BAD)?;
        let valid_name = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !valid_name {
            return Err(BAD);
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let request = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    };
    // A body is never needed; refuse it rather than read or skip it.
    if request.header("Transfer-Encoding").is_some() {
        return Err(Refused::Status(413, "request bodies are not accepted"));
    }
    if let Some(length) = request.header("Content-Length") {
        match length.parse::<u64>() {
            Ok(0) => {}
            Ok(_) => return Err(Refused::Status(413, "request bodies are not accepted")),
            Err(_) => return Err(BAD),
        }
    }
    Ok(request)
}

/// What a response carries.
pub enum Body {
    Bytes(Vec<u8>),
    /// A file and its length, streamed.
    File(File, u64),
}

/// One response; `Content-Length` and `Connection: close` are added when
/// it is written.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, body: Body) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// Adds a header, skipping values that cannot be sent as header text
    /// (control characters, non-ASCII) rather than failing the response.
    pub fn add(&mut self, name: &str, value: &str) {
        if value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            self.headers.push((name.to_string(), value.to_string()));
        }
    }

    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.add(name, value);
        self
    }
}

/// Writes `response` (only its head for a HEAD request).
pub fn write_response(
    stream: &mut TcpStream,
    response: Response,
    head_only: bool,
) -> std::io::Result<()> {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let length = match &response.body {
        Body::Bytes(b) => b.len() as u64,
        Body::File(_, len) => *len,
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ));
    stream.write_all(head.as_bytes())?;
    if !head_only {
        match response.body {
            Body::Bytes(bytes) => stream.write_all(&bytes)?,
            Body::File(file, len) => {
                std::io::copy(&mut file.take(len), stream)?;
            }
        }
    }
    stream.flush()
}

/// A plain-text refusal, written directly (no routing).
pub fn refuse(stream: &mut TcpStream, status: u16, text: &str) {
    let response = Response::new(status, Body::Bytes(format!("{text}\n").into_bytes()))
        .with("Content-Type", "text/plain; charset=utf-8")
        .with("Cache-Control", "no-store");
    let _ = write_response(stream, response, false);
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_head_and_refuses_bodies() {
        let r = parse_head(b"GET /a?b HTTP/1.1\r\nHost: x:1\r\nAccept: */*").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/a?b");
        assert_eq!(r.header("host"), Some("x:1"));
        for (head, status) in [
            (
                &b"GET / HTTP/1.1\r\nContent-Length: 4611686018427387904"[..],
                413,
            ),
            (
                b"GET / HTTP/1.1\r\nContent-Length: 18446744073709551615",
                413,
            ),
            (
                b"GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999",
                400,
            ),
            (b"GET / HTTP/1.1\r\nContent-Length: -1", 400),
            (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked", 413),
            (b"GET / HTTP/2\r\n", 400),
            (b"GET  / HTTP/1.1", 400),
            (b"GET http://x/ HTTP/1.1", 400),
            (b"GET / HTTP/1.1\r\nbad header", 400),
            (b"\xff / HTTP/1.1", 400),
        ] {
            assert_eq!(
                parse_head(head),
                Err(Refused::Status(
                    status,
                    match status {
                        413 => "request bodies are not accepted",
                        _ => "bad request",
                    }
                )),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
        let many = format!("GET / HTTP/1.1{}", "\r\nA: b".repeat(MAX_HEADERS + 1));
        assert!(matches!(
            parse_head(many.as_bytes()),
            Err(Refused::Status(431, _))
        ));
        assert!(parse_head(b"GET / HTTP/1.1\r\nContent-Length: 0").is_ok());
    }
}
