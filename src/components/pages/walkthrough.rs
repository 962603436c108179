//! A scenario's walkthrough: the requirements, the form, and the numbered steps with their
//! artifacts, which follow every keystroke. The form lives in the URL (deep link) as it changes.

use crate::browser::plain_click;
use crate::browser;
use crate::components::artifact_block::{ArtifactBlock, Download, ShellChoice};
use crate::components::checklist::Checklist;
use crate::components::panels::discovery::{DiscoveryVia, PickFor, Picker};
use crate::components::field::{FormState, Kind, TextField};
use crate::components::live_panel::LivePanel;
use crate::components::presets::{EnvironmentPicker, PresetsLoad};
use crate::components::simulator::{RunButton, Sim, SimulatorPanel};
use crate::components::widgets::stale_banner::StaleBanner;
use crate::components::verify::ForwardedForCheck;
use leptos::prelude::*;
use splr_core::api_version;
use splr_core::arm::client::Job;
use splr_core::artifacts::{self, steps, Artifact, ArtifactId, Block, Step, StepId, LAYOUT};
use splr_core::bindings::{self, BindingsForm};
use splr_core::walkthrough::deep_link::{self, Link};
use splr_core::walkthrough::form::{check, Field, Form, Plan};
use splr_core::iac;
use splr_core::walkthrough::markdown;
use splr_core::walkthrough::scenario::Scenario;
use splr_core::walkthrough::form::FieldMap;

/// Validation notes per field (see `form::Check::notes`).
type Notes = FieldMap<Field, Vec<String>>;

/// Anchors of the sections after the numbered steps.
const IAC_ANCHOR: &str = "step-iac";
const DOCS_ANCHOR: &str = "step-docs";

#[component]
pub fn Walkthrough(
    link: Link,
    navigate: impl Fn(String) + Copy + Send + Sync + 'static,
    /// The team presets found at start-up (the Environment picker shows only for valid ones).
    presets: Signal<PresetsLoad>,
) -> impl IntoView {
    let form = RwSignal::new(link.form);
    let checked = Memo::new(move |_| form.with(check));
    let state = FormState { form, checked, link_errors: RwSignal::new(link.errors) };
    // The artifacts keep showing the last valid form while the user fixes a field.
    let plan = Memo::new(move |prev: Option<&Option<Plan>>| {
        checked.with(|c| c.plan.clone()).or_else(|| prev.cloned().flatten())
    });
    let stale = Memo::new(move |_| checked.with(|c| c.plan.is_none()));
    let sim = Sim::new(plan);
    // Simulate or Live: see ModeSwitch.
    let live = RwSignal::new(false);
    provide_context(DiscoveryVia { live, sim, conn: RwSignal::new(None) });
    // The last form that validated, with its notes: the Markdown document describes it.
    let valid = Memo::new(move |prev: Option<&Option<(Form, Notes)>>| {
        if checked.with(|c| c.plan.is_some()) {
            Some((form.get(), checked.with(|c| c.notes.clone())))
        } else {
            prev.cloned().flatten()
        }
    });
    let walkthrough = Memo::new(move |_| {
        let shell = form.with(|f| f.shell);
        plan.with(|p| p.as_ref().map(|p| steps(p, shell)))
    });
    let iac_exports = Memo::new(move |_| plan.with(|p| p.as_ref().map(iac::artifacts)));
    let page_url = browser::page_url();
    // Written from the steps and exports the blocks above already hold: nothing is generated twice.
    let markdown = Memo::new(move |_| {
        valid.with(|v| {
            let (valid_form, notes) = v.as_ref()?;
            // The document follows the page's shell, like the blocks it is made of.
            let form = Form { shell: form.with(|f| f.shell), ..valid_form.clone() };
            let text = plan.with(|plan| {
                walkthrough.with(|steps| {
                    iac_exports.with(|iac| {
                        let parts = markdown::Parts { form: &form, plan: plan.as_ref()?, notes, steps: steps.as_deref()?, iac: iac.as_deref()? };
                        Some(markdown::document(&parts, &page_url))
                    })
                })
            })?;
            Some(Artifact { id: ArtifactId::Document, title: artifacts::title(ArtifactId::Document), language: "markdown", text, notes: Vec::new() })
        })
    });
    let markdown_file = Signal::derive(move || format!("walkthrough-{}.md", scenario_slug(valid, form)));
    // The bindings page, prefilled from the last valid plan (its Web PubSub service, its Function app).
    let bindings_query = Memo::new(move |_| {
        bindings::link::to_query(&plan.with(|p| p.as_ref().map(BindingsForm::from_plan)).unwrap_or_default())
    });
    // The URL follows the form without a history entry per keystroke.
    Effect::new(move |_| crate::url_state::follow(form.with(deep_link::to_query)));
    // Leaving the page (Back, another page, unmount): a pending URL write is kept for a reload, not made.
    on_cleanup(crate::url_state::leave);

    let scenario = Memo::new(move |_| form.with(|f| f.scenario));
    let error_count = Memo::new(move |_| state.error_count());
    let missing = Signal::derive(move || state.missing());
    let shell_choice = ShellChoice::of(state);
    let has_plan = Signal::derive(move || plan.with(Option::is_some));

    view! {
        <div class="walkthrough">
            <Intro scenario bindings_query navigate />
            <ResourcesForm state presets scenario />
            <div class="steps">
                <StaleBanner stale error_count has_plan what="commands" />
                <ModeSwitch live />
                <Show when=move || live.get() fallback=move || view! { <SimulatorPanel sim /> }>
                    <LivePanel plan />
                </Show>
                <p class="error" data-field="shell" role="alert">{move || state.error(Field::Shell)}</p>
                <StepNav />
                {LAYOUT
                    .iter()
                    .enumerate()
                    .map(|(i, (step, ids))| {
                        view! { <StepSection i step=*step ids=*ids walkthrough live sim shell_choice stale missing /> }
                    })
                    .collect_view()}
                <IacSection iac_exports stale missing />
                <DocsSection markdown markdown_file stale missing />
            </div>
        </div>
    }
}

