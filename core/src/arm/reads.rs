//! Read-only conversations with ARM: the resource pickers' lists and the doctor's inventory. Like the
//! [`client`](super::client), they are sans-IO: a conversation names its next request, a transport (the
//! in-browser simulator, the emulator or ARM over HTTP) answers it, until there is nothing left to ask.
//! Reads never change anything, so they need no confirmation and may be repeated freely.

use super::http::{Request, Response};

/// One read conversation. The transport calls [`Reads::next_request`], sends what it gets, hands the
/// answer (or the transport's error text) to [`Reads::on_response`], and stops at `None`.
pub trait Reads {
    fn next_request(&mut self) -> Option<Request>;
    fn on_response(&mut self, resp: Result<&Response, &str>);
}

/// Runs `reads` to its end with a synchronous transport (the simulator; native tests), at most `limit`
/// requests (a conversation that never ends is a bug, not a reason to hang).
pub fn run_sync<R: Reads + ?Sized>(reads: &mut R, limit: usize, mut send: impl FnMut(&Request) -> Result<Response, String>) {
    for _ in 0..limit {
        let Some(req) = reads.next_request() else { return };
        match send(&req) {
            Ok(resp) => reads.on_response(Ok(&resp)),
            Err(e) => reads.on_response(Err(&e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::http::Method;

    /// Asks for `n` pages, counting the answers it got.
    struct Pages {
        asked: usize,
        n: usize,
        answers: Vec<u16>,
    }

    impl Reads for Pages {
        fn next_request(&mut self) -> Option<Request> {
            (self.asked < self.n).then(|| {
                self.asked += 1;
                Request::new(Method::Get, format!("https://management.azure.com/p{}", self.asked))
            })
        }
        fn on_response(&mut self, resp: Result<&Response, &str>) {
            self.answers.push(resp.map(|r| r.status).unwrap_or(0));
        }
    }

    #[test]
    fn run_sync_stops_when_the_conversation_ends_or_at_the_limit() {
        let mut p = Pages { asked: 0, n: 3, answers: vec![] };
        run_sync(&mut p, 10, |r| if r.url.ends_with("p2") { Err("offline".into()) } else { Ok(Response::empty(200)) });
        assert_eq!(p.answers, vec![200, 0, 200]);
        let mut endless = Pages { asked: 0, n: usize::MAX, answers: vec![] };
        run_sync(&mut endless, 5, |_| Ok(Response::empty(200)));
        assert_eq!(endless.answers.len(), 5);
    }
}
