//! The simulated Azure: one Web PubSub or SignalR service, the resources it can share a private endpoint
//! to, its shared private link resources (SPLRs) and the private endpoint connections they put on the
//! targets. Built from a [`Plan`] so the default world makes the plan's happy path work; options change
//! the world to reach each documented failure (Free tier, Default mode, a restricted PLS, no rights).

use super::clock::Millis;
use super::status::{ConnectionStatus, ProvisioningState};
use crate::form::Plan;
use crate::service::Service;
use crate::splr::SplrProperties;
use crate::target::TargetKind;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tier {
    Free,
    #[default]
    Standard,
    Premium,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Free, Tier::Standard, Tier::Premium];

    /// A tier by its name (`Free`, `Standard`, `Premium`) or a SKU (`Free_F1`, `Standard_S1`,
    /// `Premium_P1`, `Premium_P2`), any case: what the emulator's command line and control API accept.
    pub fn parse(s: &str) -> Option<Tier> {
        let s = s.trim();
        Tier::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s) || t.sku().eq_ignore_ascii_case(s))
            .or_else(|| s.eq_ignore_ascii_case("premium_p2").then_some(Tier::Premium))
    }

    pub fn sku(self) -> &'static str {
        match self {
            Tier::Free => "Free_F1",
            Tier::Standard => "Standard_S1",
            Tier::Premium => "Premium_P1",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Free => "Free",
            Tier::Standard => "Standard",
            Tier::Premium => "Premium",
        }
    }
}

/// SignalR's `ServiceMode` feature flag. Upstream calls need Serverless; an SPLR to a site is created in
/// any mode (it then carries no calls: `explain::upstream_caveat`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ServiceMode {
    #[default]
    Default,
    Serverless,
    Classic,
}

impl ServiceMode {
    pub const ALL: [ServiceMode; 3] = [ServiceMode::Default, ServiceMode::Serverless, ServiceMode::Classic];

    /// A mode by its name, any case (`serverless`, `Classic`).
    pub fn parse(s: &str) -> Option<ServiceMode> {
        ServiceMode::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceMode::Default => "Default",
            ServiceMode::Serverless => "Serverless",
            ServiceMode::Classic => "Classic",
        }
    }
}

/// Who may see a Private Link Service: the service's managed endpoint lives in a Microsoft subscription,
/// so only "anyone" (`visibility.subscriptions: ["*"]`) lets it connect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PlsVisibility {
    #[default]
    Anyone,
    Restricted,
}

