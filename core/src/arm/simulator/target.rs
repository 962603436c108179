//! The target's side: the target resource, its private endpoint connections, approval and rejection by
//! its owner, and how a change there reaches the SPLR's `status` (propagation, timeout, standing faults).

use super::{check_version, err, target_api_versions, Event, OpKind, Simulator};
use crate::arm::clock::Millis;
use crate::arm::error::{ArmError, Code};
use crate::arm::http::{Method, Request, Response};
use crate::arm::route::TargetPath;
use crate::arm::status::{ConnectionStatus, ProvisioningState};
use crate::arm::world::{put, Connection, Splr, MANAGED_SUBSCRIPTION};
use crate::target::TargetKind;
use serde_json::{json, Value};

impl Simulator {
    pub(super) fn schedule_propagation(&mut self, splr: &str, connection: &str) {
        let d = self.delay(self.timings.propagation).scale(self.faults.propagation_multiplier);
        let ev = Event::Propagate { splr: splr.to_string(), connection: connection.to_string() };
        self.schedule(self.now + d, ev);
    }

    /// A change on the target reaches the SPLR: its `status` becomes the connection's (Disconnected when the
    /// connection is gone), if the SPLR still points at `connection`.
    pub(super) fn propagate(&mut self, splr: &str, connection: &str) {
        let conn_status = self.world.splr(splr).and_then(|s| {
            let (_, c) = s.connection.as_ref()?;
            c.eq_ignore_ascii_case(connection)
                .then(|| self.world.connection_of(s).map(|c| c.status).unwrap_or(ConnectionStatus::Disconnected))
        });
        // A timed-out SPLR stays Timeout (modeled: see `Timings::pending_timeout`).
        if let (Some(status), Some(s)) = (conn_status, self.world.splr_mut(splr)) {
            if s.status != Some(ConnectionStatus::Timeout) {
                s.status = Some(status);
            }
        }
    }

    /// The SPLR's connection is still Pending on both sides after `Timings::pending_timeout`: the SPLR
    /// reports Timeout.
    pub(super) fn time_out_splr(&mut self, splr: &str, connection: &str) {
        let pending = self.world.splr(splr).is_some_and(|s| {
            s.connection.as_ref().is_some_and(|(_, c)| c.eq_ignore_ascii_case(connection))
                && s.status == Some(ConnectionStatus::Pending)
                && self.world.connection_of(s).is_some_and(|c| c.status == ConnectionStatus::Pending)
        });
        if pending {
            self.world.splr_mut(splr).expect("checked").status = Some(ConnectionStatus::Timeout);
        }
    }

    /// The standing faults, applied whenever time moves or a request comes: the targets deleted, Pending
    /// connections rejected by their owner.
    pub(super) fn apply_standing_faults(&mut self) {
        if self.faults.delete_target && !self.world.targets.is_empty() {
            let ids: Vec<String> = self.world.targets.iter().map(|t| t.id.clone()).collect();
            for id in ids {
                self.delete_target(&id);
            }
        }
        if self.faults.reject_on_target {
            let mut changed = Vec::new();
            for t in &mut self.world.targets {
                for c in t.connections.iter_mut().filter(|c| c.status == ConnectionStatus::Pending) {
                    c.status = ConnectionStatus::Rejected;
                    c.description =
                        format!("Rejected by the owner of {}.", t.id.rsplit('/').next().unwrap_or_default());
                    changed.push((c.splr.clone(), c.name.clone()));
                }
            }
            for (splr, conn) in changed {
                self.schedule_propagation(&splr, &conn);
            }
        }
    }

