//! The inventory conversation: GET the service (tier, SignalR's service mode), list **all** its SPLRs
//! (following `nextLink`), for a Premium service its replicas (`GET {service}/replicas`) and each
//! replica's copies (`…/replicas/{r}/sharedPrivateLinkResources`: the specs have List, Get and
//! CreateOrUpdate there and no Delete — webpubsub.json / signalr.json, e.g. Azure/azure-rest-api-specs
//! `specification/webpubsub/resource-manager/Microsoft.SignalRService/preview/2026-03-01-preview/webpubsub.json`
//! @73b50feb8bdc872e33a96ac2e7a32ac9ba67de3f), then, once per distinct target (or slot), its
//! `privateEndpointConnections` with the api-version the client approves with
//! ([`connection_api_version`]). A target read answering 404 (deleted) is kept apart from 403 (unreadable).

use crate::arm::client::connection_api_version;
use crate::arm::http::{Method, Request, Response};
use crate::arm::reads::Reads;
use crate::doctor::matching::ConnectionView;
use crate::service::Service;
use crate::target::TargetKind;
use serde_json::Value;
use std::collections::VecDeque;

/// One SPLR (or a replica's copy of one) as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplrView {
    pub name: String,
    /// `Some(replica)` for a replica's copy.
    pub replica: Option<String>,
    pub private_link_resource_id: String,
    pub group_id: Option<String>,
    pub request_message: Option<String>,
    /// `None`: the api-version read does not return them (or none were set).
    pub fqdns: Option<Vec<String>>,
    pub provisioning_state: String,
    pub status: String,
    /// ARM's error, when the SPLR carries one (`properties.error` or `error`; unverified field).
    pub error: Option<String>,
}

impl SplrView {
    fn from_json(v: &Value, replica: Option<&str>) -> Option<SplrView> {
        let s = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
        let name = s("/name")?;
        let error = v
            .pointer("/properties/error/message")
            .or_else(|| v.pointer("/error/message"))
            .and_then(Value::as_str)
            .map(str::to_string);
        Some(SplrView {
            name,
            replica: replica.map(str::to_string),
            private_link_resource_id: s("/properties/privateLinkResourceId").unwrap_or_default(),
            group_id: s("/properties/groupId"),
            request_message: s("/properties/requestMessage"),
            fqdns: v
                .pointer("/properties/fqdns")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect()),
            provisioning_state: s("/properties/provisioningState").unwrap_or_default(),
            status: s("/properties/status").unwrap_or_default(),
            error,
        })
    }

    /// The resource whose connections hold this SPLR's: the target, or for a site's `sites-<slot>` its slot.
    pub fn connections_parent(&self) -> String {
        match (target_kind(&self.private_link_resource_id), self.group_id.as_deref().and_then(|g| g.strip_prefix("sites-"))) {
            (Some(TargetKind::Site), Some(slot)) => format!("{}/slots/{slot}", self.private_link_resource_id),
            _ => self.private_link_resource_id.clone(),
        }
    }
}

/// The kind of target an ID names, by its provider type (case-insensitive).
pub fn target_kind(id: &str) -> Option<TargetKind> {
    let segs: Vec<&str> = id.split('/').collect();
    let i = segs.iter().position(|s| s.eq_ignore_ascii_case("providers"))?;
    let ty = format!("{}/{}", segs.get(i + 1)?, segs.get(i + 2)?);
    [TargetKind::Site, TargetKind::PrivateLinkService, TargetKind::KeyVault, TargetKind::StorageAccount]
        .into_iter()
        .find(|k| k.resource_type().eq_ignore_ascii_case(&ty))
}

