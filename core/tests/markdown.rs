//! The Markdown export: balanced fences tagged per shell, every artifact verbatim, the checklist and
//! the deep link back to the filled form.

use splr_core::artifacts::{self, Artifact};
use splr_core::deep_link;
use splr_core::form::{check, Field, Form};
use splr_core::iac;
use splr_core::markdown::{fence, walkthrough};
use splr_core::scenario::Scenario;
use splr_core::service::Shell;

const PAGE: &str = "https://example.github.io/splr/?old=1#frag";

/// The fenced blocks of `md`: (fence length, info string, code), checking every fence is closed.
fn blocks(md: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    for line in md.split_inclusive('\n') {
        let ticks = line.chars().take_while(|c| *c == '`').count();
        match &mut open {
            None if ticks >= 3 => open = Some((ticks, line[ticks..].trim_end().to_string(), String::new())),
            None => {}
            Some((n, _, _)) if ticks >= *n && line.trim_end().len() == ticks => out.push(open.take().unwrap()),
            Some((_, _, code)) => code.push_str(line),
        }
    }
    assert!(open.is_none(), "unclosed fence");
    out
}

fn all_artifacts(form: &Form) -> Vec<Artifact> {
    let plan = check(form).plan.unwrap();
    let mut v: Vec<Artifact> = artifacts::steps(&plan, form.shell).into_iter().flat_map(|s| s.artifacts).collect();
    v.extend(iac::artifacts(&plan));
    v
}

#[test]
fn every_artifact_is_copied_verbatim_in_a_fence_of_its_language() {
    for shell in Shell::ALL {
        for scenario in [Scenario::WebPubSubFunction, Scenario::WebPubSubPls, Scenario::SignalRKeyVault] {
            let mut form = Form::new(scenario);
            form.shell = shell;
            // Backticks (PowerShell's escape character) and a run of three in the message.
            form.message = "approve ```now``` `please` ${x}".into();
            let md = walkthrough(&form, PAGE).unwrap();
            let found = blocks(&md);
            let expected = all_artifacts(&form);
            assert_eq!(found.len(), expected.len(), "{shell:?} {scenario:?}");
            for (a, (ticks, info, code)) in expected.iter().zip(&found) {
                assert_eq!(info, a.language, "{}", a.id);
                assert_eq!(code, &a.text, "{} not verbatim", a.id);
                assert!(*ticks >= 3);
                assert!(!code.contains(&"`".repeat(*ticks)), "{}: fence too short", a.id);
            }
            let shell_blocks: Vec<_> = found.iter().filter(|(_, info, _)| info == shell.language()).collect();
            assert!(shell_blocks.len() >= 6, "{shell:?}: {}", shell_blocks.len());
        }
    }
}

#[test]
fn headings_checklist_notes_and_link() {
    let mut form = Form::new(Scenario::SignalRFunction);
    form.shell = Shell::PowerShell;
    form.message = "x".into();
    let md = walkthrough(&form, PAGE).unwrap();
    assert!(md.starts_with("# Shared private endpoint: SignalR (serverless) → Function app or Web App\n"));
    for (i, title) in ["Create the shared private endpoint", "Approve it on the target", "Confirm it is Approved", "Verify traffic is private", "Clean up"]
        .iter()
        .enumerate()
    {
        assert!(md.contains(&format!("\n## {}. {title}\n", i + 1)), "{title}");
    }
    for r in Scenario::SignalRFunction.requirements() {
        assert!(md.contains(&format!("- [ ] **{}**: {}\n", r.title, r.detail)));
    }
    assert!(md.contains("- [ ] **Serverless mode**"));
    // Notes of artifacts become blockquotes.
    let plan = check(&form).plan.unwrap();
    for a in all_artifacts(&form) {
        for n in &a.notes {
            assert!(md.contains(&format!("> **Note:** {n}\n")), "{n}");
        }
    }
    assert!(md.contains("## Or deploy it as code"));
    // The deep link replaces the page's own query and fragment and reproduces the form.
    let link = format!("(<https://example.github.io/splr/?{}>)", deep_link::to_query(&form));
    assert!(md.contains(&link), "{link}");
    let query = deep_link::to_query(&form);
    assert_eq!(deep_link::parse(&query).unwrap().form, form);
    assert!(md.contains(&format!("`{}`", plan.target.id.text)));
}

#[test]
fn an_invalid_form_returns_its_errors() {
    let mut form = Form::new(Scenario::WebPubSubFunction);
    form.subscription = "nope".into();
    let errors = walkthrough(&form, PAGE).unwrap_err();
    assert!(errors.contains_key(&Field::Subscription));
}

#[test]
fn fence_helper() {
    assert_eq!(fence("bash", "a\n"), "```bash\na\n```\n");
    assert_eq!(fence("", "no newline"), "```\nno newline\n```\n");
    assert_eq!(fence("x", "````"), "`````x\n````\n`````\n");
}

#[test]
fn the_az_module_walkthrough_is_tagged_powershell_and_names_its_shell() {
    let form = Form { shell: Shell::PowerShellAz, ..Form::new(Scenario::WebPubSubFunction) };
    let md = walkthrough(&form, PAGE).unwrap();
    assert!(md.contains("- **Shell**: PowerShell (Az module)\n"), "{md}");
    assert!(md.contains("```powershell\n$path = '/subscriptions/"), "{md}");
    assert!(md.contains("-WaitForCompletion"));
    assert!(md.contains("shell=powershell-az"), "the link back opens the same shell");
    assert!(!md.contains("```bash") && !md.contains("```bat"));
}
