//! The bindings form as typed, its fields with their labels, and its check: per field errors and
//! notes, and the [`BindingsPlan`] when every field is valid.

use super::{parse_version, BindingsPlan, Connection, ConnectionMode, Identity, Version, Worker};
use super::{DEFAULT_SETTING, IDENTITY_TYPE, MANAGED_IDENTITY};
use crate::names;
use crate::resource_id::{self, is_uuid};
use crate::service::{Service, Shell};
use crate::target::TargetKind;
use crate::form_kit::{Checked, Fields, FormField};
use crate::walkthrough::form::Plan;
use serde::{Deserialize, Serialize};

/// The bindings form as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindingsForm {
    pub function_app: String,
    pub resource_group: String,
    /// The Web PubSub resource name.
    pub service: String,
    pub hub: String,
    pub mode: ConnectionMode,
    /// The app setting name (connection string) or prefix (identity): `WebPubSubConnectionString`.
    pub setting_prefix: String,
    pub service_uri: String,
    pub credential: String,
    pub client_id: String,
    pub managed_identity_resource_id: String,
    pub worker: Worker,
    pub extension_version: String,
    pub shell: Shell,
}

impl Default for BindingsForm {
    fn default() -> Self {
        BindingsForm {
            function_app: "contoso-func".into(),
            resource_group: "contoso".into(),
            service: "contoso-webpubsub".into(),
            hub: "chat".into(),
            mode: ConnectionMode::ConnectionString,
            setting_prefix: DEFAULT_SETTING.into(),
            service_uri: String::new(),
            credential: String::new(),
            client_id: String::new(),
            managed_identity_resource_id: String::new(),
            worker: Worker::JavaScript,
            extension_version: String::new(),
            shell: Shell::Bash,
        }
    }
}

impl BindingsForm {
    /// A form prefilled from a walkthrough plan: its Web PubSub service and, when the target is a
    /// function app, that app.
    pub fn from_plan(plan: &Plan) -> BindingsForm {
        let mut f = BindingsForm::default();
        if plan.service == Service::WebPubSub {
            f.service = plan.service_name.clone();
            f.resource_group = plan.resource_group.clone();
        }
        if plan.target.kind == TargetKind::Site {
            f.function_app = plan.target.id.types[0].name.clone();
            f.resource_group = plan.target.id.resource_group.clone();
        }
        f
    }

    pub fn get(&self, field: Field) -> String {
        match field {
            Field::FunctionApp => self.function_app.clone(),
            Field::ResourceGroup => self.resource_group.clone(),
            Field::Service => self.service.clone(),
            Field::Hub => self.hub.clone(),
            Field::Mode => self.mode.slug().into(),
            Field::SettingPrefix => self.setting_prefix.clone(),
            Field::ServiceUri => self.service_uri.clone(),
            Field::Credential => self.credential.clone(),
            Field::ClientId => self.client_id.clone(),
            Field::ManagedIdentityResourceId => self.managed_identity_resource_id.clone(),
            Field::Worker => self.worker.slug().into(),
            Field::ExtensionVersion => self.extension_version.clone(),
            Field::Shell => self.shell.slug().into(),
        }
    }

