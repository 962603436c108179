//! The resources a shared private endpoint can point at, their groupIds and how a pasted target ID
//! becomes the `privateLinkResourceId` + `groupId` pair of the request.
//!
//! groupIds are case-sensitive: `site` or `Sites` fail with "Invalid groupId" (https://github.com/MicrosoftDocs/azure-docs/pull/78695,
//! https://github.com/hashicorp/terraform-provider-azurerm/issues/11778).
//! Deployment slots are addressed through the app's ID with groupId `sites-<slot>`.

use crate::names;
use crate::resource_id::{self, ResourceId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetKind {
    /// Function app or Web App (`Microsoft.Web/sites`), optionally one of its deployment slots.
    Site,
    PrivateLinkService,
    KeyVault,
    StorageAccount,
}

impl TargetKind {
    /// `namespace/type` of the target resource, as `az ... --type` wants it.
    pub fn resource_type(self) -> &'static str {
        match self {
            TargetKind::Site => "Microsoft.Web/sites",
            TargetKind::PrivateLinkService => "Microsoft.Network/privateLinkServices",
            TargetKind::KeyVault => "Microsoft.KeyVault/vaults",
            TargetKind::StorageAccount => "Microsoft.Storage/storageAccounts",
        }
    }

    pub fn display(self) -> &'static str {
        match self {
            TargetKind::Site => "Function app or Web App",
            TargetKind::PrivateLinkService => "Private Link Service",
            TargetKind::KeyVault => "Key Vault",
            TargetKind::StorageAccount => "Storage account",
        }
    }

    /// The groupId the service expects for this kind; `None` for Private Link Services, whose
    /// connections have no sub-resource (the docs' request sends none). The API schemas mark
    /// groupId required all the same; the IaC exports follow this choice and carry each tool's
    /// opt-out (see `iac::PLS_GROUP_ID_NOTE` for the sources), so create-pe.json and every export
    /// send the same body.
    pub fn group_id(self, slot: Option<&str>) -> Option<String> {
        match (self, slot) {
            (TargetKind::Site, None) => Some("sites".into()),
            (TargetKind::Site, Some(slot)) => Some(format!("sites-{slot}")),
            (TargetKind::PrivateLinkService, _) => None,
            (TargetKind::KeyVault, _) => Some("vault".into()),
            (TargetKind::StorageAccount, _) => Some("table".into()),
        }
    }

    fn check_name(self, name: &str) -> Result<(), String> {
        match self {
            TargetKind::Site => names::site(name),
            TargetKind::PrivateLinkService => names::private_link_service(name),
            TargetKind::KeyVault => names::key_vault(name),
            TargetKind::StorageAccount => names::storage_account(name),
        }
    }
}

/// A validated target: the ID to put in `privateLinkResourceId` and, for a slot, its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    pub id: ResourceId,
    pub slot: Option<String>,
    /// Repairs and conversions made to the pasted ID, to show next to the field.
    pub notes: Vec<String>,
}

impl Target {
    /// The groupId that goes with this target when the user gives none.
    pub fn default_group_id(&self) -> Option<String> {
        self.kind.group_id(self.slot.as_deref())
    }
}

/// Parses a target ID and checks it is one of `allowed`.
pub fn parse(input: &str, allowed: &[TargetKind]) -> Result<Target, String> {
    let parsed = resource_id::parse(input)?;
    let mut notes = parsed.repairs;
    let mut id = parsed.id;
    let mut slot = None;

    if id.is_type("Microsoft.Web/sites/slots") && allowed.contains(&TargetKind::Site) {
        let slot_name = id.name().to_string();
        names::slot(&slot_name)?;
        id = id.parent().expect("a slot ID has a parent");
        // App Service documents `sites-<slot>` for ordinary private endpoints (azure-docs
        // articles/app-service/overview-private-endpoint.md @a3cafa8a); the SPLR docs and the service's
        // privateLinkResources list (every version's example) offer only `sites`: unverified for SPLRs.
        notes.push(format!(
            "Deployment slot '{slot_name}': the request names the app ({}) with groupId 'sites-{slot_name}'. \
             Unverified: the shared private endpoint docs show only 'sites' (whole apps); App Service documents \
             'sites-<slot>' for ordinary private endpoints.",
            id.name()
        ));
        slot = Some(slot_name);
    }

    let Some(kind) = allowed.iter().copied().find(|k| id.is_type(k.resource_type())) else {
        let expected = allowed.iter().map(|k| format!("{} ({})", k.display(), k.resource_type())).collect::<Vec<_>>();
        return Err(format!(
            "This ID is a {}, but this scenario needs a {}.",
            id.full_type(),
            expected.join(" or ")
        ));
    };
    kind.check_name(id.name())?;
    Ok(Target { kind, id, slot, notes })
}

