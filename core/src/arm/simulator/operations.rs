//! Async operations: the record behind each `Azure-AsyncOperation` / `Location` URL, the signed URLs
//! themselves, what an operation does when it is due, and the status and result a poll reads.

use super::{check_version, err, Event, Simulator};
use crate::arm::clock::{dotnet_ticks, timestamp, Millis};
use crate::arm::error::{ArmError, Code};
use crate::arm::http::{Method, Request, Response, Url};
use crate::arm::status::{ConnectionStatus, OpStatus, ProvisioningState};
use crate::arm::world::put;
use serde_json::json;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpKind {
    CreateSplr(String),
    UpdateSplr(String),
    DeleteSplr(String),
    /// A site's async approval (or rejection) of a connection.
    SetConnection {
        target: String,
        connection: String,
        status: ConnectionStatus,
        description: String,
    },
    /// The removal of a Private Link Service / Key Vault / Storage connection (202 with `Location`): the
    /// connection is gone at once, the operation only reports it.
    DeleteConnection,
}

/// An async operation, as its `Azure-AsyncOperation` and `Location` URLs report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    pub id: String,
    pub namespace: String,
    /// The resource the operation's URLs live under: `{scope}/operationStatuses/{id}` and
    /// `{scope}/operationResults/{id}`.
    pub scope: String,
    pub kind: OpKind,
    pub api_version: String,
    pub start: Millis,
    pub due: Millis,
    pub end: Option<Millis>,
    pub status: OpStatus,
    pub error: Option<ArmError>,
    /// The signed query parameters of each URL (`t`, `c`, `s`, `h`): a URL cut short is refused.
    status_sig: String,
    result_sig: String,
}

impl Simulator {
    pub(super) fn start_op(
        &mut self,
        namespace: &str,
        scope: &str,
        kind: OpKind,
        api_version: &str,
        base: Millis,
    ) -> usize {
        let id = self.rng.guid();
        let d = self.delay(base);
        let mut sig = || {
            let c = self.rng.token(120);
            let s = self.rng.token(86);
            let h = self.rng.token(43);
            format!("t={}&c={c}&s={s}&h={h}", dotnet_ticks(self.now))
        };
        let (status_sig, result_sig) = (sig(), sig());
        self.ops.push(Operation {
            id,
            namespace: namespace.to_string(),
            scope: scope.to_string(),
            kind,
            api_version: api_version.to_string(),
            start: self.now,
            due: self.now + d,
            end: None,
            status: OpStatus::Running,
            error: None,
            status_sig,
            result_sig,
        });
        let i = self.ops.len() - 1;
        self.schedule(self.now + d, Event::OpDue(i));
        i
    }

    pub(super) fn op_url(&self, i: usize, result: bool) -> String {
        let op = &self.ops[i];
        let (kind, sig) =
            if result { ("operationResults", &op.result_sig) } else { ("operationStatuses", &op.status_sig) };
        format!("{}{}/{kind}/{}?api-version={}&{sig}", self.endpoint, op.scope, op.id, op.api_version)
    }

    pub(super) fn async_headers(&self, mut resp: Response, op: usize) -> Response {
        resp = resp.with_header("Azure-AsyncOperation", self.op_url(op, false));
        resp = resp.with_header("Location", self.op_url(op, true));
        if let Some(s) = self.timings.retry_after {
            resp = resp.with_header("Retry-After", s.to_string());
        }
        resp
    }

    /// An operation is due: it does its work and records how that went.
    pub(super) fn finish_op(&mut self, i: usize) {
        if self.ops[i].status != OpStatus::Running {
            return;
        }
        let result: Result<(), ArmError> = match self.ops[i].kind.clone() {
            OpKind::CreateSplr(name) | OpKind::UpdateSplr(name) => self.finish_provisioning(&name),
            OpKind::DeleteSplr(name) => {
                self.finish_delete_splr(&name);
                Ok(())
            }
            OpKind::DeleteConnection => Ok(()),
            OpKind::SetConnection { target, connection, status, description } => {
                self.finish_set_connection(&target, &connection, status, description);
                Ok(())
            }
        };
        let op = &mut self.ops[i];
        op.end = Some(self.now);
        match result {
            Ok(()) => op.status = OpStatus::Succeeded,
            Err(e) => {
                op.status = OpStatus::Failed;
                op.error = Some(e);
            }
        }
    }

    /// The SPLR and its connection go; the service stays busy a while after.
    fn finish_delete_splr(&mut self, name: &str) {
        if let Some(pos) = self.world.splrs.iter().position(|s| s.name == name) {
            let s = self.world.splrs.remove(pos);
            // The replicas' copies go with it, and their connections.
            for (_, (t, c)) in &s.replica_connections {
                if let Some(t) = self.world.target_mut(t) {
                    t.connections.retain(|x| !x.name.eq_ignore_ascii_case(c));
                }
            }
            if let Some((t, c)) = s.connection {
                if let Some(t) = self.world.target_mut(&t) {
                    t.connections.retain(|x| !x.name.eq_ignore_ascii_case(&c));
                }
            }
        }
        let idle = self.now + self.delay(self.timings.busy_after_delete);
        self.world.service.busy_until = Some(idle);
        self.schedule(idle, Event::ServiceIdle);
    }

