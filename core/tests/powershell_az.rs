//! The PowerShell (Az module) snippets, checked with a parser we did not write: tree-sitter with the
//! maintained PowerShell grammar of Airbus CERT (crate `tree-sitter-powershell`,
//! <https://github.com/airbus-cert/tree-sitter-powershell>). There is no PowerShell runtime here, so the
//! snippets are parsed, not run: every one, for every scenario, must parse without an ERROR or MISSING
//! node, and the strings the parser sees must be the values the form holds.

use splr_core::artifacts::{artifact, SHELL_ARTIFACTS};
use splr_core::bindings::{self, BindingsForm, ConnectionMode};
use splr_core::form::{check, Form, Plan};
use splr_core::scenario::Scenario;
use splr_core::service::Shell;
use tree_sitter::{Node, Parser, Tree};

/// Quotes, `$(…)`, backticks, here-string delimiters, typographic quotes, non-ASCII text.
const NASTY: &str = "it's \"$(Remove-Item C:\\x)\" `whoami` ${env:PATH} @' '@ @\" \"@ ‘q’ é ✓ 日本語 100% & | ^ !";

fn parse(text: &str) -> Tree {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_powershell::LANGUAGE.into()).expect("grammar loads");
    parser.parse(text, None).expect("parses")
}

/// Every node of `tree`, depth first.
fn nodes(tree: &Tree) -> Vec<Node<'_>> {
    fn walk<'t>(n: Node<'t>, out: &mut Vec<Node<'t>>) {
        out.push(n);
        let mut c = n.walk();
        for child in n.children(&mut c) {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    walk(tree.root_node(), &mut out);
    out
}

/// The ERROR and MISSING nodes of `text`, with their line and source.
fn syntax_errors(text: &str) -> Vec<String> {
    let tree = parse(text);
    nodes(&tree)
        .into_iter()
        .filter(|n| n.is_error() || n.is_missing())
        .map(|n| {
            let line = n.start_position().row;
            format!("{} at line {}: {:?}", n.kind(), line + 1, text.lines().nth(line).unwrap_or_default())
        })
        .collect()
}

/// The texts of every node of `kind` in `text`.
fn texts_of(text: &str, kind: &str) -> Vec<String> {
    let tree = parse(text);
    nodes(&tree).into_iter().filter(|n| n.kind() == kind).map(|n| text[n.byte_range()].to_string()).collect()
}

fn plan_of(form: &Form) -> Plan {
    check(form).plan.unwrap_or_else(|| panic!("invalid: {:?}", check(form).errors))
}

fn nasty_form(scenario: Scenario) -> Form {
    Form { message: NASTY.into(), shell: Shell::PowerShellAz, ..Form::new(scenario) }
}

#[test]
fn a_broken_snippet_is_reported() {
    // The check can fail: an unclosed condition and an unterminated here-string are errors.
    assert!(!syntax_errors("if ($state -eq 'Succeeded' { Write-Host 'x' }\n").is_empty());
    assert!(!syntax_errors("$body = @'\n{ \"a\": 1 }\n").is_empty());
    assert!(syntax_errors("$x = 'it''s'\nWrite-Host \"$(Get-Date -Format T) $x\"\n").is_empty());
}

#[test]
fn every_az_module_snippet_of_every_scenario_parses_without_errors() {
    let mut checked = 0;
    for scenario in Scenario::ALL {
        for form in [Form { shell: Shell::PowerShellAz, ..Form::new(scenario) }, nasty_form(scenario)] {
            let plan = plan_of(&form);
            for id in SHELL_ARTIFACTS {
                let a = artifact(&plan, Shell::PowerShellAz, id).unwrap();
                assert_eq!(a.language, "powershell");
                let errors = syntax_errors(&a.text);
                assert!(errors.is_empty(), "{scenario:?} {id}: {errors:#?}\n{}", a.text);
                checked += 1;
            }
        }
    }
    assert_eq!(checked, Scenario::ALL.len() * 2 * SHELL_ARTIFACTS.len());
}

