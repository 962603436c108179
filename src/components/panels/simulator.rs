//! The simulator panel: time controls, where the SPLR and its connection stand, the outcome of each
//! step, the fault switches, and the request log. All behaviour is `splr_core::arm::session`; this
//! file only turns clicks into session calls and re-renders when the session changes.

use leptos::prelude::*;
use splr_core::arm::client::Job;
use splr_core::arm::clock::Millis;
use splr_core::arm::error::Code;
use splr_core::arm::explain::{self, Names};
use splr_core::arm::faults::{Faults, ProvisioningFailure};
use splr_core::arm::session::{Session, Standing};
use splr_core::arm::status::{ConnectionStatus, ProvisioningState};
use splr_core::arm::world::{ServiceMode, Tier, WorldOptions};
use splr_core::form::Plan;
use splr_core::service::Service;
use super::outcomes::Outcomes;
use super::request_log::RequestLog;
use std::time::Duration;

/// How fast virtual time runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    Paused,
    X1,
    X10,
    X60,
    /// Jobs run to their end at once.
    Max,
}

impl Speed {
    const ALL: [Speed; 5] = [Speed::Paused, Speed::X1, Speed::X10, Speed::X60, Speed::Max];

    fn label(self) -> &'static str {
        match self {
            Speed::Paused => "Pause",
            Speed::X1 => "1×",
            Speed::X10 => "10×",
            Speed::X60 => "60×",
            Speed::Max => "Max",
        }
    }

    fn factor(self) -> u64 {
        match self {
            Speed::Paused | Speed::Max => 0,
            Speed::X1 => 1,
            Speed::X10 => 10,
            Speed::X60 => 60,
        }
    }
}

/// Real time between clock ticks.
const TICK: Duration = Duration::from_millis(100);
/// The same seed gives the same run, in tests and in the browser.
const SEED: u64 = 42;

/// The simulation shared by the panel and the steps' Run buttons.
#[derive(Clone, Copy)]
pub struct Sim {
    pub(super) session: StoredValue<Option<Session>, LocalStorage>,
    /// Bumped after every change to the session, so views re-read it.
    version: RwSignal<u64>,
    pub speed: RwSignal<Speed>,
    options: RwSignal<WorldOptions>,
    /// The form's plan (the last valid one).
    form_plan: Memo<Option<Plan>>,
    /// The plan the world was built from: the form's, once typing pauses.
    plan: RwSignal<Option<Plan>>,
    /// Counts the worlds built, so that views keyed on the log see a new world even when it
    /// reached the same log length within one event (a Run that caught up with the form).
    pub(super) worlds: RwSignal<u64>,
    /// The timer that will rebuild the world from the form's plan.
    pending: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

impl Sim {
    pub fn new(form_plan: Memo<Option<Plan>>) -> Sim {
        let sim = Sim {
            session: StoredValue::new_local(None),
            version: RwSignal::new(0),
            speed: RwSignal::new(Speed::X10),
            options: RwSignal::new(WorldOptions::default()),
            form_plan,
            plan: RwSignal::new(form_plan.get_untracked()),
            worlds: RwSignal::new(0),
            pending: StoredValue::new_local(None),
        };
        // New world options give a fresh simulated world at once, of the form as it is now (and the
        // first run builds it).
        Effect::new(move |_| {
            sim.options.track();
            sim.clear_pending();
            if sim.behind() {
                sim.plan.set(form_plan.get_untracked());
            }
            sim.rebuild();
        });
        // A new form gives one once typing pauses: a world per keystroke re-rendered the whole
        // panel on every key. Running a step first catches up (see `run`).
        Effect::new(move |ran: Option<()>| {
            form_plan.track();
            if ran.is_some() {
                sim.clear_pending();
                let later = set_timeout_with_handle(move || sim.settle(), crate::url_state::QUIET).ok();
                sim.pending.set_value(later);
            }
        });
        let ticker = set_interval_with_handle(move || sim.tick(), TICK).ok();
        on_cleanup(move || {
            if let Some(t) = ticker {
                t.clear();
            }
            sim.clear_pending();
        });
        sim
    }

    /// Builds the world from the form's current plan now, unless it already is that plan's (a run
    /// right after a keystroke caught up before the timer fired: its world must not be reset).
    fn settle(&self) {
        self.clear_pending();
        if self.behind() {
            self.plan.set(self.form_plan.get_untracked());
            self.rebuild();
        }
    }

