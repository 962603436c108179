//! A list that failed, or came back empty, in plain words: which token is wrong (401), which role or
//! action is missing (403), which subscription or provider registration (404/409), or that the request
//! never reached ARM (network, CORS).

use super::requests::ListKind;
use crate::service::Service;

/// A failed list: a title, what it means and what to do, and the HTTP status (`None`: no answer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListError {
    pub status: Option<u16>,
    pub code: String,
    pub title: String,
    pub detail: String,
}

impl ListError {
    pub fn unreadable(kind: ListKind, why: &str) -> ListError {
        ListError {
            status: None,
            code: String::new(),
            title: format!("The list of {} could not be read", kind.plural()),
            detail: format!("ARM answered, but {why}."),
        }
    }
}

/// The permission a list needs: Reader (or any role) includes the `…/read` action of the type.
fn read_action(kind: ListKind) -> String {
    match kind {
        ListKind::Subscriptions => "Microsoft.Resources/subscriptions/read".into(),
        ListKind::Services(Service::WebPubSub) => "Microsoft.SignalRService/WebPubSub/read".into(),
        ListKind::Services(Service::SignalR) => "Microsoft.SignalRService/SignalR/read".into(),
        k => format!("{}/read", k.resource_type()),
    }
}

fn namespace(kind: ListKind) -> &'static str {
    kind.resource_type().split('/').next().unwrap_or_default()
}

/// The transport failed (the browser's fetch gives no status: offline, DNS, or a CORS refusal).
pub fn transport(kind: ListKind, text: &str) -> ListError {
    // What the shell's transports say before sending anything (`src/reads.rs`): no token, no world yet.
    if text.starts_with("no token") || text.contains("no world yet") {
        return ListError {
            status: None,
            code: String::new(),
            title: format!("The list of {} was not sent", kind.plural()),
            detail: format!("{text}."),
        };
    }
    ListError {
        status: None,
        code: String::new(),
        title: format!("The list of {} did not reach Azure Resource Manager", kind.plural()),
        detail: format!(
            "{text}. Check the network and the endpoint; in a browser a request blocked by CORS or an extension \
             looks the same. Nothing was changed."
        ),
    }
}

/// An error answer explained. `scope` is the subscription (or the site for slots).
pub fn explain(kind: ListKind, scope: &str, status: u16, code: &str, message: &str) -> ListError {
    let what = kind.plural();
    let on = if scope.is_empty() { String::new() } else { format!(" in {scope}") };
    let (title, detail) = match (status, code) {
        (401, c) if c.contains("Expired") || message.to_ascii_lowercase().contains("expir") => (
            "The token has expired (401)".to_string(),
            "Get a new one (sign in again, or az account get-access-token) and list again.".to_string(),
        ),
        (401, c) if c.contains("Audience") || message.to_ascii_lowercase().contains("audience") => (
            "The token is for another audience (401)".to_string(),
            "It was issued for another resource or cloud: get one for this cloud's Resource Manager \
             (az account get-access-token --resource https://management.azure.com/ for the public cloud)."
                .to_string(),
        ),
        (401, _) => (
            "Not signed in to Azure Resource Manager (401)".to_string(),
            format!("ARM refused the token: {message} Sign in or paste a fresh token for this cloud."),
        ),
        (403, _) if code == "AuthorizationFailed" || code.is_empty() || code.contains("Authorization") => (
            format!("You may not list {what}{on} (403)"),
            format!(
                "The list needs the '{}' action: the Reader role (or any role that includes it) on the \
                 subscription, or on the resource groups you use. Ask an owner of the subscription for it, or \
                 paste the resource ID instead. ARM said: {message}",
                read_action(kind)
            ),
        ),
        (_, "SubscriptionNotFound") => (
            format!("Subscription {scope} not found ({status})"),
            "Check the ID, and that the subscription belongs to the tenant your token is for (az account list \
             shows the ones you can use)."
                .to_string(),
        ),
        (_, "MissingSubscriptionRegistration") | (_, "SubscriptionNotRegistered") => (
            format!("The subscription is not registered for {} ({status})", namespace(kind)),
            format!(
                "No {what} can exist in it yet: register the provider (az provider register --namespace {}) or pick \
                 another subscription.",
                namespace(kind)
            ),
        ),
        (404, _) => (
            format!("{what}{on}: not found (404)"),
            format!("ARM said: {code}: {message} Check the subscription (or the site) the list is for."),
        ),
        (429, _) => (
            "Too many requests (429)".to_string(),
            format!("ARM is throttling this subscription: wait a little and list again. {message}"),
        ),
        _ => (format!("Listing {what} failed ({status} {code})"), message.to_string()),
    };
    ListError { status: Some(status), code: code.to_string(), title, detail }
}

