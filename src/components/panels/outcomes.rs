//! The outcome lists under the steps: each finished step with the advice that follows its outcome,
//! newest first, six at most. The simulator's reads its session; live mode's reads `live::run`.

use super::simulator::{job_label, Sim};
use leptos::prelude::*;
use splr_core::live::run::LiveRun;

#[component]
pub fn Outcomes(sim: Sim) -> impl IntoView {
    // Jobs only ever finish (a reset starts from none), so their count tells when to re-render.
    let count = Memo::new(move |_| sim.with(|s| s.outcomes().len()).unwrap_or(0));
    view! {
        <ol class="outcomes" data-sim="outcomes">
            {move || {
                let n = count.get();
                // A new world with as many finished steps as the old one still re-renders.
                sim.worlds.track();
                // Each step with the advice that follows its outcome (core: `Session::advice`).
                let finished = sim.session.with_value(|s| {
                    s.as_ref()
                        .map(|s| s.outcomes().iter().rev().take(n.min(6)).map(|f| (f.clone(), s.advice(f))).collect())
                        .unwrap_or_else(Vec::new)
                });
                finished
                    .into_iter()
                    .map(|(f, advice)| {
                        let ok = f.outcome.succeeded();
                        view! {
                            <li class:ok=ok class:bad=!ok data-job=job_label(&f.job)>
                                <strong>{job_label(&f.job)} " · " {format!("{}", f.at)}</strong>
                                " — "
                                {f.outcome.summary.clone()}
                                {advice.map(|a| view! {
                                    <p class="next" data-sim="advice">{a.meaning} " " <em>{a.next}</em></p>
                                })}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}

/// Live mode's outcomes (core: `LiveRun::finish`), re-rendered when one is added.
#[component]
pub fn LiveOutcomes(run: RwSignal<LiveRun>, count: Memo<usize>) -> impl IntoView {
    view! {
        <ol class="outcomes" data-live="outcomes">
            {move || {
                let n = count.get();
                run.with_untracked(|r| r.outcomes.iter().rev().take(n.min(6)).cloned().collect::<Vec<_>>())
            }.into_iter().map(|m| view! {
                <li class:ok=m.ok class:bad=!m.ok>
                    <strong>{m.title}</strong> " — " {m.text}
                    {m.next.map(|n| view! { <p class="next">{n}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
}
