// medsearch web page: reads the state from the URL (so back/forward and links work),
// calls /api/search, /api/similar/{pmid}, /api/doc/{pmid} and /api/stats, renders results.
// Judges sign in (/api/login: an HttpOnly session cookie) and rate each result of a query
// 0/1/2 (/api/judgments).
// The page's own labels come in English or Chinese (the English / 中文 switch, remembered in
// localStorage); a Chinese query's English translation (query_understood "检索: …; …") is
// shown above the results.
// Text from the index is set with textContent; only the server's snippet HTML (escaped
// text plus <mark>) is set as HTML.
'use strict';

const PAGE_SIZE = 10;
const FILTERS = ['mode', 'sort', 'year_from', 'year_to', 'pt', 'lang', 'journal'];
const $ = (selector) => document.querySelector(selector);
const form = $('#search-form');

// ---- page language ------------------------------------------------------------------------
const STRINGS = {
  en: {
    name: 'Name', judge_name: 'Judge name', password: 'Password', sign_in: 'Sign in', judging_as: 'Judging as',
    sign_out: 'Sign out', query_placeholder: 'e.g. asthma AND children[ti] AND 2015:2020[dp]', query: 'Query',
    syntax_help: 'Query syntax help', syntax: 'Query syntax', search: 'Search', ranking: 'Ranking',
    dense: 'Dense (run medsearch embed)', hybrid: 'Hybrid (run medsearch embed)', dense_on: 'Dense (vectors)', hybrid_on: 'Hybrid (BM25 + vectors)', sort: 'Sort', relevance: 'Relevance', newest: 'Newest first',
    years: 'Years', from: 'from', to: 'to', from_year: 'From year', to_year: 'To year', type: 'Type',
    any_type: 'Any type', language: 'Language', any_language: 'Any language', with_abstract: 'With abstract',
    syntax_plain: 'Plain words are ranked: documents with more and rarer words come first.',
    syntax_chinese: 'Chinese queries are translated to English and searched as plain words.',
    close: 'Close', similar_to: 'Articles similar to', back: 'Back to search', prev: '‹ Previous', next: 'Next ›',
    welcome_search: 'Search', welcome_indexed: 'indexed PubMed citations.', welcome_try: 'Try', or: 'or',
    welcome_chinese: 'Chinese queries are translated to English:', show_abstract: 'Show abstract',
    hide_abstract: 'Hide abstract', similar: 'Similar articles', rating_group: 'Relevance to this query',
    rating: 'Relevance:', grade0: '0 Not', grade1: '1 Partly', grade2: '2 Relevant', grade0_title: 'Not relevant',
    grade1_title: 'Partly relevant', grade2_title: 'Relevant', searching: 'Searching…', loading: 'Loading…',
    no_abstract: 'No abstract.', mesh: 'MeSH terms', keywords: 'Keywords', publication_type: 'Publication type',
    understood_as: ' · understood as ', translated_title: 'The Chinese query was translated to this English query',
    unrecognized_title: 'No dictionary translated these words; they were searched as typed. Rephrasing them may find more.',
    results: (total, n, exact) => `${exact ? total : `at least ${total}`} ${n === 1 ? 'result' : 'results'}`,
    page_of: (page, pages) => `Page ${page} of ${pages}`,
    grades_failed: (message) => `Could not load your judgments: ${message}`,
  },
  zh: {
    name: '用户名', judge_name: '评审人用户名', password: '密码', sign_in: '登录', judging_as: '评审人',
    sign_out: '退出', query_placeholder: '例如 帕金森病的深部脑刺激，或 asthma AND children[ti]', query: '检索式',
    syntax_help: '检索语法说明', syntax: '检索语法', search: '检索', ranking: '排序模型', dense: '稠密检索（需先运行 medsearch embed）', dense_on: '稠密检索（向量）', hybrid_on: '混合检索（BM25 + 向量）',
    hybrid: '混合检索（需先运行 medsearch embed）', sort: '排序', relevance: '相关度', newest: '最新优先', years: '年份', from: '起',
    to: '止', from_year: '起始年份', to_year: '截止年份', type: '文献类型', any_type: '所有类型', language: '语言',
    any_language: '所有语言', with_abstract: '有摘要',
    syntax_plain: '普通词语按相关度排序：包含更多、更少见词语的文献排在前面。',
    syntax_chinese: '中文检索词会被翻译成英文，再按普通词语检索。',
    close: '关闭', similar_to: '相似文献：', back: '返回检索', prev: '‹ 上一页', next: '下一页 ›',
    welcome_search: '检索', welcome_indexed: '篇已索引的 PubMed 文献。', welcome_try: '试试', or: '或',
    welcome_chinese: '也可以用中文检索（自动翻译为英文）：', show_abstract: '显示摘要', hide_abstract: '隐藏摘要',
    similar: '相似文献', rating_group: '与本次检索的相关度', rating: '相关度：', grade0: '0 不相关', grade1: '1 部分相关',
    grade2: '2 相关', grade0_title: '不相关', grade1_title: '部分相关', grade2_title: '相关', searching: '检索中…',
    loading: '加载中…', no_abstract: '无摘要。', mesh: 'MeSH 主题词', keywords: '关键词', publication_type: '文献类型',
    understood_as: ' · 理解为 ', translated_title: '中文检索词被翻译成这条英文检索式',
    unrecognized_title: '这些词没有找到译文，按原文检索；换个说法可能找到更多结果。',
    results: (total, n, exact) => `${exact ? '' : '至少 '}${total} 条结果`,
    page_of: (page, pages) => `第 ${page} 页，共 ${pages} 页`,
    grades_failed: (message) => `无法加载您的评审结果：${message}`,
  },
};
const LANG_KEY = 'medsearch.lang';
let uiLang = 'en';
try {
  if (localStorage.getItem(LANG_KEY) === 'zh') uiLang = 'zh';
} catch (error) { /* storage blocked: English */ }

