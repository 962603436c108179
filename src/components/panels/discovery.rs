//! The resource pickers beside the form's subscription, service and target fields: a "Pick…" button
//! opening a searchable listbox of what the user can see, read through the simulator (simulate mode) or
//! ARM with live mode's token. All behaviour is `splr_core::discovery`; choosing sets the fields through
//! `FormState::set`, the path typing takes, so validation, the deep link and the commands follow.

use crate::components::field::FormState;
use crate::components::live_connection::Connection;
use crate::components::simulator::Sim;
use crate::reads::{self, Via};
use leptos::prelude::*;
use splr_core::discovery::errors::empty_message;
use splr_core::discovery::picks::parse_all;
use splr_core::discovery::{choose, filter, first_url, ListConversation, ListError, ListKind, Pick};
use splr_core::form::ARM_ENDPOINT;
use splr_core::live::run::LiveRun;
use splr_core::resource_id::is_uuid;
use splr_core::scenario::Scenario;

/// Where the pickers read: the page's mode and simulator, and live mode's connection while its panel
/// is shown (set by `LivePanel`; the token stays in its signals, read at each request).
#[derive(Clone, Copy)]
pub struct DiscoveryVia {
    pub live: RwSignal<bool>,
    pub sim: Sim,
    /// Live mode's connection and its run (whose request log shows the pickers' live reads too).
    pub conn: RwSignal<Option<(Connection, RwSignal<LiveRun>)>>,
}

/// Which field a picker fills.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    Subscription,
    Service,
    Target,
}

#[derive(Clone, PartialEq)]
enum Status {
    Closed,
    Loading,
    Ready { note: Option<String>, empty: Option<String> },
    Failed(ListError),
}

/// The token of the moment (pasted, trimmed), never stored.
fn token_of(conn: Connection) -> impl Fn() -> Option<String> + Copy + 'static {
    move || {
        let t = conn.token_text.try_get_untracked()?;
        let t = t.trim().trim_start_matches("Bearer ").trim().to_string();
        (!t.is_empty()).then_some(t)
    }
}

