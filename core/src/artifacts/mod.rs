//! Every copy-ready artifact of the walkthrough, per step and shell, generated from a validated [`Plan`].
//!
//! The steps are the docs' (<https://learn.microsoft.com/azure/azure-web-pubsub/howto-secure-shared-private-endpoints>):
//! create → approve → confirm → verify → clean up. Each shell
//! module writes the same commands in its own idiom; everything they share is computed once in [`Ctx`].

mod bash;
mod cmd;
mod powershell;
mod powershell_az;
pub mod verify;

use crate::walkthrough::form::Plan;
use crate::json_text::{self, JsonStyle};
use crate::service::Shell;

/// One block the user copies: its text is exactly what the Copy button copies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Stable id; its [`ArtifactId::slug`] is rendered as `data-artifact="<slug>"` (the test and tooling contract).
    pub id: ArtifactId,
    pub title: &'static str,
    /// Markdown / highlighter language tag.
    pub language: &'static str,
    pub text: String,
    /// What to know before running it (shown under the block).
    pub notes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepId {
    Create,
    Approve,
    Confirm,
    Verify,
    CleanUp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: StepId,
    pub title: &'static str,
    pub explanation: String,
    pub artifacts: Vec<Artifact>,
}

/// A shell artifact: written per shell from the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShellArtifact {
    CreateBody,
    Create,
    Poll,
    PollAsync,
    Approve,
    Status,
    Delete,
}

/// The shell artifacts, in walkthrough order.
pub const SHELL_ARTIFACTS: [ShellArtifact; 7] = ShellArtifact::ALL;

impl ShellArtifact {
    pub const ALL: [ShellArtifact; 7] = [
        ShellArtifact::CreateBody,
        ShellArtifact::Create,
        ShellArtifact::Poll,
        ShellArtifact::PollAsync,
        ShellArtifact::Approve,
        ShellArtifact::Status,
        ShellArtifact::Delete,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ShellArtifact::CreateBody => "create-pe.json",
            ShellArtifact::Create => "create",
            ShellArtifact::Poll => "poll",
            ShellArtifact::PollAsync => "poll-async",
            ShellArtifact::Approve => "approve",
            ShellArtifact::Status => "status",
            ShellArtifact::Delete => "delete",
        }
    }

    /// The heading, known without a form (so empty blocks still say what they will hold).
    pub fn title(self) -> &'static str {
        match self {
            ShellArtifact::CreateBody => "Write create-pe.json",
            ShellArtifact::Create => "Create the shared private endpoint",
            ShellArtifact::Poll => "Wait for provisioning to finish",
            ShellArtifact::PollAsync => "Or poll the Azure-AsyncOperation URL",
            ShellArtifact::Approve => "Approve the pending connection on the target",
            ShellArtifact::Status => "Wait until the connection is Approved",
            ShellArtifact::Delete => "Delete the shared private endpoint",
        }
    }
}

/// Every artifact's id, by kind: the walkthrough's shell artifacts and verify snippets, the IaC
/// exports and the bindings page's outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArtifactId {
    Shell(ShellArtifact),
    Verify(verify::Snippet),
    Iac(crate::iac::IacExport),
    Bindings(crate::bindings::BindingsOutput),
    /// The whole walkthrough as one Markdown document ([`crate::walkthrough::markdown`]).
    Document,
}

impl ArtifactId {
    /// The `data-artifact` value: unchanged since the ids were strings.
    pub fn slug(self) -> &'static str {
        match self {
            ArtifactId::Shell(a) => a.slug(),
            ArtifactId::Verify(a) => a.slug(),
            ArtifactId::Iac(a) => a.slug(),
            ArtifactId::Bindings(a) => a.slug(),
            ArtifactId::Document => "markdown",
        }
    }

    /// Whether the artifact is written per shell (its block shows the shell selector).
    pub fn per_shell(self) -> bool {
        match self {
            ArtifactId::Shell(_) => true,
            ArtifactId::Verify(_) | ArtifactId::Iac(_) | ArtifactId::Document => false,
            ArtifactId::Bindings(a) => a.per_shell(),
        }
    }
}

/// Slugs compare with ids, so tests and tooling keep naming artifacts by their `data-artifact` value.
impl PartialEq<&str> for ArtifactId {
    fn eq(&self, other: &&str) -> bool {
        self.slug() == *other
    }
}

impl std::fmt::Display for ArtifactId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

impl std::fmt::Display for ShellArtifact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

