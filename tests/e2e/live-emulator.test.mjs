// Live mode against the local ARM emulator (emulator/, started here on 127.0.0.1 and stopped with the
// test): the happy path of each documented scenario, Retry-After and 429/5xx retried, 409 retried,
// headers not exposed (polling falls back to the resource), 401 explained, and the emulator going
// away mid-flow. Asserts what the user sees and what the emulator received, and that the page sent
// requests nowhere else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { startAll, watchPage, REPO_ROOT } from './harness.mjs';

let env;
let emu; // { url, proc }

async function startEmulator() {
  // Built by the native test stage already; this is instant then.
  execFileSync('cargo', ['build', '--quiet', '-p', 'splr-emulator'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const exe = path.join(process.env.CARGO_TARGET_DIR || path.join(REPO_ROOT, 'target'), 'debug', 'splr-emulator');
  const proc = spawn(exe, ['--port', '0', '--speed', '600', '--exit-on-eof', '--exit-after', '900'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: proc.stdout });
    rl.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url: first.trim().replace(/\/$/, ''), proc };
}

const control = async (route, body, method = body ? 'POST' : 'GET') => {
  const res = await fetch(`${emu.url}/_emulator/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(res.ok, `${route}: ${res.status} ${await res.clone().text()}`);
  return res.json().catch(() => null);
};

before(async () => {
  env = await startAll();
  emu = await startEmulator();
});
after(async () => {
  emu?.proc.stdin.end();
  emu?.proc.kill();
  await env?.stop();
});

const TOKEN = 'practice-token-not-a-secret';

/** Opens the scenario in live mode pointed at the emulator, with a token pasted. */
async function openLive(scenario) {
  await control('reset', { scenario, speed: 600, seed: 1 });
  await control('requests', null, 'DELETE');
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const watch = watchPage(page);
  const elsewhere = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(env.url) && !u.startsWith(emu.url) && !u.startsWith('data:')) elsewhere.push(u);
  });
  await page.goto(`${env.url}?scenario=${scenario}`);
  await page.getByRole('button', { name: 'Live (Azure)' }).click();
  await page.getByLabel('Cloud').selectOption('custom');
  await page.locator('#live-endpoint').fill(emu.url);
  await page.getByLabel('Access token').fill(TOKEN);
  return { page, watch, elsewhere };
}

const outcome = (page) => page.locator('[data-live="outcomes"] li').first();

/** Runs a step that changes something: waits for its confirmation, checks the preview (and, with
 * `beforeSend`, anything else while the dialog is open), sends it and waits for the outcome. */
async function confirmAndRun(page, run, title, beforeSend) {
  await page.locator(`[data-live-run="${run}"]`).click();
  const dialog = page.locator('[data-live="confirm"]');
  await dialog.waitFor();
  const preview = await dialog.locator('pre').textContent();
  assert.ok(!preview.includes(TOKEN), 'the preview shows the token');
  if (beforeSend) await beforeSend(preview);
  await dialog.getByRole('button', { name: 'Send it' }).click();
  await page.locator('[data-live="outcomes"] li').filter({ hasText: new RegExp(`^${title} —`) }).first().waitFor({ timeout: 60_000 });
  return preview;
}

async function received() {
  return (await control('requests')).requests ?? (await control('requests'));
}

for (const scenario of ['webpubsub-function', 'signalr-function', 'webpubsub-pls']) {
  test(`${scenario}: read, create, approve and confirm against the emulator`, async () => {
    const { page, watch, elsewhere } = await openLive(scenario);
    try {
      await page.locator('[data-live-run="read"]').click();
      await page.locator('[data-live="outcomes"] li.ok').filter({ hasText: 'tier Standard' }).waitFor();

      const preview = await confirmAndRun(page, 'create', 'Create');
      assert.match(preview, /^Request: PUT http:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*sharedPrivateLinkResources\/.*\?api-version=/);
      assert.match(preview, /Bearer <redacted>/);
      assert.match(await outcome(page).getAttribute('class'), /ok/);

      // Issue 12 item 1: the dialog showed the read-only GET of the connections and the approving PUT
      // went out unseen. It shows the PUT (method, full URL, body), asked after the read that found it.
      const approvePreview = await confirmAndRun(page, 'approve', 'Approve on the target', async (shown) => {
        const sofar = await received();
        const connectionPuts = sofar.filter((r) => r.method === 'PUT' && r.path.includes('/privateEndpointConnections/'));
        assert.deepEqual(connectionPuts, [], 'the approving PUT was sent before it was confirmed');
        assert.ok(
          sofar.some((r) => r.method === 'GET' && /\/privateEndpointConnections$/.test(r.path)),
          'the connections were not read before asking',
        );
        assert.doesNotMatch(shown, /^Request: GET/);
      });
      const conn = (await control('state')).targets[0].connections[0].name;
      assert.match(
        approvePreview,
        new RegExp(`^Request: PUT http://127\\.0\\.0\\.1:\\d+/subscriptions/[^ ]*/privateEndpointConnections/${conn.replace(/[.]/g, '\\.')}\\?api-version=\\d{4}-\\d{2}-\\d{2}\n`),
      );
      assert.match(approvePreview, /Bearer <redacted>/);
      assert.match(approvePreview, /"status": "Approved"/);
      const approvePut = (await received()).find((r) => r.method === 'PUT' && r.path.includes('/privateEndpointConnections/'));
      assert.equal(approvePut.json.properties.privateLinkServiceConnectionState.status, 'Approved');
      assert.ok(approvePreview.includes(approvePut.path), 'the PUT sent is not the one shown');
      assert.match(await outcome(page).textContent(), /Approved/);
      await page.locator('[data-live-run="status"]').click();
      await page.locator('[data-live="outcomes"] li.ok').filter({ hasText: /^Status —/ }).waitFor();

      const reqs = await received();
      const arm = reqs.filter((r) => r.outcome !== 'preflight');
      assert.ok(arm.length >= 5, `only ${arm.length} requests`);
      assert.ok(arm.every((r) => r.bearer), 'a request without the bearer token');
      assert.ok(arm.every((r) => r.api_version), 'a request without api-version');
      assert.ok(reqs.every((r) => !JSON.stringify(r).includes(TOKEN)), 'the emulator log shows the token');
      const put = arm.find((r) => r.method === 'PUT' && r.path.includes('/sharedPrivateLinkResources/'));
      assert.ok(put, 'no PUT of the shared private link resource');
      const props = put.json.properties;
      assert.match(props.privateLinkResourceId, /^\/subscriptions\//);
      assert.equal(props.requestMessage, 'please approve');
      if (scenario === 'webpubsub-pls') assert.deepEqual(props.fqdns, ['pls.contoso.com']);
      else assert.equal(props.groupId, 'sites');

      // The log shows every exchange, never the token.
      const log = await page.locator('[data-live="log"]').textContent();
      assert.ok(!log.includes(TOKEN));
      assert.deepEqual(elsewhere, [], 'requests went elsewhere');
      assert.deepEqual(watch.problems.filter((p) => !/HTTP (404|409|429|50\d)/.test(p)), []);
    } finally {
      await page.close();
    }
  });
}

