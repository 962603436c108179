//! The SignalR / Web PubSub resource provider's side: the service resource, its lists, and the SPLR's GET,
//! PUT and DELETE, with the checks the RP makes up front (409, 400) and what the managed private endpoint's
//! creation finds out later (the async operation fails).

use super::{err, OpKind, Simulator, CALLER, CALLER_OBJECT_ID};
use crate::api_version::ApiVersion;
use crate::arm::error::{ArmError, Code};
use crate::arm::http::{Method, Request, Response, Url};
use crate::arm::route::ServicePath;
use crate::arm::status::{ConnectionStatus, OpStatus, ProvisioningState};
use crate::arm::world::{put, PlsVisibility, Splr, Tier};
use crate::json_text::{self, JsonStyle};
use crate::names;
use crate::resource_id;
use crate::service::Service;
use crate::splr::SplrProperties;
use crate::target::TargetKind;
use serde_json::{json, Value};

impl Simulator {
    pub(super) fn on_service(&mut self, req: &Request, p: &ServicePath, api: Option<&str>) -> Response {
        if let Err(e) = self.check_service(p, api) {
            return e.response();
        }
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let running = self.ops.iter().any(|o| o.status == OpStatus::Running && o.kind != OpKind::DeleteConnection);
        // After a delete the service reports Succeeded while it is still updating (azure-rest-api-specs#23068).
        let state = if running { ProvisioningState::Updating } else { ProvisioningState::Succeeded };
        Response::json(200, &self.world.service_json(state))
    }

    pub(super) fn on_splr_list(&mut self, req: &Request, url: &Url, p: &ServicePath, api: Option<&str>) -> Response {
        if let Err(e) = self.check_service(p, api) {
            return e.response();
        }
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let skip: usize = url.query("$skipToken").and_then(|s| s.parse().ok()).unwrap_or(0);
        let size = self.page_size.max(1);
        let all = &self.world.splrs;
        let value: Vec<Value> = all.iter().skip(skip).take(size).map(|s| self.world.splr_json(s)).collect();
        let mut body = json!({});
        put(&mut body, "value", Value::Array(value));
        if skip + size < all.len() {
            let next = format!(
                "{}{}?api-version={}&$skipToken={}",
                self.endpoint,
                url.path,
                api.unwrap_or_default(),
                skip + size
            );
            put(&mut body, "nextLink", Value::String(next));
        }
        Response::json(200, &body)
    }

    pub(super) fn on_private_link_resources(&mut self, req: &Request, p: &ServicePath, api: Option<&str>) -> Response {
        if let Err(e) = self.check_service(p, api) {
            return e.response();
        }
        if req.method != Method::Get {
            return Self::method_not_allowed(req);
        }
        let (group, zone) = match p.kind {
            Service::WebPubSub => ("webpubsub", "privatelink.webpubsub.azure.com"),
            Service::SignalR => ("signalr", "privatelink.service.signalr.net"),
        };
        let share = |name: &str, group_id: &str, ty: &str, what: &str| json!({"name": name, "properties": {"description": what, "groupId": group_id, "type": ty}});
        let shareable = vec![
            share("site", "sites", "Microsoft.Web/sites", "Azure App Service can be used as an upstream"),
            share("vault", "vault", "Microsoft.KeyVault/vaults", "Azure Key Vault can be used as credentials store"),
            share(
                "table",
                "table",
                "Microsoft.Storage/storageAccounts",
                "Azure Storage Table can be used as message store",
            ),
        ];
        let mut props = json!({"groupId": group, "requiredMembers": [group], "requiredZoneNames": [zone]});
        put(&mut props, "shareablePrivateLinkResourceTypes", Value::Array(shareable));
        // `name` and `type` as every official example has them, Web PubSub 2024-03-01 through
        // 2026-03-01-preview and SignalR 2025-01-01-preview (azure-rest-api-specs
        // `…/preview/2026-03-01-preview/examples/WebPubSubPrivateLinkResources_List.json` @e506b7e7f49b7375cf32f80fe6575c4cf2460c07,
        // copies in core/tests/fixtures/arm-examples/): `"name": "myPrivateLink"`, `"type": "privateLinkResources"`.
        // No recorded response shows what the RP really names it (unverified); nothing reads the name.
        let svc = &self.world.service;
        let mut resource = json!({
            "id": format!("{}/privateLinkResources/myPrivateLink", svc.id()),
            "name": "myPrivateLink",
            "type": "privateLinkResources",
        });
        put(&mut resource, "properties", props);
        let mut body = json!({});
        put(&mut body, "value", Value::Array(vec![resource]));
        Response::json(200, &body)
    }

