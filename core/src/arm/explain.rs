//! Every state and error the simulator (and ARM) can show, in plain words: what it means and what to do
//! next, with the names of the user's own resources (Pending: "waiting for the owner of contoso-func to
//! approve").

use super::error::Code;
use super::status::{ConnectionStatus, OpStatus, ProvisioningState};
use crate::form::Plan;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub title: String,
    pub meaning: String,
    pub next: String,
}

fn ex(title: impl Into<String>, meaning: impl Into<String>, next: impl Into<String>) -> Explanation {
    Explanation { title: title.into(), meaning: meaning.into(), next: next.into() }
}

/// The names explanations speak of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names {
    pub service: String,
    pub splr: String,
    pub target: String,
}

impl Names {
    pub fn from_plan(plan: &Plan) -> Names {
        Names { service: plan.service_name.clone(), splr: plan.name.clone(), target: plan.target.id.name().to_string() }
    }
}

impl Default for Names {
    fn default() -> Names {
        Names { service: "the service".into(), splr: "the shared private endpoint".into(), target: "the target".into() }
    }
}

pub fn provisioning_state(p: ProvisioningState, n: &Names) -> Explanation {
    let (svc, splr) = (&n.service, &n.splr);
    match p {
        ProvisioningState::Creating => ex(
            "Creating",
            format!("{svc} is creating the managed private endpoint '{splr}'; this takes tens of seconds."),
            "Wait: the client polls the operation URL until it ends.",
        ),
        ProvisioningState::Updating => ex(
            "Updating",
            format!("{svc} is applying a change to '{splr}'."),
            "Wait; other changes to this service get 409 Conflict until it is done.",
        ),
        ProvisioningState::Running => {
            ex("Running", "The operation is in progress.", "Wait and read the resource again.")
        }
        ProvisioningState::Deleting => ex(
            "Deleting",
            format!("'{splr}' and its connection on {} are being removed.", n.target),
            "Wait until reading it answers 404; then wait a little more before the next change (409 otherwise).",
        ),
        ProvisioningState::Moving => ex(
            "Moving",
            "The resource is being moved to another resource group or subscription.",
            "Wait until the move ends; nothing can change it meanwhile.",
        ),
        ProvisioningState::Succeeded => ex(
            "Succeeded",
            format!("The managed private endpoint '{splr}' exists. Whether traffic flows depends on the status."),
            format!("If the status is Pending, approve the connection on {}.", n.target),
        ),
        ProvisioningState::Failed => ex(
            "Failed",
            format!("{svc} could not create the private endpoint '{splr}'. The reason is in the operation's error."),
            format!("Fix the cause (see the error), then delete '{splr}' and create it again."),
        ),
        ProvisioningState::Canceled => ex(
            "Canceled",
            "The operation was canceled before it finished.",
            format!("Create '{splr}' again (a PUT with the same body)."),
        ),
        ProvisioningState::Unknown => {
            ex("Unknown", "ARM does not know the state of the resource yet.", "Read it again in a few seconds.")
        }
    }
}

pub fn connection_status(s: ConnectionStatus, n: &Names) -> Explanation {
    let (t, splr) = (&n.target, &n.splr);
    match s {
        ConnectionStatus::Pending => ex(
            "Pending",
            format!("Waiting for the owner of {t} to approve the private endpoint connection."),
            format!(
                "Approve it on {t} (Networking → Private endpoint connections, or the approve command); the \
                     status reaches '{splr}' a few minutes later."
            ),
        ),
        ConnectionStatus::Approved => ex(
            "Approved",
            format!("{} reaches {t} over the private endpoint.", n.service),
            format!(
                "Verify that calls arrive at {t} from a private IP address. {t} is no longer reachable publicly \
                     if public access was turned off."
            ),
        ),
        ConnectionStatus::Rejected => ex(
            "Rejected",
            format!("The owner of {t} rejected the connection. A rejected connection can never be approved."),
            format!("Delete '{splr}' and create it again, then approve the new connection on {t}."),
        ),
        ConnectionStatus::Disconnected => ex(
            "Disconnected",
            format!("The connection is gone on {t}'s side: {t} or its connection was deleted."),
            format!("Delete '{splr}'; once {t} exists again, create it again and approve it."),
        ),
        ConnectionStatus::Timeout => ex(
            "Timeout",
            format!(
                "Nobody approved the connection on {t} in time. Timeout is the shared private endpoint's status only: \
                 on {t} the connection can still show Pending (what the target shows then is unverified)."
            ),
            format!("Delete '{splr}' and create it again, and approve it on {t} soon after."),
        ),
    }
}

