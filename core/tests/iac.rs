//! The IaC exports parse in their own languages and carry exactly the plan's request, including a
//! request message full of characters each language treats specially.

#[path = "iac/schemas.rs"]
mod schemas;

use hcl::eval::{Context, Evaluate};
use serde_json::Value;
use splr_core::form::{check, Form, Plan};
use splr_core::iac;
use splr_core::scenario::Scenario;

/// Quotes of every kind, HCL and Bicep interpolation and directives, backslashes, a newline,
/// a tab, non-ASCII and an emoji.
const NASTY: &str = "say \"hi\" it's ${var} $${x} %{if true}y%{endif} %%{z} \\ C:\\temp\\n 承認 😀\tend\nnext `tick`";

fn plan(scenario: Scenario, message: &str) -> Plan {
    let mut form = Form::new(scenario);
    form.message = message.into();
    check(&form).plan.unwrap_or_else(|| panic!("{scenario:?} does not validate"))
}

fn text(plan: &Plan, id: &str) -> String {
    iac::artifact(plan, id).unwrap().text
}

fn block<'a>(body: &'a hcl::Body, identifier: &str, labels: &[&str]) -> &'a hcl::Body {
    body.blocks()
        .find(|b| b.identifier() == identifier && b.labels().iter().map(|l| l.as_str()).eq(labels.iter().copied()))
        .unwrap_or_else(|| panic!("no {identifier} {labels:?} block"))
        .body()
}

fn expr<'a>(body: &'a hcl::Body, key: &str) -> &'a hcl::Expression {
    body.attributes().find(|a| a.key() == key).unwrap_or_else(|| panic!("no attribute {key}")).expr()
}

/// The value an attribute evaluates to, as Terraform would see it (templates and escapes resolved).
fn value(body: &hcl::Body, key: &str) -> hcl::Value {
    expr(body, key).evaluate(&Context::new()).unwrap_or_else(|e| panic!("{key}: {e}"))
}

fn string(body: &hcl::Body, key: &str) -> String {
    match value(body, key) {
        hcl::Value::String(s) => s,
        other => panic!("{key} is {other:?}"),
    }
}

#[test]
fn ids_are_the_contract() {
    let p = plan(Scenario::WebPubSubFunction, "hi");
    let ids: Vec<_> = iac::artifacts(&p).iter().map(|a| a.id).collect();
    assert_eq!(ids, ["bicep", "arm-template", "terraform", "terraform-azapi"]);
    assert!(iac::artifact(&p, "nope").is_none());
}