    pub(super) fn splr_not_found(&self, name: &str) -> Response {
        let s = &self.world.service;
        ArmError::not_found(&format!("{}/{}/sharedPrivateLinkResources/{name}", s.kind.resource_type(), s.name), &s.resource_group)
            .response()
    }

    pub(super) fn conflict(&self, req: &Request) -> Response {
        err(
            Code::Conflict,
            format!(
                "Cannot perform '{}' on '{}': the resource is in 'Updating' state because another operation is in \
                 progress. Retry after it completes.",
                req.method, self.world.service.name
            ),
        )
    }

    /// Busy service or the injected "still updating" fault (used up here).
    pub(super) fn take_conflict(&mut self) -> bool {
        std::mem::take(&mut self.faults.service_updating) || self.service_busy()
    }

    pub(super) fn on_splr(&mut self, req: &Request, p: &ServicePath, name: &str, api: Option<&str>) -> Response {
        let version = match self.check_service(p, api) {
            Ok(v) => v,
            Err(e) => return e.response(),
        };
        match req.method {
            Method::Get => match self.world.splr(name) {
                Some(s) => Response::json(200, &self.world.splr_json(s)),
                None => self.splr_not_found(name),
            },
            // Azure Policy is evaluated by ARM before the provider sees the write (faults::Faults::policy_deny).
            Method::Put if self.faults.policy_deny => {
                let ty = format!("{}/sharedPrivateLinkResources", p.kind.resource_type());
                crate::arm::policy::deny_response(&self.world.service.subscription, name, &ty)
            }
            Method::Put => self.put_splr(req, name, version),
            Method::Delete => self.delete_splr(req, name, version),
            _ => Self::method_not_allowed(req),
        }
    }

    pub(super) fn read_splr_body(body: Option<&str>, version: ApiVersion) -> Result<SplrProperties, ArmError> {
        let bad = |m: String| {
            ArmError::new(
                Code::InvalidRequestContent,
                format!("The request content was invalid and could not be deserialized: '{m}'"),
            )
        };
        let text =
            body.map(str::trim).filter(|t| !t.is_empty()).ok_or_else(|| bad("The request body is empty.".into()))?;
        let v: Value = serde_json::from_str(text).map_err(|e| bad(format!("{e}")))?;
        let props = v
            .get("properties")
            .and_then(Value::as_object)
            .ok_or_else(|| bad("Required property 'properties' not found in JSON. Path ''.".into()))?;
        let mut out = SplrProperties::default();
        let mut has_id = false;
        for (k, val) in props {
            let string = || {
                val.as_str().map(str::to_string).ok_or_else(|| {
                    bad(format!(
                        "Error converting value {} to type 'System.String'. Path 'properties.{k}'.",
                        compact(val)
                    ))
                })
            };
            match k.to_ascii_lowercase().as_str() {
                "privatelinkresourceid" => {
                    out.private_link_resource_id = string()?;
                    has_id = true;
                }
                "groupid" => out.group_id = Some(string()?),
                "requestmessage" => out.request_message = Some(string()?),
                "fqdns" if version.fqdns => {
                    let list = val.as_array().and_then(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect());
                    out.fqdns = Some(list.ok_or_else(|| {
                        bad(format!(
                            "Error converting value {} to type 'System.String[]'. Path 'properties.fqdns'.",
                            compact(val)
                        ))
                    })?);
                }
                "provisioningstate" | "status" => {} // read-only: ignored as ARM does
                _ => {
                    return Err(bad(format!(
                        "Could not find member '{k}' on object of type 'SharedPrivateLinkResourceProperties'. Path \
                         'properties.{k}'."
                    )))
                }
            }
        }
        if !has_id {
            return Err(bad("Required property 'privateLinkResourceId' not found in JSON. Path 'properties'.".into()));
        }
        Ok(out)
    }

