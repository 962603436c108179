//! What can go wrong, settable at any time: the UI's "break something" switches, and the tests' way to
//! reach every documented failure. Counters (`throttle`, `server_errors`) count down per request;
//! `service_updating` is used up by the next mutating request; the rest stand until cleared.

use super::error::{ArmError, Code};

/// A cause of a Failed provisioning that the world itself does not already model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProvisioningFailure {
    /// The Function app's plan (Consumption) has no private endpoint support.
    PlanWithoutPrivateEndpoints,
    /// The service has as many shared private endpoints as its tier allows.
    QuotaExceeded,
    /// The provider failed internally; retrying (delete and recreate) usually works.
    Internal,
}

impl ProvisioningFailure {
    pub const ALL: [ProvisioningFailure; 3] = [
        ProvisioningFailure::PlanWithoutPrivateEndpoints,
        ProvisioningFailure::QuotaExceeded,
        ProvisioningFailure::Internal,
    ];

    /// The variant's name (`PlanWithoutPrivateEndpoints`): the simulator panel's option values.
    pub fn as_str(self) -> &'static str {
        match self {
            ProvisioningFailure::PlanWithoutPrivateEndpoints => "PlanWithoutPrivateEndpoints",
            ProvisioningFailure::QuotaExceeded => "QuotaExceeded",
            ProvisioningFailure::Internal => "Internal",
        }
    }

    /// The failure by its exact [`as_str`](ProvisioningFailure::as_str) name.
    pub fn parse(name: &str) -> Option<ProvisioningFailure> {
        ProvisioningFailure::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The snake-case slug (`plan_without_private_endpoints`): the emulator's control API
    /// (`POST /_emulator/faults`, `GET /_emulator/state`).
    pub fn slug(self) -> &'static str {
        match self {
            ProvisioningFailure::PlanWithoutPrivateEndpoints => "plan_without_private_endpoints",
            ProvisioningFailure::QuotaExceeded => "quota_exceeded",
            ProvisioningFailure::Internal => "internal",
        }
    }

    /// The failure by its exact [`slug`](ProvisioningFailure::slug).
    pub fn from_slug(slug: &str) -> Option<ProvisioningFailure> {
        ProvisioningFailure::ALL.into_iter().find(|f| f.slug() == slug)
    }

    pub fn error(self, target_id: &str, service_name: &str) -> ArmError {
        match self {
            ProvisioningFailure::PlanWithoutPrivateEndpoints => ArmError::new(
                Code::PrivateEndpointNotSupportedByPlan,
                format!(
                    "Private endpoint connections are not supported for '{target_id}': the app's hosting plan \
                     (Consumption) has no private endpoint support. Move the app to Functions Premium, Flex \
                     Consumption or a Dedicated App Service plan."
                ),
            ),
            ProvisioningFailure::QuotaExceeded => ArmError::new(
                Code::QuotaExceeded,
                format!("The service '{service_name}' has reached its limit of shared private link resources."),
            ),
            ProvisioningFailure::Internal => ArmError::new(
                Code::InternalServerError,
                "An internal error occurred while provisioning the shared private endpoint. Please try again.",
            ),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Faults {
    /// The target's owner rejects every pending connection (now and as new ones appear).
    pub reject_on_target: bool,
    /// The targets are deleted (one-way: clearing the flag does not bring them back). Their connections
    /// become Disconnected on the SPLR side.
    pub delete_target: bool,
    /// Creates and updates fail with this cause while set.
    pub provisioning_failure: Option<ProvisioningFailure>,
    /// The next N requests are throttled: 429 with `Retry-After: throttle_retry_after`.
    pub throttle: u32,
    pub throttle_retry_after: u64,
    /// The next N requests fail with `server_error_status` (500 or 503).
    pub server_errors: u32,
    pub server_error_status: u16,
    /// Approval (and every status change) takes this many times longer to reach the SPLR.
    pub propagation_multiplier: f64,
    /// The next mutating request on the service gets 409 Conflict, as if it were still updating.
    pub service_updating: bool,
    /// Strip every header a browser cannot read without `Access-Control-Expose-Headers`
    /// (`Azure-AsyncOperation`, `Location`, `Retry-After`, ...): the client must poll the resource.
    pub hide_headers: bool,
    /// An Azure Policy assignment on the service's subscription denies creating or updating the shared
    /// private link resource: its PUT gets `403 RequestDisallowedByPolicy` (see [`super::policy`]). A Deny
    /// policy does not apply to DELETE (only `denyAction` does, also with a 403 whose body Learn does not show:
    /// <https://learn.microsoft.com/azure/governance/policy/concepts/effect-deny-action>), and the approval is a
    /// write in the target's scope, which this assignment does not cover: both go through. Stands until cleared.
    pub policy_deny: bool,
}

impl Default for Faults {
    fn default() -> Faults {
        Faults {
            reject_on_target: false,
            delete_target: false,
            provisioning_failure: None,
            throttle: 0,
            throttle_retry_after: 7,
            server_errors: 0,
            server_error_status: 500,
            propagation_multiplier: 1.0,
            service_updating: false,
            hide_headers: false,
            policy_deny: false,
        }
    }
}

/// Headers script may read from a cross-origin response without `Access-Control-Expose-Headers`
/// (the Fetch standard's CORS-safelisted response-header names).
pub const CORS_SAFELISTED: [&str; 7] =
    ["Cache-Control", "Content-Language", "Content-Length", "Content-Type", "Expires", "Last-Modified", "Pragma"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_round_trip_by_name_and_slug() {
        for f in ProvisioningFailure::ALL {
            assert_eq!(ProvisioningFailure::parse(f.as_str()), Some(f));
            assert_eq!(ProvisioningFailure::from_slug(f.slug()), Some(f));
            assert_eq!(f.as_str(), format!("{f:?}"), "the simulator panel's option values");
        }
        assert_eq!(ProvisioningFailure::from_slug("Internal"), None);
    }
}
