//! A small synchronous Chrome DevTools Protocol client. One websocket to the
//! browser endpoint carries commands for every tab (flattened sessions); in
//! come responses (matched by id) and events (tagged with their session).
//! Reads honour a deadline, so a silent browser never hangs a run.

use super::error::PdfError;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::ErrorKind;
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Message, WebSocket};

/// PDFs come back base64-encoded in one message; allow big reports.
const MAX_MESSAGE: usize = 1 << 30;
/// A write that stalls this long means the browser is gone.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// What the browser sent.
#[derive(Debug)]
pub enum Incoming {
    /// The answer to the command with this id: its result or error message.
    Response {
        id: u64,
        result: Result<Value, String>,
    },
    /// An event, from a tab's session or (`None`) the browser itself.
    Event {
        session: Option<String>,
        method: String,
        params: Value,
    },
}

/// A DevTools connection.
pub struct Cdp {
    ws: WebSocket<TcpStream>,
    next_id: u64,
    /// Messages read while [`Cdp::call`] waited for its own response.
    backlog: VecDeque<Incoming>,
}

impl Cdp {
    /// Connects to `ws_url` (`ws://127.0.0.1:PORT/path`), giving up at `deadline`.
    pub fn connect(ws_url: &str, deadline: Instant) -> Result<Cdp, PdfError> {
        let addr = ws_url
            .strip_prefix("ws://")
            .and_then(|rest| rest.split('/').next())
            .ok_or_else(|| conn_err(format!("bad DevTools address {ws_url}")))?;
        let addr = addr
            .parse()
            .map_err(|_| conn_err(format!("bad DevTools address {ws_url}")))?;
        let stream = TcpStream::connect_timeout(&addr, remaining(deadline))
            .map_err(|e| conn_err(format!("cannot connect to DevTools: {e}")))?;
        stream
            .set_nodelay(true)
            .map_err(|e| conn_err(e.to_string()))?;
        stream
            .set_read_timeout(Some(remaining(deadline)))
            .map_err(|e| conn_err(e.to_string()))?;
        stream
            .set_write_timeout(Some(WRITE_TIMEOUT))
            .map_err(|e| conn_err(e.to_string()))?;
        let config = WebSocketConfig::default()
            .max_message_size(Some(MAX_MESSAGE))
            .max_frame_size(Some(MAX_MESSAGE));
        let (ws, _) = tungstenite::client::client_with_config(ws_url, stream, Some(config))
            .map_err(|e| conn_err(format!("DevTools handshake failed: {e}")))?;
        Ok(Cdp {
            ws,
            next_id: 1,
            backlog: VecDeque::new(),
        })
    }

    /// Sends `method` with `params` to `session` (or the browser) and returns
    /// the id its response will carry.
    pub fn send(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<u64, PdfError> {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = Value::from(s);
        }
        self.ws
            .send(Message::text(msg.to_string()))
            .map_err(|e| conn_err(format!("sending {method}: {e}")))?;
        Ok(id)
    }

    /// Sends a command and waits for its result, keeping any other messages
    /// for [`Cdp::recv`]. For setup steps, where nothing else is in flight.
    pub fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
        deadline: Instant,
    ) -> Result<Value, PdfError> {
        let want = self.send(session, method, params)?;
        let mut kept = VecDeque::new();
        let outcome = loop {
            match self.read(deadline) {
                Ok(Some(Incoming::Response { id, result })) if id == want => {
                    break result.map_err(|message| PdfError::Protocol {
                        method: method.to_string(),
                        message,
                    });
                }
                Ok(Some(other)) => kept.push_back(other),
                Ok(None) => break Err(conn_err(format!("no answer to {method} in time"))),
                Err(e) => break Err(e),
            }
        };
        self.backlog.extend(kept);
        outcome
    }

    /// The next message, or `None` once `deadline` passes.
    pub fn recv(&mut self, deadline: Instant) -> Result<Option<Incoming>, PdfError> {
        match self.backlog.pop_front() {
            Some(m) => Ok(Some(m)),
            None => self.read(deadline),
        }
    }

    fn read(&mut self, deadline: Instant) -> Result<Option<Incoming>, PdfError> {
        loop {
            let left = remaining(deadline);
            if left.is_zero() {
                return Ok(None);
            }
            self.ws
                .get_mut()
                .set_read_timeout(Some(left))
                .map_err(|e| conn_err(e.to_string()))?;
            match self.ws.read() {
                Ok(Message::Text(text)) => {
                    if let Some(m) = parse(text.as_str()) {
                        return Ok(Some(m));
                    }
                }
                Ok(Message::Close(_)) => {
                    return Err(conn_err("the browser closed DevTools".into()));
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(e) => return Err(conn_err(e.to_string())),
            }
        }
    }
}

/// Decodes one protocol message; `None` for anything unrecognisable.
pub fn parse(text: &str) -> Option<Incoming> {
    let v: Value = serde_json::from_str(text).ok()?;
    if let Some(id) = v.get("id").and_then(Value::as_u64) {
        let result = match v.get("error") {
            Some(err) => Err(err
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("unknown error")
                .to_string()),
            None => Ok(v.get("result").cloned().unwrap_or(Value::Null)),
        };
        return Some(Incoming::Response { id, result });
    }
    let method = v.get("method")?.as_str()?.to_string();
    Some(Incoming::Event {
        session: v.get("sessionId").and_then(Value::as_str).map(String::from),
        method,
        params: v.get("params").cloned().unwrap_or(Value::Null),
    })
}

fn remaining(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

fn conn_err(reason: String) -> PdfError {
    PdfError::Connection {
        reason,
        stderr: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_responses_errors_and_events() {
        let ok = parse(r#"{"id":3,"result":{"data":"x"}}"#).unwrap();
        assert!(matches!(ok, Incoming::Response { id: 3, result: Ok(ref v) } if v["data"] == "x"));
        let err = parse(r#"{"id":4,"error":{"code":-32000,"message":"nope"}}"#).unwrap();
        assert!(matches!(err, Incoming::Response { id: 4, result: Err(ref m) } if m == "nope"));
        let ev = parse(r#"{"method":"Page.loadEventFired","params":{},"sessionId":"S"}"#).unwrap();
        assert!(matches!(ev, Incoming::Event { ref session, ref method, .. }
                if session.as_deref() == Some("S") && method == "Page.loadEventFired"));
        assert!(parse("not json").is_none());
        assert!(parse(r#"{"params":{}}"#).is_none());
    }
}