    /// PUT of an SPLR: the checks the RP makes up front, in its order, then the stored SPLR and its
    /// async operation (201 for a new one, 200 for an update).
    pub(super) fn put_splr(&mut self, req: &Request, name: &str, version: ApiVersion) -> Response {
        let props = match Self::read_put_splr(req, name, version) {
            Ok(p) => p,
            Err(r) => return r,
        };
        let checked = Self::linked_target_id(&props).and_then(|target_id| {
            self.check_linked_access(name, &target_id)?;
            self.check_tier()?;
            Self::check_shareable(&target_id, &props, version)
        });
        if let Err(r) = checked {
            return r;
        }
        // No service-mode check: a SignalR service in Default (or Classic) mode gets its SPLR to a site like
        // any other (azurerm's TestAccSignalrSharedPrivateLinkResource_basicSites creates one on a service
        // without service_mode). Serverless mode only decides whether upstream calls are made at all; the
        // explainer says so (explain::upstream_caveat).
        if self.take_conflict() {
            return self.conflict(req);
        }
        let existing = self.world.splr(name).is_some();
        let stored_name = self.store_splr(name, props);
        let (kind, base) = if existing {
            (OpKind::UpdateSplr(stored_name.clone()), self.timings.update)
        } else {
            (OpKind::CreateSplr(stored_name.clone()), self.timings.create)
        };
        let scope = self.service_scope();
        let op = self.start_op("Microsoft.SignalRService", &scope, kind, version.id, base);
        let body = self.world.splr(name).map(|s| self.world.splr_json(s)).unwrap_or_default();
        let resp = Response::json(if existing { 200 } else { 201 }, &body);
        self.async_headers(resp, op)
    }

    /// The SPLR's name and body.
    fn read_put_splr(req: &Request, name: &str, version: ApiVersion) -> Result<SplrProperties, Response> {
        if let Err(e) = names::service_name("shared private link resource name", name) {
            return Err(err(Code::InvalidResourceName, format!("Resource name '{name}' is invalid. {e}")));
        }
        Self::read_splr_body(req.body.as_deref(), version).map_err(|e| e.response())
    }

    /// `privateLinkResourceId` as a resource ID, exactly as written (no repairs).
    fn linked_target_id(props: &SplrProperties) -> Result<resource_id::ResourceId, Response> {
        let invalid_id = || {
            err(
                Code::LinkedInvalidPropertyId,
                format!(
                    "Property id '{}' at path 'properties.privateLinkResourceId' is invalid. Expect fully qualified \
                     resource Id that start with '/subscriptions/{{subscriptionId}}' or \
                     '/providers/{{resourceProviderNamespace}}/'.",
                    props.private_link_resource_id
                ),
            )
        };
        match resource_id::parse(&props.private_link_resource_id) {
            Ok(p) if p.repairs.is_empty() => Ok(p.id),
            _ => Err(invalid_id()),
        }
    }

