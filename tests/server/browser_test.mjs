// Browser test of the web page: ingests data/browser_fixture.xml with the real binary,
// starts `medsearch serve --port 0`, drives headless Chromium through playwright-core and
// checks what the page shows: search, a filter, an abstract, similar articles, paging,
// judging (sign in, rate a result, see it stored via /api/judgments), no console errors
// and no request leaving the machine. Saves browser_test.png (and
// browser_test_phone.png) in --out.
// Exit: 0 pass, 1 fail, 77 skipped (no Chromium; CTest SKIP_RETURN_CODE).
// Usage: node browser_test.mjs --medsearch BIN --fixture XML --npm-dir DIR --out DIR
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { args, loadChromium, work, index, ingestFixture, startServer, launch, watchProblems, run } from './browser_support.mjs';

const chromium = loadChromium('browser test');

async function main() {
  ingestFixture();
  fs.writeFileSync(path.join(work, 'password'), 'judge-password\n');
  execFileSync(args.medsearch, ['users', 'add', '--index', index, '--password-file', path.join(work, 'password'), 'judge'],
               { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = (await startServer()) + '/';
  const page = await launch(chromium, { viewport: { width: 1200, height: 1300 } });
  const problems = watchProblems(page, base);

  await page.goto(base);
  assert.equal(await page.title(), 'medsearch');
  await page.waitForFunction(() => document.querySelector('#doc-count').textContent === '12');

  // Search: ranked hits with highlighted snippets, the count, time and understood query.
  await page.fill('#q', 'deep brain stimulation');
  await page.press('#q', 'Enter');
  await page.waitForSelector('.hit');
  const status = await page.textContent('#status');
  assert.match(status, /^6 results · [\d.]+ ms · understood as /);
  assert.ok(await page.isHidden('#similar-banner'));
  assert.ok(await page.isHidden('#pager'), 'one page only');
  assert.equal(await page.locator('.hit').count(), 6, 'every document with deep, brain or stimulation');
  assert.ok(await page.locator('.hit .snippet mark').count() > 0, 'highlighted snippets');
  assert.match(page.url(), /\?q=deep\+brain\+stimulation$/);
  const firstPubmed = await page.locator('.hit .pubmed').first().getAttribute('href');
  assert.match(firstPubmed, /^https:\/\/pubmed\.ncbi\.nlm\.nih\.gov\/\d+\/$/);
  assert.match(await page.locator('.hit .doi:not([hidden])').first().getAttribute('href'), /^https:\/\/doi\.org\/10\./);

  // Filters: publication type Review, then a year range.
  await page.selectOption('#pt', 'Review');
  await page.waitForFunction(() => document.querySelectorAll('.hit').length === 1);
  assert.match(await page.textContent('.hit .title'), /Long-term outcomes of deep brain stimulation/);
  await page.selectOption('#pt', '');
  await page.fill('#year_from', '2018');
  await page.dispatchEvent('#year_from', 'change');
  await page.waitForFunction(() => document.querySelectorAll('.hit').length === 3);
  for (const meta of await page.locator('.hit .meta').allTextContents()) assert.ok(Number(meta.match(/\b(20\d\d)\b/)[1]) >= 2018, meta);
  await page.fill('#year_from', '');
  await page.dispatchEvent('#year_from', 'change');
  await page.waitForFunction(() => document.querySelectorAll('.hit').length === 6);

  // Show abstract: the full abstract with its labels and the MeSH terms.
  const hit = page.locator('.hit', { hasText: 'subthalamic nucleus in Parkinson' });
  await hit.locator('.show-abstract').click();
  await hit.locator('.details .mesh li').first().waitFor();
  const details = await hit.locator('.details').textContent();
  assert.match(details, /Motor scores improved by 41%/);
  assert.match(details, /RESULTS/);
  assert.deepEqual(await hit.locator('.details .mesh li').allTextContents(),
                   ['Parkinson Disease', 'Deep Brain Stimulation', 'Subthalamic Nucleus']);
  assert.equal(await hit.locator('.show-abstract').textContent(), 'Hide abstract');
  await page.screenshot({ path: path.join(args.out, 'browser_test.png') });

  // Similar articles: related documents, never the source itself.
  await hit.locator('.similar').click();
  await page.waitForSelector('#similar-banner:not([hidden])');
  await page.waitForFunction(() => document.querySelector('#similar-source').textContent.includes('subthalamic'));
  await page.waitForSelector('.hit');
  assert.match(page.url(), /similar=30000001/);
  const similarTitles = await page.locator('.hit .title').allTextContents();
  assert.ok(similarTitles.length > 0);
  assert.ok(!similarTitles.some((t) => t.includes('subthalamic nucleus in Parkinson')), similarTitles.join(' | '));
  assert.ok(similarTitles.slice(0, 3).some((t) => /deep brain stimulation/i.test(t)), similarTitles.join(' | '));
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#similar-banner').hidden && document.querySelectorAll('.hit').length === 6);

  // Help popover.
  await page.click('.help-button');
  assert.ok(await page.isVisible('#syntax-help'));
  await page.keyboard.press('Escape');

  // Judging: sign in, rate a result, see the grade highlighted, stored, and kept on reload.
  assert.ok(await page.isHidden('.hit .rating'), 'no rating buttons before signing in');
  await page.fill('#login-name', 'judge');
  await page.fill('#login-password', 'judge-password');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#signed-in:not([hidden])');
  assert.equal(await page.textContent('#user-name'), 'judge');
  const rated = page.locator('.hit').first();
  const ratedId = await rated.getAttribute('data-id');
  await rated.locator('.rating button[data-grade="2"]').click();
  await rated.locator('.rating button[data-grade="2"][aria-pressed="true"]').waitFor();
  const stored = await page.evaluate(async () => (await fetch('/api/judgments?query=deep+brain+stimulation')).json());
  assert.deepEqual(stored.judgments.map((j) => [j.doc_id, j.grade, j.user]), [[ratedId, 2, 'judge']]);
  await page.reload();
  await page.waitForSelector(`.hit[data-id="${ratedId}"] .rating button[data-grade="2"][aria-pressed="true"]`);
  const qrels = await page.evaluate(async () => (await fetch('/api/judgments/qrels')).text());
  assert.match(qrels, new RegExp(`^q[0-9a-f]{12} 0 ${ratedId} 2$`, 'm'));

  // Page language: 中文 relabels the controls and survives a reload (localStorage); a Chinese
  // example query searches its English translation, shown above the results ("检索: …").
  await page.goto(base);
  await page.click('[data-ui-lang="zh"]');
  assert.equal(await page.textContent('#search-form .go'), '检索');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await page.reload();
  assert.equal(await page.textContent('#search-form .go'), '检索');
  assert.equal(await page.getAttribute('[data-ui-lang="zh"]', 'aria-pressed'), 'true');
  assert.equal(await page.textContent('#welcome .examples-zh a.example'), '帕金森病的深部脑刺激');
  await page.click('#welcome .examples-zh a.example');
  await page.waitForFunction(() => /条结果/.test(document.querySelector('#status').textContent));
  assert.match(decodeURIComponent(page.url()), /\?q=帕金森病的深部脑刺激$/);
  const zhStatus = await page.textContent('#status');
  if (/not installed/.test(zhStatus)) {
    console.log('Chinese dictionaries not installed: translation display not checked');
  } else {
    assert.ok(await page.isVisible('#translated'), zhStatus);
    assert.match(await page.textContent('#translated'), /^检索: .*deep brain stimulat/);
    assert.ok(await page.locator('.hit').count() > 0, 'hits for the translated query');
    assert.equal(await page.textContent('.hit .show-abstract'), '显示摘要');
    // A part no dictionary translates (a drug name the fixture does not contain) is shown
    // as unrecognised, after the translation (issue 15 item 3).
    assert.doesNotMatch(await page.textContent('#translated'), /未识别/);
    await page.goto(`${base}?q=${encodeURIComponent('伊马替尼治疗帕金森病')}`);
    await page.waitForFunction(() => /未识别/.test(document.querySelector('#translated').textContent));
    assert.match(await page.textContent('#translated'), /^检索: .*parkinson.* 未识别: 伊马替尼$/i);
  }
  await page.screenshot({ path: path.join(args.out, 'browser_test_zh.png') });
  await page.click('[data-ui-lang="en"]');
  assert.equal(await page.textContent('#search-form .go'), 'Search');
  await page.waitForFunction(() => / results? · /.test(document.querySelector('#status').textContent));
  await page.goto(`${base}?q=asthma`);
  await page.waitForSelector('.hit');
  assert.ok(await page.isHidden('#translated'), 'no translation for an English query');

  // A phone-sized viewport: the layout fits without horizontal scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}?q=asthma`);
  await page.waitForSelector('.hit');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no horizontal scroll on a phone');
  assert.ok(await page.locator('.hit .rating').first().isVisible(), 'rating buttons on a phone');
  await page.screenshot({ path: path.join(args.out, 'browser_test_phone.png'), fullPage: false });

  assert.deepEqual(problems, [], 'console errors, page errors or external requests');
  console.log(`browser test passed; screenshots in ${args.out}`);
}

await run(main);
