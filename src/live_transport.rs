//! The live transport: the shared client's requests sent to ARM with `fetch`, and its waits done with
//! real timers. The token is passed in per call and only ever written into the Authorization header.

use js_sys::Promise;
use leptos::prelude::window;
use splr_core::arm::client::{Action, Machine, Outcome};
use splr_core::arm::clock::Millis;
use splr_core::arm::http::{Request, Response};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Response headers the client reads; a browser shows them only when ARM exposes them (CORS).
const READ_HEADERS: [&str; 5] = ["Azure-AsyncOperation", "Location", "Retry-After", "x-ms-request-id", "Content-Type"];

/// Sends one request. `Err` is a network or CORS failure (the browser hides which).
pub async fn send(req: &Request, token: &str) -> Result<Response, String> {
    let init = web_sys::RequestInit::new();
    init.set_method(req.method.as_str());
    init.set_mode(web_sys::RequestMode::Cors);
    let headers = web_sys::Headers::new().map_err(js_text)?;
    for (k, v) in &req.headers {
        if !k.eq_ignore_ascii_case("authorization") {
            headers.set(k, v).map_err(js_text)?;
        }
    }
    headers.set("Authorization", &format!("Bearer {token}")).map_err(js_text)?;
    if let Some(body) = &req.body {
        if req.header("Content-Type").is_none() {
            headers.set("Content-Type", "application/json").map_err(js_text)?;
        }
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(&req.url, &init).map_err(js_text)?;
    let resp: web_sys::Response =
        JsFuture::from(window().fetch_with_request(&request)).await.map_err(js_text)?.unchecked_into();
    let mut out = Response::empty(resp.status());
    for name in READ_HEADERS {
        if let Ok(Some(v)) = resp.headers().get(name) {
            out = out.with_header(name, v);
        }
    }
    let text = JsFuture::from(resp.text().map_err(js_text)?).await.map_err(js_text)?;
    out.body = text.as_string().unwrap_or_default();
    Ok(out)
}

/// Sleeps for real.
pub async fn sleep(ms: u64) {
    let promise = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.min(i32::MAX as u64) as i32);
    });
    let _ = JsFuture::from(promise).await;
}

/// Milliseconds since the page opened: the client's clock in live mode.
pub fn now() -> Millis {
    Millis(window().performance().map(|p| p.now() as u64).unwrap_or_default())
}

/// Runs `machine` to its outcome over HTTP. `cancelled` returning true stops it between steps; `on_exchange` sees every
/// request and response (for the log), `on_answer` each answer with what the machine does next (for the
/// log's retry notes). A change the machine asks about ([`Action::Confirm`]) is handed to `ask` (to
/// show it) and sent once `confirmed` returns true; cancelling meanwhile sends nothing.
pub async fn drive(
    mut machine: Machine,
    token: impl Fn() -> Option<String>,
    cancelled: impl Fn() -> bool,
    on_exchange: impl Fn(&Request, Result<&Response, &str>),
    on_answer: impl Fn(&Response, &Action),
    ask: impl Fn(&Request),
    confirmed: impl Fn() -> bool,
) -> Outcome {
    let mut action = machine.start(now());
    for _ in 0..10_000 {
        if cancelled() {
            return machine.cancel(now());
        }
        action = match action {
            Action::Send(req) => {
                let Some(token) = token() else { return machine.cancel(now()) };
                match send(&req, &token).await {
                    Ok(resp) => {
                        on_exchange(&req, Ok(&resp));
                        let next = machine.on_response(now(), &resp);
                        on_answer(&resp, &next);
                        next
                    }
                    Err(e) => {
                        on_exchange(&req, Err(&e));
                        machine.on_transport_error(now(), &e)
                    }
                }
            }
            Action::Confirm(req) => {
                ask(&req);
                while !confirmed() {
                    if cancelled() {
                        return machine.cancel(now());
                    }
                    sleep(100).await;
                }
                machine.on_confirmed(now())
            }
            Action::Wait(d) => {
                // Sleep in slices so Cancel answers quickly.
                let end = now() + d;
                while now() < end && !cancelled() {
                    sleep((end.0 - now().0).min(250)).await;
                }
                machine.on_waited(now())
            }
            Action::Done(outcome) => return outcome,
        };
    }
    machine.cancel(now())
}

fn js_text(v: JsValue) -> String {
    v.as_string()
        .or_else(|| v.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the browser refused the request".into())
}
