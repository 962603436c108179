// Accessibility in a real browser: axe-core on every page and state the app has, in light and dark
// colour schemes (no serious or critical violation); the walkthrough and the simulator operated by
// keyboard alone with a visible focus; errors tied to their fields and announced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startAll, watchPage } from './harness.mjs';
import { appPerFile, OUT, sim } from './app.mjs';

const AXE_SOURCE = await fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FAILING_IMPACTS = new Set(['serious', 'critical']);

const env = appPerFile();


/**
 * The pages and states to check. Each opens `query` and then brings the page into the state with
 * `prepare(page)`. The scenarios' walkthroughs are added from the landing page's cards (below), so
 * a new scenario is checked without editing this list. `files` are served beside the page for that
 * state only (a team's presets.json).
 */
const STATES = [
  { name: 'landing', query: '', prepare: async (page) => page.locator('[data-scenario]').first().waitFor() },
  {
    name: 'walkthrough with field errors',
    // Invalid values from a deep link, and one typed: errors next to their fields, the stale banner.
    query: '?scenario=webpubsub-function&subscription=not-a-guid',
    prepare: async (page) => {
      await page.getByLabel('groupId').pressSequentially('Sites');
      await page.locator('[data-field="groupId"] .error').getByText('case-sensitive').waitFor();
      await page.locator('.stale-banner.shown').waitFor();
      assert.ok((await page.locator('.field.invalid').count()) >= 2, 'at least two fields in error');
    },
  },
  {
    name: 'simulator after a run, every panel open',
    query: '?scenario=webpubsub-function',
    prepare: async (page) => {
      await page.locator('[data-speed="Max"]').click();
      await page.getByRole('button', { name: '▶ Play the whole flow' }).click();
      await sim(page, 'status').getByText('Approved').waitFor();
      await page.getByText('Break something (fault injection)').click();
      await page.locator('[data-sim="log"] li summary').first().click();
      await page.getByText('Every state and error explained').click();
      await page.locator('.explainer h3').first().waitFor();
      await page.locator('#sim-tier').waitFor();
    },
  },
  {
    name: 'simulator with a failed step and its advice',
    query: '?scenario=signalr-function',
    prepare: async (page) => {
      await page.locator('[data-speed="Max"]').click();
      await page.getByText('Break something (fault injection)').click();
      await page.getByLabel('Service tier').selectOption('Free');
      await page.getByRole('button', { name: '▶ Run create in the simulator' }).click();
      await page.locator('[data-sim="outcomes"] li.bad').waitFor();
      await page.locator('[data-sim="log"] li.error summary').first().click();
    },
  },
  {
    name: 'functions bindings page, identity mode with field errors',
    query: '?page=bindings&mode=identity&clientId=not-a-guid',
    prepare: async (page) => {
      await page.locator('.field.invalid').first().waitFor();
      await page.getByText('Fix', { exact: false }).first().waitFor();
    },
  },
  {
    name: 'walkthrough filled from presets.json, with the notes of what it could not fill',
    query: '?scenario=webpubsub-pls',
    files: {
      'presets.json': JSON.stringify({
        version: 1,
        environments: [{ name: 'dev', description: 'Shared dev', subscription: '11111111-2222-3333-4444-555555555555', resourceGroup: 'team-dev' }],
      }),
    },
    prepare: async (page) => {
      await page.getByLabel('Environment', { exact: true }).selectOption('dev');
      await page.locator('[data-field="environment"] .notes li').first().waitFor();
    },
  },
  {
    name: 'an invalid presets.json reported',
    query: '?scenario=webpubsub-function',
    files: { 'presets.json': '{ "version": 1, "environments": [ { "name": "dev", "subscriptionId": "x" } ] }' },
    prepare: async (page) => page.locator('.presets-problems li').first().waitFor(),
  },
  {
    name: 'live mode with a decoded token, a warning and the confirmation open',
    query: '?scenario=webpubsub-function',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Live (Azure)' }).click();
      const b64 = (o) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
      const claims = { aud: 'https://management.azure.com/', upn: 'ana@contoso.com', tid: 't', exp: Math.floor(Date.now() / 1000) + 200 };
      await page.getByLabel('Access token').fill(`${b64({ alg: 'none' })}.${b64(claims)}.s`);
      await page.locator('[data-live="token"]').getByText('ana@contoso.com').waitFor();
      await page.locator('[data-live-run="create"]').click();
      await page.locator('[data-live="confirm"]').waitFor();
    },
  },
];

/** The scenarios the landing page offers (node:test needs the list before `before()` runs). */
async function scenarioSlugs() {
  const e = await startAll();
  try {
    const page = await e.browser.newPage();
    await page.goto(e.url);
    await page.locator('[data-scenario]').first().waitFor();
    return await page.locator('[data-scenario]').evaluateAll((as) => as.map((a) => a.dataset.scenario));
  } finally {
    await e.stop();
  }
}

