//! The Azure Functions bindings page: a small form (connection string or identity, setting prefix,
//! language…) and the settings, role assignment, event handler URL and binding sample it needs. The
//! form lives in the URL (`?page=bindings&…`), so a reload keeps it. Validation and every output are
//! `splr_core::bindings`.

use crate::components::artifact_block::{ArtifactBlock, ShellChoice};
use crate::components::field::{FormState, Input};
use leptos::prelude::*;
use splr_core::bindings::link::{self, BindingsLink};
use splr_core::bindings::{self, BindingsOutput, BindingsPlan, ConnectionMode, Field, Worker};
use splr_core::service::Shell;

/// The artifacts written per shell (they get the shell selector).

#[component]
pub fn Bindings(link: BindingsLink) -> impl IntoView {
    let form = RwSignal::new(link.form);
    let checked = Memo::new(move |_| form.with(bindings::check));
    let state = FormState { form, checked, link_errors: RwSignal::new(link.errors) };
    let error = move |field: Field| state.error(field);
    let set = move |field: Field, value: String| state.set(field, value);
    // The artifacts keep showing the last valid form while the user fixes a field.
    let plan = Memo::new(move |prev: Option<&Option<BindingsPlan>>| {
        checked.with(|c| c.plan.clone()).or_else(|| prev.cloned().flatten())
    });
    // Cheap derived values are plain closures: a Memo each would add wasm for nothing.
    let stale = move || checked.with(|c| c.plan.is_none());
    // The URL follows the form without a history entry per keystroke.
    Effect::new(move |_| crate::url_state::follow(form.with(link::to_query)));
    // Leaving the page (Back, another page, unmount): a pending URL write is kept for a reload, not made.
    on_cleanup(crate::url_state::leave);

    let missing = Signal::derive(move || state.missing());
    let error_count = move || state.error_count();
    let shell = ShellChoice {
        // A memo: the shell tabs re-render when the shell changes, not on every keystroke.
        current: Memo::new(move |_| form.with(|f| f.shell)).into(),
        set: Callback::new(move |s: Shell| set(Field::Shell, s.slug().to_string())),
    };
    let identity = move || form.with(|f| f.mode == ConnectionMode::Identity);
    let sample_id = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| p.worker)).unwrap_or_default().sample_id());

    let text = move |field: Field, hint: &'static str| {
        view! {
            <Input
                id=format!("b-{}", link::param(field))
                name=link::param(field)
                label=field.label()
                hint
                value=Signal::derive(move || form.with(|f| f.get(field)))
                error=Signal::derive(move || error(field))
                notes=Signal::derive(move || checked.with(|c| c.notes.get(&field).cloned().unwrap_or_default()))
                on_input=Callback::new(move |v: String| set(field, v))
            />
        }
    };
    // Identity-only fields show in identity mode, and whenever they hold text (to say it is ignored).
    let identity_field = move |field: Field, hint: &'static str| {
        // Like <Show> (rebuilt only when the condition flips), with less wasm.
        let shown = Memo::new(move |_| identity() || form.with(|f| !f.get(field).trim().is_empty()));
        move || shown.get().then(|| text(field, hint))
    };
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
        <div class="walkthrough bindings">
            <div class="intro">
                <h1>"Azure Functions bindings for Web PubSub"</h1>
                <p class="lead">
                    "Connect a Function app to Web PubSub with a connection string or with its managed identity: \
                     get the app settings, local.settings.json, the role assignment, the event handler URL and a \
                     trigger / input / output sample for your language."
                </p>
            </div>
            <form class="form" on:submit=|ev| ev.prevent_default() aria-labelledby="bindings-form-title">
                <h2 id="bindings-form-title">"Your Function app"</h2>
                {text(Field::FunctionApp, "")}
                {text(Field::ResourceGroup, "Of the Function app and the Web PubSub resource")}
                {text(Field::Service, "The Web PubSub resource's name")}
                {text(Field::Hub, "The hub your functions handle")}
                <fieldset class="field choice" data-field="mode" class:invalid=move || error(Field::Mode).is_some()
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
                                        on:change=move |_| set(Field::Mode, m.slug().to_string())
                                    />
                                    {m.display()}
                                </label>
                            }
                        })
                        .collect_view()}
                    <p class="error" id="b-mode-error" role="alert">{move || error(Field::Mode)}</p>
                </fieldset>
                <div class="field" data-field="worker" class:invalid=move || error(Field::Worker).is_some()>
                    <label for="b-worker">{Field::Worker.label()}</label>
                    <select
                        id="b-worker"
                        name="worker"
                        aria-describedby="b-worker-error"
                        prop:value=move || form.with(|f| f.worker.slug())
                        on:change=move |ev| set(Field::Worker, event_target_value(&ev))
                    >
                        {Worker::ALL.into_iter().map(|w| view! { <option value=w.slug()>{w.display()}</option> }).collect_view()}
                    </select>
                    <p class="error" id="b-worker-error" role="alert">{move || error(Field::Worker)}</p>
                </div>
                {text(Field::SettingPrefix, "The connection setting's name; with an identity, the prefix of its __serviceUri, __clientId… settings")}
                {identity_field(Field::ServiceUri, "Empty: the resource's own endpoint")}
                {identity_field(Field::Credential, "managedidentity, or empty for DefaultAzureCredential")}
                {identity_field(Field::ClientId, "A user-assigned identity's client ID (az identity show --query clientId)")}
                {identity_field(Field::ManagedIdentityResourceId, "Or that identity's resource ID (not both)")}
                {text(Field::ExtensionVersion, "Microsoft.Azure.WebJobs.Extensions.WebPubSub; empty: the one in your extension bundle")}
            </form>
            <div class="steps">
                <p class="stale-banner" role="status" class:shown=stale>
                    {move || {
                        let n = error_count();
                        let s = if n == 1 { "" } else { "s" };
                        if plan.with(Option::is_some) {
                            format!("{n} field{s} to fix: the settings below are for the last valid form.")
                        } else {
                            format!("{n} field{s} to fix before the settings can be generated.")
                        }
                    }}
                </p>
                <p class="error" data-field="shell" role="alert">{move || error(Field::Shell)}</p>
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
        </div>
    }
}
