// Shared helpers for the end-to-end tests (and bench/bench.mjs):
//   startServer()   serves dist/ (the `trunk build --release` output) on 127.0.0.1:<free port>,
//                   optionally under a sub-path (`prefix`) and with extra files (`extraFiles`)
//   launchBrowser() starts Debian's headless Chromium through playwright-core
//   watchPage(page) collects console errors, page errors and failed requests of a page
// Playwright's own browser download can't work on these machines, so we always drive
// /usr/bin/chromium (scripts/setup.sh installs it).
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// SPLR_DIST serves another build (e.g. to compare two bundles with bench/bench.mjs).
export const DIST_DIR = path.resolve(process.env.SPLR_DIST || path.join(REPO_ROOT, 'dist'));
export const CHROMIUM_PATH = process.env.CHROME_BIN || '/usr/bin/chromium';

// As root in a container Chromium needs --no-sandbox; the background-networking flags keep it
// from trying (and failing, many times over) to reach Google's hosts on this closed network.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', // needed for WebAssembly.instantiateStreaming
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serve `root` (default dist/) on 127.0.0.1 at a free port. Unknown paths without a file
 * extension fall back to index.html (SPA routes); unknown files are 404.
 *
 * Options:
 * - `prefix` (default `/`): serve the site under this sub-path, like a GitHub Pages project page
 *   (`/splr/`). Anything outside it is 404; the prefix without its trailing slash redirects to it.
 * - `extraFiles`: `{ 'presets.json': '{...}' }`, paths relative to the site (string or Buffer
 *   bodies) served as if they were in `root`, in front of it. The returned `extraFiles` is the
 *   same object: tests may change it between requests.
 * @returns {Promise<{url: string, port: number, extraFiles: object, close: () => Promise<void>}>}
 */
export async function startServer({ root = DIST_DIR, prefix = '/', extraFiles = {} } = {}) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
    throw new Error(`prefix must start and end with '/': ${prefix}`);
  }
  await fs.access(path.join(root, 'index.html')).catch(() => {
    throw new Error(`${root}/index.html missing: run \`trunk build --release --offline\` first`);
  });

  const server = http.createServer(async (req, res) => {
    try {
      const fullPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (prefix !== '/' && fullPath === prefix.slice(0, -1)) {
        // As static hosts do: /splr → /splr/ (keeping the query), so relative URLs resolve.
        const query = new URL(req.url, 'http://x').search;
        res.writeHead(301, { location: `${prefix}${query}` }).end();
        return;
      }
      if (!fullPath.startsWith(prefix)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found (outside the site)');
        return;
      }
      const urlPath = '/' + fullPath.slice(prefix.length);
      const extra = extraFiles[urlPath.slice(1)];
      if (extra !== undefined) {
        const body = Buffer.from(extra);
        res.writeHead(200, {
          'content-type': MIME[path.extname(urlPath).toLowerCase()] ?? 'application/octet-stream',
          'content-length': body.length,
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      let file = path.normalize(path.join(root, urlPath));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      let stat = await fs.stat(file).catch(() => null);
      if (stat?.isDirectory()) {
        file = path.join(file, 'index.html');
        stat = await fs.stat(file).catch(() => null);
      }
      if (!stat && path.extname(urlPath) === '') {
        file = path.join(root, 'index.html'); // SPA fallback
        stat = await fs.stat(file).catch(() => null);
      }
      if (!stat) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'content-type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve); // port 0: the OS picks a free port
  });
  // Don't let an open keep-alive socket keep the test process alive.
  server.unref();
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    port,
    extraFiles,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Launch headless Debian Chromium. Call `await browser.close()` when done. */
export async function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * Record what goes wrong on a page: console errors, uncaught exceptions, failed requests and
 * HTTP errors. Check `problems` (an array of strings) at the end of a test.
 */
export function watchPage(page) {
  const problems = [];
  // Chromium asks for /favicon.ico on its own; the site has none, which is not a bug. presets.json
  // is optional: the app asks for it at start-up and a 404 means "no team presets".
  const isOptional = (url) => {
    const { pathname } = new URL(url);
    return pathname === '/favicon.ico' || pathname.endsWith('/presets.json');
  };
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !isOptional(msg.location()?.url || 'http://x/')) {
      problems.push(`console.error: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400 && !(res.status() === 404 && isOptional(res.url()))) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return { problems };
}

/**
 * Start the server and the browser together; returns both plus `stop()` that shuts both down.
 * `serverOptions` go to startServer (`prefix`, `extraFiles`, `root`).
 * Typical use with node:test:
 *   let env; before(async () => { env = await startAll(); }); after(() => env?.stop());
 */
export async function startAll(serverOptions = {}) {
  const server = await startServer(serverOptions);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    server,
    browser,
    url: server.url,
    stop: async () => {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}
