//! Azure Functions Web PubSub bindings configuration
//! (<https://learn.microsoft.com/azure/azure-functions/functions-bindings-web-pubsub>): the app settings,
//! the local settings file, the role the function app's identity needs, the event handler URL, and
//! trigger / input / output samples, all from one small form (`form.rs`) validated per field like the
//! main walkthrough.
//!
//! Decisions worth knowing:
//! - `serviceUri` must be `https://` and a bare origin (no path, query or port). The default endpoint
//!   `https://<name>.webpubsub.azure.com` must name the service of the form (the role is assigned on
//!   that service, so a mismatch would authorize the wrong resource). Other hosts are accepted as
//!   custom domains, with a note: Web PubSub supports them and the extension just calls the URI.
//! - An empty `serviceUri` in identity mode defaults to the service's own endpoint (with a note).
//! - The extension version is the version of `Microsoft.Azure.WebJobs.Extensions.WebPubSub` (what an
//!   extension bundle carries); empty means "from the bundle" and only gets advice.

mod commands;
mod form;
pub mod link;
mod samples;
mod settings;

use crate::artifacts::{Artifact, ArtifactId};
use crate::service::Shell;
use serde::{Deserialize, Serialize};

pub use form::{check, BindingsCheck, BindingsForm, Field};

/// The app setting the extension reads by default.
pub const DEFAULT_SETTING: &str = "WebPubSubConnectionString";
/// The built-in role identity-based connections need on the Web PubSub resource.
pub const ROLE: &str = "Web PubSub Service Owner";
/// The only value `__credential` takes.
pub const MANAGED_IDENTITY: &str = "managedidentity";
pub const IDENTITY_TYPE: &str = "Microsoft.ManagedIdentity/userAssignedIdentities";

/// An output of the bindings page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BindingsOutput {
    AppSettings,
    AppSettingsJson,
    LocalSettings,
    RoleAssignment,
    EventHandlerUrl,
    BindingJavaScript,
    BindingCSharp,
    BindingPython,
}

impl BindingsOutput {
    /// The outputs, in display order.
    pub const ALL: [BindingsOutput; 8] = [
        BindingsOutput::AppSettings,
        BindingsOutput::AppSettingsJson,
        BindingsOutput::LocalSettings,
        BindingsOutput::RoleAssignment,
        BindingsOutput::EventHandlerUrl,
        BindingsOutput::BindingJavaScript,
        BindingsOutput::BindingCSharp,
        BindingsOutput::BindingPython,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            BindingsOutput::AppSettings => "app-settings",
            BindingsOutput::AppSettingsJson => "app-settings-json",
            BindingsOutput::LocalSettings => "local.settings.json",
            BindingsOutput::RoleAssignment => "role-assignment",
            BindingsOutput::EventHandlerUrl => "event-handler-url",
            BindingsOutput::BindingJavaScript => "binding-javascript",
            BindingsOutput::BindingCSharp => "binding-csharp",
            BindingsOutput::BindingPython => "binding-python",
        }
    }

    /// Written per shell: its block shows the shell selector.
    pub fn per_shell(self) -> bool {
        match self {
            BindingsOutput::AppSettings | BindingsOutput::RoleAssignment | BindingsOutput::EventHandlerUrl => true,
            BindingsOutput::AppSettingsJson | BindingsOutput::LocalSettings | BindingsOutput::BindingJavaScript | BindingsOutput::BindingCSharp | BindingsOutput::BindingPython => false,
        }
    }
}

impl From<BindingsOutput> for ArtifactId {
    fn from(a: BindingsOutput) -> Self {
        ArtifactId::Bindings(a)
    }
}

/// An output by its slug (`"local.settings.json"`), for callers that name it as the page does.
impl TryFrom<&str> for BindingsOutput {
    type Error = ();
    fn try_from(slug: &str) -> Result<Self, ()> {
        BindingsOutput::ALL.into_iter().find(|a| a.slug() == slug).ok_or(())
    }
}

/// The outputs, in display order.
pub const IDS: [BindingsOutput; 8] = BindingsOutput::ALL;

/// How the extension authenticates to Web PubSub.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConnectionMode {
    #[default]
    ConnectionString,
    /// Microsoft Entra ID (managed identity), extension 1.10.0+.
    Identity,
}

