// Browser test of suggestions, permalinks and history on the web page (suggest.js): the real
// `medsearch serve` over data/browser_fixture.xml in headless Chromium (playwright-core).
// Checks the autocomplete combobox (keyboard: Down/Up/Enter/Escape, aria attributes, a
// click, recent queries, a MeSH entry term with its heading), "Did you mean" (English, and Chinese when the dictionaries are
// installed), permalink restore with filters and paging, back/forward, the local history
// (kept across reloads, cleared), no console errors or outside requests. Screenshots in
// --out: suggest_{desktop,phone}_{en,zh}.png (phone: 375 px wide).
// Exit: 0 pass, 1 fail, 77 skipped (no Chromium).
// Usage: node suggest_browser_test.mjs --medsearch BIN --fixture XML --npm-dir DIR --out DIR
import path from 'node:path';
import assert from 'node:assert/strict';
import { args, loadChromium, ingestFixture, startServer, launch, watchProblems, gotoWithLateScripts, run } from './browser_support.mjs';

const chromium = loadChromium('suggestion browser test');

const optionTexts = (page) => page.locator('#q-suggestions [role=option] .q-option-text').allTextContents();

// Types `text` and waits for the options answering it: the list of an earlier prefix
// ("deep" while "deep br" is being typed) may still show when typing ends.
async function typeQuery(page, text) {
  await page.fill('#q', '');
  await page.type('#q', text, { delay: 30 });
  await page.waitForFunction((typed) => {
    const list = document.querySelector('#q-suggestions');
    return !list.hidden && list.dataset.typed === typed && list.querySelector('[role=option]') !== null;
  }, text);
}

async function autocomplete(page) {
  await typeQuery(page, 'deep br');
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
  const texts = await optionTexts(page);
  assert.ok(texts.includes('Deep Brain Stimulation'), texts.join(' | '));  // the heading's spelling
  for (const text of texts) assert.match(text.toLowerCase(), /^deep br/);
  assert.ok(texts.length >= 2, texts.join(' | '));
  // Down, Down, Up: the active option moves and is announced.
  await page.press('#q', 'ArrowDown');
  assert.equal(await page.getAttribute('#q', 'aria-activedescendant'), 'q-option-0');
  assert.equal(await page.getAttribute('#q-option-0', 'aria-selected'), 'true');
  await page.press('#q', 'ArrowDown');
  assert.equal(await page.getAttribute('#q', 'aria-activedescendant'), 'q-option-1');
  assert.equal(await page.getAttribute('#q-option-0', 'aria-selected'), 'false');
  await page.press('#q', 'ArrowUp');
  assert.equal(await page.getAttribute('#q', 'aria-activedescendant'), 'q-option-0');
  // Escape closes the list and keeps what was typed.
  await page.press('#q', 'Escape');
  assert.ok(await page.isHidden('#q-suggestions'));
  assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'false');
  assert.equal(await page.inputValue('#q'), 'deep br');
  // Down reopens; Enter on an option searches it.
  await page.press('#q', 'ArrowDown');
  await page.waitForSelector('#q-suggestions:not([hidden]) [role=option]');
  await page.press('#q', 'ArrowDown');
  const chosen = await page.textContent('#q-option-0 .q-option-text');
  await page.press('#q', 'Enter');
  await page.waitForSelector('.hit');
  assert.equal(await page.inputValue('#q'), chosen);
  assert.equal(new URL(page.url()).searchParams.get('q'), chosen);
  assert.ok(await page.isHidden('#q-suggestions'));
}

// An entry term of the descriptor file (data/mesh_descriptors.bin) is shown with its
// heading, and picking it searches the heading.
async function meshEntryTerm(page) {
  await typeQuery(page, 'heart att');
  assert.equal(await page.textContent('#q-option-0 .q-option-text'), 'Heart Attack \u2192 Myocardial Infarction');
  assert.equal(await page.textContent('#q-option-0 .q-option-tag'), 'MeSH');
  await page.press('#q', 'ArrowDown');
  await page.press('#q', 'Enter');
  await page.waitForSelector('.hit');
  assert.equal(await page.inputValue('#q'), 'Myocardial Infarction');
}

async function didYouMean(page, base) {
  // suggest.js arriving after the search's answer must still show the suggestion.
  await gotoWithLateScripts(page, `${base}?q=parkinsn`);
  await page.waitForSelector('#did-you-mean:not([hidden])');
  assert.match(await page.textContent('#did-you-mean'), /^Did you mean: parkinson \(≥?\d+ results\)$/);
  await page.click('#did-you-mean a');
  await page.waitForSelector('.hit');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'parkinson');
  assert.ok(await page.isHidden('#did-you-mean'));
  assert.ok(await page.locator('.hit').count() >= 4);
}

