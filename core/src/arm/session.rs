//! A simulated walkthrough: the simulator, the client job running now and the jobs queued after it,
//! advanced in virtual time by whoever drives it — the browser's clock scaled by a speed, a "next
//! event" button, or "run to the end". [`super::drive`] runs one job to its end; a session can stop
//! anywhere in between, which is what time controls need.

use super::client::{Action, Context, Job, Machine, Outcome};
use super::clock::Millis;
use super::exchange::Exchange;
use super::explain::{self, Explanation, Names};
use super::faults::Faults;
use super::http::Request;
use super::retry_note::RetryNotes;
use super::simulator::Simulator;
use super::status::{ConnectionStatus, ProvisioningState};
use super::world::WorldOptions;
use crate::form::Plan;
use std::collections::VecDeque;

/// Where the transcript lived first; its home is [`crate::arm::exchange`].
pub use super::exchange::transcript;

/// What the running job waits for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Next {
    Send(Request),
    ResumeAt(Millis),
}

struct Running {
    job: Job,
    machine: Machine,
    next: Next,
}

/// A finished job, for the UI's outcome list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    pub job: Job,
    pub outcome: Outcome,
    pub at: Millis,
}

/// Where the SPLR and its connection stand, in the model's terms and in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standing {
    /// `None`: no shared private endpoint exists (not created yet, or deleted).
    pub provisioning_state: Option<ProvisioningState>,
    pub status: Option<ConnectionStatus>,
    /// The connection's status as the target shows it (it may lead the SPLR's while approval propagates).
    pub target_status: Option<ConnectionStatus>,
    pub explanation: Explanation,
}

pub struct Session {
    pub sim: Simulator,
    plan: Plan,
    ctx: Context,
    running: Option<Running>,
    queue: VecDeque<Job>,
    /// The plan the queued jobs run over when it is not the session's (the doctor's row actions).
    job_plan: Option<Plan>,
    pub finished: Vec<Finished>,
    /// What the client did about an answer it retried or gave up on, by index in the log.
    notes: RetryNotes,
}

/// How many driver steps "run to the end" may take; a job always ends within its own time limit.
const STEP_LIMIT: usize = 100_000;

impl Session {
    pub fn new(plan: &Plan, opts: &WorldOptions, seed: u64) -> Session {
        let mut sim = Simulator::from_plan(plan, opts, seed);
        // The in-browser simulator has no token to check.
        sim.lenient_auth = true;
        Session {
            sim,
            plan: plan.clone(),
            ctx: Context::default(),
            running: None,
            queue: VecDeque::new(),
            job_plan: None,
            finished: vec![],
            notes: RetryNotes::default(),
        }
    }

    /// The plan the session's world was made from (the core tests read the names from it).
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn now(&self) -> Millis {
        self.sim.now()
    }

    /// The faults injected now (the fault panel's checkboxes).
    pub fn faults(&self) -> &Faults {
        &self.sim.faults
    }

    /// Replaces the injected faults; the standing ones (reject, delete target) apply at once.
    pub fn set_faults(&mut self, faults: Faults) {
        self.sim.set_faults(faults);
    }

    /// The finished jobs, oldest first (the UI's outcome list).
    pub fn outcomes(&self) -> &[Finished] {
        &self.finished
    }

    /// The job running now, if any.
    pub fn running(&self) -> Option<&Job> {
        self.running.as_ref().map(|r| &r.job)
    }

    pub fn is_idle(&self) -> bool {
        self.running.is_none() && self.queue.is_empty()
    }

    /// Starts `jobs` one after the other; a job that does not succeed stops the rest. Refused (false)
    /// while another job runs: ARM serialises operations on one service, and so does the walkthrough.
    pub fn start(&mut self, jobs: impl IntoIterator<Item = Job>) -> bool {
        if !self.is_idle() {
            return false;
        }
        self.job_plan = None;
        self.queue.extend(jobs);
        self.start_next();
        true
    }

    /// Like [`Session::start`], over another endpoint of the same world (a row of the doctor's
    /// inventory); the session's own plan is unchanged.
    pub fn start_for(&mut self, plan: &Plan, jobs: impl IntoIterator<Item = Job>) -> bool {
        if !self.start(std::iter::empty()) {
            return false;
        }
        self.job_plan = Some(plan.clone());
        self.queue.extend(jobs);
        self.start_next();
        true
    }

