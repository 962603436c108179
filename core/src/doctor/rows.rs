//! One row per SPLR (and per replica copy): both sides, the match, the diagnosis, and the actions as the
//! existing client's jobs over a [`Plan`] built from the row (so approve/delete/re-create go through the
//! same `Machine`, with `Action::Confirm` before every change in live mode), plus a deep link that opens
//! the walkthrough prefilled for the endpoint.

use crate::arm::client::Job;
use crate::doctor::diagnosis::{self, Diagnosis, RowAction};
use crate::doctor::inventory::{kind_of, target_kind, Inventory, SplrView};
use crate::doctor::matching::Confidence;
use crate::form::{check, Field, Form, Plan};
use crate::scenario::Scenario;
use crate::walkthrough::deep_link;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub splr: SplrView,
    /// The matched connection's name and state on the target (`None`: none found or not read).
    pub connection: Option<String>,
    pub state_on_target: Option<String>,
    pub confidence: Confidence,
    pub match_note: String,
    pub diagnosis: Diagnosis,
}

/// The rows of an inventory, in the order read (the service's SPLRs, then each replica's copies).
pub fn rows(inv: &Inventory, service_id: &str, api_version: &str) -> Vec<Row> {
    inv.splrs
        .iter()
        .map(|s| {
            let found = diagnosis::find(inv, service_id, s);
            let diagnosis = diagnosis::diagnose(inv, service_id, api_version, s, &found);
            Row {
                splr: s.clone(),
                connection: found.connection.as_ref().map(|c| c.name.clone()),
                state_on_target: found.connection.as_ref().map(|c| c.status.clone()),
                confidence: found.matched.confidence,
                match_note: found.matched.why,
                diagnosis,
            }
        })
        .collect()
}

/// The walkthrough form for a row's endpoint: the scenario of its service and target kind, every field
/// the SPLR carries. Some SPLRs fit no scenario (an unknown target kind): `None`.
pub fn form(row: &Row, service_id: &str, api_version: &str) -> Option<Form> {
    let service = kind_of(service_id);
    let tk = target_kind(&row.splr.private_link_resource_id)?;
    let scenario = [
        Scenario::WebPubSubFunction,
        Scenario::SignalRFunction,
        Scenario::WebPubSubPls,
        Scenario::WebPubSubKeyVault,
        Scenario::SignalRKeyVault,
        Scenario::WebPubSubStorage,
        Scenario::SignalRStorage,
    ]
    .into_iter()
    .find(|s| s.service() == service && s.target_kind() == tk)?;
    let seg = |i: usize| service_id.split('/').nth(i).unwrap_or_default().to_string();
    let mut f = Form::new(scenario);
    f.set(Field::Subscription, seg(2));
    f.set(Field::ResourceGroup, seg(4));
    f.set(Field::Service, seg(8));
    f.set(Field::Name, row.splr.name.clone());
    f.set(Field::Target, row.splr.private_link_resource_id.clone());
    f.set(Field::GroupId, row.splr.group_id.clone().unwrap_or_default());
    f.set(Field::Fqdns, row.splr.fqdns.clone().unwrap_or_default().join("\n"));
    f.set(Field::Message, row.splr.request_message.clone().unwrap_or_default());
    f.set(Field::ApiVersion, api_version.to_string());
    Some(f)
}

/// The plan the row's actions run over (`None` when the row's form does not check).
pub fn plan(row: &Row, service_id: &str, api_version: &str) -> Option<Plan> {
    check(&form(row, service_id, api_version)?).plan
}

/// The deep link's query string that opens the walkthrough prefilled for the row.
pub fn walkthrough_query(row: &Row, service_id: &str, api_version: &str) -> Option<String> {
    form(row, service_id, api_version).map(|f| deep_link::to_query(&f))
}

