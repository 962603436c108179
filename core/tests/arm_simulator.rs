//! The simulator's answers, request by request: status codes, headers and body shapes as ARM gives them,
//! every transition of an SPLR and its connection, and every error code it declares.

use serde_json::{json, Value};
use splr_core::arm::clock::Millis;
use splr_core::arm::error::Code;
use splr_core::arm::faults::{Faults, ProvisioningFailure, CORS_SAFELISTED};
use splr_core::arm::http::{Method, Request, Response, Url};
use splr_core::arm::simulator::Simulator;
use splr_core::arm::status::{ConnectionStatus, ProvisioningState};
use splr_core::arm::world::{PlsVisibility, ServiceMode, Tier, WorldOptions, MANAGED_SUBSCRIPTION};
use splr_core::form::{check, Form, Plan};
use splr_core::scenario::Scenario;
use splr_core::splr::SplrBody;
use std::collections::BTreeSet;

const TOKEN: &str = "token";

fn plan(s: Scenario) -> Plan {
    check(&Form::new(s)).plan.unwrap()
}

fn setup(s: Scenario, opts: WorldOptions) -> (Plan, Simulator) {
    let p = plan(s);
    let sim = Simulator::from_plan(&p, &opts, 7);
    (p, sim)
}

fn get(sim: &mut Simulator, url: &str) -> Response {
    sim.handle(&Request::new(Method::Get, url).bearer(TOKEN))
}

fn put(sim: &mut Simulator, url: &str, body: &Value) -> Response {
    sim.handle(&Request::new(Method::Put, url).bearer(TOKEN).json(body))
}

fn delete(sim: &mut Simulator, url: &str) -> Response {
    sim.handle(&Request::new(Method::Delete, url).bearer(TOKEN))
}

fn create(sim: &mut Simulator, p: &Plan) -> Response {
    put(sim, &p.url(), &p.body().to_value())
}

/// An error body is exactly `{"error":{"code","message"}}`.
fn assert_arm_error(r: &Response, status: u16, expected: Code) {
    assert_eq!(r.status, status, "{}", r.body);
    let v = r.json_body().unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["error"]);
    let mut inner: Vec<&String> = v["error"].as_object().unwrap().keys().collect();
    inner.sort();
    assert_eq!(inner, ["code", "message"]);
    assert_eq!(v["error"]["code"], expected.as_str());
    assert!(v["error"]["message"].as_str().unwrap().len() > 10);
}

fn header_url(r: &Response, name: &str) -> Url {
    Url::parse(r.header(name).unwrap_or_else(|| panic!("{name} missing in {:?}", r.headers))).unwrap()
}

/// Audit row 4. The async URLs are resource-scoped under the service, with the RP's type casing, and the
/// 201 carries no Retry-After: Azure/azure-cli
/// src/azure-cli/azure/cli/command_modules/signalr/tests/latest/recordings/test_signalr_commands.yaml
/// @283b2dd1350f7723b4c435bf23eb946a64a65f46 (201 of a SignalR PUT: `azure-asyncoperation:
/// .../resourceGroups/{rg}/providers/Microsoft.SignalRService/SignalR/{name}/operationStatuses/{guid}?api-version=...&t=&c=&s=&h=`,
/// `location: .../operationResults/{guid}?...`, no `retry-after`).
#[test]
fn create_answers_201_with_signed_operation_urls_and_the_resource() {
    for (scenario, rp_type) in [(Scenario::WebPubSubFunction, "WebPubSub"), (Scenario::SignalRFunction, "SignalR")] {
        let (p, mut sim) = setup(scenario, WorldOptions::default());
        let r = create(&mut sim, &p);
        assert_eq!(r.status, 201);
        let op = header_url(&r, "Azure-AsyncOperation");
        assert_eq!(op.host, "management.azure.com");
        let segs = op.segments();
        assert_eq!(
            &segs[..9],
            [
                "subscriptions",
                &p.subscription,
                "resourceGroups",
                &p.resource_group,
                "providers",
                "Microsoft.SignalRService",
                rp_type,
                &p.service_name,
                "operationStatuses"
            ]
        );
        assert_eq!(segs.len(), 10);
        assert!(splr_core::resource_id::is_uuid(&segs[9]));
        assert_eq!(op.query("api-version"), Some(p.api_version.id));
        for k in ["t", "c", "s", "h"] {
            assert!(op.query(k).is_some_and(|v| v.len() >= 10), "{k}");
        }
        let loc = header_url(&r, "Location");
        assert_eq!(loc.segments()[..8], segs[..8], "under the same service");
        assert_eq!(loc.segments()[8], "operationResults");
        assert_eq!(loc.segments()[9], segs[9], "the same operation");
        assert_eq!(r.header("Retry-After"), None, "none by default, as recorded");
    }
    // Configured, it is sent.
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    sim.timings.retry_after = Some(10);
    let r = create(&mut sim, &p);
    assert_eq!(r.header("Retry-After"), Some("10"));

    let v = r.json_body().unwrap();
    // Audit row 19: the RP answers in its own casing, as the official examples do (`resourcegroups`,
    // `Microsoft.SignalRService/WebPubSub/…`: Azure/azure-rest-api-specs@73b50feb8bdc872e33a96ac2e7a32ac9ba67de3f:
    // specification/webpubsub/resource-manager/Microsoft.SignalRService/preview/2026-03-01-preview/examples/WebPubSubSharedPrivateLinkResources_Get.json,
    // copy in tests/fixtures/arm-examples), not the request's; the same resource case-insensitively.
    let id = v["id"].as_str().unwrap();
    assert!(id.eq_ignore_ascii_case(&p.splr_id()), "{id}");
    assert_ne!(id, p.splr_id(), "the casing differs from the request's");
    assert!(id.contains("/resourcegroups/contoso/providers/Microsoft.SignalRService/WebPubSub/contoso-webpubsub/"), "{id}");
    assert_eq!(v["name"], "func-pe");
    assert_eq!(v["type"], "Microsoft.SignalRService/WebPubSub/sharedPrivateLinkResources");
    let body: SplrBody = serde_json::from_value(v).unwrap();
    assert_eq!(body.properties.provisioning_state.as_deref(), Some("Creating"));
    assert_eq!(body.properties.status, None, "no connection yet");
    assert_eq!(body.properties.private_link_resource_id, p.target.id.text);
    assert_eq!(body.properties.group_id.as_deref(), Some("sites"));
}

