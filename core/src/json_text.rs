//! Writes JSON for a given shell: readable for files written by bash and PowerShell, and a single
//! ASCII line with cmd's special characters escaped as `\uXXXX` for cmd's `echo` (which would otherwise
//! run `&`, redirect `>`, expand `%`, and mangle non-ASCII text through the console code page).
//! Escapes are standard JSON: every parser reads back exactly the same strings.

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonStyle {
    /// Two-space indented, non-ASCII text kept as is.
    Pretty,
    /// One line, ASCII only, with `& | < > ^ % ! ( ) "` inside strings written as `\uXXXX`.
    CmdSafe,
    /// One line, non-ASCII text kept as is: request bodies and values quoted in messages.
    Compact,
}

pub fn write(value: &Value, style: JsonStyle) -> String {
    let mut out = String::new();
    write_value(&mut out, value, style, 0);
    out
}

fn write_value(out: &mut String, value: &Value, style: JsonStyle, depth: usize) {
    let pretty = style == JsonStyle::Pretty;
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        }
    };
    match value {
        Value::String(s) => write_string(out, s, style),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(out, item, style, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, k, style);
                out.push_str(if pretty { ": " } else { ":" });
                write_value(out, v, style, depth + 1);
            }
            newline(out, depth);
            out.push('}');
        }
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

fn write_string(out: &mut String, s: &str, style: JsonStyle) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' if style == JsonStyle::CmdSafe => out.push_str("\\u0022"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => push_escape(out, c),
            '&' | '|' | '<' | '>' | '^' | '%' | '!' | '(' | ')' if style == JsonStyle::CmdSafe => push_escape(out, c),
            c if !c.is_ascii() && style == JsonStyle::CmdSafe => push_escape(out, c),
            // U+2028/2029 are valid JSON but end lines in some editors and JavaScript; escape them always.
            '\u{2028}' | '\u{2029}' => push_escape(out, c),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_escape(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for u in c.encode_utf16(&mut units) {
        out.push_str(&format!("\\u{:04x}", u));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pretty_matches_serde_json_pretty_for_plain_text() {
        let v = json!({"properties": {"a": "b", "list": ["x", "y"], "n": 1}});
        assert_eq!(write(&v, JsonStyle::Pretty), serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn compact_matches_serde_json_for_plain_text_and_prints_every_scalar() {
        let v = json!({"properties": {"a": "b", "承認": ["x", 1, -2, 2.5, true, false, null], "o": {}, "l": []}});
        assert_eq!(write(&v, JsonStyle::Compact), serde_json::to_string(&v).unwrap());
    }

    #[test]
    fn cmd_safe_is_one_ascii_line_without_cmd_specials_and_reads_back_the_same() {
        let msg = "a&b|c<d>e^f%PATH%!x!(y)\"q\" 承認 😀\nline";
        let v = json!({"properties": {"requestMessage": msg}});
        let text = write(&v, JsonStyle::CmdSafe);
        assert!(text.is_ascii());
        assert!(!text.contains('\n'));
        for special in ['&', '|', '<', '>', '^', '%', '!', '(', ')'] {
            assert!(!text.contains(special), "{special} in {text}");
        }
        // Only the structural quotes remain.
        assert_eq!(text.matches('"').count(), 6);
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn pretty_keeps_unicode_and_reads_back_the_same() {
        let v = json!({"m": "承認してください \"q\" \\ \u{1} \u{2028}"});
        let text = write(&v, JsonStyle::Pretty);
        assert!(text.contains("承認してください"));
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }
}
