//! The walkthrough in PowerShell with the Az modules (Windows PowerShell 5.1 and PowerShell 7), no az CLI:
//! nothing passes through `az.cmd`, so only PowerShell's own quoting applies ([`crate::shell::powershell_az`]).
//!
//! Sources (Azure/azure-powershell):
//! - `Invoke-AzRestMethod -Path` (`src/Accounts/Accounts/Rest/InvokeAzRestMethodCommand.cs`): the path is
//!   sent to `AzureEnvironment.Endpoint.ResourceManager` of the signed-in context
//!   (`CreateArmClient<AzureRestClient>(context, AzureEnvironment.Endpoint.ResourceManager, …)`; its help:
//!   "Hostname of Resource Manager should not be added"), so the commands work in every cloud.
//!   HTTP errors do not throw: the response carries `StatusCode` and `Content`, which the snippets check.
//!   `-Payload` is sent as `new StringContent(payload, Encoding.UTF8)` with `application/json; charset=utf-8`
//!   (`AzureRestOperations.BeginHttpMessagesAsyncWithFullResponse`, Microsoft.Azure.Internal.Common), so
//!   non-ASCII text in the request message arrives as written.
//! - `-WaitForCompletion` (same file; Az.Accounts 4.0.0, shipped in Az 13.0.0, November 2024: "Added Long
//!   Running Operation Support for Invoke-AzRest command", `ChangeLog.md`): after a 201/202 (or a PUT's
//!   200) it polls `Azure-AsyncOperation`, else `Location`, else the resource (`DeterminePollingUri`),
//!   honouring `Retry-After` (30 s without it); throws "Azure Service operation failed." on `Failed`; for a
//!   PUT it then GETs the resource and returns it (`DetermineFinalUri`: the original path), for a DELETE it
//!   returns nothing. The defaults are what this API needs, so neither `-PollFrom` nor `-FinalResultFrom`
//!   is passed (`-PollFrom` names a header and throws when the response lacks it). `Canceled` also ends
//!   the wait, so the snippets check the final `provisioningState` themselves.
//! - `Get-AzPrivateEndpointConnection -PrivateLinkResourceId` and `Approve-AzPrivateEndpointConnection
//!   -ResourceId` (Az.Network, `src/Network/Network/PrivateLinkService/PrivateEndpointConnection/`): the
//!   provider type and subscription come from the ID, and the generic provider serves every type in
//!   `PrivateLinkServiceProvider/ProviderConfiguration.cs`, which lists `Microsoft.Web/sites`,
//!   `Microsoft.KeyVault/vaults`, `Microsoft.Storage/storageAccounts` and `Microsoft.Network/privateLinkServices`
//!   — every target kind here, in another subscription too.

use super::powershell::approval_verdicts;
use super::{Ctx, Scripts, SlotApproval, APPROVAL_TRIES};
use crate::json_text::JsonStyle;
use crate::shell::powershell_az::{literal, path, quote};

pub(crate) struct PowerShellAz;

/// Throws unless `$response` (an `Invoke-AzRestMethod` result) is a 2xx.
const CHECK_RESPONSE: &str = "if ($response.StatusCode -ge 400) { throw \"ARM answered $($response.StatusCode): $($response.Content)\" }";

impl PowerShellAz {
    /// A deployment slot's connections live under the slot (`…/sites/{app}/slots/{slot}/privateEndpointConnections`),
    /// which the Az.Network cmdlets are not documented to reach: list and approve them with
    /// `Invoke-AzRestMethod` on the slot's own path, as the az CLI shells do with `az rest`.
    fn approve_slot(c: &Ctx, slot: &SlotApproval) -> String {
        format!(
            r#"$payload = {body}
$response = Invoke-AzRestMethod -Method GET -Path {conns}
{CHECK_RESPONSE}
$connections = @(($response.Content | ConvertFrom-Json).value)
$connections | Format-Table name, @{{ n = 'Status'; e = {{ $_.properties.privateLinkServiceConnectionState.status }} }}
$pending = @($connections | Where-Object {{ $_.properties.privateLinkServiceConnectionState.status -eq 'Pending' }})
if ($pending) {{
  foreach ($p in $pending) {{
    $response = Invoke-AzRestMethod -Method PUT -Path ($p.id + {query}) -Payload $payload
    {CHECK_RESPONSE}
    Write-Host "Approval sent for $($p.name) on slot {slot_name}."
  }}
}} else {{
  Write-Warning 'No pending connection on slot {slot_name} of {target} yet: wait a minute after the create step, then run this again.'
}}
"#,
            body = literal(&c.approve_body(JsonStyle::Pretty)),
            conns = path(&slot.connections_url),
            query = quote(&slot.query),
            slot_name = slot.name,
            target = c.target_name,
        )
    }
}