#[test]
fn the_operation_runs_then_succeeds_and_the_connection_appears_pending() {
    let (p, mut sim) = setup(Scenario::SignalRFunction, WorldOptions::default());
    let r = create(&mut sim, &p);
    let op_url = r.header("Azure-AsyncOperation").unwrap().to_string();
    let loc_url = r.header("Location").unwrap().to_string();

    let running = get(&mut sim, &op_url);
    assert_eq!(running.status, 200);
    let v = running.json_body().unwrap();
    // The status body as the SignalR RP sends it (azure-cli recording test_signalr_commands.yaml @283b2dd1):
    // exactly id, name, status, startTime while running; no percentComplete; no Retry-After.
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["id", "name", "status", "startTime"]));
    let op_id = Url::parse(&op_url).unwrap().segments()[9].clone();
    assert_eq!(
        v["id"],
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.SignalRService/SignalR/{}/operationStatuses/{}",
            p.subscription, p.resource_group, p.service_name, op_id
        )
    );
    assert_eq!(v["name"], op_id);
    assert_eq!(v["status"], "Running");
    assert_eq!(v["startTime"], "2025-06-02T09:00:00.0000000Z");
    assert_eq!(running.header("Retry-After"), None);
    let at_loc = get(&mut sim, &loc_url);
    assert_eq!((at_loc.status, at_loc.body.as_str()), (202, ""));
    assert!(at_loc.header("Location").is_some());
    assert!(sim.world.targets[0].connections.is_empty(), "nothing on the target while creating");

    // The operation ends at the first scheduled event: 30 s ± 20%.
    let due = sim.next_event_at().unwrap();
    assert!(due >= Millis::secs(24) && due <= Millis::secs(36), "{due}");
    sim.advance(due - sim.now() - Millis(1));
    assert_eq!(get(&mut sim, &op_url).json_body().unwrap()["status"], "Running");
    assert_eq!(sim.advance_to_next_event(), Some(due));
    let done = get(&mut sim, &op_url).json_body().unwrap();
    assert_eq!(done["status"], "Succeeded");
    assert!(done.get("percentComplete").is_none());
    assert!(done["endTime"].as_str().unwrap().starts_with("2025-06-02T09:00:"));
    let final_loc = get(&mut sim, &loc_url);
    assert_eq!(final_loc.status, 200);
    let body: SplrBody = serde_json::from_str(&final_loc.body).unwrap();
    assert_eq!(body.properties.provisioning_state.as_deref(), Some("Succeeded"));
    assert_eq!(body.properties.status.as_deref(), Some("Pending"));

    let conns = get(
        &mut sim,
        &format!("https://management.azure.com{}/privateEndpointConnections?api-version=2023-12-01", p.target.id.text),
    );
    assert_eq!(conns.status, 200);
    let list = conns.json_body().unwrap();
    let c = &list["value"][0];
    let name = c["name"].as_str().unwrap();
    assert!(name.starts_with("func-pe.") && splr_core::resource_id::is_uuid(&name[8..]), "{name}");
    assert_eq!(c["id"], format!("{}/privateEndpointConnections/{name}", p.target.id.text));
    assert_eq!(c["type"], "Microsoft.Web/sites/privateEndpointConnections");
    let pe = c["properties"]["privateEndpoint"]["id"].as_str().unwrap();
    assert!(
        pe.starts_with(&format!("/subscriptions/{MANAGED_SUBSCRIPTION}/"))
            && pe.contains("/Microsoft.Network/privateEndpoints/")
    );
    assert_eq!(
        c["properties"]["privateLinkServiceConnectionState"],
        json!({"status": "Pending", "description": "please approve", "actionsRequired": "None"})
    );
    // Audit row 21: a Microsoft.Web connection has no `groupIds` (RemotePrivateEndpointConnectionARMResource's
    // properties are privateEndpoint, privateLinkServiceConnectionState, ipAddresses, provisioningState:
    // Azure/azure-rest-api-specs@074e21c38b61058b27bcdefd854f2aa5b4f323bb:specification/web/resource-manager/Microsoft.Web/AppService/RemotePrivateEndpointConnectionARMResource.tsp;
    // the response bodies of @2a2407bb4cbcbc19232276ad847b2825b805f4cc:specification/web/resource-manager/Microsoft.Web/AppService/stable/2025-03-01/examples/ApproveRejectSitePrivateEndpointConnection.json
    // have none).
    assert!(c["properties"].get("groupIds").is_none(), "{c}");
}