    /// The caller's right to approve on the target, which ARM checks on the linked scope.
    fn check_linked_access(&self, name: &str, target_id: &resource_id::ResourceId) -> Result<(), Response> {
        let svc = &self.world.service;
        // ARM's linked-access message (https://github.com/Azure/aad-pod-identity/issues/613,
        // https://github.com/kubernetes-sigs/cloud-provider-azure/issues/1999): "The client '{id}' with object id
        // '{oid}' has permission to perform action '{action}' on scope '{scope}'; however, it does not have
        // permission to perform action '{linked action}' on the linked scope(s) '{scope}' or the linked scope(s)
        // are invalid." The linked action is the target provider's own approval action
        // (`Microsoft.Web/sites/privateEndpointConnectionsApproval/action`, …); the caller is a placeholder (the
        // simulator knows no identity); whether the SignalR RP makes this linked check at all is unverified.
        if !self.world.rights_on_target {
            return Err(err(
                Code::LinkedAuthorizationFailed,
                format!(
                    "The client '{CALLER}' with object id '{CALLER_OBJECT_ID}' has permission to perform action \
                     '{}/sharedPrivateLinkResources/write' on scope '{}'; however, it does not have permission to \
                     perform action '{}/privateEndpointConnectionsApproval/action' on the linked scope(s) '{}' or the \
                     linked scope(s) are invalid.",
                    svc.kind.resource_type(),
                    svc.splr_id(name),
                    target_id.full_type(),
                    target_id.text
                ),
            ));
        }
        Ok(())
    }

    /// Shared private link resources need Standard or Premium.
    fn check_tier(&self) -> Result<(), Response> {
        let svc = &self.world.service;
        if svc.tier == Tier::Free {
            return Err(err(
                Code::SkuNotSupported,
                format!(
                    "Shared private link resources are not supported in the Free tier ({}). Scale '{}' to Standard or \
                     Premium first.",
                    svc.tier.sku(),
                    svc.name
                ),
            ));
        }
        Ok(())
    }

    /// A target type this api-version can share, with what that type needs (`fqdns` for a Private Link
    /// Service).
    fn check_shareable(
        target_id: &resource_id::ResourceId,
        props: &SplrProperties,
        version: ApiVersion,
    ) -> Result<(), Response> {
        let kind = [TargetKind::Site, TargetKind::PrivateLinkService, TargetKind::KeyVault, TargetKind::StorageAccount]
            .into_iter()
            .find(|k| target_id.is_type(k.resource_type()));
        // Any version with `fqdns` can name a Private Link Service: Web PubSub documents it; for SignalR the
        // schema has the same `fqdns` (2024-08-01-preview+) but service support is undocumented (unverified),
        // so the model does not invent a refusal.
        let pls_ok = version.fqdns;
        let kind = match kind {
            Some(TargetKind::PrivateLinkService) if !pls_ok => None,
            k => k,
        };
        let Some(kind) = kind else {
            let pls = if pls_ok { ", Microsoft.Network/privateLinkServices (with fqdns)" } else { "" };
            return Err(err(
                Code::UnsupportedPrivateLinkResourceType,
                format!(
                    "The private link resource type '{}' cannot be shared with api-version {}. Supported types: \
                     Microsoft.Web/sites (groupId 'sites'), Microsoft.KeyVault/vaults (groupId 'vault'), \
                     Microsoft.Storage/storageAccounts (groupId 'table'){pls}.",
                    target_id.full_type(),
                    version.id
                ),
            ));
        };
        if kind == TargetKind::PrivateLinkService && props.fqdns.as_ref().is_none_or(|f| f.is_empty()) {
            return Err(err(
                Code::InvalidRequestContent,
                "The request content was invalid: 'fqdns' is required when privateLinkResourceId is a Private Link \
                 Service (the names the service uses to reach it).",
            ));
        }
        Ok(())
    }

