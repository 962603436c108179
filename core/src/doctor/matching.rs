//! Which private endpoint connection on the target belongs to an SPLR. Nothing in the public API links
//! the two sides by ID: the SPLR (webpubsub.json / signalr.json, `SharedPrivateLinkResourceProperties`)
//! carries only `privateLinkResourceId`, `groupId`, `requestMessage`, `status`; the connection carries
//! `privateEndpoint.id` (an endpoint in a Microsoft-managed subscription, not the user's), the
//! `privateLinkServiceConnectionState` (whose `description` starts as the request message and is replaced
//! by the approver's text) and, except on Microsoft.Web, `groupIds`. The managed endpoint (and so the
//! connection) is named after the SPLR: `{splr}.{guid}` in this simulator (`Simulator::open_connection`);
//! that real ARM names it so is unverified. So the match uses, in order: the name, the endpoint being a
//! managed one, the groupId, the message.

use serde_json::Value;

/// How sure the match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confidence {
    /// One connection named after the SPLR, whose endpoint is a managed one (outside the service's subscription).
    Certain,
    /// One connection named after the SPLR, but the endpoint does not look managed (or has no id).
    Likely,
    /// Several connections fit (e.g. a replica's copy's too), or only the request message matches.
    Uncertain,
    /// No connection on the target fits.
    None,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Certain => "certain",
            Confidence::Likely => "likely",
            Confidence::Uncertain => "uncertain",
            Confidence::None => "none",
        }
    }
}

/// A connection on the target as read (`GET …/privateEndpointConnections`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionView {
    pub id: String,
    pub name: String,
    pub private_endpoint_id: String,
    pub status: String,
    pub description: String,
    pub provisioning_state: String,
    /// Empty when the provider does not return them (Microsoft.Web).
    pub group_ids: Vec<String>,
}

impl ConnectionView {
    /// Reads one element of a `privateEndpointConnections` list; `None` for anything without a name.
    pub fn from_json(v: &Value) -> Option<ConnectionView> {
        let s = |p: &str| v.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string();
        let name = s("/name");
        if name.is_empty() {
            return None;
        }
        let group_ids = v
            .pointer("/properties/groupIds")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        Some(ConnectionView {
            id: s("/id"),
            name,
            private_endpoint_id: s("/properties/privateEndpoint/id"),
            status: s("/properties/privateLinkServiceConnectionState/status"),
            description: s("/properties/privateLinkServiceConnectionState/description"),
            provisioning_state: s("/properties/provisioningState"),
            group_ids,
        })
    }
}

/// The SPLR's side of what can link it to a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplrKey<'a> {
    pub name: &'a str,
    pub group_id: Option<&'a str>,
    pub request_message: Option<&'a str>,
    /// The service's subscription: a managed endpoint lives in another one.
    pub subscription: &'a str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index into the connections given.
    pub index: Option<usize>,
    pub confidence: Confidence,
    /// Why, in plain words (shown next to an uncertain match).
    pub why: String,
}

fn last_segment(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or_default()
}

fn named_after(name: &str, splr: &str) -> bool {
    let (n, s) = (name.to_ascii_lowercase(), splr.to_ascii_lowercase());
    n == s || n.starts_with(&format!("{s}."))
}

fn subscription_of(id: &str) -> Option<&str> {
    let mut it = id.split('/').skip_while(|s| !s.eq_ignore_ascii_case("subscriptions"));
    it.next()?;
    it.next()
}

