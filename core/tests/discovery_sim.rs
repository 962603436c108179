//! The pickers over the simulated world: each list through the paging conversation, what the catalogue
//! shows, and that choosing an item builds a world that has it as the list showed it.

use splr_core::arm::catalogue::SANDBOX_SUBSCRIPTION;
use splr_core::arm::reads::run_sync;
use splr_core::arm::simulator::Simulator;
use splr_core::arm::world::{PlsVisibility, ServiceMode, Tier, WorldOptions};
use splr_core::discovery::errors::empty_message;
use splr_core::discovery::picks::parse_all;
use splr_core::discovery::{choose, filter, first_url, ListConversation, ListKind, Pick};
use splr_core::form::{check, Form};
use splr_core::scenario::{Scenario, PLACEHOLDER_SUBSCRIPTION};
use splr_core::service::Service;
use splr_core::target::TargetKind;

const EP: &str = "https://management.azure.com";

fn sim(form: &Form, opts: &WorldOptions) -> Simulator {
    let mut s = Simulator::from_plan(&check(form).plan.expect("valid"), opts, 7);
    s.lenient_auth = true;
    s.page_size = 2;
    s
}

fn list(s: &mut Simulator, kind: ListKind, scope: &str, scenario: Scenario) -> Result<Vec<Pick>, splr_core::discovery::ListError> {
    let mut c = ListConversation::new(kind, scope, first_url(EP, kind, scope));
    run_sync(&mut c, 100, |r| Ok(s.handle(r)));
    c.result().expect("finished").map(|l| {
        assert_eq!(l.stopped_early, None);
        parse_all(kind, &l.items, scenario)
    })
}

fn names(p: &[Pick]) -> Vec<&str> {
    p.iter().map(|p| p.name.as_str()).collect()
}

fn pick<'a>(p: &'a [Pick], name: &str) -> &'a Pick {
    p.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} not in {:?}", names(p)))
}

fn apply(form: &mut Form, p: &Pick) {
    for (f, v) in choose(p) {
        form.set(f, v);
    }
}

