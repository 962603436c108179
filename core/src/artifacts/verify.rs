//! Snippets that log the `X-Forwarded-For` header in a Function, so users can see which address the
//! service's calls come from (a private one once the shared private endpoint is in use).

use super::{Artifact, ArtifactId};

/// A verify snippet: one per Functions language, the same for every form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Snippet {
    JavaScript,
    CSharp,
    Python,
}

impl Snippet {
    pub const ALL: [Snippet; 3] = [Snippet::JavaScript, Snippet::CSharp, Snippet::Python];

    pub fn slug(self) -> &'static str {
        match self {
            Snippet::JavaScript => "xff-javascript",
            Snippet::CSharp => "xff-csharp",
            Snippet::Python => "xff-python",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Snippet::JavaScript => "JavaScript (Node.js v4 programming model)",
            Snippet::CSharp => "C# (isolated worker)",
            Snippet::Python => "Python (v2 programming model)",
        }
    }

    fn language(self) -> &'static str {
        match self {
            Snippet::JavaScript => "javascript",
            Snippet::CSharp => "csharp",
            Snippet::Python => "python",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Snippet::JavaScript => r#"const { app } = require('@azure/functions');

app.http('upstream', {
  methods: ['GET', 'POST', 'OPTIONS'],
  authLevel: 'function',
  handler: async (request, context) => {
    context.log(`X-Forwarded-For: ${request.headers.get('x-forwarded-for')}`);
    return { status: 200 };
  },
});
"#,
            Snippet::CSharp => r#"[Function("upstream")]
public IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "get", "post", "options")] HttpRequest req)
{
    _logger.LogInformation("X-Forwarded-For: {Address}", req.Headers["X-Forwarded-For"].ToString());
    return new OkResult();
}
"#,
            Snippet::Python => r#"import logging
import azure.functions as func

app = func.FunctionApp()

@app.route(route="upstream", methods=["GET", "POST", "OPTIONS"])
def upstream(req: func.HttpRequest) -> func.HttpResponse:
    logging.info("X-Forwarded-For: %s", req.headers.get("X-Forwarded-For"))
    return func.HttpResponse(status_code=200)
"#,
        }
    }

    pub fn artifact(self) -> Artifact {
        Artifact {
            id: ArtifactId::Verify(self),
            title: self.title(),
            language: self.language(),
            text: self.text().into(),
            notes: vec![],
        }
    }
}