/// What reading a target's connections gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetRead {
    Connections(Vec<ConnectionView>),
    /// 404: the target (or slot) does not exist any more.
    Deleted,
    /// 401/403: the caller may not read it (the code ARM gave, e.g. AuthorizationFailed).
    Unreadable { status: u16, code: String },
    /// Anything else (transport error, 5xx, an unknown kind): the text to show.
    Failed(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceView {
    /// `sku.tier`: Free, Standard, Premium.
    pub tier: String,
    /// SignalR's `ServiceMode` feature (`None` for Web PubSub or when absent).
    pub mode: Option<String>,
}

/// Everything the conversation read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    pub service: Option<ServiceView>,
    pub replicas: Vec<String>,
    pub splrs: Vec<SplrView>,
    /// Per connections parent (target or slot ID, as the SPLR spells it): what reading it gave.
    pub targets: Vec<(String, TargetRead)>,
    /// Reads of the service's side that failed (the rows may be incomplete): plain text.
    pub errors: Vec<String>,
}

impl Inventory {
    pub fn target(&self, parent: &str) -> Option<&TargetRead> {
        self.targets.iter().find(|(p, _)| p.eq_ignore_ascii_case(parent)).map(|(_, r)| r)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Service,
    Splrs(String),
    Replicas(String),
    ReplicaSplrs(String, String),
    Connections(String),
}

/// The conversation. Build it, run it over any transport, read [`InventoryReads::inventory`].
pub struct InventoryReads {
    endpoint: String,
    service_id: String,
    api_version: String,
    token: Option<String>,
    queue: VecDeque<Step>,
    asked: Option<Step>,
    queued_parents: Vec<String>,
    pub inventory: Inventory,
}

impl InventoryReads {
    /// `endpoint`: ARM's (or the emulator's) base URL; `service_id`: the service's resource ID;
    /// `api_version`: the service's (the form's); `token`: sent as a bearer token, never stored elsewhere.
    pub fn new(endpoint: &str, service_id: &str, api_version: &str, token: Option<String>) -> InventoryReads {
        InventoryReads {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            service_id: service_id.to_string(),
            api_version: api_version.to_string(),
            token,
            queue: VecDeque::from([Step::Service]),
            asked: None,
            queued_parents: Vec::new(),
            inventory: Inventory::default(),
        }
    }

    fn url(&self, path: &str, api: &str) -> String {
        format!("{}{path}?api-version={api}", self.endpoint)
    }

    fn queue_targets(&mut self) {
        let parents: Vec<String> = self.inventory.splrs.iter().map(SplrView::connections_parent).collect();
        for p in parents {
            if !p.is_empty() && !self.queued_parents.iter().any(|q| q.eq_ignore_ascii_case(&p)) {
                self.queued_parents.push(p.clone());
                self.queue.push_back(Step::Connections(p));
            }
        }
    }

    fn next_link(&mut self, body: &Value, make: impl FnOnce(String) -> Step) {
        if let Some(next) = body.get("nextLink").and_then(Value::as_str).filter(|s| !s.is_empty()) {
            self.queue.push_front(make(next.to_string()));
        }
    }
}

fn service_kind(id: &str) -> Service {
    if id.to_ascii_lowercase().contains("/microsoft.signalrservice/signalr/") { Service::SignalR } else { Service::WebPubSub }
}

fn describe(resp: Result<&Response, &str>) -> String {
    match resp {
        Err(e) => e.to_string(),
        Ok(r) => match r.error() {
            Some((code, msg)) => format!("{} {code}: {msg}", r.status),
            None => format!("HTTP {}", r.status),
        },
    }
}

impl Reads for InventoryReads {
    fn next_request(&mut self) -> Option<Request> {
        let step = self.queue.pop_front()?;
        let url = match &step {
            Step::Service => self.url(&self.service_id, &self.api_version),
            Step::Splrs(u) | Step::Replicas(u) | Step::ReplicaSplrs(_, u) => u.clone(),
            Step::Connections(parent) => {
                let api = target_kind(parent).map(connection_api_version).unwrap_or("2023-05-01");
                self.url(&format!("{parent}/privateEndpointConnections"), api)
            }
        };
        self.asked = Some(step);
        let req = Request::new(Method::Get, url);
        Some(match &self.token {
            Some(t) => req.bearer(t),
            None => req,
        })
    }