/** Runs axe-core on the page; returns the serious and critical violations, one line per node. */
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () =>
    // All of axe's rules but the experimental ones: WCAG 2.x A and AA plus best practices.
    window.axe.run(document, { resultTypes: ['violations'] }),
  );
  return result.violations
    .filter((v) => FAILING_IMPACTS.has(v.impact))
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`),
    );
}

const slugs = await scenarioSlugs();

const ALL_STATES = [
  STATES[0],
  ...slugs.map((slug) => ({
    name: `walkthrough ${slug}`,
    query: `?scenario=${slug}`,
    prepare: async (page) => page.locator('[data-artifact]').first().waitFor(),
  })),
  ...STATES.slice(1),
];

test('the landing page lists the seven scenarios', () => {
  assert.ok(slugs.length >= 7, `scenarios on the landing page: ${slugs.join(', ')}`);
});

for (const colorScheme of ['light', 'dark']) {
  for (const state of ALL_STATES) {
    test(`axe: ${state.name} (${colorScheme}) has no serious or critical violation`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
      const page = await context.newPage();
      const { problems } = watchPage(page);
      Object.assign(env.server.extraFiles, state.files);
      try {
        await page.goto(env.url + state.query);
        await state.prepare(page);
        const violations = await axeViolations(page);
        if (violations.length > 0) {
          const file = `a11y-${colorScheme}-${state.name.replace(/[^a-z0-9]+/gi, '-')}.png`;
          await page.screenshot({ path: path.join(OUT, file), fullPage: true });
        }
        assert.deepEqual(violations, []);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
        for (const file of Object.keys(state.files ?? {})) delete env.server.extraFiles[file];
      }
    });
  }
}

// ---- keyboard ---------------------------------------------------------------------------------

/** What has focus, and whether its focus indicator shows (an outline wide enough to see). */
function focusInfo() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const width = parseFloat(style.outlineWidth) || 0;
  const describe = (e) =>
    e.tagName.toLowerCase() +
    (e.id ? `#${e.id}` : '') +
    (e.dataset.shell ? `[data-shell=${e.dataset.shell}]` : '') +
    (e.dataset.run ? `[data-run="${e.dataset.run}"]` : '') +
    (e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : '');
  return {
    what: describe(el),
    visible: style.outlineStyle !== 'none' && width >= 2 && style.outlineColor !== 'rgba(0, 0, 0, 0)',
    focusVisible: el.matches(':focus-visible'),
  };
}

/**
 * Presses Tab until the focused element matches `selector`; checks on the way that every element
 * that takes focus shows it. Returns the number of Tab presses.
 */
async function tabTo(page, selector, stops, limit = 250) {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(focusInfo);
    if (info) stops.push(info);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  throw new Error(`Tab never reached ${selector}; last stops: ${stops.slice(-5).map((s) => s.what).join(', ')}`);
}