    /// Sets a field from text; the choice fields ignore text that is not one of their slugs.
    pub fn set(&mut self, field: Field, value: String) {
        match field {
            Field::FunctionApp => self.function_app = value,
            Field::ResourceGroup => self.resource_group = value,
            Field::Service => self.service = value,
            Field::Hub => self.hub = value,
            Field::Mode => {
                if let Some(m) = ConnectionMode::from_slug(&value) {
                    self.mode = m
                }
            }
            Field::SettingPrefix => self.setting_prefix = value,
            Field::ServiceUri => self.service_uri = value,
            Field::Credential => self.credential = value,
            Field::ClientId => self.client_id = value,
            Field::ManagedIdentityResourceId => self.managed_identity_resource_id = value,
            Field::Worker => {
                if let Some(w) = Worker::from_slug(&value) {
                    self.worker = w
                }
            }
            Field::ExtensionVersion => self.extension_version = value,
            Field::Shell => {
                if let Some(s) = Shell::from_slug(&value) {
                    self.shell = s
                }
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    FunctionApp,
    ResourceGroup,
    Service,
    Hub,
    Mode,
    SettingPrefix,
    ServiceUri,
    Credential,
    ClientId,
    ManagedIdentityResourceId,
    Worker,
    ExtensionVersion,
    Shell,
}

impl FormField for Field {
    const ALL: &'static [Field] = &Field::ALL;
    /// The link's query parameter of each field (also the `name` of its input).
    fn param(self) -> &'static str {
        match self {
            Field::FunctionApp => "functionApp",
            Field::ResourceGroup => "resourceGroup",
            Field::Service => "service",
            Field::Hub => "hub",
            Field::Mode => "mode",
            Field::SettingPrefix => "setting",
            Field::ServiceUri => "serviceUri",
            Field::Credential => "credential",
            Field::ClientId => "clientId",
            Field::ManagedIdentityResourceId => "managedIdentityResourceId",
            Field::Worker => "worker",
            Field::ExtensionVersion => "extensionVersion",
            Field::Shell => "shell",
        }
    }
    fn label(self) -> &'static str {
        Field::label(self)
    }
}

impl Fields for BindingsForm {
    type Field = Field;
    fn get(&self, field: Field) -> String {
        BindingsForm::get(self, field)
    }
    fn set(&mut self, field: Field, value: String) {
        BindingsForm::set(self, field, value)
    }
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::FunctionApp,
        Field::ResourceGroup,
        Field::Service,
        Field::Hub,
        Field::Mode,
        Field::SettingPrefix,
        Field::ServiceUri,
        Field::Credential,
        Field::ClientId,
        Field::ManagedIdentityResourceId,
        Field::Worker,
        Field::ExtensionVersion,
        Field::Shell,
    ];

    /// The field's label, as the docs name the setting.
    pub fn label(self) -> &'static str {
        match self {
            Field::FunctionApp => "Function app",
            Field::ResourceGroup => "Resource group",
            Field::Service => "Web PubSub resource",
            Field::Hub => "Hub",
            Field::Mode => "Connection",
            Field::SettingPrefix => "Setting name (prefix)",
            Field::ServiceUri => "serviceUri",
            Field::Credential => "credential",
            Field::ClientId => "clientId",
            Field::ManagedIdentityResourceId => "managedIdentityResourceId",
            Field::Worker => "Language",
            Field::ExtensionVersion => "Extension version",
            Field::Shell => "Shell",
        }
    }
}

/// The outcome of checking a bindings form ([`Checked`], like the walkthrough's).
pub type BindingsCheck = Checked<Field, BindingsPlan>;

/// Hub names: a letter, then letters, digits and `_`, at most 128 characters.
fn check_hub(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("Enter the hub name the functions handle.".into());
    }
    if s.chars().count() > 128 {
        return Err("A hub name has at most 128 characters.".into());
    }
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("A hub name starts with a letter.".into());
    }
    if let Some(c) = s.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '_')) {
        return Err(format!("A hub name may contain letters, digits and '_'; '{}' is not allowed.", names::show_char(c)));
    }
    Ok(())
}

/// The setting name / prefix: an identifier, without `__` or `:` (they separate a prefix from its keys).
fn check_setting(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err(format!("Enter the app setting name; the extension's default is {DEFAULT_SETTING}."));
    }
    if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return Err("An app setting name starts with a letter or '_'.".into());
    }
    if let Some(c) = s.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '_')) {
        return Err(format!(
            "Use letters, digits and '_' in the setting name; '{}' is not allowed (':' and '__' separate the prefix from serviceUri, clientId…).",
            names::show_char(c)
        ));
    }
    if s.contains("__") || s.ends_with('_') {
        return Err("'__' separates the prefix from its keys (serviceUri, clientId…): the name cannot contain '__' or end with '_'.".into());
    }
    Ok(())
}

