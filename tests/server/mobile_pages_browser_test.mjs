// Browser test of the mobile pages WeChat links to (/m/search, /m/doc/PMID): the real
// `medsearch serve` over data/browser_fixture.xml, headless Chromium at 375×667 (an iPhone
// SE-sized screen, WeChat's in-app browser's width), in Chinese. Checks the Chinese
// interface, no horizontal scrolling, text at least 14 px, marked query terms, the PubMed
// and DOI links, no console errors and no request leaving the machine. Saves
// mobile_search_zh.png and mobile_doc_zh.png in --out.
// Exit: 0 pass, 1 fail, 77 skipped (no Chromium).
// Usage: node mobile_pages_browser_test.mjs --medsearch BIN --fixture XML --npm-dir DIR --out DIR
import path from 'node:path';
import assert from 'node:assert/strict';
import { args, loadChromium, ingestFixture, startServer, launch, watchProblems, run } from './browser_support.mjs';

const chromium = loadChromium('mobile pages browser test');

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
  ingestFixture();
  const base = await startServer(['--judgments', 'none']);
  const page = await launch(chromium, { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true,
                                        hasTouch: true, locale: 'zh-CN' });
  const problems = watchProblems(page, base);

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

await run(main);
