//! The transports of a read conversation ([`splr_core::arm::reads`]): the in-browser simulator, or ARM
//! (or the emulator) over HTTP with the token of the moment. The pickers and the doctor run the same
//! conversation over either, as the walkthrough's steps do.

use crate::components::simulator::Sim;
use crate::live_transport;
use splr_core::arm::http::{Request, Response};
use splr_core::arm::reads::Reads;

/// Where reads go.
#[derive(Clone, Copy)]
pub enum Via<T: Fn() -> Option<String> + Copy + 'static> {
    /// The simulated world of the walkthrough (its request log shows the reads).
    Sim(Sim),
    /// HTTP with the token `token()` gives at each request (signed in or pasted; never stored).
    Live(T),
}

/// At most this many requests per conversation (a list of 50 pages is already more than a picker shows).
pub const LIMIT: usize = 200;

/// Runs `reads` to its end over `via`; `on_exchange` sees each live request and answer (the live log).
pub async fn run<R: Reads, T: Fn() -> Option<String> + Copy + 'static>(
    reads: &mut R,
    via: Via<T>,
    on_exchange: impl Fn(&Request, Result<&Response, &str>),
) {
    for _ in 0..LIMIT {
        let Some(req) = reads.next_request() else { return };
        match via {
            Via::Sim(sim) => match sim.answer(&req) {
                Some(resp) => reads.on_response(Ok(&resp)),
                None => reads.on_response(Err("the simulator has no world yet: fill in the form first")),
            },
            Via::Live(token) => {
                let Some(token) = token() else {
                    reads.on_response(Err("no token: sign in or paste an access token first"));
                    continue;
                };
                match live_transport::send(&req, &token).await {
                    Ok(resp) => {
                        on_exchange(&req, Ok(&resp));
                        reads.on_response(Ok(&resp));
                    }
                    Err(e) => {
                        on_exchange(&req, Err(&e));
                        reads.on_response(Err(&e));
                    }
                }
            }
        }
    }
}
