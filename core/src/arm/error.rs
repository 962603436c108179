//! ARM's error body `{"error":{"code","message"}}` and every code the simulator produces.
//!
//! Codes from ARM's front door and the async-operation contract are ARM's own (AuthenticationFailed,
//! InvalidApiVersionParameter, NoRegisteredProviderFound, LinkedInvalidPropertyId, ResourceNotFound,
//! Conflict, SubscriptionRequestsThrottled, ...). The resource providers' own codes for the SPLR-specific
//! failures are not documented; where the real code is unverified, the simulator uses a descriptive name
//! ([`Code::is_modeled`]) with the message users actually report.

use super::http::Response;
use serde_json::json;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    // 401 / 403
    AuthenticationFailed,
    InvalidAuthenticationToken,
    AuthorizationFailed,
    LinkedAuthorizationFailed,
    /// A write denied by an Azure Policy assignment (ARM's own code; details in `additionalInfo`,
    /// see [`super::policy`]).
    RequestDisallowedByPolicy,
    // 400: the request itself
    MissingApiVersionParameter,
    InvalidApiVersionParameter,
    NoRegisteredProviderFound,
    InvalidResourceType,
    InvalidResourceName,
    InvalidRequestContent,
    LinkedInvalidPropertyId,
    UnsupportedHttpMethod,
    // 400: the service refuses what it knows it cannot do
    SkuNotSupported,
    UnsupportedPrivateLinkResourceType,
    CannotApproveRejectedConnection,
    /// Storage refuses to approve a connection that is already Approved (its PUT is not idempotent:
    /// https://github.com/Azure/azure-rest-api-specs/issues/30308).
    InvalidValuesForRequestParameters,
    // async failures of provisioning (Failed operations)
    InvalidGroupId,
    PrivateLinkResourceNotFound,
    PrivateLinkServiceNotVisible,
    PrivateEndpointNotSupportedByPlan,
    QuotaExceeded,
    // 404 / 409 / 429 / 5xx
    ResourceGroupNotFound,
    ResourceNotFound,
    Conflict,
    SubscriptionRequestsThrottled,
    InternalServerError,
    ServiceUnavailable,
}

