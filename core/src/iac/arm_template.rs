//! The shared private endpoint as an ARM template (JSON), deployable with
//! `az deployment group create --template-file`. The service is not declared: the template only adds
//! the child resource, named `serviceName/splrName` as ARM child resources are.
//!
//! ARM evaluates any string that starts with `[` and ends with `]` as an expression, so such a literal
//! (a request message like `[urgent]`) is written with the documented escape `[[`.

use super::{splr_type, summary, PLS_GROUP_ID_NOTE};
use crate::arm::world::put;
use crate::artifacts::Artifact;
use crate::walkthrough::form::Plan;
use crate::json_text::{self, JsonStyle};
use serde_json::{json, Map, Value};

pub const SCHEMA: &str = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

/// A literal string value that ARM will not take for an expression.
pub(crate) fn literal(s: &str) -> String {
    if s.starts_with('[') && s.ends_with(']') {
        format!("[{s}")
    } else {
        s.to_string()
    }
}

pub(crate) fn template(plan: &Plan) -> Value {
    let body = plan.body().properties;
    let mut properties = Map::new();
    properties.insert("privateLinkResourceId".into(), json!(body.private_link_resource_id));
    if let Some(g) = &body.group_id {
        properties.insert("groupId".into(), json!(g));
    }
    if let Some(f) = &body.fqdns {
        properties.insert("fqdns".into(), json!(f));
    }
    if let Some(m) = &body.request_message {
        properties.insert("requestMessage".into(), json!(literal(m)));
    }
    let kind = splr_type(plan);
    let mut resource = json!({
        "type": kind,
        "apiVersion": plan.api_version.id,
        "name": "[format('{0}/{1}', parameters('serviceName'), parameters('splrName'))]",
    });
    // ARM templates have no switch for their schema, which tools read (Azure/azure-resource-manager-schemas
    // README: the schemas are generated from the REST specs and used e.g. for VS Code's completion);
    // `comments` (a resource property of deploymentTemplate.json's resourceBase) says why the schema
    // reports groupId missing.
    if body.group_id.is_none() {
        put(&mut resource, "comments", json!(PLS_GROUP_ID_NOTE));
    }
    // Values are nested with put(), not inside json! (which would copy them through serde's serializer).
    put(&mut resource, "properties", Value::Object(properties));
    let mut template = json!({
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "metadata": { "description": summary(plan) },
        "parameters": {
            "serviceName": {
                "type": "string",
                "defaultValue": plan.service_name,
                "metadata": { "description": format!("The existing {} resource that owns the shared private endpoint.", plan.service.display()) }
            },
            "splrName": {
                "type": "string",
                "defaultValue": plan.name,
                "metadata": { "description": "Name of the shared private endpoint." }
            }
        },
    });
    put(&mut template, "resources", Value::Array(vec![resource]));
    let outputs = json!({
        "sharedPrivateLinkResourceId": {
            "type": "string",
            "value": format!("[resourceId('{kind}', parameters('serviceName'), parameters('splrName'))]")
        },
        "status": {
            "type": "string",
            "value": format!("[reference(resourceId('{kind}', parameters('serviceName'), parameters('splrName')), '{}').status]", plan.api_version.id)
        }
    });
    put(&mut template, "outputs", outputs);
    template
}

pub(crate) fn artifact(plan: &Plan) -> Artifact {
    let mut notes = vec![format!(
        "Deploy into the service's resource group: az deployment group create --resource-group {} --template-file shared-private-endpoint.json",
        plan.resource_group
    )];
    notes.push(format!(
        "The deployment ends when the endpoint is provisioned; the connection still waits as Pending until it is approved on {} '{}'.",
        plan.target.kind.display(),
        plan.target.id.name()
    ));
    if plan.group_id.is_none() {
        notes.push("No groupId, as the docs' request for a Private Link Service; editors that check the template against its schema report it missing (the resource's comments say why).".into());
    }
    if plan.message.as_deref().is_some_and(|m| literal(m) != m) {
        notes.push("The request message starts with '[' and ends with ']': it is written as '[[…]' so ARM does not evaluate it as an expression.".into());
    }
    Artifact {
        id: super::IacExport::ArmTemplate.into(),
        title: "ARM template",
        language: "json",
        text: format!("{}\n", json_text::write(&template(plan), JsonStyle::Pretty)),
        notes,
    }
}
