//! Property tests: no input, however long or strange, panics a parser or generator; and what the
//! generators promise holds for any valid form.

use proptest::prelude::*;
use splr_core::artifacts::{artifact, steps, SHELL_ARTIFACTS};
use splr_core::form::{check, Form};
use splr_core::json_text::{self, JsonStyle};
use splr_core::scenario::Scenario;
use splr_core::service::Shell;
use splr_core::{deep_link, forwarded_for, resource_id, shell, target};
use std::process::Command;

/// Text that mixes ID-like pieces, shell metacharacters, Unicode and control characters.
fn wild() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,200}",
        prop::collection::vec(
            prop_oneof![
                Just("/subscriptions/".to_string()),
                Just("00000000-0000-0000-0000-000000000000".to_string()),
                Just("/resourceGroups/".to_string()),
                Just("/providers/Microsoft.Web/sites/".to_string()),
                Just("/slots/".to_string()),
                Just("//".to_string()),
                Just("_".to_string()),
                Just(" ".to_string()),
                "[a-zA-Z0-9()._-]{0,12}",
                "[\\\\'\"$`%!^&|<>;\n\r\t\u{2018}\u{2019}承認😀]{0,4}",
            ],
            0..12
        )
        .prop_map(|parts| parts.concat()),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    prop::sample::select(Scenario::ALL.to_vec())
}

fn shell_() -> impl Strategy<Value = Shell> {
    prop::sample::select(Shell::ALL.to_vec())
}

/// Forms whose every field may be anything.
fn any_form() -> impl Strategy<Value = Form> {
    (scenario(), shell_(), prop::collection::vec(wild(), 9)).prop_map(|(scenario, shell, v)| Form {
        scenario,
        subscription: v[0].clone(),
        resource_group: v[1].clone(),
        service: v[2].clone(),
        name: v[3].clone(),
        target: v[4].clone(),
        group_id: v[5].clone(),
        fqdns: v[6].clone(),
        message: v[7].clone(),
        api_version: v[8].clone(),
        shell,
    })
}

