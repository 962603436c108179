//! A local ARM emulator: the simulator's behaviour model ([`Simulator`]) served over real HTTP on
//! 127.0.0.1, so live mode (and its browser tests) can run without Azure.
//!
//! - Every request outside `/_emulator/` becomes a [`splr_core::arm::http::Request`] with an absolute URL
//!   on the emulator's own base URL, goes to [`Simulator::handle`] — which checks what ARM checks on the
//!   way in (bearer token, throttling, api-version, resource group and service, the body against the
//!   api-version's schema) — and its answer goes back over the wire. The simulator's `endpoint` is the
//!   emulator's base URL, so `Azure-AsyncOperation`, `Location` and `nextLink` point back here.
//! - Virtual time follows real time: before each request the simulator advances by the real time elapsed
//!   times `speed` (default 60: a 30 s create takes half a second, a 2 min propagation two seconds).
//!   `Retry-After` is virtual seconds in the model; on the wire it is turned into real seconds (divided by
//!   the speed, rounded up, at least 1) so a client that obeys it waits as long as the model means.
//!   Speed 0 freezes the clock: it then moves only through `POST /_emulator/advance` (deterministic tests).
//! - CORS like a browser needs it: preflights answered, the origin echoed, and `Azure-AsyncOperation`,
//!   `Location`, `Retry-After`, `x-ms-request-id` exposed — unless the `hide_headers` switch is on: then
//!   they are still sent but not exposed, so a real browser cannot read them (the model's fallback).
//! - A control API under `/_emulator/` (a prefix ARM never uses) resets the world, sets faults, moves
//!   time and returns every request received, with the bearer token redacted.

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper_util::rt::TokioIo;
use serde::Deserialize;
use serde_json::{json, Value};
use splr_core::arm::clock::{timestamp, Millis, EPOCH_UNIX_MS};
use splr_core::arm::error::{ArmError, Code};
use splr_core::arm::faults::{Faults, ProvisioningFailure};
use splr_core::arm::http::{Method, Request, Response};
use splr_core::arm::simulator::{Simulator, Timings};
use splr_core::arm::world::{PlsVisibility, ServiceMode, Tier, WorldOptions};
use splr_core::form::{check, Field, Form, Plan};
use splr_core::live::cloud;
use splr_core::scenario::Scenario;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The prefix of the control API; ARM paths start with `/subscriptions` or `/providers`.
pub const CONTROL_PREFIX: &str = "/_emulator";
/// Virtual seconds per real second unless told otherwise.
pub const DEFAULT_SPEED: f64 = 60.0;
/// The response headers a browser may read when `hide_headers` is off.
pub const EXPOSED_HEADERS: &str = "Azure-AsyncOperation, Location, Retry-After, x-ms-request-id";
/// Request bodies above this are refused (an SPLR body is a few hundred bytes).
const MAX_BODY: usize = 1 << 20;

/// What the emulator starts with; `POST /_emulator/reset` goes back to it, changed by what it is given.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// 0: any free port.
    pub port: u16,
    pub speed: f64,
    pub seed: u64,
    pub scenario: Scenario,
    /// Form values over the scenario's contoso example, by their deep-link names (`subscription`,
    /// `resourceGroup`, `service`, `name`, `target`, `groupId`, `fqdns`, `message`, `apiVersion`).
    pub form: Vec<(Field, String)>,
    pub options: WorldOptions,
    pub timings: Timings,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            port: 8090,
            speed: DEFAULT_SPEED,
            seed: 1,
            scenario: Scenario::default(),
            form: Vec::new(),
            options: WorldOptions::default(),
            timings: Timings::default(),
        }
    }
}

impl Config {
    /// The validated plan the world is built from.
    pub fn plan(&self) -> Result<Plan, String> {
        let mut form = Form::new(self.scenario);
        for (f, v) in &self.form {
            form.set(*f, v.clone());
        }
        let c = check(&form);
        c.plan.ok_or_else(|| {
            let errs: Vec<String> = c.errors.iter().map(|(f, e)| format!("{}: {e}", f.param())).collect();
            format!("the form is not valid: {}", errs.join("; "))
        })
    }
}

/// The form fields a command line or a reset may set (scenario and shell are not request values).
pub fn form_field(param: &str) -> Option<Field> {
    Field::from_param(param).filter(|f| !matches!(f, Field::Scenario | Field::Shell))
}

/// Switches the core's [`Faults`] does not have: they act on the connection, not on ARM's answer.
#[derive(Clone, Debug, Default, PartialEq)]
struct Switches {
    /// Send `Azure-AsyncOperation` and friends but do not expose them to script.
    hide_headers: bool,
    /// Delay every ARM response by this long (real time).
    slow_ms: u64,
    /// Close the connection of the next N ARM requests without answering (ARM never sees them).
    drop: u32,
}

struct State {
    base: String,
    startup: Config,
    config: Config,
    plan: Plan,
    sim: Simulator,
    synced_at: Instant,
    /// Virtual milliseconds not yet applied (fractions).
    carry: f64,
    switches: Switches,
    requests: Vec<Value>,
    /// A Function app's / Web App's app settings by lower-case site ID (what `az functionapp config
    /// appsettings set` writes); empty after a reset.
    app_settings: BTreeMap<String, serde_json::Map<String, Value>>,
    /// Role assignments made (`az role assignment create`), as ARM answered them.
    role_assignments: Vec<Value>,
}

impl State {
    fn new(base: &str, startup: Config, config: Config) -> Result<State, String> {
        if !(config.speed.is_finite() && config.speed >= 0.0) {
            return Err(format!("speed must be a number ≥ 0, not {}", config.speed));
        }
        let plan = config.plan()?;
        let mut sim = Simulator::from_plan(&plan, &config.options, config.seed);
        sim.endpoint = base.to_string();
        sim.lenient_auth = false;
        sim.timings = config.timings.clone();
        Ok(State {
            base: base.to_string(),
            startup,
            config,
            plan,
            sim,
            synced_at: Instant::now(),
            carry: 0.0,
            switches: Switches::default(),
            requests: Vec::new(),
            app_settings: BTreeMap::new(),
            role_assignments: Vec::new(),
        })
    }

