import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Dataset, isReparamError, type Registry, ReparamError, searchSpaceOf } from '@reparam/core';
import { renderPng, type TopLevelSpec } from '@reparam/viz';
import { finishedTrainRun, RETRAIN_BEST_DIR, retrainedNothing } from '@reparam/runs';
import { featureMapsSpec } from './featureMapsChart.js';
import { loadTrainedNetwork } from '@reparam/runs';
import { opProbabilitiesSpec } from './opProbabilitiesChart.js';
import { opShareByGenerationSpec } from './opShareByGenerationChart.js';
import { PlotNotApplicable } from './PlotNotApplicable.js';
import type { Run, TrainRun } from '@reparam/runs';
import { runDataset } from './runDataset.js';
import { runSlots } from './runSlots.js';
import { searchProgressSpec } from './searchProgressChart.js';
import { type NamedTrainRun, trainingCurvesSpec } from './trainingCurvesChart.js';

/** The folder inside a run directory that holds its plots. */
export const PLOTS_DIR = 'plots';

/** The plots `reparam visualize` makes, in order. */
export const PLOTS = ['search-progress', 'op-probabilities', 'op-share-by-generation', 'training-curves', 'feature-maps'] as const;

/** One of {@link PLOTS}. */
export type PlotName = (typeof PLOTS)[number];

/** What became of one plot: written to `file`, skipped (does not apply to this run) or failed (`error`). */
export interface PlotOutcome {
  readonly plot: PlotName;
  readonly file?: string;
  readonly skipped?: string;
  readonly error?: string;
}

/** How {@link visualizeRun} draws. */
export interface VisualizeOptions {
  /** Slot of the feature-map plot (default: the first with two or more branches). */
  readonly slot?: string;
  /** Validation image of the feature-map plot (default 0). */
  readonly image?: number;
  /** The run's dataset, when the caller has it already (see runDataset). */
  readonly dataset?: () => Promise<Dataset>;
}

/**
 * Writes every plot that applies to `run` into `<run>/plots/` as PNG: search-progress,
 * op-probabilities and op-share-by-generation for a search, training-curves and feature-maps-<slot> for a train run (for a
 * search: of its retrained best genome, beside the baselines). A plot that cannot be made (an
 * unfinished search, an unknown slot) does not stop the others; the outcomes say what happened.
 */
export async function visualizeRun(run: Run, registry: Registry, options: VisualizeOptions = {}): Promise<PlotOutcome[]> {
  const dir = join(run.dir, PLOTS_DIR);
  const dataset = options.dataset ?? runDataset(registry, run);

  // A train run still being written is plotted from its log; a search needs its finished retraining.
  const trained = (): TrainRun => {
    if (run.kind === 'train') return run;
    if (retrainedNothing(run)) throw new PlotNotApplicable(`the search's evaluator '${run.config.evaluator}' retrained no network`);
    return finishedTrainRun(run);
  };
  const notSearch = () => {
    throw new PlotNotApplicable('a train run has no search');
  };

  const makers: Record<PlotName, () => Promise<{ spec: TopLevelSpec; name: string }>> = {
    'search-progress': async () => {
      if (run.kind !== 'search') return notSearch();
      return { spec: searchProgressSpec(run), name: 'search-progress' };
    },
    'op-probabilities': async () => {
      if (run.kind !== 'search') return notSearch();
      const slots = runSlots(registry, run.config, await dataset());
      return { spec: opProbabilitiesSpec(run, searchSpaceOf(slots)), name: 'op-probabilities' };
    },
    'op-share-by-generation': async () => {
      if (run.kind !== 'search') return notSearch();
      const slots = runSlots(registry, run.config, await dataset());
      return { spec: opShareByGenerationSpec(run, searchSpaceOf(slots)), name: 'op-share-by-generation' };
    },
    'training-curves': async () => {
      const runs: NamedTrainRun[] =
        run.kind === 'train'
          ? [{ name: `${run.config.preset ?? 'genome'}, ${run.config.aggregation}`, run }]
          : [{ name: 'best genome', run: trained() }, ...run.baselines.map((b) => ({ name: b.preset, run: b.run }))];
      const c = run.config;
      const what = run.kind === 'train' ? `${c.backbone} on ${c.dataset}` : `retrained best genome and baselines, ${c.backbone} on ${c.dataset}`;
      return { spec: trainingCurvesSpec(runs, `Training curves: ${what}`), name: 'training-curves' };
    },
    'feature-maps': async () => {
      const source = trained();
      const d = await dataset();
      const { net } = await loadTrainedNetwork(registry, { trainDir: source.dir, config: source.config }, d);
      try {
        const label = run.kind === 'train' ? 'train run' : RETRAIN_BEST_DIR;
        const { spec, slot } = featureMapsSpec(net, d, { slot: options.slot, image: options.image ?? 0, source: label });
        return { spec, name: `feature-maps-${slot}` };
      } finally {
        net.dispose();
      }
    },
  };

  const outcomes: PlotOutcome[] = [];
  for (const plot of PLOTS) {
    try {
      const { spec, name } = await makers[plot]();
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}.png`);
      writeFileSync(file, await renderPng(spec));
      outcomes.push({ plot, file });
    } catch (err) {
      if (err instanceof PlotNotApplicable) outcomes.push({ plot, skipped: err.message });
      else if (isReparamError(err)) outcomes.push({ plot, error: err.message });
      else throw err;
    }
  }
  return outcomes;
}
