//! The live-preview server: in go an output folder and a port, out comes a
//! local HTTP server on 127.0.0.1 serving that folder's files, plus a
//! [`ServerHandle`] through which the watch loop publishes each rebuild's
//! outcome. Served HTML pages (never the files on disk) carry a small
//! script that long-polls [`POLL_PATH`], reloads after a good rebuild and
//! shows the diagnostics as an overlay after a failed one.
//!
//! Nothing outside the output folder is ever served: `resolve.rs` tells
//! how request paths are vetted. Connections run on their own threads (at
//! most [`MAX_CONNECTIONS`], of which at most [`MAX_POLLS`] waiting polls),
//! so waiting polls never hold up page loads; `http.rs` bounds what a
//! client can make the server read.
//!
//! Wiring with [`crate::watch`] (watch first, so edits made during a build
//! are queued and trigger the next one):
//!
//! ```no_run
//! # use std::path::PathBuf;
//! use rubricate::serve::{self, ServeOptions};
//! use rubricate::watch::{DEFAULT_DEBOUNCE, Shutdown, Watcher};
//!
//! /// Compiles into `out/`; Ok(inputs it read) or Err(rendered diagnostics).
//! fn build() -> Result<Vec<PathBuf>, String> {
//! #   Ok(vec![])
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let shutdown = Shutdown::on_ctrl_c()?;
//! let server = serve::start("out".as_ref(), &ServeOptions { port: 8000, ..Default::default() })?;
//! println!("serving {}", server.url());
//! let mut watcher = Watcher::new(DEFAULT_DEBOUNCE)?;
//! watcher.set_shutdown(shutdown);
//! let mut inputs = vec![PathBuf::from("acme.rubric"), PathBuf::from("q4.toml")];
//! watcher.watch(&inputs, &[])?;
//! loop {
//!     match build() {
//!         Ok(read) => {
//!             inputs = read; // a rubric may have gained an include
//!             server.publish_ok();
//!         }
//!         Err(diagnostics) => server.publish_error(&diagnostics),
//!     }
//!     watcher.watch(&inputs, &[])?;
//!     match watcher.next_batch(None) {
//!         Some(changed) => eprintln!("changed: {changed:?}"),
//!         None => break, // Ctrl-C: finish cleanly, exit 0
//!     }
//! }
//! server.stop();
//! # Ok(())
//! # }
//! ```

mod handler;
pub mod http;
mod inject;
mod resolve;
mod respond;
mod state;

pub use state::BuildState;

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use handler::Counts;
use state::Live;

/// Where served pages ask for news: `GET /__rubricate/poll?since=N` answers
/// `{"generation":G,"error":null|"…"}` once `G != N` (or after the poll
/// timeout); without `since` it answers at once.
pub const POLL_PATH: &str = "/__rubricate/poll";

/// How long a poll waits for a rebuild before answering "no news"; below
/// the idle timeouts of browsers and proxies.
pub const DEFAULT_POLL_TIMEOUT: Duration = Duration::from_secs(25);

/// Open connections beyond this get an immediate 503, so a runaway
/// client cannot exhaust threads.
pub const MAX_CONNECTIONS: usize = 64;

/// Polls waiting at once beyond this get 503 (the page's script retries
/// with a back-off), so tabs left open never use up the connections.
pub const MAX_POLLS: usize = 32;

/// How long [`ServerHandle::stop`] waits for requests in progress.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Port on 127.0.0.1; 0 picks a free one (see [`ServerHandle::addr`]).
    pub port: u16,
    /// See [`DEFAULT_POLL_TIMEOUT`].
    pub poll_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            port: 0,
            poll_timeout: DEFAULT_POLL_TIMEOUT,
        }
    }
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The output folder could not be created or resolved.
    Root {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The port is taken or not ours to bind.
    Bind { port: u16, reason: String },
    /// No randomness for the script nonce.
    Random(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Root { path, source } => {
                write!(f, "cannot serve {}: {source}", path.display())
            }
            ServeError::Bind { port, reason } => {
                write!(f, "cannot listen on 127.0.0.1:{port}: {reason}")
            }
            ServeError::Random(e) => write!(f, "cannot make a script nonce: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Everything a request thread needs.
struct Context {
    root: PathBuf,
    nonce: String,
    live: Arc<Live>,
    poll_timeout: Duration,
    port: u16,
}

/// A running server. Publish rebuild outcomes through it; dropping it (or
/// [`ServerHandle::stop`]) shuts the server down.
pub struct ServerHandle {
    addr: SocketAddr,
    live: Arc<Live>,
    counts: Arc<Counts>,
    acceptor: Option<JoinHandle<()>>,
}

/// Starts serving `root` (created if missing, so the server can come up
/// before the first successful build) on 127.0.0.1.
pub fn start(root: &Path, options: &ServeOptions) -> Result<ServerHandle, ServeError> {
    let root_error = |source| ServeError::Root {
        path: root.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(root).map_err(root_error)?;
    let root = std::fs::canonicalize(root).map_err(root_error)?;
    let bind = SocketAddrV4::new(Ipv4Addr::LOCALHOST, options.port);
    let bind_error = |reason: String| ServeError::Bind {
        port: options.port,
        reason,
    };
    let listener = TcpListener::bind(bind).map_err(|e| bind_error(e.to_string()))?;
    let addr = listener
        .local_addr()
        .map_err(|e| bind_error(e.to_string()))?;
    let live = Arc::new(Live::default());
    let context = Arc::new(Context {
        root,
        nonce: nonce()?,
        live: Arc::clone(&live),
        poll_timeout: options.poll_timeout,
        port: addr.port(),
    });
    let counts = Arc::new(Counts::default());
    let acceptor = {
        let counts = Arc::clone(&counts);
        std::thread::Builder::new()
            .name("rubricate-serve".into())
            .spawn(move || handler::accept_loop(&listener, &context, &counts))
            .map_err(|e| bind_error(e.to_string()))?
    };
    Ok(ServerHandle {
        addr,
        live,
        counts,
        acceptor: Some(acceptor),
    })
}

impl ServerHandle {
    /// The bound address (the actual port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address to print for the user: `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// A rebuild succeeded: open pages reload (and drop any error overlay).
    pub fn publish_ok(&self) {
        self.live.publish(None);
    }

    /// A rebuild failed: open pages keep the last good build and overlay
    /// `diagnostics` (plain text; terminal colour codes are stripped).
    pub fn publish_error(&self, diagnostics: &str) {
        self.live.publish(Some(diagnostics.to_owned()));
    }

    /// What open pages currently see.
    pub fn state(&self) -> BuildState {
        self.live.current()
    }

    /// Stops accepting requests, answers waiting polls, and waits (briefly)
    /// for requests in progress.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let Some(acceptor) = self.acceptor.take() else {
            return;
        };
        self.live.stop();
        // Wake the blocking accept; the loop then sees `stopping`, ends,
        // and drops the listener.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        let _ = acceptor.join();
        let deadline = Instant::now() + STOP_GRACE;
        while self.counts.connections.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// 16 random bytes as hex: unguessable, so only our script runs.
fn nonce() -> Result<String, ServeError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| ServeError::Random(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
