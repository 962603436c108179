//! The banner over a page's outputs while its form has errors: how many fields to fix, and whether
//! the outputs below are the last valid form's or not there yet.

use leptos::prelude::*;

#[component]
pub fn StaleBanner(
    /// True while the form has errors (the banner shows).
    #[prop(into)]
    stale: Signal<bool>,
    #[prop(into)] error_count: Signal<usize>,
    /// True once a form validated: the outputs below are its.
    #[prop(into)]
    has_plan: Signal<bool>,
    /// What the page generates ("commands", "settings").
    what: &'static str,
) -> impl IntoView {
    view! {
        <p class="stale-banner" role="status" class:shown=move || stale.get()>
            {move || {
                let n = error_count.get();
                let s = if n == 1 { "" } else { "s" };
                if has_plan.get() {
                    format!("{n} field{s} to fix: the {what} below are for the last valid form.")
                } else {
                    format!("{n} field{s} to fix before the {what} can be generated.")
                }
            }}
        </p>
    }
}
