import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  createRunServices,
  SYSTEM_CLOCK,
  type Evaluator,
  type Genome,
  everyOpGenome,
  type Recheck,
  recheckTop,
  type Registry,
  ReparamError,
  type RunDirectory,
  runSearch,
  type SearchProgress,
  type SearchSpace,
  type TrainEvent,
} from '@reparam/core';
import { type BestGenomeFile, BEST_GENOME_FILE } from '../bestGenomeFile.js';
import { RETRAIN_BEST_DIR } from '../openRun.js';
import { IGNORE_RUN_EVENTS, type RunEventSink } from '../runEvents.js';
import type { SearchRunConfig } from '../searchConfig.js';
import type { SearchResults } from '../searchResults.js';
import { SEARCH_STATE_FILE } from '../searchState.js';
import { trainOrReuse } from '../train/trainOrReuse.js';
import { TRAIN_RUN_CONFIG_SCHEMA, type TrainRunConfig } from '../trainConfig.js';
import { readRunFile } from '../readRunFile.js';
import { searchConstraint } from './searchConstraint.js';
import { loadSearchSetting } from './searchSetting.js';
import { readSearchState, writeSearchState } from './searchStateFile.js';
import { createSearchEvaluator, type EvaluationSetting, evaluationSettingOf, requireDistributable } from './evaluationSetting.js';

/**
 * Makes the evaluator that sends a search's evaluations to the work queue `queue` names, each
 * evaluated under `setting` (@reparam/queue provides one; the search itself knows no queue).
 */
export type QueueEvaluatorFactory = (
  queue: { readonly url: string; readonly runId: string },
  setting: EvaluationSetting,
  space: SearchSpace,
  onEvent: RunEventSink,
) => Evaluator;

/** How {@link executeSearch} runs besides its config. */
export interface ExecuteSearchOptions {
  /** Progress events (default: dropped). */
  readonly onEvent?: RunEventSink;
  /** Needed when the config names a `queue`. */
  readonly queueEvaluator?: QueueEvaluatorFactory;
  /** Decoding threads of a streamed dataset, here and in the retraining (see `RunDataOptions.dataWorkers`). */
  readonly dataWorkers?: number;
}

/**
 * Runs a search as `config` describes into `run`: search-state.json after every evaluation,
 * best-genome.json, then the best genome and the baseline presets retrained from scratch under
 * identical settings, and results.json. With `resume`, continues from search-state.json (and the
 * evaluator's and retrains' own checkpoints) without losing or repeating an evaluation. Progress is
 * reported through `onEvent`.
 */
