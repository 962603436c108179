//! The app settings the extension reads: as an `az functionapp config appsettings set` command per
//! shell, as the portal's "Advanced edit" JSON, and as local.settings.json (where `:` replaces `__`,
//! and an identity-based connection is the developer's own: see [`BindingsPlan::local_settings`]).
//!
//! A connection string is a secret: the commands read it from the service's `listKeys` action (with
//! `az rest`, see [`key_show`]) into a variable (never echoed), and the JSON forms carry a placeholder to
//! replace.

use super::{BindingsPlan, Connection};
use crate::arm::world::put;
use crate::artifacts::Artifact;
use crate::json_text::{self, JsonStyle};
use crate::service::Shell;
use crate::shell::{bash, cmd, powershell, powershell_az};
use serde_json::{json, Map, Value};

/// What the JSON forms say instead of the secret.
pub(crate) fn placeholder(plan: &BindingsPlan) -> String {
    format!(
        "<connection string: az rest --method post --url {} --query primaryConnectionString --output tsv>",
        list_keys_url(plan)
    )
}

/// cmd quoting for values validation already limited to characters cmd can carry.
pub(crate) fn cq(s: &str) -> String {
    cmd::quote(s).unwrap_or_else(|| format!("\"{}\"", s.replace(['"', '%', '\n', '\r'], "")))
}

/// The service's `listKeys` action, relative to the cloud's Resource Manager endpoint, in the signed-in
/// subscription: `az rest` prefixes a URL without `://` with the cloud's `resource_manager` endpoint and
/// replaces `{subscriptionId}` with the current subscription (azure-cli 2.91.0
/// `src/azure-cli-core/azure/cli/core/util.py` `send_raw_request`).
pub(crate) fn list_keys_url(plan: &BindingsPlan) -> String {
    format!(
        "/subscriptions/{{subscriptionId}}/resourceGroups/{}/providers/Microsoft.SignalRService/webPubSub/{}/listKeys?api-version={}",
        plan.resource_group,
        plan.service,
        LIST_KEYS_API_VERSION.trim_matches('\'')
    )
}

/// The command that prints the service's primary connection string.
///
/// `az rest` on `listKeys` (Web PubSub "List Keys", `POST …/webPubSub/{name}/listKeys`, whose answer has
/// `primaryConnectionString`) rather than `az webpubsub key show`: `az webpubsub` is not part of the Azure
/// CLI but an extension (https://learn.microsoft.com/en-us/cli/azure/webpubsub: "part of the webpubsub
/// extension for the Azure CLI (version 2.56.0 or higher)", installed on first use; azure-cli 2.91.0 ships
/// `command_modules/signalr`, no `webpubsub`), so a plain az first fetches the extension index and installs
/// it (after a prompt by default), and fails where it cannot. `az rest` is core az: the same secret, no
/// install.
pub(crate) fn key_show(plan: &BindingsPlan, shell: Shell) -> String {
    let url = list_keys_url(plan);
    let url = match shell {
        Shell::Bash => bash::quote(&url),
        Shell::PowerShell | Shell::PowerShellAz => powershell::quote(&url),
        Shell::Cmd => cq(&url),
    };
    format!("az rest --method post --url {url} --query primaryConnectionString --output tsv")
}

/// The function app / service names quoted for `shell` (they share the resource group).
pub(crate) fn names(plan: &BindingsPlan, shell: Shell) -> (String, String) {
    match shell {
        Shell::Bash => (bash::quote(&plan.service), bash::quote(&plan.resource_group)),
        Shell::PowerShell | Shell::PowerShellAz => (powershell::quote(&plan.service), powershell::quote(&plan.resource_group)),
        Shell::Cmd => (cq(&plan.service), cq(&plan.resource_group)),
    }
}

pub(crate) fn app_args(plan: &BindingsPlan, shell: Shell) -> String {
    let (app, rg) = match shell {
        Shell::Bash => (bash::quote(&plan.function_app), bash::quote(&plan.resource_group)),
        Shell::PowerShell | Shell::PowerShellAz => (powershell::quote(&plan.function_app), powershell::quote(&plan.resource_group)),
        Shell::Cmd => (cq(&plan.function_app), cq(&plan.resource_group)),
    };
    format!("--name {app} --resource-group {rg}")
}

