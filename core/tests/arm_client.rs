//! The walkthrough's ARM client driven against the simulator in virtual time: the documented happy
//! paths, the recoveries the docs describe, and the polling and retry policy.

use splr_core::arm::client::{Action, Context, Machine, OutcomeKind};
use splr_core::arm::clock::Millis;
use splr_core::arm::drive::{drive, drive_with, Run};
use splr_core::arm::faults::{Faults, ProvisioningFailure};
use splr_core::arm::http::{Method, Response};
use splr_core::arm::simulator::Simulator;
use splr_core::arm::status::ConnectionStatus;
use splr_core::arm::world::{Tier, WorldOptions};
use splr_core::form::{check, Form, Plan};
use splr_core::scenario::Scenario;
use splr_core::splr::SplrBody;

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test";

fn plan(s: Scenario) -> Plan {
    check(&Form::new(s)).plan.expect("the scenario's defaults are valid")
}

fn ctx() -> Context {
    Context { token: Some(TOKEN.into()), ..Context::default() }
}

fn setup(s: Scenario, opts: WorldOptions, seed: u64) -> (Plan, Simulator) {
    let p = plan(s);
    let sim = Simulator::from_plan(&p, &opts, seed);
    (p, sim)
}

fn run(sim: &mut Simulator, m: Machine) -> Run {
    let mut m = m;
    drive(sim, &mut m)
}

fn splr_status(sim: &Simulator, name: &str) -> (String, Option<ConnectionStatus>) {
    let s = sim.world.splr(name).expect("exists");
    (s.provisioning_state.to_string(), s.status)
}

/// When the RP does send Retry-After, the client polls at it.
#[test]
fn a_retry_after_on_the_operation_is_obeyed() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 1);
    sim.timings.retry_after = Some(10);
    let created = run(&mut sim, Machine::create(&p, &ctx()));
    assert!(created.outcome.succeeded(), "{}", created.outcome.summary);
    assert!(!created.waits.is_empty() && created.waits.iter().all(|w| *w == Millis::secs(10)), "{:?}", created.waits);
}

/// Create, approve, verify: the three documented scenarios end Approved.
#[test]
fn the_documented_scenarios_end_approved() {
    for s in [Scenario::WebPubSubFunction, Scenario::SignalRFunction, Scenario::WebPubSubPls] {
        let (p, mut sim) = setup(s, WorldOptions::default(), 1);
        let created = run(&mut sim, Machine::create(&p, &ctx()));
        assert!(created.outcome.succeeded(), "{s:?}: {}", created.outcome.summary);
        assert!(created.outcome.summary.contains("approves"), "{}", created.outcome.summary);
        // The create took the simulated tens of seconds, polled at the client's default interval (5 s): the
        // RP sends no Retry-After (azure-cli recording test_signalr_commands.yaml @283b2dd1), and the RPC
        // leaves the interval to the client.
        assert!(created.ended_at >= Millis::secs(24) && created.ended_at <= Millis::secs(50), "{:?}", created.ended_at);
        assert!(created.waits.iter().all(|w| *w == Millis::secs(5)), "{:?}", created.waits);
        // The first request is the PUT of the plan's body; the final resource reads into the model.
        let put = &created.exchanges[0];
        assert_eq!(put.request.method, Method::Put);
        assert_eq!(put.request.url, p.url());
        assert_eq!(put.response.status, 201);
        let body: SplrBody = serde_json::from_value(created.outcome.resource.clone().unwrap()).unwrap();
        assert_eq!(body.properties.provisioning_state.as_deref(), Some("Succeeded"));
        assert_eq!(body.properties.status.as_deref(), Some("Pending"));
        assert_eq!(body.properties.fqdns, p.body().properties.fqdns);

        let approved = run(&mut sim, Machine::approve(&p, &ctx()));
        assert!(approved.outcome.succeeded(), "{s:?}: {}", approved.outcome.summary);
        assert_eq!(splr_status(&sim, &p.name), ("Succeeded".into(), Some(ConnectionStatus::Approved)));
        // Propagation takes minutes (2 min ± 20%), polled every 15 s.
        let took = approved.ended_at - approved.started_at;
        assert!(took >= Millis::secs(96) && took <= Millis::secs(180), "{s:?}: {took}");
        let approve_put = approved.exchanges.iter().find(|e| e.request.method == Method::Put).unwrap();
        let site = p.target.kind == splr_core::target::TargetKind::Site;
        assert_eq!(approve_put.response.status, if site { 202 } else { 200 });
        assert!(approve_put.request.url.contains(if site {
            "api-version=2025-03-01"
        } else {
            "api-version=2025-01-01"
        }));
        assert!(approved.outcome.summary.contains("Approved"));
    }
}

