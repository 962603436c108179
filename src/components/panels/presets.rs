//! Team presets in the UI: loading the optional `presets.json` beside the page, the message shown
//! when it is invalid, and the walkthrough's "Environment" picker. Parsing, validation and applying
//! an environment to a form are `splr_core::presets`.

use crate::browser;
use crate::components::field::FormState;
use leptos::prelude::*;
use splr_core::form::Field;
use splr_core::presets::{self, PresetError, Presets};

/// The file the app looks for, relative to the page (so it works under any sub-path).
pub const FILE: &str = "presets.json";

/// What the app found at start-up.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PresetsLoad {
    /// No presets.json (or not loaded yet): the app is as without presets.
    #[default]
    Absent,
    Valid(Presets),
    Invalid(Vec<PresetError>),
}

impl PresetsLoad {
    pub fn from_text(text: &str) -> PresetsLoad {
        match presets::parse(text) {
            Ok(p) => PresetsLoad::Valid(p),
            Err(errors) => PresetsLoad::Invalid(errors),
        }
    }

    /// Fetches and checks presets.json; any failure to fetch (404, offline) means absent.
    pub async fn fetch() -> PresetsLoad {
        match browser::fetch_text(FILE).await {
            Some(text) => PresetsLoad::from_text(&text),
            None => PresetsLoad::Absent,
        }
    }
}

/// A non-blocking message listing what is wrong in presets.json; the app keeps working without it.
#[component]
pub fn PresetsProblems(presets: Signal<PresetsLoad>) -> impl IntoView {
    let hidden = RwSignal::new(false);
    // Plain closures rather than Memos (presets.json is read once; each Memo type adds wasm).
    let errors = move || match presets.get() {
        PresetsLoad::Invalid(errors) => errors,
        _ => Vec::new(),
    };
    // Like <Show> (rebuilt only when the condition flips), with less wasm.
    let shown = Memo::new(move |_| !hidden.get() && !errors().is_empty());
    move || shown.get().then(|| view! {
        <section class="presets-problems" role="alert" aria-labelledby="presets-problems-title">
            <h2 id="presets-problems-title">"presets.json has problems: the environment picker is off"</h2>
            <p>"Everything else works as usual. Fix these in presets.json (the schema is in the README):"</p>
            <ul>{move || errors().into_iter().map(|e| view! { <li><code>{e.to_string()}</code></li> }).collect_view()}</ul>
            <button type="button" class="secondary" on:click=move |_| hidden.set(true)>"Hide this message"</button>
        </section>
    })
}

/// The walkthrough's "Environment" picker: shown only with a valid presets.json; picking an
/// environment fills the form from it and shows what it could not fill.
#[component]
pub fn EnvironmentPicker(presets: Signal<PresetsLoad>, state: FormState) -> impl IntoView {
    let environments = move || match presets.get() {
        PresetsLoad::Valid(p) => p.environments,
        _ => Vec::new(),
    };
    // The environment the form is filled from (none once a value it fills is changed by hand), so a
    // reload or a deep link shows it too.
    let chosen = Memo::new(move |_| {
        presets.with(|load| match load {
            PresetsLoad::Valid(p) => state.form.with(|f| presets::matching(f, p).map(|e| e.name.clone())),
            _ => None,
        })
        .unwrap_or_default()
    });
    // The notes of the last pick, shown while the form is still that environment's.
    let picked = RwSignal::new((String::new(), Vec::<String>::new()));
    let pick = move |name: String| {
        let Some(env) = untrack(environments).into_iter().find(|e| e.name == name) else {
            picked.set((name, Vec::new()));
            return;
        };
        let (form, env_notes) = state.form.with_untracked(|f| presets::apply_with_notes(f, &env));
        state.link_errors.update(|e| {
            for field in [Field::Subscription, Field::ResourceGroup, Field::Service, Field::Target, Field::GroupId, Field::ApiVersion] {
                e.remove(&field);
            }
        });
        state.form.set(form);
        picked.set((name, env_notes));
    };
    let notes = move || {
        chosen.with(|current| picked.with(|(name, notes)| if name == current { notes.clone() } else { Vec::new() }))
    };
    // Like <Show> (rebuilt only when the condition flips), with less wasm.
    let shown = Memo::new(move |_| !environments().is_empty());
    move || shown.get().then(|| view! {
        <div class="field environment" data-field="environment">
            <label for="f-environment">"Environment"</label>
            <p class="hint" id="f-environment-hint">"From your team's presets.json: fills the subscription, resource group, service, target and api-version"</p>
            <select
                id="f-environment"
                name="environment"
                aria-describedby="f-environment-hint"
                on:change=move |ev| pick(event_target_value(&ev))
            >
                // Each option says whether it is selected: a value set on the <select> is lost when its
                // options are not there yet, and the browser then selects the first enabled one.
                <option value="" disabled prop:selected=move || chosen.with(String::is_empty)>"Choose an environment…"</option>
                {move || {
                    environments()
                        .into_iter()
                        .map(|e| {
                            let text = match &e.description {
                                Some(d) if !d.trim().is_empty() => format!("{} — {}", e.name, d.trim()),
                                _ => e.name.clone(),
                            };
                            let name = e.name.clone();
                            view! { <option value=e.name prop:selected=move || chosen.with(|c| *c == name)>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <ul class="notes" aria-live="polite">{move || notes().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
        </div>
    })
}
