//! What is wrong with one shared private endpoint, in plain words, and what to do next. The wording of
//! the states is [`explain`]'s (`connection_sides`, `provisioning_state`, `replicas_pending`), so the
//! doctor and the walkthrough say the same thing; only the cases the walkthrough never meets (a target
//! that cannot be read, several endpoints) are worded here. A change made on the target reaches the
//! service "a few minutes" later (the service mirrors the connection's state:
//! <https://learn.microsoft.com/azure/azure-web-pubsub/howto-secure-shared-private-endpoints>).

use crate::api_version;
use crate::arm::explain::{self, Explanation, Names};
use crate::arm::status::{ConnectionStatus, ProvisioningState};
use crate::doctor::inventory::{kind_of, target_kind, Inventory, SplrView, TargetRead};
use crate::doctor::matching::{self, Confidence, ConnectionView, Match, SplrKey};
use crate::service::Service;
use crate::target::TargetKind;

/// The case a row is in (one per bullet of issue 16 §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    Fine,
    PendingOnTarget,
    /// Approved on the target, not yet on the service.
    Propagating,
    RejectedOrDisconnected,
    Timeout,
    FailedProvisioning,
    TargetDeleted,
    TargetUnreadable,
    FreeTier,
    NotServerless,
    FqdnsNotReturned,
    /// Creating, Updating, Deleting…: wait.
    InProgress,
    /// The target could not be read for another reason, or the sides disagree in a way not listed.
    Other,
}

/// What a row offers. Each maps to the client's jobs over the row's plan (see `rows`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowAction {
    /// Approve this connection on the target (`Job::Approve { connection }`).
    Approve { connection: String },
    /// `Job::Delete`.
    Delete,
    /// `Job::Delete` then `Job::Create`.
    Recreate,
    /// Open the walkthrough prefilled for this endpoint.
    OpenWalkthrough,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub case: Case,
    pub explanation: Explanation,
    pub actions: Vec<RowAction>,
}

fn d(case: Case, explanation: Explanation, mut actions: Vec<RowAction>) -> Diagnosis {
    actions.push(RowAction::OpenWalkthrough);
    Diagnosis { case, explanation, actions }
}

fn ex(title: String, meaning: String, next: String) -> Explanation {
    Explanation { title, meaning, next }
}

/// The names an SPLR's explanations speak of.
pub fn names(service_id: &str, s: &SplrView) -> Names {
    Names {
        service: service_id.rsplit('/').next().unwrap_or_default().to_string(),
        splr: s.name.clone(),
        target: s.private_link_resource_id.rsplit('/').next().unwrap_or_default().to_string(),
    }
}