#[test]
fn rejected_then_delete_and_recreate_then_approved() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 2);
    sim.set_faults(Faults { reject_on_target: true, ..Faults::default() });
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    let approve = run(&mut sim, Machine::approve(&p, &ctx()));
    assert_eq!(approve.outcome.code(), Some("Rejected"), "{}", approve.outcome.summary);
    assert!(approve.outcome.summary.contains("delete 'func-pe' and create it again"), "{}", approve.outcome.summary);

    // Approving it directly is refused, as on Azure.
    let conn = sim.world.targets[0].connections[0].clone();
    let url = format!(
        "https://management.azure.com{}/privateEndpointConnections/{}?api-version=2025-03-01",
        sim.world.targets[0].id, conn.name
    );
    let body = serde_json::json!({"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"ok","actionsRequired":""}}});
    let r = sim.handle(&splr_core::arm::http::Request::new(Method::Put, url).bearer(TOKEN).json(&body));
    assert_eq!(r.status, 400);
    assert_eq!(r.error().unwrap().1, "Approving rejected private endpoint connections is not supported.");

    sim.set_faults(Faults::default());
    let deleted = run(&mut sim, Machine::delete(&p, &ctx()));
    assert!(deleted.outcome.succeeded(), "{}", deleted.outcome.summary);
    assert!(sim.world.splr(&p.name).is_none());
    assert!(sim.world.targets[0].connections.is_empty());
    // Recreating right away meets the service still updating after the delete: 409, retried.
    let recreated = run(&mut sim, Machine::create(&p, &ctx()));
    assert!(recreated.outcome.succeeded(), "{}", recreated.outcome.summary);
    assert_eq!(recreated.exchanges[0].response.status, 409);
    let approved = run(&mut sim, Machine::approve(&p, &ctx()));
    assert!(approved.outcome.succeeded(), "{}", approved.outcome.summary);
    assert_ne!(sim.world.targets[0].connections[0].name, conn.name, "a new connection");
}

#[test]
fn a_409_is_retried_with_backoff_then_succeeds() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 3);
    sim.set_faults(Faults { service_updating: true, ..Faults::default() });
    let r = run(&mut sim, Machine::create(&p, &ctx()));
    assert!(r.outcome.succeeded());
    let statuses: Vec<u16> = r.exchanges.iter().map(|e| e.response.status).collect();
    assert_eq!(&statuses[..2], &[409, 201]);
    assert_eq!(r.waits[0], Millis::secs(2), "first backoff step");
    assert_eq!(r.exchanges[0].response.error().unwrap().0, "Conflict");
}

#[test]
fn free_tier_fails_with_a_clear_outcome() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions { tier: Tier::Free, ..Default::default() }, 4);
    let r = run(&mut sim, Machine::create(&p, &ctx()));
    match &r.outcome.kind {
        OutcomeKind::Failed { status, code, message } => {
            assert_eq!((*status, code.as_str()), (400, "SkuNotSupported"));
            assert!(message.contains("Free tier") && message.contains("Standard or Premium"), "{message}");
        }
        k => panic!("{k:?}"),
    }
    assert!(r.outcome.summary.contains("SkuNotSupported"));
    assert_eq!(r.exchanges.len(), 1, "not retried");
    assert!(sim.world.splrs.is_empty(), "rejected up front: nothing created");
}

#[test]
fn async_provisioning_failures_end_failed_with_the_operations_error() {
    // A wrongly cased groupId passes the front door and fails the async operation.
    let mut f = Form::new(Scenario::WebPubSubFunction);
    f.group_id = "sites".into();
    let mut p = check(&f).plan.unwrap();
    p.group_id = Some("Sites".into());
    let mut sim = Simulator::from_plan(&p, &WorldOptions::default(), 5);
    let r = run(&mut sim, Machine::create(&p, &ctx()));
    assert_eq!(r.exchanges[0].response.status, 201);
    assert_eq!(r.outcome.code(), Some("InvalidGroupId"), "{}", r.outcome.summary);
    assert!(r.outcome.summary.contains("case-sensitive"));
    assert_eq!(splr_status(&sim, &p.name).0, "Failed");

    for failure in ProvisioningFailure::ALL {
        let (p, mut sim) = setup(Scenario::SignalRFunction, WorldOptions::default(), 6);
        sim.set_faults(Faults { provisioning_failure: Some(failure), ..Faults::default() });
        let r = run(&mut sim, Machine::create(&p, &ctx()));
        let expected = failure.error("x", "y").code.as_str();
        assert_eq!(r.outcome.code(), Some(expected), "{failure:?}: {}", r.outcome.summary);
    }
}

#[test]
fn throttling_obeys_retry_after() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 7);
    sim.set_faults(Faults { throttle: 2, throttle_retry_after: 7, ..Faults::default() });
    let r = run(&mut sim, Machine::create(&p, &ctx()));
    assert!(r.outcome.succeeded());
    assert_eq!(&r.waits[..2], &[Millis::secs(7), Millis::secs(7)]);
    assert_eq!(r.exchanges[0].response.status, 429);
    assert_eq!(r.exchanges[0].response.header("Retry-After"), Some("7"));
    assert_eq!(r.exchanges[2].response.status, 201);
    assert_eq!(r.exchanges[2].at, Millis::secs(14), "the PUT went through after exactly 2 × 7 s");
}

#[test]
fn server_errors_are_retried_then_succeed_or_given_up() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 8);
    sim.set_faults(Faults { server_errors: 3, ..Faults::default() });
    let r = run(&mut sim, Machine::create(&p, &ctx()));
    assert!(r.outcome.succeeded());
    assert_eq!(&r.waits[..3], &[Millis::secs(2), Millis::secs(4), Millis::secs(8)], "exponential backoff");
    assert!(r.exchanges[..3].iter().all(|e| e.response.status == 500));

    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 8);
    sim.set_faults(Faults { server_errors: 100, server_error_status: 503, ..Faults::default() });
    let r = run(&mut sim, Machine::create(&p, &ctx()));
    assert!(matches!(r.outcome.kind, OutcomeKind::GaveUp { .. }), "{:?}", r.outcome);
    assert_eq!(r.exchanges.len(), 6, "bounded attempts");
    assert!(r.outcome.summary.contains("503"), "{}", r.outcome.summary);
}