pub fn operation_status(s: OpStatus) -> Explanation {
    match s {
        OpStatus::Running => {
            ex(
                "Running",
                "The long-running operation is in progress.",
                "Poll again after Retry-After; the SignalR service usually sends none, then wait a few seconds.",
            )
        }
        OpStatus::Succeeded => ex("Succeeded", "The operation finished.", "Read the resource for its final state."),
        OpStatus::Failed => ex(
            "Failed",
            "The operation ended with an error (in `error`).",
            "Fix the cause the error names and try again.",
        ),
        OpStatus::Canceled => ex("Canceled", "The operation was canceled.", "Send the request again."),
    }
}

pub fn error(code: Code, n: &Names) -> Explanation {
    let (svc, splr, t) = (&n.service, &n.splr, &n.target);
    let e = |meaning: String, next: String| ex(code.as_str(), meaning, next);
    match code {
        Code::AuthenticationFailed => e(
            "The request carried no access token.".into(),
            "Sign in (az login) and send 'Authorization: Bearer <token>' from az account get-access-token.".into(),
        ),
        Code::InvalidAuthenticationToken => e(
            "The access token is malformed, expired or for another audience.".into(),
            "Get a fresh token for https://management.azure.com/ and send it as 'Bearer <token>'.".into(),
        ),
        Code::AuthorizationFailed => e(
            "You are signed in but not allowed to do this, or an operation URL was altered (its signed t, c, s, h \
             parameters must be kept)."
                .into(),
            "Use operation URLs exactly as returned (quote them in the shell); otherwise ask for the role that grants \
             the action named in the message."
                .into(),
        ),
        Code::LinkedAuthorizationFailed => e(
            format!("You may change {svc}, but not approve private endpoints on {t}, which this request links to."),
            format!(
                "Ask the owner of {t} for a role that includes the action the message names \
                 (…/privateEndpointConnectionsApproval/action on {t}), or let them approve it. (Unverified: whether the \
                 service makes this check when it creates the endpoint; the approval itself needs the right.)"
            ),
        ),
        Code::MissingApiVersionParameter => e(
            "The URL has no ?api-version=.".into(),
            "Add the api-version from the form (e.g. ?api-version=2024-03-01).".into(),
        ),
        Code::InvalidApiVersionParameter => e(
            "The api-version is not a date like 2024-03-01 (or 2024-08-01-preview).".into(),
            "Pick an api-version from the list.".into(),
        ),
        Code::NoRegisteredProviderFound => e(
            "This resource type has no such api-version.".into(),
            "Pick one of the supported versions the message lists.".into(),
        ),
        Code::InvalidResourceType => e(
            "The URL does not address a resource type ARM knows.".into(),
            "Check the path: .../providers/Microsoft.SignalRService/webPubSub/{name}/sharedPrivateLinkResources/{name}.".into(),
        ),
        Code::InvalidResourceName => e(
            format!("'{splr}' is not a valid name."),
            "Use 3–63 letters, digits and hyphens, starting with a letter and not ending with a hyphen.".into(),
        ),
        Code::InvalidRequestContent => e(
            "The body is not valid JSON or has a property this api-version does not know (fqdns needs \
             2024-08-01-preview or later)."
                .into(),
            "Send the generated create-pe.json with an api-version that has every property in it.".into(),
        ),
        Code::LinkedInvalidPropertyId => e(
            "privateLinkResourceId is not a full resource ID.".into(),
            format!("Paste {t}'s ID as shown on its Properties page (/subscriptions/.../providers/...)."),
        ),
        Code::UnsupportedHttpMethod => e(
            "This URL does not accept that method.".into(),
            "Use PUT to create, GET to read, DELETE to remove.".into(),
        ),
        Code::SkuNotSupported => e(
            format!("{svc} is on the Free tier, which has no shared private endpoints."),
            format!("Scale {svc} to Standard or Premium, then create '{splr}' again."),
        ),
        Code::UnsupportedPrivateLinkResourceType => e(
            format!("{t} is not a kind of resource this service can share a private endpoint to (with this api-version)."),
            "Target a Function/Web App (sites), Key Vault (vault) or Storage account (table); a Private Link Service \
             needs a preview api-version with fqdns (2024-08-01-preview or later; documented for Web PubSub only)."
                .into(),
        ),
        Code::CannotApproveRejectedConnection => e(
            format!("The connection on {t} was rejected (or is gone); it can never be approved."),
            format!("Delete '{splr}', create it again, and approve the new connection on {t}."),
        ),
        Code::InvalidValuesForRequestParameters => e(
            format!("{t} refused the approval: Storage answers this when the connection is already Approved."),
            format!("Nothing to do on {t}: read '{splr}' and wait for its status to become Approved."),
        ),
        Code::InvalidGroupId => e(
            format!("The groupId does not name a sub-resource of {t}. groupIds are case-sensitive."),
            "Use 'sites' for a Function/Web App ('sites-<slot>' for a slot: unverified, the shared private endpoint \
             docs show only 'sites'), 'vault' for a Key Vault, 'table' for Storage; then delete and create again."
                .into(),
        ),
        Code::PrivateLinkResourceNotFound => e(
            format!("{t} does not exist (or not in that subscription and resource group)."),
            format!("Check privateLinkResourceId; create {t} first, then delete '{splr}' and create it again."),
        ),
        Code::PrivateLinkServiceNotVisible => e(
            format!("{t} does not let the service's managed endpoint (in a Microsoft subscription) see it."),
            format!("Set {t}'s visibility to anyone ('*'), then delete '{splr}' and create it again."),
        ),
        Code::PrivateEndpointNotSupportedByPlan => e(
            format!("{t} runs on a plan without private endpoints (Consumption)."),
            format!("Move {t} to Functions Premium, Flex Consumption or a Dedicated plan, then create '{splr}' again."),
        ),
        Code::QuotaExceeded => e(
            format!("{svc} has as many shared private endpoints as it may."),
            "Delete one you no longer need, or ask for a higher limit.".into(),
        ),
        Code::ResourceGroupNotFound => e(
            "The resource group in the URL does not exist in this subscription.".into(),
            "Check the subscription and resource group (az group show -n <name>).".into(),
        ),
        Code::ResourceNotFound => e(
            "Nothing exists at this URL (never created, already deleted, or a typo).".into(),
            "Check the names in the URL; after a delete this is the expected answer.".into(),
        ),
        Code::Conflict => e(
            format!("{svc} is busy with another operation (it stays Updating for a while after a delete)."),
            "Wait and retry; run one change at a time on the service. The client retries this by itself.".into(),
        ),
        Code::SubscriptionRequestsThrottled => e(
            "Too many requests for this subscription in a short time.".into(),
            "Wait the Retry-After seconds, then retry (the client does).".into(),
        ),
        Code::InternalServerError => e(
            "Azure failed internally; not caused by the request.".into(),
            "Retry shortly (the client does); if a create failed this way, delete and create again.".into(),
        ),
        Code::ServiceUnavailable => e(
            "The service is temporarily unavailable.".into(),
            "Retry after Retry-After (the client does).".into(),
        ),
    }
}

