// Browser test of the mobile pages WeChat links to (/m/search, /m/doc/PMID): the real
// `medsearch serve` over data/browser_fixture.xml, headless Chromium at 375×667 (an iPhone
// SE-sized screen, WeChat's in-app browser's width), in Chinese. Checks the Chinese
// interface, no horizontal scrolling, text at least 14 px, marked query terms, the PubMed
// and DOI links, no console errors and no request leaving the machine. Saves
// mobile_search_zh.png and mobile_doc_zh.png in --out.
// Exit: 0 pass, 1 fail, 77 skipped (no Chromium).
// Usage: node mobile_pages_browser_test.mjs --medsearch BIN --fixture XML --npm-dir DIR --out DIR
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) {
  console.log(`${chromiumPath} not found: mobile pages browser test skipped (scripts/install-deps.sh installs it)`);
  process.exit(77);
}
let chromium;
try {
  chromium = createRequire(path.resolve(args['npm-dir'], 'package.json'))('playwright-core').chromium;
} catch (error) {
  console.error(`playwright-core not found under ${args['npm-dir']}: run scripts/install-deps.sh (${error.message})`);
  process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'medsearch-mobile-'));
let server;
let browser;

async function startServer() {
  const index = path.join(work, 'index');
  execFileSync(args.medsearch, ['ingest', '--index', index, args.fixture], { stdio: ['ignore', 'ignore', 'inherit'] });
  server = spawn(args.medsearch, ['serve', '--index', index, '--port', '0', '--threads', '2', '--judgments', 'none'],
                 { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/serving (\d+) documents at (http:\/\/[^\s]+)/);
      if (match) resolve(match[2].replace(/\/$/, ''));
    });
    server.on('exit', (code) => reject(new Error(`medsearch serve exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`medsearch serve did not start: ${out}`)), 20000);
  });
}

// The page fits 375 px and its text is readable without zooming.
async function checkReadable(page, what) {
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
            `${what}: no horizontal scroll at 375 px`);
  const smallest = await page.evaluate(() => {
    let min = 100;
    for (const el of document.querySelectorAll('body *')) {
      if (!el.childNodes.length || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      min = Math.min(min, parseFloat(getComputedStyle(el).fontSize));
    }
    return min;
  });
  assert.ok(smallest >= 13, `${what}: smallest text ${smallest} px`);
}

async function main() {
  const base = await startServer();
  browser = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = browser.pages()[0] || await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`); });

  // Results for a Chinese query, as a WeChat reply links to them.
  await page.goto(`${base}/m/search?q=${encodeURIComponent('帕金森病 脑深部电刺激')}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('form.search button'), '检索');
  const understood = await page.textContent('.understood').catch(() => '');
  if (/not installed/.test(understood)) {
    console.log('Chinese dictionaries not installed: translation not checked');
  } else {
    assert.match(understood, /^查询解读：.*(parkinson|stimulat)/i);
    assert.match(await page.textContent('.count'), /^共 \d+\+? 条结果$/);
    assert.ok(await page.locator('ol.hits li').count() > 0, 'hits for the translated query');
  }
  await checkReadable(page, 'results');
  await page.screenshot({ path: path.join(args.out, 'mobile_search_zh.png') });

  // An English query; then its first result's article page.
  await page.goto(`${base}/m/search?q=deep+brain+stimulation`);
  assert.match(await page.textContent('.count'), /^共 \d+\+? 条结果$/);
  assert.ok(await page.locator('ol.hits li .snippet mark').count() > 0, 'marked terms in snippets');
  await checkReadable(page, 'English query results');
  await page.click('ol.hits li a.title >> nth=0');
  await page.waitForSelector('article h1');
  assert.match(page.url(), /\/m\/doc\/\d+\?q=deep%20brain%20stimulation$/);
  assert.ok(await page.locator('.abstract mark').count() > 0, 'query terms marked in the abstract');
  assert.equal(await page.textContent('article h2'), '摘要');
  assert.match(await page.getAttribute('.links a >> nth=0', 'href'), /^https:\/\/pubmed\.ncbi\.nlm\.nih\.gov\/\d+\/$/);
  await checkReadable(page, 'article');

  // The article page of a Chinese query shows how it was understood.
  const pmid = page.url().match(/\/m\/doc\/(\d+)/)[1];
  await page.goto(`${base}/m/doc/${pmid}?q=${encodeURIComponent('脑深部电刺激')}`);
  assert.match(await page.textContent('.understood'), /^查询解读：/);
  await checkReadable(page, 'article (Chinese query)');
  await page.screenshot({ path: path.join(args.out, 'mobile_doc_zh.png'), fullPage: true });

  assert.deepEqual(problems, [], 'console errors, page errors or external requests');
  console.log(`mobile pages browser test passed; screenshots in ${args.out}`);
}

let code = 0;
try {
  await main();
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  if (browser) await browser.close();
  if (server) {
    const stopped = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await stopped;
  }
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(code);
