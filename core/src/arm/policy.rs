//! Writes denied by Azure Policy: ARM's `403 RequestDisallowedByPolicy`, read into typed details, and the
//! simulator's made-up (but real-shaped) denial.
//!
//! The wire format, as Microsoft Learn shows real bodies: `error.code` `RequestDisallowedByPolicy`,
//! `error.target` the resource's name, `error.message` "Resource '…' was disallowed by policy. Policy
//! identifiers: '[{"policyAssignment":{"name","id"},"policyDefinition":{"name","id"}}]'." and
//! `error.additionalInfo[]` with `type: "PolicyViolation"` and an `info` object naming the assignment and
//! the definition (display names, ids, scope, effect, evaluation details): the full body in
//! <https://learn.microsoft.com/azure/automation/enforce-job-execution-hybrid-worker> (MicrosoftDocs/azure-docs
//! @866d237364c1fb3d30e28102235e347e2f695a63:articles/automation/enforce-job-execution-hybrid-worker.md), and
//! the message alone in <https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-policy-requestdisallowedbypolicy>.
//! ARM answers it from its front door (`x-ms-failure-cause: gateway`, as in the 403 logged in
//! <https://github.com/Azure/azure-powershell/issues/14563>).

use super::error::Code;
use super::http::Response;
use serde::Deserialize;
use serde_json::{json, Value};

/// One `additionalInfo[type=PolicyViolation].info` (or, without it, one entry of the message's "Policy
/// identifiers"): the assignment that denied the request and the definition it applies.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PolicyViolation {
    pub assignment_id: String,
    pub assignment_name: String,
    pub assignment_display_name: Option<String>,
    /// Where the assignment is assigned (a management group, subscription or resource group).
    pub assignment_scope: Option<String>,
    pub definition_id: String,
    pub definition_name: String,
    pub definition_display_name: Option<String>,
    /// `Deny`, `DenyAction`, ...
    pub effect: Option<String>,
    /// The initiative (policy set) the definition came in, if the assignment is one.
    pub set_definition_id: Option<String>,
    pub set_definition_display_name: Option<String>,
    pub definition_reference_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Info {
    policy_assignment_id: Option<String>,
    policy_assignment_name: Option<String>,
    policy_assignment_display_name: Option<String>,
    policy_assignment_scope: Option<String>,
    policy_definition_id: Option<String>,
    policy_definition_name: Option<String>,
    policy_definition_display_name: Option<String>,
    policy_definition_effect: Option<String>,
    policy_set_definition_id: Option<String>,
    policy_set_definition_display_name: Option<String>,
    policy_definition_reference_id: Option<String>,
}

/// The last segment of an id (ARM: the name of a policyAssignment or policyDefinition is the last
/// segment of its id).
fn last_segment(id: &str) -> String {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string()
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

impl PolicyViolation {
    fn from_info(info: &Value) -> Option<PolicyViolation> {
        let i = Info::deserialize(info).ok()?;
        let assignment_id = nonempty(i.policy_assignment_id)?;
        let definition_id = nonempty(i.policy_definition_id).unwrap_or_default();
        Some(PolicyViolation {
            assignment_name: nonempty(i.policy_assignment_name).unwrap_or_else(|| last_segment(&assignment_id)),
            definition_name: nonempty(i.policy_definition_name).unwrap_or_else(|| last_segment(&definition_id)),
            assignment_id,
            definition_id,
            assignment_display_name: nonempty(i.policy_assignment_display_name),
            assignment_scope: nonempty(i.policy_assignment_scope),
            definition_display_name: nonempty(i.policy_definition_display_name),
            effect: nonempty(i.policy_definition_effect),
            set_definition_id: nonempty(i.policy_set_definition_id),
            set_definition_display_name: nonempty(i.policy_set_definition_display_name),
            definition_reference_id: nonempty(i.policy_definition_reference_id),
        })
    }

    /// The assignment's scope: `policyAssignmentScope`, else the part of its id before
    /// `/providers/Microsoft.Authorization/policyAssignments/`.
    pub fn scope(&self) -> String {
        if let Some(s) = &self.assignment_scope {
            return s.clone();
        }
        let lower = self.assignment_id.to_ascii_lowercase();
        match lower.find("/providers/microsoft.authorization/policyassignments/") {
            Some(i) if i > 0 => self.assignment_id[..i].to_string(),
            _ => "/".to_string(),
        }
    }

    /// "'Display name' (id)", or the id alone.
    fn named(display: &Option<String>, id: &str) -> String {
        match display {
            Some(d) => format!("'{d}' ({id})"),
            None => id.to_string(),
        }
    }

    pub fn assignment(&self) -> String {
        PolicyViolation::named(&self.assignment_display_name, &self.assignment_id)
    }

    pub fn definition(&self) -> String {
        PolicyViolation::named(&self.definition_display_name, &self.definition_id)
    }

    /// One line: assignment, scope, definition, effect.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "policy assignment {} at scope {}, definition {}",
            self.assignment(),
            self.scope(),
            self.definition()
        );
        if let Some(set) = &self.set_definition_id {
            s.push_str(&format!(" in initiative {}", PolicyViolation::named(&self.set_definition_display_name, set)));
        }
        if let Some(e) = &self.effect {
            s.push_str(&format!(", effect {e}"));
        }
        s
    }
}

