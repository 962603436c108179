// User journeys in a real browser, done the way users do them: clicking, and typing key by key
// rather than setting values. Each journey saves screenshots into test-output/ (git-ignored).
//   - a learner runs a scenario in the simulator from start to finish with the steps' Run buttons
//   - a docs writer fills a form, switches shell, copies a command and the deep link, and opens the
//     link in a fresh browser to find the same form
//   - a platform team publishes presets.json beside the site, and a colleague fills a form from it
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { watchPage } from './harness.mjs';
import { appPerFile, OUT, sim, artifact } from './app.mjs';

const env = appPerFile();

const shot = (page, name) => page.screenshot({ path: path.join(OUT, `journey-${name}.png`) });

/** The three values of the simulator's state view. */
async function standing(page) {
  return {
    provisioningState: await sim(page, 'provisioningState').textContent(),
    status: await sim(page, 'status').textContent(),
    targetStatus: await sim(page, 'targetStatus').textContent(),
  };
}

/** Types into a labelled field as a user does: select what is there, then key by key. */
async function retype(page, label, text) {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await field.pressSequentially(text, { delay: 5 });
  assert.equal(await field.inputValue(), text);
}

test('a learner runs a scenario in the simulator, step by step, from create to delete', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const { problems } = watchPage(page);
  try {
    // From the landing page to the SignalR walkthrough.
    await page.goto(env.url);
    await page.locator('[data-scenario="signalr-function"]').click();
    await page.getByLabel('Service name').waitFor();
    await retype(page, 'Service name', 'learn-signalr');
    await retype(page, 'Shared private endpoint name', 'learn-pe');
    // The simulator works on the form: its explanation names the endpoint typed.
    await sim(page, 'explanation').getByText("no shared private endpoint named learn-pe").waitFor();
    assert.deepEqual(await standing(page), { provisioningState: '—', status: '—', targetStatus: '—' });

    // 60×: fast enough for a test, slow enough to watch the states change.
    await page.getByRole('button', { name: '60×', exact: true }).click();

    // 1. Create: Creating while it runs, then Succeeded and waiting for approval.
    await page.getByRole('button', { name: '▶ Run create in the simulator' }).click();
    await sim(page, 'provisioningState').getByText('Creating').waitFor();
    assert.match(await sim(page, 'running').textContent(), /Running: create/);
    await shot(page, 'learner-1-creating');
    await page.locator('[data-sim="outcomes"] li[data-job="create"].ok').waitFor({ timeout: 15_000 });
    assert.deepEqual(await standing(page), { provisioningState: 'Succeeded', status: 'Pending', targetStatus: 'Pending' });
    assert.match(await sim(page, 'explanation').textContent(), /approve/i);
    await shot(page, 'learner-2-pending');

    // 2. Approve on the target: the target side first, the service side once it propagates.
    await page.getByRole('button', { name: '▶ Approve on the target (simulated)' }).click();
    await page.locator('[data-sim="outcomes"] li[data-job="approve on the target"].ok').waitFor({ timeout: 15_000 });
    assert.deepEqual(await standing(page), { provisioningState: 'Succeeded', status: 'Approved', targetStatus: 'Approved' });
    assert.match(await sim(page, 'explanation').textContent(), /learn-signalr reaches .* over the private endpoint/);
    await shot(page, 'learner-3-approved');

    // 3. Check status: the GET the confirm step runs, answered from the model.
    await page.getByRole('button', { name: '▶ Check status in the simulator' }).click();
    const status = page.locator('[data-sim="outcomes"] li[data-job="status"].ok');
    await status.waitFor({ timeout: 15_000 });
    assert.match(await status.textContent(), /learn-pe.*provisioningState Succeeded, status Approved/);

    // 4. Delete: the endpoint and its connection are gone.
    await page.getByRole('button', { name: '▶ Delete in the simulator' }).click();
    await page.locator('[data-sim="outcomes"] li[data-job="delete"].ok').waitFor({ timeout: 15_000 });
    assert.deepEqual(await standing(page), { provisioningState: '—', status: '—', targetStatus: '—' });
    await shot(page, 'learner-4-deleted');

    // The request log holds every exchange in order: the PUT first, the DELETE last.
    const log = await page.locator('[data-sim="log"] li summary').allTextContents();
    assert.match(log[0], / PUT .*\/signalR\/learn-signalr\/sharedPrivateLinkResources\/learn-pe\?.*→ 201$/);
    assert.ok(log.some((s) => / DELETE .*learn-pe.*→ 20[02]$/.test(s)), log.join('\n'));
    assert.equal(await page.locator('[data-sim="outcomes"] li.bad').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a docs writer fills a form, switches shell, copies a command and the link, and opens it elsewhere', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url.replace(/\/$/, '') });
  const page = await context.newPage();
  const { problems } = watchPage(page);
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  try {
    await page.goto(env.url);
    await page.locator('[data-scenario="webpubsub-pls"]').click();
    await page.getByLabel('Service name').waitFor();

    // Fill the form key by key.
    const form = {
      'Subscription ID': '11111111-2222-3333-4444-555555555555',
      'Resource group of the service': 'docs-rg',
      'Service name': 'docs-webpubsub',
      'Shared private endpoint name': 'docs-pls-pe',
      fqdns: 'pls.contoso.com,api.contoso.com',
      'Request message': 'Please approve: docs sample',
    };
    for (const [label, value] of Object.entries(form)) await retype(page, label, value);
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="create-pe.json"]')?.textContent.includes('api.contoso.com'),
    );
    assert.equal(await page.locator('.field.invalid').count(), 0);
    await shot(page, 'docs-1-filled');

    // Switch to PowerShell: every shell artifact follows.
    await page.locator('[data-shell="powershell"]').first().click();
    await page.waitForFunction(() => document.querySelector('[data-artifact="create-pe.json"]')?.textContent.includes('WriteAllText'));
    assert.equal(await page.locator('[data-shell="powershell"][aria-pressed="true"]').count(), await page.locator('[data-shell="powershell"]').count());

    // Copy the create command: the clipboard holds exactly what the page shows.
    const create = page.locator('figure.artifact', { has: artifact(page, 'create') });
    await create.getByRole('button', { name: /^Copy/ }).click();
    await create.getByRole('button', { name: /^Copied/ }).waitFor();
    const command = await clipboard();
    assert.equal(command, await artifact(page, 'create').textContent());
    assert.match(command, /\/webPubSub\/docs-webpubsub\/sharedPrivateLinkResources\/docs-pls-pe\?/);
    assert.match(command, /'@create-pe\.json'/);
    // Copy the whole walkthrough as Markdown: the same command, in a PowerShell fence.
    const md = page.locator('figure.artifact', { has: artifact(page, 'markdown') });
    await md.getByRole('button', { name: /^Copy/ }).click();
    await md.getByRole('button', { name: /^Copied/ }).waitFor();
    const markdown = await clipboard();
    assert.ok(markdown.includes(command.trimEnd()), 'the Markdown carries the create command');
    assert.match(markdown, /```powershell\n/);

    // Copy the deep link.
    await page.getByRole('button', { name: 'Copy link to this form' }).click();
    await page.getByRole('button', { name: 'Link copied ✓' }).waitFor();
    const link = await clipboard();
    assert.equal(link, page.url());
    assert.match(link, /[?&]scenario=webpubsub-pls/);
    assert.match(link, /[?&]shell=powershell/);
    await shot(page, 'docs-2-copied');
    const before = {};
    for (const id of ['create-pe.json', 'create', 'approve', 'delete']) before[id] = await artifact(page, id).textContent();

    // A reader opens the link in a fresh browser (nothing shared with the writer's).
    const reader = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const view = await reader.newPage();
      const readerWatch = watchPage(view);
      await view.goto(link);
      await view.getByLabel('Service name').waitFor();
      for (const [label, value] of Object.entries(form)) {
        assert.equal(await view.getByLabel(label, { exact: true }).inputValue(), value, label);
      }
      assert.equal(await view.locator('#f-scenario').inputValue(), 'webpubsub-pls');
      assert.equal(await view.locator('[data-shell="powershell"]').first().getAttribute('aria-pressed'), 'true');
      for (const [id, text] of Object.entries(before)) assert.equal(await artifact(view, id).textContent(), text, id);
      await view.screenshot({ path: path.join(OUT, 'journey-docs-3-opened.png') });
      assert.deepEqual(readerWatch.problems, []);
    } finally {
      await reader.close();
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** What a platform team publishes beside index.html: two environments, each with both services. */
const TEAM_PRESETS = {
  version: 1,
  environments: [
    {
      name: 'dev',
      description: 'Shared dev subscription',
      subscription: '11111111-2222-3333-4444-555555555555',
      resourceGroup: 'team-dev',
      services: [
        { type: 'webpubsub', name: 'team-webpubsub-dev' },
        { type: 'signalr', name: 'team-signalr-dev', resourceGroup: 'team-signalr-dev' },
      ],
      targets: [
        '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/team-dev/providers/Microsoft.KeyVault/vaults/team-kv-dev',
        '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/team-dev/providers/Microsoft.Web/sites/team-func-dev',
      ],
    },
    {
      name: 'prod',
      description: 'Production',
      subscription: '99999999-8888-7777-6666-555555555555',
      resourceGroup: 'team-prod',
      apiVersion: '2024-03-01',
      services: [{ type: 'webpubsub', name: 'team-webpubsub-prod' }],
      targets: [
        '/subscriptions/99999999-8888-7777-6666-555555555555/resourceGroups/team-prod/providers/Microsoft.Web/sites/team-func-prod',
      ],
    },
  ],
};

test('a platform team publishes presets.json, and a colleague fills a form from it', async () => {
  env.server.extraFiles['presets.json'] = JSON.stringify(TEAM_PRESETS, null, 2);
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url.replace(/\/$/, '') });
  const page = await context.newPage();
  const { problems } = watchPage(page);
  try {
    // The colleague starts from the landing page and picks the Function app scenario.
    await page.goto(env.url);
    await page.locator('[data-scenario="webpubsub-function"]').click();
    const picker = page.getByLabel('Environment', { exact: true });
    await picker.waitFor();
    assert.deepEqual(await picker.locator('option').allTextContents(), [
      'Choose an environment…',
      'dev — Shared dev subscription',
      'prod — Production',
    ]);
    // The example form is from no environment.
    assert.equal(await picker.inputValue(), '');
    await shot(page, 'team-1-picker');

    // dev: its Web PubSub service and its Function app (not the Key Vault listed first) fill the form.
    await picker.selectOption('dev');
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="create"]')?.textContent.includes('/webPubSub/team-webpubsub-dev/'),
    );
    assert.equal(await page.getByLabel('Subscription ID').inputValue(), '11111111-2222-3333-4444-555555555555');
    assert.equal(await page.getByLabel('Resource group of the service').inputValue(), 'team-dev');
    assert.equal(await page.getByLabel('Service name').inputValue(), 'team-webpubsub-dev');
    assert.match(await page.getByLabel('Target resource ID').inputValue(), /\/sites\/team-func-dev$/);

    // What is the colleague's own: the endpoint name and the message, typed key by key.
    await retype(page, 'Shared private endpoint name', 'orders-pe');
    await retype(page, 'Request message', 'Orders service, ticket 4711');
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="create-pe.json"]')?.textContent.includes('ticket 4711'),
    );
    assert.equal(await page.locator('.field.invalid').count(), 0);
    const createPe = await artifact(page, 'create-pe.json').textContent();
    assert.match(createPe, /"privateLinkResourceId": "\/subscriptions\/11111111-2222-3333-4444-555555555555\/resourceGroups\/team-dev\/providers\/Microsoft\.Web\/sites\/team-func-dev"/);
    assert.match(createPe, /"groupId": "sites"/);
    // Once typing pauses, the simulator works on the filled form too.
    await sim(page, 'explanation').getByText('team-webpubsub-dev has no shared private endpoint named orders-pe').waitFor();
    await shot(page, 'team-2-dev-filled');

    // Copy the create command: the dev service and the typed endpoint name.
    const create = page.locator('figure.artifact', { has: artifact(page, 'create') });
    await create.getByRole('button', { name: /^Copy/ }).click();
    await create.getByRole('button', { name: /^Copied/ }).waitFor();
    const command = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(command, /\/subscriptions\/11111111-2222-3333-4444-555555555555\/resourceGroups\/team-dev\/providers\/Microsoft\.SignalRService\/webPubSub\/team-webpubsub-dev\/sharedPrivateLinkResources\/orders-pe\?api-version=/);

    // prod: the environment changes, the colleague's own values stay, and its api-version applies.
    await picker.selectOption('prod');
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="create"]')?.textContent.includes('/webPubSub/team-webpubsub-prod/sharedPrivateLinkResources/orders-pe?api-version=2024-03-01'),
    );
    assert.equal(await page.getByLabel('Shared private endpoint name').inputValue(), 'orders-pe');
    assert.equal(await page.getByLabel('Request message').inputValue(), 'Orders service, ticket 4711');
    assert.match(await artifact(page, 'approve').textContent(), /team-func-prod/);
    // A reload shows prod, not the first environment of the list.
    await page.waitForURL(/resourceGroup=team-prod/);
    await page.reload();
    await page.getByLabel('Environment', { exact: true }).waitFor();
    assert.equal(await picker.inputValue(), 'prod');
    assert.equal(await page.getByLabel('Shared private endpoint name').inputValue(), 'orders-pe');

    // The SignalR scenario takes dev's SignalR service, with the resource group the preset names for it.
    await page.locator('#f-scenario').selectOption('signalr-function');
    await picker.selectOption('dev');
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="create"]')?.textContent.includes('/resourceGroups/team-signalr-dev/providers/Microsoft.SignalRService/signalR/team-signalr-dev/'),
    );
    assert.equal(await page.getByLabel('Resource group of the service').inputValue(), 'team-signalr-dev');
    assert.equal(await page.locator('.field.invalid').count(), 0);

    // The filled form is in the address: a reload (or the link, sent to someone) finds it again.
    await page.waitForURL(/resourceGroup=team-signalr-dev/);
    const before = await artifact(page, 'create').textContent();
    await page.reload();
    await page.getByLabel('Service name').waitFor();
    assert.equal(await page.getByLabel('Service name').inputValue(), 'team-signalr-dev');
    assert.equal(await artifact(page, 'create').textContent(), before);
    // ... and the picker still says which environment the values are from.
    assert.equal(await picker.inputValue(), 'dev');
    await shot(page, 'team-3-signalr-reloaded');

    // A value the environment filled, changed by hand: the form is no longer dev's.
    await retype(page, 'Service name', 'my-own-signalr');
    await page.waitForFunction(() => document.querySelector('#f-environment')?.value === '');
    assert.equal(await picker.locator('option:checked').textContent(), 'Choose an environment…');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    delete env.server.extraFiles['presets.json'];
  }
});