#[test]
fn hidden_headers_fall_back_to_polling_the_resource() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 9);
    sim.set_faults(Faults { hide_headers: true, ..Faults::default() });
    let r = run(&mut sim, Machine::create(&p, &ctx()));
    assert!(r.outcome.succeeded(), "{}", r.outcome.summary);
    assert!(r.exchanges[0].response.header("Azure-AsyncOperation").is_none());
    assert!(r.exchanges[1..].iter().all(|e| e.request.url == p.url()), "only the resource is read");
    assert!(r.waits.iter().all(|w| *w == Millis::secs(5)), "the default poll interval: {:?}", r.waits);

    // A delete also ends, by reading until 404.
    let d = run(&mut sim, Machine::delete(&p, &ctx()));
    assert!(d.outcome.succeeded(), "{}", d.outcome.summary);
    assert_eq!(d.exchanges.last().unwrap().response.status, 404);
}

#[test]
fn a_location_only_response_is_followed() {
    // Strip Azure-AsyncOperation from the PUT's answer, as some providers omit it.
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 10);
    let mut m = Machine::create(&p, &ctx());
    let Action::Send(put) = m.start(sim.now()) else { panic!() };
    let mut resp: Response = sim.handle(&put);
    resp.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("Azure-AsyncOperation"));
    let mut action = m.on_response(sim.now(), &resp);
    let mut saw_202 = false;
    loop {
        action = match action {
            Action::Send(r) => {
                assert!(r.url.contains("/operationResults/"), "{}", r.url);
                let resp = sim.handle(&r);
                saw_202 |= resp.status == 202;
                m.on_response(sim.now(), &resp)
            }
            Action::Confirm(r) => panic!("this context does not ask: {}", r.url),
            Action::Wait(d) => {
                sim.advance(d);
                m.on_waited(sim.now())
            }
            Action::Done(o) => {
                assert!(o.succeeded(), "{}", o.summary);
                assert!(o.resource.is_some());
                break;
            }
        }
    }
    assert!(saw_202);
}

#[test]
fn waiting_for_an_approval_nobody_gives_ends_in_timeout_or_gives_up() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 11);
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    // Nobody approves: reading the SPLR in a loop until the limit.
    let mut m = Machine::new(splr_core::arm::client::Job::Get, &p, &ctx());
    assert!(drive(&mut sim, &mut m).outcome.summary.contains("status Pending"));
    sim.advance(Millis::mins(61));
    // Timeout is the SPLR's status only; the target's connection stays Pending (audit row 11).
    assert_eq!(sim.world.targets[0].connections[0].status, ConnectionStatus::Pending);
    sim.advance(Millis::mins(5));
    assert_eq!(splr_status(&sim, &p.name).1, Some(ConnectionStatus::Timeout));
    let r = run(&mut sim, Machine::approve(&p, &ctx()));
    assert_eq!(r.outcome.code(), Some("Timeout"));
}

#[test]
fn a_slow_propagation_hits_the_approval_time_limit() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 12);
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    sim.set_faults(Faults { propagation_multiplier: 50.0, ..Faults::default() });
    let r = run(&mut sim, Machine::approve(&p, &ctx()));
    assert!(matches!(r.outcome.kind, OutcomeKind::GaveUp { .. }), "{:?}", r.outcome);
    assert!(r.ended_at - r.started_at <= Millis::mins(30));
    assert!(r.outcome.summary.contains("had not reached 'func-pe'"), "{}", r.outcome.summary);
    // It does arrive later.
    sim.advance(Millis::mins(120));
    assert_eq!(splr_status(&sim, &p.name).1, Some(ConnectionStatus::Approved));
}

#[test]
fn a_deleted_target_disconnects_the_splr() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 13);
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    let mut m = Machine::approve(&p, &ctx());
    let mut deleted = false;
    let r = drive_with(&mut sim, &mut m, |sim, a| {
        // The owner deletes the Function app while the approval propagates.
        if matches!(a, Action::Wait(_))
            && sim.world.targets.first().is_some_and(|t| t.connections[0].status == ConnectionStatus::Approved)
            && !deleted
        {
            deleted = true;
            sim.set_faults(Faults { delete_target: true, ..Faults::default() });
        }
    });
    assert!(deleted);
    assert_eq!(r.outcome.code(), Some("Disconnected"), "{}", r.outcome.summary);
    // Recreating fails until the target exists again.
    sim.set_faults(Faults::default());
    assert!(run(&mut sim, Machine::delete(&p, &ctx())).outcome.succeeded());
    let again = run(&mut sim, Machine::create(&p, &ctx()));
    assert_eq!(again.outcome.code(), Some("PrivateLinkResourceNotFound"));
}

#[test]
fn cancelling_says_what_happens() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 14);
    let mut m = Machine::create(&p, &ctx());
    let Action::Send(put) = m.start(sim.now()) else { panic!() };
    let resp = sim.handle(&put);
    assert!(matches!(m.on_response(sim.now(), &resp), Action::Wait(_)));
    let o = m.cancel(sim.now());
    assert_eq!(o.kind, OutcomeKind::Cancelled);
    assert!(o.summary.contains("ARM goes on"), "{}", o.summary);
    assert!(m.is_finished());
    assert!(matches!(m.on_waited(sim.now()), Action::Done(_)), "a finished machine sends nothing more");
}

