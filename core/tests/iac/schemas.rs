//! Every IaC export checked against the public schemas of the tool that reads it, not against our own
//! idea of them: the ARM deploymentTemplate schema with the SignalRService resource schema of the
//! api-version used, bicep-types-az's and azapi's type data for the resource type, and the azurerm
//! provider's schema for its two shared-private-link resources. `fixtures/iac-schemas/README.md`
//! names each file's repository, commit, path and licence.
//!
//! JSON Schema is validated by the `jsonschema` crate. The bicep/azapi type data and the azurerm
//! attribute table are not JSON Schema, so [`bicep_type_schema`] and [`azurerm_block_schema`] turn
//! them into JSON Schema (conversion only) and the crate validates. Each check returns the errors it
//! finds, so `*_rejects_*` tests can show that the same check fails on a broken export.

use hcl::eval::{Context, Evaluate};
use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Retrieve, Uri, ValidationError, Validator};
use serde_json::{json, Map, Value};
use splr_core::api_version;
use splr_core::form::{check, Form, Plan};
use splr_core::iac;
use splr_core::scenario::Scenario;
use splr_core::service::Service;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Fixtures and the cases to check
// ---------------------------------------------------------------------------------------------

fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac-schemas").join(rel)
}

fn load(rel: &str) -> Value {
    let path = fixture_path(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Plans for every scenario, every api-version its service offers (for Private Link Service
/// targets every version that can carry `fqdns`), with and without a request message; the form's
/// default api-version; a deployment slot; two `fqdns`.
fn cases() -> Vec<(String, Plan)> {
    let mut out = Vec::new();
    let mut add = |label: String, form: Form| {
        let plan = check(&form).plan.unwrap_or_else(|| panic!("{label}: the form does not validate"));
        out.push((label, plan));
    };
    for scenario in Scenario::ALL {
        let service = scenario.service();
        add(format!("{scenario:?} default api-version"), Form::new(scenario));
        let mut nasty = Form::new(scenario);
        nasty.message = super::NASTY.into();
        add(format!("{scenario:?} default api-version, message full of quotes and escapes"), nasty);
        for v in api_version::versions(service) {
            // A version only in the REST specs (WPS 2026-03-01-preview) is not in the tools' type data yet
            // (bicep-types-az, azapi and the ARM schemas are generated from the released package tags).
            if (scenario.uses_fqdns() && !v.fqdns) || !v.released {
                continue;
            }
            for message in ["", "[urgent] please approve"] {
                let mut form = Form::new(scenario);
                form.api_version = v.id.into();
                form.message = message.into();
                add(format!("{scenario:?} {} message {message:?}", v.id), form);
            }
        }
    }
    let mut slot = Form::new(Scenario::WebPubSubFunction);
    slot.target = format!("{}/slots/staging", slot.target);
    add("WebPubSubFunction slot".into(), slot);
    let mut two = Form::new(Scenario::WebPubSubPls);
    two.fqdns = "pls.contoso.com,api.contoso.com".into();
    add("WebPubSubPls two fqdns".into(), two);
    out
}

fn export(plan: &Plan, id: &str) -> String {
    iac::artifact(plan, id).unwrap().text
}

/// `webPubSub` / `signalR`, as the schema files name the resource definitions.
fn segment(service: Service) -> &'static str {
    service.type_segment()
}

/// The type data of `tool` (bicep-types / azapi-types) for an api-version; empty when the tool has
/// none for it (then every type lookup in it fails).
fn types_file(tool: &str, service: Service, version: &str) -> Value {
    let dir = match service {
        Service::WebPubSub => "webpubsub",
        Service::SignalR => "signalr",
    };
    let rel = format!("{tool}/{dir}/{version}.json");
    if fixture_path(&rel).exists() {
        load(&rel)
    } else {
        json!({ "resourceTypes": [], "splr": {}, "parents": {} })
    }
}

/// The one error every schema reports for a Private Link Service export: the specs mark `groupId`
/// required, and the exports follow the service's documented request, which has none (see
/// `private_link_service_exports_omit_group_id_with_the_tools_opt_outs`).
const MISSING_GROUP_ID: &str = "/properties: \"groupId\" is a required property";

fn is_pls(plan: &Plan) -> bool {
    plan.group_id.is_none()
}

// ---------------------------------------------------------------------------------------------
// ARM template: deploymentTemplate.json (draft-04) with the api-version's resource schema
// ---------------------------------------------------------------------------------------------

const ARM_SCHEMAS: &str = "https://schema.management.azure.com/schemas/";

/// Serves the ARM schemas' remote `$ref`s (https://schema.management.azure.com/schemas/...) from the
/// local copies and refuses every other URI, so validation never touches the network.
struct LocalArmSchemas;

impl Retrieve for LocalArmSchemas {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let full = uri.as_str();
        let without_fragment = full.split('#').next().unwrap_or(full);
        let rel = without_fragment.strip_prefix(ARM_SCHEMAS).ok_or_else(|| format!("no local copy of {full}"))?;
        let path = fixture_path(&format!("arm/schemas/{rel}"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{full}: {}: {e}", path.display()))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn arm_validator(schema: &Value) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .with_retriever(LocalArmSchemas)
        .build(schema)
        .unwrap_or_else(|e| panic!("the schema does not compile: {e}"))
}

fn deployment_template_validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| arm_validator(&load("arm/schemas/2019-04-01/deploymentTemplate.json")))
}

/// The resource definition of exactly this api-version (plus ARM's resourceBase), so a template
/// cannot pass on the strength of another version's definition.
fn arm_resource_validator(service: Service, version: &str) -> std::sync::Arc<Validator> {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<(Service, String), std::sync::Arc<Validator>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(&(service, version.to_string())) {
        return v.clone();
    }
    let v = std::sync::Arc::new(arm_resource_validator_uncached(service, version));
    cache.lock().unwrap().insert((service, version.to_string()), v.clone());
    v
}

fn arm_resource_validator_uncached(service: Service, version: &str) -> Validator {
    arm_validator(&json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "allOf": [
            { "$ref": format!("{ARM_SCHEMAS}2019-04-01/deploymentTemplate.json#/definitions/resourceBase") },
            { "$ref": format!(
                "{ARM_SCHEMAS}{version}/Microsoft.SignalRService.json#/resourceDefinitions/{}_sharedPrivateLinkResources",
                segment(service)
            ) }
        ]
    }))
}

