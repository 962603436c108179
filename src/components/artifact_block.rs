//! One copy-ready artifact: a code block whose text is exactly what Copy copies (the
//! `data-artifact` contract), a shell selector for shell artifacts, and its notes.

use crate::browser;
use crate::components::field::FormState;
use leptos::prelude::*;
use splr_core::artifacts::{self, Artifact, SHELL_ARTIFACTS};
use splr_core::form::Field;
use splr_core::service::Shell;
use std::time::Duration;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

#[component]
pub fn ArtifactBlock(
    id: &'static str,
    artifact: Memo<Option<Artifact>>,
    state: FormState,
    /// True while the form has errors: the block shows the last valid state.
    stale: Memo<bool>,
    /// The labels of the fields to fix, for the message shown while there is nothing to show.
    missing: Signal<String>,
) -> impl IntoView {
    let copy_state = RwSignal::new(CopyState::Idle);
    let is_shell = SHELL_ARTIFACTS.contains(&id);
    let copy = move |_| {
        let Some(text) = artifact.with_untracked(|a| a.as_ref().map(|a| a.text.clone())) else { return };
        leptos::task::spawn_local(async move {
            let ok = browser::copy(text).await;
            copy_state.set(if ok { CopyState::Copied } else { CopyState::Failed });
            set_timeout(move || copy_state.set(CopyState::Idle), Duration::from_secs(2));
        });
    };
    let title = move || artifacts::title(id);
    let label_id = format!("a-{id}-title");
    let labelled_by = label_id.clone();
    view! {
        <figure class="artifact" class:stale=move || stale.get() aria-labelledby=labelled_by>
            <figcaption>
                <span class="artifact-title" id=label_id>{title}</span>
                {is_shell.then(|| view! { <ShellTabs state=state /> })}
                <button type="button" class="copy" on:click=copy aria-label=move || match copy_state.get() {
                    CopyState::Idle => format!("Copy {}", title()),
                    CopyState::Copied => format!("Copied {}", title()),
                    CopyState::Failed => format!("Copy failed: select the text of {} and press Ctrl+C", title()),
                }>
                    {move || match copy_state.get() {
                        CopyState::Idle => "Copy",
                        CopyState::Copied => "Copied ✓",
                        CopyState::Failed => "Select and press Ctrl+C",
                    }}
                </button>
                // A button's new label is not read out: say what happened in a status region.
                <span class="sr-only" role="status">
                    {move || match copy_state.get() {
                        CopyState::Idle => "",
                        CopyState::Copied => "Copied to the clipboard",
                        CopyState::Failed => "Copy failed: select the text and press Ctrl+C",
                    }}
                </span>
            </figcaption>
            {move || match artifact.get() {
                Some(a) => view! {
                    <pre class=format!("code lang-{}", a.language) tabindex="0"><code data-artifact=id>{a.text.clone()}</code></pre>
                    <ul class="notes">{a.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                }
                .into_any(),
                None => view! {
                    <p class="missing">"Fix " {move || missing.get()} " to see this command."</p>
                }
                .into_any(),
            }}
        </figure>
    }
}

/// Bash / PowerShell / cmd: one choice for the whole page, offered on every shell artifact.
#[component]
fn ShellTabs(state: FormState) -> impl IntoView {
    view! {
        <span class="shell-tabs" role="group" aria-label="Shell">
            {Shell::ALL
                .into_iter()
                .map(|s| {
                    view! {
                        <button
                            type="button"
                            class="tab"
                            data-shell=s.slug()
                            aria-pressed=move || if state.form.with(|f| f.shell) == s { "true" } else { "false" }
                            on:click=move |_| state.set(Field::Shell, s.slug().to_string())
                        >
                            {match s {
                                Shell::Bash => "bash",
                                Shell::PowerShell => "PowerShell",
                                Shell::Cmd => "cmd",
                            }}
                        </button>
                    }
                })
                .collect_view()}
        </span>
    }
}