/// Audit row 9. A site approval answers 202 with the connection body and an operationResults URL:
/// Azure/azure-rest-api-specs specification/web/resource-manager/Microsoft.Web/AppService/stable/2025-03-01/examples/ApproveRejectSitePrivateEndpointConnection.json
/// @2a2407bb4cbcbc19232276ad847b2825b805f4cc (202: body = the connection, `azure-asyncoperation:
/// .../providers/Microsoft.Web/locations/westus2/operationResults/{guid}?api-version=2019-01-01`) and
/// RemotePrivateEndpointConnectionARMResource.tsp @074e21c38b61058b27bcdefd854f2aa5b4f323bb (the 202's LRO header is
/// `Location`). What the URL answers when polled is unverified: modeled as 202 while running, then the connection.
#[test]
fn approval_on_a_site_is_async_and_propagates_in_minutes() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    create(&mut sim, &p);
    sim.advance(Millis::mins(1));
    let conn = sim.world.targets[0].connections[0].name.clone();
    let url = format!(
        "https://management.azure.com{}/privateEndpointConnections/{conn}?api-version=2025-03-01",
        p.target.id.text
    );
    let approve = json!({"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"ok","actionsRequired":""}}});
    let r = put(&mut sim, &url, &approve);
    assert_eq!(r.status, 202);
    let body = r.json_body().unwrap();
    assert_eq!(body["id"], format!("{}/privateEndpointConnections/{conn}", p.target.id.text));
    assert_eq!(body["type"], "Microsoft.Web/sites/privateEndpointConnections");
    assert!(body["properties"]["privateLinkServiceConnectionState"].is_object());
    let op = header_url(&r, "Azure-AsyncOperation");
    // Microsoft.Web's operations are location-scoped, operationResults, api-version 2019-01-01.
    assert_eq!(
        op.segments()[..7],
        [
            "subscriptions",
            p.subscription.as_str(),
            "providers",
            "Microsoft.Web",
            "locations",
            "eastus",
            "operationResults"
        ]
    );
    assert_eq!(op.query("api-version"), Some("2019-01-01"));
    assert_eq!(r.header("Location"), r.header("Azure-AsyncOperation"));
    assert_eq!(get(&mut sim, &url).json_body().unwrap()["properties"]["provisioningState"], "Updating");
    let running = get(&mut sim, r.header("Location").unwrap());
    assert_eq!((running.status, running.body.as_str()), (202, ""));
    sim.advance(Millis::secs(10));
    let done = get(&mut sim, r.header("Location").unwrap());
    assert_eq!(done.status, 200);
    let v = done.json_body().unwrap();
    assert!(v.get("status").is_none(), "the connection, not an operation status: {v}");
    assert_eq!(v["properties"]["privateLinkServiceConnectionState"]["status"], "Approved");
    let c = get(&mut sim, &url).json_body().unwrap();
    assert_eq!(c["properties"]["privateLinkServiceConnectionState"]["status"], "Approved");
    assert_eq!(c["properties"]["privateLinkServiceConnectionState"]["description"], "ok");
    // The SPLR still says Pending: the approval takes minutes to get there.
    let splr = |sim: &mut Simulator| get(sim, &p.url()).json_body().unwrap()["properties"]["status"].clone();
    assert_eq!(splr(&mut sim), "Pending");
    sim.advance(Millis::secs(90));
    assert_eq!(splr(&mut sim), "Pending");
    sim.advance(Millis::secs(60));
    assert_eq!(splr(&mut sim), "Approved");
}

#[test]
fn approval_on_a_private_link_service_is_200_and_reject_is_final() {
    let (p, mut sim) = setup(Scenario::WebPubSubPls, WorldOptions::default());
    let r = create(&mut sim, &p);
    assert_eq!(r.status, 201);
    assert_eq!(r.json_body().unwrap()["properties"]["fqdns"], json!(["pls.contoso.com"]));
    sim.advance(Millis::mins(1));
    let base = format!("https://management.azure.com{}/privateEndpointConnections", p.target.id.text);
    let list = get(&mut sim, &format!("{base}?api-version=2025-01-01")).json_body().unwrap();
    let c = &list["value"][0];
    assert_eq!(c["type"], "Microsoft.Network/privateLinkServices/privateEndpointConnections");
    assert!(c["properties"].get("groupIds").is_none(), "a PLS connection has no groupId");
    assert!(c["properties"]["linkIdentifier"].is_string());
    let url = format!("{base}/{}?api-version=2025-01-01", c["name"].as_str().unwrap());
    let reject = json!({"properties":{"privateLinkServiceConnectionState":{"status":"Rejected","description":"no","actionsRequired":""}}});
    let r = put(&mut sim, &url, &reject);
    assert_eq!(r.status, 200);
    assert_eq!(r.json_body().unwrap()["properties"]["privateLinkServiceConnectionState"]["status"], "Rejected");
    let approve = json!({"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"yes","actionsRequired":""}}});
    let r = put(&mut sim, &url, &approve);
    assert_arm_error(&r, 400, Code::CannotApproveRejectedConnection);
    assert_eq!(r.error().unwrap().1, "Approving rejected private endpoint connections is not supported.");
    sim.advance(Millis::mins(5));
    assert_eq!(sim.world.splr(&p.name).unwrap().status, Some(ConnectionStatus::Rejected));
    // Wrong api-version for Microsoft.Network.
    assert_arm_error(&get(&mut sim, &format!("{base}?api-version=2023-12-01")), 400, Code::NoRegisteredProviderFound);
}

#[test]
fn an_update_answers_200_updating() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    create(&mut sim, &p);
    sim.advance(Millis::mins(1));
    let conn = sim.world.targets[0].connections[0].name.clone();
    let mut body = p.body().to_value();
    body["properties"]["requestMessage"] = json!("please approve, again");
    let r = put(&mut sim, &p.url(), &body);
    assert_eq!(r.status, 200);
    assert_eq!(r.json_body().unwrap()["properties"]["provisioningState"], "Updating");
    assert_eq!(r.json_body().unwrap()["properties"]["status"], "Pending", "the connection stays");
    assert!(r.header("Azure-AsyncOperation").is_some());
    sim.advance(Millis::mins(1));
    assert_eq!(sim.world.splr(&p.name).unwrap().provisioning_state, ProvisioningState::Succeeded);
    assert_eq!(sim.world.targets[0].connections.len(), 1);
    assert_eq!(sim.world.targets[0].connections[0].name, conn, "same target and groupId: same connection");
}

#[test]
fn delete_then_gone_then_the_service_stays_busy_for_a_while() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    create(&mut sim, &p);
    // While the create runs, another write on the service conflicts.
    let mut other = p.clone();
    other.name = "other-pe".into();
    assert_arm_error(&create(&mut sim, &other), 409, Code::Conflict);
    assert_arm_error(&delete(&mut sim, &p.url()), 409, Code::Conflict);
    sim.advance(Millis::mins(1));

    let r = delete(&mut sim, &p.url());
    assert_eq!((r.status, r.body.as_str()), (202, ""));
    let loc = r.header("Location").unwrap().to_string();
    assert!(loc.contains("/operationResults/"));
    assert_eq!(get(&mut sim, &p.url()).json_body().unwrap()["properties"]["provisioningState"], "Deleting");
    assert_eq!(get(&mut sim, &loc).status, 202);
    sim.advance(Millis::secs(31));
    assert_eq!(get(&mut sim, &loc).status, 204);
    assert_arm_error(&get(&mut sim, &p.url()), 404, Code::ResourceNotFound);
    assert!(sim.world.targets[0].connections.is_empty(), "the connection left the target");
    // Deleting what is gone is 204.
    assert_eq!(delete(&mut sim, &p.url()).status, 204);

    // The service reports Succeeded but is still updating: a PUT now is 409 (azure-rest-api-specs#23068).
    let svc = get(&mut sim, &format!("https://management.azure.com{}?api-version=2024-03-01", p.service_id()));
    assert_eq!(svc.json_body().unwrap()["properties"]["provisioningState"], "Succeeded");
    assert!(sim.service_busy());
    assert_arm_error(&create(&mut sim, &p), 409, Code::Conflict);
    let idle = sim.next_event_at().unwrap();
    assert_eq!(sim.advance_to_next_event(), Some(idle));
    assert!(!sim.service_busy());
    assert_eq!(create(&mut sim, &p).status, 201);
}

#[test]
fn lists_and_private_link_resources() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    sim.page_size = 2;
    for n in ["aa-pe", "bb-pe", "cc-pe"] {
        let mut q = p.clone();
        q.name = n.into();
        assert_eq!(create(&mut sim, &q).status, 201);
        sim.advance(Millis::mins(2));
    }
    let list_url =
        format!("https://management.azure.com{}/sharedPrivateLinkResources?api-version=2024-03-01", p.service_id());
    let first = get(&mut sim, &list_url).json_body().unwrap();
    assert_eq!(first["value"].as_array().unwrap().len(), 2);
    for item in first["value"].as_array().unwrap() {
        let _: SplrBody = serde_json::from_value(item.clone()).unwrap();
        assert!(item["id"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/sharedPrivateLinkResources/{}", item["name"].as_str().unwrap())));
    }
    let next = first["nextLink"].as_str().unwrap();
    let second = get(&mut sim, next).json_body().unwrap();
    assert_eq!(second["value"][0]["name"], "cc-pe");
    assert!(second.get("nextLink").is_none());

    let plr = get(
        &mut sim,
        &format!("https://management.azure.com{}/privateLinkResources?api-version=2024-03-01", p.service_id()),
    );
    let v = plr.json_body().unwrap();
    let types: Vec<(String, String, String)> = v["value"][0]["properties"]["shareablePrivateLinkResourceTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let s = |k: &str| t["properties"][k].as_str().unwrap().to_string();
            (t["name"].as_str().unwrap().to_string(), s("groupId"), s("type"))
        })
        .collect();
    assert_eq!(
        types,
        [
            ("site".into(), "sites".into(), "Microsoft.Web/sites".into()),
            ("vault".into(), "vault".into(), "Microsoft.KeyVault/vaults".into()),
            ("table".into(), "table".into(), "Microsoft.Storage/storageAccounts".into()),
        ]
    );
}

#[test]
fn front_door_checks() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    let body = p.body().to_value();
    let no_auth = sim.handle(&Request::new(Method::Put, p.url()).json(&body));
    assert_arm_error(&no_auth, 401, Code::AuthenticationFailed);
    let basic = sim.handle(&Request::new(Method::Get, p.url()).with_header("Authorization", "Basic abc"));
    assert_arm_error(&basic, 401, Code::InvalidAuthenticationToken);
    // Bytes from the wire: a multi-byte character where "Bearer " ends is refused, not a panic.
    for odd in ["Bearer\u{e9}abc", "Bearé", "Bearer ", "\u{e9}\u{e9}\u{e9}\u{e9}"] {
        let r = sim.handle(&Request::new(Method::Get, p.url()).with_header("Authorization", odd));
        assert_arm_error(&r, 401, Code::InvalidAuthenticationToken);
    }
    sim.lenient_auth = true;
    assert_arm_error(&sim.handle(&Request::new(Method::Get, p.url())), 404, Code::ResourceNotFound);
    sim.lenient_auth = false;

    let base = format!("https://management.azure.com{}", p.splr_id());
    assert_arm_error(&put(&mut sim, &base, &body), 400, Code::MissingApiVersionParameter);
    assert_arm_error(
        &put(&mut sim, &format!("{base}?api-version=latest"), &body),
        400,
        Code::InvalidApiVersionParameter,
    );
    let r = put(&mut sim, &format!("{base}?api-version=2099-01-01"), &body);
    assert_arm_error(&r, 400, Code::NoRegisteredProviderFound);
    assert!(r.error().unwrap().1.contains("2024-03-01"), "lists the supported versions");
    let wrong_rg = p.url().replace("/resourceGroups/contoso/", "/resourceGroups/nope/");
    assert_arm_error(&put(&mut sim, &wrong_rg, &body), 404, Code::ResourceGroupNotFound);
    let wrong_svc = p.url().replace("contoso-webpubsub", "contoso-other");
    assert_arm_error(&put(&mut sim, &wrong_svc, &body), 404, Code::ResourceNotFound);
    let patch = sim.handle(&Request::new(Method::Patch, p.url()).bearer(TOKEN).json(&body));
    assert_arm_error(&patch, 405, Code::UnsupportedHttpMethod);
    let unknown = get(&mut sim, "https://management.azure.com/subscriptions/x/resourceGroups/contoso/providers/Microsoft.Sql/servers/s?api-version=2023-01-01");
    assert_arm_error(&unknown, 400, Code::InvalidResourceType);
    assert!(sim.world.splrs.is_empty());
}