    /// The managed private endpoint's connection, new and Pending on the target (on a slot when the
    /// groupId names one), with its pending timeout scheduled; the target's ID and the connection's name.
    pub(super) fn open_connection(&mut self, s: &Splr, group_ids: Vec<String>) -> (String, String) {
        let conn_name = format!("{}.{}", s.name, self.rng.guid());
        let managed_rg = format!(
            "{}-managed-{}",
            self.world.service.kind.type_segment().to_ascii_lowercase(),
            self.world.service.location
        );
        let target = self.world.target(&s.private_link_resource_id).expect("checked");
        let target_id = target.id.clone();
        // A slot's groupId puts the connection on the slot (checked against the site's slots above).
        let slot = match target.kind {
            TargetKind::Site => s
                .group_id
                .as_deref()
                .and_then(|g| g.strip_prefix("sites-"))
                .and_then(|g| target.slot(g))
                .map(str::to_string),
            _ => None,
        };
        let conn = Connection {
            name: conn_name.clone(),
            private_endpoint_id: format!(
                "/subscriptions/{MANAGED_SUBSCRIPTION}/resourceGroups/{managed_rg}/providers/Microsoft.Network/privateEndpoints/{conn_name}"
            ),
            group_ids,
            status: ConnectionStatus::Pending,
            description: s.request_message.clone().unwrap_or_default(),
            actions_required: "None".into(),
            provisioning_state: ProvisioningState::Succeeded,
            splr: s.name.clone(),
            created_at: self.now,
            slot,
        };
        self.world.target_mut(&target_id).expect("checked").connections.push(conn);
        if let Some(t) = self.timings.pending_timeout {
            let ev = Event::SplrTimeout { splr: s.name.clone(), connection: conn_name.clone() };
            self.schedule(self.now + t, ev);
        }
        (target_id, conn_name)
    }

    pub(super) fn delete_target(&mut self, id: &str) {
        let Some(i) = self.world.targets.iter().position(|t| t.id.eq_ignore_ascii_case(id)) else { return };
        let t = self.world.targets.remove(i);
        for c in t.connections {
            self.schedule_propagation(&c.splr, &c.name);
        }
    }

    /// api-version, resource group, the target and (for a slot path) the slot; the target's ID.
    pub(super) fn check_target(&self, t: &TargetPath, api: Option<&str>) -> Result<String, ArmError> {
        let type_name = if t.slot.is_some() { "Microsoft.Web/sites/slots" } else { t.kind.resource_type() };
        check_version(api, target_api_versions(t.kind), type_name, &self.world.service.location)?;
        if !self.known_resource_group(&t.subscription, &t.resource_group) {
            return Err(ArmError::new(
                Code::ResourceGroupNotFound,
                format!("Resource group '{}' could not be found.", t.resource_group),
            ));
        }
        let id = self.check_target_resource(t)?;
        if let Some(slot) = &t.slot {
            if self.world.target(&id).and_then(|x| x.slot(slot)).is_none() {
                return Err(ArmError::not_found(&format!("Microsoft.Web/sites/{}/slots/{slot}", t.name), &t.resource_group));
            }
        }
        Ok(id)
    }

    pub(super) fn check_target_resource(&self, t: &TargetPath) -> Result<String, ArmError> {
        self.world.target(&t.id()).map(|x| x.id.clone()).ok_or_else(|| {
            ArmError::not_found(&format!("{}/{}", t.kind.resource_type(), t.name), &t.resource_group)
        })
    }

    pub(super) fn on_target(&mut self, req: &Request, t: &TargetPath, api: Option<&str>) -> Response {
        let id = match self.check_target(t, api) {
            Ok(id) => id,
            Err(e) => return e.response(),
        };
        let target = self.world.target(&id).expect("checked");
        match (req.method, &t.slot) {
            (Method::Get, Some(slot)) => Response::json(200, &target.slot_json(target.slot(slot).expect("checked"))),
            (Method::Get, None) => Response::json(200, &target.to_json()),
            (Method::Delete, None) => {
                self.delete_target(&id);
                Response::empty(200)
            }
            _ => Self::method_not_allowed(req),
        }
    }

    pub(super) fn on_connections(&mut self, req: &Request, t: &TargetPath, api: Option<&str>) -> Response {
        let id = match self.check_target(t, api) {
            Ok(id) => id,
            Err(e) => return e.response(),
        };
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let target = self.world.target(&id).expect("checked");
        let value: Vec<Value> = target.connections_of(t.slot.as_deref()).map(|c| target.connection_json(c)).collect();
        let mut body = json!({});
        put(&mut body, "value", Value::Array(value));
        Response::json(200, &body)
    }

