//! The simulator session as the page shows it: the advice under each finished step, where each side
//! of the connection stands, and the request log's account of what the client did about each answer.

use splr_core::arm::client::{Job, OutcomeKind};
use splr_core::arm::clock::Millis;
use splr_core::arm::explain::{self, Names};
use splr_core::arm::faults::Faults;
use splr_core::arm::session::Session;
use splr_core::arm::status::{ConnectionStatus, ProvisioningState};
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

// ---- item 5: the state view reads both sides ----------------------------------------------------------

/// Issue 12, item 5: the approve ends with the connection Rejected on the target; until the change
/// propagates (two minutes) the SPLR still says Pending, and the state view said "Next: Approve it".
#[test]
fn after_a_rejection_the_state_view_says_what_each_side_knows() {
    let mut sess = session(Scenario::WebPubSubFunction);
    sess.sim.set_faults(Faults { reject_on_target: true, ..Faults::default() });
    sess.start([Job::Create, Job::Approve { connection: None }]);
    sess.finish();
    assert_eq!(sess.finished.len(), 2);
    assert_eq!(sess.finished[1].outcome.code(), Some("Rejected"));

    let st = sess.standing();
    assert_eq!(st.provisioning_state, Some(ProvisioningState::Succeeded));
    assert_eq!(st.status, Some(ConnectionStatus::Pending), "the service side is not told yet");
    assert_eq!(st.target_status, Some(ConnectionStatus::Rejected));
    let e = &st.explanation;
    assert!(!e.next.starts_with("Approve it"), "{e:?}");
    assert!(e.title.contains("Rejected"), "{e:?}");
    assert!(e.meaning.contains("contoso-func") && e.meaning.contains("rejected"), "{e:?}");
    assert!(e.meaning.contains("Pending") && e.meaning.contains("not been told"), "{e:?}");
    assert!(e.next.contains("Delete") && e.next.contains("wait"), "{e:?}");

    // Once the change has propagated, both sides agree and the plain Rejected explanation is back.
    sess.advance(Millis::mins(10));
    let st = sess.standing();
    assert_eq!(st.status, Some(ConnectionStatus::Rejected));
    assert_eq!(st.explanation, explain::connection_status(ConnectionStatus::Rejected, &Names::from_plan(sess.plan())));
}

#[test]
fn while_an_approval_propagates_the_state_view_says_wait_not_approve() {
    for s in [Scenario::WebPubSubFunction, Scenario::WebPubSubPls, Scenario::WebPubSubKeyVault] {
        let mut sess = session(s);
        sess.start([Job::Create]);
        sess.finish();
        assert_eq!(sess.standing().explanation.title, "Pending", "{s:?}: both sides Pending");
        sess.start([Job::Approve { connection: None }]);
        let mut seen_approved_on_target = false;
        let mut seen_being_approved = false;
        while !sess.is_idle() {
            sess.step();
            let st = sess.standing();
            // A site applies the approval asynchronously: its connection is Updating meanwhile.
            if st.explanation.title == "Being approved on contoso-func" {
                seen_being_approved = true;
                assert!(st.explanation.next.starts_with("Wait"), "{:?}", st.explanation);
            }
            if st.status == Some(ConnectionStatus::Pending) && st.target_status == Some(ConnectionStatus::Approved) {
                seen_approved_on_target = true;
                let e = &st.explanation;
                assert!(!e.next.starts_with("Approve it"), "{s:?}: {e:?}");
                assert!(e.next.starts_with("Wait"), "{s:?}: {e:?}");
                assert!(e.meaning.contains("not reached"), "{s:?}: {e:?}");
            }
        }
        assert!(seen_approved_on_target, "{s:?}");
        assert_eq!(seen_being_approved, s == Scenario::WebPubSubFunction, "{s:?}");
        assert_eq!(sess.standing().status, Some(ConnectionStatus::Approved));
        assert_eq!(sess.standing().explanation.title, "Approved");
    }
}

#[test]
fn a_deleted_target_is_explained_before_the_service_knows() {
    let mut sess = session(Scenario::WebPubSubFunction);
    sess.start([Job::Create]);
    sess.finish();
    sess.sim.set_faults(Faults { delete_target: true, ..Faults::default() });
    let st = sess.standing();
    assert_eq!(st.status, Some(ConnectionStatus::Pending));
    assert_eq!(st.target_status, None);
    assert!(st.explanation.title.contains("Disconnected"), "{:?}", st.explanation);
    assert!(st.explanation.next.contains("Delete"), "{:?}", st.explanation);
    sess.advance(Millis::mins(10));
    assert_eq!(sess.standing().status, Some(ConnectionStatus::Disconnected));
    assert_eq!(sess.standing().explanation.title, "Disconnected");
}

#[test]
fn every_pair_of_sides_is_explained_without_panicking() {
    let n = Names::default();
    for svc in ConnectionStatus::ALL {
        for target in ConnectionStatus::ALL.into_iter().map(Some).chain([None]) {
            for changing in [false, true] {
                let e = explain::connection_sides(svc, target, changing, &n);
                assert!(!e.title.is_empty() && !e.meaning.is_empty() && !e.next.is_empty());
                if target == Some(svc) && !changing {
                    assert_eq!(e, explain::connection_status(svc, &n));
                }
                if target.is_some_and(|t| t != ConnectionStatus::Pending) || target.is_none() {
                    assert!(!e.next.starts_with("Approve it"), "{svc:?} {target:?}: {e:?}");
                }
            }
        }
    }
}

