//! `POST /_emulator/reset`: a new world from the start-up [`Config`] changed by the body; the log,
//! faults, switches and what the emulator's own routes wrote start empty.

use super::{bad, ok, parse, world_view, Answer};
use crate::config::{form_field, parse_world, Config};
use crate::state::State;
use serde::Deserialize;
use splr_core::arm::clock::Millis;
use splr_core::arm::simulator::Timings;
use splr_core::arm::world::{PlsVisibility, ServiceMode, Tier, WorldOptions};
use splr_core::scenario::Scenario;
use std::collections::BTreeMap;

pub fn reset(st: &mut State, body: &[u8]) -> Answer {
    let config = parse::<ResetBody>(body).and_then(|b| b.into_config(&st.startup)).map_err(bad)?;
    *st = State::new(&st.base.clone(), st.startup.clone(), config).map_err(bad)?;
    ok(&world_view::of(st))
}

/// Omitted keys keep what the emulator was started with.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ResetBody {
    scenario: Option<String>,
    /// Form values by their deep-link names; given, they replace the start-up ones.
    form: Option<BTreeMap<String, String>>,
    options: Option<OptionsBody>,
    seed: Option<u64>,
    speed: Option<f64>,
    timings: Option<TimingsBody>,
}

impl ResetBody {
    pub(super) fn into_config(self, startup: &Config) -> Result<Config, String> {
        let mut c = startup.clone();
        if let Some(s) = self.scenario {
            c.scenario = scenario(&s)?;
        }
        if let Some(form) = self.form {
            c.form.clear();
            for (k, v) in form {
                let f = form_field(&k).ok_or_else(|| format!("form: unknown field '{k}'"))?;
                c.form.push((f, v));
            }
        }
        if let Some(o) = self.options {
            c.options = o.into_options()?;
        }
        if let Some(s) = self.seed {
            c.seed = s;
        }
        if let Some(s) = self.speed {
            c.speed = s;
        }
        if let Some(t) = self.timings {
            c.timings = t.into_timings();
        }
        Ok(c)
    }
}

fn scenario(slug: &str) -> Result<Scenario, String> {
    Scenario::from_slug(slug).ok_or_else(|| {
        let all: Vec<&str> = Scenario::ALL.iter().map(|s| s.slug()).collect();
        format!("scenario: one of {}, not '{slug}'", all.join(", "))
    })
}

/// The world's options over the model's defaults (not over the start-up ones).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionsBody {
    tier: Option<String>,
    mode: Option<String>,
    location: Option<String>,
    pls_visibility: Option<String>,
    target_exists: Option<bool>,
    target_supports_private_endpoints: Option<bool>,
    rights_on_target: Option<bool>,
    /// The service's replicas by name (Premium only): each gets a copy of every SPLR, with its own pending
    /// connection on the target (unverified).
    replicas: Option<Vec<String>>,
    /// `several`: the doctor's practice world, one endpoint per state (`splr_core::arm::seed`); `default`.
    world: Option<String>,
}

impl OptionsBody {
    fn into_options(self) -> Result<WorldOptions, String> {
        let mut o = WorldOptions::default();
        if let Some(t) = self.tier {
            o.tier = Tier::parse(&t).ok_or_else(|| format!("tier: Free, Standard or Premium, not '{t}'"))?;
        }
        if let Some(m) = self.mode {
            o.mode = Some(ServiceMode::parse(&m).ok_or_else(|| format!("mode: Default, Serverless or Classic, not '{m}'"))?);
        }
        if let Some(l) = self.location {
            o.location = l;
        }
        if let Some(v) = self.pls_visibility {
            o.pls_visibility =
                PlsVisibility::parse(&v).ok_or_else(|| format!("pls_visibility: anyone or restricted, not '{v}'"))?;
        }
        if let Some(b) = self.target_exists {
            o.target_exists = b;
        }
        if let Some(b) = self.target_supports_private_endpoints {
            o.target_supports_private_endpoints = b;
        }
        if let Some(b) = self.rights_on_target {
            o.rights_on_target = b;
        }
        if let Some(r) = self.replicas {
            if r.iter().any(|n| n.is_empty() || n.contains('/')) {
                return Err("replicas: names, without '/'".into());
            }
            o.replicas = r;
        }
        if let Some(w) = self.world {
            o.several_endpoints = parse_world(&w).ok_or_else(|| format!("world: several or default, not '{w}'"))?;
        }
        Ok(o)
    }
}

/// Virtual durations in milliseconds over the model's defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TimingsBody {
    create_ms: Option<u64>,
    update_ms: Option<u64>,
    delete_ms: Option<u64>,
    busy_after_delete_ms: Option<u64>,
    site_approval_ms: Option<u64>,
    propagation_ms: Option<u64>,
    /// 0: a pending connection never times out.
    pending_timeout_ms: Option<u64>,
    jitter_percent: Option<u64>,
    /// Virtual seconds; 0: no `Retry-After` on async responses (the model's default sends none, as the
    /// recorded SignalR RP does).
    retry_after: Option<u64>,
}

impl TimingsBody {
    fn into_timings(self) -> Timings {
        let mut t = Timings::default();
        let ms = |v: Option<u64>, d: Millis| v.map(Millis).unwrap_or(d);
        t.create = ms(self.create_ms, t.create);
        t.update = ms(self.update_ms, t.update);
        t.delete = ms(self.delete_ms, t.delete);
        t.busy_after_delete = ms(self.busy_after_delete_ms, t.busy_after_delete);
        t.site_approval = ms(self.site_approval_ms, t.site_approval);
        t.propagation = ms(self.propagation_ms, t.propagation);
        if let Some(p) = self.pending_timeout_ms {
            t.pending_timeout = (p > 0).then_some(Millis(p));
        }
        if let Some(j) = self.jitter_percent {
            t.jitter_percent = j.min(100);
        }
        if let Some(r) = self.retry_after {
            t.retry_after = (r > 0).then_some(r);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::super::faults::FaultsPatch;
    use super::*;
    use crate::state::Switches;
    use splr_core::arm::faults::{Faults, ProvisioningFailure};

    #[test]
    fn reset_bodies_parse_and_refuse_typos() {
        let startup = Config::default();
        let c = parse::<ResetBody>(br#"{"scenario":"webpubsub-pls","options":{"tier":"Free_F1"},"seed":3}"#)
            .unwrap()
            .into_config(&startup)
            .unwrap();
        assert_eq!((c.scenario, c.options.tier, c.seed), (Scenario::WebPubSubPls, Tier::Free, 3));
        assert!(c.plan().is_ok());
        assert!(parse::<ResetBody>(br#"{"scenaro":"x"}"#).is_err());
        let bad_form =
            parse::<ResetBody>(br#"{"form":{"subscription":"nope"}}"#).unwrap().into_config(&startup).unwrap();
        assert!(bad_form.plan().unwrap_err().contains("subscription"));
        let mut f = Faults::default();
        let mut s = Switches::default();
        parse::<FaultsPatch>(br#"{"provisioning_failure":"internal","throttle":2,"drop":1}"#)
            .unwrap()
            .apply(&mut f, &mut s)
            .unwrap();
        assert_eq!((f.provisioning_failure, f.throttle, s.drop), (Some(ProvisioningFailure::Internal), 2, 1));
        parse::<FaultsPatch>(br#"{"provisioning_failure":null}"#).unwrap().apply(&mut f, &mut s).unwrap();
        assert_eq!(f.provisioning_failure, None);
        assert!(parse::<FaultsPatch>(br#"{"server_error_status":502}"#).unwrap().apply(&mut f, &mut s).is_err());
    }
}
