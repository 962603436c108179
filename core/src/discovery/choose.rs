//! Choosing a pick: the form fields to set, which the shell sets through the same path as typing
//! (`FormState::set`), so validation, the deep link and the generated commands follow.

use super::picks::Pick;
use super::requests::ListKind;
use crate::walkthrough::form::Field;

/// The fields a pick sets, in order.
/// - a subscription: the subscription;
/// - a service: its subscription, resource group and name (the service ID is built from these);
/// - a target: the target ID; a slot: the slot's ID (`…/sites/{app}/slots/{slot}`), which the form turns
///   into the app's ID and groupId `sites-{slot}` as it does for a pasted slot ID.
pub fn choose(pick: &Pick) -> Vec<(Field, String)> {
    match pick.kind {
        ListKind::Subscriptions => vec![(Field::Subscription, pick.id.clone())],
        ListKind::Services(_) => vec![
            (Field::Subscription, pick.subscription.clone()),
            (Field::ResourceGroup, pick.resource_group.clone()),
            (Field::Service, pick.name.clone()),
        ],
        ListKind::Targets(_) | ListKind::Slots => vec![(Field::Target, pick.id.clone())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discovery::picks::parse;
    use crate::service::Service;
    use crate::target::TargetKind;
    use crate::walkthrough::form::{check, Form};
    use crate::walkthrough::scenario::Scenario;
    use serde_json::json;

    const S: &str = "1c2d3e4f-0000-4000-8000-000000000001";

    fn apply(form: &mut Form, pick: &Pick) {
        for (f, v) in choose(pick) {
            form.set(f, v);
        }
    }

    #[test]
    fn choosing_fills_the_form_as_typing_would() {
        let mut form = Form::new(Scenario::SignalRFunction);
        let sub = parse(ListKind::Subscriptions, &json!({"subscriptionId": S, "displayName": "Dev"}), form.scenario).unwrap();
        apply(&mut form, &sub);
        assert_eq!(form.subscription, S);
        let svc = json!({"id": format!("/subscriptions/{S}/resourcegroups/rg-chat/providers/Microsoft.SignalRService/SignalR/chat"), "name": "chat"});
        apply(&mut form, &parse(ListKind::Services(Service::SignalR), &svc, Scenario::SignalRFunction).unwrap());
        let slot = json!({"id": format!("/subscriptions/{S}/resourceGroups/rg-app/providers/Microsoft.Web/sites/orders/slots/staging"), "name": "orders/staging"});
        apply(&mut form, &parse(ListKind::Slots, &slot, Scenario::SignalRFunction).unwrap());
        let plan = check(&form).plan.expect("a chosen service and slot validate");
        assert_eq!(plan.service_id(), format!("/subscriptions/{S}/resourceGroups/rg-chat/providers/Microsoft.SignalRService/signalR/chat"));
        assert_eq!(plan.target.slot.as_deref(), Some("staging"));
        assert_eq!(plan.group_id.as_deref(), Some("sites-staging"));
        let kv = json!({"id": format!("/subscriptions/{S}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1"), "name": "kv1"});
        let p = parse(ListKind::Targets(TargetKind::KeyVault), &kv, Scenario::WebPubSubKeyVault).unwrap();
        assert_eq!(choose(&p), vec![(Field::Target, kv["id"].as_str().unwrap().to_string())]);
    }
}
