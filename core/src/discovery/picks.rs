//! A list item as a pick: what a person chooses by (name, resource group, location), its ID, the detail
//! that matters for a shared private endpoint (tier, SignalR's service mode, a site's kind and slots, a
//! Private Link Service's visibility) and a warning when the item cannot work.

use super::requests::ListKind;
use crate::resource_id;
use crate::service::Service;
use crate::target::TargetKind;
use crate::walkthrough::scenario::Scenario;
use serde_json::Value;

/// A site's `kind`: `functionapp` (with `,linux` etc.) or `app` (WebApps_List returns both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteKind {
    FunctionApp,
    WebApp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pick {
    pub kind: ListKind,
    /// The resource ID (for a subscription: its GUID; for a slot: `…/sites/{app}/slots/{slot}`).
    pub id: String,
    pub name: String,
    pub subscription: String,
    pub resource_group: String,
    pub location: String,
    /// Short facts in plain words ("Standard (Standard_S1)", "Serverless mode", "Function app").
    pub detail: Vec<String>,
    /// Why this item will not work for the scenario (shown next to it; it can still be chosen).
    pub warnings: Vec<String>,
    pub site_kind: Option<SiteKind>,
}

fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(*k))?.as_str()
}

/// SignalR's `properties.features[flag=ServiceMode].value` (`Default` when absent, as the RP documents).
pub fn service_mode(item: &Value) -> String {
    item.pointer("/properties/features")
        .and_then(Value::as_array)
        .and_then(|fs| fs.iter().find(|f| f.get("flag").and_then(Value::as_str).is_some_and(|x| x.eq_ignore_ascii_case("ServiceMode"))))
        .and_then(|f| f.get("value").and_then(Value::as_str))
        .unwrap_or("Default")
        .to_string()
}