impl ConnectionMode {
    pub const ALL: [ConnectionMode; 2] = [ConnectionMode::ConnectionString, ConnectionMode::Identity];
    pub fn slug(self) -> &'static str {
        match self {
            ConnectionMode::ConnectionString => "connection-string",
            ConnectionMode::Identity => "identity",
        }
    }
    pub fn from_slug(s: &str) -> Option<ConnectionMode> {
        Self::ALL.into_iter().find(|m| m.slug().eq_ignore_ascii_case(s.trim()))
    }
    pub fn display(self) -> &'static str {
        match self {
            ConnectionMode::ConnectionString => "Connection string",
            ConnectionMode::Identity => "Managed identity (Microsoft Entra ID)",
        }
    }
}

/// The function app's language / worker model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Worker {
    /// Node.js, v4 programming model.
    #[default]
    JavaScript,
    /// .NET isolated worker model.
    CsharpIsolated,
    /// Python, v2 programming model.
    Python,
}

impl Worker {
    pub const ALL: [Worker; 3] = [Worker::JavaScript, Worker::CsharpIsolated, Worker::Python];
    pub fn slug(self) -> &'static str {
        match self {
            Worker::JavaScript => "javascript",
            Worker::CsharpIsolated => "csharp-isolated",
            Worker::Python => "python",
        }
    }
    pub fn from_slug(s: &str) -> Option<Worker> {
        Self::ALL.into_iter().find(|w| w.slug().eq_ignore_ascii_case(s.trim()))
    }
    pub fn display(self) -> &'static str {
        match self {
            Worker::JavaScript => "JavaScript (Node.js v4 model)",
            Worker::CsharpIsolated => "C# (isolated worker)",
            Worker::Python => "Python (v2 model)",
        }
    }
    /// `FUNCTIONS_WORKER_RUNTIME`
    pub fn runtime(self) -> &'static str {
        match self {
            Worker::JavaScript => "node",
            Worker::CsharpIsolated => "dotnet-isolated",
            Worker::Python => "python",
        }
    }
    /// The id of this worker's binding sample.
    pub fn sample_id(self) -> BindingsOutput {
        match self {
            Worker::JavaScript => BindingsOutput::BindingJavaScript,
            Worker::CsharpIsolated => BindingsOutput::BindingCSharp,
            Worker::Python => BindingsOutput::BindingPython,
        }
    }
}

/// Which identity the extension uses in identity mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identity {
    /// Only `serviceUri`: DefaultAzureCredential (the system-assigned identity in Azure, your az login locally).
    Default,
    /// `credential = managedidentity` alone: the system-assigned identity.
    SystemAssigned,
    /// A user-assigned identity by client ID.
    ClientId(String),
    /// A user-assigned identity by resource ID.
    ResourceId(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connection {
    ConnectionString,
    Identity { service_uri: String, identity: Identity },
}

/// The validated bindings configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingsPlan {
    pub function_app: String,
    pub resource_group: String,
    pub service: String,
    pub hub: String,
    pub setting: String,
    pub connection: Connection,
    pub worker: Worker,
    pub extension_version: Option<Version>,
    pub shell: Shell,
}

impl BindingsPlan {
    /// The app settings, names with `__` as App Service wants them (`sep` = `:` for local.settings.json).
    /// A connection string value is `None`: it is a secret the generator never sees.
    pub fn settings(&self, sep: &str) -> Vec<(String, Option<String>)> {
        let s = &self.setting;
        match &self.connection {
            Connection::ConnectionString => vec![(s.clone(), None)],
            Connection::Identity { service_uri, identity } => {
                let mut v = vec![(format!("{s}{sep}serviceUri"), Some(service_uri.clone()))];
                match identity {
                    Identity::Default => {}
                    Identity::SystemAssigned => v.push((format!("{s}{sep}credential"), Some(MANAGED_IDENTITY.into()))),
                    Identity::ClientId(id) => {
                        v.push((format!("{s}{sep}credential"), Some(MANAGED_IDENTITY.into())));
                        v.push((format!("{s}{sep}clientId"), Some(id.clone())));
                    }
                    Identity::ResourceId(id) => {
                        v.push((format!("{s}{sep}credential"), Some(MANAGED_IDENTITY.into())));
                        v.push((format!("{s}{sep}managedIdentityResourceId"), Some(id.clone())));
                    }
                }
                v
            }
        }
    }

