// The dashboard's page: a hash router over three views (runs, one run, a comparison), each drawn
// from the JSON API and drawn again whenever the live channel (server-sent events) says a run
// changed. Charts are the vega-lite specs the server sends, embedded with vega-embed.
// @ts-check

/** @type {HTMLElement} */
const view = /** @type {HTMLElement} */ (document.getElementById('view'));
/** @type {EventSource | undefined} */
let live;
/** Bumped on each navigation, so a slow fetch of a page left behind draws nothing. */
let generation = 0;

/** What the runs table keeps between redraws: sort column and direction, filters, selection. */
const table = { sort: 'updated', desc: true, /** @type {Record<string, string>} */ filters: {}, /** @type {Set<string>} */ selected: new Set() };

const esc = (/** @type {unknown} */ s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const pct = (/** @type {number | undefined | null} */ x) => (typeof x === 'number' ? `${(100 * x).toFixed(2)}%` : '');
const secs = (/** @type {number | undefined | null} */ s) => {
  if (typeof s !== 'number') return '';
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${(s / 3600).toFixed(1)} h`;
};
const bytes = (/** @type {number} */ n) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`);
const runLink = (/** @type {string} */ id) => `#/run/${encodeURIComponent(id)}`;
const fileUrl = (/** @type {string} */ runId, /** @type {string} */ path) => `/files/${[...(runId === '.' ? [] : runId.split('/')), ...path.split('/')].map(encodeURIComponent).join('/')}`;

async function getJson(/** @type {string} */ url) {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(res.status === 404 ? `not found: ${url}` : `${res.status} ${await res.text()}`);
  return res.json();
}

/** Follows the live channel of a run (or of the whole directory): `onChange` on every change. */
function follow(/** @type {string} */ url, /** @type {() => void} */ onChange) {
  live?.close();
  live = new EventSource(url);
  const dot = document.getElementById('live');
  live.addEventListener('ready', onChange);
  live.addEventListener('change', onChange);
  live.onopen = () => dot?.classList.remove('off');
  live.onerror = () => dot?.classList.add('off');
}

/** Draws the charts of `charts` into the elements `#chart-<name>` of the page. */
async function drawCharts(/** @type {{name: string, spec?: object, note?: string}[]} */ charts) {
  // @ts-ignore vegaEmbed is the global of vega-embed's browser build
  const embed = window.vegaEmbed;
  await Promise.all(
    charts.map(async (c) => {
      const el = document.getElementById(`chart-${c.name}`);
      if (!el || !c.spec) return;
      const result = await embed(el, c.spec, { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } });
      addPlayButton(el, c.spec, result.view);
      el.dataset.rendered = 'true';
    }),
  );
}

/**
 * A chart with a range-bound parameter (the op heat map's generation slider) gets a play button
 * that steps it from its first value to its last, so the search's drift can be watched.
 */
function addPlayButton(/** @type {HTMLElement} */ el, /** @type {any} */ spec, /** @type {any} */ view) {
  const param = (spec.params ?? []).find((/** @type {any} */ p) => p.bind?.input === 'range');
  if (!param || param.bind.max <= param.bind.min) return;
  const { min, max } = param.bind;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'play';
  button.dataset.play = param.name;
  button.textContent = `▶ play ${param.name}s`;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    button.textContent = `▶ play ${param.name}s`;
  };
  button.addEventListener('click', () => {
    if (timer !== undefined) return stop();
    let value = min;
    button.textContent = '■ stop';
    const show = () => void view.signal(param.name, value).runAsync();
    show();
    timer = setInterval(() => {
      if (value >= max || !el.isConnected) return stop();
      value += param.bind.step ?? 1;
      show();
    }, 700);
  });
  el.append(button);
}

const chartBlocks = (/** @type {{name: string, spec?: object, note?: string}[]} */ charts) =>
  `<div class="charts">${charts
    .map((c) => (c.spec ? `<div class="chart" id="chart-${esc(c.name)}" data-chart="${esc(c.name)}"></div>` : `<p class="note" data-chart-note="${esc(c.name)}">${esc(c.name)}: ${esc(c.note)}</p>`))
    .join('')}</div>`;

