//! One labelled form field: the input, its error (next to it, announced to screen readers) and its
//! notes (repairs made, defaults applied, warnings).

use leptos::prelude::*;
use splr_core::form::{Check, Field, Form};
use std::collections::BTreeMap;

/// The form's signals, shared by every field of a walkthrough.
#[derive(Clone, Copy)]
pub struct FormState {
    pub form: RwSignal<Form>,
    pub checked: Memo<Check>,
    /// Errors about the link the page was opened with; each clears when its field is edited.
    pub link_errors: RwSignal<BTreeMap<Field, String>>,
}

impl FormState {
    pub fn error(&self, field: Field) -> Option<String> {
        self.link_errors
            .with(|e| e.get(&field).cloned())
            .or_else(|| self.checked.with(|c| c.errors.get(&field).cloned()))
    }

    pub fn set(&self, field: Field, value: String) {
        self.link_errors.update(|e| {
            e.remove(&field);
        });
        self.form.update(|f| f.set(field, value));
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Line,
    Area,
}

#[component]
pub fn TextField(
    state: FormState,
    field: Field,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] placeholder: Option<Signal<String>>,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(default = Kind::Line)] kind: Kind,
) -> impl IntoView {
    let id = format!("f-{}", field.param());
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = Memo::new(move |_| state.error(field));
    let notes = Memo::new(move |_| state.checked.with(|c| c.notes.get(&field).cloned().unwrap_or_default()));
    let value = move || state.form.with(|f| f.get(field));
    let on_input = move |ev| state.set(field, event_target_value(&ev));
    let described = if hint.is_empty() { error_id.clone() } else { format!("{hint_id} {error_id}") };
    let placeholder = move || placeholder.map(|p| p.get()).unwrap_or_default();
    let input = match kind {
        Kind::Line => view! {
            <input
                id=id.clone()
                name=field.param()
                type="text"
                autocomplete="off"
                spellcheck="false"
                list=list
                placeholder=placeholder
                prop:value=value
                on:input=on_input
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described.clone()
            />
        }
        .into_any(),
        Kind::Area => view! {
            <textarea
                id=id.clone()
                name=field.param()
                rows="2"
                placeholder=placeholder
                prop:value=value
                on:input=on_input
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described.clone()
            ></textarea>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some) data-field=field.param()>
            <label for=id>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {input}
            <p class="error" id=error_id role="alert" aria-live="polite">
                {move || error.get()}
            </p>
            <ul class="notes">
                {move || notes.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
        </div>
    }
}
