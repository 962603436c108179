//! One labelled form field: the input, its error (next to it, announced to screen readers) and its
//! notes (repairs made, defaults applied, warnings). [`Input`] works for any form; [`TextField`]
//! wires it to the walkthrough's [`FormState`].

use leptos::prelude::*;
use splr_core::form_kit::{Checked, FieldMap, Fields, FormField};
use splr_core::walkthrough::form::{Field, Form, Plan};

/// A page's form signals, shared by its fields: the walkthrough's by default, the bindings page's too.
pub struct FormState<T: Fields = Form, P: Send + Sync + 'static = Plan> {
    pub form: RwSignal<T>,
    pub checked: Memo<Checked<T::Field, P>>,
    /// Errors about the link the page was opened with; each clears when its field is edited.
    pub link_errors: RwSignal<FieldMap<T::Field, String>>,
}

impl<T: Fields, P: Send + Sync + 'static> Clone for FormState<T, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Fields, P: Send + Sync + 'static> Copy for FormState<T, P> {}

impl<T: Fields, P: Send + Sync + 'static> FormState<T, P> {
    pub fn error(&self, field: T::Field) -> Option<String> {
        self.link_errors
            .with(|e| e.get(&field).cloned())
            .or_else(|| self.checked.with(|c| c.errors.get(&field).cloned()))
    }

    pub fn set(&self, field: T::Field, value: String) {
        self.link_errors.update(|e| {
            e.remove(&field);
        });
        self.form.update(|f| f.set(field, value));
    }

    /// How many fields have an error (from the check or the link).
    pub fn error_count(&self) -> usize {
        T::Field::ALL.iter().filter(|f| self.error(**f).is_some()).count()
    }

    /// The labels of the fields to fix, for messages shown while there is nothing to show.
    pub fn missing(&self) -> String {
        let labels: Vec<&str> = T::Field::ALL.iter().filter(|f| self.error(**f).is_some()).map(|f| f.label()).collect();
        if labels.is_empty() { "the form".to_string() } else { labels.join(", ") }
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
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] placeholder: Option<Signal<String>>,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(default = Kind::Line)] kind: Kind,
) -> impl IntoView {
    // One memo per field over the whole form: a keystroke elsewhere re-checks this field once and,
    // as its value, error and notes are unchanged, re-renders nothing of it.
    let own = Memo::new(move |_| {
        let value = state.form.with(|f| f.get(field));
        let notes = state.checked.with(|c| c.notes.get(&field).cloned().unwrap_or_default());
        (value, state.error(field), notes)
    });
    view! {
        <Input
            id=format!("f-{}", field.param())
            name=field.param()
            label=field.label()
            hint
            placeholder
            list
            kind
            value=Signal::derive(move || own.with(|o| o.0.clone()))
            error=Signal::derive(move || own.with(|o| o.1.clone()))
            notes=Signal::derive(move || own.with(|o| o.2.clone()))
            on_input=Callback::new(move |v: String| state.set(field, v))
        />
    }
}

/// A labelled text input of any form, wired by signals and a callback: its value, its error (next
/// to it, announced to screen readers) and its notes. `name` is also its `data-field`.
#[component]
pub fn Input(
    id: String,
    name: &'static str,
    label: &'static str,
    value: Signal<String>,
    error: Signal<Option<String>>,
    notes: Signal<Vec<String>>,
    on_input: Callback<String>,
    #[prop(optional)] hint: &'static str,
    #[prop(optional_no_strip)] placeholder: Option<Signal<String>>,
    #[prop(optional_no_strip)] list: Option<&'static str>,
    #[prop(default = Kind::Line)] kind: Kind,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    // Memos: a keystroke in one field re-renders only what changed, not every field of the form.
    let error = Memo::new(move |_| error.get());
    let value = Memo::new(move |_| value.get());
    let notes = Memo::new(move |_| notes.get());
    let on_input = move |ev| on_input.run(event_target_value(&ev));
    let described = if hint.is_empty() { error_id.clone() } else { format!("{hint_id} {error_id}") };
    let placeholder = move || placeholder.map(|p| p.get()).unwrap_or_default();
    let input = match kind {
        Kind::Line => view! {
            <input
                id=id.clone()
                name=name
                type="text"
                autocomplete="off"
                spellcheck="false"
                list=list
                placeholder=placeholder
                prop:value=move || value.get()
                on:input=on_input
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described.clone()
            />
        }
        .into_any(),
        Kind::Area => view! {
            <textarea
                id=id.clone()
                name=name
                rows="2"
                placeholder=placeholder
                prop:value=move || value.get()
                on:input=on_input
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described.clone()
            ></textarea>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some) data-field=name>
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
