//! Live mode: what the app needs to call real Azure Resource Manager with a token the user pastes.
//! The requests themselves come from the shared client (`crate::arm::client`); this module holds
//! what is specific to talking to the real thing: the token, the cloud, and the pre-flight read of
//! the service.

pub mod cloud;
pub mod preflight;
pub mod token;
pub mod run;
