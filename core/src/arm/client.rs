//! The one ARM client of the walkthrough: sans-IO state machines, one per operation, that say what to do
//! next ([`Action`]) and are fed what happened. The driver owns the transport and the timers: native tests
//! run them against the [`Simulator`](super::simulator::Simulator) in virtual time ([`super::drive`]), the
//! browser with `fetch` and `setTimeout`, the emulator over HTTP.
//!
//! The machine owns polling: it follows `Azure-AsyncOperation`, else `Location`, else (headers hidden, as
//! a browser may see them without CORS exposure) reads the resource until its provisioningState is
//! terminal; it retries transient failures (see [`super::retry`]); it gives up after a clear time limit;
//! and it ends with an [`Outcome`] in plain words.
//!
//! With [`Context::confirm_changes`] (live mode, against real ARM) the machine never sends a request that
//! changes something before its driver confirmed exactly that request ([`Action::Confirm`]): the approve
//! first reads the target's connections unasked, then asks about the PUT that approves the one it found.

use super::clock::Millis;
use super::http::{Method, Request, Response};
use super::retry::{is_transient, Policy};
use super::status::{ConnectionStatus, OpStatus, ProvisioningState};
use super::world::put;
use crate::form::{Plan, ARM_ENDPOINT};
use crate::target::TargetKind;
use serde_json::{json, Value};

/// What the driver should do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Send this request and call [`Machine::on_response`] (or [`Machine::on_transport_error`]).
    Send(Request),
    /// This request changes something (a PUT or DELETE; only with [`Context::confirm_changes`]): show it
    /// exactly as it will be sent and ask. Then call [`Machine::on_confirmed`], which answers with
    /// `Send` of this same request, or [`Machine::cancel`]. Each change is asked about once: retries of a
    /// confirmed request are not asked again. Reads are never asked about.
    Confirm(Request),
    /// Wait this long (virtual or real, scaled as the UI likes) and call [`Machine::on_waited`].
    Wait(Millis),
    /// Finished: nothing more to send.
    Done(Outcome),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    Succeeded,
    /// ARM (or the operation) said no: its code and message, and the HTTP status (200 for a Failed operation).
    Failed {
        status: u16,
        code: String,
        message: String,
    },
    /// The client stopped trying: time limit, or transient errors that did not stop.
    GaveUp {
        reason: String,
    },
    Cancelled,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub kind: OutcomeKind,
    /// What happened, in plain words, ready to show.
    pub summary: String,
    /// The last representation of the resource read (the SPLR, or for `get` the SPLR), if any.
    pub resource: Option<Value>,
}

impl Outcome {
    pub fn succeeded(&self) -> bool {
        self.kind == OutcomeKind::Succeeded
    }

    /// The ARM error code of a failure.
    pub fn code(&self) -> Option<&str> {
        match &self.kind {
            OutcomeKind::Failed { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// The operation a machine performs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// PUT the SPLR and wait until its provisioningState is terminal.
    Create,
    /// Approve the pending connection on the target (the one named, or the SPLR's), then wait until the
    /// SPLR's status is Approved.
    Approve { connection: Option<String> },
    /// DELETE the SPLR and wait until it is gone.
    Delete,
    /// GET the SPLR (retrying transient failures).
    Get,
}

/// Where and as whom to call, and the polling policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// `https://management.azure.com`, or the emulator's address.
    pub endpoint: String,
    /// Sent as `Authorization: Bearer <token>`; `None` sends no header (the lenient in-browser simulator).
    pub token: Option<String>,
    pub policy: Policy,
    /// Ask ([`Action::Confirm`]) before each request that changes something. Live mode sets it: the user
    /// sees every change before it is made. Off for the simulator and tests, which drive unattended.
    pub confirm_changes: bool,
}

impl Default for Context {
    fn default() -> Context {
        Context { endpoint: ARM_ENDPOINT.into(), token: None, policy: Policy::default(), confirm_changes: false }
    }
}

/// The api-version used to list and approve connections on each kind of target.
pub fn connection_api_version(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Site => "2025-03-01",
        TargetKind::PrivateLinkService => "2025-01-01",
        TargetKind::KeyVault => "2023-07-01",
        TargetKind::StorageAccount => "2023-05-01",
    }
}

/// Where the target's connections live: the target, or for a deployment slot the slot
/// (`…/sites/{app}/slots/{slot}/privateEndpointConnections`, WebApps' `…Slot` operations).
fn connections_parent(plan: &Plan) -> String {
    match &plan.target.slot {
        Some(slot) => format!("{}/slots/{slot}", plan.target.id.text),
        None => plan.target.id.text.clone(),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Put,
    Delete,
    /// GET the `Azure-AsyncOperation` URL.
    PollStatus(String),
    /// GET the `Location` URL.
    PollLocation(String),
    /// GET the SPLR until provisioningState is terminal (or, for a delete, until 404).
    PollResource,
    /// GET the SPLR once the operation succeeded.
    FinalGet,
    ListConnections,
    /// PUT Approved on the connection at this ID.
    Approve(String),
    /// GET the target's async approval operation.
    PollApproval(String),
    /// GET the SPLR until status is Approved.
    WatchStatus,
    Get,
}

#[derive(Clone, Debug)]
pub struct Machine {
    job: Job,
    ctx: Context,
    splr_url: String,
    splr_name: String,
    target_name: String,
    /// The resource whose `privateEndpointConnections` the approval lists (a slot's for a slot).
    target_id: String,
    target_kind: TargetKind,
    request_message: Option<String>,
    body: Value,
    step: Step,
    /// Consecutive transient failures of the current step.
    failures: u32,
    started: Option<Millis>,
    resource: Option<Value>,
    finished: bool,
    history: Vec<(Millis, String)>,
    /// The change shown in the last [`Action::Confirm`], not yet confirmed, and when it was asked.
    asking: Option<(Request, Millis)>,
    /// The current step's change was confirmed (its retries are not asked again).
    confirmed: bool,
    /// The `now` of the latest call from the driver.
    last_now: Millis,
    /// The connections read for the approval (a Private Link Service's connection is PUT back whole, with
    /// only its state changed), and those still to approve after the current one: every pending connection
    /// of this endpoint (a replica's SPLR copy brings its own).
    read: Vec<Value>,
    to_approve: Vec<String>,
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k)).and_then(Value::as_str)
}

