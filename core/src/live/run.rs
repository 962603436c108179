//! What live mode shows about its runs, kept outside the browser so it can be tested natively: the
//! outcome of each step with its advice, the request log (transport errors included) and the
//! read-first warnings. The shell's transport only sends requests and feeds the answers in here.

use crate::arm::client::{Action, Outcome, OutcomeKind};
use crate::arm::retry::Policy;
use crate::arm::retry_note::RetryNotes;
use crate::arm::explain::{self, Names, Sent};
use crate::arm::http::{Request, Response};
use crate::arm::session::transcript;
use crate::arm::simulator::Exchange;
use crate::form::Plan;
use crate::live::preflight;

/// An outcome (title, text, advice), or a request-log entry (summary, transcript; `ok` unless it
/// failed): one type for both lists, which keeps the wasm smaller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub ok: bool,
    pub title: String,
    pub text: String,
    pub next: Option<String>,
}

/// The live panel's record: everything it shows below the buttons.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LiveRun {
    pub outcomes: Vec<Entry>,
    pub log: Vec<Entry>,
    /// The read-first warnings about the service (only they are shown).
    pub service_warnings: Vec<String>,
    /// What "Read the service first" has found so far.
    read_lines: Vec<String>,
    /// What the client did about the answers it retried or gave up on (as in the simulator's log).
    notes: RetryNotes,
}

/// What the preflight read does after one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadNext {
    Continue,
    Stop,
}

impl LiveRun {
    /// Logs one exchange; `Err` is a request that got no readable answer (network, CORS).
    pub fn record(&mut self, req: &Request, resp: Result<&Response, &str>) {
        let entry = match resp {
            Ok(r) => Entry {
                ok: r.status < 400,
                title: format!("{} {} → {}", req.method.as_str(), req.url, r.status),
                text: transcript(&Exchange { at: Default::default(), request: req.clone(), response: r.clone() }),
                next: None,
            },
            Err(e) => Entry {
                ok: false,
                title: format!("{} {} → network error", req.method.as_str(), req.url),
                text: format!("Request: {} {}\n(no response: {e})\n", req.method.as_str(), req.url),
                next: None,
            },
        };
        self.log.push(entry);
    }

    /// The answer just logged, and what the client did about it (`on_response`'s action): a retry or a
    /// give-up gets its note under the exchange. Live mode runs with the default polling policy.
    pub fn answered(&mut self, resp: &Response, action: &Action) {
        let index = self.log.len().saturating_sub(1);
        self.notes.answered(index, resp, action, &Policy::default());
    }

    /// A new step starts (its retries count from 1), or the running one was cancelled.
    pub fn step_started(&mut self) {
        self.notes.new_job();
    }

    pub fn step_cancelled(&mut self) {
        self.notes.cancelled();
    }

    /// The request log's notes, one slot per entry of [`LiveRun::log`].
    pub fn log_notes(&self) -> Vec<Option<String>> {
        self.notes.slots(self.log.len(), &Policy::default())
    }

    /// A step's outcome with the advice that follows it. `resource` is the ARM audience the pasted
    /// token was obtained for (live mode always sends one).
    pub fn finish(&mut self, label: &str, outcome: &Outcome, names: &Names, resource: &str) {
        let (ok, next) = match &outcome.kind {
            OutcomeKind::Succeeded => (true, None),
            OutcomeKind::Failed { status, code, message } => {
                let e = explain::failed(code, *status, message, Sent::Token { resource: Some(resource) }, names);
                (false, Some(format!("{} {}", e.meaning, e.next)))
            }
            OutcomeKind::GaveUp { .. } => (
                false,
                Some(if self.log.last().is_some_and(|e| e.title.ends_with("network error")) {
                    network_advice()
                } else {
                    "Check the request log below, then run the step again.".into()
                }),
            ),
            OutcomeKind::Cancelled => (false, None),
        };
        self.outcomes.push(Entry { ok, title: label.into(), text: outcome.summary.clone(), next });
    }

    /// The expired token was dropped from memory.
    pub fn token_dropped(&mut self) {
        self.outcomes.push(Entry {
            ok: false,
            title: "Token dropped".into(),
            text: "Your token expired, so it was removed from memory.".into(),
            next: Some("Get a new one and paste it again.".into()),
        });
    }

    /// Starts "Read the service first" (its findings so far are forgotten).
    pub fn start_read(&mut self) {
        self.read_lines.clear();
    }

    /// One answer of the preflight read (`what` as in [`preflight::read_requests`]): logged, and
    /// either read into a finding or, for an error, explained and the read stopped.
    pub fn read(&mut self, plan: &Plan, what: &str, req: &Request, resp: Result<&Response, &str>, resource: &str) -> ReadNext {
        self.record(req, resp);
        let resp = match resp {
            Ok(r) => r,
            Err(e) => {
                self.outcomes.push(Entry {
                    ok: false,
                    title: format!("Reading {what}"),
                    text: format!("The request did not get an answer the page can read ({e})."),
                    next: Some(network_advice()),
                });
                return ReadNext::Stop;
            }
        };
        let body = resp.json_body().unwrap_or_default();
        if resp.status >= 400 {
            let (code, _) = resp.error().unwrap_or_default();
            let e = explain::failure(&code, resp.status, Sent::Token { resource: Some(resource) }, &Names::from_plan(plan));
            self.outcomes.push(Entry { ok: false, title: format!("Reading {what}"), text: e.meaning, next: Some(e.next) });
            return ReadNext::Stop;
        }
        let line = match what {
            "service" => {
                let f = preflight::read_service(plan, &body);
                self.service_warnings = f.warnings;
                format!(
                    "{} · tier {}{}",
                    plan.service_name,
                    f.tier.unwrap_or_else(|| "?".into()),
                    f.service_mode.map(|m| format!(" · service mode {m}")).unwrap_or_default()
                )
            }
            "sharedPrivateLinkResources" => {
                let n = preflight::names_in(&body);
                if n.is_empty() {
                    "no shared private endpoints yet".into()
                } else {
                    format!("shared private endpoints: {}", n.join(", "))
                }
            }
            _ => format!("shareable groupIds: {}", preflight::shareable_group_ids(&body).join(", ")),
        };
        self.read_lines.push(line);
        ReadNext::Continue
    }

    /// Ends the preflight read: what it found, as one outcome (nothing when the first read failed).
    pub fn end_read(&mut self) {
        if !self.read_lines.is_empty() {
            let text = self.read_lines.join(" · ");
            self.outcomes.push(Entry { ok: true, title: "Read".into(), text, next: None });
        }
        self.read_lines.clear();
    }
}

/// The request part of a transcript: the confirmation shows what will be sent. The transport adds
/// the token; the preview shows that it will, never the token itself.
pub fn confirm_preview(req: &Request) -> String {
    let request = req.clone().bearer("redacted");
    let t = transcript(&Exchange { at: Default::default(), request, response: Response::empty(0) });
    t.split("Response:").next().unwrap_or_default().trim_end().to_string()
}

fn network_advice() -> String {
    "The browser could not reach ARM or could not read its answer (offline, blocked by a proxy, or a CORS \
     refusal). Your form and progress are kept: check the endpoint and your connection, or run the generated \
     CLI commands for this step instead."
        .into()
}
