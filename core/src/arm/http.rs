//! HTTP as ARM speaks it, without any transport: the simulator answers these values, the client
//! produces and reads them, and a browser or an HTTP server only has to copy them over the wire.

use crate::json_text::{self, JsonStyle};
use serde_json::Value;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Put,
    Delete,
    Post,
    Patch,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        [Method::Get, Method::Put, Method::Delete, Method::Post, Method::Patch]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// Writes count against ARM's write quota and are serialised per service; reads never conflict.
    pub fn is_mutating(self) -> bool {
        !matches!(self, Method::Get)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// Absolute, with its query (`https://management.azure.com/subscriptions/...?api-version=...`).
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Request {
    pub fn new(method: Method, url: impl Into<String>) -> Request {
        Request { method, url: url.into(), headers: Vec::new(), body: None }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Request {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// `Authorization: Bearer <token>`, as `az account get-access-token` gives it.
    pub fn bearer(self, token: &str) -> Request {
        self.with_header("Authorization", format!("Bearer {token}"))
    }

    /// A JSON body, with its content type.
    pub fn json(mut self, body: &Value) -> Request {
        // This crate's own printer: serde_json's would be a second one in the wasm.
        self.body = Some(json_text::write(body, JsonStyle::Compact));
        self.with_header("Content-Type", "application/json")
    }

    pub fn parsed_url(&self) -> Result<Url, String> {
        Url::parse(&self.url)
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.url)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// JSON text, or empty (204, most 202s).
    pub body: String,
}

impl Response {
    /// A JSON response with ARM's usual headers.
    pub fn json(status: u16, body: &Value) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "application/json; charset=utf-8".into())],
            // The one pretty printer of the crate (not serde_json's: a second copy in the wasm).
            body: json_text::write(body, JsonStyle::Pretty),
        }
    }

    pub fn empty(status: u16) -> Response {
        Response { status, headers: Vec::new(), body: String::new() }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The body as JSON; `None` when empty or not JSON.
    pub fn json_body(&self) -> Option<Value> {
        serde_json::from_str(&self.body).ok()
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// ARM's `{"error":{"code","message"}}`, when the body carries one.
    pub fn error(&self) -> Option<(String, String)> {
        let v = self.json_body()?;
        let e = v.get("error")?;
        Some((
            e.get("code").and_then(Value::as_str).unwrap_or_default().to_string(),
            e.get("message").and_then(Value::as_str).unwrap_or_default().to_string(),
        ))
    }

    /// `Retry-After` in whole seconds (ARM sends integers; an HTTP date is not used by ARM).
    pub fn retry_after_secs(&self) -> Option<u64> {
        self.header("Retry-After")?.trim().parse().ok()
    }
}

/// An absolute URL split the way ARM routes it: path segments (percent-decoded) and query pairs.
/// Hand-parsed: ARM URLs are plain `https://host/path?query`, and the query codec is already here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub scheme: String,
    pub host: String,
    /// The path as sent, starting with `/`.
    pub path: String,
    pub query: Vec<(String, String)>,
}

impl Url {
    pub fn parse(s: &str) -> Result<Url, String> {
        let s = s.trim();
        let (scheme, rest) = s.split_once("://").ok_or_else(|| format!("'{s}' is not an absolute URL."))?;
        if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
            return Err(format!("'{scheme}' is not http or https."));
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let (host_path, query) = match rest.split_once('?') {
            Some((hp, q)) => (hp, q),
            None => (rest, ""),
        };
        let (host, path) = match host_path.find('/') {
            Some(i) => (&host_path[..i], &host_path[i..]),
            None => (host_path, "/"),
        };
        if host.is_empty() {
            return Err(format!("'{s}' has no host."));
        }
        let query = form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        Ok(Url { scheme: scheme.to_ascii_lowercase(), host: host.to_ascii_lowercase(), path: path.to_string(), query })
    }

    /// The first value of a query parameter (names compared case-insensitively, as ARM does).
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Non-empty path segments, percent-decoded.
    pub fn segments(&self) -> Vec<String> {
        self.path.split('/').filter(|s| !s.is_empty()).map(percent_decode).collect()
    }
}

fn percent_decode(s: &str) -> String {
    // form_urlencoded also turns '+' into ' ', which a path must keep: protect it first.
    let protected = s.replace('+', "%2B");
    form_urlencoded::parse(format!("x={protected}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

/// Encodes a query value (`form_urlencoded`'s rules: what `URLSearchParams` writes too).
pub fn encode_query_value(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_arm_url() {
        let u = Url::parse(
            "https://Management.Azure.com/subscriptions/s/resourceGroups/rg%20x/providers/P/t/n?api-version=2024-03-01&t=1%2B2",
        )
        .unwrap();
        assert_eq!(u.host, "management.azure.com");
        assert_eq!(u.segments(), ["subscriptions", "s", "resourceGroups", "rg x", "providers", "P", "t", "n"]);
        assert_eq!(u.query("API-VERSION"), Some("2024-03-01"));
        assert_eq!(u.query("t"), Some("1+2"));
        assert!(Url::parse("/subscriptions/x").is_err());
        assert!(Url::parse("ftp://h/x").is_err());
    }

    #[test]
    fn headers_are_case_insensitive_and_errors_read() {
        let r = Response::json(409, &serde_json::json!({"error": {"code": "Conflict", "message": "busy"}}))
            .with_header("Retry-After", "7");
        assert_eq!(r.header("retry-after"), Some("7"));
        assert_eq!(r.retry_after_secs(), Some(7));
        assert_eq!(r.error(), Some(("Conflict".into(), "busy".into())));
        assert!(!r.is_success());
        let q = Request::new(Method::Get, "https://x/y").bearer("tok");
        assert_eq!(q.header("AUTHORIZATION"), Some("Bearer tok"));
        assert_eq!(Method::parse("delete"), Some(Method::Delete));
    }
}