test('429 with Retry-After and 5xx are retried, then the create succeeds', async () => {
  const { page } = await openLive('webpubsub-function');
  try {
    await control('faults', { throttle: 1, throttle_retry_after: 1, server_errors: 1, server_error_status: 503 });
    await confirmAndRun(page, 'create', 'Create');
    assert.match(await outcome(page).getAttribute('class'), /ok/);
    const statuses = (await received()).filter((r) => r.method === 'PUT').map((r) => r.status);
    assert.deepEqual(statuses.slice(0, 3), [429, 503, 201]);
    const puts = (await received()).filter((r) => r.method === 'PUT');
    // Retry-After: 1 real second was obeyed before the retry.
    assert.ok(puts[1].at_ms - puts[0].at_ms >= 900 * 0.9, `retried after ${puts[1].at_ms - puts[0].at_ms} virtual ms`);
    // The log says what the client did about each retried answer, as the simulator's log does (issue 12).
    const notes = await page.locator('[data-live="log-note"]').allTextContents();
    assert.equal(notes.length, 2, notes.join('\n'));
    assert.match(notes[0], /^429 Too Many Requests — waited 1 s as Retry-After asked, then retried: 503 Service Unavailable\.$/);
    assert.match(notes[1], /^503 Service Unavailable — the service was briefly unavailable; waited .*, then retried: 201 Created\.$/);
  } finally {
    await page.close();
  }
});

