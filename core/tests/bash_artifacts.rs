//! Every generated bash artifact, run by real bash with a stub `az` (and `sleep`) first on PATH.
//! The stub records each call's argv; the tests assert the exact argv and the exact create-pe.json
//! written, including request messages built to break quoting, which must arrive literally and run
//! nothing.

use serde_json::Value;
use splr_core::artifacts::artifact;
use splr_core::form::{check, Form, Plan};
use splr_core::scenario::Scenario;
use splr_core::service::Shell;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

/// The stub answers like az would for the queries the artifacts make. `AZ_STATES` lists the
/// provisioningState (or tsv line) to print on successive GETs.
const STUB_AZ: &str = r#"#!/usr/bin/env bash
n=$(( $(ls "$STUB_DIR/calls" | wc -l) + 1 ))
printf '%s\0' "$@" > "$STUB_DIR/calls/$(printf %03d "$n")"
args="$*"
case "$args" in
  "rest --method get"*"--query properties.provisioningState"*|"rest --method get"*"--query status"*|"rest --method get"*"--query [properties.provisioningState, properties.status]"*)
    i=$(cat "$STUB_DIR/get-count" 2>/dev/null || echo 0); echo $((i + 1)) > "$STUB_DIR/get-count"
    IFS='|' read -r -a states <<< "$AZ_STATES"
    printf '%s\n' "${states[$i]:-${states[-1]}}" ;;
  *"private-endpoint-connection list"*"--output tsv"*)
    printf '%s\n' $AZ_PENDING ;;
esac
exit 0
"#;

struct Run {
    calls: Vec<Vec<String>>,
    stdout: String,
    stderr: String,
    dir: tempfile::TempDir,
}

fn run_bash(script: &str, states: &str, pending: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    fs::create_dir_all(bin.join("..").join("calls")).unwrap();
    fs::create_dir_all(&bin).unwrap();
    for (name, text) in [("az", STUB_AZ), ("sleep", "#!/bin/sh\nexit 0\n")] {
        let p = bin.join(name);
        fs::write(&p, text).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let work = dir.path().join("work");
    fs::create_dir_all(&work).unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(&work)
        .env("PATH", format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()))
        .env("STUB_DIR", dir.path())
        .env("AZ_STATES", states)
        .env("AZ_PENDING", pending)
        .output()
        .unwrap();
    assert!(out.status.success(), "bash failed: {}", String::from_utf8_lossy(&out.stderr));
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
    Run {
        calls,
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
        dir,
    }
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
        let run = run_bash(&text(&plan, "create-pe.json"), "", "");
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
    let run = run_bash(&text(&plan, "create"), "", "");
    assert_eq!(
        run.calls,
        vec![argv(&[
            "rest",
            "--method",
            "put",
            "--url",
            "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.SignalRService/webPubSub/contoso-webpubsub/sharedPrivateLinkResources/func-pe?api-version=2024-03-01",
            "--body",
            "@create-pe.json",
        ])]
    );
}

#[test]
fn poll_stops_on_succeeded_and_on_failed() {
    let plan = plan(&Form::new(Scenario::SignalRFunction));
    let get = argv(&["rest", "--method", "get", "--url", &plan.url(), "--query", "properties.provisioningState", "--output", "tsv"]);
    let run = run_bash(&text(&plan, "poll"), "Creating|Creating|Succeeded|Failed", "");
    assert_eq!(run.calls, vec![get.clone(), get.clone(), get.clone()]);
    assert!(run.stdout.contains("provisioningState: Succeeded"));
    assert!(run.stdout.contains("Next: approve the connection on contoso-func"));

    let run = run_bash(&text(&plan, "poll"), "Updating|Failed", "");
    assert_eq!(run.calls.len(), 2);
    assert!(run.stderr.contains("ended as Failed"));
}