/// The policy violations of an ARM error, given the whole body (`{"error":{...}}`) or its `error`:
/// `additionalInfo[type=PolicyViolation].info` when ARM sent it, else the message's "Policy identifiers".
pub fn violations(body: &Value) -> Vec<PolicyViolation> {
    let e = body.get("error").unwrap_or(body);
    let from_info: Vec<PolicyViolation> = e
        .get("additionalInfo")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|a| a.get("type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case("PolicyViolation")))
        .filter_map(|a| a.get("info").and_then(PolicyViolation::from_info))
        .collect();
    if !from_info.is_empty() {
        return from_info;
    }
    e.get("message").and_then(Value::as_str).map(from_message).unwrap_or_default()
}

/// The "Policy identifiers: '[...]'" JSON inside the message (assignment and definition, names and ids).
pub fn from_message(message: &str) -> Vec<PolicyViolation> {
    let Some(start) = message.find("Policy identifiers: '") else { return Vec::new() };
    let rest = &message[start + "Policy identifiers: '".len()..];
    let Some(end) = rest.rfind("]'") else { return Vec::new() };
    let Ok(Value::Array(items)) = serde_json::from_str::<Value>(&rest[..=end]) else { return Vec::new() };
    let s = |v: &Value, a: &str, b: &str| v.get(a).and_then(|x| x.get(b)).and_then(Value::as_str).map(str::to_string);
    items
        .iter()
        .filter_map(|v| {
            let assignment_id = s(v, "policyAssignment", "id")?;
            let definition_id = s(v, "policyDefinition", "id").unwrap_or_default();
            // In the message, "name" is often the display name (Learn's examples), not the id's last segment.
            let a_name = s(v, "policyAssignment", "name");
            let d_name = s(v, "policyDefinition", "name");
            Some(PolicyViolation {
                assignment_name: last_segment(&assignment_id),
                definition_name: last_segment(&definition_id),
                assignment_display_name: a_name.filter(|n| *n != last_segment(&assignment_id)),
                definition_display_name: d_name.filter(|n| *n != last_segment(&definition_id)),
                set_definition_id: s(v, "policySetDefinition", "id"),
                assignment_id,
                definition_id,
                ..PolicyViolation::default()
            })
        })
        .collect()
}

/// The denial in words, for an outcome's summary: each assignment and definition ARM named, and the
/// exemption command with the assignment id filled in (the explainer, [`super::explain::policy_denied`],
/// says who can run it and where to look).
pub fn summary(violations: &[PolicyViolation]) -> String {
    if violations.is_empty() {
        return "Denied by Azure Policy; the error names no assignment (see the message in the request log). \
                Not retried: the same request gets the same answer."
            .into();
    }
    let named: Vec<String> = violations.iter().map(PolicyViolation::describe).collect();
    let exempt: Vec<String> = violations
        .iter()
        .map(|v| {
            format!(
                "az policy exemption create --name <name> --policy-assignment {} --exemption-category Waiver --scope <scope>",
                v.assignment_id
            )
        })
        .collect();
    format!(
        "Denied by Azure Policy: {}. Not retried: the same request gets the same answer. An exemption (someone with \
         Microsoft.Authorization/policyExemptions/write, e.g. Owner or Resource Policy Contributor): {}",
        named.join("; "),
        exempt.join("; ")
    )
}

/// The simulator's made-up policy: a custom Deny definition assigned at the subscription of the service.
pub const SIM_ASSIGNMENT_NAME: &str = "9f3c2a7be41d4c05a8e6d2b1";
pub const SIM_ASSIGNMENT_DISPLAY: &str = "Platform guardrails: no new private endpoints without review";
pub const SIM_DEFINITION_NAME: &str = "5d8e1f3a-7b2c-4e9d-a016-3c4b5a6d7e8f";
pub const SIM_DEFINITION_DISPLAY: &str = "Deny shared private link resources to unapproved targets";

/// The simulator's `403 RequestDisallowedByPolicy` for a write of `resource_name` (its `type` in
/// evaluation details) in `subscription`, shaped like the real bodies cited above.
pub fn deny_response(subscription: &str, resource_name: &str, resource_type: &str) -> Response {
    let scope = format!("/subscriptions/{subscription}");
    let assignment_id = format!("{scope}/providers/Microsoft.Authorization/policyAssignments/{SIM_ASSIGNMENT_NAME}");
    let definition_id = format!("{scope}/providers/Microsoft.Authorization/policyDefinitions/{SIM_DEFINITION_NAME}");
    let identifiers = json!([{
        "policyAssignment": {"name": SIM_ASSIGNMENT_DISPLAY, "id": assignment_id},
        "policyDefinition": {"name": SIM_DEFINITION_DISPLAY, "id": definition_id},
    }]);
    let body = json!({"error": {
        "code": Code::RequestDisallowedByPolicy.as_str(),
        "target": resource_name,
        "message": format!("Resource '{resource_name}' was disallowed by policy. Policy identifiers: '{identifiers}'."),
        "additionalInfo": [{
            "type": "PolicyViolation",
            "info": {
                "policyDefinitionDisplayName": SIM_DEFINITION_DISPLAY,
                "evaluationDetails": {"evaluatedExpressions": [{
                    "result": "True",
                    "expressionKind": "Field",
                    "expression": "type",
                    "path": "type",
                    "expressionValue": resource_type,
                    "targetValue": resource_type,
                    "operator": "Equals",
                }]},
                "policyDefinitionId": definition_id,
                "policyDefinitionName": SIM_DEFINITION_NAME,
                "policyDefinitionEffect": "Deny",
                "policyAssignmentId": assignment_id,
                "policyAssignmentName": SIM_ASSIGNMENT_NAME,
                "policyAssignmentDisplayName": SIM_ASSIGNMENT_DISPLAY,
                "policyAssignmentScope": scope,
                "policyAssignmentParameters": {},
            },
        }],
    }});
    Response::json(403, &body).with_header("x-ms-failure-cause", "gateway")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body Microsoft Learn shows for a job denied by policy, verbatim
    /// (MicrosoftDocs/azure-docs@866d237364c1fb3d30e28102235e347e2f695a63:articles/automation/enforce-job-execution-hybrid-worker.md;
    /// <https://learn.microsoft.com/azure/automation/enforce-job-execution-hybrid-worker>).
    const LEARN_BODY: &str = include_str!("../../tests/fixtures/request_disallowed_by_policy.learn.json");

    const SUB: &str = "/subscriptions/75475e1e-9643-4f3d-859e-055f4c31b458";

    #[test]
    fn reads_the_real_additional_info() {
        let v = violations(&serde_json::from_str(LEARN_BODY).unwrap());
        assert_eq!(v.len(), 1);
        let p = &v[0];
        assert_eq!(p.assignment_name, "fd5e2cb3842d4eefbc857917");
        assert_eq!(
            p.assignment_id,
            format!("{SUB}/resourceGroups/MAIC-RG/providers/Microsoft.Authorization/policyAssignments/fd5e2cb3842d4eefbc857917")
        );
        assert_eq!(p.assignment_display_name.as_deref(), Some("Enforce Jobs on Automation Hybrid Runbook Workers"));
        assert_eq!(p.assignment_scope.as_deref(), Some(&*format!("{SUB}/resourceGroups/MAIC-RG")));
        assert_eq!(p.definition_name, "4fdffd35-fd9f-458e-9779-94fe33401bfc");
        assert_eq!(p.definition_display_name.as_deref(), Some("Enforce Jobs on Automation Hybrid Runbook Workers"));
        assert_eq!(p.effect.as_deref(), Some("Deny"));
        assert_eq!(p.scope(), format!("{SUB}/resourceGroups/MAIC-RG"));
    }

    #[test]
    fn without_additional_info_the_message_still_names_the_policy() {
        let mut body: Value = serde_json::from_str(LEARN_BODY).unwrap();
        body["error"].as_object_mut().unwrap().remove("additionalInfo");
        let v = violations(&body);
        assert_eq!(v.len(), 1);
        let p = &v[0];
        assert_eq!(p.assignment_name, "fd5e2cb3842d4eefbc857917");
        assert_eq!(p.definition_name, "4fdffd35-fd9f-458e-9779-94fe33401bfc");
        // The message's "name" is the display name here.
        assert_eq!(p.assignment_display_name.as_deref(), Some("Enforce Jobs on Automation Hybrid Runbook Workers"));
        assert_eq!(p.effect, None);
        // No policyAssignmentScope: the scope comes from the assignment id.
        assert_eq!(p.scope(), format!("{SUB}/resourceGroups/MAIC-RG"));
    }

    #[test]
    fn other_errors_have_no_violations() {
        let body =
            json!({"error": {"code": "AuthorizationFailed", "message": "The client does not have authorization"}});
        assert!(violations(&body).is_empty());
        assert!(from_message("Resource 'x' was disallowed by policy.").is_empty());
    }

    #[test]
    fn the_simulated_denial_reads_back() {
        let r = deny_response("0000-sub", "splr-1", "Microsoft.SignalRService/webPubSub/sharedPrivateLinkResources");
        assert_eq!(r.status, 403);
        assert_eq!(r.header("x-ms-failure-cause"), Some("gateway"));
        let body = r.json_body().unwrap();
        assert_eq!(body["error"]["code"], "RequestDisallowedByPolicy");
        assert_eq!(body["error"]["target"], "splr-1");
        let v = violations(&body);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].assignment_name, SIM_ASSIGNMENT_NAME);
        assert_eq!(v[0].scope(), "/subscriptions/0000-sub");
        // The message's identifiers agree with additionalInfo.
        let m = from_message(body["error"]["message"].as_str().unwrap());
        assert_eq!(m[0].assignment_id, v[0].assignment_id);
        assert_eq!(m[0].definition_id, v[0].definition_id);
        assert_eq!(m[0].assignment_display_name.as_deref(), Some(SIM_ASSIGNMENT_DISPLAY));
    }
}
