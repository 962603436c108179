//! Live mode's record driven by the shared client, with the simulator standing in for ARM's answers
//! (and a dead network for the transport errors): what the live panel shows after each step.

use splr_core::arm::client::{Action, Context, Job, Machine};
use splr_core::arm::clock::Millis;
use splr_core::arm::explain::Names;
use splr_core::arm::http::{Method, Request};
use splr_core::arm::simulator::Simulator;
use splr_core::arm::world::{Tier, WorldOptions};
use splr_core::form::{check, Form, Plan};
use splr_core::live::preflight;
use splr_core::live::run::{confirm_preview, LiveRun, ReadNext};
use splr_core::scenario::Scenario;

const RESOURCE: &str = "https://management.azure.com/";

fn plan() -> Plan {
    check(&Form::new(Scenario::WebPubSubFunction)).plan.unwrap()
}

fn sim(p: &Plan, tier: Tier) -> Simulator {
    let mut sim = Simulator::from_plan(p, &WorldOptions { tier, ..WorldOptions::default() }, 1);
    sim.lenient_auth = true;
    sim
}

/// Runs `job` the way the live transport does (every change confirmed), the answers from `sim`
/// (`None`: the network is down).
fn run(p: &Plan, job: Job, label: &str, live: &mut LiveRun, mut sim: Option<&mut Simulator>) {
    let ctx = Context { confirm_changes: true, ..Context::default() };
    let mut m = Machine::new(job, p, &ctx);
    live.step_started();
    let mut now = Millis::ZERO;
    let mut action = m.start(now);
    let mut confirms = 0;
    for _ in 0..10_000 {
        action = match action {
            Action::Send(req) => match sim.as_mut().map(|s| s.handle(&req)).ok_or_else(|| "Failed to fetch".to_string()) {
                Ok(resp) => {
                    live.record(&req, Ok(&resp));
                    let next = m.on_response(now, &resp);
                    live.answered(&resp, &next);
                    next
                }
                Err(e) => {
                    live.record(&req, Err(&e));
                    m.on_transport_error(now, &e)
                }
            },
            Action::Confirm(req) => {
                confirms += 1;
                assert!(confirm_preview(&req).contains("Bearer <redacted>"));
                m.on_confirmed(now)
            }
            Action::Wait(d) => {
                now = now + d;
                if let Some(s) = sim.as_mut() {
                    s.advance(d);
                }
                m.on_waited(now)
            }
            Action::Done(outcome) => {
                assert!(confirms <= 1);
                live.finish(label, &outcome, &Names::from_plan(p), RESOURCE);
                return;
            }
        };
    }
    panic!("the job did not end");
}

#[test]
fn a_create_that_succeeds_is_one_ok_outcome_without_advice_and_a_log_of_its_exchanges() {
    let p = plan();
    let mut s = sim(&p, Tier::Standard);
    let mut live = LiveRun::default();
    run(&p, Job::Create, "Create", &mut live, Some(&mut s));
    assert_eq!(live.outcomes.len(), 1);
    let o = &live.outcomes[0];
    assert!(o.ok && o.title == "Create" && o.next.is_none(), "{o:?}");
    assert!(live.log.len() >= 2, "the PUT and at least one poll: {:?}", live.log);
    assert!(live.log[0].title.starts_with("PUT https://management.azure.com/") && live.log[0].title.ends_with("→ 201"), "{:?}", live.log[0]);
    assert!(live.log[0].text.starts_with("Request: PUT ") && live.log[0].text.contains("Response: 201"));
    assert!(live.log.iter().all(|e| e.ok));
}

#[test]
fn a_create_that_fails_carries_arms_explanation_as_advice() {
    let p = plan();
    let mut s = sim(&p, Tier::Free);
    let mut live = LiveRun::default();
    run(&p, Job::Create, "Create", &mut live, Some(&mut s));
    let o = live.outcomes.last().unwrap();
    assert!(!o.ok, "{o:?}");
    let next = o.next.as_deref().unwrap();
    assert!(next.contains("Free"), "{next}");
    assert!(live.log.iter().any(|e| !e.ok));
}

#[test]
fn no_network_gives_up_with_the_network_advice_and_logs_the_transport_errors() {
    let p = plan();
    let mut live = LiveRun::default();
    run(&p, Job::Get, "Status", &mut live, None);
    let o = live.outcomes.last().unwrap();
    assert!(!o.ok);
    assert!(o.next.as_deref().unwrap().starts_with("The browser could not reach ARM"), "{o:?}");
    let last = live.log.last().unwrap();
    assert!(last.title.starts_with("GET ") && last.title.ends_with("→ network error"), "{last:?}");
    assert!(last.text.ends_with("(no response: Failed to fetch)\n"), "{:?}", last.text);
}