impl Machine {
    pub fn new(job: Job, plan: &Plan, ctx: &Context) -> Machine {
        let endpoint = ctx.endpoint.trim_end_matches('/');
        let step = match job {
            Job::Create => Step::Put,
            Job::Delete => Step::Delete,
            Job::Get => Step::Get,
            Job::Approve { connection: None } => Step::ListConnections,
            // A Private Link Service's connection is read first, so that the whole object can be PUT back.
            Job::Approve { connection: Some(_) } if plan.target.kind == TargetKind::PrivateLinkService => {
                Step::ListConnections
            }
            Job::Approve { connection: Some(ref c) } => {
                Step::Approve(format!("{}/privateEndpointConnections/{c}", connections_parent(plan)))
            }
        };
        Machine {
            ctx: Context { endpoint: endpoint.to_string(), ..ctx.clone() },
            splr_url: format!("{endpoint}{}?api-version={}", plan.splr_id(), plan.api_version.id),
            splr_name: plan.name.clone(),
            target_name: plan.target.id.name().to_string(),
            target_id: connections_parent(plan),
            target_kind: plan.target.kind,
            request_message: plan.message.clone(),
            body: plan.body().to_value(),
            job,
            step,
            failures: 0,
            started: None,
            resource: None,
            finished: false,
            history: Vec::new(),
            asking: None,
            confirmed: false,
            last_now: Millis::ZERO,
            read: Vec::new(),
            to_approve: Vec::new(),
        }
    }

    pub fn create(plan: &Plan, ctx: &Context) -> Machine {
        Machine::new(Job::Create, plan, ctx)
    }

    pub fn approve(plan: &Plan, ctx: &Context) -> Machine {
        Machine::new(Job::Approve { connection: None }, plan, ctx)
    }

    pub fn delete(plan: &Plan, ctx: &Context) -> Machine {
        Machine::new(Job::Delete, plan, ctx)
    }

    pub fn get(plan: &Plan, ctx: &Context) -> Machine {
        Machine::new(Job::Get, plan, ctx)
    }

    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// What happened so far, with the time of each step relative to the start, in plain words.
    pub fn history(&self) -> &[(Millis, String)] {
        &self.history
    }

    /// The first action. `now` is any monotonic clock (virtual or `performance.now()`), used for limits.
    pub fn start(&mut self, now: Millis) -> Action {
        self.started = Some(now);
        self.last_now = now;
        self.send()
    }

