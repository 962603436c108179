//! The Azure domain of the Shared Private Endpoints Playground: plain Rust, no UI.
//!
//! - [`resource_id`], [`names`]: what Azure accepts, with errors that say what and where;
//! - [`scenario`], [`target`], [`api_version`], [`service`]: the facts of each workflow;
//! - [`form`]: the form as typed, validated into a [`form::Plan`];
//! - [`artifacts`]: every copy-ready file and command, per shell ([`shell`] has the quoting rules);
//! - [`deep_link`]: the form in a URL ([`query`] reads it); [`forwarded_for`]: the verify step's address check.
//! - [`iac`]: the SPLR as Bicep, ARM template and Terraform; [`markdown`]: the walkthrough as a document;
//!   [`bindings`]: Azure Functions Web PubSub bindings configuration; [`presets`]: team presets.

pub mod api_version;
pub mod arm;
pub mod artifacts;
pub mod bindings;
pub mod deep_link;
pub mod form;
pub mod forwarded_for;
pub mod iac;
pub mod json_text;
pub mod live;
pub mod markdown;
pub mod names;
pub mod presets;
pub mod query;
pub mod resource_id;
pub mod scenario;
pub mod service;
pub mod shell;
pub mod splr;
pub mod target;