const statusBadge = (/** @type {{status: string, reason?: string}} */ r) =>
  `<span class="status status-${esc(r.status)}" data-status="${esc(r.status)}">${esc(r.status)}</span>${r.reason ? `<span class="reason">${esc(r.reason)}</span>` : ''}`;

// ---------------------------------------------------------------- runs

/** The runs table's columns: key, header, the value sorted and filtered by, the cell shown. */
const COLUMNS = [
  { key: 'id', title: 'run', text: (/** @type {any} */ r) => r.id, html: (/** @type {any} */ r) => `<a href="${runLink(r.id)}">${esc(r.id)}</a>` },
  { key: 'kind', title: 'kind', text: (/** @type {any} */ r) => r.kind },
  { key: 'status', title: 'status', text: (/** @type {any} */ r) => r.status, html: statusBadge },
  { key: 'backbone', title: 'backbone', text: (/** @type {any} */ r) => r.backbone },
  { key: 'dataset', title: 'dataset', text: (/** @type {any} */ r) => r.dataset },
  { key: 'strategy', title: 'strategy', text: (/** @type {any} */ r) => r.strategy },
  { key: 'evaluator', title: 'evaluator', text: (/** @type {any} */ r) => r.evaluator },
  { key: 'seed', title: 'seed', num: true, text: (/** @type {any} */ r) => r.seed },
  { key: 'bestScore', title: 'best score', num: true, text: (/** @type {any} */ r) => r.bestScore, html: (/** @type {any} */ r) => pct(r.bestScore) },
  { key: 'testAccuracy', title: 'test acc.', num: true, text: (/** @type {any} */ r) => r.testAccuracy, html: (/** @type {any} */ r) => pct(r.testAccuracy) },
  {
    key: 'baselineTestAccuracy',
    title: 'vs baseline',
    num: true,
    text: (/** @type {any} */ r) => r.baselineTestAccuracy,
    html: (/** @type {any} */ r) => (typeof r.baselineTestAccuracy === 'number' ? `${pct(r.baselineTestAccuracy)} (${esc(r.baseline)})` : ''),
  },
  { key: 'optionalOps', title: 'optional ops', num: true, text: (/** @type {any} */ r) => r.optionalOps },
  {
    key: 'progress',
    title: 'progress',
    num: true,
    text: (/** @type {any} */ r) => r.evaluations ?? r.epochs,
    html: (/** @type {any} */ r) => (r.kind === 'search' ? `${r.evaluations ?? 0} / ${r.budget} eval.` : r.epochs !== undefined ? `${r.epochs} epochs` : ''),
  },
  { key: 'seconds', title: 'wall time', num: true, text: (/** @type {any} */ r) => r.seconds, html: (/** @type {any} */ r) => secs(r.seconds) },
  { key: 'backend', title: 'backend', text: (/** @type {any} */ r) => r.backend },
  { key: 'updated', title: 'updated', text: (/** @type {any} */ r) => r.updated, html: (/** @type {any} */ r) => esc((r.updated ?? '').replace('T', ' ').slice(0, 19)) },
];

function sortedFiltered(/** @type {any[]} */ runs) {
  const col = COLUMNS.find((c) => c.key === table.sort) ?? COLUMNS[0];
  const kept = runs.filter((r) =>
    Object.entries(table.filters).every(([key, f]) => {
      if (!f) return true;
      const c = COLUMNS.find((x) => x.key === key);
      return String(c?.text(r) ?? '').toLowerCase().includes(f.toLowerCase());
    }),
  );
  const value = (/** @type {any} */ r) => col.text(r);
  return kept.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === undefined || x === null) return 1;
    if (y === undefined || y === null) return -1;
    const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return table.desc ? -d : d;
  });
}

