//! The Azure Functions bindings page: a small form (connection string or identity, setting prefix,
//! language…) and the settings, role assignment, event handler URL and binding sample it needs. The
//! form lives in the URL (`?page=bindings&…`), so a reload keeps it. Validation and every output are
//! `splr_core::bindings`.

use crate::components::artifact_block::{ArtifactBlock, ShellChoice};
use crate::components::field::{FormState, Input};
use crate::components::widgets::stale_banner::StaleBanner;
use leptos::prelude::*;
use splr_core::bindings::link::{self, BindingsLink};
use splr_core::bindings::{self, BindingsForm, BindingsOutput, BindingsPlan, ConnectionMode, Field, Worker};
use splr_core::service::Shell;

#[component]
pub fn Bindings(link: BindingsLink) -> impl IntoView {
    let form = RwSignal::new(link.form);
    let checked = Memo::new(move |_| form.with(bindings::check));
    let state = FormState { form, checked, link_errors: RwSignal::new(link.errors) };
    // The artifacts keep showing the last valid form while the user fixes a field.
    let plan = Memo::new(move |prev: Option<&Option<BindingsPlan>>| {
        checked.with(|c| c.plan.clone()).or_else(|| prev.cloned().flatten())
    });
    // The URL follows the form without a history entry per keystroke.
    Effect::new(move |_| crate::url_state::follow(form.with(link::to_query)));
    // Leaving the page (Back, another page, unmount): a pending URL write is kept for a reload, not made.
    on_cleanup(crate::url_state::leave);

    let missing = Signal::derive(move || state.missing());
    let shell = ShellChoice {
        // A memo: the shell tabs re-render when the shell changes, not on every keystroke.
        current: Memo::new(move |_| form.with(|f| f.shell)).into(),
        set: Callback::new(move |s: Shell| state.set(Field::Shell, s.slug().to_string())),
    };

    view! {
        <div class="walkthrough bindings">
            <div class="intro">
                <h1>"Azure Functions bindings for Web PubSub"</h1>
                <p class="lead">
                    "Connect a Function app to Web PubSub with a connection string or with its managed identity: \
                     get the app settings, local.settings.json, the role assignment, the event handler URL and a \
                     trigger / input / output sample for your language."
                </p>
            </div>
            <FunctionAppForm state />
            <BindingsOutputs state plan shell missing />
        </div>
    }
}

/// The bindings page's form signals.
type State = FormState<BindingsForm, BindingsPlan>;

/// The form: the Function app, its resources, the connection mode and the language.
#[component]
fn FunctionAppForm(state: State) -> impl IntoView {
    let form = state.form;
    let identity = move || form.with(|f| f.mode == ConnectionMode::Identity);
    // Identity-only fields show in identity mode, and whenever they hold text (to say it is ignored).
    let identity_field = move |field: Field, hint: &'static str| {
        // Like <Show> (rebuilt only when the condition flips), with less wasm.
        let shown = Memo::new(move |_| identity() || form.with(|f| !f.get(field).trim().is_empty()));
        move || shown.get().then(|| text(state, field, hint))
    };
    view! {
        <form class="form" on:submit=|ev| ev.prevent_default() aria-labelledby="bindings-form-title">
            <h2 id="bindings-form-title">"Your Function app"</h2>
            {text(state, Field::FunctionApp, "")}
            {text(state, Field::ResourceGroup, "Of the Function app and the Web PubSub resource")}
            {text(state, Field::Service, "The Web PubSub resource's name")}
            {text(state, Field::Hub, "The hub your functions handle")}
            <ModeChoice state />
            <WorkerSelect state />
            {text(state, Field::SettingPrefix, "The connection setting's name; with an identity, the prefix of its __serviceUri, __clientId… settings")}
            {identity_field(Field::ServiceUri, "Empty: the resource's own endpoint")}
            {identity_field(Field::Credential, "managedidentity, or empty for DefaultAzureCredential")}
            {identity_field(Field::ClientId, "A user-assigned identity's client ID (az identity show --query clientId)")}
            {identity_field(Field::ManagedIdentityResourceId, "Or that identity's resource ID (not both)")}
            {text(state, Field::ExtensionVersion, "Microsoft.Azure.WebJobs.Extensions.WebPubSub; empty: the one in your extension bundle")}
        </form>
    }
}

/// A text field of the form, with its error and validation notes.
fn text(state: State, field: Field, hint: &'static str) -> impl IntoView {
    let (form, checked) = (state.form, state.checked);
    view! {
        <Input
            id=format!("b-{}", link::param(field))
            name=link::param(field)
            label=field.label()
            hint
            value=Signal::derive(move || form.with(|f| f.get(field)))
            error=Signal::derive(move || state.error(field))
            notes=Signal::derive(move || checked.with(|c| c.notes.get(&field).cloned().unwrap_or_default()))
            on_input=Callback::new(move |v: String| state.set(field, v))
        />
    }
}

