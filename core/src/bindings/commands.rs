//! The two commands around the settings: the role assignment identity-based connections need
//! (Web PubSub Service Owner on the service), and the event handler URL with the extension's system
//! key, without which the service's validation calls get 401.
//!
//! The principal is looked up by object ID and passed with `--assignee-object-id`
//! `--assignee-principal-type ServicePrincipal`, which needs no Microsoft Graph permission. The
//! developer, who signs in locally, is found with `az ad signed-in-user show` (their own profile).

use super::settings::{app_args, cq, names};
use super::{BindingsPlan, Connection, Identity, ROLE};
use crate::artifacts::Artifact;
use crate::service::Shell;
use crate::shell::{bash, powershell, powershell_az};

/// The command that prints the principal (object) ID of the identity the extension uses.
fn principal_query(plan: &BindingsPlan, identity: &Identity, shell: Shell) -> String {
    let q = |s: &str| match shell {
        Shell::Bash => bash::quote(s),
        Shell::PowerShell | Shell::PowerShellAz => powershell::quote(s),
        Shell::Cmd => cq(s),
    };
    match identity {
        Identity::Default | Identity::SystemAssigned => format!(
            "az functionapp identity assign {} --query principalId --output tsv",
            app_args(plan, shell)
        ),
        Identity::ClientId(id) => {
            let query = format!("[?clientId=='{id}'].principalId | [0]");
            let query = match shell {
                Shell::Cmd => format!("\"{query}\""),
                _ => q(&query),
            };
            format!("az identity list --query {query} --output tsv")
        }
        Identity::ResourceId(id) => format!("az identity show --ids {} --query principalId --output tsv", q(id)),
    }
}

/// The command that prints the service's resource ID (the scope of the role assignment).
///
/// `az resource show` with the type and an explicit api-version rather than `az webpubsub show`: `az
/// webpubsub` is an Azure CLI *extension* (https://learn.microsoft.com/en-us/cli/azure/webpubsub), not in a
/// plain az, which installs it on first use (after a prompt by default) or fails where it cannot reach the
/// extension index. `az resource` is core az and prints the
/// same `id`; the explicit `--api-version` spares it the provider lookup it makes otherwise (azure-cli
/// `command_modules/resource/custom.py` `_ResourceUtils`). The form has no subscription, so the ID is read
/// rather than written out.
fn scope_query(plan: &BindingsPlan, shell: Shell) -> String {
    let (name, rg) = names(plan, shell);
    format!(
        "az resource show --resource-group {rg} --name {name} --resource-type Microsoft.SignalRService/webPubSub --api-version {SERVICE_API_VERSION} --query id --output tsv"
    )
}

/// The api-version `az resource show` reads the service with (GA for Microsoft.SignalRService/webPubSub).
const SERVICE_API_VERSION: &str = "2024-03-01";

/// The line that installs (or updates) the `webpubsub` az extension, before the hub command, which only the
/// extension has (`az webpubsub hub create`; https://learn.microsoft.com/en-us/cli/azure/webpubsub/hub).
/// `--upgrade` updates it when it is already there ("Update the extension if already installed, otherwise
/// just install the extension": azure-cli 2.91.0 `command_modules/extension/__init__.py`).
const EXTENSION_ADD: &str = "az extension add --name webpubsub --upgrade --output none";

