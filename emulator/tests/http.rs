//! The emulator over real HTTP: each test starts its own server on a free port of 127.0.0.1, drives it
//! with a plain HTTP client and checks what a browser and a test harness rely on.
//!
//! Most tests freeze the clock (speed 0) and move it through `POST /_emulator/advance` exactly as long as
//! the client asks to wait, so they run in milliseconds and the same every time; one drives real time.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};
use splr_core::arm::client::{Action, Context, Machine, Outcome};
use splr_core::arm::clock::Millis;
use splr_core::arm::faults::CORS_SAFELISTED;
use splr_core::arm::http::{Method, Request, Response, Url};
use splr_core::form::{check, Form, Plan};
use splr_core::scenario::Scenario;
use splr_emulator::{start, Config, Server, EXPOSED_HEADERS};
use std::time::{Duration, Instant};

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl";

struct Emu {
    server: Server,
    url: String,
    client: Client<HttpConnector, Full<Bytes>>,
}

/// The headers as a browser's script sees them: the CORS-safelisted ones and those the server exposes.
fn browser_view(r: &Response) -> Response {
    let exposed: Vec<String> = r
        .header("Access-Control-Expose-Headers")
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = r.clone();
    out.headers.retain(|(k, _)| {
        CORS_SAFELISTED.iter().any(|s| s.eq_ignore_ascii_case(k)) || exposed.contains(&k.to_ascii_lowercase())
    });
    out
}

impl Emu {
    async fn start(scenario: Scenario, speed: f64) -> Emu {
        Emu::start_with(Config { port: 0, speed, scenario, ..Config::default() }).await
    }

    async fn start_with(config: Config) -> Emu {
        let server = start(config).await.expect("the emulator starts");
        let url = server.url.clone();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        Emu { server, url, client: Client::builder(TokioExecutor::new()).build_http() }
    }

    /// Sends a request; `Err` when no response came (connection closed).
    async fn send(&self, req: &Request) -> Result<Response, String> {
        let mut b = hyper::Request::builder().method(req.method.as_str()).uri(&req.url);
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        let body = Full::new(Bytes::from(req.body.clone().unwrap_or_default()));
        let resp = self.client.request(b.body(body).unwrap()).await.map_err(|e| format!("{e:?}"))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        let bytes = resp.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok(Response { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() })
    }

