// medsearch web page, beside the results (docs/api.md): citation export (one article, the
// selected ones, or all results of the query through GET /api/export) and the results-by-
// year timeline with facet lists (the `facets` of /api/search, asked for with facets=1).
// app.js announces each drawn result page with a `medsearch:results` event ({state, body,
// params} or null when none is shown). A click on a year or a facet value narrows the
// search: the filter is added to the URL and app.js redraws from it (popstate).
// Labels follow the page language (<html lang>, set by app.js's English / 中文 switch).
'use strict';

(() => {
  const $ = (selector) => document.querySelector(selector);
  const STRINGS = {
    en: {
      export: 'Export', export_one: 'Cite', export_one_title: 'Download this citation', selected: (n) => `Selected (${n})`,
      all: (n) => `All results (first ${n})`, clear_selection: 'Clear selection', select: 'Select for export',
      facets_summary: 'Results by year and filters', timeline: 'Results by year', publication_types: 'Article type',
      languages: 'Language', journals: 'Journal', text: 'Text availability', has_abstract: 'Abstract',
      unknown_year: (n) => `${n} without a year`, remove: (what) => `Remove filter: ${what}`,
      year_bar: (year, n) => `${year}: ${n} ${n === 1 ? 'result' : 'results'}`, of_counted: (n) => `over ${n} matches`,
    },
    zh: {
      export: '导出', export_one: '引用', export_one_title: '下载这条文献的引用', selected: (n) => `已选 (${n})`,
      all: (n) => `全部结果（前 ${n} 条）`, clear_selection: '清除选择', select: '选择以导出',
      facets_summary: '按年份统计与筛选', timeline: '按年份统计', publication_types: '文献类型', languages: '语言',
      journals: '期刊', text: '全文信息', has_abstract: '有摘要', unknown_year: (n) => `${n} 篇无年份`,
      remove: (what) => `移除筛选：${what}`, year_bar: (year, n) => `${year} 年：${n} 条结果`,
      of_counted: (n) => `共 ${n} 条匹配`,
    },
  };
  const LANGUAGE_NAMES = {
    en: { eng: 'English', chi: 'Chinese', ger: 'German', fre: 'French', spa: 'Spanish', jpn: 'Japanese', rus: 'Russian', ita: 'Italian', por: 'Portuguese', kor: 'Korean' },
    zh: { eng: '英语', chi: '中文', ger: '德语', fre: '法语', spa: '西班牙语', jpn: '日语', rus: '俄语', ita: '意大利语', por: '葡萄牙语', kor: '韩语' },
  };
  const EXPORT_ALL_MAX = 1000;  // the server's default `max` (engine::kDefaultExportResults)
  const EXPORT_SELECTED_MAX = 1000;  // the most PMIDs one export takes (engine::kMaxExportIds)
  const lang = () => (document.documentElement.lang.startsWith('zh') ? 'zh' : 'en');
  const t = (key, ...args) => {
    const text = STRINGS[lang()][key] ?? STRINGS.en[key];
    return typeof text === 'function' ? text(...args) : text;
  };
  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    Object.assign(node, props);
    for (const child of children) node.append(child);
    return node;
  };

  let shown = null;            // the last results event's detail
  const selected = new Set();  // PMIDs chosen for export, kept across pages of one query
  let selectionQuery = null;

  // ---- export --------------------------------------------------------------------------
  const format = () => $('#export-format').value;
  const exportUrl = (params) => `/api/export?${new URLSearchParams({ format: format(), ...params })}`;

  function download(url) {
    const link = el('a', { href: url, download: '' });
    document.body.append(link);
    link.click();
    link.remove();
  }

  // The query's export: its search parameters without paging and facets.
  function queryExportUrl() {
    const params = new URLSearchParams(shown.params);
    for (const name of ['k', 'offset', 'facets', 'highlight']) params.delete(name);
    params.set('format', format());
    params.set('max', String(EXPORT_ALL_MAX));
    return `/api/export?${params}`;
  }

  function updateExportBar() {
    const bar = $('#export-bar');
    bar.hidden = !shown || shown.body.hits.length === 0;
    if (!shown) return;
    $('#export-selected').textContent = t('selected', selected.size);
    $('#export-selected').disabled = selected.size === 0 || selected.size > EXPORT_SELECTED_MAX;
    $('#export-all').textContent = t('all', Math.min(EXPORT_ALL_MAX, shown.body.total).toLocaleString());
    $('#export-all').hidden = Boolean(shown.state.similar);
    $('#clear-selection').hidden = selected.size === 0;
    for (const node of bar.querySelectorAll('[data-rt]')) node.textContent = t(node.dataset.rt);
    bar.setAttribute('aria-label', t('export'));
    for (const hit of document.querySelectorAll('#results .hit')) {
      const box = hit.querySelector('.select-hit');
      box.checked = selected.has(hit.dataset.id);
      box.setAttribute('aria-label', t('select'));
      const one = hit.querySelector('.export-one');
      one.textContent = t('export_one');
      one.title = t('export_one_title');
      one.href = exportUrl({ pmid: hit.dataset.id });
    }
  }

  function wireHits() {
    for (const hit of document.querySelectorAll('#results .hit')) {
      hit.querySelector('.select-hit').addEventListener('change', (event) => {
        if (event.target.checked) selected.add(hit.dataset.id); else selected.delete(hit.dataset.id);
        updateExportBar();
      });
    }
  }

  $('#export-format').addEventListener('change', updateExportBar);
  // Selected PMIDs go in a text/plain POST body: a GET URL passes the server's 8 KB
  // request-line limit at about 800 PMIDs (docs/api.md). The answer is saved under the
  // file name the server gives it.
  async function downloadSelected() {
    const response = await fetch(`/api/export?${new URLSearchParams({ format: format() })}`, {
      method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: [...selected].join('\n'),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      window.alert(body?.error?.message ?? `export failed: HTTP ${response.status}`);
      return;
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'medsearch-citations';
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  $('#export-selected').addEventListener('click', downloadSelected);
  $('#export-all').addEventListener('click', () => download(queryExportUrl()));
  $('#clear-selection').addEventListener('click', () => { selected.clear(); updateExportBar(); });

  // ---- narrowing -----------------------------------------------------------------------
  // Sets (or with null removes) URL parameters, back to page 1, and lets app.js redraw.
  function narrow(changes) {
    const url = new URLSearchParams(location.search);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) url.delete(name); else url.set(name, value);
    }
    url.delete('page');
    history.pushState(null, '', `/?${url}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }

  // ---- timeline and facets -------------------------------------------------------------
  function drawTimeline(facets, state) {
    const years = facets.years;
    const max = Math.max(1, ...years.map((y) => y.count));
    const chosen = state.year_from && state.year_from === state.year_to ? Number(state.year_from) : null;
    // Every year between the first and the last, so gaps show as gaps.
    const bars = [];
    if (years.length) {
      const counts = new Map(years.map((y) => [y.year, y.count]));
      for (let year = years[0].year; year <= years[years.length - 1].year; ++year) {
        const count = counts.get(year) || 0;
        const bar = el('button', { type: 'button', className: 'bar', title: t('year_bar', year, count.toLocaleString()) });
        bar.setAttribute('role', 'listitem');
        bar.setAttribute('aria-label', t('year_bar', year, count.toLocaleString()));
        bar.dataset.year = String(year);
        bar.dataset.count = String(count);
        bar.disabled = count === 0;
        if (year === chosen) bar.classList.add('chosen');
        bar.append(el('span', { className: 'fill', style: `height:${Math.max(count ? 4 : 0, (100 * count) / max)}%` }));
        bar.addEventListener('click', () => narrow(year === chosen ? { year_from: null, year_to: null }
                                                                   : { year_from: String(year), year_to: String(year) }));
        bars.push(bar);
      }
    }
    $('#timeline').replaceChildren(...bars);
    const axis = years.length ? [String(years[0].year), String(years[years.length - 1].year)] : [];
    const notes = facets.unknown_year ? [el('span', { className: 'unknown', textContent: t('unknown_year', facets.unknown_year) })] : [];
    $('#timeline-axis').replaceChildren(...axis.map((y) => el('span', { textContent: y })), ...notes);
  }

  function facetList(key, values, param, active, label = (v) => v) {
    const items = values.map((v) => {
      const on = active.includes(v.value);
      const button = el('button', { type: 'button', className: on ? 'facet on' : 'facet' }, [
        el('span', { className: 'facet-value', textContent: label(v.value) }),
        el('span', { className: 'facet-count', textContent: v.count.toLocaleString() }),
      ]);
      button.dataset.param = param;
      button.dataset.value = v.value;
      button.setAttribute('aria-pressed', String(on));
      button.addEventListener('click', () => narrow({ [param]: on ? null : v.value }));
      return el('li', {}, [button]);
    });
    return el('section', { className: `facet-group facet-${key}` }, [el('h2', { textContent: t(key) }), el('ul', {}, items)]);
  }

  function drawFacets(detail) {
    const facets = detail && detail.body.facets;
    $('#facets').hidden = !facets;
    if (!facets) return;
    const state = detail.state;
    $('#facets').setAttribute('aria-label', t('facets_summary'));
    for (const node of $('#facets').querySelectorAll('[data-rt]')) node.textContent = t(node.dataset.rt);
    drawTimeline(facets, state);
    const languageName = (code) => LANGUAGE_NAMES[lang()][code] || code;
    const abstractValues = [{ value: '1', count: facets.has_abstract }];
    $('#facet-lists').replaceChildren(
      facetList('publication_types', facets.publication_types, 'pt', [state.pt]),
      facetList('languages', facets.languages, 'lang', [state.lang], languageName),
      facetList('journals', facets.journals, 'journal', [state.journal]),
      facetList('text', abstractValues, 'has_abstract', [state.has_abstract ? '1' : ''], () => t('has_abstract')));
    // The filters in force, each removable.
    const active = [];
    const add = (text, changes) => {
      const chip = el('button', { type: 'button', className: 'chip', textContent: `${text} ×`, title: t('remove', text) });
      chip.addEventListener('click', () => narrow(changes));
      active.push(chip);
    };
    if (state.year_from || state.year_to) add(`${state.year_from || '…'}–${state.year_to || '…'}`, { year_from: null, year_to: null });
    if (state.pt) add(state.pt, { pt: null });
    if (state.lang) add(languageName(state.lang), { lang: null });
    if (state.journal) add(state.journal, { journal: null });
    if (state.has_abstract) add(t('has_abstract'), { has_abstract: null });
    $('#active-filters').replaceChildren(...active);
  }

  // Open beside the results on a wide screen; folded above them on a phone.
  const wide = window.matchMedia('(min-width: 900px)');
  $('#facets-details').open = wide.matches;
  wide.addEventListener('change', () => { $('#facets-details').open = wide.matches; });

  document.addEventListener('medsearch:results', (event) => {
    shown = event.detail;
    const query = shown ? `${shown.state.q}\u0000${shown.state.similar}` : null;
    if (query !== selectionQuery) selected.clear();
    selectionQuery = query;
    if (shown) wireHits();
    updateExportBar();
    drawFacets(shown);
  });
})();