/// A shell artifact by its slug (`"create-pe.json"`), for callers that name it as the page does.
impl TryFrom<&str> for ShellArtifact {
    type Error = ();
    fn try_from(slug: &str) -> Result<Self, ()> {
        ShellArtifact::ALL.into_iter().find(|a| a.slug() == slug).ok_or(())
    }
}

impl From<ShellArtifact> for ArtifactId {
    fn from(a: ShellArtifact) -> Self {
        ArtifactId::Shell(a)
    }
}

/// A block of the walkthrough's steps: a shell artifact, or a verify snippet (the same for every form).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Block {
    Shell(ShellArtifact),
    Verify(verify::Snippet),
}

impl Block {
    pub fn id(self) -> ArtifactId {
        match self {
            Block::Shell(a) => ArtifactId::Shell(a),
            Block::Verify(a) => ArtifactId::Verify(a),
        }
    }
}

/// The walkthrough's steps and the blocks under each, in order. The UI renders this fixed layout
/// and fills in the text, so blocks stay in place while the user types; [`steps`] follows it one for
/// one, so a block finds its artifact by position.
pub const LAYOUT: [(StepId, &[Block]); 5] = [
    (
        StepId::Create,
        &[
            Block::Shell(ShellArtifact::CreateBody),
            Block::Shell(ShellArtifact::Create),
            Block::Shell(ShellArtifact::Poll),
            Block::Shell(ShellArtifact::PollAsync),
        ],
    ),
    (StepId::Approve, &[Block::Shell(ShellArtifact::Approve)]),
    (StepId::Confirm, &[Block::Shell(ShellArtifact::Status)]),
    (
        StepId::Verify,
        &[
            Block::Verify(verify::Snippet::JavaScript),
            Block::Verify(verify::Snippet::CSharp),
            Block::Verify(verify::Snippet::Python),
        ],
    ),
    (StepId::CleanUp, &[Block::Shell(ShellArtifact::Delete)]),
];

impl StepId {
    /// Anchor of the step on the page (`#step-approve`).
    pub fn anchor(self) -> &'static str {
        match self {
            StepId::Create => "step-create",
            StepId::Approve => "step-approve",
            StepId::Confirm => "step-confirm",
            StepId::Verify => "step-verify",
            StepId::CleanUp => "step-clean-up",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            StepId::Create => "Create the shared private endpoint",
            StepId::Approve => "Approve it on the target",
            StepId::Confirm => "Confirm it is Approved",
            StepId::Verify => "Verify traffic is private",
            StepId::CleanUp => "Clean up",
        }
    }
}

/// The values every shell's commands are built from.
pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    /// The SPLR's `az rest --url`: relative, so az sends it to the cloud it is logged in to
    /// ([`Plan::path`]).
    pub url: String,
    pub splr_id: String,
    pub target_rg: String,
    pub target_name: String,
    /// The target's resource ID, for `az network private-endpoint-connection list --id`: az reads the
    /// subscription from it (a target in another subscription needs no `--subscription`), and `--id`
    /// alone avoids the warning az prints for every `-g/-n/--type` list, "Resource ID will be ignored
    /// since other three arguments have been provided" (azure-cli 2.91.0
    /// `src/azure-cli/azure/cli/command_modules/network/_validators.py`,
    /// `process_private_link_resource_id_argument`, warns whenever the three are given).
    pub target_id: String,
    /// The approval description (built from names only, so it needs no quoting care).
    pub description: String,
    /// A deployment slot: its name and the `az rest --url` (relative) of its connections, with the
    /// api-version. `az network private-endpoint-connection` cannot reach them: it knows
    /// `Microsoft.Web/sites` only (azure-cli `…/private_link_resource_and_endpoint_connections/custom.py`
    /// @924eac2b3c7518f0721f29acecc313b818e62f1c) and builds `…/{type}/{name}/privateEndpointConnections`,
    /// while a slot's connections are `…/sites/{app}/slots/{slot}/privateEndpointConnections`
    /// (azure-rest-api-specs `specification/web/resource-manager/Microsoft.Web/AppService/RemotePrivateEndpointConnectionARMResource.tsp`
    /// @074e21c38b61058b27bcdefd854f2aa5b4f323bb, `PrivateEndpointConnectionSlotOperationGroup`).
    pub slot: Option<SlotApproval>,
}

pub(crate) struct SlotApproval {
    pub name: String,
    /// `/subscriptions/…/sites/{app}/slots/{slot}/privateEndpointConnections?api-version=…`.
    pub connections_url: String,
    /// What follows a connection's ID in its PUT URL: `?api-version=…`.
    pub query: String,
}