    /// `…/replicas/{replica}/sharedPrivateLinkResources[/{name}]`: List, Get and CreateOrUpdate, no Delete
    /// "by design" (the replica paths of webpubsub.json / signalr.json, e.g. WPS 2026-03-01-preview
    /// @73b50feb; https://github.com/Azure/azure-rest-api-specs/pull/28259). The copies follow the main SPLR:
    /// a PUT on a copy answers the copy as it is (unverified), a DELETE the RP's unsupported-method error
    /// (what ARM answers for a method the RP does not define is unverified).
    pub(super) fn on_replica_splr(
        &mut self,
        req: &Request,
        p: &ServicePath,
        replica: &str,
        name: Option<&str>,
        api: Option<&str>,
    ) -> Response {
        if let Err(e) = self.check_service(p, api) {
            return e.response();
        }
        let Some(replica) = self.world.service.replica(replica).map(str::to_string) else {
            let s = &self.world.service;
            return ArmError::not_found(&format!("{}/{}/replicas/{replica}", s.kind.resource_type(), s.name), &s.resource_group)
                .response();
        };
        match (req.method, name) {
            (Method::Get, None) => {
                let value = self.world.splrs.iter().map(|s| self.world.replica_splr_json(s, &replica)).collect();
                let mut body = json!({});
                put(&mut body, "value", Value::Array(value));
                Response::json(200, &body)
            }
            (Method::Get | Method::Put, Some(n)) => match self.world.splr(n) {
                Some(s) => Response::json(200, &self.world.replica_splr_json(s, &replica)),
                None => self.splr_not_found(n),
            },
            _ => Self::method_not_allowed(req),
        }
    }

    /// Stores the SPLR as `Creating` (new) or `Updating` (existing, keeping its connection and status);
    /// the name as first stored.
    fn store_splr(&mut self, name: &str, props: SplrProperties) -> String {
        let existing = self.world.splr(name).is_some();
        let state = if existing { ProvisioningState::Updating } else { ProvisioningState::Creating };
        let stored_name = self.world.splr(name).map(|s| s.name.clone()).unwrap_or_else(|| name.to_string());
        let previous = self.world.splr(name).cloned();
        let splr = Splr {
            name: stored_name.clone(),
            private_link_resource_id: props.private_link_resource_id,
            group_id: props.group_id,
            fqdns: props.fqdns,
            request_message: props.request_message,
            provisioning_state: state,
            status: previous.as_ref().and_then(|p| p.status),
            replica_connections: previous.as_ref().map(|p| p.replica_connections.clone()).unwrap_or_default(),
            connection: previous.and_then(|p| p.connection),
        };
        match self.world.splr_mut(name) {
            Some(s) => *s = splr,
            None => self.world.splrs.push(splr),
        }
        stored_name
    }

    pub(super) fn delete_splr(&mut self, req: &Request, name: &str, version: ApiVersion) -> Response {
        if self.world.splr(name).is_none() {
            return Response::empty(204);
        }
        if self.take_conflict() {
            return self.conflict(req);
        }
        let s = self.world.splr_mut(name).expect("checked");
        s.provisioning_state = ProvisioningState::Deleting;
        let stored = s.name.clone();
        let scope = self.service_scope();
        let (kind, base) = (OpKind::DeleteSplr(stored), self.timings.delete);
        let op = self.start_op("Microsoft.SignalRService", &scope, kind, version.id, base);
        self.async_headers(Response::empty(202), op)
    }

