//! Virtual time: the events scheduled on it (jittered delays, seeded), run in order as time moves.

use super::{Event, Simulator};
use crate::arm::clock::Millis;
use crate::arm::status::ConnectionStatus;

impl Simulator {
    pub fn next_event_at(&self) -> Option<Millis> {
        self.events.keys().next().map(|(at, _)| *at)
    }

    /// Moves virtual time forward by `by`, running every event due on the way, in order.
    pub fn advance(&mut self, by: Millis) {
        let until = self.now + by;
        self.run_until(until);
    }

    /// Jumps to the next scheduled event and runs it (and any due at the same instant).
    pub fn advance_to_next_event(&mut self) -> Option<Millis> {
        let at = self.next_event_at()?;
        self.run_until(at);
        Some(at)
    }

    pub(super) fn run_until(&mut self, until: Millis) {
        while let Some((&(at, seq), _)) = self.events.iter().next() {
            if at > until {
                break;
            }
            let ev = self.events.remove(&(at, seq)).expect("present");
            self.now = self.now.max(at);
            self.run(ev);
        }
        self.now = self.now.max(until);
        self.apply_standing_faults();
    }

    pub(super) fn schedule(&mut self, at: Millis, ev: Event) {
        self.seq += 1;
        self.events.insert((at, self.seq), ev);
    }

    pub(super) fn delay(&mut self, base: Millis) -> Millis {
        let pct = self.timings.jitter_percent;
        self.rng.jitter(base, pct)
    }

    pub(super) fn run(&mut self, ev: Event) {
        match ev {
            Event::OpDue(i) => self.finish_op(i),
            Event::Propagate { splr, connection } => {
                let conn_status = self.world.splr(&splr).and_then(|s| {
                    let (_, c) = s.connection.as_ref()?;
                    c.eq_ignore_ascii_case(&connection).then(|| {
                        self.world.connection_of(s).map(|c| c.status).unwrap_or(ConnectionStatus::Disconnected)
                    })
                });
                // A timed-out SPLR stays Timeout (modeled: see `Timings::pending_timeout`).
                if let (Some(status), Some(s)) = (conn_status, self.world.splr_mut(&splr)) {
                    if s.status != Some(ConnectionStatus::Timeout) {
                        s.status = Some(status);
                    }
                }
            }
            Event::SplrTimeout { splr, connection } => {
                let pending = self.world.splr(&splr).is_some_and(|s| {
                    s.connection.as_ref().is_some_and(|(_, c)| c.eq_ignore_ascii_case(&connection))
                        && s.status == Some(ConnectionStatus::Pending)
                        && self.world.connection_of(s).is_some_and(|c| c.status == ConnectionStatus::Pending)
                });
                if pending {
                    self.world.splr_mut(&splr).expect("checked").status = Some(ConnectionStatus::Timeout);
                }
            }
            Event::ServiceIdle => {}
        }
    }

}
