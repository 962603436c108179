//! The official x-ms-examples of the REST specs (fixtures/arm-examples, copied unchanged from
//! Azure/azure-rest-api-specs under the MIT licence; see fixtures/arm-examples/SOURCES.md):
//! the body generated from each CreateOrUpdate example's parameters has exactly its `properties`,
//! and every response body of the SPLR operations reads into our model.

use serde_json::Value;
use splr_core::form::{check, Form};
use splr_core::scenario::Scenario;
use splr_core::splr::SplrBody;
use std::fs;
use std::path::{Path, PathBuf};

fn examples(suffix: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arm-examples");
    let mut out = Vec::new();
    for dir in fs::read_dir(root).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            for f in fs::read_dir(&dir).unwrap() {
                let f = f.unwrap().path();
                if f.to_string_lossy().ends_with(suffix) {
                    out.push(f);
                }
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn create_or_update_bodies_match_the_official_examples() {
    let files = examples("SharedPrivateLinkResources_CreateOrUpdate.json");
    assert_eq!(files.len(), 3, "{files:?}");
    for file in files {
        let ex = read(&file);
        let p = &ex["parameters"];
        let props = &p["parameters"]["properties"];
        let name = file.file_name().unwrap().to_string_lossy();
        let scenario = if name.starts_with("SignalR") { Scenario::SignalRFunction } else { Scenario::WebPubSubFunction };
        let s = |v: &Value| v.as_str().unwrap().to_string();
        let form = Form {
            subscription: s(&p["subscriptionId"]),
            resource_group: s(&p["resourceGroupName"]),
            service: s(&p["resourceName"]),
            name: s(&p["sharedPrivateLinkResourceName"]),
            target: s(&props["privateLinkResourceId"]),
            group_id: s(&props["groupId"]),
            message: s(&props["requestMessage"]),
            api_version: s(&p["api-version"]),
            ..Form::new(scenario)
        };
        let checked = check(&form);
        assert!(checked.errors.is_empty(), "{name}: {:?}", checked.errors);
        let plan = checked.plan.unwrap();
        let body = serde_json::to_value(plan.body()).unwrap();
        assert_eq!(&body["properties"], props, "{}", file.display());
        assert!(plan.url().contains(&format!(
            "/resourceGroups/myResourceGroup/providers/Microsoft.SignalRService/{}/{}/sharedPrivateLinkResources/upstream?api-version={}",
            scenario.service().type_segment(),
            s(&p["resourceName"]),
            s(&p["api-version"])
        )));
    }
}

#[test]
fn every_splr_response_body_reads_into_the_model() {
    let mut seen = 0;
    for suffix in ["SharedPrivateLinkResources_Get.json", "SharedPrivateLinkResources_CreateOrUpdate.json"] {
        for file in examples(suffix) {
            for (code, response) in read(&file)["responses"].as_object().unwrap() {
                let body: SplrBody = serde_json::from_value(response["body"].clone())
                    .unwrap_or_else(|e| panic!("{} {code}: {e}", file.display()));
                assert_eq!(body.properties.group_id.as_deref(), Some("sites"));
                assert_eq!(body.properties.status.as_deref(), Some("Approved"));
                seen += 1;
            }
        }
    }
    for file in examples("SharedPrivateLinkResources_List.json") {
        for item in read(&file)["responses"]["200"]["body"]["value"].as_array().unwrap() {
            serde_json::from_value::<SplrBody>(item.clone()).unwrap();
            seen += 1;
        }
    }
    assert!(seen >= 12, "only {seen} bodies read");
}
