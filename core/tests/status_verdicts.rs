//! The "Wait until the connection is Approved" step ends with a verdict in every shell (issue 12):
//! Approved says so; Rejected, Disconnected, Timeout, a failed read and running out of time say so
//! and fail, without closing the console the snippet is pasted into. The provisioning waits (poll,
//! poll-async) end the same way. bash is run for real in
//! `bash_artifacts.rs`; PowerShell and cmd are checked as text (no pwsh or cmd.exe here).

use splr_core::artifacts::artifact;
use splr_core::form::{check, Form};
use splr_core::scenario::Scenario;
use splr_core::service::Shell;

fn status(shell: Shell) -> String {
    let plan = check(&Form::new(Scenario::WebPubSubFunction)).plan.unwrap();
    artifact(&plan, shell, "status").unwrap().text
}

#[test]
fn powershell_status_throws_for_every_ending_but_approved() {
    let text = status(Shell::PowerShell);
    assert!(text.contains("Write-Host 'Approved: calls to contoso-func now go through the shared private endpoint.'; break"), "{text}");
    assert!(text.contains("throw 'Could not read the shared private endpoint: see the error above.'"), "{text}");
    assert!(text.contains("throw \"The connection is ${status}: delete the shared private endpoint and create it again.\""), "{text}");
    assert!(text.contains("throw 'Provisioning failed: GET the resource to see the error.'"), "{text}");
    // After the loop: the timed-out verdict, unless Approved.
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("if (-not $approved) { throw \"Not Approved after 30 minutes"), "{last}");
    // `exit` would close the console the snippet was pasted into.
    assert!(!text.contains("exit"), "{text}");
    assert!(!text.contains("Write-Warning"), "{text}");
}

#[test]
fn cmd_status_says_whether_it_is_approved_and_sets_errorlevel() {
    let text = status(Shell::Cmd);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("az resource wait "), "{text}");
    assert!(lines[1].contains("--output table"), "{text}");
    assert_eq!(lines[2], "set \"SPLR_STATUS=unknown\"");
    assert!(lines[3].starts_with("for /f \"delims=\" %i in ('az rest --method get --url \""), "{text}");
    assert!(lines[3].ends_with(" --query properties.status --output tsv') do @set \"SPLR_STATUS=%i\""), "{text}");
    let verdict = lines[4];
    assert!(verdict.starts_with("if \"%SPLR_STATUS%\"==\"Approved\" (echo Approved: calls to contoso-func"), "{verdict}");
    assert!(verdict.ends_with(" & cmd /c exit 1)"), "{verdict}");
    // Inside the parenthesised blocks, only the one `&` that chains `cmd /c exit 1`, and no parentheses.
    let blocks = verdict.split_once(" (").unwrap().1;
    assert_eq!(blocks.matches('&').count(), 1, "{verdict}");
    assert_eq!(blocks.matches(['(', ')']).count(), 3, "{verdict}");
    assert_eq!(lines.len(), 5);
}

fn text(shell: Shell, id: &str) -> String {
    let plan = check(&Form::new(Scenario::WebPubSubFunction)).plan.unwrap();
    artifact(&plan, shell, id).unwrap().text
}

#[test]
fn powershell_polls_throw_for_every_ending_but_success() {
    let poll = text(Shell::PowerShell, "poll");
    assert!(poll.contains("throw 'Could not read the shared private endpoint: see the error above.'"), "{poll}");
    assert!(poll.contains("throw \"The operation ended as ${state}: run the status command to see the error.\""), "{poll}");
    assert!(poll.trim_end().ends_with("if (-not $done) { throw \"Still $state after 30 minutes: run this again to keep waiting.\" }"), "{poll}");
    let poll_async = text(Shell::PowerShell, "poll-async");
    assert!(poll_async.contains("throw \"The operation ended as $($op.status): $($op.error.code): $($op.error.message)\""), "{poll_async}");
    assert!(poll_async.contains("if (-not $done) { throw \"The operation is still $($op.status) after 30 minutes: run this again to keep waiting.\" }"), "{poll_async}");
    for t in [&poll, &poll_async] {
        assert!(!t.contains("exit"), "{t}");
        assert_eq!(t.matches('{').count(), t.matches('}').count(), "{t}");
    }
}
