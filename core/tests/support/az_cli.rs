//! What the real Azure CLI prints for `--query Q --output tsv`, so the stub `az` of the tests answers
//! like az does instead of like we expect it to (issue 12: a stub that printed `Succeeded<TAB>Approved`
//! for a flat list hid a loop that could never see Approved).
//!
//! - [`jmes`]: the small part of JMESPath (https://jmespath.org/specification.html) the generated
//!   commands use: field paths, multi-select lists, filter projections with `==` and a pipe to `[0]`.
//!   Anything else is `None`, so a new kind of query fails the tests until it is modelled here.
//! - [`tsv`]: a port of knack's `_TsvOutput` (https://github.com/microsoft/knack/blob/main/knack/output.py),
//!   which azure-cli uses unchanged for `--output tsv`
//!   (https://github.com/Azure/azure-cli/blob/dev/src/azure-cli-core/azure/cli/core/_output.py), and of
//!   knack's `CLI.invoke`, which prints nothing for a `None` result
//!   (https://github.com/microsoft/knack/blob/main/knack/cli.py).
#![allow(dead_code)]

use serde_json::Value;

#[derive(Debug)]
enum Ast {
    Identity,
    Field(String),
    Sub(Box<Ast>, Box<Ast>),
    List(Vec<Ast>),
    Filter { lhs: Box<Ast>, literal: String, rhs: Box<Ast> },
    Index(i64),
    Pipe(Box<Ast>, Box<Ast>),
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn ident(&mut self) -> Option<String> {
        self.ws();
        let start = self.i;
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
            self.i += 1;
        }
        (self.i > start && !self.s[start].is_ascii_digit()).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into())
    }
    fn path(&mut self) -> Option<Ast> {
        let mut ast = Ast::Field(self.ident()?);
        while self.eat(b'.') {
            ast = Ast::Sub(Box::new(ast), Box::new(Ast::Field(self.ident()?)));
        }
        Some(ast)
    }
    fn literal(&mut self) -> Option<String> {
        if !self.eat(b'\'') {
            return None;
        }
        let start = self.i;
        while *self.s.get(self.i)? != b'\'' {
            self.i += 1;
        }
        let lit = String::from_utf8_lossy(&self.s[start..self.i]).into();
        self.i += 1;
        Some(lit)
    }
    fn term(&mut self) -> Option<Ast> {
        if !self.eat(b'[') {
            // `a[?…]`, `a[0]`: the bracket applies to `a` (the same as `a | [?…]` for these forms).
            let path = self.path()?;
            if self.peek() == Some(b'[') {
                return Some(Ast::Pipe(Box::new(path), Box::new(self.term()?)));
            }
            return Some(path);
        }
        if self.eat(b'?') {
            let lhs = self.path()?;
            if !(self.eat(b'=') && self.eat(b'=')) {
                return None;
            }
            let literal = self.literal()?;
            if !self.eat(b']') {
                return None;
            }
            let rhs = if self.eat(b'.') { self.path()? } else { Ast::Identity };
            return Some(Ast::Filter { lhs: Box::new(lhs), literal, rhs: Box::new(rhs) });
        }
        if self.peek().is_some_and(|c| c.is_ascii_digit() || c == b'-') {
            let start = self.i;
            self.i += 1;
            while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
                self.i += 1;
            }
            let n = std::str::from_utf8(&self.s[start..self.i]).ok()?.parse().ok()?;
            return self.eat(b']').then_some(Ast::Index(n));
        }
        let mut items = vec![self.expr()?];
        while self.eat(b',') {
            items.push(self.expr()?);
        }
        self.eat(b']').then_some(Ast::List(items))
    }
    fn expr(&mut self) -> Option<Ast> {
        let mut ast = self.term()?;
        while self.eat(b'|') {
            ast = Ast::Pipe(Box::new(ast), Box::new(self.term()?));
        }
        Some(ast)
    }
}

