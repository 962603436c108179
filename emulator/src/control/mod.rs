//! The control API under [`CONTROL_PREFIX`] (a prefix ARM never uses): one function per route, each
//! next to its request and response bodies. Bodies are JSON; an empty body is the body's default; an
//! unknown key is refused (400), so a typo never passes silently.

mod advance;
mod faults;
mod reset;
mod world_view;

use crate::state::Shared;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use splr_core::arm::http::Response;

/// The prefix of the control API; ARM paths start with `/subscriptions` or `/providers`.
pub const CONTROL_PREFIX: &str = "/_emulator";

const ROUTES: [&str; 6] = [
    "GET /_emulator/state",
    "POST /_emulator/reset {scenario, form{...}, options{...}, seed, speed, timings{...}}",
    "GET|POST|DELETE /_emulator/faults",
    "POST /_emulator/advance {ms} | {next_event: true}",
    "GET|DELETE /_emulator/requests",
    "POST /_emulator/shutdown",
];

/// The path is the control API's, not ARM's.
pub fn is_control(path: &str) -> bool {
    path == CONTROL_PREFIX || path.starts_with(&format!("{CONTROL_PREFIX}/"))
}

/// A control request's answer; the clock is synced first, so what it shows is now.
pub fn answer(shared: &Shared, method: &hyper::Method, path: &str, body: &[u8]) -> Response {
    use hyper::Method as M;
    let route = path.trim_start_matches(CONTROL_PREFIX).trim_end_matches('/');
    let mut st = shared.lock();
    st.sync();
    let result = match (method, route) {
        (&M::GET, "") => ok(&Help { emulator: "splr-emulator: the playground's ARM model over HTTP", routes: ROUTES }),
        (&M::GET, "/state") => ok(&world_view::of(&st)),
        (&M::POST, "/reset") => reset::reset(&mut st, body),
        (&M::GET, "/faults") => ok(&faults::view(&st)),
        (&M::POST, "/faults") => faults::patch(&mut st, body),
        (&M::DELETE, "/faults") => ok(&faults::clear(&mut st)),
        (&M::POST, "/advance") => advance::advance(&mut st, body),
        (&M::GET, "/requests") => ok(&st.requests),
        (&M::DELETE, "/requests") => {
            st.requests.clear();
            ok(&st.requests)
        }
        (&M::POST, "/shutdown") => {
            let _ = shared.stop.send(true);
            ok(&Stopping { stopping: true })
        }
        _ => Err(reply(404, &NoRoute { error: format!("no control route {method} {path}"), routes: ROUTES })),
    };
    result.unwrap_or_else(|refused| refused)
}

/// A route's answer: 200 with its body, or the refusal to send instead.
type Answer = Result<Response, Response>;

fn reply<T: Serialize>(status: u16, body: &T) -> Response {
    Response::json(status, &serde_json::to_value(body).unwrap_or(Value::Null))
}

fn ok<T: Serialize>(body: &T) -> Answer {
    Ok(reply(200, body))
}

/// 400 with what was wrong.
fn bad(msg: impl Into<String>) -> Response {
    reply(400, &Refusal { error: msg.into() })
}

/// A request body: empty means the default, anything else must be the body's JSON.
fn parse<T: for<'de> Deserialize<'de> + Default>(bytes: &[u8]) -> Result<T, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))
}

/// `GET /_emulator`.
#[derive(Serialize)]
struct Help {
    emulator: &'static str,
    routes: [&'static str; 6],
}

#[derive(Serialize)]
struct NoRoute {
    error: String,
    routes: [&'static str; 6],
}

#[derive(Serialize)]
struct Refusal {
    error: String,
}

/// `POST /_emulator/shutdown`.
#[derive(Serialize)]
struct Stopping {
    stopping: bool,
}
