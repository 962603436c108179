//! Browser component tests of issue 5's UI: the IaC and Markdown blocks of the walkthrough, the
//! Functions bindings page (errors per field, identity vs connection string, the URL keeps the form)
//! and the team presets picker / problems message (with presets injected: no server needed).
//! Alone: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p splr-playground --target wasm32-unknown-unknown --test issue5`.
#![cfg(target_arch = "wasm32")]

mod support;

use splr_playground::components::presets::PresetsLoad;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_walkthrough_exports_iac_and_markdown_of_the_last_valid_form() {
    let app = open("?scenario=webpubsub-function&name=orders-pe");
    settle().await;
    assert!(app.text("#step-iac h2").contains("deploy it as code"));
    for id in ["bicep", "arm-template", "terraform", "terraform-azapi"] {
        assert!(app.artifact(id).contains("orders-pe"), "{id}: {}", app.artifact(id));
    }
    assert!(app.artifact("bicep").contains("sharedPrivateLinkResources"));
    serde_json::from_str::<serde_json::Value>(&app.artifact("arm-template")).expect("the ARM template is JSON");

    let md = app.artifact("markdown");
    assert!(md.starts_with("# Shared private endpoint: "), "{md}");
    assert!(md.contains("```bash\n"), "{md}");
    assert!(md.contains("## Or deploy it as code"));
    assert!(md.contains(&app.artifact("create")), "the Markdown carries the create command verbatim");
    // The deep link points at this page (origin + path) with the form's query.
    let location = web_sys::window().unwrap().location();
    let base = format!("{}{}", location.origin().unwrap(), location.pathname().unwrap());
    assert!(md.contains(&format!("{base}?scenario=webpubsub-function&name=orders-pe")), "{md}");
    let download = app.get("[data-download=\"markdown\"]");
    assert!(download.get_attribute("aria-label").unwrap().contains("walkthrough-webpubsub-function.md"));

    // The shell follows into the document.
    app.click("[data-shell=\"cmd\"]");
    settle().await;
    let md = app.artifact("markdown");
    assert!(md.contains("```bat\n") && !md.contains("```bash\n"), "{md}");
    assert!(md.contains(&app.artifact("create")), "the Markdown carries the cmd create command verbatim");

    // An invalid field: IaC and Markdown keep the last valid form.
    app.type_into("name", "bad name!");
    settle().await;
    assert!(app.get(".stale-banner").class_list().contains("shown"));
    assert!(app.artifact("bicep").contains("orders-pe"));
    assert!(app.artifact("markdown").contains("orders-pe"));
    assert!(app.get("figure.artifact:has([data-artifact=\"markdown\"])").class_list().contains("stale"));
    // A shell switch while a field is invalid still reaches the document, like the blocks it is made of.
    app.click("[data-shell=\"powershell\"]");
    settle().await;
    let md = app.artifact("markdown");
    assert!(md.contains("```powershell\n") && md.contains("orders-pe"), "{md}");
    assert!(md.contains(&app.artifact("create")), "the Markdown carries the PowerShell create command verbatim");
}

#[wasm_bindgen_test]
async fn iac_notes_are_shown_where_azurerm_cannot_express_the_form() {
    let app = open("?scenario=webpubsub-pls");
    settle().await;
    assert!(app.artifact("terraform-azapi").contains("fqdns"));
    let notes = app.text("figure.artifact:has([data-artifact=\"terraform\"]) .notes");
    assert!(notes.contains("fqdns"), "{notes}");
}

#[wasm_bindgen_test]
async fn a_never_valid_form_shows_no_iac_or_markdown() {
    let app = open("?scenario=webpubsub-function&subscription=nope");
    settle().await;
    assert!(app.find("[data-artifact=\"bicep\"]").is_none());
    assert!(app.find("[data-artifact=\"markdown\"]").is_none());
    assert!(app.get("[data-download=\"markdown\"]").has_attribute("disabled"));
    assert!(app.text("#step-docs .missing").contains("Subscription ID"));
    assert_eq!(app.text("#a-terraform-title"), "Terraform (azurerm)");
    assert_eq!(app.text("#a-markdown-title"), "Markdown for docs");
}

// ---- Functions bindings page ----

#[wasm_bindgen_test]
async fn the_bindings_page_is_reachable_from_the_landing_page_and_a_walkthrough() {
    let app = open("");
    settle().await;
    app.click("[data-page=\"bindings\"]");
    settle().await;
    assert!(app.text("h1").contains("Functions bindings"));
    assert_eq!(current_query(), "?page=bindings");
    drop(app);

    // From a walkthrough: prefilled from its plan (Web PubSub service, Function app target).
    let app = open("?scenario=webpubsub-function&service=orders-wps&resourceGroup=orders");
    settle().await;
    app.click(".intro [data-page=\"bindings\"]");
    settle().await;
    assert!(app.text("h1").contains("Functions bindings"));
    assert_eq!(app.value("service"), "orders-wps");
    assert_eq!(app.value("functionApp"), "contoso-func");
    assert!(current_query().starts_with("?page=bindings&"), "{}", current_query());
    assert!(current_query().contains("service=orders-wps"), "{}", current_query());
}