#[test]
fn transport_errors_are_retried() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 15);
    let mut m = Machine::create(&p, &ctx());
    let Action::Send(_) = m.start(sim.now()) else { panic!() };
    assert_eq!(m.on_transport_error(sim.now(), "TypeError: Failed to fetch"), Action::Wait(Millis::secs(2)));
    sim.advance(Millis::secs(2));
    let Action::Send(again) = m.on_waited(sim.now()) else { panic!() };
    assert_eq!(again.method, Method::Put);
    assert!(m.history().iter().any(|(_, h)| h.contains("Failed to fetch")));
}

#[test]
fn same_seed_same_transcript() {
    let transcript = |seed: u64| {
        let (p, mut sim) = setup(Scenario::WebPubSubPls, WorldOptions::default(), seed);
        sim.set_faults(Faults { throttle: 1, server_errors: 1, ..Faults::default() });
        let _ = run(&mut sim, Machine::create(&p, &ctx()));
        let _ = run(&mut sim, Machine::approve(&p, &ctx()));
        let _ = run(&mut sim, Machine::delete(&p, &ctx()));
        sim.log().to_vec()
    };
    let a = transcript(42);
    assert!(a.len() > 10);
    assert_eq!(a, transcript(42));
    assert_ne!(a, transcript(43), "another seed gives other IDs and timings");
}

#[test]
fn another_endpoint_and_a_named_connection() {
    // The emulator serves the same model at its own address; the client follows the URLs it hands out.
    let (p, mut sim) = setup(Scenario::WebPubSubKeyVault, WorldOptions::default(), 16);
    sim.endpoint = "http://127.0.0.1:8080".into();
    let c = Context { endpoint: "http://127.0.0.1:8080/".into(), ..ctx() };
    let created = run(&mut sim, Machine::create(&p, &c));
    assert!(created.outcome.succeeded(), "{}", created.outcome.summary);
    assert!(created.exchanges.iter().all(|e| e.request.url.starts_with("http://127.0.0.1:8080/subscriptions/")));
    let name = sim.world.targets[0].connections[0].name.clone();
    let m = Machine::new(splr_core::arm::client::Job::Approve { connection: Some(name.clone()) }, &p, &c);
    let approved = run(&mut sim, m);
    assert!(approved.outcome.succeeded(), "{}", approved.outcome.summary);
    let first = &approved.exchanges[0];
    assert_eq!(first.request.method, Method::Put, "no listing when the connection is named");
    assert!(first.request.url.contains(&format!(
        "/Microsoft.KeyVault/vaults/contoso-kv/privateEndpointConnections/{name}?api-version=2023-07-01"
    )));
    assert_eq!(first.response.status, 200, "Key Vault approves synchronously");
}

/// Audit row 9. Microsoft.Web answers a site approval with 202, the connection body and an operationResults
/// URL (azure-rest-api-specs specification/web/resource-manager/Microsoft.Web/AppService/stable/2025-03-01/examples/ApproveRejectSitePrivateEndpointConnection.json
/// @2a2407bb4cbcbc19232276ad847b2825b805f4cc; the LRO header is `Location` in
/// RemotePrivateEndpointConnectionARMResource.tsp @074e21c38b61058b27bcdefd854f2aa5b4f323bb). Polled, such a URL
/// gives the connection, which has no `status`: the client must take that as the end and watch the SPLR, not
/// poll as if it were Running until its 30-minute limit. (What the URL really returns is unverified.)
#[test]
fn a_site_approval_ends_when_the_poll_answers_without_status() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 4);
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    let approved = run(&mut sim, Machine::approve(&p, &ctx()));
    assert!(approved.outcome.succeeded(), "{}", approved.outcome.summary);
    let polls: Vec<_> =
        approved.exchanges.iter().filter(|e| e.request.url.contains("/operationResults/")).collect();
    assert!(!polls.is_empty());
    let last = polls.last().unwrap();
    assert_eq!(last.response.status, 200);
    assert!(last.response.json_body().unwrap().get("status").is_none());
    assert!(approved.ended_at - approved.started_at < Millis::mins(5));

    // Even when the first poll already answers 200 with the connection (no status, no Location).
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 4);
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    let mut m = Machine::approve(&p, &ctx());
    let mut action = m.start(sim.now());
    let mut answered_by_hand = false;
    for _ in 0..10_000 {
        action = match action {
            Action::Send(req) if req.url.contains("/operationResults/") && !answered_by_hand => {
                answered_by_hand = true;
                let state = serde_json::json!({"status": "Approved", "description": "", "actionsRequired": ""});
                let conn = serde_json::json!({"id": "x/privateEndpointConnections/c", "name": "c", "properties": {
                    "provisioningState": "Succeeded", "privateLinkServiceConnectionState": state}});
                let next = m.on_response(sim.now(), &Response::json(200, &conn));
                match &next {
                    Action::Send(r) => assert_eq!(r.url, p.url(), "next it reads the SPLR"),
                    other => panic!("expected the SPLR read, got {other:?}"),
                }
                next
            }
            Action::Send(req) => {
                let resp = sim.handle(&req);
                m.on_response(sim.now(), &resp)
            }
            Action::Confirm(r) => panic!("the simulator's context never asks: {r:?}"),
            Action::Wait(d) => {
                sim.advance(d);
                m.on_waited(sim.now())
            }
            Action::Done(o) => {
                assert!(o.succeeded(), "{}", o.summary);
                break;
            }
        };
    }
    assert!(answered_by_hand);
}

