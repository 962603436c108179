// Smoke test: the release bundle in dist/ loads in Chromium, the app mounts and renders its
// title, and nothing is logged as an error on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAll, watchPage } from './harness.mjs';

let env;
before(async () => {
  env = await startAll();
});
after(async () => {
  await env?.stop();
});

test('the app loads and renders its title without errors', async () => {
  const page = await env.browser.newPage();
  const { problems } = watchPage(page);
  try {
    await page.goto(env.url);
    // The text is rendered by the wasm app, not by index.html (whose <body> is empty).
    await page.locator('body').getByText('Shared Private Endpoints').first().waitFor({ timeout: 20_000 });
    assert.deepEqual(problems, [], 'console / page / network errors');
  } finally {
    await page.close();
  }
});
