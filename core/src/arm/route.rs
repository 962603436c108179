//! Which resource a URL addresses, the way ARM routes it: keywords, provider namespaces and types
//! compare case-insensitively; names are kept as sent.

use super::error::{ArmError, Code};
use super::http::Url;
use crate::service::Service;
use crate::target::TargetKind;

/// A resource of another provider that can carry private endpoint connections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetPath {
    pub subscription: String,
    pub resource_group: String,
    pub kind: TargetKind,
    pub name: String,
    /// A deployment slot of a site: `…/sites/{app}/slots/{slot}`, whose connections are its own
    /// (`…/slots/{slot}/privateEndpointConnections`, the WebApps `…Slot` operations of
    /// azure-rest-api-specs `specification/web/resource-manager/Microsoft.Web/AppService/RemotePrivateEndpointConnectionARMResource.tsp`
    /// @074e21c38b61058b27bcdefd854f2aa5b4f323bb, `PrivateEndpointConnectionSlotOperationGroup`).
    pub slot: Option<String>,
}

impl TargetPath {
    /// The ID of the resource itself (for a slot: the app, which holds the slot).
    pub fn id(&self) -> String {
        crate::resource_id::build(&self.subscription, &self.resource_group, self.kind.resource_type(), &self.name)
    }
}

/// A Web PubSub / SignalR service as addressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePath {
    pub subscription: String,
    pub resource_group: String,
    pub kind: Service,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Service(ServicePath),
    SplrList(ServicePath),
    Splr(ServicePath, String),
    /// A replica's copies: `…/replicas/{replica}/sharedPrivateLinkResources[/{name}]`.
    ReplicaSplr(ServicePath, String, Option<String>),
    PrivateLinkResources(ServicePath),
    /// `Azure-AsyncOperation` URL: `{scope}/operationStatuses/{id}`, where `scope` is the resource the
    /// operation runs under (the service, for an SPLR operation) or a provider's location
    /// (`/subscriptions/{sub}/providers/{ns}/locations/{loc}`, as Microsoft.Web answers).
    OperationStatus {
        subscription: String,
        namespace: String,
        scope: String,
        id: String,
    },
    /// `Location` URL: `{scope}/operationResults/{id}`.
    OperationResult {
        subscription: String,
        namespace: String,
        scope: String,
        id: String,
    },
    Target(TargetPath),
    TargetConnections(TargetPath),
    TargetConnection(TargetPath, String),
    /// `GET /subscriptions` (Subscriptions_List): the subscriptions the caller can see.
    SubscriptionList,
    /// `/subscriptions/{sub}/providers/{ns}/{type}`: every service or target of a type in a subscription
    /// (WebPubSub_ListBySubscription, WebApps_List, PrivateLinkServices_ListBySubscription, …).
    ProviderList { subscription: String, listed: Listed },
    /// `…/sites/{app}/slots` (WebApps_ListSlots): a site's deployment slots.
    SlotList(TargetPath),
}

/// What a subscription-wide list names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    Services(Service),
    Targets(TargetKind),
}

fn not_routable(url: &Url) -> ArmError {
    ArmError::new(
        Code::InvalidResourceType,
        format!("The resource type could not be found for the request path '{}'.", url.path),
    )
}

fn target_kind(namespace: &str, kind: &str) -> Option<TargetKind> {
    let full = format!("{namespace}/{kind}");
    [TargetKind::Site, TargetKind::PrivateLinkService, TargetKind::KeyVault, TargetKind::StorageAccount]
        .into_iter()
        .find(|k| k.resource_type().eq_ignore_ascii_case(&full))
}

