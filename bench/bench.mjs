// Benchmark of the release bundle in dist/ (run through scripts/bench.sh, which builds it).
// Not a test: it never fails on slow numbers, and reports "n/a" for whatever it can't find.
//
// Measures, in headless Chromium (Debian's, through playwright-core):
//   sizes     every .wasm / .js / .css / .html file in dist/: raw, gzip -9 and brotli (node's zlib)
//   load      navigation start -> the first generated artifact ([data-artifact] with text) in the
//             DOM and on screen (the frame after it, and not before the first contentful paint), median of LOAD_RUNS cold loads (a new browser
//             context, so an empty cache, each time). Side by side, in the same run and alternating
//             with the app's loads, the floor: the app's own rendered page saved as a plain static
//             HTML file (same text, same CSS, same <pre data-artifact>, no script) and served the
//             same way by the same server code.
//   input     a keystroke in INPUT_SELECTOR -> every artifact that changes has changed (the last
//             artifact mutation before they settle) and -> the next frame; p50 / p95 over
//             KEYSTROKES key presses (typing and deleting a character in turn).
//   flow      the simulator's whole happy path at maximum speed: click "Max", then click
//             "▶ Play the whole flow" -> [data-sim="status"] reads Approved; median of FLOW_RUNS.
//   memory    after a full flow: JS heap (CDP Runtime.getHeapUsage after a forced GC) and the wasm
//             linear memory (the instance trunk hands to the TrunkApplicationStarted event).
// Prints a table and writes bench-results/latest.json (git-ignored).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, DIST_DIR, REPO_ROOT, CHROMIUM_PATH } from '../tests/e2e/harness.mjs';

// ---- Adjust these to the app --------------------------------------------------------------
/** Deep link (relative to the site root) to a walkthrough page with a form and artifacts. */
const APP_ROUTE = '?scenario=webpubsub-function';
/** Elements whose text is generated from the form (the copy contract of the README). */
const ARTIFACT_SELECTOR = '[data-artifact]';
/** The field typed into: the endpoint name stays valid when a character is added or removed. */
const INPUT_SELECTOR = '#f-name';
/** An artifact that must contain the field's value once the page has caught up with a key press. */
const INPUT_ECHO_ARTIFACT = '[data-artifact="delete"]';
/** The simulator's controls (see src/components/panels/simulator.rs). */
const SIM_MAX_BUTTON = '[data-speed="Max"]';
const SIM_PLAY_BUTTON = '[data-run="Play the whole flow"]';
const SIM_STATUS = '[data-sim="status"]';
const SIM_DONE_TEXT = 'Approved';
// More pages to time (e.g. the Functions bindings page, presets) can be added to LOAD_ROUTES.
const LOAD_ROUTES = [{ name: 'walkthrough', route: APP_ROUTE }];
const LOAD_RUNS = 11;
const KEYSTROKES = 240;
const FLOW_RUNS = 7;
/** Artifact mutations closer together than this belong to the same update. */
const SETTLE_MS = 40;
const TIMEOUT_MS = 20_000;
// ---------------------------------------------------------------------------------------------

const RESULTS_DIR = path.join(REPO_ROOT, 'bench-results');

const round1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
/** Nearest-rank percentile of `xs` (p in 0..100). */
const percentile = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return round1(s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]);
};
const median = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return round1(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2);
};
const fmtMs = (x) => (x == null ? 'n/a' : `${x.toFixed(1)} ms`);
const fmtKiB = (x) => (x == null ? 'n/a' : x < 1024 ? `${x} B` : `${(x / 1024).toFixed(1)} KiB`);
const fmtMiB = (x) => (x == null ? 'n/a' : `${(x / 1048576).toFixed(2)} MiB`);

