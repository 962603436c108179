//! The app: the page is chosen by the URL query only — `?page=bindings…` the Functions bindings page,
//! `?scenario=…` that scenario's walkthrough, anything else the landing page — so the built site
//! works under any sub-path and on any static host without rewrite rules.

use crate::browser;
use crate::url_state;
use crate::components::bindings::Bindings;
use crate::components::presets::{PresetsLoad, PresetsProblems};
use crate::components::{landing::Landing, walkthrough::Walkthrough};
use leptos::prelude::*;
use splr_core::bindings::link::{self as bindings_link, BindingsLink};
use splr_core::deep_link::{self, Link};

/// The pages of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Landing,
    Walkthrough(Link),
    Bindings(BindingsLink),
}

impl Page {
    /// The page a query string (with or without `?`) opens.
    pub fn from_query(query: &str) -> Page {
        if let Some(link) = bindings_link::parse(query) {
            return Page::Bindings(link);
        }
        match deep_link::parse(query) {
            Some(link) => Page::Walkthrough(link),
            None => Page::Landing,
        }
    }
}

/// The app as served: it looks for the team's `presets.json` beside the page at start-up.
#[component]
pub fn App() -> impl IntoView {
    let presets = RwSignal::new(PresetsLoad::Absent);
    leptos::task::spawn_local(async move {
        let found = PresetsLoad::fetch().await;
        // The app may have been unmounted meanwhile (tests).
        let _ = presets.try_set(found);
    });
    view! { <Pages presets=presets.into() /> }
}

/// The app with presets given instead of fetched (tests, embedding).
#[component]
pub fn AppWithPresets(presets: PresetsLoad) -> impl IntoView {
    view! { <Pages presets=Signal::stored(presets) /> }
}

#[component]
fn Pages(presets: Signal<PresetsLoad>) -> impl IntoView {
    let page = RwSignal::new(Page::from_query(&url_state::initial_query()));
    // Back and Forward move between the pages; an in-page `#` link (which fires popstate too)
    // leaves the page as it is.
    let listener = window_event_listener(leptos::ev::popstate, move |_| {
        if url_state::popped() {
            page.set(Page::from_query(&browser::query()));
        }
    });
    on_cleanup(move || listener.remove());
    let navigate = move |query: String| {
        url_state::push(&query);
        page.set(Page::from_query(&query));
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };

    view! {
        <header class="top">
            <a class="brand" href="?" on:click=move |ev| {
                if browser::plain_click(&ev) {
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
            <PresetsProblems presets />
            {move || match page.get() {
                Page::Landing => view! { <Landing navigate=navigate /> }.into_any(),
                Page::Walkthrough(link) => view! { <Walkthrough link navigate presets /> }.into_any(),
                Page::Bindings(link) => view! { <Bindings link /> }.into_any(),
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
