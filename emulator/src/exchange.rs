//! One HTTP request's way through the emulator: a CORS preflight is answered at once, a control call
//! goes to the control API, and an ARM request passes the connection switches (delay, drop), the
//! clock's sync and ARM's answer. Every ARM request (preflights included) is logged.

use crate::control;
use crate::request_log::{Handling, ReceivedRequest};
use crate::state::Shared;
use crate::wire::{self, Body};
use hyper::body::{Bytes, Incoming};
use std::sync::Arc;

/// Returned by the service to make hyper close the connection without answering (the `drop` switch).
#[derive(Debug)]
pub struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the emulator's drop switch")
    }
}

impl std::error::Error for Dropped {}

pub async fn serve(shared: Arc<Shared>, req: hyper::Request<Incoming>) -> Result<hyper::Response<Body>, Dropped> {
    let (parts, body) = req.into_parts();
    let origin = wire::header_str(&parts.headers, "origin");
    let origin = origin.as_deref();
    let is_control = control::is_control(parts.uri.path());
    if parts.method == hyper::Method::OPTIONS {
        if !is_control {
            shared.lock().log(ReceivedRequest::preflight(&parts), Handling::preflight());
        }
        return Ok(wire::preflight(&parts.headers, origin));
    }
    let Ok(bytes) = wire::read_body(body).await else {
        return Ok(wire::to_hyper(&wire::too_large(), origin, true, 0.0));
    };
    if is_control {
        let r = control::answer(&shared, &parts.method, parts.uri.path(), &bytes);
        return Ok(wire::to_hyper(&r, origin, true, 0.0));
    }
    arm(&shared, &parts, &bytes, origin).await
}

/// An ARM request: delayed or dropped by the switches, else answered; logged either way.
async fn arm(
    shared: &Shared,
    parts: &hyper::http::request::Parts,
    bytes: &Bytes,
    origin: Option<&str>,
) -> Result<hyper::Response<Body>, Dropped> {
    let body = (!bytes.is_empty()).then(|| String::from_utf8_lossy(bytes).into_owned());
    let headers = wire::core_headers(&parts.headers);
    let received = ReceivedRequest::new(parts, &headers, body.clone());
    let (delay, dropped) = shared.lock().next_connection();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut st = shared.lock();
    st.sync();
    if dropped {
        st.log(received, Handling::dropped());
        return Err(Dropped);
    }
    let resp = match wire::core_request(&st.base, parts, headers, body) {
        Ok(req) => st.answer(&req),
        Err(refused) => refused,
    };
    st.log(received, Handling::answered(&resp));
    let (expose, speed) = (!st.switches.unexposed_headers, st.config.speed);
    drop(st);
    Ok(wire::to_hyper(&resp, origin, expose, speed))
}