function t(key, ...args) {
  const text = STRINGS[uiLang][key] ?? STRINGS.en[key];
  return typeof text === 'function' ? text(...args) : text;
}

// Sets every labelled node (data-i18n: text, -placeholder, -label: aria-label, -title) in
// `root` to the current language.
function translatePage(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle);
}

function applyLanguage() {
  document.documentElement.lang = uiLang === 'zh' ? 'zh-CN' : 'en';
  translatePage(document);
  translatePage($('#hit-template').content);
  for (const button of document.querySelectorAll('[data-ui-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.uiLang === uiLang));
  }
}

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

async function api(path, postBody) {
  const init = { headers: { Accept: 'application/json' } };
  if (postBody !== undefined) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(postBody);
  }
  const response = await fetch(path, init);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
}

// Judging: who is signed in (null: nobody), and the grades of the shown query.
let currentUser = null;
let shownQuery = '';

function showAccount(session) {
  currentUser = session.user;
  $('#account').hidden = !session.judging;
  $('#login-form').hidden = Boolean(currentUser);
  $('#signed-in').hidden = !currentUser;
  $('#user-name').textContent = currentUser || '';
  $('#login-error').textContent = '';
  for (const rating of document.querySelectorAll('.rating')) rating.hidden = !currentUser || !shownQuery;
  if (currentUser) loadGrades();
}

function setGrade(rating, grade) {
  for (const button of rating.querySelectorAll('button')) {
    button.setAttribute('aria-pressed', String(Number(button.dataset.grade) === grade));
  }
}

// Marks the signed-in judge's grades on the shown results.
async function loadGrades() {
  if (!currentUser || !shownQuery) return;
  const query = shownQuery;
  try {
    const body = await api(`/api/judgments?${new URLSearchParams({ query })}`);
    if (query !== shownQuery) return;
    const mine = new Map(body.judgments.filter((j) => j.user === currentUser).map((j) => [j.doc_id, j.grade]));
    for (const hit of document.querySelectorAll('#results .hit')) {
      const rating = hit.querySelector('.rating');
      if (mine.has(hit.dataset.id)) setGrade(rating, mine.get(hit.dataset.id));
    }
  } catch (error) {
    setStatus([t('grades_failed', error.message)], true);
  }
}

async function rate(rating, docId, grade) {
  const error = rating.querySelector('.rating-error');
  error.textContent = '';
  const buttons = [...rating.querySelectorAll('button')];
  for (const button of buttons) button.disabled = true;
  try {
    const body = await api('/api/judgments', { query: shownQuery, doc_id: docId, grade });
    setGrade(rating, body.judgment.grade);
  } catch (e) {
    error.textContent = e.message;
    if (/sign in/i.test(e.message)) showAccount({ judging: true, user: null });
  } finally {
    for (const button of buttons) button.disabled = false;
  }
}

