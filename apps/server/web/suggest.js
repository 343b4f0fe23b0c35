// medsearch web page, part 2 (after app.js, whose readState/stateUrl/render it uses):
//   - autocomplete under the query box: the user's recent queries (localStorage) and
//     GET /api/suggest (MeSH headings, title phrases), an ARIA 1.2 combobox: Down/Up move,
//     Enter picks (or searches what is typed), Escape closes, a click picks;
//   - "Did you mean …" from the search response's `suggestion` (spelling), a link to the
//     corrected search;
//   - a short local search history (localStorage, newest first, at most 10), each entry a
//     permalink (the page URL carries the whole search state, so it restores the search).
// Listens for app.js's 'medsearch:search-state' event (detail: {state, body}; body null while a
// search starts). ('medsearch:results' is results_tools.js's, with another detail.)
'use strict';

(() => {
  const byId = (id) => document.getElementById(id);
  const input = byId('q');
  const list = byId('q-suggestions');
  const HISTORY_KEY = 'medsearch.history';
  const HISTORY_MAX = 10;
  const RECENT_SHOWN = 3;
  const LABELS = {
    en: { recent: 'Recent searches', clear: 'Clear history', did_you_mean: 'Did you mean', results: (n) => `${n} results`,
          recent_tag: 'recent', mesh_tag: 'MeSH', title_tag: 'titles' },
    zh: { recent: '最近的检索', clear: '清除记录', did_you_mean: '您是不是要找', results: (n) => `${n} 条结果`,
          recent_tag: '最近', mesh_tag: 'MeSH', title_tag: '标题' },
  };
  const label = (key, ...args) => {
    const lang = document.documentElement.lang === 'zh-CN' ? 'zh' : 'en';
    const value = LABELS[lang][key];
    return typeof value === 'function' ? value(...args) : value;
  };

  // ---- local history ----------------------------------------------------------------------
  function loadHistory() {
    try {
      const items = JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
      return Array.isArray(items) ? items.filter((i) => i && typeof i.q === 'string' && typeof i.url === 'string') : [];
    } catch (error) {
      return [];  // storage blocked or damaged: no history
    }
  }
  function saveHistory(items) {
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(items.slice(0, HISTORY_MAX)));
    } catch (error) { /* storage blocked: nothing kept */ }
  }
  // One line for a search: the query and its non-default filters.
  function describe(state) {
    const parts = [state.q];
    if (state.year_from || state.year_to) parts.push(`${state.year_from || '…'}–${state.year_to || '…'}`);
    for (const name of ['pt', 'lang']) if (state[name]) parts.push(state[name]);
    if (state.mode && state.mode !== 'bm25') parts.push(state.mode);
    if (state.sort === 'date') parts.push('↓date');
    if (state.has_abstract) parts.push('abstract');
    if (state.page > 1) parts.push(`p${state.page}`);
    return parts.join(' · ');
  }
  function remember(state, total) {
    if (!state.q || state.similar) return;
    const url = stateUrl(state);
    const items = loadHistory().filter((i) => i.url !== url);
    items.unshift({ q: state.q, url, text: describe(state), total });
    saveHistory(items);
    showHistory();
  }
  function showHistory() {
    const items = loadHistory();
    byId('history').hidden = items.length === 0;
    byId('history-list').replaceChildren(...items.map((item) => {
      const link = document.createElement('a');
      link.href = item.url;
      link.textContent = item.text || item.q;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        byId('history').open = false;
        go(item.url);
      });
      const li = document.createElement('li');
      li.append(link);
      if (Number.isFinite(item.total)) {
        const count = document.createElement('span');
        count.className = 'history-count';
        count.textContent = ` (${item.total.toLocaleString()})`;
        li.append(count);
      }
      return li;
    }));
  }
  byId('history-clear').addEventListener('click', () => {
    saveHistory([]);
    showHistory();
  });

  // A permalink opened in place: the URL is the state (app.js readState).
  function go(url) {
    history.pushState(null, '', url);
    render(readState());
  }

  // ---- did you mean -----------------------------------------------------------------------
  function showDidYouMean(state, body) {
    const box = byId('did-you-mean');
    const suggestion = body && body.suggestion;
    box.hidden = !suggestion;
    if (!suggestion) {
      box.replaceChildren();
      return;
    }
    const corrected = { ...state, q: suggestion.query, page: 1 };
    const link = document.createElement('a');
    link.href = stateUrl(corrected);
    link.className = 'did-you-mean-link';
    link.textContent = suggestion.query;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      go(link.getAttribute('href'));
    });
    const count = document.createElement('span');
    count.className = 'did-you-mean-count';
    count.textContent = ` (${label('results', `${suggestion.total_is_exact ? '' : '≥'}${suggestion.total.toLocaleString()}`)})`;
    const lead = document.createElement('span');
    lead.textContent = `${label('did_you_mean')}: `;
    box.replaceChildren(lead, link, count);
  }

  document.addEventListener('medsearch:search-state', (event) => {
    const { state, body } = event.detail;
    showDidYouMean(state, body);
    if (body) remember(state, body.total);
  });

  // ---- autocomplete -----------------------------------------------------------------------
  let options = [];   // [{text, tag}]
  let active = -1;    // index into options, -1: none
  let pending = null; // AbortController of the request in flight
  let timer = 0;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function setActive(index) {
    active = index;
    for (const [i, node] of [...list.children].entries()) node.setAttribute('aria-selected', String(i === active));
    if (active >= 0) input.setAttribute('aria-activedescendant', `q-option-${active}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function open(items) {
    options = items;
    active = -1;
    if (items.length === 0) {
      close();
      return;
    }
    list.replaceChildren(...items.map((item, i) => {
      const li = document.createElement('li');
      li.id = `q-option-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.className = `q-option ${item.tag}`;
      const text = document.createElement('span');
      text.className = 'q-option-text';
      text.textContent = item.text;
      if (item.heading) {
        const heading = document.createElement('span');
        heading.className = 'q-option-heading';
        heading.textContent = ` \u2192 ${item.heading}`;
        text.append(heading);
      }
      const tag = document.createElement('span');
      tag.className = 'q-option-tag';
      tag.textContent = label(`${item.tag}_tag`);
      li.append(text, tag);
      // mousedown, not click: the input must not lose focus (and close the list) first.
      li.addEventListener('mousedown', (event) => {
        event.preventDefault();
        pick(i);
      });
      return li;
    }));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    input.removeAttribute('aria-activedescendant');
  }

  function pick(index) {
    const item = options[index];
    if (!item) return;
    input.value = item.heading || item.text;
    close();
    form.requestSubmit();
  }

  async function update() {
    const typed = input.value;
    if (pending) pending.abort();
    if (!typed.trim()) {
      close();
      return;
    }
    const lower = typed.trim().toLowerCase();
    const recent = [...new Set(loadHistory().map((i) => i.q))]
      .filter((q) => q.toLowerCase().startsWith(lower) && q.toLowerCase() !== lower).slice(0, RECENT_SHOWN)
      .map((q) => ({ text: q, tag: 'recent' }));
    pending = new AbortController();
    let found = [];
    try {
      const response = await fetch(`/api/suggest?${new URLSearchParams({ prefix: typed, limit: '8' })}`,
                                   { signal: pending.signal, headers: { Accept: 'application/json' } });
      // An entry term ("Heart Attack") is shown with its heading and picks the heading.
      if (response.ok) {
        found = (await response.json()).suggestions.map((s) => ({
          text: s.text, heading: s.heading, tag: s.source === 'title' ? 'title' : 'mesh',
        }));
      }
    } catch (error) {
      if (error.name === 'AbortError') return;  // a newer keystroke asked again
    }
    if (input.value !== typed || document.activeElement !== input) return;
    list.dataset.typed = typed;  // what the options answer (a list for an earlier prefix may still show)
    const seen = new Set(recent.map((r) => r.text.toLowerCase()));
    open([...recent, ...found.filter((f) => !seen.has(f.text.toLowerCase()) && f.text.toLowerCase() !== lower)].slice(0, 8));
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 60);  // one request per pause in typing, not per key of a burst
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) {
      if (event.key === 'ArrowDown' && input.value.trim()) {
        event.preventDefault();
        update();
      }
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const n = options.length;
      setActive(event.key === 'ArrowDown' ? (active + 1) % n : (active <= 0 ? n - 1 : active - 1));
    } else if (event.key === 'Enter') {
      if (active >= 0) {
        event.preventDefault();
        pick(active);
      } else {
        close();  // the form submits what is typed
      }
    } else if (event.key === 'Escape') {
      event.preventDefault();  // a search input would clear itself
      close();
    } else if (event.key === 'Tab') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  form.addEventListener('submit', () => {
    clearTimeout(timer);
    if (pending) pending.abort();
    close();
  });

  // ---- labels -----------------------------------------------------------------------------
  function relabel() {
    byId('history-label').textContent = label('recent');
    byId('history-clear').textContent = label('clear');
    for (const node of list.querySelectorAll('.q-option')) {
      const tag = ['recent', 'mesh', 'title'].find((t) => node.classList.contains(t));
      node.querySelector('.q-option-tag').textContent = label(`${tag}_tag`);
    }
  }
  // app.js relabels the page on these buttons first (its listeners were added before ours).
  for (const button of document.querySelectorAll('[data-ui-lang]')) button.addEventListener('click', relabel);
  relabel();
  showHistory();
})();