fn eval(ast: &Ast, v: &Value) -> Value {
    match ast {
        Ast::Identity => v.clone(),
        Ast::Field(k) => v.get(k).cloned().unwrap_or(Value::Null),
        Ast::Sub(a, b) => match eval(a, v) {
            Value::Null => Value::Null,
            r => eval(b, &r),
        },
        // A multi-select list of null is null (JMESPath specification, "MultiSelect List").
        Ast::List(_) if v.is_null() => Value::Null,
        Ast::List(items) => Value::Array(items.iter().map(|e| eval(e, v)).collect()),
        Ast::Filter { lhs, literal, rhs } => match v {
            Value::Array(a) => Value::Array(
                a.iter()
                    .filter(|e| eval(lhs, e) == Value::String(literal.clone()))
                    .map(|e| eval(rhs, e))
                    .filter(|r| !r.is_null())
                    .collect(),
            ),
            _ => Value::Null,
        },
        Ast::Index(n) => match v {
            Value::Array(a) => {
                let i = if *n < 0 { a.len() as i64 + n } else { *n };
                usize::try_from(i).ok().and_then(|i| a.get(i)).cloned().unwrap_or(Value::Null)
            }
            _ => Value::Null,
        },
        Ast::Pipe(a, b) => eval(b, &eval(a, v)),
    }
}

/// `query` evaluated on `v`, or `None` when the query uses JMESPath this module does not model.
pub fn jmes(query: &str, v: &Value) -> Option<Value> {
    let mut p = Parser { s: query.as_bytes(), i: 0 };
    let ast = p.expr()?;
    p.ws();
    (p.i == p.s.len()).then(|| eval(&ast, v))
}

/// knack `_TsvOutput._dump_obj`: a nested list prints its length, a nested object nothing, anything
/// else Python's `str()` (so `None`, `True`).
fn dump_obj(v: &Value, out: &mut String) {
    match v {
        Value::Array(a) => out.push_str(&a.len().to_string()),
        Value::Object(_) => {}
        Value::String(s) => out.push_str(s),
        Value::Null => out.push_str("None"),
        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Value::Number(n) => out.push_str(&n.to_string()),
    }
}

/// knack `_TsvOutput._dump_row`: an object or a list is one line of its values joined by tabs (an
/// object from `--query` keeps its key order: knack evaluates queries into an OrderedDict); a top-level
/// bool is lower-cased.
fn dump_row(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            for (i, x) in m.values().enumerate() {
                if i > 0 {
                    out.push('\t');
                }
                dump_obj(x, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push('\t');
                }
                dump_obj(x, out);
            }
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        other => dump_obj(other, out),
    }
    out.push('\n');
}

/// What `az … --output tsv` prints for `result`: knack's `format_tsv` makes a list of the result (a
/// list stays itself) and prints one row per item, so a flat list is one value per line.
pub fn tsv(result: &Value) -> String {
    let mut out = String::new();
    match result {
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|i| dump_row(i, &mut out)),
        other => dump_row(other, &mut out),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tsv_follows_knack() {
        let doc = json!({"properties": {"provisioningState": "Succeeded", "status": "Approved"}});
        // The flat list the old status loop asked for: one value per line.
        let flat = jmes("[properties.provisioningState, properties.status]", &doc).unwrap();
        assert_eq!(tsv(&flat), "Succeeded\nApproved\n");
        // A nested list: one row, tab-separated.
        let nested = jmes("[[properties.provisioningState, properties.status]]", &doc).unwrap();
        assert_eq!(tsv(&nested), "Succeeded\tApproved\n");
        assert_eq!(tsv(&jmes("[[properties.provisioningState, properties.missing]]", &doc).unwrap()), "Succeeded\tNone\n");
        assert_eq!(tsv(&jmes("properties.provisioningState", &doc).unwrap()), "Succeeded\n");
        assert_eq!(tsv(&jmes("properties.missing", &doc).unwrap()), "");
        assert_eq!(tsv(&json!({"b": 1, "a": [1, 2], "c": {}})), "1\t2\t\n");
        assert_eq!(tsv(&json!([true, [false]])), "true\nFalse\n");
        let conns = json!([
            {"id": "/a", "properties": {"privateLinkServiceConnectionState": {"status": "Approved"}}},
            {"id": "/b", "properties": {"privateLinkServiceConnectionState": {"status": "Pending"}}},
            {"id": "/c", "properties": {"privateLinkServiceConnectionState": {"status": "Pending"}}}
        ]);
        let pending = jmes("[?properties.privateLinkServiceConnectionState.status=='Pending'].id", &conns).unwrap();
        assert_eq!(tsv(&pending), "/b\n/c\n");
        let ids = json!([{"clientId": "x", "principalId": "p1"}, {"clientId": "y", "principalId": "p2"}]);
        assert_eq!(tsv(&jmes("[?clientId=='y'].principalId | [0]", &ids).unwrap()), "p2\n");
        assert!(jmes("{a: b}", &doc).is_none(), "unmodelled syntax is refused");
    }
}
