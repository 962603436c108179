//! ARM's answers at the current virtual time: the REST contract of the SPLR operations, their async
//! operation URLs, the approval on the target and the delays in between.
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
//!
//! One file per side of the exchange, each adding to `impl Simulator`: [`front_door`] (auth, throttling,
//! injected server errors, api-version, resource group and service), [`service`] (the service, its lists,
//! the SPLR's GET/PUT/DELETE), [`operations`] (async operation records, their URLs and results),
//! [`target`] (connections, approval, propagation), [`lists`] (the pickers' lists) and [`time`] (the
//! scheduled events).

use super::clock::{Millis, Rng};
use super::faults::{Faults, CORS_SAFELISTED};
use super::http::{Request, Response};
use super::status::OpStatus;
use super::world::{World, WorldOptions};
use crate::form::{Plan, ARM_ENDPOINT};
use litemap::LiteMap;

mod front_door;
mod lists;
mod operations;
mod service;
mod target;
mod time;

/// Where the log entry lived first; its home is [`crate::arm::exchange`].
pub use super::exchange::Exchange;
pub use front_door::target_api_versions;
use front_door::{check_version, err};
pub use operations::{OpKind, Operation};

/// How long things take, before jitter. Defaults follow what users report: SPLR creation takes tens of
/// seconds, approval takes minutes to reach the SPLR ("a few minutes" in the docs).
#[derive(Clone, Debug, PartialEq)]
pub struct Timings {
    pub create: Millis,
    pub update: Millis,
    pub delete: Millis,
    /// The service stays "Updating" this long after an SPLR delete finished (the service reads Succeeded meanwhile: azure-rest-api-specs#23068).
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
        }) || self.world.service.busy_until.is_some_and(|t| t > self.now)
    }

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
}