/// Validates `uri` as a Web PubSub endpoint for `service` (see the module doc for the rules).
fn check_service_uri(uri: &str, service: &str, c: &mut BindingsCheck) -> Option<String> {
    let lower = uri.to_ascii_lowercase();
    if lower.starts_with("http://") {
        c.error(Field::ServiceUri, "serviceUri must use https://.");
        return None;
    }
    let Some(rest) = lower.strip_prefix("https://") else {
        c.error(Field::ServiceUri, format!("serviceUri is the service's endpoint, like https://{service}.webpubsub.azure.com."));
        return None;
    };
    let host = rest.strip_suffix('/').unwrap_or(rest);
    if host.is_empty() || host.contains(['/', '?', '#', ':', '@']) {
        c.error(
            Field::ServiceUri,
            format!("serviceUri is just the endpoint's origin, like https://{service}.webpubsub.azure.com (no path, query or port)."),
        );
        return None;
    }
    if let Err(e) = crate::walkthrough::form::parse_fqdns(host) {
        c.error(Field::ServiceUri, e);
        return None;
    }
    match host.strip_suffix(".webpubsub.azure.com") {
        Some(name) if !name.eq_ignore_ascii_case(service) => {
            c.error(
                Field::ServiceUri,
                format!("serviceUri points at '{name}', but the Web PubSub resource is '{service}': the role is assigned on '{service}'."),
            );
            return None;
        }
        Some(_) => {}
        None => c.note(
            Field::ServiceUri,
            format!("'{host}' is not a *.webpubsub.azure.com endpoint: make sure it is a custom domain of '{service}'."),
        ),
    }
    Some(format!("https://{host}"))
}

pub fn check(form: &BindingsForm) -> BindingsCheck {
    let mut c = BindingsCheck::default();
    let app = form.function_app.trim();
    if let Err(e) = names::site(app) {
        c.error(Field::FunctionApp, e);
    }
    let rg = form.resource_group.trim();
    if let Err(e) = names::resource_group(rg) {
        c.error(Field::ResourceGroup, e);
    }
    let service = form.service.trim();
    if let Err(e) = names::service_name("Web PubSub resource name", service) {
        c.error(Field::Service, e);
    }
    let hub = form.hub.trim();
    if let Err(e) = check_hub(hub) {
        c.error(Field::Hub, e);
    }
    let setting = form.setting_prefix.trim();
    if let Err(e) = check_setting(setting) {
        c.error(Field::SettingPrefix, e);
    }

    let version_text = form.extension_version.trim();
    let version = if version_text.is_empty() {
        None
    } else {
        let v = parse_version(version_text);
        if v.is_none() {
            c.error(Field::ExtensionVersion, "Write the extension version as major.minor.patch, e.g. 1.10.1.");
        }
        v
    };
    let custom_name = setting != DEFAULT_SETTING;
    if let Some(v) = &version {
        if v.numbers == (1, 10, 0) {
            if custom_name {
                c.error(
                    Field::ExtensionVersion,
                    format!("1.10.0 fails every webhook call when a custom connection name ({setting}) is used without a default: use 1.10.1 or later."),
                );
            } else {
                c.note(Field::ExtensionVersion, "1.10.0 has a bug with custom connection names (fixed in 1.10.1): prefer 1.10.1 or later.");
            }
        }
    } else if version_text.is_empty() && custom_name {
        c.note(
            Field::ExtensionVersion,
            "With a custom setting name, make sure the extension is not 1.10.0 (extension bundles 4.33.x–4.34.x carry it): it fails every webhook call.",
        );
    }

    let ignored = |c: &mut BindingsCheck, field: Field, text: &str| {
        if !text.trim().is_empty() {
            c.note(field, "Ignored with a connection string (used only by identity-based connections).");
        }
    };
    let connection = match form.mode {
        ConnectionMode::ConnectionString => {
            ignored(&mut c, Field::ServiceUri, &form.service_uri);
            ignored(&mut c, Field::Credential, &form.credential);
            ignored(&mut c, Field::ClientId, &form.client_id);
            ignored(&mut c, Field::ManagedIdentityResourceId, &form.managed_identity_resource_id);
            Some(Connection::ConnectionString)
        }
        ConnectionMode::Identity => check_identity(form, service, version.as_ref(), &mut c),
    };

    if c.errors.is_empty() {
        if let Some(connection) = connection {
            c.plan = Some(BindingsPlan {
                function_app: app.into(),
                resource_group: rg.into(),
                service: service.into(),
                hub: hub.into(),
                setting: setting.into(),
                connection,
                worker: form.worker,
                extension_version: version,
                shell: form.shell,
            });
        }
    }
    c
}