    async fn raw(&self, method: &str, path_or_url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Response {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_string()
        } else {
            format!("{}{path_or_url}", self.url)
        };
        let mut b = hyper::Request::builder().method(method).uri(url);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let full = Full::new(Bytes::from(body.unwrap_or_default().to_string()));
        let resp = self.client.request(b.body(full).unwrap()).await.expect("a response");
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Response { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    async fn control(&self, method: &str, route: &str, body: Value) -> Value {
        let text = body.to_string();
        let r =
            self.raw(method, &format!("/_emulator{route}"), &[("Content-Type", "application/json")], Some(&text)).await;
        assert_eq!(r.status, 200, "{method} {route}: {}", r.body);
        r.json_body().expect("control answers JSON")
    }

    async fn reset(&self, body: Value) -> Value {
        self.control("POST", "/reset", body).await
    }

    async fn faults(&self, patch: Value) -> Value {
        self.control("POST", "/faults", patch).await
    }

    async fn requests(&self) -> Vec<Value> {
        self.control("GET", "/requests", Value::Null).await.as_array().cloned().unwrap()
    }

    async fn state(&self) -> Value {
        self.control("GET", "/state", Value::Null).await
    }

    fn ctx(&self) -> Context {
        Context { endpoint: self.url.clone(), token: Some(TOKEN.into()), ..Context::default() }
    }

    /// Runs a client machine over HTTP. Waits move the frozen clock (`advance`) by exactly the wait;
    /// `browser`: the machine sees only the headers a browser's script could read.
    async fn drive(&self, machine: &mut Machine, browser: bool) -> Outcome {
        let mut now = Millis::ZERO;
        let mut action = machine.start(now);
        for _ in 0..10_000 {
            action = match action {
                Action::Send(req) => match self.send(&req).await {
                    Ok(resp) => {
                        let seen = if browser { browser_view(&resp) } else { resp };
                        machine.on_response(now, &seen)
                    }
                    Err(e) => machine.on_transport_error(now, &e),
                },
                Action::Confirm(_) => machine.on_confirmed(now),
                Action::Wait(d) => {
                    self.control("POST", "/advance", json!({"ms": d.0})).await;
                    now += d;
                    machine.on_waited(now)
                }
                Action::Done(outcome) => return outcome,
            };
        }
        panic!("the machine did not finish");
    }

    /// Runs a machine in real time: waits are real sleeps, the emulator's clock runs at its speed.
    async fn drive_real_time(&self, machine: &mut Machine) -> Outcome {
        let t0 = Instant::now();
        let now = || Millis(t0.elapsed().as_millis() as u64);
        let mut action = machine.start(now());
        for _ in 0..1_000 {
            action = match action {
                Action::Send(req) => match self.send(&req).await {
                    Ok(resp) => machine.on_response(now(), &resp),
                    Err(e) => machine.on_transport_error(now(), &e),
                },
                Action::Confirm(_) => machine.on_confirmed(now()),
                Action::Wait(d) => {
                    tokio::time::sleep(d.as_duration()).await;
                    machine.on_waited(now())
                }
                Action::Done(outcome) => return outcome,
            };
        }
        panic!("the machine did not finish");
    }
}

fn plan(s: Scenario) -> Plan {
    check(&Form::new(s)).plan.expect("the contoso example is valid")
}

fn emu_url(e: &Emu, p: &Plan) -> String {
    format!("{}{}?api-version={}", e.url, p.splr_id(), p.api_version.id)
}

fn code(r: &Response) -> String {
    r.error().map(|e| e.0).unwrap_or_default()
}

fn put(e: &Emu, p: &Plan) -> Request {
    Request::new(Method::Put, emu_url(e, p)).bearer(TOKEN).json(&p.body().to_value())
}

#[tokio::test]
async fn the_documented_scenarios_create_approve_and_delete_over_http() {
    for s in Scenario::ALL.into_iter().filter(|s| s.is_documented()) {
        let e = Emu::start(s, 0.0).await;
        let p = plan(s);
        let created = e.drive(&mut Machine::create(&p, &e.ctx()), false).await;
        assert!(created.succeeded(), "{s:?} create: {}", created.summary);
        let approved = e.drive(&mut Machine::approve(&p, &e.ctx()), false).await;
        assert!(approved.succeeded(), "{s:?} approve: {}", approved.summary);
        let state = e.state().await;
        let splr = &state["service"]["properties"]["sharedPrivateLinkResources"][0]["properties"];
        assert_eq!(splr["status"], "Approved", "{s:?}: {state}");
        assert_eq!(splr["provisioningState"], "Succeeded");
        let deleted = e.drive(&mut Machine::delete(&p, &e.ctx()), false).await;
        assert!(deleted.succeeded(), "{s:?} delete: {}", deleted.summary);
        let state = e.state().await;
        assert_eq!(state["service"]["properties"]["sharedPrivateLinkResources"], json!([]), "{s:?}");

        // What the emulator received: only ARM calls on the plan's resources, each with a bearer token
        // (never stored), an api-version, and the plan's body on the PUT.
        let log = e.requests().await;
        assert!(log.len() >= 6, "{s:?}: {log:?}");
        for r in &log {
            assert_eq!(r["bearer"], true, "{r}");
            assert_eq!(r["headers"]["authorization"], "Bearer <redacted>");
            assert!(r["api_version"].is_string(), "{r}");
            assert_eq!(r["outcome"], "answered");
            let path = r["path"].as_str().unwrap();
            assert!(path.starts_with("/subscriptions/00000000-0000-0000-0000-000000000000/"), "{path}");
        }
        let first = &log[0];
        assert_eq!((first["method"].as_str(), first["status"].as_u64()), (Some("PUT"), Some(201)));
        assert_eq!(first["path"], p.splr_id());
        assert_eq!(first["api_version"], p.api_version.id);
        assert_eq!(first["json"], p.body().to_value());
        let text = serde_json::to_string(&log).unwrap();
        assert!(!text.contains(TOKEN) && !text.contains("c2VjcmV0"), "the token never reaches the log");
        assert!(log
            .iter()
            .any(|r| r["method"] == "PUT" && r["path"].as_str().unwrap().contains("/privateEndpointConnections/")));
        assert_eq!(log.last().unwrap()["method"], "GET");
        e.server.stop();
    }
}

#[tokio::test]
async fn async_urls_point_back_to_the_emulator() {
    let e = Emu::start(Scenario::WebPubSubFunction, 0.0).await;
    let p = plan(Scenario::WebPubSubFunction);
    let r = e.send(&put(&e, &p)).await.unwrap();
    assert_eq!(r.status, 201, "{}", r.body);
    for h in ["Azure-AsyncOperation", "Location"] {
        let u = r.header(h).unwrap();
        assert!(u.starts_with(&format!("{}/subscriptions/", e.url)), "{h}: {u}");
    }
    // No Retry-After by default, as the SignalR RP's recorded 201 (azure-cli test_signalr_commands.yaml
    // @283b2dd1); the operation URLs are under the service (…/WebPubSub/{name}/operationStatuses/{id}).
    assert_eq!(r.header("Retry-After"), None);
    let op_path = Url::parse(r.header("Azure-AsyncOperation").unwrap()).unwrap().path;
    let scope = p.service_id().replace("/webPubSub/", "/WebPubSub/");
    assert!(op_path.starts_with(&format!("{scope}/operationStatuses/")), "{op_path}");
    assert!(r.header("x-ms-request-id").is_some());
    let op = r.header("Azure-AsyncOperation").unwrap().to_string();
    let running = e.send(&Request::new(Method::Get, &op).bearer(TOKEN)).await.unwrap();
    assert_eq!(running.json_body().unwrap()["status"], "Running");
    let next = e.control("POST", "/advance", json!({"next_event": true})).await;
    assert!(next["now_ms"].as_u64().unwrap() >= 24_000, "{next}");
    let done = e.send(&Request::new(Method::Get, &op).bearer(TOKEN)).await.unwrap();
    assert_eq!(done.json_body().unwrap()["status"], "Succeeded");
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers() {
    // With a Retry-After configured (the model sends none by default), to see it exposed.
    let timings = splr_core::arm::simulator::Timings { retry_after: Some(10), ..Default::default() };
    let config = Config { port: 0, speed: 0.0, scenario: Scenario::WebPubSubFunction, timings, ..Config::default() };
    let e = Emu::start_with(config).await;
    let p = plan(Scenario::WebPubSubFunction);
    let origin = "http://127.0.0.1:8080";
    let pre = e
        .raw(
            "OPTIONS",
            &emu_url(&e, &p),
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "PUT"),
                ("Access-Control-Request-Headers", "authorization,content-type"),
                ("Access-Control-Request-Private-Network", "true"),
            ],
            None,
        )
        .await;
    assert_eq!(pre.status, 204);
    assert_eq!(pre.header("Access-Control-Allow-Origin"), Some(origin));
    assert!(pre.header("Access-Control-Allow-Methods").unwrap().contains("PUT"));
    assert!(pre.header("Access-Control-Allow-Methods").unwrap().contains("DELETE"));
    let allowed = pre.header("Access-Control-Allow-Headers").unwrap().to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"), "{allowed}");
    assert_eq!(pre.header("Access-Control-Allow-Private-Network"), Some("true"));
    let bare = e.raw("OPTIONS", &emu_url(&e, &p), &[("Access-Control-Request-Method", "GET")], None).await;
    assert_eq!(bare.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(bare.header("Access-Control-Allow-Headers"), Some("Authorization, Content-Type"));

    let r = e.send(&put(&e, &p).with_header("Origin", origin)).await.unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(r.header("Access-Control-Allow-Origin"), Some(origin));
    assert_eq!(r.header("Access-Control-Expose-Headers"), Some(EXPOSED_HEADERS));
    let seen = browser_view(&r);
    for h in ["Azure-AsyncOperation", "Location", "Retry-After", "x-ms-request-id", "Content-Type"] {
        assert!(seen.header(h).is_some(), "{h} readable by script");
    }
    // Errors carry CORS too, or the page could not read ARM's message.
    let unauth = e.raw("GET", &emu_url(&e, &p), &[("Origin", origin)], None).await;
    assert_eq!(unauth.status, 401);
    assert_eq!(unauth.header("Access-Control-Allow-Origin"), Some(origin));
    let log = e.requests().await;
    assert_eq!(log[0]["outcome"], "preflight");
    assert_eq!(log[0]["status"], 204);
}

#[tokio::test]
async fn hidden_headers_are_sent_but_not_exposed_and_polling_falls_back_to_the_resource() {
    let e = Emu::start(Scenario::SignalRFunction, 0.0).await;
    let p = plan(Scenario::SignalRFunction);
    let f = e.faults(json!({"hide_headers": true})).await;
    assert_eq!(f["hide_headers"], true);
    let r = e.send(&put(&e, &p).with_header("Origin", "http://localhost:8080")).await.unwrap();
    assert_eq!(r.status, 201);
    assert!(r.header("Access-Control-Expose-Headers").is_none());
    assert!(r.header("Azure-AsyncOperation").is_some(), "still on the wire, as ARM sends it");
    assert!(browser_view(&r).header("Azure-AsyncOperation").is_none());
    assert!(browser_view(&r).header("Retry-After").is_none());

    // A client that sees only what a browser sees: it reads the SPLR until it is Succeeded.
    let e = Emu::start(Scenario::SignalRFunction, 0.0).await;
    e.faults(json!({"hide_headers": true})).await;
    let created = e.drive(&mut Machine::create(&p, &e.ctx()), true).await;
    assert!(created.succeeded(), "{}", created.summary);
    let log = e.requests().await;
    assert!(log.iter().all(|r| !r["path"].as_str().unwrap().contains("/operationStatuses/")), "{log:?}");
    assert!(log.iter().filter(|r| r["method"] == "GET" && r["path"] == p.splr_id()).count() >= 2);
}

#[tokio::test]
async fn front_door_401_400_and_415() {
    let e = Emu::start(Scenario::WebPubSubFunction, 0.0).await;
    let p = plan(Scenario::WebPubSubFunction);
    let body = p.body().to_value().to_string();
    let url = emu_url(&e, &p);
    let json_ct = ("Content-Type", "application/json");

    let no_token = e.raw("PUT", &url, &[json_ct], Some(&body)).await;
    assert_eq!((no_token.status, code(&no_token).as_str()), (401, "AuthenticationFailed"));
    let basic = e.raw("GET", &url, &[("Authorization", "Basic dXNlcjpwYXNz")], None).await;
    assert_eq!((basic.status, code(&basic).as_str()), (401, "InvalidAuthenticationToken"));
    let bytes = e.raw("GET", &url, &[("Authorization", "Bearer\u{e9}x")], None).await;
    assert_eq!(bytes.status, 401, "odd bytes are refused, not a crash");

    let auth = ("Authorization", "Bearer abc");
    let base = format!("{}{}", e.url, p.splr_id());
    let missing = e.raw("PUT", &base, &[auth, json_ct], Some(&body)).await;
    assert_eq!((missing.status, code(&missing).as_str()), (400, "MissingApiVersionParameter"));
    let invalid = e.raw("PUT", &format!("{base}?api-version=latest"), &[auth, json_ct], Some(&body)).await;
    assert_eq!((invalid.status, code(&invalid).as_str()), (400, "InvalidApiVersionParameter"));
    let unknown = e.raw("PUT", &format!("{base}?api-version=2099-01-01"), &[auth, json_ct], Some(&body)).await;
    assert_eq!((unknown.status, code(&unknown).as_str()), (400, "NoRegisteredProviderFound"));

    let not_json = e.raw("PUT", &url, &[auth, json_ct], Some("{\"properties\": ")).await;
    assert_eq!((not_json.status, code(&not_json).as_str()), (400, "InvalidRequestContent"));
    let mut with_fqdns = p.body().to_value();
    with_fqdns["properties"]["fqdns"] = json!(["a.contoso.com"]);
    let stable = e.raw("PUT", &url, &[auth, json_ct], Some(&with_fqdns.to_string())).await;
    assert_eq!((stable.status, code(&stable).as_str()), (400, "InvalidRequestContent"), "no fqdns in 2024-03-01");
    assert!(stable.error().unwrap().1.contains("fqdns"));
    let text = e.raw("PUT", &url, &[auth, ("Content-Type", "text/plain;charset=UTF-8")], Some(&body)).await;
    assert_eq!((text.status, code(&text).as_str()), (415, "UnsupportedMediaType"));
    let head = e.raw("HEAD", &url, &[auth], None).await;
    assert_eq!(head.status, 405);
    assert!(e.state().await["service"]["properties"]["sharedPrivateLinkResources"].as_array().unwrap().is_empty());

    let log = e.requests().await;
    assert_eq!(log[0]["bearer"], false);
    assert!(log[0]["headers"].get("authorization").is_none());
    assert_eq!(log[1]["headers"]["authorization"], "Basic <redacted>");
    assert_eq!(log[2]["headers"]["authorization"], "<redacted>", "the odd bytes reached the emulator");
    assert_eq!(log[3]["api_version"], Value::Null);
    assert_eq!(log[4]["api_version"], "latest");
    assert_eq!(log[6]["json"], Value::Null, "invalid JSON is kept as text");
    assert_eq!(log[6]["body"], "{\"properties\": ");
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried_with_retry_after_in_real_seconds() {
    let e = Emu::start(Scenario::WebPubSubPls, 0.0).await;
    let p = plan(Scenario::WebPubSubPls);
    e.reset(json!({"speed": 60, "scenario": "webpubsub-pls"})).await;
    e.faults(json!({"throttle": 1, "throttle_retry_after": 120, "server_errors": 1, "server_error_status": 503})).await;
    let t = e.send(&put(&e, &p)).await.unwrap();
    assert_eq!((t.status, code(&t).as_str()), (429, "SubscriptionRequestsThrottled"));
    assert_eq!(t.header("Retry-After"), Some("2"), "120 virtual seconds at 60x");
    assert!(t.header("Access-Control-Expose-Headers").unwrap().contains("Retry-After"));
    let u = e.send(&put(&e, &p)).await.unwrap();
    assert_eq!((u.status, code(&u).as_str()), (503, "ServiceUnavailable"));
    let ok = e.send(&put(&e, &p)).await.unwrap();
    assert_eq!(ok.status, 201);

    // The client retries through them (frozen clock again).
    e.reset(json!({"speed": 0})).await;
    e.faults(json!({"throttle": 2, "server_errors": 1, "server_error_status": 500})).await;
    let created = e.drive(&mut Machine::create(&p, &e.ctx()), false).await;
    assert!(created.succeeded(), "{}", created.summary);
    let statuses: Vec<u64> = e.requests().await.iter().map(|r| r["status"].as_u64().unwrap()).take(4).collect();
    assert_eq!(statuses, [429, 429, 500, 201]);
    assert_eq!(e.control("GET", "/faults", Value::Null).await["throttle"], 0, "counters are used up");
}

#[tokio::test]
async fn conflict_while_the_service_is_updating_then_retried() {
    let e = Emu::start(Scenario::WebPubSubFunction, 0.0).await;
    let p = plan(Scenario::WebPubSubFunction);
    e.faults(json!({"service_updating": true})).await;
    let r = e.send(&put(&e, &p)).await.unwrap();
    assert_eq!((r.status, code(&r).as_str()), (409, "Conflict"));
    e.faults(json!({"service_updating": true})).await;
    let created = e.drive(&mut Machine::create(&p, &e.ctx()), false).await;
    assert!(created.succeeded(), "{}", created.summary);
    let statuses: Vec<u64> = e.requests().await.iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(&statuses[..3], [409, 409, 201]);
}

#[tokio::test]
async fn policy_deny_answers_403_request_disallowed_by_policy_with_its_details() {
    let e = Emu::start(Scenario::WebPubSubFunction, 0.0).await;
    let p = plan(Scenario::WebPubSubFunction);
    assert_eq!(e.faults(json!({"policy_deny": true})).await["policy_deny"], true);
    let r = e.send(&put(&e, &p)).await.unwrap();
    assert_eq!((r.status, code(&r).as_str()), (403, "RequestDisallowedByPolicy"));
    assert_eq!(r.header("x-ms-failure-cause"), Some("gateway"));
    let body = r.json_body().unwrap();
    let info = &body["error"]["additionalInfo"][0];
    assert_eq!(info["type"], "PolicyViolation");
    let sub = e.state().await["service"]["id"].as_str().unwrap().split('/').nth(2).unwrap().to_string();
    assert_eq!(info["info"]["policyAssignmentScope"], format!("/subscriptions/{sub}"));
    assert_eq!(info["info"]["policyDefinitionEffect"], "Deny");
    let v = splr_core::arm::policy::violations(&body);
    assert_eq!(v.len(), 1);
    let assignments = format!("/subscriptions/{sub}/providers/Microsoft.Authorization/policyAssignments/");
    assert!(v[0].assignment_id.starts_with(&assignments), "{:?}", v[0]);
    // Nothing was created, and the client gives up at once (a 403 is not retried).
    assert!(e.state().await["service"]["properties"]["sharedPrivateLinkResources"].as_array().unwrap().is_empty());
    let denied = e.drive(&mut Machine::create(&p, &e.ctx()), false).await;
    assert!(!denied.succeeded());
    assert!(denied.summary.contains(&v[0].assignment_id), "{}", denied.summary);
    let statuses: Vec<u64> = e.requests().await.iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses, [403, 403], "one request per attempt, no retry");
    // Cleared, the same create goes through.
    assert_eq!(e.faults(json!({"policy_deny": false})).await["policy_deny"], false);
    assert!(e.drive(&mut Machine::create(&p, &e.ctx()), false).await.succeeded());
}

#[tokio::test]
async fn drop_closes_the_connection_and_slow_delays_the_answer() {
    let e = Emu::start(Scenario::WebPubSubFunction, 0.0).await;
    let p = plan(Scenario::WebPubSubFunction);
    e.faults(json!({"drop": 1})).await;
    let dropped = e.send(&put(&e, &p)).await;
    assert!(dropped.is_err(), "no answer: {dropped:?}");
    assert!(
        e.state().await["service"]["properties"]["sharedPrivateLinkResources"].as_array().unwrap().is_empty(),
        "ARM never saw it"
    );
    let again = e.send(&put(&e, &p)).await.unwrap();
    assert_eq!(again.status, 201);
    let log = e.requests().await;
    assert_eq!((log[0]["outcome"].as_str(), &log[0]["status"]), (Some("dropped"), &Value::Null));
    assert_eq!(log[0]["bearer"], true);

    e.faults(json!({"slow_ms": 300})).await;
    let t0 = Instant::now();
    let r = e.send(&Request::new(Method::Get, emu_url(&e, &p)).bearer(TOKEN)).await.unwrap();
    assert_eq!(r.status, 200);
    assert!(t0.elapsed() >= Duration::from_millis(300), "{:?}", t0.elapsed());
    let cleared = e.control("DELETE", "/faults", Value::Null).await;
    assert_eq!((cleared["slow_ms"].as_u64(), cleared["drop"].as_u64()), (Some(0), Some(0)));

    // A client whose request is dropped retries it like a network error.
    e.faults(json!({"drop": 1})).await;
    let got = e.drive(&mut Machine::get(&p, &e.ctx()), false).await;
    assert!(got.succeeded(), "{}", got.summary);
}

#[tokio::test]
async fn virtual_time_follows_real_time() {
    let e = Emu::start(Scenario::WebPubSubKeyVault, 600.0).await;
    let p = plan(Scenario::WebPubSubKeyVault);
    let t0 = Instant::now();
    let created = e.drive_real_time(&mut Machine::create(&p, &e.ctx())).await;
    assert!(created.succeeded(), "{}", created.summary);
    // 30 s ± 20% of virtual time at 600x is ~60 ms; the client then waits its default poll interval, 5 real
    // seconds (the model sends no Retry-After).
    assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
    let log = e.requests().await;
    assert!(log.iter().any(|r| r["path"].as_str().unwrap().contains("/operationStatuses/")));
    let s = e.state().await;
    assert!(s["now_ms"].as_u64().unwrap() >= 30_000 * 8 / 10, "{}", s["now_ms"]);
}

#[tokio::test]
async fn reset_builds_the_world_from_scenario_form_and_options() {
    let e = Emu::start(Scenario::WebPubSubFunction, 0.0).await;
    let sub = "6f1c2d3e-4a5b-4c6d-8e7f-901234567890";
    let s = e
        .reset(json!({
            "scenario": "signalr-keyvault",
            "form": {"subscription": sub, "resourceGroup": "rg-live", "service": "my-signalr"},
            "options": {"tier": "Free"},
            "seed": 42,
        }))
        .await;
    assert_eq!(s["scenario"], "signalr-keyvault");
    assert_eq!(s["seed"], 42);
    assert_eq!(s["service"]["sku"]["name"], "Free_F1");
    let splr_url = s["plan"]["splr_url"].as_str().unwrap().to_string();
    assert!(
        splr_url.starts_with(&format!(
            "{}/subscriptions/{sub}/resourceGroups/rg-live/providers/Microsoft.SignalRService/signalR/my-signalr/",
            e.url
        )),
        "{splr_url}"
    );
    let body = s["plan"]["body"].to_string();
    let r = e
        .raw("PUT", &splr_url, &[("Authorization", "Bearer t"), ("Content-Type", "application/json")], Some(&body))
        .await;
    assert_eq!((r.status, code(&r).as_str()), (400, "SkuNotSupported"));
    assert_eq!(e.requests().await.len(), 1);

    // A reset with nothing goes back to the start-up world, with an empty log and no faults.
    e.faults(json!({"throttle": 3})).await;
    let s = e.reset(json!({})).await;
    assert_eq!(s["scenario"], "webpubsub-function");
    assert_eq!(s["faults"]["throttle"], 0);
    assert_eq!(e.requests().await.len(), 0);

    // Mistakes are refused with a reason, and the world stays as it was.
    for bad in [
        json!({"scenario": "nope"}),
        json!({"form": {"subscription": "not-a-guid"}}),
        json!({"form": {"colour": "red"}}),
        json!({"options": {"tier": "Gold"}}),
        json!({"sped": 1}),
        json!({"speed": -1}),
    ] {
        let r = e.raw("POST", "/_emulator/reset", &[], Some(&bad.to_string())).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
        assert!(r.json_body().unwrap()["error"].is_string());
    }
    let bad = e.raw("POST", "/_emulator/faults", &[], Some("{\"throttel\": 1}")).await;
    assert_eq!(bad.status, 400);
    assert_eq!(e.raw("GET", "/_emulator/nothing", &[], None).await.status, 404);
    assert_eq!(e.state().await["scenario"], "webpubsub-function");
    assert!(e.requests().await.is_empty(), "control calls are not ARM requests");
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let e = Emu::start(Scenario::WebPubSubFunction, 0.0).await;
    let url = e.url.clone();
    let r = e.raw("POST", "/_emulator/shutdown", &[], None).await;
    assert_eq!(r.status, 200);
    tokio::time::timeout(Duration::from_secs(5), e.server.stopped()).await.expect("stops");
    let client: Client<HttpConnector, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let req = hyper::Request::get(format!("{url}/_emulator/state")).body(Full::new(Bytes::new())).unwrap();
    assert!(client.request(req).await.is_err(), "nothing listens any more");
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn a_jwt_for_another_audience_or_expired_gets_arms_401() {
    let e = Emu::start(Scenario::WebPubSubFunction, 0.0).await;
    let p = plan(Scenario::WebPubSubFunction);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let jwt = |aud: &str, exp: u64| {
        let claims = json!({"aud": aud, "exp": exp, "tid": "t", "upn": "ada@contoso.com"});
        format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", b64url(claims.to_string().as_bytes()))
    };
    let get = |token: String| Request::new(Method::Get, emu_url(&e, &p)).bearer(&token);
    let graph = e.send(&get(jwt("https://graph.microsoft.com", now + 3600))).await.unwrap();
    assert_eq!((graph.status, code(&graph).as_str()), (401, "InvalidAuthenticationTokenAudience"));
    assert!(graph.error().unwrap().1.contains("https://graph.microsoft.com"));
    let expired = e.send(&get(jwt("https://management.azure.com/", now - 60))).await.unwrap();
    assert_eq!((expired.status, code(&expired).as_str()), (401, "ExpiredAuthenticationToken"));
    let good = jwt("https://management.core.windows.net/", now + 3600);
    let created = e.send(&Request::new(Method::Put, emu_url(&e, &p)).bearer(&good).json(&p.body().to_value())).await;
    assert_eq!(created.unwrap().status, 201);
    let ok = e.send(&get(good.clone())).await.unwrap();
    assert_eq!(ok.status, 200);
    let log = serde_json::to_string(&e.requests().await).unwrap();
    assert!(!log.contains(&good), "no JWT in the log");
}

/// The documented command: the binary prints its URL first, serves, and stops when stdin closes.
#[tokio::test]
async fn the_binary_prints_its_url_and_stops_when_stdin_closes() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_splr-emulator"))
        .args(["--port", "0", "--speed", "0", "--scenario", "webpubsub-pls", "--exit-on-eof", "--exit-after", "60"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
    let client: Client<HttpConnector, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let req = hyper::Request::get(format!("{url}/_emulator/state")).body(Full::new(Bytes::new())).unwrap();
    let resp = client.request(req).await.expect("it serves");
    let state: Value = serde_json::from_slice(&resp.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(state["scenario"], "webpubsub-pls");
    assert_eq!(state["url"], url);
    drop(child.stdin.take());
    let t0 = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(10), "still running after stdin closed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Audit row 14 over HTTP: `options.replicas` (Premium) gives the service replicas; each gets a copy of
/// the SPLR under `…/replicas/{r}/sharedPrivateLinkResources` (https://github.com/Azure/azure-rest-api-specs/pull/28259),
/// which has no DELETE, and its own pending connection on the target (unverified), which the approve
/// step approves with the SPLR's own.
#[tokio::test]
async fn replicas_get_copies_of_the_splr_and_the_approve_step_approves_them_all() {
    let e = Emu::start(Scenario::WebPubSubPls, 0.0).await;
    e.reset(json!({"options": {"tier": "Premium", "replicas": ["westus-r1"]}})).await;
    let p = plan(Scenario::WebPubSubPls);
    assert!(e.drive(&mut Machine::create(&p, &e.ctx()), false).await.succeeded());
    let copy = format!("{}{}/replicas/westus-r1/sharedPrivateLinkResources/{}?api-version={}", e.url, p.service_id(), p.name, p.api_version.id);
    let auth = [("Authorization", "Bearer t")];
    let r = e.raw("GET", &copy, &auth, None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json_body().unwrap()["properties"]["status"], "Pending");
    let r = e.raw("DELETE", &copy, &auth, None).await;
    assert_eq!(r.status, 405, "no DELETE on a replica's copy: {}", r.body);
    let approved = e.drive(&mut Machine::approve(&p, &e.ctx()), false).await;
    assert!(approved.succeeded(), "{}", approved.summary);
    let r = e.raw("GET", &copy, &auth, None).await;
    assert_eq!(r.json_body().unwrap()["properties"]["status"], "Approved");
    let puts = e.requests().await.iter().filter(|x| x["method"] == "PUT" && x["path"].as_str().is_some_and(|u| u.contains("/privateEndpointConnections/"))).count();
    assert_eq!(puts, 2, "the SPLR's connection and the replica copy's");
    // A bad replica name is refused.
    let r = e.raw("POST", "/_emulator/reset", &[("Content-Type", "application/json")], Some(r#"{"options":{"replicas":["a/b"]}}"#)).await;
    assert_eq!(r.status, 400, "{}", r.body);
}

/// The header names go on the wire in ARM's casing (`Azure-AsyncOperation`, `Location`, `Retry-After`,
/// `Content-Type`, `x-ms-request-id`), as the azure-cli recording shows them for the RP's 201
/// (Azure/azure-cli@283b2dd1350f7723b4c435bf23eb946a64a65f46:src/azure-cli/azure/cli/command_modules/signalr/tests/latest/recordings/test_signalr_commands.yaml
/// lower-cases them, but the RPC's async-api-reference names them so:
/// Azure/azure-resource-manager-rpc@69e229f04cb6b91a82c97fc6f61d56055107c447:v1.0/async-api-reference.md),
/// not hyper's lower case. Read from the raw bytes: any HTTP client library would normalise them.
#[tokio::test]
async fn response_header_names_keep_arms_casing_on_the_wire() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let e = Emu::start(Scenario::WebPubSubFunction, 0.0).await;
    let p = plan(Scenario::WebPubSubFunction);
    let body = p.body().to_value().to_string();
    let addr = e.url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "PUT {}?api-version={} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        p.splr_id(),
        p.api_version.id,
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let raw = String::from_utf8_lossy(&raw);
    let (head, _) = raw.split_once("\r\n\r\n").expect("a response head");
    assert!(head.starts_with("HTTP/1.1 201"), "{head}");
    let names: Vec<&str> = head.lines().skip(1).filter_map(|l| l.split_once(':').map(|(n, _)| n)).collect();
    for want in ["Azure-AsyncOperation", "Location", "Content-Type"] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    if let Some(n) = names.iter().find(|n| n.eq_ignore_ascii_case("retry-after")) {
        assert_eq!(*n, "Retry-After");
    }
    if let Some(n) = names.iter().find(|n| n.eq_ignore_ascii_case("x-ms-request-id")) {
        assert_eq!(*n, "x-ms-request-id");
    }
}

/// The pickers' lists over real HTTP: the first page's `nextLink` points back to the emulator, and the
/// discovery conversation follows it to the last page (three Web PubSub services, two per page).
#[tokio::test]
async fn discovery_lists_page_through_next_links_over_http() {
    use splr_core::discovery::{first_url, picks::parse_all, ListConversation, ListKind};
    use splr_core::arm::reads::Reads;
    use splr_core::scenario::PLACEHOLDER_SUBSCRIPTION;
    use splr_core::service::Service;
    let e = Emu::start_with(Config { port: 0, speed: 0.0, page_size: 2, ..Config::default() }).await;
    let kind = ListKind::Services(Service::WebPubSub);
    let mut c = ListConversation::new(kind, PLACEHOLDER_SUBSCRIPTION, first_url(&e.url, kind, PLACEHOLDER_SUBSCRIPTION));
    let mut urls = Vec::new();
    while let Some(req) = c.next_request() {
        urls.push(req.url.clone());
        let resp = e.send(&req.bearer(TOKEN)).await;
        c.on_response(resp.as_ref().map_err(String::as_str));
        assert!(urls.len() < 10);
    }
    assert_eq!(urls.len(), 2, "{urls:?}");
    assert!(urls[1].starts_with(&e.url) && urls[1].contains("$skipToken=2"), "{urls:?}");
    let listed = c.result().unwrap().expect("listed");
    let names: Vec<String> = parse_all(kind, &listed.items, Scenario::WebPubSubFunction).into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["contoso-webpubsub", "contoso-chat-free", "contoso-prod-premium"]);
    // The subscriptions `az login` lists are the ones the model pages for the browser.
    let subs = e.raw("GET", "/subscriptions?api-version=2022-12-01", &[("Authorization", &format!("Bearer {TOKEN}"))], None).await;
    let ids: Vec<String> = subs.json_body().unwrap()["value"].as_array().unwrap().iter().map(|s| s["subscriptionId"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, [PLACEHOLDER_SUBSCRIPTION, splr_core::arm::catalogue::SANDBOX_SUBSCRIPTION]);
    // Without a token the list is refused, as ARM does.
    let mut c = ListConversation::new(kind, PLACEHOLDER_SUBSCRIPTION, first_url(&e.url, kind, PLACEHOLDER_SUBSCRIPTION));
    let req = c.next_request().unwrap();
    let resp = e.send(&req).await;
    c.on_response(resp.as_ref().map_err(String::as_str));
    assert_eq!(c.result().unwrap().unwrap_err().status, Some(401));
}

/// The doctor's inventory read over real HTTP from the seeded world (`options.world: "several"` on
/// reset): one row per seeded state, each with its diagnosis.
#[tokio::test]
async fn the_doctor_reads_the_seeded_world_over_http() {
    use splr_core::arm::reads::Reads;
    use splr_core::doctor::{diagnosis::Case, inventory::InventoryReads, rows::rows};
    let e = Emu::start(Scenario::WebPubSubKeyVault, 0.0).await;
    let body = json!({"scenario": "webpubsub-keyvault", "options": {"world": "many"}}).to_string();
    let bad = e.raw("POST", "/_emulator/reset", &[("Content-Type", "application/json")], Some(&body)).await;
    assert!(bad.status == 400 && bad.body.contains("several or default"), "{} {}", bad.status, bad.body);
    e.reset(json!({"scenario": "webpubsub-keyvault", "options": {"world": "several"}})).await;
    let p = plan(Scenario::WebPubSubKeyVault);
    let mut conv = InventoryReads::new(&e.url, &p.service_id(), p.api_version.id, Some(TOKEN.into()));
    for _ in 0..100 {
        let Some(req) = conv.next_request() else { break };
        match e.send(&req).await {
            Ok(r) => conv.on_response(Ok(&r)),
            Err(err) => conv.on_response(Err(&err)),
        }
    }
    assert!(conv.inventory.errors.is_empty(), "{:?}", conv.inventory.errors);
    let got: Vec<(String, Case)> =
        rows(&conv.inventory, &p.service_id(), p.api_version.id).into_iter().map(|r| (r.splr.name, r.diagnosis.case)).collect();
    assert_eq!(got.len(), splr_core::arm::seed::STATES.len(), "{got:?}");
    assert!(got.contains(&("pe-pending".into(), Case::PendingOnTarget)), "{got:?}");
    assert!(got.contains(&("pe-deleted".into(), Case::TargetDeleted)), "{got:?}");
    assert!(got.contains(&("pe-fine".into(), Case::Fine)), "{got:?}");
    e.server.stop();
}