/// Finds `splr`'s connection among `connections` (those of its target, or of its slot).
pub fn find(splr: &SplrKey, connections: &[ConnectionView]) -> Match {
    let group_fits = |c: &ConnectionView| {
        c.group_ids.is_empty() || splr.group_id.is_none_or(|g| c.group_ids.iter().any(|x| x.eq_ignore_ascii_case(g)))
    };
    let by_name: Vec<usize> = connections
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            group_fits(c) && (named_after(&c.name, splr.name) || named_after(last_segment(&c.private_endpoint_id), splr.name))
        })
        .map(|(i, _)| i)
        .collect();
    match by_name.as_slice() {
        [i] => {
            let c = &connections[*i];
            let managed = subscription_of(&c.private_endpoint_id).is_some_and(|s| !s.eq_ignore_ascii_case(splr.subscription));
            if managed {
                Match {
                    index: Some(*i),
                    confidence: Confidence::Certain,
                    why: format!("'{}' is named after '{}' and its endpoint is a managed one.", c.name, splr.name),
                }
            } else {
                Match {
                    index: Some(*i),
                    confidence: Confidence::Likely,
                    why: format!(
                        "'{}' is named after '{}', but its endpoint is not in a Microsoft-managed subscription.",
                        c.name, splr.name
                    ),
                }
            }
        }
        [] => {
            let msg = splr.request_message.filter(|m| !m.is_empty());
            let by_msg: Vec<usize> = msg
                .map(|m| {
                    connections
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| group_fits(c) && c.description == m)
                        .map(|(i, _)| i)
                        .collect()
                })
                .unwrap_or_default();
            match by_msg.first() {
                Some(i) => Match {
                    index: Some(*i),
                    confidence: Confidence::Uncertain,
                    why: format!(
                        "Only the request message matches '{}'{}; check the private endpoint's ID on the target.",
                        connections[*i].name,
                        if by_msg.len() > 1 { format!(" (and {} other connections)", by_msg.len() - 1) } else { String::new() }
                    ),
                },
                None => Match {
                    index: None,
                    confidence: Confidence::None,
                    why: format!("No connection on the target is named after '{}' or carries its request message.", splr.name),
                },
            }
        }
        several => {
            // Prefer the one still carrying the request message, else the first; either way uncertain.
            let pick = several
                .iter()
                .copied()
                .find(|i| splr.request_message.is_some_and(|m| connections[*i].description == m))
                .unwrap_or(several[0]);
            Match {
                index: Some(pick),
                confidence: Confidence::Uncertain,
                why: format!(
                    "{} connections are named after '{}' (a replica's copy makes one too); showing '{}'.",
                    several.len(),
                    splr.name,
                    connections[pick].name
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SUB: &str = "00000000-0000-0000-0000-000000000001";

    fn conn(name: &str, pe_sub: &str, desc: &str, groups: &[&str]) -> ConnectionView {
        ConnectionView::from_json(&json!({
            "id": format!("/x/privateEndpointConnections/{name}"),
            "name": name,
            "properties": {
                "privateEndpoint": {"id": format!("/subscriptions/{pe_sub}/resourceGroups/m/providers/Microsoft.Network/privateEndpoints/{name}")},
                "privateLinkServiceConnectionState": {"status": "Pending", "description": desc},
                "groupIds": groups,
            }
        }))
        .unwrap()
    }

    fn key<'a>(name: &'a str, msg: Option<&'a str>) -> SplrKey<'a> {
        SplrKey { name, group_id: Some("vault"), request_message: msg, subscription: SUB }
    }

    #[test]
    fn each_confidence() {
        let managed = "f7a3c1e0-5b2d-4c8e-9a61-3d0e7b9c2f45";
        let cs = vec![conn("other.1", managed, "hi", &["vault"]), conn("kv.1234", managed, "approved", &["vault"])];
        let m = find(&key("kv", Some("please")), &cs);
        assert_eq!((m.index, m.confidence), (Some(1), Confidence::Certain));

        let mine = vec![conn("kv.1234", SUB, "x", &["vault"])];
        assert_eq!(find(&key("kv", None), &mine).confidence, Confidence::Likely);

        let two = vec![conn("kv.1", managed, "x", &[]), conn("kv.2", managed, "please", &[])];
        let m = find(&key("kv", Some("please")), &two);
        assert_eq!((m.index, m.confidence), (Some(1), Confidence::Uncertain));
        assert!(m.why.contains("2 connections"), "{}", m.why);

        let by_msg = vec![conn("pe-handmade", managed, "please", &["vault"])];
        let m = find(&key("kv", Some("please")), &by_msg);
        assert_eq!((m.index, m.confidence), (Some(0), Confidence::Uncertain));
        assert!(m.why.contains("Only the request message"));

        let m = find(&key("kv", Some("nope")), &by_msg);
        assert_eq!((m.index, m.confidence), (None, Confidence::None));
        // A connection for another groupId is not this SPLR's.
        let blob = vec![conn("kv.1", managed, "x", &["blob"])];
        assert_eq!(find(&key("kv", None), &blob).confidence, Confidence::None);
        // The prefix must end at a dot: 'kv2.1' is not 'kv''s.
        assert_eq!(find(&key("kv", None), &[conn("kv2.1", managed, "x", &[])]).confidence, Confidence::None);
    }
}