    /// The service's resource ID with the resource provider's own type casing (`SignalR`, `WebPubSub`), as in
    /// the async URLs it hands out (azure-cli recording @283b2dd1: `.../Microsoft.SignalRService/SignalR/{name}`;
    /// the specs' examples: `.../Microsoft.SignalRService/WebPubSub/{name}`).
    pub(super) fn service_scope(&self) -> String {
        let s = &self.world.service;
        let rp_type = match s.kind {
            Service::SignalR => "SignalR",
            Service::WebPubSub => "WebPubSub",
        };
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.SignalRService/{rp_type}/{}",
            s.subscription, s.resource_group, s.name
        )
    }

    /// What only the managed private endpoint's creation can find out.
    pub(super) fn provisioning_error(&self, s: &Splr) -> Option<ArmError> {
        let Some(target) = self.world.target(&s.private_link_resource_id) else {
            return Some(ArmError::new(
                Code::PrivateLinkResourceNotFound,
                format!(
                    "The private link resource '{}' was not found. Check the resource ID and that the resource exists.",
                    s.private_link_resource_id
                ),
            ));
        };
        if target.kind != TargetKind::PrivateLinkService {
            let allowed = target.group_ids();
            let g = s.group_id.clone().unwrap_or_default();
            if !allowed.contains(&g) {
                let list = allowed.iter().map(|a| format!("'{a}'")).collect::<Vec<_>>().join(", ");
                let case = if allowed.iter().any(|a| a.eq_ignore_ascii_case(&g)) {
                    " groupIds are case-sensitive."
                } else {
                    ""
                };
                return Some(ArmError::new(
                    Code::InvalidGroupId,
                    format!("Invalid groupId '{g}' for '{}'. Expected one of: {list}.{case}", target.id),
                ));
            }
        }
        if target.kind == TargetKind::PrivateLinkService && target.visibility == PlsVisibility::Restricted {
            return Some(ArmError::new(
                Code::PrivateLinkServiceNotVisible,
                format!(
                    "The private link service '{}' is not visible to the subscription of the service's managed \
                     private endpoint. Set its visibility to anyone ('*').",
                    target.id
                ),
            ));
        }
        if target.kind == TargetKind::Site && !target.supports_private_endpoints {
            return Some(
                crate::arm::faults::ProvisioningFailure::PlanWithoutPrivateEndpoints
                    .error(&target.id, &self.world.service.name),
            );
        }
        self.faults.provisioning_failure.map(|f| f.error(&target.id, &self.world.service.name))
    }

    /// An SPLR's create or update is due: it fails on what only the managed private endpoint finds out, or
    /// succeeds with its connection (kept when it still points at the same target and groupId, else new).
    pub(super) fn finish_provisioning(&mut self, name: &str) -> Result<(), ArmError> {
        let Some(s) = self.world.splr(name).cloned() else {
            return Err(ArmError::new(Code::ResourceNotFound, format!("'{name}' no longer exists.")));
        };
        if let Some(e) = self.provisioning_error(&s) {
            self.world.splr_mut(name).expect("present").provisioning_state = ProvisioningState::Failed;
            return Err(e);
        }
        let group_ids: Vec<String> = s.group_id.iter().filter(|g| !g.is_empty()).cloned().collect();
        let keep = s.connection.as_ref().is_some_and(|(t, c)| {
            t.eq_ignore_ascii_case(&s.private_link_resource_id)
                && self.world.target(t).and_then(|t| t.connection(c)).is_some_and(|c| c.group_ids == group_ids)
        });
        if !keep {
            if let Some((t, c)) = &s.connection {
                if let Some(t) = self.world.target_mut(t) {
                    t.connections.retain(|x| !x.name.eq_ignore_ascii_case(c));
                }
            }
            for (_, (t, c)) in &s.replica_connections {
                if let Some(t) = self.world.target_mut(t) {
                    t.connections.retain(|x| !x.name.eq_ignore_ascii_case(c));
                }
            }
            let (target_id, conn_name) = self.open_connection(&s, group_ids.clone());
            // Each replica's copy opens its own connection (unverified: see `World::replica_splr_json`).
            let copies: Vec<(String, (String, String))> = self
                .world
                .service
                .replicas
                .clone()
                .into_iter()
                .map(|r| {
                    let c = self.open_connection(&s, group_ids.clone());
                    (r, c)
                })
                .collect();
            let splr = self.world.splr_mut(name).expect("present");
            splr.connection = Some((target_id, conn_name));
            splr.replica_connections = copies;
            splr.status = Some(ConnectionStatus::Pending);
        }
        self.world.splr_mut(name).expect("present").provisioning_state = ProvisioningState::Succeeded;
        self.apply_standing_faults();
        Ok(())
    }
}

/// A JSON value as ARM quotes it in a message (one line).
fn compact(value: &Value) -> String {
    json_text::write(value, JsonStyle::Compact)
}