#[test]
fn the_read_first_finds_the_tier_and_warns_about_free() {
    let p = plan();
    let ep = Context::default().endpoint;
    for (tier, warns) in [(Tier::Standard, false), (Tier::Free, true)] {
        let mut s = sim(&p, tier);
        let mut live = LiveRun::default();
        live.start_read();
        for (what, req) in preflight::read_requests(&p, &ep) {
            let resp = s.handle(&req);
            if live.read(&p, what, &req, Ok(&resp), RESOURCE) == ReadNext::Stop {
                break;
            }
        }
        live.end_read();
        let o = live.outcomes.last().unwrap();
        assert!(o.ok && o.title == "Read", "{o:?}");
        assert!(o.text.starts_with(&format!("{} · tier {}", p.service_name, tier.as_str())), "{}", o.text);
        assert!(o.text.contains("no shared private endpoints yet"), "{}", o.text);
        assert_eq!(!live.service_warnings.is_empty(), warns, "{:?}", live.service_warnings);
    }
}

#[test]
fn a_read_that_gets_no_answer_stops_with_one_outcome_and_no_findings() {
    let p = plan();
    let mut live = LiveRun::default();
    let req = Request::new(Method::Get, "https://management.azure.com/x");
    assert_eq!(live.read(&p, "service", &req, Err("offline"), RESOURCE), ReadNext::Stop);
    live.end_read();
    assert_eq!(live.outcomes.len(), 1);
    assert_eq!(live.outcomes[0].title, "Reading service");
    assert_eq!(live.outcomes[0].text, "The request did not get an answer the page can read (offline).");
    assert_eq!(live.log.len(), 1);
}

#[test]
fn a_dropped_token_is_said_once_and_the_preview_never_shows_a_token() {
    let mut live = LiveRun::default();
    live.token_dropped();
    assert_eq!(live.outcomes[0].title, "Token dropped");
    let preview = confirm_preview(&Request::new(Method::Put, "https://x/y"));
    assert_eq!(preview, "Request: PUT https://x/y\n  Authorization: Bearer <redacted>");
}

/// A real policy denial (the body Microsoft Learn shows, `fixtures/request_disallowed_by_policy.learn.json`):
/// the advice line under the outcome names the assignment and gives the exemption command with its id,
/// not the general policy advice with placeholders.
#[test]
fn a_policy_denial_advises_with_the_assignment_arm_named() {
    use splr_core::arm::http::Response;
    let p = plan();
    let body: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/request_disallowed_by_policy.learn.json")).unwrap();
    let ctx = Context::default();
    let mut m = Machine::new(Job::Create, &p, &ctx);
    let Action::Send(_) = m.start(Millis::ZERO) else { panic!("sends the PUT first") };
    let Action::Done(out) = m.on_response(Millis::secs(1), &Response::json(403, &body)) else { panic!("a 403 ends the step") };
    let mut live = LiveRun::default();
    live.finish("Create", &out, &Names::from_plan(&p), RESOURCE);
    let next = live.outcomes[0].next.clone().unwrap();
    let assignment = "/subscriptions/75475e1e-9643-4f3d-859e-055f4c31b458/resourceGroups/MAIC-RG/providers/Microsoft.Authorization/policyAssignments/fd5e2cb3842d4eefbc857917";
    assert!(next.contains(&format!("--policy-assignment {assignment}")) || next.contains(&format!("--policy-assignment '{assignment}'")), "{next}");
    assert!(next.contains("az policy exemption create"), "{next}");
}

/// Issue 12: live mode's log says what the client did about a throttled answer, as the simulator's
/// does: the 429 gets "waited … as Retry-After asked, then retried: 201 Created", the others nothing.
#[test]
fn a_retried_answer_gets_its_note_in_the_live_log() {
    use splr_core::arm::faults::Faults;
    let p = plan();
    let mut s = sim(&p, Tier::Standard);
    s.set_faults(Faults { throttle: 1, throttle_retry_after: 3, ..Faults::default() });
    let mut live = LiveRun::default();
    run(&p, Job::Create, "Create", &mut live, Some(&mut s));
    assert!(live.outcomes[0].ok, "{:?}", live.outcomes);
    let notes = live.log_notes();
    assert_eq!(notes.len(), live.log.len());
    assert!(live.log[0].title.ends_with("→ 429"), "{:?}", live.log[0]);
    let first = notes[0].as_deref().unwrap_or_default();
    assert!(first.starts_with("429 Too Many Requests — "), "{first}");
    assert!(first.contains("as Retry-After asked, then retried: 201 Created."), "{first}");
    assert!(notes[1..].iter().all(Option::is_none), "{notes:?}");
}
