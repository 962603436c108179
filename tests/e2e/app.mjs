// What most e2e files share: one server + browser per file (started before its tests, stopped
// after them), the screenshot folder, and the two locators the app's DOM contract is made of
// (`data-sim` for the simulator's controls, `data-artifact` for a generated block; see
// src/components/). Kept apart from harness.mjs, which bench/bench.mjs also imports, because this
// one registers node:test hooks.
import { before, after } from 'node:test';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startAll, REPO_ROOT } from './harness.mjs';

export const OUT = path.join(REPO_ROOT, 'test-output');

/**
 * Registers the file's before/after hooks and returns the environment they fill in: `server`,
 * `browser`, `url` and `stop` of startAll(), readable from the tests once `before` has run.
 */
export function appPerFile(serverOptions = {}) {
  const env = {};
  before(async () => {
    Object.assign(env, await startAll(serverOptions));
    await fs.mkdir(OUT, { recursive: true });
  });
  after(async () => {
    await env.stop?.();
  });
  return env;
}

export const sim = (page, what) => page.locator(`[data-sim="${what}"]`);
export const artifact = (page, id) => page.locator(`[data-artifact="${id}"]`);
