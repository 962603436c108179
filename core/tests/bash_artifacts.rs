//! Every generated bash artifact, run by real bash with a stub `az` (and `sleep`) first on PATH.
//! The stub records each call's argv; the tests assert the exact argv and the exact create-pe.json
//! written, including request messages built to break quoting, which must arrive literally and run
//! nothing.

#[path = "support/az_cli.rs"]
mod az_cli;

use serde_json::{json, Value};
use splr_core::artifacts::artifact;
use splr_core::form::{check, Form, Plan};
use splr_core::scenario::Scenario;
use splr_core::service::Shell;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

/// The stub records each call's argv and answers `--output tsv` the way az would: from the ARM
/// documents the test gives (one per successive `az rest --method get`, the last one repeated; the
/// connection list for `private-endpoint-connection list`), with the query evaluated and printed by
/// `az_cli` (knack's tsv rule) ahead of the run. A tsv query it has no answer for fails the run.
const STUB_AZ: &str = r#"#!/usr/bin/env bash
n=$(( $(ls "$STUB_DIR/calls" | wc -l) + 1 ))
printf '%s\0' "$@" > "$STUB_DIR/calls/$(printf %03d "$n")"
query='' output=json prev=''
for a in "$@"; do
  case "$prev" in --query) query=$a ;; --output) output=$a ;; esac
  prev=$a
done
case "$*" in
  "rest --method get"*)
    i=$(cat "$STUB_DIR/get-count" 2>/dev/null || echo 0); echo $((i + 1)) > "$STUB_DIR/get-count"
    dir="$STUB_DIR/answers/get" ;;
  *"private-endpoint-connection list"*) i=0; dir="$STUB_DIR/answers/list" ;;
  *) exit 0 ;;