/// Live mode (issue 12 item 1): every request that changes something is shown and confirmed before it
/// is sent, and it is the request that changes something that is shown: for Approve, the PUT on the
/// connection the listing found, not the listing. Reads are not asked about; a confirmed change is not
/// asked again when it is retried.
#[test]
fn live_mode_confirms_each_change_exactly_as_it_is_sent() {
    let live = Context { confirm_changes: true, ..ctx() };
    for s in [Scenario::WebPubSubFunction, Scenario::SignalRFunction, Scenario::WebPubSubPls, Scenario::WebPubSubKeyVault] {
        let (p, mut sim) = setup(s, WorldOptions::default(), 21);
        // A throttled PUT is retried without asking again.
        sim.set_faults(Faults { throttle: 1, ..Faults::default() });

        let mut m = Machine::create(&p, &live);
        let Action::Confirm(put) = m.start(sim.now()) else { panic!("{s:?}: the create did not ask first") };
        assert!(sim.log().is_empty(), "{s:?}: sent before it was confirmed");
        assert!(m.is_asking());
        assert_eq!((put.method, put.url.as_str()), (Method::Put, p.url().as_str()));
        assert_eq!(serde_json::from_str::<serde_json::Value>(put.body.as_deref().unwrap()).unwrap(), p.body().to_value());
        // Anything else than an answer keeps asking.
        assert_eq!(m.on_waited(sim.now()), Action::Confirm(put.clone()));
        assert_eq!(m.on_confirmed(sim.now()), Action::Send(put.clone()), "{s:?}: sends exactly what it showed");
        let created = drive_rest(&mut sim, &mut m, Action::Send(put.clone()));
        assert!(created.0.succeeded(), "{s:?}: {}", created.0.summary);
        assert_eq!(created.1, 0, "{s:?}: the retried PUT was asked about again");

        // Approve: the read that finds the connection goes unasked, then the PUT that approves it is shown.
        let approved = drive_with(&mut sim, &mut Machine::approve(&p, &live), |sim, a| {
            if let Action::Confirm(req) = a {
                assert!(
                    sim.log().iter().all(|e| !e.request.url.contains("/privateEndpointConnections/")),
                    "{s:?}: a change on the connection was sent before it was confirmed"
                );
                assert!(sim.log().last().unwrap().request.url.contains("/privateEndpointConnections?api-version="));
                assert_eq!(req.method, Method::Put);
            }
        });
        assert!(approved.outcome.succeeded(), "{s:?}: {}", approved.outcome.summary);
        assert_eq!(approved.confirmed.len(), 1, "{s:?}: {:?}", approved.confirmed);
        let asked = &approved.confirmed[0];
        let conn = &sim.world.targets[0].connections[0];
        assert!(asked.url.starts_with(&format!("https://management.azure.com{}/privateEndpointConnections/{}?api-version=", p.target.id.text, conn.name)), "{}", asked.url);
        let body: serde_json::Value = serde_json::from_str(asked.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["properties"]["privateLinkServiceConnectionState"]["status"], "Approved");
        assert_eq!(approved.exchanges[0].request.method, Method::Get, "{s:?}: the listing comes first");
        let sent_put = approved.exchanges.iter().find(|e| e.request.method == Method::Put).unwrap();
        assert_eq!(&sent_put.request, asked, "{s:?}: what was sent is what was shown");

        // Approving again changes nothing (already Approved): nothing to ask.
        let again = run(&mut sim, Machine::approve(&p, &live));
        assert!(again.outcome.succeeded() && again.confirmed.is_empty(), "{s:?}: {:?}", again.confirmed);

        let deleted = run(&mut sim, Machine::delete(&p, &live));
        assert!(deleted.outcome.succeeded(), "{s:?}: {}", deleted.outcome.summary);
        assert_eq!(deleted.confirmed.iter().map(|r| r.method).collect::<Vec<_>>(), [Method::Delete]);
    }
}

/// Declining the change sends nothing and says so; the simulator's context never asks.
#[test]
fn a_change_not_confirmed_is_not_sent() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 22);
    assert!(run(&mut sim, Machine::create(&p, &ctx())).confirmed.is_empty(), "unattended drivers are not asked");
    let live = Context { confirm_changes: true, ..ctx() };
    let sent_before = sim.log().len();
    let mut m = Machine::approve(&p, &live);
    let Action::Send(list) = m.start(sim.now()) else { panic!() };
    let resp = sim.handle(&list);
    let Action::Confirm(put) = m.on_response(sim.now(), &resp) else { panic!("the approve did not ask") };
    assert_eq!(put.method, Method::Put);
    let o = m.cancel(sim.now());
    assert_eq!(o.kind, OutcomeKind::Cancelled);
    assert!(o.summary.starts_with("Not sent: PUT ") && o.summary.contains("changed nothing"), "{}", o.summary);
    assert_eq!(sim.log().len(), sent_before + 1, "only the listing went out");
    assert_eq!(sim.world.targets[0].connections[0].status, ConnectionStatus::Pending);
    // Not asking: confirming sends nothing.
    let mut idle = Machine::get(&p, &live);
    assert_eq!(idle.on_confirmed(Millis::ZERO), Action::Wait(Millis::ZERO));
}

/// Drives a machine from `action` on, confirming what it asks; the outcome and how often it asked.
fn drive_rest(sim: &mut Simulator, m: &mut Machine, mut action: Action) -> (splr_core::arm::client::Outcome, usize) {
    let mut asked = 0;
    for _ in 0..10_000 {
        action = match action {
            Action::Send(req) => {
                let resp = sim.handle(&req);
                m.on_response(sim.now(), &resp)
            }
            Action::Confirm(_) => {
                asked += 1;
                m.on_confirmed(sim.now())
            }
            Action::Wait(d) => {
                sim.advance(d);
                m.on_waited(sim.now())
            }
            Action::Done(o) => return (o, asked),
        }
    }
    panic!("did not finish")
}

