//! Read first: before any change, GET the service and tell the user what would make the create fail
//! (Free tier), so a doomed call is never made blindly, and what would make it useless (SignalR not in
//! serverless mode: the create succeeds, but no upstream calls are made).

use crate::form::Plan;
use crate::service::Service;
use crate::target::TargetKind;
use serde_json::Value;

/// What the service's GET says, and the warnings that follow for this plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceFacts {
    pub sku: Option<String>,
    pub tier: Option<String>,
    /// SignalR's ServiceMode feature flag (Default when absent).
    pub service_mode: Option<String>,
    pub location: Option<String>,
    pub warnings: Vec<String>,
}

pub fn read_service(plan: &Plan, body: &Value) -> ServiceFacts {
    let tier = body["sku"]["tier"].as_str().map(str::to_string);
    let sku = body["sku"]["name"].as_str().map(str::to_string);
    let service_mode = (plan.service == Service::SignalR).then(|| {
        body["properties"]["features"]
            .as_array()
            .and_then(|f| f.iter().find(|x| x["flag"].as_str().is_some_and(|n| n.eq_ignore_ascii_case("ServiceMode"))))
            .and_then(|x| x["value"].as_str())
            .unwrap_or("Default")
            .to_string()
    });
    let mut warnings = Vec::new();
    if tier.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("Free")) {
        warnings.push(format!(
            "{} is on the Free tier: creating a shared private endpoint will fail. Scale it to Standard or Premium first.",
            plan.service_name
        ));
    }
    if let Some(mode) = &service_mode {
        if plan.target.kind == TargetKind::Site && !mode.eq_ignore_ascii_case("Serverless") {
            warnings.push(format!(
                "{} runs in {mode} mode: the shared private endpoint can be created, but upstream calls to a \
                 Function need Serverless mode. Change the service mode, or no calls will use the endpoint.",
                plan.service_name
            ));
        }
    }
    ServiceFacts { sku, tier, service_mode, location: body["location"].as_str().map(str::to_string), warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{check, Form};
    use crate::scenario::Scenario;
    use serde_json::json;

    #[test]
    fn warns_before_a_doomed_create() {
        let plan = check(&Form::new(Scenario::SignalRFunction)).plan.unwrap();
        let facts = read_service(&plan, &json!({"sku": {"name": "Free_F1", "tier": "Free"}, "location": "eastus",
            "properties": {"features": [{"flag": "ServiceMode", "value": "Default"}]}}));
        assert_eq!(facts.tier.as_deref(), Some("Free"));
        assert_eq!(facts.service_mode.as_deref(), Some("Default"));
        assert_eq!(facts.warnings.len(), 2, "{:?}", facts.warnings);

        let facts = read_service(&plan, &json!({"sku": {"name": "Standard_S1", "tier": "Standard"},
            "properties": {"features": [{"flag": "ServiceMode", "value": "Serverless"}]}}));
        assert!(facts.warnings.is_empty());
    }

    #[test]
    fn web_pubsub_has_no_service_mode() {
        let plan = check(&Form::new(Scenario::WebPubSubFunction)).plan.unwrap();
        let facts = read_service(&plan, &json!({"sku": {"tier": "Premium"}}));
        assert_eq!(facts.service_mode, None);
        assert!(facts.warnings.is_empty());
    }
}

/// The read-only requests of live mode's first step: the service, its SPLRs, and the target types it
/// can share. Each is a plain GET with the plan's api-version.
pub fn read_requests(plan: &Plan, endpoint: &str) -> Vec<(&'static str, crate::arm::http::Request)> {
    use crate::arm::http::{Method, Request};
    let v = plan.api_version.id;
    let base = format!("{endpoint}{}", plan.service_id());
    vec![
        ("service", Request::new(Method::Get, format!("{base}?api-version={v}"))),
        ("sharedPrivateLinkResources", Request::new(Method::Get, format!("{base}/sharedPrivateLinkResources?api-version={v}"))),
        ("privateLinkResources", Request::new(Method::Get, format!("{base}/privateLinkResources?api-version={v}"))),
    ]
}

/// Names of the SPLRs in a list response, and the shareable groupIds in a privateLinkResources response.
pub fn names_in(list: &Value) -> Vec<String> {
    list["value"].as_array().map(|v| v.iter().filter_map(|x| x["name"].as_str().map(str::to_string)).collect()).unwrap_or_default()
}

pub fn shareable_group_ids(list: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for r in list["value"].as_array().into_iter().flatten() {
        for t in r["properties"]["shareablePrivateLinkResourceTypes"].as_array().into_iter().flatten() {
            if let Some(g) = t["properties"]["groupId"].as_str() {
                if !out.iter().any(|x: &String| x == g) {
                    out.push(g.to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod read_tests {
    use super::*;
    use crate::form::{check, Form};
    use crate::scenario::Scenario;

    #[test]
    fn read_requests_against_the_simulator() {
        use crate::arm::simulator::Simulator;
        use crate::arm::world::WorldOptions;
        let plan = check(&Form::new(Scenario::WebPubSubFunction)).plan.unwrap();
        let mut sim = Simulator::from_plan(&plan, &WorldOptions::default(), 1);
        let reqs = read_requests(&plan, "https://management.azure.com");
        assert_eq!(reqs.len(), 3);
        let mut bodies = Vec::new();
        for (_, r) in reqs {
            let resp = sim.handle(&r.bearer("t"));
            assert_eq!(resp.status, 200, "{}", resp.body);
            bodies.push(resp.json_body().unwrap());
        }
        assert_eq!(read_service(&plan, &bodies[0]).tier.as_deref(), Some("Standard"));
        assert!(names_in(&bodies[1]).is_empty());
        assert!(shareable_group_ids(&bodies[2]).contains(&"sites".to_string()), "{}", bodies[2]);
    }
}
