//! A local ARM emulator: the simulator's behaviour model ([`Simulator`]) served over real HTTP on
//! 127.0.0.1, so live mode (and its browser tests) can run without Azure.
//!
//! - Every request outside `/_emulator/` becomes a [`splr_core::arm::http::Request`] with an absolute URL
//!   on the emulator's own base URL, goes to [`Simulator::handle`] — which checks what ARM checks on the
//!   way in (bearer token, throttling, api-version, resource group and service, the body against the
//!   api-version's schema) — and its answer goes back over the wire. The simulator's `endpoint` is the
//!   emulator's base URL, so `Azure-AsyncOperation`, `Location` and `nextLink` point back here.
//! - Virtual time follows real time: before each request the simulator advances by the real time elapsed
//!   times `speed` (default 60: a 30 s create takes half a second, a 2 min propagation two seconds).
//!   `Retry-After` is virtual seconds in the model; on the wire it is turned into real seconds (divided by
//!   the speed, rounded up, at least 1) so a client that obeys it waits as long as the model means.
//!   Speed 0 freezes the clock: it then moves only through `POST /_emulator/advance` (deterministic tests).
//! - CORS like a browser needs it: preflights answered, the origin echoed, and `Azure-AsyncOperation`,
//!   `Location`, `Retry-After`, `x-ms-request-id` exposed — unless the `hide_headers` switch is on: then
//!   they are still sent but not exposed, so a real browser cannot read them (the model's fallback).
//! - A control API under `/_emulator/` (a prefix ARM never uses) resets the world, sets faults, moves
//!   time and returns every request received, with the bearer token redacted.
//!
//! Where each part lives: `config` (what it starts with), `state` (the world behind the server),
//! `gateway` (ARM's token and media-type checks), `az` (the routes the real Azure CLI needs that the
//! model does not serve), `control` (the control API, each route beside its bodies), `request_log` (the
//! typed log entry), `wire` (hyper ↔ core, CORS, `Retry-After`), `exchange` (one request's way through)
//! and `server` (bind, accept, stop).

mod az;
mod header_case;
mod config;
mod control;
mod exchange;
mod gateway;
mod request_log;
mod server;
mod state;
mod wire;

pub use az::{primary_connection_string_of, BUILT_IN_ROLES, EMULATOR_TENANT, SERVICE_PRIMARY_KEY, SITE_PRINCIPAL_ID};
pub use config::{form_field, parse_mode, parse_tier, parse_world, Config, DEFAULT_SPEED};
pub use control::CONTROL_PREFIX;
pub use request_log::redact;
pub use server::{start, start_advertising, Server, StopHandle};
pub use wire::{real_retry_after, EXPOSED_HEADERS};
