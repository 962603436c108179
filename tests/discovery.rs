//! The resource pickers in the browser (simulate mode): pick a service, a target and its slot, then a
//! subscription, with the keyboard and the mouse, and see the form, the generated commands and the empty
//! message follow. Alone: `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p splr-playground --target
//! wasm32-unknown-unknown --test discovery`.
#![cfg(target_arch = "wasm32")]

mod support;

use splr_core::arm::catalogue::SANDBOX_SUBSCRIPTION;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn key(app: &Mounted, selector: &str, k: &str) {
    let f = js_sys::Function::new_with_args("el,k", "el.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true}))");
    f.call2(&JsValue::NULL, &app.get(selector), &JsValue::from_str(k)).unwrap();
}

fn options(app: &Mounted, picker: &str) -> Vec<String> {
    app.all(&format!("[data-picker=\"{picker}\"] [role=option]"))
        .iter()
        .map(|e| e.get_attribute("data-pick-name").unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn picking_a_service_a_target_slot_and_a_subscription_fills_the_form_and_the_commands() {
    let app = open("?scenario=signalr-function");
    settle().await;
    app.click("[data-picker=\"service\"] button.pick");
    settle().await;
    assert_eq!(options(&app, "service"), ["contoso-signalr", "contoso-signalr-default", "contoso-signalr-free", "contoso-signalr-premium"]);
    let default = app.text("[data-picker=\"service\"] [data-pick-name=\"contoso-signalr-default\"]");
    assert!(default.contains("Default mode") && default.contains("Serverless mode"), "{default}");
    // Search, then the keyboard: Enter chooses the active option.
    app.type_into("pick-service-search", "prem");
    settle().await;
    assert_eq!(options(&app, "service"), ["contoso-signalr-premium"]);
    key(&app, "[name=\"pick-service-search\"]", "Enter");
    settle().await;
    assert_eq!(app.value("resourceGroup"), "contoso-prod");
    assert_eq!(app.value("service"), "contoso-signalr-premium");
    assert!(app.find("[data-picker=\"service\"] [role=listbox]").is_none(), "choosing closes the list");
    assert!(app.artifact("create").contains("/resourceGroups/contoso-prod/providers/Microsoft.SignalRService/signalR/contoso-signalr-premium/sharedPrivateLinkResources/"));

    // A site, then one of its slots.
    app.click("[data-picker=\"target\"] button.pick");
    settle().await;
    assert_eq!(options(&app, "target"), ["contoso-func", "contoso-orders", "contoso-web"]);
    app.click("[data-picker=\"target\"] [data-pick-name=\"contoso-orders\"]");
    settle().await;
    assert_eq!(options(&app, "target"), ["canary", "staging"], "in name order");
    key(&app, "[name=\"pick-target-search\"]", "ArrowDown");
    key(&app, "[name=\"pick-target-search\"]", "Enter");
    settle().await;
    assert!(app.value("target").ends_with("/providers/Microsoft.Web/sites/contoso-orders/slots/staging"), "{}", app.value("target"));
    assert!(app.artifact("create-pe.json").contains("\"groupId\": \"sites-staging\""), "{}", app.artifact("create-pe.json"));

    // The sandbox subscription: chosen, its target list is empty and says so.
    app.click("[data-picker=\"subscription\"] button.pick");
    settle().await;
    app.click(&format!("[data-picker=\"subscription\"] [data-pick-name=\"Sandbox (nothing deployed)\"]"));
    settle().await;
    assert_eq!(app.value("subscription"), SANDBOX_SUBSCRIPTION);
    app.click("[data-picker=\"target\"] button.pick");
    settle().await;
    let status = app.text("[data-picker=\"target\"] [data-pick=\"status\"]");
    assert!(status.contains(&format!("No Function apps or Web Apps in subscription {SANDBOX_SUBSCRIPTION} you can see")), "{status}");
    key(&app, "[name=\"pick-target-search\"]", "Escape");
    settle().await;
    assert!(app.find("[data-picker=\"target\"] [role=listbox]").is_none());
    settle_url().await;
    assert!(current_query().contains(SANDBOX_SUBSCRIPTION), "the deep link follows: {}", current_query());
}