test('keyboard alone: fields, simulator, shell tabs and Copy, with a visible focus', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url.replace(/\/$/, '') });
  const page = await context.newPage();
  const { problems } = watchPage(page);
  const stops = [];
  try {
    await page.goto(`${env.url}?scenario=webpubsub-function`);
    await page.locator('[data-artifact="create"]').waitFor();

    // Tab to the endpoint name field and type a new name.
    await tabTo(page, '#f-name', stops);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('kbd-pe');
    await page.waitForFunction(() =>
      document.querySelector('[data-artifact="delete"]')?.textContent.includes('/sharedPrivateLinkResources/kbd-pe?'),
    );

    // The simulator: Max speed with Space, then a Run button with Enter.
    await tabTo(page, '[data-speed="Max"]', stops);
    await page.keyboard.press('Space');
    assert.equal(await page.locator('[data-speed="Max"]').getAttribute('aria-pressed'), 'true');
    await tabTo(page, 'button.run', stops);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.run), 'Play the whole flow');
    await page.keyboard.press('Enter');
    await sim(page, 'status').getByText('Approved').waitFor();
    assert.equal(await sim(page, 'targetStatus').textContent(), 'Approved');

    // A shell tab with Enter, another with Space: every shell artifact follows.
    await tabTo(page, '[data-shell="powershell"]', stops);
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('[data-shell="powershell"]').first().getAttribute('aria-pressed'), 'true');
    await page.waitForFunction(() => document.querySelector('[data-artifact="create-pe.json"]')?.textContent.includes('WriteAllText'));
    await page.keyboard.press('Tab'); // to PowerShell (Az module)
    await page.keyboard.press('Space');
    assert.equal(await page.locator('[data-shell="powershell-az"]').first().getAttribute('aria-pressed'), 'true');
    await page.keyboard.press('Tab'); // to cmd
    await page.keyboard.press('Space');
    assert.equal(await page.locator('[data-shell="cmd"]').first().getAttribute('aria-pressed'), 'true');
    await page.waitForFunction(() => document.querySelector('[data-artifact="create-pe.json"]')?.textContent.startsWith('>create-pe.json echo'));

    // Copy with Enter: the clipboard holds exactly the artifact's text.
    await tabTo(page, 'button.copy', stops);
    const copied = await page.evaluate(() => document.activeElement.closest('figure').querySelector('[data-artifact]').textContent);
    await page.keyboard.press('Enter');
    await page.locator('button.copy', { hasText: 'Copied' }).first().waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), copied);
    // ... and says so in a status region, since a button's new label is not read out.
    assert.equal(
      await page.evaluate(() => document.activeElement.closest('figcaption').querySelector('[role="status"]').textContent),
      'Copied to the clipboard',
    );

    // A step's own Run button, reached by Tab from there, runs with Enter.
    await tabTo(page, 'button.run:not([disabled])', stops);
    const label = await page.evaluate(() => document.activeElement.dataset.run);
    await page.keyboard.press('Enter');
    const job = {
      'Approve on the target (simulated)': 'approve on the target',
      'Check status in the simulator': 'status',
      'Delete in the simulator': 'delete',
    }[label];
    assert.ok(job, `unexpected Run button ${label}`);
    await page.locator(`[data-sim="outcomes"] li[data-job="${job}"]`).first().waitFor();

    await page.screenshot({ path: path.join(OUT, 'a11y-keyboard.png') });
    const hidden = stops.filter((s) => !s.visible || !s.focusVisible).map((s) => s.what);
    assert.deepEqual([...new Set(hidden)], [], 'elements whose keyboard focus does not show');
    assert.ok(stops.length > 20, `only ${stops.length} focus stops`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the simulator explainer and fault panel open and close from the keyboard', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${env.url}?scenario=webpubsub-function`);
    const stops = [];
    await tabTo(page, '.faults summary', stops);
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('details.faults').getAttribute('open'), '');
    await tabTo(page, '#sim-tier', stops);
    await page.keyboard.press('Escape');
    assert.deepEqual(stops.filter((s) => !s.visible).map((s) => s.what), []);
  } finally {
    await page.close();
  }
});

// ---- errors are announced ----------------------------------------------------------------------

test('field errors are tied to their field and announced', async () => {
  const page = await env.browser.newPage();
  try {
    await page.goto(`${env.url}?scenario=webpubsub-function`);
    const fields = page.locator('.field[data-field]');
    const n = await fields.count();
    assert.ok(n >= 8, `${n} fields`);
    // Every control points at its error element, which is a live region.
    const wiring = await fields.evaluateAll((fs) =>
      fs.map((f) => {
        const control = f.querySelector('input, textarea, select');
        const error = f.querySelector('.error');
        const described = (control.getAttribute('aria-describedby') || '').split(/\s+/);
        return {
          field: f.dataset.field,
          describedByError: !!error.id && described.includes(error.id),
          live: error.getAttribute('role') === 'alert' || ['polite', 'assertive'].includes(error.getAttribute('aria-live')),
          labelled: control.labels.length > 0,
        };
      }),
    );
    for (const w of wiring) assert.deepEqual(w, { field: w.field, describedByError: true, live: true, labelled: true });

    // Typing an invalid value: aria-invalid, the message in the described-by element, and the
    // banner over the steps in a status region.
    const name = page.getByLabel('Shared private endpoint name');
    await name.press('End');
    await name.pressSequentially(' bad!');
    await page.locator('[data-field="name"] .error').filter({ hasText: /\S/ }).waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    const message = await page.evaluate(() => {
      const input = document.getElementById('f-name');
      return input
        .getAttribute('aria-describedby')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
        .trim();
    });
    assert.ok(message.length > 10, `described-by text: ${message}`);
    const banner = page.locator('.stale-banner');
    assert.equal(await banner.getAttribute('role'), 'status');
    assert.match(await banner.textContent(), /1 field to fix/);
    // Fixed: no longer invalid, the error element empties.
    for (let i = 0; i < 5; i++) await name.press('Backspace');
    await page.waitForFunction(() => document.getElementById('f-name').getAttribute('aria-invalid') === 'false');
    assert.equal((await page.locator('[data-field="name"] .error').textContent()).trim(), '');
    // The simulator's state and outcomes are announced too.
    assert.equal(await page.locator('dl.standing').getAttribute('aria-live'), 'polite');
    assert.equal(await sim(page, 'running').getAttribute('role'), 'status');
  } finally {
    await page.close();
  }
});
