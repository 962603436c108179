//! ARM resource IDs: parsing with errors that say what is wrong and where, and visible repair of the
//! damage pasted IDs commonly carry (stray spaces, a leading `_` as in the docs' own examples, doubled
//! slashes, a full management URL).
//!
//! The repaired text is kept as the user wrote it otherwise (ARM treats keywords, providers and types
//! case-insensitively, so `resourcegroups` as in the official examples stays as it is).

use crate::names::{self, clip};

/// One `{type}/{name}` pair after the provider namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedName {
    pub kind: String,
    pub name: String,
}

/// A parsed resource ID. `text` is the repaired input, used verbatim in requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceId {
    pub text: String,
    pub subscription: String,
    pub resource_group: String,
    pub namespace: String,
    pub types: Vec<TypedName>,
}

/// A parse result: the ID and the repairs made to the input, each worth showing to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub id: ResourceId,
    pub repairs: Vec<String>,
}

impl ResourceId {
    /// `Microsoft.Web/sites` or `Microsoft.Web/sites/slots`, as written in the ID.
    pub fn full_type(&self) -> String {
        let mut s = self.namespace.clone();
        for t in &self.types {
            s.push('/');
            s.push_str(&t.kind);
        }
        s
    }

    /// True when the namespace and type chain equal `full_type` ignoring case, as ARM compares them.
    pub fn is_type(&self, full_type: &str) -> bool {
        self.full_type().eq_ignore_ascii_case(full_type)
    }

    /// The name of the last (innermost) resource.
    pub fn name(&self) -> &str {
        self.types.last().map(|t| t.name.as_str()).unwrap_or_default()
    }

    /// The ID of the parent resource (`.../sites/app` for `.../sites/app/slots/staging`).
    pub fn parent(&self) -> Option<ResourceId> {
        if self.types.len() < 2 {
            return None;
        }
        let mut types = self.types.clone();
        types.pop();
        // Cut the text instead of rebuilding it, to keep the user's own spelling of the keywords.
        let name_start = self.text.rfind('/')?;
        let type_start = self.text[..name_start].rfind('/')?;
        Some(ResourceId { text: self.text[..type_start].to_string(), types, ..self.clone() })
    }
}

/// The ID of a top-level resource: `/subscriptions/{sub}/resourceGroups/{rg}/providers/{type}/{name}`.
pub fn build(subscription: &str, resource_group: &str, resource_type: &str, name: &str) -> String {
    format!("/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/{resource_type}/{name}")
}

/// Parses and validates an ARM resource ID, repairing common paste damage with a note per repair.
pub fn parse(input: &str) -> Result<Parsed, String> {
    let mut repairs = Vec::new();
    let mut s = input.to_string();

    if s.chars().any(char::is_whitespace) {
        s.retain(|c| !c.is_whitespace());
        if !s.is_empty() {
            repairs.push("Removed spaces or line breaks from the pasted ID.".to_string());
        }
    }
    if s.is_empty() {
        return Err("Paste a resource ID; it starts with /subscriptions/.".into());
    }
    if s.len() >= 2 && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\''))) {
        s = s[1..s.len() - 1].to_string();
        repairs.push("Removed the quotes around the ID.".into());
    }
    if let Some(rest) = strip_url(&s) {
        s = rest;
        repairs.push("Took the resource ID out of the pasted URL.".into());
    }
    if s.starts_with('_') {
        s = s.trim_start_matches('_').to_string();
        repairs.push("Removed the leading '_' (some docs examples carry it by mistake).".into());
    }
    if starts_with_ci(&s, "subscriptions/") {
        s.insert(0, '/');
        repairs.push("Added the leading '/'.".into());
    }
    if s.contains("//") {
        while s.contains("//") {
            s = s.replace("//", "/");
        }
        repairs.push("Replaced doubled slashes '//' with a single '/'.".into());
    }
    if s.len() > 1 && s.ends_with('/') {
        s = s.trim_end_matches('/').to_string();
        repairs.push("Removed the trailing '/'.".into());
    }
    if !s.starts_with('/') {
        return Err(format!("A resource ID starts with /subscriptions/; this one starts with '{}'.", clip(&s)));
    }

    let segs: Vec<&str> = s[1..].split('/').collect();
    let seg = |i: usize| segs.get(i).copied();
    // Messages count segments from 1, after the leading slash, as a user reads the ID.
    let expect_keyword = |i: usize, keyword: &str, what_follows: &str| -> Result<(), String> {
        match seg(i) {
            None => Err(format!("The ID ends after segment {i}: '{keyword}/{what_follows}' is missing.")),
            Some(found) if found.eq_ignore_ascii_case(keyword) => Ok(()),
            Some(found) => Err(format!("Segment {}: expected '{keyword}', found '{}'.", i + 1, clip(found))),
        }
    };

    expect_keyword(0, "subscriptions", "{subscription ID}")?;
    let subscription = seg(1).ok_or("The subscription ID is missing after /subscriptions/.")?;
    if !is_uuid(subscription) {
        return Err(format!(
            "Segment 2: '{}' is not a subscription ID; expected a GUID like 00000000-0000-0000-0000-000000000000.",
            clip(subscription)
        ));
    }
    expect_keyword(2, "resourceGroups", "{resource group}")?;
    let resource_group = seg(3).ok_or("The resource group name is missing after /resourceGroups/.")?;
    names::resource_group(resource_group).map_err(|e| format!("Segment 4: {e}"))?;
    if segs.len() == 4 {
        return Err("This is a resource group ID; paste the ID of the resource itself (…/providers/…).".into());
    }
    expect_keyword(4, "providers", "{namespace}/{type}/{name}")?;
    let namespace = seg(5).ok_or("The provider namespace (e.g. Microsoft.Web) is missing after /providers/.")?;
    if !is_namespace(namespace) {
        return Err(format!(
            "Segment 6: '{}' is not a provider namespace; expected something like Microsoft.Web.",
            clip(namespace)
        ));
    }
    let rest = &segs[6..];
    if rest.is_empty() {
        return Err(format!("The ID ends after the namespace '{namespace}': the resource type and name are missing."));
    }
    let mut types = Vec::new();
    for (k, pair) in rest.chunks(2).enumerate() {
        let pos = 7 + 2 * k;
        let kind = pair[0];
        if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("Segment {pos}: '{}' is not a resource type.", clip(kind)));
        }
        let Some(name) = pair.get(1) else {
            return Err(format!("Segment {pos}: the resource type '{kind}' has no name after it."));
        };
        if let Some(c) = name.chars().find(|c| c.is_control() || "?#%\\".contains(*c)) {
            return Err(format!("Segment {}: a resource name cannot contain '{}'.", pos + 1, names::show_char(c)));
        }
        types.push(TypedName { kind: kind.to_string(), name: name.to_string() });
    }

    Ok(Parsed {
        id: ResourceId {
            subscription: subscription.to_string(),
            resource_group: resource_group.to_string(),
            namespace: namespace.to_string(),
            types,
            text: s,
        },
        repairs,
    })
}

