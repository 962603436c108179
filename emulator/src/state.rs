//! The world behind the server: the model ([`Simulator`]) built from the [`Config`], its clock following
//! real time, the connection switches, the request log and what the emulator's own ARM routes wrote.
//! One [`Shared`] per server, locked per request.

use crate::az::{self, AzRecords};
use crate::config::Config;
use crate::gateway;
use crate::request_log::{Handling, LoggedRequest, ReceivedRequest};
use splr_core::arm::clock::Millis;
use splr_core::arm::http::{Request, Response};
use splr_core::arm::simulator::Simulator;
use splr_core::form::Plan;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::watch;

/// What the emulator does to the connection rather than to ARM's answer (the model's [`Faults`] act on
/// the answer).
///
/// [`Faults`]: splr_core::arm::faults::Faults
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Switches {
    /// Send `Azure-AsyncOperation` and friends but do not expose them to script (no
    /// `Access-Control-Expose-Headers`); unlike the model's `Faults::hide_headers`, which strips them.
    /// `hide_headers` in the control API.
    pub unexposed_headers: bool,
    /// Delay every ARM response by this long (real time).
    pub slow_ms: u64,
    /// Close the connection of the next N ARM requests without answering (ARM never sees them).
    pub drop: u32,
}

pub struct State {
    /// The base URL the model's `Azure-AsyncOperation`, `Location` and `nextLink` point to.
    pub base: String,
    /// What the server started with: a reset starts from it.
    pub startup: Config,
    pub config: Config,
    pub plan: Plan,
    pub sim: Simulator,
    synced_at: Instant,
    /// Virtual milliseconds not yet applied (fractions).
    carry: f64,
    pub switches: Switches,
    pub requests: Vec<LoggedRequest>,
    pub az: AzRecords,
}

impl State {
    pub fn new(base: &str, startup: Config, config: Config) -> Result<State, String> {
        if !(config.speed.is_finite() && config.speed >= 0.0) {
            return Err(format!("speed must be a number ≥ 0, not {}", config.speed));
        }
        let plan = config.plan()?;
        let mut sim = Simulator::from_plan(&plan, &config.options, config.seed);
        sim.endpoint = base.to_string();
        sim.lenient_auth = false;
        sim.timings = config.timings.clone();
        sim.page_size = config.page_size.max(1);
        Ok(State {
            base: base.to_string(),
            startup,
            config,
            plan,
            sim,
            synced_at: Instant::now(),
            carry: 0.0,
            switches: Switches::default(),
            requests: Vec::new(),
            az: AzRecords::default(),
        })
    }

    /// Moves virtual time by the real time elapsed since the last sync, times the speed.
    pub fn sync(&mut self) {
        let now = Instant::now();
        let real = now.duration_since(self.synced_at);
        self.synced_at = now;
        if self.config.speed > 0.0 {
            let virt = real.as_secs_f64() * 1000.0 * self.config.speed + self.carry;
            let whole = virt.floor();
            self.carry = virt - whole;
            self.sim.advance(Millis(whole as u64));
        }
    }

    /// Appends to the request log, numbered and stamped with the virtual time.
    pub fn log(&mut self, request: ReceivedRequest, handling: Handling) {
        let seq = self.requests.len() + 1;
        self.requests.push(LoggedRequest { request, handling, seq, at_ms: self.sim.now().0 });
    }

    /// What the switches do to the next ARM request: the delay before it is handled, and whether its
    /// connection is dropped (that uses up one `drop`).
    pub fn next_connection(&mut self) -> (Duration, bool) {
        let dropped = self.switches.drop > 0;
        if dropped {
            self.switches.drop -= 1;
        }
        (Duration::from_millis(self.switches.slow_ms), dropped)
    }

    /// ARM's answer: the gateway's checks, the routes the model does not serve, then the model.
    pub fn answer(&mut self, req: &Request) -> Response {
        let now_unix_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
        gateway::refusal(req, now_unix_ms)
            .or_else(|| az::answer(&mut self.az, &self.sim.world, req))
            .unwrap_or_else(|| self.sim.handle(req))
    }
}

/// The state one server's connections share, and the sender that stops it.
pub struct Shared {
    state: Mutex<State>,
    pub stop: watch::Sender<bool>,
}

impl Shared {
    pub fn new(state: State, stop: watch::Sender<bool>) -> Shared {
        Shared { state: Mutex::new(state), stop }
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock must not take the emulator down for the next test.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
