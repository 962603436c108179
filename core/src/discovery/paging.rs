//! One list, all its pages: follows `nextLink` (absolute, on the same origin as the first page: the token
//! goes with every request, so a link elsewhere is refused), with a loop guard and a page cap, and ends in
//! the items or an explained error.

use super::errors::{self, ListError};
use super::requests::ListKind;
use crate::arm::http::{Method, Request, Response};
use crate::arm::reads::Reads;
use serde_json::Value;

/// At most this many pages per list (50 pages of 20-1000 items is more than any picker shows).
pub const MAX_PAGES: usize = 50;

/// A finished list: the items, and why it stopped early if it did (loop, cap, a link elsewhere).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listed {
    pub items: Vec<Value>,
    pub stopped_early: Option<String>,
}

/// The list conversation. Run it with `arm::reads::run_sync` (native, simulator) or the shell's
/// `reads::run`; then [`ListConversation::result`].
#[derive(Clone, Debug)]
pub struct ListConversation {
    kind: ListKind,
    /// The subscription (or site) the list is about, for messages.
    scope: String,
    next: Option<String>,
    origin: String,
    asked: Vec<String>,
    items: Vec<Value>,
    outcome: Option<Result<Option<String>, ListError>>,
}

fn origin(url: &str) -> String {
    let rest = url.find("://").map(|i| i + 3).unwrap_or(0);
    let end = url[rest..].find('/').map(|i| i + rest).unwrap_or(url.len());
    url[..end].to_ascii_lowercase()
}

impl ListConversation {
    pub fn new(kind: ListKind, scope: &str, first_url: String) -> ListConversation {
        ListConversation {
            kind,
            scope: scope.to_string(),
            origin: origin(&first_url),
            next: Some(first_url),
            asked: Vec::new(),
            items: Vec::new(),
            outcome: None,
        }
    }

    pub fn kind(&self) -> ListKind {
        self.kind
    }

    /// `None` while it runs; then the items, or the error (an error after some pages drops them: a
    /// partial list would look complete).
    pub fn result(&self) -> Option<Result<Listed, ListError>> {
        Some(match self.outcome.as_ref()? {
            Ok(stopped) => Ok(Listed { items: self.items.clone(), stopped_early: stopped.clone() }),
            Err(e) => Err(e.clone()),
        })
    }

    fn stop(&mut self, why: Result<Option<String>, ListError>) {
        self.next = None;
        self.outcome = Some(why);
    }

    fn on_page(&mut self, body: &Value) {
        let Some(value) = body.get("value").and_then(Value::as_array) else {
            return self.stop(Err(ListError::unreadable(self.kind, "the answer has no 'value' list")));
        };
        self.items.extend(value.iter().cloned());
        let link = body.get("nextLink").and_then(Value::as_str).filter(|l| !l.trim().is_empty());
        let Some(link) = link else { return self.stop(Ok(None)) };
        let n = self.items.len();
        if !(link.starts_with("https://") || link.starts_with("http://")) {
            return self.stop(Ok(Some(format!("Stopped after {n} items: the next page's link is not absolute ('{link}')."))));
        }
        if origin(link) != self.origin {
            return self.stop(Ok(Some(format!(
                "Stopped after {n} items: the next page is on another host ({}); your token is not sent there.",
                origin(link)
            ))));
        }
        if self.asked.iter().any(|a| a == link) {
            return self.stop(Ok(Some(format!("Stopped after {n} items: the next page's link repeats one already read."))));
        }
        if self.asked.len() >= MAX_PAGES {
            return self.stop(Ok(Some(format!("Showing the first {n} items ({MAX_PAGES} pages); search to narrow down."))));
        }
        self.next = Some(link.to_string());
    }
}

impl Reads for ListConversation {
    fn next_request(&mut self) -> Option<Request> {
        let url = self.next.take()?;
        self.asked.push(url.clone());
        Some(Request::new(Method::Get, url))
    }

