//! One browser tab and the document it is printing: navigate to the
//! document's made-up address (served and fenced by [`super::guard`]), wait
//! for our load event and web fonts, print, hand back the PDF bytes.

use super::cdp::Cdp;
use super::error::PdfError;
use super::guard::{self, Served};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Instant;

/// A tab kept open for the whole run, printing one document at a time.
pub struct Tab {
    pub session: String,
    /// Set after a timeout or crash: the tab is not trusted with another job.
    pub broken: bool,
    pub job: Option<Job>,
}

/// Where a document is on its way through a tab.
enum Stage {
    /// Waiting for the navigation's loader id and that loader's load event.
    Loading {
        navigate: u64,
        loader: Option<String>,
        loaded: Vec<String>,
    },
    /// Waiting for `document.fonts.ready`.
    Fonts { call: u64 },
    /// Waiting for `Page.printToPDF`.
    Printing { call: u64 },
}

/// One document being printed.
pub struct Job {
    pub index: usize,
    pub html: PathBuf,
    pub deadline: Instant,
    /// [`super::meta::source_digest`] of the bytes printed, recorded in
    /// the PDF so that its freshness can be told from the PDF alone.
    pub source: String,
    url: String,
    body: String,
    stage: Stage,
}

/// What a message meant for a job.
pub enum Step {
    Pending,
    /// The browser's PDF, or why there is none.
    Done(Result<Vec<u8>, PdfError>),
}

impl Tab {
    /// Opens a tab and arms it: page events with lifecycle, and interception
    /// of every request.
    pub fn open(cdp: &mut Cdp, deadline: Instant) -> Result<Tab, PdfError> {
        let target = cdp.call(
            None,
            "Target.createTarget",
            json!({"url": "about:blank"}),
            deadline,
        )?;
        let target_id = str_field(&target, "targetId", "Target.createTarget")?;
        let attached = cdp.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
            deadline,
        )?;
        let session = str_field(&attached, "sessionId", "Target.attachToTarget")?;
        let s = Some(session.as_str());
        cdp.call(s, "Page.enable", json!({}), deadline)?;
        cdp.call(
            s,
            "Page.setLifecycleEventsEnabled",
            json!({"enabled": true}),
            deadline,
        )?;
        cdp.call(
            s,
            "Fetch.enable",
            json!({"patterns": [{"urlPattern": "*", "requestStage": "Request"}]}),
            deadline,
        )?;
        Ok(Tab {
            session,
            broken: false,
            job: None,
        })
    }

    /// Whether the tab can take a new document.
    pub fn idle(&self) -> bool {
        !self.broken && self.job.is_none()
    }

    /// Starts printing `html_bytes` (read from `html`); `serial` keeps every
    /// document's address unique so no cache can answer for it.
    pub fn start(
        &mut self,
        cdp: &mut Cdp,
        index: usize,
        html: PathBuf,
        html_bytes: &[u8],
        serial: u64,
        deadline: Instant,
    ) -> Result<(), PdfError> {
        let url = guard::document_url(serial);
        let navigate = cdp.send(Some(&self.session), "Page.navigate", json!({"url": url}))?;
        self.job = Some(Job {
            index,
            html,
            deadline,
            source: super::meta::source_digest(html_bytes),
            url,
            body: data_encoding::BASE64.encode(html_bytes),
            stage: Stage::Loading {
                navigate,
                loader: None,
                loaded: Vec::new(),
            },
        });
        Ok(())
    }

    /// Handles an event for this tab's session.
    pub fn on_event(
        &mut self,
        cdp: &mut Cdp,
        method: &str,
        params: &Value,
    ) -> Result<Step, PdfError> {
        match method {
            "Fetch.requestPaused" => {
                self.answer_request(cdp, params)?;
                Ok(Step::Pending)
            }
            "Page.lifecycleEvent" if params["name"] == "load" => {
                let loader = params["loaderId"].as_str().unwrap_or_default().to_string();
                match self.job.as_mut() {
                    Some(job) => job.on_load(cdp, &self.session, loader),
                    None => Ok(Step::Pending),
                }
            }
            "Inspector.targetCrashed" | "Inspector.detached" => Ok(self.crashed()),
            _ => Ok(Step::Pending),
        }
    }

    /// Whether this tab's job sent command `id`.
    pub fn awaits(&self, id: u64) -> bool {
        self.job.as_ref().is_some_and(|job| job.awaits(id))
    }

    /// Handles the response to a command its job sent (see [`Tab::awaits`]).
    pub fn on_response(
        &mut self,
        cdp: &mut Cdp,
        result: Result<Value, String>,
    ) -> Result<Step, PdfError> {
        match self.job.as_mut() {
            Some(job) => job.on_response(cdp, &self.session, result),
            None => Ok(Step::Pending),
        }
    }

    /// The tab died under its job: the job fails and the tab is retired.
    pub fn crashed(&mut self) -> Step {
        self.broken = true;
        match &self.job {
            Some(job) => Step::Done(Err(PdfError::Crashed {
                html: job.html.clone(),
            })),
            None => Step::Pending,
        }
    }

    /// Settles a paused request (see [`guard::answer`]).
    fn answer_request(&self, cdp: &mut Cdp, params: &Value) -> Result<(), PdfError> {
        let request_id = params["requestId"].as_str().unwrap_or_default();
        let url = params["request"]["url"].as_str().unwrap_or_default();
        let served = self.job.as_ref().map(|job| Served {
            url: &job.url,
            body_base64: &job.body,
        });
        let (method, reply) = guard::answer(request_id, url, served);
        cdp.send(Some(&self.session), method, reply)?;
        Ok(())
    }
}

