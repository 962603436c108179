//! The Functions Web PubSub bindings form: one specific error per bad field, the identity-based connection rules of
//! https://learn.microsoft.com/azure/azure-functions/functions-bindings-web-pubsub#identity-based-connections,
//! and outputs that parse (JSON) or pass `bash -n` (commands).

use serde_json::Value;
use splr_core::bindings::{self, check, BindingsForm, BindingsPlan, ConnectionMode, Field, Worker};
use splr_core::form::{self, Form};
use splr_core::scenario::Scenario;
use splr_core::service::Shell;
use std::process::Command;

const CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";
const IDENTITY_ID: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.ManagedIdentity/userAssignedIdentities/contoso-id";

fn identity_form() -> BindingsForm {
    BindingsForm { mode: ConnectionMode::Identity, ..BindingsForm::default() }
}

fn plan(form: &BindingsForm) -> BindingsPlan {
    let c = check(form);
    c.plan.unwrap_or_else(|| panic!("{:?}", c.errors))
}

fn text(plan: &BindingsPlan, id: &str) -> String {
    bindings::artifact(plan, id).unwrap().text
}

fn bash_n(script: &str) {
    let out = Command::new("bash").arg("-n").arg("-c").arg(script).output().expect("bash");
    assert!(out.status.success(), "bash -n failed: {}\n{script}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_default_form_is_valid_and_has_every_artifact() {
    let p = plan(&BindingsForm::default());
    let ids: Vec<_> = bindings::artifacts(&p).iter().map(|a| a.id).collect();
    assert_eq!(
        ids,
        [
            "app-settings",
            "app-settings-json",
            "local.settings.json",
            "role-assignment",
            "event-handler-url",
            "binding-javascript",
            "binding-csharp",
            "binding-python"
        ]
    );
    assert_eq!(p.setting, "WebPubSubConnectionString");
}

#[test]
fn each_bad_field_gets_its_own_error() {
    let form = BindingsForm {
        function_app: "-app".into(),
        resource_group: "rg.".into(),
        service: "x".into(),
        hub: "my hub".into(),
        setting_prefix: "Web__PubSub".into(),
        extension_version: "latest".into(),
        mode: ConnectionMode::Identity,
        service_uri: "http://contoso-webpubsub.webpubsub.azure.com".into(),
        credential: "azurecli".into(),
        client_id: "not-a-guid".into(),
        ..BindingsForm::default()
    };
    let c = check(&form);
    for field in [
        Field::FunctionApp,
        Field::ResourceGroup,
        Field::Service,
        Field::Hub,
        Field::SettingPrefix,
        Field::ExtensionVersion,
        Field::ServiceUri,
        Field::Credential,
        Field::ClientId,
    ] {
        assert!(c.errors.contains_key(&field), "{field:?} missing in {:?}", c.errors);
    }
    assert!(c.errors[&Field::ServiceUri].contains("https"));
    assert!(c.errors[&Field::Hub].contains("'a space' is not allowed"), "{}", c.errors[&Field::Hub]);
    assert!(c.errors[&Field::SettingPrefix].contains("__"));
    assert!(c.errors[&Field::Credential].contains("managedidentity"));
    assert!(c.errors[&Field::ClientId].contains("GUID"));
    assert!(!c.errors.contains_key(&Field::Mode));
    assert!(c.plan.is_none());
}

#[test]
fn service_uri_rules() {
    let err = |uri: &str| {
        let c = check(&BindingsForm { service_uri: uri.into(), ..identity_form() });
        c.errors.get(&Field::ServiceUri).cloned()
    };
    assert_eq!(err("https://contoso-webpubsub.webpubsub.azure.com"), None);
    assert_eq!(err("https://Contoso-WebPubSub.webpubsub.azure.com/"), None);
    assert!(err("https://other.webpubsub.azure.com").unwrap().contains("'other'"));
    assert!(err("https://contoso-webpubsub.webpubsub.azure.com/client/hubs/chat").unwrap().contains("no path"));
    assert!(err("https://contoso-webpubsub.webpubsub.azure.com:443").unwrap().contains("port"));
    assert!(err("contoso-webpubsub.webpubsub.azure.com").unwrap().contains("https://"));
    assert!(err("https://bad_host.contoso.com").is_some());
    // A custom domain is accepted, with a note.
    let c = check(&BindingsForm { service_uri: "https://realtime.contoso.com".into(), ..identity_form() });
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert!(c.notes[&Field::ServiceUri][0].contains("custom domain"));
    // Empty: the service's own endpoint.
    let p = plan(&identity_form());
    assert_eq!(
        p.settings("__")[0],
        ("WebPubSubConnectionString__serviceUri".to_string(), Some("https://contoso-webpubsub.webpubsub.azure.com".to_string()))
    );
}

#[test]
fn identity_rules_from_the_reference() {
    // clientId and managedIdentityResourceId together.
    let c = check(&BindingsForm {
        client_id: CLIENT_ID.into(),
        managed_identity_resource_id: IDENTITY_ID.into(),
        ..identity_form()
    });
    assert!(c.errors[&Field::ClientId].contains("never both"));
    assert!(c.errors[&Field::ManagedIdentityResourceId].contains("never both"));

    // A resource ID of the wrong type, and a malformed one (with resource_id's own message).
    let c = check(&BindingsForm {
        managed_identity_resource_id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.Web/sites/contoso-func".into(),
        ..identity_form()
    });
    assert!(c.errors[&Field::ManagedIdentityResourceId].contains("Microsoft.ManagedIdentity/userAssignedIdentities"));
    let c = check(&BindingsForm { managed_identity_resource_id: IDENTITY_ID.replace("resourceGroups", "rgs"), ..identity_form() });
    assert!(c.errors[&Field::ManagedIdentityResourceId].starts_with("Segment 3"), "{:?}", c.errors);

    // C# isolated cannot use identity-based connections.
    let c = check(&BindingsForm { worker: Worker::CsharpIsolated, ..identity_form() });
    assert!(c.errors[&Field::Mode].contains("isolated"));
    assert!(check(&BindingsForm { worker: Worker::CsharpIsolated, ..BindingsForm::default() }).errors.is_empty());

    // Extension versions.
    let c = check(&BindingsForm { extension_version: "1.9.0".into(), ..identity_form() });
    assert!(c.errors[&Field::ExtensionVersion].contains("1.10.0 or later"));
    let c = check(&BindingsForm { extension_version: "1.10.0".into(), setting_prefix: "MyWps".into(), ..identity_form() });
    assert!(c.errors[&Field::ExtensionVersion].contains("1.10.1"));
    let c = check(&BindingsForm { extension_version: "1.10.0".into(), ..identity_form() });
    assert!(c.errors.is_empty());
    assert!(c.notes[&Field::ExtensionVersion][0].contains("1.10.1"));
    assert!(check(&BindingsForm { extension_version: "1.10.1".into(), setting_prefix: "MyWps".into(), ..identity_form() })
        .errors
        .is_empty());
    // Connection strings work with older versions.
    assert!(check(&BindingsForm { extension_version: "1.4.0".into(), ..BindingsForm::default() }).errors.is_empty());
}

#[test]
fn settings_per_identity_kind() {
    let names = |f: BindingsForm| -> Vec<String> { plan(&f).settings("__").into_iter().map(|(k, _)| k).collect() };
    assert_eq!(names(identity_form()), ["WebPubSubConnectionString__serviceUri"]);
    assert_eq!(
        names(BindingsForm { credential: "ManagedIdentity".into(), ..identity_form() }),
        ["WebPubSubConnectionString__serviceUri", "WebPubSubConnectionString__credential"]
    );
    let p = plan(&BindingsForm { client_id: CLIENT_ID.into(), setting_prefix: "Wps".into(), ..identity_form() });
    assert_eq!(
        p.settings("__"),
        [
            ("Wps__serviceUri".to_string(), Some("https://contoso-webpubsub.webpubsub.azure.com".to_string())),
            ("Wps__credential".to_string(), Some("managedidentity".to_string())),
            ("Wps__clientId".to_string(), Some(CLIENT_ID.to_string())),
        ]
    );
    assert_eq!(
        names(BindingsForm { managed_identity_resource_id: IDENTITY_ID.into(), ..identity_form() })[2],
        "WebPubSubConnectionString__managedIdentityResourceId"
    );
}

#[test]
fn local_settings_use_colons_and_the_worker_runtime() {
    for (worker, runtime) in [(Worker::JavaScript, "node"), (Worker::Python, "python")] {
        let p = plan(&BindingsForm { worker, client_id: CLIENT_ID.into(), ..identity_form() });
        let v: Value = serde_json::from_str(&text(&p, "local.settings.json")).unwrap();
        assert_eq!(v["IsEncrypted"], false);
        let values = v["Values"].as_object().unwrap();
        assert_eq!(values["FUNCTIONS_WORKER_RUNTIME"], runtime);
        assert_eq!(values["AzureWebJobsStorage"], "UseDevelopmentStorage=true");
        assert_eq!(values["WebPubSubConnectionString:serviceUri"], "https://contoso-webpubsub.webpubsub.azure.com");
        // Locally there is no managed identity: no credential, no clientId (issue 12; these two
        // lines used to expect managedidentity and the client ID).
        assert!(!values.contains_key("WebPubSubConnectionString:credential"));
        assert!(!values.contains_key("WebPubSubConnectionString:clientId"));
        assert!(values.keys().all(|k| !k.contains("__")));
    }
    let p = plan(&BindingsForm { worker: Worker::CsharpIsolated, ..BindingsForm::default() });
    let v: Value = serde_json::from_str(&text(&p, "local.settings.json")).unwrap();
    assert_eq!(v["Values"]["FUNCTIONS_WORKER_RUNTIME"], "dotnet-isolated");
    assert!(v["Values"]["WebPubSubConnectionString"].as_str().unwrap().contains("az rest --method post --url /subscriptions/{subscriptionId}/resourceGroups/contoso/providers/Microsoft.SignalRService/webPubSub/contoso-webpubsub/listKeys?api-version=2024-03-01 --query primaryConnectionString"));
}

/// https://learn.microsoft.com/azure/azure-functions/functions-bindings-web-pubsub#identity-based-connections:
/// `credential` only where a managed identity exists; locally the developer's own identity signs in
/// (https://learn.microsoft.com/azure/azure-functions/functions-reference#local-development-with-identity-based-connections).
#[test]
fn local_settings_sign_in_as_the_developer_and_say_so() {
    let forms = [
        identity_form(),
        BindingsForm { credential: "managedidentity".into(), ..identity_form() },
        BindingsForm { client_id: CLIENT_ID.into(), ..identity_form() },
        BindingsForm { managed_identity_resource_id: IDENTITY_ID.into(), setting_prefix: "Wps".into(), ..identity_form() },
    ];
    for form in forms {
        let p = plan(&form);
        let a = bindings::artifact(&p, "local.settings.json").unwrap();
        let v: Value = serde_json::from_str(&a.text).unwrap();
        let keys: Vec<&String> = v["Values"].as_object().unwrap().keys().collect();
        let prefix = &p.setting;
        assert_eq!(keys, ["AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", &format!("{prefix}:serviceUri")], "{form:?}");
        let notes = a.notes.join("\n");
        assert!(notes.contains("no managed identity"), "{notes}");
        assert!(notes.contains("DefaultAzureCredential"), "{notes}");
        assert!(notes.contains("az login"), "{notes}");
        assert!(notes.contains("Web PubSub Service Owner role on 'contoso-webpubsub'"), "{notes}");
        assert!(notes.contains("functions-reference#local-development-with-identity-based-connections"), "{notes}");
        assert!(!notes.contains("remove the credential"), "{notes}");
        // In Azure the app settings keep the managed identity they name.
        let azure: Vec<String> = p.settings("__").into_iter().map(|(k, _)| k).collect();
        if form.client_id.is_empty() && form.managed_identity_resource_id.is_empty() && form.credential.is_empty() {
            assert_eq!(azure.len(), 1);
        } else {
            assert!(azure.contains(&format!("{prefix}__credential")), "{azure:?}");
        }
    }
    // A connection string is the same locally.
    let p = plan(&BindingsForm::default());
    let a = bindings::artifact(&p, "local.settings.json").unwrap();
    assert!(!a.notes.join(" ").contains("DefaultAzureCredential"));
}

#[test]
fn the_developer_gets_the_role_for_local_runs_in_every_shell() {
    for shell in Shell::ALL {
        let p = plan(&BindingsForm { shell, client_id: CLIENT_ID.into(), ..identity_form() });
        let r = text(&p, "role-assignment");
        if shell == Shell::PowerShellAz {
            // The Az module: Get-AzADUser -SignedIn (Az.Resources) and New-AzRoleAssignment -ObjectType User.
            assert!(r.contains("$myId = (Get-AzADUser -SignedIn).Id"), "{r}");
            assert_eq!(r.matches("-ObjectType User ").count(), 1, "{r}");
            assert_eq!(r.matches("Web PubSub Service Owner").count(), 2, "{r}");
            continue;
        }
        assert!(r.contains("az ad signed-in-user show --query id --output tsv"), "{shell:?}: {r}");
        assert_eq!(r.matches("--assignee-principal-type User").count(), 1, "{shell:?}: {r}");
        assert_eq!(r.matches("Web PubSub Service Owner").count(), 2, "{shell:?}: {r}");
        if shell == Shell::Bash {
            bash_n(&r);
        }
    }
    let p = plan(&BindingsForm::default());
    assert!(!text(&p, "role-assignment").contains("signed-in-user"));
}

#[test]
fn portal_json_is_the_advanced_edit_array() {
    let p = plan(&BindingsForm { managed_identity_resource_id: IDENTITY_ID.into(), ..identity_form() });
    let v: Value = serde_json::from_str(&text(&p, "app-settings-json")).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        assert_eq!(item.as_object().unwrap().keys().collect::<Vec<_>>(), ["name", "value", "slotSetting"]);
        assert_eq!(item["slotSetting"], false);
    }
    assert_eq!(items[2]["name"], "WebPubSubConnectionString__managedIdentityResourceId");
    assert_eq!(items[2]["value"], IDENTITY_ID);
}

