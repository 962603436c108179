//! The api-versions that have shared private link resources, per service, and which of them can
//! express `fqdns` (needed for Private Link Service targets).
//!
//! Source: Azure/azure-rest-api-specs, specification/webpubsub and specification/signalr
//! (see ../shared/REFERENCE.md §2).

use crate::service::Service;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiVersion {
    pub id: &'static str,
    pub preview: bool,
    /// The SPLR's `properties.fqdns` exists in this version.
    pub fqdns: bool,
}

const fn v(id: &'static str, preview: bool, fqdns: bool) -> ApiVersion {
    ApiVersion { id, preview, fqdns }
}

/// Newest first.
const WEB_PUBSUB: &[ApiVersion] = &[
    v("2025-12-01-preview", true, true),
    v("2025-08-01-preview", true, true),
    v("2025-01-01-preview", true, true),
    v("2024-10-01-preview", true, true),
    v("2024-08-01-preview", true, true),
    v("2024-04-01-preview", true, false),
    v("2024-03-01", false, false),
    v("2024-01-01-preview", true, false),
    v("2023-08-01-preview", true, false),
    v("2023-06-01-preview", true, false),
    v("2023-03-01-preview", true, false),
    v("2023-02-01", false, false),
    v("2022-08-01-preview", true, false),
    v("2021-10-01", false, false),
    v("2021-09-01-preview", true, false),
    v("2021-06-01-preview", true, false),
    v("2021-04-01-preview", true, false),
];

/// Newest first.
const SIGNALR: &[ApiVersion] = &[
    // SignalR's SPLR has `fqdns` from 2024-08-01-preview too (bicep-types-az
    // generated/signalr/microsoft.signalrservice/2024-08-01-preview/types.json and the ARM schema of
    // that version; checked by tests/iac/schemas.rs). Only Web PubSub documents Private Link
    // Service targets, so no scenario sends them to SignalR.
    v("2025-01-01-preview", true, true),
    v("2024-10-01-preview", true, true),
    v("2024-08-01-preview", true, true),
    v("2024-04-01-preview", true, false),
    v("2024-03-01", false, false),
    v("2024-01-01-preview", true, false),
    v("2023-08-01-preview", true, false),
    v("2023-06-01-preview", true, false),
    v("2023-03-01-preview", true, false),
    v("2023-02-01", false, false),
    v("2022-08-01-preview", true, false),
    v("2022-02-01", false, false),
    v("2021-10-01", false, false),
    v("2021-09-01-preview", true, false),
    v("2021-06-01-preview", true, false),
    v("2021-04-01-preview", true, false),
];

/// Every version of `service` that has shared private link resources, newest first.
pub fn versions(service: Service) -> &'static [ApiVersion] {
    match service {
        Service::WebPubSub => WEB_PUBSUB,
        Service::SignalR => SIGNALR,
    }
}

pub fn lookup(service: Service, id: &str) -> Option<ApiVersion> {
    versions(service).iter().copied().find(|v| v.id == id)
}

/// The newest stable version when it suffices, else the newest preview that can carry `fqdns`.
pub fn default_for(service: Service, needs_fqdns: bool) -> Option<ApiVersion> {
    versions(service).iter().copied().find(|v| if needs_fqdns { v.fqdns } else { !v.preview })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        assert_eq!(default_for(Service::WebPubSub, false).unwrap().id, "2024-03-01");
        assert_eq!(default_for(Service::WebPubSub, true).unwrap().id, "2025-12-01-preview");
        assert_eq!(default_for(Service::SignalR, false).unwrap().id, "2024-03-01");
        assert_eq!(default_for(Service::SignalR, true).unwrap().id, "2025-01-01-preview");
    }

    #[test]
    fn fqdns_support_starts_with_2024_08_01_preview() {
        assert!(!lookup(Service::WebPubSub, "2024-03-01").unwrap().fqdns);
        assert!(lookup(Service::WebPubSub, "2024-08-01-preview").unwrap().fqdns);
        assert!(lookup(Service::WebPubSub, "2021-06-01-preview").is_some());
        assert!(lookup(Service::WebPubSub, "2020-05-01").is_none());
    }

    #[test]
    fn lists_are_newest_first_and_unique() {
        for s in [Service::WebPubSub, Service::SignalR] {
            let ids: Vec<_> = versions(s).iter().map(|v| v.id).collect();
            let mut sorted = ids.clone();
            sorted.sort_by(|a, b| b.cmp(a));
            sorted.dedup();
            assert_eq!(ids, sorted);
        }
    }
}
