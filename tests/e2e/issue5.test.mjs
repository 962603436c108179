// Issue 5 end to end, on the release bundle served under a sub-path (/splr/, like a GitHub Pages
// project page): pages load and navigate without 404s; team presets fill the form (or, when
// invalid, are reported while the app keeps working); a docs writer copies and downloads the
// Markdown of a filled form and shares its deep link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { watchPage } from './harness.mjs';
import { appPerFile, OUT, artifact } from './app.mjs';

const PREFIX = '/splr/';
const env = appPerFile({ prefix: PREFIX });

const figure = (page, id) => page.locator('figure.artifact', { has: artifact(page, id) });

/** Runs `fn(page, problems)` in a fresh context and closes it; every response is recorded. */
async function withPage(options, fn) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const { problems } = watchPage(page);
  const responses = [];
  page.on('response', (res) => responses.push({ url: res.url(), status: res.status() }));
  try {
    await fn(page, problems, responses, context);
  } finally {
    await context.close();
  }
}

const VALID_PRESETS = {
  version: 1,
  environments: [
    {
      name: 'dev',
      description: 'Shared dev subscription',
      subscription: '11111111-2222-3333-4444-555555555555',
      resourceGroup: 'contoso-dev',
      apiVersion: '2024-03-01',
      services: [{ type: 'webpubsub', name: 'contoso-webpubsub-dev' }],
      targets: [
        '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/contoso-dev/providers/Microsoft.Web/sites/contoso-func-dev',
      ],
    },
    { name: 'prod', subscription: '99999999-2222-3333-4444-555555555555', resourceGroup: 'contoso-prod' },
  ],
};

test('under a sub-path: landing → scenario → bindings → reload, no 404s', async () => {
  delete env.server.extraFiles['presets.json'];
  await withPage({}, async (page, problems, responses) => {
    // The address without its trailing slash redirects, as static hosts do.
    await page.goto(env.url.replace(/\/$/, ''));
    await page.locator('[data-scenario="webpubsub-function"]').click();
    await page.getByLabel('Service name').waitFor();
    assert.equal(new URL(page.url()).pathname, PREFIX);
    assert.match(page.url(), /\?scenario=webpubsub-function$/);
    assert.match(await artifact(page, 'bicep').textContent(), /sharedPrivateLinkResources/);

    await page.getByLabel('Service name').fill('orders-wps');
    await page.waitForURL(/service=orders-wps/);
    await page.getByRole('link', { name: /Functions Web PubSub bindings/ }).click();
    await page.getByRole('heading', { level: 1, name: /Functions bindings/ }).waitFor();
    assert.equal(new URL(page.url()).pathname, PREFIX);
    assert.match(page.url(), /\?page=bindings&service=orders-wps$/);
    assert.equal(await page.getByLabel('Web PubSub resource').inputValue(), 'orders-wps');
    await page.getByLabel('Managed identity').check();
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="app-settings"]')?.textContent.includes('__serviceUri'),
    );
    const settings = await artifact(page, 'app-settings').textContent();

    await page.reload();
    await artifact(page, 'app-settings').waitFor();
    assert.equal(await artifact(page, 'app-settings').textContent(), settings);
    assert.equal(await page.getByLabel('Managed identity').isChecked(), true);

    // Back returns to the walkthrough, Back again to the landing page.
    await page.goBack();
    await page.getByLabel('Service name').waitFor();
    await page.goBack();
    await page.locator('[data-scenario]').first().waitFor();

    const [redirect, ...rest] = responses;
    assert.deepEqual(redirect, { url: env.url.replace(/\/$/, ''), status: 301 });
    for (const r of rest) {
      assert.ok(new URL(r.url).pathname.startsWith(PREFIX), `request outside the sub-path: ${r.url}`);
      const optional = r.status === 404 && r.url.endsWith('/presets.json');
      assert.ok(r.status < 400 || optional, `${r.status} ${r.url}`);
    }
    assert.ok(responses.some((r) => r.url.endsWith('.wasm') && r.status === 200), 'the wasm bundle loaded');
    assert.ok(responses.some((r) => r.url === `${env.url}presets.json` && r.status === 404), 'presets.json is looked for beside the page');
    assert.deepEqual(problems, []);
  });
});

test('a valid presets.json offers environments that fill the form', async () => {
  env.server.extraFiles['presets.json'] = JSON.stringify(VALID_PRESETS, null, 2);
  try {
    await withPage({}, async (page, problems) => {
      await page.goto(`${env.url}?scenario=webpubsub-function&name=orders-pe`);
      const picker = page.getByLabel('Environment', { exact: true });
      await picker.waitFor();
      await picker.selectOption('dev');
      await page.waitForFunction(() =>
        document.querySelector('[data-artifact="create"]')?.textContent.includes('/webPubSub/contoso-webpubsub-dev/'),
      );
      assert.equal(await page.getByLabel('Subscription ID').inputValue(), '11111111-2222-3333-4444-555555555555');
      assert.equal(await page.getByLabel('Resource group of the service').inputValue(), 'contoso-dev');
      assert.match(await page.getByLabel('Target resource ID').inputValue(), /\/sites\/contoso-func-dev$/);
      assert.equal(await page.getByLabel('Shared private endpoint name').inputValue(), 'orders-pe');
      await page.waitForURL(/resourceGroup=contoso-dev/);

      // An environment without a service or target of this scenario says so.
      await picker.selectOption('prod');
      await page.locator('[data-field="environment"] .notes').getByText('target is unchanged').waitFor();
      await page.screenshot({ path: path.join(OUT, 'issue5-presets.png') });
      assert.deepEqual(problems, []);
    });
  } finally {
    delete env.server.extraFiles['presets.json'];
  }
});

