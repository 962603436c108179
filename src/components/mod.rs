//! UI components. Each one only wires signals to `splr_core`.
//!
//! Wasm size shapes three habits here, stated once: every `Memo<T>` and every `<Show>`/`<For>`
//! instantiates its own generic code in the binary, so a value that is cheap to recompute is a
//! plain closure read where it is used (not a Memo); a part shown on a condition is
//! `move || cond.get().then(|| view! { … })` (rebuilt only when the condition flips, like `<Show>`);
//! and a list is a plain re-rendered list rather than a keyed `<For>`. A Memo stays where it guards
//! an expensive re-render (the request log, the outcome list).
pub mod artifact_block;
pub mod bindings;
pub mod checklist;
pub mod field;
pub mod landing;
pub mod live_actions;
pub mod live_connection;
pub mod live_panel;
pub mod outcomes;
pub mod presets;
pub mod request_log;
pub mod simulator;
pub mod verify;
pub mod walkthrough;
