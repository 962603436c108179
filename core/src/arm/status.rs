//! The states ARM reports: a resource's `provisioningState`, a private endpoint connection's `status`
//! (mirrored into the SPLR's `status`) and an async operation's `status`.

use std::fmt;

/// `properties.provisioningState` of an SPLR (the REST spec's enum).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProvisioningState {
    Unknown,
    Succeeded,
    Failed,
    Canceled,
    Running,
    Creating,
    Updating,
    Deleting,
    Moving,
}

impl ProvisioningState {
    pub const ALL: [ProvisioningState; 9] = [
        ProvisioningState::Unknown,
        ProvisioningState::Succeeded,
        ProvisioningState::Failed,
        ProvisioningState::Canceled,
        ProvisioningState::Running,
        ProvisioningState::Creating,
        ProvisioningState::Updating,
        ProvisioningState::Deleting,
        ProvisioningState::Moving,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProvisioningState::Unknown => "Unknown",
            ProvisioningState::Succeeded => "Succeeded",
            ProvisioningState::Failed => "Failed",
            ProvisioningState::Canceled => "Canceled",
            ProvisioningState::Running => "Running",
            ProvisioningState::Creating => "Creating",
            ProvisioningState::Updating => "Updating",
            ProvisioningState::Deleting => "Deleting",
            ProvisioningState::Moving => "Moving",
        }
    }

    pub fn parse(s: &str) -> Option<ProvisioningState> {
        Self::ALL.into_iter().find(|p| p.as_str().eq_ignore_ascii_case(s))
    }

    /// Nothing more will happen without a new request.
    pub fn is_terminal(self) -> bool {
        matches!(self, ProvisioningState::Succeeded | ProvisioningState::Failed | ProvisioningState::Canceled)
    }
}

/// `privateLinkServiceConnectionState.status` on the target, and the SPLR's `properties.status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConnectionStatus {
    Pending,
    Approved,
    Rejected,
    Disconnected,
    Timeout,
}

impl ConnectionStatus {
    pub const ALL: [ConnectionStatus; 5] = [
        ConnectionStatus::Pending,
        ConnectionStatus::Approved,
        ConnectionStatus::Rejected,
        ConnectionStatus::Disconnected,
        ConnectionStatus::Timeout,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionStatus::Pending => "Pending",
            ConnectionStatus::Approved => "Approved",
            ConnectionStatus::Rejected => "Rejected",
            ConnectionStatus::Disconnected => "Disconnected",
            ConnectionStatus::Timeout => "Timeout",
        }
    }

    pub fn parse(s: &str) -> Option<ConnectionStatus> {
        Self::ALL.into_iter().find(|p| p.as_str().eq_ignore_ascii_case(s))
    }
}

/// `status` of an `Azure-AsyncOperation` URL. ARM's terminal statuses are Succeeded, Failed, Canceled;
/// anything else (`Running`, `InProgress`, `Accepted`) means "still going".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpStatus {
    Running,
    Succeeded,
    Failed,
    Canceled,
}

impl OpStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OpStatus::Running => "Running",
            OpStatus::Succeeded => "Succeeded",
            OpStatus::Failed => "Failed",
            OpStatus::Canceled => "Canceled",
        }
    }

    /// Reads any status string; unknown ones are "still running", as the RPC asks clients to do.
    pub fn read(s: &str) -> OpStatus {
        match s.to_ascii_lowercase().as_str() {
            "succeeded" => OpStatus::Succeeded,
            "failed" => OpStatus::Failed,
            "canceled" | "cancelled" => OpStatus::Canceled,
            _ => OpStatus::Running,
        }
    }

    pub fn is_terminal(self) -> bool {
        self != OpStatus::Running
    }
}

macro_rules! display_as_str {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}
display_as_str!(ProvisioningState, ConnectionStatus, OpStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_terminal() {
        for p in ProvisioningState::ALL {
            assert_eq!(ProvisioningState::parse(p.as_str()), Some(p));
        }
        for c in ConnectionStatus::ALL {
            assert_eq!(ConnectionStatus::parse(c.as_str()), Some(c));
        }
        assert!(ProvisioningState::Failed.is_terminal());
        assert!(!ProvisioningState::Creating.is_terminal());
        assert_eq!(OpStatus::read("InProgress"), OpStatus::Running);
        assert_eq!(OpStatus::read("succeeded"), OpStatus::Succeeded);
    }
}