#[test]
fn poll_async_uses_the_pasted_url_verbatim() {
    let plan = plan(&Form::new(Scenario::WebPubSubFunction));
    let script = text(&plan, "poll-async");
    // Unfilled: it asks for the URL and calls nothing.
    let run = run_bash(&script, "Succeeded", "");
    assert!(run.calls.is_empty());
    assert!(run.stderr.contains("paste the Azure-AsyncOperation URL"));
    // Filled with a real-looking signed URL: `&` and `%` reach az untouched.
    let url = "https://management.azure.com/subscriptions/x/resourceGroups/rg/providers/Microsoft.SignalRService/WebPubSub/svc/operationStatuses/abc?api-version=2024-03-01&t=638&c=MIIB%2Fx&s=a-b_c&h=Zz%3D";
    let filled = script.replace("PASTE-THE-Azure-AsyncOperation-URL-HERE", url);
    let run = run_bash(&filled, "InProgress|Succeeded", "");
    let get = argv(&["rest", "--method", "get", "--url", url, "--query", "status", "--output", "tsv"]);
    assert_eq!(run.calls, vec![get.clone(), get]);
    assert!(run.stdout.contains("The operation succeeded."));
}

#[test]
fn approve_lists_then_approves_the_first_pending_connection() {
    let plan = plan(&Form::new(Scenario::WebPubSubFunction));
    let conn = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.Web/sites/contoso-func/privateEndpointConnections/abc.123";
    let run = run_bash(&text(&plan, "approve"), "", &format!("{conn} /other/pending"));
    let target = ["--resource-group", "contoso", "--name", "contoso-func", "--type", "Microsoft.Web/sites"];
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
    assert_eq!(run.calls, vec![list_table, list_pending, approve]);

    // Nothing pending yet: no approve call, and a hint.
    let run = run_bash(&text(&plan, "approve"), "", "");
    assert_eq!(run.calls.len(), 2);
    assert!(run.stderr.contains("No pending connection on contoso-func yet"));
}

#[test]
fn approve_on_a_private_link_service_in_another_subscription() {
    let target = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net(rg)/providers/Microsoft.Network/privateLinkServices/contoso-pls";
    let form = Form { target: target.into(), ..Form::new(Scenario::WebPubSubPls) };
    let run = run_bash(&text(&plan(&form), "approve"), "", "/x/pec");
    assert_eq!(
        &run.calls[1][3..11],
        argv(&[
            "--resource-group",
            "net(rg)",
            "--name",
            "contoso-pls",
            "--type",
            "Microsoft.Network/privateLinkServices",
            "--subscription",
            "11111111-2222-3333-4444-555555555555"
        ])
        .as_slice()
    );
    assert_eq!(run.calls[2][4], "/x/pec");
}

#[test]
fn status_waits_for_approved_and_stops_on_rejected() {
    let plan = plan(&Form::new(Scenario::WebPubSubPls));
    let get = argv(&[
        "rest",
        "--method",
        "get",
        "--url",
        &plan.url(),
        "--query",
        "[properties.provisioningState, properties.status]",
        "--output",
        "tsv",
    ]);
    let run = run_bash(&text(&plan, "status"), "Succeeded\tPending|Succeeded\tApproved", "");
    assert_eq!(run.calls, vec![get.clone(), get.clone()]);
    assert!(run.stdout.contains("provisioningState: Succeeded, status: Approved"));
    assert!(run.stdout.contains("Approved: calls to contoso-pls"));

    let run = run_bash(&text(&plan, "status"), "Succeeded\tRejected", "");
    assert_eq!(run.calls.len(), 1);
    assert!(run.stderr.contains("The connection is Rejected: delete"));
}

#[test]
fn delete_deletes_the_splr() {
    let plan = plan(&Form { name: "pe-2".into(), ..Form::new(Scenario::SignalRKeyVault) });
    let run = run_bash(&text(&plan, "delete"), "", "");
    assert_eq!(run.calls, vec![argv(&["rest", "--method", "delete", "--url", &plan.url()])]);
    assert!(plan.url().contains("/signalR/contoso-signalr/sharedPrivateLinkResources/pe-2?"));
}

#[test]
fn every_artifact_of_every_scenario_is_valid_bash() {
    for scenario in Scenario::ALL {
        let plan = plan(&Form::new(scenario));
        for id in splr_core::artifacts::SHELL_ARTIFACTS {
            let script = text(&plan, id);
            let out = Command::new("bash").arg("-n").arg("-c").arg(&script).output().unwrap();
            assert!(out.status.success(), "{scenario:?} {id}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
}