pub(crate) fn role_assignment(plan: &BindingsPlan) -> Artifact {
    let shell = plan.shell;
    let Connection::Identity { identity, .. } = &plan.connection else {
        let comment = if shell == Shell::Cmd { "rem" } else { "#" };
        let line = "Connection string: no role assignment needed (the access key authorizes the calls).";
        // PowerShell (Az module) prints it: a block that is only a comment is valid PowerShell, but the
        // tree-sitter grammar the tests parse it with reports an empty program as an ERROR.
        let text = match shell {
            Shell::PowerShellAz => format!("Write-Host {}\n", powershell_az::quote(line)),
            _ => format!("{comment} {line}\n"),
        };
        return Artifact {
            id: super::BindingsOutput::RoleAssignment.into(),
            title: "Role assignment",
            language: shell.language(),
            text,
            notes: vec![format!("Identity-based connections need the {ROLE} role on the Web PubSub resource.")],
        };
    };
    if shell == Shell::PowerShellAz {
        return role_assignment_az_module(plan, identity);
    }
    let principal = principal_query(plan, identity, shell);
    let scope = scope_query(plan, shell);
    // Locally the extension signs in as the developer (see BindingsPlan::local_settings), who needs
    // the same role: `az ad signed-in-user show` prints the signed-in user's object ID.
    let me = "az ad signed-in-user show --query id --output tsv";
    let local = "Local development (func start) signs in as you: your own identity needs the role too.";
    let text = match shell {
        Shell::Bash => format!(
            "principal_id=$({principal})\n\
             scope=$({scope})\n\
             az role assignment create --assignee-object-id \"$principal_id\" --assignee-principal-type ServicePrincipal \\\n  --role {role} --scope \"$scope\"\n\
             # {local}\n\
             my_id=$({me})\n\
             az role assignment create --assignee-object-id \"$my_id\" --assignee-principal-type User \\\n  --role {role} --scope \"$scope\"\n",
            role = bash::quote(ROLE)
        ),
        Shell::PowerShell | Shell::PowerShellAz => format!(
            "$principalId = {principal}\n\
             $scope = {scope}\n\
             az role assignment create --assignee-object-id $principalId --assignee-principal-type ServicePrincipal `\n  --role {role} --scope $scope\n\
             # {local}\n\
             $myId = {me}\n\
             az role assignment create --assignee-object-id $myId --assignee-principal-type User `\n  --role {role} --scope $scope\n",
            role = powershell::quote(ROLE)
        ),
        Shell::Cmd => format!(
            "for /f \"delims=\" %i in ('{principal}') do @set \"PRINCIPAL_ID=%i\"\n\
             for /f \"delims=\" %i in ('{scope}') do @set \"SCOPE=%i\"\n\
             az role assignment create --assignee-object-id \"%PRINCIPAL_ID%\" --assignee-principal-type ServicePrincipal --role \"{ROLE}\" --scope \"%SCOPE%\"\n\
             rem {local}\n\
             for /f \"delims=\" %i in ('{me}') do @set \"MY_ID=%i\"\n\
             az role assignment create --assignee-object-id \"%MY_ID%\" --assignee-principal-type User --role \"{ROLE}\" --scope \"%SCOPE%\"\n"
        ),
    };
    let mut notes = vec![format!(
        "{ROLE} on '{}' lets the extension call the service and validate its webhook calls; role assignments take a few minutes to apply.",
        plan.service
    )];
    match identity {
        Identity::Default | Identity::SystemAssigned => notes.push(
            "az functionapp identity assign turns the app's system-assigned identity on (it does nothing if it is already on) and prints its principal ID.".into(),
        ),
        Identity::ClientId(_) | Identity::ResourceId(_) => notes.push(format!(
            "The user-assigned identity must also be attached to the app: az functionapp identity assign {} --identities <its resource ID>.",
            app_args(plan, Shell::Bash)
        )),
    }
    notes.push(
        "The last command gives you the role for local runs (az ad signed-in-user show needs a user sign-in; for a service principal, pass its object ID with --assignee-principal-type ServicePrincipal). Skip it if you never run the functions locally.".into(),
    );
    if matches!(identity, Identity::ClientId(_)) {
        notes.push("az identity list searches the current subscription: switch with az account set if the identity lives elsewhere.".into());
    }
    Artifact { id: super::BindingsOutput::RoleAssignment.into(), title: "Give the identity access to Web PubSub", language: shell.language(), text, notes }
}

/// `'/subscriptions/' + <the signed-in subscription> + '<rest>'` as a PowerShell expression.
fn in_current_subscription(rest: &str) -> String {
    format!("'/subscriptions/' + (Get-AzContext).Subscription.Id + {}", powershell_az::quote(rest))
}

