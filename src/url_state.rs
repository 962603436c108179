//! The form's deep link in the address bar.
//!
//! The URL follows the form, but not on every keystroke: `history.replaceState` was the largest
//! single cost of a keystroke (several milliseconds in Chromium, which also ignores calls beyond
//! about 200 in 10 seconds). So the URL is written once typing pauses ([`QUIET`]), and right away
//! before anything reads it (Copy link, moving to another page).
//!
//! Nothing is lost meanwhile: when the page is hidden or left (a reload, closing the tab, another
//! site) a waiting query is kept in `sessionStorage` (this tab only; written then, not per keystroke),
//! and a reload of the URL that was last written restores that newer form. A URL the tab did not
//! write (a deep link pasted or opened) always wins.

use leptos::prelude::{set_timeout_with_handle, window, TimeoutHandle};
use std::cell::RefCell;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// How long typing must pause before the URL is written.
pub const QUIET: Duration = Duration::from_millis(250);

/// sessionStorage keys: the newest query of the form, and the query last written to the URL.
const LATEST: &str = "splr.query.latest";
const WRITTEN: &str = "splr.query.written";

thread_local! {
    /// The query waiting to be written, and its timer.
    static PENDING: RefCell<Option<(String, TimeoutHandle)>> = const { RefCell::new(None) };
    /// The URL's query as this page last wrote or found it.
    static SHOWN: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The query (without `?`) the app opens with: the URL's, or — when the tab is reloading the URL
/// it last wrote itself — the newer form kept in this tab's sessionStorage.
pub fn initial_query() -> String {
    keep_when_hidden();
    let url = current();
    let Some(storage) = storage() else {
        SHOWN.with(|s| *s.borrow_mut() = url.clone());
        return url;
    };
    let written = storage.get_item(WRITTEN).ok().flatten();
    let latest = storage.get_item(LATEST).ok().flatten();
    match (written, latest) {
        (Some(written), Some(latest)) if written == url && latest != url => {
            write(&latest, false);
            latest
        }
        _ => {
            SHOWN.with(|s| *s.borrow_mut() = url.clone());
            // What this tab shows now is what a reload would open.
            let _ = storage.set_item(WRITTEN, &url);
            let _ = storage.set_item(LATEST, &url);
            url
        }
    }
}

/// The form changed: write `query` to the URL once typing pauses.
pub fn follow(query: String) {
    let timer = set_timeout_with_handle(flush, QUIET).ok();
    let previous = PENDING.with(|p| p.borrow_mut().take());
    if let Some((_, handle)) = previous {
        handle.clear();
    }
    match timer {
        Some(handle) => PENDING.with(|p| *p.borrow_mut() = Some((query, handle))),
        // No timers (should not happen in a browser): write at once.
        None => write(&query, false),
    }
}

/// Writes the waiting query now (before the URL is read or the page changes).
pub fn flush() {
    let pending = PENDING.with(|p| p.borrow_mut().take());
    if let Some((query, handle)) = pending {
        handle.clear();
        write(&query, false);
    }
}

/// Keeps the waiting query for a reload of this tab (the page is being hidden or left).
pub fn keep() {
    PENDING.with(|p| {
        if let (Some((query, _)), Some(storage)) = (p.borrow().as_ref(), storage()) {
            let _ = storage.set_item(LATEST, query);
        }
    });
}

/// The page that wanted the waiting query is gone: keep it for a reload, but do not write it.
pub fn leave() {
    keep();
    cancel();
}

fn cancel() {
    let pending = PENDING.with(|p| p.borrow_mut().take());
    if let Some((_, handle)) = pending {
        handle.clear();
    }
}

/// Back, Forward or an in-page `#` link changed the URL. True when its query changed: another page
/// or form, whose URL wins (a waiting write belonged to the entry left and is dropped). False when
/// only the fragment moved: the same page, and the waiting write is made into the entry now shown.
pub fn popped() -> bool {
    let url = current();
    if SHOWN.with(|s| *s.borrow() == url) {
        flush();
        false
    } else {
        forget();
        true
    }
}

/// Drops the waiting query: the URL changed under it, so it belongs to another history entry, and
/// the tab's newest form is now the URL's.
fn forget() {
    cancel();
    let url = current();
    if let Some(storage) = storage() {
        let _ = storage.set_item(LATEST, &url);
        let _ = storage.set_item(WRITTEN, &url);
    }
    SHOWN.with(|s| *s.borrow_mut() = url);
}

/// Moves to another page of the app, adding a history entry for Back (the page left keeps its
/// newest form in its own entry).
pub fn push(query: &str) {
    flush();
    write(query, true);
}

/// Keeps a waiting query when the page is hidden (tab switch, app switch on mobile) or left
/// (reload, close): the last moments the page can still write storage.
fn keep_when_hidden() {
    thread_local!(static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if LISTENING.with(|l| l.replace(true)) {
        return;
    }
    let keep_on = |event: &str| {
        let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(keep);
        let _ = window().add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        // Lives as long as the page.
        listener.forget();
    };
    keep_on("pagehide");
    keep_on("visibilitychange");
}

/// The current URL's query, without `?`.
fn current() -> String {
    let search = window().location().search().unwrap_or_default();
    search.strip_prefix('?').unwrap_or(&search).to_string()
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// Sets the URL's query (keeping path and fragment) and records it as written.
fn write(query: &str, push: bool) {
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
    if let Some(storage) = storage() {
        // As the browser reads it back (it may escape characters differently). Written, it is
        // also the newest: an older kept query must not come back on a reload.
        let written = current();
        let _ = storage.set_item(WRITTEN, &written);
        let _ = storage.set_item(LATEST, &written);
    }
    SHOWN.with(|s| *s.borrow_mut() = current());
}