    fn on_response(&mut self, resp: Result<&Response, &str>) {
        match resp {
            Err(e) => self.stop(Err(errors::transport(self.kind, e))),
            Ok(r) if r.is_success() => match r.json_body() {
                Some(body) => self.on_page(&body),
                None => self.stop(Err(ListError::unreadable(self.kind, "the answer is not JSON"))),
            },
            Ok(r) => {
                let (code, message) = r.error().unwrap_or_default();
                self.stop(Err(errors::explain(self.kind, &self.scope, r.status, &code, &message)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arm::reads::run_sync;
    use serde_json::json;

    const EP: &str = "https://management.azure.com";

    fn page(items: &[&str], next: Option<&str>) -> Response {
        let value: Vec<Value> = items.iter().map(|n| json!({"name": n})).collect();
        match next {
            Some(n) => Response::json(200, &json!({"value": value, "nextLink": n})),
            None => Response::json(200, &json!({"value": value})),
        }
    }

    fn names(l: &Listed) -> Vec<&str> {
        l.items.iter().filter_map(|i| i["name"].as_str()).collect()
    }

    fn run(send: impl FnMut(&Request) -> Result<Response, String>) -> (ListConversation, Vec<String>) {
        let mut c = ListConversation::new(ListKind::Subscriptions, "", format!("{EP}/subscriptions?api-version=2022-12-01"));
        let mut urls = Vec::new();
        let mut send = send;
        run_sync(&mut c, 500, |r| {
            urls.push(r.url.clone());
            send(r)
        });
        (c, urls)
    }

    #[test]
    fn follows_next_links_to_the_end() {
        let (c, urls) = run(|r| {
            Ok(if r.url.contains("skip=2") {
                page(&["c"], None)
            } else {
                page(&["a", "b"], Some(&format!("{EP}/subscriptions?api-version=2022-12-01&skip=2")))
            })
        });
        let l = c.result().unwrap().unwrap();
        assert_eq!(names(&l), ["a", "b", "c"]);
        assert_eq!(l.stopped_early, None);
        assert_eq!(urls.len(), 2);
    }

    #[test]
    fn a_next_link_loop_stops_with_what_was_read() {
        let (c, urls) = run(|_| Ok(page(&["a"], Some(&format!("{EP}/subscriptions?api-version=2022-12-01&skip=1")))));
        let l = c.result().unwrap().unwrap();
        assert_eq!(urls.len(), 2, "the repeated link is not read a third time");
        assert_eq!(names(&l), ["a", "a"]);
        assert!(l.stopped_early.unwrap().contains("repeats"));
    }

    #[test]
    fn endless_distinct_pages_stop_at_the_cap() {
        let mut i = 0;
        let (c, urls) = run(|_| {
            i += 1;
            Ok(page(&["x"], Some(&format!("{EP}/subscriptions?api-version=2022-12-01&skip={i}"))))
        });
        assert_eq!(urls.len(), MAX_PAGES);
        assert!(c.result().unwrap().unwrap().stopped_early.unwrap().contains("first 50 items"));
    }

    #[test]
    fn a_next_link_to_another_host_or_relative_is_not_followed() {
        let (c, urls) = run(|_| Ok(page(&["a"], Some("https://evil.example/steal"))));
        assert_eq!(urls.len(), 1);
        assert!(c.result().unwrap().unwrap().stopped_early.unwrap().contains("evil.example"));
        let (c, _) = run(|_| Ok(page(&["a"], Some("/subscriptions?skip=1"))));
        assert!(c.result().unwrap().unwrap().stopped_early.unwrap().contains("not absolute"));
    }

    #[test]
    fn an_error_page_ends_in_its_explanation_and_drops_the_partial_list() {
        let (c, _) = run(|r| {
            Ok(if r.url.contains("skip") {
                Response::json(401, &json!({"error": {"code": "ExpiredAuthenticationToken", "message": "The access token expiry UTC time is earlier than current UTC time."}}))
            } else {
                page(&["a"], Some(&format!("{EP}/subscriptions?skip=1")))
            })
        });
        let e = c.result().unwrap().unwrap_err();
        assert_eq!(e.status, Some(401));
        assert!(e.title.contains("expired"), "{e:?}");
        let (c, _) = run(|_| Err("Failed to fetch".into()));
        assert_eq!(c.result().unwrap().unwrap_err().status, None);
        let (c, _) = run(|_| Ok(Response::json(200, &json!({"items": []}))));
        assert!(c.result().unwrap().unwrap_err().detail.contains("no 'value'"));
    }
}
