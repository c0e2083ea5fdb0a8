/*
 * Facet concept atlas: browses window.FACET_ATLAS (written by concepts.js) from disk.
 * Vanilla JavaScript, no network. Every string from the data goes into the page through
 * textContent or attributes, never through innerHTML.
 *
 * Views: the grid (#, paged: PAGE_SIZE tiles in the DOM at a time) and one concept
 * (#concept-N). The grid's sort, filter and page live in memory, so Back returns to it unchanged.
 * Each history entry remembers in history.state how many concept entries lie above the grid
 * (facetDepth), so Esc can go back to the grid with history.go instead of adding entries.
 */
'use strict';
(() => {
  const PAGE_SIZE = 120;
  const CONCEPT_HASH = /^#concept-(\d+)$/;
  const $ = (id) => document.getElementById(id);
  const data = window.FACET_ATLAS;
  if (!data || !Array.isArray(data.concepts)) {
    $('load-error').hidden = false;
    return;
  }
  const concepts = data.concepts;
  const names = concepts.map((c) => (c.topImages || []).map((t) => String(t.name).toLowerCase()).join('\n'));

  const grid = $('grid');
  const gridView = $('grid-view');
  const conceptView = $('concept-view');
  const controls = {
    sort: $('sort'), dir: $('sort-dir'), filter: $('filter'), hideDead: $('hide-dead'), minFreq: $('min-freq'),
  };
  const baseTitle = document.title;

  const state = { sortKey: 'id', descending: false, query: '', hideDead: false, minFrequency: 0, page: 0 };
  let order = [];                                   // concept ids, sorted and filtered
  const position = new Int32Array(concepts.length); // id -> index in order, or -1
  let view = null;                                  // 'grid' | 'concept'
  let currentId = null;
  let depth = -1;                                   // concept entries above the grid; -1: unknown
  let pendingReplaces = 0;                          // hash changes made by location.replace
  let gridScroll = 0;

  // ---------- formatting and elements ----------

  function fmt(x) {
    if (x === null || x === undefined || !Number.isFinite(x)) return '—';
    if (x === 0) return '0';
    const a = Math.abs(x);
    if (a >= 1e4 || a < 1e-3) return x.toExponential(2);
    return String(Number(x.toPrecision(3)));
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function pictureUrl(path) {
    return path.split('/').map(encodeURIComponent).join('/');
  }

  function placeholder(label) {
    const p = el('div', 'placeholder', 'no picture');
    p.setAttribute('role', 'img');
    p.setAttribute('aria-label', label + ': no picture');
    return p;
  }

  /** An <img> for a relative path, or a placeholder when there is no picture or it fails to load. */
  function picture(path, label, className, lazy) {
    if (typeof path !== 'string' || path === '') {
      const p = placeholder(label);
      if (className) p.classList.add(className);
      return p;
    }
    const img = el('img', className);
    if (lazy) img.loading = 'lazy';
    img.decoding = 'async';
    img.alt = label;
    img.addEventListener('error', () => {
      const p = placeholder(label);
      if (className) p.classList.add(className);
      img.replaceWith(p);
    }, { once: true });
    img.src = pictureUrl(path);
    return img;
  }

  function statList(className, entries) {
    const dl = el('dl', className);
    for (const [name, value] of entries) {
      const div = el('div');
      div.append(el('dt', '', name), el('dd', '', value));
      dl.append(div);
    }
    return dl;
  }

  const alive = (c) => c.frequency > 0;

  // ---------- order: filter and sort ----------

  function matches(c, query) {
    if (!query) return true;
    if (query.startsWith('#') && /^#\d+$/.test(query)) return c.id === Number(query.slice(1));
    return String(c.id).includes(query) || names[c.id].includes(query);
  }

  function compare(a, b) {
    const key = state.sortKey;
    const sign = state.descending ? -1 : 1;
    if (key !== 'id') {
      const x = concepts[a][key];
      const y = concepts[b][key];
      const xMissing = !Number.isFinite(x);
      const yMissing = !Number.isFinite(y);
      if (xMissing !== yMissing) return xMissing ? 1 : -1; // missing values last either way
      if (!xMissing && x !== y) return sign * (x - y);
      return a - b;
    }
    return sign * (a - b);
  }

  function recompute() {
    const query = state.query.trim().toLowerCase();
    const ids = [];
    for (const c of concepts) {
      if (state.hideDead && !alive(c)) continue;
      if (state.minFrequency > 0 && !(c.frequency >= state.minFrequency)) continue;
      if (!matches(c, query)) continue;
      ids.push(c.id);
    }
    ids.sort(compare);
    order = ids;
    position.fill(-1);
    ids.forEach((id, i) => { position[id] = i; });
  }

  // ---------- grid ----------

  const pageCount = () => Math.max(1, Math.ceil(order.length / PAGE_SIZE));

  function tile(c) {
    const a = el('a', alive(c) ? 'tile' : 'tile dead');
    a.href = '#concept-' + c.id;
    a.dataset.id = String(c.id);
    a.append(picture(c.thumbnail, 'Concept ' + c.id, 'thumb', true));
    const id = el('span', 'tile-id', '#' + c.id);
    if (!alive(c)) id.append(el('span', 'badge', 'dead'));
    a.append(id, statList('stats', [
      ['energy', fmt(c.energy)], ['freq', fmt(c.frequency)], ['stab', fmt(c.stability)],
    ]));
    const li = el('li');
    li.append(a);
    return li;
  }

  function renderGrid() {
    const pages = pageCount();
    state.page = Math.min(Math.max(state.page, 0), pages - 1);
    const start = state.page * PAGE_SIZE;
    const fragment = document.createDocumentFragment();
    for (const id of order.slice(start, start + PAGE_SIZE)) fragment.append(tile(concepts[id]));
    grid.replaceChildren(fragment);
    $('grid-empty').hidden = order.length > 0;
    $('page-info').textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
    $('prev-page').disabled = state.page === 0;
    $('next-page').disabled = state.page >= pages - 1;
    $('count').textContent = order.length === concepts.length
      ? concepts.length.toLocaleString('en') + ' concepts'
      : order.length.toLocaleString('en') + ' of ' + concepts.length.toLocaleString('en') + ' concepts';
  }

  const tiles = () => Array.from(grid.querySelectorAll('.tile'));

  function focusTile(index) {
    const list = tiles();
    if (list.length === 0) return;
    const t = list[Math.min(Math.max(index, 0), list.length - 1)];
    t.focus({ preventScroll: true });
    t.scrollIntoView({ block: 'nearest' });
  }

  /** Focuses the tile at a position of the whole order, turning the page when needed. */
  function focusPosition(pos) {
    if (order.length === 0) return;
    pos = Math.min(Math.max(pos, 0), order.length - 1);
    const page = Math.floor(pos / PAGE_SIZE);
    if (page !== state.page) {
      state.page = page;
      renderGrid();
    }
    focusTile(pos - page * PAGE_SIZE);
  }

  function columns(list) {
    const top = Math.round(list[0].getBoundingClientRect().top);
    let n = 1;
    while (n < list.length && Math.round(list[n].getBoundingClientRect().top) === top) n++;
    return n;
  }

  function setPage(page) {
    state.page = page;
    renderGrid();
    $('concepts').scrollIntoView({ block: 'start' });
  }

  function update(change) {
    change();
    state.page = 0;
    recompute();
    renderGrid();
  }

  function updateSortButton() {
    controls.dir.textContent = state.descending ? '↓ descending' : '↑ ascending';
    controls.dir.setAttribute('aria-pressed', String(state.descending));
  }

  function readControls() {
    state.sortKey = controls.sort.value;
    state.query = controls.filter.value;
    state.hideDead = controls.hideDead.checked;
    const min = parseFloat(controls.minFreq.value);
    state.minFrequency = Number.isFinite(min) ? min : 0;
  }

  function gridKey(e) {
    const list = tiles();
    const index = list.indexOf(document.activeElement);
    let delta;
    switch (e.key) {
      case 'ArrowRight': case 'j': delta = 1; break;
      case 'ArrowLeft': case 'k': delta = -1; break;
      case 'ArrowDown': delta = list.length ? columns(list) : 0; break;
      case 'ArrowUp': delta = list.length ? -columns(list) : 0; break;
      default: return;
    }
    if (index < 0) {
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        focusTile(0);
      }
      return; // arrows scroll the page until a tile has focus
    }
    e.preventDefault();
    focusPosition(state.page * PAGE_SIZE + index + delta);
  }

  // ---------- concept view ----------

  function neighbour(id, delta) {
    const pos = position[id];
    const next = pos >= 0 ? pos + delta : -1;
    if (pos >= 0) return next >= 0 && next < order.length ? order[next] : null;
    const byId = id + delta; // not in the current order: step by id
    return byId >= 0 && byId < concepts.length ? byId : null;
  }

  function figure(path, caption) {
    const f = el('figure');
    f.append(picture(path, caption, '', false), el('figcaption', '', caption));
    return f;
  }

  /** The pictures of a feature visualization, in display order, with their labels (docs/formats.md#conceptsjson). */
  const FEATURE_PARTS = [
    ['feature-image', 'image'], ['feature-transparency', 'transparency'], ['feature-product', 'image × transparency'],
  ];
  const FEATURE_KINDS = new Set(FEATURE_PARTS.map(p => p[0]));

  /** The extras that belong to feature visualizations, grouped by caption (the visualizer), in order. */
  function featureVisualizations(extras) {
    const groups = new Map();
    for (const x of extras) {
      if (!FEATURE_KINDS.has(x.kind)) continue;
      const caption = String(x.caption);
      if (!groups.has(caption)) groups.set(caption, []);
      groups.get(caption).push(x);
    }
    return groups;
  }

  function featureFigure(caption, parts) {
    const title = 'Feature visualization (' + caption + ')';
    const f = el('figure', 'feature-visualization');
    const row = el('div', 'feature-row');
    for (const [kind, label] of FEATURE_PARTS) {
      for (const x of parts.filter(p => p.kind === kind)) {
        const cell = el('div', 'feature-cell');
        cell.dataset.kind = kind;
        cell.append(picture(x.path, title + ': ' + label, 'feature', false), el('span', 'feature-label', label));
        row.append(cell);
      }
    }
    f.append(row, el('figcaption', '', title));
    return f;
  }

  function topImagesTable(c) {
    if (!c.topImages || c.topImages.length === 0) return el('p', 'muted', 'No top images.');
    const table = el('table', 'top-images');
    const head = el('tr');
    head.append(el('th', 'num', '#'), el('th', '', 'image'), el('th', 'num', 'index'), el('th', 'num', 'score'));
    table.append(el('thead'));
    table.tHead.append(head);
    const body = el('tbody');
    c.topImages.forEach((t, i) => {
      const row = el('tr');
      row.append(el('td', 'num', String(i + 1)), el('td', 'name', String(t.name)),
        el('td', 'num', String(t.image)), el('td', 'num', fmt(t.score)));
      body.append(row);
    });
    table.append(body);
    return table;
  }

  function nearestList(c) {
    if (!c.nearest || c.nearest.length === 0) return el('p', 'muted', 'No neighbours.');
    const ul = el('ul', 'nearest');
    for (const n of c.nearest) {
      const li = el('li');
      const a = el('a', '', '#' + n.id);
      a.href = '#concept-' + n.id;
      li.append(a, document.createTextNode(' cosine ' + fmt(n.cosine)));
      ul.append(li);
    }
    return ul;
  }

  /** The classes this concept matters for, from the class pages' data, the largest importance first. */
  function classList(id) {
    const rows = [];
    for (const k of (data.classes || [])) {
      const entry = (k.concepts || []).find(e => e.concept === id);
      if (entry) rows.push({ k: k, entry: entry });
    }
    if (rows.length === 0) return el('p', 'muted', 'Not among the concepts that drive a class.');
    rows.sort((a, b) => b.entry.importance - a.entry.importance);
    const ul = el('ul', 'concept-classes');
    for (const r of rows) {
      const li = el('li');
      const a = el('a', '', String(r.k.name));
      a.href = 'class-' + r.k.index + '.html';
      li.append(a, document.createTextNode(' ' + r.k.score + ' ' + fmt(r.entry.importance)
        + ' (' + (100 * r.entry.share).toFixed(1) + '% of the class)'));
      ul.append(li);
    }
    return ul;
  }

  function section(title, content) {
    const s = el('section');
    s.append(el('h3', '', title), content);
    return s;
  }

  function renderConcept(id) {
    const title = $('concept-title');
    const body = $('concept-body');
    const c = concepts[id];
    if (!c) {
      title.textContent = 'No concept ' + id;
      body.replaceChildren(el('p', 'muted', 'This atlas has concepts 0 to ' + (concepts.length - 1) + '.'));
      $('concept-prev').disabled = true;
      $('concept-next').disabled = true;
      $('concept-position').textContent = '';
      return;
    }
    title.textContent = 'Concept ' + id;
    if (!alive(c)) title.append(el('span', 'badge', 'dead'));
    document.title = 'Concept ' + id + ' · ' + baseTitle;
    const pos = position[id];
    $('concept-position').textContent = pos >= 0
      ? (pos + 1).toLocaleString('en') + ' of ' + order.length.toLocaleString('en') + ' in the current order'
      : 'not in the current filter';
    $('concept-prev').disabled = neighbour(id, -1) === null;
    $('concept-next').disabled = neighbour(id, 1) === null;

    const extras = c.extras || [];
    const features = featureVisualizations(extras);
    const pictures = el('div', 'pictures');
    const top = figure(c.topGrid, 'Top images');
    if (features.size > 0) {
      const lead = el('div', 'lead'); // the top images with each feature visualization to their right
      lead.append(top);
      features.forEach((parts, caption) => lead.append(featureFigure(caption, parts)));
      pictures.append(lead);
    } else {
      pictures.append(top);
    }
    pictures.append(figure(c.evidenceGrid, 'Evidence'),
      figure(c.zoomGrid, 'Zoom on the peaks'), figure(c.histogram, 'Activation histogram'));
    if (c.attribution) pictures.append(figure(c.attribution, 'Attribution on the top images'));
    extras.filter(x => !FEATURE_KINDS.has(x.kind)).forEach(x => pictures.append(figure(x.path, String(x.caption))));
    const columnsBox = el('div', 'columns');
    columnsBox.append(section('Top images', topImagesTable(c)), section('Nearest concepts', nearestList(c)));
    if ((data.classes || []).length > 0) columnsBox.append(section('Classes it drives', classList(id)));
    body.replaceChildren(statList('concept-stats', [
      ['energy', fmt(c.energy)], ['frequency', fmt(c.frequency)], ['stability', fmt(c.stability)],
      ['max activation', fmt(c.maxActivation)], ['top images', String((c.topImages || []).length)],
    ]), pictures, columnsBox);
  }

  function step(delta) {
    const id = neighbour(currentId, delta);
    if (id === null) return;
    pendingReplaces++;
    location.replace('#concept-' + id); // same history entry: Back still returns to the grid
  }

  function backToGrid() {
    if (depth > 0) {
      history.go(-depth);
    } else {
      pendingReplaces++;
      location.replace('#');
    }
  }

  function conceptKey(e) {
    switch (e.key) {
      case 'ArrowLeft': case 'p': step(-1); break;
      case 'ArrowRight': case 'n': step(1); break;
      case 'Escape': backToGrid(); break;
      default: return;
    }
    e.preventDefault();
  }

  // ---------- routing ----------

  function showGrid() {
    const from = currentId;
    view = 'grid';
    currentId = null;
    conceptView.hidden = true;
    gridView.hidden = false;
    document.title = baseTitle;
    window.scrollTo(0, gridScroll);
    const back = from === null ? null : grid.querySelector('.tile[data-id="' + from + '"]');
    if (back) back.focus({ preventScroll: true });
  }

  function showConcept(id) {
    if (view === 'grid') gridScroll = window.scrollY;
    view = 'concept';
    currentId = id;
    renderConcept(id);
    gridView.hidden = true;
    conceptView.hidden = false;
    window.scrollTo(0, 0);
    $('concept-title').focus({ preventScroll: true });
  }

  function route() {
    const m = CONCEPT_HASH.exec(location.hash);
    const id = m ? Number(m[1]) : null;
    const saved = history.state && typeof history.state.facetDepth === 'number' ? history.state.facetDepth : null;
    if (id === null) {
      depth = 0;
      if (pendingReplaces > 0) pendingReplaces--;
    } else if (saved !== null) {
      depth = saved;                       // back or forward to a known entry
    } else if (pendingReplaces > 0) {
      pendingReplaces--;                   // prev/next replaced the entry: same depth
    } else {
      depth = depth >= 0 ? depth + 1 : -1; // a new entry (tile or neighbour link)
    }
    history.replaceState({ facetDepth: depth }, '');
    if (id === null) showGrid(); else showConcept(id);
  }

  // ---------- wiring ----------

  controls.sort.addEventListener('change', () => update(() => { state.sortKey = controls.sort.value; }));
  controls.dir.addEventListener('click', () => update(() => {
    state.descending = !state.descending;
    updateSortButton();
  }));
  controls.filter.addEventListener('input', () => update(() => { state.query = controls.filter.value; }));
  controls.hideDead.addEventListener('change', () => update(() => { state.hideDead = controls.hideDead.checked; }));
  controls.minFreq.addEventListener('input', () => update(readControls));
  $('prev-page').addEventListener('click', () => setPage(state.page - 1));
  $('next-page').addEventListener('click', () => setPage(state.page + 1));
  $('concept-back').addEventListener('click', backToGrid);
  $('concept-prev').addEventListener('click', () => step(-1));
  $('concept-next').addEventListener('click', () => step(1));
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (view === 'concept') {
      conceptKey(e);
    } else if (!(e.target instanceof Element && e.target.closest('input, select, textarea'))) {
      gridKey(e);
    }
  });

  readControls();
  updateSortButton();
  recompute();
  renderGrid();
  route();
  document.documentElement.dataset.atlasReady = 'true';
})();