#[test]
fn bash_commands_parse_and_quote_through_shell_bash() {
    let forms = [
        BindingsForm::default(),
        identity_form(),
        BindingsForm { client_id: CLIENT_ID.into(), ..identity_form() },
        BindingsForm { managed_identity_resource_id: IDENTITY_ID.into(), resource_group: "rg(1)".into(), ..identity_form() },
    ];
    for f in forms {
        let p = plan(&f);
        for id in ["app-settings", "role-assignment", "event-handler-url"] {
            bash_n(&text(&p, id));
        }
    }
    let p = plan(&BindingsForm { resource_group: "rg(1)".into(), client_id: CLIENT_ID.into(), ..identity_form() });
    let s = text(&p, "app-settings");
    assert!(s.starts_with("az functionapp config appsettings set --name contoso-func --resource-group 'rg(1)' --output none --settings"), "{s}");
    assert!(s.contains("WebPubSubConnectionString__clientId=11111111-2222-3333-4444-555555555555"));
    let r = text(&p, "role-assignment");
    assert!(r.contains("--role 'Web PubSub Service Owner'"), "{r}");
    assert!(r.contains("az identity list --query '[?clientId=='\\''11111111-2222-3333-4444-555555555555'\\''].principalId | [0]'"), "{r}");
    assert!(r.contains("az resource show --resource-group 'rg(1)' --name contoso-webpubsub --resource-type Microsoft.SignalRService/webPubSub --api-version 2024-03-01 --query id --output tsv"), "{r}");
}

