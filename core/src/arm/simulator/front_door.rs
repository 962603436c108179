//! ARM's front door, in its order: `Authorization` (401), the injected throttling and server errors (429,
//! 5xx), the URL and its route, api-version (400), then resource group and service (404). Nothing behind it
//! runs until these pass, as with the real ARM.

use super::Simulator;
use crate::api_version::{self, ApiVersion};
use crate::arm::error::{ArmError, Code};
use crate::arm::exchange::bearer_token;
use crate::arm::http::{Request, Response, Url};
use crate::arm::route::{route, Route, ServicePath};
use crate::target::TargetKind;

pub(super) fn err(code: Code, message: impl Into<String>) -> Response {
    ArmError::new(code, message).response()
}

pub(super) fn is_well_formed_version(v: &str) -> bool {
    let b = v.as_bytes();
    let date_ok = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    date_ok && (b.len() == 10 || (b[10] == b'-' && v[11..].chars().all(|c| c.is_ascii_alphanumeric()) && b.len() > 11))
}

/// Api-versions the simulated target providers accept for the target and its privateEndpointConnections,
/// newest first. Real providers accept many more; these include, last in each list, the one
/// `az network private-endpoint-connection` itself sends (Azure/azure-cli
/// `src/azure-cli/azure/cli/command_modules/network/private_link_resource_and_endpoint_connections/custom.py`
/// @924eac2b3c7518f0721f29acecc313b818e62f1c, `register_providers`: Microsoft.Web/sites 2019-08-01,
/// Microsoft.Network/privateLinkServices 2021-05-01, Microsoft.Keyvault/vaults 2019-09-01,
/// Microsoft.Storage/storageAccounts 2019-06-01), and the newest seen in azure-rest-api-specs: Microsoft.Web
/// 2026-03-15, 2026-03-01-preview, 2025-05-01 (`Microsoft.Web/AppService/main.tsp` @050af8319af3a1f484d22add04d46d0ba82def40),
/// Microsoft.Network 2025-05-01 (`Microsoft.Network/Network/stable/2025-05-01/privateLinkService.json` @aedce982),
/// Microsoft.KeyVault 2026-02-01 and 2025-05-01 (`Microsoft.KeyVault/KeyVault/examples/2026-02-01/putPrivateEndpointConnection.json`),
/// Microsoft.Storage 2025-06-01 and 2025-01-01 (`Microsoft.Storage/stable/2025-06-01/storage.json` @bc43ce92).
pub fn target_api_versions(kind: TargetKind) -> &'static [&'static str] {
    match kind {
        TargetKind::Site => &[
            "2026-03-15",
            "2026-03-01-preview",
            "2025-05-01",
            "2025-03-01",
            "2024-11-01",
            "2024-04-01",
            "2023-12-01",
            "2023-01-01",
            "2022-09-01",
            "2019-08-01",
        ],
        TargetKind::PrivateLinkService => {
            &["2025-05-01", "2025-01-01", "2024-05-01", "2024-03-01", "2023-11-01", "2023-09-01", "2021-05-01"]
        }
        TargetKind::KeyVault => {
            &["2026-02-01", "2025-05-01", "2024-11-01", "2023-07-01", "2023-02-01", "2022-07-01", "2019-09-01"]
        }
        TargetKind::StorageAccount => {
            &["2025-06-01", "2025-01-01", "2024-01-01", "2023-05-01", "2023-01-01", "2022-09-01", "2019-06-01"]
        }
    }
}

pub(super) fn check_version(v: Option<&str>, known: &[&str], type_name: &str, location: &str) -> Result<(), ArmError> {
    let Some(v) = v.filter(|v| !v.is_empty()) else {
        return Err(ArmError::new(
            Code::MissingApiVersionParameter,
            "The api-version query parameter (?api-version=) is required for all requests.",
        ));
    };
    let supported = known.join(", ");
    if !is_well_formed_version(v) {
        return Err(ArmError::new(
            Code::InvalidApiVersionParameter,
            format!("The api-version '{v}' is invalid. The supported versions are '{supported}'."),
        ));
    }
    if !known.contains(&v) {
        return Err(ArmError::new(
            Code::NoRegisteredProviderFound,
            format!(
                "No registered resource provider found for location '{location}' and API version '{v}' for type \
                 '{type_name}'. The supported api-versions are '{supported}'."
            ),
        ));
    }
    Ok(())
}

impl Simulator {
    /// The front door in ARM's order (auth, injected 429 and 5xx), then the side the URL addresses.
    pub(super) fn respond(&mut self, req: &Request) -> Response {
        if let Err(r) = self.check_authorization(req) {
            return r;
        }
        if let Some(r) = self.injected_throttling(req) {
            return r;
        }
        if let Some(r) = self.injected_server_error() {
            return r;
        }
        self.route_to_handler(req)
    }

    /// 401 without `Authorization: Bearer <token>` (the in-browser simulator is lenient).
    fn check_authorization(&self, req: &Request) -> Result<(), Response> {
        if self.lenient_auth {
            return Ok(());
        }
        match req.header("Authorization") {
            None => {
                Err(err(Code::AuthenticationFailed, "Authentication failed. The 'Authorization' header is missing."))
            }
            Some(v) if bearer_token(v).is_none() => Err(err(
                Code::InvalidAuthenticationToken,
                "The access token is invalid: the 'Authorization' header must be 'Bearer <token>'.",
            )),
            _ => Ok(()),
        }
    }