/// The innermost errors, with the branches of `oneOf` / `anyOf` opened up.
fn leaf_errors(e: &ValidationError<'_>, out: &mut Vec<(String, String)>) {
    match e.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } if !context.is_empty() => {
            for branch in context {
                for inner in branch {
                    leaf_errors(inner, out);
                }
            }
        }
        _ => out.push((e.instance_path().to_string(), format!("{}: {e}", e.instance_path()))),
    }
}

fn errors_of(v: &Validator, instance: &Value) -> Vec<String> {
    located_errors(v, instance).into_iter().map(|(_, m)| m).collect()
}

/// (instance path, message) of each innermost error.
fn located_errors(v: &Validator, instance: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in v.iter_errors(instance) {
        leaf_errors(&e, &mut out);
    }
    out
}

/// Errors of an exported ARM template: the whole file against deploymentTemplate.json, then its
/// resource against the resource schema of the plan's api-version (for readable messages).
fn arm_check(plan: &Plan, text: &str) -> Vec<String> {
    let template: Value = match serde_json::from_str(text) {
        Ok(t) => t,
        Err(e) => return vec![format!("not JSON: {e}")],
    };
    let mut errors = Vec::new();
    if !deployment_template_validator().is_valid(&template) {
        errors.push("the template does not validate against deploymentTemplate.json".to_string());
    }
    let resource = &template["resources"][0];
    let version = resource["apiVersion"].as_str().unwrap_or(plan.api_version.id);
    if fixture_path(&format!("arm/schemas/{version}/Microsoft.SignalRService.json")).exists() {
        let v = arm_resource_validator(plan.service, version);
        let mut inner = located_errors(&v, resource);
        // `properties` may also be an ARM expression (a string): that branch's "not a string" about
        // the whole object says nothing.
        inner.retain(|(path, m)| !(path == "/properties" && m.ends_with("is not of type \"string\"")));
        errors.extend(inner.into_iter().map(|(_, m)| format!("/resources/0{m}")));
    } else {
        errors.push(format!("no resource schema for api-version {version}"));
    }
    errors
}

// ---------------------------------------------------------------------------------------------
// bicep-types / azapi types: the adapter to JSON Schema
// ---------------------------------------------------------------------------------------------

/// bicep-types' property flags, the bits azapi reads too (`ObjectPropertyFlag` in
/// Azure/terraform-provider-azapi internal/azure/types/object_type.go @ c43c57bbdd5e4f8cc8bcaea8c6b83bb6b669db49:
/// Required = 1 << 0, ReadOnly = 1 << 1).
const REQUIRED: u64 = 1;
const READ_ONLY: u64 = 2;

/// Converts a bicep-types type (the data azapi embeds too) into a JSON Schema (2020-12) that says
/// the same about a value written into a resource body: an ObjectType's writable properties are
/// its properties, those flagged Required are required, others are not allowed (a ReadOnly one gets
/// its own `false` schema, so the error names it), StringType keeps its pattern and lengths,
/// StringLiteralType becomes `const`, UnionType `anyOf`, ArrayType `items`. An ObjectType the data
/// leaves without properties accepts any object. Conversion only: the crate validates.
fn bicep_type_schema(ty: &Value) -> Value {
    match ty["$type"].as_str().unwrap_or_default() {
        "ObjectType" => {
            let Some(props) = ty["properties"].as_object() else { return json!({ "type": "object" }) };
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (name, p) in props {
                let flags = p["flags"].as_u64().unwrap_or(0);
                if flags & READ_ONLY != 0 {
                    properties.insert(name.clone(), json!(false));
                    continue;
                }
                if flags & REQUIRED != 0 {
                    required.push(json!(name));
                }
                properties.insert(name.clone(), bicep_type_schema(&p["type"]));
            }
            json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
        }
        "StringType" => {
            let mut s = json!({ "type": "string" });
            for key in ["pattern", "minLength", "maxLength"] {
                if let Some(v) = ty.get(key) {
                    s[key] = v.clone();
                }
            }
            s
        }
        "StringLiteralType" => match ty.get("value") {
            Some(v) => json!({ "const": v }),
            None => json!({ "type": "string" }),
        },
        "UnionType" => json!({ "anyOf": ty["elements"].as_array().map(|e| e.iter().map(bicep_type_schema).collect::<Vec<_>>()).unwrap_or_default() }),
        "ArrayType" => json!({ "type": "array", "items": bicep_type_schema(&ty["itemType"]) }),
        "IntegerType" => json!({ "type": "integer" }),
        "BooleanType" => json!({ "type": "boolean" }),
        "AnyType" => json!({}),
        other => panic!("no JSON Schema conversion for bicep type {other:?}"),
    }
}