impl Job {
    fn awaits(&self, id: u64) -> bool {
        match self.stage {
            Stage::Loading { navigate, .. } => navigate == id,
            Stage::Fonts { call } | Stage::Printing { call } => call == id,
        }
    }

    /// A load event counts only if it is our navigation's (a stale one from
    /// the previous document must not trigger printing); it may arrive
    /// before the navigation's answer names our loader, so early ones wait.
    fn on_load(&mut self, cdp: &mut Cdp, session: &str, loader: String) -> Result<Step, PdfError> {
        let Stage::Loading {
            loader: ours,
            loaded,
            ..
        } = &mut self.stage
        else {
            return Ok(Step::Pending);
        };
        match ours {
            Some(ours) if *ours == loader => self.wait_for_fonts(cdp, session),
            Some(_) => Ok(Step::Pending),
            None => {
                loaded.push(loader);
                Ok(Step::Pending)
            }
        }
    }

    fn on_response(
        &mut self,
        cdp: &mut Cdp,
        session: &str,
        result: Result<Value, String>,
    ) -> Result<Step, PdfError> {
        match &mut self.stage {
            Stage::Loading { loader, loaded, .. } => {
                let v = match result {
                    Ok(v) => v,
                    Err(reason) => return Ok(self.load_failed(reason)),
                };
                if let Some(reason) = v["errorText"].as_str().filter(|t| !t.is_empty()) {
                    return Ok(self.load_failed(reason.to_string()));
                }
                let ours = v["loaderId"].as_str().unwrap_or_default().to_string();
                let already = loaded.contains(&ours);
                *loader = Some(ours);
                if already {
                    return self.wait_for_fonts(cdp, session);
                }
                Ok(Step::Pending)
            }
            Stage::Fonts { .. } => self.print(cdp, session),
            Stage::Printing { .. } => Ok(Step::Done(decode_pdf(result))),
        }
    }

    fn load_failed(&self, reason: String) -> Step {
        Step::Done(Err(PdfError::Load {
            html: self.html.clone(),
            reason,
        }))
    }

    /// Web fonts (inline `data:` ones) may still be decoding at load time;
    /// printing before they are ready would use fallback fonts.
    fn wait_for_fonts(&mut self, cdp: &mut Cdp, session: &str) -> Result<Step, PdfError> {
        let call = cdp.send(
            Some(session),
            "Runtime.evaluate",
            json!({
                "expression": "document.fonts.ready.then(() => true)",
                "awaitPromise": true,
                "returnByValue": true,
            }),
        )?;
        self.stage = Stage::Fonts { call };
        Ok(Step::Pending)
    }

    /// Page size and margins come from the document's `@page` rules, and
    /// running headers and page numbers from its page-margin boxes, so the
    /// browser's own header and footer stay off.
    fn print(&mut self, cdp: &mut Cdp, session: &str) -> Result<Step, PdfError> {
        let call = cdp.send(
            Some(session),
            "Page.printToPDF",
            json!({
                "printBackground": true,
                "preferCSSPageSize": true,
                "displayHeaderFooter": false,
                "generateTaggedPDF": true,
                "generateDocumentOutline": true,
                "transferMode": "ReturnAsBase64",
            }),
        )?;
        self.stage = Stage::Printing { call };
        Ok(Step::Pending)
    }
}

fn decode_pdf(result: Result<Value, String>) -> Result<Vec<u8>, PdfError> {
    let v = result.map_err(|message| PdfError::Protocol {
        method: "Page.printToPDF".into(),
        message,
    })?;
    let data = v["data"].as_str().ok_or_else(|| PdfError::BadPdf {
        reason: "no data in the browser's answer".into(),
    })?;
    data_encoding::BASE64
        .decode(data.as_bytes())
        .map_err(|e| PdfError::BadPdf {
            reason: format!("bad base64: {e}"),
        })
}

fn str_field(v: &Value, field: &str, method: &str) -> Result<String, PdfError> {
    v[field]
        .as_str()
        .map(String::from)
        .ok_or_else(|| PdfError::Protocol {
            method: method.into(),
            message: format!("answer has no {field}"),
        })
}