    /// Stops the running job (its outcome says Cancelled) and drops the queue.
    pub fn cancel(&mut self) {
        self.queue.clear();
        if self.running.is_some() {
            self.notes.cancelled();
        }
        if let Some(mut r) = self.running.take() {
            let outcome = r.machine.cancel(self.now());
            self.finished.push(Finished { job: r.job, outcome, at: self.now() });
        }
    }

    fn start_next(&mut self) {
        if self.running.is_some() {
            return;
        }
        if let Some(job) = self.queue.pop_front() {
            let mut machine = Machine::new(job.clone(), self.job_plan.as_ref().unwrap_or(&self.plan), &self.ctx);
            let action = machine.start(self.now());
            self.notes.new_job();
            self.running = Some(Running { job, machine, next: Next::ResumeAt(self.now()) });
            self.apply(action);
        }
    }

    fn apply(&mut self, action: Action) {
        let now = self.now();
        match action {
            Action::Send(req) => {
                if let Some(r) = self.running.as_mut() {
                    r.next = Next::Send(req);
                }
            }
            Action::Wait(d) => {
                if let Some(r) = self.running.as_mut() {
                    r.next = Next::ResumeAt(now + d);
                }
            }
            // The simulator's context does not ask (the user started the step in the simulator); were it
            // set, the session would confirm on the user's behalf.
            Action::Confirm(_) => {
                let action = match self.running.as_mut() {
                    Some(r) => r.machine.on_confirmed(now),
                    None => return,
                };
                self.apply(action);
            }
            Action::Done(outcome) => {
                let Some(r) = self.running.take() else { return };
                let ok = outcome.succeeded();
                self.finished.push(Finished { job: r.job, outcome, at: now });
                if ok {
                    self.start_next();
                } else {
                    self.queue.clear();
                }
            }
        }
    }

    /// Sends whatever the running job wants to send now (requests take no virtual time).
    fn send_due(&mut self) {
        for _ in 0..STEP_LIMIT {
            let Some(Next::Send(req)) = self.running.as_ref().map(|r| r.next.clone()) else { return };
            let resp = self.sim.handle(&req);
            let index = self.sim.log().len().saturating_sub(1);
            let now = self.now();
            let action = match self.running.as_mut() {
                Some(r) => r.machine.on_response(now, &resp),
                None => return,
            };
            self.notes.answered(index, &resp, &action, &self.ctx.policy);
            self.apply(action);
        }
    }