/// Audit row 15. The approve step of a deployment slot lists and approves the slot's own connections
/// (`…/sites/{app}/slots/{slot}/privateEndpointConnections`: the WebApps `…Slot` operations of
/// azure-rest-api-specs specification/web/resource-manager/Microsoft.Web/AppService/RemotePrivateEndpointConnectionARMResource.tsp
/// @074e21c38b61058b27bcdefd854f2aa5b4f323bb, `PrivateEndpointConnectionSlotOperationGroup`); the app's list
/// does not hold them.
#[test]
fn a_slot_is_approved_on_the_slot() {
    let mut f = Form::new(Scenario::SignalRFunction);
    f.target = format!("{}/slots/staging", f.target);
    let p = check(&f).plan.unwrap();
    let mut sim = Simulator::from_plan(&p, &WorldOptions::default(), 21);
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    let approved = run(&mut sim, Machine::approve(&p, &ctx()));
    assert!(approved.outcome.succeeded(), "{}", approved.outcome.summary);
    let slot = format!("{}/slots/staging/privateEndpointConnections", p.target.id.text);
    assert!(approved.exchanges[0].request.url.contains(&format!("{slot}?api-version=")), "{}", approved.exchanges[0].request.url);
    let put = approved.exchanges.iter().find(|e| e.request.method == Method::Put).unwrap();
    assert!(put.request.url.contains(&format!("{slot}/{}.", p.name)), "{}", put.request.url);
    assert_eq!(splr_status(&sim, &p.name), ("Succeeded".into(), Some(ConnectionStatus::Approved)));
}

#[test]
fn a_policy_denied_create_is_not_retried_and_names_the_policy() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 5);
    sim.set_faults(Faults { policy_deny: true, ..Faults::default() });
    let r = run(&mut sim, Machine::create(&p, &ctx()));
    match &r.outcome.kind {
        OutcomeKind::Failed { status, code, message } => {
            assert_eq!((*status, code.as_str()), (403, "RequestDisallowedByPolicy"));
            assert!(message.contains("was disallowed by policy. Policy identifiers: '["), "{message}");
        }
        k => panic!("{k:?}"),
    }
    assert_eq!(r.exchanges.len(), 1, "a 403 is not retried");
    assert!(sim.world.splrs.is_empty(), "denied before the provider: nothing created");
    let sub = &sim.world.service.subscription;
    let assignment = format!(
        "/subscriptions/{sub}/providers/Microsoft.Authorization/policyAssignments/{}",
        splr_core::arm::policy::SIM_ASSIGNMENT_NAME
    );
    // The summary (what the panels show) carries ARM's additionalInfo in words.
    let s = &r.outcome.summary;
    assert!(s.contains(&assignment), "{s}");
    assert!(s.contains(splr_core::arm::policy::SIM_ASSIGNMENT_DISPLAY), "{s}");
    assert!(s.contains(splr_core::arm::policy::SIM_DEFINITION_DISPLAY), "{s}");
    assert!(s.contains(&format!("at scope /subscriptions/{sub},")), "{s}");
    assert!(s.contains(&format!("az policy exemption create --name <name> --policy-assignment {assignment} ")), "{s}");

    // A Deny policy does not cover DELETE, nor the approval in the target's scope.
    sim.set_faults(Faults::default());
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    sim.set_faults(Faults { policy_deny: true, ..Faults::default() });
    let approved = run(&mut sim, Machine::approve(&p, &ctx()));
    assert!(approved.outcome.succeeded(), "{}", approved.outcome.summary);
    let deleted = run(&mut sim, Machine::delete(&p, &ctx()));
    assert!(deleted.outcome.succeeded(), "{}", deleted.outcome.summary);
}

/// Live mode: a real ARM body (Microsoft Learn's, MicrosoftDocs/azure-docs@866d237364c1fb3d30e28102235e347e2f695a63:
/// articles/automation/enforce-job-execution-hybrid-worker.md) ends the step, and its summary (what the live panel
/// shows) carries the policy details from `additionalInfo`, not only the message.
#[test]
fn a_real_policy_denial_body_reaches_the_summary() {
    let body = include_str!("fixtures/request_disallowed_by_policy.learn.json");
    let p = plan(Scenario::WebPubSubFunction);
    let mut m = Machine::create(&p, &ctx());
    let Action::Send(req) = m.start(Millis::ZERO) else { panic!("sends the PUT first") };
    assert_eq!(req.method, Method::Put);
    let resp = Response::json(403, &serde_json::from_str(body).unwrap()).with_header("x-ms-failure-cause", "gateway");
    let Action::Done(out) = m.on_response(Millis::secs(1), &resp) else { panic!("a 403 ends the step at once") };
    assert_eq!(out.code(), Some("RequestDisallowedByPolicy"));
    let s = &out.summary;
    let sub = "/subscriptions/75475e1e-9643-4f3d-859e-055f4c31b458";
    for want in [
        format!(
            "'Enforce Jobs on Automation Hybrid Runbook Workers' \
             ({sub}/resourceGroups/MAIC-RG/providers/Microsoft.Authorization/policyAssignments/fd5e2cb3842d4eefbc857917)"
        ),
        format!("at scope {sub}/resourceGroups/MAIC-RG,"),
        format!("({sub}/providers/Microsoft.Authorization/policyDefinitions/4fdffd35-fd9f-458e-9779-94fe33401bfc)"),
        "effect Deny".into(),
        "Not retried".into(),
    ] {
        assert!(s.contains(&want), "{want} in {s}");
    }
}

