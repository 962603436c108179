//! The same shared private endpoint as infrastructure as code (<https://learn.microsoft.com/azure/templates/microsoft.signalrservice/webpubsub/sharedprivatelinkresources>), for teams that keep
//! their Azure resources in Bicep, ARM templates or Terraform instead of running `az rest` by hand.
//!
//! Every exporter works from the validated [`Plan`], so each file carries exactly the request the
//! walkthrough sends (same api-version, properties and request message). Where a tool cannot express
//! the form (azurerm has no `fqdns` and pins one api-version) the artifact says so in its text and its
//! notes instead of exporting something silently different.

mod arm_template;
mod bicep;
mod terraform;
mod terraform_azapi;

use crate::artifacts::{Artifact, ArtifactId};
use crate::walkthrough::form::Plan;

/// An IaC export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IacExport {
    Bicep,
    ArmTemplate,
    Terraform,
    TerraformAzapi,
}

impl IacExport {
    /// The exports, in display order.
    pub const ALL: [IacExport; 4] = [IacExport::Bicep, IacExport::ArmTemplate, IacExport::Terraform, IacExport::TerraformAzapi];

    pub fn slug(self) -> &'static str {
        match self {
            IacExport::Bicep => "bicep",
            IacExport::ArmTemplate => "arm-template",
            IacExport::Terraform => "terraform",
            IacExport::TerraformAzapi => "terraform-azapi",
        }
    }
}

impl From<IacExport> for ArtifactId {
    fn from(a: IacExport) -> Self {
        ArtifactId::Iac(a)
    }
}

/// An export by its slug (`"arm-template"`), for callers that name it as the page does.
impl TryFrom<&str> for IacExport {
    type Error = ();
    fn try_from(slug: &str) -> Result<Self, ()> {
        IacExport::ALL.into_iter().find(|a| a.slug() == slug).ok_or(())
    }
}

/// The exports, in display order.
pub const IDS: [IacExport; 4] = IacExport::ALL;

/// Every IaC export of `plan`, in [`IDS`] order.
pub fn artifacts(plan: &Plan) -> Vec<Artifact> {
    IDS.into_iter().map(|id| export(plan, id)).collect()
}

/// The heading of an IaC export, known without a valid form.
pub fn title(id: IacExport) -> &'static str {
    match id {
        IacExport::Bicep => "Bicep",
        IacExport::ArmTemplate => "ARM template",
        IacExport::Terraform => "Terraform (azurerm)",
        IacExport::TerraformAzapi => "Terraform (azapi)",
    }
}

/// One IaC export, by id or slug (`None` for a slug that names none).
pub fn artifact(plan: &Plan, id: impl TryInto<IacExport>) -> Option<Artifact> {
    Some(export(plan, id.try_into().ok()?))
}

fn export(plan: &Plan, id: IacExport) -> Artifact {
    match id {
        IacExport::Bicep => bicep::artifact(plan),
        IacExport::ArmTemplate => arm_template::artifact(plan),
        IacExport::Terraform => terraform::artifact(plan),
        IacExport::TerraformAzapi => terraform_azapi::artifact(plan),
    }
}

/// Why a Private Link Service export has no `groupId`, for the comment beside each tool's opt-out.
///
/// The request follows the service's own how-to for Private Link Service targets, whose
/// create-pe.json sends `privateLinkResourceId`, `fqdns` and `requestMessage` and no `groupId`
/// (https://learn.microsoft.com/azure/azure-web-pubsub/howto-secure-shared-private-endpoints-private-link-service,
/// MicrosoftDocs/azure-docs articles/azure-web-pubsub/howto-secure-shared-private-endpoints-private-link-service.md
/// @ 605a09d2fda0ae2e075e5827e45355af95321365): a Private Link Service has no sub-resource (the
/// Private Link overview lists its sub-resource as empty:
/// https://learn.microsoft.com/azure/private-link/private-endpoint-overview#private-link-resource), and the service's list of shareable
/// types names groupIds only for sites, vault and table (the WebPubSubPrivateLinkResources_List
/// example in Azure/azure-rest-api-specs, copied in tests/fixtures/arm-examples). No public example
/// or spec text gives a groupId value for one. The specs still mark `groupId` required
/// (SharedPrivateLinkResourceProperties, e.g. webpubsub 2024-08-01-preview webpubsub.json @
/// 029741f2a57be0df0c346983e76f08dc7a69058a), and every schema generated from them repeats it:
/// the ARM resource schemas, bicep-types-az (Bicep warning BCP035) and azapi's embedded types
/// (an error of its schema validation, which is on by default).
pub(crate) const PLS_GROUP_ID_NOTE: &str = "groupId is left out on purpose: a Private Link Service has no sub-resource, and the service's documented request for it sends none (https://learn.microsoft.com/azure/azure-web-pubsub/howto-secure-shared-private-endpoints-private-link-service). The API schema still marks groupId required.";

/// `Microsoft.SignalRService/webPubSub/sharedPrivateLinkResources`
pub(crate) fn splr_type(plan: &Plan) -> String {
    format!("{}/sharedPrivateLinkResources", plan.service.resource_type())
}

/// A one-line summary for the comment at the top of each file (names only: validated, no quoting care).
pub(crate) fn summary(plan: &Plan) -> String {
    format!(
        "Shared private endpoint '{}' from {} '{}' to {} '{}'.",
        plan.name,
        plan.service.display(),
        plan.service_name,
        plan.target.kind.display(),
        plan.target.id.name()
    )
}

/// Escapes `s` for a double-quoted HCL (Terraform) string: JSON-like backslash escapes, plus `$${`
/// and `%%{` so that text which looks like an interpolation or a template directive stays literal.
pub fn hcl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes `s` for a single-quoted Bicep string: `\\`, `\'`, `\${` (a plain `${` would interpolate),
/// `\n`, `\r`, `\t`, and `\u{..}` for other control characters. Other Unicode stays as is (Bicep files
/// are UTF-8).
pub fn bicep_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_known_without_a_form_match_the_artifacts() {
        let form = crate::walkthrough::form::Form::new(crate::walkthrough::scenario::Scenario::WebPubSubPls);
        let plan = crate::walkthrough::form::check(&form).plan.unwrap();
        for a in artifacts(&plan) {
            assert_eq!(crate::artifacts::title(a.id), a.title, "{}", a.id);
        }
    }

    #[test]
    fn hcl_escapes_interpolation_and_directives() {
        assert_eq!(hcl_string("a ${b} %{c} $d %e"), r#""a $${b} %%{c} $d %e""#);
        assert_eq!(hcl_string("q\"\\\n\t"), r#""q\"\\\n\t""#);
        assert_eq!(hcl_string("承認 \u{1}"), "\"承認 \\u0001\"");
    }

    #[test]
    fn bicep_escapes_quotes_backslashes_and_interpolation() {
        assert_eq!(bicep_string("it's ${x} $y \\"), r"'it\'s \${x} $y \\'");
        assert_eq!(bicep_string("a\nb\u{7}"), r"'a\nb\u{7}'");
    }
}