/// One item of a `kind` list as a pick, for `scenario`; `None` for an item without an ID or name.
pub fn parse(kind: ListKind, item: &Value, scenario: Scenario) -> Option<Pick> {
    if kind == ListKind::Subscriptions {
        let id = s(item, &["subscriptionId"])?.to_string();
        let name = s(item, &["displayName"]).unwrap_or(&id).to_string();
        let mut detail = vec![id.clone()];
        let mut warnings = Vec::new();
        match s(item, &["state"]) {
            Some(st) if !st.eq_ignore_ascii_case("Enabled") => {
                warnings.push(format!("This subscription is {st}: nothing can be created in it."))
            }
            _ => {}
        }
        if let Some(t) = s(item, &["tenantId"]) {
            detail.push(format!("tenant {t}"));
        }
        return Some(Pick { kind, id, name, subscription: String::new(), resource_group: String::new(), location: String::new(), detail, warnings, site_kind: None });
    }
    let id = s(item, &["id"])?.to_string();
    let parsed = resource_id::parse(&id).ok().map(|p| p.id);
    let segs: Vec<&str> = id.trim_matches('/').split('/').collect();
    let seg_after = |kw: &str| segs.iter().position(|x| x.eq_ignore_ascii_case(kw)).and_then(|i| segs.get(i + 1)).map(|x| x.to_string());
    let name = match kind {
        // A slot's `name` is `app/slot`: the slot is the ID's last segment.
        ListKind::Slots => segs.last()?.to_string(),
        _ => s(item, &["name"]).map(str::to_string).or_else(|| parsed.as_ref().map(|p| p.name().to_string()))?,
    };
    let mut p = Pick {
        kind,
        id: id.clone(),
        name,
        subscription: seg_after("subscriptions").unwrap_or_default(),
        resource_group: seg_after("resourceGroups").unwrap_or_default(),
        location: s(item, &["location"]).unwrap_or_default().to_string(),
        detail: Vec::new(),
        warnings: Vec::new(),
        site_kind: None,
    };
    match kind {
        ListKind::Services(service) => {
            let tier = s(item, &["sku", "tier"]).unwrap_or("unknown tier");
            let sku = s(item, &["sku", "name"]).unwrap_or_default();
            p.detail.push(if sku.is_empty() { tier.to_string() } else { format!("{tier} ({sku})") });
            if tier.eq_ignore_ascii_case("Free") || sku.to_ascii_lowercase().starts_with("free") {
                p.warnings.push("Free tier: shared private endpoints need Standard or Premium; creating one fails.".into());
            }
            if service == Service::SignalR {
                let mode = service_mode(item);
                p.detail.push(format!("{mode} mode"));
                if scenario.target_kind() == TargetKind::Site && !mode.eq_ignore_ascii_case("Serverless") {
                    p.warnings.push(format!(
                        "{mode} mode: upstream calls to a Function need Serverless mode. The endpoint can be created, \
                         but SignalR sends nothing through it until the mode is Serverless."
                    ));
                }
            }
        }
        ListKind::Targets(TargetKind::Site) | ListKind::Slots => {
            let k = s(item, &["kind"]).unwrap_or_default().to_ascii_lowercase();
            let sk = if k.contains("functionapp") { SiteKind::FunctionApp } else { SiteKind::WebApp };
            p.site_kind = Some(sk);
            p.detail.push(match sk { SiteKind::FunctionApp => "Function app", SiteKind::WebApp => "Web App" }.into());
            if let Some(st) = s(item, &["properties", "state"]).filter(|st| !st.eq_ignore_ascii_case("Running")) {
                p.detail.push(st.to_string());
            }
            if kind == ListKind::Slots {
                p.detail.push(format!("slot of {}", seg_after("sites").unwrap_or_default()));
            }
        }
        ListKind::Targets(TargetKind::PrivateLinkService) => {
            let vis: Vec<&str> = item
                .pointer("/properties/visibility/subscriptions")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let auto = item.pointer("/properties/autoApproval/subscriptions").and_then(Value::as_array).map_or(0, Vec::len);
            if vis.contains(&"*") {
                p.detail.push("visible to everyone (*)".into());
            } else {
                p.detail.push(format!("visible to {} subscription(s)", vis.len()));
                p.warnings.push(
                    "Not visible to the service: its managed private endpoint lives in a Microsoft subscription, so \
                     the connection fails (PrivateLinkServiceNotVisible). Set the visibility to everyone (*)."
                        .into(),
                );
            }
            if auto > 0 {
                p.detail.push(format!("auto-approves {auto} subscription(s)"));
            }
        }
        ListKind::Targets(TargetKind::StorageAccount) => {
            let k = s(item, &["kind"]).unwrap_or_default();
            if !k.is_empty() {
                p.detail.push(k.to_string());
            }
            if k.eq_ignore_ascii_case("BlobStorage") || k.eq_ignore_ascii_case("BlockBlobStorage") || k.eq_ignore_ascii_case("FileStorage") {
                p.warnings.push(format!("A {k} account has no table endpoint: groupId 'table' fails."));
            }
        }
        ListKind::Targets(TargetKind::KeyVault) => {
            if let Some(sku) = s(item, &["properties", "sku", "name"]) {
                p.detail.push(format!("{sku} SKU"));
            }
        }
        ListKind::Subscriptions => {}
    }
    if !p.location.is_empty() {
        p.detail.push(p.location.clone());
    }
    Some(p)
}

