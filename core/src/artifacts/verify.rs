//! Snippets that log the `X-Forwarded-For` header in a Function, so users can see which address the
//! service's calls come from (a private one once the shared private endpoint is in use).

use super::Artifact;

pub fn snippets() -> Vec<Artifact> {
    vec![
        Artifact {
            id: "xff-javascript",
            title: "JavaScript (Node.js v4 programming model)",
            language: "javascript",
            text: r#"const { app } = require('@azure/functions');

app.http('upstream', {
  methods: ['GET', 'POST', 'OPTIONS'],
  authLevel: 'function',
  handler: async (request, context) => {
    context.log(`X-Forwarded-For: ${request.headers.get('x-forwarded-for')}`);
    return { status: 200 };
  },
});
"#
            .into(),
            notes: vec![],
        },
        Artifact {
            id: "xff-csharp",
            title: "C# (isolated worker)",
            language: "csharp",
            text: r#"[Function("upstream")]
public IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "get", "post", "options")] HttpRequest req)
{
    _logger.LogInformation("X-Forwarded-For: {Address}", req.Headers["X-Forwarded-For"].ToString());
    return new OkResult();
}
"#
            .into(),
            notes: vec![],
        },
        Artifact {
            id: "xff-python",
            title: "Python (v2 programming model)",
            language: "python",
            text: r#"import logging
import azure.functions as func

app = func.FunctionApp()

@app.route(route="upstream", methods=["GET", "POST", "OPTIONS"])
def upstream(req: func.HttpRequest) -> func.HttpResponse:
    logging.info("X-Forwarded-For: %s", req.headers.get("X-Forwarded-For"))
    return func.HttpResponse(status_code=200)
"#
            .into(),
            notes: vec![],
        },
    ]
}