    pub(super) fn on_connection(&mut self, req: &Request, t: &TargetPath, name: &str, api: Option<&str>) -> Response {
        let id = match self.check_target(t, api) {
            Ok(id) => id,
            Err(e) => return e.response(),
        };
        let target = self.world.target(&id).expect("checked");
        // A slot's connection is found under its slot only, an app's under the app only.
        let Some(conn) = target.connections_of(t.slot.as_deref()).find(|c| c.name.eq_ignore_ascii_case(name)).cloned()
        else {
            let ty = if t.slot.is_some() { "Microsoft.Web/sites/slots" } else { t.kind.resource_type() };
            return err(
                Code::ResourceNotFound,
                format!("The Resource '{ty}/privateEndpointConnections/{name}' was not found."),
            );
        };
        match req.method {
            Method::Get => Response::json(200, &target.connection_json(&conn)),
            Method::Delete => self.delete_connection(&id, &conn, api),
            Method::Put => self.put_connection(req, &id, conn),
            _ => Self::method_not_allowed(req),
        }
    }

    /// The connection is gone at once; the SPLR learns it by propagation. A site answers 200, the other
    /// providers 202 with an operation to poll.
    fn delete_connection(&mut self, id: &str, conn: &Connection, api: Option<&str>) -> Response {
        let target = self.world.target(id).expect("checked");
        let (kind, location) = (target.kind, target.location.clone());
        self.world.target_mut(id).expect("checked").connections.retain(|c| c.name != conn.name);
        self.schedule_propagation(&conn.splr, &conn.name);
        if kind == TargetKind::Site {
            return Response::empty(200);
        }
        // A 202 carries `Location` (RPC: "202 Accepted … MUST include a Location header", Azure/azure-resource-manager-rpc
        // v1.0/async-api-reference.md @69e229f0; NRP's connection delete is an LRO with final-state-via location,
        // Microsoft.Network/Network/stable/2025-05-01/privateLinkService.json @aedce982). The URL's shape,
        // location-scoped as NRP hands out, is modeled for Key Vault and Storage (unverified).
        let ns = kind.resource_type().split('/').next().unwrap_or_default().to_string();
        let sub = id.split('/').nth(2).unwrap_or_default();
        let scope = format!("/subscriptions/{sub}/providers/{ns}/locations/{location}");
        let api = api.unwrap_or_default().to_string();
        let i = self.start_op(&ns, &scope, OpKind::DeleteConnection, &api, Millis::secs(5));
        let mut r = Response::empty(202).with_header("Location", self.op_url(i, true));
        if let Some(s) = self.timings.retry_after {
            r = r.with_header("Retry-After", s.to_string());
        }
        r
    }

    /// The target owner's approval or rejection: the right to approve, the new state, whether the
    /// connection can move to it; then a site's async operation, or the other providers' change at once.
    fn put_connection(&mut self, req: &Request, target_id: &str, conn: Connection) -> Response {
        let kind = self.world.target(target_id).expect("checked").kind;
        let checked = self.check_approval_right(kind, target_id).and_then(|()| {
            let (status, description) = Self::read_connection_state(req.body.as_deref())?;
            Self::check_transition(kind, &conn, status)?;
            Ok((status, description))
        });
        let (status, description) = match checked {
            Ok(v) => v,
            Err(r) => return r,
        };
        if kind == TargetKind::Site {
            return self.approve_on_site(target_id, &conn, status, description);
        }
        let t = self.world.target_mut(target_id).expect("checked");
        let c = t.connection_mut(&conn.name).expect("checked");
        c.status = status;
        c.description = description;
        let c = c.clone();
        let body = t.connection_json(&c);
        self.schedule_propagation(&conn.splr, &conn.name);
        Response::json(200, &body)
    }

    /// The target provider's approval action on the target (403 without it).
    fn check_approval_right(&self, kind: TargetKind, target_id: &str) -> Result<(), Response> {
        if self.world.rights_on_target {
            return Ok(());
        }
        Err(err(
            Code::AuthorizationFailed,
            format!(
                "The client does not have authorization to perform action '{}/privateEndpointConnectionsApproval/action' \
                 over scope '{target_id}' or the scope is invalid.",
                kind.resource_type()
            ),
        ))
    }

