//! Trigger, input and output binding samples per language, wired to the configured hub and setting.
//!
//! The trigger takes the plural `connections` (the settings whose keys validate upstream calls); the
//! `WebPubSubConnection` input and the `webPubSub` output take the singular `connection`. Hub and
//! setting names are validated identifiers, so they go into the code without escaping. Binding
//! properties are written in camelCase, as function.json names them (Python's generic bindings pass
//! them through).

use super::{BindingsPlan, Worker};
use crate::artifacts::Artifact;

fn notes(plan: &BindingsPlan, worker: Worker) -> Vec<String> {
    let mut n = vec![format!(
        "Two functions: negotiate returns the client's URL and token (WebPubSubConnection input); message handles user events of hub '{}' and broadcasts them (trigger + output).",
        plan.hub
    )];
    match worker {
        Worker::JavaScript | Worker::Python => n.push(
            "Uses the Web PubSub extension from the extension bundle in host.json: [4.*, 5.0.0).".into(),
        ),
        Worker::CsharpIsolated => n.push(
            "Needs the NuGet package Microsoft.Azure.Functions.Worker.Extensions.WebPubSub; connection strings only (no identity-based connections in the isolated model).".into(),
        ),
    }
    if worker != plan.worker {
        n.push(format!("Your app is set to {}: this sample is for {}.", plan.worker.display(), worker.display()));
    }
    n
}

pub(crate) fn javascript(plan: &BindingsPlan) -> Artifact {
    let (hub, setting) = (&plan.hub, &plan.setting);
    let text = format!(
        r#"const {{ app, input, output, trigger }} = require('@azure/functions');

const connection = input.generic({{
  type: 'webPubSubConnection',
  name: 'connection',
  hub: '{hub}',
  userId: '{{query.userid}}',
  connection: '{setting}',
}});

app.http('negotiate', {{
  methods: ['GET'],
  authLevel: 'anonymous',
  extraInputs: [connection],
  handler: async (request, context) => ({{ jsonBody: context.extraInputs.get(connection) }}),
}});

const actions = output.generic({{
  type: 'webPubSub',
  name: 'actions',
  hub: '{hub}',
  connection: '{setting}',
}});

app.generic('message', {{
  trigger: trigger.generic({{
    type: 'webPubSubTrigger',
    name: 'request',
    hub: '{hub}',
    eventName: 'message',
    eventType: 'user',
    connections: ['{setting}'],
  }}),
  extraOutputs: [actions],
  handler: async (request, context) => {{
    context.extraOutputs.set(actions, [{{
      actionName: 'sendToAll',
      data: `[${{context.triggerMetadata.connectionContext.userId}}] ${{request.data}}`,
      dataType: request.dataType,
    }}]);
  }},
}});
"#
    );
    Artifact {
        id: super::BindingsOutput::BindingJavaScript.into(),
        title: "JavaScript (Node.js v4 programming model)",
        language: "javascript",
        text,
        notes: notes(plan, Worker::JavaScript),
    }
}

pub(crate) fn csharp(plan: &BindingsPlan) -> Artifact {
    let (hub, setting) = (&plan.hub, &plan.setting);
    let text = format!(
        r#"using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

public static class ChatFunctions
{{
    [Function("negotiate")]
    public static async Task<HttpResponseData> Negotiate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData req,
        [WebPubSubConnectionInput(Hub = "{hub}", UserId = "{{query.userid}}", Connection = "{setting}")] WebPubSubConnection connectionInfo)
    {{
        var response = req.CreateResponse(HttpStatusCode.OK);
        await response.WriteAsJsonAsync(connectionInfo);
        return response;
    }}

    [Function("message")]
    [WebPubSubOutput(Hub = "{hub}", Connection = "{setting}")]
    public static SendToAllAction Message(
        [WebPubSubTrigger("{hub}", WebPubSubEventType.User, "message", "{setting}")] UserEventRequest request)
    {{
        return new SendToAllAction
        {{
            Data = BinaryData.FromString($"[{{request.ConnectionContext.UserId}}] {{request.Data}}"),
            DataType = request.DataType,
        }};
    }}
}}
"#
    );
    Artifact { id: super::BindingsOutput::BindingCSharp.into(), title: "C# (isolated worker)", language: "csharp", text, notes: notes(plan, Worker::CsharpIsolated) }
}

pub(crate) fn python(plan: &BindingsPlan) -> Artifact {
    let (hub, setting) = (&plan.hub, &plan.setting);
    let text = format!(
        r#"import json
import azure.functions as func

app = func.FunctionApp()


@app.route(route="negotiate", methods=["GET"], auth_level=func.AuthLevel.ANONYMOUS)
@app.generic_input_binding(arg_name="connection", type="webPubSubConnection", hub="{hub}",
                           userId="{{query.userid}}", connection="{setting}")
def negotiate(req: func.HttpRequest, connection) -> func.HttpResponse:
    return func.HttpResponse(connection, mimetype="application/json")


@app.generic_trigger(arg_name="request", type="webPubSubTrigger", hub="{hub}",
                     eventName="message", eventType="user", connections=["{setting}"])
@app.generic_output_binding(arg_name="actions", type="webPubSub", hub="{hub}", connection="{setting}")
def message(request: str, actions: func.Out[str]) -> None:
    event = json.loads(request)
    actions.set(json.dumps({{
        "actionName": "sendToAll",
        "data": f"[{{event['connectionContext']['userId']}}] {{event['data']}}",
        "dataType": event["dataType"],
    }}))
"#
    );
    Artifact { id: super::BindingsOutput::BindingPython.into(), title: "Python (v2 programming model)", language: "python", text, notes: notes(plan, Worker::Python) }
}