// The state in the URL → the form, and back.
function readState() {
  const url = new URLSearchParams(location.search);
  const state = { q: url.get('q') || '', page: Math.max(1, parseInt(url.get('page') || '1', 10) || 1),
                  similar: url.get('similar') || '', has_abstract: url.get('has_abstract') === '1' };
  for (const name of FILTERS) state[name] = url.get(name) || '';
  return state;
}

function fillForm(state) {
  $('#q').value = state.q;
  for (const name of FILTERS) {
    const field = form.elements[name];
    if (state[name] && field.tagName === 'SELECT' && ![...field.options].some((o) => o.value === state[name])) {
      field.append(el('option', { value: state[name], textContent: state[name] }));
    }
    field.value = state[name] || (name === 'mode' ? 'bm25' : name === 'sort' ? 'relevance' : '');
  }
  $('#has_abstract').checked = state.has_abstract;
}

function stateFromForm(page = 1) {
  const state = { q: $('#q').value.trim(), page, similar: '', has_abstract: $('#has_abstract').checked };
  for (const name of FILTERS) state[name] = form.elements[name].value.trim();
  return state;
}

function stateUrl(state) {
  const url = new URLSearchParams();
  if (state.similar) url.set('similar', state.similar); else if (state.q) url.set('q', state.q);
  for (const name of FILTERS) {
    if (state[name] && !(name === 'mode' && state[name] === 'bm25') && !(name === 'sort' && state[name] === 'relevance')) {
      url.set(name, state[name]);
    }
  }
  if (state.has_abstract) url.set('has_abstract', '1');
  if (state.page > 1) url.set('page', String(state.page));
  return '/?' + url.toString();
}

function navigate(state) {
  history.pushState(null, '', stateUrl(state));
  render(state);
}

// The API query string for a state (the page's filters, paging).
function apiParams(state) {
  const params = new URLSearchParams();
  if (!state.similar) params.set('q', state.q);
  for (const name of FILTERS) if (state[name]) params.set(name, state[name]);
  if (state.has_abstract) params.set('has_abstract', '1');
  if (!state.similar) params.set('facets', '1');  // results_tools.js: timeline and facets
  params.set('k', String(PAGE_SIZE));
  params.set('offset', String((state.page - 1) * PAGE_SIZE));
  return params.toString();
}

function setStatus(parts, isError = false) {
  const status = $('#status');
  status.classList.toggle('error', isError);
  status.replaceChildren(...parts);
}

let renderSerial = 0;
async function render(state) {
  fillForm(state);
  const serial = ++renderSerial;
  const searching = Boolean(state.q || state.similar);
  $('#welcome').hidden = searching;
  $('#similar-banner').hidden = !state.similar;
  $('#translated').hidden = true;
  document.dispatchEvent(new CustomEvent('medsearch:search-state', { detail: { state, body: null } }));  // suggest.js
  if (!searching) {
    document.dispatchEvent(new CustomEvent('medsearch:results', { detail: null }));
    $('#results').replaceChildren();
    $('#pager').hidden = true;
    setStatus([]);
    return;
  }
  setStatus([t('searching')]);
  try {
    const path = state.similar ? `/api/similar/${encodeURIComponent(state.similar)}` : '/api/search';
    const [body, source] = await Promise.all([
      api(`${path}?${apiParams(state)}`),
      state.similar ? api(`/api/doc/${encodeURIComponent(state.similar)}`) : null,
    ]);
    if (serial !== renderSerial) return;  // a newer search started meanwhile
    if (source) {
      const link = $('#similar-source');
      link.textContent = source.title || `PMID ${source.id}`;
      link.href = source.pubmed_url;
    }
    showResults(state, body);
    // results_tools.js (export buttons, timeline, facets) draws from the same response.
    document.dispatchEvent(new CustomEvent('medsearch:results', { detail: { state, body, params: apiParams(state) } }));
  } catch (error) {
    if (serial !== renderSerial) return;
    document.dispatchEvent(new CustomEvent('medsearch:results', { detail: null }));
    $('#results').replaceChildren();
    $('#pager').hidden = true;
    setStatus([error.message], true);
  }
}