/// The SPLR body type of `service`@`version` in a bicep-types / azapi types file, as JSON Schema.
fn splr_body_schema(types: &Value, service: Service, version: &str) -> Result<Value, String> {
    let key = format!("{}/sharedPrivateLinkResources@{version}", service.resource_type());
    let body = types["splr"].get(&key).ok_or_else(|| format!("{key} is not in the type data"))?;
    Ok(bicep_type_schema(&body["body"]))
}

fn json_schema_errors(schema: &Value, instance: &Value) -> Vec<String> {
    let v = jsonschema::options().with_draft(Draft::Draft202012).build(schema).expect("the converted schema compiles");
    errors_of(&v, instance)
}

/// The readable property at `path` (`properties.status`) of the SPLR body type.
fn readable(types: &Value, service: Service, version: &str, path: &str) -> bool {
    let key = format!("{}/sharedPrivateLinkResources@{version}", service.resource_type());
    let mut ty = &types["splr"][&key]["body"];
    for part in path.split('.') {
        match ty["properties"].get(part) {
            Some(p) => ty = &p["type"],
            None => return false,
        }
    }
    true
}

// ---------------------------------------------------------------------------------------------
// Bicep
// ---------------------------------------------------------------------------------------------

/// Reads a Bicep single-quoted string (the escapes Bicep defines).
fn bicep_literal(literal: &str) -> Result<String, String> {
    let inner = literal.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')).ok_or(format!("not a string: {literal}"))?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' {
            return Err(format!("unescaped quote in {literal}"));
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('$') => out.push('$'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).ok_or("bad \\u escape")?);
            }
            other => return Err(format!("unknown escape \\{other:?}")),
        }
    }
    Ok(out)
}

/// A declaration `resource <sym> '<type>@<version>' [existing] = { ... }` of the exported file, its
/// body read back as JSON, and the diagnostics its `#disable-next-line` directives silence (by key).
struct BicepResource {
    symbol: String,
    type_ref: String,
    existing: bool,
    body: Map<String, Value>,
    disabled: HashMap<String, Vec<String>>,
}

struct BicepFile {
    params: HashMap<String, String>,
    resources: Vec<BicepResource>,
    outputs: Vec<String>,
}

/// Parses the subset of Bicep the exporter writes: params with string defaults, resources whose
/// bodies are `key: value` lines (strings, identifiers, nested objects, one-item-per-line arrays),
/// outputs. Identifiers that name a param become its default value, as Bicep passes it by default.
fn parse_bicep(text: &str) -> Result<BicepFile, String> {
    let mut file = BicepFile { params: HashMap::new(), resources: Vec::new(), outputs: Vec::new() };
    let mut lines = text.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        if line.is_empty() || line.starts_with("//") || line.starts_with('@') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("param ") {
            let (name, rest) = rest.split_once(' ').ok_or("param without type")?;
            let default = rest.strip_prefix("string = ").ok_or(format!("param {name}: not a string with a default"))?;
            file.params.insert(name.to_string(), bicep_literal(default)?);
        } else if let Some(rest) = line.strip_prefix("resource ") {
            let (symbol, rest) = rest.split_once(' ').ok_or("resource without type")?;
            let end = rest[1..].find('\'').ok_or("unterminated resource type")? + 1;
            let type_ref = rest[1..end].to_string();
            let tail = rest[end + 1..].trim();
            let existing = match tail {
                "existing = {" => true,
                "= {" => false,
                other => return Err(format!("resource {symbol}: unexpected {other:?}")),
            };
            let mut disabled = HashMap::new();
            let body = parse_bicep_object(&mut lines, &file.params, &mut disabled)?;
            file.resources.push(BicepResource { symbol: symbol.to_string(), type_ref, existing, body, disabled });
        } else if let Some(rest) = line.strip_prefix("output ") {
            let (_, value) = rest.split_once(" = ").ok_or("output without value")?;
            file.outputs.push(value.to_string());
        } else {
            return Err(format!("unexpected line {line:?}"));
        }
    }
    Ok(file)
}

fn parse_bicep_value<'a>(
    value: &str,
    lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>,
    params: &HashMap<String, String>,
    disabled: &mut HashMap<String, Vec<String>>,
) -> Result<Value, String> {
    Ok(match value {
        "{" => Value::Object(parse_bicep_object(lines, params, disabled)?),
        "[" => {
            let mut items = Vec::new();
            loop {
                let line = lines.next().ok_or("unterminated array")?;
                if line == "]" {
                    break;
                }
                items.push(parse_bicep_value(line, lines, params, disabled)?);
            }
            Value::Array(items)
        }
        v if v.starts_with('\'') => Value::String(bicep_literal(v)?),
        ident => match params.get(ident) {
            Some(default) => Value::String(default.clone()),
            None => json!({ "$symbol": ident }),
        },
    })
}