    /// The change of the last [`Action::Confirm`] may be sent: answers `Send` with exactly that request.
    /// The time the user took to answer does not count against the operation's time limit. Called when
    /// nothing awaits confirmation, it sends nothing: `Done` for a finished machine, else `Wait(0)`.
    pub fn on_confirmed(&mut self, now: Millis) -> Action {
        self.last_now = now;
        if self.finished {
            return self.done_again();
        }
        let Some((req, asked)) = self.asking.take() else { return Action::Wait(Millis::ZERO) };
        if let Some(s) = self.started.as_mut() {
            *s += now - asked;
        }
        self.confirmed = true;
        self.note(now, format!("confirmed: {} {}", req.method.as_str(), req.url));
        Action::Send(req)
    }

    /// Whether the machine waits for the answer to an [`Action::Confirm`].
    pub fn is_asking(&self) -> bool {
        self.asking.is_some()
    }

    /// Feeds the response to the last [`Action::Send`].
    pub fn on_response(&mut self, now: Millis, resp: &Response) -> Action {
        self.last_now = now;
        if self.finished {
            return self.done_again();
        }
        if let Some((req, _)) = &self.asking {
            // Nothing was sent: this answers no request of ours. Still asking.
            return Action::Confirm(req.clone());
        }
        let action = self.react(now, resp);
        self.check_limit(now, action)
    }

    /// The request could not be sent or got no answer (network down, CORS refusal): retried like a 5xx.
    pub fn on_transport_error(&mut self, now: Millis, error: &str) -> Action {
        self.last_now = now;
        if self.finished {
            return self.done_again();
        }
        if let Some((req, _)) = &self.asking {
            return Action::Confirm(req.clone());
        }
        let action = self.retry(now, None, &format!("no response ({error})"));
        self.check_limit(now, action)
    }

    /// The last [`Action::Wait`] is over.
    pub fn on_waited(&mut self, now: Millis) -> Action {
        self.last_now = now;
        if self.finished {
            return self.done_again();
        }
        if let Some((req, _)) = &self.asking {
            return Action::Confirm(req.clone());
        }
        let action = self.send();
        self.check_limit(now, action)
    }

    /// Stops: the driver drops any request in flight. ARM may still finish what was accepted.
    pub fn cancel(&mut self, now: Millis) -> Outcome {
        if let Some((req, _)) = self.asking.take() {
            let summary = format!(
                "Not sent: {} {} was cancelled before it went out; this step changed nothing.",
                req.method.as_str(),
                req.url
            );
            return self.finish(now, OutcomeKind::Cancelled, summary);
        }
        let what = match self.step {
            Step::Put | Step::Delete | Step::Approve(_) | Step::ListConnections | Step::Get => {
                "before ARM accepted anything (unless a request was already in flight)"
            }
            _ => "while waiting: ARM goes on with the accepted operation; read the resource to see where it ended",
        };
        self.finish(now, OutcomeKind::Cancelled, format!("Cancelled {what}."))
    }

    fn elapsed(&self, now: Millis) -> Millis {
        now - self.started.unwrap_or(now)
    }

    fn note(&mut self, now: Millis, text: impl Into<String>) {
        let t = self.elapsed(now);
        self.history.push((t, text.into()));
    }

    fn limit(&self) -> Millis {
        match self.job {
            Job::Approve { .. } => self.ctx.policy.approval_limit,
            _ => self.ctx.policy.operation_limit,
        }
    }

    fn check_limit(&mut self, now: Millis, action: Action) -> Action {
        match action {
            Action::Wait(d) if self.elapsed(now) + d > self.limit() => {
                let limit = self.limit();
                let what = match (&self.job, &self.step) {
                    (Job::Approve { .. }, Step::WatchStatus) => {
                        format!("the approval had not reached '{}' (status still not Approved)", self.splr_name)
                    }
                    _ => "the operation had not finished".to_string(),
                };
                let a = self.finish(
                    now,
                    OutcomeKind::GaveUp { reason: format!("time limit of {limit} reached") },
                    format!("Gave up after {limit}: {what}. It may still finish: read the resource again later."),
                );
                Action::Done(a)
            }
            a => a,
        }
    }

    fn finish(&mut self, now: Millis, kind: OutcomeKind, summary: String) -> Outcome {
        self.finished = true;
        self.note(now, summary.clone());
        Outcome { kind, summary, resource: self.resource.clone() }
    }

    fn done_again(&self) -> Action {
        Action::Done(Outcome {
            kind: OutcomeKind::Cancelled,
            summary: "This operation has already finished.".into(),
            resource: self.resource.clone(),
        })
    }

    fn request(&self, method: Method, url: &str) -> Request {
        let r = Request::new(method, url);
        match &self.ctx.token {
            Some(t) => r.bearer(t),
            None => r,
        }
    }

    fn connections_url(&self) -> String {
        format!(
            "{}{}/privateEndpointConnections?api-version={}",
            self.ctx.endpoint,
            self.target_id,
            connection_api_version(self.target_kind)
        )
    }