esac
doc="$dir/$(printf %03d "$i")"
[ -d "$doc" ] || doc="$dir/$(ls "$dir" 2>/dev/null | sort | tail -n 1)"
[ -f "$doc/fail" ] && { cat "$doc/fail" >&2; exit 1; }
[ "$output" = tsv ] || exit 0
for f in "$doc"/*.query; do
  if [ -f "$f" ] && [ "$(cat "$f")" = "$query" ]; then cat "${f%.query}.tsv"; exit 0; fi
done
echo "stub az: no answer modelled for --query $query" >&2
exit 2
"#;

/// What Azure answers: the SPLR (or operation) documents of successive GETs, and the target's
/// private endpoint connections.
#[derive(Default)]
struct Azure {
    gets: Vec<Value>,
    connections: Vec<Value>,
    /// Every `private-endpoint-connection list` fails with this error (no rights on the target, say).
    list_fails: Option<&'static str>,
}

/// A GET that az reports as failed (exit 1, the message on stderr).
fn failed(error: &str) -> Value {
    json!({"$fail": error})
}

/// A shared private link resource as ARM returns it (`status` omitted when `None`).
fn splr(state: &str, status: Option<&str>) -> Value {
    let mut v = json!({"properties": {"provisioningState": state}});
    if let Some(s) = status {
        v["properties"]["status"] = json!(s);
    }
    v
}

fn connection(id: &str, status: &str) -> Value {
    json!({"id": id, "name": id.rsplit('/').next().unwrap(), "properties": {"privateLinkServiceConnectionState": {"status": status}}})
}

/// The values of every `--query` in a bash script (single-quoted, backslash-escaped or bare words).
fn bash_queries(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in script.match_indices("--query ") {
        let mut chars = script[at + "--query ".len()..].chars();
        let mut word = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\'' => word.extend(chars.by_ref().take_while(|c| *c != '\'')),
                '\\' => word.extend(chars.next()),
                c if c.is_whitespace() || ";|)".contains(c) => break,
                c => word.push(c),
            }
        }
        out.push(word);
    }
    out.sort();
    out.dedup();
    out
}

fn write_answers(dir: &std::path::Path, docs: &[Value], queries: &[String]) {
    for (i, doc) in docs.iter().enumerate() {
        let d = dir.join(format!("{i:03}"));
        fs::create_dir_all(&d).unwrap();
        if let Some(error) = doc.get("$fail").and_then(Value::as_str) {
            fs::write(d.join("fail"), format!("ERROR: {error}\n")).unwrap();
            continue;
        }
        for (k, q) in queries.iter().enumerate() {
            if let Some(result) = az_cli::jmes(q, doc) {
                fs::write(d.join(format!("{k}.query")), q).unwrap();
                fs::write(d.join(format!("{k}.tsv")), az_cli::tsv(&result)).unwrap();
            }
        }
    }
}

struct Run {
    calls: Vec<Vec<String>>,
    stdout: String,
    stderr: String,
    code: Option<i32>,
    dir: tempfile::TempDir,
}

/// Runs `script` in bash against the stub; it must succeed.
fn run_bash(script: &str, azure: &Azure) -> Run {
    let run = run_bash_status(script, azure);
    assert_eq!(run.code, Some(0), "bash failed: {}", run.stderr);
    run
}

/// Runs `script` in bash against the stub, whatever its exit status.
fn run_bash_status(script: &str, azure: &Azure) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    fs::create_dir_all(dir.path().join("calls")).unwrap();
    fs::create_dir_all(&bin).unwrap();
    for (name, text) in [("az", STUB_AZ), ("sleep", "#!/bin/sh\nexit 0\n")] {
        let p = bin.join(name);
        fs::write(&p, text).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let queries = bash_queries(script);
    write_answers(&dir.path().join("answers/get"), &azure.gets, &queries);
    let list = match azure.list_fails {
        Some(error) => failed(error),
        None => Value::Array(azure.connections.clone()),
    };
    write_answers(&dir.path().join("answers/list"), &[list], &queries);
    let work = dir.path().join("work");
    fs::create_dir_all(&work).unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(&work)
        .env("PATH", format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()))
        .env("STUB_DIR", dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("stub az: no answer"), "{stderr}");
    let mut names: Vec<_> = fs::read_dir(dir.path().join("calls")).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let calls = names
        .iter()
        .map(|p| {
            let raw = fs::read(p).unwrap();
            let text = String::from_utf8(raw).unwrap();
            text.split_terminator('\0').map(str::to_string).collect()
        })
        .collect();
    Run { calls, stdout: String::from_utf8_lossy(&out.stdout).into(), stderr, code: out.status.code(), dir }
}

fn gets(docs: &[Value]) -> Azure {
    Azure { gets: docs.to_vec(), ..Azure::default() }
}

fn plan(form: &Form) -> Plan {
    let c = check(form);
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    c.plan.unwrap()
}

fn text(plan: &Plan, id: &str) -> String {
    artifact(plan, Shell::Bash, id).unwrap().text
}

fn argv(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

const NASTY_MESSAGES: &[&str] = &[
    "it's",
    "say \"approve\"",
    "$(touch pwned) and ${HOME} and $HOME",
    "`touch pwned`",
    "a; touch pwned",
    "a & touch pwned && echo | cat > pwned",
    "line one\nline two\ttabbed",
    "承認してください",
    "100% sure! ^caret^ \\backslash\\ JSON EOF\nJSON\n'@",
];

#[test]
fn create_pe_json_arrives_literally_whatever_the_message() {
    for message in NASTY_MESSAGES {
        let form = Form { message: message.to_string(), ..Form::new(Scenario::WebPubSubFunction) };
        let plan = plan(&form);
        let run = run_bash(&text(&plan, "create-pe.json"), &Azure::default());
        let work = run.dir.path().join("work");
        let written = fs::read(work.join("create-pe.json")).unwrap();
        assert!(!written.starts_with(&[0xEF, 0xBB, 0xBF]), "BOM written");
        let written = String::from_utf8(written).unwrap();
        let expected = splr_core::json_text::write(&plan.body().to_value(), splr_core::json_text::JsonStyle::Pretty);
        assert_eq!(written, format!("{expected}\n"), "message {message:?}");
        let parsed: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(parsed["properties"]["requestMessage"], Value::String(message.trim().to_string()));
        assert!(!work.join("pwned").exists(), "message {message:?} ran a command");
        assert!(run.calls.is_empty());
    }
}

#[test]
fn create_puts_the_body_file_to_the_splr_url() {
    let plan = plan(&Form::new(Scenario::WebPubSubFunction));
    let run = run_bash(&text(&plan, "create"), &Azure::default());
    assert_eq!(
        run.calls,
        vec![argv(&[
            "rest",
            "--method",
            "put",
            "--url",
            // Relative: az sends it to the cloud it is logged in to (issue 12; this used to expect
            // https://management.azure.com, which only the public cloud answers).
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.SignalRService/webPubSub/contoso-webpubsub/sharedPrivateLinkResources/func-pe?api-version=2024-03-01",
            "--body",
            "@create-pe.json",
        ])]
    );
}

#[test]
fn poll_stops_on_succeeded_and_on_failed() {
    let plan = plan(&Form::new(Scenario::SignalRFunction));
    let get = argv(&["rest", "--method", "get", "--url", &plan.path(), "--query", "properties.provisioningState", "--output", "tsv"]);
    let run = run_bash(&text(&plan, "poll"), &gets(&[splr("Creating", None), splr("Creating", None), splr("Succeeded", None), splr("Failed", None)]));
    assert_eq!(run.calls, vec![get.clone(), get.clone(), get.clone()]);
    assert!(run.stdout.contains("provisioningState: Succeeded"));
    assert!(run.stdout.contains("Next: approve the connection on contoso-func"));

    // Failed: said, and now a non-zero status (run_bash used to require 0 here too).
    let run = run_bash_status(&text(&plan, "poll"), &gets(&[splr("Updating", None), splr("Failed", None)]));
    assert_eq!(run.calls.len(), 2);
    assert!(run.stderr.contains("ended as Failed"));
    assert_eq!(run.code, Some(1));
}

#[test]
fn poll_ends_with_a_verdict_and_an_exit_status() {
    let plan = plan(&Form::new(Scenario::WebPubSubFunction));
    let script = text(&plan, "poll");
    let run = run_bash_status(&script, &gets(&[splr("Creating", None), splr("Canceled", None)]));
    assert_eq!((run.code, run.calls.len()), (Some(1), 2));
    assert!(run.stderr.contains("ended as Canceled"), "{}", run.stderr);
    // Never final: every try, then a timed-out verdict.
    let run = run_bash_status(&script, &gets(&[splr("Creating", None)]));
    assert_eq!((run.code, run.calls.len()), (Some(1), 180));
    assert!(run.stderr.contains("Still Creating after 30 minutes"), "{}", run.stderr);
    let run = run_bash_status(&script, &gets(&[failed("(ResourceNotFound) The Resource was not found.")]));
    assert_eq!((run.code, run.calls.len()), (Some(1), 1));
    assert!(run.stderr.contains("Could not read the shared private endpoint"), "{}", run.stderr);
    // Pasted into a terminal, the verdict's exit leaves the shell open.
    let run = run_bash(&format!("{script}echo \"after: $?\"\n"), &gets(&[splr("Succeeded", None)]));
    assert!(run.stdout.contains("after: 0"), "{}", run.stdout);
}

#[test]
fn poll_async_ends_with_a_verdict_and_an_exit_status() {
    let plan = plan(&Form::new(Scenario::WebPubSubFunction));
    let url = "https://management.chinacloudapi.cn/subscriptions/x/resourceGroups/rg/providers/Microsoft.SignalRService/WebPubSub/svc/operationStatuses/abc?api-version=2024-03-01&t=1";
    let script = text(&plan, "poll-async").replace("PASTE-THE-Azure-AsyncOperation-URL-HERE", url);
    let run = run_bash_status(&script, &gets(&[json!({"status": "InProgress"}), json!({"status": "Failed", "error": {"code": "Conflict"}})]));
    assert_eq!(run.code, Some(1));
    assert_eq!(run.calls.len(), 3, "the third call reads the error");
    assert_eq!(run.calls[2], argv(&["rest", "--method", "get", "--url", url, "--query", "error"]));
    assert!(run.stderr.contains("The operation ended as Failed"), "{}", run.stderr);
    let run = run_bash_status(&script, &gets(&[json!({"status": "InProgress"})]));
    assert_eq!((run.code, run.calls.len()), (Some(1), 180));
    assert!(run.stderr.contains("still InProgress after 30 minutes"), "{}", run.stderr);
    let run = run_bash_status(&script, &gets(&[failed("(ExpiredAuthenticationToken) The access token expiry")]));
    assert_eq!((run.code, run.calls.len()), (Some(1), 1));
}

#[test]
fn poll_async_uses_the_pasted_url_verbatim() {
    let plan = plan(&Form::new(Scenario::WebPubSubFunction));
    let script = text(&plan, "poll-async");
    // Unfilled: it asks for the URL and calls nothing.
    let run = run_bash(&script, &gets(&[json!({"status": "Succeeded"})]));
    assert!(run.calls.is_empty());
    assert!(run.stderr.contains("paste the Azure-AsyncOperation URL"));
    // Filled with a real-looking signed URL: `&` and `%` reach az untouched.
    let url = "https://management.azure.com/subscriptions/x/resourceGroups/rg/providers/Microsoft.SignalRService/WebPubSub/svc/operationStatuses/abc?api-version=2024-03-01&t=638&c=MIIB%2Fx&s=a-b_c&h=Zz%3D";
    let filled = script.replace("PASTE-THE-Azure-AsyncOperation-URL-HERE", url);
    let run = run_bash(&filled, &gets(&[json!({"status": "InProgress"}), json!({"status": "Succeeded"})]));
    let get = argv(&["rest", "--method", "get", "--url", url, "--query", "status", "--output", "tsv"]);
    assert_eq!(run.calls, vec![get.clone(), get]);
    assert!(run.stdout.contains("The operation succeeded."));
}

/// Every pending connection is approved, one after the other: a Premium service's replicas each bring
/// their own (audit row 14; it took the first only, with `head -n 1`).
#[test]
fn approve_lists_then_approves_every_pending_connection() {
    let plan = plan(&Form::new(Scenario::WebPubSubFunction));
    let conn = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.Web/sites/contoso-func/privateEndpointConnections/abc.123";
    let run = run_bash(
        &text(&plan, "approve"),
        &Azure {
            connections: vec![connection("/x/approved", "Approved"), connection(conn, "Pending"), connection("/other/pending", "Pending")],
            ..Azure::default()
        },
    );
    // `--id` alone: with -g/-n/--type az warns "Resource ID will be ignored since other three arguments have
    // been provided" on every list (azure-cli 2.91.0 network/_validators.py, process_private_link_resource_id_argument).
    let target = ["--id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.Web/sites/contoso-func"];
    let mut list_table = argv(&["network", "private-endpoint-connection", "list"]);
    list_table.extend(argv(&target));
    list_table.extend(argv(&["--query", "[].{name:name, status:properties.privateLinkServiceConnectionState.status, description:properties.privateLinkServiceConnectionState.description}", "--output", "table"]));
    let mut list_pending = argv(&["network", "private-endpoint-connection", "list"]);
    list_pending.extend(argv(&target));
    list_pending.extend(argv(&["--query", "[?properties.privateLinkServiceConnectionState.status=='Pending'].id", "--output", "tsv"]));
    let approve = argv(&[
        "network",
        "private-endpoint-connection",
        "approve",
        "--id",
        conn,
        "--description",
        "Approved for contoso-webpubsub/func-pe",
    ]);
    let mut approve_other = approve.clone();
    approve_other[4] = "/other/pending".into();
    assert_eq!(run.calls, vec![list_table, list_pending, approve, approve_other]);

    // Nothing pending yet: no approve call, and a hint.
    let run = run_bash(&text(&plan, "approve"), &Azure { connections: vec![connection("/x/approved", "Approved")], ..Azure::default() });
    assert_eq!(run.calls.len(), 2);
    assert!(run.stderr.contains("No pending connection on contoso-func yet"));

    // A list that fails (no rights on the target, a wrong ID) is said as such, not as "nothing pending yet".
    let run = run_bash(&text(&plan, "approve"), &Azure { list_fails: Some("(AuthorizationFailed) no access"), ..Azure::default() });
    assert!(run.stderr.contains("Could not list the connections on contoso-func: see the error above."), "{}", run.stderr);
    assert!(!run.stderr.contains("No pending connection"), "{}", run.stderr);
    assert_eq!(run.calls.len(), 2, "no approve after a failed list");
}

#[test]
fn approve_on_a_private_link_service_in_another_subscription() {
    let target = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net(rg)/providers/Microsoft.Network/privateLinkServices/contoso-pls";
    let form = Form { target: target.into(), ..Form::new(Scenario::WebPubSubPls) };
    let run = run_bash(&text(&plan(&form), "approve"), &Azure { connections: vec![connection("/x/pec", "Pending")], ..Azure::default() });
    // The ID carries the other subscription: az reads it from there (no --subscription needed).
    assert_eq!(&run.calls[1][3..5], argv(&["--id", target]).as_slice());
    assert_eq!(run.calls[2][4], "/x/pec");
}

/// Audit row 15. A slot's connections are not reachable with `az network private-endpoint-connection`: it
/// knows `Microsoft.Web/sites` only and builds `…/sites/{name}/privateEndpointConnections` (Azure/azure-cli
/// src/azure-cli/azure/cli/command_modules/network/private_link_resource_and_endpoint_connections/custom.py
/// @924eac2b3c7518f0721f29acecc313b818e62f1c, resource_providers/__init__.py @00ef69d5c522f90ab7ff0e19bc38ee3cc4a83409),
/// while they live under `…/sites/{app}/slots/{slot}/privateEndpointConnections` (azure-rest-api-specs
/// specification/web/resource-manager/Microsoft.Web/AppService/RemotePrivateEndpointConnectionARMResource.tsp
/// @074e21c38b61058b27bcdefd854f2aa5b4f323bb). So the approve step uses az rest on the slot's list and PUTs
/// the state on the pending connection's ID, with a relative URL; the block says the feature is unverified.
#[test]
fn approve_on_a_slot_uses_az_rest_on_the_slots_connections() {
    let mut form = Form::new(Scenario::WebPubSubFunction);
    form.target = format!("{}/slots/staging", form.target);
    let plan = plan(&form);
    let slot = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.Web/sites/contoso-func/slots/staging/privateEndpointConnections";
    let conn = format!("{slot}/func-pe.123");
    let list = json!({"value": [connection("/x/approved", "Approved"), connection(&conn, "Pending")]});
    let run = run_bash(&text(&plan, "approve"), &gets(&[list]));
    let url = format!("{slot}?api-version=2025-03-01");
    assert_eq!(
        run.calls,
        vec![
            argv(&["rest", "--method", "get", "--url", &url, "--query", "value[].{name:name, status:properties.privateLinkServiceConnectionState.status, description:properties.privateLinkServiceConnectionState.description}", "--output", "table"]),
            argv(&["rest", "--method", "get", "--url", &url, "--query", "value[?properties.privateLinkServiceConnectionState.status=='Pending'].id", "--output", "tsv"]),
            argv(&["rest", "--method", "put", "--url", &format!("{conn}?api-version=2025-03-01"), "--body", "@approve-pe.json"]),
        ]
    );
    let body: Value = serde_json::from_str(&fs::read_to_string(run.dir.path().join("work/approve-pe.json")).unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"properties": {"privateLinkServiceConnectionState": {"status": "Approved", "description": "Approved for contoso-webpubsub/func-pe", "actionsRequired": ""}}})
    );
    // Nothing pending yet: no PUT, and a hint.
    let run = run_bash(&text(&plan, "approve"), &gets(&[json!({"value": []})]));
    assert_eq!(run.calls.len(), 2);
    assert!(run.stderr.contains("No pending connection on slot staging of contoso-func yet"), "{}", run.stderr);
    // Every shell: the slot's list, never --type Microsoft.Web/sites, and the unverified note.
    for shell in Shell::ALL {
        let a = artifact(&plan, shell, "approve").unwrap();
        assert!(a.text.contains("/slots/staging/privateEndpointConnections?api-version=2025-03-01"), "{shell:?}: {}", a.text);
        let put = if shell == Shell::PowerShellAz { "Invoke-AzRestMethod -Method PUT" } else { "--method put" };
        assert!(a.text.contains(put), "{shell:?}: {}", a.text);
        assert!(!a.text.contains("private-endpoint-connection"), "{shell:?}: {}", a.text);
        assert!(a.notes.iter().any(|n| n.starts_with("Unverified")), "{shell:?}: {:?}", a.notes);
    }
}

/// The GET of the status loop. Its query is a nested list: az prints a flat list in tsv one value
/// per line, which the loop's `read` never saw as two values (issue 12); this assertion used to
/// expect the flat list.
fn status_get(plan: &Plan) -> Vec<String> {
    argv(&[
        "rest",
        "--method",
        "get",
        "--url",
        &plan.path(),
        "--query",
        "[[properties.provisioningState, properties.status]]",
        "--output",
        "tsv",
    ])
}

#[test]
fn status_waits_for_approved_and_stops_on_rejected() {
    let plan = plan(&Form::new(Scenario::WebPubSubPls));
    let get = status_get(&plan);
    let run = run_bash(&text(&plan, "status"), &gets(&[splr("Succeeded", Some("Pending")), splr("Succeeded", Some("Approved"))]));
    assert_eq!(run.calls, vec![get.clone(), get.clone()]);
    assert!(run.stdout.contains("provisioningState: Succeeded, status: Pending"), "{}", run.stdout);
    assert!(run.stdout.contains("provisioningState: Succeeded, status: Approved"));
    assert!(run.stdout.contains("Approved: calls to contoso-pls"));

    let run = run_bash_status(&text(&plan, "status"), &gets(&[splr("Succeeded", Some("Rejected"))]));
    assert_eq!(run.calls.len(), 1);
    assert!(run.stderr.contains("The connection is Rejected: delete"));
}

#[test]
fn status_ends_with_a_verdict_and_an_exit_status() {
    let plan = plan(&Form::new(Scenario::WebPubSubFunction));
    let script = text(&plan, "status");
    // Approved: success, exit 0 (run_bash asserts it).
    let run = run_bash(&script, &gets(&[splr("Updating", None), splr("Succeeded", Some("Approved"))]));
    assert!(run.stdout.contains("Approved: calls to contoso-func"), "{}", run.stdout);
    // Rejected, Disconnected, Timeout: said, and a non-zero status, after one GET.
    for bad in ["Rejected", "Disconnected", "Timeout"] {
        let run = run_bash_status(&script, &gets(&[splr("Succeeded", Some(bad))]));
        assert_eq!(run.code, Some(1), "{bad}: {}", run.stderr);
        assert_eq!(run.calls.len(), 1, "{bad}");
        assert!(run.stderr.contains(&format!("The connection is {bad}")), "{bad}: {}", run.stderr);
    }
    // Never Approved: every try, then a timed-out verdict and a non-zero status.
    let run = run_bash_status(&script, &gets(&[splr("Succeeded", Some("Pending"))]));
    assert_eq!(run.calls.len(), 60);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("Not Approved after 30 minutes"), "{}", run.stderr);
    assert!(run.stderr.contains("status: Pending"), "{}", run.stderr);
    // A failed GET stops the loop with a non-zero status.
    let run = run_bash_status(&script, &gets(&[failed("(ResourceNotFound) The Resource was not found.")]));
    assert_eq!(run.code, Some(1));
    assert_eq!(run.calls.len(), 1);
    assert!(run.stderr.contains("Could not read the shared private endpoint"), "{}", run.stderr);
}

#[test]
fn status_ends_without_closing_the_shell_it_is_pasted_into() {
    // Pasted into an interactive bash, an `exit` at top level would close the terminal: the verdict's
    // exit runs in a subshell, so the commands after it still run and see its status.
    let plan = plan(&Form::new(Scenario::WebPubSubFunction));
    let script = format!("{}echo \"after: $?\"\n", text(&plan, "status"));
    let run = run_bash(&script, &gets(&[splr("Succeeded", Some("Rejected"))]));
    assert!(run.stdout.contains("after: 1"), "{}", run.stdout);
}

#[test]
fn delete_deletes_the_splr() {
    let plan = plan(&Form { name: "pe-2".into(), ..Form::new(Scenario::SignalRKeyVault) });
    let run = run_bash(&text(&plan, "delete"), &Azure::default());
    assert_eq!(run.calls, vec![argv(&["rest", "--method", "delete", "--url", &plan.path()])]);
    assert!(plan.path().starts_with("/subscriptions/"));
    assert!(plan.path().contains("/signalR/contoso-signalr/sharedPrivateLinkResources/pe-2?"));
}

#[test]
fn every_artifact_of_every_scenario_is_valid_bash() {
    for scenario in Scenario::ALL {
        let plan = plan(&Form::new(scenario));
        for id in splr_core::artifacts::SHELL_ARTIFACTS {
            let script = text(&plan, id.slug());
            let out = Command::new("bash").arg("-n").arg("-c").arg(&script).output().unwrap();
            assert!(out.status.success(), "{scenario:?} {id}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
}
