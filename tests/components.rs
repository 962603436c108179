//! Browser component tests: each test mounts the app into a real DOM in headless Chromium (driven by
//! wasm-bindgen-test-runner + chromedriver; see scripts/test.sh) with a given URL, then types, clicks
//! and reads the DOM as a user would.
//! Alone: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p splr-playground --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_landing_page_offers_every_scenario() {
    let app = open("");
    assert!(app.text("h1").contains("off the internet"));
    let cards: Vec<String> = app.all("[data-scenario]").iter().map(|e| e.get_attribute("data-scenario").unwrap()).collect();
    // The documented scenarios first: the Key Vault how-tos exist for both services (audit row 16).
    assert_eq!(
        &cards[..5],
        ["webpubsub-function", "signalr-function", "webpubsub-pls", "webpubsub-keyvault", "signalr-keyvault"]
    );
    assert_eq!(cards.len(), 7);
    // Picking one opens its walkthrough in place and puts it in the URL.
    app.click("[data-scenario=\"webpubsub-pls\"]");
    settle().await;
    assert!(app.text("h1").contains("Private Link Service"));
    assert_eq!(current_query(), "?scenario=webpubsub-pls");
    assert!(app.artifact("create-pe.json").contains("\"fqdns\": ["));
}

#[wasm_bindgen_test]
async fn the_url_is_written_when_typing_pauses_and_a_reload_meanwhile_loses_nothing() {
    let app = open("?scenario=webpubsub-function");
    settle().await;
    app.type_into("name", "orders-pe");
    settle().await;
    // The artifacts follow at once; the URL only once typing pauses.
    assert!(app.artifact("delete").contains("/sharedPrivateLinkResources/orders-pe?"));
    assert!(!current_query().contains("orders-pe"), "{}", current_query());
    // A reload right now (same tab, same URL) still opens the newest form.
    drop(app);
    let app = reload();
    settle().await;
    assert_eq!(app.value("name"), "orders-pe");
    assert!(current_query().contains("name=orders-pe"), "the restored form is written at once: {}", current_query());
    drop(app);

    // A link the tab did not write (pasted, opened) wins over what the tab kept.
    let app = open("?scenario=webpubsub-function");
    settle().await;
    app.type_into("name", "kept-pe");
    settle().await;
    drop(app);
    set_url_keeping_tab("?scenario=webpubsub-function&name=linked-pe");
    let app = reload();
    settle().await;
    assert_eq!(app.value("name"), "linked-pe");

    // Copy link writes the URL first: the link is the form as it is now.
    app.type_into("name", "copied-pe");
    settle().await;
    assert!(splr_playground::browser::href().contains("name=copied-pe"));
    assert!(current_query().contains("name=copied-pe"));
}

#[wasm_bindgen_test]
async fn a_deep_link_fills_the_form_and_the_artifacts() {
    let app = open("?scenario=signalr-function&service=my-signalr&name=up-pe&message=ok%20%26%20go&shell=powershell");
    settle().await;
    let input = app.get("[name=\"service\"]").unchecked_into::<HtmlInputElement>();
    assert_eq!(input.value(), "my-signalr");
    let create = app.artifact("create");
    assert!(create.contains("/signalR/my-signalr/sharedPrivateLinkResources/up-pe?api-version=2024-03-01"), "{create}");
    assert!(create.contains("--body '@create-pe.json'"), "{create}");
    assert!(app.artifact("create-pe.json").contains("\"requestMessage\": \"ok & go\""));
    for id in ["create-pe.json", "create", "poll", "poll-async", "approve", "status", "delete", "xff-python"] {
        assert!(!app.artifact(id).is_empty(), "{id} is empty");
    }
}

