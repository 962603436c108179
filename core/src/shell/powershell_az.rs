//! PowerShell quoting when the Az modules make the calls (`Invoke-AzRestMethod`, Az.Network): there is
//! no `az.cmd` behind PowerShell, so PowerShell's own parser is the only one a value crosses. Three rules:
//!
//! 1. **Single-quoted literal** (`'…'`): every character is literal — `$`, `$(…)`, backticks, `"` — and
//!    only the single-quote characters are special. PowerShell reads `'` and its typographic forms
//!    U+2018–U+201B all as single quotes, so each one is doubled (the same rule as
//!    [`super::powershell::quote`]; PowerShell language specification §2.3.5.2 "String literals",
//!    <https://learn.microsoft.com/powershell/scripting/lang-spec/chapter-02#2352-string-literals>).
//! 2. **No re-parse**: a `-Path` goes to the cmdlet unchanged, so nothing is percent-encoded for a second
//!    parser (the az CLI variant encodes `(` `)` for `az.cmd`); the value is only rule 1-quoted.
//! 3. **Single-quoted here-string** (`@'` newline … newline `'@`): the text between is literal, line
//!    breaks included, with no doubling at all. It ends at the first line that *starts* with a
//!    single-quote character followed by `@`: the terminator must be in column 0, in 5.1 and 7 alike
//!    (an indented one is text: PowerShell/PowerShell#2337, and the Language WG's answer on
//!    PowerShell/PowerShell-RFC#343 keeps that syntax). A line with white space before `'@` is refused
//!    as well, to stay clear of editors that strip or add indentation. Text with such a line cannot be a
//!    here-string: [`here_string`] refuses it and [`literal`] falls back to rule 1. Pretty-printed JSON never has one (its lines start with white space, `{`, `}`, `[`, `]`
//!    or `"`; a line break inside a JSON string is written `\n`).
//!    Spec §2.3.5.2 (verbatim-here-string-literal), same page.

/// Characters PowerShell treats as a single quote.
fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// Rule 1: `s` as a single-quoted string literal.
pub fn quote(s: &str) -> String {
    super::powershell::quote(s)
}

/// Rule 2: an ARM path for `Invoke-AzRestMethod -Path`, quoted and otherwise unchanged.
pub fn path(s: &str) -> String {
    quote(s)
}

/// True when a line of `s` would end a single-quoted here-string early (rule 3).
fn ends_here_string(line: &str) -> bool {
    let mut chars = line.trim_start().chars();
    matches!((chars.next(), chars.next()), (Some(q), Some('@')) if is_single_quote(q))
}

/// Rule 3: `s` as a single-quoted here-string, or `None` when one of its lines would end it early.
pub fn here_string(s: &str) -> Option<String> {
    if s.lines().any(ends_here_string) || s.contains('\r') {
        return None;
    }
    Some(format!("@'\n{s}\n'@"))
}

/// A literal for `s`: the readable here-string when rule 3 allows it, else the rule 1 string.
pub fn literal(s: &str) -> String {
    here_string(s).unwrap_or_else(|| quote(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a rule 1 literal back the way PowerShell does: a doubled quote character is one.
    fn read_single_quoted(lit: &str) -> String {
        let inner = lit.strip_prefix('\'').and_then(|l| l.strip_suffix('\'')).expect("quoted");
        let mut out = String::new();
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            if is_single_quote(c) {
                assert!(chars.peek().is_some_and(|n| is_single_quote(*n)), "lone quote in {lit}");
                chars.next();
            }
            out.push(c);
        }
        out
    }

    /// Reads a rule 3 here-string back: the lines between the opening and the closing line.
    fn read_here_string(lit: &str) -> String {
        let inner = lit.strip_prefix("@'\n").and_then(|l| l.strip_suffix("\n'@")).expect("here-string");
        assert!(!inner.lines().any(ends_here_string), "ends early: {lit}");
        inner.to_string()
    }

    const NASTY: &str = "it's $(Remove-Item x) `whoami` \"q\" $env:PATH @' '@ é ✓ 日本 it\u{2019}s";

    #[test]
    fn rule1_single_quoted_round_trips_every_character() {
        for s in ["", "plain", NASTY, "''", "\u{2018}\u{201B}", "a\nb"] {
            assert_eq!(read_single_quoted(&quote(s)), s);
        }
        assert_eq!(quote("it's"), "'it''s'");
    }

    #[test]
    fn rule1_typographic_quotes_are_doubled() {
        assert_eq!(quote("\u{2019}"), "'\u{2019}\u{2019}'");
        assert_eq!(quote("\u{201A}x"), "'\u{201A}\u{201A}x'");
    }

    #[test]
    fn rule2_paths_keep_their_parentheses() {
        let p = "/subscriptions/s/resourceGroups/rg(1)/providers/Microsoft.SignalRService/webPubSub/w?api-version=2024-03-01";
        assert_eq!(path(p), format!("'{p}'"));
        assert!(!path(p).contains("%28"));
    }

    #[test]
    fn rule3_here_string_keeps_text_literally_without_doubling() {
        let json = "{\n  \"message\": \"it's $(x) `y` @' '@ é\"\n}";
        let lit = here_string(json).unwrap();
        assert!(lit.contains("it's"), "no doubling inside a here-string");
        assert_eq!(read_here_string(&lit), json);
    }

    #[test]
    fn rule3_refuses_a_line_that_would_end_it_and_falls_back_to_rule1() {
        for s in ["a\n'@\nb", "a\n  '@ x", "a\n\u{2019}@"] {
            assert_eq!(here_string(s), None, "{s:?}");
            assert_eq!(read_single_quoted(&literal(s)), s);
        }
        // '@ not at the start of a line is plain text.
        assert!(here_string("a '@ b").is_some());
        // A carriage return would change the line structure on Windows.
        assert_eq!(here_string("a\r\nb"), None);
    }
}
