//! One entry of a request log: a request and ARM's answer, and every way the log shows it — the
//! `az rest --debug`-style transcript, the one-line summary, with bearer tokens never shown. The
//! simulator records these, the simulator and live panels show them, the emulator checks the same
//! `Authorization` header shape: one home, so the panels and the emulator cannot drift apart.

use super::clock::Millis;
use super::http::{Request, Response};
use crate::json_text::{self, JsonStyle};

/// One request and ARM's answer, at the virtual time it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    pub at: Millis,
    pub request: Request,
    pub response: Response,
}

impl Exchange {
    /// The log's one line, e.g. `0 s PUT …/Microsoft.SignalRService/webPubSub/x/sharedPrivateLinkResources/pe?api-version=2024-03-01 → 201`:
    /// the time, the method, the URL without its common prefix ([`short_url`]), the status.
    pub fn summary(&self) -> String {
        format!(
            "{} {} {} → {}",
            self.at,
            self.request.method.as_str(),
            short_url(&self.request.url),
            self.response.status
        )
    }

    /// A 4xx or 5xx answer: the log marks it.
    pub fn is_error(&self) -> bool {
        self.response.status >= 400
    }
}

/// The URL without the long common prefix, for one-line summaries: from the resource provider on
/// (`…/Microsoft.Web/sites/…`), and an operation URL's signed parameters (`&t=…&c=…`) cut to `&…`.
pub fn short_url(url: &str) -> String {
    let path = url.split_once("/providers/").map(|(_, p)| format!("…/{p}")).unwrap_or_else(|| url.to_string());
    path.split_once("&t=").map(|(a, _)| format!("{a}&…")).unwrap_or(path)
}

/// One exchange as `az rest --debug` would show it: request line, headers, body, then the response.
/// Bearer tokens are never shown.
pub fn transcript(e: &Exchange) -> String {
    let mut out = request_lines(&e.request);
    out.push_str(&format!("Response: {}\n", e.response.status));
    for (k, v) in &e.response.headers {
        out.push_str(&format!("  {k}: {v}\n"));
    }
    if !e.response.body.is_empty() {
        out.push_str(&format!("{}\n", pretty(&e.response.body)));
    }
    out
}

/// The request part of a [`transcript`] alone, without its last newline: what a confirmation shows
/// before anything is sent.
pub fn request_transcript(req: &Request) -> String {
    let mut out = request_lines(req);
    out.truncate(out.trim_end().len());
    out
}

fn request_lines(req: &Request) -> String {
    let mut out = format!("Request: {} {}\n", req.method.as_str(), req.url);
    for (k, v) in &req.headers {
        // Whatever the scheme or credential, the transcript shows the one shape `az rest --debug` users know.
        let v = if k.eq_ignore_ascii_case("authorization") { "Bearer <redacted>" } else { v };
        out.push_str(&format!("  {k}: {v}\n"));
    }
    if let Some(body) = &req.body {
        out.push_str(&format!("{}\n", pretty(body)));
    }
    out
}

fn pretty(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .map(|v| json_text::write(&v, JsonStyle::Pretty))
        .unwrap_or_else(|| body.to_string())
}

/// An `Authorization` value with its credential hidden: `Bearer <redacted>`, the scheme kept (a log
/// reader can still see one was sent); `<redacted>` for a bare credential; empty stays empty.
pub fn redact(authorization: &str) -> String {
    match authorization.split_once(' ') {
        Some((scheme, rest)) if !rest.trim().is_empty() => format!("{scheme} <redacted>"),
        _ if authorization.trim().is_empty() => String::new(),
        _ => "<redacted>".into(),
    }
}

/// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive, RFC 6750 §2.1), or
/// `None` when the scheme is another or the token is empty: what ARM answers 401 to.
pub fn bearer_token(authorization: &str) -> Option<&str> {
    // `get`, not slicing: a header value from the wire may have a multi-byte character there.
    let scheme = authorization.get(..7)?;
    let token = authorization.get(7..)?.trim();
    (scheme.eq_ignore_ascii_case("bearer ") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::http::Method;

    #[test]
    fn redacts_tokens_and_pretty_prints_bodies() {
        let e = Exchange {
            at: Millis::ZERO,
            request: Request::new(Method::Put, "https://x/y?api-version=1")
                .bearer("secret-token")
                .json(&serde_json::json!({"properties": {"groupId": "sites"}})),
            response: Response::json(201, &serde_json::json!({"name": "func-pe"})).with_header("Retry-After", "10"),
        };
        let t = transcript(&e);
        assert!(t.starts_with("Request: PUT https://x/y?api-version=1\n"), "{t}");
        assert!(!t.contains("secret-token"));
        assert!(t.contains("Bearer <redacted>"));
        assert!(t.contains("\"groupId\": \"sites\""));
        assert!(t.contains("Response: 201\n"), "{t}");
        assert!(t.contains("  Retry-After: 10\n"), "{t}");
    }

    /// The line the simulator panel builds itself today (`src/components/simulator.rs`, `log_row`),
    /// pinned so the panel can switch to [`Exchange::summary`] without a visible change.
    #[test]
    fn summary_is_the_panels_line() {
        let url = "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.SignalRService/WebPubSub/w/operationStatuses/op?api-version=2024-03-01&t=638&c=abc&s=def&h=ghi";
        let e =
            Exchange { at: Millis::secs(75), request: Request::new(Method::Get, url), response: Response::empty(202) };
        assert_eq!(
            e.summary(),
            "1 min 15 s GET …/Microsoft.SignalRService/WebPubSub/w/operationStatuses/op?api-version=2024-03-01&… → 202"
        );
        assert!(!e.is_error());
        let e = Exchange {
            at: Millis::ZERO,
            request: Request::new(Method::Put, "https://x/y"),
            response: Response::empty(409),
        };
        assert_eq!(e.summary(), "0 s PUT https://x/y → 409");
        assert!(e.is_error());
    }

    /// The live panel's confirmation today (`src/components/live_panel.rs`, `transcript_request`): the
    /// transcript of the request with an empty answer, cut before `Response:`.
    #[test]
    fn request_transcript_is_the_transcripts_request_part() {
        let req = Request::new(Method::Put, "https://x/y?api-version=1")
            .bearer("redacted")
            .json(&serde_json::json!({"properties": {"groupId": "sites"}}));
        let full = transcript(&Exchange { at: Millis::ZERO, request: req.clone(), response: Response::empty(0) });
        let panel = full.split("Response:").next().unwrap_or_default().trim_end().to_string();
        assert_eq!(request_transcript(&req), panel);
        assert!(request_transcript(&req).ends_with('}'), "{}", request_transcript(&req));
        let get = Request::new(Method::Get, "https://x/y");
        assert_eq!(request_transcript(&get), "Request: GET https://x/y");
    }

    #[test]
    fn redacts_every_credential() {
        assert_eq!(redact("Bearer eyJ.abc.def"), "Bearer <redacted>");
        assert_eq!(redact("bearer x"), "bearer <redacted>");
        assert_eq!(redact("sometoken"), "<redacted>");
        assert_eq!(redact("Bearer "), "<redacted>");
        assert_eq!(redact(""), "");
    }

    #[test]
    fn reads_a_bearer_token() {
        assert_eq!(bearer_token("Bearer eyJ.a.b"), Some("eyJ.a.b"));
        assert_eq!(bearer_token("bEARER  tok "), Some("tok"));
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("Bearer    "), None);
        assert_eq!(bearer_token("Basic dXNlcg=="), None);
        assert_eq!(bearer_token("Bearé tok"), None);
        assert_eq!(bearer_token(""), None);
    }
}
