// Browser test of the page's citation export and its timeline and facets (issue 19 items 3,
// 4 and 6): ingests data/browser_fixture.xml, serves it, and in headless Chromium checks that
// the timeline and facet counts add up to the results, that clicking a year or a facet value
// narrows the search (and its chip widens it again), and that "Cite", "Selected (n)" and
// "All results" download RIS / MEDLINE / CSV files holding those articles. Screenshots at
// 1200 px and at 375 px (a phone), in English and in Chinese, go to --out:
// export_facets_{desktop,phone}_{en,zh}.png.
// Exit: 0 pass, 1 fail, 77 skipped (no Chromium). Usage as browser_test.mjs.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { args, loadChromium, ingestFixture, startServer, launch, watchProblems, gotoWithLateScripts, run } from './browser_support.mjs';

const chromium = loadChromium('export and facets browser test');

async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
}

const hitCount = (page) => page.locator('.hit').count();
const barTotal = (page) => page.evaluate(() => [...document.querySelectorAll('#timeline .bar')].reduce((n, b) => n + Number(b.dataset.count), 0));

async function main() {
  ingestFixture();
  const base = (await startServer()) + '/';
  const page = await launch(chromium, { viewport: { width: 1200, height: 1300 }, acceptDownloads: true });
  const problems = watchProblems(page, base);

  // results_tools.js arriving after the search's answer must still draw the timeline and facets.
  await gotoWithLateScripts(page, `${base}?q=deep+brain+stimulation`);
  await page.waitForSelector('.hit');
  await page.waitForSelector('#facets:not([hidden]) #timeline .bar');
  assert.equal(await hitCount(page), 6);
  // The timeline and every facet count the same six matches.
  assert.equal(await barTotal(page), 6, 'the timeline adds up to the results');
  const journals = await page.locator('.facet-journals .facet').evaluateAll((nodes) =>
    nodes.map((n) => [n.dataset.value, Number(n.querySelector('.facet-count').textContent)]));
  assert.ok(journals.length >= 3, JSON.stringify(journals));
  assert.equal(journals.reduce((n, [, c]) => n + c, 0), 6, 'one journal per article');
  const languages = await page.locator('.facet-languages .facet .facet-value').allTextContents();
  assert.ok(languages.includes('English'), languages.join());
  assert.ok(await page.isVisible('#facets'), 'facets beside the results');
  const side = await page.locator('#facets').boundingBox();
  const results = await page.locator('#results').boundingBox();
  assert.ok(side.x > results.x + results.width - 1, 'the facets are to the right of the results');

  // A journal facet narrows to its count; its chip takes the filter off again.
  const [journal, journalCount] = journals[0];
  await page.locator(`.facet-journals .facet[data-value="${journal}"]`).click();
  await page.waitForFunction((n) => document.querySelectorAll('.hit').length === n &&
                                     document.querySelector('.facet-journals .facet.on'), journalCount);
  assert.equal(new URL(page.url()).searchParams.get('journal'), journal);
  for (const meta of await page.locator('.hit .meta').allTextContents()) assert.ok(meta.includes(journal), meta);
  await page.locator('#active-filters .chip').click();
  await page.waitForFunction(() => document.querySelectorAll('.hit').length === 6 && !document.querySelector('#active-filters .chip'));
  assert.equal(new URL(page.url()).searchParams.get('journal'), null);

  // A year bar narrows to that year.
  const bar = page.locator('#timeline .bar:not([disabled])').first();
  const year = await bar.getAttribute('data-year');
  const yearCount = Number(await bar.getAttribute('data-count'));
  await bar.click();
  await page.waitForFunction((n) => document.querySelectorAll('.hit').length === n &&
                                     document.querySelector('#timeline .bar.chosen'), yearCount);
  assert.equal(new URL(page.url()).searchParams.get('year_from'), year);
  assert.equal(new URL(page.url()).searchParams.get('year_to'), year);
  assert.equal(await page.inputValue('#year_from'), year, 'the form shows the narrowed years');
  for (const meta of await page.locator('.hit .meta').allTextContents()) assert.ok(meta.includes(year), meta);
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('.hit').length === 6);

  // Article type and "with abstract" facets.
  const review = page.locator('.facet-publication_types .facet[data-value="Review"]');
  const reviewCount = Number(await review.locator('.facet-count').textContent());
  await review.click();
  await page.waitForFunction((n) => document.querySelectorAll('.hit').length === n && /pt=Review/.test(location.search), reviewCount);
  assert.equal(await page.inputValue('#pt'), 'Review');
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('.hit').length === 6);

  // Export one article (RIS), two selected ones (MEDLINE) and all results (CSV).
  const firstId = await page.locator('.hit').first().getAttribute('data-id');
  const one = await downloaded(page, () => page.locator('.hit').first().locator('.export-one').click());
  assert.equal(one.name, `pubmed-${firstId}.ris`);
  assert.match(one.text, new RegExp(`^TY  - JOUR\\r\\n[\\s\\S]*AN  - ${firstId}\\r\\n[\\s\\S]*ER  - \\r\\n$`));
  assert.ok(await page.isDisabled('#export-selected'));
  const ids = await page.locator('.hit').evaluateAll((nodes) => nodes.map((n) => n.dataset.id));
  await page.locator('.hit .select-hit').nth(1).check();
  await page.locator('.hit .select-hit').nth(3).check();
  assert.equal(await page.textContent('#export-selected'), 'Selected (2)');
  await page.selectOption('#export-format', 'medline');
  const two = await downloaded(page, () => page.click('#export-selected'));
  assert.equal(two.name, 'medsearch-citations.nbib');
  assert.deepEqual([...two.text.matchAll(/^PMID- (\d+)$/gm)].map((m) => m[1]), [ids[1], ids[3]]);
  assert.match(two.text, /^TI  - /m);
  await page.selectOption('#export-format', 'csv');
  assert.match(await page.textContent('#export-all'), /All results \(first 6\)/);
  const all = await downloaded(page, () => page.click('#export-all'));
  assert.equal(all.name, 'medsearch-citations.csv');
  assert.match(all.text, /^PMID,Title,Authors,/);
  const csvIds = [...all.text.matchAll(/\r\n(\d{8}),/g)].map((m) => m[1]);
  assert.deepEqual(csvIds, ids, 'every result, in result order');
  // The selection survives narrowing of the same query; "Clear selection" empties it.
  await page.click('#clear-selection');
  assert.equal(await page.textContent('#export-selected'), 'Selected (0)');
  await page.screenshot({ path: path.join(args.out, 'export_facets_desktop_en.png') });

  // Chinese labels.
  await page.click('[data-ui-lang="zh"]');
  await page.waitForFunction(() => document.querySelector('.timeline-box h2').textContent === '按年份统计');
  assert.equal(await page.textContent('.facet-journals h2'), '期刊');
  assert.equal(await page.textContent('#export-bar [data-rt="export"]'), '导出');
  assert.equal(await page.textContent('.hit .export-one'), '引用');
  assert.ok((await page.locator('.facet-languages .facet .facet-value').allTextContents()).includes('英语'));
  await page.screenshot({ path: path.join(args.out, 'export_facets_desktop_zh.png') });

  // A 375 px phone: one column, the facets folded above the results, no sideways scroll;
  // opened, a facet still narrows.
  await page.setViewportSize({ width: 375, height: 812 });
  for (const lang of ['zh', 'en']) {
    await page.click(`[data-ui-lang="${lang}"]`);
    await page.goto(`${base}?q=deep+brain+stimulation`);
    await page.waitForSelector('#facets:not([hidden]) #timeline .bar', { state: 'attached' });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `no horizontal scroll on a phone (${lang})`);
    assert.equal(await page.evaluate(() => document.querySelector('#facets-details').open), false, 'folded on a phone');
    const facets = await page.locator('#facets').boundingBox();
    const list = await page.locator('#results').boundingBox();
    assert.ok(facets.y < list.y, 'the facets above the results on a phone');
    await page.click('#facets summary');
    await page.screenshot({ path: path.join(args.out, `export_facets_phone_${lang}.png`), fullPage: true });
  }
  const english = page.locator('.facet-languages .facet[data-value="eng"]');
  const englishCount = Number(await english.locator('.facet-count').textContent());
  assert.ok(englishCount > 0 && englishCount < 6, String(englishCount));
  await english.click();
  await page.waitForFunction((n) => /lang=eng/.test(location.search) && document.querySelectorAll('.hit').length === n, englishCount);

  assert.deepEqual(problems, [], 'console errors, page errors or external requests');
  console.log(`export and facets browser test passed; screenshots in ${args.out}`);
}

await run(main);
