//! The browser shell of the playground: Leptos components that wire signals to `splr_core`.
//! No Azure logic lives here; see the `core` crate.

pub mod app;
pub mod browser;
pub mod components;
pub mod live_transport;
pub mod reads;
pub mod url_state;