/// What an empty list says: plainly that there is nothing the caller can see there.
pub fn empty_message(kind: ListKind, scope: &str) -> String {
    match kind {
        ListKind::Subscriptions => "No subscriptions you can see with this token: check its tenant.".into(),
        ListKind::Slots => format!("No deployment slots on {}: the app itself is the only choice.", scope.rsplit('/').next().unwrap_or(scope)),
        k => format!("No {} in subscription {scope} you can see.", k.plural()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::TargetKind;

    const S: &str = "00000000-0000-0000-0000-000000000000";

    #[test]
    fn unauthorized_says_which_token_problem() {
        let e = explain(ListKind::Subscriptions, "", 401, "ExpiredAuthenticationToken", "The access token expiry UTC time ...");
        assert!(e.title.contains("expired"));
        let e = explain(ListKind::Subscriptions, "", 401, "InvalidAuthenticationTokenAudience", "The access token has been obtained for wrong audience or resource 'https://graph.microsoft.com'.");
        assert!(e.title.contains("another audience") && e.detail.contains("--resource"));
        let e = explain(ListKind::Subscriptions, "", 401, "AuthenticationFailed", "Authentication failed.");
        assert!(e.title.contains("Not signed in"));
    }

    #[test]
    fn forbidden_says_which_role_and_action() {
        let e = explain(ListKind::Services(Service::WebPubSub), S, 403, "AuthorizationFailed", "The client 'x' does not have authorization to perform action 'Microsoft.SignalRService/WebPubSub/read'.");
        assert!(e.title.contains("Web PubSub services") && e.title.contains(S));
        assert!(e.detail.contains("Reader role") && e.detail.contains("'Microsoft.SignalRService/WebPubSub/read'"));
        let e = explain(ListKind::Targets(TargetKind::KeyVault), S, 403, "AuthorizationFailed", "");
        assert!(e.detail.contains("'Microsoft.KeyVault/vaults/read'"));
    }

    #[test]
    fn not_found_and_registration_are_told_apart() {
        let e = explain(ListKind::Targets(TargetKind::Site), S, 404, "SubscriptionNotFound", "The subscription could not be found.");
        assert!(e.title.starts_with(&format!("Subscription {S} not found")) && e.detail.contains("tenant"));
        let e = explain(ListKind::Targets(TargetKind::PrivateLinkService), S, 409, "MissingSubscriptionRegistration", "The subscription is not registered to use namespace 'Microsoft.Network'.");
        assert!(e.title.contains("Microsoft.Network") && e.detail.contains("az provider register --namespace Microsoft.Network"));
        let e = transport(ListKind::Subscriptions, "Failed to fetch");
        assert!(e.status.is_none() && e.detail.contains("CORS"));
        let e = transport(ListKind::Subscriptions, "no token: sign in or paste an access token first");
        assert!(e.title.contains("not sent") && !e.detail.contains("CORS"), "{e:?}");
    }

    #[test]
    fn empty_lists_say_so_plainly() {
        assert_eq!(
            empty_message(ListKind::Services(Service::WebPubSub), "X"),
            "No Web PubSub services in subscription X you can see."
        );
        assert!(empty_message(ListKind::Slots, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app").contains("on app"));
    }
}
