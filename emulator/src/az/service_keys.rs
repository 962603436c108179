//! The service's access keys, which the bindings page's connection-string mode reads with
//! `az rest --method post --url /subscriptions/{subscriptionId}/…/webPubSub/{name}/listKeys?api-version=…`
//! (core/src/bindings/settings.rs `key_show`). The answer has the shape of Web PubSub "List Keys"
//! (`WebPubSubKeys`: `primaryKey`, `secondaryKey`, `primaryConnectionString`, `secondaryConnectionString`;
//! Azure/azure-rest-api-specs `specification/webpubsub/resource-manager/Microsoft.SignalRService/stable/2024-03-01/examples/WebPubSub_ListKeys.json`
//! @ca2664ee54801ab9114819b4157b32b59740fad6),
//! with fixed, fake keys ([`SERVICE_PRIMARY_KEY`]). Only the world's own service; anything else is the model's.

use splr_core::arm::http::{Method, Request, Response};
use splr_core::arm::world::World;
use serde_json::json;

/// The (fake) primary access key of the emulator's service.
pub const SERVICE_PRIMARY_KEY: &str = "ZW11bGF0b3ItcHJpbWFyeS1rZXk=";
const SECONDARY_KEY: &str = "ZW11bGF0b3Itc2Vjb25kYXJ5LWtleQ==";

/// The connection string of the primary key of the service named `service`, as the RP writes it.
pub fn primary_connection_string_of(service: &str) -> String {
    connection_string(service, SERVICE_PRIMARY_KEY)
}

fn connection_string(service: &str, key: &str) -> String {
    format!("Endpoint=https://{}.webpubsub.azure.com;AccessKey={key};Version=1.0;", service.to_ascii_lowercase())
}

pub fn answer(world: &World, req: &Request) -> Option<Response> {
    if req.method != Method::Post {
        return None;
    }
    let (_, segs) = super::segments(req)?;
    let last = segs.last()?;
    if !last.eq_ignore_ascii_case("listKeys") {
        return None;
    }
    let path = format!("/{}", segs[..segs.len() - 1].join("/"));
    if !path.eq_ignore_ascii_case(&world.service.id()) {
        return None;
    }
    Some(Response::json(
        200,
        &json!({
            "primaryKey": SERVICE_PRIMARY_KEY,
            "secondaryKey": SECONDARY_KEY,
            "primaryConnectionString": primary_connection_string_of(&world.service.name),
            "secondaryConnectionString": connection_string(&world.service.name, SECONDARY_KEY),
        }),
    ))
}
