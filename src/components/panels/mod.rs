//! Panels beside a page's steps: the simulator and live mode (each with its outcome list and
//! request log), the environment presets, and the resource pickers (discovery).
pub mod discovery;
pub mod live_actions;
pub mod live_connection;
pub mod live_panel;
pub mod outcomes;
pub mod presets;
pub mod request_log;
pub mod simulator;