#[test]
fn every_az_module_snippet_of_the_bindings_page_parses_without_errors() {
    let identity = BindingsForm { mode: ConnectionMode::Identity, shell: Shell::PowerShellAz, ..BindingsForm::default() };
    let forms = [
        BindingsForm { shell: Shell::PowerShellAz, ..BindingsForm::default() },
        identity.clone(),
        BindingsForm { credential: "managedidentity".into(), ..identity.clone() },
        BindingsForm { client_id: "11111111-2222-3333-4444-555555555555".into(), ..identity.clone() },
        BindingsForm {
            managed_identity_resource_id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.ManagedIdentity/userAssignedIdentities/contoso-id".into(),
            ..identity
        },
    ];
    let mut checked = 0;
    for form in forms {
        let plan = bindings::check(&form).plan.unwrap();
        for a in bindings::artifacts(&plan).into_iter().filter(|a| a.language == "powershell") {
            let errors = syntax_errors(&a.text);
            assert!(errors.is_empty(), "{:?} {}: {errors:#?}\n{}", form.mode, a.id, a.text);
            checked += 1;
        }
    }
    assert!(checked >= 5 * 3, "{checked}");
}

#[test]
fn the_parser_reads_the_request_message_literally_from_the_here_string() {
    for scenario in Scenario::ALL {
        let plan = plan_of(&nasty_form(scenario));
        let text = artifact(&plan, Shell::PowerShellAz, "create-pe.json").unwrap().text;
        let here = texts_of(&text, "verbatim_here_string_characters");
        assert_eq!(here.len(), 1, "{text}");
        // A single-quoted here-string is the lines between `@'` and `'@`, nothing expanded or doubled.
        let json = here[0].strip_prefix("@'\n").and_then(|h| h.strip_suffix("\n'@")).expect("delimiters");
        let body: serde_json::Value = serde_json::from_str(json).expect("the here-string holds JSON");
        assert_eq!(body["properties"]["requestMessage"], NASTY, "{scenario:?}");
        assert_eq!(body["properties"]["privateLinkResourceId"], plan.target.id.text.as_str());
        assert_eq!(body, plan.body().to_value(), "{scenario:?}");
    }
}

/// Reads a single-quoted PowerShell literal back: `''` is one `'` (and likewise the typographic quotes).
fn read_verbatim(lit: &str) -> String {
    let inner = &lit[1..lit.len() - 1];
    inner.replace("''", "'").replace("\u{2019}\u{2019}", "\u{2019}")
}

#[test]
fn the_parser_reads_every_path_and_id_as_the_plan_s() {
    let mut form = Form { shell: Shell::PowerShellAz, ..Form::new(Scenario::WebPubSubFunction) };
    // Parentheses reach the cmdlet unchanged (no az.cmd to re-parse them): not percent-encoded.
    form.resource_group = "rg(1)".into();
    form.target = form.target.replace("/resourceGroups/contoso/", "/resourceGroups/rg(1)/");
    let plan = plan_of(&form);
    for id in ["create", "poll", "poll-async", "status", "delete"] {
        let text = artifact(&plan, Shell::PowerShellAz, id).unwrap().text;
        let strings: Vec<String> = texts_of(&text, "verbatim_string_characters").iter().map(|s| read_verbatim(s)).collect();
        assert!(strings.contains(&plan.path()), "{id}: {strings:?}");
        assert!(!text.contains("%28"), "{id}: {text}");
    }
    let approve = artifact(&plan, Shell::PowerShellAz, "approve").unwrap().text;
    let strings: Vec<String> = texts_of(&approve, "verbatim_string_characters").iter().map(|s| read_verbatim(s)).collect();
    assert!(strings.contains(&plan.target.id.text), "{strings:?}");
}

#[test]
fn the_walkthrough_uses_the_az_module_only_and_waits_by_itself() {
    for scenario in Scenario::ALL {
        let plan = plan_of(&nasty_form(scenario));
        for id in SHELL_ARTIFACTS {
            let text = artifact(&plan, Shell::PowerShellAz, id).unwrap().text;
            for line in text.lines() {
                assert!(!line.trim_start().starts_with("az "), "{scenario:?} {id} calls the az CLI: {line}");
            }
            assert!(!text.contains("az.cmd") && !text.contains("Invoke-RestMethod "), "{id}: {text}");
        }
        let text = |id| artifact(&plan, Shell::PowerShellAz, id).unwrap().text;
        let create = text("create");
        assert!(create.contains("Invoke-AzRestMethod -Method PUT -Path $path -Payload $payload -WaitForCompletion"), "{create}");
        assert!(text("delete").contains("Invoke-AzRestMethod -Method DELETE -Path $path -WaitForCompletion"));
        let approve = text("approve");
        assert!(approve.contains("Get-AzPrivateEndpointConnection -PrivateLinkResourceId $targetId"), "{approve}");
        // Every pending connection, not the first only (audit row 14: replicas bring their own).
        assert!(approve.contains("foreach ($p in $pending) {"), "{approve}");
        assert!(approve.contains("Approve-AzPrivateEndpointConnection -ResourceId $p.Id -Description "), "{approve}");
        assert!(!approve.contains("Select-Object -First 1"), "{approve}");
        // Web Apps: the known Az.Network listing issue is named, with a way around it.
        let notes = artifact(&plan, Shell::PowerShellAz, "approve").unwrap().notes.join(" ");
        assert_eq!(notes.contains("azure-powershell#14436"), plan.target.kind == splr_core::target::TargetKind::Site, "{scenario:?}: {notes}");
        // Every cmdlet's verdict is checked: HTTP errors do not throw in Invoke-AzRestMethod.
        for id in ["create", "poll", "status"] {
            assert!(text(id).contains("$response.StatusCode -ge 400"), "{id}");
        }
    }
}

