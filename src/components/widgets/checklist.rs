//! The requirements to check before starting: ticking them is for the user's own benefit only.

use leptos::prelude::*;
use splr_core::scenario::Scenario;

#[component]
pub fn Checklist(scenario: Scenario) -> impl IntoView {
    view! {
        <details class="checklist" open>
            <summary>"Before you start"</summary>
            <ul>
                {scenario
                    .requirements()
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let id = format!("req-{i}");
                        view! {
                            <li>
                                <input type="checkbox" id=id.clone() />
                                <label for=id>
                                    <strong>{r.title}</strong>
                                    " — "
                                    {r.detail}
                                </label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}
