// Live mode's token handling in a real browser: decoded locally, warned about, never stored, never in
// the URL, cleared on demand; and a custom endpoint must be on loopback.
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

/** An unsigned JWT with these claims (the app only reads the payload). */
function jwt(claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.signature`;
}

const now = () => Math.floor(Date.now() / 1000);

async function openLive() {
  const page = await env.browser.newPage();
  const watch = watchPage(page);
  await page.goto(`${env.url}?scenario=webpubsub-function`);
  await page.getByRole('button', { name: 'Live (Azure)' }).click();
  await page.getByLabel('Access token').waitFor();
  return { page, watch };
}

test('a pasted token is decoded, checked, kept only in memory and cleared', async () => {
  const { page, watch } = await openLive();
  try {
    const token = jwt({ aud: 'https://management.azure.com/', tid: 'tenant-1', upn: 'ana@contoso.com', exp: now() + 3600 });
    await page.getByLabel('Access token').fill(token);
    const info = page.locator('[data-live="token"]');
    await info.getByText('ana@contoso.com').waitFor();
    assert.match(await info.textContent(), /tenant-1/);
    assert.match(await info.textContent(), /https:\/\/management\.azure\.com\//);
    assert.equal(await page.locator('[data-live-run="read"]').isEnabled(), true);

    // Nowhere but memory.
    const stored = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      url: location.href,
      cookies: document.cookie,
    }));
    for (const [where, value] of Object.entries(stored)) {
      assert.ok(!value.includes(token.split('.')[1]), `token found in ${where}`);
    }
    assert.equal(await page.getByLabel('Access token').getAttribute('type'), 'password');

    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    assert.equal(await page.getByLabel('Access token').inputValue(), '');
    assert.equal(await page.locator('[data-live-run="read"]').isEnabled(), false);
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

test('wrong audience, expired and non-JWT tokens are refused with the reason', async () => {
  const { page, watch } = await openLive();
  try {
    const field = page.getByLabel('Access token');
    await field.fill(jwt({ aud: 'https://graph.microsoft.com', appid: 'app-1', exp: now() + 3600 }));
    await page.locator('[data-live="token"] .blocking').getByText('not Azure Resource Manager').waitFor();
    assert.equal(await page.locator('[data-live-run="create"]').isEnabled(), false);

    await field.fill(jwt({ aud: 'https://management.azure.com', upn: 'x@y', exp: now() - 600 }));
    await page.locator('[data-live="token"] .blocking').getByText('expired').waitFor();
    assert.equal(await page.locator('[data-live-run="create"]').isEnabled(), false);

    await field.fill(jwt({ aud: 'https://management.azure.com', upn: 'x@y', exp: now() + 120 }));
    await page.locator('[data-live="token"]').getByText('expires in').waitFor();
    assert.equal(await page.locator('[data-live-run="create"]').isEnabled(), true);

    await field.fill('not-a-token');
    await page.locator('[data-live="token"] .error').getByText('not a JWT').waitFor();
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

// Issue 12 item 3: a token for Azure China or Azure US Government was flagged "not for ARM", which
// blocked every live button although the picker offers both clouds. The audience must match the cloud.
test('a token for each cloud is accepted with that cloud, and flagged with another', async () => {
  const { page, watch } = await openLive();
  try {
    const field = page.getByLabel('Access token');
    const cloud = page.getByLabel('Cloud');
    const esc = (t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const clouds = [
      ['public', 'Azure (public)', 'https://management.azure.com/'],
      ['china', 'Azure China', 'https://management.chinacloudapi.cn/'],
      ['usgov', 'Azure US Government', 'https://management.usgovcloudapi.net/'],
    ];
    for (const [slug, name, aud] of clouds) {
      await field.fill(jwt({ aud, upn: `x@${slug}`, exp: now() + 3600 }));
      await cloud.selectOption(slug);
      await page.locator('[data-live="token"]').getByText(`x@${slug}`).waitFor();
      assert.equal(await page.locator('[data-live="token"] .blocking').count(), 0, `${slug}: ${await page.locator('[data-live="token"]').textContent()}`);
      assert.equal(await page.locator('[data-live-run="read"]').isEnabled(), true, slug);
      assert.match(await page.locator('#live-token-hint').textContent(), new RegExp(`--resource ${esc(aud)}`));
      // The same token with another cloud chosen is the mistake worth a warning.
      const [otherSlug, otherName] = clouds.find(([s]) => s !== slug);
      await cloud.selectOption(otherSlug);
      const warning = page.locator('[data-live="token"] .blocking');
      await warning.waitFor();
      assert.match(await warning.textContent(), new RegExp(`${esc(name)}.*${esc(otherName)}`));
      assert.equal(await page.locator('[data-live-run="create"]').isEnabled(), false, `${slug} token with ${otherSlug}`);
      // The local emulator takes any cloud's token.
      await cloud.selectOption('custom');
      await page.locator('[data-live="token"] .blocking').waitFor({ state: 'detached' });
    }
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});

test('a custom endpoint must be a local emulator', async () => {
  const { page, watch } = await openLive();
  try {
    await page.getByLabel('Cloud').selectOption('custom');
    const endpoint = page.locator('#live-endpoint');
    await endpoint.fill('http://10.1.2.3:8090');
    await page.getByText('not on this machine').waitFor();
    await endpoint.fill('http://127.0.0.1:8090');
    await page.getByText('not on this machine').waitFor({ state: 'detached' });
    assert.deepEqual(watch.problems, []);
  } finally {
    await page.close();
  }
});