impl PlsVisibility {
    /// `anyone` or `restricted`, any case (the emulator's control API).
    pub fn parse(s: &str) -> Option<PlsVisibility> {
        match s.to_ascii_lowercase().as_str() {
            "anyone" => Some(PlsVisibility::Anyone),
            "restricted" => Some(PlsVisibility::Restricted),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceState {
    pub kind: Service,
    pub subscription: String,
    pub resource_group: String,
    pub name: String,
    /// ARM location name (`eastus`). The service's own operation URLs are under the service, not the location.
    pub location: String,
    pub tier: Tier,
    /// Only meaningful for SignalR.
    pub mode: ServiceMode,
    /// The service stays "Updating" internally until then after an SPLR delete (a second child operation then gets 409 Conflict:
    /// https://github.com/Azure/azure-rest-api-specs/issues/23068, /issues/23986).
    pub busy_until: Option<Millis>,
    /// Premium only: the names of the service's replicas (`…/{service}/replicas/{replica}`). Each gets a
    /// copy of every SPLR: "When a signalr/sharedPrivateLinkResources is created, if signalr/replicas
    /// exists, the signalr/sharedPrivateLinkResources is auto replicated to each replicas" (maintainer,
    /// https://github.com/Azure/azure-rest-api-specs/pull/28259).
    pub replicas: Vec<String>,
}

impl ServiceState {
    pub fn id(&self) -> String {
        crate::resource_id::build(&self.subscription, &self.resource_group, &self.kind.resource_type(), &self.name)
    }

    pub fn splr_id(&self, name: &str) -> String {
        format!("{}/sharedPrivateLinkResources/{name}", self.id())
    }

    pub fn splr_type(&self) -> String {
        format!("{}/sharedPrivateLinkResources", self.kind.resource_type())
    }

    pub fn replica(&self, name: &str) -> Option<&str> {
        self.replicas.iter().find(|r| r.eq_ignore_ascii_case(name)).map(String::as_str)
    }
}

/// A private endpoint connection as the target's owner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub name: String,
    /// In a Microsoft-managed subscription: the service owns the endpoint, not the user.
    pub private_endpoint_id: String,
    pub group_ids: Vec<String>,
    pub status: ConnectionStatus,
    pub description: String,
    pub actions_required: String,
    /// Updating while a site approval runs.
    pub provisioning_state: ProvisioningState,
    /// The SPLR (by name) whose managed endpoint this is.
    pub splr: String,
    /// Sites only: the deployment slot the connection is on (groupId `sites-<slot>`). A slot's
    /// connections are listed and approved under `…/sites/{app}/slots/{slot}/privateEndpointConnections`,
    /// not with the app's (RemotePrivateEndpointConnectionARMResource.tsp @074e21c3,
    /// `PrivateEndpointConnectionSlotOperationGroup`).
    pub slot: Option<String>,
    pub created_at: Millis,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    /// The resource ID as the plan spells it.
    pub id: String,
    pub location: String,
    /// Deployment slots of a site (shared with groupId `sites-<slot>`).
    pub slots: Vec<String>,
    /// Private Link Services only.
    pub visibility: PlsVisibility,
    /// Sites only: false models a Consumption plan, which has no private endpoints.
    pub supports_private_endpoints: bool,
    pub connections: Vec<Connection>,
}

impl Target {
    pub fn name(&self) -> &str {
        self.id.rsplit('/').next().unwrap_or_default()
    }

    /// The groupIds this target accepts (case-sensitive); empty for a Private Link Service.
    pub fn group_ids(&self) -> Vec<String> {
        match self.kind {
            TargetKind::Site => {
                std::iter::once("sites".to_string()).chain(self.slots.iter().map(|s| format!("sites-{s}"))).collect()
            }
            TargetKind::PrivateLinkService => Vec::new(),
            k => k.group_id(None).into_iter().collect(),
        }
    }

    pub fn connection(&self, name: &str) -> Option<&Connection> {
        self.connections.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn connection_mut(&mut self, name: &str) -> Option<&mut Connection> {
        self.connections.iter_mut().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// The resource a connection lives under: the target, or for a slot's connection the slot.
    pub fn connection_parent(&self, c: &Connection) -> String {
        match &c.slot {
            Some(slot) => format!("{}/slots/{slot}", self.id),
            None => self.id.clone(),
        }
    }

    /// The connections of the target itself (`slot: None`) or of one of its slots, in order.
    pub fn connections_of<'a>(&'a self, slot: Option<&'a str>) -> impl Iterator<Item = &'a Connection> + 'a {
        self.connections.iter().filter(move |c| match (c.slot.as_deref(), slot) {
            (None, None) => true,
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => false,
        })
    }

    /// The slot's name as stored, if the site has it.
    pub fn slot(&self, name: &str) -> Option<&str> {
        self.slots.iter().find(|s| s.eq_ignore_ascii_case(name)).map(String::as_str)
    }

    pub fn connection_json(&self, c: &Connection) -> Value {
        let mut props = json!({
            "provisioningState": c.provisioning_state.as_str(),
            "privateEndpoint": {"id": c.private_endpoint_id},
            "privateLinkServiceConnectionState": {
                "status": c.status.as_str(),
                "description": c.description,
                "actionsRequired": c.actions_required,
            },
        });
        // Microsoft.Web's connection (RemotePrivateEndpointConnectionARMResource, Azure/azure-rest-api-specs
        // @074e21c38b61058b27bcdefd854f2aa5b4f323bb) has no `groupIds`, nor do the official examples' bodies.
        if !c.group_ids.is_empty() && self.kind != TargetKind::Site {
            put(&mut props, "groupIds", json!(c.group_ids));
        }
        let ty = if c.slot.is_some() { "Microsoft.Web/sites/slots" } else { self.kind.resource_type() };
        let mut v = json!({
            "id": format!("{}/privateEndpointConnections/{}", self.connection_parent(c), c.name),
            "name": c.name,
            "type": format!("{ty}/privateEndpointConnections"),
        });
        match self.kind {
            TargetKind::Site => {
                put(&mut props, "ipAddresses", json!([]));
                put(&mut v, "location", json!(self.location));
            }
            TargetKind::PrivateLinkService => {
                put(&mut props, "linkIdentifier", json!(link_identifier(&c.private_endpoint_id)));
            }
            _ => {}
        }
        put(&mut v, "properties", props);
        v
    }

    /// A deployment slot as GET returns it, with its own connections.
    pub fn slot_json(&self, slot: &str) -> Value {
        let mut props = json!({"state": "Running"});
        let connections = self.connections_of(Some(slot)).map(|c| self.connection_json(c)).collect();
        put(&mut props, "privateEndpointConnections", Value::Array(connections));
        let mut v = json!({
            "id": format!("{}/slots/{slot}", self.id),
            "name": format!("{}/{slot}", self.name()),
            "type": "Microsoft.Web/sites/slots",
            "location": self.location,
        });
        put(&mut v, "properties", props);
        v
    }

    pub fn to_json(&self) -> Value {
        let mut props = json!({"provisioningState": "Succeeded"});
        match self.kind {
            TargetKind::PrivateLinkService => {
                let subs = match self.visibility {
                    PlsVisibility::Anyone => json!(["*"]),
                    PlsVisibility::Restricted => json!([]),
                };
                let mut visibility = json!({});
                put(&mut visibility, "subscriptions", subs);
                put(&mut props, "visibility", visibility);
            }
            TargetKind::Site => put(&mut props, "state", json!("Running")),
            _ => {}
        }
        let connections = self.connections_of(None).map(|c| self.connection_json(c)).collect();
        put(&mut props, "privateEndpointConnections", Value::Array(connections));
        let mut v =
            json!({"id": self.id, "name": self.name(), "type": self.kind.resource_type(), "location": self.location});
        put(&mut v, "properties", props);
        v
    }
}

/// A number derived from the endpoint ID, the way Microsoft.Network shows a link identifier.
fn link_identifier(pe_id: &str) -> String {
    let h = pe_id.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    (h % 1_000_000_000).to_string()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splr {
    pub name: String,
    pub private_link_resource_id: String,
    pub group_id: Option<String>,
    pub fqdns: Option<Vec<String>>,
    pub request_message: Option<String>,
    pub provisioning_state: ProvisioningState,
    /// The connection's status as last propagated; `None` until the endpoint exists.
    pub status: Option<ConnectionStatus>,
    /// `(target id, connection name)` of the connection this SPLR's endpoint made.
    pub connection: Option<(String, String)>,
    /// The copies on the service's replicas: `(replica, (target id, connection name))`. Each replica is in
    /// another region and (unverified) brings its own private endpoint and so its own pending connection.
    pub replica_connections: Vec<(String, (String, String))>,
}

impl Splr {
    pub fn properties(&self) -> SplrProperties {
        SplrProperties {
            private_link_resource_id: self.private_link_resource_id.clone(),
            group_id: self.group_id.clone(),
            fqdns: self.fqdns.clone(),
            request_message: self.request_message.clone(),
            provisioning_state: Some(self.provisioning_state.as_str().to_string()),
            status: self.status.map(|s| s.as_str().to_string()),
        }
    }
}

/// What the world looks like besides the plan; the default is the happy path.
#[derive(Clone, Debug, PartialEq)]
pub struct WorldOptions {
    pub tier: Tier,
    /// `None`: Serverless for SignalR (the docs' requirement), Default for Web PubSub.
    pub mode: Option<ServiceMode>,
    pub location: String,
    pub pls_visibility: PlsVisibility,
    /// False: the target does not exist (a typo, or deleted before the run).
    pub target_exists: bool,
    /// False: the Function app runs on a Consumption plan.
    pub target_supports_private_endpoints: bool,
    /// False: the caller may create on the service but has no rights on the target (LinkedAuthorizationFailed).
    pub rights_on_target: bool,
    /// The service's replicas by name (Premium only; ignored on the other tiers). None by default.
    pub replicas: Vec<String>,
    /// Adds the doctor's practice endpoints, one per state (`seed::several_endpoints`). Off by default.
    pub several_endpoints: bool,
}

impl Default for WorldOptions {
    fn default() -> WorldOptions {
        WorldOptions {
            tier: Tier::Standard,
            mode: None,
            location: "eastus".into(),
            pls_visibility: PlsVisibility::Anyone,
            target_exists: true,
            target_supports_private_endpoints: true,
            rights_on_target: true,
            replicas: Vec::new(),
            several_endpoints: false,
        }
    }
}

/// An id or type of the service's own resources in the RP's casing, which differs from the request's:
/// `resourcegroups`, `Microsoft.SignalRService/WebPubSub`, `Microsoft.SignalRService/SignalR` (the official
/// examples, e.g. Azure/azure-rest-api-specs `specification/webpubsub/resource-manager/Microsoft.SignalRService/preview/2026-03-01-preview/examples/WebPubSubSharedPrivateLinkResources_Get.json`
/// @73b50feb8bdc872e33a96ac2e7a32ac9ba67de3f, copies in core/tests/fixtures/arm-examples; the SignalR RP's
/// answers in Azure/azure-cli@283b2dd1350f7723b4c435bf23eb946a64a65f46:src/azure-cli/azure/cli/command_modules/signalr/tests/latest/recordings/test_signalr_commands.yaml).
/// ARM ids are case-insensitive: every client must compare them so.
pub fn rp_casing(id_or_type: &str) -> String {
    let mut out = Vec::new();
    let segs: Vec<&str> = id_or_type.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        let prev = if i > 0 { segs[i - 1] } else { "" };
        let fixed = if seg.eq_ignore_ascii_case("resourceGroups") && prev.len() == 36 {
            "resourcegroups"
        } else if prev.eq_ignore_ascii_case("Microsoft.SignalRService") && seg.eq_ignore_ascii_case("webPubSub") {
            "WebPubSub"
        } else if prev.eq_ignore_ascii_case("Microsoft.SignalRService") && seg.eq_ignore_ascii_case("signalR") {
            "SignalR"
        } else {
            seg
        };
        out.push(fixed);
    }
    out.join("/")
}

/// The subscription Microsoft's managed private endpoints live in (fixed, so transcripts are stable).
pub const MANAGED_SUBSCRIPTION: &str = "f7a3c1e0-5b2d-4c8e-9a61-3d0e7b9c2f45";

#[derive(Clone, Debug, PartialEq)]
pub struct World {
    pub service: ServiceState,
    pub targets: Vec<Target>,
    pub splrs: Vec<Splr>,
    pub rights_on_target: bool,
    /// The options the world was built with: the pickers' catalogue shows its entries that set no tier or
    /// mode with these ([`super::catalogue`]).
    pub options: WorldOptions,
}

impl World {
    pub fn from_plan(plan: &Plan, opts: &WorldOptions) -> World {
        let mode = opts.mode.unwrap_or(match plan.service {
            Service::SignalR => ServiceMode::Serverless,
            Service::WebPubSub => ServiceMode::Default,
        });
        let service = ServiceState {
            kind: plan.service,
            subscription: plan.subscription.clone(),
            resource_group: plan.resource_group.clone(),
            name: plan.service_name.clone(),
            location: opts.location.clone(),
            tier: opts.tier,
            mode,
            busy_until: None,
            replicas: if opts.tier == Tier::Premium { opts.replicas.clone() } else { Vec::new() },
        };
        let mut service = service;
        // A service or target of the pickers' catalogue is built as the list showed it.
        let home = super::catalogue::home(&plan.subscription, &[plan.target.id.text.as_str()]);
        let sp = (&plan.subscription, plan.service, &plan.resource_group, &plan.service_name);
        if let Some(e) = super::catalogue::service_entry(&home, sp.0, sp.1, sp.2, sp.3) {
            service.tier = e.tier.unwrap_or(service.tier);
            service.mode = e.mode.unwrap_or(service.mode);
            service.location = e.location.map_or(service.location, str::to_string);
            service.replicas = if service.tier == Tier::Premium { opts.replicas.clone() } else { Vec::new() };
        }
        let mut world =
            World { service, targets: Vec::new(), splrs: Vec::new(), rights_on_target: opts.rights_on_target, options: opts.clone() };
        if opts.target_exists {
            let t = world.add_target(plan.target.kind, &plan.target.id.text);
            t.slots.extend(plan.target.slot.clone());
            t.visibility = opts.pls_visibility;
            t.supports_private_endpoints = opts.target_supports_private_endpoints;
            if let Some(e) = super::catalogue::target_entry(&home, &plan.target.id.text) {
                // The entry's slots in its order (the slot list stays put), then the plan's if another.
                let mut slots: Vec<String> = e.slots.iter().map(|s| s.to_string()).collect();
                slots.extend(t.slots.drain(..).filter(|p| !e.slots.iter().any(|s| s.eq_ignore_ascii_case(p))));
                t.slots = slots;
                t.visibility = e.visibility.unwrap_or(t.visibility);
            }
        }
        if opts.several_endpoints {
            super::seed::several_endpoints(&mut world);
        }
        world
    }

    /// Adds a target resource (another site, vault, ...) to share to.
    pub fn add_target(&mut self, kind: TargetKind, id: &str) -> &mut Target {
        self.targets.push(Target {
            kind,
            id: id.to_string(),
            location: self.service.location.clone(),
            slots: Vec::new(),
            visibility: PlsVisibility::Anyone,
            supports_private_endpoints: true,
            connections: Vec::new(),
        });
        self.targets.last_mut().expect("just pushed")
    }

    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id.eq_ignore_ascii_case(id))
    }

    pub fn target_mut(&mut self, id: &str) -> Option<&mut Target> {
        self.targets.iter_mut().find(|t| t.id.eq_ignore_ascii_case(id))
    }

    pub fn splr(&self, name: &str) -> Option<&Splr> {
        self.splrs.iter().find(|s| s.name.eq_ignore_ascii_case(name))
    }

    pub fn splr_mut(&mut self, name: &str) -> Option<&mut Splr> {
        self.splrs.iter_mut().find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// The connection an SPLR's endpoint made, if it still exists.
    pub fn connection_of(&self, splr: &Splr) -> Option<&Connection> {
        let (target, conn) = splr.connection.as_ref()?;
        self.target(target)?.connection(conn)
    }

    /// An SPLR's copy on a replica as GET returns it (`…/replicas/{r}/sharedPrivateLinkResources/{name}`),
    /// with its own connection's status. The shape is the SPLR's (the replica paths return a
    /// `SharedPrivateLinkResource`, webpubsub.json / signalr.json); that the status is the copy's own
    /// connection's is unverified.
    pub fn replica_splr_json(&self, s: &Splr, replica: &str) -> Value {
        let mut props = s.properties();
        let conn = s.replica_connections.iter().find(|(r, _)| r.eq_ignore_ascii_case(replica));
        props.status = conn
            .and_then(|(_, (t, c))| self.target(t)?.connection(c))
            .map(|c| c.status.as_str().to_string())
            .or(Some(ConnectionStatus::Disconnected.as_str().to_string()).filter(|_| conn.is_some()));
        let id = format!("{}/replicas/{replica}/sharedPrivateLinkResources/{}", self.service.id(), s.name);
        let ty = format!("{}/replicas/sharedPrivateLinkResources", self.service.kind.resource_type());
        let mut v = json!({"id": rp_casing(&id), "name": s.name, "type": rp_casing(&ty)});
        put(&mut v, "properties", serde_json::to_value(props).unwrap_or_default());
        v
    }

    /// The SPLR resource as GET returns it, `id` and `type` in the RP's casing ([`rp_casing`]; not the
    /// official examples' other quirk, `type` ending in `privateEndpointConnections`).
    pub fn splr_json(&self, s: &Splr) -> Value {
        let mut v = json!({
            "id": rp_casing(&self.service.splr_id(&s.name)),
            "name": s.name,
            "type": rp_casing(&self.service.splr_type()),
        });
        put(&mut v, "properties", serde_json::to_value(s.properties()).unwrap_or_default());
        v
    }

    pub fn service_json(&self, provisioning_state: ProvisioningState) -> Value {
        let mut props = json!({"provisioningState": provisioning_state.as_str()});
        let splrs = self.splrs.iter().map(|s| self.splr_json(s)).collect();
        put(&mut props, "sharedPrivateLinkResources", Value::Array(splrs));
        if self.service.kind == Service::SignalR {
            put(&mut props, "features", json!([{"flag": "ServiceMode", "value": self.service.mode.as_str()}]));
        }
        let mut v = json!({
            "id": rp_casing(&self.service.id()),
            "name": self.service.name,
            "type": rp_casing(&self.service.kind.resource_type()),
            "location": self.service.location,
            "sku": {"name": self.service.tier.sku(), "tier": self.service.tier.as_str(), "capacity": 1},
        });
        put(&mut v, "properties", props);
        v
    }
}

/// Adds (or replaces, in place) a field of a JSON object. `value[key] = ..` does the same but brings in
/// serde_json's `IndexMut`, whose other cases (null becomes an object, anything else panics) are not needed.
/// Also the way to nest a `Value` in a `json!` skeleton: inside `json!` it would be copied through
/// serde's serializer, which is code of its own in the wasm.
pub(crate) fn put(object: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = object {
        map.insert(key.to_string(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{check, Form};
    use crate::scenario::Scenario;

    fn plan(s: Scenario) -> Plan {
        check(&Form::new(s)).plan.unwrap()
    }

    #[test]
    fn the_default_world_is_the_plans_happy_path() {
        let w = World::from_plan(&plan(Scenario::SignalRFunction), &WorldOptions::default());
        assert_eq!(w.service.mode, ServiceMode::Serverless);
        assert_eq!(w.service.tier, Tier::Standard);
        assert_eq!(w.targets.len(), 1);
        assert_eq!(w.targets[0].group_ids(), ["sites"]);
        assert_eq!(w.service.id(), plan(Scenario::SignalRFunction).service_id());
        let pls = World::from_plan(&plan(Scenario::WebPubSubPls), &WorldOptions::default());
        assert_eq!(pls.targets[0].to_json()["properties"]["visibility"]["subscriptions"], json!(["*"]));
        let none = World::from_plan(
            &plan(Scenario::WebPubSubPls),
            &WorldOptions { target_exists: false, ..Default::default() },
        );
        assert!(none.targets.is_empty());
    }

    #[test]
    fn vocabulary_parses_names_and_skus() {
        assert_eq!(Tier::parse(" free "), Some(Tier::Free));
        assert_eq!(Tier::parse("Standard_S1"), Some(Tier::Standard));
        assert_eq!(Tier::parse("PREMIUM_P2"), Some(Tier::Premium));
        assert_eq!(Tier::parse("Basic"), None);
        assert_eq!(ServiceMode::parse("serverless"), Some(ServiceMode::Serverless));
        assert_eq!(ServiceMode::parse("Upstream"), None);
        assert_eq!(PlsVisibility::parse("Restricted"), Some(PlsVisibility::Restricted));
        assert_eq!(PlsVisibility::parse("nobody"), None);
    }
}