    /// Moves virtual time by the real time elapsed since the last sync, times the speed.
    fn sync(&mut self) {
        let now = Instant::now();
        let real = now.duration_since(self.synced_at);
        self.synced_at = now;
        if self.config.speed > 0.0 {
            let virt = real.as_secs_f64() * 1000.0 * self.config.speed + self.carry;
            let whole = virt.floor();
            self.carry = virt - whole;
            self.sim.advance(Millis(whole as u64));
        }
    }

    fn log(&mut self, entry: Value) {
        let mut entry = entry;
        entry["seq"] = json!(self.requests.len() + 1);
        entry["at_ms"] = json!(self.sim.now().0);
        self.requests.push(entry);
    }

    /// ARM's answer: the checks the simulator does not make, then the simulator.
    fn answer(&mut self, req: &Request) -> Response {
        let now_unix_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
        if let Some(r) = token_refused(req, now_unix_ms) {
            return r;
        }
        if let Some(r) = unsupported_media_type(req) {
            return r;
        }
        if let Some(r) = self.accounts(req) {
            return r;
        }
        if let Some(r) = self.site_config(req) {
            return r;
        }
        if let Some(r) = self.site_identity(req) {
            return r;
        }
        if let Some(r) = self.authorization(req) {
            return r;
        }
        self.sim.handle(req)
    }

