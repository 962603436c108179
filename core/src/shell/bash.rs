//! Bash quoting: single quotes pass everything literally (`$`, backticks, `!`, newlines, any Unicode);
//! only `'` itself needs the `'\''` dance.

/// Characters that never need quoting in a bash word (no globbing, expansion or word splitting).
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_./:@=,+%".contains(c)
}

/// Quotes `s` as one bash word that expands to exactly `s`.
pub fn quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(is_plain) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn plain_words_stay_bare() {
        assert_eq!(quote("func-pe"), "func-pe");
        assert_eq!(quote("@create-pe.json"), "@create-pe.json");
        assert_eq!(quote("Microsoft.Web/sites"), "Microsoft.Web/sites");
    }

    #[test]
    fn everything_else_is_single_quoted() {
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("https://x/y?api-version=1"), "'https://x/y?api-version=1'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote("$(touch x) `id` !!"), "'$(touch x) `id` !!'");
    }
}
