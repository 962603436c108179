//! presets.json: the documented example parses, each kind of mistake gets a specific error, and an
//! environment fills a form that validates.

use splr_core::form::{check, Form};
use splr_core::presets::{apply, apply_with_notes, matching, parse, ServiceType};
use splr_core::scenario::Scenario;

const SUB: &str = "11111111-2222-3333-4444-555555555555";

fn example() -> String {
    format!(
        r#"{{
  "version": 1,
  "environments": [
    {{
      "name": "dev",
      "description": "Shared dev subscription",
      "subscription": "{SUB}",
      "resourceGroup": "contoso-dev",
      "cloud": "AzureCloud",
      "apiVersion": "2024-03-01",
      "services": [
        {{ "type": "webpubsub", "name": "contoso-webpubsub-dev" }},
        {{ "type": "signalr", "name": "contoso-signalr-dev", "resourceGroup": "contoso-signalr" }}
      ],
      "targets": [
        "/subscriptions/{SUB}/resourceGroups/contoso-dev/providers/Microsoft.Web/sites/contoso-func-dev",
        "/subscriptions/{SUB}/resourceGroups/contoso-dev/providers/Microsoft.KeyVault/vaults/contoso-kv-dev"
      ]
    }},
    {{ "name": "prod", "subscription": "{SUB}", "resourceGroup": "contoso-prod" }}
  ]
}}"#
    )
}

fn errors(text: &str) -> Vec<String> {
    parse(text).unwrap_err().iter().map(|e| e.to_string()).collect()
}

#[test]
fn the_documented_example_parses() {
    let p = parse(&example()).unwrap();
    assert_eq!(p.version, 1);
    assert_eq!(p.environments.len(), 2);
    let dev = &p.environments[0];
    assert_eq!(dev.resource_group, "contoso-dev");
    assert_eq!(dev.services[1].kind, ServiceType::SignalR);
    assert_eq!(dev.services[1].resource_group.as_deref(), Some("contoso-signalr"));
    assert_eq!(p.environments[1].services.len(), 0);
}

#[test]
fn the_schema_in_the_doc_comment_is_the_example_here() {
    // The module doc's example must parse too (same shape, placeholder subscription).
    let src = include_str!("../src/walkthrough/presets.rs");
    let doc: String = src
        .lines()
        .skip_while(|l| !l.starts_with("//! ```json"))
        .skip(1)
        .take_while(|l| !l.starts_with("//! ```"))
        .map(|l| l.strip_prefix("//! ").unwrap_or(l.strip_prefix("//!").unwrap_or(l)))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(parse(&doc).is_ok(), "{:?}", parse(&doc).err());
}

#[test]
fn syntax_errors_say_line_and_column() {
    let e = errors("{\n  \"version\": 1,\n  \"environments\": [\n}");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("presets.json line 4, column 1: JSON syntax error"), "{e:?}");
    let e = errors("");
    assert!(e[0].contains("JSON syntax error"), "{e:?}");
}

