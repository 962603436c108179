//! ARM calls the real Azure CLI (azure-cli 2.91.0) makes around the walkthrough that the core's model
//! does not serve: the subscriptions `az login` lists, a site's app settings, a site's system-assigned
//! identity, role assignments and the service's keys (`listKeys`). Each route answers only what is inside the emulator's world and
//! returns `None` for anything else, which then goes to the model.

mod accounts;
mod app_settings;
mod role_assignments;
mod service_keys;
mod site_identity;

pub use accounts::EMULATOR_TENANT;
pub use role_assignments::BUILT_IN_ROLES;
pub use service_keys::{primary_connection_string_of, SERVICE_PRIMARY_KEY};
pub use site_identity::SITE_PRINCIPAL_ID;

use serde_json::{json, Map, Value};
use splr_core::arm::http::{Request, Response};
use splr_core::arm::world::World;
use std::collections::BTreeMap;

/// What these routes wrote; empty after a reset.
#[derive(Debug, Default)]
pub struct AzRecords {
    /// A Function app's / Web App's app settings by lower-case site ID (what `az functionapp config
    /// appsettings set` writes).
    pub app_settings: BTreeMap<String, Map<String, Value>>,
    /// Role assignments made (`az role assignment create`), as ARM answered them.
    pub role_assignments: Vec<Value>,
}

/// The answer of the first route that takes the request, in this order.
pub fn answer(records: &mut AzRecords, world: &World, req: &Request) -> Option<Response> {
    accounts::answer(world, req)
        .or_else(|| app_settings::answer(&mut records.app_settings, world, req))
        .or_else(|| site_identity::answer(world, req))
        .or_else(|| role_assignments::answer(&mut records.role_assignments, world, req))
        .or_else(|| service_keys::answer(world, req))
}

/// ARM's error body, `{"error": {"code", "message"}}`.
fn error(status: u16, code: &str, message: String) -> Response {
    Response::json(status, &json!({"error": {"code": code, "message": message}}))
}

/// The path's segments (`subscriptions`, `{id}`, …) and the parsed URL.
fn segments(req: &Request) -> Option<(splr_core::arm::http::Url, Vec<String>)> {
    let url = splr_core::arm::http::Url::parse(&req.url).ok()?;
    let segs = url.segments();
    Some((url, segs))
}