    /// The injected throttling (429 with `Retry-After`), used up one request at a time.
    fn injected_throttling(&mut self, req: &Request) -> Option<Response> {
        if self.faults.throttle == 0 {
            return None;
        }
        self.faults.throttle -= 1;
        let secs = self.faults.throttle_retry_after;
        let kind = if req.method.is_mutating() { "write" } else { "read" };
        let message = format!(
            "Number of '{kind}' requests for subscription '{}' actually exceeded the limit for time interval \
             '01:00:00'. Please try again after '{secs}' seconds.",
            self.world.service.subscription
        );
        Some(
            err(Code::SubscriptionRequestsThrottled, message)
                .with_header("Retry-After", secs.to_string())
                .with_header(&format!("x-ms-ratelimit-remaining-subscription-{kind}s"), "0"),
        )
    }

    /// The injected server errors (500, or 503 with `Retry-After`), used up one request at a time.
    fn injected_server_error(&mut self) -> Option<Response> {
        if self.faults.server_errors == 0 {
            return None;
        }
        self.faults.server_errors -= 1;
        if self.faults.server_error_status == 503 {
            return Some(
                err(Code::ServiceUnavailable, "The service is temporarily unavailable. Please retry later.")
                    .with_header("Retry-After", "5"),
            );
        }
        let tracking = self.rng.guid();
        Some(err(
            Code::InternalServerError,
            format!("Encountered internal server error. Diagnostic information: tracking id '{tracking}'."),
        ))
    }

    /// The URL, its route, and the handler of the side it addresses.
    fn route_to_handler(&mut self, req: &Request) -> Response {
        let url = match Url::parse(&req.url) {
            Ok(u) => u,
            Err(e) => return err(Code::InvalidResourceType, e),
        };
        let route = match route(&url) {
            Ok(r) => r,
            Err(e) => return e.response(),
        };
        let api = url.query("api-version").map(str::to_string);
        match route {
            Route::Service(p) => self.on_service(req, &p, api.as_deref()),
            Route::SplrList(p) => self.on_splr_list(req, &url, &p, api.as_deref()),
            Route::Splr(p, name) => self.on_splr(req, &p, &name, api.as_deref()),
            Route::ReplicaSplr(p, r, name) => self.on_replica_splr(req, &p, &r, name.as_deref(), api.as_deref()),
            Route::PrivateLinkResources(p) => self.on_private_link_resources(req, &p, api.as_deref()),
            Route::OperationStatus { namespace, scope, id, .. } => {
                self.on_operation(req, &url, &namespace, &scope, &id, false)
            }
            Route::OperationResult { namespace, scope, id, .. } => {
                self.on_operation(req, &url, &namespace, &scope, &id, true)
            }
            Route::Target(t) => self.on_target(req, &t, api.as_deref()),
            Route::TargetConnections(t) => self.on_connections(req, &t, api.as_deref()),
            Route::TargetConnection(t, c) => self.on_connection(req, &t, &c, api.as_deref()),
            Route::SubscriptionList => self.on_subscription_list(req, &url),
            Route::ProviderList { subscription, listed } => self.on_provider_list(req, &url, &subscription, listed),
            Route::SlotList(t) => self.on_slot_list(req, &url, &t),
        }
    }

    pub(super) fn method_not_allowed(req: &Request) -> Response {
        err(
            Code::UnsupportedHttpMethod,
            format!("The requested resource does not support http method '{}'.", req.method),
        )
    }

    pub(super) fn known_resource_group(&self, sub: &str, rg: &str) -> bool {
        let s = &self.world.service;
        if s.subscription.eq_ignore_ascii_case(sub) && s.resource_group.eq_ignore_ascii_case(rg) {
            return true;
        }
        let prefix = format!("/subscriptions/{sub}/resourcegroups/{rg}/").to_ascii_lowercase();
        self.world.targets.iter().any(|t| t.id.to_ascii_lowercase().starts_with(&prefix))
    }

    /// api-version, resource group and service, in ARM's order.
    pub(super) fn check_service(&self, p: &ServicePath, api: Option<&str>) -> Result<ApiVersion, ArmError> {
        let ids: Vec<&str> = api_version::versions(p.kind).iter().map(|v| v.id).collect();
        check_version(api, &ids, &p.kind.resource_type(), &self.world.service.location)?;
        if !self.known_resource_group(&p.subscription, &p.resource_group) {
            return Err(ArmError::new(
                Code::ResourceGroupNotFound,
                format!("Resource group '{}' could not be found.", p.resource_group),
            ));
        }
        let s = &self.world.service;
        if p.kind != s.kind
            || !p.name.eq_ignore_ascii_case(&s.name)
            || !p.resource_group.eq_ignore_ascii_case(&s.resource_group)
            || !p.subscription.eq_ignore_ascii_case(&s.subscription)
        {
            return Err(ArmError::not_found(&format!("{}/{}", p.kind.resource_type(), p.name), &p.resource_group));
        }
        Ok(api_version::lookup(p.kind, api.unwrap_or_default()).expect("checked above"))
    }
}
