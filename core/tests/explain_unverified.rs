//! Issue 13, audit rows 7, 8, 18, 23, 24 (`shared/design/fidelity-audit.md` in the steering repo): behaviour
//! the simulator models without a public source for the real code or message. The explainer must say so
//! rather than teach the simulator's text as Azure's.

use splr_core::arm::error::Code;
use splr_core::arm::explain::{error, Explanation, Names};

fn names() -> Names {
    Names { service: "contoso-webpubsub".into(), splr: "func-pe".into(), target: "contoso-func".into() }
}

fn text(e: &Explanation) -> String {
    format!("{} {}", e.meaning, e.next)
}

fn says_unverified(c: Code) -> String {
    let t = text(&error(c, &names()));
    assert!(t.contains("unverified"), "{c:?} must say it is unverified: {t}");
    t
}

/// Row 7: ARM passes bodies through to the RP (Azure/azure-resource-manager-rpc@69e229f04cb6b91a82c97fc6f61d56055107c447);
/// what the SignalR RP does with an unknown member is not documented. The real danger: on an api-version
/// without `fqdns` (before 2024-08-01-preview; bicep-types-az `generated/webpubsub/microsoft.signalrservice/2024-04-01-preview/types.md`
/// @1f896de2db966ad91e8f7d7d981e11d32e4f5d8d has no fqdns) the RP may drop it silently.
#[test]
fn row_7_unknown_members_are_modeled_and_fqdns_may_be_dropped() {
    let t = says_unverified(Code::InvalidRequestContent);
    assert!(t.contains("silently"), "{t}");
    assert!(t.contains("fqdns"), "{t}");
}

/// Row 8: the docs only say Standard/Premium (https://learn.microsoft.com/azure/azure-web-pubsub/howto-secure-shared-private-endpoints,
/// MicrosoftDocs/azure-docs@0f1ed170f1bed6fab590182e40d45271321a70ba); the code `SkuNotSupported` is the simulator's.
#[test]
fn row_8_free_tier_refusal_is_modeled() {
    assert!(Code::SkuNotSupported.is_modeled());
    says_unverified(Code::SkuNotSupported);
}

/// Row 18: no public source names the action ARM reports for a denied approval PUT.
#[test]
fn row_18_the_approval_action_in_authorization_failed_is_unverified() {
    let t = says_unverified(Code::AuthorizationFailed);
    assert!(t.contains("privateEndpointConnectionsApproval"), "{t}");
}

/// Row 23: the target RP's answer surfaces wrapped ("Call to Microsoft.SignalRService/SignalR failed. Error
/// message: Invalid groupId", https://github.com/hashicorp/terraform-provider-azurerm/issues/11778); the code
/// and when it comes are unverified.
#[test]
fn row_23_invalid_group_id_is_modeled() {
    assert!(Code::InvalidGroupId.is_modeled());
    let t = says_unverified(Code::InvalidGroupId);
    assert!(t.contains("Invalid groupId"), "{t}");
}

/// Row 24: the 404 of a child (proxy) resource comes from the RP, not ARM (RPC, as row 7); status 404 is
/// right, its code and message are unverified.
#[test]
fn row_24_the_missing_splr_404_text_is_unverified() {
    says_unverified(Code::ResourceNotFound);
}
