//! Virtual time: the events scheduled on it (jittered delays, seeded), run in order as time moves.

use super::{Event, Simulator};
use crate::arm::clock::Millis;

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

    fn run(&mut self, ev: Event) {
        match ev {
            Event::OpDue(i) => self.finish_op(i),
            Event::Propagate { splr, connection } => self.propagate(&splr, &connection),
            Event::SplrTimeout { splr, connection } => self.time_out_splr(&splr, &connection),
            Event::ServiceIdle => {}
        }
    }
}