function compressed(buf) {
  return {
    raw: buf.length,
    gzip9: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

async function bundleSizes() {
  const files = await fs.readdir(DIST_DIR);
  const sizes = {};
  const total = { raw: 0, gzip9: 0, brotli: 0 };
  for (const ext of ['.wasm', '.js', '.css', '.html']) {
    const matching = files.filter((f) => f.endsWith(ext));
    if (matching.length === 0) {
      sizes[ext.slice(1)] = null;
      continue;
    }
    const entry = { files: matching, raw: 0, gzip9: 0, brotli: 0 };
    for (const f of matching) {
      const c = compressed(await fs.readFile(path.join(DIST_DIR, f)));
      for (const k of ['raw', 'gzip9', 'brotli']) {
        entry[k] += c[k];
        total[k] += c[k];
      }
    }
    sizes[ext.slice(1)] = entry;
  }
  sizes.total = total;
  return sizes;
}

// ---- load -------------------------------------------------------------------------------------

// Installed before any page script runs: performance.now() (ms since navigation start) when the
// first artifact with text is in the DOM, and when the frame after that has run (on screen).
// Also keeps the wasm instance trunk announces, for the memory figures.
function loadProbe(selector) {
  const marks = (window.__benchLoad = { dom: null, painted: null });
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__benchWasm = e.detail?.wasm ?? null;
  });
  const check = () => {
    if (marks.dom !== null) return;
    const el = document.querySelector(selector);
    if (el && el.textContent.trim() !== '') {
      marks.dom = performance.now();
      observer.disconnect();
      // The frame that shows it: rAF runs before the paint, the task after it runs after it.
      requestAnimationFrame(() => setTimeout(() => (marks.painted = performance.now()), 0));
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('DOMContentLoaded', check);
}

async function loadOnce(browser, url) {
  const context = await browser.newContext(); // fresh profile: cold cache
  await context.addInitScript(loadProbe, ARTIFACT_SELECTOR);
  const page = await context.newPage();
  try {
    await page.goto(url);
    const ok = await page
      .waitForFunction(() => window.__benchLoad.painted !== null, null, { timeout: TIMEOUT_MS })
      .then(() => true, () => false);
    if (!ok) return null;
    // Wait for the first contentful paint too: nothing is on screen before it.
    await page
      .waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 2000 })
      .catch(() => {});
    const m = await page.evaluate(() => ({
      ...window.__benchLoad,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    }));
    // On screen: the frame after the artifact arrived, and not before the first contentful paint.
    return { ...m, painted: Math.max(m.painted, m.fcp ?? 0) };
  } finally {
    await context.close();
  }
}

/** The app's page once rendered, as a plain static page: no scripts, no preloads, same CSS. */
async function writeFloorSite(browser, appUrl) {
  const page = await browser.newPage();
  let html;
  try {
    await page.goto(appUrl);
    await page.locator(ARTIFACT_SELECTOR).first().waitFor({ timeout: TIMEOUT_MS });
    html = await page.evaluate(() => {
      const doc = document.documentElement.cloneNode(true);
      doc.querySelectorAll('script, link[rel="modulepreload"], link[rel="preload"]').forEach((n) => n.remove());
      return '<!doctype html>\n' + doc.outerHTML;
    });
  } finally {
    await page.close();
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'splr-bench-floor-'));
  await fs.writeFile(path.join(dir, 'index.html'), html);
  for (const f of await fs.readdir(DIST_DIR)) {
    if (f.endsWith('.css')) await fs.copyFile(path.join(DIST_DIR, f), path.join(dir, f));
  }
  return { dir, html: compressed(Buffer.from(html)) };
}

