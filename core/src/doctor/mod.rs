//! The inventory and doctor for a service (issue 16, part 3): read every shared private endpoint of a
//! service and, for each, the connection on its target; match the two sides; say in plain words what is
//! wrong and what to do next. Plain Rust over the sans-IO [`Reads`](crate::arm::reads::Reads), so the
//! simulator, the emulator and ARM answer the same conversation.
//!
//! - [`inventory`]: the read conversation (service, paged SPLR list, replicas' copies, targets' connections);
//! - [`matching`]: which connection on the target is an SPLR's, and how sure that is;
//! - [`diagnosis`]: each case in plain words with its next action;
//! - [`rows`]: one row per SPLR and replica copy, both sides, and its actions as the client's jobs over a plan.

pub mod diagnosis;
pub mod inventory;
pub mod matching;
pub mod rows;
