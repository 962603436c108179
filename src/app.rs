use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! { <p>"Shared Private Endpoints Playground"</p> }
}