/// Valid forms with free text where the form allows it (message) and awkward but valid names.
fn valid_form() -> impl Strategy<Value = Form> {
    (scenario(), shell_(), "[a-zA-Z0-9_.()-]{0,20}[a-zA-Z0-9]", "[a-z][a-z0-9-]{1,20}[a-z0-9]", any::<String>()).prop_map(
        |(scenario, shell, rg, name, message)| {
            let d = Form::new(scenario);
            Form {
                resource_group: rg.clone(),
                target: d.target.replace("/resourceGroups/contoso/", &format!("/resourceGroups/{rg}/")),
                name,
                message,
                shell,
                ..d
            }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic(s in wild()) {
        let _ = resource_id::parse(&s);
        let _ = target::parse(&s, &[target::TargetKind::Site, target::TargetKind::PrivateLinkService]);
        let _ = deep_link::parse(&s);
        let _ = deep_link::parse(&format!("scenario=webpubsub-pls&target={s}&{s}"));
        let _ = forwarded_for::analyse(&s);
        let _ = splr_core::form::parse_fqdns(&s);
    }

    #[test]
    fn checking_and_generating_never_panic(form in any_form()) {
        let c = check(&form);
        prop_assert_eq!(c.plan.is_some(), c.errors.is_empty());
        if let Some(plan) = &c.plan {
            for sh in Shell::ALL {
                let all = steps(plan, sh);
                prop_assert_eq!(all.len(), 5);
            }
        }
        let link = deep_link::parse(&deep_link::to_query(&form)).unwrap();
        prop_assert_eq!(link.form, form);
    }

    #[test]
    fn bodies_read_back_exactly_in_both_json_styles(form in valid_form()) {
        let plan = check(&form).plan.expect("valid form");
        let value = plan.body().to_value();
        for style in [JsonStyle::Pretty, JsonStyle::CmdSafe] {
            let text = json_text::write(&value, style);
            prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value.clone());
        }
    }

    #[test]
    fn cmd_artifacts_carry_no_character_cmd_would_interpret(form in valid_form()) {
        let plan = check(&form).plan.expect("valid form");
        let body = artifact(&plan, Shell::Cmd, "create-pe.json").unwrap().text;
        prop_assert!(body.is_ascii());
        prop_assert_eq!(body.lines().count(), 1);
        let json = body.trim_end().strip_prefix(">create-pe.json echo ").unwrap();
        prop_assert!(!json.contains(['&', '|', '<', '>', '^', '%', '!', '(', ')']), "{}", json);
        for id in SHELL_ARTIFACTS {
            let text = artifact(&plan, Shell::Cmd, id).unwrap().text;
            // The only % are the variables the snippets set themselves.
            let stripped = text.replace("%CONN_ID%", "").replace("%ASYNC_URL%", "").replace("%SPLR_STATUS%", "").replace("%i", "");
            prop_assert!(!stripped.contains('%'), "{}: {}", id, text);
        }
    }

    #[test]
    fn powershell_urls_reach_az_without_parentheses(form in valid_form()) {
        let plan = check(&form).plan.expect("valid form");
        for id in ["create", "poll", "status", "delete"] {
            let text = artifact(&plan, Shell::PowerShell, id).unwrap().text;
            let url_line = text.lines().find(|l| l.contains("/subscriptions/")).unwrap();
            prop_assert!(!url_line.contains(['(', ')']), "{}", url_line);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Real bash reads back exactly what was quoted, whatever it is.
    #[test]
    fn bash_quote_round_trips_through_real_bash(s in "[^\u{0}]{0,40}") {
        let out = Command::new("bash").arg("-c").arg(format!("printf %s {}", shell::bash::quote(&s))).output().unwrap();
        prop_assert_eq!(String::from_utf8_lossy(&out.stdout).to_string(), s);
    }
}

#[test]
fn powershell_quoting_of_values_in_artifacts() {
    let mut form = Form::new(Scenario::WebPubSubFunction);
    form.resource_group = "rg(1)".into();
    form.target = form.target.replace("/resourceGroups/contoso/", "/resourceGroups/rg(1)/");
    form.message = "it's $env:PATH `n \u{2019}".into();
    let plan = check(&form).plan.unwrap();
    let create = artifact(&plan, Shell::PowerShell, "create").unwrap().text;
    assert!(create.contains("--body '@create-pe.json'"), "{create}");
    assert!(create.contains("/resourceGroups/rg%281%29/providers/"), "{create}");
    let body = artifact(&plan, Shell::PowerShell, "create-pe.json").unwrap().text;
    assert!(body.starts_with("$body = @'\n{"));
    assert!(body.contains("\"requestMessage\": \"it's $env:PATH `n \u{2019}\""));
    assert!(body.contains("[System.IO.File]::WriteAllText("));
    let approve = artifact(&plan, Shell::PowerShell, "approve").unwrap();
    assert!(approve.text.contains("--id '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg(1)/providers/"), "{}", approve.text);
    assert!(approve.notes.iter().any(|n| n.contains("az.cmd")));
}

#[test]
fn cmd_quoting_of_values_in_artifacts() {
    let mut form = Form::new(Scenario::WebPubSubFunction);
    form.resource_group = "rg(1)".into();
    form.target = form.target.replace("/resourceGroups/contoso/", "/resourceGroups/rg(1)/");
    form.message = "50% & \"more\" (now) ^ !x! 承認".into();
    form.shell = Shell::Cmd;
    let plan = check(&form).plan.unwrap();
    let body = artifact(&plan, Shell::Cmd, "create-pe.json").unwrap().text;
    assert_eq!(
        body,
        ">create-pe.json echo {\"properties\":{\"privateLinkResourceId\":\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg\\u00281\\u0029/providers/Microsoft.Web/sites/contoso-func\",\"groupId\":\"sites\",\"requestMessage\":\"50\\u0025 \\u0026 \\u0022more\\u0022 \\u0028now\\u0029 \\u005e \\u0021x\\u0021 \\u627f\\u8a8d\"}}\n"
    );
    let approve = artifact(&plan, Shell::Cmd, "approve").unwrap().text;
    assert!(approve.contains("--id \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg(1)/providers/"), "{approve}");
    let create = artifact(&plan, Shell::Cmd, "create").unwrap().text;
    // Relative, for the cloud az is logged in to (this used to expect https://management.azure.com).
    assert!(create.contains("--url \"/subscriptions/"), "{create}");
    let poll = artifact(&plan, Shell::Cmd, "poll").unwrap().text;
    assert!(poll.starts_with("az resource wait --ids \"/subscriptions/"));
    assert!(poll.contains("--api-version 2024-03-01"));
}
