//! A page's query string as both kinds of deep link read it (the walkthrough's and the bindings
//! page's). A list rather than a map: one more map type costs the wasm about 6 KB.

/// The decoded `name=value` pairs of a query string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Reads a query string, with or without the leading `?`.
    pub fn parse(query: &str) -> Query {
        let query = query.strip_prefix('?').unwrap_or(query);
        Query(form_urlencoded::parse(query.as_bytes()).into_owned().collect())
    }

    /// The value of `name`; the last one when the name is given more than once.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_decoded_and_the_last_of_a_repeated_name_wins() {
        let q = Query::parse("?a=1&b=x%20y+z&a=2&c=");
        assert_eq!(q.get("a").map(String::as_str), Some("2"));
        assert_eq!(q.get("b").map(String::as_str), Some("x y z"));
        assert_eq!(q.get("c").map(String::as_str), Some(""));
        assert_eq!(q.get("d"), None);
        assert_eq!(Query::parse("a=1"), Query::parse("?a=1"));
        assert_eq!(Query::parse(""), Query::default());
    }
}
