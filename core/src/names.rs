//! Azure naming rules for every resource the walkthrough names, with messages a user can act on.
//!
//! Sources: the SignalR/Web PubSub REST specs (service, SPLR names) and the Azure "naming rules and
//! restrictions" page (resource groups, sites, private link services, vaults, storage accounts).

/// Service (Web PubSub / SignalR) and shared-private-link-resource names:
/// 3–63 characters, `^[a-zA-Z][a-zA-Z0-9-]{1,61}[a-zA-Z0-9]$`.
pub fn service_name(what: &str, s: &str) -> Result<(), String> {
    let len = s.chars().count();
    if len == 0 {
        return Err(format!("Enter the {what}."));
    }
    if !(3..=63).contains(&len) {
        return Err(format!("The {what} must be 3 to 63 characters long; '{}' has {len}.", clip(s)));
    }
    if let Some(c) = s.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
        return Err(format!("The {what} may contain only letters, digits and hyphens; '{}' is not allowed.", show_char(c)));
    }
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!("The {what} must start with a letter."));
    }
    if s.ends_with('-') {
        return Err(format!("The {what} must end with a letter or digit, not a hyphen."));
    }
    Ok(())
}

/// Resource group: 1–90 letters, digits, `-_.()`, not ending in a period.
pub fn resource_group(s: &str) -> Result<(), String> {
    let len = s.chars().count();
    if len == 0 {
        return Err("Enter the resource group name.".into());
    }
    if len > 90 {
        return Err(format!("A resource group name has at most 90 characters; this one has {len}."));
    }
    if let Some(c) = s.chars().find(|c| !(c.is_alphanumeric() || "-_.()".contains(*c))) {
        return Err(format!(
            "A resource group name may contain letters, digits, '-', '_', '.', '(' and ')'; '{}' is not allowed.",
            show_char(c)
        ));
    }
    if s.ends_with('.') {
        return Err("A resource group name cannot end with a period.".into());
    }
    Ok(())
}

/// Function app / Web App (`Microsoft.Web/sites`): 2–60 letters, digits and hyphens, no hyphen at either end.
pub fn site(s: &str) -> Result<(), String> {
    alnum_hyphen("app name", s, 2, 60)
}

/// Deployment slot (`Microsoft.Web/sites/slots`): 2–59 letters, digits and hyphens.
pub fn slot(s: &str) -> Result<(), String> {
    alnum_hyphen("slot name", s, 2, 59)
}

/// Private Link Service: 1–80 letters, digits, `_.-`; starts with a letter or digit, ends with one or `_`.
pub fn private_link_service(s: &str) -> Result<(), String> {
    let len = s.chars().count();
    if !(1..=80).contains(&len) {
        return Err(format!("A Private Link Service name has 1 to 80 characters; this one has {len}."));
    }
    if let Some(c) = s.chars().find(|c| !(c.is_ascii_alphanumeric() || "_.-".contains(*c))) {
        return Err(format!(
            "A Private Link Service name may contain letters, digits, '_', '.' and '-'; '{}' is not allowed.",
            show_char(c)
        ));
    }
    if !s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("A Private Link Service name must start with a letter or digit.".into());
    }
    if !s.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        return Err("A Private Link Service name must end with a letter, digit or '_'.".into());
    }
    Ok(())
}

/// Key Vault: 3–24 letters, digits and hyphens; starts with a letter; no `--`; ends with a letter or digit.
pub fn key_vault(s: &str) -> Result<(), String> {
    alnum_hyphen("key vault name", s, 3, 24)?;
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("A key vault name must start with a letter.".into());
    }
    if s.contains("--") {
        return Err("A key vault name cannot contain two hyphens in a row.".into());
    }
    Ok(())
}

/// Storage account: 3–24 lowercase letters and digits.
pub fn storage_account(s: &str) -> Result<(), String> {
    let len = s.chars().count();
    if !(3..=24).contains(&len) {
        return Err(format!("A storage account name has 3 to 24 characters; this one has {len}."));
    }
    if let Some(c) = s.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit())) {
        return Err(format!(
            "A storage account name may contain only lowercase letters and digits; '{}' is not allowed.",
            show_char(c)
        ));
    }
    Ok(())
}

fn alnum_hyphen(what: &str, s: &str, min: usize, max: usize) -> Result<(), String> {
    let len = s.chars().count();
    if !(min..=max).contains(&len) {
        return Err(format!("The {what} must be {min} to {max} characters long; '{}' has {len}.", clip(s)));
    }
    if let Some(c) = s.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
        return Err(format!("The {what} may contain only letters, digits and hyphens; '{}' is not allowed.", show_char(c)));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err(format!("The {what} cannot start or end with a hyphen."));
    }
    Ok(())
}

/// Shows a character so that invisible ones (spaces, control characters) are still visible in a message.
pub(crate) fn show_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_control() || c.is_whitespace() => format!("U+{:04X}", c as u32),
        c => c.to_string(),
    }
}

/// Long user input is cut in messages so an error never becomes a wall of text.
pub(crate) fn clip(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_follow_the_spec_pattern() {
        assert!(service_name("service name", "contoso-webpubsub").is_ok());
        assert!(service_name("service name", "abc").is_ok());
        assert!(service_name("service name", "ab").unwrap_err().contains("3 to 63"));
        assert!(service_name("service name", &"a".repeat(64)).unwrap_err().contains("3 to 63"));
        assert!(service_name("service name", "1abc").unwrap_err().contains("start with a letter"));
        assert!(service_name("service name", "abc-").unwrap_err().contains("end with"));
        assert!(service_name("service name", "ab_c").unwrap_err().contains("'_'"));
        assert!(service_name("service name", "ab c").unwrap_err().contains("a space"));
        assert!(service_name("service name", "").unwrap_err().contains("Enter"));
    }

    #[test]
    fn resource_groups_allow_parentheses_but_not_a_final_period() {
        assert!(resource_group("contoso-rg").is_ok());
        assert!(resource_group("My_RG.(test)").is_ok());
        assert!(resource_group("rg.").unwrap_err().contains("period"));
        assert!(resource_group(&"r".repeat(91)).unwrap_err().contains("90"));
        assert!(resource_group("rg/x").unwrap_err().contains("'/'"));
    }

    #[test]
    fn target_names() {
        assert!(site("contoso-func").is_ok());
        assert!(site("-func").is_err());
        assert!(slot("staging").is_ok());
        assert!(private_link_service("contoso_pls_").is_ok());
        assert!(private_link_service("_pls").is_err());
        assert!(key_vault("contoso-kv").is_ok());
        assert!(key_vault("con--kv").unwrap_err().contains("two hyphens"));
        assert!(key_vault("1kv").is_err());
        assert!(storage_account("contosostore").is_ok());
        assert!(storage_account("Contoso").unwrap_err().contains("lowercase"));
    }
}
