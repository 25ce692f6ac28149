import { basename } from 'node:path';
import type { Genome, SlotInfo } from '@reparam/core';
import { escapeHtml } from './html.js';
import type { Run } from '@reparam/runs';
import { genomeSection, plotFigure, resultsSection } from './reportSections.js';

/** A PNG of the run's plots/ folder. */
export interface ReportPlot {
  /** File name without `.png`, e.g. `feature-maps-stem`. */
  readonly name: string;
  readonly png: Uint8Array;
}

/** Everything a report shows besides the run itself. */
export interface ReportContent {
  readonly slots: readonly SlotInfo[];
  readonly mainOpId: string;
  /** Optional ops in registration order (the genome table's columns). */
  readonly opOrder: readonly string[];
  readonly genome: Genome | undefined;
  readonly plots: readonly ReportPlot[];
  /** Plots that could not be made or do not apply, one line each. */
  readonly notes: readonly string[];
}

const STYLE = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 2rem auto; max-width: 1250px; padding: 0 1rem; color: #222; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.meta { color: #555; margin-top: 0; } code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.92em; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; } th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
#genome-table td.on { background: #d9ead3; text-align: center; font-weight: bold; } #genome-table td.na { color: #aaa; text-align: center; }
#genome-table th:not(:first-child) { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
.warning { background: #fff4e5; border-left: 4px solid #f0a030; padding: 0.4rem 0.8rem; }
figure { margin: 1.2rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #444; font-size: 0.9rem; margin-top: 0.3rem; } footer { color: #888; font-size: 0.8rem; margin-top: 3rem; }
`;

/** What a plot shows, for its caption. */
function caption(name: string, run: Run): string {
  if (name === 'search-progress') return 'fitness (validation accuracy) of every evaluated genome by generation, with each generation’s mean and best and the best so far.';
  if (name === 'op-probabilities') return 'per slot and optional op, the final probability that the strategy picks the op (directional-es), or how often the op occurs among the best quarter of the evaluated genomes (other strategies); the title says which.';
  if (name === 'op-share-by-generation') return 'per optional op and generation, the share of the generation’s genome slots that train with the op (over the slots it applies to): where the search moved from its start.';
  if (name === 'training-curves') {
    return run.kind === 'search'
      ? 'training loss, validation loss and validation accuracy per epoch of the retrained best genome and the baselines, trained identically from scratch.'
      : 'training loss, validation loss and validation accuracy per epoch.';
  }
  const slot = /^feature-maps-(.+)$/.exec(name)?.[1];
  if (slot) return `for one validation image, the first channels of what each branch of slot ${slot} adds to its output, and their sum (trained weights, eval mode).`;
  return 'a plot of this run.';
}

/** The whole report as one HTML page: styles inline, plots as data: URIs, no external requests. */
export function renderReport(run: Run, content: ReportContent): string {
  const c = run.config;
  const kind = run.kind === 'search' ? 'search run' : 'train run';
  const genomeIntro =
    run.kind === 'search'
      ? run.results
        ? 'The best genome the search found (retrained as <code>retrain-best/</code>).'
        : 'The best genome evaluated so far (the search has not finished).'
      : 'The genome this run trained.';
  const sections = [
    `<header><h1>reparam report: ${escapeHtml(basename(run.dir))}</h1>`,
    `<p class="meta">${kind} <code>${escapeHtml(run.dir)}</code>: ${escapeHtml(c.backbone)} on ${escapeHtml(c.dataset)}</p></header>`,
    `<section id="results"><h2>Results</h2>\n${resultsSection(run)}\n</section>`,
    `<section id="genome"><h2>Genome</h2><p>${genomeIntro} ✓: the slot trains with the op; –: the op does not apply to the slot (stride or channels). Every slot keeps its main <code>${escapeHtml(content.mainOpId)}</code>.</p>`,
    content.genome ? genomeSection(content.genome, content.slots, content.mainOpId, content.opOrder) : '<p class="warning">No genome yet: the search has evaluated nothing.</p>',
    `</section>`,
    `<section id="plots"><h2>Plots</h2>`,
    ...content.notes.map((n) => `<p class="warning">${escapeHtml(n)}</p>`),
    ...content.plots.map((p) => plotFigure(p.name, p.png, caption(p.name, run))),
    content.plots.length === 0 ? '<p>No plots.</p>' : '',
    `</section>`,
    `<footer>Written by <code>reparam report</code> on ${escapeHtml(new Date().toISOString())}.</footer>`,
  ];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>reparam report: ${escapeHtml(basename(run.dir))}</title>`,
    `<style>${STYLE}</style></head>`,
    '<body>',
    ...sections.filter(Boolean),
    '</body></html>',
    '',
  ].join('\n');
}