/// `https://management.azure.com/subscriptions/...?...` → `/subscriptions/...`.
fn strip_url(s: &str) -> Option<String> {
    if !(starts_with_ci(s, "https://") || starts_with_ci(s, "http://")) {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let start = lower.find("/subscriptions/")?;
    let end = s.find(['?', '#']).filter(|e| *e > start).unwrap_or(s.len());
    Some(s[start..end].to_string())
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.is_char_boundary(prefix.len()) && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// A GUID in its 8-4-4-4-12 hexadecimal form.
pub fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_namespace(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.starts_with(|c: char| c.is_ascii_alphabetic()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.Web/sites/contoso-func";

    #[test]
    fn parses_a_site_id() {
        let p = parse(SITE).unwrap();
        assert!(p.repairs.is_empty());
        assert_eq!(p.id.subscription, "00000000-0000-0000-0000-000000000000");
        assert_eq!(p.id.resource_group, "contoso");
        assert_eq!(p.id.namespace, "Microsoft.Web");
        assert_eq!(p.id.name(), "contoso-func");
        assert!(p.id.is_type("microsoft.web/SITES"));
        assert_eq!(p.id.text, SITE);
    }

    #[test]
    fn keeps_lowercase_keywords_as_the_official_examples_write_them() {
        let id = SITE.replace("resourceGroups", "resourcegroups");
        let p = parse(&id).unwrap();
        assert_eq!(p.id.text, id);
        assert!(p.repairs.is_empty());
    }

    #[test]
    fn says_which_segment_is_wrong() {
        let bad = SITE.replace("resourceGroups", "resourcegroup");
        assert_eq!(parse(&bad).unwrap_err(), "Segment 3: expected 'resourceGroups', found 'resourcegroup'.");
        let bad = SITE.replace("00000000-0000-0000-0000-000000000000", "contoso-sub");
        assert!(parse(&bad).unwrap_err().starts_with("Segment 2: 'contoso-sub' is not a subscription ID"));
        let bad = SITE.replace("/providers/", "/provider/");
        assert!(parse(&bad).unwrap_err().starts_with("Segment 5: expected 'providers'"));
        let bad = SITE.replace("/contoso-func", "");
        assert!(parse(&bad).unwrap_err().contains("'sites' has no name"));
        let rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso";
        assert!(parse(rg).unwrap_err().contains("resource group ID"));
        assert!(parse("contoso-func").unwrap_err().contains("starts with /subscriptions/"));
        assert!(parse("   ").unwrap_err().contains("Paste a resource ID"));
    }

    #[test]
    fn repairs_paste_damage_visibly() {
        let damaged = format!("  _{}// ", SITE.replace("/providers/", "//providers/"));
        let p = parse(&damaged).unwrap();
        assert_eq!(p.id.text, SITE);
        assert_eq!(p.repairs.len(), 4, "{:?}", p.repairs);
        assert!(p.repairs.iter().any(|r| r.contains("leading '_'")));
        assert!(p.repairs.iter().any(|r| r.contains("doubled slashes")));
    }

    #[test]
    fn takes_the_id_out_of_a_management_url() {
        let url = format!("https://management.azure.com{SITE}?api-version=2024-03-01");
        let p = parse(&url).unwrap();
        assert_eq!(p.id.text, SITE);
        assert_eq!(p.repairs.len(), 1);
    }

    #[test]
    fn slot_parent_is_the_site() {
        let slot = format!("{SITE}/slots/staging");
        let p = parse(&slot).unwrap();
        assert!(p.id.is_type("Microsoft.Web/sites/slots"));
        assert_eq!(p.id.name(), "staging");
        let parent = p.id.parent().unwrap();
        assert_eq!(parent.text, SITE);
        assert!(parent.is_type("Microsoft.Web/sites"));
        assert!(parse(SITE).unwrap().id.parent().is_none());
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("8a5c0f3e-1b2d-4c5e-9f00-abcdefABCDEF"));
        assert!(!is_uuid("8a5c0f3e1b2d4c5e9f00abcdefabcdef"));
        assert!(!is_uuid("8a5c0f3e-1b2d-4c5e-9f00-abcdefabcdeg"));
    }
}