#[wasm_bindgen_test]
async fn typing_updates_artifacts_and_the_url_and_errors_show_next_to_the_field() {
    let app = open("?scenario=webpubsub-function");
    settle().await;
    app.type_into("name", "orders-pe");
    settle().await;
    assert!(app.artifact("delete").contains("/sharedPrivateLinkResources/orders-pe?"));
    settle_url().await;
    assert!(current_query().contains("name=orders-pe"), "{}", current_query());

    app.type_into("subscription", "not-a-guid");
    settle().await;
    let field = app.get("[data-field=\"subscription\"]");
    assert!(field.class_list().contains("invalid"));
    assert!(field.text_content().unwrap().contains("GUID"));
    assert_eq!(app.get("[name=\"subscription\"]").get_attribute("aria-invalid").as_deref(), Some("true"));
    // The artifacts keep the last valid form and say so.
    assert!(app.get(".stale-banner").class_list().contains("shown"));
    assert!(app.artifact("delete").contains("/subscriptions/00000000-0000-0000-0000-000000000000/"));
    // The bad value is kept (in the field and the URL), not lost.
    settle_url().await;
    assert!(current_query().contains("subscription=not-a-guid"));

    app.type_into("subscription", "11111111-2222-3333-4444-555555555555");
    settle().await;
    assert!(!app.get(".stale-banner").class_list().contains("shown"));
    assert!(app.artifact("delete").contains("/subscriptions/11111111-2222-3333-4444-555555555555/"));
}

#[wasm_bindgen_test]
async fn the_shell_selector_switches_every_shell_artifact() {
    let app = open("?scenario=webpubsub-function");
    settle().await;
    assert!(app.artifact("create-pe.json").starts_with("cat > create-pe.json <<'JSON'"));
    app.click("[data-shell=\"cmd\"]");
    settle().await;
    assert!(app.artifact("create-pe.json").starts_with(">create-pe.json echo {"));
    assert!(app.artifact("poll").starts_with("az resource wait"));
    settle_url().await;
    assert!(current_query().contains("shell=cmd"));
    let pressed = app.all("[data-shell=\"cmd\"][aria-pressed=\"true\"]").len();
    assert_eq!(pressed, app.all("[data-shell=\"cmd\"]").len());
}

#[wasm_bindgen_test]
async fn the_az_module_tab_sits_beside_the_az_cli_one_and_keeps_the_artifact_ids() {
    let app = open("?scenario=webpubsub-function&shell=powershell");
    settle().await;
    // Published links with shell=powershell still open PowerShell with the az CLI.
    assert!(app.artifact("create").starts_with("az rest --method put"));
    // The first shell block's tabs, in the core's order (Shell::ALL) with its labels.
    let labels: Vec<String> = app.all(".shell-tabs .tab").iter().take(4).map(|e| e.text_content().unwrap_or_default()).collect();
    assert_eq!(labels, ["bash", "PowerShell (az CLI)", "PowerShell (Az module)", "cmd"]);
    app.click("[data-shell=\"powershell-az\"]");
    settle().await;
    assert!(app.artifact("create").contains("Invoke-AzRestMethod -Method PUT -Path $path -Payload $payload -WaitForCompletion"));
    assert!(app.artifact("approve").contains("Approve-AzPrivateEndpointConnection -ResourceId"));
    assert!(app.artifact("create-pe.json").starts_with("$body = @'"));
    settle_url().await;
    assert!(current_query().contains("shell=powershell-az"), "{}", current_query());
    let pressed = app.all("[data-shell=\"powershell-az\"][aria-pressed=\"true\"]").len();
    assert_eq!(pressed, app.all("[data-shell=\"powershell-az\"]").len());
}

#[wasm_bindgen_test]
async fn bad_link_parameters_become_field_errors_not_crashes() {
    let app = open("?scenario=webpubsub-pls&apiVersion=2024-03-01&shell=zsh&target=%2Fsubscriptions%2Fx");
    settle().await;
    assert!(app.text("[data-field=\"apiVersion\"] .error").contains("cannot carry fqdns"));
    assert!(app.text("[data-field=\"target\"] .error").contains("Segment 2"));
    assert!(app.text("[data-field=\"shell\"]").contains("'zsh'"));
    // Never valid: the artifacts say what is missing instead of showing garbage.
    assert!(app.find("[data-artifact=\"create\"]").is_none());
    // 7 step artifacts, then the 4 IaC exports and the Markdown document.
    assert_eq!(app.all(".missing").len(), 12);
    assert!(app.text(".stale-banner").contains("before the commands can be generated"));
}