/// Audit row 10. NRP's approval (`PrivateLinkServices_UpdatePrivateEndpointConnection`, 200 only) takes a
/// whole `PrivateEndpointConnection`: the official example sends `name`, `properties.privateEndpoint.id` and
/// the state (Azure/azure-rest-api-specs@bed389ea
/// specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/examples/PrivateLinkServiceUpdatePrivateEndpointConnection.json,
/// copied in fixtures/arm-examples/network-2024-05-01/), and `az network private-link-service connection
/// update` GETs the connection and PUTs it back changed (Azure/azure-cli@3ee99803
/// src/azure-cli/azure/cli/command_modules/network/aaz/latest/network/private_link_service/connection/_update.py).
/// The client PUTs the connection it listed with only the state changed, the confirmation shows that whole
/// body, and NRP answers 200 with the connection.
#[test]
fn a_private_link_service_connection_is_put_back_whole() {
    let example: serde_json::Value = serde_json::from_str(include_str!(
        "fixtures/arm-examples/network-2024-05-01/PrivateLinkServiceUpdatePrivateEndpointConnection.json"
    ))
    .unwrap();
    let sent_in_example = &example["parameters"]["parameters"];
    let live = Context { confirm_changes: true, ..ctx() };
    for named in [false, true] {
        let (p, mut sim) = setup(Scenario::WebPubSubPls, WorldOptions::default(), 31);
        assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
        let conn = sim.world.targets[0].connections[0].clone();
        let listed = sim.world.targets[0].connection_json(&conn);
        let job = splr_core::arm::client::Job::Approve { connection: named.then(|| conn.name.clone()) };
        let approved = drive_with(&mut sim, &mut Machine::new(job, &p, &live), |_, _| {});
        assert!(approved.outcome.succeeded(), "{}", approved.outcome.summary);
        assert_eq!(approved.exchanges[0].request.method, Method::Get, "named {named}: the connection is read first");
        assert_eq!(approved.confirmed.len(), 1);
        let shown: serde_json::Value = serde_json::from_str(approved.confirmed[0].body.as_deref().unwrap()).unwrap();
        // Every field the example sends is there, with the example's shape.
        for path in [&["name"][..], &["properties", "privateEndpoint", "id"], &["properties", "privateLinkServiceConnectionState", "status"], &["properties", "privateLinkServiceConnectionState", "description"]] {
            let at = |v: &serde_json::Value| path.iter().fold(v.clone(), |v, k| v[k].clone());
            assert!(!at(sent_in_example).is_null(), "the example sends {path:?}");
            assert!(at(&shown).is_string(), "named {named}: {path:?} missing from {shown}");
        }
        assert_eq!(shown["properties"]["privateLinkServiceConnectionState"]["status"], "Approved");
        // The rest is the connection as read.
        let mut expected = listed.clone();
        expected["properties"]["privateLinkServiceConnectionState"]["status"] = "Approved".into();
        expected["properties"]["privateLinkServiceConnectionState"]["description"] =
            shown["properties"]["privateLinkServiceConnectionState"]["description"].clone();
        assert_eq!(shown, expected, "named {named}: only the state changes");
        let put = approved.exchanges.iter().find(|e| e.request.method == Method::Put).unwrap();
        assert_eq!(&put.request, &approved.confirmed[0], "what is sent is what was shown");
        assert_eq!(put.response.status, 200, "NRP's update is 200, not a long-running operation");
        let answered: serde_json::Value = serde_json::from_str(&put.response.body).unwrap();
        assert_eq!(answered["name"], conn.name.as_str());
        assert_eq!(answered["properties"]["privateLinkServiceConnectionState"]["status"], "Approved");
        assert_eq!(answered["properties"]["privateEndpoint"]["id"], conn.private_endpoint_id.as_str());
    }
}

/// Microsoft.Web keeps the minimal body of its official example (ApproveRejectSitePrivateEndpointConnection.json):
/// only `properties.privateLinkServiceConnectionState`.
#[test]
fn a_site_approval_sends_the_state_alone() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default(), 32);
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    let approved = run(&mut sim, Machine::approve(&p, &ctx()));
    assert!(approved.outcome.succeeded(), "{}", approved.outcome.summary);
    let put = approved.exchanges.iter().find(|e| e.request.method == Method::Put).unwrap();
    let body: serde_json::Value = serde_json::from_str(put.request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body.as_object().unwrap().keys().collect::<Vec<_>>(), ["properties"]);
    assert_eq!(body["properties"].as_object().unwrap().keys().collect::<Vec<_>>(), ["privateLinkServiceConnectionState"]);
}

