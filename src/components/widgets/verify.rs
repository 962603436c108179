//! The verify step's checker: paste an X-Forwarded-For value, see each address classified and a verdict.

use leptos::prelude::*;
use splr_core::forwarded_for::{analyse, Verdict};

#[component]
pub fn ForwardedForCheck() -> impl IntoView {
    let header = RwSignal::new(String::new());
    // Recomputed by each reader (cheap) rather than held in a Memo, whose type would add wasm.
    let result = move || header.with(|h| analyse(h));
    let shown = Memo::new(move |_| !result().0.is_empty());
    view! {
        <div class="xff">
            <label for="xff-input">"X-Forwarded-For value your Function logged"</label>
            <input
                id="xff-input"
                type="text"
                autocomplete="off"
                spellcheck="false"
                placeholder="e.g. 10.0.0.4:51234"
                prop:value=move || header.get()
                on:input=move |ev| header.set(event_target_value(&ev))
            />
            <p
                class="verdict"
                data-verdict=move || format!("{:?}", result().1).to_ascii_lowercase()
                class:ok=move || result().1 == Verdict::Private
                class:bad=move || result().1 == Verdict::Public
                role="status"
            >
                {move || result().1.explain()}
            </p>
            // Like <Show> (rebuilt only when the condition flips), with less wasm.
            {move || shown.get().then(|| view! {
                <table class="xff-table">
                    <thead>
                        <tr>
                            <th scope="col">"Entry"</th>
                            <th scope="col">"Address"</th>
                            <th scope="col">"Kind"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            result()
                                .0
                                .into_iter()
                                .map(|e| {
                                    let (addr, kind, private) = match &e.result {
                                        Ok((ip, class)) => (ip.to_string(), class.describe().to_string(), class.is_private()),
                                        Err(err) => ("—".to_string(), err.clone(), false),
                                    };
                                    view! {
                                        <tr class:private=private>
                                            <td><code>{e.text.clone()}</code></td>
                                            <td><code>{addr}</code></td>
                                            <td>{kind}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            })}
        </div>
    }
}