function showResults(state, body) {
  // A short page is the last one: then the count is exact even where pruning stopped counting.
  if (!body.total_is_exact && body.hits.length < PAGE_SIZE) {
    body.total = (state.page - 1) * PAGE_SIZE + body.hits.length;
    body.total_is_exact = true;
  }
  const total = t('results', body.total.toLocaleString(), body.total, body.total_is_exact);
  const parts = [`${total} · ${body.took_ms.toFixed(1)} ms`];
  // A Chinese query: the English it was translated to, in its own bar above the results.
  if (body.query_understood) parts.push(t('understood_as'), el('span', { className: 'understood', textContent: body.query_understood }));
  setStatus(parts);
  const translation = body.translation;
  const shown = translation ? translation.shown || translation.note : '';
  const translated = $('#translated');
  translated.hidden = !shown;
  if (shown) {
    translated.title = t('translated_title');
    translated.replaceChildren(el('span', { className: 'translated-label', textContent: '检索: ' }),
                               el('span', { className: 'translated-query', lang: 'en', textContent: shown }));
    // Parts no dictionary translated (searched as typed), so the user can rephrase them.
    const unrecognized = (translation && translation.unrecognized) || [];
    if (unrecognized.length) {
      translated.append(el('span', { className: 'translated-unrecognized', title: t('unrecognized_title') }, [
        el('span', { className: 'translated-label', textContent: ' 未识别: ' }),
        el('span', { lang: 'zh', textContent: unrecognized.join('、') })]));
    }
  }
  shownQuery = state.similar ? '' : state.q;
  document.dispatchEvent(new CustomEvent('medsearch:search-state', { detail: { state, body } }));  // suggest.js
  $('#results').replaceChildren(...body.hits.map(renderHit));
  loadGrades();
  const pages = Math.max(1, Math.ceil(Math.min(body.total, 10000 + PAGE_SIZE) / PAGE_SIZE));
  $('#pager').hidden = body.total <= PAGE_SIZE && state.page === 1;
  $('#page-info').textContent = t('page_of', state.page, body.total_is_exact ? pages : pages + '+');
  $('#prev').disabled = state.page <= 1;
  $('#next').disabled = body.hits.length < PAGE_SIZE || state.page * PAGE_SIZE >= body.total;
}

function renderHit(hit) {
  const node = $('#hit-template').content.firstElementChild.cloneNode(true);
  node.dataset.id = hit.id;
  const rating = node.querySelector('.rating');
  rating.hidden = !currentUser || !shownQuery;
  for (const button of rating.querySelectorAll('button')) {
    button.addEventListener('click', () => rate(rating, hit.id, Number(button.dataset.grade)));
  }
  const title = node.querySelector('.title a');
  title.textContent = hit.title || `PMID ${hit.id}`;
  title.href = hit.pubmed_url;
  const authors = hit.authors.length > 3 ? `${hit.authors.slice(0, 3).join(', ')}, et al.` : hit.authors.join(', ');
  node.querySelector('.meta').textContent =
      [authors, hit.journal, hit.year || '', `PMID ${hit.id}`].filter(Boolean).join(' · ');
  node.querySelector('.snippet').innerHTML = hit.snippet;  // server-escaped, <mark> only
  node.querySelector('.pubmed').href = hit.pubmed_url;
  if (hit.doi) {
    const doi = node.querySelector('.doi');
    doi.href = `https://doi.org/${hit.doi}`;
    doi.hidden = false;
  }
  const toggle = node.querySelector('.show-abstract');
  toggle.addEventListener('click', () => toggleDetails(node, hit.id, toggle));
  node.querySelector('.similar').addEventListener('click', () => {
    const state = stateFromForm();
    navigate({ ...state, q: '', similar: hit.id });
    window.scrollTo(0, 0);
  });
  return node;
}

async function toggleDetails(node, id, toggle) {
  const details = node.querySelector('.details');
  const open = details.hidden;
  details.hidden = !open;
  toggle.textContent = t(open ? 'hide_abstract' : 'show_abstract');
  toggle.dataset.i18n = open ? 'hide_abstract' : 'show_abstract';
  toggle.setAttribute('aria-expanded', String(open));
  if (!open || details.dataset.loaded) return;
  details.textContent = t('loading');
  try {
    renderDetails(details, await api(`/api/doc/${encodeURIComponent(id)}`));
    details.dataset.loaded = '1';
  } catch (error) {
    details.textContent = error.message;
  }
}