    /// When something happens next: the running job resumes, or the simulated world changes.
    pub fn next_event_at(&self) -> Option<Millis> {
        let job = match self.running.as_ref().map(|r| &r.next) {
            Some(Next::ResumeAt(t)) => Some(*t),
            Some(Next::Send(_)) => Some(self.now()),
            None => None,
        };
        match (job, self.sim.next_event_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Runs everything due up to `until` and leaves the clock there.
    pub fn run_until(&mut self, until: Millis) {
        for _ in 0..STEP_LIMIT {
            self.send_due();
            let resume = match self.running.as_ref().map(|r| &r.next) {
                Some(Next::ResumeAt(t)) => Some(*t),
                _ => None,
            };
            let next = match (resume, self.sim.next_event_at()) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            match next {
                Some(t) if t <= until => {
                    let now = self.now();
                    self.sim.advance(t.saturating_sub(now));
                    if resume == Some(t) {
                        let action = match self.running.as_mut() {
                            Some(r) => r.machine.on_waited(t),
                            None => continue,
                        };
                        self.apply(action);
                    }
                }
                _ => break,
            }
        }
        let now = self.now();
        if until > now {
            self.sim.advance(until.saturating_sub(now));
        }
        self.send_due();
    }

    pub fn advance(&mut self, by: Millis) {
        let until = self.now() + by;
        self.run_until(until);
    }

    /// Jumps to the next event and runs it. `None` when nothing is scheduled.
    pub fn step(&mut self) -> Option<Millis> {
        let t = self.next_event_at()?;
        self.run_until(t);
        Some(t)
    }

    /// Runs the running job and the queue to their end ("max speed").
    pub fn finish(&mut self) {
        for _ in 0..STEP_LIMIT {
            if self.is_idle() {
                return;
            }
            if self.step().is_none() {
                return;
            }
        }
    }

    /// ARM's answer to one read (a picker's list, the doctor's inventory) at the current virtual time,
    /// outside the job queue: it goes into the log like every other request.
    pub fn answer(&mut self, req: &crate::arm::http::Request) -> crate::arm::http::Response {
        self.sim.handle(req)
    }

    /// Every request and response so far (what `az rest --debug` would print).
    pub fn log(&self) -> &[Exchange] {
        self.sim.log()
    }

    /// The request log's explanations, one slot per exchange of [`Session::log`]: what the client did
    /// about an answer it retried (409 on a write, 408, 429, 5xx) or gave up on; `None` for the others.
    pub fn log_notes(&self) -> Vec<Option<String>> {
        self.notes.slots(self.log().len(), &self.ctx.policy)
    }

    /// The advice under a finished step: it follows the outcome (a failed step never gets a success's
    /// advice), with what only the simulator can add.
    pub fn advice(&self, f: &Finished) -> Option<Explanation> {
        let mut e = explain::outcome(&f.outcome.kind, &Names::from_plan(&self.plan))?;
        if f.outcome.code() == Some("NoPendingConnection") {
            e.meaning.push_str(
                " The simulator starts a new simulated world whenever the form or the world options change \
                 (another scenario, say), so a create run before the change is not in this one.",
            );
        }
        Some(e)
    }

    /// Where things stand, with the explanation of the most telling state. The connection is read on
    /// both sides: a change made on the target (approved, rejected, deleted) reaches the SPLR's status
    /// only minutes later, and until then the target's side is the one that says what to do next.
    pub fn standing(&self) -> Standing {
        let names = Names::from_plan(&self.plan);
        let splr = self.sim.world.splr(&self.plan.name);
        let provisioning_state = splr.map(|s| s.provisioning_state);
        let status = splr.and_then(|s| s.status);
        // The connection as the target's owner sees it (on the target), not the SPLR's copy of its status.
        let connection = splr.and_then(|s| self.sim.world.connection_of(s));
        let target_status = connection.map(|c| c.status);
        let changing = connection.is_some_and(|c| c.provisioning_state == ProvisioningState::Updating);
        // The endpoint made a connection once: its absence now means it is gone, not yet to come.
        let had_connection = splr.is_some_and(|s| s.connection.is_some());
        let mut explanation = match (provisioning_state, status) {
            (None, _) => Explanation {
                title: "No shared private endpoint".into(),
                meaning: format!("{} has no shared private endpoint named {} yet.", names.service, names.splr),
                next: "Run the create step.".into(),
            },
            (Some(p), _) if p != ProvisioningState::Succeeded => explain::provisioning_state(p, &names),
            (Some(_), Some(s)) if had_connection => explain::connection_sides(s, target_status, changing, &names),
            (Some(_), Some(s)) => explain::connection_status(s, &names),
            (Some(p), None) => explain::provisioning_state(p, &names),
        };
        // A replica's copy still Pending on the target (audit row 14), once the SPLR itself has a connection.
        let replicas_pending: Vec<String> = splr
            .map(|s| {
                s.replica_connections
                    .iter()
                    .filter(|(_, (t, c))| {
                        self.sim.world.target(t).and_then(|t| t.connection(c)).map(|c| c.status)
                            == Some(ConnectionStatus::Pending)
                    })
                    .map(|(r, _)| r.clone())
                    .collect()
            })
            .unwrap_or_default();
        if let (Some(ProvisioningState::Succeeded), Some(note)) =
            (provisioning_state, explain::replicas_pending(&replicas_pending, &names))
        {
            explanation.meaning = format!("{} {note}", explanation.meaning);
        }
        let svc = &self.sim.world.service;
        if let (Some(_), Some(c)) =
            (provisioning_state, explain::upstream_caveat(svc.kind, self.plan.target.kind, svc.mode, &names))
        {
            explanation.meaning = format!("{} {c}", explanation.meaning);
        }
        Standing { provisioning_state, status, target_status, explanation }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::world::Tier;
    use crate::form::{check, Form};
    use crate::scenario::Scenario;

    fn session(s: Scenario, opts: WorldOptions) -> Session {
        Session::new(&check(&Form::new(s)).plan.unwrap(), &opts, 7)
    }

    #[test]
    fn the_whole_flow_at_max_speed_ends_approved() {
        for s in [Scenario::WebPubSubFunction, Scenario::SignalRFunction, Scenario::WebPubSubPls] {
            let mut sess = session(s, WorldOptions::default());
            assert_eq!(sess.standing().provisioning_state, None);
            assert!(sess.start([Job::Create, Job::Approve { connection: None }, Job::Get]));
            sess.finish();
            assert!(sess.is_idle());
            assert_eq!(sess.finished.len(), 3, "{s:?}: {:?}", sess.finished);
            assert!(sess.finished.iter().all(|f| f.outcome.succeeded()), "{s:?}: {:?}", sess.finished);
            let st = sess.standing();
            assert_eq!(st.provisioning_state, Some(ProvisioningState::Succeeded));
            assert_eq!(st.status, Some(ConnectionStatus::Approved));
            assert!(sess.now() > Millis::secs(60), "approval propagation takes minutes");
        }
    }

    #[test]
    fn small_time_steps_reach_the_same_end_as_jumps() {
        let mut a = session(Scenario::WebPubSubFunction, WorldOptions::default());
        let mut b = session(Scenario::WebPubSubFunction, WorldOptions::default());
        a.start([Job::Create, Job::Approve { connection: None }]);
        b.start([Job::Create, Job::Approve { connection: None }]);
        a.finish();
        while !b.is_idle() {
            b.advance(Millis(700));
        }
        assert_eq!(a.log().len(), b.log().len());
        assert_eq!(a.standing(), b.standing());
    }

    #[test]
    fn stepping_shows_the_intermediate_states() {
        let mut sess = session(Scenario::WebPubSubFunction, WorldOptions::default());
        sess.start([Job::Create]);
        sess.send_due();
        assert_eq!(sess.standing().provisioning_state, Some(ProvisioningState::Creating));
        assert_eq!(sess.log()[0].response.status, 201);
        sess.finish();
        let st = sess.standing();
        assert_eq!(st.provisioning_state, Some(ProvisioningState::Succeeded));
        assert_eq!(st.status, Some(ConnectionStatus::Pending));
        assert!(st.explanation.meaning.contains("contoso-func"), "{:?}", st.explanation);
    }

    #[test]
    fn a_failure_stops_the_queue_and_one_job_at_a_time() {
        let mut sess = session(Scenario::WebPubSubFunction, WorldOptions { tier: Tier::Free, ..WorldOptions::default() });
        assert!(sess.start([Job::Create, Job::Approve { connection: None }]));
        sess.finish();
        assert_eq!(sess.finished.len(), 1, "the approve job must not run after a failed create");
        assert_eq!(sess.finished[0].outcome.code(), Some("SkuNotSupported"));

        let mut sess = session(Scenario::WebPubSubFunction, WorldOptions::default());
        assert!(sess.start([Job::Create]));
        sess.advance(Millis::secs(1));
        assert_eq!(sess.running(), Some(&Job::Create));
        assert!(!sess.start([Job::Delete]), "a second job while one runs is refused");
        sess.finish();
        assert!(sess.start([Job::Delete]));
    }

    #[test]
    fn faults_and_outcomes_read_through_the_session() {
        let mut sess = session(Scenario::WebPubSubFunction, WorldOptions::default());
        assert_eq!(sess.faults(), &Faults::default());
        sess.set_faults(Faults { reject_on_target: true, ..Faults::default() });
        assert!(sess.faults().reject_on_target);
        assert_eq!(sess.faults(), &sess.sim.faults);
        sess.start([Job::Create]);
        sess.finish();
        assert_eq!(sess.outcomes(), sess.finished.as_slice());
        assert_eq!(sess.outcomes().len(), 1);
    }

    #[test]
    fn cancel_and_rejection() {
        let mut sess = session(Scenario::WebPubSubFunction, WorldOptions::default());
        sess.start([Job::Create]);
        sess.cancel();
        assert!(sess.is_idle());
        assert_eq!(sess.finished.len(), 1);
        assert!(!sess.finished[0].outcome.succeeded());
        sess.finish();

        let mut sess = session(Scenario::WebPubSubFunction, WorldOptions::default());
        sess.sim.set_faults(Faults { reject_on_target: true, ..Faults::default() });
        sess.start([Job::Create]);
        sess.finish();
        for _ in 0..50 {
            sess.step();
        }
        assert_eq!(sess.standing().status, Some(ConnectionStatus::Rejected));
        assert!(sess.standing().explanation.next.to_lowercase().contains("delete"), "{:?}", sess.standing().explanation);
    }
}
