//! ARM's answers at the current virtual time: the REST contract of the SPLR operations, their async
//! operation URLs, the approval on the target and the delays in between (REFERENCE §1–4).
//!
//! Where the real service decides, the simulator decides the same way:
//! - ARM's front door checks first: `Authorization` (401), throttling (429), api-version (400), resource
//!   group and service (404);
//! - the SignalR resource provider rejects up front what it can know from its own state and the request:
//!   names, the body, `fqdns` on a version without them, a Free-tier service, a target type it cannot
//!   share, a service still updating (409). The service mode is not checked: SignalR in Default mode
//!   creates an SPLR to a site too (it then makes no upstream calls; see `explain::upstream_caveat`);
//! - what only the managed private endpoint's creation discovers fails the async operation (201, then
//!   `Failed`): a missing target, a wrong or wrongly cased groupId, a Private Link Service not visible,
//!   a plan without private endpoints, the injected provisioning faults.

use super::clock::{dotnet_ticks, timestamp, Millis, Rng};
use super::error::{ArmError, Code};
use super::faults::{Faults, CORS_SAFELISTED};
use super::http::{Method, Request, Response, Url};
use super::route::{route, Route, ServicePath, TargetPath};
use super::status::{ConnectionStatus, OpStatus, ProvisioningState};
use super::world::{
    put, Connection, PlsVisibility, Splr, Tier, World, WorldOptions, MANAGED_SUBSCRIPTION,
};
use crate::api_version::{self, ApiVersion};
use crate::form::{Plan, ARM_ENDPOINT};
use crate::json_text::{self, JsonStyle};
use crate::names;
use crate::resource_id;
use crate::service::Service;
use crate::splr::SplrProperties;
use crate::target::TargetKind;
use serde_json::{json, Value};
use litemap::LiteMap;

/// How long things take, before jitter. Defaults follow what users report: SPLR creation takes tens of
/// seconds, approval takes minutes to reach the SPLR ("a few minutes" in the docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Timings {
    pub create: Millis,
    pub update: Millis,
    pub delete: Millis,
    /// The service stays "Updating" this long after an SPLR delete finished (REFERENCE §3).
    pub busy_after_delete: Millis,
    /// The site's own async approval operation.
    pub site_approval: Millis,
    /// From a status change on the target to the SPLR's `status`.
    pub propagation: Millis,
    /// A connection left Pending this long makes the SPLR's `status` Timeout; `None`: never. `Timeout` is a
    /// value of the SPLR's `SharedPrivateLinkResourceStatus` only (Web PubSub swagger
    /// `preview/2026-03-01-preview/webpubsub.json` @73b50feb); the targets' connection states are Pending,
    /// Approved, Rejected, Disconnected (e.g. Key Vault's `PrivateEndpointServiceConnectionStatus`), so the
    /// target's connection stays Pending. The 60 minutes, and that a later approval no longer changes a
    /// timed-out SPLR, are modeled (unverified: no source says when or how the RP reports Timeout).
    pub pending_timeout: Option<Millis>,
    /// ± this percentage on every delay.
    pub jitter_percent: u64,
    /// `Retry-After` seconds on async responses; `None`: no header, the default: the only recorded SignalR RP
    /// exchange (azure-cli `src/azure-cli/azure/cli/command_modules/signalr/tests/latest/recordings/test_signalr_commands.yaml`
    /// @283b2dd1350f7723b4c435bf23eb946a64a65f46) has none on its 201 nor on the status polls, although the
    /// swagger declares it. Clients then poll at their own default interval.
    pub retry_after: Option<u64>,
}

impl Default for Timings {
    fn default() -> Timings {
        Timings {
            create: Millis::secs(30),
            update: Millis::secs(20),
            delete: Millis::secs(25),
            busy_after_delete: Millis::secs(40),
            site_approval: Millis::secs(8),
            propagation: Millis::mins(2),
            pending_timeout: Some(Millis::mins(60)),
            jitter_percent: 20,
            retry_after: None,
        }
    }
}

/// One request and ARM's answer, at the virtual time it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    pub at: Millis,
    pub request: Request,
    pub response: Response,
}

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

#[derive(Clone, Debug, PartialEq, Eq)]
enum Event {
    OpDue(usize),
    /// Copy the connection's status to the SPLR (if it still points at `connection`).
    Propagate {
        splr: String,
        connection: String,
    },
    /// The SPLR's connection is still Pending: the SPLR (not the target) reports Timeout.
    SplrTimeout {
        splr: String,
        connection: String,
    },
    ServiceIdle,
}

#[derive(Clone, Debug)]
pub struct Simulator {
    pub world: World,
    pub faults: Faults,
    pub timings: Timings,
    /// The base of the URLs the simulator hands out (the emulator puts its own address here).
    pub endpoint: String,
    /// Accept requests without `Authorization` (the in-browser simulator); the emulator is strict.
    pub lenient_auth: bool,
    /// Items per page of list responses (`nextLink` beyond).
    pub page_size: usize,
    now: Millis,
    rng: Rng,
    ops: Vec<Operation>,
    /// Pending events in time order (a sorted list: a BTreeMap type costs the wasm several KB).
    events: LiteMap<(Millis, u64), Event>,
    seq: u64,
    log: Vec<Exchange>,
}

/// The caller named in authorization messages: the simulator knows no identity, so a fixed placeholder.
pub const CALLER: &str = "user@contoso.com";
pub const CALLER_OBJECT_ID: &str = "11111111-1111-1111-1111-111111111111";

fn err(code: Code, message: impl Into<String>) -> Response {
    ArmError::new(code, message).response()
}

