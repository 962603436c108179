//! Team presets: an optional `presets.json` that lists a team's environments, so filling the form
//! is picking "dev" or "prod" instead of pasting GUIDs and resource IDs.
//!
//! # Schema (version 1)
//!
//! ```json
//! {
//!   "version": 1,
//!   "environments": [
//!     {
//!       "name": "dev",
//!       "description": "Shared dev subscription",
//!       "subscription": "00000000-0000-0000-0000-000000000000",
//!       "resourceGroup": "contoso-dev",
//!       "cloud": "AzureCloud",
//!       "apiVersion": "2024-03-01",
//!       "services": [
//!         { "type": "webpubsub", "name": "contoso-webpubsub-dev" },
//!         { "type": "signalr", "name": "contoso-signalr-dev", "resourceGroup": "contoso-signalr" }
//!       ],
//!       "targets": [
//!         "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso-dev/providers/Microsoft.Web/sites/contoso-func-dev"
//!       ]
//!     }
//!   ]
//! }
//! ```
//!
//! - `version` (required): `1`.
//! - `environments` (required, at least one): `name` (required, unique ignoring case), `description`,
//!   `subscription` (required GUID), `resourceGroup` (required: the services' default group), `cloud`
//!   (`AzureCloud`, `AzureChinaCloud` or `AzureUSGovernment`; informational, the generated commands
//!   target the cloud `az` is logged in to), `apiVersion` (must exist for at least one of the
//!   environment's service types), `services` (`type` `webpubsub` | `signalr`, `name`, optional
//!   `resourceGroup`), `targets` (resource IDs of Function apps, Private Link Services, Key Vaults or
//!   Storage accounts).
//! - Unknown fields are errors (a typo such as `subscriptionId` would otherwise be silently ignored).
//!
//! [`apply`] fills a [`Form`] from an environment without touching what the preset does not know
//! (scenario, endpoint name, message, shell).

use crate::api_version;
use crate::walkthrough::form::Form;
use crate::names;
use crate::resource_id::is_uuid;
use crate::service::Service;
use crate::target::{self, TargetKind};
use serde::Deserialize;
use std::fmt;

