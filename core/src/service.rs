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
    /// PowerShell driving the Azure CLI (`az.cmd` on Windows): slug `powershell`, kept for published links.
    PowerShell,
    /// PowerShell with the Az modules only (`Invoke-AzRestMethod`, Az.Network): no `az.cmd` in between.
    PowerShellAz,
    Cmd,
}

impl Shell {
    pub const ALL: [Shell; 4] = [Shell::Bash, Shell::PowerShell, Shell::PowerShellAz, Shell::Cmd];

    /// The value used in deep links (`shell=`).
    pub fn slug(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::PowerShell => "powershell",
            Shell::PowerShellAz => "powershell-az",
            Shell::Cmd => "cmd",
        }
    }

    pub fn from_slug(s: &str) -> Option<Shell> {
        Shell::ALL.into_iter().find(|sh| sh.slug().eq_ignore_ascii_case(s))
    }

    pub fn display(self) -> &'static str {
        match self {
            Shell::Bash => "Bash",
            Shell::PowerShell => "PowerShell (az CLI)",
            Shell::PowerShellAz => "PowerShell (Az module)",
            Shell::Cmd => "Command Prompt (cmd)",
        }
    }

    /// The short label of the shell's tab on every shell artifact.
    pub fn tab_label(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::PowerShell => "PowerShell (az CLI)",
            Shell::PowerShellAz => "PowerShell (Az module)",
            Shell::Cmd => "cmd",
        }
    }

    /// The Markdown / highlighter language tag of the shell's snippets.
    pub fn language(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::PowerShell | Shell::PowerShellAz => "powershell",
            Shell::Cmd => "bat",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Shell;

    #[test]
    fn slugs_round_trip_and_the_old_powershell_link_still_works() {
        for s in Shell::ALL {
            assert_eq!(Shell::from_slug(s.slug()), Some(s));
        }
        assert_eq!(Shell::from_slug("powershell"), Some(Shell::PowerShell));
        assert_eq!(Shell::from_slug("powershell-az"), Some(Shell::PowerShellAz));
        assert_eq!(Shell::PowerShellAz.language(), "powershell");
        assert_eq!(Shell::PowerShell.display(), "PowerShell (az CLI)");
        assert_eq!(Shell::PowerShellAz.display(), "PowerShell (Az module)");
    }
}
