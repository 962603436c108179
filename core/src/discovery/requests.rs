//! The list requests per kind: subscription-wide `GET`s of each resource provider (what the portal's
//! pickers and `az … list` send), with api-versions the public specs define.

use crate::service::Service;
use crate::target::TargetKind;
use crate::walkthrough::scenario::Scenario;

/// What a picker lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// `GET /subscriptions` (Subscriptions_List).
    Subscriptions,
    /// The Web PubSub or SignalR services of a subscription.
    Services(Service),
    /// The scenario's target resources of a subscription.
    Targets(TargetKind),
    /// The deployment slots of one site (`{site}/slots`, WebApps_ListSlots).
    Slots,
}

impl ListKind {
    /// The service and target lists a scenario's form picks from.
    pub fn for_scenario(s: Scenario) -> (ListKind, ListKind) {
        (ListKind::Services(s.service()), ListKind::Targets(s.target_kind()))
    }

    /// The api-version each list is sent with, from Azure/azure-rest-api-specs (path @commit):
    /// - subscriptions 2022-12-01: `specification/resources/resource-manager/Microsoft.Resources/stable/2022-12-01/subscriptions.json`
    ///   @aa704a36a9ac1f42b7aded1ec6d3927b83bf7dc9 (`Subscriptions_List`, `GET /subscriptions`);
    /// - Web PubSub / SignalR 2024-03-01, their newest stable version (`WebPubSub_ListBySubscription`,
    ///   `SignalR_ListBySubscription`): `specification/webpubsub/resource-manager/Microsoft.SignalRService/stable/2024-03-01/webpubsub.json`
    ///   @c93887028b4d26ea3c19a1c5be394b4f69e636c3, `specification/signalr/resource-manager/Microsoft.SignalRService/stable/2024-03-01/signalr.json`
    ///   @e6eec14c0ec09830fb1cb25dcfc8b31f765215f0;
    /// - sites and slots 2024-04-01 (`WebApps_List`, `WebApps_ListSlots`): `specification/web/resource-manager/Microsoft.Web/stable/2024-04-01/WebApps.json`
    ///   @dc14fc415a819d3ed895e04efe6f4d2aed3e8e20;
    /// - Private Link Services 2024-05-01 (`PrivateLinkServices_ListBySubscription`): `specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/privateLinkService.json`
    ///   @ae4652ae10e0dfb807aa0c97339840b7313af2d2;
    /// - Key Vaults 2023-07-01 (`Vaults_ListBySubscription`): `specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/keyvault.json`;
    /// - Storage accounts 2023-05-01 (`StorageAccounts_List`): `specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/storage.json`
    ///   @da749a02518561fb89327340873498626e7bc399.
    ///
    /// Each is among the versions the simulator's providers accept (`simulator::target_api_versions`).
    pub fn api_version(self) -> &'static str {
        match self {
            ListKind::Subscriptions => "2022-12-01",
            ListKind::Services(_) => "2024-03-01",
            ListKind::Targets(TargetKind::Site) | ListKind::Slots => "2024-04-01",
            ListKind::Targets(TargetKind::PrivateLinkService) => "2024-05-01",
            ListKind::Targets(TargetKind::KeyVault) => "2023-07-01",
            ListKind::Targets(TargetKind::StorageAccount) => "2023-05-01",
        }
    }

    /// `namespace/type` listed (the path after `/providers/`).
    pub fn resource_type(self) -> &'static str {
        match self {
            ListKind::Subscriptions => "Microsoft.Resources/subscriptions",
            ListKind::Services(Service::WebPubSub) => "Microsoft.SignalRService/webPubSub",
            ListKind::Services(Service::SignalR) => "Microsoft.SignalRService/signalR",
            ListKind::Targets(k) => k.resource_type(),
            ListKind::Slots => "Microsoft.Web/sites/slots",
        }
    }

    /// The items in plain words, plural ("Web PubSub services").
    pub fn plural(self) -> &'static str {
        match self {
            ListKind::Subscriptions => "subscriptions",
            ListKind::Services(Service::WebPubSub) => "Web PubSub services",
            ListKind::Services(Service::SignalR) => "SignalR services",
            ListKind::Targets(TargetKind::Site) => "Function apps or Web Apps",
            ListKind::Targets(TargetKind::PrivateLinkService) => "Private Link Services",
            ListKind::Targets(TargetKind::KeyVault) => "Key Vaults",
            ListKind::Targets(TargetKind::StorageAccount) => "Storage accounts",
            ListKind::Slots => "deployment slots",
        }
    }
}

