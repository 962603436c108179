//! cmd.exe quoting. Inside double quotes, `& | < > ^ ( )` and spaces are literal, but `%` still
//! expands and `"` cannot be written at all; so only validated values (names, IDs, URLs, which never
//! contain `"` or `%`) go on a cmd command line, and free text goes through `create-pe.json`, written
//! with every special character escaped as JSON `\uXXXX` (see `json_text`).

/// Characters that make cmd split or redirect a bare word.
fn is_special(c: char) -> bool {
    c.is_whitespace() || "&|<>^(),;=!\"'%".contains(c)
}

/// Quotes a validated value for cmd: bare when plain, else in double quotes.
/// Returns `None` for text cmd cannot carry literally (`"`, `%`, line breaks).
pub fn quote(s: &str) -> Option<String> {
    if s.contains(['"', '%', '\n', '\r']) {
        return None;
    }
    if !s.is_empty() && !s.chars().any(is_special) {
        return Some(s.to_string());
    }
    Some(format!("\"{s}\""))
}

/// Like [`quote`], always with double quotes (for URLs and JMESPath queries).
pub fn quoted(s: &str) -> Option<String> {
    if s.contains(['"', '%', '\n', '\r']) {
        return None;
    }
    Some(format!("\"{s}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_quoted() {
        assert_eq!(quote("contoso-rg").unwrap(), "contoso-rg");
        assert_eq!(quote("rg(1)").unwrap(), "\"rg(1)\"");
        assert_eq!(quote("a&b").unwrap(), "\"a&b\"");
        assert_eq!(quoted("https://x?a=1&b=2").unwrap(), "\"https://x?a=1&b=2\"");
    }

    #[test]
    fn refuses_what_cmd_cannot_carry() {
        assert_eq!(quote("50%"), None);
        assert_eq!(quote("say \"hi\""), None);
        assert_eq!(quoted("a\nb"), None);
    }
}