#[test]
fn the_bindings_page_uses_the_az_module_only() {
    let identity = BindingsForm { mode: ConnectionMode::Identity, shell: Shell::PowerShellAz, ..BindingsForm::default() };
    let plan = bindings::check(&identity).plan.unwrap();
    let all = bindings::artifacts(&plan);
    let get = |id: &str| all.iter().find(|a| a.id == id).unwrap();
    let settings = get("app-settings");
    assert!(settings.text.starts_with("Update-AzFunctionAppSetting -Name "), "{}", settings.text);
    assert!(!settings.text.contains("az functionapp"));
    let role = get("role-assignment");
    assert!(role.text.contains("New-AzRoleAssignment -ObjectId $principalId -ObjectType ServicePrincipal"), "{}", role.text);
    assert!(!role.text.lines().any(|l| l.starts_with("az ")), "{}", role.text);
    // The event handler: the host keys and the hub through Invoke-AzRestMethod, the key never echoed into JSON by hand.
    let handler = get("event-handler-url");
    assert!(!handler.text.lines().any(|l| l.starts_with("az ")), "{}", handler.text);
    assert!(handler.text.contains("/host/default/listkeys?api-version="), "{}", handler.text);
    assert!(handler.text.contains("| ConvertTo-Json -Depth 5"), "{}", handler.text);
    assert!(handler.text.contains("-Method PUT -Path ('/subscriptions/' + (Get-AzContext).Subscription.Id + '/resourceGroups/contoso/providers/Microsoft.SignalRService/webPubSub/"), "{}", handler.text);

    let conn = bindings::check(&BindingsForm { shell: Shell::PowerShellAz, ..BindingsForm::default() }).plan.unwrap();
    let settings = bindings::artifacts(&conn).into_iter().find(|a| a.id == "app-settings").unwrap();
    assert!(settings.text.contains("/listKeys?api-version="), "{}", settings.text);
    assert!(settings.text.contains("= $connectionString }"), "{}", settings.text);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, ..proptest::prelude::ProptestConfig::default() })]

    /// Whatever the request message and resource group, the parser reads back the body and the path.
    #[test]
    fn any_message_reaches_the_payload_literally(
        message in proptest::prelude::any::<String>(),
        rg in "[a-zA-Z0-9_.()-]{0,20}[a-zA-Z0-9]",
    ) {
        let d = Form::new(Scenario::SignalRStorage);
        let form = Form {
            resource_group: rg.clone(),
            target: d.target.replace("/resourceGroups/contoso/", &format!("/resourceGroups/{rg}/")),
            message,
            shell: Shell::PowerShellAz,
            ..d
        };
        let Some(plan) = check(&form).plan else { return Ok(()) };
        let body = artifact(&plan, Shell::PowerShellAz, "create-pe.json").unwrap().text;
        proptest::prop_assert!(syntax_errors(&body).is_empty(), "{}", body);
        let here = texts_of(&body, "verbatim_here_string_characters");
        proptest::prop_assert_eq!(here.len(), 1);
        let json = here[0].strip_prefix("@'\n").and_then(|h| h.strip_suffix("\n'@")).unwrap();
        proptest::prop_assert_eq!(serde_json::from_str::<serde_json::Value>(json).unwrap(), plan.body().to_value());
        let create = artifact(&plan, Shell::PowerShellAz, "create").unwrap().text;
        proptest::prop_assert!(syntax_errors(&create).is_empty(), "{}", create);
        let strings: Vec<String> = texts_of(&create, "verbatim_string_characters").iter().map(|s| read_verbatim(s)).collect();
        proptest::prop_assert!(strings.contains(&plan.path()), "{:?}", strings);
    }
}