async function measureLoads(browser, appServer) {
  const results = [];
  for (const { name, route } of LOAD_ROUTES) {
    const appUrl = new URL(route, appServer.url).href;
    const floor = await writeFloorSite(browser, appUrl);
    const floorServer = await startServer({ root: floor.dir });
    const app = { dom: [], painted: [], fcp: [], failures: 0 };
    const flr = { dom: [], painted: [], fcp: [], failures: 0 };
    try {
      await loadOnce(browser, appUrl); // warm up the browser process and the servers, not counted
      await loadOnce(browser, floorServer.url);
      for (let i = 0; i < LOAD_RUNS; i++) {
        // Alternate so that any drift of the machine hits both alike.
        for (const [url, into] of [[appUrl, app], [floorServer.url, flr]]) {
          const m = await loadOnce(browser, url);
          if (!m) {
            into.failures++;
            continue;
          }
          into.dom.push(round1(m.dom));
          into.painted.push(round1(m.painted));
          if (m.fcp != null) into.fcp.push(round1(m.fcp));
        }
      }
    } finally {
      await floorServer.close();
      await fs.rm(floor.dir, { recursive: true, force: true });
    }
    const summary = (s) => ({
      to_artifact_in_dom_ms: median(s.dom),
      to_artifact_on_screen_ms: median(s.painted),
      first_contentful_paint_ms: median(s.fcp),
      samples_on_screen_ms: s.painted,
      failures: s.failures,
    });
    const a = summary(app);
    const f = summary(flr);
    results.push({
      name,
      route,
      runs: LOAD_RUNS,
      app: a,
      floor: { ...f, page_size: floor.html },
      ratio_on_screen:
        a.to_artifact_on_screen_ms && f.to_artifact_on_screen_ms
          ? Math.round((a.to_artifact_on_screen_ms / f.to_artifact_on_screen_ms) * 100) / 100
          : null,
    });
  }
  return results;
}

// ---- input ------------------------------------------------------------------------------------