#[test]
fn subscriptions_services_and_targets_page_through_next_links() {
    let form = Form::new(Scenario::WebPubSubFunction);
    let mut s = sim(&form, &WorldOptions::default());
    let subs = list(&mut s, ListKind::Subscriptions, "", form.scenario).unwrap();
    assert_eq!(subs.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), [PLACEHOLDER_SUBSCRIPTION, SANDBOX_SUBSCRIPTION]);
    let svcs = list(&mut s, ListKind::Services(Service::WebPubSub), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    assert_eq!(names(&svcs), ["contoso-webpubsub", "contoso-chat-free", "contoso-prod-premium"]);
    // Three items at two per page: two requests, the second by the first's nextLink.
    let lists: Vec<_> = s.log().iter().filter(|e| e.request.url.contains("webPubSub")).collect();
    assert_eq!(lists.len(), 2);
    assert!(lists[1].request.url.starts_with(EP) && lists[1].request.url.contains("$skipToken=2"));
    assert!(pick(&svcs, "contoso-chat-free").warnings[0].contains("Free tier"));
    assert_eq!(pick(&svcs, "contoso-prod-premium").detail, ["Premium (Premium_P1)", "westus2"]);
    let sites = list(&mut s, ListKind::Targets(TargetKind::Site), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    assert_eq!(names(&sites), ["contoso-func", "contoso-orders", "contoso-web"]);
    assert_eq!(pick(&sites, "contoso-web").detail[0], "Web App");
    let orders = pick(&sites, "contoso-orders").id.clone();
    let slots = list(&mut s, ListKind::Slots, &orders, form.scenario).unwrap();
    assert_eq!(names(&slots), ["staging", "canary"]);
    assert_eq!(filter(&sites, "WEB"), [2]);
}

#[test]
fn the_sandbox_is_empty_and_an_unknown_subscription_is_not_found() {
    let form = Form::new(Scenario::WebPubSubKeyVault);
    let mut s = sim(&form, &WorldOptions::default());
    let kind = ListKind::Targets(TargetKind::KeyVault);
    assert!(list(&mut s, kind, SANDBOX_SUBSCRIPTION, form.scenario).unwrap().is_empty());
    assert_eq!(empty_message(kind, SANDBOX_SUBSCRIPTION), format!("No Key Vaults in subscription {SANDBOX_SUBSCRIPTION} you can see."));
    let e = list(&mut s, kind, "9e8d7c6b-0000-4000-8000-000000000000", form.scenario).unwrap_err();
    assert_eq!((e.status, e.code.as_str()), (Some(404), "SubscriptionNotFound"));
    let mut s = sim(&form, &WorldOptions { rights_on_target: false, ..Default::default() });
    let e = list(&mut s, kind, PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap_err();
    assert_eq!(e.status, Some(403));
    assert!(e.detail.contains("'Microsoft.KeyVault/vaults/read'"), "{e:?}");
}

#[test]
fn choosing_an_item_builds_a_world_that_has_it_as_listed() {
    let mut form = Form::new(Scenario::SignalRFunction);
    let opts = WorldOptions::default();
    let mut s = sim(&form, &opts);
    let svcs = list(&mut s, ListKind::Services(Service::SignalR), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    let default = pick(&svcs, "contoso-signalr-default").clone();
    assert!(default.warnings[0].contains("Serverless"));
    apply(&mut form, &default);
    let sites = list(&mut s, ListKind::Targets(TargetKind::Site), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    let orders = pick(&sites, "contoso-orders").clone();
    apply(&mut form, &orders);
    let slots = list(&mut s, ListKind::Slots, &orders.id, form.scenario).unwrap();
    apply(&mut form, pick(&slots, "canary"));

    let mut s2 = sim(&form, &opts);
    let w = &s2.world;
    assert_eq!((w.service.name.as_str(), w.service.mode), ("contoso-signalr-default", ServiceMode::Default));
    assert_eq!(w.targets[0].name(), "contoso-orders");
    assert_eq!(w.targets[0].slots, ["staging", "canary"]);
    let again = list(&mut s2.clone(), ListKind::Slots, &orders.id, form.scenario).unwrap();
    assert_eq!(names(&again), names(&slots));
    // The lists of the new world show the same items the same way: nothing moved under the user.
    let again = list(&mut s2, ListKind::Services(Service::SignalR), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    assert_eq!(names(&again), names(&svcs));
    assert_eq!(pick(&again, "contoso-signalr-default"), &default);
    let again = list(&mut s2, ListKind::Targets(TargetKind::Site), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    assert_eq!(pick(&again, "contoso-orders").detail, orders.detail);
}

#[test]
fn catalogue_entries_take_their_tier_and_visibility_and_the_rest_follow_the_options() {
    let mut form = Form::new(Scenario::WebPubSubPls);
    let opts = WorldOptions { tier: Tier::Premium, ..Default::default() };
    let mut s = sim(&form, &opts);
    let svcs = list(&mut s, ListKind::Services(Service::WebPubSub), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    assert_eq!(pick(&svcs, "contoso-webpubsub").detail[0], "Premium (Premium_P1)", "an entry without a tier shows the options'");
    apply(&mut form, pick(&svcs, "contoso-chat-free"));
    let pls = list(&mut s, ListKind::Targets(TargetKind::PrivateLinkService), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    let private = pick(&pls, "contoso-pls-private");
    assert!(private.warnings[0].contains("PrivateLinkServiceNotVisible"));
    apply(&mut form, private);
    let mut s = sim(&form, &opts);
    assert_eq!(s.world.service.tier, Tier::Free);
    assert_eq!(s.world.targets[0].visibility, PlsVisibility::Restricted);
    let svcs = list(&mut s, ListKind::Services(Service::WebPubSub), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    assert_eq!(pick(&svcs, "contoso-webpubsub").detail[0], "Premium (Premium_P1)");
    // The default form's own service and target still follow the options (the panel's switches).
    let plain = sim(&Form::new(Scenario::WebPubSubPls), &WorldOptions { tier: Tier::Free, pls_visibility: PlsVisibility::Restricted, ..Default::default() });
    assert_eq!((plain.world.service.tier, plain.world.targets[0].visibility), (Tier::Free, PlsVisibility::Restricted));
}

#[test]
fn the_whole_flow_works_on_a_picked_premium_service_and_slot() {
    use splr_core::arm::client::Job;
    use splr_core::arm::session::Session;
    use splr_core::arm::status::ConnectionStatus;
    let mut form = Form::new(Scenario::SignalRFunction);
    let mut s = sim(&form, &WorldOptions::default());
    let svcs = list(&mut s, ListKind::Services(Service::SignalR), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    apply(&mut form, pick(&svcs, "contoso-signalr-premium"));
    let sites = list(&mut s, ListKind::Targets(TargetKind::Site), PLACEHOLDER_SUBSCRIPTION, form.scenario).unwrap();
    let orders = pick(&sites, "contoso-orders").clone();
    let slots = list(&mut s, ListKind::Slots, &orders.id, form.scenario).unwrap();
    apply(&mut form, pick(&slots, "staging"));
    let mut session = Session::new(&check(&form).plan.unwrap(), &WorldOptions::default(), 42);
    session.start([Job::Create, Job::Approve { connection: None }, Job::Get]);
    session.finish();
    assert_eq!(session.standing().status, Some(ConnectionStatus::Approved), "{:?}", session.outcomes());
}