#[test]
fn request_validation() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    let send = |sim: &mut Simulator, body: Option<&str>| {
        let mut r = Request::new(Method::Put, p.url()).bearer(TOKEN);
        r.body = body.map(str::to_string);
        sim.handle(&r)
    };
    assert_arm_error(&send(&mut sim, None), 400, Code::InvalidRequestContent);
    assert_arm_error(&send(&mut sim, Some("{\"properties\":")), 400, Code::InvalidRequestContent);
    assert_arm_error(
        &send(&mut sim, Some("{\"properties\":{\"groupId\":\"sites\"}}")),
        400,
        Code::InvalidRequestContent,
    );
    let mut with_fqdns = p.body().to_value();
    with_fqdns["properties"]["fqdns"] = json!(["a.contoso.com"]);
    let r = put(&mut sim, &p.url(), &with_fqdns);
    assert_arm_error(&r, 400, Code::InvalidRequestContent);
    assert!(r.error().unwrap().1.contains("Could not find member 'fqdns'"), "{}", r.body);
    let bad_name = p.url().replace("/func-pe?", "/1pe?");
    assert_arm_error(&put(&mut sim, &bad_name, &p.body().to_value()), 400, Code::InvalidResourceName);
    let mut bad_id = p.body().to_value();
    bad_id["properties"]["privateLinkResourceId"] = json!("contoso-func");
    assert_arm_error(&put(&mut sim, &p.url(), &bad_id), 400, Code::LinkedInvalidPropertyId);
    let mut sql = p.body().to_value();
    sql["properties"]["privateLinkResourceId"] = json!(
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.Sql/servers/db"
    );
    assert_arm_error(&put(&mut sim, &p.url(), &sql), 400, Code::UnsupportedPrivateLinkResourceType);
    // Read-only properties are ignored, as ARM does.
    let mut ro = p.body().to_value();
    ro["properties"]["provisioningState"] = json!("Succeeded");
    assert_eq!(put(&mut sim, &p.url(), &ro).status, 201);
}

#[test]
fn world_options_reach_each_documented_failure() {
    let (p, mut s) = setup(Scenario::SignalRFunction, WorldOptions { tier: Tier::Free, ..Default::default() });
    assert_arm_error(&create(&mut s, &p), 400, Code::SkuNotSupported);
    let (p, mut s) = setup(Scenario::WebPubSubFunction, WorldOptions { rights_on_target: false, ..Default::default() });
    assert_arm_error(&create(&mut s, &p), 403, Code::LinkedAuthorizationFailed);

    // Found out by the async operation: 201, then Failed with the error in the status body.
    let failed = |s: &mut Simulator, p: &Plan, expected: Code| {
        let r = create(s, p);
        assert_eq!(r.status, 201);
        let op = r.header("Azure-AsyncOperation").unwrap().to_string();
        let loc = r.header("Location").unwrap().to_string();
        s.advance(Millis::mins(1));
        let v = get(s, &op).json_body().unwrap();
        assert_eq!(v["status"], "Failed");
        assert_eq!(v["error"]["code"], expected.as_str());
        assert_arm_error(&get(s, &loc), expected.status(), expected);
        assert_eq!(s.world.splr(&p.name).unwrap().provisioning_state, ProvisioningState::Failed);
        let body: SplrBody = serde_json::from_str(&get(s, &p.url()).body).unwrap();
        assert_eq!(body.properties.provisioning_state.as_deref(), Some("Failed"));
    };
    let (p, mut s) = setup(Scenario::WebPubSubFunction, WorldOptions { target_exists: false, ..Default::default() });
    failed(&mut s, &p, Code::PrivateLinkResourceNotFound);
    let (p, mut s) =
        setup(Scenario::WebPubSubPls, WorldOptions { pls_visibility: PlsVisibility::Restricted, ..Default::default() });
    failed(&mut s, &p, Code::PrivateLinkServiceNotVisible);
    let (p, mut s) = setup(
        Scenario::WebPubSubFunction,
        WorldOptions { target_supports_private_endpoints: false, ..Default::default() },
    );
    failed(&mut s, &p, Code::PrivateEndpointNotSupportedByPlan);
    let (mut p, mut s) = setup(Scenario::WebPubSubKeyVault, WorldOptions::default());
    p.group_id = Some("Vault".into());
    failed(&mut s, &p, Code::InvalidGroupId);
    // A slot's groupId works when the slot exists.
    let mut f = Form::new(Scenario::WebPubSubFunction);
    f.target = format!("{}/slots/staging", f.target);
    let p = check(&f).plan.unwrap();
    let mut s = Simulator::from_plan(&p, &WorldOptions::default(), 1);
    assert_eq!(create(&mut s, &p).status, 201);
    s.advance(Millis::mins(1));
    assert_eq!(s.world.targets[0].connections[0].group_ids, ["sites-staging"]);
}

#[test]
fn a_cut_operation_url_is_refused() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    let r = create(&mut sim, &p);
    let op = r.header("Azure-AsyncOperation").unwrap();
    let cut = &op[..op.find("&t=").unwrap()];
    assert_arm_error(&get(&mut sim, cut), 403, Code::AuthorizationFailed);
    let tampered = op.replace("&s=", "&s=x");
    assert_arm_error(&get(&mut sim, &tampered), 403, Code::AuthorizationFailed);
    assert_eq!(get(&mut sim, op).status, 200);
}

