//! One copy-ready artifact: a code block whose text is exactly what Copy copies (the
//! `data-artifact` contract), a shell selector for shell artifacts, optionally a Download button,
//! and its notes.

use crate::browser;
use crate::components::field::FormState;
use leptos::prelude::*;
use splr_core::artifacts::{self, Artifact, ArtifactId};
use splr_core::walkthrough::form::Field;
use splr_core::service::Shell;
use std::time::Duration;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// The page's shell choice, offered on every shell artifact: the current shell and how to change it.
#[derive(Clone, Copy)]
pub struct ShellChoice {
    pub current: Signal<Shell>,
    pub set: Callback<Shell>,
}

impl ShellChoice {
    /// The walkthrough's shell (a field of its form). Create it once per page and share it: its memo
    /// keeps the tabs of every block from re-rendering on keystrokes that do not change the shell.
    pub fn of(state: FormState) -> ShellChoice {
        let current = Memo::new(move |_| state.form.with(|f| f.shell));
        ShellChoice {
            current: current.into(),
            set: Callback::new(move |s: Shell| state.set(Field::Shell, s.slug().to_string())),
        }
    }
}

/// A file the block's text can be saved as (Download button).
#[derive(Clone)]
pub struct Download {
    pub file_name: Signal<String>,
    pub mime: &'static str,
}

#[component]
pub fn ArtifactBlock(
    id: ArtifactId,
    artifact: Memo<Option<Artifact>>,
    /// The shell selector, for artifacts written per shell.
    shell: Option<ShellChoice>,
    /// True while the form has errors: the block shows the last valid state.
    #[prop(into)]
    stale: Signal<bool>,
    /// The labels of the fields to fix, for the message shown while there is nothing to show.
    missing: Signal<String>,
    #[prop(optional)] download: Option<Download>,
) -> impl IntoView {
    let copy_state = RwSignal::new(CopyState::Idle);
    let copy = move |_| {
        let Some(text) = artifact.with_untracked(|a| a.as_ref().map(|a| a.text.clone())) else { return };
        leptos::task::spawn_local(async move {
            let ok = browser::copy(text).await;
            // try_set: the page may have been left meanwhile.
            let _ = copy_state.try_set(if ok { CopyState::Copied } else { CopyState::Failed });
            set_timeout(
                move || {
                    let _ = copy_state.try_set(CopyState::Idle);
                },
                Duration::from_secs(2),
            );
        });
    };
    let shown = Memo::new(move |_| artifact.with(Option::is_some));
    let language = Memo::new(move |_| artifact.with(|a| a.as_ref().map_or("text", |a| a.language)));
    let notes = Memo::new(move |_| artifact.with(|a| a.as_ref().map(|a| a.notes.clone()).unwrap_or_default()));
    // The artifact's own title once there is one; before that, the name its id has without a form.
    let fallback = artifacts::title(id);
    let title = Memo::new(move |_| artifact.with(|a| a.as_ref().map(|a| a.title)).unwrap_or(fallback));
    let label_id = format!("a-{id}-title");
    let id = id.slug();
    let labelled_by = label_id.clone();
    let download_button = download.map(|d| {
        let file_name = d.file_name;
        let save = move |_| {
            let Some(text) = artifact.with_untracked(|a| a.as_ref().map(|a| a.text.clone())) else { return };
            browser::download(&file_name.get_untracked(), &text, d.mime);
        };
        view! {
            <button
                type="button"
                class="download"
                data-download=id
                disabled=move || artifact.with(Option::is_none)
                aria-label=move || format!("Download {} as {}", title.get(), file_name.get())
                on:click=save
            >
                "Download"
            </button>
        }
    });
    view! {
        <figure class="artifact" class:stale=move || stale.get() aria-labelledby=labelled_by>
            <figcaption>
                <span class="artifact-title" id=label_id>{move || title.get()}</span>
                {shell.map(|shell| view! { <ShellTabs shell /> })}
                {download_button}
                <button type="button" class="copy" on:click=copy aria-label=move || match copy_state.get() {
                    CopyState::Idle => format!("Copy {}", title.get()),
                    CopyState::Copied => format!("Copied {}", title.get()),
                    CopyState::Failed => format!("Copy failed: select the text of {} and press Ctrl+C", title.get()),
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
            // Only the parts that change are reactive: a keystroke updates the text node (and the
            // notes when they differ), not the whole block and its attributes.
            <Show
                when=move || shown.get()
                fallback=move || view! { <p class="missing">"Fix " {move || missing.get()} " to see this."</p> }
            >
                <pre class=move || format!("code lang-{}", language.get()) tabindex="0">
                    <code data-artifact=id>{move || artifact.with(|a| a.as_ref().map(|a| a.text.clone()).unwrap_or_default())}</code>
                </pre>
                <ul class="notes">{move || notes.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            </Show>
        </figure>
    }
}

/// bash / PowerShell (az CLI) / PowerShell (Az module) / cmd (the core's [`Shell::ALL`]): one choice for the whole page, offered on every shell artifact.
#[component]
fn ShellTabs(shell: ShellChoice) -> impl IntoView {
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
                            aria-pressed=move || if shell.current.get() == s { "true" } else { "false" }
                            on:click=move |_| shell.set.run(s)
                        >
                            {s.tab_label()}
                        </button>
                    }
                })
                .collect_view()}
        </span>
    }
}