test('an invalid presets.json is reported and the app keeps working', async () => {
  const bad = JSON.stringify({ version: 1, environments: [{ name: 'dev', subscriptionId: 'x', subscription: 'x', resourceGroup: 'rg' }] });
  env.server.extraFiles['presets.json'] = bad;
  try {
    await withPage({}, async (page, problems) => {
      await page.goto(`${env.url}?scenario=webpubsub-function`);
      const message = page.getByRole('alert').filter({ hasText: 'presets.json has problems' });
      await message.waitFor();
      assert.match(await message.textContent(), /subscriptionId/);
      assert.equal(await page.getByLabel('Environment', { exact: true }).count(), 0);

      const name = page.getByLabel('Shared private endpoint name');
      await name.fill('still-works');
      await page.waitForFunction(() =>
        document.querySelector('[data-artifact="delete"]')?.textContent.includes('/still-works?'),
      );
      await message.getByRole('button', { name: 'Hide this message' }).click();
      await message.waitFor({ state: 'detached' });

      // A syntax error too: reported with its line, the landing page works.
      env.server.extraFiles['presets.json'] = '{ "version": 1,\n  "environments": [ }';
      await page.goto(env.url);
      await page.getByRole('alert').filter({ hasText: 'line 2' }).waitFor();
      await page.locator('[data-scenario="webpubsub-pls"]').click();
      await artifact(page, 'create').waitFor();
      assert.deepEqual(problems, []);
    });
  } finally {
    delete env.server.extraFiles['presets.json'];
  }
});

test('a docs writer copies and downloads the Markdown and shares the deep link', async () => {
  const origin = env.url.replace(/\/splr\/$/, '');
  await withPage({ acceptDownloads: true }, async (page, problems, _responses, context) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.goto(`${env.url}?scenario=webpubsub-pls`);
    const service = page.getByLabel('Service name');
    await service.fill('docs-wps');
    const name = page.getByLabel('Shared private endpoint name');
    await name.fill('');
    await name.pressSequentially('docs-pe', { delay: 5 });
    await page.locator('[data-shell="powershell"]').first().click();
    await page.waitForFunction(() => {
      const md = document.querySelector('[data-artifact="markdown"]')?.textContent ?? '';
      return md.includes('```powershell') && md.includes('docs-pe');
    });

    // Copy: the clipboard holds the document, with every step's and every IaC artifact.
    await figure(page, 'markdown').getByRole('button', { name: /^Copy/ }).click();
    await figure(page, 'markdown').getByRole('button', { name: /Copied/ }).waitFor();
    const md = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(md, await artifact(page, 'markdown').textContent());
    for (const id of ['create-pe.json', 'create', 'approve', 'delete', 'bicep', 'arm-template', 'terraform', 'terraform-azapi']) {
      const text = await artifact(page, id).textContent();
      assert.ok(md.includes(text.trimEnd()), `the Markdown lacks ${id}`);
    }
    assert.match(md, /^# Shared private endpoint: /);
    assert.match(md, /```powershell\n/);
    assert.ok(!md.includes('```bash'), 'only the chosen shell');
    assert.ok(md.includes(`${env.url}?scenario=webpubsub-pls&`), 'the deep link points under the sub-path');

    // Download: the same text as walkthrough-<scenario>.md.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      figure(page, 'markdown').getByRole('button', { name: /^Download/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'walkthrough-webpubsub-pls.md');
    const saved = path.join(OUT, 'issue5-walkthrough.md');
    await download.saveAs(saved);
    assert.equal(await fs.readFile(saved, 'utf8'), md);

    // Copy link to this form, then open it where nothing is shared: the same form.
    await page.getByRole('button', { name: 'Copy link to this form' }).click();
    await page.getByRole('button', { name: 'Link copied ✓' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(link.startsWith(`${env.url}?scenario=webpubsub-pls`), link);
    const create = await artifact(page, 'create').textContent();
    assert.deepEqual(problems, []);

    const fresh = await env.browser.newContext();
    try {
      const other = await fresh.newPage();
      const watched = watchPage(other);
      await other.goto(link);
      await other.getByLabel('Service name').waitFor();
      assert.equal(await other.getByLabel('Service name').inputValue(), 'docs-wps');
      assert.equal(await other.getByLabel('Shared private endpoint name').inputValue(), 'docs-pe');
      assert.equal(await other.locator('[data-shell="powershell"]').first().getAttribute('aria-pressed'), 'true');
      assert.equal(await artifact(other, 'create').textContent(), create);
      assert.equal(await artifact(other, 'markdown').textContent(), md);
      assert.deepEqual(watched.problems, []);
    } finally {
      await fresh.close();
    }
  });
});