    /// The settings of local.settings.json (names with `:`). For an identity-based connection only
    /// `serviceUri`: there is no managed identity on a developer's machine, so the extension signs in
    /// as the developer through DefaultAzureCredential. The bindings article says `credential` is
    /// valid only where a managed identity is available, and that the client ID and resource ID work
    /// differently locally, where `credential` shouldn't be set
    /// (<https://learn.microsoft.com/azure/azure-functions/functions-bindings-web-pubsub#identity-based-connections>,
    /// <https://learn.microsoft.com/azure/azure-functions/functions-reference#local-development-with-identity-based-connections>).
    pub fn local_settings(&self) -> Vec<(String, Option<String>)> {
        let mut v = self.settings(":");
        if self.is_identity() {
            v.truncate(1);
        }
        v
    }

    pub fn is_identity(&self) -> bool {
        matches!(self.connection, Connection::Identity { .. })
    }

    /// `https://<app>.azurewebsites.net/runtime/webhooks/webpubsub`
    pub fn webhook_url(&self) -> String {
        format!("https://{}.azurewebsites.net/runtime/webhooks/webpubsub", self.function_app)
    }
}

/// An extension version `major.minor.patch` (a pre-release suffix is kept but not compared).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub text: String,
    pub numbers: (u32, u32, u32),
}

pub fn parse_version(s: &str) -> Option<Version> {
    let core = s.split(['-', '+']).next()?;
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let n = |i: usize| parts[i].parse::<u32>().ok();
    Some(Version { text: s.to_string(), numbers: (n(0)?, n(1)?, n(2)?) })
}

/// Every bindings artifact of `plan`, in [`IDS`] order.
pub fn artifacts(plan: &BindingsPlan) -> Vec<Artifact> {
    IDS.into_iter().map(|id| output(plan, id)).collect()
}

/// The heading of a bindings artifact, known without a valid form (so empty blocks still say what
/// they will hold).
pub fn title(id: BindingsOutput) -> &'static str {
    match id {
        BindingsOutput::AppSettings => "Set the app settings",
        BindingsOutput::AppSettingsJson => "Or paste into the portal's Advanced edit",
        BindingsOutput::LocalSettings => "local.settings.json",
        BindingsOutput::RoleAssignment => "Role assignment",
        BindingsOutput::EventHandlerUrl => "Event handler URL",
        BindingsOutput::BindingJavaScript => "JavaScript (Node.js v4 programming model)",
        BindingsOutput::BindingCSharp => "C# (isolated worker)",
        BindingsOutput::BindingPython => "Python (v2 programming model)",
    }
}

/// One bindings artifact, by id or slug (`None` for a slug that names none).
pub fn artifact(plan: &BindingsPlan, id: impl TryInto<BindingsOutput>) -> Option<Artifact> {
    Some(output(plan, id.try_into().ok()?))
}

fn output(plan: &BindingsPlan, id: BindingsOutput) -> Artifact {
    match id {
        BindingsOutput::AppSettings => settings::app_settings(plan),
        BindingsOutput::AppSettingsJson => settings::app_settings_json(plan),
        BindingsOutput::LocalSettings => settings::local_settings(plan),
        BindingsOutput::RoleAssignment => commands::role_assignment(plan),
        BindingsOutput::EventHandlerUrl => commands::event_handler_url(plan),
        BindingsOutput::BindingJavaScript => samples::javascript(plan),
        BindingsOutput::BindingCSharp => samples::csharp(plan),
        BindingsOutput::BindingPython => samples::python(plan),
    }
}

#[cfg(test)]
mod title_tests {
    use super::*;

    #[test]
    fn titles_known_without_a_form_match_the_artifacts() {
        let plan = check(&BindingsForm::default()).plan.unwrap();
        for a in artifacts(&plan) {
            assert_eq!(crate::artifacts::title(a.id), a.title, "{}", a.id);
        }
    }
}