    fn on_response(&mut self, resp: Result<&Response, &str>) {
        let Some(step) = self.asked.take() else { return };
        let ok = resp.ok().filter(|r| r.is_success()).and_then(Response::json_body);
        let items = |b: &Value| b.get("value").and_then(Value::as_array).cloned().unwrap_or_default();
        match (step, ok) {
            (Step::Service, Some(b)) => {
                let tier = b.pointer("/sku/tier").and_then(Value::as_str).unwrap_or_default().to_string();
                let mode = b
                    .pointer("/properties/features")
                    .and_then(Value::as_array)
                    .and_then(|fs| fs.iter().find(|f| f.get("flag").and_then(Value::as_str) == Some("ServiceMode")))
                    .and_then(|f| f.get("value").and_then(Value::as_str))
                    .map(str::to_string);
                let premium = tier.eq_ignore_ascii_case("Premium");
                self.inventory.service = Some(ServiceView { tier, mode });
                let list = self.url(&format!("{}/sharedPrivateLinkResources", self.service_id), &self.api_version);
                self.queue.push_back(Step::Splrs(list));
                if premium {
                    let reps = self.url(&format!("{}/replicas", self.service_id), &self.api_version);
                    self.queue.push_back(Step::Replicas(reps));
                }
            }
            (Step::Service, None) => {
                self.inventory.errors.push(format!("Reading the service failed: {}", describe(resp)));
                // Still try the list: a service that cannot be read cannot be listed either, but it says why.
                let list = self.url(&format!("{}/sharedPrivateLinkResources", self.service_id), &self.api_version);
                self.queue.push_back(Step::Splrs(list));
            }
            (Step::Splrs(_), Some(b)) => {
                self.inventory.splrs.extend(items(&b).iter().filter_map(|v| SplrView::from_json(v, None)));
                self.next_link(&b, Step::Splrs);
                self.queue_targets();
            }
            (Step::Replicas(_), Some(b)) => {
                let names: Vec<String> =
                    items(&b).iter().filter_map(|v| v.get("name").and_then(Value::as_str)).map(|n| n.rsplit('/').next().unwrap_or(n).to_string()).collect();
                for r in &names {
                    let u = self.url(&format!("{}/replicas/{r}/sharedPrivateLinkResources", self.service_id), &self.api_version);
                    self.queue.push_back(Step::ReplicaSplrs(r.clone(), u));
                }
                self.inventory.replicas.extend(names);
                self.next_link(&b, Step::Replicas);
            }
            (Step::ReplicaSplrs(r, _), Some(b)) => {
                self.inventory.splrs.extend(items(&b).iter().filter_map(|v| SplrView::from_json(v, Some(&r))));
                self.next_link(&b, |u| Step::ReplicaSplrs(r.clone(), u));
                self.queue_targets();
            }
            (Step::Connections(p), Some(b)) => {
                let cs = items(&b).iter().filter_map(ConnectionView::from_json).collect();
                self.inventory.targets.push((p, TargetRead::Connections(cs)));
            }
            (Step::Connections(p), None) => {
                let read = match resp {
                    Ok(r) if r.status == 404 => TargetRead::Deleted,
                    Ok(r) if r.status == 401 || r.status == 403 => TargetRead::Unreadable {
                        status: r.status,
                        code: r.error().map(|(c, _)| c).unwrap_or_default(),
                    },
                    _ => TargetRead::Failed(describe(resp)),
                };
                self.inventory.targets.push((p, read));
            }
            (Step::Splrs(_), None) => {
                self.inventory.errors.push(format!("Listing the shared private endpoints failed: {}", describe(resp)))
            }
            (Step::Replicas(_), None) => {
                self.inventory.errors.push(format!("Listing the replicas failed: {}", describe(resp)))
            }
            (Step::ReplicaSplrs(r, _), None) => self
                .inventory
                .errors
                .push(format!("Listing the copies on replica '{r}' failed: {}", describe(resp))),
        }
    }
}

/// The service's kind from its ID (for the explanations).
pub fn kind_of(service_id: &str) -> Service {
    service_kind(service_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::reads::run_sync;
    use serde_json::json;

    const SVC: &str = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.SignalRService/webPubSub/w";
    const KV: &str = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
    const APP: &str = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app";

    fn splr(name: &str, target: &str, group: &str) -> Value {
        json!({"name": name, "properties": {"privateLinkResourceId": target, "groupId": group, "provisioningState": "Succeeded", "status": "Pending"}})
    }

    /// A scripted ARM: paging, a premium service with one replica, a vault that answers 403, a slot that answers 404.
    fn arm(req: &Request) -> Result<Response, String> {
        let u = req.url.as_str();
        let body = |v: Value| Ok(Response::json(200, &v));
        if u.contains("/privateEndpointConnections") {
            if u.contains("vaults/kv/") {
                assert!(u.ends_with("api-version=2023-07-01"), "{u}");
                return Ok(Response::json(403, &json!({"error": {"code": "AuthorizationFailed", "message": "no"}})));
            }
            if u.contains("/slots/stage/") {
                return Ok(Response::json(404, &json!({"error": {"code": "ResourceNotFound", "message": "gone"}})));
            }
            assert!(u.ends_with("api-version=2025-03-01"), "{u}");
            return body(json!({"value": [{"name": "a.1", "properties": {"privateEndpoint": {"id": "/subscriptions/m/x/a.1"}, "privateLinkServiceConnectionState": {"status": "Pending"}}}]}));
        }
        if u.contains("/replicas/r1/sharedPrivateLinkResources") {
            return body(json!({"value": [splr("a", APP, "sites")]}));
        }
        if u.contains("/replicas?") {
            return body(json!({"value": [{"name": "w/r1"}]}));
        }
        if u.contains("$skipToken=1") {
            return body(json!({"value": [splr("b", KV, "vault"), splr("c", APP, "sites-stage")]}));
        }
        if u.contains("/sharedPrivateLinkResources?") {
            return body(json!({"value": [splr("a", APP, "sites")], "nextLink": format!("https://arm{SVC}/sharedPrivateLinkResources?api-version=v&$skipToken=1")}));
        }
        body(json!({"sku": {"tier": "Premium"}, "properties": {}}))
    }

    #[test]
    fn reads_every_page_the_replicas_and_each_target_once() {
        let mut c = InventoryReads::new("https://arm/", SVC, "2024-03-01", Some("t".into()));
        let mut urls = vec![];
        run_sync(&mut c, 50, |r| {
            assert_eq!(r.header("Authorization"), Some("Bearer t"));
            urls.push(r.url.clone());
            arm(r)
        });
        let inv = c.inventory;
        assert_eq!(inv.service.as_ref().unwrap().tier, "Premium");
        assert_eq!(inv.replicas, ["r1"]);
        let names: Vec<_> = inv.splrs.iter().map(|s| (s.name.as_str(), s.replica.as_deref())).collect();
        assert_eq!(names, [("a", None), ("b", None), ("c", None), ("a", Some("r1"))]);
        // One read per distinct parent: the app (shared by 'a' and its replica copy), the vault, the slot.
        assert_eq!(urls.iter().filter(|u| u.contains("privateEndpointConnections")).count(), 3, "{urls:#?}");
        assert!(matches!(inv.target(APP), Some(TargetRead::Connections(cs)) if cs.len() == 1));
        assert_eq!(inv.target(KV), Some(&TargetRead::Unreadable { status: 403, code: "AuthorizationFailed".into() }));
        assert_eq!(inv.target(&format!("{APP}/slots/stage")), Some(&TargetRead::Deleted));
        assert!(inv.errors.is_empty(), "{:?}", inv.errors);
    }

    #[test]
    fn a_failed_list_is_reported_not_hidden() {
        let mut c = InventoryReads::new("https://arm", SVC, "2024-03-01", None);
        run_sync(&mut c, 10, |r| {
            if r.url.contains("sharedPrivateLinkResources") { Err("offline".into()) } else { arm(r) }
        });
        assert!(c.inventory.errors.iter().any(|e| e.contains("offline")), "{:?}", c.inventory.errors);
    }
}
