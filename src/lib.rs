//! The browser shell of the playground: Leptos components wired to `splr_core`.
pub mod app;
