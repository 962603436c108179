//! The walkthrough in Command Prompt (cmd.exe), written to be pasted at the prompt.
//!
//! - create-pe.json is one `echo` line whose JSON has cmd's special characters escaped as `\uXXXX`
//!   (see `json_text::JsonStyle::CmdSafe`), and is pure ASCII, so the console code page cannot change it.
//! - URLs and JMESPath queries are double-quoted; everything on a command line is a validated value.
//! - Pasted cmd has no usable loops, so waiting uses `az resource wait` with a JMESPath condition.

use super::{
    Ctx, Scripts, SlotApproval, APPROVAL_SECONDS, CONNECTIONS_TABLE, PENDING_IDS, POLL_SECONDS, SLOT_CONNECTIONS_TABLE,
    SLOT_PENDING_IDS,
};
use crate::json_text::JsonStyle;
use crate::shell::cmd::{quote, quoted};

pub(crate) struct Cmd;

/// Quotes a value that validation already limited to characters cmd can carry; should that ever not
/// hold, the characters cmd cannot carry are dropped rather than letting them run as commands.
fn q(s: &str) -> String {
    quote(s).unwrap_or_else(|| format!("\"{}\"", s.replace(['"', '%', '\n', '\r'], "")))
}

fn qq(s: &str) -> String {
    quoted(s).unwrap_or_else(|| format!("\"{}\"", s.replace(['"', '%', '\n', '\r'], "")))
}

const SHOW_STATE: &str = "{provisioningState: properties.provisioningState, status: properties.status}";

impl Cmd {
    fn target_args(c: &Ctx) -> String {
        format!("--id {}", q(&c.target_id))
    }

    fn wait(c: &Ctx, condition: &str, interval: u32) -> String {
        format!(
            "az resource wait --ids {} --api-version {} --custom {} --interval {interval} --timeout 1800",
            qq(&c.splr_id),
            c.plan.api_version.id,
            qq(condition)
        )
    }

    /// A deployment slot's connections, with az rest on the slot's own `privateEndpointConnections`;
    /// approve-pe.json is one `echo` line, like create-pe.json.
    fn approve_slot(c: &Ctx, slot: &SlotApproval) -> String {
        format!(
            ">approve-pe.json echo {body}\n\
             az rest --method get --url {url} --query {table} --output table\n\
             set \"CONN_ID=\"\n\
             for /f \"delims=\" %i in ('az rest --method get --url {url} --query {pending} --output tsv') do @(set \"CONN_ID=%i\" & az rest --method put --url \"%i{query}\" --body @approve-pe.json)\n\
             if not defined CONN_ID (echo No pending connection on slot {slot} of {target} yet: wait a minute after the create step, then run this again.)\n",
            body = c.approve_body(JsonStyle::CmdSafe),
            url = qq(&slot.connections_url),
            table = qq(SLOT_CONNECTIONS_TABLE),
            pending = qq(SLOT_PENDING_IDS),
            query = slot.query,
            slot = slot.name,
            target = c.target_name,
        )
    }

    fn show(c: &Ctx) -> String {
        format!("az rest --method get --url {} --query {} --output table", qq(&c.url), qq(SHOW_STATE))
    }
}

impl Scripts for Cmd {
    fn write_body(&self, c: &Ctx) -> String {
        format!(">create-pe.json echo {}\n", c.body_cmd())
    }

    fn create(&self, c: &Ctx) -> String {
        format!("az rest --method put --url {} --body @create-pe.json\n", qq(&c.url))
    }

    fn poll(&self, c: &Ctx) -> String {
        format!(
            "{}\n{}\n",
            Cmd::wait(c, "contains(['Succeeded', 'Failed', 'Canceled'], properties.provisioningState)", POLL_SECONDS),
            Cmd::show(c)
        )
    }

    fn poll_async(&self, _c: &Ctx) -> String {
        "rem Paste the Azure-AsyncOperation header of the create response (az rest --debug prints it) after ASYNC_URL=\n\
         set \"ASYNC_URL=PASTE-THE-Azure-AsyncOperation-URL-HERE\"\n\
         az rest --method get --url \"%ASYNC_URL%\" --query \"{status: status, error: error.message}\" --output table\n"
            .to_string()
    }

    fn approve(&self, c: &Ctx) -> String {
        if let Some(slot) = &c.slot {
            return Cmd::approve_slot(c, slot);
        }
        let args = Cmd::target_args(c);
        format!(
            "az network private-endpoint-connection list {args} --query {table} --output table\n\
             set \"CONN_ID=\"\n\
             for /f \"delims=\" %i in ('az network private-endpoint-connection list {args} --query {pending} --output tsv') do @(set \"CONN_ID=%i\" & az network private-endpoint-connection approve --id \"%i\" --description {description})\n\
             if not defined CONN_ID (echo No pending connection on {target} yet: wait a minute after the create step, then run this again.)\n",
            table = qq(CONNECTIONS_TABLE),
            pending = qq(PENDING_IDS),
            description = qq(&c.description),
            target = c.target_name,
        )
    }

    /// Waits, shows the state, then gives a verdict: Approved, or what to do and ERRORLEVEL 1
    /// (`cmd /c exit 1`, which leaves the prompt open). `properties.status` is one value, so az's tsv
    /// prints one line for `for /f`.
    fn status(&self, c: &Ctx) -> String {
        format!(
            "{}\n{}\n\
             set \"SPLR_STATUS=unknown\"\n\
             for /f \"delims=\" %i in ('az rest --method get --url {url} --query properties.status --output tsv') do @set \"SPLR_STATUS=%i\"\n\
             if \"%SPLR_STATUS%\"==\"Approved\" (echo Approved: calls to {target} now go through the shared private endpoint.) else (echo Not Approved: the status is %SPLR_STATUS%. If it is Rejected, Disconnected or Timeout, delete the shared private endpoint and create it again. If it is Pending, approve it on {target} and run this again. & cmd /c exit 1)\n",
            Cmd::wait(
                c,
                "properties.provisioningState=='Failed' || contains(['Approved', 'Rejected', 'Disconnected', 'Timeout'], properties.status)",
                APPROVAL_SECONDS
            ),
            Cmd::show(c),
            url = qq(&c.url),
            target = c.target_name,
        )
    }

    fn delete(&self, c: &Ctx) -> String {
        format!("az rest --method delete --url {}\n", qq(&c.url))
    }

    fn notes(&self, _c: &Ctx, artifact: &str) -> Vec<String> {
        match artifact {
            "create-pe.json" => vec![
                "cmd writes the file as one line and spells characters such as & % ( ) \" and non-ASCII text as \
                 \\uXXXX escapes: Azure reads exactly the same text."
                    .into(),
            ],
            "poll" => vec![
                "az resource wait returns when the state is final (or after 30 minutes); the last command shows it."
                    .into(),
            ],
            "status" => vec![
                "az resource wait returns when the state is final (or after 30 minutes); the table shows it and the \
                 last line says whether it is Approved (ERRORLEVEL 1 when it is not)."
                    .into(),
            ],
            "poll-async" => vec!["Run the az rest line again until status is Succeeded, Failed or Canceled.".into()],
            _ => Vec::new(),
        }
    }
}
