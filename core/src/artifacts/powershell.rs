//! The walkthrough in PowerShell (Windows PowerShell 5.1 and PowerShell 7).
//!
//! - create-pe.json is written with `[IO.File]::WriteAllText`, which writes UTF-8 without a BOM in both
//!   editions (`Out-File -Encoding utf8` in 5.1 adds a BOM that az rejects).
//! - `'@create-pe.json'` is quoted: a bare `@` is PowerShell's splatting operator.
//! - The Azure-AsyncOperation URL carries `&`, which `az.cmd` would split on; it is fetched with
//!   `Invoke-RestMethod` instead, which no second parser sees. Its token comes from
//!   `az account get-access-token` without `--resource`: az then asks for the Resource Manager of the
//!   cloud it is logged in to (`Profile.get_raw_token`,
//!   <https://github.com/Azure/azure-cli/blob/dev/src/azure-cli-core/azure/cli/core/_profile.py>), the
//!   cloud whose Resource Manager wrote that URL.

use super::{
    Ctx, Scripts, SlotApproval, APPROVAL_SECONDS, APPROVAL_TRIES, CONNECTIONS_TABLE, PENDING_IDS, POLL_SECONDS,
    POLL_TRIES, SLOT_CONNECTIONS_TABLE, SLOT_PENDING_IDS,
};
use crate::json_text::JsonStyle;
use crate::shell::powershell::{needs_cmd_care, quote, url};

pub(crate) struct PowerShell;

impl PowerShell {
    fn target_args(c: &Ctx) -> String {
        format!("--id {}", quote(&c.target_id))
    }

    /// A deployment slot's connections, with az rest on the slot's own `privateEndpointConnections`;
    /// the body goes in a file like create-pe.json (no JSON quotes on a native command line). The
    /// connection ID's parentheses are encoded as [`url`] does, for az.cmd.
    fn approve_slot(c: &Ctx, slot: &SlotApproval) -> String {
        format!(
            r#"$body = @'
{body}
'@
[System.IO.File]::WriteAllText((Join-Path (Get-Location).Path 'approve-pe.json'), $body)
$conns = {url}
az rest --method get --url $conns --query {table} --output table
$connIds = @(az rest --method get --url $conns --query {pending} --output tsv)
if ($connIds) {{
  foreach ($connId in $connIds) {{
    az rest --method put --url ($connId.Replace('(', '%28').Replace(')', '%29') + {query}) --body '@approve-pe.json'
  }}
}} else {{
  Write-Warning 'No pending connection on slot {slot} of {target} yet: wait a minute after the create step, then run this again.'
}}
"#,
            body = c.approve_body(JsonStyle::Pretty),
            url = url(&slot.connections_url),
            table = quote(SLOT_CONNECTIONS_TABLE),
            pending = quote(SLOT_PENDING_IDS),
            query = quote(&slot.query),
            slot = slot.name,
            target = c.target_name,
        )
    }
}

impl Scripts for PowerShell {
    fn write_body(&self, c: &Ctx) -> String {
        format!(
            "$body = @'\n{}\n'@\n[System.IO.File]::WriteAllText((Join-Path (Get-Location).Path 'create-pe.json'), $body)\n",
            c.body_pretty()
        )
    }

    fn create(&self, c: &Ctx) -> String {
        format!("az rest --method put `\n  --url {} `\n  --body '@create-pe.json'\n", url(&c.url))
    }

    /// Ends with a verdict like [`PowerShell::status`]: success, or `throw`.
    fn poll(&self, c: &Ctx) -> String {
        format!(
            r#"$url = {url}
$done = $false
foreach ($attempt in 1..{POLL_TRIES}) {{
  $state = az rest --method get --url $url --query properties.provisioningState --output tsv
  if ($LASTEXITCODE -ne 0) {{ throw 'Could not read the shared private endpoint: see the error above.' }}
  Write-Host "$(Get-Date -Format T) provisioningState: $state"
  if ($state -eq 'Succeeded') {{ $done = $true; Write-Host 'Provisioned. Next: approve the connection on {target}.'; break }}
  if ($state -in 'Failed', 'Canceled') {{ throw "The operation ended as ${{state}}: run the status command to see the error." }}
  Start-Sleep -Seconds {POLL_SECONDS}
}}
if (-not $done) {{ throw "Still $state after {minutes} minutes: run this again to keep waiting." }}
"#,
            url = url(&c.url),
            target = c.target_name,
            minutes = POLL_TRIES * POLL_SECONDS / 60,
        )
    }