/// What a SignalR service that is not in Serverless mode means for an SPLR to a Function / Web App: the
/// endpoint is created and approved as usual (the azurerm acceptance test
/// `TestAccSignalrSharedPrivateLinkResource_basicSites` creates one on a service without `service_mode`,
/// i.e. Default), but only Serverless mode makes upstream calls, so none reach the target. `None` when
/// nothing is amiss.
pub fn upstream_caveat(
    service: crate::service::Service,
    target: crate::target::TargetKind,
    mode: super::world::ServiceMode,
    n: &Names,
) -> Option<String> {
    use super::world::ServiceMode;
    (service == crate::service::Service::SignalR
        && target == crate::target::TargetKind::Site
        && mode != ServiceMode::Serverless)
        .then(|| {
            format!(
                "{} runs in {} mode: the shared private endpoint works, but SignalR makes upstream calls only in \
                 Serverless mode, so no calls reach {} until you set the service mode to Serverless.",
                n.service,
                mode.as_str(),
                n.target
            )
        })
}

/// Any code string: the simulator's codes, a few more ARM reports in this workflow, else the HTTP status.
pub fn error_code(code: &str, status: u16, n: &Names) -> Explanation {
    if let Some(c) = Code::parse(code) {
        return error(c, n);
    }
    match code {
        "PrivateEndpointConnectionCannotBeCreatedByServiceProvider" => ex(
            code,
            "The connection was changed from the wrong side: the service's own private endpoint connections are \
             not the ones to approve.",
            format!("Approve the connection on {} (the target), not on {}.", n.target, n.service),
        ),
        "Rejected" | "Disconnected" | "Timeout" | "Pending" | "Approved" => {
            connection_status(ConnectionStatus::parse(code).expect("listed"), n)
        }
        "Failed" | "Canceled" => provisioning_state(ProvisioningState::parse(code).expect("listed"), n),
        _ => http_status(status, n),
    }
}