    /// The current step's request; a change is first asked about when the context says so.
    fn send(&mut self) -> Action {
        let req = self.step_request();
        if self.ctx.confirm_changes && req.method.is_mutating() && !self.confirmed {
            self.asking = Some((req.clone(), self.last_now));
            return Action::Confirm(req);
        }
        Action::Send(req)
    }

    fn step_request(&self) -> Request {
        match &self.step {
            Step::Put => self.request(Method::Put, &self.splr_url).json(&self.body),
            Step::Delete => self.request(Method::Delete, &self.splr_url),
            Step::PollStatus(u) | Step::PollLocation(u) | Step::PollApproval(u) => self.request(Method::Get, u),
            Step::PollResource | Step::FinalGet | Step::WatchStatus | Step::Get => {
                self.request(Method::Get, &self.splr_url)
            }
            Step::ListConnections => self.request(Method::Get, &self.connections_url()),
            Step::Approve(id) => {
                let url = format!("{}{id}?api-version={}", self.ctx.endpoint, connection_api_version(self.target_kind));
                self.request(Method::Put, &url).json(&self.approval_body(id))
            }
        }
    }

    /// What the approval PUTs. Microsoft.Web, Key Vault and Storage: the state alone, as their official
    /// examples do (ApproveRejectSitePrivateEndpointConnection.json). A Private Link Service: the whole
    /// connection as read, with only its state changed. NRP's PUT (`PrivateLinkServices_UpdatePrivateEndpointConnection`,
    /// 200 only) takes a whole `PrivateEndpointConnection` (example PrivateLinkServiceUpdatePrivateEndpointConnection.json,
    /// Azure/azure-rest-api-specs@bed389ea specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/examples/),
    /// and `az network private-link-service connection update` GETs the connection, changes it and PUTs it
    /// back (Azure/azure-cli@3ee99803 src/azure-cli/azure/cli/command_modules/network/aaz/latest/network/private_link_service/connection/_update.py).
    fn approval_body(&self, id: &str) -> Value {
        let state = json!({
            "status": "Approved",
            "description": format!("Approved for {}", self.splr_name),
            "actionsRequired": "",
        });
        let read = self.read.iter().find(|c| str_at(c, &["id"]).is_some_and(|i| i.eq_ignore_ascii_case(id)));
        match read {
            Some(c) if self.target_kind == TargetKind::PrivateLinkService => {
                let mut c = c.clone();
                if let Some(props) = c.get_mut("properties") {
                    let mut s = props.get("privateLinkServiceConnectionState").cloned().unwrap_or_else(|| json!({}));
                    put(&mut s, "status", json!("Approved"));
                    put(&mut s, "description", state["description"].clone());
                    put(props, "privateLinkServiceConnectionState", s);
                }
                c
            }
            _ => json!({"properties": {"privateLinkServiceConnectionState": state}}),
        }
    }

    fn go(&mut self, step: Step) -> Action {
        self.step = step;
        self.failures = 0;
        self.confirmed = false;
        self.send()
    }

    fn wait(&mut self, now: Millis, step: Step, d: Millis, why: &str) -> Action {
        self.step = step;
        self.failures = 0;
        self.confirmed = false;
        self.note(now, format!("waiting {d} ({why})"));
        Action::Wait(d)
    }

    fn fail(&mut self, now: Millis, resp: &Response, context: &str) -> Action {
        let (code, message) = resp.error().unwrap_or_else(|| (format!("HTTP{}", resp.status), resp.body.clone()));
        let mut summary = format!("{context} failed with {} {code}: {message}", resp.status);
        if code.eq_ignore_ascii_case(super::error::Code::RequestDisallowedByPolicy.as_str()) {
            // ARM's policy details (additionalInfo), in words: the live and simulator panels show the summary.
            let v = resp.json_body().map(|b| super::policy::violations(&b)).unwrap_or_default();
            summary = format!("{context} failed with {} {code}. {}", resp.status, super::policy::summary(&v));
        }
        Action::Done(self.finish(now, OutcomeKind::Failed { status: resp.status, code, message }, summary))
    }

    fn retry(&mut self, now: Millis, resp: Option<&Response>, what: &str) -> Action {
        self.failures += 1;
        let max = self.ctx.policy.max_attempts;
        if self.failures >= max {
            let reason = format!("{what}, {max} times in a row");
            let summary = format!("Gave up: {reason}. Try again in a few minutes.");
            return Action::Done(self.finish(now, OutcomeKind::GaveUp { reason }, summary));
        }
        let d = self.ctx.policy.backoff(self.failures, resp);
        let told = if resp.and_then(|r| r.retry_after_secs()).is_some() { ", as Retry-After asks" } else { "" };
        self.note(now, format!("{what}: retry {} in {d}{told}", self.failures));
        Action::Wait(d)
    }