    fn poll_async(&self, _c: &Ctx) -> String {
        format!(
            r#"# Paste the Azure-AsyncOperation header of the create response (az rest --debug prints it):
$asyncUrl = 'PASTE-THE-Azure-AsyncOperation-URL-HERE'
if ($asyncUrl -notlike 'https://*') {{ Write-Warning 'First paste the Azure-AsyncOperation URL between the quotes of $asyncUrl.' }}
else {{
  $token = az account get-access-token --query accessToken --output tsv
  $done = $false
  foreach ($attempt in 1..{POLL_TRIES}) {{
    $op = Invoke-RestMethod -Uri $asyncUrl -Headers @{{ Authorization = "Bearer $token" }}
    Write-Host "$(Get-Date -Format T) operation status: $($op.status)"
    if ($op.status -eq 'Succeeded') {{ $done = $true; Write-Host 'The operation succeeded.'; break }}
    if ($op.status -in 'Failed', 'Canceled') {{ throw "The operation ended as $($op.status): $($op.error.code): $($op.error.message)" }}
    Start-Sleep -Seconds {POLL_SECONDS}
  }}
  if (-not $done) {{ throw "The operation is still $($op.status) after {minutes} minutes: run this again to keep waiting." }}
}}
"#,
            minutes = POLL_TRIES * POLL_SECONDS / 60,
        )
    }

    fn approve(&self, c: &Ctx) -> String {
        if let Some(slot) = &c.slot {
            return PowerShell::approve_slot(c, slot);
        }
        let args = PowerShell::target_args(c);
        format!(
            r#"az network private-endpoint-connection list {args} --query {table} --output table
$connIds = @(az network private-endpoint-connection list {args} --query {pending} --output tsv)
if ($LASTEXITCODE) {{
  throw 'Could not list the connections on {target}: see the error above.'
}} elseif ($connIds) {{
  foreach ($connId in $connIds) {{
    az network private-endpoint-connection approve --id $connId --description {description}
  }}
}} else {{
  Write-Warning 'No pending connection on {target} yet: wait a minute after the create step, then run this again.'
}}
"#,
            table = quote(CONNECTIONS_TABLE),
            pending = quote(PENDING_IDS),
            description = quote(&c.description),
            target = c.target_name,
        )
    }

    /// Waits for Approved and ends with a verdict: `throw` for every other ending, which stops a
    /// pasted block and sets `$?` without closing the console (`exit` would close it).
    fn status(&self, c: &Ctx) -> String {
        format!(
            r#"$url = {url}
$approved = $false
foreach ($attempt in 1..{APPROVAL_TRIES}) {{
  $splr = az rest --method get --url $url | ConvertFrom-Json
  if ($LASTEXITCODE -ne 0) {{ throw 'Could not read the shared private endpoint: see the error above.' }}
{verdicts}"#,
            url = url(&c.url),
            verdicts = approval_verdicts(&c.target_name),
        )
    }

    fn delete(&self, c: &Ctx) -> String {
        format!("az rest --method delete --url {}\n", url(&c.url))
    }

    fn notes(&self, c: &Ctx, artifact: &str) -> Vec<String> {
        let mut notes = Vec::new();
        if artifact == "approve" && needs_cmd_care(&c.target_rg) {
            notes.push(format!(
                "On Windows, az runs through az.cmd, which misreads the parentheses in '{}' when PowerShell passes \
                 them unquoted. If the command fails there, run it from bash (Cloud Shell) or write the --id \
                 argument as '\"{}\"'.",
                c.target_rg, c.target_id
            ));
        }
        notes
    }
}

/// The end of both PowerShell shells' "wait until Approved" loop, after the SPLR is read into `$splr`:
/// the verdict per state, and a `throw` for every ending but Approved (it stops a pasted block without
/// closing the console).
pub(super) fn approval_verdicts(target: &str) -> String {
    format!(
        r#"  $state = $splr.properties.provisioningState; $status = $splr.properties.status
  Write-Host "$(Get-Date -Format T) provisioningState: $state, status: $status"
  if ($state -eq 'Succeeded' -and $status -eq 'Approved') {{ $approved = $true; Write-Host 'Approved: calls to {target} now go through the shared private endpoint.'; break }}
  if ($status -in 'Rejected', 'Disconnected', 'Timeout') {{ throw "The connection is ${{status}}: delete the shared private endpoint and create it again." }}
  if ($state -eq 'Failed') {{ throw 'Provisioning failed: GET the resource to see the error.' }}
  Start-Sleep -Seconds {APPROVAL_SECONDS}
}}
if (-not $approved) {{ throw "Not Approved after {minutes} minutes (provisioningState: $state, status: ${{status}}): check the connection on {target}, approve it if it is Pending, then run this again." }}
"#,
        minutes = APPROVAL_TRIES * APPROVAL_SECONDS / 60,
    )
}
