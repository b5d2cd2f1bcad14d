//! Hostile HTTP clients of `rubricate serve`, on 127.0.0.1 only, bounded in
//! count and time: bodies announced by absurd `Content-Length`s, an endless
//! header, more long polls than the server has room for, and polls whose
//! clients left. After each, the server must still answer a page.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use rubricate::serve::{MAX_POLLS, POLL_PATH, ServeOptions, ServerHandle, start};

fn server() -> (tempfile::TempDir, ServerHandle) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><p>hi</p>").unwrap();
    let server = start(
        dir.path(),
        &ServeOptions {
            port: 0,
            poll_timeout: Duration::from_secs(20),
        },
    )
    .unwrap();
    (dir, server)
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Sends `head` and returns the status of the answer (0 if none).
fn status_of(addr: SocketAddr, head: &str) -> u16 {
    let mut stream = connect(addr);
    let _ = stream.write_all(head.as_bytes());
    read_status(&mut stream)
}

fn read_status(stream: &mut TcpStream) -> u16 {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn get(addr: SocketAddr, target: &str) -> u16 {
    status_of(
        addr,
        &format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

fn page_still_served(addr: SocketAddr) {
    assert_eq!(get(addr, "/"), 200, "the server stopped answering");
}

#[test]
fn absurd_content_lengths_are_refused_without_allocating() {
    let (_dir, server) = server();
    let addr = server.addr();
    for length in [
        "4611686018427387904",
        "18446744073709551615",
        "99999999999999999999999",
        "1",
    ] {
        let head = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {length}\r\n\r\n");
        let status = status_of(addr, &head);
        assert!(matches!(status, 400 | 413), "{length}: {status}");
        page_still_served(addr);
    }
    let head = format!("POST / HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\n\r\n");
    assert_eq!(status_of(addr, &head), 413);
    page_still_served(addr);
}

#[test]
fn an_endless_header_is_cut_off_at_a_small_bound() {
    let (_dir, server) = server();
    let addr = server.addr();
    let mut stream = connect(addr);
    let _ = stream.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Big: ").as_bytes());
    // Up to 64 MB of one header. The server stops reading at 16 KiB and
    // closes; the kernel's socket buffers (several MB on loopback) absorb
    // what was already sent, so the client can get that far, but never
    // near 64 MB.
    const LIMIT: usize = 64 * 1024 * 1024;
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < LIMIT && stream.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    let status = read_status(&mut stream);
    assert!(matches!(status, 431 | 0), "{status}");
    assert!(sent < LIMIT, "the server read {sent} bytes of header");
    page_still_served(addr);
}

#[test]
fn waiting_polls_never_lock_pages_out_and_leaving_clients_free_their_place() {
    let (_dir, server) = server();
    let addr = server.addr();
    let poll = format!("GET {POLL_PATH}?since=0 HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let mut waiting: Vec<TcpStream> = (0..MAX_POLLS)
        .map(|_| {
            let mut s = connect(addr);
            s.write_all(poll.as_bytes()).unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // One poll too many is told to come back; pages are served at once.
    assert_eq!(status_of(addr, &poll), 503);
    let started = Instant::now();
    for _ in 0..10 {
        page_still_served(addr);
    }
    assert!(started.elapsed() < Duration::from_secs(3));
    // The waiting clients leave; the server notices and frees their places.
    waiting.clear();
    std::thread::sleep(Duration::from_millis(800));
    let mut fresh = connect(addr);
    fresh.write_all(poll.as_bytes()).unwrap();
    fresh
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut byte = [0u8; 1];
    let answered = fresh.read(&mut byte).map(|n| n > 0).unwrap_or(false);
    assert!(!answered, "a new poll should wait, not be refused");
    drop(fresh);
    // A rebuild answers the polls that wait.
    let mut again = connect(addr);
    again.write_all(poll.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    server.publish_ok();
    assert_eq!(read_status(&mut again), 200);
}

#[test]
fn many_idle_connections_are_bounded_and_released() {
    let (_dir, server) = server();
    let addr = server.addr();
    // More silent connections than the server keeps: the rest get 503.
    let idle: Vec<TcpStream> = (0..rubricate::serve::MAX_CONNECTIONS + 8)
        .map(|_| connect(addr))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    drop(idle);
    std::thread::sleep(Duration::from_millis(300));
    page_still_served(addr);
}
