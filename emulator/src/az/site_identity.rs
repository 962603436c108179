//! `az functionapp identity assign` (azure-cli 2.91.0, appservice `custom.py` `assign_identity`): GET the
//! site, then PUT it back with `identity.type` `SystemAssigned` (`begin_create_or_update`). The emulator
//! answers that PUT with the site and a system-assigned identity ([`SITE_PRINCIPAL_ID`]); any other PUT of
//! a site stays the model's (405).

use super::accounts::EMULATOR_TENANT;
use serde_json::{json, Value};
use splr_core::arm::http::{Method, Request, Response};
use splr_core::arm::world::World;

/// The principal ID of a site's system-assigned identity once `az functionapp identity assign` turned it on.
pub const SITE_PRINCIPAL_ID: &str = "00000000-0000-0000-0000-0000000051fe";

pub fn answer(world: &World, req: &Request) -> Option<Response> {
    if req.method != Method::Put {
        return None;
    }
    let (_, segs) = super::segments(req)?;
    let is = |i: usize, kw: &str| segs.get(i).is_some_and(|x| x.eq_ignore_ascii_case(kw));
    if segs.len() != 8 || !(is(0, "subscriptions") && is(2, "resourceGroups") && is(5, "Microsoft.Web") && is(6, "sites")) {
        return None;
    }
    let path = format!("/{}", segs.join("/"));
    let site = world.targets.iter().find(|t| t.id.eq_ignore_ascii_case(&path))?;
    let body: Value = req.body.as_deref().and_then(|b| serde_json::from_str(b).ok())?;
    let kind = body["identity"]["type"].as_str()?;
    if !kind.to_ascii_lowercase().contains("systemassigned") {
        return None;
    }
    let mut v = site.to_json();
    v["kind"] = json!("functionapp");
    v["identity"] = json!({"type": kind, "principalId": SITE_PRINCIPAL_ID, "tenantId": EMULATOR_TENANT});
    Some(Response::json(200, &v))
}
