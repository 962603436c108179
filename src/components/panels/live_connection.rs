//! Live mode's connection: the cloud (or a local emulator's endpoint) and the pasted token, decoded
//! and checked against the chosen cloud. The token lives in these signals only.

use leptos::prelude::*;
use splr_core::live::cloud::Cloud;
use splr_core::live::token;

/// The connection's signals, shared by the panel (which runs the steps) and the fields.
#[derive(Clone, Copy)]
pub struct Connection {
    pub cloud: RwSignal<String>,
    pub custom: RwSignal<String>,
    pub token_text: RwSignal<String>,
    /// Seconds since the epoch, ticked by the panel (a token's expiry is read against it).
    pub now: RwSignal<i64>,
}

impl Connection {
    pub fn new() -> Connection {
        Connection {
            cloud: RwSignal::new("public".to_string()),
            custom: RwSignal::new("http://127.0.0.1:8090".to_string()),
            token_text: RwSignal::new(String::new()),
            now: RwSignal::new(epoch_secs()),
        }
    }

    pub fn chosen(&self) -> Cloud {
        self.cloud.with(|c| self.custom.with(|u| Cloud::from_slug(c, u)))
    }

    pub fn endpoint(&self) -> Result<String, String> {
        self.chosen().endpoint()
    }

    pub fn info(&self) -> Option<Result<token::TokenInfo, String>> {
        self.token_text.with(|t| decode(t))
    }

    /// The token must be for the chosen cloud's ARM.
    pub fn warnings(&self) -> Vec<token::Warning> {
        match self.info() {
            Some(Ok(i)) => i.warnings(&self.chosen(), self.now.get()),
            _ => vec![],
        }
    }
}

pub fn epoch_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
pub fn LiveConnection(conn: Connection) -> impl IntoView {
    let Connection { cloud, custom, token_text, now } = conn;
    let chosen = move || conn.chosen();
    let endpoint = move || conn.endpoint();
    let info = move || conn.info();
    let warnings = move || conn.warnings();
    let custom_cloud = Memo::new(move |_| cloud.get() == "custom");
    view! {
            <div class="live-grid">
            <label for="live-cloud">"Cloud"
                <select id="live-cloud" on:change=move |ev| cloud.set(event_target_value(&ev)) prop:value=move || cloud.get()>
                    {Cloud::NAMED.into_iter().map(|c| view! { <option value=c.slug()>{c.display().to_string()}</option> }).collect_view()}
                    <option value="custom">"Custom endpoint (local emulator)"</option>
                </select>
            </label>
            {move || custom_cloud.get().then(|| view! {
                <label for="live-endpoint">"Endpoint"
                    <input id="live-endpoint" type="text" spellcheck="false" prop:value=move || custom.get()
                        on:input=move |ev| custom.set(event_target_value(&ev))
                        aria-describedby="live-endpoint-error" aria-invalid=move || if endpoint().is_err() { "true" } else { "false" } />
                </label>
                <p class="error" id="live-endpoint-error" role="alert">{move || endpoint().err()}</p>
            })}
        </div>
        <div class="field">
            <label for="live-token">"Access token"</label>
            <p class="hint" id="live-token-hint">
                "bash: " <code>{move || format!("az account get-access-token --resource {} --query accessToken -o tsv", chosen().resource())}</code>
                " · PowerShell: " <code>{move || format!("(Get-AzAccessToken -ResourceUrl {}).Token", chosen().resource())}</code>
            </p>
            <div class="token-row">
                <input id="live-token" type="password" autocomplete="off" spellcheck="false"
                    aria-describedby="live-token-hint live-token-status"
                    prop:value=move || token_text.get() on:input=move |ev| token_text.set(event_target_value(&ev)) />
                <button type="button" class="secondary" on:click=move |_| token_text.set(String::new())>"Clear"</button>
            </div>
            <div id="live-token-status" aria-live="polite" data-live="token">
                {move || match info() {
                    None => None,
                    Some(Err(e)) if cloud.get() == "custom" => Some(view! {
                        <p class="hint">{format!("{e} A local emulator accepts it as a practice token.")}</p>
                    }.into_any()),
                    Some(Err(e)) => Some(view! { <p class="error">{e}</p> }.into_any()),
                    Some(Ok(i)) => Some(view! {
                        <dl class="token-info">
                            <div><dt>"Identity"</dt><dd>{i.identity.unwrap_or_else(|| "unknown".into())}</dd></div>
                            <div><dt>"Tenant"</dt><dd>{i.tenant.unwrap_or_else(|| "unknown".into())}</dd></div>
                            <div><dt>"Audience"</dt><dd>{i.audience.unwrap_or_else(|| "none".into())}</dd></div>
                            <div><dt>"Expires"</dt><dd>{i.expires_at.map(|e| {
                                let left = e - now.get();
                                if left > 0 { format!("in {} min", left / 60) } else { "expired".into() }
                            }).unwrap_or_else(|| "unknown".into())}</dd></div>
                        </dl>
                        <ul class="warnings">
                            {warnings().into_iter().map(|w| view! { <li class:blocking=w.is_blocking()>{w.message()}</li> }).collect_view()}
                        </ul>
                    }.into_any()),
                }}
            </div>
        </div>
    }
}

/// The pasted token decoded (`None` while the field is empty). Not inlined: several readers call it.
#[inline(never)]
fn decode(text: &str) -> Option<Result<token::TokenInfo, String>> {
    (!text.trim().is_empty()).then(|| token::decode(text))
}