    /// Starts polling after ARM accepted a long-running request.
    fn start_polling(&mut self, now: Millis, resp: &Response) -> Action {
        let d = self.ctx.policy.poll_delay(resp);
        let why = if resp.retry_after_secs().is_some() { "Retry-After" } else { "no Retry-After: default" };
        if let Some(u) = resp.header("Azure-AsyncOperation") {
            self.note(now, "following the Azure-AsyncOperation URL");
            self.wait(now, Step::PollStatus(u.to_string()), d, why)
        } else if let Some(u) = resp.header("Location") {
            self.note(now, "following the Location URL");
            self.wait(now, Step::PollLocation(u.to_string()), d, why)
        } else {
            self.note(now, "no Azure-AsyncOperation or Location header readable: polling the resource itself");
            self.wait(now, Step::PollResource, d, why)
        }
    }

    fn created(&mut self, now: Millis) -> Action {
        let status = self.resource.as_ref().and_then(|r| str_at(r, &["properties", "status"])).unwrap_or("none yet");
        let summary = format!(
            "'{}' is provisioned (provisioningState Succeeded, status {status}). Next: the owner of {} approves the \
             private endpoint connection.",
            self.splr_name, self.target_name
        );
        Action::Done(self.finish(now, OutcomeKind::Succeeded, summary))
    }

    fn deleted(&mut self, now: Millis) -> Action {
        let summary = format!(
            "'{}' is deleted; its connection on {} is gone. The service may stay busy (409) for a short while.",
            self.splr_name, self.target_name
        );
        Action::Done(self.finish(now, OutcomeKind::Succeeded, summary))
    }

    fn op_failed(&mut self, now: Millis, body: &Value, status: OpStatus) -> Action {
        let code = str_at(body, &["error", "code"]).unwrap_or(status.as_str()).to_string();
        let message = str_at(body, &["error", "message"]).unwrap_or("The operation did not succeed.").to_string();
        let summary = format!("The operation ended {status}: {code}: {message}");
        Action::Done(self.finish(now, OutcomeKind::Failed { status: 200, code, message }, summary))
    }

    /// An answer: a transient failure (or a 409 on a change) is retried; anything else goes to the current
    /// step's handler.
    fn react(&mut self, now: Millis, resp: &Response) -> Action {
        let status = resp.status;
        let mutating = matches!(self.step, Step::Put | Step::Delete | Step::Approve(_));
        if is_transient(status) || (status == 409 && mutating) {
            let what = match status {
                409 => "409 Conflict: the service is busy with another operation".to_string(),
                429 => "429 throttled".to_string(),
                s => format!("{s} {}", resp.error().map(|e| e.0).unwrap_or_default()).trim_end().to_string(),
            };
            return self.retry(now, Some(resp), &what);
        }
        let body = resp.json_body().unwrap_or(Value::Null);
        let prov = str_at(&body, &["properties", "provisioningState"]).and_then(ProvisioningState::parse);
        match self.step.clone() {
            Step::Put => self.on_put(now, resp, body, prov),
            Step::Delete => self.on_delete(now, resp),
            Step::PollStatus(u) => self.on_poll_status(now, resp, body, u),
            Step::PollLocation(u) => self.on_poll_location(now, resp, body, u),
            Step::PollResource => self.on_poll_resource(now, resp, body, prov),
            Step::FinalGet | Step::Get => self.on_get(now, resp, body, prov),
            Step::ListConnections => self.on_list_connections(now, resp, body),
            Step::Approve(_) => self.on_approve(now, resp),
            Step::PollApproval(u) => self.on_poll_approval(now, resp, body, u),
            Step::WatchStatus => self.on_watch_status(now, resp, body, prov),
        }
    }

    /// The PUT's answer: created at once, or an operation to follow.
    fn on_put(&mut self, now: Millis, resp: &Response, body: Value, prov: Option<ProvisioningState>) -> Action {
        let status = resp.status;
        match status {
            200 | 201 => {
                self.resource = Some(body.clone());
                self.note(now, format!("PUT → {status}, provisioningState {}", prov.map_or("?", |p| p.as_str())));
                let has_headers = resp.header("Azure-AsyncOperation").is_some() || resp.header("Location").is_some();
                match prov {
                    Some(ProvisioningState::Succeeded) if !has_headers => self.created(now),
                    _ => self.start_polling(now, resp),
                }
            }
            _ => self.fail(now, resp, "Creating the shared private endpoint"),
        }
    }

