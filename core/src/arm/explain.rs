//! Every state and error the simulator (and ARM) can show, in plain words: what it means and what to do
//! next, with the names of the user's own resources (Pending: "waiting for the owner of contoso-func to
//! approve").

use super::client::OutcomeKind;
use super::error::Code;
use super::policy::PolicyViolation;
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

/// Where the connection stands when each side is read: the SPLR's `status` (what the service has been
/// told) and the connection on the target (`None`: gone, with the target or on its own; `changing`: its
/// provisioningState is Updating, an approval or rejection being applied). A change made on the target
/// reaches the SPLR minutes later, so in between the two disagree; the target is then the one that is
/// current, and the SPLR's status only says the service has not been told yet. (The service mirrors the
/// connection's state: <https://learn.microsoft.com/azure/azure-web-pubsub/howto-secure-shared-private-endpoints>.)
pub fn connection_sides(
    service: ConnectionStatus,
    target: Option<ConnectionStatus>,
    changing: bool,
    n: &Names,
) -> Explanation {
    let (t, splr, svc) = (&n.target, &n.splr, &n.service);
    let not_told = format!(
        "{svc} has not been told yet: '{splr}' still shows {service} until the change reaches it (a few minutes)."
    );
    match target {
        Some(ConnectionStatus::Pending) if changing && service == ConnectionStatus::Pending => ex(
            format!("Being approved on {t}"),
            format!(
                "{t} is applying a change to the connection (its provisioningState is Updating); '{splr}' still \
                 shows Pending."
            ),
            "Wait: the approve step polls until it is done; then the status takes a few minutes to reach the \
             service."
                .to_string(),
        ),
        Some(s) if s == service => connection_status(s, n),
        Some(ConnectionStatus::Approved) => ex(
            format!("Approved on {t}, not yet on {svc}"),
            format!("The owner of {t} approved the connection; the approval has not reached '{splr}' yet. {not_told}"),
            format!("Wait: '{splr}' shows Approved once the approval propagates; there is nothing more to approve."),
        ),
        Some(ConnectionStatus::Rejected) => ex(
            format!("Rejected on {t}, not yet on {svc}"),
            format!(
                "The owner of {t} rejected the connection; a rejected connection can never be approved. {not_told}"
            ),
            format!(
                "Delete '{splr}' and create it again, then approve the new connection on {t}; or wait a few \
                 minutes for '{splr}' to show Rejected too."
            ),
        ),
        Some(ConnectionStatus::Timeout) => ex(
            format!("Timeout on {t}, not yet on {svc}"),
            format!("Nobody approved the connection on {t} in time; it can no longer be approved. {not_told}"),
            format!(
                "Delete '{splr}' and create it again, and approve it on {t} soon after; or wait a few minutes for \
                 '{splr}' to show Timeout too."
            ),
        ),
        Some(ConnectionStatus::Pending) => ex(
            format!("Pending on {t}, {service} on {svc}"),
            format!("The connection on {t} is Pending again, while '{splr}' still shows {service}. {not_told}"),
            format!("Read '{splr}' again in a few minutes; approve the connection on {t} if it stays Pending there."),
        ),
        None | Some(ConnectionStatus::Disconnected) if service == ConnectionStatus::Disconnected => {
            connection_status(ConnectionStatus::Disconnected, n)
        }
        None | Some(ConnectionStatus::Disconnected) => ex(
            format!("Disconnected on {t}, not yet on {svc}"),
            format!("The connection is gone on {t}'s side: {t} or its connection was deleted. {not_told}"),
            format!(
                "Delete '{splr}'; once {t} exists again, create it again and approve it. Or wait a few minutes for \
                 '{splr}' to show Disconnected too."
            ),
        ),
    }
}