    /// The form's plan differs from the one the world was built from.
    fn behind(&self) -> bool {
        self.form_plan.with_untracked(|now| self.plan.with_untracked(|built| now != built))
    }

    fn rebuild(&self) {
        let opts = self.options.get_untracked();
        let session = self.plan.with_untracked(|p| p.as_ref().map(|p| Session::new(p, &opts, SEED)));
        self.session.set_value(session);
        self.worlds.update(|w| *w += 1);
        self.version.update(|v| *v += 1);
    }

    fn clear_pending(&self) {
        if let Some(Some(handle)) = self.pending.try_update_value(Option::take) {
            handle.clear();
        }
    }

    /// Reads the session (tracked: re-runs when it changes).
    pub fn with<R>(&self, f: impl FnOnce(&Session) -> R) -> Option<R> {
        self.version.track();
        self.session.with_value(|s| s.as_ref().map(f))
    }

    fn update(&self, f: impl FnOnce(&mut Session)) {
        self.session.update_value(|s| {
            if let Some(s) = s {
                f(s)
            }
        });
        self.version.update(|v| *v += 1);
    }

    /// The simulated ARM's answer to one read (pickers, inventory), at the world's current time; `None`
    /// before the form first makes a world.
    pub fn answer(&self, req: &splr_core::arm::http::Request) -> Option<splr_core::arm::http::Response> {
        self.settle();
        let mut out = None;
        self.update(|s| out = Some(s.answer(req)));
        out
    }

    pub fn run(&self, jobs: Vec<Job>) {
        // The world must be the form's as it is now, even right after a keystroke (whose timer,
        // or even whose effect, may not have run yet).
        self.settle();
        let max = self.speed.get_untracked() == Speed::Max;
        self.update(|s| {
            s.start(jobs);
            if max {
                s.finish();
            }
        });
    }

    /// The names in the plan, for explanations (tracked).
    fn names(&self) -> Names {
        self.plan.with(|p| p.as_ref().map(Names::from_plan).unwrap_or_default())
    }

    pub fn is_idle(&self) -> bool {
        self.with(|s| s.is_idle()).unwrap_or(false)
    }

    fn tick(&self) {
        let speed = self.speed.get_untracked();
        let due = self.session.with_value(|s| s.as_ref().is_some_and(|s| !s.is_idle() || s.next_event_at().is_some()));
        if !due || speed == Speed::Paused {
            return;
        }
        if speed == Speed::Max {
            if self.session.with_value(|s| s.as_ref().is_some_and(|s| !s.is_idle())) {
                self.update(Session::finish);
            }
            return;
        }
        let by = Millis(TICK.as_millis() as u64 * speed.factor());
        self.update(|s| s.advance(by));
    }