#[test]
fn faults_throttle_fail_and_hide() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    sim.set_faults(Faults { throttle: 1, server_errors: 1, server_error_status: 503, ..Faults::default() });
    let r = get(&mut sim, &p.url());
    assert_arm_error(&r, 429, Code::SubscriptionRequestsThrottled);
    assert_eq!(r.header("retry-after"), Some("7"));
    let r = get(&mut sim, &p.url());
    assert_arm_error(&r, 503, Code::ServiceUnavailable);
    assert_eq!(get(&mut sim, &p.url()).status, 404, "counters used up");
    sim.faults.server_errors = 1;
    sim.faults.server_error_status = 500;
    assert_arm_error(&get(&mut sim, &p.url()), 500, Code::InternalServerError);

    sim.faults.hide_headers = true;
    let r = create(&mut sim, &p);
    assert_eq!(r.status, 201);
    assert!(r.headers.iter().all(|(k, _)| CORS_SAFELISTED.contains(&k.as_str())), "{:?}", r.headers);
    assert!(r.header("Content-Type").is_some());

    sim.faults = Faults { provisioning_failure: Some(ProvisioningFailure::QuotaExceeded), ..Faults::default() };
    sim.advance(Millis::mins(1));
    assert_eq!(sim.world.splr(&p.name).unwrap().provisioning_state, ProvisioningState::Failed);
}

#[test]
fn deleting_the_target_disconnects_and_a_pending_connection_times_out() {
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    create(&mut sim, &p);
    sim.advance(Millis::mins(1));
    let target_url = format!("https://management.azure.com{}?api-version=2025-03-01", p.target.id.text);
    assert_eq!(
        get(&mut sim, &target_url).json_body().unwrap()["properties"]["privateEndpointConnections"][0]["properties"]
            ["privateLinkServiceConnectionState"]["status"],
        "Pending"
    );
    assert_eq!(delete(&mut sim, &target_url).status, 200);
    assert_arm_error(&get(&mut sim, &target_url), 404, Code::ResourceNotFound);
    sim.advance(Millis::mins(5));
    assert_eq!(sim.world.splr(&p.name).unwrap().status, Some(ConnectionStatus::Disconnected));

    // Audit row 11: Timeout is the SPLR's status only (see `pending_timed_out_is_the_splrs_status_only`).
    let (p, mut sim) = setup(Scenario::WebPubSubStorage, WorldOptions::default());
    create(&mut sim, &p);
    sim.advance(Millis::mins(59));
    assert_eq!(sim.world.targets[0].connections[0].status, ConnectionStatus::Pending);
    sim.advance(Millis::mins(2));
    assert_eq!(sim.world.targets[0].connections[0].status, ConnectionStatus::Pending);
    while sim.advance_to_next_event().is_some() {}
    assert_eq!(sim.world.splr(&p.name).unwrap().status, Some(ConnectionStatus::Timeout));
    assert_eq!(sim.next_event_at(), None);
}

/// Audit row 11. `Timeout` is a value of the SPLR's `SharedPrivateLinkResourceStatus` (Pending, Approved,
/// Rejected, Disconnected, Timeout: Azure/azure-rest-api-specs
/// specification/webpubsub/resource-manager/Microsoft.SignalRService/SignalRService/preview/2026-03-01-preview/webpubsub.json
/// @73b50feb8bdc872e33a96ac2e7a32ac9ba67de3f, and bicep-types-az in core/tests/fixtures/iac-schemas/bicep-types/);
/// a target's connection state has no Timeout (Key Vault's `PrivateEndpointServiceConnectionStatus`: Pending,
/// Approved, Rejected, Disconnected, hashicorp/pandora
/// data/Pandora.Definitions.ResourceManager/KeyVault/v2023_02_01/PrivateEndpointConnections/Constant-PrivateEndpointServiceConnectionStatus.cs).
/// The simulator used to write Timeout on the target. What the target shows after the limit is
/// unverified; the model leaves it Pending.
#[test]
fn pending_timed_out_is_the_splrs_status_only() {
    for scenario in [Scenario::WebPubSubFunction, Scenario::WebPubSubKeyVault, Scenario::WebPubSubPls] {
        let (p, mut sim) = setup(scenario, WorldOptions::default());
        create(&mut sim, &p);
        sim.advance(Millis::mins(61));
        assert_eq!(sim.world.splr(&p.name).unwrap().status, Some(ConnectionStatus::Timeout), "{scenario:?}");
        let target = sim.world.targets[0].clone();
        let api = splr_core::arm::simulator::target_api_versions(target.kind)[0];
        let list = get(&mut sim, &format!("https://management.azure.com{}/privateEndpointConnections?api-version={api}", target.id));
        let state = &list.json_body().unwrap()["value"][0]["properties"]["privateLinkServiceConnectionState"];
        assert_eq!(state["status"], "Pending", "{scenario:?}");
        // A target refuses Timeout as a state to set.
        let name = target.connections[0].name.clone();
        let url = format!("https://management.azure.com{}/privateEndpointConnections/{name}?api-version={api}", target.id);
        let timeout = json!({"properties": {"privateLinkServiceConnectionState": {"status": "Timeout"}}});
        assert_arm_error(&put(&mut sim, &url, &timeout), 400, Code::InvalidRequestContent);
        // Approving it late does not revive the SPLR (modeled).
        let ok = json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved", "description": "late"}}});
        assert!(put(&mut sim, &url, &ok).status < 300);
        while sim.advance_to_next_event().is_some() {}
        assert_eq!(sim.world.splr(&p.name).unwrap().status, Some(ConnectionStatus::Timeout), "{scenario:?}");
    }
    // Every connection state a target reports is one of its four.
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    create(&mut sim, &p);
    sim.advance(Millis::mins(200));
    let json = sim.world.targets[0].to_json().to_string();
    assert!(!json.contains("Timeout"), "{json}");
}