impl<'a> Ctx<'a> {
    fn new(plan: &'a Plan) -> Ctx<'a> {
        let t = &plan.target.id;
        Ctx {
            plan,
            url: plan.path(),
            splr_id: plan.splr_id(),
            target_rg: t.resource_group.clone(),
            target_name: t.name().to_string(),
            target_id: t.text.clone(),
            description: format!("Approved for {}/{}", plan.service_name, plan.name),
            slot: plan.target.slot.as_ref().map(|slot| {
                let query = format!("?api-version={}", crate::arm::client::connection_api_version(plan.target.kind));
                SlotApproval {
                    name: slot.clone(),
                    connections_url: format!("{}/slots/{slot}/privateEndpointConnections{query}", t.text),
                    query,
                }
            }),
        }
    }

    /// approve-pe.json (deployment slots): the state the approval PUT sets, as the Microsoft.Web example
    /// sends it (`ApproveRejectSitePrivateEndpointConnection.json`: `properties.privateLinkServiceConnectionState`
    /// with status, description, actionsRequired).
    pub fn approve_body(&self, style: JsonStyle) -> String {
        let body = serde_json::json!({"properties": {"privateLinkServiceConnectionState": {
            "status": "Approved",
            "description": self.description,
            "actionsRequired": "",
        }}});
        json_text::write(&body, style)
    }

    /// create-pe.json for bash and PowerShell: readable, any text literal.
    pub fn body_pretty(&self) -> String {
        json_text::write(&self.plan.body().to_value(), JsonStyle::Pretty)
    }

    /// create-pe.json for cmd: one ASCII line that `echo` writes unchanged.
    pub fn body_cmd(&self) -> String {
        json_text::write(&self.plan.body().to_value(), JsonStyle::CmdSafe)
    }
}

/// JMESPath: ids of the connections on the target that wait for approval.
pub(crate) const PENDING_IDS: &str = "[?properties.privateLinkServiceConnectionState.status=='Pending'].id";
/// JMESPath: a readable table of the connections on the target.
pub(crate) const CONNECTIONS_TABLE: &str = "[].{name:name, status:properties.privateLinkServiceConnectionState.status, description:properties.privateLinkServiceConnectionState.description}";
/// The same two queries on an `az rest` GET of a connection list (`{"value": [...]}`): a slot's.
pub(crate) const SLOT_PENDING_IDS: &str = "value[?properties.privateLinkServiceConnectionState.status=='Pending'].id";
pub(crate) const SLOT_CONNECTIONS_TABLE: &str = "value[].{name:name, status:properties.privateLinkServiceConnectionState.status, description:properties.privateLinkServiceConnectionState.description}";
/// Under the approve step of a slot: the SPLR sources are silent about slots.
pub(crate) const SLOT_UNVERIFIED: &str = "Unverified: sharing a deployment slot (groupId sites-<slot>) is not in the \
    shared private endpoint docs, and the service's privateLinkResources list offers only 'sites'. App Service documents \
    sites-<slot> for ordinary private endpoints, with the slot's connections under the slot, which is where these \
    commands look (az network private-endpoint-connection cannot list a slot's connections).";
/// Seconds between polls of the provisioning state, and how many tries (30 minutes).
pub(crate) const POLL_SECONDS: u32 = 10;
pub(crate) const POLL_TRIES: u32 = 180;
/// Approval takes minutes to propagate: poll more slowly, for up to 30 minutes.
pub(crate) const APPROVAL_SECONDS: u32 = 30;
pub(crate) const APPROVAL_TRIES: u32 = 60;

/// The shell-specific text of each artifact.
pub(crate) trait Scripts {
    fn write_body(&self, c: &Ctx) -> String;
    fn create(&self, c: &Ctx) -> String;
    fn poll(&self, c: &Ctx) -> String;
    fn poll_async(&self, c: &Ctx) -> String;
    fn approve(&self, c: &Ctx) -> String;
    fn status(&self, c: &Ctx) -> String;
    fn delete(&self, c: &Ctx) -> String;
    /// Shell-specific cautions for this plan (e.g. characters another parser would eat).
    fn notes(&self, _c: &Ctx, _artifact: &str) -> Vec<String> {
        Vec::new()
    }
}

fn scripts(shell: Shell) -> &'static dyn Scripts {
    match shell {
        Shell::Bash => &bash::Bash,
        Shell::PowerShell => &powershell::PowerShell,
        Shell::PowerShellAz => &powershell_az::PowerShellAz,
        Shell::Cmd => &cmd::Cmd,
    }
}

