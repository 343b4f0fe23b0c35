// What the browser tests share (browser_test.mjs, mobile_pages_browser_test.mjs): their
// arguments (--medsearch BIN --fixture XML --npm-dir DIR --out DIR), Chromium through
// playwright-core (exit 77, skipped, when Chromium is missing), a fresh index of the
// fixture, `medsearch serve --port 0` started and its base URL read from what it prints,
// a browser without network extras, a collector of console errors and outside requests,
// and the run: main(), then the browser and server stopped and the work folder removed.
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];

const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// playwright-core's chromium; exits 77 when Chromium is missing, 1 when playwright-core is.
export function loadChromium(what) {
  if (!fs.existsSync(chromiumPath)) {
    console.log(`${chromiumPath} not found: ${what} skipped (scripts/install-deps.sh installs it)`);
    process.exit(77);
  }
  try {
    return createRequire(path.resolve(args['npm-dir'], 'package.json'))('playwright-core').chromium;
  } catch (error) {
    console.error(`playwright-core not found under ${args['npm-dir']}: run scripts/install-deps.sh (${error.message})`);
    process.exit(1);
  }
}

export const work = fs.mkdtempSync(path.join(os.tmpdir(), 'medsearch-browser-'));
export const index = path.join(work, 'index');
const state = { server: null, browser: null };

export function ingestFixture() {
  execFileSync(args.medsearch, ['ingest', '--index', index, args.fixture], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// Starts `medsearch serve` on a free port with `extra` arguments; resolves to its base URL
// (without the trailing slash).
export function startServer(extra = []) {
  // The server's default worker count. MEDSEARCH_BROWSER_THREADS=2 gives fewer workers than
  // the page's parallel connections: answered since docs/decisions/0029, but each page then
  // waits for keep-alive timeouts (seconds), too slow for CI.
  const threads = process.env.MEDSEARCH_BROWSER_THREADS ? ['--threads', process.env.MEDSEARCH_BROWSER_THREADS] : [];
  const server = spawn(args.medsearch, ['serve', '--index', index, '--port', '0', ...threads, ...extra],
                       { stdio: ['ignore', 'pipe', 'inherit'] });
  state.server = server;
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/serving (\d+) documents at (http:\/\/[^\s]+)/);
      if (match) resolve(match[2].replace(/\/$/, ''));
    });
    server.on('exit', (code) => reject(new Error(`medsearch serve exited with ${code}: ${out}`)));
    // Start-up loads the Chinese dictionaries and builds the suggestion vocabulary before
    // listening: seconds in a release build, up to tens under ASan on a loaded 2-core machine.
    setTimeout(() => reject(new Error(`medsearch serve did not start within 60 s: ${out}`)), 60000);
  });
}

// A fresh profile (--user-data-dir) in the work folder; `options` are playwright's.
export async function launch(chromium, options) {
  state.browser = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    ...options,
  });
  return state.browser.pages()[0] || await state.browser.newPage();
}

// Collects console errors and warnings, page errors and requests that leave `base`.
export function watchProblems(page, base) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`); });
  return problems;
}

// Loads `url` with the page's later scripts (suggest.js, results_tools.js) held back by `ms`,
// so the first search's answer arrives before they run: a page must still draw their parts
// (a slow connection did this in CI; app.js starts its first search at DOMContentLoaded).
export async function gotoWithLateScripts(page, url, ms = 1500) {
  const late = /\/(suggest|results_tools)\.js$/;
  const hold = (route) => setTimeout(() => route.continue().catch(() => {}), ms);
  await page.route(late, hold);
  try {
    await page.goto(url);
    await page.waitForLoadState('load');
  } finally {
    await page.unroute(late, hold);
  }
}

// Runs main(), cleans up, exits 0 or 1.
export async function run(main) {
  let code = 0;
  try {
    await main();
  } catch (error) {
    console.error(error);
    code = 1;
  } finally {
    if (state.browser) await state.browser.close();
    if (state.server) {
      const stopped = new Promise((resolve) => state.server.once('exit', resolve));
      state.server.kill('SIGTERM');
      await stopped;
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
  process.exit(code);
}