fn check_identity(form: &BindingsForm, service: &str, version: Option<&Version>, c: &mut BindingsCheck) -> Option<Connection> {
    if form.worker == Worker::CsharpIsolated {
        c.error(
            Field::Mode,
            "The C# isolated worker model does not support identity-based Web PubSub connections: use a connection string (or JavaScript / Python).",
        );
    }
    if let Some(v) = version {
        if v.numbers < (1, 10, 0) {
            c.error(Field::ExtensionVersion, format!("Identity-based connections need extension 1.10.0 or later (1.10.1+ recommended); {} has none.", v.text));
        }
    }
    let uri_text = form.service_uri.trim();
    let service_uri = if uri_text.is_empty() {
        let uri = format!("https://{service}.webpubsub.azure.com");
        c.note(Field::ServiceUri, format!("Using {uri}, the endpoint of '{service}'."));
        Some(uri)
    } else {
        check_service_uri(uri_text, service, c)
    };

    let credential = form.credential.trim();
    let credential_set = if credential.is_empty() {
        false
    } else if credential.eq_ignore_ascii_case(MANAGED_IDENTITY) {
        true
    } else {
        c.error(Field::Credential, format!("credential takes only '{MANAGED_IDENTITY}' (or leave it empty for DefaultAzureCredential)."));
        false
    };

    let client_id = form.client_id.trim();
    if !client_id.is_empty() && !is_uuid(client_id) {
        c.error(Field::ClientId, "clientId is the identity's client ID, a GUID like 00000000-0000-0000-0000-000000000000 (az identity show --query clientId).");
    }
    let rid_text = form.managed_identity_resource_id.trim();
    let resource_id = if rid_text.is_empty() {
        None
    } else {
        match resource_id::parse(rid_text) {
            Err(e) => {
                c.error(Field::ManagedIdentityResourceId, e);
                None
            }
            Ok(p) if !p.id.is_type(IDENTITY_TYPE) => {
                c.error(
                    Field::ManagedIdentityResourceId,
                    format!("This is a {} ID; managedIdentityResourceId takes a user-assigned identity ({IDENTITY_TYPE}).", p.id.full_type()),
                );
                None
            }
            Ok(p) => {
                for r in p.repairs {
                    c.note(Field::ManagedIdentityResourceId, r);
                }
                Some(p.id.text)
            }
        }
    };
    if !client_id.is_empty() && !rid_text.is_empty() {
        let both = "Set clientId or managedIdentityResourceId, never both: each names the user-assigned identity.";
        c.error(Field::ClientId, both);
        c.error(Field::ManagedIdentityResourceId, both);
    }

    let identity = if !client_id.is_empty() {
        Identity::ClientId(client_id.to_ascii_lowercase())
    } else if let Some(id) = resource_id {
        Identity::ResourceId(id)
    } else if credential_set {
        Identity::SystemAssigned
    } else {
        c.note(
            Field::Credential,
            "Only serviceUri: the extension uses DefaultAzureCredential (the app's system-assigned identity in Azure, your az login locally).",
        );
        Identity::Default
    };
    if !credential_set && matches!(identity, Identity::ClientId(_) | Identity::ResourceId(_)) {
        c.note(Field::Credential, format!("Adding credential = {MANAGED_IDENTITY}, which a user-assigned identity needs."));
    }
    Some(Connection::Identity { service_uri: service_uri?, identity })
}
