//! The request log's notes on answers the client did not simply accept: it waited and retried them
//! (409 on a write, 408, 429, 5xx), or gave up. One record for both panels: the simulator's session
//! and live mode feed it each answer with the action the client took on it.

use super::client::{Action, Outcome, OutcomeKind};
use super::clock::Millis;
use super::http::Response;
use super::retry::{is_transient, Policy};

/// The notes by index in the request log, and how many retries the current request has had.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetryNotes {
    notes: Vec<(usize, LogNote)>,
    /// Retries of the current request so far (for "retry 2 of 5").
    retries: u32,
}

impl RetryNotes {
    /// A new job starts: its first retry is retry 1.
    pub fn new_job(&mut self) {
        self.retries = 0;
    }

    /// The answer at `index` of the log, and what the client did next (`action`, from `on_response`).
    pub fn answered(&mut self, index: usize, resp: &Response, action: &Action, policy: &Policy) {
        self.retry_sent(resp.status);
        let max = policy.max_attempts.saturating_sub(1);
        let retryable = is_transient(resp.status) || resp.status == 409;
        let then = match action {
            Action::Wait(wait) if retryable => {
                self.retries += 1;
                Then::Waiting { wait: *wait, retry: self.retries, max }
            }
            Action::Done(Outcome { kind: OutcomeKind::GaveUp { reason }, .. }) if retryable => {
                Then::GaveUp { reason: reason.clone() }
            }
            _ => {
                self.retries = 0;
                return;
            }
        };
        self.notes.push((index, LogNote { status: resp.status, retry_after: resp.retry_after_secs(), then }));
    }

    /// The running step was cancelled: a wait to retry ends without the retry.
    pub fn cancelled(&mut self) {
        if let Some((_, n)) = self.notes.last_mut() {
            if let Then::Waiting { wait, .. } = n.then {
                n.then = Then::Cancelled { wait };
            }
        }
    }

    /// One slot per exchange of a log `len` long: the note's text, `None` for the others.
    pub fn slots(&self, len: usize, policy: &Policy) -> Vec<Option<String>> {
        let mut out = vec![None; len];
        for (i, n) in &self.notes {
            if let Some(slot) = out.get_mut(*i) {
                *slot = Some(n.text(policy));
            }
        }
        out
    }

    /// The retry the last note waits for has just been sent: it got `answer`.
    fn retry_sent(&mut self, answer: u16) {
        if let Some((_, n)) = self.notes.last_mut() {
            if let Then::Waiting { wait, .. } = n.then {
                n.then = Then::Retried { wait, answer };
            }
        }
    }
}

/// What the client did about one answer of the request log that it did not simply accept.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LogNote {
    status: u16,
    /// `Retry-After` as the client could read it, in seconds (`None`: absent, or hidden by CORS).
    retry_after: Option<u64>,
    then: Then,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Then {
    /// Waiting this long before retry `retry` of at most `max`.
    Waiting {
        wait: Millis,
        retry: u32,
        max: u32,
    },
    /// Waited, then sent the request again, which got `answer`.
    Retried {
        wait: Millis,
        answer: u16,
    },
    /// The step was cancelled during the wait.
    Cancelled {
        wait: Millis,
    },
    GaveUp {
        reason: String,
    },
}

impl LogNote {
    /// One line, e.g. "429 Too Many Requests — waited 3 s as Retry-After asked, then retried: 201 Created."
    /// Retry-After is ARM's own pacing for throttling and busy services
    /// (<https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling>);
    /// without it the client backs off on its own (see [`super::retry`]).
    fn text(&self, policy: &Policy) -> String {
        let cause = match self.status {
            409 => "the service was busy with another operation; ",
            500 | 502 | 504 => "a failure on Azure's side, not in the request; ",
            503 => "the service was briefly unavailable; ",
            _ => "",
        };
        let paced = |wait: Millis, past: bool| match self.retry_after {
            Some(s) if Millis::secs(s) == wait => {
                format!(
                    "{} {wait} as Retry-After {}",
                    if past { "waited" } else { "waiting" },
                    if past { "asked" } else { "asks" }
                )
            }
            Some(s) => format!(
                "{} {wait} (Retry-After said {s} s; the client keeps a wait between {} and {})",
                if past { "waited" } else { "waiting" },
                policy.retry_after_min,
                policy.retry_after_max
            ),
            None => format!(
                "{} {wait} (no Retry-After, so the client's own backoff: {}, doubling up to {})",
                if past { "waited" } else { "waiting" },
                policy.backoff_base,
                policy.backoff_max
            ),
        };
        let then = match &self.then {
            Then::Waiting { wait, retry, max } => {
                format!("{}, then retrying (retry {retry} of {max}).", paced(*wait, false))
            }
            Then::Retried { wait, answer } => {
                format!("{}, then retried: {}.", paced(*wait, true), status_line(*answer))
            }
            Then::Cancelled { wait } => format!("was waiting {wait} to retry; cancelled before the retry."),
            Then::GaveUp { reason } => format!("the client gave up ({reason})."),
        };
        format!("{} — {cause}{then}", status_line(self.status))
    }
}

/// `429 Too Many Requests`: the status with its reason phrase (RFC 9110 §15), the number alone if unusual.
fn status_line(status: u16) -> String {
    let phrase = match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return status.to_string(),
    };
    format!("{status} {phrase}")
}