async function measureInput(browser, appServer) {
  const result = {
    route: APP_ROUTE,
    input: INPUT_SELECTOR,
    keystrokes: KEYSTROKES,
    artifacts_changed_per_key: null,
    dom: { p50_ms: null, p95_ms: null, max_ms: null },
    next_frame: { p50_ms: null, p95_ms: null },
    misses: 0,
    note: null,
  };
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(new URL(APP_ROUTE, appServer.url).href);
    await page.locator(ARTIFACT_SELECTOR).first().waitFor({ timeout: TIMEOUT_MS });
    const input = page.locator(INPUT_SELECTOR);
    if ((await input.count()) === 0) {
      result.note = `no ${INPUT_SELECTOR} on ${APP_ROUTE}`;
      return result;
    }
    await input.click();
    await page.keyboard.press('End');
    // keydown's timeStamp and performance.now() share the navigation-start clock.
    await page.evaluate((selector) => {
      // The artifacts' texts before the key press: taken once the previous key has settled, not
      // in the keydown handler, so that reading them is not timed as part of the key press.
      const texts = () => [...document.querySelectorAll(selector)].map((n) => n.textContent);
      const st = (window.__benchInput = { t0: null, last: null, frame: null, texts: texts() });
      document.addEventListener(
        'keydown',
        (e) => {
          st.t0 = e.timeStamp;
          st.last = null;
          st.frame = null;
        },
        true,
      );
      const touches = (n) => n.nodeType === Node.ELEMENT_NODE && (n.matches(selector) || n.querySelector(selector));
      new MutationObserver((mutations) => {
        if (st.t0 === null) return;
        const hit = mutations.some((m) => {
          const el = m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target.parentElement;
          return el?.closest(selector) || [...m.addedNodes].some(touches) || [...m.removedNodes].some(touches);
        });
        if (!hit) return;
        const t = performance.now();
        st.last = t;
        requestAnimationFrame(() => {
          if (st.last === t) st.frame = performance.now();
        });
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    }, ARTIFACT_SELECTOR);

    // Resolves once the artifacts have been quiet for SETTLE_MS after a key press; checks that the
    // echo artifact shows the field's value, and counts the artifacts whose text changed.
    const settle = () =>
      page.evaluate(
        ({ selector, echo, input, settleMs, timeout }) =>
          new Promise((resolve) => {
            const st = window.__benchInput;
            const started = performance.now();
            const poll = () => {
              const now = performance.now();
              if (st.last !== null && st.frame !== null && now - st.last >= settleMs) {
                const value = document.querySelector(input).value;
                const texts = [...document.querySelectorAll(selector)].map((n) => n.textContent);
                const changed = texts.filter((t, i) => t !== st.texts[i]).length;
                st.texts = texts;
                resolve({
                  dom: st.last - st.t0,
                  frame: st.frame - st.t0,
                  echoed: document.querySelector(echo)?.textContent.includes(`/${value}?`) ?? false,
                  changed,
                });
              } else if (now - started > timeout) {
                resolve(null);
              } else {
                setTimeout(poll, 5);
              }
            };
            poll();
          }),
        { selector: ARTIFACT_SELECTOR, echo: INPUT_ECHO_ARTIFACT, input: INPUT_SELECTOR, settleMs: SETTLE_MS, timeout: 2000 },
      );

    const dom = [];
    const frame = [];
    const changed = new Map();
    for (let i = 0; i < KEYSTROKES; i++) {
      await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
      const r = await settle();
      if (!r || !r.echoed) {
        result.misses++;
        continue;
      }
      dom.push(r.dom);
      frame.push(r.frame);
      changed.set(r.changed, (changed.get(r.changed) ?? 0) + 1);
    }
    result.artifacts_changed_per_key = Object.fromEntries(changed);
    result.dom = { p50_ms: percentile(dom, 50), p95_ms: percentile(dom, 95), max_ms: percentile(dom, 100) };
    result.next_frame = { p50_ms: percentile(frame, 50), p95_ms: percentile(frame, 95) };
    if (dom.length === 0) result.note = `no ${ARTIFACT_SELECTOR} changed on key presses`;
    return result;
  } finally {
    await context.close();
  }
}

// ---- simulator flow and memory ----------------------------------------------------------------

async function measureFlow(browser, appServer) {
  const result = { route: APP_ROUTE, runs: FLOW_RUNS, median_ms: null, samples: [], failures: 0, requests: null, memory: null };
  const context = await browser.newContext();
  await context.addInitScript(loadProbe, ARTIFACT_SELECTOR); // keeps the wasm instance
  try {
    for (let i = 0; i < FLOW_RUNS; i++) {
      const page = await context.newPage();
      try {
        await page.goto(new URL(APP_ROUTE, appServer.url).href);
        await page.locator(SIM_PLAY_BUTTON).waitFor({ timeout: TIMEOUT_MS });
        await page.locator(SIM_MAX_BUTTON).click();
        await page.evaluate(
          ({ play, status, done }) => {
            const st = (window.__benchFlow = { t0: null, t1: null });
            document.addEventListener('click', (e) => {
              if (e.target.closest(play)) st.t0 = e.timeStamp;
            }, true);
            new MutationObserver(() => {
              if (st.t0 !== null && st.t1 === null && document.querySelector(status)?.textContent === done) {
                st.t1 = performance.now();
              }
            }).observe(document.body, { childList: true, subtree: true, characterData: true });
          },
          { play: SIM_PLAY_BUTTON, status: SIM_STATUS, done: SIM_DONE_TEXT },
        );
        await page.locator(SIM_PLAY_BUTTON).click();
        const ok = await page
          .waitForFunction(() => window.__benchFlow.t1 !== null, null, { timeout: TIMEOUT_MS })
          .then(() => true, () => false);
        if (!ok) {
          result.failures++;
          continue;
        }
        const { t0, t1 } = await page.evaluate(() => window.__benchFlow);
        result.samples.push(round1(t1 - t0));
        if (i === FLOW_RUNS - 1) {
          result.requests = await page.locator('[data-sim="log"] li').count();
          result.memory = await memory(page);
        }
      } finally {
        await page.close();
      }
    }
  } finally {
    await context.close();
  }
  result.median_ms = median(result.samples);
  return result;
}

async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const inPage = await page.evaluate(() => ({
      wasm: window.__benchWasm?.memory?.buffer?.byteLength ?? null,
      performance_memory: performance.memory
        ? { usedJSHeapSize: performance.memory.usedJSHeapSize, totalJSHeapSize: performance.memory.totalJSHeapSize }
        : null,
    }));
    return {
      js_heap_used: heap.usedSize,
      js_heap_total: heap.totalSize,
      wasm_linear_memory: inPage.wasm,
      performance_memory: inPage.performance_memory,
    };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

function gitRev() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

const sizes = await bundleSizes();
// The server is unref'd and playwright's pipe to the browser may be too: without a timer of its
// own, node can find its event loop empty while a page.evaluate is pending, and exit mid-run.
const keepAlive = setInterval(() => {}, 1000);
const server = await startServer();
const browser = await launchBrowser();
let load, input, flow;
try {
  load = await measureLoads(browser, server);
  input = await measureInput(browser, server);
  flow = await measureFlow(browser, server);
} finally {
  await browser.close();
  await server.close();
  clearInterval(keepAlive);
}

const results = {
  date: new Date().toISOString(),
  git: gitRev(),
  chromium: CHROMIUM_PATH,
  browser_version: browser.version(),
  cpus: os.cpus().length,
  sizes,
  load,
  input,
  flow,
};
await fs.mkdir(RESULTS_DIR, { recursive: true });
await fs.writeFile(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(results, null, 2) + '\n');

const rows = [];
for (const [kind, s] of Object.entries(sizes)) {
  rows.push([`${kind} (raw / gzip -9 / brotli)`, s ? `${fmtKiB(s.raw)} / ${fmtKiB(s.gzip9)} / ${fmtKiB(s.brotli)}` : 'n/a']);
}
for (const l of load) {
  rows.push([
    `${l.name}: load -> first artifact on screen, app (median of ${l.runs})`,
    `${fmtMs(l.app.to_artifact_on_screen_ms)}  (in DOM ${fmtMs(l.app.to_artifact_in_dom_ms)}, FCP ${fmtMs(l.app.first_contentful_paint_ms)})`,
  ]);
  rows.push([
    `${l.name}: same page as static HTML, the floor (${fmtKiB(l.floor.page_size.raw)})`,
    `${fmtMs(l.floor.to_artifact_on_screen_ms)}  (in DOM ${fmtMs(l.floor.to_artifact_in_dom_ms)}, FCP ${fmtMs(l.floor.first_contentful_paint_ms)})`,
  ]);
  rows.push([`${l.name}: app / floor`, l.ratio_on_screen == null ? 'n/a' : `${l.ratio_on_screen}×`]);
}
rows.push([
  `key in ${input.input} -> all artifacts updated, p50 / p95 (${input.keystrokes} keys)`,
  `${fmtMs(input.dom.p50_ms)} / ${fmtMs(input.dom.p95_ms)}` +
    (input.note ? `  (${input.note})` : input.misses ? `  (${input.misses} misses)` : ''),
]);
rows.push([`key -> next frame, p50 / p95`, `${fmtMs(input.next_frame.p50_ms)} / ${fmtMs(input.next_frame.p95_ms)}`]);
rows.push([
  `simulator whole flow at Max -> Approved (median of ${flow.runs})`,
  fmtMs(flow.median_ms) + (flow.requests != null ? `  (${flow.requests} requests logged)` : '') + (flow.failures ? `  (${flow.failures} failures)` : ''),
]);
rows.push([`JS heap after the flow (used / total)`, `${fmtMiB(flow.memory?.js_heap_used)} / ${fmtMiB(flow.memory?.js_heap_total)}`]);
rows.push([`wasm linear memory after the flow`, fmtMiB(flow.memory?.wasm_linear_memory)]);
const w = Math.max(...rows.map((r) => r[0].length));
console.log('\nbench results');
for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
console.log(`  -> ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'latest.json'))}`);
