//! The shared private endpoint with Terraform's azapi provider: an `azapi_resource` that sends the
//! ARM body as it is, with the form's api-version, so it can express everything the walkthrough can
//! (including `fqdns` for Private Link Service targets, which azurerm cannot).
//!
//! `body` is written as an HCL object, which azapi reads natively since 1.13 (2.x deprecates
//! `jsonencode`d strings), so the provider can validate and diff each property.

use super::{hcl_string, splr_type, summary, PLS_GROUP_ID_NOTE};
use crate::artifacts::Artifact;
use crate::walkthrough::form::Plan;

pub(crate) fn text(plan: &Plan) -> String {
    let body = plan.body().properties;
    let mut props = vec![("privateLinkResourceId", hcl_string(&body.private_link_resource_id))];
    if let Some(g) = &body.group_id {
        props.push(("groupId", hcl_string(g)));
    }
    if let Some(f) = &body.fqdns {
        let list: Vec<String> = f.iter().map(|d| hcl_string(d)).collect();
        props.push(("fqdns", format!("[{}]", list.join(", "))));
    }
    if let Some(m) = &body.request_message {
        props.push(("requestMessage", hcl_string(m)));
    }
    let width = props.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let props: String = props.iter().map(|(k, v)| format!("      {k:<width$} = {v}\n")).collect();
    // azapi validates `body` against its embedded types by default and fails `terraform validate`
    // on a missing required property; `schema_validation_enabled = false` is its documented opt-out
    // (Azure/terraform-provider-azapi docs/resources/resource.md).
    let opt_out = if body.group_id.is_none() {
        format!("  # {PLS_GROUP_ID_NOTE} azapi's schema validation would reject the body, so it is off here.\n  schema_validation_enabled = false\n")
    } else {
        String::new()
    };
    format!(
        "# {summary}\n\
         \n\
         terraform {{\n  required_providers {{\n    azapi = {{\n      source  = \"Azure/azapi\"\n      version = \"~> 2.0\"\n    }}\n  }}\n}}\n\
         \n\
         resource \"azapi_resource\" \"splr\" {{\n\
         \x20 type      = {kind}\n\
         \x20 parent_id = {parent}\n\
         \x20 name      = {name}\n\
         \x20 body = {{\n    properties = {{\n{props}    }}\n  }}\n\
         \x20 response_export_values = [\"properties.provisioningState\", \"properties.status\"]\n\
         {opt_out}\
         }}\n\
         \n\
         output \"shared_private_link_resource_id\" {{\n  value = azapi_resource.splr.id\n}}\n",
        summary = summary(plan),
        kind = hcl_string(&format!("{}@{}", splr_type(plan), plan.api_version.id)),
        parent = hcl_string(&plan.service_id()),
        name = hcl_string(&plan.name),
    )
}

pub(crate) fn artifact(plan: &Plan) -> Artifact {
    let mut notes = vec![
        "Needs the azapi provider 1.13 or later (body as an HCL object); the file asks for ~> 2.0.".to_string(),
        "Terraform does not approve the connection: approve it on the target (the approve step) after apply.".into(),
    ];
    if plan.group_id.is_none() {
        notes.push(
            "No groupId, as the docs' request for a Private Link Service: azapi's schema marks it required, so the file sets schema_validation_enabled = false.".into(),
        );
    }
    if plan.api_version.preview {
        notes.push(format!(
            "{} is a preview api-version: if azapi reports it unknown to its embedded schema, upgrade the provider or set schema_validation_enabled = false.",
            plan.api_version.id
        ));
    }
    Artifact { id: super::IacExport::TerraformAzapi.into(), title: "Terraform (azapi)", language: "hcl", text: text(plan), notes }
}