/// The page's title and summary, the link to the bindings page and the requirements.
#[component]
fn Intro(
    scenario: Memo<Scenario>,
    bindings_query: Memo<String>,
    navigate: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="intro">
            <h1>{move || scenario.get().title()}</h1>
            <p class="lead">{move || scenario.get().summary()}</p>
            <p class="related">
                <a href=move || format!("?{}", bindings_query.get()) data-page="bindings" on:click=move |ev| {
                    if plain_click(&ev) {
                        ev.prevent_default();
                        navigate(bindings_query.get_untracked());
                    }
                }>"Configure the Azure Functions Web PubSub bindings →"</a>
            </p>
            {move || view! { <Checklist scenario=scenario.get() /> }}
        </div>
    }
}

/// The form: environment, scenario, the resources' fields, and the Copy link button.
#[component]
fn ResourcesForm(state: FormState, presets: Signal<PresetsLoad>, scenario: Memo<Scenario>) -> impl IntoView {
    let form = state.form;
    let checked = state.checked;
    let default_version = Signal::derive(move || {
        let s = scenario.get();
        api_version::default_for(s.service(), s.uses_fqdns())
            .map(|v| format!("{} (default)", v.id))
            .unwrap_or_default()
    });
    let default_group = Signal::derive(move || {
        checked.with(|c| {
            c.plan.as_ref().and_then(|p| p.target.default_group_id()).unwrap_or_else(|| {
                if scenario.get().uses_fqdns() { "none (Private Link Service)".into() } else { String::new() }
            })
        })
    });
    view! {
        <form class="form" on:submit=|ev| ev.prevent_default() aria-labelledby="form-title">
            <h2 id="form-title">"Your resources"</h2>
            <EnvironmentPicker presets state />
            <ScenarioSelect state scenario />
            <TextField state field=Field::Subscription hint="az account show --query id -o tsv" />
            <Picker state scenario what=PickFor::Subscription />
            <TextField state field=Field::ResourceGroup />
            <TextField state field=Field::Service hint="The Web PubSub or SignalR resource" />
            <Picker state scenario what=PickFor::Service />
            <TextField state field=Field::Name hint="A name of your choice, e.g. func-pe" />
            <TextField state field=Field::Target kind=Kind::Area
                hint="Paste it from the target's Properties or JSON view (az functionapp show --query id)" />
            <Picker state scenario what=PickFor::Target />
            <TextField state field=Field::GroupId hint="Leave empty to use the one the target needs"
                placeholder=default_group />
            <Show when=move || scenario.get().uses_fqdns() || !form.with(|f| f.fqdns.trim().is_empty())>
                <TextField state field=Field::Fqdns hint="Comma-separated domain names the service calls" />
            </Show>
            <TextField state field=Field::Message kind=Kind::Area
                hint="Shown to whoever approves the connection" />
            <TextField state field=Field::ApiVersion list="api-versions" placeholder=default_version />
            <ApiVersions scenario />
            <CopyLink />
        </form>
    }
}