/// A Premium service's replicas whose copy of the SPLR still waits for approval on the target. Each
/// replica gets a copy of the SPLR ("auto replicated to each replicas", maintainer in
/// https://github.com/Azure/azure-rest-api-specs/pull/28259; the replica paths have no DELETE); that each
/// copy brings its own pending connection on the target is unverified (a replica is in another region).
pub fn replicas_pending(replicas: &[String], n: &Names) -> Option<String> {
    if replicas.is_empty() {
        return None;
    }
    let (t, splr) = (&n.target, &n.splr);
    let list = replicas.iter().map(|r| format!("'{r}'")).collect::<Vec<_>>().join(", ");
    Some(format!(
        "The copy of '{splr}' on replica {list} is still Pending: each replica of a Premium service gets its own \
         copy of the shared private endpoint, and (unverified) its own connection on {t}, which must be approved \
         too. Run the approve step again: it approves every pending connection of this endpoint. The copies \
         cannot be deleted on their own; deleting '{splr}' removes them."
    ))
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
    let mut x = match code {
        // ARM answers this code both without an Authorization header and for one it cannot read, so the
        // explanation says both; [`unauthorized`] says which when the sender knows.
        Code::AuthenticationFailed => e(
            "ARM found no access token it could read: the Authorization header is missing, or not \
             'Bearer <token>'."
                .into(),
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
             the action named in the message. (For an approval on the target, the action the simulator names, \
             …/privateEndpointConnectionsApproval/action, is unverified: ARM may name the connection's write action.)"
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
        Code::RequestDisallowedByPolicy => {
            let d = policy_denied(&[], n);
            e(d.meaning, d.next)
        }
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
             2024-08-01-preview or later). Refusing an unknown property is modeled (unverified: ARM passes the \
             body to the service, whose handling is undocumented)."
                .into(),
            "Send the generated create-pe.json with an api-version that has every property in it. The real risk is \
             the opposite: a service on an api-version without fqdns may silently drop it, and the endpoint then \
             fails or never resolves, so check that the answer echoes fqdns."
                .into(),
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
            format!(
                "The groupId does not name a sub-resource of {t}. groupIds are case-sensitive. Azure reports it as \
                 the target's 'Invalid groupId' message wrapped in the service's error; whether at once or in the \
                 operation is unverified."
            ),
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
            "Nothing exists at this URL (never created, already deleted, or a typo). For a shared private link \
             resource the 404 comes from the service, not ARM: the status is right, its code and message are \
             unverified."
                .into(),
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
    };
    if code.is_modeled() {
        x.meaning.push_str(" (Modeled: the code is the simulator's name; the real code and message are unverified.)");
    }
    x
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
        "NoPendingConnection" => ex(
            "Nothing to approve",
            format!(
                "{} has no private endpoint connection from '{}': it was never created, its create has not \
                 succeeded yet, or it was deleted.",
                n.target, n.splr
            ),
            format!("Run the create step, wait until '{}' is Succeeded, then approve.", n.splr),
        ),
        // These codes are only given for a token that was sent (AuthenticationFailed and
        // InvalidAuthenticationToken are [`Code`]s, explained above without that knowledge).
        c if UNAUTHORIZED_CODES.iter().any(|u| u.eq_ignore_ascii_case(c)) => {
            unauthorized(c, Sent::Token { resource: None })
        }
        _ if status >= 400 => http_status(status, n),
        // A code carried by a 2xx: an operation's error (in a 200 body) or the client's own verdict.
        // http_status would call that a success ("200 OK … Read the body") under a failed step.
        _ => ex(
            if code.is_empty() { "Failed" } else { code },
            format!(
                "The step failed{}; the message above says why.",
                match status {
                    200..=299 => format!(" although ARM answered {status}: the error is in the body"),
                    _ => String::new(),
                }
            ),
            "Fix what the message names, then run the step again; the request log has every exchange.",
        ),
    }
}