    /// The DELETE's answer: gone, or an operation to follow.
    fn on_delete(&mut self, now: Millis, resp: &Response) -> Action {
        let status = resp.status;
        match status {
            200 | 204 => {
                self.note(now, format!("DELETE → {status}"));
                self.deleted(now)
            }
            202 => {
                self.note(now, "DELETE → 202 Accepted");
                self.start_polling(now, resp)
            }
            _ => self.fail(now, resp, "Deleting the shared private endpoint"),
        }
    }

    /// An `Azure-AsyncOperation` poll: still running, done, or failed.
    fn on_poll_status(&mut self, now: Millis, resp: &Response, body: Value, url: String) -> Action {
        let status = resp.status;
        if status != 200 {
            return self.fail(now, resp, "Reading the operation status");
        }
        let op = OpStatus::read(body.get("status").and_then(Value::as_str).unwrap_or("Running"));
        match (op, &self.job) {
            (OpStatus::Running, _) => {
                let d = self.ctx.policy.poll_delay(resp);
                let pct = body.get("percentComplete").and_then(Value::as_u64);
                let why = pct.map_or("operation running".to_string(), |p| format!("operation running, {p}%"));
                self.wait(now, Step::PollStatus(url), d, &why)
            }
            (OpStatus::Succeeded, Job::Delete) => self.deleted(now),
            (OpStatus::Succeeded, _) => {
                self.note(now, "operation Succeeded");
                self.go(Step::FinalGet)
            }
            (s, _) => self.op_failed(now, &body, s),
        }
    }

    /// A `Location` poll: 202 while running, then the result.
    fn on_poll_location(&mut self, now: Millis, resp: &Response, body: Value, url: String) -> Action {
        let status = resp.status;
        match status {
            202 => {
                let next = resp.header("Location").map(str::to_string).unwrap_or(url);
                let d = self.ctx.policy.poll_delay(resp);
                self.wait(now, Step::PollLocation(next), d, "operation running (202)")
            }
            200 | 201 | 204 if self.job == Job::Delete => self.deleted(now),
            200 | 201 if body.is_object() => {
                self.resource = Some(body);
                self.created(now)
            }
            200 | 201 | 204 => self.go(Step::FinalGet),
            _ => self.fail(now, resp, "The operation"),
        }
    }

    /// Without operation URLs, the SPLR itself is polled until its provisioningState settles.
    fn on_poll_resource(
        &mut self,
        now: Millis,
        resp: &Response,
        body: Value,
        prov: Option<ProvisioningState>,
    ) -> Action {
        let status = resp.status;
        match (status, &self.job) {
            (404, Job::Delete) => self.deleted(now),
            (200, _) => {
                self.resource = Some(body.clone());
                match prov {
                    Some(ProvisioningState::Succeeded) if self.job != Job::Delete => self.created(now),
                    Some(p @ (ProvisioningState::Failed | ProvisioningState::Canceled)) => {
                        let message = format!(
                            "provisioningState is {p}. The reason is in the async operation's error, which was not \
                         readable here: read it with az rest --debug, or in the Activity log."
                        );
                        let summary = format!("The operation ended {p}: {message}");
                        Action::Done(self.finish(
                            now,
                            OutcomeKind::Failed { status: 200, code: p.to_string(), message },
                            summary,
                        ))
                    }
                    p => {
                        let d = self.ctx.policy.default_poll;
                        let why = format!("provisioningState {}", p.map_or("?", |p| p.as_str()));
                        self.wait(now, Step::PollResource, d, &why)
                    }
                }
            }
            _ => self.fail(now, resp, "Reading the shared private endpoint"),
        }
    }

    /// The SPLR read at the end of a create, or for the get job.
    fn on_get(&mut self, now: Millis, resp: &Response, body: Value, prov: Option<ProvisioningState>) -> Action {
        let status = resp.status;
        match status {
            200 => {
                self.resource = Some(body);
                if self.step == Step::Get {
                    let summary = format!(
                        "'{}': provisioningState {}, status {}.",
                        self.splr_name,
                        prov.map_or("?", |p| p.as_str()),
                        self.resource.as_ref().and_then(|r| str_at(r, &["properties", "status"])).unwrap_or("none")
                    );
                    Action::Done(self.finish(now, OutcomeKind::Succeeded, summary))
                } else {
                    self.created(now)
                }
            }
            _ => self.fail(now, resp, "Reading the shared private endpoint"),
        }
    }

