//! A pasted ARM access token, decoded locally (never sent anywhere but ARM, never stored) so the user
//! sees whose it is, for what, and until when — and is warned before a call that is bound to fail.
//!
//! Only the payload is read; the signature is ARM's business.

use super::cloud::Cloud;
use base64::Engine;
use serde_json::Value;

/// Warn when the token expires within this many seconds.
pub const EXPIRY_WARNING_SECS: i64 = 5 * 60;

/// The claims the token is read for; each `None` when absent or null.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Claims {
    tid: Option<String>,
    upn: Option<String>,
    unique_name: Option<String>,
    preferred_username: Option<String>,
    appid: Option<String>,
    azp: Option<String>,
    oid: Option<String>,
    aud: Option<Value>,
    exp: Option<i64>,
    iss: Option<String>,
}

impl Claims {
    /// Reads the claims from the parsed payload, with the types a derived `Deserialize` would insist on
    /// (a claim of another type makes the payload unusable). Read from a `Value`, the parser the crate
    /// already has: a derived visitor cost kilobytes of wasm for ten fields. A claims set is an object
    /// (RFC 7519 §7.2); a repeated claim keeps its last value, as RFC 7519 §4 allows.
    fn read(v: &Value) -> Option<Claims> {
        let o = v.as_object()?;
        let string = |k: &str| match o.get(k) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(s)) => Some(Some(s.clone())),
            Some(_) => None,
        };
        Some(Claims {
            tid: string("tid")?,
            upn: string("upn")?,
            unique_name: string("unique_name")?,
            preferred_username: string("preferred_username")?,
            appid: string("appid")?,
            azp: string("azp")?,
            oid: string("oid")?,
            aud: o.get("aud").filter(|a| !a.is_null()).cloned(),
            exp: match o.get("exp") {
                None | Some(Value::Null) => None,
                Some(e) => Some(e.as_i64()?),
            },
            iss: string("iss")?,
        })
    }
}

/// What the token says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenInfo {
    pub tenant: Option<String>,
    /// The user principal name, or for a service principal / managed identity its app ID.
    pub identity: Option<String>,
    pub audience: Option<String>,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at: Option<i64>,
    pub issuer: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The audience is no cloud's ARM (Microsoft Graph, a storage account, none at all). `chosen` is the
    /// cloud picked, whose resource to ask for instead.
    NotForArm { audience: String, chosen: Cloud },
    /// A token for one cloud's ARM while another cloud is chosen: that ARM answers 401
    /// InvalidAuthenticationTokenAudience (each cloud accepts only its own audiences).
    OtherCloud { audience: String, issued_for: Cloud, chosen: Cloud },
    Expired { ago_secs: i64 },
    ExpiresSoon { in_secs: i64 },
    NoExpiry,
}

impl Warning {
    pub fn message(&self) -> String {
        match self {
            Warning::NotForArm { audience, chosen } => format!(
                "This token is for '{audience}', not Azure Resource Manager: ARM will answer 401. Get one with \
                 --resource {}.",
                chosen.resource()
            ),
            Warning::OtherCloud { audience, issued_for, chosen } => format!(
                "This token is for {}'s Resource Manager ('{audience}'), but {} is chosen: its ARM will answer 401 \
                 InvalidAuthenticationTokenAudience. Choose {} above, or sign in to {} (az cloud set --name {}, then \
                 az login) and get a token with --resource {}.",
                issued_for.display(),
                chosen.display(),
                issued_for.display(),
                chosen.display(),
                chosen.info().map_or("AzureCloud", |c| c.az_name),
                chosen.resource()
            ),
            Warning::Expired { ago_secs } => {
                format!("This token expired {} ago: get a new one (ARM answers 401 ExpiredAuthenticationToken).", span(*ago_secs))
            }
            Warning::ExpiresSoon { in_secs } => {
                format!("This token expires in {}: a long operation may outlive it.", span(*in_secs))
            }
            Warning::NoExpiry => "This token has no expiry claim; ARM may reject it.".into(),
        }
    }

    /// Calls with this token cannot succeed.
    pub fn is_blocking(&self) -> bool {
        matches!(self, Warning::NotForArm { .. } | Warning::OtherCloud { .. } | Warning::Expired { .. })
    }
}

