//! What the browser component tests share: mounting the app at a URL in a fresh container, reading
//! and typing into the DOM as a user would, and letting Leptos settle.
#![allow(dead_code)] // each test file uses its own subset

use splr_playground::components::presets::PresetsLoad;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// The mounted app; unmounts and removes its DOM when dropped.
pub struct Mounted {
    root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn get(&self, selector: &str) -> Element {
        self.find(selector).unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).map(|n| n.unchecked_into()).collect()
    }

    pub fn text(&self, selector: &str) -> String {
        self.get(selector).text_content().unwrap_or_default()
    }

    pub fn artifact(&self, id: &str) -> String {
        self.text(&format!("[data-artifact=\"{id}\"]"))
    }

    pub fn value(&self, name: &str) -> String {
        let el = self.get(&format!("[name=\"{name}\"]"));
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            input.value()
        } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
            area.value()
        } else {
            el.unchecked_into::<HtmlSelectElement>().value()
        }
    }

    /// Types into a field as a user would: sets the value and fires `input`.
    pub fn type_into(&self, name: &str, value: &str) {
        let el = self.get(&format!("[name=\"{name}\"]"));
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
            area.set_value(value);
        }
        fire(&el, "input");
    }

    /// Picks an option of a `<select>` and fires `change`.
    pub fn select(&self, selector: &str, value: &str) {
        let el = self.get(selector);
        el.unchecked_ref::<HtmlSelectElement>().set_value(value);
        fire(&el, "change");
    }

    pub fn click(&self, selector: &str) {
        self.get(selector).unchecked_into::<HtmlElement>().click();
    }
}

pub fn fire(el: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

/// Sets the URL as a fresh tab opening it would (nothing kept in the tab's sessionStorage).
pub fn set_url(query: &str) {
    web_sys::window().unwrap().session_storage().unwrap().unwrap().clear().unwrap();
    set_url_keeping_tab(query);
}

/// Sets the URL as typing it into this tab's address bar would (the tab keeps its sessionStorage).
pub fn set_url_keeping_tab(query: &str) {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window.history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}"))).unwrap();
}

pub fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Opens the app at `query` (as if the user followed a link or reloaded) in a fresh container.
pub fn open(query: &str) -> Mounted {
    set_url(query);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), splr_playground::app::App);
    Mounted { root, _handle: Box::new(handle) }
}

/// Opens the app again at the current URL in the same tab, as a reload does.
pub fn reload() -> Mounted {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), splr_playground::app::App);
    Mounted { root, _handle: Box::new(handle) }
}

/// Opens the app at `query` with `presets` as if presets.json had been found.
pub fn open_with_presets(query: &str, presets: PresetsLoad) -> Mounted {
    use leptos::prelude::*;
    set_url(query);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <splr_playground::app::AppWithPresets presets=presets.clone() /> }
    });
    Mounted { root, _handle: Box::new(handle) }
}

/// Lets Leptos run its scheduled effects and DOM updates.
pub async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Lets typing pause long enough for the URL to follow the form (see `url_state::QUIET`).
pub async fn settle_url() {
    let ms = splr_playground::url_state::QUIET.as_millis() as i32 + 50;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

pub fn current_query() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

/// Every input, select and textarea has a label: a `<label for>`, or a wrapping `<label>`.
pub fn assert_every_input_is_labelled(app: &Mounted) {
    for el in app.all("form input, form select, form textarea") {
        let id = el.id();
        let labelled = (!id.is_empty() && app.find(&format!("label[for=\"{id}\"]")).is_some()) || el.closest("label").unwrap().is_some();
        assert!(labelled, "no label for {}", el.outer_html());
    }
}

// ---- Walkthrough: IaC and Markdown ----
