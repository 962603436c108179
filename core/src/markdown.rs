//! The whole walkthrough of a filled form as one Markdown document, for a wiki page, a pull request
//! or a ticket: the requirements as a checklist, each step with its commands in fenced code blocks
//! tagged for the chosen shell, the notes, the IaC exports, and a deep link back to the filled form.
//!
//! Code is copied verbatim into the fences; a fence is always longer than the longest run of backticks
//! in its code, so no command or message can close it early.

use crate::artifacts::{self, Artifact};
use crate::deep_link;
use crate::form::{self, Field, Form};
use crate::iac;
use std::collections::BTreeMap;

/// The document for `form`, or the form's field errors when it does not validate.
///
/// `page_url` is the playground page the deep link points to (its own query and fragment are
/// replaced by the form's).
pub fn walkthrough(form: &Form, page_url: &str) -> Result<String, BTreeMap<Field, String>> {
    let check = form::check(form);
    let Some(plan) = check.plan else { return Err(check.errors) };
    let mut md = String::new();
    let scenario = form.scenario;

    md.push_str(&format!("# Shared private endpoint: {}\n\n", scenario.title()));
    md.push_str(&format!("{}\n\n", scenario.summary()));
    md.push_str(&format!("[Open this walkthrough in the playground](<{}>)\n\n", deep_link_url(page_url, form)));

    md.push_str("## Settings\n\n");
    let settings = [
        ("Service", format!("{} `{}`", plan.service.display(), plan.service_name)),
        ("Resource group", format!("`{}`", plan.resource_group)),
        ("Subscription", format!("`{}`", plan.subscription)),
        ("Shared private endpoint", format!("`{}`", plan.name)),
        ("Target", format!("{} `{}`", plan.target.kind.display(), plan.target.id.text)),
        ("groupId", plan.group_id.as_deref().map(|g| format!("`{g}`")).unwrap_or_else(|| "none".into())),
        ("api-version", format!("`{}`", plan.api_version.id)),
        ("Shell", form.shell.display().to_string()),
    ];
    for (k, v) in settings {
        md.push_str(&format!("- **{k}**: {v}\n"));
    }
    if !plan.fqdns.is_empty() {
        let list: Vec<String> = plan.fqdns.iter().map(|f| format!("`{f}`")).collect();
        md.push_str(&format!("- **fqdns**: {}\n", list.join(", ")));
    }
    for notes in check.notes.values() {
        for n in notes {
            md.push_str(&format!("- {n}\n"));
        }
    }
    md.push('\n');

    md.push_str("## Before you start\n\n");
    for r in scenario.requirements() {
        md.push_str(&format!("- [ ] **{}**: {}\n", r.title, r.detail));
    }
    md.push('\n');

    for (i, step) in artifacts::steps(&plan, form.shell).iter().enumerate() {
        md.push_str(&format!("## {}. {}\n\n{}\n\n", i + 1, step.title, step.explanation));
        for a in &step.artifacts {
            push_artifact(&mut md, a);
        }
    }

    md.push_str("## Or deploy it as code\n\n");
    for a in iac::artifacts(&plan) {
        push_artifact(&mut md, &a);
    }
    Ok(md)
}

/// The page URL with the form's deep-link query.
pub fn deep_link_url(page_url: &str, form: &Form) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or_default();
    let base = base.replace(' ', "%20").replace('<', "%3C").replace('>', "%3E");
    format!("{base}?{}", deep_link::to_query(form))
}

fn push_artifact(md: &mut String, a: &Artifact) {
    md.push_str(&format!("### {}\n\n", a.title));
    md.push_str(&fence(a.language, &a.text));
    md.push('\n');
    for n in &a.notes {
        for (i, line) in n.lines().enumerate() {
            md.push_str(if i == 0 { "> **Note:** " } else { "> " });
            md.push_str(line);
            md.push('\n');
        }
        md.push('\n');
    }
}

/// A fenced code block whose fence is longer than any backtick run in `code`.
pub fn fence(language: &str, code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let ticks = "`".repeat((longest + 1).max(3));
    let newline = if code.ends_with('\n') { "" } else { "\n" };
    format!("{ticks}{language}\n{code}{newline}{ticks}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outgrow_backtick_runs() {
        assert_eq!(fence("bash", "echo hi\n"), "```bash\necho hi\n```\n");
        assert_eq!(fence("powershell", "Write-Host `n ```` x"), "`````powershell\nWrite-Host `n ```` x\n`````\n");
    }
}