/// Every code the simulator declares is produced somewhere (this test's requests, or a failed operation).
#[test]
fn every_declared_error_code_is_reachable() {
    let mut seen = BTreeSet::new();
    let mut collect = |s: &Simulator| {
        for e in s.log() {
            if let Some((c, _)) = e.response.error() {
                seen.insert(c);
            }
        }
        for op in s.operations() {
            if let Some(e) = &op.error {
                seen.insert(e.code.as_str().to_string());
            }
        }
    };
    let base = |o: WorldOptions| setup(Scenario::WebPubSubFunction, o);

    let (p, mut s) = base(WorldOptions::default());
    let body = p.body().to_value();
    s.handle(&Request::new(Method::Get, p.url()));
    s.handle(&Request::new(Method::Get, p.url()).with_header("Authorization", "Bearer "));
    let no_version = p.url().replace("?api-version=2024-03-01", "");
    put(&mut s, &no_version, &body);
    put(&mut s, &p.url().replace("2024-03-01", "v1"), &body);
    put(&mut s, &p.url().replace("2024-03-01", "2099-01-01"), &body);
    get(&mut s, "https://management.azure.com/subscriptions/x/providers/Microsoft.Nope/x/y");
    put(&mut s, &p.url().replace("/func-pe?", "/-x?"), &body);
    put(&mut s, &p.url(), &json!({"properties": {"privateLinkResourceId": 3}}));
    put(&mut s, &p.url(), &json!({"properties": {"privateLinkResourceId": "x"}}));
    s.handle(&Request::new(Method::Post, p.url()).bearer(TOKEN));
    let mut sql = body.clone();
    sql["properties"]["privateLinkResourceId"] = json!(
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.Sql/servers/db"
    );
    put(&mut s, &p.url(), &sql);
    put(&mut s, &p.url().replace("/contoso/", "/none/"), &body);
    get(&mut s, &p.url());
    s.set_faults(Faults { throttle: 1, ..Faults::default() });
    get(&mut s, &p.url());
    s.set_faults(Faults { server_errors: 2, ..Faults::default() });
    get(&mut s, &p.url());
    s.faults.server_error_status = 503;
    get(&mut s, &p.url());
    s.set_faults(Faults { policy_deny: true, ..Faults::default() });
    create(&mut s, &p);
    s.set_faults(Faults { service_updating: true, ..Faults::default() });
    create(&mut s, &p);
    let op = create(&mut s, &p).header("Azure-AsyncOperation").unwrap().to_string();
    get(&mut s, &op.replace("&h=", "&h=0"));
    s.advance(Millis::mins(1));
    let conn = s.world.targets[0].connections[0].name.clone();
    let curl = format!(
        "https://management.azure.com{}/privateEndpointConnections/{conn}?api-version=2025-03-01",
        p.target.id.text
    );
    let state = |st: &str| json!({"properties":{"privateLinkServiceConnectionState":{"status": st, "description": "", "actionsRequired": ""}}});
    put(&mut s, &curl, &state("Rejected"));
    s.advance(Millis::secs(15));
    put(&mut s, &curl, &state("Approved"));
    collect(&s);
    let (p, mut s) = setup(Scenario::WebPubSubStorage, WorldOptions::default());
    create(&mut s, &p);
    s.advance(Millis::mins(1));
    let conn = s.world.targets[0].connections[0].name.clone();
    let curl = format!(
        "https://management.azure.com{}/privateEndpointConnections/{conn}?api-version=2023-05-01",
        p.target.id.text
    );
    put(&mut s, &curl, &state("Approved"));
    put(&mut s, &curl, &state("Approved"));
    collect(&s);

    for (opts, failure) in [
        (WorldOptions { tier: Tier::Free, ..Default::default() }, None),
        (WorldOptions { rights_on_target: false, ..Default::default() }, None),
        (WorldOptions { target_exists: false, ..Default::default() }, None),
        (WorldOptions { target_supports_private_endpoints: false, ..Default::default() }, None),
        (WorldOptions::default(), Some(ProvisioningFailure::QuotaExceeded)),
    ] {
        let (p, mut s) = base(opts);
        s.faults.provisioning_failure = failure;
        create(&mut s, &p);
        s.advance(Millis::mins(1));
        collect(&s);
    }
    let (mut p, mut s) = base(WorldOptions::default());
    p.group_id = Some("site".into());
    create(&mut s, &p);
    s.advance(Millis::mins(1));
    collect(&s);
    let (p, mut s) =
        setup(Scenario::WebPubSubPls, WorldOptions { pls_visibility: PlsVisibility::Restricted, ..Default::default() });
    create(&mut s, &p);
    s.advance(Millis::mins(1));
    collect(&s);

    let all: BTreeSet<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    let missing: Vec<_> = all.difference(&seen).collect();
    assert!(missing.is_empty(), "never produced: {missing:?}");
    let undeclared: Vec<_> = seen.difference(&all).collect();
    assert!(undeclared.is_empty(), "produced but not declared: {undeclared:?}");
}

/// Audit row 3. A SignalR service that is not in Serverless mode gets its SPLR to a site all the same:
/// hashicorp/terraform-provider-azurerm `internal/services/signalr/signalr_shared_private_link_resource_test.go`
/// @5f346521691a93a5bda612912cbaba506b6d5fc6, `TestAccSignalrSharedPrivateLinkResource_basicSites`, creates
/// one (`sub_resource_name = "sites"`, a Windows Web App) on a Standard_S1 service without `service_mode`
/// (azurerm's default: Default), and https://github.com/hashicorp/terraform-provider-azurerm/pull/16187
/// reports it passing. Serverless mode only decides whether upstream calls are made: the explainer says so.
#[test]
fn signalr_outside_serverless_mode_creates_and_approves_but_the_explainer_says_no_calls_arrive() {
    use splr_core::arm::client::Job;
    use splr_core::arm::session::Session;
    for mode in [ServiceMode::Default, ServiceMode::Classic] {
        let opts = WorldOptions { mode: Some(mode), ..Default::default() };
        let (p, mut s) = setup(Scenario::SignalRFunction, opts.clone());
        let r = create(&mut s, &p);
        assert_eq!(r.status, 201, "{mode:?}: {}", r.body);
        let op = r.header("Azure-AsyncOperation").unwrap().to_string();
        s.advance(Millis::mins(1));
        assert_eq!(get(&mut s, &op).json_body().unwrap()["status"], "Succeeded");
        assert_eq!(s.world.targets[0].connections[0].status, ConnectionStatus::Pending);

        // The walkthrough runs to Approved, and the state view says why nothing will arrive.
        let mut sess = Session::new(&p, &opts, 7);
        assert!(sess.start([Job::Create, Job::Approve { connection: None }]));
        sess.finish();
        assert!(sess.finished.iter().all(|f| f.outcome.succeeded()), "{mode:?}: {:?}", sess.finished);
        let st = sess.standing();
        assert_eq!(st.status, Some(ConnectionStatus::Approved));
        let m = &st.explanation.meaning;
        assert!(m.contains(mode.as_str()) && m.contains("Serverless") && m.contains("contoso-func"), "{m}");
    }
    // In Serverless mode (and for Web PubSub) there is nothing to add.
    let mut sess = Session::new(&plan(Scenario::SignalRFunction), &WorldOptions::default(), 7);
    sess.start([Job::Create]);
    sess.finish();
    assert!(!sess.standing().explanation.meaning.contains("Serverless"), "{:?}", sess.standing().explanation);
    // The verify step explains it too.
    let steps = splr_core::artifacts::steps(&plan(Scenario::SignalRFunction), splr_core::service::Shell::Bash);
    let verify = steps.iter().find(|s| s.id == splr_core::artifacts::StepId::Verify).unwrap();
    assert!(verify.explanation.contains("only in Serverless mode"), "{}", verify.explanation);
    let steps = splr_core::artifacts::steps(&plan(Scenario::WebPubSubFunction), splr_core::service::Shell::Bash);
    let verify = steps.iter().find(|s| s.id == splr_core::artifacts::StepId::Verify).unwrap();
    assert!(!verify.explanation.contains("Serverless"));
}

