import { basename, relative, sep } from 'node:path';
import type { Genome, SearchSpace } from '@reparam/core';
import {
  opProbabilitiesSpec,
  opShareByGenerationSpec,
  opShareBySlotSpec,
  searchEvaluationsSpec,
  searchProgressSpec,
  type NamedTrainRun,
  trainingCurvesSpec,
  trainingHistory,
} from '@reparam/report';
import { type InspectedRun, runGenome, type SearchRun, type TrainRun } from '@reparam/runs';
import type { TopLevelSpec } from '@reparam/viz';
import { liveSearchRun } from './liveSearchRun.js';
import { observedSpace } from './observedSpace.js';
import { type RunArtifact, runArtifacts } from './runArtifacts.js';
import { type RunSummary, runSummary } from './runSummary.js';

/** A chart of a run page: its vega-lite spec, or why it cannot be drawn (yet). */
export interface PageChart {
  readonly name: string;
  readonly spec?: TopLevelSpec;
  readonly note?: string;
}

/** One training of a run: the run itself, or a search's retrained best genome and baselines. */
export interface PageTraining {
  readonly name: string;
  /** Run id of the training (its folder), for links to its files. */
  readonly id: string;
  readonly status: 'finished' | 'unfinished';
  readonly testAccuracy?: number;
  readonly valAccuracy?: number;
  readonly epochs: number;
  readonly of: number;
  readonly seconds?: number;
  readonly parameters?: number;
  readonly fusedParameters?: number;
}

/** One evaluation of a search (the page's evaluation table). */
export interface PageEvaluation {
  readonly index: number;
  readonly generation: number;
  readonly fitness: number;
  readonly seconds: number;
  readonly optionalOps: number;
}

/** Everything a run page shows, as JSON. */
export interface RunPage {
  readonly summary: RunSummary;
  /** The run's config.json as read (absent for an unreadable run). */
  readonly config?: unknown;
  readonly charts: readonly PageChart[];
  /** The genome (a search: its best so far) with the slots and ops to lay it out by. */
  readonly genome?: { readonly genome: Genome; readonly space: SearchSpace; readonly label: string };
  readonly trainings: readonly PageTraining[];
  readonly evaluations: readonly PageEvaluation[];
  readonly artifacts: readonly RunArtifact[];
  /** Things that could not be read or drawn, one line each. */
  readonly notes: readonly string[];
}

/** A chart from its spec function; a reading error becomes the chart's note (the page shows the rest). */
function chart(name: string, make: () => TopLevelSpec): PageChart {
  try {
    return { name, spec: make() };
  } catch (err) {
    return { name, note: (err as Error).message };
  }
}

function training(root: string, name: string, run: TrainRun): PageTraining {
  const r = run.results;
  const num = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  return {
    name,
    id: relative(root, run.dir).split(sep).join('/') || '.',
    status: r ? 'finished' : 'unfinished',
    testAccuracy: num(r?.testAccuracy),
    valAccuracy: num(r?.valAccuracy),
    epochs: r?.epochs ?? trainingHistory(run).epochs.length,
    of: run.config.epochs,
    seconds: r?.seconds,
    parameters: r?.parameters,
    fusedParameters: r?.fusedParameters,
  };
}

function trainedRuns(run: TrainRun | SearchRun): NamedTrainRun[] {
  if (run.kind === 'train') return [{ name: run.config.preset ?? basename(run.dir), run }];
  return [...(run.retrainBest ? [{ name: 'best genome', run: run.retrainBest }] : []), ...run.baselines.map((b) => ({ name: b.preset, run: b.run }))];
}

/**
 * The page of one run: its summary, every chart that applies drawn by the same spec functions as
 * `reparam visualize` (a search live, with the evaluations its log has and its state not yet), the
 * genome, its trainings and its files. Never throws for a malformed run: what cannot be read is a note.
 * `inspected` comes from {@link inspectInside}, so that nothing outside `root` is read.
 */
export function runPage(root: string, id: string, inspected: InspectedRun): RunPage {
  const notes: string[] = [];
  const artifacts = runArtifacts(inspected.dir);
  if (!inspected.run) return { summary: runSummary(root, id, inspected), charts: [], trainings: [], evaluations: [], artifacts, notes };
  let run = inspected.run;
  if (run.kind === 'search') {
    const live = liveSearchRun(run);
    run = live.run;
    if (live.logProblem) notes.push(live.logProblem);
  }
  const summary = runSummary(root, id, { ...inspected, run });
  const trained = trainedRuns(run);
  const withEpochs = trained.filter((t) => trainingHistory(t.run).epochs.length > 0);
  const curvesTitle = run.kind === 'search' ? 'retrained best genome and baselines' : `${run.config.backbone} on ${run.config.dataset}`;
  const curves = withEpochs.length
    ? chart('training-curves', () => trainingCurvesSpec(withEpochs, `Training curves: ${curvesTitle}`))
    : { name: 'training-curves', note: run.kind === 'search' ? 'no retraining has finished an epoch yet' : 'no epoch has finished yet' };
  let charts: PageChart[];
  let genome: RunPage['genome'];
  let evaluations: PageEvaluation[] = [];
  if (run.kind === 'search') {
    const search = run;
    const space = observedSpace(search);
    charts = [
      chart('search-evaluations', () => searchEvaluationsSpec(search)),
      chart('search-progress', () => searchProgressSpec(search)),
      chart('op-share-by-slot', () => opShareBySlotSpec(search, space)),
      chart('op-probabilities', () => opProbabilitiesSpec(search, space)),
      chart('op-share-by-generation', () => opShareByGenerationSpec(search, space)),
      curves,
    ];
    evaluations = (search.state?.progress.records ?? []).map((r) => ({
      index: r.index,
      generation: r.generation,
      fitness: r.fitness,
      seconds: r.seconds,
      optionalOps: Object.values(r.genome).reduce((n, ops) => n + ops.length, 0),
    }));
    try {
      const best = runGenome(search);
      if (best) genome = { genome: best, space, label: search.results ? 'best genome (retrained as retrain-best/)' : 'best genome so far' };
    } catch (err) {
      notes.push((err as Error).message);
    }
  } else {
    charts = [curves];
    const ops = Object.entries(run.config.genome).map(([name, o]) => ({ name, options: [...o] }));
    genome = { genome: run.config.genome, space: { slots: ops }, label: run.config.preset ? `preset ${run.config.preset}` : 'genome' };
  }
  return { summary, config: run.config, charts, genome, trainings: trained.map((t) => training(root, t.name, t.run)), evaluations, artifacts, notes };
}
