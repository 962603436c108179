//! The two services that own shared private link resources, and the shells the generators speak.

use serde::{Deserialize, Serialize};

/// Azure Web PubSub or Azure SignalR Service (both `Microsoft.SignalRService`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Service {
    WebPubSub,
    SignalR,
}

impl Service {
    /// The resource type segment used in URLs, as the docs spell it.
    pub fn type_segment(self) -> &'static str {
        match self {
            Service::WebPubSub => "webPubSub",
            Service::SignalR => "signalR",
        }
    }

    /// `Microsoft.SignalRService/webPubSub`
    pub fn resource_type(self) -> String {
        format!("Microsoft.SignalRService/{}", self.type_segment())
    }

    pub fn display(self) -> &'static str {
        match self {
            Service::WebPubSub => "Azure Web PubSub",
            Service::SignalR => "Azure SignalR Service",
        }
    }
}

/// The shells whose quoting rules the generators follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Shell {
    #[default]
    Bash,
    PowerShell,
    Cmd,
}

impl Shell {
    pub const ALL: [Shell; 3] = [Shell::Bash, Shell::PowerShell, Shell::Cmd];

    /// The value used in deep links (`shell=`).
    pub fn slug(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::PowerShell => "powershell",
            Shell::Cmd => "cmd",
        }
    }

    pub fn from_slug(s: &str) -> Option<Shell> {
        Shell::ALL.into_iter().find(|sh| sh.slug().eq_ignore_ascii_case(s))
    }

    pub fn display(self) -> &'static str {
        match self {
            Shell::Bash => "Bash",
            Shell::PowerShell => "PowerShell",
            Shell::Cmd => "Command Prompt (cmd)",
        }
    }

    /// The Markdown / highlighter language tag of the shell's snippets.
    pub fn language(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::PowerShell => "powershell",
            Shell::Cmd => "bat",
        }
    }
}