    fn set_faults(&self, f: impl FnOnce(&mut Faults)) {
        self.update(|s| {
            let mut faults = s.faults().clone();
            f(&mut faults);
            s.set_faults(faults);
        });
    }
}

/// "Run in the simulator" for one step.
#[component]
pub fn RunButton(sim: Sim, jobs: Vec<Job>, label: &'static str) -> impl IntoView {
    view! {
        <button
            type="button"
            class="run"
            data-run=label
            disabled=move || !sim.is_idle()
            on:click=move |_| sim.run(jobs.clone())
        >
            "▶ "
            {label}
        </button>
    }
}

#[component]
pub fn SimulatorPanel(sim: Sim) -> impl IntoView {
    let clock = move || sim.with(|s| format!("{}", s.now())).unwrap_or_else(|| "—".into());
    let standing = move || sim.with(|s| s.standing());
    // The world and its log length: a new world re-renders the log even at the same length. The finished
    // steps too: a cancel changes a log note ("cancelled before the retry") without a new exchange.
    let log_len = Memo::new(move |_| {
        let (log, finished) = sim.with(|s| (s.log().len(), s.outcomes().len())).unwrap_or_default();
        (sim.worlds.get(), log, finished)
    });
    let running = move || sim.with(|s| s.running().map(job_label)).flatten();

    view! {
        <section class="simulator" aria-labelledby="sim-title">
            <div class="sim-head">
                <h2 id="sim-title">"Simulator"</h2>
                <p class="hint">
                    "Runs the steps against an in-browser model of Azure Resource Manager: the same requests, \
                     status codes, headers, delays and failures, without a subscription."
                </p>
            </div>
            <div class="sim-controls" role="group" aria-label="Time controls">
                <span class="clock" aria-live="off">
                    "Virtual time " <strong data-sim="clock">{clock}</strong>
                </span>
                {Speed::ALL
                    .into_iter()
                    .map(|sp| view! {
                        <button
                            type="button"
                            class="tab"
                            data-speed=sp.label()
                            aria-pressed=move || if sim.speed.get() == sp { "true" } else { "false" }
                            on:click=move |_| {
                                sim.speed.set(sp);
                                if sp == Speed::Max {
                                    sim.update(Session::finish);
                                }
                            }
                        >
                            {sp.label()}
                        </button>
                    })
                    .collect_view()}
                <button type="button" class="secondary" data-sim="step" on:click=move |_| sim.update(|s| {
                    s.step();
                })>"Next event »"</button>
                <button type="button" class="secondary" data-sim="cancel" disabled=move || sim.is_idle()
                    on:click=move |_| sim.update(Session::cancel)>"Cancel"</button>
                <button type="button" class="secondary" data-sim="reset" on:click=move |_| sim.options.update(|_| {})>
                    "Reset"
                </button>
            </div>
            <div class="sim-actions">
                <RunButton sim jobs=vec![Job::Create, Job::Approve { connection: None }, Job::Get] label="Play the whole flow" />
                <span class="running" role="status" data-sim="running">
                    {move || running().map(|r| format!("Running: {r}…")).unwrap_or_default()}
                </span>
            </div>
            <dl class="standing" aria-live="polite">
                {standing_row("provisioningState", "provisioningState", sim, |s| s.provisioning_state.map(|p| p.as_str()))}
                {standing_row("status (service side)", "status", sim, |s| s.status.map(|p| p.as_str()))}
                {standing_row("connection on the target", "targetStatus", sim, |s| s.target_status.map(|p| p.as_str()))}
            </dl>
            {move || standing().map(|s| view! {
                <div class="explain" data-sim="explanation">
                    <strong>{s.explanation.title}</strong>
                    <p>{s.explanation.meaning}</p>
                    <p class="next">"Next: " {s.explanation.next}</p>
                </div>
            })}
            <Outcomes sim />
            <details class="faults">
                <summary>"Break something (fault injection)"</summary>
                <FaultPanel sim />
            </details>
            <details class="log" open>
                <summary>{move || format!("Request log ({})", log_len.get().1)}</summary>
                <RequestLog sim len=log_len />
            </details>
            <details class="explainer">
                <summary>"Every state and error explained"</summary>
                <Explainer sim />
            </details>
        </section>
    }
}

/// One row of where things stand ("—" when there is nothing yet); one builder for the three rows.
fn standing_row(
    term: &'static str,
    key: &'static str,
    sim: Sim,
    value: fn(&Standing) -> Option<&'static str>,
) -> impl IntoView {
    view! {
        <div><dt>{term}</dt><dd data-sim=key>
            {move || sim.with(|s| value(&s.standing())).flatten().unwrap_or("—")}
        </dd></div>
    }
}

pub(super) fn job_label(job: &Job) -> &'static str {
    match job {
        Job::Create => "create",
        Job::Approve { .. } => "approve on the target",
        Job::Delete => "delete",
        Job::Get => "status",
    }
}

