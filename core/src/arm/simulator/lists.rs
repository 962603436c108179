//! The pickers' lists over the simulated world: `GET /subscriptions`, each provider's subscription-wide
//! list and a site's slots, paged by [`Simulator::page_size`] with an absolute `nextLink` (as ARM pages:
//! `$skipToken` in the link). What they show is the world plus its [`catalogue`] neighbours, so it is a
//! function of the plan and the world options, and choosing an item builds a world that has it.

use super::{check_version, err, target_api_versions, Simulator, CALLER};
use crate::api_version;
use crate::arm::catalogue;
use crate::arm::error::Code;
use crate::arm::http::{Method, Request, Response, Url};
use crate::arm::route::{Listed, TargetPath};
use crate::arm::world::{put, ServiceMode, ServiceState, Target, World};
use crate::service::Service;
use crate::target::TargetKind;
use serde_json::{json, Value};

impl Simulator {
    /// One page of `items` at the request's `$skipToken`, with the next page's absolute link.
    fn page(&self, url: &Url, items: Vec<Value>) -> Response {
        let skip: usize = url.query("$skipToken").and_then(|s| s.parse().ok()).unwrap_or(0);
        let size = self.page_size.max(1);
        let n = items.len();
        let value: Vec<Value> = items.into_iter().skip(skip).take(size).collect();
        let mut body = json!({});
        put(&mut body, "value", Value::Array(value));
        if skip + size < n {
            let api = url.query("api-version").unwrap_or_default();
            let next = format!("{}{}?api-version={api}&$skipToken={}", self.endpoint, url.path, skip + size);
            put(&mut body, "nextLink", Value::String(next));
        }
        Response::json(200, &body)
    }

    pub(super) fn on_subscription_list(&mut self, req: &Request, url: &Url) -> Response {
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        if url.query("api-version").is_none_or(str::is_empty) {
            return err(Code::MissingApiVersionParameter, "The api-version query parameter (?api-version=) is required for all requests.");
        }
        let items = catalogue::subscriptions(&self.world).iter().map(|s| catalogue::subscription_json(s)).collect();
        self.page(url, items)
    }

    fn known_subscription(&self, sub: &str) -> Option<Response> {
        if catalogue::subscriptions(&self.world).iter().any(|s| s.eq_ignore_ascii_case(sub)) {
            return None;
        }
        Some(Response::json(
            404,
            &json!({"error": {"code": "SubscriptionNotFound", "message": format!("The subscription '{sub}' could not be found.")}}),
        ))
    }

    pub(super) fn on_provider_list(&mut self, req: &Request, url: &Url, sub: &str, listed: Listed) -> Response {
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let api = url.query("api-version");
        let checked = match listed {
            Listed::Services(kind) => {
                let ids: Vec<&str> = api_version::versions(kind).iter().map(|v| v.id).collect();
                check_version(api, &ids, &kind.resource_type(), &self.world.service.location)
            }
            Listed::Targets(kind) => check_version(api, target_api_versions(kind), kind.resource_type(), &self.world.service.location),
        };
        if let Err(e) = checked {
            return e.response();
        }
        if let Some(r) = self.known_subscription(sub) {
            return r;
        }
        let items = match listed {
            Listed::Services(kind) => services(&self.world, sub, kind),
            Listed::Targets(kind) => {
                // Modeled: without rights on the targets, their list is refused as a whole.
                if !self.world.rights_on_target {
                    return err(
                        Code::AuthorizationFailed,
                        format!(
                            "The client '{CALLER}' does not have authorization to perform action '{}/read' over scope \
                             '/subscriptions/{sub}' or the scope is invalid.",
                            kind.resource_type()
                        ),
                    );
                }
                targets(&self.world, sub, kind)
            }
        };
        self.page(url, items)
    }

