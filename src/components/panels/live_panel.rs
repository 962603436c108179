//! Live mode: the same steps against real Azure Resource Manager (or a local emulator) with a token
//! the user pastes. The token lives in this component's memory only: never in storage, the URL, the
//! console or the log, and it is dropped when it expires or the user clears it. What the runs show is
//! `splr_core::live::run`; this file starts the jobs and wires the signals.

use super::live_actions::{Confirm, ConfirmDialog, LiveActions};
use super::live_connection::{epoch_secs, Connection, LiveConnection};
use super::outcomes::LiveOutcomes;
use super::request_log::LiveRequestLog;
use crate::live_transport::{self, drive};
use leptos::prelude::*;
use splr_core::arm::client::{Action, Context, Job, Machine, OutcomeKind};
use splr_core::arm::explain::Names;
use splr_core::arm::http::{Request, Response};
use splr_core::form::Plan;
use splr_core::live::preflight;
use splr_core::live::run::{confirm_preview, LiveRun, ReadNext};
use std::time::Duration;

#[component]
pub fn LivePanel(plan: Memo<Option<Plan>>) -> impl IntoView {
    let conn = Connection::new();
    let Connection { cloud, token_text, now, .. } = conn;
    // The outcomes, the request log and the read-first warnings (core: `live::run`).
    let run = RwSignal::new(LiveRun::default());
    // The resource pickers read with this connection (and show their reads in this log) while it is shown.
    if let Some(d) = use_context::<super::discovery::DiscoveryVia>() {
        d.conn.set(Some((conn, run)));
        on_cleanup(move || {
            let _ = d.conn.try_set(None);
        });
    }
    // The step running ("" when idle).
    let busy = RwSignal::new("");
    let confirm = RwSignal::new(None::<Confirm>);
    // Set by "Send it": the change shown may go out.
    let confirmed = RwSignal::new(false);
    // Set by Cancel; the running job stops at its next step (one job runs at a time).
    let cancel = RwSignal::new(false);

    let chosen = move || conn.chosen();
    let endpoint = move || conn.endpoint();
    let info = move || conn.info();
    let warnings = move || conn.warnings();
    // The clock that drops an expired token.
    let ticker = set_interval_with_handle(
        move || {
            now.set(epoch_secs());
            if let Some(Ok(i)) = untrack(info) {
                if i.is_expired(epoch_secs()) {
                    token_text.set(String::new());
                    run.update(LiveRun::token_dropped);
                }
            }
        },
        Duration::from_secs(5),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
        token_text.set(String::new());
    });

    let ready = Memo::new(move |_| {
        plan.with(Option::is_some)
            && endpoint().is_ok()
            // A local emulator takes any practice token; real clouds need a real one.
            && (matches!(info(), Some(Ok(_))) || (cloud.get() == "custom" && !token_text.with(|t| t.trim().is_empty())))
            && !warnings().iter().any(|w| w.is_blocking())
            && busy.get().is_empty()
    });
    // The lists below re-render only when they grow (an open log entry stays open meanwhile).
    let outcome_count = Memo::new(move |_| run.with(|r| r.outcomes.len()));
    let log_len = Memo::new(move |_| run.with(|r| r.log.len()));
    let service_warnings = Memo::new(move |_| run.with(|r| r.service_warnings.clone()));
    let names = move || plan.with(|p| p.as_ref().map(Names::from_plan).unwrap_or_default());

    let record = move |req: &Request, resp: Result<&Response, &str>| run.update(|r| r.record(req, resp));
    let answered = move |resp: &Response, next: &Action| run.update(|r| r.answered(resp, next));
    let token_source = move || {
        let t = token_text.get_untracked();
        let t = t.trim().trim_start_matches("Bearer ").trim().to_string();
        (!t.is_empty()).then_some(t)
    };

    // Every change is confirmed before it is sent: the client asks, the dialog shows what it asks about.
    let context = move || Context {
        endpoint: untrack(endpoint).unwrap_or_default(),
        confirm_changes: true,
        ..Context::default()
    };
    // Live mode always sends the pasted token, obtained (or to be obtained) for the chosen cloud's ARM.
    let resource = move || untrack(chosen).resource();

    let run_job = move |job: Job, label: &'static str| {
        let Some(p) = plan.get_untracked() else { return };
        let machine = Machine::new(job, &p, &context());
        cancel.set(false);
        busy.set(label);
        run.update(LiveRun::step_started);
        let names = untrack(names);
        let resource = resource();
        let ask = move |req: &Request| {
            confirmed.set(false);
            confirm.set(Some(Confirm { label, preview: confirm_preview(req) }));
        };
        leptos::task::spawn_local(async move {
            // A step may wait for its confirmation as long as the user likes: leaving the page meanwhile
            // (the signals disposed) cancels it, and nothing is reported.
            let cancelled = move || cancel.try_get_untracked().unwrap_or(true);
            let confirmed = move || confirmed.try_get_untracked().unwrap_or(false);
            let outcome = drive(machine, token_source, cancelled, record, answered, ask, confirmed).await;
            if outcome.kind == OutcomeKind::Cancelled {
                run.try_update(LiveRun::step_cancelled);
            }
            if confirm.try_set(None).is_some() {
                return;
            }
            run.update(|r| r.finish(label, &outcome, &names, &resource));
            busy.set("");
        });
    };

    let read_first = move || {
        let (Some(p), Ok(ep)) = (plan.get_untracked(), untrack(endpoint)) else { return };
        let Some(token) = token_source() else { return };
        let resource = resource();
        busy.set("read");
        leptos::task::spawn_local(async move {
            run.update(LiveRun::start_read);
            for (what, req) in preflight::read_requests(&p, &ep) {
                let resp = live_transport::send(&req, &token).await;
                let resp = resp.as_ref().map_err(String::as_str);
                if run.try_update(|r| r.read(&p, what, &req, resp, &resource)) != Some(ReadNext::Continue) {
                    break;
                }
            }
            run.update(LiveRun::end_read);
            busy.set("");
        });
    };

    view! {
        <section class="live" aria-labelledby="live-title">
            <h2 id="live-title">"Live: call Azure Resource Manager"</h2>
            <p class="hint">
                "Runs the steps for real with your token. The token stays in this page's memory: it is never \
                 stored, put in the URL or shown in the log, and it is dropped when it expires."
            </p>
            <LiveConnection conn />
            <LiveActions ready busy confirm cancel read_first run_job />
            {move || Some(service_warnings.get()).filter(|w| !w.is_empty()).map(|w| view! {
                <ul class="warnings" data-live="preflight">{w.into_iter().map(|w| view! { <li class="blocking">{w}</li> }).collect_view()}</ul>
            })}
            <ConfirmDialog confirm confirmed cancel />
            <LiveOutcomes run count=outcome_count />
            <details class="log" open>
                <summary>{move || format!("Request log ({})", log_len.get())}</summary>
                <LiveRequestLog run len=log_len />
            </details>
        </section>
    }
}