#[test]
fn arm_template_is_deployable_and_carries_the_body() {
    for scenario in Scenario::ALL {
        let p = plan(scenario, NASTY);
        let t: Value = serde_json::from_str(&text(&p, "arm-template")).unwrap();
        assert_eq!(t["$schema"], "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
        assert_eq!(t["contentVersion"], "1.0.0.0");
        assert_eq!(t["parameters"]["serviceName"]["type"], "string");
        assert_eq!(t["parameters"]["serviceName"]["defaultValue"], p.service_name.as_str());
        assert_eq!(t["parameters"]["splrName"]["defaultValue"], p.name.as_str());
        let resources = t["resources"].as_array().unwrap();
        assert_eq!(resources.len(), 1);
        let r = &resources[0];
        assert_eq!(r["type"], format!("{}/sharedPrivateLinkResources", p.service.resource_type()));
        assert_eq!(r["apiVersion"], p.api_version.id);
        assert_eq!(r["name"], "[format('{0}/{1}', parameters('serviceName'), parameters('splrName'))]");
        // The properties are exactly the PUT body of the walkthrough.
        assert_eq!(r["properties"], serde_json::to_value(p.body()).unwrap()["properties"], "{scenario:?}");
        assert_eq!(r["properties"]["requestMessage"], NASTY.trim());
        assert!(t["outputs"]["sharedPrivateLinkResourceId"]["value"].as_str().unwrap().starts_with("[resourceId("));
    }
}

#[test]
fn arm_template_escapes_a_message_that_looks_like_an_expression() {
    let p = plan(Scenario::WebPubSubFunction, "[concat('a')]");
    let a = iac::artifact(&p, "arm-template").unwrap();
    let t: Value = serde_json::from_str(&a.text).unwrap();
    assert_eq!(t["resources"][0]["properties"]["requestMessage"], "[[concat('a')]");
    assert!(a.notes.iter().any(|n| n.contains("[[")));
    // Only a leading '[' with a trailing ']' is an expression.
    let p = plan(Scenario::WebPubSubFunction, "[urgent] please");
    let t: Value = serde_json::from_str(&text(&p, "arm-template")).unwrap();
    assert_eq!(t["resources"][0]["properties"]["requestMessage"], "[urgent] please");
}

#[test]
fn bicep_references_the_existing_service_and_declares_the_child() {
    let p = plan(Scenario::WebPubSubFunction, "please approve");
    let b = text(&p, "bicep");
    assert!(b.contains("resource svc 'Microsoft.SignalRService/webPubSub@2024-03-01' existing = {\n  name: serviceName\n}"), "{b}");
    assert!(b.contains("resource splr 'Microsoft.SignalRService/webPubSub/sharedPrivateLinkResources@2024-03-01' = {\n  parent: svc\n  name: splrName\n"));
    assert!(b.contains("param serviceName string = 'contoso-webpubsub'\n"));
    assert!(b.contains("param splrName string = 'func-pe'\n"));
    assert!(b.contains(&format!("    privateLinkResourceId: '{}'\n", p.target.id.text)));
    assert!(b.contains("    groupId: 'sites'\n"));
    assert!(b.contains("    requestMessage: 'please approve'\n"));
    assert!(!b.contains("fqdns"));
    // Braces balance (a quick structural check; Bicep itself is not available here).
    assert_eq!(b.matches('{').count(), b.matches('}').count());

    let s = text(&plan(Scenario::SignalRKeyVault, ""), "bicep");
    assert!(s.contains("'Microsoft.SignalRService/signalR/sharedPrivateLinkResources@2024-03-01'"));
    assert!(s.contains("groupId: 'vault'"));
    assert!(!s.contains("requestMessage"));
}

#[test]
fn bicep_pls_carries_fqdns_and_the_preview_version() {
    let p = plan(Scenario::WebPubSubPls, "x");
    let a = iac::artifact(&p, "bicep").unwrap();
    assert!(a.text.contains("@2025-12-01-preview' existing"));
    assert!(a.text.contains("    fqdns: [\n      'pls.contoso.com'\n    ]\n"));
    // No groupId property: the docs' request for a Private Link Service sends none, and the
    // warning Bicep gives for it is silenced on the line before `properties`.
    assert!(!a.text.contains("groupId:"));
    assert!(a.text.contains("  #disable-next-line BCP035\n  properties: {\n"), "{}", a.text);
    assert!(a.notes.iter().any(|n| n.contains("preview")));
}

/// Reads a Bicep single-quoted string back (the escapes Bicep defines).
fn unbicep(literal: &str) -> String {
    let inner = literal.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')).expect("quoted");
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' {
            panic!("unescaped quote in {literal}");
        }
        if c == '$' && chars.clone().next() == Some('{') {
            panic!("unescaped interpolation in {literal}");
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().unwrap() {
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '$' => out.push('$'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            other => panic!("unknown escape \\{other}"),
        }
    }
    out
}

#[test]
fn bicep_escapes_the_nasty_message() {
    let p = plan(Scenario::WebPubSubFunction, NASTY);
    let b = text(&p, "bicep");
    let line = b.lines().find(|l| l.trim_start().starts_with("requestMessage: ")).unwrap();
    let literal = line.trim_start().strip_prefix("requestMessage: ").unwrap();
    assert!(literal.contains(r"\${var}"), "{literal}");
    assert!(literal.contains(r"it\'s"));
    assert_eq!(unbicep(literal), NASTY.trim());
    // The message stays on one line.
    assert_eq!(b.lines().filter(|l| l.contains("next `tick`")).count(), 1);
}

#[test]
fn terraform_azurerm_parses_and_round_trips_the_nasty_message() {
    let p = plan(Scenario::WebPubSubFunction, NASTY);
    let a = iac::artifact(&p, "terraform").unwrap();
    let body = hcl::parse(&a.text).unwrap_or_else(|e| panic!("{e}\n{}", a.text));
    let r = block(&body, "resource", &["azurerm_web_pubsub_shared_private_link_resource", "splr"]);
    assert_eq!(string(r, "name"), "func-pe");
    assert_eq!(string(r, "subresource_name"), "sites");
    assert_eq!(string(r, "target_resource_id"), p.target.id.text);
    assert_eq!(string(r, "request_message"), NASTY.trim());
    assert_eq!(expr(r, "web_pubsub_id").to_string(), "data.azurerm_web_pubsub.service.id");
    let d = block(&body, "data", &["azurerm_web_pubsub", "service"]);
    assert_eq!(string(d, "name"), "contoso-webpubsub");
    assert_eq!(string(d, "resource_group_name"), "contoso");
    let provider = block(&body, "provider", &["azurerm"]);
    assert_eq!(string(provider, "subscription_id"), p.subscription);
    assert!(a.notes.iter().any(|n| n.contains("2024-03-01")));
}

#[test]
fn terraform_azurerm_signalr_uses_its_own_argument_names() {
    let p = plan(Scenario::SignalRStorage, "");
    let body = hcl::parse(&text(&p, "terraform")).unwrap();
    let r = block(&body, "resource", &["azurerm_signalr_shared_private_link_resource", "splr"]);
    assert_eq!(string(r, "sub_resource_name"), "table");
    assert_eq!(expr(r, "signalr_service_id").to_string(), "data.azurerm_signalr_service.service.id");
    assert!(r.attributes().all(|a| a.key() != "request_message" && a.key() != "subresource_name"));
    block(&body, "data", &["azurerm_signalr_service", "service"]);
}

#[test]
fn terraform_azurerm_says_so_when_it_cannot_express_the_form() {
    let p = plan(Scenario::WebPubSubPls, "x");
    let a = iac::artifact(&p, "terraform").unwrap();
    let body = hcl::parse(&a.text).unwrap();
    assert_eq!(body.blocks().count(), 0, "no resource that would silently drop fqdns");
    assert!(a.text.contains("fqdns") && a.text.contains("azapi"));
    assert!(a.notes.iter().any(|n| n.contains("fqdns") && n.contains("azapi")));
    // A preview api-version for a Function target: the resource is still exported, with a note.
    let mut form = Form::new(Scenario::WebPubSubFunction);
    form.api_version = "2024-08-01-preview".into();
    let p = check(&form).plan.unwrap();
    let a = iac::artifact(&p, "terraform").unwrap();
    assert!(a.notes.iter().any(|n| n.contains("not the 2024-08-01-preview")), "{:?}", a.notes);
}

#[test]
fn terraform_azapi_sends_the_body_as_is() {
    for scenario in Scenario::ALL {
        let p = plan(scenario, NASTY);
        let t = text(&p, "terraform-azapi");
        let body = hcl::parse(&t).unwrap_or_else(|e| panic!("{e}\n{t}"));
        let r = block(&body, "resource", &["azapi_resource", "splr"]);
        assert_eq!(
            string(r, "type"),
            format!("{}/sharedPrivateLinkResources@{}", p.service.resource_type(), p.api_version.id)
        );
        assert_eq!(string(r, "parent_id"), p.service_id());
        assert_eq!(string(r, "name"), p.name);
        // body = { properties = {...} } evaluates to exactly the walkthrough's PUT body.
        let evaluated = serde_json::to_value(value(r, "body")).unwrap();
        assert_eq!(evaluated, serde_json::to_value(p.body()).unwrap(), "{scenario:?}");
        let req = block(&body, "terraform", &[]);
        let providers = block(req, "required_providers", &[]);
        assert_eq!(serde_json::to_value(value(providers, "azapi")).unwrap()["source"], "Azure/azapi");
    }
}

#[test]
fn hcl_escapes_round_trip_through_a_real_parser() {
    for s in ["${", "$${", "$$${a}", "%{", "%%{", "$", "%", "a$", "\\${x}", "\"", "\u{1}\u{7f}", "\u{2028}"] {
        let src = format!("x = {}\n", iac::hcl_string(s));
        let body = hcl::parse(&src).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert_eq!(string(&body, "x"), s, "{src}");
    }
}
