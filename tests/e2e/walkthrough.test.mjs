// The foundation's user journey in a real browser, typing as a user does: open a deep link, see the
// form filled, type into fields and watch the artifacts follow, copy one, reload and find everything
// as it was. Screenshots go to test-output/ (git-ignored).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { watchPage } from './harness.mjs';
import { appPerFile, OUT, artifact } from './app.mjs';

const env = appPerFile();


test('deep link → type → copy → reload keeps everything', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url.replace(/\/$/, '') });
  const page = await context.newPage();
  const { problems } = watchPage(page);
  try {
    const link = `${env.url}?scenario=signalr-function&service=chat-signalr&shell=powershell`;
    await page.goto(link);
    const service = page.getByLabel('Service name');
    await service.waitFor();
    assert.equal(await service.inputValue(), 'chat-signalr');
    assert.match(await artifact(page, 'create').textContent(), /\/signalR\/chat-signalr\/sharedPrivateLinkResources\/func-pe\?/);

    // Type a new endpoint name key by key: the artifacts and the URL follow.
    const name = page.getByLabel('Shared private endpoint name');
    await name.fill('');
    await name.pressSequentially('orders-pe', { delay: 10 });
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="delete"]')?.textContent.includes('/sharedPrivateLinkResources/orders-pe?'),
    );
    // The URL follows once typing pauses.
    await page.waitForURL(/name=orders-pe/);

    // A message that breaks naive quoting lands verbatim in the PowerShell here-string.
    const message = page.getByLabel('Request message');
    await message.fill('');
    await message.pressSequentially(`it's $HOME & "you"`, { delay: 5 });
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="create-pe.json"]')?.textContent.includes(`"requestMessage": "it's $HOME & \\"you\\""`),
    );

    // An invalid field: error next to it, artifacts keep the last valid form.
    const group = page.getByLabel('groupId');
    await group.pressSequentially('Sites');
    const groupField = page.locator('[data-field="groupId"]');
    await groupField.locator('.error').getByText('case-sensitive').waitFor();
    assert.equal(await group.getAttribute('aria-invalid'), 'true');
    await page.locator('.stale-banner.shown').waitFor();
    await group.fill('');
    await page.waitForFunction(() => !document.querySelector('.stale-banner').classList.contains('shown'));

    // Copy puts exactly the artifact's text on the clipboard.
    const create = page.locator('figure.artifact', { has: artifact(page, 'create') });
    await create.getByRole('button', { name: /^Copy/ }).click();
    await create.getByRole('button', { name: /Copied/ }).waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clipboard, await artifact(page, 'create').textContent());
    assert.match(clipboard, /--body '@create-pe\.json'/);

    await page.screenshot({ path: path.join(OUT, 'walkthrough-before-reload.png'), fullPage: false });
    // Copy link writes the newest form to the URL first.
    await page.getByRole('button', { name: 'Copy link to this form' }).click();
    await page.getByRole('button', { name: 'Link copied ✓' }).waitFor();
    const before = {
      create: await artifact(page, 'create').textContent(),
      body: await artifact(page, 'create-pe.json').textContent(),
      url: page.url(),
    };

    // Reload: the URL holds the whole form.
    await page.reload();
    await page.getByLabel('Service name').waitFor();
    assert.equal(page.url(), before.url);
    assert.equal(await page.getByLabel('Shared private endpoint name').inputValue(), 'orders-pe');
    assert.equal(await page.getByLabel('Request message').inputValue(), `it's $HOME & "you"`);
    assert.equal(await artifact(page, 'create').textContent(), before.create);
    assert.equal(await artifact(page, 'create-pe.json').textContent(), before.body);
    assert.equal(await page.locator('[data-shell="powershell"]').first().getAttribute('aria-pressed'), 'true');

    // Typing adds no history entry per keystroke: Back leaves the page in one step.
    const historyLength = await page.evaluate(() => history.length);
    assert.ok(historyLength <= 3, `history grew to ${historyLength}`);

    // A reload right after a key press, before the URL has caught up, loses nothing either.
    const endpoint = page.getByLabel('Shared private endpoint name');
    await endpoint.press('End');
    await endpoint.press('2');
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="delete"]')?.textContent.includes('/sharedPrivateLinkResources/orders-pe2?'),
    );
    await page.reload();
    await page.getByLabel('Service name').waitFor();
    assert.equal(await page.getByLabel('Shared private endpoint name').inputValue(), 'orders-pe2');
    assert.match(page.url(), /name=orders-pe2/);

    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('narrow screens and dark mode render every artifact without errors', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const { problems } = watchPage(page);
  try {
    await page.goto(`${env.url}?scenario=webpubsub-pls&shell=cmd`);
    await artifact(page, 'create-pe.json').waitFor();
    assert.match(await artifact(page, 'create-pe.json').textContent(), /^>create-pe\.json echo \{/);
    // Nothing is wider than the screen but the code blocks, which scroll on their own.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
    await page.screenshot({ path: path.join(OUT, 'walkthrough-360-dark.png'), fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
