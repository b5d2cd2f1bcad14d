//! Running a headless Chrome/Chromium: flags that keep it off the network
//! and quiet, a throw-away profile, and the DevTools port it reports back.
//! Out comes a [`Browser`] whose websocket address the protocol client
//! connects to; dropping it stops the process.

use super::error::PdfError;
use std::ffi::OsString;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Command-line flags for a headless browser that prints and does nothing
/// else: no first-run UI, no background traffic to Google (which on
/// restricted machines makes Chromium hang on refused connections), every
/// host unresolvable and every connection sent to a proxy that does not
/// exist — the network stays closed even for requests the DevTools layer
/// somehow misses.
pub fn chrome_args(profile: &Path) -> Vec<OsString> {
    let fixed = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--disable-client-side-phishing-detection",
        "--disable-domain-reliability",
        "--disable-breakpad",
        "--disable-crash-reporter",
        "--metrics-recording-only",
        "--no-pings",
        "--password-store=basic",
        "--use-mock-keychain",
        "--mute-audio",
        "--hide-scrollbars",
        "--block-new-web-contents",
        "--deny-permission-prompts",
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
        "--disable-renderer-backgrounding",
        "--disable-features=BackForwardCache,Translate,MediaRouter,OptimizationHints,\
         InterestFeedContentSuggestions,CalculateNativeWinOcclusion,AutofillServerCommunication",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
    ];
    let mut args: Vec<OsString> = fixed.iter().map(OsString::from).collect();
    let mut dir = OsString::from("--user-data-dir=");
    dir.push(profile);
    args.push(dir);
    args.push("about:blank".into());
    args
}

/// A running headless browser with its own temporary profile.
pub struct Browser {
    child: Child,
    /// Holds the profile and the browser's stderr log; removed on drop.
    home: tempfile::TempDir,
    /// DevTools websocket address, `ws://127.0.0.1:PORT/devtools/browser/…`.
    pub ws_url: String,
}

impl Browser {
    /// Starts `chrome` and waits (until `deadline`) for it to report its
    /// DevTools port in the profile's `DevToolsActivePort` file — sturdier
    /// than scraping stderr, whose wording and buffering vary by build.
    pub fn launch(chrome: &Path, deadline: Instant) -> Result<Browser, PdfError> {
        let home = tempfile::Builder::new()
            .prefix("rubricate-chrome-")
            .tempdir()
            .map_err(PdfError::Profile)?;
        let profile = home.path().join("profile");
        let log_path = home.path().join("stderr.log");
        let log = std::fs::File::create(&log_path).map_err(PdfError::Profile)?;
        let child = Command::new(chrome)
            .args(chrome_args(&profile))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| PdfError::Launch {
                chrome: chrome.to_path_buf(),
                reason: e.to_string(),
                stderr: String::new(),
            })?;
        let mut browser = Browser {
            child,
            home,
            ws_url: String::new(),
        };
        browser.ws_url = browser.wait_for_port(chrome, &profile, deadline)?;
        Ok(browser)
    }

    fn wait_for_port(
        &mut self,
        chrome: &Path,
        profile: &Path,
        deadline: Instant,
    ) -> Result<String, PdfError> {
        let file = profile.join("DevToolsActivePort");
        loop {
            if let Some(url) = std::fs::read_to_string(&file)
                .ok()
                .and_then(|s| ws_url_from_port_file(&s))
            {
                return Ok(url);
            }
            let failure = match self.child.try_wait() {
                Ok(Some(status)) => Some(format!("it exited ({status}) before opening DevTools")),
                Err(e) => Some(e.to_string()),
                Ok(None) if Instant::now() >= deadline => {
                    Some("it did not open DevTools in time".to_string())
                }
                Ok(None) => None,
            };
            if let Some(reason) = failure {
                return Err(PdfError::Launch {
                    chrome: chrome.to_path_buf(),
                    reason,
                    stderr: self.stderr_tail(),
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The last lines the browser wrote to stderr, for error messages,
    /// without the D-Bus complaints every headless start makes.
    pub fn stderr_tail(&self) -> String {
        let text = std::fs::read_to_string(self.home.path().join("stderr.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !is_noise(l)).collect();
        lines[lines.len().saturating_sub(12)..].join("\n")
    }

    /// The browser's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still running (it may have crashed or been
    /// killed between documents).
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits up to `grace` for the process to exit (after `Browser.close`),
    /// then kills it; either way it is reaped before the profile is removed.
    pub fn stop(&mut self, grace: Duration) {
        let until = Instant::now() + grace;
        while Instant::now() < until {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.stop(Duration::ZERO);
    }
}

/// Log lines that say nothing about why printing failed: machines without a
/// desktop session have no D-Bus.
fn is_noise(line: &str) -> bool {
    line.contains(":ERROR:dbus/") || line.trim().is_empty()
}

/// `DevToolsActivePort` holds the port, a newline, and the browser target's
/// path; anything else (say, a half-written file) is not ready yet.
pub fn ws_url_from_port_file(text: &str) -> Option<String> {
    let mut lines = text.lines();
    let port: u16 = lines.next()?.trim().parse().ok()?;
    let path = lines.next()?.trim();
    (port != 0 && path.starts_with("/devtools/browser/"))
        .then(|| format!("ws://127.0.0.1:{port}{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_file_parsing() {
        let url = ws_url_from_port_file("40123\n/devtools/browser/abc-def").unwrap();
        assert_eq!(url, "ws://127.0.0.1:40123/devtools/browser/abc-def");
        assert_eq!(ws_url_from_port_file("40123\n"), None);
        assert_eq!(ws_url_from_port_file("401"), None);
        assert_eq!(ws_url_from_port_file(""), None);
    }

    #[test]
    fn dbus_noise_is_not_news() {
        assert!(is_noise(
            "[1:2:1124/155946.309829:ERROR:dbus/bus.cc:405] Failed to connect"
        ));
        assert!(!is_noise(
            "[1:2:1124/155946.3:FATAL:zygote_host_impl_linux.cc] No usable sandbox"
        ));
    }

    #[test]
    fn flags_keep_the_browser_offline_and_headless() {
        let args = chrome_args(Path::new("/tmp/p"));
        let has = |flag: &str| args.iter().any(|a| a == flag);
        assert!(has("--headless") && has("--no-sandbox"));
        assert!(has("--disable-background-networking"));
        assert!(has("--host-resolver-rules=MAP * ~NOTFOUND"));
        assert!(has("--proxy-server=127.0.0.1:9") && has("--proxy-bypass-list=<-loopback>"));
        assert!(has("--user-data-dir=/tmp/p"));
    }
}