    pub(super) fn on_slot_list(&mut self, req: &Request, url: &Url, t: &TargetPath) -> Response {
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        if let Err(e) = check_version(url.query("api-version"), target_api_versions(t.kind), "Microsoft.Web/sites/slots", &self.world.service.location) {
            return e.response();
        }
        let id = t.id();
        let Some(site) = all_targets(&self.world).into_iter().find(|x| x.id.eq_ignore_ascii_case(&id)) else {
            return crate::arm::error::ArmError::not_found(&format!("Microsoft.Web/sites/{}", t.name), &t.resource_group).response();
        };
        let kind = site_kind(&self.world, &site.id);
        let items = site
            .slots
            .iter()
            .map(|s| {
                let mut v = site.slot_json(s);
                put(&mut v, "kind", json!(kind));
                v
            })
            .collect();
        self.page(url, items)
    }
}

fn same(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// The services of `kind` in `sub`: the world's own (unless it is a catalogue entry), then the catalogue's
/// in the home subscription, in catalogue order (the world's own in its place), so choosing one does not
/// reorder the list.
fn services(w: &World, sub: &str, kind: Service) -> Vec<Value> {
    let s = &w.service;
    let home = catalogue::world_home(w);
    let own = s.kind == kind && same(&s.subscription, sub);
    let own_json = || w.service_json(crate::arm::status::ProvisioningState::Succeeded);
    let is_own = |e: &catalogue::ServiceEntry| {
        own && same(&s.subscription, &home) && same(&s.resource_group, e.resource_group) && same(&s.name, e.name)
    };
    let entries: Vec<&catalogue::ServiceEntry> = catalogue::SERVICES.iter().filter(|e| e.kind == kind).collect();
    let mut out = Vec::new();
    if own && !entries.iter().any(|e| is_own(e)) {
        out.push(own_json());
    }
    if !same(&home, sub) {
        return out;
    }
    let o = &w.options;
    for e in entries {
        if is_own(e) {
            out.push(own_json());
            continue;
        }
        let default_mode = match kind {
            Service::SignalR => ServiceMode::Serverless,
            Service::WebPubSub => ServiceMode::Default,
        };
        let neighbour = World {
            service: ServiceState {
                kind,
                subscription: home.clone(),
                resource_group: e.resource_group.to_string(),
                name: e.name.to_string(),
                location: e.location.map_or_else(|| o.location.clone(), str::to_string),
                tier: e.tier.unwrap_or(o.tier),
                mode: e.mode.or(o.mode).unwrap_or(default_mode),
                busy_until: None,
                replicas: Vec::new(),
            },
            targets: Vec::new(),
            splrs: Vec::new(),
            rights_on_target: true,
            options: o.clone(),
        };
        out.push(neighbour.service_json(crate::arm::status::ProvisioningState::Succeeded));
    }
    out
}

/// The world's targets that are not catalogue entries, then the catalogue's (the world's own in its
/// place; the others as the world would build them).
fn all_targets(w: &World) -> Vec<Target> {
    let home = catalogue::world_home(w);
    let mut out: Vec<Target> = w.targets.iter().filter(|t| catalogue::target_entry(&home, &t.id).is_none()).cloned().collect();
    for e in catalogue::TARGETS {
        let id = e.id(&home);
        if let Some(t) = w.target(&id) {
            out.push(t.clone());
            continue;
        }
        out.push(Target {
            kind: e.kind,
            id,
            location: w.service.location.clone(),
            slots: e.slots.iter().map(|s| s.to_string()).collect(),
            visibility: e.visibility.unwrap_or(w.options.pls_visibility),
            supports_private_endpoints: true,
            connections: Vec::new(),
        });
    }
    out
}

/// A site's `kind` as WebApps_List shows it: the catalogue's, else `functionapp` (the scenarios' target).
fn site_kind(w: &World, id: &str) -> &'static str {
    catalogue::target_entry(&catalogue::world_home(w), id).map_or("functionapp", |e| e.site_kind)
}

fn targets(w: &World, sub: &str, kind: TargetKind) -> Vec<Value> {
    all_targets(w)
        .into_iter()
        .filter(|t| t.kind == kind && t.id.split('/').nth(2).is_some_and(|s| same(s, sub)))
        .map(|t| {
            let mut v = t.to_json();
            if kind == TargetKind::Site {
                put(&mut v, "kind", json!(site_kind(w, &t.id)));
            }
            v
        })
        .collect()
}