/// Audit rows 1 and 2. Web PubSub 2026-03-01-preview has the SPLR operations with `fqdns`
/// (Azure/azure-rest-api-specs specification/webpubsub/resource-manager/Microsoft.SignalRService/SignalRService/preview/2026-03-01-preview/webpubsub.json
/// @73b50feb8bdc872e33a96ac2e7a32ac9ba67de3f): no more NoRegisteredProviderFound. SignalR's
/// `SharedPrivateLinkResourceProperties` has `fqdns` in 2024-08-01-preview, 2024-10-01-preview and 2025-01-01-preview
/// (Azure/bicep-types-az generated/signalr/microsoft.signalrservice/<ver>/types.md @30c7a915774d8076a1ccf57cb19be05b239fb66e,
/// @1f896de2db966ad91e8f7d7d981e11d32e4f5d8d): the body is no longer "Could not find member 'fqdns'", and a Private
/// Link Service target is accepted as the schema allows (service support undocumented: not refused by the model).
#[test]
fn newest_web_pubsub_version_and_signalr_fqdns_are_accepted() {
    let mut f = Form::new(Scenario::WebPubSubPls);
    f.api_version = "2026-03-01-preview".into();
    let p = check(&f).plan.unwrap();
    let mut sim = Simulator::from_plan(&p, &WorldOptions::default(), 7);
    let r = create(&mut sim, &p);
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.json_body().unwrap()["properties"]["fqdns"], json!(["pls.contoso.com"]));
    assert!(r.header("Azure-AsyncOperation").unwrap().contains("api-version=2026-03-01-preview"));

    // SignalR to a Private Link Service with fqdns, on each SignalR version that has them.
    for v in ["2024-08-01-preview", "2024-10-01-preview", "2025-01-01-preview"] {
        let mut pls = plan(Scenario::WebPubSubPls);
        let sig = plan(Scenario::SignalRFunction);
        pls.service = sig.service;
        pls.service_name = sig.service_name.clone();
        pls.api_version = splr_core::api_version::lookup(sig.service, v).unwrap();
        let mut sim = Simulator::from_plan(&pls, &WorldOptions::default(), 7);
        assert!(pls.url().contains("/signalR/contoso-signalr/"), "{}", pls.url());
        let r = create(&mut sim, &pls);
        assert_eq!(r.status, 201, "{v}: {}", r.body);
        sim.advance(Millis::mins(1));
        assert_eq!(sim.world.splr(&pls.name).unwrap().provisioning_state, ProvisioningState::Succeeded, "{v}");
    }
    // 2024-04-01-preview has no fqdns for SignalR: refused as before.
    let mut pls = plan(Scenario::WebPubSubPls);
    let sig = plan(Scenario::SignalRFunction);
    pls.service = sig.service;
    pls.service_name = sig.service_name.clone();
    pls.api_version = splr_core::api_version::lookup(sig.service, "2024-04-01-preview").unwrap();
    let mut sim = Simulator::from_plan(&pls, &WorldOptions::default(), 7);
    let r = create(&mut sim, &pls);
    assert_arm_error(&r, 400, Code::InvalidRequestContent);
    assert!(r.error().unwrap().1.contains("Could not find member 'fqdns'"), "{}", r.body);
}

/// Audit row 15. A deployment slot's connections live under the slot, not the app: the WebApps `…Slot`
/// operations `GET/PUT …/sites/{app}/slots/{slot}/privateEndpointConnections[/{name}]`
/// (Azure/azure-rest-api-specs `specification/web/resource-manager/Microsoft.Web/AppService/RemotePrivateEndpointConnectionARMResource.tsp`
/// @074e21c38b61058b27bcdefd854f2aa5b4f323bb, `PrivateEndpointConnectionSlotOperationGroup`; App Service
/// documents `sites-<slot>` as a slot's subresource: MicrosoftDocs/azure-docs
/// `articles/app-service/overview-private-endpoint.md` @a3cafa8aa6ac31137eb623742e2da5895faffb4f). Whether the
/// SignalR RP accepts `sites-<slot>` at all is unverified (the notes say so).
#[test]
fn a_slots_connection_lives_under_the_slot() {
    let mut f = Form::new(Scenario::WebPubSubFunction);
    f.target = format!("{}/slots/staging", f.target);
    let p = check(&f).plan.unwrap();
    let mut sim = Simulator::from_plan(&p, &WorldOptions::default(), 3);
    assert_eq!(create(&mut sim, &p).status, 201);
    sim.advance(Millis::mins(1));
    let app = format!("https://management.azure.com{}", p.target.id.text);
    let slot = format!("{app}/slots/staging");
    let q = "?api-version=2025-03-01";
    // The app has none of it, neither in its list nor in its own GET.
    let app_list = get(&mut sim, &format!("{app}/privateEndpointConnections{q}")).json_body().unwrap();
    assert_eq!(app_list["value"], json!([]));
    assert_eq!(get(&mut sim, &format!("{app}{q}")).json_body().unwrap()["properties"]["privateEndpointConnections"], json!([]));
    // The slot has it, with the slot's ID and type.
    let list = get(&mut sim, &format!("{slot}/privateEndpointConnections{q}")).json_body().unwrap();
    let conns = list["value"].as_array().unwrap();
    assert_eq!(conns.len(), 1);
    let id = conns[0]["id"].as_str().unwrap();
    let name = conns[0]["name"].as_str().unwrap();
    assert_eq!(id, format!("{}/slots/staging/privateEndpointConnections/{name}", p.target.id.text));
    assert_eq!(conns[0]["type"], "Microsoft.Web/sites/slots/privateEndpointConnections");
    assert_eq!(conns[0]["properties"]["privateLinkServiceConnectionState"]["status"], "Pending");
    let slot_doc = get(&mut sim, &format!("{slot}{q}")).json_body().unwrap();
    assert_eq!(slot_doc["type"], "Microsoft.Web/sites/slots");
    assert_eq!(slot_doc["properties"]["privateEndpointConnections"][0]["id"], id);
    // Under the app's path the connection is not found; under the slot's it is approved.
    let approve = json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved", "description": "ok"}}});
    assert_arm_error(
        &put(&mut sim, &format!("{app}/privateEndpointConnections/{name}{q}"), &approve),
        404,
        Code::ResourceNotFound,
    );
    let r = put(&mut sim, &format!("https://management.azure.com{id}{q}"), &approve);
    assert_eq!(r.status, 202, "{}", r.body);
    while sim.advance_to_next_event().is_some() {}
    assert_eq!(sim.world.splr(&p.name).unwrap().status, Some(ConnectionStatus::Approved));
    // A slot the app does not have is a 404.
    assert_arm_error(&get(&mut sim, &format!("{app}/slots/prod/privateEndpointConnections{q}")), 404, Code::ResourceNotFound);
}

/// Audit row 13. The target providers accept the api-versions `az network private-endpoint-connection`
/// sends (Azure/azure-cli src/azure-cli/azure/cli/command_modules/network/private_link_resource_and_endpoint_connections/custom.py
/// @924eac2b3c7518f0721f29acecc313b818e62f1c, `register_providers`; list/show/approve build their URLs with it,
/// resource_providers/__init__.py @00ef69d5c522f90ab7ff0e19bc38ee3cc4a83409: a GET of the resource when
/// `support_list` is False (sites, vaults), of `privateEndpointConnections` otherwise), and the newest ones of
/// azure-rest-api-specs (Microsoft.Web/AppService/main.tsp @050af8319af3a1f484d22add04d46d0ba82def40: 2025-05-01,
/// 2026-03-01-preview, 2026-03-15; Microsoft.Network/Network/stable/2025-05-01/privateLinkService.json
/// @aedce9828dac759c73c4a031a08693c152ef0f59; KeyVault examples/2026-02-01/putPrivateEndpointConnection.json;
/// Microsoft.Storage/stable/2025-06-01/storage.json @bc43ce92de130c631af7a944ca40d5e88458fe7f). An api-version
/// no provider has is still refused.
#[test]
fn the_target_providers_accept_the_az_cli_versions_and_the_newest() {
    let cases = [
        (Scenario::WebPubSubFunction, &["2019-08-01", "2025-05-01", "2026-03-01-preview", "2026-03-15"][..]),
        (Scenario::WebPubSubPls, &["2021-05-01", "2025-05-01"][..]),
        (Scenario::WebPubSubKeyVault, &["2019-09-01", "2025-05-01", "2026-02-01"][..]),
        (Scenario::WebPubSubStorage, &["2019-06-01", "2025-01-01", "2025-06-01"][..]),
    ];
    for (scenario, versions) in cases {
        let (p, mut sim) = setup(scenario, WorldOptions::default());
        create(&mut sim, &p);
        sim.advance(Millis::mins(1));
        let t = format!("https://management.azure.com{}", p.target.id.text);
        for v in versions {
            let r = get(&mut sim, &format!("{t}?api-version={v}"));
            assert_eq!(r.status, 200, "{scenario:?} {v}: {}", r.body);
            let list = get(&mut sim, &format!("{t}/privateEndpointConnections?api-version={v}"));
            assert_eq!(list.status, 200, "{scenario:?} {v}: {}", list.body);
            let name = list.json_body().unwrap()["value"][0]["name"].as_str().unwrap().to_string();
            let one = get(&mut sim, &format!("{t}/privateEndpointConnections/{name}?api-version={v}"));
            assert_eq!(one.status, 200, "{scenario:?} {v}: {}", one.body);
        }
        assert_arm_error(&get(&mut sim, &format!("{t}?api-version=2017-01-01")), 400, Code::NoRegisteredProviderFound);
    }
}