/// The role assignment with the Az modules: `New-AzRoleAssignment -ObjectId -ObjectType -RoleDefinitionName
/// -Scope` (Az.Resources, `src/Resources/Resources/help/New-AzRoleAssignment.md`; with `-ObjectType` it
/// needs no Microsoft Graph look-up of the principal), the principal IDs read from ARM with
/// `Invoke-AzRestMethod`, and yours with `Get-AzADUser -SignedIn` (Az.Resources; the example of
/// `src/Accounts/Accounts/help/Invoke-AzRestMethod.md`).
fn role_assignment_az_module(plan: &BindingsPlan, identity: &Identity) -> Artifact {
    let q = powershell_az::quote;
    let principal = match identity {
        Identity::Default | Identity::SystemAssigned => format!(
            "$response = Invoke-AzRestMethod -Method GET -Path ({})\n\
             if ($response.StatusCode -ge 400) {{ throw \"ARM answered $($response.StatusCode): $($response.Content)\" }}\n\
             $principalId = ($response.Content | ConvertFrom-Json).identity.principalId\n\
             if (-not $principalId) {{ throw 'The app has no system-assigned identity: turn it on (Identity, System assigned, On), then run this again.' }}\n",
            in_current_subscription(&format!(
                "/resourceGroups/{}/providers/Microsoft.Web/sites/{}?api-version={WEB_API_VERSION}",
                plan.resource_group, plan.function_app
            ))
        ),
        Identity::ClientId(id) => format!(
            "$response = Invoke-AzRestMethod -Method GET -Path ({})\n\
             if ($response.StatusCode -ge 400) {{ throw \"ARM answered $($response.StatusCode): $($response.Content)\" }}\n\
             $principalId = @(($response.Content | ConvertFrom-Json).value | Where-Object {{ $_.properties.clientId -eq {} }})[0].properties.principalId\n\
             if (-not $principalId) {{ throw 'No user-assigned identity with that client ID in this subscription: switch with Set-AzContext if it lives elsewhere.' }}\n",
            in_current_subscription(&format!(
                "/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version={IDENTITY_API_VERSION}"
            )),
            q(id)
        ),
        Identity::ResourceId(id) => format!(
            "$response = Invoke-AzRestMethod -Method GET -Path {}\n\
             if ($response.StatusCode -ge 400) {{ throw \"ARM answered $($response.StatusCode): $($response.Content)\" }}\n\
             $principalId = ($response.Content | ConvertFrom-Json).properties.principalId\n",
            q(&format!("{id}?api-version={IDENTITY_API_VERSION}"))
        ),
    };
    let scope = in_current_subscription(&format!(
        "/resourceGroups/{}/providers/Microsoft.SignalRService/webPubSub/{}",
        plan.resource_group, plan.service
    ));
    let role = q(ROLE);
    let text = format!(
        "{principal}\
         $scope = {scope}\n\
         New-AzRoleAssignment -ObjectId $principalId -ObjectType ServicePrincipal -RoleDefinitionName {role} -Scope $scope\n\
         # Local development (func start) signs in as you: your own identity needs the role too.\n\
         $myId = (Get-AzADUser -SignedIn).Id\n\
         New-AzRoleAssignment -ObjectId $myId -ObjectType User -RoleDefinitionName {role} -Scope $scope\n"
    );
    let mut notes = vec![format!(
        "{ROLE} on '{}' lets the extension call the service and validate its webhook calls; role assignments take a few minutes to apply.",
        plan.service
    )];
    notes.push(match identity {
        Identity::Default | Identity::SystemAssigned => "The app's system-assigned identity must be on: this reads its principal ID and stops if there is none.".into(),
        Identity::ClientId(_) | Identity::ResourceId(_) => "The user-assigned identity must also be attached to the app (Identity, User assigned, Add).".into(),
    });
    notes.push("The scope is in the subscription you are signed in to (Get-AzContext); switch with Set-AzContext first. Get-AzADUser -SignedIn needs a user sign-in: skip the last two lines if you never run the functions locally.".into());
    Artifact { id: super::BindingsOutput::RoleAssignment.into(), title: "Give the identity access to Web PubSub", language: Shell::PowerShellAz.language(), text, notes }
}

/// api-versions of the reads above (GA: Microsoft.Web 2023-12-01, Microsoft.ManagedIdentity 2023-01-31).
const WEB_API_VERSION: &str = "2023-12-01";
const IDENTITY_API_VERSION: &str = "2023-01-31";

