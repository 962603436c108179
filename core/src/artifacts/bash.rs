//! The walkthrough in bash. Values are single-quoted by `shell::bash::quote`; the body is written by a
//! quoted here-document (`<<'JSON'`), so nothing in it is expanded.

use super::{
    Ctx, Scripts, SlotApproval, APPROVAL_SECONDS, APPROVAL_TRIES, CONNECTIONS_TABLE, PENDING_IDS, POLL_SECONDS,
    POLL_TRIES, SLOT_CONNECTIONS_TABLE, SLOT_PENDING_IDS,
};
use crate::json_text::JsonStyle;
use crate::shell::bash::quote;

pub(crate) struct Bash;

impl Bash {
    fn target_args(c: &Ctx) -> String {
        format!("--id {}", quote(&c.target_id))
    }

    /// A deployment slot's connections, with az rest on the slot's own `privateEndpointConnections`.
    fn approve_slot(c: &Ctx, slot: &SlotApproval) -> String {
        format!(
            r#"cat > approve-pe.json <<'JSON'
{body}
JSON
conns={url}
az rest --method get --url "$conns" --query {table} --output table
conn_ids=$(az rest --method get --url "$conns" --query {pending} --output tsv)
if [ -n "$conn_ids" ]; then
  while IFS= read -r conn_id; do
    az rest --method put --url "$conn_id"{query} --body @approve-pe.json
  done <<< "$conn_ids"
else
  echo "No pending connection on slot {slot} of {target} yet: wait a minute after the create step, then run this again." >&2
fi
"#,
            body = c.approve_body(JsonStyle::Pretty),
            url = quote(&slot.connections_url),
            table = quote(SLOT_CONNECTIONS_TABLE),
            pending = quote(SLOT_PENDING_IDS),
            query = quote(&slot.query),
            slot = slot.name,
            target = c.target_name,
        )
    }
}

impl Scripts for Bash {
    fn write_body(&self, c: &Ctx) -> String {
        format!("cat > create-pe.json <<'JSON'\n{}\nJSON\n", c.body_pretty())
    }

    fn create(&self, c: &Ctx) -> String {
        format!("az rest --method put \\\n  --url {} \\\n  --body @create-pe.json\n", quote(&c.url))
    }

    /// Like [`Bash::status`]: a subshell whose `exit` is the verdict (0 Succeeded, 1 otherwise, the
    /// 30-minute timeout included), leaving the terminal it is pasted into open.
    fn poll(&self, c: &Ctx) -> String {
        format!(
            r#"url={url}
(
  for attempt in $(seq 1 {POLL_TRIES}); do
    state=$(az rest --method get --url "$url" --query properties.provisioningState --output tsv) \
      || {{ echo "Could not read the shared private endpoint: see the error above." >&2; exit 1; }}
    echo "$(date +%T) provisioningState: $state"
    case "$state" in
      Succeeded) echo "Provisioned. Next: approve the connection on {target}."; exit 0 ;;
      Failed|Canceled) echo "The operation ended as $state: run the status command to see the error." >&2; exit 1 ;;
    esac
    sleep {POLL_SECONDS}
  done
  echo "Still $state after {minutes} minutes: run this again to keep waiting." >&2
  exit 1
)
"#,
            url = quote(&c.url),
            target = c.target_name,
            minutes = POLL_TRIES * POLL_SECONDS / 60,
        )
    }

    fn poll_async(&self, _c: &Ctx) -> String {
        format!(
            r#"# Paste the Azure-AsyncOperation header of the create response (az rest --debug prints it):
async_url='PASTE-THE-Azure-AsyncOperation-URL-HERE'
case "$async_url" in
  https://*) (
    for attempt in $(seq 1 {POLL_TRIES}); do
      op_status=$(az rest --method get --url "$async_url" --query status --output tsv) || exit 1
      echo "$(date +%T) operation status: $op_status"
      case "$op_status" in
        Succeeded) echo "The operation succeeded."; exit 0 ;;
        Failed|Canceled)
          az rest --method get --url "$async_url" --query error >&2
          echo "The operation ended as $op_status: the error is above." >&2; exit 1 ;;
      esac
      sleep {POLL_SECONDS}
    done
    echo "The operation is still $op_status after {minutes} minutes: run this again to keep waiting." >&2
    exit 1
  ) ;;
  *) echo "First paste the Azure-AsyncOperation URL between the quotes of async_url." >&2 ;;