fn is_well_formed_version(v: &str) -> bool {
    let b = v.as_bytes();
    let date_ok = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    date_ok && (b.len() == 10 || (b[10] == b'-' && v[11..].chars().all(|c| c.is_ascii_alphanumeric()) && b.len() > 11))
}

/// Api-versions the simulated target providers accept for the target and its privateEndpointConnections,
/// newest first. Real providers accept many more; these include, last in each list, the one
/// `az network private-endpoint-connection` itself sends (Azure/azure-cli
/// `src/azure-cli/azure/cli/command_modules/network/private_link_resource_and_endpoint_connections/custom.py`
/// @924eac2b3c7518f0721f29acecc313b818e62f1c, `register_providers`: Microsoft.Web/sites 2019-08-01,
/// Microsoft.Network/privateLinkServices 2021-05-01, Microsoft.Keyvault/vaults 2019-09-01,
/// Microsoft.Storage/storageAccounts 2019-06-01), and the newest seen in azure-rest-api-specs: Microsoft.Web
/// 2026-03-15, 2026-03-01-preview, 2025-05-01 (`Microsoft.Web/AppService/main.tsp` @050af8319af3a1f484d22add04d46d0ba82def40),
/// Microsoft.Network 2025-05-01 (`Microsoft.Network/Network/stable/2025-05-01/privateLinkService.json` @aedce982),
/// Microsoft.KeyVault 2026-02-01 and 2025-05-01 (`Microsoft.KeyVault/KeyVault/examples/2026-02-01/putPrivateEndpointConnection.json`),
/// Microsoft.Storage 2025-06-01 and 2025-01-01 (`Microsoft.Storage/stable/2025-06-01/storage.json` @bc43ce92).
pub fn target_api_versions(kind: TargetKind) -> &'static [&'static str] {
    match kind {
        TargetKind::Site => &[
            "2026-03-15",
            "2026-03-01-preview",
            "2025-05-01",
            "2025-03-01",
            "2024-11-01",
            "2024-04-01",
            "2023-12-01",
            "2023-01-01",
            "2022-09-01",
            "2019-08-01",
        ],
        TargetKind::PrivateLinkService => {
            &["2025-05-01", "2025-01-01", "2024-05-01", "2024-03-01", "2023-11-01", "2023-09-01", "2021-05-01"]
        }
        TargetKind::KeyVault => &["2026-02-01", "2025-05-01", "2024-11-01", "2023-07-01", "2023-02-01", "2022-07-01", "2019-09-01"],
        TargetKind::StorageAccount => {
            &["2025-06-01", "2025-01-01", "2024-01-01", "2023-05-01", "2023-01-01", "2022-09-01", "2019-06-01"]
        }
    }
}

fn check_version(v: Option<&str>, known: &[&str], type_name: &str, location: &str) -> Result<(), ArmError> {
    let Some(v) = v.filter(|v| !v.is_empty()) else {
        return Err(ArmError::new(
            Code::MissingApiVersionParameter,
            "The api-version query parameter (?api-version=) is required for all requests.",
        ));
    };
    let supported = known.join(", ");
    if !is_well_formed_version(v) {
        return Err(ArmError::new(
            Code::InvalidApiVersionParameter,
            format!("The api-version '{v}' is invalid. The supported versions are '{supported}'."),
        ));
    }
    if !known.contains(&v) {
        return Err(ArmError::new(
            Code::NoRegisteredProviderFound,
            format!(
                "No registered resource provider found for location '{location}' and API version '{v}' for type \
                 '{type_name}'. The supported api-versions are '{supported}'."
            ),
        ));
    }
    Ok(())
}

impl Simulator {
    pub fn new(world: World, seed: u64) -> Simulator {
        Simulator {
            world,
            faults: Faults::default(),
            timings: Timings::default(),
            endpoint: ARM_ENDPOINT.to_string(),
            lenient_auth: false,
            page_size: 20,
            now: Millis::ZERO,
            rng: Rng::with_seed(seed),
            ops: Vec::new(),
            events: LiteMap::new(),
            seq: 0,
            log: Vec::new(),
        }
    }

