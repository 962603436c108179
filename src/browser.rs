//! The few browser services the app uses: the URL query (deep links), the clipboard and downloads.
//! Every call degrades quietly when the browser refuses (no panics on a locked-down page).

use leptos::prelude::window;
use wasm_bindgen::JsValue;

/// The current query string, with its leading `?`.
pub fn query() -> String {
    window().location().search().unwrap_or_default()
}

/// Replaces the query without adding a history entry (the URL follows the form as the user types).
pub fn replace_query(query: &str) {
    set_query(query, false);
}

/// Moves to another page of the app (landing ↔ walkthrough), adding a history entry for Back.
pub fn push_query(query: &str) {
    set_query(query, true);
}

fn set_query(query: &str, push: bool) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = if query.is_empty() { format!("{path}{hash}") } else { format!("{path}?{query}{hash}") };
    if let Ok(history) = window().history() {
        let _ = if push {
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
    }
}

/// The full URL of the current page (the deep link to share).
pub fn href() -> String {
    window().location().href().unwrap_or_default()
}

/// Copies `text`; resolves to false when the browser refuses (insecure context, permissions).
pub async fn copy(text: String) -> bool {
    let promise = window().navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