/// The first page's URL. `scope` is the subscription ID (ignored for [`ListKind::Subscriptions`]) or, for
/// [`ListKind::Slots`], the site's resource ID. `endpoint` is the cloud's ARM (no trailing slash needed).
pub fn first_url(endpoint: &str, kind: ListKind, scope: &str) -> String {
    let ep = endpoint.trim_end_matches('/');
    let v = kind.api_version();
    let scope = scope.trim().trim_end_matches('/');
    match kind {
        ListKind::Subscriptions => format!("{ep}/subscriptions?api-version={v}"),
        ListKind::Slots => format!("{ep}{scope}/slots?api-version={v}"),
        _ => format!("{ep}/subscriptions/{scope}/providers/{}?api-version={v}", kind.resource_type()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EP: &str = "https://management.azure.com";
    const S: &str = "00000000-0000-0000-0000-000000000000";

    #[test]
    fn each_kind_asks_its_providers_subscription_wide_list() {
        assert_eq!(first_url(EP, ListKind::Subscriptions, ""), format!("{EP}/subscriptions?api-version=2022-12-01"));
        assert_eq!(
            first_url(EP, ListKind::Services(Service::WebPubSub), S),
            format!("{EP}/subscriptions/{S}/providers/Microsoft.SignalRService/webPubSub?api-version=2024-03-01")
        );
        assert_eq!(
            first_url(&format!("{EP}/"), ListKind::Services(Service::SignalR), S),
            format!("{EP}/subscriptions/{S}/providers/Microsoft.SignalRService/signalR?api-version=2024-03-01")
        );
        assert_eq!(
            first_url(EP, ListKind::Targets(TargetKind::Site), S),
            format!("{EP}/subscriptions/{S}/providers/Microsoft.Web/sites?api-version=2024-04-01")
        );
        assert_eq!(
            first_url(EP, ListKind::Targets(TargetKind::PrivateLinkService), S),
            format!("{EP}/subscriptions/{S}/providers/Microsoft.Network/privateLinkServices?api-version=2024-05-01")
        );
        assert_eq!(
            first_url(EP, ListKind::Targets(TargetKind::KeyVault), S),
            format!("{EP}/subscriptions/{S}/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01")
        );
        assert_eq!(
            first_url(EP, ListKind::Targets(TargetKind::StorageAccount), S),
            format!("{EP}/subscriptions/{S}/providers/Microsoft.Storage/storageAccounts?api-version=2023-05-01")
        );
        let site = format!("/subscriptions/{S}/resourceGroups/rg/providers/Microsoft.Web/sites/app");
        assert_eq!(first_url(EP, ListKind::Slots, &site), format!("{EP}{site}/slots?api-version=2024-04-01"));
    }

    #[test]
    fn the_scenario_decides_what_to_list() {
        assert_eq!(
            ListKind::for_scenario(Scenario::WebPubSubPls),
            (ListKind::Services(Service::WebPubSub), ListKind::Targets(TargetKind::PrivateLinkService))
        );
        assert_eq!(
            ListKind::for_scenario(Scenario::SignalRFunction),
            (ListKind::Services(Service::SignalR), ListKind::Targets(TargetKind::Site))
        );
    }
}
