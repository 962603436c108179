//! The bindings page in a URL: `?page=bindings&functionApp=…`, so a reload (or a shared link) keeps
//! the whole bindings form. Like [`crate::walkthrough::deep_link`], only values that differ from
//! [`BindingsForm::default`] are written, and a parameter that cannot be used becomes a field error.

use super::{BindingsForm, ConnectionMode, Field, Worker};
use crate::form_kit::{FieldMap, FormField};
use crate::query::Query;
use crate::service::Shell;

/// The query parameter that selects a page of the app, and its value for this page.
pub const PAGE_PARAM: &str = "page";
pub const PAGE: &str = "bindings";

/// A bindings form read from a link, with an error for every parameter that could not be used.
pub type BindingsLink = crate::form_kit::Linked<BindingsForm>;

/// The query parameter of each field (also the `name` of its input).
pub fn param(field: Field) -> &'static str {
    FormField::param(field)
}

/// Reads a query string (with or without `?`). `None` unless it says `page=bindings`.
pub fn parse(query: &str) -> Option<BindingsLink> {
    let pairs = Query::parse(query);
    if pairs.get(PAGE_PARAM).map(String::as_str) != Some(PAGE) {
        return None;
    }
    let mut form = BindingsForm::default();
    let mut errors = FieldMap::new();
    for field in Field::ALL {
        let Some(value) = pairs.get(param(field)) else { continue };
        let bad = |what: &str| format!("The link asks for {what} '{}'; use {}.", crate::names::clip(value), choices(field));
        match field {
            Field::Mode if ConnectionMode::from_slug(value).is_none() => {
                errors.insert(field, bad("connection"));
            }
            Field::Worker if Worker::from_slug(value).is_none() => {
                errors.insert(field, bad("language"));
            }
            Field::Shell if Shell::from_slug(value).is_none() => {
                errors.insert(field, bad("shell"));
            }
            _ => form.set(field, value.clone()),
        }
    }
    Some(BindingsLink { form, errors })
}

fn choices(field: Field) -> String {
    let slugs: Vec<&str> = match field {
        Field::Mode => ConnectionMode::ALL.iter().map(|m| m.slug()).collect(),
        Field::Worker => Worker::ALL.iter().map(|w| w.slug()).collect(),
        _ => Shell::ALL.iter().map(|s| s.slug()).collect(),
    };
    slugs.join(", ")
}

/// Writes the query string (without `?`) for `form`, starting with `page=bindings`.
pub fn to_query(form: &BindingsForm) -> String {
    let defaults = BindingsForm::default();
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair(PAGE_PARAM, PAGE);
    for field in Field::ALL {
        let value = form.get(field);
        if value != defaults.get(field) {
            out.append_pair(param(field), &value);
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bindings_page_parses() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("?scenario=webpubsub-function"), None);
        assert_eq!(parse("?page=other"), None);
        let link = parse("?page=bindings").unwrap();
        assert_eq!(link.form, BindingsForm::default());
        assert!(link.errors.is_empty());
    }

    #[test]
    fn a_default_form_is_just_the_page() {
        assert_eq!(to_query(&BindingsForm::default()), "page=bindings");
    }

    #[test]
    fn round_trips_every_field_including_awkward_text() {
        let form = BindingsForm {
            function_app: "orders-func".into(),
            resource_group: "rg (x) & y".into(),
            service: "orders-wps".into(),
            hub: "orders".into(),
            mode: ConnectionMode::Identity,
            setting_prefix: "Orders".into(),
            service_uri: "https://orders-wps.webpubsub.azure.com/?a=b#c".into(),
            credential: "managedidentity".into(),
            client_id: "11111111-2222-3333-4444-555555555555".into(),
            managed_identity_resource_id: "/subscriptions/x y/承認%20+".into(),
            worker: Worker::Python,
            extension_version: "1.10.1".into(),
            shell: Shell::Cmd,
        };
        let q = to_query(&form);
        assert!(q.starts_with("page=bindings&"), "{q}");
        assert!(q.contains("mode=identity") && q.contains("worker=python") && q.contains("shell=cmd"), "{q}");
        let link = parse(&format!("?{q}")).unwrap();
        assert!(link.errors.is_empty(), "{:?}", link.errors);
        assert_eq!(link.form, form);
    }

    #[test]
    fn emptied_defaults_survive_a_reload() {
        let form = BindingsForm { hub: String::new(), setting_prefix: String::new(), ..BindingsForm::default() };
        let back = parse(&to_query(&form)).unwrap().form;
        assert_eq!(back.hub, "");
        assert_eq!(back.setting_prefix, "");
    }

    #[test]
    fn bad_choices_become_field_errors_and_keep_the_default() {
        let link = parse("page=bindings&mode=oauth&worker=java&shell=zsh&hub=h1&%ZZ=%%").unwrap();
        assert!(link.errors[&Field::Mode].contains("'oauth'"), "{:?}", link.errors);
        assert!(link.errors[&Field::Mode].contains("connection-string, identity"));
        assert!(link.errors[&Field::Worker].contains("'java'"));
        assert!(link.errors[&Field::Shell].contains("'zsh'"));
        assert_eq!(link.form.mode, ConnectionMode::ConnectionString);
        assert_eq!(link.form.worker, Worker::JavaScript);
        assert_eq!(link.form.shell, Shell::Bash);
        assert_eq!(link.form.hub, "h1");
    }

    #[test]
    fn a_walkthrough_plan_prefills_a_link_that_reads_back() {
        let plan = crate::walkthrough::form::check(&crate::walkthrough::form::Form::new(crate::walkthrough::scenario::Scenario::WebPubSubFunction)).plan.unwrap();
        let form = BindingsForm::from_plan(&plan);
        assert_eq!(parse(&to_query(&form)).unwrap().form, form);
    }
}
