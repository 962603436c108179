//! The api-versions that have shared private link resources, per service, and which of them can
//! express `fqdns` (needed for Private Link Service targets).
//!
//! Sources (Azure/azure-rest-api-specs unless named; see ../shared/design/fidelity-audit.md §2):
//! - Web PubSub: `specification/webpubsub/resource-manager/Microsoft.SignalRService/SignalRService/{stable,preview}/<ver>/webpubsub.json`;
//!   `preview/2026-03-01-preview/webpubsub.json` @73b50feb8bdc872e33a96ac2e7a32ac9ba67de3f has the SPLR
//!   operations and `SharedPrivateLinkResourceProperties.fqdns`; the readme
//!   `.../SignalRService/readme.md` @54923347f07c69f929305d5c2fd3fa7fda1dab96 lists tags up to
//!   `package-2025-12-01-preview` (its default tag), not 2026-03-01-preview.
//! - SignalR: `SharedPrivateLinkResourceProperties.fqdns` is in 2024-08-01-preview, 2024-10-01-preview and
//!   2025-01-01-preview (Azure/bicep-types-az `generated/signalr/microsoft.signalrservice/<ver>/types.md`
//!   @30c7a915774d8076a1ccf57cb19be05b239fb66e and @1f896de2db966ad91e8f7d7d981e11d32e4f5d8d; the same types in
//!   ../shared/iac-schemas/bicep-types/signalr/<ver>.json; swagger
//!   `specification/signalr/resource-manager/Microsoft.SignalRService/SignalRService/preview/2025-01-01-preview/signalr.json`
//!   @248ad0a47fe61919a8036ffaa010656b2b558375), not in 2024-04-01-preview. No SignalR version after
//!   2025-01-01-preview exists in the specs; its readme
//!   `specification/signalr/.../SignalRService/readme.md` @6bcf7bffaf1be046e4a2e83f2db31f5d0b250186 has the default
//!   tag `package-2025-01-01-preview`. Whether the SignalR service serves Private Link Service targets is
//!   undocumented (only Web PubSub has a how-to): the schema allows it, so the model accepts it.

use crate::service::Service;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiVersion {
    pub id: &'static str,
    pub preview: bool,
    /// The SPLR's `properties.fqdns` exists in this version.
    pub fqdns: bool,
    /// Listed in the service's readme package tags, which the SDKs and docs are released from: known to be
    /// served. A version that is only in the specs so far is accepted but never picked as a default.
    pub released: bool,
}

const fn v(id: &'static str, preview: bool, fqdns: bool) -> ApiVersion {
    ApiVersion { id, preview, fqdns, released: true }
}

/// In the specs, not (yet) in the readme's tags.
const fn spec_only(id: &'static str, preview: bool, fqdns: bool) -> ApiVersion {
    ApiVersion { id, preview, fqdns, released: false }
}

/// Newest first.
const WEB_PUBSUB: &[ApiVersion] = &[
    spec_only("2026-03-01-preview", true, true),
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

/// The version the form uses when none is typed, among those known to be served ([`ApiVersion::released`]):
/// - without `fqdns`, the newest stable (GA) version: 2024-03-01 for both services; a preview adds nothing
///   this body needs;
/// - with `fqdns` (a Private Link Service target), the newest released version that has them: Web PubSub
///   2025-12-01-preview (the readme's default tag; 2026-03-01-preview is in the specs, accepted when typed,
///   but not yet in the readme's tags), SignalR 2025-01-01-preview (its newest version and default tag).
///
/// `None` only if a service had no such version.
pub fn default_for(service: Service, needs_fqdns: bool) -> Option<ApiVersion> {
    versions(service).iter().copied().filter(|v| v.released).find(|v| if needs_fqdns { v.fqdns } else { !v.preview })
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

    /// Audit rows 1 and 2. Web PubSub 2026-03-01-preview has the SPLR operations and `fqdns`
    /// (specification/webpubsub/resource-manager/Microsoft.SignalRService/SignalRService/preview/2026-03-01-preview/webpubsub.json
    /// @73b50feb8bdc872e33a96ac2e7a32ac9ba67de3f); SignalR has `fqdns` from 2024-08-01-preview
    /// (Azure/bicep-types-az generated/signalr/microsoft.signalrservice/{2024-08-01-preview,2024-10-01-preview}/types.md
    /// @30c7a915774d8076a1ccf57cb19be05b239fb66e, 2025-01-01-preview/types.md @1f896de2db966ad91e8f7d7d981e11d32e4f5d8d;
    /// not in 2024-04-01-preview).
    #[test]
    fn newest_versions_and_signalr_fqdns_per_the_specs() {
        let wps = lookup(Service::WebPubSub, "2026-03-01-preview").expect("in the specs");
        assert!(wps.preview && wps.fqdns && !wps.released);
        assert_eq!(versions(Service::WebPubSub)[0].id, "2026-03-01-preview");
        for id in ["2024-08-01-preview", "2024-10-01-preview", "2025-01-01-preview"] {
            assert!(lookup(Service::SignalR, id).unwrap().fqdns, "{id}");
        }
        assert!(!lookup(Service::SignalR, "2024-04-01-preview").unwrap().fqdns);
        assert!(!lookup(Service::SignalR, "2024-03-01").unwrap().fqdns);
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
