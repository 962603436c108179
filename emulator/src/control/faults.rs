//! `GET|POST|DELETE /_emulator/faults`: the model's [`Faults`] and the emulator's connection
//! [`Switches`], read, patched or cleared together.

use super::{bad, ok, parse, Answer};
use crate::state::{State, Switches};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use splr_core::arm::faults::{Faults, ProvisioningFailure};

/// The faults and switches as the control API shows them.
#[derive(Debug, Serialize)]
pub struct FaultsView {
    reject_on_target: bool,
    delete_target: bool,
    /// The failure's slug ([`ProvisioningFailure::slug`]).
    provisioning_failure: Option<&'static str>,
    throttle: u32,
    throttle_retry_after: u64,
    server_errors: u32,
    server_error_status: u16,
    propagation_multiplier: f64,
    service_updating: bool,
    hide_headers: bool,
    /// [`Faults::policy_deny`]: the SPLR's PUT gets `403 RequestDisallowedByPolicy`.
    policy_deny: bool,
    slow_ms: u64,
    drop: u32,
}

impl FaultsView {
    pub fn of(f: &Faults, s: &Switches) -> FaultsView {
        FaultsView {
            reject_on_target: f.reject_on_target,
            delete_target: f.delete_target,
            provisioning_failure: f.provisioning_failure.map(ProvisioningFailure::slug),
            throttle: f.throttle,
            throttle_retry_after: f.throttle_retry_after,
            server_errors: f.server_errors,
            server_error_status: f.server_error_status,
            propagation_multiplier: f.propagation_multiplier,
            service_updating: f.service_updating,
            hide_headers: s.unexposed_headers,
            policy_deny: f.policy_deny,
            slow_ms: s.slow_ms,
            drop: s.drop,
        }
    }
}

/// `GET`.
pub fn view(st: &State) -> FaultsView {
    FaultsView::of(&st.sim.faults, &st.switches)
}

/// `POST`: the fields given replace the current ones; nothing changes if one is refused.
pub fn patch(st: &mut State, body: &[u8]) -> Answer {
    let patch = parse::<FaultsPatch>(body).map_err(bad)?;
    let (mut f, mut s) = (st.sim.faults.clone(), st.switches.clone());
    patch.apply(&mut f, &mut s).map_err(bad)?;
    st.sim.set_faults(f);
    st.switches = s;
    ok(&view(st))
}

/// `DELETE`: no faults, no switches.
pub fn clear(st: &mut State) -> FaultsView {
    st.sim.set_faults(Faults::default());
    st.switches = Switches::default();
    view(st)
}

/// `POST /_emulator/faults`: the fields given replace the current ones; the rest stay.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FaultsPatch {
    reject_on_target: Option<bool>,
    delete_target: Option<bool>,
    /// `null` clears; `"plan_without_private_endpoints"`, `"quota_exceeded"`, `"internal"`.
    #[serde(default, deserialize_with = "present")]
    provisioning_failure: Option<Value>,
    throttle: Option<u32>,
    throttle_retry_after: Option<u64>,
    server_errors: Option<u32>,
    server_error_status: Option<u16>,
    propagation_multiplier: Option<f64>,
    service_updating: Option<bool>,
    hide_headers: Option<bool>,
    policy_deny: Option<bool>,
    slow_ms: Option<u64>,
    drop: Option<u32>,
}

/// Keeps an explicit `null` apart from an absent field.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl FaultsPatch {
    pub(super) fn apply(self, f: &mut Faults, s: &mut Switches) -> Result<(), String> {
        if let Some(v) = &self.provisioning_failure {
            f.provisioning_failure = provisioning_failure(v)?;
        }
        if let Some(v) = self.server_error_status {
            if v != 500 && v != 503 {
                return Err(format!("server_error_status: 500 or 503, not {v}"));
            }
            f.server_error_status = v;
        }
        if let Some(v) = self.propagation_multiplier {
            if !(v.is_finite() && v > 0.0) {
                return Err(format!("propagation_multiplier: a number > 0, not {v}"));
            }
            f.propagation_multiplier = v;
        }
        macro_rules! set {
            ($dst:expr, $src:expr) => {
                if let Some(v) = $src {
                    $dst = v;
                }
            };
        }
        set!(f.reject_on_target, self.reject_on_target);
        set!(f.delete_target, self.delete_target);
        set!(f.throttle, self.throttle);
        set!(f.throttle_retry_after, self.throttle_retry_after);
        set!(f.server_errors, self.server_errors);
        set!(f.service_updating, self.service_updating);
        set!(f.policy_deny, self.policy_deny);
        set!(s.unexposed_headers, self.hide_headers);
        set!(s.slow_ms, self.slow_ms);
        set!(s.drop, self.drop);
        Ok(())
    }
}

/// `null` (none) or a failure's slug.
fn provisioning_failure(v: &Value) -> Result<Option<ProvisioningFailure>, String> {
    match v.as_str() {
        None if v.is_null() => Ok(None),
        Some(slug) => ProvisioningFailure::from_slug(slug)
            .map(Some)
            .ok_or_else(|| format!("provisioning_failure: unknown '{slug}'")),
        None => Err("provisioning_failure: a string or null".into()),
    }
}
