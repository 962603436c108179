//! ARM's front door, the checks the simulator does not make: a JWT's claims (audience, expiry) and the
//! body's media type. Both answer as ARM's gateway does (`x-ms-failure-cause: gateway`).

use serde_json::json;
use splr_core::arm::clock::{timestamp, Millis, EPOCH_UNIX_MS};
use splr_core::arm::http::{Request, Response};
use splr_core::live::cloud;

/// The credential of an `Authorization: Bearer <credential>` value (scheme in any case); `None` for
/// another scheme. `get`, not slicing: a header value from the wire may have a multi-byte character there.
pub fn bearer_credential(authorization: &str) -> Option<&str> {
    authorization.get(..7).filter(|p| p.eq_ignore_ascii_case("bearer ")).and_then(|_| authorization.get(7..))
}

/// The request carries a `Bearer` Authorization header (the credential may be empty).
pub fn has_bearer(req: &Request) -> bool {
    req.header("Authorization").and_then(bearer_credential).is_some()
}

/// The gateway's refusal, if any: the token's claims first (401 comes first at ARM's front door), then
/// the media type.
pub fn refusal(req: &Request, now_unix_ms: u64) -> Option<Response> {
    token_refused(req, now_unix_ms).or_else(|| unsupported_media_type(req))
}

/// The emulator cannot check a signature, so any token is accepted — except a JWT that ARM would refuse
/// for its claims alone: issued for another audience, or expired. Anything else (`x`, a test string)
/// passes, so users can practise without a real token.
pub fn token_refused(req: &Request, now_unix_ms: u64) -> Option<Response> {
    let token = req.header("Authorization")?.get(7..)?;
    // The core's decoder, as live mode uses it; a token that is not a JWT passes.
    let info = splr_core::live::token::decode(token).ok()?;
    let aud = info.audience.unwrap_or_default();
    // The emulator stands in for every cloud the app offers: any of their ARM audiences passes (the one
    // list in the core); ARM's message names the public cloud's.
    if cloud::cloud_of_audience(&aud).is_none() {
        return Some(wrong_audience(&aud));
    }
    let exp_ms = info.expires_at.map(|e| u64::try_from(e).unwrap_or(0).saturating_mul(1000))?;
    (exp_ms <= now_unix_ms).then(|| expired(exp_ms, now_unix_ms))
}

fn wrong_audience(aud: &str) -> Response {
    let allowed: Vec<String> = cloud::PUBLIC.audiences.iter().flat_map(|a| [format!("'{a}/'"), format!("'{a}'")]).collect();
    token_refusal(
        "InvalidAuthenticationTokenAudience",
        format!(
            "The access token has been obtained for wrong audience or resource '{}'. It should exactly match with \
             one of the allowed audiences {}.",
            aud,
            allowed.join(",")
        ),
    )
}

fn expired(exp_ms: u64, now_unix_ms: u64) -> Response {
    token_refusal(
        "ExpiredAuthenticationToken",
        format!(
            "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
            wall_clock(exp_ms),
            wall_clock(now_unix_ms)
        ),
    )
}

/// A 401 as ARM's gateway sends it, with the `WWW-Authenticate` challenge naming the sign-in host.
fn token_refusal(code: &str, message: String) -> Response {
    Response::json(401, &json!({"error": {"code": code, "message": message}}))
        .with_header("x-ms-failure-cause", "gateway")
        .with_header(
            "WWW-Authenticate",
            format!(
                "Bearer authorization_uri=\"https://{}/common\", error=\"invalid_token\", error_description=\"{code}\"",
                cloud::PUBLIC.login_host
            ),
        )
}

fn wall_clock(unix_ms: u64) -> String {
    match unix_ms.checked_sub(EPOCH_UNIX_MS) {
        Some(at) => timestamp(Millis(at)),
        None => format!("{} seconds after 1970-01-01", unix_ms / 1000),
    }
}