fn span(secs: i64) -> String {
    let s = secs.max(0);
    if s >= 3600 {
        format!("{} h {:02} min", s / 3600, (s / 60) % 60)
    } else if s >= 60 {
        format!("{} min", s / 60)
    } else {
        format!("{s} s")
    }
}

/// Reads a token. Errors say why it is not a usable JWT, in words a user understands.
pub fn decode(token: &str) -> Result<TokenInfo, String> {
    let token = token.trim();
    let token = token.strip_prefix("Bearer ").or_else(|| token.strip_prefix("bearer ")).unwrap_or(token).trim();
    if token.is_empty() {
        return Err("Paste an access token.".into());
    }
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "This is not a JWT (it has {} part{} separated by dots, a JWT has 3). Copy the whole accessToken value.",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" }
        ));
    }
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(parts[1].trim_end_matches('='))
        .map_err(|_| "The token's middle part is not base64url: it was cut or altered while copying.".to_string())?;
    // JSON text is UTF-8; reading it as `&str` with `from_str` shares the parser the rest of the crate
    // uses (`from_slice` would put a second copy, for byte slices, in the wasm).
    let claims: Claims = std::str::from_utf8(&payload)
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .as_ref()
        .and_then(Claims::read)
        .ok_or_else(|| "The token's payload is not JSON: this is not an Azure AD access token.".to_string())?;
    let audience = match claims.aud {
        Some(Value::String(s)) => Some(s),
        Some(Value::Array(a)) => a.first().and_then(|v| v.as_str()).map(str::to_string),
        _ => None,
    };
    Ok(TokenInfo {
        tenant: claims.tid,
        identity: claims
            .upn
            .or(claims.unique_name)
            .or(claims.preferred_username)
            .or(claims.appid.map(|a| format!("app {a}")))
            .or(claims.azp.map(|a| format!("app {a}")))
            .or(claims.oid.map(|o| format!("object {o}"))),
        audience,
        expires_at: claims.exp,
        issuer: claims.iss,
    })
}

