//! Every `--query … --output tsv` the app generates, in every shell, read the way az prints it.
//!
//! az prints tsv with knack's rule (see `support/az_cli.rs`): a flat list is one value per line, a
//! nested list or an object one tab-separated line. A command whose output is read as one line must
//! therefore print one line; a list of several lines is fine only where the snippet takes its first
//! line (`head -n 1`, `Select-Object -First 1`, cmd's `if not defined`). Issue 12: the bash status loop
//! read `[state, status]` as one line, got two, and never saw Approved.

#[path = "support/az_cli.rs"]
mod az_cli;

use serde_json::{json, Value};
use splr_core::artifacts::{artifact, SHELL_ARTIFACTS};
use splr_core::bindings::{self, BindingsForm, ConnectionMode};
use splr_core::form::{check, Form};
use splr_core::scenario::Scenario;
use splr_core::service::Shell;

const CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";
const IDENTITY_ID: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.ManagedIdentity/userAssignedIdentities/contoso-id";

/// One document with every field the generated queries read (an SPLR, an async operation, a
/// connection, an identity, a Web PubSub resource, its keys, a function app's keys, a token).
fn document(n: u32) -> Value {
    json!({
        "id": format!("/subscriptions/x/resourceGroups/contoso/providers/Microsoft.Web/sites/contoso-func/privateEndpointConnections/c{n}"),
        "name": format!("c{n}"),
        "status": "Succeeded",
        "accessToken": "eyJ0eXAiOiJKV1QifQ.e30.",
        "clientId": CLIENT_ID,
        "principalId": format!("principal-{n}"),
        "primaryConnectionString": "Endpoint=https://contoso-webpubsub.webpubsub.azure.com;AccessKey=k;Version=1.0;",
        "systemKeys": {"webpubsub_extension": "key"},
        "properties": {
            "provisioningState": "Succeeded",
            "status": "Approved",
            "privateLinkServiceConnectionState": {"status": "Pending", "description": "please approve"}
        }
    })
}

/// The first word of `rest` as `shell` reads it.
fn word(shell: Shell, rest: &str) -> String {
    let mut chars = rest.chars().peekable();
    let mut w = String::new();
    while let Some(c) = chars.next() {
        match (shell, c) {
            (Shell::Bash, '\'') => w.extend(chars.by_ref().take_while(|c| *c != '\'')),
            (Shell::Bash, '\\') => w.extend(chars.next()),
            (Shell::PowerShell | Shell::PowerShellAz, '\'') => loop {
                match chars.next() {
                    Some('\'') if chars.peek() == Some(&'\'') => {
                        chars.next();
                        w.push('\'');
                    }
                    Some('\'') | None => break,
                    Some(c) => w.push(c),
                }
            },
            (_, '"') => w.extend(chars.by_ref().take_while(|c| *c != '"')),
            (_, c) if c.is_whitespace() || ";|)'".contains(c) => break,
            (_, c) => w.push(c),
        }
    }
    w
}

/// (line, query) of every `--query Q --output tsv` in `text`.
fn tsv_queries(shell: Shell, text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        for (at, _) in line.match_indices("--query ") {
            let rest = &line[at + "--query ".len()..];
            let q = word(shell, rest);
            if rest.contains("--output tsv") {
                out.push((line.to_string(), q));
            }
        }
    }
    out
}

/// Checks every tsv query of one artifact; returns how many it checked.
fn check_artifact(what: &str, shell: Shell, text: &str) -> usize {
    let queries = tsv_queries(shell, text);
    for (line, q) in &queries {
        let lists = ["private-endpoint-connection list ", "identity list "];
        let input = if lists.iter().any(|l| line.contains(l)) {
            json!([document(1), document(2)])
        } else if line.contains("/privateEndpointConnections?") {
            // az rest on a connection list (a deployment slot's): ARM's `{"value": [...]}`.
            json!({"value": [document(1), document(2)]})
        } else {
            document(1)
        };
        let result = az_cli::jmes(q, &input).unwrap_or_else(|| panic!("{what}: query not modelled: {q}"));
        let printed = az_cli::tsv(&result);
        // Or reads every line: the approve step approves each pending connection (audit row 14).
        let takes_first = ["head -n 1", "Select-Object -First 1", "if not defined", "conn_ids=$(", "$connIds = @(", "do @(set \"CONN_ID=%i\" & "]
            .iter()
            .any(|p| line.contains(p));
        assert!(
            printed.lines().count() == 1 || takes_first,
            "{what}: az prints {printed:?} for --query {q} --output tsv, but the snippet reads one line:\n{line}"
        );
    }
    queries.len()
}

#[test]
fn every_tsv_query_of_the_walkthrough_prints_what_its_snippet_reads() {
    let mut checked = 0;
    let mut forms: Vec<(String, Form)> = Scenario::ALL.into_iter().map(|s| (format!("{s:?}"), Form::new(s))).collect();
    // A deployment slot's approve step reads the slot's list with az rest (audit row 15).
    let mut slot = Form::new(Scenario::WebPubSubFunction);
    slot.target = format!("{}/slots/staging", slot.target);
    forms.push(("slot".into(), slot));
    for (scenario, form) in forms {
        let plan = check(&form).plan.unwrap();
        for shell in Shell::ALL {
            for id in SHELL_ARTIFACTS {
                let a = artifact(&plan, shell, id).unwrap();
                checked += check_artifact(&format!("{scenario} {shell:?} {id}"), shell, &a.text);
            }
        }
    }
    // bash: poll, poll-async, approve, status; PowerShell: poll, approve; cmd: approve.
    assert!(checked >= 7 * 7, "{checked}");
}

#[test]
fn every_tsv_query_of_the_bindings_page_prints_what_its_snippet_reads() {
    let identity = BindingsForm { mode: ConnectionMode::Identity, ..BindingsForm::default() };
    let forms = [
        BindingsForm::default(),
        identity.clone(),
        BindingsForm { credential: "managedidentity".into(), ..identity.clone() },
        BindingsForm { client_id: CLIENT_ID.into(), ..identity.clone() },
        BindingsForm { managed_identity_resource_id: IDENTITY_ID.into(), ..identity },
    ];
    let mut checked = 0;
    for form in forms {
        for shell in Shell::ALL {
            let plan = bindings::check(&BindingsForm { shell, ..form.clone() }).plan.unwrap();
            for a in bindings::artifacts(&plan) {
                if a.language == shell.language() {
                    checked += check_artifact(&format!("{:?} {shell:?} {}", form.mode, a.id), shell, &a.text);
                }
            }
        }
    }
    assert!(checked >= 5 * 3 * 2, "{checked}");
}

#[test]
fn the_word_readers_read_each_shells_quoting() {
    assert_eq!(word(Shell::Bash, "'[?a=='\\''P'\\''].id' --output tsv"), "[?a=='P'].id");
    assert_eq!(word(Shell::Bash, "status --output tsv"), "status");
    assert_eq!(word(Shell::PowerShell, "'[?a==''P''].id' --output tsv"), "[?a=='P'].id");
    assert_eq!(word(Shell::Cmd, "\"[?a=='P'].id\" --output tsv"), "[?a=='P'].id");
}