function renderDetails(details, doc) {
  const parts = [];
  if (!doc.abstract || doc.abstract.length === 0) parts.push(el('p', { className: 'muted', textContent: t('no_abstract') }));
  for (const section of doc.abstract || []) {
    if (section.label) parts.push(el('h4', { textContent: section.label }));
    parts.push(el('p', { className: 'abstract-text', textContent: section.text }));
  }
  const mesh = doc.mesh_headings || [];
  if (mesh.length) {
    parts.push(el('h4', { textContent: t('mesh') }));
    parts.push(el('ul', { className: 'chips mesh' }, mesh.map((m) =>
      el('li', { className: m.major_topic ? 'major' : '', textContent: m.descriptor_name, title: m.major_topic ? 'Major topic' : '' }))));
  }
  if ((doc.keywords || []).length) {
    parts.push(el('h4', { textContent: t('keywords') }));
    parts.push(el('ul', { className: 'chips' }, doc.keywords.map((k) => el('li', { textContent: k }))));
  }
  if ((doc.publication_types || []).length) {
    parts.push(el('h4', { textContent: t('publication_type') }));
    parts.push(el('p', { textContent: doc.publication_types.join(', ') }));
  }
  details.replaceChildren(...parts);
}

// Filter choices from the index's own histograms (most frequent first).
async function loadChoices() {
  try {
    const stats = await api('/api/stats');
    $('#doc-count').textContent = Number(stats.documents).toLocaleString();
    const fill = (select, histogram) => {
      const keep = select.value;
      const entries = Object.entries(histogram || {}).sort((a, b) => b[1] - a[1]).slice(0, 40);
      for (const [value, count] of entries) {
        if (![...select.options].some((o) => o.value === value)) {
          select.append(el('option', { value, textContent: `${value} (${count.toLocaleString()})` }));
        }
      }
      select.value = keep;
    };
    // Dense and hybrid ranking need the vectors of `medsearch embed`.
    if (stats.dense) {
      for (const mode of ['dense', 'hybrid']) {
        const option = $(`#mode option[value="${mode}"]`);
        option.disabled = false;
        option.dataset.i18n = `${mode}_on`;
        option.textContent = t(`${mode}_on`);
      }
    }
    fill($('#pt'), stats.publication_types);
    fill($('#lang'), stats.languages);
  } catch (error) {
    $('#doc-count').textContent = 'the';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if ($('#q').value.trim()) navigate(stateFromForm());
});
for (const name of [...FILTERS, 'has_abstract']) {
  form.elements[name].addEventListener('change', () => {
    const state = readState();
    if (state.q || state.similar) navigate({ ...stateFromForm(), q: state.similar ? '' : $('#q').value.trim(), similar: state.similar });
  });
}
$('#prev').addEventListener('click', () => { navigate({ ...readState(), page: readState().page - 1 }); window.scrollTo(0, 0); });
$('#next').addEventListener('click', () => { navigate({ ...readState(), page: readState().page + 1 }); window.scrollTo(0, 0); });
$('#back-to-search').addEventListener('click', () => history.back());
window.addEventListener('popstate', () => render(readState()));

$('#login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('#login-error').textContent = '';
  try {
    const body = await api('/api/login', { name: $('#login-name').value.trim(), password: $('#login-password').value });
    $('#login-password').value = '';
    showAccount({ judging: true, user: body.user });
  } catch (error) {
    $('#login-error').textContent = error.message;
  }
});
$('#logout').addEventListener('click', async () => {
  try {
    await api('/api/logout', {});
  } finally {
    showAccount({ judging: true, user: null });
  }
});
api('/api/session').then(showAccount).catch(() => {});

// Example queries (English and Chinese) search in place.
for (const link of document.querySelectorAll('#welcome a.example')) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    const q = new URLSearchParams(new URL(link.href).search).get('q') || '';
    navigate({ ...stateFromForm(), q, similar: '' });
  });
}
// The English / 中文 switch: relabels the page and redraws the shown results.
for (const button of document.querySelectorAll('[data-ui-lang]')) {
  button.addEventListener('click', () => {
    if (button.dataset.uiLang === uiLang) return;
    uiLang = button.dataset.uiLang;
    try {
      localStorage.setItem(LANG_KEY, uiLang);
    } catch (error) { /* storage blocked: this page only */ }
    applyLanguage();
    render(readState());
  });
}
applyLanguage();

loadChoices().then(() => fillForm(readState()));
// The first search starts once every deferred script has run (DOMContentLoaded follows
// them): suggest.js and results_tools.js listen for this page's events, and a search
// answered before a slow script arrived would be drawn without their parts.
document.addEventListener('DOMContentLoaded', () => render(readState()));