impl TokenInfo {
    /// What is wrong with using this token against `cloud`'s ARM at `now` (seconds since the epoch). The
    /// audience must be one the chosen cloud's ARM accepts ([`Cloud::accepts_audience`]); a custom
    /// endpoint (the emulator) takes any cloud's.
    pub fn warnings(&self, cloud: &Cloud, now: i64) -> Vec<Warning> {
        let mut w = Vec::new();
        match &self.audience {
            Some(a) if cloud.accepts_audience(a) => {}
            Some(a) => w.push(match Cloud::of_audience(a) {
                Some(issued_for) => Warning::OtherCloud { audience: a.clone(), issued_for, chosen: cloud.clone() },
                None => Warning::NotForArm { audience: a.clone(), chosen: cloud.clone() },
            }),
            None => w.push(Warning::NotForArm { audience: "no audience".into(), chosen: cloud.clone() }),
        }
        match self.expires_at {
            None => w.push(Warning::NoExpiry),
            Some(exp) if exp <= now => w.push(Warning::Expired { ago_secs: now - exp }),
            Some(exp) if exp - now <= EXPIRY_WARNING_SECS => w.push(Warning::ExpiresSoon { in_secs: exp - now }),
            Some(_) => {}
        }
        w
    }

    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|e| e <= now)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An unsigned token with these claims (tests only).
    pub fn make(claims: serde_json::Value) -> String {
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!("{}.{}.sig", e.encode(br#"{"alg":"RS256","typ":"JWT"}"#), e.encode(claims.to_string()))
    }

    #[test]
    fn reads_a_user_token() {
        let t = make(serde_json::json!({
            "aud": "https://management.azure.com/", "tid": "t-1", "upn": "ana@contoso.com", "exp": 2000, "iss": "https://sts"
        }));
        let info = decode(&format!("Bearer {t}\n")).unwrap();
        assert_eq!(info.identity.as_deref(), Some("ana@contoso.com"));
        assert_eq!(info.tenant.as_deref(), Some("t-1"));
        assert!(info.warnings(&Cloud::Public, 1000).is_empty());
        assert_eq!(info.warnings(&Cloud::Public, 1800), vec![Warning::ExpiresSoon { in_secs: 200 }]);
        assert_eq!(info.warnings(&Cloud::Public, 2100), vec![Warning::Expired { ago_secs: 100 }]);
        assert!(info.warnings(&Cloud::Public, 2100)[0].is_blocking());
        assert!(info.is_expired(2000));
    }

    #[test]
    fn service_principals_and_wrong_audiences() {
        let t = make(serde_json::json!({"aud": "https://graph.microsoft.com", "appid": "abc", "exp": 5000}));
        let info = decode(&t).unwrap();
        assert_eq!(info.identity.as_deref(), Some("app abc"));
        let w = info.warnings(&Cloud::Public, 1000);
        assert!(matches!(&w[0], Warning::NotForArm { audience, .. } if audience == "https://graph.microsoft.com"));
        assert!(w[0].message().contains("--resource https://management.azure.com/"));
        let w = info.warnings(&Cloud::China, 1000);
        assert!(w[0].message().contains("--resource https://management.chinacloudapi.cn/"), "{}", w[0].message());
    }

    /// A token for each cloud's ARM (both audiences, with and without the trailing slash) is accepted
    /// with that cloud chosen and with the emulator; with another cloud chosen it is the one mistake
    /// worth a blocking warning, which names both clouds.
    #[test]
    fn a_token_for_each_cloud() {
        let emulator = Cloud::Custom("http://127.0.0.1:8090".into());
        for cloud in Cloud::NAMED {
            for aud in cloud.info().unwrap().audiences {
                for aud in [aud.to_string(), format!("{aud}/")] {
                    let t = make(serde_json::json!({"aud": aud, "upn": "ana@contoso.com", "exp": 5000}));
                    let info = decode(&t).unwrap();
                    assert_eq!(info.warnings(&cloud, 1000), vec![], "{aud} with {cloud:?}");
                    assert_eq!(info.warnings(&emulator, 1000), vec![], "{aud} with the emulator");
                    for other in Cloud::NAMED.into_iter().filter(|c| *c != cloud) {
                        let w = info.warnings(&other, 1000);
                        assert_eq!(
                            w,
                            vec![Warning::OtherCloud { audience: aud.clone(), issued_for: cloud.clone(), chosen: other.clone() }]
                        );
                        assert!(w[0].is_blocking());
                        let m = w[0].message();
                        assert!(m.contains(cloud.display()) && m.contains(other.display()), "{m}");
                        assert!(m.contains(&format!("--resource {}", other.resource())), "{m}");
                        assert!(m.contains(other.info().unwrap().az_name), "{m}");
                    }
                }
            }
        }
        let graph = decode(&make(serde_json::json!({"aud": "https://graph.microsoft.com", "exp": 5000}))).unwrap();
        assert!(matches!(graph.warnings(&emulator, 1000)[..], [Warning::NotForArm { .. }]), "the emulator refuses it too");
        let none = decode(&make(serde_json::json!({"exp": 5000}))).unwrap();
        assert!(none.warnings(&Cloud::UsGovernment, 1000)[0].is_blocking());
    }

    #[test]
    fn claims_keep_their_types() {
        let info = decode(&make(serde_json::json!({
            "aud": ["https://management.azure.com", "x"], "upn": null, "oid": "o-1", "exp": null, "other": [1, {"a": 2}]
        })))
        .unwrap();
        assert_eq!(info.audience.as_deref(), Some("https://management.azure.com"));
        assert_eq!(info.identity.as_deref(), Some("object o-1"));
        assert_eq!(info.expires_at, None);
        for bad in [
            serde_json::json!({"tid": 5}),
            serde_json::json!({"exp": "soon"}),
            serde_json::json!({"exp": 1.5}),
            serde_json::json!({"exp": u64::MAX}),
            serde_json::json!(["t"]),
        ] {
            assert!(decode(&make(bad.clone())).unwrap_err().contains("not JSON"), "{bad}");
        }
    }

    #[test]
    fn not_a_jwt() {
        assert!(decode("").unwrap_err().contains("Paste"));
        assert!(decode("abc").unwrap_err().contains("not a JWT"));
        assert!(decode("a.@@@.c").unwrap_err().contains("base64url"));
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        assert!(decode(&format!("a.{}.c", e.encode("nope"))).unwrap_err().contains("not JSON"));
    }
}
