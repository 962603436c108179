// Benchmark of the release bundle in dist/ (run through scripts/bench.sh, which builds it).
// Not a test: it never fails on slow numbers, and reports "n/a" for whatever it can't find.
//
// Measures
//   - bundle sizes: .wasm / .js / .css in dist/, raw, gzip -9 and brotli (node's zlib)
//   - page load: navigation start -> READY_SELECTOR present (and -> first text rendered),
//     median of LOAD_RUNS cold loads (a new browser context, so an empty cache, each time)
//   - input latency: on INPUT_ROUTE, keydown in the field INPUT_SELECTORS finds -> next DOM
//     mutation in, of, or adding/removing an ARTIFACT_SELECTOR element; median of INPUT_RUNS
// Writes bench-results/latest.json (git-ignored).
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, DIST_DIR, REPO_ROOT, CHROMIUM_PATH } from '../tests/e2e/harness.mjs';

// ---- Adjust these to the app --------------------------------------------------------------
/** Element the app adds once it is fully ready to use. */
const READY_SELECTOR = '[data-ready]';
/** Deep link (relative to the site root) to a walkthrough page with a form. */
const INPUT_ROUTE = '?scenario=webpubsub-function';
/** The field typed into: the first of these selectors that matches (text that stays valid
 *  when a character is added or removed, so every key press regenerates the artifacts). */
const INPUT_SELECTORS = ['#f-name', 'input[type="text"]', 'input:not([type])', 'textarea'];
/** Elements whose content is regenerated from the form (e.g. generated commands / JSON). */
const ARTIFACT_SELECTOR = '[data-artifact]';
const LOAD_RUNS = 5;
const INPUT_RUNS = 20;
/** How long to wait for the first rendered text, and then for READY_SELECTOR, per load. */
const TEXT_TIMEOUT_MS = 20_000;
const READY_TIMEOUT_MS = 5_000;
/** How long a key press may take to change an artifact before it counts as "no change". */
const MUTATION_TIMEOUT_MS = 2_000;
// ---------------------------------------------------------------------------------------------

const RESULTS_DIR = path.join(REPO_ROOT, 'bench-results');

const round1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
const median = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return round1(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2);
};
const fmtMs = (x) => (x == null ? 'n/a' : `${x.toFixed(1)} ms`);
const fmtKiB = (x) => (x == null ? 'n/a' : x < 1024 ? `${x} B` : `${(x / 1024).toFixed(1)} KiB`);

async function bundleSizes() {
  const files = await fs.readdir(DIST_DIR);
  const sizes = {};
  for (const ext of ['.wasm', '.js', '.css']) {
    const matching = files.filter((f) => f.endsWith(ext));
    if (matching.length === 0) {
      sizes[ext.slice(1)] = null;
      continue;
    }
    const entry = { files: matching, raw: 0, gzip9: 0, brotli: 0 };
    for (const f of matching) {
      const buf = await fs.readFile(path.join(DIST_DIR, f));
      entry.raw += buf.length;
      entry.gzip9 += zlib.gzipSync(buf, { level: 9 }).length;
      entry.brotli += zlib.brotliCompressSync(buf, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
      }).length;
    }
    sizes[ext.slice(1)] = entry;
  }
  return sizes;
}