#[wasm_bindgen_test]
async fn the_bindings_page_labels_every_input_and_shows_errors_per_field() {
    let app = open("?page=bindings&mode=identity&clientId=nope&worker=csharp-isolated&shell=zsh");
    settle().await;
    assert_every_input_is_labelled(&app);
    assert!(app.text("[data-field=\"clientId\"] .error").contains("GUID"));
    assert_eq!(app.get("[name=\"clientId\"]").get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(app.text("[data-field=\"mode\"] .error").contains("isolated"));
    assert!(app.text("[data-field=\"shell\"]").contains("'zsh'"));
    // Never valid: the artifacts say what to fix.
    assert!(app.find("[data-artifact=\"app-settings\"]").is_none());
    assert!(app.text(".missing").contains("clientId"));
    assert_eq!(app.text("#a-app-settings-title"), "Set the app settings", "blocks are titled before the form is valid");

    // Fix them one by one.
    app.select("[name=\"worker\"]", "python");
    app.type_into("clientId", "11111111-2222-3333-4444-555555555555");
    settle().await;
    assert!(app.text("[data-field=\"mode\"] .error").is_empty());
    assert!(app.text("[data-field=\"clientId\"] .error").is_empty());
    assert!(app.artifact("app-settings").contains("WebPubSubConnectionString__clientId"));
    assert!(app.artifact("binding-python").contains("connections"), "{}", app.artifact("binding-python"));

    // clientId and managedIdentityResourceId together: both say so; the last valid form stays.
    app.type_into(
        "managedIdentityResourceId",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1",
    );
    settle().await;
    assert!(app.text("[data-field=\"clientId\"] .error").contains("never both"));
    assert!(app.text("[data-field=\"managedIdentityResourceId\"] .error").contains("never both"));
    assert!(app.get(".stale-banner").class_list().contains("shown"));
    assert!(app.artifact("app-settings").contains("__clientId"));
}

#[wasm_bindgen_test]
async fn connection_string_and_identity_give_different_settings() {
    let app = open("?page=bindings");
    settle().await;
    assert_eq!(app.all("[name=\"mode\"]").len(), 2);
    assert!(app.find("[name=\"clientId\"]").is_none(), "identity fields are hidden with a connection string");
    let settings = app.artifact("app-settings");
    assert!(settings.contains("/listKeys?api-version="), "{settings}");
    assert!(settings.contains("WebPubSubConnectionString="), "{settings}");
    assert!(!app.artifact("local.settings.json").contains("serviceUri"));
    for id in ["app-settings-json", "local.settings.json", "role-assignment", "event-handler-url", "binding-javascript"] {
        assert!(!app.artifact(id).is_empty(), "{id} is empty");
    }
    serde_json::from_str::<serde_json::Value>(&app.artifact("local.settings.json")).expect("local.settings.json is JSON");

    app.click("#b-mode-identity");
    settle().await;
    assert!(app.find("[name=\"clientId\"]").is_some());
    let settings = app.artifact("app-settings");
    assert!(settings.contains("WebPubSubConnectionString__serviceUri"), "{settings}");
    assert!(!settings.contains("key show"), "{settings}");
    let local = app.artifact("local.settings.json");
    assert!(local.contains("WebPubSubConnectionString:serviceUri"), "{local}");
    assert!(local.contains("https://contoso-webpubsub.webpubsub.azure.com"), "{local}");
    assert!(app.artifact("role-assignment").contains("Web PubSub Service Owner"));
    assert!(app.text("[data-field=\"serviceUri\"] .notes").contains("Using https://contoso-webpubsub.webpubsub.azure.com"));

    // The shell selector switches every shell artifact of the page.
    app.click("[data-shell=\"powershell\"]");
    settle().await;
    settle_url().await;
    assert!(current_query().contains("shell=powershell"));
    let pressed = app.all("[data-shell=\"powershell\"][aria-pressed=\"true\"]").len();
    assert_eq!(pressed, 3);
    assert_eq!(app.all("[data-shell=\"powershell\"]").len(), 3);
}

#[wasm_bindgen_test]
async fn a_reload_keeps_the_bindings_form() {
    let app = open("?page=bindings");
    settle().await;
    app.click("#b-mode-identity");
    settle().await;
    app.type_into("hub", "orders");
    app.type_into("setting", "Orders");
    app.type_into("extensionVersion", "1.10.1");
    app.select("[name=\"worker\"]", "python");
    app.click("[data-shell=\"cmd\"]");
    settle_url().await;
    let query = current_query();
    assert!(query.contains("mode=identity") && query.contains("hub=orders") && query.contains("worker=python"), "{query}");
    let before: Vec<String> = ["app-settings", "local.settings.json", "binding-python"].iter().map(|id| app.artifact(id)).collect();
    drop(app);

    let app = open(&query);
    settle().await;
    assert_eq!(app.value("hub"), "orders");
    assert_eq!(app.value("setting"), "Orders");
    assert_eq!(app.value("extensionVersion"), "1.10.1");
    assert_eq!(app.value("worker"), "python");
    assert!(app.get("#b-mode-identity").unchecked_into::<HtmlInputElement>().checked());
    let after: Vec<String> = ["app-settings", "local.settings.json", "binding-python"].iter().map(|id| app.artifact(id)).collect();
    assert_eq!(before, after);
    assert!(after[0].contains("Orders__serviceUri"), "{}", after[0]);
}

// ---- Team presets ----

const PRESETS: &str = r#"{
  "version": 1,
  "environments": [
    {
      "name": "dev",
      "description": "Shared dev subscription",
      "subscription": "11111111-2222-3333-4444-555555555555",
      "resourceGroup": "contoso-dev",
      "apiVersion": "2024-03-01",
      "services": [ { "type": "webpubsub", "name": "contoso-webpubsub-dev" } ],
      "targets": [ "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/contoso-dev/providers/Microsoft.Web/sites/contoso-func-dev" ]
    },
    { "name": "prod", "subscription": "99999999-2222-3333-4444-555555555555", "resourceGroup": "contoso-prod" }
  ]
}"#;

