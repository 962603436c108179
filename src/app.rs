//! The app: the landing page when the URL names no scenario, else the walkthrough of that scenario.
//! The view follows the query string only, so the built site works under any sub-path and on any
//! static host without rewrite rules.

use crate::browser;
use crate::components::{landing::Landing, walkthrough::Walkthrough};
use leptos::prelude::*;
use splr_core::deep_link;

#[component]
pub fn App() -> impl IntoView {
    let page = RwSignal::new(deep_link::parse(&browser::query()));
    // Back and Forward move between the landing page and walkthroughs.
    let listener = window_event_listener(leptos::ev::popstate, move |_| page.set(deep_link::parse(&browser::query())));
    on_cleanup(move || listener.remove());
    let navigate = move |query: String| {
        browser::push_query(&query);
        page.set(deep_link::parse(&query));
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };

    view! {
        <header class="top">
            <a class="brand" href="?" on:click=move |ev| {
                if plain_click(&ev) {
                    ev.prevent_default();
                    navigate(String::new());
                }
            }>
                <span class="logo" aria-hidden="true">"⟷"</span>
                "Shared Private Endpoints Playground"
            </a>
            <span class="tagline">"Azure Web PubSub & SignalR"</span>
        </header>
        <main id="main">
            {move || match page.get() {
                None => view! { <Landing navigate=navigate /> }.into_any(),
                Some(link) => view! { <Walkthrough link=link /> }.into_any(),
            }}
        </main>
        <footer class="bottom">
            <p>
                "Runs entirely in your browser: nothing you type leaves this page. Facts from the Azure REST API \
                 specifications and Microsoft Learn articles on shared private endpoints."
            </p>
        </footer>
    }
}

/// A left click without modifier keys: handled in-app. Others (new tab, new window) go to the browser.
pub fn plain_click(ev: &leptos::ev::MouseEvent) -> bool {
    ev.button() == 0 && !ev.ctrl_key() && !ev.meta_key() && !ev.shift_key() && !ev.alt_key()
}