/// The scenario selector: a new scenario keeps what is about the user and takes the rest from its example.
#[component]
fn ScenarioSelect(state: FormState, scenario: Memo<Scenario>) -> impl IntoView {
    let change_scenario = move |slug: String| {
        let Some(next) = Scenario::from_slug(&slug) else { return };
        state.form.update(|f| {
            // Keep what is about the user, take the rest from the new scenario's example.
            let mut fresh = Form::new(next);
            fresh.subscription = std::mem::take(&mut f.subscription);
            fresh.resource_group = std::mem::take(&mut f.resource_group);
            fresh.message = std::mem::take(&mut f.message);
            fresh.shell = f.shell;
            *f = fresh;
        });
        state.link_errors.update(|e| e.clear());
    };
    view! {
        <div class="field" data-field="scenario" class:invalid=move || state.error(Field::Scenario).is_some()>
            <label for="f-scenario">"Scenario"</label>
            <select
                id="f-scenario"
                aria-describedby="f-scenario-error"
                on:change=move |ev| change_scenario(event_target_value(&ev))
                prop:value=move || scenario.get().slug()
            >
                {Scenario::ALL
                    .into_iter()
                    .map(|s| view! { <option value=s.slug()>{s.title()}</option> })
                    .collect_view()}
            </select>
            <p class="error" id="f-scenario-error" role="alert">{move || state.error(Field::Scenario)}</p>
        </div>
    }
}

/// The API versions the scenario's service knows, offered to the API version field.
#[component]
fn ApiVersions(scenario: Memo<Scenario>) -> impl IntoView {
    view! {
        <datalist id="api-versions">
            {move || {
                api_version::versions(scenario.get().service())
                    .iter()
                    .map(|v| {
                        let label = match (v.preview, v.fqdns, v.released) {
                            (false, _, _) => "stable",
                            (true, true, false) => "preview, has fqdns, in the specs only",
                            (true, true, true) => "preview, has fqdns",
                            (true, false, _) => "preview",
                        };
                        view! { <option value=v.id>{label}</option> }
                    })
                    .collect_view()
            }}
        </datalist>
    }
}

/// Copies the page's address (the form is in it), and says so to screen readers.
#[component]
fn CopyLink() -> impl IntoView {
    let copy_link_state = RwSignal::new("Copy link to this form");
    let copy_link = move |_| {
        leptos::task::spawn_local(async move {
            let ok = browser::copy(browser::href()).await;
            let _ = copy_link_state.try_set(if ok { "Link copied ✓" } else { "Copy the address bar" });
            set_timeout(
                move || {
                    let _ = copy_link_state.try_set("Copy link to this form");
                },
                std::time::Duration::from_secs(2),
            );
        });
    };
    view! {
        <button type="button" class="secondary" on:click=copy_link>{move || copy_link_state.get()}</button>
        <span class="sr-only" role="status">
            {move || match copy_link_state.get() {
                "Link copied ✓" => "Link copied to the clipboard",
                "Copy the address bar" => "Copy failed: copy the address bar instead",
                _ => "",
            }}
        </span>
    }
}

/// Simulate (the default, no Azure needed) or Live (real ARM with a pasted token).
#[component]
fn ModeSwitch(live: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="mode-switch" role="group" aria-label="Mode">
            <button type="button" class="tab" data-mode="simulate" aria-pressed=move || if live.get() { "false" } else { "true" }
                on:click=move |_| live.set(false)>"Simulate"</button>
            <button type="button" class="tab" data-mode="live" aria-pressed=move || if live.get() { "true" } else { "false" }
                on:click=move |_| live.set(true)>"Live (Azure)"</button>
        </div>
    }
}

/// Links to the numbered steps and the sections after them.
#[component]
fn StepNav() -> impl IntoView {
    view! {
        <nav class="step-nav" aria-label="Steps">
            <ol>
                {LAYOUT
                    .iter()
                    .enumerate()
                    .map(|(i, (id, _))| view! { <li><a href=format!("#{}", id.anchor())>{format!("{}. {}", i + 1, id.title())}</a></li> })
                    .collect_view()}
                <li><a href=format!("#{IAC_ANCHOR}")>"Or deploy it as code"</a></li>
                <li><a href=format!("#{DOCS_ANCHOR}")>"Markdown for docs"</a></li>
            </ol>
        </nav>
    }
}