#[component]
fn FaultPanel(sim: Sim) -> impl IntoView {
    let fault = move |get: fn(&Faults) -> u32| sim.with(|s| get(s.faults())).unwrap_or_default();
    let options = sim.options;
    let is_signalr = Memo::new(move |_| sim.plan.with(|p| p.as_ref().is_some_and(|p| p.service == Service::SignalR)));
    let check = move |label: &'static str, get: fn(&Faults) -> bool, set: fn(&mut Faults, bool)| {
        let id = format!("fault-{}", label.split_whitespace().next().unwrap_or("x").to_ascii_lowercase());
        let for_id = id.clone();
        view! {
            <label class="check" for=for_id>
                <input type="checkbox" id=id prop:checked=move || sim.with(|s| get(s.faults())).unwrap_or_default()
                    on:change=move |ev| sim.set_faults(|f| set(f, event_target_checked(&ev))) />
                {label}
            </label>
        }
    };
    view! {
        <div class="fault-grid">
            <label for="sim-tier">"Service tier"
                <select id="sim-tier" on:change=move |ev| {
                    let tier = match event_target_value(&ev).as_str() {
                        "Free" => Tier::Free,
                        "Premium" => Tier::Premium,
                        _ => Tier::Standard,
                    };
                    options.update(|o| o.tier = tier);
                } prop:value=move || options.with(|o| o.tier.as_str().to_string())>
                    <option value="Free">"Free (Free_F1)"</option>
                    <option value="Standard">"Standard (Standard_S1)"</option>
                    <option value="Premium">"Premium (Premium_P1)"</option>
                </select>
            </label>
            {move || is_signalr.get().then(|| view! {
                <label for="sim-mode">"SignalR service mode"
                    <select id="sim-mode" on:change=move |ev| {
                        let mode = match event_target_value(&ev).as_str() {
                            "Default" => ServiceMode::Default,
                            "Classic" => ServiceMode::Classic,
                            _ => ServiceMode::Serverless,
                        };
                        options.update(|o| o.mode = Some(mode));
                    } prop:value=move || options.with(|o| o.mode.unwrap_or(ServiceMode::Serverless).as_str().to_string())>
                        <option value="Serverless">"Serverless"</option>
                        <option value="Default">"Default"</option>
                        <option value="Classic">"Classic"</option>
                    </select>
                </label>
            })}
            <label for="sim-failure">"Make provisioning fail"
                <select id="sim-failure" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let failure = ProvisioningFailure::ALL.into_iter().find(|f| format!("{f:?}") == v);
                    sim.set_faults(|f| f.provisioning_failure = failure);
                }>
                    <option value="">"No"</option>
                    <option value="PlanWithoutPrivateEndpoints">"Function on a Consumption plan"</option>
                    <option value="QuotaExceeded">"Too many shared private endpoints"</option>
                    <option value="Internal">"Internal error"</option>
                </select>
            </label>
            {check("Reject on the target", |f| f.reject_on_target, |f, v| f.reject_on_target = v)}
            {check("Delete the target", |f| f.delete_target, |f, v| f.delete_target = v)}
            {check("Hide response headers (CORS)", |f| f.hide_headers, |f, v| f.hide_headers = v)}
            {check("Slow propagation (×5)", |f| f.propagation_multiplier > 1.0, |f, v| {
                f.propagation_multiplier = if v { 5.0 } else { 1.0 }
            })}
            {check("Service still updating (409 on the next change)", |f| f.service_updating, |f, v| f.service_updating = v)}
            {check("Denied by Azure Policy (403 on the create)", |f| f.policy_deny, |f, v| f.policy_deny = v)}
            <button type="button" class="secondary" data-fault="throttle" on:click=move |_| sim.set_faults(|f| f.throttle += 3)>
                {move || format!("Throttle the next 3 requests (429) · {} left", fault(|f| f.throttle))}
            </button>
            <button type="button" class="secondary" data-fault="server-errors" on:click=move |_| sim.set_faults(|f| {
                f.server_errors += 3;
                f.server_error_status = 503;
            })>
                {move || format!("Fail the next 3 requests (503) · {} left", fault(|f| f.server_errors))}
            </button>
        </div>
    }
}

#[component]
fn Explainer(sim: Sim) -> impl IntoView {
    move || {
        let n = sim.names();
        let row = |e: explain::Explanation| view! { <li><strong>{e.title}</strong> " — " {e.meaning} " " <em>{e.next}</em></li> };
        view! {
            <h3>"provisioningState"</h3>
            <ul>{ProvisioningState::ALL.into_iter().map(|p| row(explain::provisioning_state(p, &n))).collect_view()}</ul>
            <h3>"Connection status"</h3>
            <ul>{ConnectionStatus::ALL.into_iter().map(|c| row(explain::connection_status(c, &n))).collect_view()}</ul>
            <h3>"Errors"</h3>
            <ul>{Code::ALL.into_iter().map(|c| row(explain::error(c, &n))).collect_view()}</ul>
        }
    }
}