/// A write denied by Azure Policy (`403 RequestDisallowedByPolicy`), with the assignments ARM named
/// ([`super::policy::violations`] of the error body; none known: general advice).
///
/// Where to look: the request's event in the Activity log and `az policy state list --resource`
/// (<https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-policy-requestdisallowedbypolicy>).
/// Who can exempt: an exemption needs `Microsoft.Authorization/policyExemptions/write` on the exempted scope
/// and `Microsoft.Authorization/policyAssignments/exempt/action` on the assignment
/// (<https://learn.microsoft.com/azure/governance/policy/concepts/scope#exemptions>); Owner and Resource Policy
/// Contributor hold both (`Microsoft.Authorization/policyexemptions/*`, `…/policyassignments/*`:
/// <https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/management-and-governance#resource-policy-contributor>).
/// Change Safety (policies that require a policy token in `x-ms-policy-external-evaluations`: Azure/azure-powershell
/// `documentation/change-safety.md`): how ARM answers a write that lacks the token is not documented publicly,
/// so that part is marked unverified. The Azure CLI adds `--acquire-policy-token` to every command but list/show
/// (azure-cli 2.91.0 `azure/cli/core/commands/arm.py`, `register_global_policy_argument`), yet only its SDK and
/// AAZ clients acquire the token (`azure/cli/core/sdk/policies.py`, `get_custom_hook_policy`: a POST to
/// `/subscriptions/{id}/providers/Microsoft.Authorization/acquirePolicyToken?api-version=2025-11-01` with
/// `{"operation":{"uri","httpMethod","content"}}`, its `token` sent in the header); `az rest` goes through
/// `send_raw_request`, which does not, so for the walkthrough's `az rest` commands the token is fetched by hand.
pub fn policy_denied(violations: &[PolicyViolation], n: &Names) -> Explanation {
    let splr = &n.splr;
    let not_retry = "Retrying the same request gets the same answer: nothing here is transient.";
    let token = "(Unverified: if the assignment is a Change Safety policy that requires a policy token, the write \
                 must carry it in the x-ms-policy-external-evaluations header. --acquire-policy-token does that for \
                 the Azure CLI's own commands, but not for az rest: POST the operation (uri, httpMethod, content) to \
                 /subscriptions/<id>/providers/Microsoft.Authorization/acquirePolicyToken?api-version=2025-11-01 and \
                 send the returned token with --headers x-ms-policy-external-evaluations=<token>.)";
    if violations.is_empty() {
        return ex(
            "RequestDisallowedByPolicy",
            format!(
                "An Azure Policy assignment on your subscription, resource group or management group denied \
                 the write of '{splr}'. The error names the assignment and the definition (\"Policy identifiers\"). \
                 {not_retry}"
            ),
            format!(
                "Look up why: the Activity log of the resource group (the failed write's event), or \
                 `az policy state list --resource <the resource id>`; `az policy assignment show --name <assignment> \
                 --scope <its scope>` shows the rule. Change the request to comply, or ask someone with \
                 Microsoft.Authorization/policyExemptions/write on the scope (Owner or Resource Policy Contributor) \
                 for an exemption: `az policy exemption create --name <name> --policy-assignment <assignment id> \
                 --exemption-category Waiver --scope <scope>`. {token}"
            ),
        );
    }
    let named: Vec<String> = violations.iter().map(PolicyViolation::describe).collect();
    let mut look = Vec::new();
    let mut exempt = Vec::new();
    for v in violations {
        let scope = v.scope();
        look.push(format!("`az policy assignment show --name {} --scope {scope}`", v.assignment_name));
        exempt.push(format!(
            "`az policy exemption create --name {splr}-exemption --policy-assignment {} --exemption-category Waiver \
             --scope <the resource group or resource to exempt>{}`",
            v.assignment_id,
            v.definition_reference_id
                .as_deref()
                .map(|r| format!(" --policy-definition-reference-ids {r}"))
                .unwrap_or_default()
        ));
    }
    let scopes: Vec<String> = violations.iter().map(PolicyViolation::scope).collect();
    ex(
        "RequestDisallowedByPolicy",
        format!("Azure Policy denied the write of '{splr}': {}. {not_retry}", named.join("; ")),
        format!(
            "See why in the Activity log of the resource group (the failed write's event) or with \
             `az policy state list --resource <the resource id>`, and read the rule with {}. Change the request to \
             comply, or ask someone with Microsoft.Authorization/policyExemptions/write there and exempt/action on \
             the assignment (Owner or Resource Policy Contributor at {}) for an exemption: {}. {token}",
            look.join(", "),
            scopes.join(", "),
            exempt.join("; ")
        ),
    )
}