    /// The target's connections, to pick the SPLR's.
    fn on_list_connections(&mut self, now: Millis, resp: &Response, body: Value) -> Action {
        let status = resp.status;
        if status != 200 {
            return self.fail(now, resp, &format!("Listing the connections on {}", self.target_name));
        }
        self.pick_connection(now, &body)
    }

    /// The approval's answer: done (200) or an operation to follow (201, 202).
    fn on_approve(&mut self, now: Millis, resp: &Response) -> Action {
        let status = resp.status;
        match status {
            200 => self.approved_one(now),
            201 | 202 => match resp.header("Azure-AsyncOperation").or(resp.header("Location")) {
                Some(u) => {
                    let d = self.ctx.policy.poll_delay(resp);
                    self.note(now, format!("approval accepted by {} ({status})", self.target_name));
                    self.wait(now, Step::PollApproval(u.to_string()), d, "approval running")
                }
                None => self.approved_one(now),
            },
            _ => self.fail(now, resp, &format!("Approving the connection on {}", self.target_name)),
        }
    }

    /// A poll of the target's approval operation.
    fn on_poll_approval(&mut self, now: Millis, resp: &Response, body: Value, url: String) -> Action {
        let status = resp.status;
        // Microsoft.Web's approval URL is `.../operationResults/...` (official example); what it answers is
        // unverified: 202 means running, a 200 or 204 without `status` is the end (the connection itself).
        if status == 202 {
            let d = self.ctx.policy.poll_delay(resp);
            let next = resp.header("Location").map(str::to_string).unwrap_or(url);
            return self.wait(now, Step::PollApproval(next), d, "approval running (202)");
        }
        if status == 204 || (status == 200 && body.get("status").and_then(Value::as_str).is_none()) {
            return self.approved_one(now);
        }
        if status != 200 {
            return self.fail(now, resp, "Reading the approval's status");
        }
        match OpStatus::read(body.get("status").and_then(Value::as_str).unwrap_or("Running")) {
            OpStatus::Running => {
                let d = self.ctx.policy.poll_delay(resp);
                self.wait(now, Step::PollApproval(url), d, "approval running")
            }
            OpStatus::Succeeded => self.approved_one(now),
            s => self.op_failed(now, &body, s),
        }
    }

    /// One connection approved: the next pending one of this endpoint (a replica's), or the wait for the
    /// status to reach the SPLR.
    fn approved_one(&mut self, now: Millis) -> Action {
        if !self.to_approve.is_empty() {
            let id = self.to_approve.remove(0);
            let name = id.rsplit('/').next().unwrap_or_default().to_string();
            self.note(now, format!("approved on {}; approving connection {name} too", self.target_name));
            return self.go(Step::Approve(id));
        }
        self.note(now, format!("approved on {}: waiting for the status to reach the SPLR", self.target_name));
        self.go(Step::WatchStatus)
    }

    /// The SPLR read again until the approval reaches its `status`.
    fn on_watch_status(
        &mut self,
        now: Millis,
        resp: &Response,
        body: Value,
        prov: Option<ProvisioningState>,
    ) -> Action {
        let status = resp.status;
        if status != 200 {
            return self.fail(now, resp, "Reading the shared private endpoint");
        }
        self.resource = Some(body.clone());
        let st = str_at(&body, &["properties", "status"]).and_then(ConnectionStatus::parse);
        match st {
            Some(ConnectionStatus::Approved) if prov == Some(ProvisioningState::Succeeded) => {
                let summary = format!(
                    "'{}' is Approved: {} now reaches {} over the private endpoint.",
                    self.splr_name,
                    self.service_word(),
                    self.target_name
                );
                Action::Done(self.finish(now, OutcomeKind::Succeeded, summary))
            }
            Some(s @ (ConnectionStatus::Rejected | ConnectionStatus::Disconnected | ConnectionStatus::Timeout)) => {
                self.connection_lost(now, s)
            }
            s => {
                let d = self.ctx.policy.status_poll;
                let why = format!("status {}: approval propagates in minutes", s.map_or("none", |s| s.as_str()));
                self.wait(now, Step::WatchStatus, d, &why)
            }
        }
    }

