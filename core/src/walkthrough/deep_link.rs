//! Deep links: the whole form lives in the URL query, so a docs page can link to a filled form and a
//! reload keeps everything. Only values that differ from the scenario's defaults are written, which
//! keeps links short and still reproduces the form exactly.

use crate::walkthrough::form::{Field, FieldMap, Form};
use crate::query::Query;
use crate::walkthrough::scenario::Scenario;
use crate::service::Shell;

/// A form read from a link, with an error for every parameter that could not be used.
pub type Link = crate::form_kit::Linked<Form>;

/// Reads a query string (with or without the leading `?`). `None` when it names no scenario: the
/// landing page.
pub fn parse(query: &str) -> Option<Link> {
    let pairs = Query::parse(query);
    let scenario_text = pairs.get(Field::Scenario.param())?;
    let mut errors = FieldMap::new();
    let scenario = Scenario::from_slug(scenario_text).unwrap_or_else(|| {
        errors.insert(
            Field::Scenario,
            format!(
                "The link names an unknown scenario '{}'; showing {} instead.",
                crate::names::clip(scenario_text),
                Scenario::default().slug()
            ),
        );
        Scenario::default()
    });
    let mut form = Form::new(scenario);
    for field in Field::ALL {
        let Some(value) = pairs.get(field.param()) else { continue };
        match field {
            Field::Scenario => {}
            Field::Shell => match Shell::from_slug(value) {
                Some(shell) => form.shell = shell,
                None => {
                    errors.insert(
                        Field::Shell,
                        format!("The link asks for shell '{}'; use bash, powershell or cmd.", crate::names::clip(value)),
                    );
                }
            },
            _ => form.set(field, value.clone()),
        }
    }
    Some(Link { form, errors })
}

/// Writes the query string (without `?`) for `form`.
pub fn to_query(form: &Form) -> String {
    let defaults = Form::new(form.scenario);
    let mut out = form_urlencoded::Serializer::new(String::new());
    for field in Field::ALL {
        let value = form.get(field);
        if field == Field::Scenario || value != defaults.get(field) {
            out.append_pair(field.param(), &value);
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_scenario_means_the_landing_page() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("?shell=cmd"), None);
    }

    #[test]
    fn a_default_form_is_just_its_scenario() {
        assert_eq!(to_query(&Form::new(Scenario::SignalRFunction)), "scenario=signalr-function");
    }

    #[test]
    fn round_trips_everything_including_awkward_text() {
        let mut form = Form::new(Scenario::WebPubSubPls);
        form.message = "a&b=c?d#e %20 + '\"$(x) 承認\n".into();
        form.fqdns = "a.contoso.com,b.contoso.com".into();
        form.api_version = "2024-08-01-preview".into();
        form.group_id = String::new();
        form.shell = Shell::PowerShell;
        let q = to_query(&form);
        assert!(q.contains("shell=powershell"), "{q}");
        let link = parse(&format!("?{q}")).unwrap();
        assert!(link.errors.is_empty());
        assert_eq!(link.form, form);
    }

    #[test]
    fn both_powershell_links_open_their_own_shell() {
        // Published links say shell=powershell (the az CLI one); the Az module one is powershell-az.
        let old = parse("?scenario=signalr-function&shell=powershell").unwrap();
        assert!(old.errors.is_empty());
        assert_eq!(old.form.shell, Shell::PowerShell);
        let az = parse("?scenario=signalr-function&shell=powershell-az").unwrap();
        assert!(az.errors.is_empty());
        assert_eq!(az.form.shell, Shell::PowerShellAz);
        let form = Form { shell: Shell::PowerShellAz, ..Form::new(Scenario::SignalRFunction) };
        assert!(to_query(&form).contains("shell=powershell-az"), "{}", to_query(&form));
        assert_eq!(parse(&to_query(&form)).unwrap().form, form);
    }

    #[test]
    fn an_emptied_default_survives_a_reload() {
        let mut form = Form::new(Scenario::WebPubSubFunction);
        form.message.clear();
        assert_eq!(parse(&to_query(&form)).unwrap().form.message, "");
    }

    #[test]
    fn bad_parameters_become_field_errors() {
        let link = parse("scenario=nope&shell=zsh&name=x").unwrap();
        assert_eq!(link.form.scenario, Scenario::WebPubSubFunction);
        assert!(link.errors[&Field::Scenario].contains("'nope'"));
        assert!(link.errors[&Field::Shell].contains("'zsh'"));
        assert_eq!(link.form.name, "x");
        // Invalid percent-encoding and stray bytes do not crash.
        assert!(parse("scenario=webpubsub-pls&name=%ZZ%&%%%").is_some());
    }
}