#[test]
fn connection_string_commands_never_print_the_secret() {
    let p = plan(&BindingsForm::default());
    let s = text(&p, "app-settings");
    assert!(s.contains("connection_string=$(az rest --method post --url '/subscriptions/{subscriptionId}/resourceGroups/contoso/providers/Microsoft.SignalRService/webPubSub/contoso-webpubsub/listKeys?api-version=2024-03-01' --query primaryConnectionString --output tsv)"), "{s}");
    assert!(s.contains("--settings WebPubSubConnectionString=\"$connection_string\""));
    assert!(s.contains("--output none"));
    let r = bindings::artifact(&p, "role-assignment").unwrap();
    assert!(r.text.starts_with('#') && r.text.contains("no role assignment"));
    bash_n(&r.text);
}

#[test]
fn powershell_and_cmd_variants() {
    let p = plan(&BindingsForm { shell: Shell::PowerShell, client_id: CLIENT_ID.into(), ..identity_form() });
    let s = text(&p, "app-settings");
    assert!(s.contains("`\n  'WebPubSubConnectionString__serviceUri=https://contoso-webpubsub.webpubsub.azure.com'"), "{s}");
    let r = text(&p, "role-assignment");
    assert!(r.contains("$principalId = az identity list --query '[?clientId==''11111111-2222-3333-4444-555555555555''].principalId | [0]' --output tsv"), "{r}");
    assert!(r.contains("--role 'Web PubSub Service Owner'"));

    let p = plan(&BindingsForm { shell: Shell::Cmd, ..BindingsForm::default() });
    let s = text(&p, "app-settings");
    assert!(s.contains("for /f \"delims=\" %i in ('az rest --method post --url \"/subscriptions/{subscriptionId}/resourceGroups/contoso/providers/Microsoft.SignalRService/webPubSub/contoso-webpubsub/listKeys?api-version=2024-03-01\" --query primaryConnectionString"), "{s}");
    assert!(s.contains("\"WebPubSubConnectionString=%WPS_CONNECTION_STRING%\""));
    let p = plan(&BindingsForm { shell: Shell::Cmd, ..identity_form() });
    let r = text(&p, "role-assignment");
    assert!(r.contains("--role \"Web PubSub Service Owner\" --scope \"%SCOPE%\""), "{r}");
    assert!(r.contains("az functionapp identity assign --name contoso-func --resource-group contoso --query principalId"));
    assert_eq!(bindings::artifact(&p, "app-settings").unwrap().language, "bat");
}

