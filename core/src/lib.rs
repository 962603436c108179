//! The Azure domain of the Shared Private Endpoints Playground: plain Rust, no UI.
//!
//! - [`resource_id`], [`names`]: what Azure accepts, with errors that say what and where;
//! - [`target`], [`api_version`], [`service`]: the facts of each workflow;
//! - [`walkthrough`]: the walkthrough feature (scenario, form, deep link, presets, Markdown);
//! - [`bindings`]: the Azure Functions Web PubSub bindings feature (its own form and link);
//!   [`form_kit`]: what both forms share (fields, check result, link errors);
//! - [`artifacts`]: every copy-ready file and command, per shell ([`shell`] has the quoting rules);
//!   [`iac`]: the SPLR as Bicep, ARM template and Terraform;
//! - [`query`] reads a link's query; [`forwarded_for`]: the verify step's address check.

pub mod api_version;
pub mod arm;
pub mod artifacts;
pub mod bindings;
pub mod discovery;
pub mod doctor;
pub mod form_kit;
pub mod forwarded_for;
pub mod iac;
pub mod json_text;
pub mod live;
pub mod names;
pub mod query;
pub mod resource_id;
pub mod service;
pub mod shell;
pub mod splr;
pub mod target;
pub mod walkthrough;

/// The walkthrough's modules by their old crate-root paths (`crate::form::Plan`, `splr_core::scenario::…`),
/// which the rest of the crate and the other crates name.
pub use walkthrough::{deep_link, form, markdown, presets, scenario};
