//! UI components. Each one only wires signals to `splr_core`.
//!
//! Three kinds, one folder each: `pages` (what the query string chooses), `panels` (the simulator
//! and live mode beside a page's steps, and the environment presets), `widgets` (a field, an
//! artifact block, a checklist: used by several pages). The old flat paths stay re-exported.
//!
//! Wasm size shapes three habits here, stated once: every `Memo<T>` and every `<Show>`/`<For>`
//! instantiates its own generic code in the binary, so a value that is cheap to recompute is a
//! plain closure read where it is used (not a Memo); a part shown on a condition is
//! `move || cond.get().then(|| view! { … })` (rebuilt only when the condition flips, like `<Show>`);
//! and a list is a plain re-rendered list rather than a keyed `<For>`. A Memo stays where it guards
//! an expensive re-render (the request log, the outcome list).
pub mod pages;
pub mod panels;
pub mod widgets;

pub use pages::{bindings, landing, walkthrough};
pub use panels::{live_actions, live_connection, live_panel, outcomes, presets, request_log, simulator};
pub use widgets::{artifact_block, checklist, field, verify};