esac
"#,
            minutes = POLL_TRIES * POLL_SECONDS / 60,
        )
    }

    fn approve(&self, c: &Ctx) -> String {
        if let Some(slot) = &c.slot {
            return Bash::approve_slot(c, slot);
        }
        let args = Bash::target_args(c);
        format!(
            r#"az network private-endpoint-connection list {args} --query {table} --output table
if ! conn_ids=$(az network private-endpoint-connection list {args} --query {pending} --output tsv); then
  echo "Could not list the connections on {target}: see the error above." >&2
elif [ -n "$conn_ids" ]; then
  while IFS= read -r conn_id; do
    az network private-endpoint-connection approve --id "$conn_id" --description {description}
  done <<< "$conn_ids"
else
  echo "No pending connection on {target} yet: wait a minute after the create step, then run this again." >&2
fi
"#,
            table = quote(CONNECTIONS_TABLE),
            pending = quote(PENDING_IDS),
            description = quote(&c.description),
            target = c.target_name,
        )
    }

    /// Waits for Approved and ends with a verdict.
    ///
    /// - The query is a nested list: az's tsv output prints a flat list one value per line and a
    ///   nested one as one tab-separated row (knack `_TsvOutput`,
    ///   https://github.com/microsoft/knack/blob/main/knack/output.py), and `read` takes one line.
    /// - The loop runs in a subshell, so its `exit` sets `$?` (0 Approved, 1 otherwise) without
    ///   closing the terminal it is pasted into. `approval`, not `status`: zsh's `status` is read-only.
    fn status(&self, c: &Ctx) -> String {
        format!(
            r#"url={url}
(
  for attempt in $(seq 1 {APPROVAL_TRIES}); do
    line=$(az rest --method get --url "$url" --query '[[properties.provisioningState, properties.status]]' --output tsv) \
      || {{ echo "Could not read the shared private endpoint: see the error above." >&2; exit 1; }}
    read -r state approval <<< "$line"
    echo "$(date +%T) provisioningState: $state, status: $approval"
    if [ "$state" = Succeeded ] && [ "$approval" = Approved ]; then
      echo "Approved: calls to {target} now go through the shared private endpoint."; exit 0
    fi
    case "$approval" in
      Rejected|Disconnected|Timeout)
        echo "The connection is $approval: delete the shared private endpoint and create it again." >&2; exit 1 ;;
    esac
    [ "$state" = Failed ] && {{ echo "Provisioning failed: GET the resource to see the error." >&2; exit 1; }}
    sleep {APPROVAL_SECONDS}
  done
  echo "Not Approved after {minutes} minutes (provisioningState: $state, status: $approval): check the connection on {target}, approve it if it is Pending, then run this again." >&2
  exit 1
)
"#,
            url = quote(&c.url),
            target = c.target_name,
            minutes = APPROVAL_TRIES * APPROVAL_SECONDS / 60,
        )
    }

    fn delete(&self, c: &Ctx) -> String {
        format!("az rest --method delete --url {}\n", quote(&c.url))
    }

    fn notes(&self, _c: &Ctx, artifact: &str) -> Vec<String> {
        match artifact {
            // Git Bash (MSYS) rewrites arguments that start with `/` into Windows paths
            // (https://github.com/Azure/azure-cli/issues/14299).
            "create" | "poll" | "approve" | "status" | "delete" => vec![
                "In Git Bash on Windows, run export MSYS_NO_PATHCONV=1 first: Git Bash otherwise turns \
                 /subscriptions/… into C:/Program Files/Git/subscriptions/…."
                    .into(),
            ],
            _ => Vec::new(),
        }
    }
}
