//! hyper ↔ the core's sans-IO [`Request`]/[`Response`]: the request's headers and body in, the answer
//! out with CORS as a browser needs it (the origin echoed, preflights answered) and `Retry-After` turned
//! from the model's virtual seconds into real ones.

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::HeaderMap;
use serde_json::json;
use splr_core::arm::error::{ArmError, Code};
use splr_core::arm::http::{Method, Request, Response};

/// A whole response body.
pub type Body = Full<Bytes>;

/// The response headers a browser may read when `hide_headers` is off.
pub const EXPOSED_HEADERS: &str = "Azure-AsyncOperation, Location, Retry-After, x-ms-request-id";
/// Request bodies above this are refused (an SPLR body is a few hundred bytes).
const MAX_BODY: usize = 1 << 20;

pub fn header_str(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// The whole body, or `Err` above [`MAX_BODY`] (or when the connection fails while reading).
pub async fn read_body(body: Incoming) -> Result<Bytes, ()> {
    Limited::new(body, MAX_BODY).collect().await.map(|c| c.to_bytes()).map_err(|_| ())
}

/// ARM's 413 for a body over [`MAX_BODY`].
pub fn too_large() -> Response {
    Response::json(413, &json!({"error": {"code": "RequestEntityTooLarge", "message": "The request body is too large."}}))
}

/// Every header as `(name, value)`, values as lossy UTF-8: what the model reads.
pub fn core_headers(h: &HeaderMap) -> Vec<(String, String)> {
    h.iter().map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect()
}

/// The core's request on the emulator's `base` URL, or ARM's answer to a method it does not know.
pub fn core_request(
    base: &str,
    parts: &hyper::http::request::Parts,
    headers: Vec<(String, String)>,
    body: Option<String>,
) -> Result<Request, Response> {
    let Some(method) = Method::parse(parts.method.as_str()) else {
        return Err(ArmError::new(
            Code::UnsupportedHttpMethod,
            format!("The requested resource does not support http method '{}'.", parts.method),
        )
        .response());
    };
    let url = format!("{base}{}", parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"));
    Ok(Request { method, url, headers, body })
}

/// `Retry-After` in real seconds: virtual seconds divided by the speed, rounded up, at least 1.
pub fn real_retry_after(virtual_secs: &str, speed: f64) -> String {
    match virtual_secs.trim().parse::<u64>() {
        Ok(v) if speed > 0.0 && v > 0 => ((v as f64 / speed).ceil() as u64).max(1).to_string(),
        _ => virtual_secs.to_string(),
    }
}

fn cors(h: &mut HeaderMap, origin: Option<&str>) {
    let allow = origin.and_then(|o| HeaderValue::from_str(o).ok()).unwrap_or(HeaderValue::from_static("*"));
    h.insert("access-control-allow-origin", allow);
    h.append("vary", HeaderValue::from_static("Origin"));
}

/// The answer to a CORS preflight: any method ARM has, the headers the page asks for.
pub fn preflight(req: &HeaderMap, origin: Option<&str>) -> hyper::Response<Body> {
    let mut r = hyper::Response::new(Full::new(Bytes::new()));
    *r.status_mut() = hyper::StatusCode::NO_CONTENT;
    let h = r.headers_mut();
    cors(h, origin);
    h.insert("access-control-allow-methods", HeaderValue::from_static("GET, PUT, PATCH, POST, DELETE, OPTIONS"));
    // The headers the page asks for (Authorization, Content-Type, x-ms-client-request-id, ...).
    let asked = req.get("access-control-request-headers").cloned();
    h.insert("access-control-allow-headers", asked.unwrap_or(HeaderValue::from_static("Authorization, Content-Type")));
    h.insert("access-control-max-age", HeaderValue::from_static("600"));
    // Chrome's Private Network Access: a public page may call loopback only when the server agrees.
    if req.get("access-control-request-private-network").is_some() {
        h.insert("access-control-allow-private-network", HeaderValue::from_static("true"));
    }
    r
}

/// The core's answer on the wire: `Content-Length` left to hyper, `Retry-After` scaled by `speed`
/// (0: left as it is), [`EXPOSED_HEADERS`] exposed when `expose`.
pub fn to_hyper(resp: &Response, origin: Option<&str>, expose: bool, speed: f64) -> hyper::Response<Body> {
    let mut r = hyper::Response::new(Full::new(Bytes::from(resp.body.clone())));
    *r.status_mut() = hyper::StatusCode::from_u16(resp.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    for (k, v) in &resp.headers {
        if k.eq_ignore_ascii_case("content-length") {
            continue;
        }
        let v = if k.eq_ignore_ascii_case("retry-after") { real_retry_after(v, speed) } else { v.clone() };
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(&v)) {
            h.append(name, value);
        }
    }
    cors(h, origin);
    if expose {
        h.insert("access-control-expose-headers", HeaderValue::from_static(EXPOSED_HEADERS));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_becomes_real_seconds() {
        assert_eq!(real_retry_after("10", 60.0), "1");
        assert_eq!(real_retry_after("120", 60.0), "2");
        assert_eq!(real_retry_after("121", 60.0), "3");
        assert_eq!(real_retry_after("10", 1.0), "10");
        assert_eq!(real_retry_after("10", 0.5), "20");
        assert_eq!(real_retry_after("10", 0.0), "10", "a frozen clock keeps virtual seconds");
        assert_eq!(real_retry_after("0", 60.0), "0");
        assert_eq!(real_retry_after("soon", 60.0), "soon");
    }
}