    fn service_word(&self) -> &'static str {
        if self.splr_url.to_ascii_lowercase().contains("/signalr/") {
            "SignalR"
        } else {
            "Web PubSub"
        }
    }

    fn connection_lost(&mut self, now: Millis, s: ConnectionStatus) -> Action {
        let message = match s {
            ConnectionStatus::Rejected => format!(
                "The connection on {} was rejected. A rejected connection cannot be approved: delete '{}' and create it \
                 again, then approve the new connection.",
                self.target_name, self.splr_name
            ),
            ConnectionStatus::Disconnected => format!(
                "The connection to {} is disconnected (the target or its connection was deleted). Delete '{}' and \
                 create it again once the target exists.",
                self.target_name, self.splr_name
            ),
            _ => format!(
                "The connection request to {} timed out before anyone approved it. Delete '{}' and create it again.",
                self.target_name, self.splr_name
            ),
        };
        let summary = format!("Status {s}: {message}");
        Action::Done(self.finish(now, OutcomeKind::Failed { status: 200, code: s.to_string(), message }, summary))
    }

    /// Finds this SPLR's connection among the target's: by name prefix `{splr}.`, else by the request
    /// message, else the only pending one.
    fn pick_connection(&mut self, now: Millis, body: &Value) -> Action {
        let all: Vec<&Value> =
            body.get("value").and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
        let status_of = |c: &Value| {
            str_at(c, &["properties", "privateLinkServiceConnectionState", "status"]).and_then(ConnectionStatus::parse)
        };
        let prefix = format!("{}.", self.splr_name.to_ascii_lowercase());
        let ours: Vec<&Value> = all
            .iter()
            .copied()
            .filter(|c| str_at(c, &["name"]).is_some_and(|n| n.to_ascii_lowercase().starts_with(&prefix)))
            .collect();
        let by_message: Vec<&Value> = match &self.request_message {
            Some(m) => all
                .iter()
                .copied()
                .filter(|c| {
                    str_at(c, &["properties", "privateLinkServiceConnectionState", "description"]) == Some(m.as_str())
                })
                .collect(),
            None => Vec::new(),
        };
        let pending: Vec<&Value> =
            all.iter().copied().filter(|c| status_of(c) == Some(ConnectionStatus::Pending)).collect();
        let named: Vec<&Value> = match &self.job {
            Job::Approve { connection: Some(n) } => all
                .iter()
                .copied()
                .filter(|c| str_at(c, &["name"]).is_some_and(|x| x.eq_ignore_ascii_case(n)))
                .collect(),
            _ => Vec::new(),
        };
        let id_of = |c: &Value| {
            str_at(c, &["id"]).map(str::to_string).unwrap_or_else(|| {
                format!("{}/privateEndpointConnections/{}", self.target_id, str_at(c, &["name"]).unwrap_or_default())
            })
        };
        // Every other pending connection of this endpoint is approved after the first: a Premium service's
        // replicas each get a copy of the SPLR, which (unverified) brings its own connection.
        let mut also: Vec<String> = Vec::new();
        let chosen = if !named.is_empty() {
            named.last().copied()
        } else {
            [&ours, &by_message, &pending].into_iter().enumerate().find_map(|(i, set)| {
                // The pending one first, else the newest of the set (the last listed).
                let first = set.iter().copied().find(|c| status_of(c) == Some(ConnectionStatus::Pending));
                if i < 2 {
                    if let Some(f) = first {
                        also = set
                            .iter()
                            .copied()
                            .filter(|c| status_of(c) == Some(ConnectionStatus::Pending) && !std::ptr::eq(*c, f))
                            .map(id_of)
                            .collect();
                    }
                }
                first.or(set.last().copied())
            })
        };
        self.read = all.iter().map(|c| (*c).clone()).collect();
        let Some(c) = chosen else {
            let message = format!(
                "No private endpoint connection from '{}' on {}: create the shared private endpoint first and wait until \
                 it is Succeeded.",
                self.splr_name, self.target_name
            );
            let summary = message.clone();
            return Action::Done(self.finish(
                now,
                OutcomeKind::Failed { status: 200, code: "NoPendingConnection".into(), message },
                summary,
            ));
        };
        let name = str_at(c, &["name"]).unwrap_or_default().to_string();
        let id = id_of(c);
        match status_of(c) {
            Some(ConnectionStatus::Approved) => {
                self.note(now, format!("connection {name} is already Approved"));
                self.go(Step::WatchStatus)
            }
            Some(s @ (ConnectionStatus::Rejected | ConnectionStatus::Disconnected | ConnectionStatus::Timeout)) => {
                self.connection_lost(now, s)
            }
            _ => {
                if also.is_empty() {
                    self.note(now, format!("approving connection {name}"));
                } else {
                    self.note(
                        now,
                        format!("approving connection {name} and {} more pending of this endpoint", also.len()),
                    );
                }
                self.to_approve = also;
                self.go(Step::Approve(id))
            }
        }
    }
}
