//! The walkthrough feature: the scenario picked, the form as typed and validated into a [`form::Plan`],
//! the form in a link, team presets, and the whole walkthrough as one Markdown document.
//!
//! The copy-ready artifacts themselves live in [`crate::artifacts`] and [`crate::iac`]: the bindings page
//! builds on the same [`form::Plan`].

pub mod deep_link;
pub mod form;
pub mod markdown;
pub mod presets;
pub mod scenario;
