//! A seeded world for practising diagnosis: over the plan's service, one shared private endpoint per
//! state the doctor knows (fine, pending, approved but not yet propagated, rejected, disconnected, timed
//! out, failed provisioning, target deleted), each to its own Key Vault so each row stands alone. Names
//! say the state (`pe-pending` to `kv-pending`), so a learner can check the doctor's verdict.

use super::clock::Millis;
use super::status::{ConnectionStatus, ProvisioningState};
use super::world::{Connection, Splr, World, MANAGED_SUBSCRIPTION};
use crate::target::TargetKind;

/// The states seeded, in the order the SPLRs are listed: `(state, splr status, connection status)`;
/// `None` for the connection: there is none on the (existing) target.
pub const STATES: [&str; 8] =
    ["fine", "pending", "propagating", "rejected", "disconnected", "timeout", "failed", "deleted"];

/// Adds [`STATES`]' endpoints to `world` (targets in the service's resource group).
pub fn several_endpoints(world: &mut World) {
    let (sub, rg) = (world.service.subscription.clone(), world.service.resource_group.clone());
    let managed_rg = format!("{}-managed-{}", world.service.kind.type_segment().to_ascii_lowercase(), world.service.location);
    for (i, state) in STATES.into_iter().enumerate() {
        let splr = format!("pe-{state}");
        let target = crate::resource_id::build(&sub, &rg, TargetKind::KeyVault.resource_type(), &format!("kv-{state}"));
        let conn_name = format!("{splr}.{:08x}-0000-4000-8000-{:012x}", 0x5eed_0000u32 + i as u32, i);
        use ConnectionStatus::*;
        let (prov, on_service, on_target) = match state {
            "fine" => (ProvisioningState::Succeeded, Some(Approved), Some(Approved)),
            "pending" => (ProvisioningState::Succeeded, Some(Pending), Some(Pending)),
            "propagating" => (ProvisioningState::Succeeded, Some(Pending), Some(Approved)),
            "rejected" => (ProvisioningState::Succeeded, Some(Rejected), Some(Rejected)),
            "disconnected" => (ProvisioningState::Succeeded, Some(Disconnected), None),
            "timeout" => (ProvisioningState::Succeeded, Some(Timeout), Some(Pending)),
            "failed" => (ProvisioningState::Failed, None, None),
            _ => (ProvisioningState::Succeeded, Some(Disconnected), None),
        };
        if state != "deleted" {
            let t = world.add_target(TargetKind::KeyVault, &target);
            if let Some(status) = on_target {
                t.connections.push(Connection {
                    name: conn_name.clone(),
                    private_endpoint_id: format!(
                        "/subscriptions/{MANAGED_SUBSCRIPTION}/resourceGroups/{managed_rg}/providers/Microsoft.Network/privateEndpoints/{conn_name}"
                    ),
                    group_ids: vec!["vault".into()],
                    status,
                    description: if status == Pending { format!("Please approve {splr}") } else { format!("{status:?} by the owner") },
                    actions_required: "None".into(),
                    provisioning_state: ProvisioningState::Succeeded,
                    splr: splr.clone(),
                    slot: None,
                    created_at: Millis(0),
                });
            }
        }
        let connection = on_target.map(|_| (target.clone(), conn_name.clone()));
        world.splrs.push(Splr {
            name: splr.clone(),
            private_link_resource_id: target,
            group_id: Some("vault".into()),
            fqdns: None,
            request_message: Some(format!("Please approve {splr}")),
            provisioning_state: prov,
            status: on_service,
            connection,
            replica_connections: Vec::new(),
        });
    }
}