/// The advice under a finished step: it follows the outcome, so a failed step never gets success advice.
/// `None` for a step that succeeded (its summary says it all).
pub fn outcome(kind: &OutcomeKind, n: &Names) -> Option<Explanation> {
    match kind {
        OutcomeKind::Succeeded => None,
        OutcomeKind::Failed { status, code, message } if code.eq_ignore_ascii_case("RequestDisallowedByPolicy") => {
            Some(failed(code, *status, message, Sent::Token { resource: None }, n))
        }
        OutcomeKind::Failed { status, code, .. } => Some(error_code(code, *status, n)),
        OutcomeKind::GaveUp { reason } => Some(ex(
            "Gave up",
            format!("The client stopped trying: {reason}. ARM may still finish what it had accepted."),
            format!("Read '{}' (the status step) to see where it stands, then run the step again.", n.splr),
        )),
        OutcomeKind::Cancelled => Some(ex(
            "Cancelled",
            "You stopped the step. ARM goes on with anything it had already accepted.",
            format!("Read '{}' (the status step) to see where it ended.", n.splr),
        )),
    }
}

/// What the request that got a 401 carried in its Authorization header: what a 401 means depends on it,
/// and the advice must not claim what the sender knows is false ("no token" when one was sent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent<'a> {
    /// No Authorization header at all.
    NoToken,
    /// A bearer token; `resource` is the audience to ask for again (the chosen cloud's ARM,
    /// e.g. `https://management.azure.com/`), when known.
    Token { resource: Option<&'a str> },
}

/// The 401 codes ARM's front door answers with, each explained by [`unauthorized`]. ARM checks the
/// bearer token (a Microsoft Entra ID access token) for its signature, issuer, audience and expiry
/// (<https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-tokens>); its error body
/// names the check that failed (<https://learn.microsoft.com/rest/api/azure/#create-the-request>).
pub const UNAUTHORIZED_CODES: [&str; 5] = [
    "AuthenticationFailed",
    "InvalidAuthenticationToken",
    "InvalidAuthenticationTokenAudience",
    "InvalidAuthenticationTokenTenant",
    "ExpiredAuthenticationToken",
];

/// ARM's 401 with this code, for a request that carried `sent`: each code its own explanation, and for a
/// code not known here a generic one that claims nothing beyond "ARM refused the credentials".
pub fn unauthorized(code: &str, sent: Sent) -> Explanation {
    let resource = match sent {
        Sent::Token { resource: Some(r) } => r,
        _ => "https://management.azure.com/ (or your cloud's ARM)",
    };
    let get = format!(
        "Get a new one (az account get-access-token --resource {resource} --query accessToken -o tsv), paste it and \
         run the step again."
    );
    let title = if code.is_empty() { "401 Unauthorized" } else { code };
    let known = UNAUTHORIZED_CODES.iter().find(|c| c.eq_ignore_ascii_case(code)).copied();
    match (sent, known) {
        (Sent::NoToken, _) => ex(
            title,
            "The request carried no access token (no Authorization header), so ARM does not know who is calling.",
            format!("Sign in (az login) and paste a token. {get}"),
        ),
        (_, Some("ExpiredAuthenticationToken")) => ex(
            title,
            "ARM received your access token, but it has expired: ARM compares its expiry (the exp claim) with ARM's \
             own clock. Tokens from az live about an hour.",
            format!("{get} If the token was only just issued, check this computer's clock."),
        ),
        (_, Some("InvalidAuthenticationTokenAudience")) => ex(
            title,
            "ARM received your access token, but it was issued for another resource (its audience, the aud claim): \
             for Microsoft Graph, another service, or another cloud's Resource Manager.",
            format!("Sign in to the cloud you chose (az cloud set --name …, az login). {get}"),
        ),
        (_, Some("InvalidAuthenticationTokenTenant")) => ex(
            title,
            "ARM received your access token, but it was issued by another tenant (directory) than the one the \
             subscription belongs to.",
            format!("Sign in to the subscription's tenant (az login --tenant <tenant ID>). {get}"),
        ),
        (_, Some("InvalidAuthenticationToken")) => ex(
            title,
            "ARM received a token but could not validate it: it is malformed or incomplete (cut while copying), not \
             signed by Microsoft Entra ID, or lacks a claim ARM needs. ARM's message says which.",
            format!("Copy the whole accessToken value, with nothing added. {get}"),
        ),
        (_, Some(_)) => ex(
            title,
            "ARM received an Authorization header but could not read a token in it (not 'Bearer <token>', or the \
             token is damaged), or could not authenticate it. ARM's message says which.",
            format!("Paste only the token value: no quotes, spaces or line breaks. {get}"),
        ),
        (Sent::Token { .. }, None) => ex(
            title,
            "ARM refused the credentials of this request (401) although a token was sent; its message says what it \
             found wrong.",
            format!("Read ARM's message in the request log. If the token is the problem: {get}"),
        ),
    }
}

