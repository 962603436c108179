//! The shared private endpoint with Terraform's azurerm provider
//! (`azurerm_web_pubsub_shared_private_link_resource` / `azurerm_signalr_shared_private_link_resource`).
//!
//! azurerm pins api-version 2024-03-01 and has no `fqdns`, so it cannot express a Private Link Service
//! target: for those plans the file is a comment that points to the azapi export, never a resource that
//! would be created differently from what the form asks.

use super::{hcl_string, summary};
use crate::artifacts::Artifact;
use crate::walkthrough::form::Plan;
use crate::service::Service;

/// The only api-version the azurerm resources use.
pub const AZURERM_API_VERSION: &str = "2024-03-01";

/// Resource type, data source type and the names of the service-id and groupId arguments.
fn schema(service: Service) -> (&'static str, &'static str, &'static str, &'static str) {
    match service {
        Service::WebPubSub => {
            ("azurerm_web_pubsub_shared_private_link_resource", "azurerm_web_pubsub", "web_pubsub_id", "subresource_name")
        }
        Service::SignalR => (
            "azurerm_signalr_shared_private_link_resource",
            "azurerm_signalr_service",
            "signalr_service_id",
            "sub_resource_name",
        ),
    }
}

/// True when azurerm can create exactly what the plan asks for.
pub fn can_express(plan: &Plan) -> bool {
    plan.fqdns.is_empty() && plan.group_id.is_some()
}

pub(crate) fn text(plan: &Plan) -> String {
    let (resource, data, id_arg, group_arg) = schema(plan.service);
    if !can_express(plan) {
        return format!(
            "# {summary}\n\
             #\n\
             # The azurerm provider cannot create this shared private endpoint: its {resource}\n\
             # has no `fqdns` argument (it pins api-version {AZURERM_API_VERSION}), and a Private Link Service target is\n\
             # reached by the domain names in `fqdns`. Use the Terraform (azapi) export instead: it sends the\n\
             # request body with api-version {v} as it is.\n",
            summary = summary(plan),
            v = plan.api_version.id,
        );
    }
    let group = plan.group_id.as_deref().unwrap_or_default();
    let mut args = vec![
        ("name", hcl_string(&plan.name)),
        (id_arg, format!("data.{data}.service.id")),
        (group_arg, hcl_string(group)),
        ("target_resource_id", hcl_string(&plan.target.id.text)),
    ];
    if let Some(m) = &plan.message {
        args.push(("request_message", hcl_string(m)));
    }
    let width = args.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let body: String = args.iter().map(|(k, v)| format!("  {k:<width$} = {v}\n")).collect();
    format!(
        "# {summary}\n\
         \n\
         terraform {{\n  required_providers {{\n    azurerm = {{\n      source  = \"hashicorp/azurerm\"\n      version = \"~> 4.0\"\n    }}\n  }}\n}}\n\
         \n\
         provider \"azurerm\" {{\n  features {{}}\n  subscription_id = {sub}\n}}\n\
         \n\
         data \"{data}\" \"service\" {{\n  name                = {service}\n  resource_group_name = {rg}\n}}\n\
         \n\
         resource \"{resource}\" \"splr\" {{\n{body}}}\n\
         \n\
         output \"shared_private_link_resource_id\" {{\n  value = {resource}.splr.id\n}}\n",
        summary = summary(plan),
        sub = hcl_string(&plan.subscription),
        service = hcl_string(&plan.service_name),
        rg = hcl_string(&plan.resource_group),
    )
}

pub(crate) fn artifact(plan: &Plan) -> Artifact {
    let (resource, ..) = schema(plan.service);
    let mut notes = Vec::new();
    if !can_express(plan) {
        notes.push(format!(
            "azurerm cannot express this form: {resource} has no fqdns (needed for Private Link Service targets). Use the azapi export."
        ));
    } else {
        notes.push(format!(
            "azurerm always uses api-version {AZURERM_API_VERSION} for {resource}{}.",
            if plan.api_version.id == AZURERM_API_VERSION {
                String::new()
            } else {
                format!(", not the {} chosen in the form (use the azapi export to keep it)", plan.api_version.id)
            }
        ));
        notes.push(
            "Terraform does not approve the connection: approve it on the target (the approve step) after apply.".into(),
        );
    }
    Artifact { id: super::IacExport::Terraform.into(), title: "Terraform (azurerm)", language: "hcl", text: text(plan), notes }
}