#[component]
pub fn Picker(state: FormState, scenario: Memo<Scenario>, what: PickFor) -> impl IntoView {
    let via = use_context::<DiscoveryVia>();
    let status = RwSignal::new(Status::Closed);
    let picks = RwSignal::new(Vec::<Pick>::new());
    // The site whose slots are listed (a second step after choosing a site).
    let slots_of = RwSignal::new(None::<Pick>);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let input = NodeRef::<leptos::html::Input>::new();
    let button = NodeRef::<leptos::html::Button>::new();
    let key = match what {
        PickFor::Subscription => "subscription",
        PickFor::Service => "service",
        PickFor::Target => "target",
    };
    let list_id = format!("pick-{key}-list");
    let shown = Memo::new(move |_| picks.with(|p| query.with(|q| filter(p, q))));
    // Only the newest list may fill the picker (one opened again before the last one answered).
    let generation = StoredValue::new(0u64);

    let load = move |kind: ListKind, scope: String| {
        let Some(via) = via else { return };
        status.set(Status::Loading);
        picks.set(Vec::new());
        active.set(0);
        let live = via.live.get_untracked();
        let conn = via.conn.get_untracked();
        let endpoint = match (live, conn) {
            (false, _) => Ok(ARM_ENDPOINT.to_string()),
            (true, Some((c, _))) => c.endpoint(),
            (true, None) => Err("Live mode is not ready: open its panel first.".to_string()),
        };
        let endpoint = match endpoint {
            Ok(e) => e,
            Err(e) => {
                status.set(Status::Failed(ListError { status: None, code: String::new(), title: "No endpoint".into(), detail: e }));
                return;
            }
        };
        let sc = scenario.get_untracked();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        leptos::task::spawn_local(async move {
            let mut conv = ListConversation::new(kind, &scope, first_url(&endpoint, kind, &scope));
            match (live, conn) {
                (true, Some((c, log))) => {
                    let record = move |req: &_, resp: Result<&_, &str>| {
                        let _ = log.try_update(|r| r.record(req, resp));
                    };
                    reads::run(&mut conv, Via::Live(token_of(c)), record).await
                }
                _ => reads::run(&mut conv, Via::<fn() -> Option<String>>::Sim(via.sim), |_, _| {}).await,
            }
            if generation.try_get_value() != Some(mine) {
                return;
            }
            let result = conv.result().unwrap_or_else(|| Err(ListError::unreadable(kind, "the list did not finish")));
            let _ = match result {
                Ok(listed) => {
                    let items = parse_all(kind, &listed.items, sc);
                    let empty = items.is_empty().then(|| empty_message(kind, &scope));
                    picks.try_set(items);
                    status.try_set(Status::Ready { note: listed.stopped_early, empty })
                }
                Err(e) => status.try_set(Status::Failed(e)),
            };
        });
    };

    let open = move || {
        slots_of.set(None);
        query.set(String::new());
        let sub = state.form.with_untracked(|f| f.subscription.trim().to_string());
        let (services, targets) = ListKind::for_scenario(scenario.get_untracked());
        let (kind, scope) = match what {
            PickFor::Subscription => (ListKind::Subscriptions, String::new()),
            PickFor::Service => (services, sub),
            PickFor::Target => (targets, sub),
        };
        if kind != ListKind::Subscriptions && !is_uuid(&scope) {
            status.set(Status::Failed(ListError {
                status: None,
                code: String::new(),
                title: "Which subscription?".into(),
                detail: "Enter or pick the subscription first: the list is per subscription.".into(),
            }));
            return;
        }
        load(kind, scope);
        request_animation_frame(move || {
            if let Some(i) = input.get_untracked() {
                let _ = i.focus();
            }
        });
    };
    let close = move || {
        // A list still loading must not reopen the picker when it answers.
        generation.update_value(|g| *g += 1);
        status.set(Status::Closed);
        slots_of.set(None);
        if let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    let pick = move |p: Pick| {
        for (field, value) in choose(&p) {
            state.set(field, value);
        }
        // A site may have slots: offer them (or the app itself) next.
        if p.site_kind.is_some() && p.kind != ListKind::Slots {
            slots_of.set(Some(p.clone()));
            query.set(String::new());
            load(ListKind::Slots, p.id.clone());
        } else {
            close();
        }
    };
    let choose_active = move || {
        let i = active.get_untracked();
        let chosen = shown.with_untracked(|s| s.get(i).copied()).and_then(|j| picks.with_untracked(|p| p.get(j).cloned()));
        if let Some(p) = chosen {
            pick(p);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = shown.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                active.update(|a| *a = if n == 0 { 0 } else { (*a + 1).min(n - 1) });
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| *a = a.saturating_sub(1));
            }
            "Home" => active.set(0),
            "End" => active.set(n.saturating_sub(1)),
            "Enter" => {
                ev.prevent_default();
                choose_active();
            }
            "Escape" => {
                ev.prevent_default();
                close();
            }
            _ => {}
        }
    };
    let is_open = move || status.with(|s| *s != Status::Closed);
    let option_id = move |i: usize| format!("pick-{key}-opt-{i}");
    let list_id2 = list_id.clone();

    view! {
        <div class="picker" data-picker=key>
            <button type="button" class="secondary pick" node_ref=button aria-expanded=move || if is_open() { "true" } else { "false" }
                aria-controls=move || is_open().then(|| list_id.clone()) disabled=via.is_none()
                on:click=move |_| if is_open() { close() } else { open() }>
                {match what { PickFor::Subscription => "Pick a subscription…", PickFor::Service => "Pick a service…", PickFor::Target => "Pick a target…" }}
            </button>
            {move || is_open().then(|| {
                let list_id = list_id2.clone();
                view! {
                <div class="picker-panel">
                    <p class="hint">{move || slots_of.with(|s| s.as_ref().map(|s| format!("{} chosen. Its deployment slots, or keep the app itself:", s.name)))}</p>
                    <label class="picker-search">"Search by name, resource group or location"
                        <input type="text" role="combobox" autocomplete="off" spellcheck="false" node_ref=input
                            name=format!("pick-{key}-search") placeholder="Search…"
                            aria-expanded="true" aria-controls=list_id.clone() aria-autocomplete="list"
                            aria-activedescendant=move || shown.with(|s| (!s.is_empty()).then(|| option_id(active.get().min(s.len() - 1))))
                            prop:value=move || query.get()
                            on:input=move |ev| { query.set(event_target_value(&ev)); active.set(0); }
                            on:keydown=on_key />
                    </label>
                    <p class="picker-status" role="status" aria-live="polite" data-pick="status">
                        {move || match status.get() {
                            Status::Loading => "Loading…".to_string(),
                            Status::Ready { empty: Some(e), .. } => e,
                            Status::Ready { note, .. } => {
                                let n = shown.with(Vec::len);
                                let base = format!("{n} of {} shown", picks.with(Vec::len));
                                note.map(|x| format!("{base}. {x}")).unwrap_or(base)
                            }
                            Status::Failed(_) | Status::Closed => String::new(),
                        }}
                    </p>
                    {move || match status.get() {
                        Status::Failed(e) => Some(view! {
                            <div class="error" role="alert" data-pick="error"><strong>{e.title}</strong><p>{e.detail}</p></div>
                        }),
                        _ => None,
                    }}
                    <ul role="listbox" id=list_id aria-label="Choices">
                        {move || {
                            let a = active.get();
                            let in_slots = slots_of.with(Option::is_some);
                            shown.get().into_iter().enumerate().map(|(i, j)| {
                                let p = picks.with_untracked(|p| p[j].clone());
                                let chosen = p.clone();
                                let place = [p.resource_group.as_str(), p.location.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" · ");
                                view! {
                                    <li role="option" id=option_id(i) aria-selected=if i == a { "true" } else { "false" }
                                        class:active=i == a data-pick-name=p.name.clone()
                                        on:mousedown=move |ev| ev.prevent_default()
                                        on:click=move |_| pick(chosen.clone())>
                                        <strong>{p.name.clone()}</strong>
                                        {(!place.is_empty() && !in_slots).then(|| view! { <span class="place">{place}</span> })}
                                        <span class="detail">{p.detail.join(" · ")}</span>
                                        {(!p.warnings.is_empty()).then(|| view! {
                                            <ul class="warnings">{p.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                                        })}
                                    </li>
                                }
                            }).collect_view()
                        }}
                    </ul>
                    {move || slots_of.with(Option::is_some).then(|| view! {
                        <button type="button" class="secondary" data-pick="keep-app" on:click=move |_| close()>"Keep the app itself"</button>
                    })}
                    <button type="button" class="secondary" on:click=move |_| close()>"Close"</button>
                </div>
            }})}
        </div>
    }
}