    /// The world the plan's happy path works in, changed by `opts`.
    pub fn from_plan(plan: &Plan, opts: &WorldOptions, seed: u64) -> Simulator {
        Simulator::new(World::from_plan(plan, opts), seed)
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    /// Every request and response so far, in order.
    pub fn log(&self) -> &[Exchange] {
        &self.log
    }

    pub fn operations(&self) -> &[Operation] {
        &self.ops
    }

    /// Replaces the faults and applies the standing ones (reject, delete target) at once.
    pub fn set_faults(&mut self, faults: Faults) {
        self.faults = faults;
        self.apply_standing_faults();
    }

    /// An SPLR operation runs, or the service is still updating after a delete: writes get 409.
    pub fn service_busy(&self) -> bool {
        self.ops.iter().any(|o| {
            o.status == OpStatus::Running && !matches!(o.kind, OpKind::SetConnection { .. } | OpKind::DeleteConnection)
        })
            || self.world.service.busy_until.is_some_and(|t| t > self.now)
    }

    // ---- time ----------------------------------------------------------------------------------

    pub fn next_event_at(&self) -> Option<Millis> {
        self.events.keys().next().map(|(at, _)| *at)
    }

    /// Moves virtual time forward by `by`, running every event due on the way, in order.
    pub fn advance(&mut self, by: Millis) {
        let until = self.now + by;
        self.run_until(until);
    }

    /// Jumps to the next scheduled event and runs it (and any due at the same instant).
    pub fn advance_to_next_event(&mut self) -> Option<Millis> {
        let at = self.next_event_at()?;
        self.run_until(at);
        Some(at)
    }

    fn run_until(&mut self, until: Millis) {
        while let Some((&(at, seq), _)) = self.events.iter().next() {
            if at > until {
                break;
            }
            let ev = self.events.remove(&(at, seq)).expect("present");
            self.now = self.now.max(at);
            self.run(ev);
        }
        self.now = self.now.max(until);
        self.apply_standing_faults();
    }

    fn schedule(&mut self, at: Millis, ev: Event) {
        self.seq += 1;
        self.events.insert((at, self.seq), ev);
    }

    fn delay(&mut self, base: Millis) -> Millis {
        let pct = self.timings.jitter_percent;
        self.rng.jitter(base, pct)
    }

    fn schedule_propagation(&mut self, splr: &str, connection: &str) {
        let d = self.delay(self.timings.propagation).scale(self.faults.propagation_multiplier);
        let ev = Event::Propagate { splr: splr.to_string(), connection: connection.to_string() };
        self.schedule(self.now + d, ev);
    }

    fn run(&mut self, ev: Event) {
        match ev {
            Event::OpDue(i) => self.finish_op(i),
            Event::Propagate { splr, connection } => {
                let conn_status = self.world.splr(&splr).and_then(|s| {
                    let (_, c) = s.connection.as_ref()?;
                    c.eq_ignore_ascii_case(&connection).then(|| {
                        self.world.connection_of(s).map(|c| c.status).unwrap_or(ConnectionStatus::Disconnected)
                    })
                });
                // A timed-out SPLR stays Timeout (modeled: see `Timings::pending_timeout`).
                if let (Some(status), Some(s)) = (conn_status, self.world.splr_mut(&splr)) {
                    if s.status != Some(ConnectionStatus::Timeout) {
                        s.status = Some(status);
                    }
                }
            }
            Event::SplrTimeout { splr, connection } => {
                let pending = self.world.splr(&splr).is_some_and(|s| {
                    s.connection.as_ref().is_some_and(|(_, c)| c.eq_ignore_ascii_case(&connection))
                        && s.status == Some(ConnectionStatus::Pending)
                        && self.world.connection_of(s).is_some_and(|c| c.status == ConnectionStatus::Pending)
                });
                if pending {
                    self.world.splr_mut(&splr).expect("checked").status = Some(ConnectionStatus::Timeout);
                }
            }
            Event::ServiceIdle => {}
        }
    }

    fn apply_standing_faults(&mut self) {
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

    fn delete_target(&mut self, id: &str) {
        let Some(i) = self.world.targets.iter().position(|t| t.id.eq_ignore_ascii_case(id)) else { return };
        let t = self.world.targets.remove(i);
        for c in t.connections {
            self.schedule_propagation(&c.splr, &c.name);
        }
    }

    // ---- requests ------------------------------------------------------------------------------

    /// ARM's answer to `req` at the current virtual time. Never panics on any input.
    pub fn handle(&mut self, req: &Request) -> Response {
        self.apply_standing_faults();
        let mut resp = self.respond(req);
        resp.headers.push(("x-ms-request-id".into(), self.rng.guid()));
        if self.faults.hide_headers {
            resp.headers.retain(|(k, _)| CORS_SAFELISTED.iter().any(|s| s.eq_ignore_ascii_case(k)));
        }
        self.log.push(Exchange { at: self.now, request: req.clone(), response: resp.clone() });
        resp
    }

    fn respond(&mut self, req: &Request) -> Response {
        if !self.lenient_auth {
            match req.header("Authorization") {
                None => {
                    return err(
                        Code::AuthenticationFailed,
                        "Authentication failed. The 'Authorization' header is missing.",
                    )
                }
                // `get`, not slicing: a header value from the wire may have a multi-byte character there.
                Some(v)
                    if !v.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
                        || v.get(7..).is_none_or(|t| t.trim().is_empty()) =>
                {
                    return err(
                        Code::InvalidAuthenticationToken,
                        "The access token is invalid: the 'Authorization' header must be 'Bearer <token>'.",
                    )
                }
                _ => {}
            }
        }
        if self.faults.throttle > 0 {
            self.faults.throttle -= 1;
            let secs = self.faults.throttle_retry_after;
            let kind = if req.method.is_mutating() { "write" } else { "read" };
            return err(
                Code::SubscriptionRequestsThrottled,
                format!(
                    "Number of '{kind}' requests for subscription '{}' actually exceeded the limit for time interval \
                     '01:00:00'. Please try again after '{secs}' seconds.",
                    self.world.service.subscription
                ),
            )
            .with_header("Retry-After", secs.to_string())
            .with_header(&format!("x-ms-ratelimit-remaining-subscription-{kind}s"), "0");
        }
        if self.faults.server_errors > 0 {
            self.faults.server_errors -= 1;
            return if self.faults.server_error_status == 503 {
                err(Code::ServiceUnavailable, "The service is temporarily unavailable. Please retry later.")
                    .with_header("Retry-After", "5")
            } else {
                let tracking = self.rng.guid();
                err(
                    Code::InternalServerError,
                    format!("Encountered internal server error. Diagnostic information: tracking id '{tracking}'."),
                )
            };
        }
        let url = match Url::parse(&req.url) {
            Ok(u) => u,
            Err(e) => return err(Code::InvalidResourceType, e),
        };
        let route = match route(&url) {
            Ok(r) => r,
            Err(e) => return e.response(),
        };
        let api = url.query("api-version").map(str::to_string);
        match route {
            Route::Service(p) => self.on_service(req, &p, api.as_deref()),
            Route::SplrList(p) => self.on_splr_list(req, &url, &p, api.as_deref()),
            Route::Splr(p, name) => self.on_splr(req, &p, &name, api.as_deref()),
            Route::PrivateLinkResources(p) => self.on_private_link_resources(req, &p, api.as_deref()),
            Route::OperationStatus { namespace, scope, id, .. } => {
                self.on_operation(req, &url, &namespace, &scope, &id, false)
            }
            Route::OperationResult { namespace, scope, id, .. } => {
                self.on_operation(req, &url, &namespace, &scope, &id, true)
            }
            Route::Target(t) => self.on_target(req, &t, api.as_deref()),
            Route::TargetConnections(t) => self.on_connections(req, &t, api.as_deref()),
            Route::TargetConnection(t, c) => self.on_connection(req, &t, &c, api.as_deref()),
        }
    }

    fn method_not_allowed(req: &Request) -> Response {
        err(
            Code::UnsupportedHttpMethod,
            format!("The requested resource does not support http method '{}'.", req.method),
        )
    }

    fn known_resource_group(&self, sub: &str, rg: &str) -> bool {
        let s = &self.world.service;
        if s.subscription.eq_ignore_ascii_case(sub) && s.resource_group.eq_ignore_ascii_case(rg) {
            return true;
        }
        let prefix = format!("/subscriptions/{sub}/resourcegroups/{rg}/").to_ascii_lowercase();
        self.world.targets.iter().any(|t| t.id.to_ascii_lowercase().starts_with(&prefix))
    }

    /// api-version, resource group and service, in ARM's order.
    fn check_service(&self, p: &ServicePath, api: Option<&str>) -> Result<ApiVersion, ArmError> {
        let ids: Vec<&str> = api_version::versions(p.kind).iter().map(|v| v.id).collect();
        check_version(api, &ids, &p.kind.resource_type(), &self.world.service.location)?;
        if !self.known_resource_group(&p.subscription, &p.resource_group) {
            return Err(ArmError::new(
                Code::ResourceGroupNotFound,
                format!("Resource group '{}' could not be found.", p.resource_group),
            ));
        }
        let s = &self.world.service;
        if p.kind != s.kind
            || !p.name.eq_ignore_ascii_case(&s.name)
            || !p.resource_group.eq_ignore_ascii_case(&s.resource_group)
            || !p.subscription.eq_ignore_ascii_case(&s.subscription)
        {
            return Err(ArmError::new(
                Code::ResourceNotFound,
                format!(
                    "The Resource '{}/{}' under resource group '{}' was not found. For more details please go to \
                     https://aka.ms/ARMResourceNotFoundFix",
                    p.kind.resource_type(),
                    p.name,
                    p.resource_group
                ),
            ));
        }
        Ok(api_version::lookup(p.kind, api.unwrap_or_default()).expect("checked above"))
    }

    fn on_service(&mut self, req: &Request, p: &ServicePath, api: Option<&str>) -> Response {
        if let Err(e) = self.check_service(p, api) {
            return e.response();
        }
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let running = self.ops.iter().any(|o| o.status == OpStatus::Running && o.kind != OpKind::DeleteConnection);
        // After a delete the service reports Succeeded while it is still updating (azure-rest-api-specs#23068).
        let state = if running { ProvisioningState::Updating } else { ProvisioningState::Succeeded };
        Response::json(200, &self.world.service_json(state))
    }

    fn on_splr_list(&mut self, req: &Request, url: &Url, p: &ServicePath, api: Option<&str>) -> Response {
        if let Err(e) = self.check_service(p, api) {
            return e.response();
        }
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let skip: usize = url.query("$skipToken").and_then(|s| s.parse().ok()).unwrap_or(0);
        let size = self.page_size.max(1);
        let all = &self.world.splrs;
        let value: Vec<Value> = all.iter().skip(skip).take(size).map(|s| self.world.splr_json(s)).collect();
        let mut body = json!({});
        put(&mut body, "value", Value::Array(value));
        if skip + size < all.len() {
            let next = format!(
                "{}{}?api-version={}&$skipToken={}",
                self.endpoint,
                url.path,
                api.unwrap_or_default(),
                skip + size
            );
            put(&mut body, "nextLink", Value::String(next));
        }
        Response::json(200, &body)
    }

    fn on_private_link_resources(&mut self, req: &Request, p: &ServicePath, api: Option<&str>) -> Response {
        if let Err(e) = self.check_service(p, api) {
            return e.response();
        }
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let (group, zone) = match p.kind {
            Service::WebPubSub => ("webpubsub", "privatelink.webpubsub.azure.com"),
            Service::SignalR => ("signalr", "privatelink.service.signalr.net"),
        };
        let share = |name: &str, group_id: &str, ty: &str, what: &str| json!({"name": name, "properties": {"description": what, "groupId": group_id, "type": ty}});
        let shareable = vec![
            share("site", "sites", "Microsoft.Web/sites", "Azure App Service can be used as an upstream"),
            share("vault", "vault", "Microsoft.KeyVault/vaults", "Azure Key Vault can be used as credentials store"),
            share(
                "table",
                "table",
                "Microsoft.Storage/storageAccounts",
                "Azure Storage Table can be used as message store",
            ),
        ];
        let mut props = json!({"groupId": group, "requiredMembers": [group], "requiredZoneNames": [zone]});
        put(&mut props, "shareablePrivateLinkResourceTypes", Value::Array(shareable));
        // `name` and `type` as every official example has them, Web PubSub 2024-03-01 through
        // 2026-03-01-preview and SignalR 2025-01-01-preview (azure-rest-api-specs
        // `…/preview/2026-03-01-preview/examples/WebPubSubPrivateLinkResources_List.json` @e506b7e7f49b7375cf32f80fe6575c4cf2460c07,
        // copies in core/tests/fixtures/arm-examples/): `"name": "myPrivateLink"`, `"type": "privateLinkResources"`.
        // No recorded response shows what the RP really names it (unverified); nothing reads the name.
        let svc = &self.world.service;
        let mut resource = json!({
            "id": format!("{}/privateLinkResources/myPrivateLink", svc.id()),
            "name": "myPrivateLink",
            "type": "privateLinkResources",
        });
        put(&mut resource, "properties", props);
        let mut body = json!({});
        put(&mut body, "value", Value::Array(vec![resource]));
        Response::json(200, &body)
    }

    fn splr_not_found(&self, name: &str) -> Response {
        let s = &self.world.service;
        err(
            Code::ResourceNotFound,
            format!(
                "The Resource '{}/{}/sharedPrivateLinkResources/{name}' under resource group '{}' was not found. \
                 For more details please go to https://aka.ms/ARMResourceNotFoundFix",
                s.kind.resource_type(),
                s.name,
                s.resource_group
            ),
        )
    }

    fn conflict(&self, req: &Request) -> Response {
        err(
            Code::Conflict,
            format!(
                "Cannot perform '{}' on '{}': the resource is in 'Updating' state because another operation is in \
                 progress. Retry after it completes.",
                req.method, self.world.service.name
            ),
        )
    }

    /// Busy service or the injected "still updating" fault (used up here).
    fn take_conflict(&mut self) -> bool {
        std::mem::take(&mut self.faults.service_updating) || self.service_busy()
    }

    fn on_splr(&mut self, req: &Request, p: &ServicePath, name: &str, api: Option<&str>) -> Response {
        let version = match self.check_service(p, api) {
            Ok(v) => v,
            Err(e) => return e.response(),
        };
        match req.method {
            Method::Get => match self.world.splr(name) {
                Some(s) => Response::json(200, &self.world.splr_json(s)),
                None => self.splr_not_found(name),
            },
            Method::Put => self.put_splr(req, name, version),
            Method::Delete => self.delete_splr(req, name, version),
            _ => Self::method_not_allowed(req),
        }
    }

    fn read_splr_body(body: Option<&str>, version: ApiVersion) -> Result<SplrProperties, ArmError> {
        let bad = |m: String| {
            ArmError::new(
                Code::InvalidRequestContent,
                format!("The request content was invalid and could not be deserialized: '{m}'"),
            )
        };
        let text =
            body.map(str::trim).filter(|t| !t.is_empty()).ok_or_else(|| bad("The request body is empty.".into()))?;
        let v: Value = serde_json::from_str(text).map_err(|e| bad(format!("{e}")))?;
        let props = v
            .get("properties")
            .and_then(Value::as_object)
            .ok_or_else(|| bad("Required property 'properties' not found in JSON. Path ''.".into()))?;
        let mut out = SplrProperties::default();
        let mut has_id = false;
        for (k, val) in props {
            let string = || {
                val.as_str().map(str::to_string).ok_or_else(|| {
                    bad(format!("Error converting value {} to type 'System.String'. Path 'properties.{k}'.", compact(val)))
                })
            };
            match k.to_ascii_lowercase().as_str() {
                "privatelinkresourceid" => {
                    out.private_link_resource_id = string()?;
                    has_id = true;
                }
                "groupid" => out.group_id = Some(string()?),
                "requestmessage" => out.request_message = Some(string()?),
                "fqdns" if version.fqdns => {
                    let list = val.as_array().and_then(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect());
                    out.fqdns = Some(list.ok_or_else(|| {
                        bad(format!("Error converting value {} to type 'System.String[]'. Path 'properties.fqdns'.", compact(val)))
                    })?);
                }
                "provisioningstate" | "status" => {} // read-only: ignored as ARM does
                _ => {
                    return Err(bad(format!(
                        "Could not find member '{k}' on object of type 'SharedPrivateLinkResourceProperties'. Path \
                         'properties.{k}'."
                    )))
                }
            }
        }
        if !has_id {
            return Err(bad("Required property 'privateLinkResourceId' not found in JSON. Path 'properties'.".into()));
        }
        Ok(out)
    }

    fn put_splr(&mut self, req: &Request, name: &str, version: ApiVersion) -> Response {
        if let Err(e) = names::service_name("shared private link resource name", name) {
            return err(Code::InvalidResourceName, format!("Resource name '{name}' is invalid. {e}"));
        }
        let props = match Self::read_splr_body(req.body.as_deref(), version) {
            Ok(p) => p,
            Err(e) => return e.response(),
        };
        let invalid_id = || {
            err(
                Code::LinkedInvalidPropertyId,
                format!(
                    "Property id '{}' at path 'properties.privateLinkResourceId' is invalid. Expect fully qualified \
                     resource Id that start with '/subscriptions/{{subscriptionId}}' or \
                     '/providers/{{resourceProviderNamespace}}/'.",
                    props.private_link_resource_id
                ),
            )
        };
        let target_id = match resource_id::parse(&props.private_link_resource_id) {
            Ok(p) if p.repairs.is_empty() => p.id,
            _ => return invalid_id(),
        };
        let svc = self.world.service.clone();
        // ARM's linked-access message (https://github.com/Azure/aad-pod-identity/issues/613,
        // https://github.com/kubernetes-sigs/cloud-provider-azure/issues/1999): "The client '{id}' with object id
        // '{oid}' has permission to perform action '{action}' on scope '{scope}'; however, it does not have
        // permission to perform action '{linked action}' on the linked scope(s) '{scope}' or the linked scope(s)
        // are invalid." The linked action is the target provider's own approval action
        // (`Microsoft.Web/sites/privateEndpointConnectionsApproval/action`, …); the caller is a placeholder (the
        // simulator knows no identity); whether the SignalR RP makes this linked check at all is unverified.
        if !self.world.rights_on_target {
            return err(
                Code::LinkedAuthorizationFailed,
                format!(
                    "The client '{CALLER}' with object id '{CALLER_OBJECT_ID}' has permission to perform action \
                     '{}/sharedPrivateLinkResources/write' on scope '{}'; however, it does not have permission to \
                     perform action '{}/privateEndpointConnectionsApproval/action' on the linked scope(s) '{}' or the \
                     linked scope(s) are invalid.",
                    svc.kind.resource_type(),
                    svc.splr_id(name),
                    target_id.full_type(),
                    target_id.text
                ),
            );
        }
        if svc.tier == Tier::Free {
            return err(
                Code::SkuNotSupported,
                format!(
                    "Shared private link resources are not supported in the Free tier ({}). Scale '{}' to Standard or \
                     Premium first.",
                    svc.tier.sku(),
                    svc.name
                ),
            );
        }
        let kind = [TargetKind::Site, TargetKind::PrivateLinkService, TargetKind::KeyVault, TargetKind::StorageAccount]
            .into_iter()
            .find(|k| target_id.is_type(k.resource_type()));
        // Any version with `fqdns` can name a Private Link Service: Web PubSub documents it; for SignalR the
        // schema has the same `fqdns` (2024-08-01-preview+) but service support is undocumented (unverified),
        // so the model does not invent a refusal.
        let pls_ok = version.fqdns;
        let kind = match kind {
            Some(TargetKind::PrivateLinkService) if !pls_ok => None,
            k => k,
        };
        let Some(kind) = kind else {
            let pls = if pls_ok { ", Microsoft.Network/privateLinkServices (with fqdns)" } else { "" };
            return err(
                Code::UnsupportedPrivateLinkResourceType,
                format!(
                    "The private link resource type '{}' cannot be shared with api-version {}. Supported types: \
                     Microsoft.Web/sites (groupId 'sites'), Microsoft.KeyVault/vaults (groupId 'vault'), \
                     Microsoft.Storage/storageAccounts (groupId 'table'){pls}.",
                    target_id.full_type(),
                    version.id
                ),
            );
        };
        if kind == TargetKind::PrivateLinkService && props.fqdns.as_ref().is_none_or(|f| f.is_empty()) {
            return err(
                Code::InvalidRequestContent,
                "The request content was invalid: 'fqdns' is required when privateLinkResourceId is a Private Link \
                 Service (the names the service uses to reach it).",
            );
        }
        // No service-mode check: a SignalR service in Default (or Classic) mode gets its SPLR to a site like
        // any other (azurerm's TestAccSignalrSharedPrivateLinkResource_basicSites creates one on a service
        // without service_mode). Serverless mode only decides whether upstream calls are made at all; the
        // explainer says so (explain::upstream_caveat).
        if self.take_conflict() {
            return self.conflict(req);
        }

        let existing = self.world.splr(name).is_some();
        let state = if existing { ProvisioningState::Updating } else { ProvisioningState::Creating };
        let stored_name = self.world.splr(name).map(|s| s.name.clone()).unwrap_or_else(|| name.to_string());
        let previous = self.world.splr(name).cloned();
        let splr = Splr {
            name: stored_name.clone(),
            private_link_resource_id: props.private_link_resource_id,
            group_id: props.group_id,
            fqdns: props.fqdns,
            request_message: props.request_message,
            provisioning_state: state,
            status: previous.as_ref().and_then(|p| p.status),
            connection: previous.and_then(|p| p.connection),
        };
        match self.world.splr_mut(name) {
            Some(s) => *s = splr,
            None => self.world.splrs.push(splr),
        }
        let (kind, base) = if existing {
            (OpKind::UpdateSplr(stored_name.clone()), self.timings.update)
        } else {
            (OpKind::CreateSplr(stored_name.clone()), self.timings.create)
        };
        let scope = self.service_scope();
        let op = self.start_op("Microsoft.SignalRService", &scope, kind, version.id, base);
        let body = self.world.splr(name).map(|s| self.world.splr_json(s)).unwrap_or_default();
        let resp = Response::json(if existing { 200 } else { 201 }, &body);
        self.async_headers(resp, op)
    }

    fn delete_splr(&mut self, req: &Request, name: &str, version: ApiVersion) -> Response {
        if self.world.splr(name).is_none() {
            return Response::empty(204);
        }
        if self.take_conflict() {
            return self.conflict(req);
        }
        let s = self.world.splr_mut(name).expect("checked");
        s.provisioning_state = ProvisioningState::Deleting;
        let stored = s.name.clone();
        let scope = self.service_scope();
        let (kind, base) = (OpKind::DeleteSplr(stored), self.timings.delete);
        let op = self.start_op("Microsoft.SignalRService", &scope, kind, version.id, base);
        self.async_headers(Response::empty(202), op)
    }

    /// The service's resource ID with the resource provider's own type casing (`SignalR`, `WebPubSub`), as in
    /// the async URLs it hands out (azure-cli recording @283b2dd1: `.../Microsoft.SignalRService/SignalR/{name}`;
    /// the specs' examples: `.../Microsoft.SignalRService/WebPubSub/{name}`).
    fn service_scope(&self) -> String {
        let s = &self.world.service;
        let rp_type = match s.kind {
            Service::SignalR => "SignalR",
            Service::WebPubSub => "WebPubSub",
        };
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.SignalRService/{rp_type}/{}",
            s.subscription, s.resource_group, s.name
        )
    }

    fn start_op(&mut self, namespace: &str, scope: &str, kind: OpKind, api_version: &str, base: Millis) -> usize {
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

    fn op_url(&self, i: usize, result: bool) -> String {
        let op = &self.ops[i];
        let (kind, sig) =
            if result { ("operationResults", &op.result_sig) } else { ("operationStatuses", &op.status_sig) };
        format!("{}{}/{kind}/{}?api-version={}&{sig}", self.endpoint, op.scope, op.id, op.api_version)
    }

    fn async_headers(&self, mut resp: Response, op: usize) -> Response {
        resp = resp.with_header("Azure-AsyncOperation", self.op_url(op, false));
        resp = resp.with_header("Location", self.op_url(op, true));
        if let Some(s) = self.timings.retry_after {
            resp = resp.with_header("Retry-After", s.to_string());
        }
        resp
    }

    fn finish_op(&mut self, i: usize) {
        if self.ops[i].status != OpStatus::Running {
            return;
        }
        let result: Result<(), ArmError> = match self.ops[i].kind.clone() {
            OpKind::CreateSplr(name) | OpKind::UpdateSplr(name) => self.finish_provisioning(&name),
            OpKind::DeleteSplr(name) => {
                if let Some(pos) = self.world.splrs.iter().position(|s| s.name == name) {
                    let s = self.world.splrs.remove(pos);
                    if let Some((t, c)) = s.connection {
                        if let Some(t) = self.world.target_mut(&t) {
                            t.connections.retain(|x| !x.name.eq_ignore_ascii_case(&c));
                        }
                    }
                }
                let idle = self.now + self.delay(self.timings.busy_after_delete);
                self.world.service.busy_until = Some(idle);
                self.schedule(idle, Event::ServiceIdle);
                Ok(())
            }
            OpKind::DeleteConnection => Ok(()),
            OpKind::SetConnection { target, connection, status, description } => {
                let splr = self.world.target_mut(&target).and_then(|t| t.connection_mut(&connection)).map(|c| {
                    c.status = status;
                    c.description = description;
                    c.provisioning_state = ProvisioningState::Succeeded;
                    c.splr.clone()
                });
                if let Some(splr) = splr {
                    self.schedule_propagation(&splr, &connection);
                }
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

    /// What only the managed private endpoint's creation can find out.
    fn provisioning_error(&self, s: &Splr) -> Option<ArmError> {
        let Some(target) = self.world.target(&s.private_link_resource_id) else {
            return Some(ArmError::new(
                Code::PrivateLinkResourceNotFound,
                format!(
                    "The private link resource '{}' was not found. Check the resource ID and that the resource exists.",
                    s.private_link_resource_id
                ),
            ));
        };
        if target.kind != TargetKind::PrivateLinkService {
            let allowed = target.group_ids();
            let g = s.group_id.clone().unwrap_or_default();
            if !allowed.contains(&g) {
                let list = allowed.iter().map(|a| format!("'{a}'")).collect::<Vec<_>>().join(", ");
                let case = if allowed.iter().any(|a| a.eq_ignore_ascii_case(&g)) {
                    " groupIds are case-sensitive."
                } else {
                    ""
                };
                return Some(ArmError::new(
                    Code::InvalidGroupId,
                    format!("Invalid groupId '{g}' for '{}'. Expected one of: {list}.{case}", target.id),
                ));
            }
        }
        if target.kind == TargetKind::PrivateLinkService && target.visibility == PlsVisibility::Restricted {
            return Some(ArmError::new(
                Code::PrivateLinkServiceNotVisible,
                format!(
                    "The private link service '{}' is not visible to the subscription of the service's managed \
                     private endpoint. Set its visibility to anyone ('*').",
                    target.id
                ),
            ));
        }
        if target.kind == TargetKind::Site && !target.supports_private_endpoints {
            return Some(
                super::faults::ProvisioningFailure::PlanWithoutPrivateEndpoints
                    .error(&target.id, &self.world.service.name),
            );
        }
        self.faults.provisioning_failure.map(|f| f.error(&target.id, &self.world.service.name))
    }

    fn finish_provisioning(&mut self, name: &str) -> Result<(), ArmError> {
        let Some(s) = self.world.splr(name).cloned() else {
            return Err(ArmError::new(Code::ResourceNotFound, format!("'{name}' no longer exists.")));
        };
        if let Some(e) = self.provisioning_error(&s) {
            self.world.splr_mut(name).expect("present").provisioning_state = ProvisioningState::Failed;
            return Err(e);
        }
        let group_ids: Vec<String> = s.group_id.iter().filter(|g| !g.is_empty()).cloned().collect();
        let keep = s.connection.as_ref().is_some_and(|(t, c)| {
            t.eq_ignore_ascii_case(&s.private_link_resource_id)
                && self.world.target(t).and_then(|t| t.connection(c)).is_some_and(|c| c.group_ids == group_ids)
        });
        if !keep {
            if let Some((t, c)) = &s.connection {
                if let Some(t) = self.world.target_mut(t) {
                    t.connections.retain(|x| !x.name.eq_ignore_ascii_case(c));
                }
            }
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
            let splr = self.world.splr_mut(name).expect("present");
            splr.connection = Some((target_id, conn_name));
            splr.status = Some(ConnectionStatus::Pending);
        }
        self.world.splr_mut(name).expect("present").provisioning_state = ProvisioningState::Succeeded;
        self.apply_standing_faults();
        Ok(())
    }

    /// An operation URL: found by id under its scope (which holds the subscription), then its signature.
    fn on_operation(&mut self, req: &Request, url: &Url, ns: &str, scope: &str, id: &str, result: bool) -> Response {
        if let Err(e) = check_version(url.query("api-version"), &[url.query("api-version").unwrap_or("x")], ns, "") {
            return e.response();
        }
        let Some(i) = self.ops.iter().position(|o| {
            o.id.eq_ignore_ascii_case(id) && o.namespace.eq_ignore_ascii_case(ns) && o.scope.eq_ignore_ascii_case(scope)
        }) else {
            return err(Code::ResourceNotFound, format!("The operation '{id}' was not found."));
        };
        let op = &self.ops[i];
        let sig = if result { &op.result_sig } else { &op.status_sig };
        let signed = form_urlencoded::parse(sig.as_bytes()).all(|(k, v)| url.query(&k) == Some(v.as_ref()));
        if !signed {
            let kind = if result { "operationResults" } else { "operationStatuses" };
            let segs: Vec<&str> = scope.split('/').collect();
            let ty = segs.get(7).copied().unwrap_or_default();
            return err(
                Code::AuthorizationFailed,
                format!(
                    "The client does not have authorization to perform action '{ns}/{ty}/{kind}/read' over scope \
                     '{scope}/{kind}/{id}' or the scope is invalid. (The signed parameters t, c, s and h of the URL \
                     are missing or altered: use the URL exactly as returned.)"
                ),
            );
        }
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let op = op.clone();
        if result {
            return self.operation_result(i, &op);
        }
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

    // ---- the target's side ---------------------------------------------------------------------

    /// api-version, resource group, the target and (for a slot path) the slot; the target's ID.
    fn check_target(&self, t: &TargetPath, api: Option<&str>) -> Result<String, ArmError> {
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
                return Err(ArmError::new(
                    Code::ResourceNotFound,
                    format!(
                        "The Resource 'Microsoft.Web/sites/{}/slots/{slot}' under resource group '{}' was not found. \
                         For more details please go to https://aka.ms/ARMResourceNotFoundFix",
                        t.name, t.resource_group
                    ),
                ));
            }
        }
        Ok(id)
    }

    fn check_target_resource(&self, t: &TargetPath) -> Result<String, ArmError> {
        self.world.target(&t.id()).map(|x| x.id.clone()).ok_or_else(|| {
            ArmError::new(
                Code::ResourceNotFound,
                format!(
                    "The Resource '{}/{}' under resource group '{}' was not found. For more details please go to \
                     https://aka.ms/ARMResourceNotFoundFix",
                    t.kind.resource_type(),
                    t.name,
                    t.resource_group
                ),
            )
        })
    }

    fn on_target(&mut self, req: &Request, t: &TargetPath, api: Option<&str>) -> Response {
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

    fn on_connections(&mut self, req: &Request, t: &TargetPath, api: Option<&str>) -> Response {
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

    fn on_connection(&mut self, req: &Request, t: &TargetPath, name: &str, api: Option<&str>) -> Response {
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
            Method::Delete => {
                let (kind, location) = (target.kind, target.location.clone());
                self.world.target_mut(&id).expect("checked").connections.retain(|c| c.name != conn.name);
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
            Method::Put => self.put_connection(req, &id, conn),
            _ => Self::method_not_allowed(req),
        }
    }

    fn put_connection(&mut self, req: &Request, target_id: &str, conn: Connection) -> Response {
        let kind = self.world.target(target_id).expect("checked").kind;
        if !self.world.rights_on_target {
            return err(
                Code::AuthorizationFailed,
                format!(
                    "The client does not have authorization to perform action '{}/privateEndpointConnectionsApproval/action' \
                     over scope '{target_id}' or the scope is invalid.",
                    kind.resource_type()
                ),
            );
        }
        let bad = |m: &str| {
            err(
                Code::InvalidRequestContent,
                format!("The request content was invalid and could not be deserialized: '{m}'"),
            )
        };
        let Some(v) = req.body.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok()) else {
            return bad("The request body is not valid JSON.");
        };
        let state = &v["properties"]["privateLinkServiceConnectionState"];
        let Some(status) = state["status"].as_str().and_then(ConnectionStatus::parse) else {
            return bad(
                "properties.privateLinkServiceConnectionState.status must be Approved, Rejected or Disconnected.",
            );
        };
        if matches!(status, ConnectionStatus::Pending | ConnectionStatus::Timeout) {
            return bad(
                "properties.privateLinkServiceConnectionState.status must be Approved, Rejected or Disconnected.",
            );
        }
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
            return err(Code::CannotApproveRejectedConnection, msg);
        }
        // Storage's PUT is not idempotent: approving an Approved connection again is a 400
        // (https://github.com/Azure/azure-rest-api-specs/issues/30308, api-version 2023-05-01). The other
        // providers accept it in the model (unverified).
        if kind == TargetKind::StorageAccount
            && status == ConnectionStatus::Approved
            && conn.status == ConnectionStatus::Approved
        {
            return err(
                Code::InvalidValuesForRequestParameters,
                "Values for request parameters are invalid: privateLinkServiceConnectionState.status.",
            );
        }
        let description = state["description"].as_str().unwrap_or_default().to_string();
        if kind == TargetKind::Site {
            let c = self.world.target_mut(target_id).and_then(|t| t.connection_mut(&conn.name)).expect("checked");
            c.provisioning_state = ProvisioningState::Updating;
            let op_kind = OpKind::SetConnection {
                target: target_id.to_string(),
                connection: conn.name.clone(),
                status,
                description,
            };
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
            return Response::json(202, &body)
                .with_header("Azure-AsyncOperation", url.clone())
                .with_header("Location", url);
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
}

/// A JSON value as ARM quotes it in a message (one line).
fn compact(value: &Value) -> String {
    json_text::write(value, JsonStyle::Compact)
}

