//! Runs a client [`Machine`] against the [`Simulator`], advancing virtual time on every wait: the native
//! tests' driver, and the reference for the browser's (which uses timers) and the emulator's (HTTP).

use super::client::{Action, Machine, Outcome};
use super::clock::Millis;
use super::exchange::Exchange;
use super::http::Request;
use super::simulator::Simulator;

/// What a driven operation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub outcome: Outcome,
    /// Every request and response of this run, in order.
    pub exchanges: Vec<Exchange>,
    /// Every wait the machine asked for, in order.
    pub waits: Vec<Millis>,
    /// Every change the machine asked to confirm ([`Action::Confirm`]), in order; the driver confirmed
    /// each (only with `Context::confirm_changes`).
    pub confirmed: Vec<Request>,
    pub started_at: Millis,
    pub ended_at: Millis,
}

/// Drives `machine` to its outcome.
pub fn drive(sim: &mut Simulator, machine: &mut Machine) -> Run {
    drive_with(sim, machine, |_, _| {})
}

/// Like [`drive`], calling `before` ahead of every action: tests flip faults or act as the target's owner
/// at a chosen moment.
pub fn drive_with(sim: &mut Simulator, machine: &mut Machine, mut before: impl FnMut(&mut Simulator, &Action)) -> Run {
    let started_at = sim.now();
    let first_log = sim.log().len();
    let mut waits = Vec::new();
    let mut confirmed = Vec::new();
    let mut action = machine.start(sim.now());
    // A machine always ends within its time limit; the bound only guards against a bug looping forever.
    for _ in 0..100_000 {
        before(sim, &action);
        action = match action {
            Action::Send(req) => {
                let resp = sim.handle(&req);
                machine.on_response(sim.now(), &resp)
            }
            Action::Confirm(req) => {
                confirmed.push(req);
                machine.on_confirmed(sim.now())
            }
            Action::Wait(d) => {
                waits.push(d);
                sim.advance(d);
                machine.on_waited(sim.now())
            }
            Action::Done(outcome) => {
                return Run {
                    outcome,
                    exchanges: sim.log()[first_log..].to_vec(),
                    waits,
                    confirmed,
                    started_at,
                    ended_at: sim.now(),
                }
            }
        };
    }
    panic!("the machine did not finish in 100000 steps: {:?}", machine.history().last());
}