pub fn http_status(status: u16, n: &Names) -> Explanation {
    match status {
        200 => ex("200 OK", "The request succeeded.", "Read the body."),
        201 => ex(
            "201 Created",
            "ARM accepted the create; it goes on asynchronously.",
            "Poll the Azure-AsyncOperation URL.",
        ),
        202 => ex(
            "202 Accepted",
            "ARM accepted the request; it goes on asynchronously.",
            "Poll the Location (or Azure-AsyncOperation) URL.",
        ),
        204 => ex(
            "204 No Content",
            "Done; nothing to return (a delete of something already gone answers this too).",
            "Nothing to do.",
        ),
        401 => error(Code::AuthenticationFailed, n),
        403 => error(Code::AuthorizationFailed, n),
        404 => error(Code::ResourceNotFound, n),
        408 => ex("408 Request Timeout", "The request took too long to reach ARM.", "Retry."),
        409 => error(Code::Conflict, n),
        429 => error(Code::SubscriptionRequestsThrottled, n),
        503 => error(Code::ServiceUnavailable, n),
        s if (500..600).contains(&s) => error(Code::InternalServerError, n),
        s if (400..500).contains(&s) => ex(
            format!("{s}"),
            "ARM refused the request; the error message says why.",
            "Fix the request as the message says, then send it again.",
        ),
        s => ex(format!("{s}"), "An unusual status for ARM.", "Read the body and headers."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_status_and_code_is_explained_with_names() {
        let n = Names { service: "contoso-webpubsub".into(), splr: "func-pe".into(), target: "contoso-func".into() };
        for p in ProvisioningState::ALL {
            let e = provisioning_state(p, &n);
            assert_eq!(e.title, p.as_str());
            assert!(!e.meaning.is_empty() && !e.next.is_empty());
        }
        assert!(connection_status(ConnectionStatus::Pending, &n).meaning.contains("owner of contoso-func to approve"));
        for c in Code::ALL {
            let e = error(c, &n);
            assert_eq!(e.title, c.as_str());
            assert!(e.meaning.len() > 20 && e.next.len() > 10, "{c:?}");
            assert_eq!(error_code(c.as_str(), c.status(), &n), e);
        }
        assert_eq!(http_status(503, &n).title, "ServiceUnavailable");
        assert_eq!(error_code("Rejected", 200, &n).title, "Rejected");
        assert!(error_code("Whatever", 418, &n).title.starts_with("418"));
    }
}
