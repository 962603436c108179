//! The simulated subscription's neighbours: what the pickers list besides the plan's own service and
//! target, so learners see discovery without Azure. A fixed catalogue — a Free-tier service, SignalR in
//! Default mode, a Premium one, a site with slots, a Web App, a Private Link Service not visible to the
//! service, and a second ("sandbox") subscription with nothing in it — placed in the world's home
//! subscription. Everything is a function of the world (and so of the plan and the world options): the
//! browser rebuilds the world on every form change and the lists must not move under the user.
//!
//! Choosing an entry puts its name in the form; [`World::from_plan`](super::world::World::from_plan)
//! then builds the plan's service (or target) with the entry's tier, mode, location, slots and
//! visibility ([`service_entry`], [`target_entry`]), so the world has what the list showed. An entry's
//! `None` means "as the world options say" (the simulator panel's tier and mode switches).

use super::world::{PlsVisibility, ServiceMode, Tier, World};
use crate::service::Service;
use crate::target::TargetKind;
use crate::walkthrough::scenario::PLACEHOLDER_SUBSCRIPTION;

/// A subscription that exists and holds nothing: its lists are empty.
pub const SANDBOX_SUBSCRIPTION: &str = "5a4d8b2e-0c1f-4e6a-9b3d-7f2e1c0a9d84";
/// The tenant of every simulated subscription (the emulator's tokens carry it as `tid`).
pub const TENANT: &str = "00000000-0000-0000-0000-00000000e7e7";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceEntry {
    pub kind: Service,
    pub resource_group: &'static str,
    pub name: &'static str,
    pub tier: Option<Tier>,
    pub mode: Option<ServiceMode>,
    pub location: Option<&'static str>,
}

/// A site's `kind` in the lists: `functionapp` or `app` (a Web App).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetEntry {
    pub kind: TargetKind,
    pub resource_group: &'static str,
    pub name: &'static str,
    pub site_kind: &'static str,
    pub slots: &'static [&'static str],
    pub visibility: Option<PlsVisibility>,
}

const fn svc(kind: Service, resource_group: &'static str, name: &'static str, tier: Option<Tier>, mode: Option<ServiceMode>, location: Option<&'static str>) -> ServiceEntry {
    ServiceEntry { kind, resource_group, name, tier, mode, location }
}

const fn tgt(kind: TargetKind, resource_group: &'static str, name: &'static str) -> TargetEntry {
    TargetEntry { kind, resource_group, name, site_kind: "", slots: &[], visibility: None }
}

/// The services of the home subscription (the scenarios' contoso defaults first).
pub const SERVICES: &[ServiceEntry] = &[
    svc(Service::WebPubSub, "contoso", "contoso-webpubsub", None, None, None),
    svc(Service::WebPubSub, "contoso", "contoso-chat-free", Some(Tier::Free), None, None),
    svc(Service::WebPubSub, "contoso-prod", "contoso-prod-premium", Some(Tier::Premium), None, Some("westus2")),
    svc(Service::SignalR, "contoso", "contoso-signalr", None, None, None),
    svc(Service::SignalR, "contoso", "contoso-signalr-default", None, Some(ServiceMode::Default), None),
    svc(Service::SignalR, "contoso", "contoso-signalr-free", Some(Tier::Free), None, None),
    svc(Service::SignalR, "contoso-prod", "contoso-signalr-premium", Some(Tier::Premium), None, Some("westus2")),
];

/// The targets of the home subscription.
pub const TARGETS: &[TargetEntry] = &[
    TargetEntry { site_kind: "functionapp", ..tgt(TargetKind::Site, "contoso", "contoso-func") },
    TargetEntry { site_kind: "functionapp,linux", slots: &["staging", "canary"], ..tgt(TargetKind::Site, "contoso-prod", "contoso-orders") },
    TargetEntry { site_kind: "app", ..tgt(TargetKind::Site, "contoso", "contoso-web") },
    tgt(TargetKind::PrivateLinkService, "contoso", "contoso-pls"),
    TargetEntry { visibility: Some(PlsVisibility::Restricted), ..tgt(TargetKind::PrivateLinkService, "contoso-prod", "contoso-pls-private") },
    tgt(TargetKind::KeyVault, "contoso", "contoso-kv"),
    tgt(TargetKind::KeyVault, "contoso-prod", "contoso-kv-prod"),
    tgt(TargetKind::StorageAccount, "contoso", "contosostore"),
    tgt(TargetKind::StorageAccount, "contoso-prod", "contosoarchive"),
];

impl TargetEntry {
    pub fn id(&self, subscription: &str) -> String {
        crate::resource_id::build(subscription, self.resource_group, self.kind.resource_type(), self.name)
    }
}

/// Where the catalogue lives: the first of the service's subscription, the targets', the docs'
/// placeholder that is not the sandbox (so picking the sandbox leaves it empty).
pub fn home(service_subscription: &str, target_ids: &[&str]) -> String {
    std::iter::once(service_subscription)
        .chain(target_ids.iter().map(|t| t.split('/').nth(2).unwrap_or_default()))
        .chain(std::iter::once(PLACEHOLDER_SUBSCRIPTION))
        .find(|s| !s.is_empty() && !s.eq_ignore_ascii_case(SANDBOX_SUBSCRIPTION))
        .unwrap_or(PLACEHOLDER_SUBSCRIPTION)
        .to_string()
}

pub fn world_home(w: &World) -> String {
    let ids: Vec<&str> = w.targets.iter().map(|t| t.id.as_str()).collect();
    home(&w.service.subscription, &ids)
}

/// The catalogue entry a service is, if it is one (in `home`, case-insensitive).
pub fn service_entry(home: &str, subscription: &str, kind: Service, resource_group: &str, name: &str) -> Option<&'static ServiceEntry> {
    if !subscription.eq_ignore_ascii_case(home) {
        return None;
    }
    SERVICES.iter().find(|e| e.kind == kind && e.resource_group.eq_ignore_ascii_case(resource_group) && e.name.eq_ignore_ascii_case(name))
}

/// The catalogue entry a target ID is, if it is one (in `home`).
pub fn target_entry(home: &str, id: &str) -> Option<&'static TargetEntry> {
    TARGETS.iter().find(|e| e.id(home).eq_ignore_ascii_case(id))
}

/// Every subscription the caller sees: the service's, the targets', the catalogue's home and the sandbox,
/// without repeats (case-insensitive), in that order.
pub fn subscriptions(w: &World) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_string());
        }
    };
    add(&w.service.subscription);
    for t in &w.targets {
        add(t.id.split('/').nth(2).unwrap_or_default());
    }
    add(&world_home(w));
    add(SANDBOX_SUBSCRIPTION);
    out
}

/// A subscription as `GET /subscriptions` lists it (Subscriptions_List, 2022-12-01).
pub fn subscription_json(id: &str) -> serde_json::Value {
    let name = if id.eq_ignore_ascii_case(SANDBOX_SUBSCRIPTION) {
        "Sandbox (nothing deployed)".to_string()
    } else if id == PLACEHOLDER_SUBSCRIPTION {
        "Contoso (the docs' placeholder)".to_string()
    } else {
        format!("Simulated subscription {}", id.get(..8).unwrap_or(id))
    };
    serde_json::json!({
        "id": format!("/subscriptions/{id}"),
        "authorizationSource": "RoleBased",
        "managedByTenants": [],
        "subscriptionId": id,
        "tenantId": TENANT,
        "displayName": name,
        "state": "Enabled",
        "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01", "spendingLimit": "Off"},
    })
}
