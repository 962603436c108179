//! `az role assignment create --role NAME --scope S` (azure-cli 2.91.0, role `custom.py`
//! `_resolve_role_id`, `create_role_assignment`): `GET {S}/providers/Microsoft.Authorization/roleDefinitions
//! ?$filter=roleName eq 'NAME'`, then `PUT {S}/providers/Microsoft.Authorization/roleAssignments/{guid}`.
//! Scopes inside the world only; the built-in roles the bindings page uses.

use super::error;
use serde_json::{json, Value};
use splr_core::arm::http::{Method, Request, Response};
use splr_core::arm::world::World;

/// Built-in roles the emulator knows (name, role definition GUID, Azure's built-in role ID): the one the
/// bindings page assigns.
pub const BUILT_IN_ROLES: [(&str, &str); 1] = [("Web PubSub Service Owner", "12cf5a90-567b-43ae-8102-96cf46c7d9b4")];

pub fn answer(assignments: &mut Vec<Value>, world: &World, req: &Request) -> Option<Response> {
    let (url, segs) = super::segments(req)?;
    let at = segs.iter().position(|s| s.eq_ignore_ascii_case("Microsoft.Authorization"))?;
    if at < 1 || !segs[at - 1].eq_ignore_ascii_case("providers") {
        return None;
    }
    let scope = format!("/{}", segs[..at - 1].join("/"));
    let rest: Vec<String> = segs[at + 1..].iter().map(|s| s.to_ascii_lowercase()).collect();
    if !is_in_world(world, &scope) {
        let message = format!("The scope '{scope}' is not a resource of the emulator's world.");
        return Some(error(404, "ResourceNotFound", message));
    }
    match (rest.iter().map(String::as_str).collect::<Vec<_>>().as_slice(), req.method) {
        (["roledefinitions"], Method::Get) => Some(role_definitions(&scope, url.query("$filter").unwrap_or_default())),
        (["roleassignments", name], Method::Put) => {
            let body: Value = req.body.as_deref().and_then(|b| serde_json::from_str(b).ok()).unwrap_or(Value::Null);
            Some(assign(assignments, &scope, name, &body["properties"]))
        }
        _ => None,
    }
}

/// The service or one of the targets.
fn is_in_world(w: &World, scope: &str) -> bool {
    let s = scope.to_ascii_lowercase();
    let service_id = splr_core::resource_id::build(
        &w.service.subscription,
        &w.service.resource_group,
        &w.service.kind.resource_type(),
        &w.service.name,
    );
    s == service_id.to_ascii_lowercase() || w.targets.iter().any(|t| t.id.eq_ignore_ascii_case(&s))
}

/// The built-in roles whose name the `$filter` quotes (all of them without a filter).
fn role_definitions(scope: &str, filter: &str) -> Response {
    let value: Vec<Value> = BUILT_IN_ROLES
        .iter()
        .filter(|(name, _)| filter.is_empty() || filter.contains(&format!("'{name}'")))
        .map(|(name, guid)| {
            json!({
                "id": format!("{scope}/providers/Microsoft.Authorization/roleDefinitions/{guid}"),
                "name": guid, "type": "Microsoft.Authorization/roleDefinitions",
                "properties": {"roleName": name, "type": "BuiltInRole", "assignableScopes": ["/"], "permissions": []},
            })
        })
        .collect();
    Response::json(200, &json!({"value": value}))
}

/// A role assignment of a known built-in role to a principal, recorded as ARM answers it (201).
fn assign(assignments: &mut Vec<Value>, scope: &str, name: &str, props: &Value) -> Response {
    let Some(def) = props["roleDefinitionId"].as_str() else {
        return error(400, "InvalidRoleDefinitionId", "The role definition ID is missing.".into());
    };
    if !BUILT_IN_ROLES.iter().any(|(_, g)| def.to_ascii_lowercase().ends_with(&format!("/roledefinitions/{g}"))) {
        return error(400, "RoleDefinitionDoesNotExist", format!("The specified role definition with ID '{def}' does not exist."));
    }
    if props["principalId"].as_str().is_none_or(str::is_empty) {
        return error(400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.".into());
    }
    let v = json!({
        "id": format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"),
        "name": name, "type": "Microsoft.Authorization/roleAssignments",
        "properties": {
            "roleDefinitionId": def, "principalId": props["principalId"], "principalType": props["principalType"],
            "scope": scope,
        },
    });
    assignments.push(v.clone());
    Response::json(201, &v)
}
