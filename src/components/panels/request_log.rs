//! The request logs: every exchange, summarised on one line and opened into its full transcript
//! (what `az rest --debug` would print, tokens redacted). The rows re-render when the log grows,
//! rebuilt in place, so an open exchange stays open.

use super::simulator::Sim;
use leptos::prelude::*;
use splr_core::arm::exchange::{transcript, Exchange};
use splr_core::live::run::LiveRun;

#[component]
pub fn RequestLog(sim: Sim, len: Memo<(u64, usize, usize)>) -> impl IntoView {
    // Re-rendered only when an exchange is added, a step ends (a cancel settles a note) or the log is
    // reset; the rows are rebuilt in place, so an open exchange stays open.
    view! {
        <ol class="request-log" data-sim="log">
            {move || {
                let (_, n, _) = len.get();
                sim.session.with_value(|s| {
                    s.as_ref().map(|s| {
                        s.log().iter().zip(s.log_notes()).take(n).map(|(e, note)| log_row(e, note)).collect_view()
                    })
                })
            }}
        </ol>
    }
}

/// One exchange of the request log: its one-line summary, the full transcript and a Copy button, and
/// under it what the client did about it when it retried it or gave up (core: `Session::log_notes`).
fn log_row(e: &Exchange, note: Option<String>) -> impl IntoView {
    let text = transcript(e);
    let summary = e.summary();
    let copy_text = text.clone();
    view! {
        <li class:error={e.is_error()}>
            <details>
                <summary>{summary}</summary>
                <pre class="code" tabindex="0">{text}</pre>
                <button type="button" class="secondary" on:click=move |_| {
                    let t = copy_text.clone();
                    leptos::task::spawn_local(async move {
                        let _ = crate::browser::copy(t).await;
                    });
                }>"Copy exchange"</button>
            </details>
            {note.map(|n| view! { <p class="log-note" data-sim="log-note">{n}</p> })}
        </li>
    }
}

/// Live mode's log (core: `LiveRun::record`), transport errors included, each retried answer with
/// what the client did about it (core: `LiveRun::log_notes`), as in the simulator's log.
#[component]
pub fn LiveRequestLog(run: RwSignal<LiveRun>, len: Memo<usize>) -> impl IntoView {
    view! {
        <ol class="request-log" data-live="log">
            {move || {
                let n = len.get();
                run.with_untracked(|r| r.log.iter().cloned().zip(r.log_notes()).take(n).collect::<Vec<_>>())
            }.into_iter().map(|(e, note)| view! {
                <li class:error=!e.ok>
                    <details><summary>{e.title}</summary><pre class="code" tabindex="0">{e.text}</pre></details>
                    {note.map(|n| view! { <p class="log-note" data-live="log-note">{n}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