fn parse_bicep_object<'a>(
    lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>,
    params: &HashMap<String, String>,
    disabled: &mut HashMap<String, Vec<String>>,
) -> Result<Map<String, Value>, String> {
    let mut object = Map::new();
    let mut pending: Vec<String> = Vec::new();
    loop {
        let line = lines.next().ok_or("unterminated object")?;
        if line == "}" {
            return Ok(object);
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        if let Some(codes) = line.strip_prefix("#disable-next-line ") {
            pending.extend(codes.split_whitespace().map(String::from));
            continue;
        }
        let (key, value) = line.split_once(": ").ok_or(format!("not a property: {line:?}"))?;
        if !pending.is_empty() {
            disabled.insert(key.to_string(), std::mem::take(&mut pending));
        }
        let v = parse_bicep_value(value, lines, params, disabled)?;
        if object.insert(key.to_string(), v).is_some() {
            return Err(format!("{key} is declared twice"));
        }
    }
}

/// Errors of an exported Bicep file against bicep-types-az: both resource types exist for the
/// api-version, `parent` names the `existing` service, the declared body (name and properties) fits
/// the SPLR type, and the outputs read properties the type has. A BCP035 (missing required
/// property) silenced by `#disable-next-line BCP035` on `properties` is reported as
/// `disabled: ...` instead, so the caller sees both the finding and the opt-out.
fn bicep_check(plan: &Plan, text: &str) -> Vec<String> {
    let file = match parse_bicep(text) {
        Ok(f) => f,
        Err(e) => return vec![format!("does not parse: {e}")],
    };
    let version = plan.api_version.id;
    let types = types_file("bicep-types", plan.service, version);
    let known: Vec<&str> = types["resourceTypes"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    let mut errors = Vec::new();
    for r in &file.resources {
        if !known.iter().any(|k| k.eq_ignore_ascii_case(&r.type_ref)) {
            errors.push(format!("{}: type {} has no type information (BCP081)", r.symbol, r.type_ref));
        }
    }
    let Some(splr) = file.resources.iter().find(|r| !r.existing) else {
        return vec!["no resource is declared".into()];
    };
    let mut body = splr.body.clone();
    match body.remove("parent") {
        Some(Value::Object(p)) => {
            let parent = p.get("$symbol").and_then(Value::as_str).unwrap_or_default();
            if !file.resources.iter().any(|r| r.existing && r.symbol == parent) {
                errors.push(format!("parent {parent} is not an existing resource of the file"));
            }
        }
        other => errors.push(format!("parent is {other:?}, not a resource symbol")),
    }
    let schema = match splr_body_schema(&types, plan.service, version) {
        Ok(s) => s,
        Err(e) => return [errors, vec![e]].concat(),
    };
    for e in json_schema_errors(&schema, &Value::Object(body)) {
        let silenced = e.contains("is a required property")
            && e.starts_with("/properties:")
            && splr.disabled.get("properties").is_some_and(|c| c.iter().any(|c| c == "BCP035"));
        errors.push(if silenced { format!("disabled: {e}") } else { e });
    }
    for out in &file.outputs {
        let Some(path) = out.strip_prefix(&format!("{}.", splr.symbol)) else { continue };
        if !readable(&types, plan.service, version, path) {
            errors.push(format!("output reads {path}, which the type does not have"));
        }
    }
    errors
}

// ---------------------------------------------------------------------------------------------
// Terraform: HCL read back with hcl-rs, evaluated as Terraform would
// ---------------------------------------------------------------------------------------------

/// The values Terraform knows at plan time for the references the exports make: the data source's
/// `id` is the service's resource ID.
fn terraform_context(plan: &Plan) -> Context<'static> {
    let mut ctx = Context::new();
    let data = hcl::to_value(json!({
        "azurerm_web_pubsub": { "service": { "id": plan.service_id() } },
        "azurerm_signalr_service": { "service": { "id": plan.service_id() } }
    }))
    .unwrap();
    ctx.declare_var("data", data);
    ctx
}

fn evaluate(expr: &hcl::Expression, ctx: &Context) -> Result<Value, String> {
    let v = expr.evaluate(ctx).map_err(|e| e.to_string())?;
    serde_json::to_value(v).map_err(|e| e.to_string())
}

/// Terraform's meta-arguments, allowed in every resource and data block
/// (https://developer.hashicorp.com/terraform/language/meta-arguments).
const META_ARGUMENTS: [&str; 5] = ["count", "for_each", "provider", "depends_on", "lifecycle"];

/// Converts one azurerm resource schema (the attribute table in azurerm/v4.json, from the provider's
/// Go source) into a JSON Schema for the block's evaluated attributes: every argument a user may set
/// (required or optional; computed-only ones are not settable) is a property, the required ones are
/// required, nothing else is allowed. The validators whose rule the table carries become keywords:
/// `validation.StringIsNotEmpty` is `minLength: 1`, `networkValidate.PrivateLinkSubResourceName` is
/// the table's regex. Conversion only: the crate validates.
fn azurerm_block_schema(resource: &Value, subresource_regex: &str) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (name, a) in resource["schema"].as_object().unwrap() {
        let settable = a["required"] == true || a["optional"] == true;
        if !settable {
            properties.insert(name.clone(), json!(false));
            continue;
        }
        if a["required"] == true {
            required.push(json!(name));
        }
        let mut s = json!({});
        match a["type"].as_str() {
            Some("TypeString") => s["type"] = json!("string"),
            Some("TypeInt") => s["type"] = json!("integer"),
            Some("TypeBool") => s["type"] = json!("boolean"),
            _ => {}
        }
        match a["validate"].as_str() {
            Some("validation.StringIsNotEmpty") => s["minLength"] = json!(1),
            Some("networkValidate.PrivateLinkSubResourceName") => s["pattern"] = json!(subresource_regex),
            _ => {}
        }
        properties.insert(name.clone(), s);
    }
    for meta in META_ARGUMENTS {
        properties.insert(meta.into(), json!({}));
    }
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}