/// The event handler with the Az modules, all through `Invoke-AzRestMethod`: the app's host keys
/// (`POST …/sites/{app}/host/default/listkeys`, Web Apps "List Host Keys", whose `systemKeys` hold
/// `webpubsub_extension`) and the hub (`PUT …/webPubSub/{service}/hubs/{hub}`, Web PubSub Hubs "Create Or
/// Update", a long-running operation: `-WaitForCompletion`), the body from `ConvertTo-Json` of a hashtable
/// (so the key is never spliced into JSON text by hand).
fn event_handler_url_az_module(plan: &BindingsPlan) -> String {
    let q = powershell_az::quote;
    let keys = in_current_subscription(&format!(
        "/resourceGroups/{}/providers/Microsoft.Web/sites/{}/host/default/listkeys?api-version={WEB_API_VERSION}",
        plan.resource_group, plan.function_app
    ));
    let hub = in_current_subscription(&format!(
        "/resourceGroups/{}/providers/Microsoft.SignalRService/webPubSub/{}/hubs/{}?api-version={HUB_API_VERSION}",
        plan.resource_group, plan.service, plan.hub
    ));
    let webhook = plan.webhook_url();
    format!(
        "# Event handler URL: {webhook}?code=<webpubsub_extension system key>\n\
         $response = Invoke-AzRestMethod -Method POST -Path ({keys})\n\
         if ($response.StatusCode -ge 400) {{ throw \"ARM answered $($response.StatusCode): $($response.Content)\" }}\n\
         $code = ($response.Content | ConvertFrom-Json).systemKeys.webpubsub_extension\n\
         if (-not $code) {{ throw 'No webpubsub_extension system key yet: deploy a function with a Web PubSub trigger and start the app first.' }}\n\
         $url = {webhook_q} + '?code=' + $code\n\
         $url\n\
         # Point the hub at it (this PUT sets the hub's event handlers: add the others it already has to eventHandlers):\n\
         $hubBody = @{{ properties = @{{ eventHandlers = @(@{{ urlTemplate = $url; userEventPattern = '*' }}) }} }} | ConvertTo-Json -Depth 5\n\
         try {{ $response = Invoke-AzRestMethod -Method PUT -Path ({hub}) -Payload $hubBody -WaitForCompletion }}\n\
         catch {{ throw \"The hub update failed: $($_.Exception.Message)\" }}\n\
         if ($response.StatusCode -ge 400) {{ throw \"ARM answered $($response.StatusCode): $($response.Content)\" }}\n",
        webhook_q = q(&webhook),
    )
}

/// The api-version of the hub PUT (GA for Microsoft.SignalRService/webPubSub/hubs).
const HUB_API_VERSION: &str = "2024-03-01";

pub(crate) fn event_handler_url(plan: &BindingsPlan) -> Artifact {
    let shell = plan.shell;
    let keys = format!(
        "az functionapp keys list {} --query systemKeys.webpubsub_extension --output tsv",
        app_args(plan, shell)
    );
    let webhook = plan.webhook_url();
    let (svc, rg) = names(plan, shell);
    let hub = &plan.hub;
    let text = match shell {
        Shell::PowerShellAz => event_handler_url_az_module(plan),
        Shell::Bash => format!(
            "# Event handler URL: {webhook}?code=<webpubsub_extension system key>\n\
             code=$({keys})\n\
             url=\"{webhook}?code=$code\"\n\
             echo \"$url\"\n\
             # Point the hub at it (use 'az webpubsub hub update' when the hub already exists); az webpubsub is an az extension:\n\
             {EXTENSION_ADD}\n\
             az webpubsub hub create --name {svc} --resource-group {rg} --hub-name {hub} \\\n  --event-handler url-template=\"$url\" user-event-pattern='*'\n"
        ),
        Shell::PowerShell => format!(
            "# Event handler URL: {webhook}?code=<webpubsub_extension system key>\n\
             $code = {keys}\n\
             $url = \"{webhook}?code=$code\"\n\
             $url\n\
             # Point the hub at it (use 'az webpubsub hub update' when the hub already exists); az webpubsub is an az extension:\n\
             {EXTENSION_ADD}\n\
             az webpubsub hub create --name {svc} --resource-group {rg} --hub-name {hub} `\n  --event-handler \"url-template=$url\" 'user-event-pattern=*'\n"
        ),
        Shell::Cmd => format!(
            "rem Event handler URL: {webhook}?code= followed by the webpubsub_extension system key\n\
             for /f \"delims=\" %i in ('{keys}') do @set \"WPS_CODE=%i\"\n\
             echo {webhook}?code=%WPS_CODE%\n\
             rem Point the hub at it (use az webpubsub hub update when the hub already exists); az webpubsub is an az extension:\n\
             {EXTENSION_ADD}\n\
             az webpubsub hub create --name {svc} --resource-group {rg} --hub-name {hub} --event-handler \"url-template={webhook}?code=%WPS_CODE%\" \"user-event-pattern=*\"\n"
        ),
    };
    let notes: Vec<String> = vec![
        "Without ?code=<webpubsub_extension key> the service's validation request gets 401 and the event handler is rejected.".into(),
        "The webpubsub_extension system key exists once a function with a Web PubSub trigger is deployed and the host has started.".into(),
        "With a shared private endpoint to the app, keep the public *.azurewebsites.net host name: the service resolves it to the private endpoint.".into(),
    ];
    Artifact { id: super::BindingsOutput::EventHandlerUrl.into(), title: "Event handler URL", language: shell.language(), text, notes }
}