export async function executeSearch(
  registry: Registry,
  config: SearchRunConfig,
  run: RunDirectory,
  resume: boolean,
  options: ExecuteSearchOptions = {},
): Promise<SearchResults> {
  const onEvent = options.onEvent ?? IGNORE_RUN_EVENTS;
  const started = performance.now();
  const stateFile = run.file(SEARCH_STATE_FILE);
  const saved = resume ? readSearchState(stateFile) : undefined;
  const done = saved?.progress.records.length ?? 0;
  // A resume may raise the budget, never drop it below what was already evaluated.
  if (done > config.budget) throw new ReparamError(`the budget (${config.budget}) is below the ${done} evaluations already made`);
  registry.aggregation(config.aggregation);
  const { data, slots, space, build } = await loadSearchSetting(registry, { ...config, dataWorkers: options.dataWorkers });
  const constraint = await searchConstraint(config.constraint, space, data.inputShape, () => build(everyOpGenome(space), config.seed));
  // What the strategy and the evaluator (plugins included) may ask for: see SERVICE_TOKENS.
  const services = createRunServices({ registry, run, log: (e) => run.log(e), backend: config.backend, clock: SYSTEM_CLOCK });
  const strategy = registry.get('strategy', config.strategy).create(space, { seed: config.seed, population: config.population, constraint, services });

  const onTrainEvent = (e: TrainEvent, phase: string) => {
    onEvent({ type: 'train', label: phase, event: e });
    // A standalone evaluator trains many candidates: their epochs would drown the log.
    if (e.type !== 'step' && phase !== 'candidate') run.log({ ...e, phase });
  };
  // The search's evaluator, and the one that rechecks its best genomes with another seed.
  const makeEvaluator = (recheck: boolean) => {
    // A recheck trains with the next seed on the search's split (the data loaded above, or a worker's load of splitSeed).
    const setting = { ...evaluationSettingOf(config), ...(recheck ? { seed: config.seed + 1, splitSeed: config.seed } : {}) };
    if (config.queue) {
      const queue = { url: config.queue.url, runId: recheck ? `${config.queue.runId}-recheck` : config.queue.runId };
      return queueEvaluator(registry, { ...config, queue }, setting, space, onEvent, options.queueEvaluator);
    }
    return createSearchEvaluator(registry, setting, { data, slots, space, build }, { stateDir: run.file(recheck ? 'recheck' : 'supernet'), onTrainEvent, services });
  };
  // Made before anything is written: an evaluator that refuses its options (a malformed landscape) loses nothing.
  const evaluator = makeEvaluator(false);

  const elapsedBefore = saved?.seconds ?? 0;
  let rechecks: readonly Recheck[] = saved?.rechecks ?? [];
  const save = (progress: SearchProgress) =>
    writeSearchState(stateFile, { seconds: elapsedBefore + (performance.now() - started) / 1000, progress, ...(rechecks.length ? { rechecks } : {}) });
  // On resume too: the config may carry a larger budget or other retraining (recorded in `resumes`).
  run.writeJson('config.json', config);
  if (!saved) save({ strategy: strategy.state(), records: [], pending: [], generation: 0 });
  run.log({ type: resume ? 'search-resume' : 'search-start', evaluations: saved?.progress.records.length ?? 0, constraint: constraint?.description ?? null });
  onEvent({
    type: 'search-start',
    path: run.path,
    strategy: config.strategy,
    evaluator: config.evaluator,
    backbone: config.backbone,
    dataset: config.dataset,
    slots: slots.length,
    budget: config.budget,
    done,
    backend: config.backend,
  });

  let progress: SearchProgress;
  let best = Math.max(Number.NEGATIVE_INFINITY, ...(saved?.progress.records.map((r) => r.fitness) ?? []));
  try {
    // A search killed while retraining has nothing left to evaluate: skip the supernet.
    if (done < config.budget) await evaluator.prepare?.();
    progress = await runSearch({
      strategy,
      evaluator,
      budget: config.budget,
      generationSize: config.population,
      resumeFrom: saved?.progress,
      save,
      onEvaluation: (r) => {
        best = Math.max(best, r.fitness);
        onEvent({ type: 'evaluation', record: r, budget: config.budget, best });
        run.log({ type: 'evaluation', ...r });
      },
      onGeneration: (g) => {
        onEvent({ type: 'generation', summary: g, budget: config.budget });
        run.log({ type: 'generation', generation: g.generation, evaluations: g.evaluations, fitnesses: g.fitnesses, bestFitness: g.best.fitness });
      },
    });
  } finally {
    evaluator.dispose();
  }
  const finished = progress;
  const bestOfAll = await recheckTop(finished.records, space, {
    count: config.recheck,
    evaluator: () => makeEvaluator(true),
    done: rechecks,
    onRecheck: (made) => {
      rechecks = [...rechecks.filter((r) => !made.some((m) => JSON.stringify(m.genome) === JSON.stringify(r.genome))), ...made];
      save(finished);
      const last = made.at(-1)!;
      onEvent({ type: 'recheck', genome: last.genome, fitness: last.fitness, done: made.length, of: Math.min(config.recheck, finished.records.length) });
      run.log({ type: 'recheck', genome: last.genome, fitness: last.fitness });
    },
  });
  const searchSeconds = elapsedBefore + (performance.now() - started) / 1000;
  if (!bestOfAll) throw new ReparamError('the search evaluated no genome (the strategy proposed none that the constraint allows)');
  run.writeJson(BEST_GENOME_FILE, { backbone: config.backbone, width: config.width, genome: bestOfAll.genome } satisfies BestGenomeFile);
  run.log({ type: 'best', genome: bestOfAll.genome, fitness: bestOfAll.fitness, scores: [...bestOfAll.scores] });

  // A synthetic evaluator's pick is a genome of a model landscape: nothing to retrain or measure.
  const retrained = registry.get('evaluator', config.evaluator).synthetic ? undefined : await retrainPickAndBaselines(registry, config, run, bestOfAll.genome, onEvent, options.dataWorkers);
  const results: SearchResults = {
    bestGenome: bestOfAll.genome,
    bestValAccuracy: bestOfAll.fitness,
    bestScores: [...bestOfAll.scores],
    testAccuracy: retrained?.best.testAccuracy ?? null,
    baselineTestAccuracy: retrained?.baselines[config.baselines[0]]?.testAccuracy ?? null,
    evaluations: progress.records.length,
    seconds: elapsedBefore + (performance.now() - started) / 1000,
    backend: config.backend,
    strategy: config.strategy,
    evaluator: config.evaluator,
    backbone: config.backbone,
    dataset: config.dataset,
    seed: config.seed,
    searchSeconds,
    retrainedValAccuracy: retrained?.best.valAccuracy ?? null,
    parameters: retrained?.best.parameters ?? null,
    fusedParameters: retrained?.best.fusedParameters ?? null,
    baselines: retrained?.baselines ?? {},
    ...(config.skipBadImages ? { skippedImages: [...new Set([...(data.skippedImages?.() ?? []), ...(retrained?.skippedImages ?? [])])].sort() } : {}),
  };
  run.writeJson('results.json', results);
  run.log({ type: 'results', testAccuracy: results.testAccuracy, baselineTestAccuracy: results.baselineTestAccuracy });
  return results;
}