// Installed before any page script runs: records performance.now() (ms since navigation
// start) when the body first has text, and when READY_SELECTOR first matches.
function loadProbe(readySelector) {
  const marks = (window.__benchLoad = { text: null, ready: null });
  const check = () => {
    const now = performance.now();
    if (marks.text === null && document.body && document.body.textContent.trim() !== '') {
      marks.text = now;
    }
    if (marks.ready === null && document.querySelector(readySelector)) marks.ready = now;
    if (marks.text !== null && marks.ready !== null) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
}

async function measureLoads(browser, url) {
  const text = [];
  const ready = [];
  let readyTimeout = READY_TIMEOUT_MS;
  for (let i = 0; i < LOAD_RUNS; i++) {
    const context = await browser.newContext(); // fresh profile: cold cache
    await context.addInitScript(loadProbe, READY_SELECTOR);
    const page = await context.newPage();
    try {
      await page.goto(url);
      const gotText = await page
        .waitForFunction(() => window.__benchLoad.text !== null, null, { timeout: TEXT_TIMEOUT_MS })
        .then(() => true, () => false);
      if (gotText) {
        await page
          .waitForFunction(() => window.__benchLoad.ready !== null, null, { timeout: readyTimeout })
          .catch(() => {});
      }
      const marks = await page.evaluate(() => window.__benchLoad);
      // No marker on the first load: the app has none, don't wait for it again.
      if (i === 0 && marks.ready === null) readyTimeout = 1;
      if (marks.text !== null) text.push(round1(marks.text));
      if (marks.ready !== null) ready.push(round1(marks.ready));
    } finally {
      await context.close();
    }
  }
  return {
    runs: LOAD_RUNS,
    to_ready_ms: { median: median(ready), samples: ready, selector: READY_SELECTOR },
    to_first_text_ms: { median: median(text), samples: text },
  };
}

async function measureInput(browser, url) {
  const result = { runs: INPUT_RUNS, route: INPUT_ROUTE, input: null, median_ms: null, samples: [], misses: 0, note: null };
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(new URL(INPUT_ROUTE, url).href);
    await page
      .waitForFunction(() => document.body.textContent.trim() !== '', null, { timeout: TEXT_TIMEOUT_MS })
      .catch(() => {});
    let input = null;
    for (const selector of INPUT_SELECTORS) {
      if ((await page.locator(selector).count()) > 0) {
        input = page.locator(selector).first();
        result.input = selector;
        break;
      }
    }
    if (!input) {
      result.note = `none of ${INPUT_SELECTORS.join(' | ')} on ${INPUT_ROUTE}`;
      return result;
    }
    if ((await page.locator(ARTIFACT_SELECTOR).count()) === 0) {
      result.note = `no ${ARTIFACT_SELECTOR} on ${INPUT_ROUTE}`;
      return result;
    }
    await input.click();
    await page.keyboard.press('End');
    // keydown's timeStamp and performance.now() share the navigation-start clock.
    await page.evaluate((artifactSelector) => {
      const lat = (window.__benchInput = { t0: null, latency: null });
      document.addEventListener('keydown', (e) => {
        lat.t0 = e.timeStamp;
        lat.latency = null;
      }, true);
      new MutationObserver((mutations) => {
        if (lat.t0 === null || lat.latency !== null) return;
        // Text or attributes changed inside an artifact, or a re-render swapped artifacts.
        const isOrHasArtifact = (n) =>
          n.nodeType === Node.ELEMENT_NODE && (n.matches(artifactSelector) || n.querySelector(artifactSelector));
        const inArtifact = mutations.some((m) => {
          const el = m.target.nodeType === Node.ELEMENT_NODE ? m.target : m.target.parentElement;
          return (
            el?.closest(artifactSelector) ||
            [...m.addedNodes].some(isOrHasArtifact) ||
            [...m.removedNodes].some(isOrHasArtifact)
          );
        });
        if (inArtifact) lat.latency = performance.now() - lat.t0;
      }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    }, ARTIFACT_SELECTOR);

    for (let i = 0; i < INPUT_RUNS; i++) {
      // Alternate typing and deleting a character so the field stays close to its default.
      await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
      const latency = await page
        .waitForFunction(() => window.__benchInput.latency, null, { timeout: MUTATION_TIMEOUT_MS })
        .then((h) => h.jsonValue(), () => null);
      if (latency == null) result.misses++;
      else result.samples.push(round1(latency));
    }
    result.median_ms = median(result.samples);
    if (result.samples.length === 0) result.note = `no ${ARTIFACT_SELECTOR} changed on key presses`;
    return result;
  } finally {
    await context.close();
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
const server = await startServer();
const browser = await launchBrowser();
let load, input;
try {
  load = await measureLoads(browser, server.url);
  input = await measureInput(browser, server.url);
} finally {
  await browser.close();
  await server.close();
}

const results = {
  date: new Date().toISOString(),
  git: gitRev(),
  chromium: CHROMIUM_PATH,
  browser_version: browser.version(),
  sizes,
  load,
  input,
};
await fs.mkdir(RESULTS_DIR, { recursive: true });
await fs.writeFile(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(results, null, 2) + '\n');

const rows = [];
for (const [kind, s] of Object.entries(sizes)) {
  rows.push([`${kind} size (raw / gzip -9 / brotli)`, s ? `${fmtKiB(s.raw)} / ${fmtKiB(s.gzip9)} / ${fmtKiB(s.brotli)}` : 'n/a']);
}
rows.push([`load -> ${READY_SELECTOR} (median of ${LOAD_RUNS})`, fmtMs(load.to_ready_ms.median)]);
rows.push([`load -> first text (median of ${LOAD_RUNS})`, fmtMs(load.to_first_text_ms.median)]);
rows.push([
  `keydown in ${input.input ?? 'field'} -> ${ARTIFACT_SELECTOR} mutation (median of ${INPUT_RUNS})`,
  fmtMs(input.median_ms) + (input.note ? `  (${input.note})` : input.misses ? `  (${input.misses} misses)` : ''),
]);
const w = Math.max(...rows.map((r) => r[0].length));
console.log('\nbench results');
for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
console.log(`  -> ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'latest.json'))}`);
