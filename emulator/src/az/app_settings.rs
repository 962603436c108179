//! A site's app settings, the calls `az functionapp config appsettings set` makes (azure-cli 2.91.0,
//! `azure/cli/command_modules/appservice/custom.py` `update_app_settings`: `list_application_settings`
//! then `update_application_settings`, i.e. `POST {site}/config/appsettings/list` and
//! `PUT {site}/config/appsettings` with the merged settings), and `GET {site}/config/slotConfigNames`
//! for slot settings. Only on a site of the world; the model knows nothing else of a site's config.

use super::error;
use serde_json::{json, Map, Value};
use splr_core::arm::http::{Method, Request, Response, Url};
use splr_core::arm::world::World;
use splr_core::target::TargetKind;
use std::collections::BTreeMap;

/// `{site}/config/…`: which config resource.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SiteConfig {
    AppSettings,
    AppSettingsList,
    SlotConfigNames,
}

impl SiteConfig {
    /// The site's path and the config resource, for `/subscriptions/…/providers/Microsoft.Web/sites/{name}/config/…`.
    fn of(segs: &[String]) -> Option<(String, SiteConfig)> {
        let is = |i: usize, kw: &str| segs.get(i).is_some_and(|x| x.eq_ignore_ascii_case(kw));
        let keywords = [(0, "subscriptions"), (2, "resourceGroups"), (4, "providers"), (5, "Microsoft.Web"), (6, "sites"), (8, "config")];
        if !keywords.iter().all(|(i, kw)| is(*i, kw)) {
            return None;
        }
        let rest: Vec<String> = segs[9..].iter().map(|s| s.to_ascii_lowercase()).collect();
        let what = match rest.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["appsettings"] => SiteConfig::AppSettings,
            ["appsettings", "list"] => SiteConfig::AppSettingsList,
            ["slotconfignames"] => SiteConfig::SlotConfigNames,
            _ => return None,
        };
        Some((format!("/{}", segs[..8].join("/")), what))
    }
}

pub fn answer(settings: &mut BTreeMap<String, Map<String, Value>>, world: &World, req: &Request) -> Option<Response> {
    let (url, segs) = super::segments(req)?;
    let (site_path, what) = SiteConfig::of(&segs)?;
    if let Some(r) = refusal(req, &url) {
        return Some(r);
    }
    let site = world.targets.iter().find(|t| t.id.eq_ignore_ascii_case(&site_path) && t.kind == TargetKind::Site);
    let Some(site) = site else {
        return Some(error(
            404,
            "ResourceNotFound",
            format!("The Resource 'Microsoft.Web/sites/{}' under resource group '{}' was not found.", segs[7], segs[3]),
        ));
    };
    let dictionary = |name: &str, props: Value| {
        json!({
            "id": format!("{}/config/{name}", site.id), "name": name, "type": "Microsoft.Web/sites/config",
            "location": site.location, "properties": props,
        })
    };
    let key = site.id.to_ascii_lowercase();
    Some(match (what, req.method) {
        (SiteConfig::AppSettingsList, Method::Post) => {
            let props = settings.get(&key).cloned().unwrap_or_default();
            Response::json(200, &dictionary("appsettings", Value::Object(props)))
        }
        (SiteConfig::AppSettings, Method::Put) => match new_settings(req) {
            Ok(props) => {
                settings.insert(key, props.clone());
                Response::json(200, &dictionary("appsettings", Value::Object(props)))
            }
            Err(r) => r,
        },
        (SiteConfig::SlotConfigNames, Method::Get) => Response::json(
            200,
            &dictionary("slotConfigNames", json!({"connectionStringNames": null, "appSettingNames": null, "azureStorageConfigNames": null})),
        ),
        _ => error(405, "UnsupportedHttpMethod", format!("The requested resource does not support http method '{}'.", req.method)),
    })
}

/// A bearer token (the scheme is enough here) and an api-version.
fn refusal(req: &Request, url: &Url) -> Option<Response> {
    if !crate::gateway::has_bearer(req) {
        return Some(error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.".into()));
    }
    if url.query("api-version").is_none_or(str::is_empty) {
        return Some(error(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.".into(),
        ));
    }
    None
}

/// The PUT body's `properties`: an object of strings.
fn new_settings(req: &Request) -> Result<Map<String, Value>, Response> {
    let body = req.body.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok());
    let Some(Value::Object(props)) = body.as_ref().and_then(|b| b.get("properties")).cloned() else {
        return Err(error(
            400,
            "InvalidRequestContent",
            "The request content was invalid and could not be deserialized: 'properties' must be an object of strings.".into(),
        ));
    };
    if let Some((k, _)) = props.iter().find(|(_, v)| !v.is_string()) {
        return Err(error(400, "BadRequest", format!("The value of app setting '{k}' must be a string.")));
    }
    Ok(props)
}
