//! `POST /_emulator/advance`: moves the virtual clock by hand (with speed 0 the only way it moves).

use super::{bad, ok, parse, Answer};
use crate::state::State;
use serde::{Deserialize, Serialize};
use splr_core::arm::clock::Millis;

/// `{ms}` moves by that much, `{next_event: true}` to the model's next event; both: in that order.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceBody {
    ms: Option<u64>,
    next_event: Option<bool>,
}

/// Where the clock stands afterwards.
#[derive(Serialize)]
struct Clock {
    now_ms: u64,
    next_event_at_ms: Option<u64>,
}

pub fn advance(st: &mut State, body: &[u8]) -> Answer {
    let b = parse::<AdvanceBody>(body).map_err(bad)?;
    if let Some(ms) = b.ms {
        st.sim.advance(Millis(ms));
    }
    if b.next_event == Some(true) {
        st.sim.advance_to_next_event();
    }
    ok(&Clock { now_ms: st.sim.now().0, next_event_at_ms: st.sim.next_event_at().map(|m| m.0) })
}