impl Code {
    pub const ALL: [Code; 28] = [
        Code::AuthenticationFailed,
        Code::InvalidAuthenticationToken,
        Code::AuthorizationFailed,
        Code::LinkedAuthorizationFailed,
        Code::RequestDisallowedByPolicy,
        Code::MissingApiVersionParameter,
        Code::InvalidApiVersionParameter,
        Code::NoRegisteredProviderFound,
        Code::InvalidResourceType,
        Code::InvalidResourceName,
        Code::InvalidRequestContent,
        Code::LinkedInvalidPropertyId,
        Code::UnsupportedHttpMethod,
        Code::SkuNotSupported,
        Code::UnsupportedPrivateLinkResourceType,
        Code::CannotApproveRejectedConnection,
        Code::InvalidValuesForRequestParameters,
        Code::InvalidGroupId,
        Code::PrivateLinkResourceNotFound,
        Code::PrivateLinkServiceNotVisible,
        Code::PrivateEndpointNotSupportedByPlan,
        Code::QuotaExceeded,
        Code::ResourceGroupNotFound,
        Code::ResourceNotFound,
        Code::Conflict,
        Code::SubscriptionRequestsThrottled,
        Code::InternalServerError,
        Code::ServiceUnavailable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::AuthenticationFailed => "AuthenticationFailed",
            Code::InvalidAuthenticationToken => "InvalidAuthenticationToken",
            Code::AuthorizationFailed => "AuthorizationFailed",
            Code::LinkedAuthorizationFailed => "LinkedAuthorizationFailed",
            Code::RequestDisallowedByPolicy => "RequestDisallowedByPolicy",
            Code::MissingApiVersionParameter => "MissingApiVersionParameter",
            Code::InvalidApiVersionParameter => "InvalidApiVersionParameter",
            Code::NoRegisteredProviderFound => "NoRegisteredProviderFound",
            Code::InvalidResourceType => "InvalidResourceType",
            Code::InvalidResourceName => "InvalidResourceName",
            Code::InvalidRequestContent => "InvalidRequestContent",
            Code::LinkedInvalidPropertyId => "LinkedInvalidPropertyId",
            Code::UnsupportedHttpMethod => "UnsupportedHttpMethod",
            Code::SkuNotSupported => "SkuNotSupported",
            Code::UnsupportedPrivateLinkResourceType => "UnsupportedPrivateLinkResourceType",
            Code::CannotApproveRejectedConnection => "CannotApproveRejectedConnection",
            Code::InvalidValuesForRequestParameters => "InvalidValuesForRequestParameters",
            Code::InvalidGroupId => "InvalidGroupId",
            Code::PrivateLinkResourceNotFound => "PrivateLinkResourceNotFound",
            Code::PrivateLinkServiceNotVisible => "PrivateLinkServiceNotVisible",
            Code::PrivateEndpointNotSupportedByPlan => "PrivateEndpointNotSupportedByPlan",
            Code::QuotaExceeded => "QuotaExceeded",
            Code::ResourceGroupNotFound => "ResourceGroupNotFound",
            Code::ResourceNotFound => "ResourceNotFound",
            Code::Conflict => "Conflict",
            Code::SubscriptionRequestsThrottled => "SubscriptionRequestsThrottled",
            Code::InternalServerError => "InternalServerError",
            Code::ServiceUnavailable => "ServiceUnavailable",
        }
    }

    pub fn parse(s: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str().eq_ignore_ascii_case(s))
    }

    /// The HTTP status ARM answers with when this error ends a request synchronously.
    pub fn status(self) -> u16 {
        match self {
            Code::AuthenticationFailed | Code::InvalidAuthenticationToken => 401,
            Code::AuthorizationFailed | Code::LinkedAuthorizationFailed | Code::RequestDisallowedByPolicy => 403,
            Code::ResourceGroupNotFound | Code::ResourceNotFound | Code::PrivateLinkResourceNotFound => 404,
            Code::UnsupportedHttpMethod => 405,
            Code::Conflict => 409,
            Code::SubscriptionRequestsThrottled => 429,
            Code::InternalServerError => 500,
            Code::ServiceUnavailable => 503,
            _ => 400,
        }
    }

    /// The code is the simulator's descriptive name: the real provider's code is not documented.
    pub fn is_modeled(self) -> bool {
        matches!(
            self,
            Code::SkuNotSupported
                | Code::UnsupportedPrivateLinkResourceType
                | Code::CannotApproveRejectedConnection
                | Code::InvalidGroupId
                | Code::PrivateLinkResourceNotFound
                | Code::PrivateLinkServiceNotVisible
                | Code::PrivateEndpointNotSupportedByPlan
        )
    }
}

/// An error as ARM reports it, in a response or in a failed operation's `error`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmError {
    pub code: Code,
    pub message: String,
}

impl ArmError {
    pub fn new(code: Code, message: impl Into<String>) -> ArmError {
        ArmError { code, message: message.into() }
    }

    /// ARM's 404 for a resource that does not exist: `resource` is its type and name path
    /// (`Microsoft.Web/sites/app`, `…/sharedPrivateLinkResources/x`), in ARM's wording.
    pub fn not_found(resource: &str, resource_group: &str) -> ArmError {
        ArmError::new(
            Code::ResourceNotFound,
            format!(
                "The Resource '{resource}' under resource group '{resource_group}' was not found. For more details \
                 please go to https://aka.ms/ARMResourceNotFoundFix"
            ),
        )
    }

    pub fn to_value(&self) -> serde_json::Value {
        json!({"code": self.code.as_str(), "message": self.message})
    }

    /// The synchronous error response: `{"error":{...}}` with the code's status and `x-ms-failure-cause`.
    pub fn response(&self) -> Response {
        let cause = match self.code.status() {
            401 | 403 => "gateway",
            _ => "service",
        };
        let mut body = json!({});
        super::world::put(&mut body, "error", self.to_value());
        Response::json(self.code.status(), &body).with_header("x-ms-failure-cause", cause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for c in Code::ALL {
            assert_eq!(Code::parse(c.as_str()), Some(c));
        }
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn error_response_shape() {
        let r = ArmError::new(Code::Conflict, "busy").response();
        assert_eq!(r.status, 409);
        assert_eq!(r.error(), Some(("Conflict".into(), "busy".into())));
    }
}
