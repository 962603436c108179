//! Search-as-you-type over picks: every word of the query must appear (case-insensitive) in the name,
//! resource group or location; names that start with the first word come first, then other name
//! matches, then the rest, each in name order.

use super::picks::Pick;

/// Indices into `picks` that match `query`, best first. An empty query keeps every pick, in name order.
pub fn filter(picks: &[Pick], query: &str) -> Vec<usize> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut hits: Vec<(u8, String, usize)> = picks
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let name = p.name.to_lowercase();
            let hay = format!("{name} {} {}", p.resource_group.to_lowercase(), p.location.to_lowercase());
            if !words.iter().all(|w| hay.contains(w.as_str())) {
                return None;
            }
            let rank = match words.first() {
                None => 0,
                Some(w) if name.starts_with(w.as_str()) => 0,
                Some(w) if name.contains(w.as_str()) => 1,
                Some(_) => 2,
            };
            Some((rank, name, i))
        })
        .collect();
    hits.sort();
    hits.into_iter().map(|(_, _, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::requests::ListKind;

    fn pick(name: &str, rg: &str, loc: &str) -> Pick {
        Pick {
            kind: ListKind::Subscriptions,
            id: format!("/x/{name}"),
            name: name.into(),
            subscription: String::new(),
            resource_group: rg.into(),
            location: loc.into(),
            detail: vec![],
            warnings: vec![],
            site_kind: None,
        }
    }

    #[test]
    fn every_word_must_match_and_prefixes_come_first() {
        let picks = vec![pick("team-chat", "rg-prod", "westus2"), pick("chat-free", "rg-dev", "eastus"), pick("orders", "chat-rg", "eastus")];
        assert_eq!(filter(&picks, "CHAT"), [1, 0, 2]);
        assert_eq!(filter(&picks, "chat east"), [1, 2]);
        assert_eq!(filter(&picks, "chat prod"), [0]);
        assert_eq!(filter(&picks, "nothing"), Vec::<usize>::new());
        assert_eq!(filter(&picks, "  "), [1, 2, 0], "empty: all, by name");
    }
}
