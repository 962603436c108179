//! UI components. Each one only wires signals to `splr_core`.
pub mod artifact_block;
pub mod bindings;
pub mod checklist;
pub mod field;
pub mod landing;
pub mod live_panel;
pub mod presets;
pub mod simulator;
pub mod verify;
pub mod walkthrough;