/** Retrains the pick and every baseline with exactly the same training from scratch (reusing finished runs). */
async function retrainPickAndBaselines(registry: Registry, config: SearchRunConfig, run: RunDirectory, genome: Genome, onEvent: RunEventSink, dataWorkers: number | undefined) {
  const retrainBase: Omit<TrainRunConfig, 'genome'> = {
    ...config.retrain,
    command: 'train',
    backbone: config.backbone,
    dataset: config.dataset,
    aggregation: config.aggregation,
    width: config.width,
    ...(config.limit === undefined ? {} : { limit: config.limit }),
    validationFraction: config.validationFraction,
    ...(config.skipBadImages === undefined ? {} : { skipBadImages: config.skipBadImages }),
    ...(config.imageSize === undefined ? {} : { imageSize: config.imageSize }),
    backend: config.backend,
    plugins: config.plugins,
  };
  discardStaleRetraining(run.file(RETRAIN_BEST_DIR), config.retrain.epochs, genome);
  for (const preset of config.baselines) discardStaleRetraining(join(run.path, `retrain-${preset}`), config.retrain.epochs);
  const best = await trainOrReuse(registry, config.backend, retrainBase, run.file(RETRAIN_BEST_DIR), { genome }, 'retrain best', onEvent, dataWorkers);
  // The retrainings read every training, validation and test image, so their skips cover the search's
  // (whose own list is lost with the process that met them when the search was resumed).
  const skippedImages = [...(best.skippedImages ?? [])];
  const baselines: Record<string, { testAccuracy: number | null; valAccuracy: number | null; seconds: number }> = {};
  for (const preset of config.baselines) {
    const r = await trainOrReuse(registry, config.backend, { ...retrainBase, preset }, join(run.path, `retrain-${preset}`), { preset }, `retrain ${preset}`, onEvent, dataWorkers);
    baselines[preset] = { testAccuracy: r.testAccuracy, valAccuracy: r.valAccuracy, seconds: r.seconds };
    skippedImages.push(...(r.skippedImages ?? []));
  }
  return { best, baselines, skippedImages };
}

function queueEvaluator(registry: Registry, config: SearchRunConfig, setting: EvaluationSetting, space: SearchSpace, onEvent: RunEventSink, factory?: QueueEvaluatorFactory): Evaluator {
  if (!factory) throw new Error('executeSearch: the config names a queue but no queueEvaluator was given');
  requireDistributable(registry, config.evaluator);
  return factory(config.queue!, setting, space, onEvent);
}

/**
 * A retraining made under other settings — an extended search that found another best genome, or a
 * resume with other --retrain-epochs — is removed, so it is trained again rather than reused.
 */
function discardStaleRetraining(dir: string, epochs: number, genome?: Genome): void {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) return;
  const c = readRunFile(path, TRAIN_RUN_CONFIG_SCHEMA);
  if (c.epochs !== epochs || (genome && JSON.stringify(c.genome) !== JSON.stringify(genome))) rmSync(dir, { recursive: true, force: true });
}