    /// `privateLinkServiceConnectionState`: the status asked for (Approved, Rejected or Disconnected) and
    /// its description.
    fn read_connection_state(body: Option<&str>) -> Result<(ConnectionStatus, String), Response> {
        let bad = |m: &str| {
            err(
                Code::InvalidRequestContent,
                format!("The request content was invalid and could not be deserialized: '{m}'"),
            )
        };
        let Some(v) = body.and_then(|b| serde_json::from_str::<Value>(b).ok()) else {
            return Err(bad("The request body is not valid JSON."));
        };
        let state = &v["properties"]["privateLinkServiceConnectionState"];
        let status = state["status"].as_str().and_then(ConnectionStatus::parse);
        let Some(status) = status.filter(|s| !matches!(s, ConnectionStatus::Pending | ConnectionStatus::Timeout))
        else {
            return Err(bad(
                "properties.privateLinkServiceConnectionState.status must be Approved, Rejected or Disconnected.",
            ));
        };
        Ok((status, state["description"].as_str().unwrap_or_default().to_string()))
    }

    /// Only a Pending (or already Approved) connection can be approved; Storage refuses approving twice.
    fn check_transition(kind: TargetKind, conn: &Connection, status: ConnectionStatus) -> Result<(), Response> {
        if status == ConnectionStatus::Approved
            && conn.status != ConnectionStatus::Approved
            && conn.status != ConnectionStatus::Pending
        {
            let msg = if conn.status == ConnectionStatus::Rejected {
                "Approving rejected private endpoint connections is not supported.".to_string()
            } else {
                format!(
                    "A {} private endpoint connection cannot be approved; the endpoint must be recreated.",
                    conn.status
                )
            };
            return Err(err(Code::CannotApproveRejectedConnection, msg));
        }
        // Storage's PUT is not idempotent: approving an Approved connection again is a 400
        // (https://github.com/Azure/azure-rest-api-specs/issues/30308, api-version 2023-05-01). The other
        // providers accept it in the model (unverified).
        if kind == TargetKind::StorageAccount
            && status == ConnectionStatus::Approved
            && conn.status == ConnectionStatus::Approved
        {
            return Err(err(
                Code::InvalidValuesForRequestParameters,
                "Values for request parameters are invalid: privateLinkServiceConnectionState.status.",
            ));
        }
        Ok(())
    }

    /// A site approves (or rejects) through its own async operation: the connection is Updating until it
    /// is due.
    fn approve_on_site(
        &mut self,
        target_id: &str,
        conn: &Connection,
        status: ConnectionStatus,
        description: String,
    ) -> Response {
        let c = self.world.target_mut(target_id).and_then(|t| t.connection_mut(&conn.name)).expect("checked");
        c.provisioning_state = ProvisioningState::Updating;
        let op_kind =
            OpKind::SetConnection { target: target_id.to_string(), connection: conn.name.clone(), status, description };
        // Location-scoped, as Microsoft.Web answers (ApproveRejectSitePrivateEndpointConnection.json @2a2407bb:
        // .../providers/Microsoft.Web/locations/westus2/operationResults/{guid}).
        let t = self.world.target(target_id).expect("checked");
        let sub = target_id.split('/').nth(2).unwrap_or_default();
        let scope = format!("/subscriptions/{sub}/providers/Microsoft.Web/locations/{}", t.location);
        // 202 with the connection and an operationResults URL in both headers: the TypeSpec's LRO header is
        // `Location`, the official example's 202 has `azure-asyncoperation` with api-version 2019-01-01
        // (RemotePrivateEndpointConnectionARMResource.tsp @074e21c3; example @2a2407bb). Polled, it answers
        // 202 while running, then the connection (no `status` field): what it really returns is unverified.
        let i = self.start_op("Microsoft.Web", &scope, op_kind, "2019-01-01", self.timings.site_approval);
        let t = self.world.target(target_id).expect("checked");
        let body = t.connection_json(t.connection(&conn.name).expect("checked"));
        let url = self.op_url(i, true);
        Response::json(202, &body).with_header("Azure-AsyncOperation", url.clone()).with_header("Location", url)
    }
}
