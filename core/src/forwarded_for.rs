//! Classifies the addresses in an `X-Forwarded-For` header, to tell whether a call reached the target
//! through the shared private endpoint (a private address) or over the internet (a public one).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressClass {
    /// RFC 1918: 10/8, 172.16/12, 192.168/16.
    Private,
    /// RFC 6598 shared address space 100.64/10 (carrier-grade NAT, also used inside Azure).
    Shared,
    Loopback,
    LinkLocal,
    /// IPv6 unique local fc00::/7.
    UniqueLocal,
    Public,
}

impl AddressClass {
    pub fn is_private(self) -> bool {
        self != AddressClass::Public
    }

    pub fn describe(self) -> &'static str {
        match self {
            AddressClass::Private => "private (RFC 1918)",
            AddressClass::Shared => "shared address space (100.64.0.0/10)",
            AddressClass::Loopback => "loopback",
            AddressClass::LinkLocal => "link-local",
            AddressClass::UniqueLocal => "IPv6 unique local (fc00::/7)",
            AddressClass::Public => "public",
        }
    }
}

/// One entry of the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub text: String,
    pub result: Result<(IpAddr, AddressClass), String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing to judge yet.
    Empty,
    /// Every address is private: the call came through a private network.
    Private,
    /// At least one public address: the call crossed the internet.
    Public,
    /// Only entries that are not addresses.
    Unreadable,
}

impl Verdict {
    pub fn explain(self) -> &'static str {
        match self {
            Verdict::Empty => "Paste the X-Forwarded-For value your Function logged.",
            Verdict::Private => {
                "Private: the call reached your target over a private network — the shared private endpoint is in use."
            }
            Verdict::Public => {
                "Public: the call came over the internet. Check that the connection is Approved and wait a few \
                 minutes for the approval to propagate, then call again."
            }
            Verdict::Unreadable => "No IP address found: paste the header's value, e.g. 10.0.0.4:51234.",
        }
    }
}

pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, ..] = ip.octets();
    if ip.is_private() {
        AddressClass::Private
    } else if a == 100 && (64..128).contains(&b) {
        AddressClass::Shared
    } else if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_link_local() {
        AddressClass::LinkLocal
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if first & 0xffc0 == 0xfe80 {
        AddressClass::LinkLocal
    } else if first & 0xfe00 == 0xfc00 {
        AddressClass::UniqueLocal
    } else {
        AddressClass::Public
    }
}

/// Reads one entry: `1.2.3.4`, `1.2.3.4:5678`, `::1`, `[::1]:5678`, with optional quotes/spaces.
pub fn parse_entry(raw: &str) -> Result<IpAddr, String> {
    let s = raw.trim().trim_matches('"');
    if s.is_empty() {
        return Err("empty entry".into());
    }
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Ok(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        if let Some((host, _port)) = rest.split_once(']') {
            return host.parse::<Ipv6Addr>().map(IpAddr::V6).map_err(|_| format!("'{s}' is not an IPv6 address"));
        }
    }
    if let Some((host, port)) = s.rsplit_once(':') {
        if port.chars().all(|c| c.is_ascii_digit()) && !port.is_empty() {
            if let Ok(v4) = host.parse::<Ipv4Addr>() {
                return Ok(IpAddr::V4(v4));
            }
        }
    }
    Err(format!("'{}' is not an IP address", crate::names::clip(s)))
}

/// Splits the header on commas and classifies each entry.
pub fn analyse(header: &str) -> (Vec<Entry>, Verdict) {
    let value = header.trim();
    let value = value
        .get(..16)
        .filter(|p| p.eq_ignore_ascii_case("x-forwarded-for:"))
        .map(|_| &value[16..])
        .unwrap_or(value);
    let entries: Vec<Entry> = value
        .split(',')
        .filter(|e| !e.trim().is_empty())
        .map(|e| Entry { text: e.trim().to_string(), result: parse_entry(e).map(|ip| (ip, classify(ip))) })
        .collect();
    let classes: Vec<AddressClass> = entries.iter().filter_map(|e| e.result.as_ref().ok().map(|r| r.1)).collect();
    let verdict = if entries.is_empty() {
        Verdict::Empty
    } else if classes.is_empty() {
        Verdict::Unreadable
    } else if classes.iter().all(|c| c.is_private()) {
        Verdict::Private
    } else {
        Verdict::Public
    };
    (entries, verdict)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> AddressClass {
        classify(parse_entry(s).unwrap())
    }

    #[test]
    fn classes() {
        assert_eq!(class("10.0.0.4"), AddressClass::Private);
        assert_eq!(class("172.16.0.1"), AddressClass::Private);
        assert_eq!(class("172.32.0.1"), AddressClass::Public);
        assert_eq!(class("192.168.1.1:443"), AddressClass::Private);
        assert_eq!(class("100.64.0.1"), AddressClass::Shared);
        assert_eq!(class("100.128.0.1"), AddressClass::Public);
        assert_eq!(class("127.0.0.1"), AddressClass::Loopback);
        assert_eq!(class("169.254.1.1"), AddressClass::LinkLocal);
        assert_eq!(class("fe80::1"), AddressClass::LinkLocal);
        assert_eq!(class("fd12:3456::1"), AddressClass::UniqueLocal);
        assert_eq!(class("[::1]:8080"), AddressClass::Loopback);
        assert_eq!(class("::ffff:10.1.2.3"), AddressClass::Private);
        assert_eq!(class("20.42.1.1"), AddressClass::Public);
        assert_eq!(class("2001:db8::1"), AddressClass::Public);
    }

    #[test]
    fn verdicts() {
        assert_eq!(analyse("").1, Verdict::Empty);
        assert_eq!(analyse("10.0.0.4:51234").1, Verdict::Private);
        assert_eq!(analyse("X-Forwarded-For: 10.0.0.4, 100.64.1.1").1, Verdict::Private);
        let (entries, verdict) = analyse("10.0.0.4, 52.1.2.3:443");
        assert_eq!(verdict, Verdict::Public);
        assert_eq!(entries.len(), 2);
        let (entries, verdict) = analyse("unknown, nonsense");
        assert_eq!(verdict, Verdict::Unreadable);
        assert!(entries[0].result.is_err());
    }
}
