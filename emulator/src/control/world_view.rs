//! `GET /_emulator/state` (and the answer of a reset): the clock, the configuration, the plan the world
//! was built from, the faults, what the emulator's own routes wrote, and the service and targets as ARM
//! shows them.

use super::faults::FaultsView;
use crate::state::State;
use serde::Serialize;
use serde_json::{Map, Value};
use splr_core::arm::status::{OpStatus, ProvisioningState};
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct WorldView<'a> {
    url: &'a str,
    now_ms: u64,
    next_event_at_ms: Option<u64>,
    speed: f64,
    seed: u64,
    scenario: &'static str,
    plan: PlanView,
    faults: FaultsView,
    app_settings: &'a BTreeMap<String, Map<String, Value>>,
    role_assignments: &'a [Value],
    /// The service resource; `Updating` while an operation runs.
    service: Value,
    targets: Vec<TargetView>,
}

/// The plan's IDs and body, and the SPLR's URL on this emulator.
#[derive(Serialize)]
struct PlanView {
    service_id: String,
    splr_id: String,
    splr_url: String,
    target_id: String,
    api_version: &'static str,
    body: Value,
}

/// A target and its private endpoint connections, as ARM shows them.
#[derive(Serialize)]
struct TargetView {
    id: String,
    connections: Vec<Value>,
}

pub fn of(st: &State) -> WorldView<'_> {
    let w = &st.sim.world;
    let running = st.sim.operations().iter().any(|o| o.status == OpStatus::Running);
    let p = &st.plan;
    WorldView {
        url: &st.base,
        now_ms: st.sim.now().0,
        next_event_at_ms: st.sim.next_event_at().map(|m| m.0),
        speed: st.config.speed,
        seed: st.config.seed,
        scenario: st.config.scenario.slug(),
        plan: PlanView {
            service_id: p.service_id(),
            splr_id: p.splr_id(),
            splr_url: format!("{}{}?api-version={}", st.base, p.splr_id(), p.api_version.id),
            target_id: p.target.id.text.clone(),
            api_version: p.api_version.id,
            body: p.body().to_value(),
        },
        faults: FaultsView::of(&st.sim.faults, &st.switches),
        app_settings: &st.az.app_settings,
        role_assignments: &st.az.role_assignments,
        service: w.service_json(if running { ProvisioningState::Updating } else { ProvisioningState::Succeeded }),
        targets: w
            .targets
            .iter()
            .map(|t| TargetView {
                id: t.id.clone(),
                connections: t.connections.iter().map(|c| t.connection_json(c)).collect(),
            })
            .collect(),
    }
}