async function showRuns(/** @type {number} */ g) {
  const data = await getJson('/api/runs');
  if (g !== generation) return;
  document.getElementById('root').textContent = data.dir;
  const runs = sortedFiltered(data.runs);
  // A live redraw must not take the cursor out of the filter being typed into.
  const focused = /** @type {HTMLInputElement | null} */ (document.activeElement?.closest('[data-filter]') ?? null);
  const caret = focused ? { key: focused.dataset.filter, at: focused.selectionStart } : undefined;
  const options = (/** @type {string} */ key) => [...new Set(data.runs.map((/** @type {any} */ r) => r[key]).filter(Boolean))].sort();
  const filterCell = (/** @type {any} */ c) => {
    const f = table.filters[c.key] ?? '';
    if (c.key === 'kind' || c.key === 'status') {
      return `<th><select data-filter="${c.key}"><option value="">all</option>${options(c.key).map((o) => `<option${o === f ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select></th>`;
    }
    return `<th><input data-filter="${c.key}" value="${esc(f)}" placeholder="filter"></th>`;
  };
  view.innerHTML = `
    <h1>Runs</h1>
    <p>${data.runs.length} runs under <code>${esc(data.dir)}</code>${runs.length !== data.runs.length ? `, ${runs.length} shown` : ''}. Click a header to sort; select runs to compare them.
      <button id="compare" ${table.selected.size < 2 ? 'disabled' : ''}>compare selected (${table.selected.size})</button></p>
    <table id="runs-table">
      <thead><tr><th></th>${COLUMNS.map((c) => `<th class="sortable${c.key === table.sort ? (table.desc ? ' sorted-desc' : ' sorted-asc') : ''}" data-sort="${c.key}">${esc(c.title)}</th>`).join('')}</tr>
      <tr class="filters"><th></th>${COLUMNS.map(filterCell).join('')}</tr></thead>
      <tbody>${runs
        .map(
          (r) =>
            `<tr data-run="${esc(r.id)}" data-status="${esc(r.status)}"><td><input type="checkbox" data-select="${esc(r.id)}"${table.selected.has(r.id) ? ' checked' : ''}></td>${COLUMNS.map(
              (c) => `<td class="${c.num ? 'num' : ''}" data-col="${c.key}">${c.html ? c.html(r) : esc(c.text(r))}</td>`,
            ).join('')}</tr>`,
        )
        .join('')}</tbody>
    </table>`;
  view.querySelectorAll('th[data-sort]').forEach((th) =>
    th.addEventListener('click', () => {
      const key = /** @type {HTMLElement} */ (th).dataset.sort ?? 'id';
      table.desc = table.sort === key ? !table.desc : false;
      table.sort = key;
      void showRuns(generation);
    }),
  );
  view.querySelectorAll('[data-filter]').forEach((el) => {
    const input = /** @type {HTMLInputElement} */ (el);
    input.addEventListener(input.tagName === 'SELECT' ? 'change' : 'input', () => {
      table.filters[input.dataset.filter ?? ''] = input.value;
      void showRuns(generation);
    });
  });
  if (caret) {
    const again = /** @type {HTMLInputElement | null} */ (view.querySelector(`[data-filter="${caret.key}"]`));
    again?.focus();
    if (again && again.tagName === 'INPUT' && caret.at !== null) again.setSelectionRange(caret.at, caret.at);
  }
  view.querySelectorAll('[data-select]').forEach((el) => {
    const box = /** @type {HTMLInputElement} */ (el);
    box.addEventListener('change', () => {
      if (box.checked) table.selected.add(box.dataset.select ?? '');
      else table.selected.delete(box.dataset.select ?? '');
      const button = /** @type {HTMLButtonElement} */ (document.getElementById('compare'));
      button.disabled = table.selected.size < 2;
      button.textContent = `compare selected (${table.selected.size})`;
    });
  });
  document.getElementById('compare')?.addEventListener('click', () => {
    location.hash = `#/compare/${[...table.selected].map(encodeURIComponent).join(',')}`;
  });
  document.body.dataset.view = 'runs';
}

// ---------------------------------------------------------------- one run

/** The genome as a slot × op table: ✓ where the slot trains with the op, – where the op never shows up in the slot. */
function genomeTable(/** @type {any} */ g, id = 'genome-table') {
  if (!g) return '<p class="note">No genome yet: nothing evaluated.</p>';
  const ops = [...new Set(g.space.slots.flatMap((/** @type {any} */ s) => s.options))];
  const rows = g.space.slots.map((/** @type {any} */ s) => {
    const on = new Set(g.genome[s.name] ?? []);
    const cells = ops.map((op) => (on.has(op) ? '<td class="on">✓</td>' : s.options.includes(op) ? '<td></td>' : '<td class="na">–</td>'));
    return `<tr><td>${esc(s.name)}</td>${cells.join('')}<td class="num">${on.size}</td></tr>`;
  });
  return `<p>${esc(g.label)}; ✓: the slot trains with the optional op (besides its main conv); –: no genome of the run uses the op there.</p>
    <table id="${id}" class="genome-table"><thead><tr><th>slot</th>${ops.map((o) => `<th>${esc(o)}</th>`).join('')}<th>optional ops</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function factsTable(/** @type {any} */ s) {
  const rows = [
    ['kind', s.kind],
    ['backbone / dataset', [s.backbone, s.dataset].filter(Boolean).join(' / ')],
    ...(s.kind === 'search' ? [['strategy / evaluator', `${s.strategy} / ${s.evaluator}`], ['evaluations', `${s.evaluations ?? 0} of ${s.budget}`]] : []),
    ['seed', s.seed],
    ['best score', pct(s.bestScore)],
    ['test accuracy', pct(s.testAccuracy)],
    ...(s.baseline ? [[`test accuracy of ${s.baseline} (baseline)`, pct(s.baselineTestAccuracy)]] : []),
    ['wall time', secs(s.seconds)],
    ['backend', s.backend],
  ];
  return `<table id="facts-table"><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td data-fact="${esc(k)}">${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}

async function showRun(/** @type {string} */ id, /** @type {number} */ g) {
  const page = await getJson(`/api/run?id=${encodeURIComponent(id)}`);
  if (g !== generation) return;
  const s = page.summary;
  const featureMaps = page.artifacts.filter((/** @type {any} */ a) => /^plots\/feature-maps-.*\.png$/.test(a.path));
  view.innerHTML = `
    <h1>${esc(s.kind === 'search' ? 'Search' : s.kind === 'train' ? 'Training run' : 'Run')} <code>${esc(id)}</code> ${statusBadge(s)}</h1>
    ${page.notes.map((/** @type {string} */ n) => `<p class="note">${esc(n)}</p>`).join('')}
    ${s.kind === 'unreadable' ? '' : factsTable(s)}
    ${page.charts.length ? `<h2>Charts</h2>${chartBlocks(page.charts)}` : ''}
    ${featureMaps.length ? `<h2>Feature maps</h2><div class="feature-maps">${featureMaps.map((/** @type {any} */ a) => `<figure><img src="${fileUrl(id, a.path)}" alt="${esc(a.path)}"><figcaption>${esc(a.path)}</figcaption></figure>`).join('')}</div>` : ''}
    ${s.kind === 'unreadable' ? '' : `<h2>Genome</h2>${genomeTable(page.genome)}`}
    ${page.trainings.length ? `<h2>${s.kind === 'search' ? 'Retraining and baselines' : 'Training'}</h2>
      <table id="trainings-table"><thead><tr><th>network</th><th>status</th><th>test accuracy</th><th>validation accuracy</th><th>epochs</th><th>parameters (training → fused)</th><th>time</th></tr></thead><tbody>
      ${page.trainings.map((/** @type {any} */ t) => `<tr><td>${esc(t.name)}</td><td>${esc(t.status)}</td><td class="num">${pct(t.testAccuracy)}</td><td class="num">${pct(t.valAccuracy)}</td><td class="num">${t.epochs} of ${t.of}</td><td class="num">${t.parameters ?? ''}${t.fusedParameters ? ` → ${t.fusedParameters}` : ''}</td><td class="num">${secs(t.seconds)}</td></tr>`).join('')}
      </tbody></table>` : ''}
    ${page.evaluations.length ? `<h2>Evaluations</h2><table id="evaluations-table"><thead><tr><th>#</th><th>generation</th><th>fitness</th><th>optional ops</th><th>time</th></tr></thead><tbody>
      ${[...page.evaluations].reverse().map((/** @type {any} */ e) => `<tr data-index="${e.index}"><td class="num">${e.index + 1}</td><td class="num">${e.generation}</td><td class="num">${e.fitness.toFixed(4)}</td><td class="num">${e.optionalOps}</td><td class="num">${secs(e.seconds)}</td></tr>`).join('')}
      </tbody></table>` : ''}
    <h2>Files</h2>
    <ul id="artifacts">${page.artifacts.map((/** @type {any} */ a) => `<li><a href="${fileUrl(id, a.path)}" download>${esc(a.path)}</a> (${bytes(a.bytes)})</li>`).join('')}</ul>`;
  await drawCharts(page.charts);
  if (g !== generation) return;
  document.body.dataset.view = 'run';
  document.body.dataset.run = id;
}

// ---------------------------------------------------------------- comparison

async function showCompare(/** @type {string[]} */ ids, /** @type {number} */ g) {
  const query = ids.map((i) => `id=${encodeURIComponent(i)}`).join('&');
  const [comparison, ...pages] = await Promise.all([getJson(`/api/compare?${query}`), ...ids.map((i) => getJson(`/api/run?id=${encodeURIComponent(i)}`))]);
  if (g !== generation) return;
  const perRun = pages.map((p, i) => {
    const first = p.charts.find((/** @type {any} */ c) => c.spec && (c.name === 'search-evaluations' || c.name === 'training-curves'));
    return { id: ids[i], page: p, chart: first ? { ...first, name: `${first.name}-${i}` } : undefined };
  });
  view.innerHTML = `
    <h1>Comparison</h1>
    ${comparison.notes.map((/** @type {string} */ n) => `<p class="note">${esc(n)}</p>`).join('')}
    ${chartBlocks([comparison])}
    <div class="side-by-side">${perRun
      .map(
        (r, i) => `<section><h2><a href="${runLink(r.id)}">${esc(r.id)}</a> ${statusBadge(r.page.summary)}</h2>
          ${r.chart ? chartBlocks([r.chart]) : ''}${genomeTable(r.page.genome, `genome-table-${i}`)}</section>`,
      )
      .join('')}</div>`;
  await drawCharts([comparison, ...perRun.flatMap((r) => (r.chart ? [r.chart] : []))]);
  if (g === generation) document.body.dataset.view = 'compare';
}

// ---------------------------------------------------------------- router

function showError(/** @type {unknown} */ err) {
  view.innerHTML = `<p class="note" id="error">${esc(err instanceof Error ? err.message : err)}</p><p><a href="#/">back to the runs</a></p>`;
}

function route() {
  const g = ++generation;
  // Nothing of the page left behind stays on screen (or in the DOM) under the new address.
  view.innerHTML = '<p>Loading…</p>';
  delete document.body.dataset.view;
  delete document.body.dataset.run;
  const hash = location.hash || '#/';
  const run = /^#\/run\/(.+)$/.exec(hash);
  const compare = /^#\/compare\/(.+)$/.exec(hash);
  /** @type {() => Promise<void>} */
  let draw;
  let channel = '/api/events';
  if (run) {
    const id = decodeURIComponent(run[1]);
    draw = () => showRun(id, g);
    channel = `/api/events?id=${encodeURIComponent(id)}`;
  } else if (compare) {
    const ids = compare[1].split(',').map(decodeURIComponent);
    draw = () => showCompare(ids, g);
  } else {
    draw = () => showRuns(g);
  }
  // One draw at a time; a change during a draw draws once more after it.
  let drawing = false;
  let again = false;
  const redraw = async () => {
    if (drawing) {
      again = true;
      return;
    }
    drawing = true;
    try {
      do {
        again = false;
        await draw().catch(showError);
      } while (again && g === generation);
    } finally {
      drawing = false;
    }
  };
  void redraw();
  follow(channel, () => void redraw());
}

window.addEventListener('hashchange', route);
route();
