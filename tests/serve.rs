//! The preview server over raw HTTP/1.1: live-reload injection only in
//! served pages, no way out of the output folder, long-polls that wake on
//! publish. Every network wait has a read timeout of a few seconds.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rubricate::serve::{POLL_PATH, ServeOptions, ServerHandle, start};

const CSP: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; \
    font-src data:; script-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";
const SECRET: &str = "TOP-SECRET-CONTENT";

struct Fixture {
    _dir: tempfile::TempDir,
    out: PathBuf,
    server: ServerHandle,
}

fn page(title: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\
         <title>{title}</title></head><body><h1>{title}</h1></body></html>"
    )
}

/// `secret.txt` beside the output folder `out/`, which holds `index.html`,
/// `a/report.html`, `style.css`, and symlinks pointing outside.
fn fixture(options: ServeOptions) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("a")).unwrap();
    std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    std::fs::write(out.join("index.html"), page("Index")).unwrap();
    std::fs::write(out.join("a/report.html"), page("Report")).unwrap();
    std::fs::write(out.join("style.css"), "h1{color:red}").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(dir.path().join("secret.txt"), out.join("leak.txt")).unwrap();
        symlink(dir.path(), out.join("up")).unwrap();
    }
    let server = start(&out, &options).unwrap();
    Fixture {
        _dir: dir,
        out,
        server,
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

fn request(addr: SocketAddr, method: &str, target: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let head = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

fn get(server: &ServerHandle, target: &str) -> Reply {
    let addr = server.addr();
    request(addr, "GET", target, &addr.to_string())
}

/// The nonce of the injected script tag.
fn script_nonce(body: &str) -> &str {
    let start = body.find("<script nonce=\"").expect("injected script") + 15;
    &body[start..start + 32]
}

#[test]
fn binds_loopback_on_a_free_port() {
    let fx = fixture(ServeOptions::default());
    assert!(fx.server.addr().ip().is_loopback());
    assert_ne!(fx.server.addr().port(), 0);
    assert!(fx.server.url().starts_with("http://127.0.0.1:"));
}

#[test]
fn served_pages_get_the_snippet_and_a_nonce_policy_but_disk_does_not() {
    let fx = fixture(ServeOptions::default());
    for target in ["/", "/a/report.html", "/index.html?x=1"] {
        let reply = get(&fx.server, target);
        assert_eq!(reply.status, 200, "{target}");
        assert_eq!(
            reply.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let nonce = script_nonce(&reply.body);
        let policy = CSP.replace("script-src 'none'", &format!("script-src 'nonce-{nonce}'"))
            + "; connect-src 'self'";
        let meta = format!("content=\"{policy}\"");
        assert!(reply.body.contains(&meta), "{target}: {}", reply.body);
        assert!(!reply.body.contains("script-src 'none'"));
        assert_eq!(
            reply.header("content-security-policy"),
            Some(policy.as_str())
        );
        let script = reply.body.find("<script nonce=").unwrap();
        assert!(script < reply.body.find("</body>").unwrap());
        assert!(reply.body.contains(POLL_PATH));
    }
    assert_eq!(
        std::fs::read_to_string(fx.out.join("a/report.html")).unwrap(),
        page("Report")
    );
    assert_eq!(std::fs::read_dir(fx.out.join("a")).unwrap().count(), 1);
}

#[test]
fn the_nonce_is_fixed_per_server_and_differs_between_servers() {
    let one = fixture(ServeOptions::default());
    let two = fixture(ServeOptions::default());
    let a = get(&one.server, "/").body;
    let b = get(&one.server, "/a/report.html").body;
    let c = get(&two.server, "/").body;
    assert_eq!(script_nonce(&a), script_nonce(&b));
    assert_ne!(script_nonce(&a), script_nonce(&c));
    assert!(script_nonce(&a).bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn nothing_outside_the_root_is_ever_served() {
    let fx = fixture(ServeOptions::default());
    let attempts = [
        "/../secret.txt",
        "/a/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/secret.txt%00.html",
        "/leak.txt",
        "/up/secret.txt",
        "/up/",
        "/.%2e/secret.txt",
        "/%2e/../secret.txt",
        "/a/%2e%2e/%2e%2e/secret.txt",
        "http://127.0.0.1/../secret.txt",
    ];
    for target in attempts {
        let reply = get(&fx.server, target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(!reply.body.contains(SECRET), "{target} leaked");
        assert!(!reply.body.contains("root:"), "{target} leaked");
    }
}

#[test]
fn other_files_are_served_as_is_with_their_type() {
    let fx = fixture(ServeOptions::default());
    let css = get(&fx.server, "/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.body, "h1{color:red}");
    assert_eq!(css.header("cache-control"), Some("no-store"));
    std::fs::write(fx.out.join("a/notes 1.txt"), "hello").unwrap();
    let spaced = get(&fx.server, "/a/notes%201.txt");
    assert_eq!((spaced.status, spaced.body.as_str()), (200, "hello"));
    let addr = fx.server.addr();
    let head = request(addr, "HEAD", "/", &addr.to_string());
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    assert_eq!(request(addr, "POST", "/", &addr.to_string()).status, 405);
}

#[test]
fn folders_redirect_to_their_slash_and_missing_pages_still_reload() {
    let fx = fixture(ServeOptions::default());
    let folder = get(&fx.server, "/a");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("location"), Some("/a/"));
    // An assessment folder answers with its report.
    assert_eq!(get(&fx.server, "/a/").status, 200);
    std::fs::create_dir(fx.out.join("empty")).unwrap();
    let missing = get(&fx.server, "/empty/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains(POLL_PATH));
    let nonce = script_nonce(&missing.body).to_owned();
    let policy = missing.header("content-security-policy").unwrap();
    assert!(
        policy.contains(&format!("script-src 'nonce-{nonce}'")),
        "{policy}"
    );
}

#[test]
fn foreign_host_names_are_refused() {
    let fx = fixture(ServeOptions::default());
    let addr = fx.server.addr();
    assert_eq!(request(addr, "GET", "/", "evil.example").status, 400);
    let port = addr.port();
    assert_eq!(
        request(addr, "GET", "/", &format!("localhost:{port}")).status,
        200
    );
}

#[test]
fn a_poll_wakes_on_publish_ok() {
    let fx = fixture(ServeOptions::default());
    let addr = fx.server.addr();
    let start = Instant::now();
    let poller = std::thread::spawn(move || {
        let target = format!("{POLL_PATH}?since=0");
        request(addr, "GET", &target, &addr.to_string())
    });
    std::thread::sleep(Duration::from_millis(150));
    fx.server.publish_ok();
    let reply = poller.join().unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, r#"{"generation":1,"error":null}"#);
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_failed_build_is_reported_then_cleared() {
    let fx = fixture(ServeOptions::default());
    fx.server
        .publish_error("\u{1b}[31merror[E0101]\u{1b}[0m: unknown level `<b>`\n  --> a.rubric:3:7");
    let reply = get(&fx.server, &format!("{POLL_PATH}?since=0"));
    assert_eq!(
        reply.body,
        r#"{"generation":1,"error":"error[E0101]: unknown level `<b>`\n  --> a.rubric:3:7"}"#
    );
    let page = get(&fx.server, "/");
    assert!(page.body.contains("var served = 1;"), "{}", page.body);
    fx.server.publish_ok();
    let reply = get(&fx.server, &format!("{POLL_PATH}?since=1"));
    assert_eq!(reply.body, r#"{"generation":2,"error":null}"#);
}

#[test]
fn polls_time_out_and_do_not_block_pages_or_shutdown() {
    let fx = fixture(ServeOptions {
        poll_timeout: Duration::from_millis(300),
        ..ServeOptions::default()
    });
    let timed_out = get(&fx.server, &format!("{POLL_PATH}?since=0"));
    assert_eq!(timed_out.body, r#"{"generation":0,"error":null}"#);
    let slow = fixture(ServeOptions {
        poll_timeout: Duration::from_secs(20),
        ..ServeOptions::default()
    });
    let addr = slow.server.addr();
    let pollers: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(move || {
                let target = format!("{POLL_PATH}?since=0");
                request(addr, "GET", &target, &addr.to_string())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    assert_eq!(get(&slow.server, "/").status, 200);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    slow.server.stop();
    for poller in pollers {
        assert_eq!(poller.join().unwrap().status, 200);
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert!(TcpStream::connect(addr).is_err() || get_fails(addr));
}

/// After stop, a connection may still be accepted by the OS backlog
/// briefly, but it must not be answered.
fn get_fails(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return true;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.write_all(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    buf.is_empty()
}

#[test]
fn a_missing_output_folder_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let out: &Path = &dir.path().join("not/yet/built");
    let server = start(out, &ServeOptions::default()).unwrap();
    assert!(out.is_dir());
    assert_eq!(get(&server, "/").status, 404);
}