    /// What a real `az login` asks ARM before anything else: the subscriptions (and tenants) the
    /// signed-in identity can see. azure-cli 2.91.0 lists them with `GET /subscriptions` (azure-mgmt-resource's
    /// SubscriptionClient, `azure/cli/core/_profile.py` `SubscriptionFinder`) and refuses a `--subscription`
    /// that is not in the list, so every subscription of the world (the service's, each target's) is listed,
    /// in the tenant [`EMULATOR_TENANT`]. Only GETs; everything else under `/subscriptions/{id}/…` is the model's.
    fn accounts(&self, req: &Request) -> Option<Response> {
        let url = splr_core::arm::http::Url::parse(&req.url).ok()?;
        let segs = url.segments();
        let what = match segs.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            [s] if s.eq_ignore_ascii_case("subscriptions") => AccountRoute::Subscriptions,
            [s, id] if s.eq_ignore_ascii_case("subscriptions") => AccountRoute::Subscription(id.to_string()),
            [t] if t.eq_ignore_ascii_case("tenants") => AccountRoute::Tenants,
            _ => return None,
        };
        let bearer = req
            .header("Authorization")
            .is_some_and(|v| v.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("bearer ")) && v.len() > 7);
        if !bearer {
            return Some(ArmError::new(Code::AuthenticationFailed, "Authentication failed. The 'Authorization' header is missing.").response());
        }
        if req.method != Method::Get {
            return Some(
                ArmError::new(
                    Code::UnsupportedHttpMethod,
                    format!("The requested resource does not support http method '{}'.", req.method),
                )
                .response(),
            );
        }
        if url.query("api-version").is_none_or(str::is_empty) {
            return Some(
                ArmError::new(
                    Code::MissingApiVersionParameter,
                    "The api-version query parameter (?api-version=) is required for all requests.",
                )
                .response(),
            );
        }
        let subscriptions = self.subscriptions();
        let sub_json = |id: &str| {
            json!({
                "id": format!("/subscriptions/{id}"),
                "authorizationSource": "RoleBased",
                "managedByTenants": [],
                "subscriptionId": id,
                "tenantId": EMULATOR_TENANT,
                "displayName": format!("Emulator subscription {id}"),
                "state": "Enabled",
                "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01", "spendingLimit": "Off"},
            })
        };
        Some(match what {
            AccountRoute::Subscriptions => {
                let value: Vec<Value> = subscriptions.iter().map(|s| sub_json(s)).collect();
                Response::json(200, &json!({"count": {"type": "Total", "value": value.len()}, "value": value}))
            }
            AccountRoute::Subscription(id) => match subscriptions.iter().find(|s| s.eq_ignore_ascii_case(&id)) {
                Some(s) => Response::json(200, &sub_json(s)),
                None => Response::json(
                    404,
                    &json!({"error": {"code": "SubscriptionNotFound", "message": format!("The subscription '{id}' could not be found.")}}),
                ),
            },
            AccountRoute::Tenants => Response::json(
                200,
                &json!({"value": [{
                    "id": format!("/tenants/{EMULATOR_TENANT}"),
                    "tenantId": EMULATOR_TENANT,
                    "tenantCategory": "Home",
                    "displayName": "SPLR emulator",
                    "defaultDomain": "splr-emulator.example",
                }]}),
            ),
        })
    }

    /// A site's app settings, the calls `az functionapp config appsettings set` makes (azure-cli 2.91.0,
    /// `azure/cli/command_modules/appservice/custom.py` `update_app_settings`: `list_application_settings`
    /// then `update_application_settings`, i.e. `POST {site}/config/appsettings/list` and
    /// `PUT {site}/config/appsettings` with the merged settings), and `GET {site}/config/slotConfigNames`
    /// for slot settings. Only on a site of the world; the model knows nothing else of a site's config.
    fn site_config(&mut self, req: &Request) -> Option<Response> {
        let url = splr_core::arm::http::Url::parse(&req.url).ok()?;
        let segs = url.segments();
        let is = |i: usize, kw: &str| segs.get(i).is_some_and(|x| x.eq_ignore_ascii_case(kw));
        if !(is(0, "subscriptions") && is(2, "resourceGroups") && is(4, "providers") && is(5, "Microsoft.Web"))
            || !is(6, "sites")
            || !is(8, "config")
        {
            return None;
        }
        let site_path = format!("/{}", segs[..8].join("/"));
        let rest: Vec<String> = segs[9..].iter().map(|s| s.to_ascii_lowercase()).collect();
        let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
        if !matches!(rest.as_slice(), ["appsettings"] | ["appsettings", "list"] | ["slotconfignames"]) {
            return None;
        }
        let refused = |status: u16, code: &str, message: String| {
            Some(Response::json(status, &json!({"error": {"code": code, "message": message}})))
        };
        if !req.header("Authorization").is_some_and(|v| v.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("bearer "))) {
            return refused(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.".into());
        }
        if url.query("api-version").is_none_or(str::is_empty) {
            return refused(
                400,
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.".into(),
            );
        }
        let Some(site) = self
            .sim
            .world
            .targets
            .iter()
            .find(|t| t.id.eq_ignore_ascii_case(&site_path) && t.kind == splr_core::target::TargetKind::Site)
        else {
            return refused(
                404,
                "ResourceNotFound",
                format!("The Resource 'Microsoft.Web/sites/{}' under resource group '{}' was not found.", segs[7], segs[3]),
            );
        };
        let (site_id, location) = (site.id.clone(), site.location.clone());
        let key = site_id.to_ascii_lowercase();
        let dictionary = |name: &str, props: Value| {
            json!({
                "id": format!("{site_id}/config/{name}"), "name": name, "type": "Microsoft.Web/sites/config",
                "location": location, "properties": props,
            })
        };
        let method_not_allowed = || {
            refused(405, "UnsupportedHttpMethod", format!("The requested resource does not support http method '{}'.", req.method))
        };
        match (rest.as_slice(), req.method) {
            (["appsettings", "list"], Method::Post) => {
                let props = self.app_settings.get(&key).cloned().unwrap_or_default();
                Some(Response::json(200, &dictionary("appsettings", Value::Object(props))))
            }
            (["appsettings"], Method::Put) => {
                let body = req.body.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok());
                let Some(Value::Object(props)) = body.as_ref().and_then(|b| b.get("properties")).cloned() else {
                    return refused(
                        400,
                        "InvalidRequestContent",
                        "The request content was invalid and could not be deserialized: 'properties' must be an object of strings.".into(),
                    );
                };
                if let Some((k, _)) = props.iter().find(|(_, v)| !v.is_string()) {
                    return refused(400, "BadRequest", format!("The value of app setting '{k}' must be a string."));
                }
                self.app_settings.insert(key, props.clone());
                Some(Response::json(200, &dictionary("appsettings", Value::Object(props))))
            }
            (["slotconfignames"], Method::Get) => Some(Response::json(
                200,
                &dictionary("slotConfigNames", json!({"connectionStringNames": null, "appSettingNames": null, "azureStorageConfigNames": null})),
            )),
            _ => method_not_allowed(),
        }
    }

    /// `az functionapp identity assign` (azure-cli 2.91.0, appservice `custom.py` `assign_identity`): GET the
    /// site, then PUT it back with `identity.type` `SystemAssigned` (`begin_create_or_update`). The emulator
    /// answers that PUT with the site and a system-assigned identity ([`SITE_PRINCIPAL_ID`]); any other PUT of
    /// a site stays the model's (405).
    fn site_identity(&mut self, req: &Request) -> Option<Response> {
        if req.method != Method::Put {
            return None;
        }
        let url = splr_core::arm::http::Url::parse(&req.url).ok()?;
        let segs = url.segments();
        let is = |i: usize, kw: &str| segs.get(i).is_some_and(|x| x.eq_ignore_ascii_case(kw));
        if segs.len() != 8 || !(is(0, "subscriptions") && is(2, "resourceGroups") && is(5, "Microsoft.Web") && is(6, "sites")) {
            return None;
        }
        let path = format!("/{}", segs.join("/"));
        let site = self.sim.world.targets.iter().find(|t| t.id.eq_ignore_ascii_case(&path))?;
        let body: Value = req.body.as_deref().and_then(|b| serde_json::from_str(b).ok())?;
        let kind = body["identity"]["type"].as_str()?;
        if !kind.to_ascii_lowercase().contains("systemassigned") {
            return None;
        }
        let mut v = site.to_json();
        v["kind"] = json!("functionapp");
        v["identity"] = json!({"type": kind, "principalId": SITE_PRINCIPAL_ID, "tenantId": EMULATOR_TENANT});
        Some(Response::json(200, &v))
    }

    /// `az role assignment create --role NAME --scope S` (azure-cli 2.91.0, role `custom.py`
    /// `_resolve_role_id`, `create_role_assignment`): `GET {S}/providers/Microsoft.Authorization/roleDefinitions
    /// ?$filter=roleName eq 'NAME'`, then `PUT {S}/providers/Microsoft.Authorization/roleAssignments/{guid}`.
    /// Scopes inside the world only; the built-in roles the bindings page uses.
    fn authorization(&mut self, req: &Request) -> Option<Response> {
        let url = splr_core::arm::http::Url::parse(&req.url).ok()?;
        let segs = url.segments();
        let at = segs.iter().position(|s| s.eq_ignore_ascii_case("Microsoft.Authorization"))?;
        if at < 1 || !segs[at - 1].eq_ignore_ascii_case("providers") {
            return None;
        }
        let scope = format!("/{}", segs[..at - 1].join("/"));
        let rest: Vec<String> = segs[at + 1..].iter().map(|s| s.to_ascii_lowercase()).collect();
        let known_scope = {
            let s = scope.to_ascii_lowercase();
            let w = &self.sim.world;
            let service_id = splr_core::resource_id::build(&w.service.subscription, &w.service.resource_group, &w.service.kind.resource_type(), &w.service.name);
            s == service_id.to_ascii_lowercase() || w.targets.iter().any(|t| t.id.eq_ignore_ascii_case(&s))
        };
        let error = |status: u16, code: &str, message: String| {
            Some(Response::json(status, &json!({"error": {"code": code, "message": message}})))
        };
        if !known_scope {
            return error(404, "ResourceNotFound", format!("The scope '{scope}' is not a resource of the emulator's world."));
        }
        let role_id = |name: &str| format!("{scope}/providers/Microsoft.Authorization/roleDefinitions/{name}");
        match (rest.iter().map(String::as_str).collect::<Vec<_>>().as_slice(), req.method) {
            (["roledefinitions"], Method::Get) => {
                let filter = url.query("$filter").unwrap_or_default().to_string();
                let value: Vec<Value> = BUILT_IN_ROLES
                    .iter()
                    .filter(|(name, _)| filter.is_empty() || filter.contains(&format!("'{name}'")))
                    .map(|(name, guid)| json!({
                        "id": role_id(guid), "name": guid, "type": "Microsoft.Authorization/roleDefinitions",
                        "properties": {"roleName": name, "type": "BuiltInRole", "assignableScopes": ["/"], "permissions": []},
                    }))
                    .collect();
                Some(Response::json(200, &json!({"value": value})))
            }
            (["roleassignments", name], Method::Put) => {
                let body: Value = req.body.as_deref().and_then(|b| serde_json::from_str(b).ok()).unwrap_or(Value::Null);
                let props = &body["properties"];
                let Some(def) = props["roleDefinitionId"].as_str() else {
                    return error(400, "InvalidRoleDefinitionId", "The role definition ID is missing.".into());
                };
                if !BUILT_IN_ROLES.iter().any(|(_, g)| def.to_ascii_lowercase().ends_with(&format!("/roledefinitions/{g}"))) {
                    return error(400, "RoleDefinitionDoesNotExist", format!("The specified role definition with ID '{def}' does not exist."));
                }
                if props["principalId"].as_str().is_none_or(str::is_empty) {
                    return error(400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.".into());
                }
                let v = json!({
                    "id": format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"),
                    "name": name, "type": "Microsoft.Authorization/roleAssignments",
                    "properties": {
                        "roleDefinitionId": def, "principalId": props["principalId"], "principalType": props["principalType"],
                        "scope": scope,
                    },
                });
                self.role_assignments.push(v.clone());
                Some(Response::json(201, &v))
            }
            _ => None,
        }
    }

    /// The service's subscription first, then each target's, without repeats (case-insensitive).
    fn subscriptions(&self) -> Vec<String> {
        let w = &self.sim.world;
        let mut out = vec![w.service.subscription.clone()];
        for t in &w.targets {
            let sub = t.id.split('/').nth(2).unwrap_or_default();
            if !sub.is_empty() && !out.iter().any(|s| s.eq_ignore_ascii_case(sub)) {
                out.push(sub.to_string());
            }
        }
        out
    }

    fn state_json(&self) -> Value {
        let w = &self.sim.world;
        let running = self.sim.operations().iter().any(|o| o.status.as_str() == "Running");
        json!({
            "url": self.base,
            "now_ms": self.sim.now().0,
            "next_event_at_ms": self.sim.next_event_at().map(|m| m.0),
            "speed": self.config.speed,
            "seed": self.config.seed,
            "scenario": self.config.scenario.slug(),
            "plan": {
                "service_id": self.plan.service_id(),
                "splr_id": self.plan.splr_id(),
                "splr_url": format!("{}{}?api-version={}", self.base, self.plan.splr_id(), self.plan.api_version.id),
                "target_id": self.plan.target.id.text,
                "api_version": self.plan.api_version.id,
                "body": self.plan.body().to_value(),
            },
            "faults": faults_json(&self.sim.faults, &self.switches),
            "app_settings": self.app_settings,
            "role_assignments": self.role_assignments,
            "service": w.service_json(if running {
                splr_core::arm::status::ProvisioningState::Updating
            } else {
                splr_core::arm::status::ProvisioningState::Succeeded
            }),
            "targets": w.targets.iter().map(|t| json!({
                "id": t.id,
                "connections": t.connections.iter().map(|c| t.connection_json(c)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

enum AccountRoute {
    Subscriptions,
    Subscription(String),
    Tenants,
}

/// The tenant of every subscription the emulator lists (`GET /subscriptions`); a token issued for the
/// emulator (tests/real_az.rs) carries it as `tid`.
pub const EMULATOR_TENANT: &str = "00000000-0000-0000-0000-00000000e7e7";

/// The principal ID of a site's system-assigned identity once `az functionapp identity assign` turned it on.
pub const SITE_PRINCIPAL_ID: &str = "00000000-0000-0000-0000-0000000051fe";

/// Built-in roles the emulator knows (name, role definition GUID, Azure's built-in role ID): the one the
/// bindings page assigns.
pub const BUILT_IN_ROLES: [(&str, &str); 1] = [("Web PubSub Service Owner", "12cf5a90-567b-43ae-8102-96cf46c7d9b4")];


fn wall_clock(unix_ms: u64) -> String {
    match unix_ms.checked_sub(EPOCH_UNIX_MS) {
        Some(at) => timestamp(Millis(at)),
        None => format!("{} seconds after 1970-01-01", unix_ms / 1000),
    }
}

/// The emulator cannot check a signature, so any token is accepted — except a JWT that ARM would refuse
/// for its claims alone: issued for another audience, or expired. Anything else (`x`, a test string)
/// passes, so users can practise without a real token.
fn token_refused(req: &Request, now_unix_ms: u64) -> Option<Response> {
    let token = req.header("Authorization")?.get(7..)?;
    // The core's decoder, as live mode uses it; a token that is not a JWT passes.
    let info = splr_core::live::token::decode(token).ok()?;
    let refuse = |code: &str, message: String| {
        Response::json(401, &json!({"error": {"code": code, "message": message}}))
            .with_header("x-ms-failure-cause", "gateway")
            .with_header(
                "WWW-Authenticate",
                format!(
                    "Bearer authorization_uri=\"https://{}/common\", error=\"invalid_token\", error_description=\"{code}\"",
                    cloud::PUBLIC.login_host
                ),
            )
    };
    let aud = info.audience.unwrap_or_default();
    // The emulator stands in for every cloud the app offers: any of their ARM audiences passes (the one
    // list in the core); ARM's message names the public cloud's.
    if cloud::cloud_of_audience(&aud).is_none() {
        let allowed: Vec<String> =
            cloud::PUBLIC.audiences.iter().flat_map(|a| [format!("'{a}/'"), format!("'{a}'")]).collect();
        return Some(refuse(
            "InvalidAuthenticationTokenAudience",
            format!(
                "The access token has been obtained for wrong audience or resource '{}'. It should exactly match with \
                 one of the allowed audiences {}.",
                aud,
                allowed.join(",")
            ),
        ));
    }
    if let Some(exp) = info.expires_at.map(|e| u64::try_from(e).unwrap_or(0)) {
        if exp.saturating_mul(1000) <= now_unix_ms {
            return Some(refuse(
                "ExpiredAuthenticationToken",
                format!(
                    "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
                    wall_clock(exp.saturating_mul(1000)),
                    wall_clock(now_unix_ms)
                ),
            ));
        }
    }
    None
}

/// ARM refuses a body that is not JSON by its content type (fetch sends a string as `text/plain`).
/// Only once the bearer check passed: 401 comes first at ARM's front door.
fn unsupported_media_type(req: &Request) -> Option<Response> {
    let has_body = req.body.as_deref().is_some_and(|b| !b.trim().is_empty());
    let bearer =
        req.header("Authorization").is_some_and(|v| v.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("bearer ")));
    if !has_body || !bearer {
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

fn provisioning_failure_slug(f: ProvisioningFailure) -> &'static str {
    match f {
        ProvisioningFailure::PlanWithoutPrivateEndpoints => "plan_without_private_endpoints",
        ProvisioningFailure::QuotaExceeded => "quota_exceeded",
        ProvisioningFailure::Internal => "internal",
    }
}

fn faults_json(f: &Faults, s: &Switches) -> Value {
    json!({
        "reject_on_target": f.reject_on_target,
        "delete_target": f.delete_target,
        "provisioning_failure": f.provisioning_failure.map(provisioning_failure_slug),
        "throttle": f.throttle,
        "throttle_retry_after": f.throttle_retry_after,
        "server_errors": f.server_errors,
        "server_error_status": f.server_error_status,
        "propagation_multiplier": f.propagation_multiplier,
        "service_updating": f.service_updating,
        "hide_headers": s.hide_headers,
        "slow_ms": s.slow_ms,
        "drop": s.drop,
    })
}

/// `POST /_emulator/faults`: the fields given replace the current ones; the rest stay.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultsPatch {
    reject_on_target: Option<bool>,
    delete_target: Option<bool>,
    /// `null` clears; `"plan_without_private_endpoints"`, `"quota_exceeded"`, `"internal"`.
    #[serde(default, deserialize_with = "present")]
    provisioning_failure: Option<Value>,
    throttle: Option<u32>,
    throttle_retry_after: Option<u64>,
    server_errors: Option<u32>,
    server_error_status: Option<u16>,
    propagation_multiplier: Option<f64>,
    service_updating: Option<bool>,
    hide_headers: Option<bool>,
    slow_ms: Option<u64>,
    drop: Option<u32>,
}

/// Keeps an explicit `null` apart from an absent field.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl FaultsPatch {
    fn apply(self, f: &mut Faults, s: &mut Switches) -> Result<(), String> {
        if let Some(v) = self.provisioning_failure {
            f.provisioning_failure = match v.as_str() {
                None if v.is_null() => None,
                Some(slug) => Some(
                    ProvisioningFailure::ALL
                        .into_iter()
                        .find(|p| provisioning_failure_slug(*p) == slug)
                        .ok_or_else(|| format!("provisioning_failure: unknown '{slug}'"))?,
                ),
                None => return Err("provisioning_failure: a string or null".into()),
            };
        }
        if let Some(v) = self.server_error_status {
            if v != 500 && v != 503 {
                return Err(format!("server_error_status: 500 or 503, not {v}"));
            }
            f.server_error_status = v;
        }
        if let Some(v) = self.propagation_multiplier {
            if !(v.is_finite() && v > 0.0) {
                return Err(format!("propagation_multiplier: a number > 0, not {v}"));
            }
            f.propagation_multiplier = v;
        }
        macro_rules! set {
            ($dst:expr, $src:expr) => {
                if let Some(v) = $src {
                    $dst = v;
                }
            };
        }
        set!(f.reject_on_target, self.reject_on_target);
        set!(f.delete_target, self.delete_target);
        set!(f.throttle, self.throttle);
        set!(f.throttle_retry_after, self.throttle_retry_after);
        set!(f.server_errors, self.server_errors);
        set!(f.service_updating, self.service_updating);
        set!(s.hide_headers, self.hide_headers);
        set!(s.slow_ms, self.slow_ms);
        set!(s.drop, self.drop);
        Ok(())
    }
}

/// `POST /_emulator/reset`: omitted keys keep what the emulator was started with.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetBody {
    scenario: Option<String>,
    form: Option<BTreeMap<String, String>>,
    options: Option<OptionsBody>,
    seed: Option<u64>,
    speed: Option<f64>,
    timings: Option<TimingsBody>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsBody {
    tier: Option<String>,
    mode: Option<String>,
    location: Option<String>,
    pls_visibility: Option<String>,
    target_exists: Option<bool>,
    target_supports_private_endpoints: Option<bool>,
    rights_on_target: Option<bool>,
}

/// Parses a tier name (`Free`, `Standard`, `Premium`, or a SKU such as `Free_F1`).
pub fn parse_tier(s: &str) -> Option<Tier> {
    let s = s.trim().to_ascii_lowercase();
    [Tier::Free, Tier::Standard, Tier::Premium]
        .into_iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(&s) || t.sku().eq_ignore_ascii_case(&s))
        .or_else(|| (s == "premium_p2").then_some(Tier::Premium))
}

pub fn parse_mode(s: &str) -> Option<ServiceMode> {
    [ServiceMode::Default, ServiceMode::Serverless, ServiceMode::Classic]
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
}

impl OptionsBody {
    fn into_options(self) -> Result<WorldOptions, String> {
        let mut o = WorldOptions::default();
        if let Some(t) = self.tier {
            o.tier = parse_tier(&t).ok_or_else(|| format!("tier: Free, Standard or Premium, not '{t}'"))?;
        }
        if let Some(m) = self.mode {
            o.mode = Some(parse_mode(&m).ok_or_else(|| format!("mode: Default, Serverless or Classic, not '{m}'"))?);
        }
        if let Some(l) = self.location {
            o.location = l;
        }
        if let Some(v) = self.pls_visibility {
            o.pls_visibility = match v.to_ascii_lowercase().as_str() {
                "anyone" => PlsVisibility::Anyone,
                "restricted" => PlsVisibility::Restricted,
                _ => return Err(format!("pls_visibility: anyone or restricted, not '{v}'")),
            };
        }
        if let Some(b) = self.target_exists {
            o.target_exists = b;
        }
        if let Some(b) = self.target_supports_private_endpoints {
            o.target_supports_private_endpoints = b;
        }
        if let Some(b) = self.rights_on_target {
            o.rights_on_target = b;
        }
        Ok(o)
    }
}

/// Virtual durations in milliseconds over the model's defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimingsBody {
    create_ms: Option<u64>,
    update_ms: Option<u64>,
    delete_ms: Option<u64>,
    busy_after_delete_ms: Option<u64>,
    site_approval_ms: Option<u64>,
    propagation_ms: Option<u64>,
    /// 0: a pending connection never times out.
    pending_timeout_ms: Option<u64>,
    jitter_percent: Option<u64>,
    /// Virtual seconds; 0: no `Retry-After` on async responses (the model's default sends none, as the
    /// recorded SignalR RP does).
    retry_after: Option<u64>,
}

impl TimingsBody {
    fn into_timings(self) -> Timings {
        let mut t = Timings::default();
        let ms = |v: Option<u64>, d: Millis| v.map(Millis).unwrap_or(d);
        t.create = ms(self.create_ms, t.create);
        t.update = ms(self.update_ms, t.update);
        t.delete = ms(self.delete_ms, t.delete);
        t.busy_after_delete = ms(self.busy_after_delete_ms, t.busy_after_delete);
        t.site_approval = ms(self.site_approval_ms, t.site_approval);
        t.propagation = ms(self.propagation_ms, t.propagation);
        if let Some(p) = self.pending_timeout_ms {
            t.pending_timeout = (p > 0).then_some(Millis(p));
        }
        if let Some(j) = self.jitter_percent {
            t.jitter_percent = j.min(100);
        }
        if let Some(r) = self.retry_after {
            t.retry_after = (r > 0).then_some(r);
        }
        t
    }
}

impl ResetBody {
    fn into_config(self, startup: &Config) -> Result<Config, String> {
        let mut c = startup.clone();
        if let Some(s) = self.scenario {
            c.scenario = Scenario::from_slug(&s).ok_or_else(|| {
                let all: Vec<&str> = Scenario::ALL.iter().map(|s| s.slug()).collect();
                format!("scenario: one of {}, not '{s}'", all.join(", "))
            })?;
        }
        if let Some(form) = self.form {
            c.form.clear();
            for (k, v) in form {
                let f = form_field(&k).ok_or_else(|| format!("form: unknown field '{k}'"))?;
                c.form.push((f, v));
            }
        }
        if let Some(o) = self.options {
            c.options = o.into_options()?;
        }
        if let Some(s) = self.seed {
            c.seed = s;
        }
        if let Some(s) = self.speed {
            c.speed = s;
        }
        if let Some(t) = self.timings {
            c.timings = t.into_timings();
        }
        Ok(c)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceBody {
    ms: Option<u64>,
    next_event: Option<bool>,
}

// ---- HTTP ------------------------------------------------------------------------------------------

/// Returned by the service to make hyper close the connection without answering (the `drop` switch).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the emulator's drop switch")
    }
}

impl std::error::Error for Dropped {}

type Body = Full<Bytes>;

struct Shared {
    state: Mutex<State>,
    stop: watch::Sender<bool>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock must not take the emulator down for the next test.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running emulator.
pub struct Server {
    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub url: String,
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Stops accepting connections; [`Server::stopped`] then returns.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// A handle that stops the server from elsewhere (a timer, a stdin watcher).
    pub fn stop_handle(&self) -> StopHandle {
        StopHandle(self.stop.clone())
    }

    /// Waits until the server stops (by [`Server::stop`] or `POST /_emulator/shutdown`).
    pub async fn stopped(self) {
        let _ = self.task.await;
    }
}

#[derive(Clone)]
pub struct StopHandle(watch::Sender<bool>);

impl StopHandle {
    pub fn stop(&self) {
        let _ = self.0.send(true);
    }
}

/// Binds 127.0.0.1:`config.port` and serves until stopped.
pub async fn start(config: Config) -> Result<Server, String> {
    start_advertising(config, None).await
}

/// [`start`] behind a front end that the emulator's own answers must point to: `public_url` (for example
/// `https://127.0.0.1:<port>` of a TLS terminator a test puts in front, tests/real_az.rs) becomes the base of
/// `Azure-AsyncOperation`, `Location` and `nextLink`, and [`Server::url`]; [`Server::addr`] stays the plain
/// HTTP listener on 127.0.0.1.
pub async fn start_advertising(config: Config, public_url: Option<String>) -> Result<Server, String> {
    let listener = TcpListener::bind(("127.0.0.1", config.port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", config.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let url = public_url.map(|u| u.trim_end_matches('/').to_string()).unwrap_or_else(|| format!("http://{addr}"));
    let state = State::new(&url, config.clone(), config)?;
    let (stop, mut stopped) = watch::channel(false);
    let shared = Arc::new(Shared { state: Mutex::new(state), stop: stop.clone() });
    let task = tokio::spawn(async move {
        loop {
            let stream = tokio::select! {
                r = listener.accept() => match r {
                    Ok((s, _)) => s,
                    Err(_) => continue,
                },
                _ = stopped.wait_for(|s| *s) => break,
            };
            let shared = shared.clone();
            tokio::spawn(async move {
                let svc = hyper::service::service_fn(move |req| serve(shared.clone(), req));
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
            });
        }
    });
    Ok(Server { url, addr, stop, task })
}

fn header_str(h: &hyper::HeaderMap, name: &str) -> Option<String> {
    h.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

async fn read_body(body: Incoming) -> Result<Bytes, ()> {
    Limited::new(body, MAX_BODY).collect().await.map(|c| c.to_bytes()).map_err(|_| ())
}

async fn serve(shared: Arc<Shared>, req: hyper::Request<Incoming>) -> Result<hyper::Response<Body>, Dropped> {
    let (parts, body) = req.into_parts();
    let origin = header_str(&parts.headers, "origin");
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let is_control = path == CONTROL_PREFIX || path.starts_with(&format!("{CONTROL_PREFIX}/"));

    if parts.method == hyper::Method::OPTIONS {
        if !is_control {
            let mut st = shared.lock();
            st.log(json!({
                "method": "OPTIONS", "path": path, "query": query, "api_version": api_version(&query),
                "headers": headers_json(&parts.headers), "bearer": false, "body": null, "json": null,
                "status": 204, "error_code": null, "outcome": "preflight",
            }));
        }
        return Ok(preflight(&parts.headers, origin.as_deref()));
    }
    let Ok(bytes) = read_body(body).await else {
        let r = Response::json(
            413,
            &json!({"error": {"code": "RequestEntityTooLarge", "message": "The request body is too large."}}),
        );
        return Ok(to_hyper(&r, origin.as_deref(), true, 0.0));
    };
    if is_control {
        let (status, v) = control(&shared, &parts.method, &path, &bytes);
        let r = Response::json(status, &v);
        return Ok(to_hyper(&r, origin.as_deref(), true, 0.0));
    }

    let body_text = (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned());
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let bearer = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("authorization")
            && v.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
            && v.get(7..).is_some_and(|t| !t.trim().is_empty())
    });
    let mut entry = json!({
        "method": parts.method.as_str(), "path": path, "query": query, "api_version": api_version(&query),
        "headers": headers_json(&parts.headers), "bearer": bearer, "body": body_text,
        "json": body_text.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok()),
    });

    let (slow_ms, dropped) = {
        let mut st = shared.lock();
        let dropped = st.switches.drop > 0;
        if dropped {
            st.switches.drop -= 1;
        }
        (st.switches.slow_ms, dropped)
    };
    if slow_ms > 0 {
        tokio::time::sleep(Duration::from_millis(slow_ms)).await;
    }
    let mut st = shared.lock();
    st.sync();
    if dropped {
        entry["status"] = Value::Null;
        entry["error_code"] = Value::Null;
        entry["outcome"] = json!("dropped");
        st.log(entry);
        return Err(Dropped);
    }
    let resp = match Method::parse(parts.method.as_str()) {
        Some(m) => {
            let base = st.base.clone();
            let url = format!("{base}{}", parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"));
            st.answer(&Request { method: m, url, headers, body: body_text })
        }
        None => ArmError::new(
            Code::UnsupportedHttpMethod,
            format!("The requested resource does not support http method '{}'.", parts.method),
        )
        .response(),
    };
    entry["status"] = json!(resp.status);
    entry["error_code"] = json!(resp.error().map(|e| e.0));
    entry["outcome"] = json!("answered");
    st.log(entry);
    let (hide, speed) = (st.switches.hide_headers, st.config.speed);
    drop(st);
    Ok(to_hyper(&resp, origin.as_deref(), !hide, speed))
}

fn api_version(query: &str) -> Value {
    let q = splr_core::arm::http::Url::parse(&format!("http://x/?{query}")).ok();
    json!(q.and_then(|u| u.query("api-version").map(str::to_string)))
}

/// Request headers as `{lower-case name: value}`; `Authorization` never stored.
fn headers_json(h: &hyper::HeaderMap) -> Value {
    let mut out = serde_json::Map::new();
    for name in h.keys() {
        let values: Vec<String> = h
            .get_all(name)
            .iter()
            .map(|v| {
                if name == hyper::header::AUTHORIZATION {
                    redact(&String::from_utf8_lossy(v.as_bytes()))
                } else {
                    String::from_utf8_lossy(v.as_bytes()).into_owned()
                }
            })
            .collect();
        out.insert(name.as_str().to_string(), json!(values.join(", ")));
    }
    Value::Object(out)
}

/// `Bearer <redacted>`: the scheme is kept (tests check one was sent), the credential never.
pub fn redact(authorization: &str) -> String {
    match authorization.split_once(' ') {
        Some((scheme, rest)) if !rest.trim().is_empty() => format!("{scheme} <redacted>"),
        _ if authorization.trim().is_empty() => String::new(),
        _ => "<redacted>".into(),
    }
}

/// `Retry-After` in real seconds: virtual seconds divided by the speed, rounded up, at least 1.
pub fn real_retry_after(virtual_secs: &str, speed: f64) -> String {
    match virtual_secs.trim().parse::<u64>() {
        Ok(v) if speed > 0.0 && v > 0 => ((v as f64 / speed).ceil() as u64).max(1).to_string(),
        _ => virtual_secs.to_string(),
    }
}

fn cors(h: &mut hyper::HeaderMap, origin: Option<&str>) {
    let allow = origin.and_then(|o| HeaderValue::from_str(o).ok()).unwrap_or(HeaderValue::from_static("*"));
    h.insert("access-control-allow-origin", allow);
    h.append("vary", HeaderValue::from_static("Origin"));
}

fn preflight(req: &hyper::HeaderMap, origin: Option<&str>) -> hyper::Response<Body> {
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

fn to_hyper(resp: &Response, origin: Option<&str>, expose: bool, speed: f64) -> hyper::Response<Body> {
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

// ---- control API -----------------------------------------------------------------------------------

fn parse<T: for<'de> Deserialize<'de> + Default>(bytes: &[u8]) -> Result<T, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))
}

fn bad(msg: impl Into<String>) -> (u16, Value) {
    (400, json!({"error": msg.into()}))
}

fn control(shared: &Shared, method: &hyper::Method, path: &str, body: &[u8]) -> (u16, Value) {
    use hyper::Method as M;
    let route = path.trim_start_matches(CONTROL_PREFIX).trim_end_matches('/');
    let mut st = shared.lock();
    st.sync();
    match (method, route) {
        (&M::GET, "") => (200, help()),
        (&M::GET, "/state") => (200, st.state_json()),
        (&M::POST, "/reset") => {
            let cfg = match parse::<ResetBody>(body).and_then(|b| b.into_config(&st.startup)) {
                Ok(c) => c,
                Err(e) => return bad(e),
            };
            match State::new(&st.base.clone(), st.startup.clone(), cfg) {
                Ok(new) => {
                    *st = new;
                    (200, st.state_json())
                }
                Err(e) => bad(e),
            }
        }
        (&M::GET, "/faults") => (200, faults_json(&st.sim.faults, &st.switches)),
        (&M::POST, "/faults") => {
            let patch = match parse::<FaultsPatch>(body) {
                Ok(p) => p,
                Err(e) => return bad(e),
            };
            let (mut f, mut s) = (st.sim.faults.clone(), st.switches.clone());
            if let Err(e) = patch.apply(&mut f, &mut s) {
                return bad(e);
            }
            st.sim.set_faults(f);
            st.switches = s;
            (200, faults_json(&st.sim.faults, &st.switches))
        }
        (&M::DELETE, "/faults") => {
            st.sim.set_faults(Faults::default());
            st.switches = Switches::default();
            (200, faults_json(&st.sim.faults, &st.switches))
        }
        (&M::POST, "/advance") => {
            let b = match parse::<AdvanceBody>(body) {
                Ok(b) => b,
                Err(e) => return bad(e),
            };
            if let Some(ms) = b.ms {
                st.sim.advance(Millis(ms));
            }
            if b.next_event == Some(true) {
                st.sim.advance_to_next_event();
            }
            (200, json!({"now_ms": st.sim.now().0, "next_event_at_ms": st.sim.next_event_at().map(|m| m.0)}))
        }
        (&M::GET, "/requests") => (200, json!(st.requests)),
        (&M::DELETE, "/requests") => {
            st.requests.clear();
            (200, json!([]))
        }
        (&M::POST, "/shutdown") => {
            let _ = shared.stop.send(true);
            (200, json!({"stopping": true}))
        }
        _ => (404, json!({"error": format!("no control route {method} {path}"), "routes": help()["routes"]})),
    }
}

fn help() -> Value {
    json!({
        "emulator": "splr-emulator: the playground's ARM model over HTTP",
        "routes": [
            "GET /_emulator/state",
            "POST /_emulator/reset {scenario, form{...}, options{...}, seed, speed, timings{...}}",
            "GET|POST|DELETE /_emulator/faults",
            "POST /_emulator/advance {ms} | {next_event: true}",
            "GET|DELETE /_emulator/requests",
            "POST /_emulator/shutdown",
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_every_credential() {
        assert_eq!(redact("Bearer eyJ.abc.def"), "Bearer <redacted>");
        assert_eq!(redact("bearer x"), "bearer <redacted>");
        assert_eq!(redact("sometoken"), "<redacted>");
        assert_eq!(redact("Bearer "), "<redacted>");
        assert_eq!(redact(""), "");
    }

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
    fn reset_bodies_parse_and_refuse_typos() {
        let startup = Config::default();
        let c = parse::<ResetBody>(br#"{"scenario":"webpubsub-pls","options":{"tier":"Free_F1"},"seed":3}"#)
            .unwrap()
            .into_config(&startup)
            .unwrap();
        assert_eq!((c.scenario, c.options.tier, c.seed), (Scenario::WebPubSubPls, Tier::Free, 3));
        assert!(c.plan().is_ok());
        assert!(parse::<ResetBody>(br#"{"scenaro":"x"}"#).is_err());
        let bad_form =
            parse::<ResetBody>(br#"{"form":{"subscription":"nope"}}"#).unwrap().into_config(&startup).unwrap();
        assert!(bad_form.plan().unwrap_err().contains("subscription"));
        let mut f = Faults::default();
        let mut s = Switches::default();
        parse::<FaultsPatch>(br#"{"provisioning_failure":"internal","throttle":2,"drop":1}"#)
            .unwrap()
            .apply(&mut f, &mut s)
            .unwrap();
        assert_eq!((f.provisioning_failure, f.throttle, s.drop), (Some(ProvisioningFailure::Internal), 2, 1));
        parse::<FaultsPatch>(br#"{"provisioning_failure":null}"#).unwrap().apply(&mut f, &mut s).unwrap();
        assert_eq!(f.provisioning_failure, None);
        assert!(parse::<FaultsPatch>(br#"{"server_error_status":502}"#).unwrap().apply(&mut f, &mut s).is_err());
    }
}