/// ARM refuses a body that is not JSON by its content type (fetch sends a string as `text/plain`).
/// Only once the bearer check passed: 401 comes first at ARM's front door.
pub fn unsupported_media_type(req: &Request) -> Option<Response> {
    let has_body = req.body.as_deref().is_some_and(|b| !b.trim().is_empty());
    if !has_body || !has_bearer(req) {
        return None;
    }
    let ct = req.header("Content-Type").unwrap_or_default();
    let media = ct.split(';').next().unwrap_or_default().trim();
    if media.eq_ignore_ascii_case("application/json") || media.to_ascii_lowercase().ends_with("+json") {
        return None;
    }
    let shown = if media.is_empty() { "(none)" } else { media };
    Some(
        Response::json(
            415,
            &json!({"error": {
                "code": "UnsupportedMediaType",
                "message": format!("The content media type '{shown}' is not supported. Only 'application/json' is supported."),
            }}),
        )
        .with_header("x-ms-failure-cause", "gateway"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use splr_core::arm::http::Method;

    #[test]
    fn jwt_claims_are_read_and_checked_like_arm() {
        use base64::Engine;
        let b64 = |s: String| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let jwt = |claims: Value| format!("eyJhbGciOiJub25lIn0.{}.sig", b64(claims.to_string()));
        let now = EPOCH_UNIX_MS + 3_600_000;
        let req = |t: &str| Request::new(Method::Get, "http://x/").bearer(t);
        let refused = |claims: Value| token_refused(&req(&jwt(claims)), now).and_then(|r| r.error()).map(|e| e.0);
        let later = now / 1000 + 600;
        assert_eq!(refused(json!({"aud": "https://management.azure.com/", "exp": later})), None);
        assert_eq!(refused(json!({"aud": ["https://management.core.windows.net"], "exp": later})), None);
        // Every cloud the app offers, with and without the trailing slash (the core's one list).
        for aud in splr_core::live::cloud::CLOUDS.iter().flat_map(|c| c.audiences) {
            assert_eq!(refused(json!({"aud": aud, "exp": later})), None, "{aud}");
            assert_eq!(refused(json!({"aud": format!("{aud}/"), "exp": later})), None, "{aud}/");
        }
        assert_eq!(
            refused(json!({"aud": "https://management.chinacloudapi.cn.example", "exp": later})).as_deref(),
            Some("InvalidAuthenticationTokenAudience")
        );
        assert_eq!(
            refused(json!({"aud": "https://graph.microsoft.com", "exp": later})).as_deref(),
            Some("InvalidAuthenticationTokenAudience")
        );
        assert_eq!(
            refused(json!({"aud": "https://management.azure.com", "exp": now / 1000 - 1})).as_deref(),
            Some("ExpiredAuthenticationToken")
        );
        assert!(token_refused(&req("just-a-test-token"), now).is_none(), "not a JWT: accepted");
        assert!(token_refused(&Request::new(Method::Get, "http://x/"), now).is_none(), "the simulator answers 401");
    }

    #[test]
    fn media_type_is_checked_after_the_token() {
        let body = Some("{}".to_string());
        let mut r = Request::new(Method::Put, "http://x/y");
        r.body = body;
        assert!(unsupported_media_type(&r).is_none(), "no token: the simulator answers 401 first");
        let r = r.bearer("t");
        assert_eq!(unsupported_media_type(&r).map(|r| r.status), Some(415));
        let ok = r.clone().with_header("Content-Type", "application/json; charset=utf-8");
        assert!(unsupported_media_type(&ok).is_none());
    }

    #[test]
    fn bearer_credential_reads_the_scheme_in_any_case() {
        assert_eq!(bearer_credential("Bearer abc"), Some("abc"));
        assert_eq!(bearer_credential("bEARER "), Some(""));
        assert_eq!(bearer_credential("Basic abc"), None);
        assert_eq!(bearer_credential("Bearer"), None);
    }
}