/// The app settings with the Az modules: `Update-AzFunctionAppSetting` (Az.Functions; `-AppSetting` takes a
/// hashtable, `-Force` skips the prompt: `src/Functions/help/Update-AzFunctionAppSetting.md` in
/// Azure/azure-powershell). The connection string comes from the service's `listKeys` action through
/// `Invoke-AzRestMethod` (the signed-in cloud and subscription), into a variable, never echoed.
fn command_az_module(plan: &BindingsPlan) -> String {
    let q = powershell_az::quote;
    let update = format!(
        "Update-AzFunctionAppSetting -Name {} -ResourceGroupName {} -Force -AppSetting",
        q(&plan.function_app),
        q(&plan.resource_group)
    );
    match &plan.connection {
        Connection::ConnectionString => format!(
            "$keysPath = '/subscriptions/' + (Get-AzContext).Subscription.Id + {} + {LIST_KEYS_API_VERSION}\n\
             $response = Invoke-AzRestMethod -Method POST -Path $keysPath\n\
             if ($response.StatusCode -ge 400) {{ throw \"ARM answered $($response.StatusCode): $($response.Content)\" }}\n\
             $connectionString = ($response.Content | ConvertFrom-Json).primaryConnectionString\n\
             {update} @{{ {} = $connectionString }} | Out-Null\n",
            q(&format!(
                "/resourceGroups/{}/providers/Microsoft.SignalRService/webPubSub/{}/listKeys?api-version=",
                plan.resource_group, plan.service
            )),
            q(&plan.setting),
        ),
        Connection::Identity { .. } => {
            let pairs: Vec<String> = plan
                .settings("__")
                .iter()
                .map(|(k, v)| format!("  {} = {}", q(k), q(v.as_deref().unwrap_or_default())))
                .collect();
            format!("{update} @{{\n{}\n}} | Out-Null\n", pairs.join("\n"))
        }
    }
}

/// The api-version of the `listKeys` call (GA for Microsoft.SignalRService/webPubSub).
const LIST_KEYS_API_VERSION: &str = "'2024-03-01'";

fn command(plan: &BindingsPlan, shell: Shell) -> String {
    if shell == Shell::PowerShellAz {
        return command_az_module(plan);
    }
    let args = app_args(plan, shell);
    let set = format!("az functionapp config appsettings set {args} --output none --settings");
    let settings = plan.settings("__");
    match (&plan.connection, shell) {
        (Connection::ConnectionString, Shell::Bash) => format!(
            "connection_string=$({})\naz functionapp config appsettings set {args} --output none \\\n  --settings {}=\"$connection_string\"\n",
            key_show(plan, shell),
            plan.setting
        ),
        (Connection::ConnectionString, Shell::PowerShell | Shell::PowerShellAz) => format!(
            "$connectionString = {}\n{set} \"{}=$connectionString\"\n",
            key_show(plan, shell),
            plan.setting
        ),
        (Connection::ConnectionString, Shell::Cmd) => format!(
            "for /f \"delims=\" %i in ('{}') do @set \"WPS_CONNECTION_STRING=%i\"\n{set} \"{}=%WPS_CONNECTION_STRING%\"\n",
            key_show(plan, shell),
            plan.setting
        ),
        (Connection::Identity { .. }, _) => {
            let pairs: Vec<String> = settings
                .iter()
                .map(|(k, v)| {
                    let kv = format!("{k}={}", v.as_deref().unwrap_or_default());
                    match shell {
                        Shell::Bash => bash::quote(&kv),
                        Shell::PowerShell | Shell::PowerShellAz => powershell::quote(&kv),
                        Shell::Cmd => cq(&kv),
                    }
                })
                .collect();
            match shell {
                Shell::Bash => format!("{set} \\\n  {}\n", pairs.join(" \\\n  ")),
                Shell::PowerShell | Shell::PowerShellAz => format!("{set} `\n  {}\n", pairs.join(" `\n  ")),
                Shell::Cmd => format!("{set} {}\n", pairs.join(" ")),
            }
        }
    }
}