#[wasm_bindgen_test]
async fn picking_an_environment_fills_the_form_and_says_what_it_could_not() {
    let app = open_with_presets("?scenario=webpubsub-function&name=orders-pe", PresetsLoad::from_text(PRESETS));
    settle().await;
    assert!(app.find(".presets-problems").is_none());
    assert_every_input_is_labelled(&app);
    let options: Vec<String> = app.all("#f-environment option").iter().map(|o| o.text_content().unwrap()).collect();
    assert_eq!(options[1..], ["dev — Shared dev subscription".to_string(), "prod".to_string()]);

    app.select("#f-environment", "dev");
    settle().await;
    assert_eq!(app.value("subscription"), "11111111-2222-3333-4444-555555555555");
    assert_eq!(app.value("resourceGroup"), "contoso-dev");
    assert_eq!(app.value("service"), "contoso-webpubsub-dev");
    assert!(app.value("target").ends_with("/sites/contoso-func-dev"));
    assert_eq!(app.value("name"), "orders-pe", "what the preset does not know is kept");
    assert!(app.artifact("create").contains("/webPubSub/contoso-webpubsub-dev/"));
    settle_url().await;
    assert!(current_query().contains("resourceGroup=contoso-dev"));

    app.select("#f-environment", "prod");
    settle().await;
    assert_eq!(app.value("subscription"), "99999999-2222-3333-4444-555555555555");
    let notes = app.text("[data-field=\"environment\"] .notes");
    assert!(notes.contains("lists no Azure Web PubSub resource"), "{notes}");
    assert!(notes.contains("target is unchanged"), "{notes}");
}

#[wasm_bindgen_test]
async fn invalid_presets_are_reported_and_the_app_keeps_working() {
    let bad = r#"{ "version": 2, "environments": [ { "name": "dev", "subscriptionId": "x", "subscription": "y", "resourceGroup": "rg" } ] }"#;
    let app = open_with_presets("?scenario=webpubsub-function", PresetsLoad::from_text(bad));
    settle().await;
    let problems = app.text(".presets-problems");
    assert!(problems.contains("subscriptionId"), "{problems}");
    assert!(app.find("#f-environment").is_none(), "no picker with invalid presets");
    app.type_into("name", "still-works");
    settle().await;
    assert!(app.artifact("delete").contains("/still-works?"));
    app.click(".presets-problems button");
    settle().await;
    assert!(app.find(".presets-problems").is_none());

    let errors = match PresetsLoad::from_text(r#"{"version": 2, "environments": []}"#) {
        PresetsLoad::Invalid(e) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(errors.len(), 2);
    let app2 = open_with_presets("?", PresetsLoad::Invalid(errors));
    settle().await;
    assert_eq!(app2.all(".presets-problems li").len(), 2);
}

#[wasm_bindgen_test]
async fn without_presets_nothing_changes() {
    let app = open_with_presets("?scenario=webpubsub-function", PresetsLoad::Absent);
    settle().await;
    assert!(app.find("#f-environment").is_none());
    assert!(app.find(".presets-problems").is_none());
}