/// The client's jobs for an action, in order (none for opening the walkthrough).
pub fn jobs(action: &RowAction) -> Vec<Job> {
    match action {
        RowAction::Approve { connection } => vec![Job::Approve { connection: Some(connection.clone()) }],
        RowAction::Delete => vec![Job::Delete],
        RowAction::Recreate => vec![Job::Delete, Job::Create],
        RowAction::OpenWalkthrough => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::reads::run_sync;
    use crate::arm::session::Session;
    use crate::arm::simulator::Simulator;
    use crate::arm::world::{Tier, WorldOptions};
    use crate::doctor::diagnosis::Case;
    use crate::doctor::inventory::{InventoryReads, ServiceView, TargetRead};
    use crate::form::{check, Form};

    fn plan0() -> Plan {
        check(&Form::new(Scenario::WebPubSubKeyVault)).plan.unwrap()
    }

    fn read(sim: &mut Simulator, plan: &Plan) -> Vec<Row> {
        let mut c = InventoryReads::new(&sim.endpoint.clone(), &plan.service_id(), plan.api_version.id, None);
        run_sync(&mut c, 100, |r| Ok(sim.handle(r)));
        assert!(c.inventory.errors.is_empty(), "{:?}", c.inventory.errors);
        rows(&c.inventory, &plan.service_id(), plan.api_version.id)
    }

    #[test]
    fn the_seeded_world_gives_one_row_per_state_with_its_diagnosis() {
        let plan = plan0();
        let mut sim = Simulator::from_plan(&plan, &WorldOptions { several_endpoints: true, ..Default::default() }, 1);
        sim.lenient_auth = true;
        sim.page_size = 3; // three pages: the list is followed to its end
        let got: Vec<(String, Case, Confidence)> =
            read(&mut sim, &plan).into_iter().map(|r| (r.splr.name, r.diagnosis.case, r.confidence)).collect();
        use Case::*;
        use Confidence as C;
        let want = [
            ("pe-fine", Fine, C::Certain),
            ("pe-pending", PendingOnTarget, C::Certain),
            ("pe-propagating", Propagating, C::Certain),
            ("pe-rejected", RejectedOrDisconnected, C::Certain),
            ("pe-disconnected", RejectedOrDisconnected, C::None),
            ("pe-timeout", Timeout, C::Certain),
            ("pe-failed", FailedProvisioning, C::None),
            ("pe-deleted", TargetDeleted, C::None),
        ];
        let want: Vec<_> = want.iter().map(|(n, c, k)| (n.to_string(), *c, *k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn row_actions_run_as_the_clients_jobs_and_the_inventory_follows() {
        let plan = plan0();
        let opts = WorldOptions { several_endpoints: true, ..Default::default() };
        let mut sess = Session::new(&plan, &opts, 3);
        let inv = |sess: &mut Session| {
            let mut c = InventoryReads::new(crate::form::ARM_ENDPOINT, &plan.service_id(), plan.api_version.id, None);
            run_sync(&mut c, 100, |r| Ok(sess.answer(r)));
            rows(&c.inventory, &plan.service_id(), plan.api_version.id)
        };
        let rows0 = inv(&mut sess);
        let pending = rows0.iter().find(|r| r.splr.name == "pe-pending").unwrap();
        let approve = pending.diagnosis.actions.iter().find(|a| matches!(a, RowAction::Approve { .. })).unwrap();
        let p = super::plan(pending, &plan.service_id(), plan.api_version.id).expect("the row's plan checks");
        assert_eq!(p.name, "pe-pending");
        assert!(walkthrough_query(pending, &plan.service_id(), plan.api_version.id).unwrap().contains("name=pe-pending"));
        assert!(sess.start_for(&p, jobs(approve)));
        sess.finish();
        let rejected = rows0.iter().find(|r| r.splr.name == "pe-rejected").unwrap();
        assert_eq!(rejected.diagnosis.actions, [RowAction::Recreate, RowAction::Delete, RowAction::OpenWalkthrough]);
        let p = super::plan(rejected, &plan.service_id(), plan.api_version.id).unwrap();
        assert!(sess.start_for(&p, jobs(&RowAction::Delete)));
        sess.finish();
        let rows1 = inv(&mut sess);
        let case = |n: &str| rows1.iter().find(|r| r.splr.name == n).map(|r| r.diagnosis.case);
        assert_eq!(case("pe-pending"), Some(Case::Fine));
        assert_eq!(case("pe-rejected"), None);
    }

    #[test]
    fn the_service_level_and_unreadable_cases() {
        let plan = plan0();
        let sid = plan.service_id();
        let s = SplrView {
            name: "pe".into(),
            replica: None,
            private_link_resource_id: plan.target.id.text.clone(),
            group_id: Some("vault".into()),
            request_message: None,
            fqdns: None,
            provisioning_state: "Succeeded".into(),
            status: "Pending".into(),
            error: None,
        };
        let mut inv = Inventory { splrs: vec![s.clone()], ..Default::default() };
        inv.targets.push((s.private_link_resource_id.clone(), TargetRead::Unreadable { status: 403, code: "AuthorizationFailed".into() }));
        let r = &rows(&inv, &sid, plan.api_version.id)[0];
        assert_eq!(r.diagnosis.case, Case::TargetUnreadable);
        assert!(r.diagnosis.explanation.next.contains("Key Vault Contributor"), "{:?}", r.diagnosis.explanation);
        inv.service = Some(ServiceView { tier: Tier::Free.as_str().into(), mode: None });
        assert_eq!(rows(&inv, &sid, plan.api_version.id)[0].diagnosis.case, Case::FreeTier);
        // A failed SPLR carries ARM's error into the diagnosis.
        inv.service = None;
        inv.splrs[0].provisioning_state = "Failed".into();
        inv.splrs[0].error = Some("The private link resource is in another tenant.".into());
        let r = &rows(&inv, &sid, plan.api_version.id)[0];
        assert_eq!(r.diagnosis.case, Case::FailedProvisioning);
        assert!(r.diagnosis.explanation.meaning.contains("another tenant"));
        // SignalR in Default mode with a Function app target.
        let sr = check(&Form::new(Scenario::SignalRFunction)).plan.unwrap();
        let mut s2 = s.clone();
        s2.private_link_resource_id = sr.target.id.text.clone();
        s2.group_id = Some("sites".into());
        let inv2 = Inventory {
            service: Some(ServiceView { tier: "Standard".into(), mode: Some("Default".into()) }),
            splrs: vec![s2],
            ..Default::default()
        };
        assert_eq!(rows(&inv2, &sr.service_id(), sr.api_version.id)[0].diagnosis.case, Case::NotServerless);
        // A Private Link Service read with an api-version without fqdns.
        let pls = check(&Form::new(Scenario::WebPubSubPls)).plan.unwrap();
        let mut s3 = s.clone();
        s3.private_link_resource_id = pls.target.id.text.clone();
        s3.group_id = None;
        let inv3 = Inventory { splrs: vec![s3], ..Default::default() };
        assert_eq!(rows(&inv3, &pls.service_id(), "2024-03-01")[0].diagnosis.case, Case::FqdnsNotReturned);
        assert_ne!(rows(&inv3, &pls.service_id(), pls.api_version.id)[0].diagnosis.case, Case::FqdnsNotReturned);
    }
}