test('409 Conflict (service still updating) is retried', async () => {
  const { page } = await openLive('webpubsub-function');
  try {
    await control('faults', { service_updating: true });
    await confirmAndRun(page, 'create', 'Create');
    assert.match(await outcome(page).getAttribute('class'), /ok/);
    const statuses = (await received()).filter((r) => r.method === 'PUT').map((r) => r.status);
    assert.deepEqual(statuses.slice(0, 2), [409, 201]);
  } finally {
    await page.close();
  }
});

test('a change not confirmed is not sent', async () => {
  const { page } = await openLive('webpubsub-function');
  try {
    await confirmAndRun(page, 'create', 'Create');
    await page.locator('[data-live-run="approve"]').click();
    const dialog = page.locator('[data-live="confirm"]');
    await dialog.waitFor();
    assert.match(await dialog.locator('pre').textContent(), /^Request: PUT .*\/privateEndpointConnections\//);
    assert.match(await page.locator('.live-actions [role="status"]').textContent(), /waiting for your confirmation/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-live="outcomes"] li').filter({ hasText: /^Approve on the target — Not sent: PUT / }).waitFor();
    assert.equal(await dialog.count(), 0);
    const puts = (await received()).filter((r) => r.method === 'PUT' && r.path.includes('/privateEndpointConnections/'));
    assert.deepEqual(puts, [], 'a declined change was sent');
    const state = (await control('state')).targets[0].connections[0];
    assert.equal(state.properties.privateLinkServiceConnectionState.status, 'Pending');
  } finally {
    await page.close();
  }
});

test('headers not exposed: polling falls back to the resource', async () => {
  const { page } = await openLive('webpubsub-function');
  try {
    await control('faults', { hide_headers: true });
    await confirmAndRun(page, 'create', 'Create');
    assert.match(await outcome(page).getAttribute('class'), /ok/);
    const gets = (await received()).filter((r) => r.method === 'GET');
    assert.ok(gets.length >= 1);
    assert.ok(gets.every((r) => !r.path.includes('operationStatuses')), 'polled the operation URL it could not read');
    assert.ok(gets.some((r) => r.path.includes('/sharedPrivateLinkResources/')));
  } finally {
    await page.close();
  }
});

test('401 is explained', async () => {
  const { page } = await openLive('webpubsub-function');
  try {
    // An expired token that passed the page's own check (clock skew): ARM's answer, as ARM gives it.
    await page.route(`${emu.url}/subscriptions/**`, (route) =>
      route.fulfill({
        status: 401,
        headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
        body: JSON.stringify({ error: { code: 'ExpiredAuthenticationToken', message: 'The access token has expired.' } }),
      }),
    );
    await page.locator('[data-live-run="read"]').click();
    const msg = page.locator('[data-live="outcomes"] li.bad').first();
    await msg.waitFor();
    assert.match(await msg.textContent(), /token/i);
    assert.match(await msg.textContent(), /new|again|get-access-token/i);
    // Issue 12 item 2: the token was sent; the advice said it was not.
    assert.doesNotMatch(await msg.textContent(), /carried no access token|no token/i);
    assert.match(await msg.textContent(), /expired/i);
  } finally {
    await page.close();
  }
});

test('the emulator going away mid-flow gives a clear error and loses nothing', async () => {
  const { page } = await openLive('webpubsub-function');
  const second = await startEmulator();
  const first = emu;
  try {
    await page.locator('#live-endpoint').fill(second.url);
    await page.locator('[data-live-run="read"]').click();
    await page.locator('[data-live="outcomes"] li.ok').first().waitFor();
    await fetch(`${second.url}/_emulator/shutdown`, { method: 'POST' });
    await page.getByLabel('Shared private endpoint name').fill('kept-pe');
    await page.locator('[data-live-run="read"]').click();
    const msg = page.locator('[data-live="outcomes"] li.bad').first();
    await msg.waitFor();
    assert.match(await msg.textContent(), /could not reach|did not get an answer/);
    assert.match(await msg.textContent(), /CLI commands/);
    assert.equal(await page.getByLabel('Shared private endpoint name').inputValue(), 'kept-pe');
    assert.notEqual(await page.getByLabel('Access token').inputValue(), '');
    assert.match(await page.locator('[data-artifact="create"]').textContent(), /kept-pe/);
  } finally {
    second.proc.kill();
    emu = first;
    await page.close();
  }
});