/// Connection string or managed identity, as radio buttons.
#[component]
fn ModeChoice(state: State) -> impl IntoView {
    let form = state.form;
    view! {
        <fieldset class="field choice" data-field="mode" class:invalid=move || state.error(Field::Mode).is_some()
            aria-describedby="b-mode-error">
            <legend>{Field::Mode.label()}</legend>
            {ConnectionMode::ALL
                .into_iter()
                .map(|m| {
                    let id = format!("b-mode-{}", m.slug());
                    let for_id = id.clone();
                    view! {
                        <label for=for_id class="radio">
                            <input
                                type="radio"
                                id=id
                                name="mode"
                                value=m.slug()
                                prop:checked=move || form.with(|f| f.mode == m)
                                on:change=move |_| state.set(Field::Mode, m.slug().to_string())
                            />
                            {m.display()}
                        </label>
                    }
                })
                .collect_view()}
            <p class="error" id="b-mode-error" role="alert">{move || state.error(Field::Mode)}</p>
        </fieldset>
    }
}

/// The Function app's language (its worker runtime).
#[component]
fn WorkerSelect(state: State) -> impl IntoView {
    view! {
        <div class="field" data-field="worker" class:invalid=move || state.error(Field::Worker).is_some()>
            <label for="b-worker">{Field::Worker.label()}</label>
            <select
                id="b-worker"
                name="worker"
                aria-describedby="b-worker-error"
                prop:value=move || state.form.with(|f| f.worker.slug())
                on:change=move |ev| state.set(Field::Worker, event_target_value(&ev))
            >
                {Worker::ALL.into_iter().map(|w| view! { <option value=w.slug()>{w.display()}</option> }).collect_view()}
            </select>
            <p class="error" id="b-worker-error" role="alert">{move || state.error(Field::Worker)}</p>
        </div>
    }
}

/// The outputs: settings, role assignment, event handler URL and the binding sample.
#[component]
fn BindingsOutputs(
    state: State,
    /// The last valid plan (kept while the user fixes a field).
    plan: Memo<Option<BindingsPlan>>,
    shell: ShellChoice,
    missing: Signal<String>,
) -> impl IntoView {
    let form = state.form;
    // Cheap derived values are plain closures: a Memo each would add wasm for nothing.
    let stale = move || state.checked.with(|c| c.plan.is_none());
    let sample_id = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| p.worker)).unwrap_or_default().sample_id());
    let block = move |id: BindingsOutput| {
        let artifact = Memo::new(move |_| {
            // The shell never makes a form invalid: it follows the form even while the plan is stale.
            let shell = form.with(|f| f.shell);
            plan.with(|p| {
                p.as_ref().and_then(|p| {
                    let mut p = p.clone();
                    p.shell = shell;
                    bindings::artifact(&p, id)
                })
            })
        });
        let shell = id.per_shell().then_some(shell);
        view! { <ArtifactBlock id=id.into() artifact shell stale missing /> }
    };
    view! {
        <div class="steps">
            <StaleBanner stale error_count=move || state.error_count() has_plan=move || plan.with(Option::is_some) what="settings" />
            <p class="error" data-field="shell" role="alert">{move || state.error(Field::Shell)}</p>
            <section class="step" id="bindings-settings" aria-labelledby="bindings-settings-title">
                <h2 id="bindings-settings-title">"App settings"</h2>
                <p>"The extension reads its connection from these settings: in Azure as app settings, locally from local.settings.json."</p>
                {block(BindingsOutput::AppSettings)}
                {block(BindingsOutput::AppSettingsJson)}
                {block(BindingsOutput::LocalSettings)}
            </section>
            <section class="step" id="bindings-role" aria-labelledby="bindings-role-title">
                <h2 id="bindings-role-title">"Access"</h2>
                {block(BindingsOutput::RoleAssignment)}
            </section>
            <section class="step" id="bindings-handler" aria-labelledby="bindings-handler-title">
                <h2 id="bindings-handler-title">"Event handler"</h2>
                <p>"Web PubSub calls the Function app at this URL; set it in the hub's event handler settings."</p>
                {block(BindingsOutput::EventHandlerUrl)}
            </section>
            <section class="step" id="bindings-sample" aria-labelledby="bindings-sample-title">
                <h2 id="bindings-sample-title">"Bindings"</h2>
                {move || block(sample_id.get())}
            </section>
        </div>
    }
}
