// The simulator, played in a real browser as a learner would: the happy path of the three documented
// scenarios, Rejected → delete → recreate → Approved, a 409 and a 429 retried (each explained in the
// request log), a Free-tier failure, the advice under a failed approve (issue 12, item 4) and the state
// view right after a rejection (item 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { watchPage } from './harness.mjs';
import { appPerFile, OUT, sim } from './app.mjs';

const env = appPerFile();


async function open(query, speed = 'Max') {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const watch = watchPage(page);
  await page.goto(`${env.url}?${query}`);
  await page.getByRole('button', { name: speed, exact: true }).click();
  return { page, watch };
}

async function run(page, label) {
  await page.getByRole('button', { name: `▶ ${label}` }).click();
}

/** Presses "Next event" until `done()` holds (bounded: the model's events are finite). */
async function stepUntil(page, done, limit = 200) {
  for (let i = 0; i < limit; i++) {
    if (await done()) return;
    await sim(page, 'step').click();
  }
  throw new Error('the expected state never came');
}

for (const scenario of ['webpubsub-function', 'signalr-function', 'webpubsub-pls']) {
  test(`${scenario}: the whole flow ends Approved`, async () => {
    const { page, watch } = await open(`scenario=${scenario}`);
    try {
      await run(page, 'Play the whole flow');
      await sim(page, 'status').getByText('Approved').waitFor();
      assert.equal(await sim(page, 'provisioningState').textContent(), 'Succeeded');
      assert.equal(await sim(page, 'targetStatus').textContent(), 'Approved');
      const jobs = await page.locator('[data-sim="outcomes"] li.ok').count();
      assert.equal(jobs, 3);
      // The log starts with the PUT and its 201, like `az rest --debug` shows.
      const first = page.locator('[data-sim="log"] li').first();
      assert.match(await first.locator('summary').textContent(), /PUT .*sharedPrivateLinkResources\/.*→ 201$/);
      await first.locator('summary').click();
      assert.match(await first.locator('pre').textContent(), /Azure-AsyncOperation: https:\/\/management\.azure\.com\/.*operationStatuses/);
      if (scenario === 'webpubsub-pls') {
        assert.match(await first.locator('pre').textContent(), /"fqdns": \[/);
      }
      await page.screenshot({ path: path.join(OUT, `simulator-${scenario}.png`) });
      assert.deepEqual(watch.problems, []);
    } finally {
      await page.close();
    }
  });
}

test('Rejected → delete → recreate → Approved', async () => {
  const { page, watch } = await open('scenario=webpubsub-function');
  try {
    await page.getByText('Break something (fault injection)').click();
    await page.getByLabel('Reject on the target').check();
    await run(page, 'Run create in the simulator');
    await stepUntil(page, async () => (await sim(page, 'status').textContent()) === 'Rejected');
    assert.match(await sim(page, 'explanation').textContent(), /[Dd]elete/);

    await page.getByLabel('Reject on the target').uncheck();
    await run(page, 'Delete in the simulator');
    await page.locator('[data-sim="outcomes"] li[data-job="delete"].ok').waitFor();
    assert.equal(await sim(page, 'provisioningState').textContent(), '—');

    // Recreating right away meets the service still updating after the delete: 409, retried.
    await run(page, 'Run create in the simulator');
    await run(page, 'Approve on the target (simulated)');
    await sim(page, 'status').getByText('Approved').waitFor();
    const statuses = await page.locator('[data-sim="log"] li summary').allTextContents();
    assert.ok(statuses.some((s) => /^.* DELETE .*→ 202$/.test(s)), statuses.join('\n'));
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

test('a 409 Conflict is retried and the create succeeds', async () => {
  const { page, watch } = await open('scenario=signalr-function');
  try {
    await page.getByText('Break something (fault injection)').click();
    await page.getByLabel('Service still updating (409 on the next change)').check();
    await run(page, 'Run create in the simulator');
    await page.locator('[data-sim="outcomes"] li[data-job="create"].ok').waitFor();
    const statuses = await page.locator('[data-sim="log"] li summary').allTextContents();
    const puts = statuses.filter((s) => / PUT /.test(s));
    assert.match(puts[0], /→ 409$/);
    assert.match(puts[1], /→ 201$/);
    // The 409 is explained where it happened, not only in the general list.
    const first = page.locator('[data-sim="log"] li').first();
    assert.match(
      await first.locator('[data-sim="log-note"]').textContent(),
      /^409 Conflict — the service was busy with another operation; waited 2 s .*, then retried: 201 Created\.$/,
    );
    assert.equal(await page.locator('[data-sim="log-note"]').count(), 1, 'only the retried exchange has a note');
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

test('a Free-tier service fails with a clear explanation', async () => {
  const { page, watch } = await open('scenario=webpubsub-function');
  try {
    await page.getByText('Break something (fault injection)').click();
    await page.getByLabel('Service tier').selectOption('Free');
    await run(page, 'Run create in the simulator');
    const outcome = page.locator('[data-sim="outcomes"] li[data-job="create"].bad');
    await outcome.waitFor();
    const text = await outcome.textContent();
    assert.match(text, /Free|SKU|tier/i);
    assert.match(text, /Standard|Premium/);
    assert.equal(await sim(page, 'provisioningState').textContent(), '—');
    await page.screenshot({ path: path.join(OUT, 'simulator-free-tier.png') });
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

test('time runs at the chosen speed and can be paused and stepped', async () => {
  const { page, watch } = await open('scenario=webpubsub-function', '60×');
  try {
    await run(page, 'Run create in the simulator');
    await sim(page, 'provisioningState').getByText('Creating').waitFor();
    await sim(page, 'provisioningState').getByText('Succeeded').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    const frozen = await sim(page, 'clock').textContent();
    await page.waitForTimeout(400);
    assert.equal(await sim(page, 'clock').textContent(), frozen);
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

test('a throttled create: each 429 says how long the client waited and what the retry got', async () => {
  const { page, watch } = await open('scenario=webpubsub-function');
  try {
    await page.getByText('Break something (fault injection)').click();
    await page.locator('[data-fault="throttle"]').click();
    await run(page, 'Run create in the simulator');
    await page.locator('[data-sim="outcomes"] li[data-job="create"].ok').waitFor();
    const notes = await page.locator('[data-sim="log"] [data-sim="log-note"]').allTextContents();
    assert.deepEqual(notes, [
      '429 Too Many Requests — waited 7 s as Retry-After asked, then retried: 429 Too Many Requests.',
      '429 Too Many Requests — waited 7 s as Retry-After asked, then retried: 429 Too Many Requests.',
      '429 Too Many Requests — waited 7 s as Retry-After asked, then retried: 201 Created.',
    ]);
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

// Issue 12, item 4: create, switch scenario (a new simulated world), approve: nothing to approve, and
// the advice under it said "The request succeeded. Read the body."
test('an approve with nothing to approve gets failure advice, never success advice', async () => {
  const { page, watch } = await open('scenario=webpubsub-function');
  try {
    await run(page, 'Run create in the simulator');
    await page.locator('[data-sim="outcomes"] li[data-job="create"].ok').waitFor();
    await page.locator('#f-scenario').selectOption('signalr-function');
    await run(page, 'Approve on the target (simulated)');
    const outcome = page.locator('[data-sim="outcomes"] li[data-job="approve on the target"].bad');
    await outcome.waitFor();
    const advice = await outcome.locator('[data-sim="advice"]').textContent();
    assert.doesNotMatch(advice, /request succeeded|Read the body/i);
    assert.match(advice, /no private endpoint connection/);
    assert.match(advice, /new simulated world/);
    assert.match(advice, /Run the create step/);
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

// Issue 12, item 5: right after the approve ends Rejected on the target, the service side still says
// Pending for two minutes; the state view said "Pending … Next: Approve it" all that time.
test('right after a rejection the state view says what each side knows and what to do', async () => {
  const { page, watch } = await open('scenario=webpubsub-function');
  try {
    await page.getByText('Break something (fault injection)').click();
    await page.getByLabel('Reject on the target').check();
    await run(page, 'Run create in the simulator');
    await page.locator('[data-sim="outcomes"] li[data-job="create"].ok').waitFor();
    await run(page, 'Approve on the target (simulated)');
    await page.locator('[data-sim="outcomes"] li[data-job="approve on the target"].bad').waitFor();
    assert.equal(await sim(page, 'targetStatus').textContent(), 'Rejected');
    assert.equal(await sim(page, 'status').textContent(), 'Pending');
    const text = await sim(page, 'explanation').textContent();
    assert.match(text, /Rejected on contoso-func, not yet on contoso-webpubsub/);
    assert.match(text, /has not been told yet/);
    assert.doesNotMatch(text, /Next: Approve it/);
    assert.match(text, /Next: Delete 'func-pe' and create it again.*or wait/);

    // Once the change reaches the service, both sides say Rejected.
    await stepUntil(page, async () => (await sim(page, 'status').textContent()) === 'Rejected');
    const after = await sim(page, 'explanation').textContent();
    assert.doesNotMatch(after, /not yet on/);
    assert.match(after, /Delete 'func-pe'/);
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});