pub const VERSION: u32 = 1;
pub const CLOUDS: [&str; 3] = ["AzureCloud", "AzureChinaCloud", "AzureUSGovernment"];

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presets {
    pub version: u32,
    pub environments: Vec<Environment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Environment {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub subscription: String,
    pub resource_group: String,
    #[serde(default)]
    pub cloud: Option<String>,
    #[serde(default)]
    pub api_version: Option<String>,
    #[serde(default)]
    pub services: Vec<PresetService>,
    #[serde(default)]
    pub targets: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceType {
    #[serde(rename = "webpubsub")]
    WebPubSub,
    #[serde(rename = "signalr")]
    SignalR,
}

impl ServiceType {
    pub fn service(self) -> Service {
        match self {
            ServiceType::WebPubSub => Service::WebPubSub,
            ServiceType::SignalR => Service::SignalR,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PresetService {
    #[serde(rename = "type")]
    pub kind: ServiceType,
    pub name: String,
    #[serde(default)]
    pub resource_group: Option<String>,
}

/// One problem in presets.json: where (a JSON path, and the line and column when the parser knows
/// them) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresetError {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for PresetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "presets.json")?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, " line {l}, column {c}")?;
        }
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

fn at(path: impl Into<String>, message: impl Into<String>) -> PresetError {
    PresetError { path: path.into(), line: None, column: None, message: message.into() }
}

/// Parses and validates presets.json, reporting every problem found (a syntax or shape error stops
/// at the first, as the parser does).
pub fn parse(text: &str) -> Result<Presets, Vec<PresetError>> {
    let presets: Presets = serde_json::from_str(text).map_err(|e| {
        let message = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("JSON syntax error: {}", strip_position(&e.to_string()))
            }
            _ => strip_position(&e.to_string()),
        };
        vec![PresetError { path: String::new(), line: Some(e.line()), column: Some(e.column()), message }]
    })?;
    let errors = validate(&presets);
    if errors.is_empty() {
        Ok(presets)
    } else {
        Err(errors)
    }
}

/// serde_json appends " at line L column C"; the error carries them separately.
fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

fn validate(p: &Presets) -> Vec<PresetError> {
    let mut errors = Vec::new();
    if p.version != VERSION {
        errors.push(at("version", format!("version {} is not supported; this playground reads version {VERSION}.", p.version)));
    }
    if p.environments.is_empty() {
        errors.push(at("environments", "List at least one environment."));
    }
    for (i, env) in p.environments.iter().enumerate() {
        let path = |field: &str| format!("environments[{i}].{field}");
        let name = env.name.trim();
        if name.is_empty() {
            errors.push(at(path("name"), "Give the environment a name (it is what users pick)."));
        } else if p.environments[..i].iter().any(|e| e.name.trim().eq_ignore_ascii_case(name)) {
            errors.push(at(path("name"), format!("'{}' is used by an earlier environment; names must be unique.", names::clip(name))));
        }
        if !is_uuid(env.subscription.trim()) {
            errors.push(at(
                path("subscription"),
                format!("'{}' is not a subscription ID; expected a GUID like 00000000-0000-0000-0000-000000000000.", names::clip(&env.subscription)),
            ));
        }
        if let Err(e) = names::resource_group(env.resource_group.trim()) {
            errors.push(at(path("resourceGroup"), e));
        }
        if let Some(cloud) = &env.cloud {
            if !CLOUDS.contains(&cloud.trim()) {
                errors.push(at(path("cloud"), format!("'{}' is not an Azure cloud; use one of {}.", names::clip(cloud), CLOUDS.join(", "))));
            }
        }
        for (j, s) in env.services.iter().enumerate() {
            let what = match s.kind {
                ServiceType::WebPubSub => "Web PubSub resource name",
                ServiceType::SignalR => "SignalR resource name",
            };
            if let Err(e) = names::service_name(what, s.name.trim()) {
                errors.push(at(format!("environments[{i}].services[{j}].name"), e));
            }
            if let Some(rg) = &s.resource_group {
                if let Err(e) = names::resource_group(rg.trim()) {
                    errors.push(at(format!("environments[{i}].services[{j}].resourceGroup"), e));
                }
            }
        }
        if let Some(v) = &env.api_version {
            let v = v.trim();
            let types: Vec<Service> = if env.services.is_empty() {
                vec![Service::WebPubSub, Service::SignalR]
            } else {
                env.services.iter().map(|s| s.kind.service()).collect()
            };
            if !types.iter().any(|s| api_version::lookup(*s, v).is_some()) {
                errors.push(at(
                    path("apiVersion"),
                    format!("'{}' is not an api-version with shared private link resources for this environment's services.", names::clip(v)),
                ));
            }
        }
        let kinds = [TargetKind::Site, TargetKind::PrivateLinkService, TargetKind::KeyVault, TargetKind::StorageAccount];
        for (j, t) in env.targets.iter().enumerate() {
            if let Err(e) = target::parse(t, &kinds) {
                errors.push(at(format!("environments[{i}].targets[{j}]"), e));
            }
        }
    }
    errors
}

/// `form` with the environment's values: subscription, resource group, the first service of the
/// scenario's type (and its resource group), the first target of the scenario's kind (its groupId
/// reset to the target's default), and the api-version when the service has it. Values the preset
/// has nothing for stay as they are.
pub fn apply(form: &Form, env: &Environment) -> Form {
    apply_with_notes(form, env).0
}

/// The environment `form` is filled from: the first one that would leave it as it is. The picker
/// shows it, so after a reload or from a deep link the form still says where its values came from,
/// and it goes back to no choice once the user changes one of them.
pub fn matching<'a>(form: &Form, presets: &'a Presets) -> Option<&'a Environment> {
    presets.environments.iter().find(|env| apply(form, env) == *form)
}

/// Like [`apply`], with a note for each value the preset could not provide.
pub fn apply_with_notes(form: &Form, env: &Environment) -> (Form, Vec<String>) {
    let mut f = form.clone();
    let mut notes = Vec::new();
    let service = form.scenario.service();
    f.subscription = env.subscription.trim().to_string();
    f.resource_group = env.resource_group.trim().to_string();
    match env.services.iter().find(|s| s.kind.service() == service) {
        Some(s) => {
            f.service = s.name.trim().to_string();
            if let Some(rg) = &s.resource_group {
                f.resource_group = rg.trim().to_string();
            }
        }
        None => notes.push(format!("'{}' lists no {} resource: the service name is unchanged.", env.name, service.display())),
    }
    let kind = form.scenario.target_kind();
    match env.targets.iter().find(|t| target::parse(t, &[kind]).is_ok()) {
        Some(t) => {
            f.target = t.trim().to_string();
            f.group_id = String::new();
        }
        None => notes.push(format!("'{}' lists no {} target: the target is unchanged.", env.name, kind.display())),
    }
    if let Some(v) = &env.api_version {
        if api_version::lookup(service, v.trim()).is_some() {
            f.api_version = v.trim().to_string();
        } else {
            notes.push(format!("{} has no api-version {}: the api-version is unchanged.", service.display(), v.trim()));
        }
    }
    (f, notes)
}