/// A failed request's explanation, given what it carried ([`Sent`]): 401 by [`unauthorized`], anything else
/// as [`error_code`]. Live mode always sends the pasted token.
/// A failed step's advice from what its outcome kept (code, status, ARM's message): a policy denial
/// names its assignment and definition, read from the message's "Policy identifiers" (the outcome
/// keeps no body); anything else is [`failure`].
pub fn failed(code: &str, status: u16, message: &str, sent: Sent, n: &Names) -> Explanation {
    if code.eq_ignore_ascii_case("RequestDisallowedByPolicy") {
        let found = crate::arm::policy::violations(&serde_json::json!({ "error": { "message": message } }));
        if !found.is_empty() {
            return policy_denied(&found, n);
        }
    }
    failure(code, status, sent, n)
}

pub fn failure(code: &str, status: u16, sent: Sent, n: &Names) -> Explanation {
    if status == 401 || UNAUTHORIZED_CODES.iter().any(|c| c.eq_ignore_ascii_case(code)) {
        unauthorized(code, sent)
    } else {
        error_code(code, status, n)
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
        // The status alone says nothing about what was sent.
        401 => ex(
            "401 Unauthorized",
            "ARM did not accept the request's credentials: a token was missing or refused. Its error message says why.",
            "Read the message; then sign in, or get a new token for this cloud's Resource Manager, and try again.",
        ),
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

    /// Issue 12 item 2: ARM's 401 for an expired token was explained as "The request carried no access
    /// token". Each 401 code gets its own explanation; none says "no token" when one was sent.
    #[test]
    fn each_401_code_has_its_own_explanation() {
        let n = Names::default();
        let china = Sent::Token { resource: Some("https://management.chinacloudapi.cn/") };
        let claims_no_token = |e: &Explanation| {
            let m = e.meaning.to_lowercase();
            m.contains("no access token") || m.contains("carried no") || m.contains("no token")
        };
        let mut meanings = Vec::new();
        for code in UNAUTHORIZED_CODES {
            let e = failure(code, 401, china, &n);
            assert_eq!(e.title, code);
            assert!(!claims_no_token(&e), "{code}: {e:?}");
            assert!(e.meaning.contains("received"), "{code}: says the token arrived: {e:?}");
            assert!(e.next.contains("--resource https://management.chinacloudapi.cn/"), "{code}: {e:?}");
            assert!(!meanings.contains(&e.meaning), "{code} shares its explanation");
            meanings.push(e.meaning);
        }
        let expired = failure("ExpiredAuthenticationToken", 401, china, &n);
        assert!(expired.meaning.contains("expired"), "{expired:?}");
        assert!(expired.next.contains("clock"), "{expired:?}");
        assert!(failure("InvalidAuthenticationTokenAudience", 401, china, &n).meaning.contains("audience"));
        assert!(failure("InvalidAuthenticationTokenTenant", 401, china, &n).next.contains("--tenant"));
        assert_eq!(failure("expiredauthenticationtoken", 401, china, &n).meaning, expired.meaning, "codes ignore case");

        // Without knowing what was sent: the codes that imply a token still say so, the bare status claims nothing.
        let e = error_code("ExpiredAuthenticationToken", 401, &n);
        assert!(e.meaning.contains("expired") && !claims_no_token(&e), "{e:?}");
        assert!(e.next.contains("get-access-token --resource"), "{e:?}");
        let e = error_code("SomethingNew", 401, &n);
        assert!(!claims_no_token(&e) && !e.meaning.contains("received"), "{e:?}");
        assert!(!claims_no_token(&http_status(401, &n)));

        // No token at all, whatever the code.
        for code in ["AuthenticationFailed", "", "x"] {
            let e = failure(code, 401, Sent::NoToken, &n);
            assert!(claims_no_token(&e), "{e:?}");
            assert!(e.next.contains("az login"), "{e:?}");
        }
        // A code not known here, token sent: generic, true, and not the no-token text.
        let e = failure("SomethingNew", 401, Sent::Token { resource: None }, &n);
        assert_eq!(e.title, "SomethingNew");
        assert!(!claims_no_token(&e) && e.meaning.contains("although a token was sent"), "{e:?}");
        let e = failure("", 401, Sent::Token { resource: None }, &n);
        assert_eq!(e.title, "401 Unauthorized");
        // Not a 401: as before.
        assert_eq!(failure("Conflict", 409, china, &n), error(Code::Conflict, &n));
    }

    #[test]
    fn a_policy_denial_names_assignment_definition_scope_and_the_exemption() {
        let n = Names { service: "contoso-wps".into(), splr: "func-splr".into(), target: "contoso-func".into() };
        let sub = "/subscriptions/75475e1e-9643-4f3d-859e-055f4c31b458";
        let v = PolicyViolation {
            assignment_id: format!("{sub}/resourceGroups/MAIC-RG/providers/Microsoft.Authorization/policyAssignments/fd5e2cb3842d4eefbc857917"),
            assignment_name: "fd5e2cb3842d4eefbc857917".into(),
            assignment_display_name: Some("Enforce Jobs".into()),
            assignment_scope: Some(format!("{sub}/resourceGroups/MAIC-RG")),
            definition_id: format!("{sub}/providers/Microsoft.Authorization/policyDefinitions/4fdffd35"),
            definition_name: "4fdffd35".into(),
            definition_display_name: Some("Enforce Jobs definition".into()),
            effect: Some("Deny".into()),
            ..PolicyViolation::default()
        };
        let e = policy_denied(std::slice::from_ref(&v), &n);
        assert_eq!(e.title, "RequestDisallowedByPolicy");
        for s in [
            format!("'Enforce Jobs' ({})", v.assignment_id),
            format!("'Enforce Jobs definition' ({})", v.definition_id),
            format!("at scope {sub}/resourceGroups/MAIC-RG"),
            "effect Deny".into(),
            "func-splr".into(),
            "same answer".into(),
        ] {
            assert!(e.meaning.contains(&s), "{s} in {}", e.meaning);
        }
        for s in [
            "Activity log".to_string(),
            "az policy state list --resource".into(),
            format!("az policy assignment show --name fd5e2cb3842d4eefbc857917 --scope {sub}/resourceGroups/MAIC-RG"),
            "Microsoft.Authorization/policyExemptions/write".into(),
            "Resource Policy Contributor".into(),
            format!("az policy exemption create --name func-splr-exemption --policy-assignment {} ", v.assignment_id),
            "--acquire-policy-token".into(),
            "x-ms-policy-external-evaluations".into(),
            "acquirePolicyToken?api-version=2025-11-01".into(),
            "Unverified".into(),
        ] {
            assert!(e.next.contains(&s), "{s} in {}", e.next);
        }
        // The code alone (no body at hand): the general advice, still not "retry".
        let g = error_code("RequestDisallowedByPolicy", 403, &n);
        assert!(g.meaning.contains("Azure Policy") && g.meaning.contains("same answer"), "{}", g.meaning);
        assert!(g.next.contains("az policy exemption create"), "{}", g.next);
        assert_ne!(g, http_status(403, &n), "not the AuthorizationFailed advice");
    }
}