pub fn route(url: &Url) -> Result<Route, ArmError> {
    let segs = url.segments();
    let s = |i: usize| segs.get(i).map(String::as_str);
    let is = |i: usize, kw: &str| s(i).is_some_and(|x| x.eq_ignore_ascii_case(kw));
    if segs.len() == 1 && is(0, "subscriptions") {
        return Ok(Route::SubscriptionList);
    }
    if !is(0, "subscriptions") || s(1).is_none() {
        return Err(not_routable(url));
    }
    let subscription = segs[1].clone();
    // /subscriptions/{sub}/providers/{ns}/locations/{loc}/operationStatuses|operationResults/{id}: Microsoft.Web's
    // shape (azure-rest-api-specs Microsoft.Web/AppService/stable/2025-03-01/examples/ApproveRejectSitePrivateEndpointConnection.json
    // @2a2407bb: `.../providers/Microsoft.Web/locations/westus2/operationResults/{guid}`).
    if is(2, "providers") && is(4, "locations") && segs.len() == 8 {
        let scope = format!("/{}", segs[..6].join("/"));
        let (namespace, id) = (segs[3].clone(), segs[7].clone());
        return if is(6, "operationStatuses") {
            Ok(Route::OperationStatus { subscription, namespace, scope, id })
        } else if is(6, "operationResults") {
            Ok(Route::OperationResult { subscription, namespace, scope, id })
        } else {
            Err(not_routable(url))
        };
    }
    if is(2, "providers") && segs.len() == 5 {
        let (ns, ty) = (segs[3].as_str(), segs[4].as_str());
        let service = [Service::WebPubSub, Service::SignalR]
            .into_iter()
            .find(|sv| ns.eq_ignore_ascii_case("Microsoft.SignalRService") && sv.type_segment().eq_ignore_ascii_case(ty));
        let listed = match service {
            Some(sv) => Listed::Services(sv),
            None => Listed::Targets(target_kind(ns, ty).ok_or_else(|| not_routable(url))?),
        };
        return Ok(Route::ProviderList { subscription, listed });
    }
    if !is(2, "resourceGroups") || !is(4, "providers") || segs.len() < 8 {
        return Err(not_routable(url));
    }
    // {resource}/operationStatuses|operationResults/{id}: resource-scoped, as the SignalR RP answers
    // (azure-cli recording test_signalr_commands.yaml @283b2dd1:
    // .../providers/Microsoft.SignalRService/SignalR/{name}/operationStatuses/{guid}?api-version=...).
    let n = segs.len();
    if n >= 10 && (is(n - 2, "operationStatuses") || is(n - 2, "operationResults")) {
        let scope = format!("/{}", segs[..n - 2].join("/"));
        let (namespace, id) = (segs[5].clone(), segs[n - 1].clone());
        return Ok(if is(n - 2, "operationStatuses") {
            Route::OperationStatus { subscription, namespace, scope, id }
        } else {
            Route::OperationResult { subscription, namespace, scope, id }
        });
    }
    let resource_group = segs[3].clone();
    let (namespace, kind, name) = (segs[5].as_str(), segs[6].as_str(), segs[7].clone());
    let rest: Vec<&str> = segs[8..].iter().map(String::as_str).collect();

    if namespace.eq_ignore_ascii_case("Microsoft.SignalRService") {
        let service = [Service::WebPubSub, Service::SignalR]
            .into_iter()
            .find(|sv| sv.type_segment().eq_ignore_ascii_case(kind))
            .ok_or_else(|| not_routable(url))?;
        let p = ServicePath { subscription, resource_group, kind: service, name };
        let child = |i: usize, kw: &str| rest.get(i).is_some_and(|x| x.eq_ignore_ascii_case(kw));
        return match rest.len() {
            0 => Ok(Route::Service(p)),
            1 if child(0, "sharedPrivateLinkResources") => Ok(Route::SplrList(p)),
            1 if child(0, "privateLinkResources") => Ok(Route::PrivateLinkResources(p)),
            2 if child(0, "sharedPrivateLinkResources") => Ok(Route::Splr(p, rest[1].to_string())),
            3 | 4 if child(0, "replicas") && child(2, "sharedPrivateLinkResources") => {
                Ok(Route::ReplicaSplr(p, rest[1].to_string(), rest.get(3).map(|n| n.to_string())))
            }
            _ => Err(not_routable(url)),
        };
    }
    let kind = target_kind(namespace, kind).ok_or_else(|| not_routable(url))?;
    let mut rest = rest.as_slice();
    if kind == TargetKind::Site && rest.len() == 1 && rest[0].eq_ignore_ascii_case("slots") {
        return Ok(Route::SlotList(TargetPath { subscription, resource_group, kind, name, slot: None }));
    }
    let mut slot = None;
    if kind == TargetKind::Site && rest.first().is_some_and(|x| x.eq_ignore_ascii_case("slots")) {
        let Some(s) = rest.get(1) else { return Err(not_routable(url)) };
        slot = Some(s.to_string());
        rest = &rest[2..];
    }
    let t = TargetPath { subscription, resource_group, kind, name, slot };
    let child = rest.first().is_some_and(|x| x.eq_ignore_ascii_case("privateEndpointConnections"));
    match rest.len() {
        0 => Ok(Route::Target(t)),
        1 if child => Ok(Route::TargetConnections(t)),
        2 if child => Ok(Route::TargetConnection(t, rest[1].to_string())),
        _ => Err(not_routable(url)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(path: &str) -> Result<Route, ArmError> {
        route(&Url::parse(&format!("https://management.azure.com{path}?api-version=x")).unwrap())
    }

    #[test]
    fn routes() {
        let base = "/subscriptions/s/resourcegroups/rg/providers/microsoft.signalrservice/WEBPUBSUB/svc";
        assert!(matches!(r(base), Ok(Route::Service(p)) if p.kind == Service::WebPubSub && p.name == "svc"));
        assert!(matches!(r(&format!("{base}/sharedPrivateLinkResources/a")), Ok(Route::Splr(_, n)) if n == "a"));
        assert!(matches!(r(&format!("{base}/sharedprivatelinkresources")), Ok(Route::SplrList(_))));
        assert!(matches!(r(&format!("{base}/privateLinkResources")), Ok(Route::PrivateLinkResources(_))));
        assert!(matches!(r(&format!("{base}/replicas/r1/sharedPrivateLinkResources/a")), Ok(Route::ReplicaSplr(_, r, Some(n))) if r == "r1" && n == "a"));
        assert!(matches!(r(&format!("{base}/Replicas/r1/sharedprivatelinkresources")), Ok(Route::ReplicaSplr(_, _, None))));
        assert!(matches!(
            r("/subscriptions/s/resourceGroups/rg/providers/Microsoft.SignalRService/SignalR/svc/operationStatuses/op"),
            Ok(Route::OperationStatus { id, scope, namespace, .. }) if id == "op"
                && scope == "/subscriptions/s/resourceGroups/rg/providers/Microsoft.SignalRService/SignalR/svc"
                && namespace == "Microsoft.SignalRService"
        ));
        assert!(matches!(
            r(&format!("{base}/operationResults/op")),
            Ok(Route::OperationResult { id, .. }) if id == "op"
        ));
        // Location-scoped, as Microsoft.Web hands out.
        assert!(matches!(
            r("/subscriptions/s/providers/Microsoft.Web/locations/westus2/operationResults/op"),
            Ok(Route::OperationResult { scope, .. })
                if scope == "/subscriptions/s/providers/Microsoft.Web/locations/westus2"
        ));
        let site = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app";
        assert!(
            matches!(r(&format!("{site}/privateEndpointConnections/c")), Ok(Route::TargetConnection(t, c)) if c == "c" && t.kind == TargetKind::Site && t.slot.is_none())
        );
        // A slot's own connections (WebApps_GetPrivateEndpointConnectionListSlot and friends).
        assert!(
            matches!(r(&format!("{site}/SLOTS/staging/privateEndpointConnections/c")), Ok(Route::TargetConnection(t, c)) if c == "c" && t.slot.as_deref() == Some("staging") && t.id().ends_with("/sites/app"))
        );
        assert!(matches!(r(&format!("{site}/slots/staging/privateEndpointConnections")), Ok(Route::TargetConnections(t)) if t.slot.is_some()));
        assert!(matches!(r(&format!("{site}/slots/staging")), Ok(Route::Target(t)) if t.slot.as_deref() == Some("staging")));
        assert!(matches!(r(&format!("{site}/slots")), Ok(Route::SlotList(t)) if t.name == "app" && t.slot.is_none()));
        assert!(r(&format!("{site}/slots/a/b")).is_err());
        assert_eq!(
            r("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/x").unwrap_err().code,
            Code::InvalidResourceType
        );
        assert!(r("/x").is_err());
    }

    #[test]
    fn list_routes() {
        assert_eq!(r("/subscriptions"), Ok(Route::SubscriptionList));
        let list = |p: &str| match r(p) {
            Ok(Route::ProviderList { subscription, listed }) if subscription == "s" => Some(listed),
            _ => None,
        };
        assert_eq!(list("/subscriptions/s/providers/Microsoft.SignalRService/webPubSub"), Some(Listed::Services(Service::WebPubSub)));
        assert_eq!(list("/subscriptions/s/providers/microsoft.signalrservice/SignalR"), Some(Listed::Services(Service::SignalR)));
        assert_eq!(list("/subscriptions/s/providers/Microsoft.Web/sites"), Some(Listed::Targets(TargetKind::Site)));
        assert_eq!(list("/subscriptions/s/providers/Microsoft.Network/privateLinkServices"), Some(Listed::Targets(TargetKind::PrivateLinkService)));
        assert_eq!(list("/subscriptions/s/providers/Microsoft.KeyVault/vaults"), Some(Listed::Targets(TargetKind::KeyVault)));
        assert_eq!(list("/subscriptions/s/providers/Microsoft.Storage/storageAccounts"), Some(Listed::Targets(TargetKind::StorageAccount)));
        assert!(r("/subscriptions/s/providers/Microsoft.Sql/servers").is_err());
    }
}