    /// A site's approval or rejection takes effect on the connection, then propagates to the SPLR.
    fn finish_set_connection(&mut self, target: &str, connection: &str, status: ConnectionStatus, description: String) {
        let splr = self.world.target_mut(target).and_then(|t| t.connection_mut(connection)).map(|c| {
            c.status = status;
            c.description = description;
            c.provisioning_state = ProvisioningState::Succeeded;
            c.splr.clone()
        });
        if let Some(splr) = splr {
            self.schedule_propagation(&splr, connection);
        }
    }

    /// An operation URL: found by id under its scope (which holds the subscription), then its signature.
    pub(super) fn on_operation(
        &mut self,
        req: &Request,
        url: &Url,
        ns: &str,
        scope: &str,
        id: &str,
        result: bool,
    ) -> Response {
        if let Err(e) = check_version(url.query("api-version"), &[url.query("api-version").unwrap_or("x")], ns, "") {
            return e.response();
        }
        let Some(i) = self.ops.iter().position(|o| {
            o.id.eq_ignore_ascii_case(id) && o.namespace.eq_ignore_ascii_case(ns) && o.scope.eq_ignore_ascii_case(scope)
        }) else {
            return err(Code::ResourceNotFound, format!("The operation '{id}' was not found."));
        };
        if let Err(r) = self.check_signature(i, url, ns, scope, id, result) {
            return r;
        }
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let op = self.ops[i].clone();
        if result {
            return self.operation_result(i, &op);
        }
        self.operation_status(&op)
    }

    /// The signed parameters of the URL as handed out (403 when cut short or altered).
    fn check_signature(
        &self,
        i: usize,
        url: &Url,
        ns: &str,
        scope: &str,
        id: &str,
        result: bool,
    ) -> Result<(), Response> {
        let op = &self.ops[i];
        let sig = if result { &op.result_sig } else { &op.status_sig };
        let signed = form_urlencoded::parse(sig.as_bytes()).all(|(k, v)| url.query(&k) == Some(v.as_ref()));
        if signed {
            return Ok(());
        }
        let kind = if result { "operationResults" } else { "operationStatuses" };
        let segs: Vec<&str> = scope.split('/').collect();
        let ty = segs.get(7).copied().unwrap_or_default();
        Err(err(
            Code::AuthorizationFailed,
            format!(
                "The client does not have authorization to perform action '{ns}/{ty}/{kind}/read' over scope \
                 '{scope}/{kind}/{id}' or the scope is invalid. (The signed parameters t, c, s and h of the URL \
                 are missing or altered: use the URL exactly as returned.)"
            ),
        ))
    }

    /// The `Azure-AsyncOperation` poll's answer.
    fn operation_status(&self, op: &Operation) -> Response {
        // As the SignalR RP answers (azure-cli recording @283b2dd1): id, name, status, startTime, then endTime
        // when done; no percentComplete (optional in the RPC, never sent there).
        let mut body = json!({
            "id": format!("{}/operationStatuses/{}", op.scope, op.id),
            "name": op.id,
            "status": op.status.as_str(),
            "startTime": timestamp(op.start),
        });
        if let Some(end) = op.end {
            put(&mut body, "endTime", json!(timestamp(end)));
        }
        if let Some(e) = &op.error {
            put(&mut body, "error", e.to_value());
        }
        let mut resp = Response::json(200, &body);
        if op.status == OpStatus::Running {
            if let Some(s) = self.timings.retry_after {
                resp = resp.with_header("Retry-After", s.to_string());
            }
        }
        resp
    }

    /// The `Location` poll's answer: 202 while running, then the error or what the operation made.
    fn operation_result(&self, i: usize, op: &Operation) -> Response {
        match op.status {
            OpStatus::Running => {
                let mut r = Response::empty(202).with_header("Location", self.op_url(i, true));
                if let Some(s) = self.timings.retry_after {
                    r = r.with_header("Retry-After", s.to_string());
                }
                r
            }
            OpStatus::Failed | OpStatus::Canceled => op
                .error
                .clone()
                .unwrap_or_else(|| ArmError::new(Code::InternalServerError, "The operation was canceled."))
                .response(),
            OpStatus::Succeeded => match &op.kind {
                OpKind::CreateSplr(n) | OpKind::UpdateSplr(n) => match self.world.splr(n) {
                    Some(s) => Response::json(200, &self.world.splr_json(s)),
                    None => Response::empty(204),
                },
                OpKind::DeleteSplr(_) | OpKind::DeleteConnection => Response::empty(204),
                OpKind::SetConnection { target, connection, .. } => {
                    match self.world.target(target).and_then(|t| t.connection(connection).map(|c| t.connection_json(c)))
                    {
                        Some(v) => Response::json(200, &v),
                        None => Response::empty(204),
                    }
                }
            },
        }
    }
}