async function permalinks(page, base) {
  // The whole state in the URL: loading it fills the form and runs that search.
  await page.goto(`${base}?q=parkinson&year_from=2015&sort=date&page=1`);
  await page.waitForSelector('.hit');
  assert.equal(await page.inputValue('#q'), 'parkinson');
  assert.equal(await page.inputValue('#year_from'), '2015');
  assert.equal(await page.inputValue('#sort'), 'date');
  for (const meta of await page.locator('.hit .meta').allTextContents()) assert.ok(Number(meta.match(/\b(20\d\d)\b/)[1]) >= 2015, meta);
  const firstYears = await page.locator('.hit .meta').allTextContents();
  // Paging is in the URL too.
  await page.goto(`${base}?q=stimulation+OR+parkinson+OR+asthma&page=2`);
  await page.waitForSelector('.hit');
  assert.match(await page.textContent('#page-info'), /^Page 2 of/);
  // Back and forward replay the searches.
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#q').value === 'parkinson' && document.querySelector('#year_from').value === '2015');
  await page.waitForFunction((n) => document.querySelectorAll('.hit').length === n, firstYears.length);
  await page.goForward();
  await page.waitForFunction(() => /^Page 2 of/.test(document.querySelector('#page-info').textContent));
}

async function localHistory(page, base) {
  await page.goto(base);
  await page.waitForSelector('#history:not([hidden])');
  const entries = await page.locator('#history-list a').allTextContents();
  assert.equal(entries[0], 'stimulation OR parkinson OR asthma · p2', entries.join(' | '));
  assert.ok(entries.includes('parkinson · 2015–… · ↓date'), entries.join(' | '));
  assert.ok(entries.includes('parkinson'), entries.join(' | '));
  // Recent queries come first in the autocomplete.
  await typeQuery(page, 'parki');
  assert.equal(await page.textContent('#q-option-0 .q-option-text'), 'parkinson');
  assert.match(await page.getAttribute('#q-option-0', 'class'), /recent/);
  await page.press('#q', 'Escape');
  // An entry is a permalink: clicking it restores that search.
  await page.click('#history summary');
  await page.click('#history-list a:has-text("parkinson · 2015")');
  await page.waitForSelector('.hit');
  assert.equal(await page.inputValue('#year_from'), '2015');
  assert.equal(new URL(page.url()).searchParams.get('sort'), 'date');
}

async function screenshots(page, base, lang) {
  for (const [device, viewport] of [['desktop', { width: 1200, height: 800 }], ['phone', { width: 375, height: 700 }]]) {
    await page.setViewportSize(viewport);
    await page.goto(lang === 'zh' ? `${base}?q=%E5%B8%95%E9%87%91%E7%94%9F%E7%97%85` : `${base}?q=parkinsn`);
    await page.waitForFunction(() => document.querySelector('#status').textContent.length > 0 && !/…$/.test(document.querySelector('#status').textContent));
    await typeQuery(page, lang === 'zh' ? 'park' : 'deep');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `no horizontal scroll (${device})`);
    await page.screenshot({ path: path.join(args.out, `suggest_${device}_${lang}.png`) });
    await page.press('#q', 'Escape');
  }
}

async function chinese(page, base) {
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(base);
  await page.click('[data-ui-lang="zh"]');
  assert.equal(await page.textContent('#history-label'), '最近的检索');
  await page.goto(`${base}?q=%E5%B8%95%E9%87%91%E7%94%9F%E7%97%85`);  // 帕金生病: one wrong character of 帕金森病
  await page.waitForFunction(() => /条结果/.test(document.querySelector('#status').textContent));
  if (/not installed/.test(await page.textContent('#status'))) {
    console.log('Chinese dictionaries not installed: Chinese spelling not checked');
  } else {
    await page.waitForSelector('#did-you-mean:not([hidden])');
    assert.match(await page.textContent('#did-you-mean'), /^您是不是要找: 帕金森病 \(≥?\d+ 条结果\)$/);
  }
  await typeQuery(page, 'park');
  const tags = await page.locator('#q-suggestions .q-option-tag').allTextContents();
  assert.equal(tags[0], '最近', tags.join(' | '));  // the recent search "parkinson", labelled in Chinese
  assert.ok(tags.includes('MeSH'), tags.join(' | '));
  await page.press('#q', 'Escape');
}

async function main() {
  ingestFixture();
  const descriptors = path.join(path.dirname(args.fixture), 'mesh_descriptors.bin');
  const base = (await startServer(['--mesh-descriptors', descriptors])) + '/';
  const page = await launch(chromium, { viewport: { width: 1200, height: 800 } });
  const problems = watchProblems(page, base);
  await page.goto(base);
  await page.waitForFunction(() => document.querySelector('#doc-count').textContent === '12');
  assert.ok(await page.isHidden('#history'), 'no history in a fresh profile');

  await autocomplete(page);
  await meshEntryTerm(page);
  await didYouMean(page, base);
  await permalinks(page, base);
  await localHistory(page, base);
  await screenshots(page, base, 'en');
  await chinese(page, base);
  await screenshots(page, base, 'zh');

  // Clearing the history hides it, also after a reload.
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(base);
  await page.click('#history summary');
  await page.click('#history-clear');
  assert.ok(await page.isHidden('#history'));
  await page.reload();
  assert.ok(await page.isHidden('#history'));

  assert.deepEqual(problems, [], 'console errors, page errors or external requests');
  console.log(`suggestion browser test passed; screenshots in ${args.out}`);
}

await run(main);