/// Audit row 14. A Premium service's replicas get a copy of the SPLR ("auto replicated to each replicas",
/// https://github.com/Azure/azure-rest-api-specs/pull/28259), readable under `…/replicas/{r}/sharedPrivateLinkResources`,
/// with no DELETE (the replica paths of webpubsub.json / signalr.json define List, Get and CreateOrUpdate only).
/// Each copy brings its own pending connection on the target (unverified); the approve step approves them
/// all, and deleting the SPLR removes the copies and their connections.
#[test]
fn replicas_get_copies_and_every_pending_connection_is_approved() {
    for s in [Scenario::WebPubSubFunction, Scenario::SignalRFunction, Scenario::WebPubSubPls] {
        let opts = WorldOptions { tier: Tier::Premium, replicas: vec!["west-r1".into(), "north-r2".into()], ..WorldOptions::default() };
        let (p, mut sim) = setup(s, opts, 41);
        assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
        let conns = &sim.world.targets[0].connections;
        assert_eq!(conns.len(), 3, "{s:?}: one connection for the SPLR, one per replica's copy");
        assert!(conns.iter().all(|c| c.status == ConnectionStatus::Pending && c.name.starts_with(&format!("{}.", p.name))));

        let api = p.api_version.id;
        let base = format!("https://management.azure.com{}/replicas", p.service_id());
        let list = sim.handle(&splr_core::arm::http::Request::new(Method::Get, format!("{base}/west-r1/sharedPrivateLinkResources?api-version={api}")).bearer(TOKEN));
        assert_eq!(list.status, 200, "{}", list.body);
        let v: serde_json::Value = serde_json::from_str(&list.body).unwrap();
        assert_eq!(v["value"][0]["name"], p.name.as_str());
        assert_eq!(v["value"][0]["properties"]["status"], "Pending");
        let one = format!("{base}/west-r1/sharedPrivateLinkResources/{}?api-version={api}", p.name);
        assert_eq!(sim.handle(&splr_core::arm::http::Request::new(Method::Get, one.clone()).bearer(TOKEN)).status, 200);
        let del = sim.handle(&splr_core::arm::http::Request::new(Method::Delete, one.clone()).bearer(TOKEN));
        assert_eq!(del.status, 405, "{s:?}: no DELETE on a replica's copy: {}", del.body);
        let nope = format!("{base}/nowhere/sharedPrivateLinkResources?api-version={api}");
        assert_eq!(sim.handle(&splr_core::arm::http::Request::new(Method::Get, nope).bearer(TOKEN)).status, 404);

        let approved = run(&mut sim, Machine::approve(&p, &ctx()));
        assert!(approved.outcome.succeeded(), "{s:?}: {}", approved.outcome.summary);
        let puts = approved.exchanges.iter().filter(|e| e.request.method == Method::Put).count();
        assert_eq!(puts, 3, "{s:?}: every pending connection of this endpoint is approved");
        assert!(sim.world.targets[0].connections.iter().all(|c| c.status == ConnectionStatus::Approved));
        let copy: serde_json::Value =
            serde_json::from_str(&sim.handle(&splr_core::arm::http::Request::new(Method::Get, one.clone()).bearer(TOKEN)).body).unwrap();
        assert_eq!(copy["properties"]["status"], "Approved");

        assert!(run(&mut sim, Machine::delete(&p, &ctx())).outcome.succeeded());
        assert!(sim.world.targets[0].connections.is_empty(), "{s:?}: the copies' connections go with the SPLR");
        let gone = sim.handle(&splr_core::arm::http::Request::new(Method::Get, one).bearer(TOKEN));
        assert_eq!(gone.status, 404);
    }
}

/// Replicas exist on Premium only: on Standard the option changes nothing.
#[test]
fn replicas_need_premium() {
    let opts = WorldOptions { replicas: vec!["west-r1".into()], ..WorldOptions::default() };
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, opts, 42);
    assert!(run(&mut sim, Machine::create(&p, &ctx())).outcome.succeeded());
    assert_eq!(sim.world.targets[0].connections.len(), 1);
}

/// Audit row 19: the RP answers ids and types in its own casing (`resourcegroups`, `…/WebPubSub/…`,
/// `…/SignalR/…`: the official examples, Azure/azure-rest-api-specs@73b50feb8bdc872e33a96ac2e7a32ac9ba67de3f:
/// specification/webpubsub/resource-manager/Microsoft.SignalRService/preview/2026-03-01-preview/examples/WebPubSubSharedPrivateLinkResources_Get.json,
/// and the SignalR RP in Azure/azure-cli@283b2dd1350f7723b4c435bf23eb946a64a65f46:src/azure-cli/azure/cli/command_modules/signalr/tests/latest/recordings/test_signalr_commands.yaml).
/// The client still creates, approves and deletes when every answer's casing differs from its request's.
#[test]
fn the_client_works_when_the_rp_answers_in_its_own_casing() {
    for s in [Scenario::WebPubSubFunction, Scenario::SignalRFunction] {
        let (p, mut sim) = setup(s, WorldOptions::default(), 1);
        let created = run(&mut sim, Machine::create(&p, &ctx()));
        assert!(created.outcome.succeeded(), "{s:?}: {}", created.outcome.summary);
        let id = created.outcome.resource.as_ref().unwrap()["id"].as_str().unwrap().to_string();
        assert!(id.eq_ignore_ascii_case(&p.splr_id()) && id != p.splr_id(), "{s:?}: the casing differs: {id}");
        let approved = run(&mut sim, Machine::approve(&p, &ctx()));
        assert!(approved.outcome.succeeded(), "{s:?}: {}", approved.outcome.summary);
        assert_eq!(splr_status(&sim, &p.name), ("Succeeded".into(), Some(ConnectionStatus::Approved)));
        let deleted = run(&mut sim, Machine::delete(&p, &ctx()));
        assert!(deleted.outcome.succeeded(), "{s:?}: {}", deleted.outcome.summary);
        assert!(sim.world.splr(&p.name).is_none());
    }
}
