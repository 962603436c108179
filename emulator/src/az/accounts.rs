//! What a real `az login` asks ARM before anything else: the subscriptions (and tenants) the signed-in
//! identity can see. azure-cli 2.91.0 lists them with `GET /subscriptions` (azure-mgmt-resource's
//! SubscriptionClient, `azure/cli/core/_profile.py` `SubscriptionFinder`) and refuses a `--subscription`
//! that is not in the list, so every subscription of the world (the service's, each target's, and the
//! pickers' catalogue home and sandbox: `splr_core::arm::catalogue::subscriptions`, the same list the
//! model pages for the browser) is listed, in the tenant [`EMULATOR_TENANT`]. Only GETs; everything else
//! under `/subscriptions/{id}/…` is the model's.

use serde_json::{json, Value};
use splr_core::arm::catalogue;
use splr_core::arm::error::{ArmError, Code};
use splr_core::arm::http::{Method, Request, Response, Url};
use splr_core::arm::world::World;

/// The tenant of every subscription the emulator lists (`GET /subscriptions`); a token issued for the
/// emulator (tests/real_az.rs) carries it as `tid`.
pub const EMULATOR_TENANT: &str = splr_core::arm::catalogue::TENANT;

enum AccountRoute {
    Subscriptions,
    Subscription(String),
    Tenants,
}

impl AccountRoute {
    fn of(segs: &[String]) -> Option<AccountRoute> {
        Some(match segs.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            [s] if s.eq_ignore_ascii_case("subscriptions") => AccountRoute::Subscriptions,
            [s, id] if s.eq_ignore_ascii_case("subscriptions") => AccountRoute::Subscription(id.to_string()),
            [t] if t.eq_ignore_ascii_case("tenants") => AccountRoute::Tenants,
            _ => return None,
        })
    }
}

pub fn answer(world: &World, req: &Request) -> Option<Response> {
    let (url, segs) = super::segments(req)?;
    let route = AccountRoute::of(&segs)?;
    if let Some(r) = refusal(req, &url) {
        return Some(r);
    }
    let subscriptions = splr_core::arm::catalogue::subscriptions(world);
    Some(match route {
        AccountRoute::Subscriptions => {
            let value: Vec<Value> = subscriptions.iter().map(|s| catalogue::subscription_json(s)).collect();
            Response::json(200, &json!({"count": {"type": "Total", "value": value.len()}, "value": value}))
        }
        AccountRoute::Subscription(id) => match subscriptions.iter().find(|s| s.eq_ignore_ascii_case(&id)) {
            Some(s) => Response::json(200, &catalogue::subscription_json(s)),
            None => Response::json(
                404,
                &json!({"error": {"code": "SubscriptionNotFound", "message": format!("The subscription '{id}' could not be found.")}}),
            ),
        },
        AccountRoute::Tenants => Response::json(200, &tenants_json()),
    })
}

/// What ARM checks first: a bearer token, the method (these lists are read-only), an api-version.
fn refusal(req: &Request, url: &Url) -> Option<Response> {
    let bearer = req.header("Authorization").and_then(crate::gateway::bearer_credential).is_some_and(|t| !t.is_empty());
    if !bearer {
        return Some(
            ArmError::new(Code::AuthenticationFailed, "Authentication failed. The 'Authorization' header is missing.")
                .response(),
        );
    }
    if req.method != Method::Get {
        return Some(
            ArmError::new(
                Code::UnsupportedHttpMethod,
                format!("The requested resource does not support http method '{}'.", req.method),
            )
            .response(),
        );
    }
    if url.query("api-version").is_none_or(str::is_empty) {
        return Some(
            ArmError::new(
                Code::MissingApiVersionParameter,
                "The api-version query parameter (?api-version=) is required for all requests.",
            )
            .response(),
        );
    }
    None
}

fn tenants_json() -> Value {
    json!({"value": [{
        "id": format!("/tenants/{EMULATOR_TENANT}"),
        "tenantId": EMULATOR_TENANT,
        "tenantCategory": "Home",
        "displayName": "SPLR emulator",
        "defaultDomain": "splr-emulator.example",
    }]})
}
