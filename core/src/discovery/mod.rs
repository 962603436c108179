//! Discovery: list what the user can pick (subscriptions, the scenario's services and targets) and fill
//! the walkthrough form from a choice exactly as typing would. Sans-IO like [`crate::arm::reads`]: the
//! same conversation runs over the in-browser simulator, the emulator or ARM with a token.
//!
//! - [`requests`]: which list to ask for, per kind, with the api-versions of the public specs;
//! - [`paging`]: the list conversation (follows `nextLink`, guarded), ending in items or an error;
//! - [`errors`]: a failed or empty list in plain words (which role is missing, which token is wrong);
//! - [`picks`]: list items parsed into picks with the detail that matters and warnings;
//! - [`search`]: search-as-you-type over the picks; [`choose`]: a pick → the form fields to set.

pub mod choose;
pub mod errors;
pub mod paging;
pub mod picks;
pub mod requests;
pub mod search;

pub use choose::choose;
pub use errors::ListError;
pub use paging::{ListConversation, Listed};
pub use picks::{parse, Pick, SiteKind};
pub use requests::{first_url, ListKind};
pub use search::filter;
