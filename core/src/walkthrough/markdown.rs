//! The whole walkthrough of a filled form as one Markdown document, for a wiki page, a pull request
//! or a ticket: the requirements as a checklist, each step with its commands in fenced code blocks
//! tagged for the chosen shell, the notes, the IaC exports, and a deep link back to the filled form.
//!
//! Code is copied verbatim into the fences; a fence is always longer than the longest run of backticks
//! in its code, so no command or message can close it early.

use crate::artifacts::{self, Artifact, Step};
use crate::walkthrough::deep_link;
use crate::walkthrough::form::{self, Field, FieldMap, Form, Plan};
use crate::iac;
use std::fmt::Write;

/// Everything the document is written from. The walkthrough page has generated all of it already
/// for its own blocks, so it hands it over instead of generating it a second time per keystroke.
pub struct Parts<'a> {
    /// The form the document describes (its scenario, its shell, and the deep link back to it).
    pub form: &'a Form,
    /// The plan that form validated into.
    pub plan: &'a Plan,
    /// The validation notes of that form (shown under the settings).
    pub notes: &'a FieldMap<Field, Vec<String>>,
    /// The numbered steps, generated for `form.shell`.
    pub steps: &'a [Step],
    /// The IaC exports, in [`iac::IDS`] order.
    pub iac: &'a [Artifact],
}

/// The document for `form`, or the form's field errors when it does not validate.
///
/// `page_url` is the playground page the deep link points to (its own query and fragment are
/// replaced by the form's).
pub fn walkthrough(form: &Form, page_url: &str) -> Result<String, FieldMap<Field, String>> {
    let check = form::check(form);
    let Some(plan) = check.plan else { return Err(check.errors) };
    let steps = artifacts::steps(&plan, form.shell);
    let iac = iac::artifacts(&plan);
    Ok(document(&Parts { form, plan: &plan, notes: &check.notes, steps: &steps, iac: &iac }, page_url))
}

/// The document written from parts already generated (see [`Parts`]).
pub fn document(parts: &Parts, page_url: &str) -> String {
    let Parts { form, plan, notes, steps, iac } = *parts;
    let mut md = String::with_capacity(32 * 1024);
    let scenario = form.scenario;
    // Writing to a String cannot fail.
    let _ = write!(md, "# Shared private endpoint: {}\n\n{}\n\n", scenario.title(), scenario.summary());
    let _ = write!(md, "[Open this walkthrough in the playground](<{}>)\n\n", deep_link_url(page_url, form));

    md.push_str("## Settings\n\n");
    let _ = writeln!(md, "- **Service**: {} `{}`", plan.service.display(), plan.service_name);
    let _ = writeln!(md, "- **Resource group**: `{}`", plan.resource_group);
    let _ = writeln!(md, "- **Subscription**: `{}`", plan.subscription);
    let _ = writeln!(md, "- **Shared private endpoint**: `{}`", plan.name);
    let _ = writeln!(md, "- **Target**: {} `{}`", plan.target.kind.display(), plan.target.id.text);
    match plan.group_id.as_deref() {
        Some(g) => {
            let _ = writeln!(md, "- **groupId**: `{g}`");
        }
        None => md.push_str("- **groupId**: none\n"),
    }
    let _ = writeln!(md, "- **api-version**: `{}`", plan.api_version.id);
    let _ = writeln!(md, "- **Shell**: {}", form.shell.display());
    if !plan.fqdns.is_empty() {
        md.push_str("- **fqdns**: ");
        for (i, f) in plan.fqdns.iter().enumerate() {
            let _ = write!(md, "{}`{f}`", if i == 0 { "" } else { ", " });
        }
        md.push('\n');
    }
    for n in notes.values().flatten() {
        let _ = writeln!(md, "- {n}");
    }
    md.push('\n');

    md.push_str("## Before you start\n\n");
    for r in scenario.requirements() {
        let _ = writeln!(md, "- [ ] **{}**: {}", r.title, r.detail);
    }
    md.push('\n');

    for (i, step) in steps.iter().enumerate() {
        let _ = write!(md, "## {}. {}\n\n{}\n\n", i + 1, step.title, step.explanation);
        for a in &step.artifacts {
            push_artifact(&mut md, a);
        }
    }

    md.push_str("## Or deploy it as code\n\n");
    for a in iac {
        push_artifact(&mut md, a);
    }
    md
}

/// The page URL with the form's deep-link query.
pub fn deep_link_url(page_url: &str, form: &Form) -> String {
    let base = page_url.split(['?', '#']).next().unwrap_or_default();
    let base = base.replace(' ', "%20").replace('<', "%3C").replace('>', "%3E");
    format!("{base}?{}", deep_link::to_query(form))
}

fn push_artifact(md: &mut String, a: &Artifact) {
    let _ = write!(md, "### {}\n\n", a.title);
    push_fence(md, a.language, &a.text);
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
    let mut out = String::with_capacity(code.len() + language.len() + 12);
    push_fence(&mut out, language, code);
    out
}

/// [`fence`], appended to `md` without an intermediate string.
fn push_fence(md: &mut String, language: &str, code: &str) {
    // A backtick is one byte in UTF-8 and never part of another character's bytes.
    let (mut longest, mut run) = (0, 0);
    for &b in code.as_bytes() {
        run = if b == b'`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let ticks = "`".repeat((longest + 1).max(3));
    let _ = writeln!(md, "{ticks}{language}");
    md.push_str(code);
    if !code.ends_with('\n') {
        md.push('\n');
    }
    md.push_str(&ticks);
    md.push('\n');
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
