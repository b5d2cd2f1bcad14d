//! `rubricate watch` and `rubricate serve` through the real binary on a
//! temporary copy of the Northwind project: a changed answer file rewrites
//! its report; a broken rubric is reported and the old report kept; fixing
//! it recovers; Ctrl-C (SIGINT) exits 0. `serve` adds the reload snippet to
//! served pages only and never serves a file outside the output folder.
//! Every wait is bounded and polls, so the tests are quick when the
//! machine is and patient when it is loaded.

#[path = "support/project.rs"]
mod project;
#[path = "support/running.rs"]
mod running;
use running::{PATIENCE, Running};

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).and_then(|m| m.modified()).unwrap()
}

/// The example with its rubric as a file (so a test can break it).
fn project_with_rubric_file() -> (tempfile::TempDir, PathBuf) {
    let (tmp, project) = project::example_copy();
    let rubric = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/ecommerce.rubric");
    std::fs::copy(rubric, project.join("ecommerce.rubric")).unwrap();
    let toml = std::fs::read_to_string(project.join("rubricate.toml")).unwrap();
    let toml = toml.replace(
        "rubric = \"builtin:ecommerce\"",
        "rubric = \"ecommerce.rubric\"",
    );
    std::fs::write(project.join("rubricate.toml"), toml).unwrap();
    (tmp, project)
}

/// Rewrites a file the way editors do: a temporary file renamed over it.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("swp-tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn watch_rebuilds_the_changed_assessment_and_survives_errors() {
    let (_tmp, project) = project_with_rubric_file();
    let mut watch = Running::start(&["watch", "."], &project);
    watch.wait_for("watching for changes");
    let report = project.join("site/blue-harbour/report.html");
    let acme = project.join("site/acme-outdoor/report.html");
    let (before, acme_before) = (mtime(&report), mtime(&acme));

    // An answer changes: only its assessment is rebuilt.
    let answers = project.join("clients/blue-harbour/ops.toml");
    let text = std::fs::read_to_string(&answers).unwrap();
    save(
        &answers,
        &text.replace("name = \"Jonah Reed\"", "name = \"Jonah P. Reed\""),
    );
    watch.wait_for("rebuilt blue-harbour in");
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("Jonah P. Reed")
    );
    assert_ne!(before, mtime(&report));
    assert_eq!(acme_before, mtime(&acme), "the other report is untouched");

    // A broken answer file: reported, old report kept, the index says so.
    let edited = std::fs::read_to_string(&answers).unwrap();
    save(&answers, &format!("{edited}\njunk\n"));
    watch.wait_for("the last good report is kept");
    let index = project.join("site/index.html");
    assert!(
        std::fs::read_to_string(&index)
            .unwrap()
            .contains("the last build failed")
    );
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("Jonah P. Reed")
    );
    save(&answers, &edited);
    watch.wait_for("rebuilt blue-harbour in");
    assert!(
        !std::fs::read_to_string(&index)
            .unwrap()
            .contains("the last build failed")
    );

    // The rubric breaks: the error is printed, the old report stays.
    let rubric = project.join("ecommerce.rubric");
    let good = std::fs::read_to_string(&rubric).unwrap();
    let good_report = std::fs::read_to_string(&report).unwrap();
    save(&rubric, &format!("{good}\nstage {{ oops\n"));
    watch.wait_for("error[E");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        good_report,
        "last good report kept"
    );

    // Fixed (with a visible change): the next save recovers.
    save(
        &rubric,
        &good.replace("the reactive starter", "the scrappy starter"),
    );
    watch.wait_for("built 2 of 2 reports");
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("the scrappy starter")
    );
    watch.interrupt();
}

/// One HTTP/1.1 GET over a raw socket: (status line, body).
fn get(addr: &str, target: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.lines().next().unwrap_or_default().to_string();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serve_injects_reload_only_in_served_pages_and_never_leaves_the_output() {
    let (tmp, project) = project::example_copy();
    std::fs::write(tmp.path().join("secret.txt"), "TOP SECRET").unwrap();
    std::fs::write(project.join("secret.txt"), "PROJECT SECRET").unwrap();
    let mut serve = Running::start(&["serve", ".", "--port", "0"], &project);
    let line = serve.wait_for("serving ");
    let url = line
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let addr = url.trim_start_matches("http://").to_string();
    serve.wait_for("watching for changes");

    let (status, body) = get(&addr, "/acme-outdoor/report.html");
    assert!(status.contains("200"), "{status}");
    assert!(
        body.contains("/__rubricate/poll"),
        "served page has the reload snippet"
    );
    let on_disk = std::fs::read_to_string(project.join("site/acme-outdoor/report.html")).unwrap();
    assert!(
        !on_disk.contains("__rubricate"),
        "the built file has no snippet"
    );
    let (status, index) = get(&addr, "/");
    assert!(
        status.contains("200") && index.contains("Blue Harbour"),
        "{status}"
    );

    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..%5csecret.txt",
        "/../../secret.txt",
        "/%2e%2e/%2e%2e/secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/%2fetc%2fpasswd",
        &format!("/{}", tmp.path().join("secret.txt").display()),
    ] {
        let (status, body) = get(&addr, target);
        assert!(!status.contains("200"), "{target} → {status}");
        assert!(
            !body.contains("SECRET") && !body.contains("root:"),
            "{target} leaked"
        );
    }
    serve.interrupt();
}