/// Diagnoses one SPLR (or replica copy) of `inv`; `api` is the service api-version the list was read with
/// (to tell "no fqdns" from "not returned"); `found` is its match on the target.
pub fn diagnose(inv: &Inventory, service_id: &str, api: &str, s: &SplrView, found: &Found) -> Diagnosis {
    let n = names(service_id, s);
    let kind = kind_of(service_id);
    let tkind = target_kind(&s.private_link_resource_id);
    let reading = inv.target(&s.connections_parent());
    let deletable = s.replica.is_none();
    let recreate = || if deletable { vec![RowAction::Recreate, RowAction::Delete] } else { vec![] };

    if let Some(sv) = &inv.service {
        if sv.tier.eq_ignore_ascii_case("Free") {
            return d(Case::FreeTier, explain::error(crate::arm::error::Code::SkuNotSupported, &n), vec![]);
        }
        if kind == Service::SignalR
            && tkind == Some(TargetKind::Site)
            && sv.mode.as_deref().is_some_and(|m| !m.eq_ignore_ascii_case("Serverless"))
        {
            let mode = sv.mode.clone().unwrap_or_default();
            return d(
                Case::NotServerless,
                ex(
                    format!("{} is in {mode} mode", n.service),
                    format!(
                        "Upstream calls to a Function app go out only in Serverless mode; in {mode} mode '{}' carries no calls even when approved.",
                        n.splr
                    ),
                    format!("Set {}'s service mode to Serverless (Settings → Service mode).", n.service),
                ),
                vec![],
            );
        }
    }
    let prov = ProvisioningState::parse(&s.provisioning_state).unwrap_or(ProvisioningState::Unknown);
    if prov == ProvisioningState::Failed {
        let mut e = explain::provisioning_state(prov, &n);
        if let Some(err) = &s.error {
            e.meaning = format!("{} ARM's error: {err}", e.meaning);
        }
        return d(Case::FailedProvisioning, e, recreate());
    }
    if !matches!(prov, ProvisioningState::Succeeded) {
        return d(Case::InProgress, explain::provisioning_state(prov, &n), vec![]);
    }
    let status = ConnectionStatus::parse(&s.status);
    match reading {
        Some(TargetRead::Deleted) => {
            return d(
                Case::TargetDeleted,
                ex(
                    format!("{} does not exist", n.target),
                    format!("Reading {}'s connections answers 404: it (or its slot) was deleted or renamed. '{}' can never connect to it.", n.target, n.splr),
                    format!("Delete '{}'; once {} exists again, create it again and approve it.", n.splr, n.target),
                ),
                if deletable { vec![RowAction::Delete] } else { vec![] },
            )
        }
        Some(TargetRead::Unreadable { status: code, code: arm_code }) => {
            let role = match tkind {
                Some(TargetKind::Site) => "Website Contributor",
                Some(TargetKind::KeyVault) => "Key Vault Contributor",
                Some(TargetKind::StorageAccount) => "Storage Account Contributor",
                Some(TargetKind::PrivateLinkService) => "Network Contributor",
                None => "Reader",
            };
            return d(
                Case::TargetUnreadable,
                ex(
                    format!("{} cannot be read", n.target),
                    format!(
                        "Reading {}'s connections answers {code}{}: you may not read it, so its side is unknown (it exists: a deleted one answers 404).",
                        n.target,
                        if arm_code.is_empty() { String::new() } else { format!(" {arm_code}") }
                    ),
                    format!(
                        "Ask {}'s owner to check the connection, or for a role with its privateEndpointConnections read and approve actions ({role}, or Owner) on it.",
                        n.target
                    ),
                ),
                vec![],
            );
        }
        _ => {}
    }
    if tkind == Some(TargetKind::PrivateLinkService) && s.fqdns.is_none() {
        if let Some(v) = api_version::lookup(kind, api).filter(|v| !v.fqdns) {
            return d(
                Case::FqdnsNotReturned,
                ex(
                    "fqdns not shown".into(),
                    format!("api-version {} does not return fqdns, so whether '{}' has any is unknown from this read.", v.id, n.splr),
                    "Read again with an api-version that has fqdns (the walkthrough's default for a Private Link Service).".into(),
                ),
                vec![],
            );
        }
    }
    let on_target = found.connection.as_ref().and_then(|c| ConnectionStatus::parse(&c.status));
    let Some(service_side) = status else {
        return d(Case::Other, explain::provisioning_state(prov, &n), vec![]);
    };
    let changing = found.connection.as_ref().is_some_and(|c| c.provisioning_state.eq_ignore_ascii_case("Updating"));
    let mut e = explain::connection_sides(service_side, on_target, changing, &n);
    if found.matched.confidence == Confidence::Uncertain {
        e.meaning = format!("{} (Match uncertain: {})", e.meaning, found.matched.why);
    }
    let approve = |c: &ConnectionView| vec![RowAction::Approve { connection: c.name.clone() }];
    let (case, actions) = match (service_side, on_target) {
        (ConnectionStatus::Timeout, _) | (_, Some(ConnectionStatus::Timeout)) => (Case::Timeout, recreate()),
        (ConnectionStatus::Approved, Some(ConnectionStatus::Approved)) => (Case::Fine, vec![]),
        (_, Some(ConnectionStatus::Approved)) => (Case::Propagating, vec![]),
        (_, Some(ConnectionStatus::Pending)) => {
            (Case::PendingOnTarget, found.connection.as_ref().map(approve).unwrap_or_default())
        }
        (_, Some(ConnectionStatus::Rejected | ConnectionStatus::Disconnected) | None) => {
            (Case::RejectedOrDisconnected, recreate())
        }
    };
    if s.replica.is_some() {
        e.next = format!("{} A replica's copy cannot be deleted on its own (the replica paths have no DELETE); deleting '{}' removes it.", e.next, n.splr);
    }
    d(case, e, actions)
}

/// An SPLR's match on its target, with the connection it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub matched: Match,
    pub connection: Option<ConnectionView>,
}

/// Matches `s` among its target's connections in `inv` (none when the target was not read).
pub fn find(inv: &Inventory, service_id: &str, s: &SplrView) -> Found {
    let subscription = service_id.split('/').nth(2).unwrap_or_default();
    let key = SplrKey { name: &s.name, group_id: s.group_id.as_deref(), request_message: s.request_message.as_deref(), subscription };
    match inv.target(&s.connections_parent()) {
        Some(TargetRead::Connections(cs)) => {
            let m = matching::find(&key, cs);
            Found { connection: m.index.map(|i| cs[i].clone()), matched: m }
        }
        _ => Found { matched: Match { index: None, confidence: Confidence::None, why: "The target's connections were not read.".into() }, connection: None },
    }
}