/// One numbered step: its explanation, its simulator Run button, and its artifact blocks.
#[component]
fn StepSection(
    /// The step's index in `LAYOUT` (and in the generated steps).
    i: usize,
    step: StepId,
    ids: &'static [Block],
    walkthrough: Memo<Option<Vec<Step>>>,
    live: RwSignal<bool>,
    sim: Sim,
    shell_choice: ShellChoice,
    stale: Memo<bool>,
    missing: Signal<String>,
) -> impl IntoView {
    let explanation = move || {
        walkthrough.with(|w| {
            w.as_ref()
                .map(|w| w[i].explanation.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="step" id=step.anchor() aria-labelledby=format!("{}-title", step.anchor())>
            <h2 id=format!("{}-title", step.anchor())>
                <span class="num" aria-hidden="true">{i + 1}</span>
                {step.title()}
            </h2>
            <p>{explanation}</p>
            {run_jobs(step).map(|(jobs, label)| view! {
                <Show when=move || !live.get()>
                    <RunButton sim jobs=jobs.clone() label />
                </Show>
            })}
            {(step == StepId::Verify).then(|| view! { <ForwardedForCheck /> })}
            {ids
                .iter()
                .enumerate()
                .map(|(j, block)| {
                    let block = *block;
                    let artifact = Memo::new(move |_| match block {
                        // The verify snippets need no form: always shown.
                        Block::Verify(snippet) => Some(snippet.artifact()),
                        Block::Shell(_) => walkthrough.with(|w| Some(w.as_ref()?[i].artifacts[j].clone())),
                    });
                    let id = block.id();
                    let shell = id.per_shell().then_some(shell_choice);
                    view! { <ArtifactBlock id artifact shell stale missing /> }
                })
                .collect_view()}
        </section>
    }
}

/// The same endpoint as Bicep, an ARM template and Terraform.
#[component]
fn IacSection(iac_exports: Memo<Option<Vec<Artifact>>>, stale: Memo<bool>, missing: Signal<String>) -> impl IntoView {
    view! {
        <section class="step" id=IAC_ANCHOR aria-labelledby=format!("{IAC_ANCHOR}-title")>
            <h2 id=format!("{IAC_ANCHOR}-title")>"Or deploy it as code"</h2>
            <p>
                "The same shared private endpoint as Bicep, an ARM template or Terraform, for teams that keep \
                 their resources in code. Approval (step 2) is still done on the target."
            </p>
            {iac::IDS
                .into_iter()
                .enumerate()
                .map(|(i, export)| {
                    let artifact = Memo::new(move |_| iac_exports.with(|a| Some(a.as_ref()?[i].clone())));
                    view! { <ArtifactBlock id=export.into() artifact shell=None stale missing /> }
                })
                .collect_view()}
        </section>
    }
}

/// The whole walkthrough as one Markdown document, with its Download button.
#[component]
fn DocsSection(
    markdown: Memo<Option<Artifact>>,
    markdown_file: Signal<String>,
    stale: Memo<bool>,
    missing: Signal<String>,
) -> impl IntoView {
    view! {
        <section class="step" id=DOCS_ANCHOR aria-labelledby=format!("{DOCS_ANCHOR}-title")>
            <h2 id=format!("{DOCS_ANCHOR}-title")>"Markdown for docs"</h2>
            <p>
                "This whole walkthrough as one Markdown document for a wiki page, a pull request or a ticket, \
                 with a link back to this form."
            </p>
            <ArtifactBlock
                id=ArtifactId::Document
                artifact=markdown
                shell=None
                stale
                missing
                download=Download { file_name: markdown_file, mime: "text/markdown;charset=utf-8" }
            />
        </section>
    }
}

/// The simulator job behind each step's Run button.
fn run_jobs(step: StepId) -> Option<(Vec<Job>, &'static str)> {
    match step {
        StepId::Create => Some((vec![Job::Create], "Run create in the simulator")),
        StepId::Approve => Some((vec![Job::Approve { connection: None }], "Approve on the target (simulated)")),
        StepId::Confirm => Some((vec![Job::Get], "Check status in the simulator")),
        StepId::CleanUp => Some((vec![Job::Delete], "Delete in the simulator")),
        StepId::Verify => None,
    }
}

/// The scenario of the last valid form (the one the document describes), else the form's.
fn scenario_slug(valid: Memo<Option<(Form, Notes)>>, form: RwSignal<Form>) -> &'static str {
    valid.with(|v| v.as_ref().map(|(f, _)| f.scenario)).unwrap_or_else(|| form.with(|f| f.scenario)).slug()
}

