// The resource pickers in simulate mode, as a learner would use them: pick a subscription, a service and
// a target (a site, then its slot) from the simulated world, see the form, the link and the generated
// commands follow, then run the whole flow on what was picked; and the empty sandbox says so. In live
// mode the same pickers read the local ARM emulator with the pasted token, through nextLink pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { watchPage, REPO_ROOT } from './harness.mjs';
import { appPerFile, OUT, sim, artifact } from './app.mjs';

const env = appPerFile();
const AXE_SOURCE = await fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page (as a11y.test.mjs checks every other state). */
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => ['serious', 'critical'].includes(v.impact))
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')}`));
}
const SANDBOX = '5a4d8b2e-0c1f-4e6a-9b3d-7f2e1c0a9d84';
const picker = (page, what) => page.locator(`[data-picker="${what}"]`);
const option = (page, what, name) => picker(page, what).locator(`[role="option"][data-pick-name="${name}"]`);

test('pick a subscription, a service and a target slot, then run the flow on them', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const watch = watchPage(page);
  try {
    await page.goto(`${env.url}?scenario=signalr-function`);
    await page.getByRole('button', { name: 'Max', exact: true }).click();

    await picker(page, 'subscription').getByRole('button', { name: 'Pick a subscription…' }).click();
    await option(page, 'subscription', 'Contoso (the docs\' placeholder)').waitFor();
    assert.equal(await picker(page, 'subscription').getByRole('option').count(), 2);
    await option(page, 'subscription', 'Contoso (the docs\' placeholder)').click();
    assert.equal(await picker(page, 'subscription').getByRole('listbox').count(), 0, 'choosing closes the list');

    await picker(page, 'service').getByRole('button', { name: 'Pick a service…' }).click();
    const search = picker(page, 'service').getByRole('combobox');
    await search.waitFor();
    assert.ok(await search.evaluate((el) => el === document.activeElement), 'the search box has the focus');
    assert.match(await option(page, 'service', 'contoso-signalr-default').textContent(), /Default mode.*Serverless mode/s);
    assert.deepEqual(await axeViolations(page), [], 'the open picker passes axe');
    await search.fill('premium');
    await picker(page, 'service').getByRole('option').first().waitFor();
    assert.equal(await picker(page, 'service').getByRole('option').count(), 1);
    await search.press('Enter');
    assert.equal(await page.locator('[name="service"]').inputValue(), 'contoso-signalr-premium');
    assert.equal(await page.locator('[name="resourceGroup"]').inputValue(), 'contoso-prod');
    assert.match(await artifact(page, 'create').textContent(), /resourceGroups\/contoso-prod\/providers\/Microsoft\.SignalRService\/signalR\/contoso-signalr-premium\//);

    await picker(page, 'target').getByRole('button', { name: 'Pick a target…' }).click();
    await option(page, 'target', 'contoso-orders').click();
    await option(page, 'target', 'staging').waitFor();
    const slots = picker(page, 'target').getByRole('combobox');
    await slots.press('ArrowDown');
    await slots.press('Enter');
    assert.match(await page.locator('[name="target"]').inputValue(), /\/sites\/contoso-orders\/slots\/staging$/);
    assert.match(await artifact(page, 'create-pe.json').textContent(), /"groupId": "sites-staging"/);
    await page.waitForFunction(() => location.search.includes('contoso-signalr-premium') || location.hash.includes('contoso-signalr-premium'));

    // The picked world works: the whole flow ends Approved on the picked service and slot.
    await page.getByRole('button', { name: '▶ Play the whole flow' }).click();
    await sim(page, 'status').getByText('Approved').waitFor();
    assert.match(await sim(page, 'log').textContent(), /contoso-signalr-premium\/sharedPrivateLinkResources/);
    await page.screenshot({ path: path.join(OUT, 'discovery-picked.png') });

    // The sandbox subscription holds no targets, and says so.
    await picker(page, 'subscription').getByRole('button', { name: 'Pick a subscription…' }).click();
    await option(page, 'subscription', 'Sandbox (nothing deployed)').click();
    assert.equal(await page.locator('[name="subscription"]').inputValue(), SANDBOX);
    await picker(page, 'target').getByRole('button', { name: 'Pick a target…' }).click();
    await picker(page, 'target').getByText(`No Function apps or Web Apps in subscription ${SANDBOX} you can see.`).waitFor();
    await picker(page, 'target').getByRole('combobox').press('Escape');
    assert.equal(await picker(page, 'target').getByRole('listbox').count(), 0);
    assert.ok(await picker(page, 'target').getByRole('button', { name: 'Pick a target…' }).evaluate((el) => el === document.activeElement), 'Escape gives the focus back');
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

let emu; // { url, proc }
before(async () => {
  execFileSync('cargo', ['build', '--quiet', '-p', 'splr-emulator'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const exe = path.join(process.env.CARGO_TARGET_DIR || path.join(REPO_ROOT, 'target'), 'debug', 'splr-emulator');
  // One item per page: every list of more than one item goes through nextLink.
  const proc = spawn(exe, ['--port', '0', '--speed', '600', '--page-size', '1', '--exit-on-eof', '--exit-after', '600'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise((resolve, reject) => {
    readline.createInterface({ input: proc.stdout }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  emu = { url: first.trim().replace(/\/$/, ''), proc };
});
after(() => {
  emu?.proc.stdin.end();
  emu?.proc.kill();
});

const TOKEN = 'practice-token-not-a-secret';

test('live mode: the pickers read the emulator with the token, page by page, and log their reads', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const watch = watchPage(page);
  try {
    await page.goto(`${env.url}?scenario=webpubsub-function`);
    await page.getByRole('button', { name: 'Live (Azure)' }).click();
    await page.getByLabel('Cloud').selectOption('custom');
    await page.locator('#live-endpoint').fill(emu.url);
    await page.getByLabel('Access token').fill(TOKEN);

    await picker(page, 'service').getByRole('button', { name: 'Pick a service…' }).click();
    await option(page, 'service', 'contoso-prod-premium').waitFor();
    assert.equal(await picker(page, 'service').getByRole('option').count(), 3);
    assert.match(await picker(page, 'service').locator('[data-pick="status"]').textContent(), /3 of 3 shown/);
    await option(page, 'service', 'contoso-webpubsub').click();
    assert.equal(await page.locator('[name="service"]').inputValue(), 'contoso-webpubsub');

    const got = await (await fetch(`${emu.url}/_emulator/requests`)).json();
    const lists = got.filter((r) => r.method === 'GET' && /providers\/Microsoft\.SignalRService\/webPubSub$/i.test(r.path));
    assert.equal(lists.length, 3, JSON.stringify(got.map((r) => r.path)));
    assert.ok(lists.every((r) => r.bearer === true && r.status === 200));
    const log = await page.locator('[data-live="log"]').textContent();
    assert.match(log, /GET .*webPubSub\?api-version=2024-03-01/);
    assert.ok(!log.includes(TOKEN), 'the token is never logged');
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});