impl Scripts for PowerShellAz {
    /// create-pe.json as the az CLI PowerShell writes it (UTF-8 without a BOM in 5.1 and 7), from a
    /// single-quoted here-string, so the request message arrives literally.
    fn write_body(&self, c: &Ctx) -> String {
        format!(
            "$body = {}\n[System.IO.File]::WriteAllText((Join-Path (Get-Location).Path 'create-pe.json'), $body)\n",
            literal(&c.body_pretty())
        )
    }

    /// PUT and wait in one command. `ReadAllText` decodes UTF-8 in both editions (`Get-Content` in 5.1
    /// would read the file as ANSI).
    fn create(&self, c: &Ctx) -> String {
        format!(
            r#"$path = {path}
$payload = [System.IO.File]::ReadAllText((Join-Path (Get-Location).Path 'create-pe.json'))
try {{ $response = Invoke-AzRestMethod -Method PUT -Path $path -Payload $payload -WaitForCompletion }}
catch {{ throw "The operation failed: $($_.Exception.Message) Run the status command to see the error." }}
{CHECK_RESPONSE}
$state = ($response.Content | ConvertFrom-Json).properties.provisioningState
if ($state -ne 'Succeeded') {{ throw "The operation ended as ${{state}}: run the status command to see the error." }}
Write-Host 'Provisioned. Next: approve the connection on {target}.'
"#,
            path = path(&c.url),
            target = c.target_name,
        )
    }

    /// The create command already waited; this reads the state again (after Ctrl+C, or later).
    fn poll(&self, c: &Ctx) -> String {
        format!(
            r#"# The create command waits by itself (-WaitForCompletion). To check the state again:
$response = Invoke-AzRestMethod -Method GET -Path {path}
{CHECK_RESPONSE}
$state = ($response.Content | ConvertFrom-Json).properties.provisioningState
Write-Host "$(Get-Date -Format T) provisioningState: $state"
if ($state -in 'Failed', 'Canceled') {{ throw "The operation ended as ${{state}}: run the status command to see the error." }}
if ($state -ne 'Succeeded') {{ Write-Warning "Still ${{state}}: run this again in a minute." }}
else {{ Write-Host 'Provisioned. Next: approve the connection on {target}.' }}
"#,
            path = path(&c.url),
            target = c.target_name,
        )
    }

    /// Without `-WaitForCompletion` the PUT's response carries the header (`PSHttpResponse.Headers` is a
    /// `System.Net.Http.HttpResponseHeaders`: `GetValues`); `-Path` takes its path and signed query, so the
    /// same sign-in and cloud apply.
    fn poll_async(&self, c: &Ctx) -> String {
        format!(
            r#"# -WaitForCompletion polls this URL for you. To follow it yourself, send the PUT without it:
$response = Invoke-AzRestMethod -Method PUT -Path {path} -Payload ([System.IO.File]::ReadAllText((Join-Path (Get-Location).Path 'create-pe.json')))
{CHECK_RESPONSE}
if (-not $response.Headers.Contains('Azure-AsyncOperation')) {{ Write-Warning "No Azure-AsyncOperation header (HTTP $($response.StatusCode)): nothing to follow, run the poll command." }}
else {{
  $operation = ([System.Uri]@($response.Headers.GetValues('Azure-AsyncOperation'))[0]).PathAndQuery
  $done = $false
  foreach ($attempt in 1..{tries}) {{
    $op = (Invoke-AzRestMethod -Method GET -Path $operation).Content | ConvertFrom-Json
    Write-Host "$(Get-Date -Format T) operation status: $($op.status)"
    if ($op.status -eq 'Succeeded') {{ $done = $true; Write-Host 'The operation succeeded.'; break }}
    if ($op.status -in 'Failed', 'Canceled') {{ throw "The operation ended as $($op.status): $($op.error.code): $($op.error.message)" }}
    Start-Sleep -Seconds {seconds}
  }}
  if (-not $done) {{ throw "The operation is still $($op.status) after {minutes} minutes: run this again to keep waiting." }}
}}
"#,
            path = path(&c.url),
            tries = super::POLL_TRIES,
            seconds = super::POLL_SECONDS,
            minutes = super::POLL_TRIES * super::POLL_SECONDS / 60,
        )
    }