// ---- also seen: the request log says what the client did about a retried answer ----------------------

#[test]
fn a_throttled_request_is_explained_where_it_happened() {
    let mut sess = session(Scenario::WebPubSubFunction);
    sess.sim.set_faults(Faults { throttle: 1, throttle_retry_after: 3, ..Faults::default() });
    sess.start([Job::Create]);
    sess.finish();
    assert!(sess.finished[0].outcome.succeeded());
    let notes = sess.log_notes();
    assert_eq!(notes.len(), sess.log().len());
    assert_eq!(sess.log()[0].response.status, 429);
    assert_eq!(
        notes[0].as_deref(),
        Some("429 Too Many Requests — waited 3 s as Retry-After asked, then retried: 201 Created.")
    );
    assert!(notes[1..].iter().all(Option::is_none), "{notes:?}");
}

#[test]
fn a_conflict_and_server_errors_are_explained_where_they_happened() {
    let mut sess = session(Scenario::SignalRFunction);
    sess.sim.set_faults(Faults { service_updating: true, ..Faults::default() });
    sess.start([Job::Create]);
    sess.finish();
    assert!(sess.finished[0].outcome.succeeded());
    let note = sess.log_notes()[0].clone().expect("the 409 is explained");
    assert!(note.starts_with("409 Conflict — "), "{note}");
    assert!(note.contains("busy with another operation"), "{note}");
    assert!(note.contains("then retried: 201 Created."), "{note}");

    // Hidden headers: no Retry-After to read, so the client's own backoff (2 s, then 4 s).
    let mut sess = session(Scenario::WebPubSubFunction);
    sess.sim.set_faults(Faults { server_errors: 2, server_error_status: 503, hide_headers: true, ..Faults::default() });
    sess.start([Job::Create]);
    sess.finish();
    assert!(sess.finished[0].outcome.succeeded());
    let notes = sess.log_notes();
    let n0 = notes[0].as_deref().unwrap();
    let n1 = notes[1].as_deref().unwrap();
    assert!(n0.starts_with("503 Service Unavailable — ") && n0.contains("waited 2 s"), "{n0}");
    assert!(n0.contains("no Retry-After") && n0.ends_with("then retried: 503 Service Unavailable."), "{n0}");
    assert!(n1.contains("waited 4 s") && n1.ends_with("then retried: 201 Created."), "{n1}");
}

#[test]
fn a_retry_still_waiting_given_up_or_cancelled_says_so() {
    let mut sess = session(Scenario::WebPubSubFunction);
    sess.sim.set_faults(Faults { throttle: 1, throttle_retry_after: 7, ..Faults::default() });
    sess.start([Job::Create]);
    sess.advance(Millis::secs(1));
    let note = sess.log_notes()[0].clone().unwrap();
    assert!(note.contains("waiting 7 s as Retry-After asks, then retrying (retry 1 of 5)"), "{note}");
    sess.cancel();
    let note = sess.log_notes()[0].clone().unwrap();
    assert!(note.contains("cancelled before the retry"), "{note}");

    let mut sess = session(Scenario::WebPubSubFunction);
    sess.sim.set_faults(Faults { server_errors: 50, server_error_status: 500, ..Faults::default() });
    sess.start([Job::Create]);
    sess.finish();
    assert!(matches!(sess.finished[0].outcome.kind, OutcomeKind::GaveUp { .. }));
    let notes = sess.log_notes();
    assert_eq!(notes.len(), 6);
    assert!(notes[..5].iter().all(|n| n.as_deref().is_some_and(|n| n.contains("then retried: 500"))), "{notes:?}");
    let last = notes[5].as_deref().unwrap();
    assert!(last.starts_with("500 Internal Server Error — ") && last.contains("gave up"), "{last}");
}

/// Audit row 14: with replicas, the state view says a replica's copy is still Pending (its own
/// connection, unverified) until the approve step has approved every pending connection.
#[test]
fn the_state_view_says_when_a_replicas_copy_is_still_pending() {
    let opts = WorldOptions {
        tier: splr_core::arm::world::Tier::Premium,
        replicas: vec!["westus-replica".into()],
        ..WorldOptions::default()
    };
    let mut sess = Session::new(&plan(Scenario::WebPubSubPls), &opts, 9);
    sess.start([Job::Create]);
    sess.finish();
    let st = sess.standing();
    assert!(st.explanation.meaning.contains("'westus-replica' is still Pending"), "{:?}", st.explanation);
    assert!(st.explanation.meaning.contains("unverified"), "{:?}", st.explanation);
    sess.start([Job::Approve { connection: None }]);
    sess.finish();
    let st = sess.standing();
    assert_eq!(st.status, Some(ConnectionStatus::Approved));
    assert!(!st.explanation.meaning.contains("replica"), "{:?}", st.explanation);
    // Without replicas nothing is said about them.
    let mut plain = session(Scenario::WebPubSubPls);
    plain.start([Job::Create]);
    plain.finish();
    assert!(!plain.standing().explanation.meaning.contains("replica"));
}
