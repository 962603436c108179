//! The simulator session as the page shows it: the advice under each finished step.

use splr_core::arm::client::{Job, OutcomeKind};
use splr_core::arm::explain::{self, Names};
use splr_core::arm::faults::Faults;
use splr_core::arm::session::Session;
use splr_core::arm::world::WorldOptions;
use splr_core::form::{check, Form, Plan};
use splr_core::scenario::Scenario;

fn plan(s: Scenario) -> Plan {
    check(&Form::new(s)).plan.unwrap()
}

fn session(s: Scenario) -> Session {
    Session::new(&plan(s), &WorldOptions::default(), 7)
}

/// Success advice: the explanations of a 2xx and of a Succeeded operation, or their words.
fn sounds_like_success(text: &str) -> bool {
    let n = Names::default();
    let successes = [200, 201, 202, 204].map(|s| explain::http_status(s, &n));
    let op = explain::operation_status(splr_core::arm::status::OpStatus::Succeeded);
    let t = text.to_ascii_lowercase();
    successes.iter().chain([&op]).any(|e| text == e.meaning || text == e.next)
        || ["the request succeeded", "read the body", "nothing to do", "the operation finished"]
            .iter()
            .any(|w| t.contains(w))
}

// ---- item 4: advice follows the outcome ------------------------------------------------------------

/// Issue 12, item 4: create, switch scenario (the page builds a new world from the new plan), approve.
/// The approve finds nothing to approve; its advice said "The request succeeded. Read the body."
#[test]
fn an_approve_with_nothing_to_approve_gets_failure_advice() {
    let mut first = session(Scenario::WebPubSubFunction);
    first.start([Job::Create]);
    first.finish();
    assert!(first.finished[0].outcome.succeeded());

    // Switching scenario: the page replaces the session with one built from the new plan.
    let mut sess = session(Scenario::SignalRFunction);
    sess.start([Job::Approve { connection: None }]);
    sess.finish();
    let f = &sess.finished[0];
    assert!(!f.outcome.succeeded());
    assert_eq!(f.outcome.code(), Some("NoPendingConnection"));

    // What the component showed before: error_code with the outcome's code and status.
    let names = Names::from_plan(sess.plan());
    let OutcomeKind::Failed { status, code, .. } = &f.outcome.kind else { panic!("{:?}", f.outcome) };
    let e = explain::error_code(code, *status, &names);
    assert!(!sounds_like_success(&e.meaning) && !sounds_like_success(&e.next), "{e:?}");
    assert_ne!(e.title, "200 OK");
    assert!(e.next.to_lowercase().contains("create"), "{e:?}");

    // And what it shows now: the session's advice, which also says why the create is not there.
    let a = sess.advice(f).expect("a failed step gets advice");
    assert!(!sounds_like_success(&a.meaning) && !sounds_like_success(&a.next), "{a:?}");
    assert!(a.meaning.contains("new simulated world"), "{a:?}");
}

#[test]
fn no_failed_or_abandoned_step_gets_success_advice() {
    let names = Names { service: "svc".into(), splr: "pe".into(), target: "app".into() };
    // Codes ARM, the client or the operation can report with a 2xx (an operation's error rides in a 200).
    for code in ["NoPendingConnection", "SomethingNew", "", "Failed", "Canceled", "Rejected", "Timeout"] {
        for status in [0, 100, 200, 201, 202, 204, 299, 304] {
            let kind = OutcomeKind::Failed { status, code: code.into(), message: "m".into() };
            let e = explain::outcome(&kind, &names).expect("failure advice");
            assert!(!sounds_like_success(&e.meaning) && !sounds_like_success(&e.next), "{code} {status}: {e:?}");
            assert!(!e.title.is_empty(), "{code} {status}");
        }
    }
    let gave_up = OutcomeKind::GaveUp { reason: "429 throttled, 6 times in a row".into() };
    let e = explain::outcome(&gave_up, &names).expect("advice when the client gave up");
    assert!(e.meaning.contains("429 throttled, 6 times in a row") && !sounds_like_success(&e.next), "{e:?}");
    assert!(explain::outcome(&OutcomeKind::Cancelled, &names).is_some());
    assert_eq!(explain::outcome(&OutcomeKind::Succeeded, &names), None);
}

#[test]
fn every_failure_the_session_can_reach_gets_failure_advice() {
    let mut cases: Vec<(Scenario, WorldOptions, Faults, Vec<Job>)> = vec![
        (
            Scenario::WebPubSubFunction,
            WorldOptions::default(),
            Faults::default(),
            vec![Job::Approve { connection: None }],
        ),
        (Scenario::WebPubSubFunction, WorldOptions::default(), Faults::default(), vec![Job::Get]),
        (Scenario::WebPubSubFunction, WorldOptions::default(), Faults::default(), vec![Job::Delete, Job::Get]),
        (
            Scenario::WebPubSubFunction,
            WorldOptions::default(),
            Faults { reject_on_target: true, ..Faults::default() },
            vec![Job::Create, Job::Approve { connection: None }],
        ),
        (
            Scenario::WebPubSubFunction,
            WorldOptions::default(),
            Faults { server_errors: 10, server_error_status: 503, ..Faults::default() },
            vec![Job::Create],
        ),
        (
            Scenario::WebPubSubFunction,
            WorldOptions { tier: splr_core::arm::world::Tier::Free, ..WorldOptions::default() },
            Faults::default(),
            vec![Job::Create],
        ),
        (
            Scenario::WebPubSubPls,
            WorldOptions {
                pls_visibility: splr_core::arm::world::PlsVisibility::Restricted,
                ..WorldOptions::default()
            },
            Faults::default(),
            vec![Job::Create],
        ),
        (
            Scenario::WebPubSubFunction,
            WorldOptions { rights_on_target: false, ..WorldOptions::default() },
            Faults::default(),
            vec![Job::Create, Job::Approve { connection: None }],
        ),
    ];
    cases.push((
        Scenario::WebPubSubFunction,
        WorldOptions::default(),
        Faults { delete_target: true, ..Faults::default() },
        vec![Job::Create],
    ));
    let mut failures = 0;
    for (s, opts, faults, jobs) in cases {
        let mut sess = Session::new(&plan(s), &opts, 7);
        sess.sim.set_faults(faults);
        sess.start(jobs);
        sess.finish();
        for f in &sess.finished {
            let advice = sess.advice(f);
            if f.outcome.succeeded() {
                assert_eq!(advice, None);
                continue;
            }
            failures += 1;
            let a = advice.unwrap_or_else(|| panic!("no advice for {:?}", f.outcome));
            assert!(!sounds_like_success(&a.meaning) && !sounds_like_success(&a.next), "{:?}: {a:?}", f.outcome);
        }
    }
    assert!(failures >= 8, "{failures}");
}