    fn approve(&self, c: &Ctx) -> String {
        if let Some(slot) = &c.slot {
            return PowerShellAz::approve_slot(c, slot);
        }
        format!(
            r#"$targetId = {target_id}
$connections = @(Get-AzPrivateEndpointConnection -PrivateLinkResourceId $targetId)
$connections | Format-Table Name, @{{ n = 'Status'; e = {{ $_.PrivateLinkServiceConnectionState.Status }} }}, @{{ n = 'Description'; e = {{ $_.PrivateLinkServiceConnectionState.Description }} }}
$pending = @($connections | Where-Object {{ $_.PrivateLinkServiceConnectionState.Status -eq 'Pending' }})
if ($pending) {{
  foreach ($p in $pending) {{
    Approve-AzPrivateEndpointConnection -ResourceId $p.Id -Description {description}
  }}
}} else {{
  Write-Warning 'No pending connection on {target} yet: wait a minute after the create step, then run this again.'
}}
"#,
            target_id = quote(&c.plan.target.id.text),
            description = quote(&c.description),
            target = c.target_name,
        )
    }

    /// Approval is no long-running operation of the SPLR: it reaches the service minutes later, so this
    /// one waits in a loop and ends with a verdict (`throw` stops a pasted block without closing the console).
    fn status(&self, c: &Ctx) -> String {
        format!(
            r#"$path = {path}
$approved = $false
foreach ($attempt in 1..{APPROVAL_TRIES}) {{
  $response = Invoke-AzRestMethod -Method GET -Path $path
  {CHECK_RESPONSE}
  $splr = $response.Content | ConvertFrom-Json
{verdicts}"#,
            path = path(&c.url),
            verdicts = approval_verdicts(&c.target_name),
        )
    }

    /// DELETE and wait; `-WaitForCompletion` returns nothing for a DELETE that it waited for, so the
    /// verdict comes from a GET afterwards (404: gone).
    fn delete(&self, c: &Ctx) -> String {
        format!(
            r#"$path = {path}
try {{ $response = Invoke-AzRestMethod -Method DELETE -Path $path -WaitForCompletion }}
catch {{ throw "The delete failed: $($_.Exception.Message)" }}
if ($response -and $response.StatusCode -ge 400) {{ throw "ARM answered $($response.StatusCode): $($response.Content)" }}
$check = Invoke-AzRestMethod -Method GET -Path $path
if ($check.StatusCode -eq 404) {{ Write-Host 'Deleted: the connection on {target} is removed too.' }}
else {{ Write-Warning "Still there (HTTP $($check.StatusCode)): run this again in a minute." }}
"#,
            path = path(&c.url),
            target = c.target_name,
        )
    }

    fn notes(&self, c: &Ctx, artifact: &str) -> Vec<String> {
        match artifact {
            "create" => vec![
                "Needs Az 13.0.0 or later (Az.Accounts 4.0.0 added -WaitForCompletion to Invoke-AzRestMethod); sign in with Connect-AzAccount and pick the subscription with Set-AzContext first.".into(),
            ],
            "approve" => {
                let mut notes = vec![
                    "Get-AzPrivateEndpointConnection and Approve-AzPrivateEndpointConnection come from Az.Network (part of Az); the connection's subscription is read from its ID.".to_string(),
                ];
                // azure-powershell#14436 (closed without a fix in the thread): listing a Web App's
                // connections failed with "Unable to deserialize the response".
                if c.plan.target.kind == crate::target::TargetKind::Site {
                    notes.push(format!(
                        "If Get-AzPrivateEndpointConnection fails on '{}' with \"Unable to deserialize the response\" (an Az.Network issue with Web App connections, azure-powershell#14436), approve the connection in the portal (Networking, Private endpoints) or with the PowerShell (az CLI) tab.",
                        c.target_name
                    ));
                }
                notes
            }
            _ => Vec::new(),
        }
    }
}
