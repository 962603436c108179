//! The generated commands target the cloud az is logged in to (issue 12): every `az rest --url` is
//! relative (`/subscriptions/…`), which az sends to that cloud's Resource Manager with a token for it
//! (azure-cli `send_raw_request`), and no command names a cloud's Resource Manager host. The one
//! absolute URL is the pasted Azure-AsyncOperation URL, which that cloud's Resource Manager wrote.

use splr_core::artifacts::{artifact, SHELL_ARTIFACTS};
use splr_core::form::{check, Form};
use splr_core::markdown::walkthrough;
use splr_core::scenario::Scenario;
use splr_core::service::Shell;

/// Variables the snippets fill with the pasted Azure-AsyncOperation URL.
/// (PowerShell (Az module): `$operation`, the path and signed query of the pasted URL.)
const ASYNC_URL_VARIABLES: [&str; 3] = ["$async_url", "%ASYNC_URL%", "$operation"];

fn unquote(w: &str) -> &str {
    w.trim_matches(|c| c == '\'' || c == '"')
}

/// The value a snippet assigns to `variable` (bash `url='…'`, PowerShell `$url = '…'`).
fn assigned<'a>(text: &'a str, variable: &str) -> Option<&'a str> {
    let name = variable.trim_start_matches('$');
    text.lines().find_map(|l| {
        let l = l.trim_start();
        l.strip_prefix(&format!("{name}="))
            .or_else(|| l.strip_prefix(&format!("${name} = ")))
            .map(unquote)
    })
}

/// Every `--url` of an `az rest` command and every `-Path` of an `Invoke-AzRestMethod` (which sends it to
/// the signed-in environment's Resource Manager) in `text`, variables resolved.
fn rest_urls(text: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let joined = text.replace("\\\n", " ").replace("`\n", " ");
    for line in joined.lines().filter(|l| l.contains("az rest --method") || l.contains("Invoke-AzRestMethod ")) {
        let flag = if line.contains("az rest --method") { "--url " } else { "-Path " };
        let after = line.split_once(flag).unwrap_or_else(|| panic!("no {flag}in: {line}")).1;
        // `-Path $operation).Content`: the variable ends at the parenthesis.
        let word = unquote(after.split_whitespace().next().unwrap().split(')').next().unwrap());
        if ASYNC_URL_VARIABLES.contains(&word) {
            urls.push(word.to_string());
        } else if word.starts_with('$') {
            urls.push(assigned(text, word).unwrap_or_else(|| panic!("{word} is not assigned in:\n{text}")).to_string());
        } else {
            urls.push(word.to_string());
        }
    }
    urls
}

fn assert_relative(what: &str, text: &str) -> usize {
    let urls = rest_urls(text);
    for url in &urls {
        assert!(
            url.starts_with("/subscriptions/") || ASYNC_URL_VARIABLES.contains(&url.as_str()),
            "{what}: az rest --url {url} is not relative"
        );
    }
    assert!(!text.contains("https://management."), "{what} names a Resource Manager host:\n{text}");
    urls.len()
}

#[test]
fn every_az_rest_url_of_every_shell_is_relative() {
    for scenario in Scenario::ALL {
        let plan = check(&Form::new(scenario)).plan.unwrap();
        for shell in Shell::ALL {
            let mut n = 0;
            for id in SHELL_ARTIFACTS {
                n += assert_relative(&format!("{scenario:?} {shell:?} {id}"), &artifact(&plan, shell, id).unwrap().text);
            }
            // create, poll, status, delete (and the async poll for bash and cmd).
            assert!(n >= 4, "{scenario:?} {shell:?}: {n}");
        }
    }
}

#[test]
fn the_markdown_export_is_relative_too() {
    for shell in Shell::ALL {
        for scenario in [Scenario::WebPubSubFunction, Scenario::SignalRKeyVault] {
            let form = Form { shell, ..Form::new(scenario) };
            let md = walkthrough(&form, "https://example.github.io/splr/").unwrap();
            assert!(assert_relative(&format!("markdown {shell:?} {scenario:?}"), &md) >= 4);
        }
    }
}

#[test]
fn the_url_is_the_splr_path() {
    let plan = check(&Form::new(Scenario::WebPubSubFunction)).plan.unwrap();
    assert_eq!(
        plan.path(),
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/contoso/providers/Microsoft.SignalRService/webPubSub/contoso-webpubsub/sharedPrivateLinkResources/func-pe?api-version=2024-03-01"
    );
    assert_eq!(plan.url(), format!("https://management.azure.com{}", plan.path()));
    let create = artifact(&plan, Shell::Bash, "create").unwrap();
    assert!(create.text.contains(&format!("--url '{}'", plan.path())), "{}", create.text);
    assert!(create.notes.iter().any(|n| n.contains("MSYS_NO_PATHCONV=1")), "{:?}", create.notes);
}
