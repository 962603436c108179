//! The landing page: the idea in two sentences, then one card per scenario.

use crate::browser::plain_click;
use leptos::prelude::*;
use splr_core::bindings::{link as bindings_link, BindingsForm};
use splr_core::deep_link;
use splr_core::form::Form;
use splr_core::scenario::Scenario;

#[component]
pub fn Landing(navigate: impl Fn(String) + Copy + Send + Sync + 'static) -> impl IntoView {
    let card = move |s: Scenario| {
        let query = deep_link::to_query(&Form::new(s));
        let href = format!("?{query}");
        view! {
            <li class="card">
                <a href=href data-scenario=s.slug() on:click=move |ev| {
                    if plain_click(&ev) {
                        ev.prevent_default();
                        navigate(query.clone());
                    }
                }>
                    <span class="card-title">{s.title()}</span>
                    <span class="card-summary">{s.summary()}</span>
                </a>
            </li>
        }
    };
    view! {
        <section class="hero">
            <h1>"Keep Web PubSub and SignalR traffic off the internet"</h1>
            <p class="lead">
                "A shared private endpoint lets Azure Web PubSub or SignalR Service call your Function, Web App, \
                 Private Link Service or Key Vault over a private network. Pick your setup: fill in a short form and get \
                 every file and command of the documented workflow, ready to copy for bash, PowerShell (with the az CLI or the Az module) or cmd."
            </p>
        </section>
        <section aria-labelledby="documented">
            <h2 id="documented">"Documented scenarios"</h2>
            <ul class="cards">
                {Scenario::ALL.into_iter().filter(|s| s.is_documented()).map(card).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="functions">
            <h2 id="functions">"Azure Functions"</h2>
            <ul class="cards small">
                <li class="card">
                    {
                        let query = bindings_link::to_query(&BindingsForm::default());
                        let href = format!("?{query}");
                        view! {
                            <a href=href data-page="bindings" on:click=move |ev| {
                                if plain_click(&ev) {
                                    ev.prevent_default();
                                    navigate(query.clone());
                                }
                            }>
                                <span class="card-title">"Web PubSub bindings settings"</span>
                                <span class="card-summary">
                                    "Connection string or managed identity: the app settings, local.settings.json, \
                                     the role assignment, the event handler URL and binding samples."
                                </span>
                            </a>
                        }
                    }
                </li>
            </ul>
        </section>
        <section aria-labelledby="more">
            <h2 id="more">"More targets the API can share"</h2>
            <ul class="cards small">
                {Scenario::ALL.into_iter().filter(|s| !s.is_documented()).map(card).collect_view()}
            </ul>
        </section>
    }
}