#[test]
fn event_handler_url_reads_the_extension_key() {
    let p = plan(&BindingsForm::default());
    let e = text(&p, "event-handler-url");
    assert!(e.contains("https://contoso-func.azurewebsites.net/runtime/webhooks/webpubsub?code="));
    assert!(e.contains("az functionapp keys list --name contoso-func --resource-group contoso --query systemKeys.webpubsub_extension --output tsv"));
    assert!(e.contains("--hub-name chat"));
    bash_n(&e);
}

#[test]
fn samples_use_the_configured_names_with_plural_trigger_connections() {
    let p = plan(&BindingsForm { setting_prefix: "MyWps".into(), hub: "sample_hub".into(), ..BindingsForm::default() });
    let js = text(&p, "binding-javascript");
    assert!(js.contains("connections: ['MyWps']"));
    assert_eq!(js.matches("connection: 'MyWps'").count(), 2, "input and output take the singular connection");
    assert!(js.contains("type: 'webPubSubConnection'") && js.contains("type: 'webPubSub'") && js.contains("type: 'webPubSubTrigger'"));
    assert_eq!(js.matches("hub: 'sample_hub'").count(), 3);
    let cs = text(&p, "binding-csharp");
    assert!(cs.contains("[WebPubSubTrigger(\"sample_hub\", WebPubSubEventType.User, \"message\", \"MyWps\")]"));
    assert!(cs.contains("WebPubSubConnectionInput(Hub = \"sample_hub\", UserId = \"{query.userid}\", Connection = \"MyWps\")"));
    assert!(cs.contains("[WebPubSubOutput(Hub = \"sample_hub\", Connection = \"MyWps\")]"));
    let py = text(&p, "binding-python");
    assert!(py.contains("connections=[\"MyWps\"]"));
    assert_eq!(py.matches("connection=\"MyWps\"").count(), 2);
    assert!(py.contains("type=\"webPubSubTrigger\""));
    assert!(py.contains("eventName=\"message\", eventType=\"user\""));
    assert!(js.contains("context.triggerMetadata.connectionContext.userId"));
    // Braces in the generated code are balanced (format! escapes).
    for code in [&js, &cs] {
        assert_eq!(code.matches('{').count(), code.matches('}').count());
    }
}

