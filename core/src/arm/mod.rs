//! The ARM behaviour model behind the simulator (issue 3) and the one client the walkthrough uses.
//!
//! Everything here is plain, deterministic Rust that speaks HTTP-shaped values, so the same model can
//! run in the browser (driven by timers), in native tests (driven by virtual time) and, later, behind
//! an HTTP emulator:
//!
//! - [`http`]: requests and responses as ARM sees them (method, absolute URL, headers, JSON text);
//! - [`clock`]: virtual time, timestamps and a seeded RNG (same seed + same inputs ⇒ same run);
//! - [`error`], [`status`]: ARM's error codes and the states a resource, a connection and an
//!   operation go through;
//! - [`policy`]: writes denied by Azure Policy (`RequestDisallowedByPolicy`) and their details;
//! - [`world`]: the simulated Azure (service, targets, SPLRs, connections); [`faults`]: what can go wrong;
//! - [`route`]: which resource a URL addresses; [`simulator`]: ARM's answers at the current virtual time;
//! - [`retry`], [`client`]: the sans-IO client (create-and-wait, approve, delete, get) and its polling
//!   policy; [`drive`]: runs a client operation against the simulator;
//! - [`exchange`]: one request-log entry and how it is shown (transcript, summary, redaction);
//!   [`retry_note`]: the log's notes on answers the client retried or gave up on;
//! - [`explain`]: every state and error in plain words, with what to do next;
//! - [`reads`]: read-only conversations (pickers, inventory) any transport can answer; [`catalogue`]: the
//!   simulated neighbours the pickers list;
//! - [`session`]: a simulated walkthrough the UI advances at any speed (time controls).

pub mod catalogue;
pub mod client;
pub mod clock;
pub mod drive;
pub mod error;
pub mod exchange;
pub mod explain;
pub mod faults;
pub mod http;
pub mod policy;
pub mod reads;
pub mod retry;
pub mod retry_note;
pub mod route;
pub mod seed;
pub mod session;
pub mod simulator;
pub mod status;
pub mod world;