fn block_attributes(body: &hcl::Body, ctx: &Context, what: &str, errors: &mut Vec<String>) -> Value {
    let mut out = Map::new();
    for a in body.attributes() {
        match evaluate(a.expr(), ctx) {
            Ok(v) => {
                out.insert(a.key().to_string(), v);
            }
            Err(e) => errors.push(format!("{what}.{}: {e}", a.key())),
        }
    }
    Value::Object(out)
}

/// Errors of an exported azurerm file against the provider's schema: each resource and data block
/// is a type the provider registers, its attributes fit the type's schema (required present, none
/// unknown or computed-only, validators that the schema names), no nested blocks (the schemas have
/// none); the provider block has what azurerm 4 requires (`features {}`, `subscription_id`).
fn azurerm_check(plan: &Plan, text: &str) -> Vec<String> {
    let body = match hcl::parse(text) {
        Ok(b) => b,
        Err(e) => return vec![format!("does not parse: {e}")],
    };
    let provider = load("azurerm/v4.json");
    let regex = provider["private_link_subresource_name_regex"].as_str().unwrap();
    let ctx = terraform_context(plan);
    let mut errors = Vec::new();
    for block in body.blocks() {
        let labels: Vec<&str> = block.labels().iter().map(|l| l.as_str()).collect();
        let key = match (block.identifier(), labels.as_slice()) {
            ("resource", [t, _]) => {
                let registered = provider["registered"].as_array().unwrap().iter().any(|r| r == t);
                if !registered {
                    errors.push(format!("resource type {t} is not registered by azurerm"));
                }
                t.to_string()
            }
            ("data", [t, _]) => format!("data.{t}"),
            ("terraform", []) => {
                // The schema is the one of the provider version the file asks for.
                let wanted = block.body().blocks().find(|b| b.identifier() == "required_providers").and_then(|rp| {
                    let a = rp.body().attributes().find(|a| a.key() == "azurerm")?;
                    evaluate(a.expr(), &ctx).ok()?.get("version")?.as_str().map(String::from)
                });
                let major = provider["version"].as_str().unwrap().trim_start_matches('v').split('.').next().unwrap().to_string();
                if wanted.as_deref() != Some(&format!("~> {major}.0")) {
                    errors.push(format!("required_providers asks for azurerm {wanted:?}; the schema is of {}", provider["version"]));
                }
                continue;
            }
            ("provider", ["azurerm"]) => {
                let p = block.body();
                if provider["provider"]["features_block"] == true && !p.blocks().any(|b| b.identifier() == "features") {
                    errors.push("provider azurerm: the features {} block is required".into());
                }
                if provider["provider"]["subscription_id_required_at_plan"] == true
                    && !p.attributes().any(|a| a.key() == "subscription_id")
                {
                    errors.push("provider azurerm: subscription_id is required".into());
                }
                continue;
            }
            _ => continue,
        };
        let Some(schema) = provider["resources"].get(&key) else {
            errors.push(format!("{key}: no such type in the provider schema"));
            continue;
        };
        let what = format!("{key}.{}", labels[1]);
        for nested in block.body().blocks() {
            if nested.identifier() != "lifecycle" {
                errors.push(format!("{what}: unknown block {}", nested.identifier()));
            }
        }
        let instance = block_attributes(block.body(), &ctx, &what, &mut errors);
        let schema = azurerm_block_schema(schema, regex);
        errors.extend(json_schema_errors(&schema, &instance).into_iter().map(|e| format!("{what}{e}")));
    }
    errors
}

/// Converts azapi_resource's argument table (azapi/azapi_resource.json, from the provider's docs)
/// into a JSON Schema for the set of arguments a block sets: the Required ones are required, the
/// Required, Optional and Terraform meta-arguments are allowed, nothing else (Read-Only ones
/// cannot be set). Conversion only: the crate validates.
fn azapi_arguments_schema(args: &Value) -> Value {
    let mut properties = Map::new();
    for group in ["Required", "Optional"] {
        for name in args["arguments"][group].as_object().unwrap().keys() {
            properties.insert(name.clone(), json!({}));
        }
    }
    for name in args["arguments"]["Read-Only"].as_object().unwrap().keys() {
        properties.insert(name.clone(), json!(false));
    }
    for meta in META_ARGUMENTS {
        properties.insert(meta.into(), json!({}));
    }
    let required: Vec<&String> = args["arguments"]["Required"].as_object().unwrap().keys().collect();
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}