/// Checks a groupId the user typed against the one the target needs. Empty means "use the default".
pub fn check_group_id(typed: &str, target: &Target) -> Result<Option<String>, String> {
    let expected = target.default_group_id();
    let typed = typed.trim();
    match expected {
        None if typed.is_empty() => Ok(None),
        None => Err(format!(
            "A {} connection has no groupId: leave this empty (the docs' request sends none).",
            target.kind.display()
        )),
        Some(expected) if typed.is_empty() || typed == expected => Ok(Some(expected)),
        Some(expected) if typed.eq_ignore_ascii_case(&expected) => Err(format!(
            "groupIds are case-sensitive: write '{expected}', not '{typed}' (Azure answers \"Invalid groupId\")."
        )),
        Some(expected) if target.kind == TargetKind::Site && typed.starts_with("sites-") => Err(format!(
            "'{typed}' is the groupId of a deployment slot; to share a slot, paste the slot's resource ID \
             (…/sites/{}/slots/{}). For this target use '{expected}'.",
            target.id.name(),
            &typed["sites-".len()..]
        )),
        Some(expected) => Err(format!(
            "A {} needs groupId '{expected}'; '{typed}' would fail with \"Invalid groupId\".",
            target.kind.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUB_RG: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso";

    fn site() -> String {
        format!("{SUB_RG}/providers/Microsoft.Web/sites/contoso-func")
    }

    #[test]
    fn a_site_needs_groupid_sites() {
        let t = parse(&site(), &[TargetKind::Site]).unwrap();
        assert_eq!(t.default_group_id().as_deref(), Some("sites"));
        assert_eq!(check_group_id("", &t).unwrap().as_deref(), Some("sites"));
        assert_eq!(check_group_id("sites", &t).unwrap().as_deref(), Some("sites"));
        assert!(check_group_id("Sites", &t).unwrap_err().contains("case-sensitive"));
        assert!(check_group_id("site", &t).unwrap_err().contains("Invalid groupId"));
        assert!(check_group_id("sites-staging", &t).unwrap_err().contains("slots/staging"));
    }

    #[test]
    fn a_slot_becomes_the_app_with_a_slot_groupid() {
        let t = parse(&format!("{}/slots/staging", site()), &[TargetKind::Site]).unwrap();
        assert_eq!(t.id.text, site());
        assert_eq!(t.slot.as_deref(), Some("staging"));
        assert_eq!(check_group_id("", &t).unwrap().as_deref(), Some("sites-staging"));
        assert!(t.notes.iter().any(|n| n.contains("sites-staging")));
    }

    #[test]
    fn private_link_services_have_no_groupid() {
        let pls = format!("{SUB_RG}/providers/Microsoft.Network/privateLinkServices/contoso-pls");
        let t = parse(&pls, &[TargetKind::PrivateLinkService]).unwrap();
        assert_eq!(check_group_id("", &t).unwrap(), None);
        assert!(check_group_id("sites", &t).is_err());
    }

    #[test]
    fn the_wrong_kind_of_target_is_named() {
        let err = parse(&site(), &[TargetKind::PrivateLinkService]).unwrap_err();
        assert!(err.contains("Microsoft.Web/sites"), "{err}");
        assert!(err.contains("Microsoft.Network/privateLinkServices"), "{err}");
    }

    #[test]
    fn other_shareable_targets() {
        let kv = format!("{SUB_RG}/providers/Microsoft.KeyVault/vaults/contoso-kv");
        let st = format!("{SUB_RG}/providers/Microsoft.Storage/storageAccounts/contosostore");
        let both = [TargetKind::KeyVault, TargetKind::StorageAccount];
        assert_eq!(parse(&kv, &both).unwrap().default_group_id().as_deref(), Some("vault"));
        assert_eq!(parse(&st, &both).unwrap().default_group_id().as_deref(), Some("table"));
        let bad = format!("{SUB_RG}/providers/Microsoft.Storage/storageAccounts/Contoso_Store");
        assert!(parse(&bad, &both).unwrap_err().contains("lowercase"));
    }
}