/// The heading of an artifact, known without a form (so empty blocks still say what they will hold).
pub fn title(id: ArtifactId) -> &'static str {
    match id {
        ArtifactId::Shell(a) => a.title(),
        ArtifactId::Verify(a) => a.title(),
        ArtifactId::Iac(a) => crate::iac::title(a),
        ArtifactId::Bindings(a) => crate::bindings::title(a),
        ArtifactId::Document => "Markdown for docs",
    }
}

/// One shell artifact, by id or slug (`None` for a slug that names none).
pub fn artifact(plan: &Plan, shell: Shell, id: impl TryInto<ShellArtifact>) -> Option<Artifact> {
    Some(shell_artifact(&Ctx::new(plan), shell, id.try_into().ok()?))
}

fn shell_artifact(c: &Ctx, shell: Shell, id: ShellArtifact) -> Artifact {
    let s = scripts(shell);
    let text = match id {
        ShellArtifact::CreateBody => s.write_body(c),
        ShellArtifact::Create => s.create(c),
        ShellArtifact::Poll => s.poll(c),
        ShellArtifact::PollAsync => s.poll_async(c),
        ShellArtifact::Approve => s.approve(c),
        ShellArtifact::Status => s.status(c),
        ShellArtifact::Delete => s.delete(c),
    };
    let mut notes = s.notes(c, id.slug());
    if id == ShellArtifact::Approve && c.slot.is_some() {
        notes.push(SLOT_UNVERIFIED.into());
    }
    Artifact { id: id.into(), title: id.title(), language: shell.language(), text, notes }
}

/// The whole walkthrough for `plan` in `shell`, in [`LAYOUT`] order: the shared values are computed once.
pub fn steps(plan: &Plan, shell: Shell) -> Vec<Step> {
    let c = Ctx::new(plan);
    LAYOUT
        .iter()
        .map(|(id, ids)| Step {
            id: *id,
            title: id.title(),
            explanation: explanation(*id, plan),
            artifacts: ids.iter().map(|a| layout_artifact(&c, shell, *a)).collect(),
        })
        .collect()
}

/// The artifact of a block of the walkthrough's layout.
fn layout_artifact(c: &Ctx, shell: Shell, block: Block) -> Artifact {
    match block {
        Block::Shell(a) => shell_artifact(c, shell, a),
        Block::Verify(a) => a.artifact(),
    }
}

fn explanation(step: StepId, plan: &Plan) -> String {
    let target = plan.target.kind.display();
    let target_name = plan.target.id.name();
    match step {
        StepId::Create => format!(
            "Write the request body, PUT it to {} '{}' and wait: the request is a long-running operation \
             (201 Created with an Azure-AsyncOperation header) that takes a minute or two.",
            plan.service.display(),
            plan.service_name
        ),
        StepId::Approve => match &plan.target.slot {
            Some(slot) => format!(
                "The service asked slot '{slot}' of {target} '{target_name}' for a private endpoint connection; it \
                 waits as Pending on the slot (not on the app) until the owner approves it."
            ),
            None => format!(
                "The service asked {target} '{target_name}' for a private endpoint connection; it waits as Pending \
                 until the target's owner approves it."
            ),
        },
        StepId::Confirm => "Approval takes a few minutes to reach the service. Wait until provisioningState is \
                            Succeeded and status is Approved."
            .into(),
        StepId::Verify => {
            let mut text = "Log the X-Forwarded-For header of the calls your target receives: a private address \
                            means they came through the shared private endpoint."
                .to_string();
            // The endpoint is created and approved in any service mode (azurerm's
            // TestAccSignalrSharedPrivateLinkResource_basicSites uses a Default-mode service); only the calls
            // depend on Serverless mode.
            if plan.service == crate::service::Service::SignalR && plan.target.kind == crate::target::TargetKind::Site {
                text.push_str(
                    " SignalR makes upstream calls only in Serverless mode: in Default or Classic mode the endpoint \
                     is created and shows Approved all the same, but no calls arrive. If nothing arrives, check the \
                     service mode (Settings → Service mode) first.",
                );
            }
            text
        }
        StepId::CleanUp => "Deleting the shared private endpoint removes the connection from the target too. Wait \
                            for it to finish before the next change to the same service (409 Conflict otherwise)."
            .into(),
    }
}
