import type { Genome, SlotInfo } from '@reparam/core';
import { type Cell, count, duration, escapeHtml, htmlTable, percent } from './html.js';
import type { Run, SearchRun, TrainRun } from '@reparam/runs';
import { trainingHistory } from './trainingHistory.js';

/** The results table(s): a search's best genome against its baselines, or a train run's numbers and epochs. */
export function resultsSection(run: Run): string {
  return run.kind === 'search' ? searchResults(run) : trainResults(run);
}

function searchResults(run: SearchRun): string {
  const r = run.results;
  const c = run.config;
  const parts: string[] = [];
  if (!r) {
    const done = run.state?.progress.records.length ?? 0;
    parts.push(`<p class="warning">No results.json: the search has not finished (${done} of ${c.budget} evaluations${run.retrainBest ? ', retraining' : ''}).</p>`);
  }
  const trained = [
    ...(run.retrainBest ? [{ name: 'best genome (retrained)', run: run.retrainBest }] : []),
    ...run.baselines.map((b) => ({ name: `${b.preset} (preset)`, run: b.run })),
  ];
  if (trained.length > 0) {
    parts.push(
      htmlTable(
        'results-table',
        ['network', 'test accuracy', 'validation accuracy', 'parameters (training)', 'parameters (fused)', 'epochs', 'time'],
        trained.map(({ name, run: t }) => trainedRow(name, t)),
      ),
    );
  }
  const facts: [string, string][] = [
    ['strategy', c.strategy],
    ['evaluator', c.evaluator],
    ['evaluations', `${run.state?.progress.records.length ?? 0} of ${c.budget} (population ${c.population})`],
    ['best fitness in the search (validation accuracy)', percent(r?.bestValAccuracy ?? bestFitness(run))],
    ['search time', duration(r?.searchSeconds ?? run.state?.seconds)],
    ['total time', duration(r?.seconds)],
    ['backbone / dataset', `${c.backbone} (width ${c.width}) / ${c.dataset}${c.limit ? ` (limit ${c.limit})` : ''}`],
    ['aggregation', c.aggregation],
    ['seed', String(c.seed)],
    ['backend', r?.backend ?? c.backend],
  ];
  parts.push(htmlTable('search-table', ['search', ''], facts));
  return parts.join('\n');
}

function bestFitness(run: SearchRun): number | undefined {
  const records = run.state?.progress.records ?? [];
  return records.length ? Math.max(...records.map((r) => r.fitness)) : undefined;
}

function trainedRow(name: string, run: TrainRun): Cell[] {
  const r = run.results;
  if (!r) {
    const epochs = trainingHistory(run).epochs.length;
    return [name, 'unfinished', 'n/a', 'n/a', 'n/a', `${epochs} of ${run.config.epochs}`, 'n/a'];
  }
  return [name, percent(r.testAccuracy), percent(r.valAccuracy), count(r.parameters), count(r.fusedParameters), String(r.epochs), duration(r.seconds)];
}

function trainResults(run: TrainRun): string {
  const r = run.results;
  const c = run.config;
  const parts: string[] = [];
  if (r) {
    const rows: [string, string][] = [
      ['test accuracy', percent(r.testAccuracy)],
      ['validation accuracy (last epoch)', percent(r.valAccuracy)],
      ['epochs', String(r.epochs)],
      ['parameters (training form → fused)', `${count(r.parameters)} → ${count(r.fusedParameters)}`],
      ['FLOPs per image (training form → fused)', `${count(r.flops)} → ${count(r.fusedFlops)}`],
      ['images (train / validation / test)', `${count(r.trainSize)} / ${count(r.validationSize)} / ${count(r.testSize)}`],
      ['time', duration(r.seconds)],
      ['backend', r.backend],
      ...(r.diverged ? [['diverged', `epoch ${r.diverged.epoch}, step ${r.diverged.step} (loss ${r.diverged.loss})`] as [string, string]] : []),
    ];
    parts.push(htmlTable('results-table', ['result', ''], rows));
  } else {
    parts.push('<p class="warning">No results.json: the run has not finished (the epochs below come from its log or checkpoint).</p>');
  }
  const settings: [string, string][] = [
    ['backbone / dataset', `${c.backbone} (width ${c.width}) / ${c.dataset}${c.limit ? ` (limit ${c.limit})` : ''}`],
    ['genome', c.preset ? `preset ${c.preset}` : (c.genomeFile ?? 'from a file')],
    ['aggregation', c.aggregation],
    ['training', `${c.epochs} epochs, batch ${c.batchSize}, lr ${c.lr}, momentum ${c.momentum}${c.nesterov ? ' (Nesterov)' : ''}, weight decay ${c.weightDecay}`],
    ['seed', String(c.seed)],
  ];
  parts.push(htmlTable('settings-table', ['setting', ''], settings));
  const epochs = trainingHistory(run).epochs;
  if (epochs.length > 0) {
    parts.push(
      htmlTable(
        'history-table',
        ['epoch', 'training loss', 'training accuracy', 'validation loss', 'validation accuracy', 'learning rate', 'time'],
        epochs.map((e) => [e.epoch, e.trainLoss.toFixed(4), percent(e.trainAccuracy), e.valLoss.toFixed(4), percent(e.valAccuracy), e.lr.toPrecision(3), duration(e.seconds)]),
      ),
    );
  }
  return parts.join('\n');
}

/**
 * The genome as a slot × op table: ✓ where the slot trains with the op, blank where it could but
 * does not, – where the op does not apply to the slot. The main op is on in every slot.
 */
export function genomeSection(genome: Genome, slots: readonly SlotInfo[], mainOpId: string, opOrder: readonly string[]): string {
  const used = new Set(slots.flatMap((s) => s.options));
  const ops = [mainOpId, ...opOrder.filter((op) => used.has(op))];
  const rows = slots.map((s): Cell[] => [
    s.name,
    ...ops.map((op): Cell => {
      if (op === mainOpId || (genome[s.name] ?? []).includes(op)) return { html: '✓', className: 'on' };
      return s.options.includes(op) ? { html: '', className: 'off' } : { html: '–', className: 'na' };
    }),
    1 + (genome[s.name]?.length ?? 0),
  ]);
  return htmlTable('genome-table', ['slot', ...ops, 'branches'], rows);
}

/**
 * A plot as an inline PNG with its caption, shown at half its pixel size: plots are rendered at
 * twice their layout size, so they stay sharp on high-density screens and when zoomed.
 */
export function plotFigure(name: string, png: Uint8Array, caption: string): string {
  const src = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // IHDR: width and height are the big-endian words at bytes 16 and 20.
  const size = png.byteLength >= 24 ? ` width="${Math.round(view.getUint32(16) / 2)}" height="${Math.round(view.getUint32(20) / 2)}"` : '';
  return `<figure id="plot-${escapeHtml(name)}"><img src="${src}"${size} alt="${escapeHtml(caption)}"><figcaption><strong>${escapeHtml(name)}.png</strong>: ${escapeHtml(caption)}</figcaption></figure>`;
}