/// Errors of an exported azapi file against azapi_resource's arguments and azapi's embedded type
/// data: the arguments are the resource's, `type` names a type and api-version azapi knows, `body`
/// is an HCL object (azapi 2.x takes no JSON strings), `body` plus `name` fit the type (azapi adds
/// the `name` argument to the body it validates: `schemaValidate` in internal/services/resource.go
/// @ c43c57bbdd5e4f8cc8bcaea8c6b83bb6b669db49; `ObjectType.Validate` in
/// internal/azure/types/object_type.go rejects unknown and read-only properties and missing
/// required ones), `parent_id` is a resource of the parent type, and
/// `response_export_values` read properties the type has. With `schema_validation_enabled = false`
/// (azapi's documented opt-out) the body errors are reported as `disabled: ...`.
fn azapi_check(plan: &Plan, text: &str) -> Vec<String> {
    let file = match hcl::parse(text) {
        Ok(b) => b,
        Err(e) => return vec![format!("does not parse: {e}")],
    };
    let args = load("azapi/azapi_resource.json");
    let ctx = terraform_context(plan);
    let mut errors = Vec::new();
    let resources: Vec<_> =
        file.blocks().filter(|b| b.identifier() == "resource" && b.labels().first().is_some_and(|l| l.as_str() == "azapi_resource")).collect();
    if resources.len() != 1 {
        return vec![format!("{} azapi_resource blocks, expected 1", resources.len())];
    }
    let r = resources[0].body();
    // The arguments as the block sets them (values aside), against azapi_resource's argument table.
    let set: Map<String, Value> = r.attributes().map(|a| (a.key().to_string(), Value::Null)).collect();
    for e in json_schema_errors(&azapi_arguments_schema(&args), &Value::Object(set)) {
        errors.push(format!("azapi_resource{e}"));
    }
    let optional = args["arguments"]["Optional"].as_object().unwrap();
    for b in r.blocks() {
        let kind = optional.get(b.identifier()).and_then(Value::as_str).unwrap_or_default();
        if !kind.contains("Block") && b.identifier() != "lifecycle" {
            errors.push(format!("azapi_resource: unknown block {}", b.identifier()));
        }
    }
    let attr = |k: &str| r.attributes().find(|a| a.key() == k);
    let value = |k: &str, errors: &mut Vec<String>| -> Option<Value> {
        let a = attr(k)?;
        evaluate(a.expr(), &ctx).map_err(|e| errors.push(format!("{k}: {e}"))).ok()
    };
    let Some(Value::String(type_ref)) = value("type", &mut errors) else {
        errors.push("type is not a string".into());
        return errors;
    };
    let Some((resource_type, version)) = type_ref.split_once('@') else {
        errors.push(format!("type {type_ref} has no @api-version"));
        return errors;
    };
    let types = types_file("azapi-types", plan.service, version);
    if !types["splr"].as_object().unwrap().contains_key(&type_ref) {
        errors.push(format!("azapi knows no {type_ref}"));
        return errors;
    }
    let parent_type = resource_type.rsplit_once('/').map(|(p, _)| p).unwrap_or_default();
    match value("parent_id", &mut errors) {
        Some(Value::String(p)) => {
            let segment = format!("/providers/{parent_type}/").to_ascii_lowercase();
            if !p.to_ascii_lowercase().contains(&segment) || !types["parents"].as_object().unwrap().contains_key(&format!("{parent_type}@{version}")) {
                errors.push(format!("parent_id {p} is not a {parent_type}@{version}"));
            }
        }
        other => errors.push(format!("parent_id is {other:?}")),
    }
    if let Some(a) = attr("body") {
        if !matches!(a.expr(), hcl::Expression::Object(_)) {
            errors.push("body is not an HCL object (azapi 2.x reads no JSON string)".into());
        }
    }
    let mut body = match value("body", &mut errors) {
        Some(Value::Object(b)) => b,
        other => {
            errors.push(format!("body is {other:?}"));
            Map::new()
        }
    };
    if let Some(name) = value("name", &mut errors) {
        body.insert("name".into(), name);
    }
    let opted_out = matches!(value("schema_validation_enabled", &mut errors), Some(Value::Bool(false)));
    let schema = splr_body_schema(&types, plan.service, version).expect("checked above");
    for e in json_schema_errors(&schema, &Value::Object(body)) {
        errors.push(if opted_out { format!("disabled: {e}") } else { e });
    }
    if let Some(Value::Array(paths)) = value("response_export_values", &mut errors) {
        for p in paths {
            let p = p.as_str().unwrap_or_default();
            if !readable(&types, plan.service, version, p) {
                errors.push(format!("response_export_values: the type has no {p}"));
            }
        }
    }
    errors
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

/// What a check may still report for a plan: nothing, or for a Private Link Service target only the
/// missing groupId, silenced by the tool's opt-out where it has one.
fn expected(plan: &Plan, tool: &str) -> Vec<String> {
    if !is_pls(plan) {
        return vec![];
    }
    match tool {
        // ARM has no opt-out: the template says why in its `comments`.
        "arm-template" => vec![
            "the template does not validate against deploymentTemplate.json".into(),
            format!("/resources/0{MISSING_GROUP_ID}"),
        ],
        _ => vec![format!("disabled: {MISSING_GROUP_ID}")],
    }
}

fn run(tool: &str, check: fn(&Plan, &str) -> Vec<String>) {
    let mut failures = Vec::new();
    let all = cases();
    for (label, plan) in &all {
        let text = export(plan, tool);
        let errors = check(plan, &text);
        if errors != expected(plan, tool) {
            failures.push(format!("{label}:\n  {}", errors.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} {tool} exports fail their schema:\n{}", failures.len(), all.len(), failures.join("\n"));
}

#[test]
fn arm_templates_validate_against_the_deployment_template_schema() {
    run("arm-template", arm_check);
}

#[test]
fn bicep_files_fit_bicep_types() {
    run("bicep", bicep_check);
}

#[test]
fn azapi_bodies_fit_azapis_embedded_types() {
    run("terraform-azapi", azapi_check);
}

#[test]
fn azurerm_blocks_fit_the_provider_schema() {
    for (label, plan) in cases() {
        let text = export(&plan, "terraform");
        assert_eq!(azurerm_check(&plan, &text), Vec::<String>::new(), "{label}\n{text}");
        // A plan azurerm can express is exported as a resource (so the check above had one to read).
        let resources = hcl::parse(&text).unwrap().blocks().filter(|b| b.identifier() == "resource").count();
        assert_eq!(resources, usize::from(plan.fqdns.is_empty() && !is_pls(&plan)), "{label}");
    }
}

fn pls() -> Plan {
    check(&Form::new(Scenario::WebPubSubPls)).plan.unwrap()
}

fn function() -> Plan {
    check(&Form::new(Scenario::WebPubSubFunction)).plan.unwrap()
}

fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in\n{text}");
    text.replacen(from, to, 1)
}

fn line_removed(text: &str, starting: &str) -> String {
    let before = text.lines().count();
    let out: String = text.lines().filter(|l| !l.trim_start().starts_with(starting)).map(|l| format!("{l}\n")).collect();
    assert_eq!(out.lines().count(), before - 1, "no single line starts with {starting:?}");
    out
}

#[test]
fn the_arm_check_rejects_broken_templates() {
    let p = function();
    let good = export(&p, "arm-template");
    assert!(arm_check(&p, &good).is_empty());
    let t: Value = serde_json::from_str(&good).unwrap();
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut t = t.clone();
        f(&mut t);
        arm_check(&p, &serde_json::to_string(&t).unwrap())
    };
    let e = broken(&|t| {
        t["resources"][0]["properties"].as_object_mut().unwrap().remove("privateLinkResourceId");
    });
    // Both the whole-template check (through deploymentTemplate.json's resource list) and the
    // api-version's own resource schema see it.
    assert_eq!(
        e,
        [
            "the template does not validate against deploymentTemplate.json",
            "/resources/0/properties: \"privateLinkResourceId\" is a required property"
        ]
    );
    let e = broken(&|t| t["resources"][0]["apiVersion"] = json!("2099-01-01"));
    assert!(e.iter().any(|e| e.contains("deploymentTemplate.json")), "{e:?}");
    let e = broken(&|t| t["resources"][0]["properties"]["groupId"] = json!(["sites"]));
    assert!(e.iter().any(|e| e.contains("groupId") && e.contains("\"string\"")), "{e:?}");
    // The template itself is closed: an unknown top-level key fails.
    let e = broken(&|t| t["output"] = json!({}));
    assert_eq!(e, ["the template does not validate against deploymentTemplate.json"]);
    let e = broken(&|t| t["parameters"]["splrName"]["type"] = json!("text"));
    assert_eq!(e, ["the template does not validate against deploymentTemplate.json"]);
}

#[test]
fn the_bicep_check_rejects_broken_files() {
    let p = function();
    let good = export(&p, "bicep");
    assert!(bicep_check(&p, &good).is_empty());
    let e = bicep_check(&p, &line_removed(&good, "privateLinkResourceId:"));
    assert_eq!(e, ["/properties: \"privateLinkResourceId\" is a required property"]);
    let e = bicep_check(&p, &replaced(&good, "    groupId:", "    groupID: 'sites'\n    groupId:"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("groupID") && e[0].contains("not allowed"), "{e:?}");
    let e = bicep_check(&p, &replaced(&good, "    groupId:", "    status: 'Approved'\n    groupId:"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("/properties/status"), "a read-only property: {e:?}");
    let e = bicep_check(&p, &replaced(&good, "name: splrName", "name: 'a_b'"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("/name"), "{e:?}");
    let e = bicep_check(&p, &replaced(&good, "@2024-03-01' existing", "@2019-01-01' existing"));
    assert!(e[0].contains("BCP081"), "{e:?}");
    let e = bicep_check(&p, &replaced(&good, "splr.properties.status", "splr.properties.state"));
    assert_eq!(e, ["output reads properties.state, which the type does not have"]);
    // fqdns is not in the 2024-03-01 type.
    let e = bicep_check(&p, &replaced(&good, "    groupId:", "    fqdns: [\n      'a.contoso.com'\n    ]\n    groupId:"));
    assert!(e.len() == 1 && e[0].contains("fqdns"), "{e:?}");
    // The opt-out silences only a missing required property on `properties`, and only when present.
    let pls_text = export(&pls(), "bicep");
    let e = bicep_check(&pls(), &line_removed(&pls_text, "#disable-next-line BCP035"));
    assert_eq!(e, [MISSING_GROUP_ID]);
}

#[test]
fn the_azurerm_check_rejects_broken_blocks() {
    let p = function();
    let good = export(&p, "terraform");
    assert!(azurerm_check(&p, &good).is_empty());
    let e = azurerm_check(&p, &line_removed(&good, "target_resource_id"));
    assert_eq!(e, ["azurerm_web_pubsub_shared_private_link_resource.splr: \"target_resource_id\" is a required property"]);
    let e = azurerm_check(&p, &replaced(&good, "  subresource_name", "  fqdns = [\"pls.contoso.com\"]\n  subresource_name"));
    assert!(e.len() == 1 && e[0].contains("fqdns"), "{e:?}");
    let e = azurerm_check(&p, &replaced(&good, "= \"sites\"", "= \"s\""));
    assert!(e.len() == 1 && e[0].contains("/subresource_name"), "{e:?}");
    let e = azurerm_check(&p, &replaced(&good, "  subresource_name", "  status = \"Approved\"\n  subresource_name"));
    assert!(e.len() == 1 && e[0].contains("/status"), "a computed attribute: {e:?}");
    let e = azurerm_check(&p, &replaced(&good, "request_message    = \"please approve\"", "request_message    = \"\""));
    assert!(e.len() == 1 && e[0].contains("/request_message"), "{e:?}");
    let e = azurerm_check(&p, &replaced(&good, "data \"azurerm_web_pubsub\"", "data \"azurerm_webpubsub\""));
    assert!(e.iter().any(|e| e.contains("data.azurerm_webpubsub: no such type")), "{e:?}");
    let e = azurerm_check(&p, &replaced(&good, "  features {}\n", ""));
    assert_eq!(e, ["provider azurerm: the features {} block is required"]);
}

#[test]
fn the_azapi_check_rejects_broken_bodies() {
    let p = function();
    let good = export(&p, "terraform-azapi");
    assert!(azapi_check(&p, &good).is_empty());
    let e = azapi_check(&p, &line_removed(&good, "privateLinkResourceId"));
    assert_eq!(e, ["/properties: \"privateLinkResourceId\" is a required property"]);
    let e = azapi_check(&p, &replaced(&good, "      groupId", "      fqdns = [\"a.contoso.com\"]\n      groupId"));
    assert!(e.len() == 1 && e[0].contains("fqdns"), "not in 2024-03-01: {e:?}");
    let e = azapi_check(&p, &replaced(&good, "      groupId", "      provisioningState = \"Succeeded\"\n      groupId"));
    assert!(e.len() == 1 && e[0].starts_with("/properties/provisioningState"), "read-only: {e:?}");
    let e = azapi_check(&p, &replaced(&good, "@2024-03-01\"", "@2019-01-01\""));
    assert!(e.iter().any(|e| e.contains("azapi knows no")), "{e:?}");
    let e = azapi_check(&p, &replaced(&good, "  name      =", "  names     ="));
    assert!(e.iter().any(|e| e.contains("'names' was unexpected")), "{e:?}");
    assert!(e.iter().any(|e| e.contains("\"name\" is a required property")), "{e:?}");
    let e = azapi_check(&p, &line_removed(&good, "type      ="));
    assert!(e.iter().any(|e| e == "azapi_resource: \"type\" is a required property"), "{e:?}");
    let e = azapi_check(&p, &replaced(&good, "properties.status\"", "properties.state\""));
    assert_eq!(e, ["response_export_values: the type has no properties.state"]);
    // The opt-out is what silences the PLS finding: without it the same check fails.
    let pls_text = export(&pls(), "terraform-azapi");
    let e = azapi_check(&pls(), &line_removed(&pls_text, "schema_validation_enabled"));
    assert_eq!(e, [MISSING_GROUP_ID]);
}

#[test]
fn private_link_service_exports_omit_group_id_with_the_tools_opt_outs() {
    for (label, plan) in cases() {
        // create-pe.json is written from the same body (artifacts: body_pretty / body_cmd).
        let body = plan.body().to_value();
        let arm: Value = serde_json::from_str(&export(&plan, "arm-template")).unwrap();
        let resource = &arm["resources"][0];
        assert_eq!(resource["properties"], body["properties"], "{label}: the template sends the walkthrough's body");
        let bicep = export(&plan, "bicep");
        let azapi = export(&plan, "terraform-azapi");
        if is_pls(&plan) {
            assert!(body["properties"].get("groupId").is_none(), "{label}");
            assert!(resource["comments"].as_str().is_some_and(|c| c.contains("groupId")), "{label}");
            let before = bicep.lines().take_while(|l| l.trim() != "properties: {").last().unwrap();
            assert_eq!(before.trim(), "#disable-next-line BCP035", "{label}");
            assert!(azapi.contains("groupId is left out on purpose"), "{label}: the opt-out says why");
        } else {
            // The opt-outs stay where they are needed: every other export validates in full.
            assert!(resource.get("comments").is_none(), "{label}");
            assert!(!bicep.contains("#disable-next-line"), "{label}");
            assert!(!azapi.contains("schema_validation_enabled"), "{label}");
        }
    }
}

#[test]
fn the_api_version_table_matches_the_schemas() {
    // Every api-version the app offers has the SPLR type in each tool's data, and `fqdns` exactly
    // where the types have it.
    for service in [Service::WebPubSub, Service::SignalR] {
        // Released versions only: the tools' data has no spec-only version yet (WPS 2026-03-01-preview).
        for v in api_version::versions(service).iter().filter(|v| v.released) {
            let label = format!("{service:?} {}", v.id);
            for tool in ["bicep-types", "azapi-types"] {
                let types = types_file(tool, service, v.id);
                assert_eq!(readable(&types, service, v.id, "properties.fqdns"), v.fqdns, "{tool} {label}");
                assert!(readable(&types, service, v.id, "properties.privateLinkResourceId"), "{tool} {label}");
            }
            let arm = load(&format!("arm/schemas/{}/Microsoft.SignalRService.json", v.id));
            let def = format!("{}_sharedPrivateLinkResources", segment(service));
            assert!(arm["resourceDefinitions"].get(&def).is_some(), "ARM {label}");
            let has = arm["definitions"]["SharedPrivateLinkResourceProperties"]["properties"].get("fqdns").is_some();
            assert_eq!(has, v.fqdns, "ARM {label}");
        }
    }
}
