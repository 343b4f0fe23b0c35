// medsearch web page: reads the state from the URL (so back/forward and links work),
// calls /api/search, /api/similar/{pmid}, /api/doc/{pmid} and /api/stats, renders results.
// Text from the index is set with textContent; only the server's snippet HTML (escaped
// text plus <mark>) is set as HTML.
'use strict';

const PAGE_SIZE = 10;
const FILTERS = ['mode', 'sort', 'year_from', 'year_to', 'pt', 'lang'];
const $ = (selector) => document.querySelector(selector);
const form = $('#search-form');

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
  return body;
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
  if (!searching) {
    $('#results').replaceChildren();
    $('#pager').hidden = true;
    setStatus([]);
    return;
  }
  setStatus(['Searching…']);
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
  } catch (error) {
    if (serial !== renderSerial) return;
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
  const total = body.total_is_exact ? body.total.toLocaleString() : `at least ${body.total.toLocaleString()}`;
  const noun = body.total === 1 ? 'result' : 'results';
  const parts = [`${total} ${noun} · ${body.took_ms.toFixed(1)} ms`];
  if (body.query_understood) {
    parts.push(' · understood as ', el('span', { className: 'understood', textContent: body.query_understood }));
  }
  setStatus(parts);
  $('#results').replaceChildren(...body.hits.map(renderHit));
  const pages = Math.max(1, Math.ceil(Math.min(body.total, 10000 + PAGE_SIZE) / PAGE_SIZE));
  $('#pager').hidden = body.total <= PAGE_SIZE && state.page === 1;
  $('#page-info').textContent = `Page ${state.page} of ${body.total_is_exact ? pages : pages + '+'}`;
  $('#prev').disabled = state.page <= 1;
  $('#next').disabled = body.hits.length < PAGE_SIZE || state.page * PAGE_SIZE >= body.total;
}

function renderHit(hit) {
  const node = $('#hit-template').content.firstElementChild.cloneNode(true);
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
  toggle.textContent = open ? 'Hide abstract' : 'Show abstract';
  toggle.setAttribute('aria-expanded', String(open));
  if (!open || details.dataset.loaded) return;
  details.textContent = 'Loading…';
  try {
    renderDetails(details, await api(`/api/doc/${encodeURIComponent(id)}`));
    details.dataset.loaded = '1';
  } catch (error) {
    details.textContent = error.message;
  }
}

function renderDetails(details, doc) {
  const parts = [];
  if (!doc.abstract || doc.abstract.length === 0) parts.push(el('p', { className: 'muted', textContent: 'No abstract.' }));
  for (const section of doc.abstract || []) {
    if (section.label) parts.push(el('h4', { textContent: section.label }));
    parts.push(el('p', { className: 'abstract-text', textContent: section.text }));
  }
  const mesh = doc.mesh_headings || [];
  if (mesh.length) {
    parts.push(el('h4', { textContent: 'MeSH terms' }));
    parts.push(el('ul', { className: 'chips mesh' }, mesh.map((m) =>
      el('li', { className: m.major_topic ? 'major' : '', textContent: m.descriptor_name, title: m.major_topic ? 'Major topic' : '' }))));
  }
  if ((doc.keywords || []).length) {
    parts.push(el('h4', { textContent: 'Keywords' }));
    parts.push(el('ul', { className: 'chips' }, doc.keywords.map((k) => el('li', { textContent: k }))));
  }
  if ((doc.publication_types || []).length) {
    parts.push(el('h4', { textContent: 'Publication type' }));
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

loadChoices().then(() => fillForm(readState()));
render(readState());