#[wasm_bindgen_test]
async fn a_pasted_slot_id_is_repaired_and_explained() {
    let app = open("?scenario=webpubsub-function");
    settle().await;
    app.type_into(
        "target",
        " _/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.Web/sites/contoso-func/slots/staging",
    );
    settle().await;
    let notes = app.text("[data-field=\"target\"] .notes");
    assert!(notes.contains("leading '_'"), "{notes}");
    assert!(notes.contains("sites-staging"), "{notes}");
    assert!(app.artifact("create-pe.json").contains("\"groupId\": \"sites-staging\""));
}

#[wasm_bindgen_test]
async fn the_verify_step_classifies_forwarded_addresses() {
    let app = open("?scenario=webpubsub-function");
    settle().await;
    let input = app.get("#xff-input").unchecked_into::<HtmlInputElement>();
    input.set_value("10.0.0.4:51234, 52.1.2.3");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    settle().await;
    assert_eq!(app.get(".verdict").get_attribute("data-verdict").as_deref(), Some("public"));
    assert_eq!(app.all(".xff-table tbody tr").len(), 2);
    assert!(app.text(".xff-table").contains("private (RFC 1918)"));
}

#[wasm_bindgen_test]
async fn the_simulated_world_follows_the_form_and_a_run_right_after_a_keystroke_uses_it() {
    let app = open("?scenario=webpubsub-function");
    settle().await;
    app.click("[data-speed=\"Max\"]");
    settle().await;
    // Type, then run at once (before typing has paused): the request names the new endpoint.
    app.type_into("name", "orders-pe");
    app.click("[data-run=\"Run create in the simulator\"]");
    settle().await;
    let log = app.text("[data-sim=\"log\"]");
    assert!(log.contains("PUT") && log.contains("sharedPrivateLinkResources/orders-pe"), "{log}");
    assert!(!log.contains("sharedPrivateLinkResources/func-pe"), "{log}");
    // Once typing has paused, that run's world is kept (it already is the form's).
    settle_url().await;
    assert!(app.text("[data-sim=\"log\"]").contains("sharedPrivateLinkResources/orders-pe"));

    // A later edit gives a fresh world once typing pauses: the log is empty again.
    app.type_into("name", "billing-pe");
    settle_url().await;
    assert_eq!(app.text("[data-sim=\"log\"]"), "", "a new form starts a new simulated world");
    app.click("[data-run=\"Run create in the simulator\"]");
    settle().await;
    assert!(app.text("[data-sim=\"log\"]").contains("sharedPrivateLinkResources/billing-pe"));

    // The same again without a pause: the log shows the new world even at the same length.
    app.type_into("name", "audit-pe");
    app.click("[data-run=\"Run create in the simulator\"]");
    settle().await;
    let log = app.text("[data-sim=\"log\"]");
    assert!(log.contains("sharedPrivateLinkResources/audit-pe") && !log.contains("billing-pe"), "{log}");
}

#[wasm_bindgen_test]
async fn an_in_page_link_keeps_the_page_its_typing_and_its_simulation() {
    let app = open("?scenario=webpubsub-function");
    settle().await;
    app.click("[data-speed=\"Max\"]");
    app.click("[data-run=\"Run create in the simulator\"]");
    settle().await;
    assert!(app.text("[data-sim=\"log\"]").contains("PUT"));
    // A table-of-contents link (a `#` link fires popstate) leaves the page as it is.
    app.click(".step-nav a[href=\"#step-iac\"]");
    settle().await;
    assert!(app.text("[data-sim=\"log\"]").contains("PUT"), "the simulation survives an in-page link");

    // Right after typing, too: the typing is kept and reaches the URL, next to the fragment.
    app.type_into("name", "toc-pe");
    app.click(".step-nav a[href=\"#step-docs\"]");
    settle_url().await;
    assert_eq!(app.value("name"), "toc-pe");
    assert!(current_query().contains("name=toc-pe"), "{}", current_query());
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "#step-docs");
    assert!(app.artifact("delete").contains("/sharedPrivateLinkResources/toc-pe?"));
}