/// Every item of a list as picks (items without ID or name are skipped).
pub fn parse_all(kind: ListKind, items: &[Value], scenario: Scenario) -> Vec<Pick> {
    items.iter().filter_map(|i| parse(kind, i, scenario)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn example(path: &str) -> Vec<Value> {
        let text = std::fs::read_to_string(format!("{}/tests/fixtures/arm-examples/discovery/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        v["responses"]["200"]["body"]["value"].as_array().unwrap().clone()
    }

    #[test]
    fn official_signalr_example_gives_tier_mode_and_place() {
        let items = example("SignalR_ListBySubscription.json");
        let p = parse(ListKind::Services(Service::SignalR), &items[0], Scenario::SignalRFunction).unwrap();
        assert_eq!(p.name, "mySignalRService");
        assert_eq!(p.resource_group, "myResourceGroup");
        assert_eq!(p.subscription, "00000000-0000-0000-0000-000000000000");
        assert_eq!(p.detail, ["Premium (Premium_P1)", "Serverless mode", "eastus"]);
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn official_web_pubsub_example_parses() {
        let items = example("WebPubSub_ListBySubscription.json");
        let p = parse(ListKind::Services(Service::WebPubSub), &items[0], Scenario::WebPubSubFunction).unwrap();
        assert_eq!((p.name.as_str(), p.resource_group.as_str()), ("myWebPubSubService", "myResourceGroup"));
        assert_eq!(p.detail[0], "Premium (Premium_P1)");
    }

    #[test]
    fn warnings_for_what_cannot_work() {
        let free = json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.SignalRService/WebPubSub/w", "name": "w", "sku": {"name": "Free_F1", "tier": "Free"}});
        assert!(parse(ListKind::Services(Service::WebPubSub), &free, Scenario::WebPubSubFunction).unwrap().warnings[0].contains("Free tier"));
        let default = json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.SignalRService/SignalR/x", "name": "x", "sku": {"name": "Standard_S1", "tier": "Standard"}, "properties": {"features": [{"flag": "ServiceMode", "value": "Default"}]}});
        assert!(parse(ListKind::Services(Service::SignalR), &default, Scenario::SignalRFunction).unwrap().warnings[0].contains("Serverless"));
        assert!(parse(ListKind::Services(Service::SignalR), &default, Scenario::SignalRKeyVault).unwrap().warnings.is_empty(), "no upstream in a Key Vault scenario");
        // PrivateLinkService properties.visibility / autoApproval (privateLinkService.json 2024-05-01).
        let pls = json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/p", "name": "p", "location": "eastus", "properties": {"visibility": {"subscriptions": ["sub1"]}, "autoApproval": {"subscriptions": ["sub1"]}}});
        let p = parse(ListKind::Targets(TargetKind::PrivateLinkService), &pls, Scenario::WebPubSubPls).unwrap();
        assert_eq!(p.detail, ["visible to 1 subscription(s)", "auto-approves 1 subscription(s)", "eastus"]);
        assert!(p.warnings[0].contains("PrivateLinkServiceNotVisible"));
        let open = json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateLinkServices/p", "name": "p", "properties": {"visibility": {"subscriptions": ["*"]}}});
        assert!(parse(ListKind::Targets(TargetKind::PrivateLinkService), &open, Scenario::WebPubSubPls).unwrap().warnings.is_empty());
    }

    #[test]
    fn sites_slots_and_subscriptions() {
        let f = json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/f", "name": "f", "kind": "functionapp,linux", "location": "East US", "properties": {"state": "Running"}});
        let p = parse(ListKind::Targets(TargetKind::Site), &f, Scenario::WebPubSubFunction).unwrap();
        assert_eq!(p.site_kind, Some(SiteKind::FunctionApp));
        assert_eq!(p.detail, ["Function app", "East US"]);
        let w = json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/w", "name": "w", "kind": "app", "properties": {"state": "Stopped"}});
        assert_eq!(parse(ListKind::Targets(TargetKind::Site), &w, Scenario::WebPubSubFunction).unwrap().detail, ["Web App", "Stopped"]);
        let slot = json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/f/slots/staging", "name": "f/staging", "kind": "functionapp"});
        let p = parse(ListKind::Slots, &slot, Scenario::WebPubSubFunction).unwrap();
        assert_eq!((p.name.as_str(), p.detail[1].as_str()), ("staging", "slot of f"));
        let sub = json!({"subscriptionId": "abc", "displayName": "Dev", "state": "Disabled", "tenantId": "t"});
        let p = parse(ListKind::Subscriptions, &sub, Scenario::WebPubSubFunction).unwrap();
        assert_eq!((p.id.as_str(), p.name.as_str()), ("abc", "Dev"));
        assert!(p.warnings[0].contains("Disabled"));
        assert!(parse(ListKind::Targets(TargetKind::KeyVault), &json!({"name": "no id"}), Scenario::WebPubSubKeyVault).is_none());
        let blob = json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/b", "name": "b", "kind": "BlobStorage"});
        assert!(parse(ListKind::Targets(TargetKind::StorageAccount), &blob, Scenario::WebPubSubStorage).unwrap().warnings[0].contains("table"));
    }
}
