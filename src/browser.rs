//! The few browser services the app uses: the URL (deep links; writing it is `url_state`), the
//! clipboard, downloads, fetching the optional presets.json, and telling in-app clicks from others.
//! Every call degrades quietly when the browser refuses (no panics on a locked-down page).

use leptos::prelude::window;
use wasm_bindgen::JsValue;

/// The current query string, with its leading `?`.
pub fn query() -> String {
    window().location().search().unwrap_or_default()
}

/// The full URL of the current page (the deep link to share), with the newest form written first.
pub fn href() -> String {
    crate::url_state::flush();
    window().location().href().unwrap_or_default()
}

/// Copies `text`; resolves to false when the browser refuses (insecure context, permissions).
pub async fn copy(text: String) -> bool {
    let promise = window().navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The page's URL without query or fragment (`origin + pathname`): the base of deep links, right
/// under any sub-path the site is hosted at.
pub fn page_url() -> String {
    let location = window().location();
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// Offers `text` as a file download named `file_name` (Blob + object URL + `<a download>`).
/// Returns false when the browser refuses.
pub fn download(file_name: &str, text: &str, mime: &str) -> bool {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    let Some(document) = window().document() else { return false };
    let Some(body) = document.body() else { return false };
    let Some(a) = document.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) else {
        return false;
    };
    a.set_href(&url);
    a.set_download(file_name);
    let _ = a.set_attribute("hidden", "");
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    // The download has started from the object URL; free it once the browser has read it.
    leptos::prelude::set_timeout(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    }, std::time::Duration::from_secs(10));
    true
}

/// GETs `url` (relative to the page) as text. `None` when it is absent (any non-2xx status) or the
/// request fails: callers treat both as "not there".
pub async fn fetch_text(url: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    let response = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(url)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().ok()?).await.ok()?;
    text.as_string()
}

/// A left click without modifier keys: handled in-app. Others (new tab, new window) go to the browser.
pub fn plain_click(ev: &leptos::ev::MouseEvent) -> bool {
    ev.button() == 0 && !ev.ctrl_key() && !ev.meta_key() && !ev.shift_key() && !ev.alt_key()
}