/// Runs `tool args… file` on `code` saved as `name`; skipped (with a message) when the tool is missing.
fn syntax_check(code: &str, name: &str, tool: &str, args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, code).unwrap();
    match Command::new(tool).args(args).arg(&path).output() {
        Err(_) => eprintln!("{tool} not found: {name} not syntax-checked"),
        Ok(out) => assert!(out.status.success(), "{tool}: {}\n{code}", String::from_utf8_lossy(&out.stderr)),
    }
}

#[test]
fn javascript_and_python_samples_parse() {
    let p = plan(&BindingsForm { setting_prefix: "MyWps".into(), ..BindingsForm::default() });
    syntax_check(&text(&p, "binding-javascript"), "index.js", "node", &["--check"]);
    syntax_check(&text(&p, "binding-python"), "function_app.py", "python3", &["-m", "py_compile"]);
}

#[test]
fn prefilled_from_a_walkthrough_plan() {
    let mut f = Form::new(Scenario::WebPubSubFunction);
    f.target = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/apps/providers/Microsoft.Web/sites/my-func".into();
    let p = form::check(&f).plan.unwrap();
    let b = BindingsForm::from_plan(&p);
    assert_eq!((b.function_app.as_str(), b.resource_group.as_str(), b.service.as_str()), ("my-func", "apps", "contoso-webpubsub"));
}

