//! PowerShell quoting. Single-quoted strings are literal (`$`, backticks and `"` are plain text); the
//! quote characters `'` and its typographic forms U+2018–U+201B must be doubled, because PowerShell
//! treats them all as single quotes.
//!
//! Arguments to `az` cross a second parser: on Windows `az` is `az.cmd`, which cmd re-parses, so an
//! unquoted `(`, `)` or `&` breaks the command. URLs therefore get their parentheses percent-encoded
//! (ARM decodes them), and free text never goes on an `az` command line (it travels in files).

/// Quotes `s` as a PowerShell single-quoted string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A URL quoted for PowerShell, safe to pass on to `az.cmd`.
pub fn url(s: &str) -> String {
    quote(&s.replace('(', "%28").replace(')', "%29"))
}

/// True when `s` would reach `az.cmd` unquoted with a character cmd interprets.
pub fn needs_cmd_care(s: &str) -> bool {
    s.chars().any(|c| "()&|<>^%!".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_quotes_are_doubled_including_typographic_ones() {
        assert_eq!(quote("it's"), "'it''s'");
        assert_eq!(quote("it\u{2019}s"), "'it\u{2019}\u{2019}s'");
        assert_eq!(quote("$env:X `n \"q\""), "'$env:X `n \"q\"'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn urls_lose_their_parentheses() {
        assert_eq!(url("https://x/resourceGroups/rg(1)/y"), "'https://x/resourceGroups/rg%281%29/y'");
        assert!(needs_cmd_care("rg(1)"));
        assert!(!needs_cmd_care("contoso-rg"));
    }
}