pub(crate) fn app_settings(plan: &BindingsPlan) -> Artifact {
    let mut notes = if plan.shell == Shell::PowerShellAz {
        vec![
            "Update-AzFunctionAppSetting (Az.Functions, part of Az) adds or updates these settings and keeps the others; | Out-Null: it would otherwise print every app setting of the app, secrets included.".to_string(),
        ]
    } else {
        vec!["--output none: the command would otherwise print every app setting of the app, secrets included.".to_string()]
    };
    if !plan.is_identity() {
        notes.push(
            "The connection string is read from the service into a variable, so it never appears in your shell history."
                .into(),
        );
    } else {
        notes.push(format!(
            "The identity needs the {} role on '{}': see the role assignment command.",
            super::ROLE,
            plan.service
        ));
    }
    if plan.shell == Shell::PowerShell && powershell::needs_cmd_care(&plan.resource_group) {
        notes.push("The resource group name has characters az.cmd re-parses ( '(', ')', '&' ): if the command fails, run it from bash or Cloud Shell.".into());
    }
    Artifact {
        id: super::BindingsOutput::AppSettings.into(),
        title: "Set the app settings",
        language: plan.shell.language(),
        text: command(plan, plan.shell),
        notes,
    }
}

pub(crate) fn json_array(plan: &BindingsPlan) -> Value {
    let items: Vec<Value> = plan
        .settings("__")
        .into_iter()
        .map(|(name, value)| json!({"name": name, "value": value.unwrap_or_else(|| placeholder(plan)), "slotSetting": false}))
        .collect();
    Value::Array(items)
}

pub(crate) fn app_settings_json(plan: &BindingsPlan) -> Artifact {
    Artifact {
        id: super::BindingsOutput::AppSettingsJson.into(),
        title: "Or paste into the portal's Advanced edit",
        language: "json",
        text: format!("{}\n", json_text::write(&json_array(plan), JsonStyle::Pretty)),
        notes: vec![
            "Environment variables → App settings → Advanced edit shows every setting of the app: add these entries to the array, do not replace it.".into(),
        ],
    }
}

pub(crate) fn local_settings_value(plan: &BindingsPlan) -> Value {
    let mut values = Map::new();
    values.insert("AzureWebJobsStorage".into(), json!("UseDevelopmentStorage=true"));
    values.insert("FUNCTIONS_WORKER_RUNTIME".into(), json!(plan.worker.runtime()));
    for (name, value) in plan.local_settings() {
        values.insert(name, json!(value.unwrap_or_else(|| placeholder(plan))));
    }
    let mut v = json!({"IsEncrypted": false});
    // Nested with put(), not inside json! (which would copy it through serde's serializer).
    put(&mut v, "Values", Value::Object(values));
    v
}

pub(crate) fn local_settings(plan: &BindingsPlan) -> Artifact {
    let mut notes = vec![
        "local.settings.json writes ':' where App Service settings use '__' (WebPubSubConnectionString:serviceUri).".to_string(),
        "UseDevelopmentStorage=true needs the Azurite storage emulator running.".into(),
    ];
    if let Connection::Identity { identity, .. } = &plan.connection {
        let in_azure = match identity {
            super::Identity::Default => "the app's system-assigned identity",
            super::Identity::SystemAssigned => "the managed identity that credential names",
            super::Identity::ClientId(_) | super::Identity::ResourceId(_) => "the user-assigned identity the app settings name",
        };
        notes.push(format!(
            "On your machine there is no managed identity, so this file sets only serviceUri: the extension signs in as you \
             through DefaultAzureCredential (az login, Visual Studio or VS Code), while in Azure it uses {in_azure}. \
             credential, clientId and managedIdentityResourceId belong in the app settings only \
             (https://learn.microsoft.com/azure/azure-functions/functions-reference#local-development-with-identity-based-connections)."
        ));
        notes.push(format!(
            "Your own identity needs the {} role on '{}' too (Owner or Contributor manage the resource but cannot call it): \
             the role assignment command grants it.",
            super::ROLE,
            plan.service
        ));
    }
    Artifact {
        id: super::BindingsOutput::LocalSettings.into(),
        title: "local.settings.json",
        language: "json",
        text: format!("{}\n", json_text::write(&local_settings_value(plan), JsonStyle::Pretty)),
        notes,
    }
}