/// Audit row 12. Storage's approval PUT is not idempotent: approving a connection that is already Approved
/// answers 400 `InvalidValuesForRequestParameters` "Values for request parameters are invalid:
/// privateLinkServiceConnectionState.status." (https://github.com/Azure/azure-rest-api-specs/issues/30308,
/// Storage 2023-05-01). The simulator accepted it. Other targets keep accepting it (unverified).
#[test]
fn storage_refuses_to_approve_an_approved_connection_again() {
    let approve = json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved", "description": "ok"}}});
    for (scenario, again) in [(Scenario::WebPubSubStorage, 400), (Scenario::WebPubSubKeyVault, 200)] {
        let (p, mut sim) = setup(scenario, WorldOptions::default());
        create(&mut sim, &p);
        sim.advance(Millis::mins(1));
        let t = &sim.world.targets[0];
        let api = splr_core::arm::client::connection_api_version(t.kind);
        let url = format!("https://management.azure.com{}/privateEndpointConnections/{}?api-version={api}", t.id, t.connections[0].name);
        assert_eq!(put(&mut sim, &url, &approve).status, 200);
        let r = put(&mut sim, &url, &approve);
        assert_eq!(r.status, again, "{scenario:?}: {}", r.body);
        if again == 400 {
            assert_arm_error(&r, 400, Code::InvalidValuesForRequestParameters);
            assert_eq!(
                r.json_body().unwrap()["error"]["message"],
                "Values for request parameters are invalid: privateLinkServiceConnectionState.status."
            );
        }
        while sim.advance_to_next_event().is_some() {}
        assert_eq!(sim.world.splr(&p.name).unwrap().status, Some(ConnectionStatus::Approved));
    }
}

/// Audit row 22. A 202 to the DELETE of a Private Link Service / Key Vault / Storage connection carries
/// `Location` (Azure/azure-resource-manager-rpc v1.0/async-api-reference.md @69e229f047cb6b91a82c97fc6f61d56055107c447:
/// a 202 MUST include `Location`; Azure/azure-rest-api-specs
/// specification/network/resource-manager/Microsoft.Network/Network/stable/2025-05-01/privateLinkService.json
/// @aedce9828dac759c73c4a031a08693c152ef0f59: the connection delete is long-running, final-state-via location).
/// The simulator answered 202 without it. Polled, the URL answers 202 then 204; its location-scoped shape is
/// NRP's, modeled for Key Vault and Storage (unverified).
#[test]
fn deleting_a_connection_answers_202_with_a_location() {
    for scenario in [Scenario::WebPubSubPls, Scenario::WebPubSubKeyVault, Scenario::WebPubSubStorage] {
        let (p, mut sim) = setup(scenario, WorldOptions::default());
        create(&mut sim, &p);
        sim.advance(Millis::mins(1));
        let t = sim.world.targets[0].clone();
        let api = splr_core::arm::client::connection_api_version(t.kind);
        let url = format!("https://management.azure.com{}/privateEndpointConnections/{}?api-version={api}", t.id, t.connections[0].name);
        let r = delete(&mut sim, &url);
        assert_eq!(r.status, 202, "{scenario:?}");
        assert!(r.body.is_empty());
        let location = header_url(&r, "Location");
        let ns = t.kind.resource_type().split('/').next().unwrap();
        assert!(location.path.contains(&format!("/providers/{ns}/locations/")), "{scenario:?}: {}", location.path);
        assert!(location.path.contains("/operationResults/"));
        let loc = r.header("Location").unwrap().to_string();
        assert_eq!(get(&mut sim, &loc).status, 202, "{scenario:?}: running");
        sim.advance(Millis::secs(10));
        assert_eq!(get(&mut sim, &loc).status, 204, "{scenario:?}: done");
        assert!(sim.world.targets[0].connections.is_empty());
        assert!(!sim.service_busy(), "a target's operation does not make the service busy");
        while sim.advance_to_next_event().is_some() {}
        assert_eq!(sim.world.splr(&p.name).unwrap().status, Some(ConnectionStatus::Disconnected));
    }
    // A site's connection delete stays 200.
    let (p, mut sim) = setup(Scenario::WebPubSubFunction, WorldOptions::default());
    create(&mut sim, &p);
    sim.advance(Millis::mins(1));
    let t = sim.world.targets[0].clone();
    let url = format!("https://management.azure.com{}/privateEndpointConnections/{}?api-version=2025-03-01", t.id, t.connections[0].name);
    assert_eq!(delete(&mut sim, &url).status, 200);
}

/// Audit row 17. `LinkedAuthorizationFailed` in ARM's own words (https://github.com/Azure/aad-pod-identity/issues/613,
/// https://github.com/kubernetes-sigs/cloud-provider-azure/issues/1999: "The client '…' with object id '…' has
/// permission to perform action '…' on scope '…'; however, it does not have permission to perform action '…' on
/// the linked scope(s) '…' or the linked scope(s) are invalid."), naming the target provider's approval action
/// (e.g. `Microsoft.Web/sites/privateEndpointConnectionsApproval/action`; the simulator named
/// `Microsoft.Network/privateEndpointConnectionsApproval/action`, which is no RBAC action, for every target).
#[test]
fn linked_authorization_failed_reads_as_arm_writes_it() {
    for (scenario, action) in [
        (Scenario::WebPubSubFunction, "Microsoft.Web/sites/privateEndpointConnectionsApproval/action"),
        (Scenario::SignalRKeyVault, "Microsoft.KeyVault/vaults/privateEndpointConnectionsApproval/action"),
        (Scenario::WebPubSubPls, "Microsoft.Network/privateLinkServices/privateEndpointConnectionsApproval/action"),
    ] {
        let (p, mut s) = setup(scenario, WorldOptions { rights_on_target: false, ..Default::default() });
        let r = create(&mut s, &p);
        assert_arm_error(&r, 403, Code::LinkedAuthorizationFailed);
        let message = r.json_body().unwrap()["error"]["message"].as_str().unwrap().to_string();
        let expected = format!(
            "The client '{}' with object id '{}' has permission to perform action '{}/sharedPrivateLinkResources/write' \
             on scope '{}'; however, it does not have permission to perform action '{action}' on the linked scope(s) \
             '{}' or the linked scope(s) are invalid.",
            splr_core::arm::simulator::CALLER,
            splr_core::arm::simulator::CALLER_OBJECT_ID,
            p.service.resource_type(),
            p.splr_id(),
            p.target.id.text
        );
        assert_eq!(message, expected, "{scenario:?}");
    }
}
