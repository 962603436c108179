//! The log behind `GET /_emulator/requests`: one [`LoggedRequest`] per ARM request received (control
//! calls are not logged), with the bearer token redacted. Its JSON is what the tests (`tests/http.rs`,
//! `tests/real_az.rs`) and the browser suite (`tests/e2e/live-emulator.test.mjs`) read, key for key:
//! `method, path, query, api_version, headers, bearer, body, json, status, error_code, outcome, seq, at_ms`.

use crate::gateway::bearer_credential;
use serde::{Serialize, Serializer};
use serde_json::Value;
use splr_core::arm::http::{Response, Url};

/// One ARM request, its handling and when (`seq` from 1, `at_ms` on the virtual clock).
#[derive(Clone, Debug, Serialize)]
pub struct LoggedRequest {
    #[serde(flatten)]
    pub request: ReceivedRequest,
    #[serde(flatten)]
    pub handling: Handling,
    pub seq: usize,
    pub at_ms: u64,
}

/// The request as it came off the wire.
#[derive(Clone, Debug, Serialize)]
pub struct ReceivedRequest {
    pub method: String,
    pub path: String,
    /// The raw query, without `?`; empty when there is none.
    pub query: String,
    pub api_version: Option<String>,
    pub headers: LoggedHeaders,
    /// An `Authorization: Bearer <something>` header was sent.
    pub bearer: bool,
    /// The body as text (lossy UTF-8); `None` when empty.
    pub body: Option<String>,
    /// The body parsed, when it is JSON.
    pub json: Option<Value>,
}

impl ReceivedRequest {
    /// An ARM request; `headers` as they are handed to the model (`Authorization` included: only its
    /// presence is read here).
    pub fn new(parts: &hyper::http::request::Parts, headers: &[(String, String)], body: Option<String>) -> ReceivedRequest {
        let bearer = headers.iter().any(|(k, v)| {
            k.eq_ignore_ascii_case("authorization") && bearer_credential(v).is_some_and(|t| !t.trim().is_empty())
        });
        let json = body.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok());
        ReceivedRequest { bearer, json, body, ..ReceivedRequest::bare(parts) }
    }

    /// A CORS preflight: no body, and a browser never sends credentials with one.
    pub fn preflight(parts: &hyper::http::request::Parts) -> ReceivedRequest {
        ReceivedRequest::bare(parts)
    }

    fn bare(parts: &hyper::http::request::Parts) -> ReceivedRequest {
        let query = parts.uri.query().unwrap_or_default().to_string();
        ReceivedRequest {
            method: parts.method.as_str().to_string(),
            path: parts.uri.path().to_string(),
            api_version: api_version(&query),
            query,
            headers: LoggedHeaders::of(&parts.headers),
            bearer: false,
            body: None,
            json: None,
        }
    }
}

/// What the emulator did with a request.
#[derive(Clone, Debug, Serialize)]
pub struct Handling {
    /// The status sent; `None` when the connection was closed unanswered.
    pub status: Option<u16>,
    /// ARM's error code, when the answer is an ARM error.
    pub error_code: Option<String>,
    pub outcome: Outcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A CORS preflight, answered by the emulator itself (204).
    Preflight,
    /// Closed without an answer by the `drop` switch.
    Dropped,
    /// ARM's answer (the model's or the emulator's own routes).
    Answered,
}

impl Handling {
    pub fn preflight() -> Handling {
        Handling { status: Some(204), error_code: None, outcome: Outcome::Preflight }
    }

    pub fn dropped() -> Handling {
        Handling { status: None, error_code: None, outcome: Outcome::Dropped }
    }

    pub fn answered(resp: &Response) -> Handling {
        Handling { status: Some(resp.status), error_code: resp.error().map(|e| e.0), outcome: Outcome::Answered }
    }
}

/// Request headers as `{lower-case name: value}` (repeats joined with `, `), in the order received;
/// `Authorization` is kept only as [`redact`]ed.
#[derive(Clone, Debug, Default)]
pub struct LoggedHeaders(Vec<(String, String)>);

impl LoggedHeaders {
    pub fn of(h: &hyper::HeaderMap) -> LoggedHeaders {
        let text = |v: &hyper::header::HeaderValue| String::from_utf8_lossy(v.as_bytes()).into_owned();
        LoggedHeaders(
            h.keys()
                .map(|name| {
                    let values: Vec<String> = h
                        .get_all(name)
                        .iter()
                        .map(|v| if name == hyper::header::AUTHORIZATION { redact(&text(v)) } else { text(v) })
                        .collect();
                    (name.as_str().to_string(), values.join(", "))
                })
                .collect(),
        )
    }
}

impl Serialize for LoggedHeaders {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// One redaction for the whole project: the request logs of the UI and this one (core `arm::exchange`).
pub use splr_core::arm::exchange::redact;

fn api_version(query: &str) -> Option<String> {
    let q = Url::parse(&format!("http://x/?{query}")).ok();
    q.and_then(|u| u.query("api-version").map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_serializes_to_the_keys_the_tests_and_the_browser_suite_read() {
        let req = hyper::Request::builder()
            .method("PUT")
            .uri("/subscriptions/s?api-version=2024-03-01&x=1")
            .header("Authorization", "Bearer secret")
            .header("X-Multi", "a")
            .header("X-Multi", "b")
            .body(())
            .unwrap();
        let (parts, ()) = req.into_parts();
        let headers = crate::wire::core_headers(&parts.headers);
        let request = ReceivedRequest::new(&parts, &headers, Some("{\"a\":1}".into()));
        let entry = LoggedRequest { request, handling: Handling::dropped(), seq: 1, at_ms: 7 };
        assert_eq!(
            serde_json::to_string(&entry).unwrap(),
            r#"{"method":"PUT","path":"/subscriptions/s","query":"api-version=2024-03-01&x=1","api_version":"2024-03-01","#
                .to_string()
                + r#""headers":{"authorization":"Bearer <redacted>","x-multi":"a, b"},"bearer":true,"body":"{\"a\":1}","#
                + r#""json":{"a":1},"status":null,"error_code":null,"outcome":"dropped","seq":1,"at_ms":7}"#
        );
    }
}
