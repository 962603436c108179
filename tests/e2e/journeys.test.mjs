// User journeys in a real browser, done the way users do them: clicking, and typing key by key
// rather than setting values. Each journey saves screenshots into test-output/ (git-ignored).
//   - a learner runs a scenario in the simulator from start to finish with the steps' Run buttons
//   - a docs writer fills a form, switches shell, copies a command and the deep link, and opens the
//     link in a fresh browser to find the same form
// TODO(presets): a platform team loads presets.json and fills a form from it (comes with the
// presets branch).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startAll, watchPage, REPO_ROOT } from './harness.mjs';

const OUT = path.join(REPO_ROOT, 'test-output');
let env;
before(async () => {
  env = await startAll();
  await fs.mkdir(OUT, { recursive: true });
});
after(async () => {
  await env?.stop();
});

const sim = (page, what) => page.locator(`[data-sim="${what}"]`);
const artifact = (page, id) => page.locator(`[data-artifact="${id}"]`);
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