#[test]
fn unknown_and_missing_fields_are_named() {
    let text = example().replace("\"subscription\": \"11111111", "\"subscriptionId\": \"11111111");
    let e = errors(&text);
    assert!(e[0].contains("unknown field `subscriptionId`"), "{e:?}");
    assert!(e[0].contains("line 7"), "{e:?}");
    let e = errors(&example().replace("\"type\": \"webpubsub\"", "\"type\": \"pubsub\""));
    assert!(e[0].contains("unknown variant `pubsub`"), "{e:?}");
    let e = errors(r#"{"version": 1}"#);
    assert!(e[0].contains("missing field `environments`"), "{e:?}");
}

#[test]
fn values_are_validated_with_specific_messages() {
    let text = example()
        .replacen(SUB, "my-subscription", 1)
        .replace("\"contoso-prod\"", "\"rg.\"")
        .replace("AzureCloud", "Azure")
        .replace("2024-03-01", "2099-01-01")
        .replace("contoso-webpubsub-dev", "x")
        .replace("/resourceGroups/contoso-dev/providers/Microsoft.Web", "/resourcegroup/contoso-dev/providers/Microsoft.Web")
        .replace("\"version\": 1", "\"version\": 2");
    let e = errors(&text);
    let find = |path: &str| e.iter().find(|m| m.contains(path)).unwrap_or_else(|| panic!("{path} not in {e:#?}")).clone();
    assert!(find("version:").contains("version 2 is not supported"));
    assert!(find("environments[0].subscription").contains("'my-subscription' is not a subscription ID"));
    assert!(find("environments[1].resourceGroup").contains("period"));
    assert!(find("environments[0].cloud").contains("AzureCloud"));
    assert!(find("environments[0].apiVersion").contains("2099-01-01"));
    assert!(find("environments[0].services[0].name").contains("3 to 63"));
    // The resource_id parser's own message, with the segment it stopped at.
    assert!(find("environments[0].targets[0]").contains("Segment 3: expected 'resourceGroups', found 'resourcegroup'"));
    let dup = example().replace("\"name\": \"prod\"", "\"name\": \"DEV\"");
    assert!(errors(&dup)[0].contains("environments[1].name"));
}

#[test]
fn apply_fills_the_form_for_the_scenario() {
    let p = parse(&example()).unwrap();
    let dev = &p.environments[0];

    let f = apply(&Form::new(Scenario::WebPubSubFunction), dev);
    assert_eq!(f.subscription, SUB);
    assert_eq!(f.resource_group, "contoso-dev");
    assert_eq!(f.service, "contoso-webpubsub-dev");
    assert!(f.target.ends_with("/sites/contoso-func-dev"));
    assert_eq!(f.api_version, "2024-03-01");
    assert_eq!(f.name, "func-pe");
    let plan = check(&f).plan.expect("the applied form validates");
    assert_eq!(plan.service_name, "contoso-webpubsub-dev");

    // SignalR + Key Vault: the SignalR service in its own resource group, the vault target.
    let f = apply(&Form::new(Scenario::SignalRKeyVault), dev);
    assert_eq!((f.service.as_str(), f.resource_group.as_str()), ("contoso-signalr-dev", "contoso-signalr"));
    assert!(f.target.ends_with("/vaults/contoso-kv-dev"));
    assert!(check(&f).plan.is_some());

    // What the preset lacks stays, with a note.
    let start = Form::new(Scenario::WebPubSubPls);
    let (f, notes) = apply_with_notes(&start, &p.environments[1]);
    assert_eq!(f.target, start.target);
    assert_eq!(f.service, start.service);
    assert_eq!(f.resource_group, "contoso-prod");
    assert_eq!(notes.len(), 2, "{notes:?}");
}

#[test]
fn matching_names_the_environment_a_form_is_filled_from() {
    let p = parse(&example()).unwrap();
    let name = |f: &Form| matching(f, &p).map(|e| e.name.clone());
    let example = Form::new(Scenario::WebPubSubFunction);
    assert_eq!(name(&example), None, "the scenario's example is from no environment");

    let dev = apply(&example, &p.environments[0]);
    assert_eq!(name(&dev).as_deref(), Some("dev"));
    // What presets never fill (the endpoint name, the message, the shell) keeps the match.
    let mut own = dev.clone();
    own.name = "orders-pe".into();
    own.message = "please approve".into();
    assert_eq!(name(&own).as_deref(), Some("dev"));
    // A value the environment fills, changed by hand, ends it.
    let mut edited = own.clone();
    edited.service = "another-webpubsub".into();
    assert_eq!(name(&edited), None);
    let mut grouped = own.clone();
    grouped.group_id = "sites".into();
    assert_eq!(name(&grouped), None, "dev leaves the groupId to the target");

    // prod fills only the subscription and resource group: the rest stays as it was, and matches.
    let prod = apply(&dev, &p.environments[1]);
    assert_eq!(name(&prod).as_deref(), Some("prod"));
}
