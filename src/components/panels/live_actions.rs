//! Live mode's actions: the step buttons with the running step's status, and the dialog that shows
//! a change exactly as it will be sent before anything goes out.

use leptos::prelude::*;
use splr_core::arm::client::Job;

/// A change the running step asks about (the client's `Action::Confirm`): shown exactly as it will be sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub label: &'static str,
    pub preview: String,
}

/// The step buttons (enabled when `ready`), Cancel, and what runs now (`busy`, "" when idle).
#[component]
pub fn LiveActions(
    ready: Memo<bool>,
    busy: RwSignal<&'static str>,
    confirm: RwSignal<Option<Confirm>>,
    cancel: RwSignal<bool>,
    read_first: impl Fn() + Copy + Send + Sync + 'static,
    run_job: impl Fn(Job, &'static str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="live-actions" role="group" aria-label="Live steps">
            <button type="button" class="run" data-live-run="read" disabled=move || !ready.get() on:click=move |_| read_first()>"Read the service first"</button>
            <button type="button" class="run" data-live-run="create" disabled=move || !ready.get()
                on:click=move |_| run_job(Job::Create, "Create")>"Create…"</button>
            <button type="button" class="run" data-live-run="approve" disabled=move || !ready.get()
                on:click=move |_| run_job(Job::Approve { connection: None }, "Approve on the target")>"Approve on the target…"</button>
            <button type="button" class="run" data-live-run="status" disabled=move || !ready.get()
                on:click=move |_| run_job(Job::Get, "Status")>"Check status"</button>
            <button type="button" class="run" data-live-run="delete" disabled=move || !ready.get()
                on:click=move |_| run_job(Job::Delete, "Delete")>"Delete…"</button>
            <button type="button" class="secondary" disabled=move || busy.get().is_empty()
                on:click=move |_| cancel.set(true)>"Cancel"</button>
            // While the step waits for a confirmation nothing is being sent: the status says so.
            <span role="status" class="running">{move || Some(busy.get()).filter(|b| !b.is_empty()).map(|b| {
                if confirm.with(Option::is_some) {
                    format!("{b}: waiting for your confirmation; nothing is sent until you choose Send it.")
                } else {
                    format!("Running: {b}…")
                }
            })}</span>
        </div>
    }
}

/// "Send it" lets the change go out (`confirmed`); Cancel stops the step (`cancel`).
#[component]
pub fn ConfirmDialog(confirm: RwSignal<Option<Confirm>>, confirmed: RwSignal<bool>, cancel: RwSignal<bool>) -> impl IntoView {
    move || confirm.get().map(|c| view! {
        <div class="confirm" role="dialog" aria-modal="false" aria-labelledby="confirm-title" data-live="confirm">
            <h3 id="confirm-title">{format!("{}: this request will be sent", c.label)}</h3>
            <pre class="code" tabindex="0">{c.preview}</pre>
            <button type="button" class="copy" on:click=move |_| {
                confirm.set(None);
                confirmed.set(true);
            }>"Send it"</button>
            " "
            <button type="button" class="secondary" on:click=move |_| {
                confirm.set(None);
                cancel.set(true);
            }>"Cancel"</button>
        </div>
    })
}
