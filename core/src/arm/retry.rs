//! How long the client waits and how often it tries again. One policy for every operation, so the
//! walkthrough, the simulator tests and (later) the emulator behave the same.
//!
//! - Polls wait `Retry-After` when ARM sends it, clamped to 1–60 s (a zero would spin, an hour would look
//!   hung); without it, 5 s: the RPC's 60 s default is far longer than an SPLR takes, and clients such as
//!   the Azure SDKs poll faster.
//! - 408, 429 and 5xx (and 409 on a write: the service serialises child operations) are retried with
//!   capped exponential backoff, 2 s doubling to 30 s, `Retry-After` first when present, at most 6 times.
//! - A create or delete is given up after 15 minutes, an approval after 30 (propagation takes minutes).
//!
//! No random jitter: one user drives one browser, so there is no herd to spread, and runs stay reproducible.

use super::clock::Millis;
use super::http::Response;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub retry_after_min: Millis,
    pub retry_after_max: Millis,
    /// Between polls when ARM sends no `Retry-After` (or hides it).
    pub default_poll: Millis,
    /// Between reads of the SPLR while waiting for the approval to propagate.
    pub status_poll: Millis,
    pub backoff_base: Millis,
    pub backoff_max: Millis,
    /// Tries of one request that keeps failing transiently (the first try included).
    pub max_attempts: u32,
    /// Give up a create, update or delete after this long.
    pub operation_limit: Millis,
    /// Give up waiting for an approval to reach the SPLR after this long.
    pub approval_limit: Millis,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            retry_after_min: Millis::secs(1),
            retry_after_max: Millis::secs(60),
            default_poll: Millis::secs(5),
            status_poll: Millis::secs(15),
            backoff_base: Millis::secs(2),
            backoff_max: Millis::secs(30),
            max_attempts: 6,
            operation_limit: Millis::mins(15),
            approval_limit: Millis::mins(30),
        }
    }
}

/// Worth trying again: timeouts, throttling and server errors (the RPC's list).
pub fn is_transient(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status)
}

impl Policy {
    fn clamp(&self, d: Millis) -> Millis {
        d.max(self.retry_after_min).min(self.retry_after_max)
    }

    /// `Retry-After` (clamped) if the response carries one.
    pub fn retry_after(&self, resp: &Response) -> Option<Millis> {
        resp.retry_after_secs().map(|s| self.clamp(Millis::secs(s)))
    }

    /// The wait before the next poll of a running operation.
    pub fn poll_delay(&self, resp: &Response) -> Millis {
        self.retry_after(resp).unwrap_or(self.default_poll)
    }

    /// The wait before retry number `retry` (1 for the first retry) of a request that failed with `resp`.
    pub fn backoff(&self, retry: u32, resp: Option<&Response>) -> Millis {
        if let Some(d) = resp.and_then(|r| self.retry_after(r)) {
            return d;
        }
        let factor = 1u64 << retry.saturating_sub(1).min(20);
        Millis(self.backoff_base.0.saturating_mul(factor)).min(self.backoff_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_clamped_and_defaulted() {
        let p = Policy::default();
        let with = |s: &str| Response::empty(202).with_header("Retry-After", s);
        assert_eq!(p.poll_delay(&with("10")), Millis::secs(10));
        assert_eq!(p.poll_delay(&with("0")), Millis::secs(1));
        assert_eq!(p.poll_delay(&with("3600")), Millis::secs(60));
        assert_eq!(p.poll_delay(&with("soon")), Millis::secs(5));
        assert_eq!(p.poll_delay(&Response::empty(202)), Millis::secs(5));
    }

    #[test]
    fn backoff_doubles_to_a_cap_unless_told() {
        let p = Policy::default();
        let waits: Vec<u64> = (1..=6).map(|n| p.backoff(n, None).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 30, 30]);
        let r = Response::empty(429).with_header("Retry-After", "7");
        assert_eq!(p.backoff(3, Some(&r)), Millis::secs(7));
        assert!(is_transient(503) && is_transient(408) && is_transient(429));
        assert!(!is_transient(409) && !is_transient(400) && !is_transient(404));
    }
}