#[test]
fn get_and_set_round_trip() {
    let mut f = BindingsForm::default();
    f.set(Field::Mode, "identity".into());
    f.set(Field::Worker, "python".into());
    f.set(Field::Shell, "powershell".into());
    f.set(Field::Hub, "h".into());
    assert_eq!((f.mode, f.worker, f.shell), (ConnectionMode::Identity, Worker::Python, Shell::PowerShell));
    f.set(Field::Worker, "java".into());
    assert_eq!(f.worker, Worker::Python);
    for field in Field::ALL {
        let v = f.get(field);
        let mut g = f.clone();
        g.set(field, v);
        assert_eq!(g, f);
    }
}

/// `az webpubsub …` is an Azure CLI extension, not in a plain az
/// (https://learn.microsoft.com/en-us/cli/azure/webpubsub: "part of the webpubsub extension"): every
/// command of the page uses core az, except the hub's, which comes after `az extension add --name webpubsub`.
#[test]
fn no_az_webpubsub_without_the_extension() {
    for shell in [Shell::Bash, Shell::PowerShell, Shell::Cmd] {
        for form in [BindingsForm { shell, ..BindingsForm::default() }, BindingsForm { shell, ..identity_form() }] {
            let p = plan(&form);
            for id in ["app-settings", "app-settings-json", "local.settings.json", "role-assignment", "event-handler-url"] {
                let t = text(&p, id);
                // A command, not a comment's mention (`for /f … ('az webpubsub …')` in cmd, `$(az webpubsub …)`).
                let commands: Vec<&str> = t.lines().filter(|l| !l.starts_with('#') && !l.starts_with("rem ")).collect();
                let first_use = commands.iter().position(|l| l.contains("az webpubsub "));
                let install = commands.iter().position(|l| l.starts_with("az extension add --name webpubsub --upgrade"));
                if let Some(at) = first_use {
                    assert!(install.is_some_and(|i| i < at), "{shell:?} {id}: az webpubsub before the extension line:\n{t}");
                }
            }
        }
    }
}
