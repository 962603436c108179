//! The shared private endpoint in Bicep: the service is referenced with `existing` (the SPLR is its
//! child, so it must already exist) and the SPLR is declared with `parent:`, so Bicep builds the
//! `service/splr` name and the dependency itself.

use super::{bicep_string, splr_type, summary, PLS_GROUP_ID_NOTE};
use crate::artifacts::Artifact;
use crate::walkthrough::form::Plan;

pub(crate) fn text(plan: &Plan) -> String {
    let v = plan.api_version.id;
    let body = plan.body().properties;
    let mut props = format!("    privateLinkResourceId: {}\n", bicep_string(&body.private_link_resource_id));
    if let Some(g) = &body.group_id {
        props.push_str(&format!("    groupId: {}\n", bicep_string(g)));
    }
    if let Some(f) = &body.fqdns {
        props.push_str("    fqdns: [\n");
        for d in f {
            props.push_str(&format!("      {}\n", bicep_string(d)));
        }
        props.push_str("    ]\n");
    }
    if let Some(m) = &body.request_message {
        props.push_str(&format!("    requestMessage: {}\n", bicep_string(m)));
    }
    // Without a groupId (Private Link Service) Bicep warns BCP035 "missing required properties",
    // reported on the `properties` key (Azure/bicep's baselines under
    // src/Bicep.Core.Samples/Files/baselines show `[BCP035 (Warning)] ... |properties|` for a nested
    // object); `#disable-next-line` on the line before silences it, as Bicep documents
    // (https://learn.microsoft.com/azure/azure-resource-manager/bicep/linter#silencing-false-positives;
    // baselines/DisableNextLineDiagnosticsDirective_CRLF/main.diagnostics.bicep does it before `properties:`).
    let opt_out = if body.group_id.is_none() {
        format!("  // {PLS_GROUP_ID_NOTE}\n  #disable-next-line BCP035\n")
    } else {
        String::new()
    };
    format!(
        "// {summary}\n\
         // Deploy: az deployment group create --resource-group {rg} --template-file shared-private-endpoint.bicep\n\
         \n\
         @description('The existing {display} resource that owns the shared private endpoint.')\n\
         param serviceName string = {service}\n\
         \n\
         @description('Name of the shared private endpoint.')\n\
         param splrName string = {name}\n\
         \n\
         resource svc '{service_type}@{v}' existing = {{\n  name: serviceName\n}}\n\
         \n\
         resource splr '{splr_type}@{v}' = {{\n  parent: svc\n  name: splrName\n{opt_out}  properties: {{\n{props}  }}\n}}\n\
         \n\
         output sharedPrivateLinkResourceId string = splr.id\n\
         output status string = splr.properties.status\n",
        summary = summary(plan),
        rg = plan.resource_group,
        display = plan.service.display(),
        service = bicep_string(&plan.service_name),
        name = bicep_string(&plan.name),
        service_type = plan.service.resource_type(),
        splr_type = splr_type(plan),
    )
}

pub(crate) fn artifact(plan: &Plan) -> Artifact {
    let mut notes = vec![format!(
        "Deploy into the service's resource group ({}); the connection waits as Pending until it is approved on the target.",
        plan.resource_group
    )];
    if plan.group_id.is_none() {
        notes.push(
            "No groupId, as the docs' request for a Private Link Service: the file silences Bicep's BCP035 warning about it with #disable-next-line.".into(),
        );
    }
    if plan.api_version.preview {
        notes.push(format!(
            "{} is a preview api-version: if your Bicep version has no type information for it, it warns (BCP081) but still deploys.",
            plan.api_version.id
        ));
    }
    Artifact { id: super::IacExport::Bicep.into(), title: "Bicep", language: "bicep", text: text(plan), notes }
}
