import { join } from 'node:path';
import {
  bestRecord,
  everyOpGenome,
  type Registry,
  ReparamError,
  type RunDirectory,
  runSearch,
  type SearchProgress,
  type TrainEvent,
} from '@reparam/core';
import { SearchProgressBar } from '../output/SearchProgressBar.js';
import { TrainProgress } from '../output/TrainProgress.js';
import { trainOrReuse } from '../training/trainOrReuse.js';
import type { TrainRunConfig } from '@reparam/runs';
import type { SearchResults, SearchRunConfig } from '@reparam/runs';
import { searchConstraint } from './searchConstraint.js';
import { loadSearchSetting } from './searchSetting.js';
import { SEARCH_STATE_FILE } from '@reparam/runs';
import { readSearchState, writeSearchState } from './searchStateFile.js';

/** Folder (inside the search run) where the best genome is retrained; a complete train run. */
export const RETRAIN_BEST_DIR = 'retrain-best';


/**
 * Runs a search as `config` describes into `run`: search-state.json after every evaluation,
 * best-genome.json, then the best genome and the baseline presets retrained from scratch under
 * identical settings, and results.json. With `resume`, continues from search-state.json (and the
 * evaluator's and retrains' own checkpoints) without losing or repeating an evaluation.
 */
export async function executeSearch(registry: Registry, config: SearchRunConfig, run: RunDirectory, resume: boolean): Promise<SearchResults> {
  const started = performance.now();
  const stateFile = run.file(SEARCH_STATE_FILE);
  const saved = resume ? readSearchState(stateFile) : undefined;
  registry.aggregation(config.aggregation);
  const { data, slots, space, build } = await loadSearchSetting(registry, config);
  const constraint = await searchConstraint(config.constraint, space, data.inputShape, () => build(everyOpGenome(space), config.seed));
  const strategy = registry.get('strategy', config.strategy).create(space, { seed: config.seed, population: config.population, constraint });

  const elapsedBefore = saved?.seconds ?? 0;
  const save = (progress: SearchProgress) =>
    writeSearchState(stateFile, { seconds: elapsedBefore + (performance.now() - started) / 1000, progress });
  if (!saved) {
    run.writeJson('config.json', config);
    save({ strategy: strategy.state(), records: [], pending: [], generation: 0 });
  }
  run.log({ type: resume ? 'search-resume' : 'search-start', evaluations: saved?.progress.records.length ?? 0, constraint: constraint?.description ?? null });
  process.stderr.write(
    `reparam search: ${config.strategy} with ${config.evaluator} on ${config.backbone}/${config.dataset}, ${slots.length} slots, ` +
      `${config.budget} evaluations, backend ${config.backend}, run ${run.path}\n`,
  );

  const trainProgress = new Map<string, TrainProgress>();
  const onTrainEvent = (e: TrainEvent, phase: string) => {
    let p = trainProgress.get(phase);
    if (!p) trainProgress.set(phase, (p = new TrainProgress(phase)));
    p.handle(e);
    // A standalone evaluator trains many candidates: their epochs would drown the log.
    if (e.type !== 'step' && phase !== 'candidate') run.log({ ...e, phase });
  };
  const evaluator = registry.get('evaluator', config.evaluator).create({
    ...config.evaluatorOptions,
    space,
    seed: config.seed,
    dataset: data,
    buildNetwork: build,
    train: config.evaluation,
    stateDir: run.file('supernet'),
    onTrainEvent,
  });

  let progress: SearchProgress;
  const bar = new SearchProgressBar(config.budget, saved?.progress.records.length ?? 0);
  try {
    // A search killed while retraining has nothing left to evaluate: skip the supernet.
    if ((saved?.progress.records.length ?? 0) < config.budget) await evaluator.prepare?.();
    for (const p of trainProgress.values()) p.stop();
    progress = await runSearch({
      strategy,
      evaluator,
      budget: config.budget,
      generationSize: config.population,
      resumeFrom: saved?.progress,
      save,
      onEvaluation: (r) => {
        bar.evaluated(r);
        run.log({ type: 'evaluation', ...r });
      },
      onGeneration: (g) => {
        bar.generation(g);
        run.log({ type: 'generation', generation: g.generation, evaluations: g.evaluations, fitnesses: g.fitnesses, bestFitness: g.best.fitness });
      },
    });
  } finally {
    bar.stop();
    evaluator.dispose();
  }
  const searchSeconds = elapsedBefore + (performance.now() - started) / 1000;
  const best = bestRecord(progress.records);
  if (!best) throw new ReparamError('the search evaluated no genome (the strategy proposed none that the constraint allows)');
  run.writeJson('best-genome.json', best.genome);
  run.log({ type: 'best', genome: best.genome, fitness: best.fitness });

  // The best genome and every baseline get exactly the same training from scratch.
  const retrainBase: Omit<TrainRunConfig, 'genome'> = {
    ...config.retrain,
    command: 'train',
    backbone: config.backbone,
    dataset: config.dataset,
    aggregation: config.aggregation,
    width: config.width,
    ...(config.limit === undefined ? {} : { limit: config.limit }),
    validationFraction: config.validationFraction,
    backend: config.backend,
    plugins: config.plugins,
  };
  const bestRun = await trainOrReuse(registry, config.backend, retrainBase, run.file(RETRAIN_BEST_DIR), { genome: best.genome }, 'retrain best');
  const baselines: Record<string, { testAccuracy: number | null; valAccuracy: number | null; seconds: number }> = {};
  for (const preset of config.baselines) {
    const r = await trainOrReuse(registry, config.backend, { ...retrainBase, preset }, join(run.path, `retrain-${preset}`), { preset }, `retrain ${preset}`);
    baselines[preset] = { testAccuracy: r.testAccuracy, valAccuracy: r.valAccuracy, seconds: r.seconds };
  }
  const results = {
    bestGenome: best.genome,
    bestValAccuracy: best.fitness,
    testAccuracy: bestRun.testAccuracy,
    baselineTestAccuracy: baselines[config.baselines[0]]?.testAccuracy ?? null,
    evaluations: progress.records.length,
    seconds: elapsedBefore + (performance.now() - started) / 1000,
    backend: config.backend,
    strategy: config.strategy,
    evaluator: config.evaluator,
    backbone: config.backbone,
    dataset: config.dataset,
    seed: config.seed,
    searchSeconds,
    retrainedValAccuracy: bestRun.valAccuracy,
    parameters: bestRun.parameters,
    fusedParameters: bestRun.fusedParameters,
    baselines,
  };
  run.writeJson('results.json', results);
  run.log({ type: 'results', testAccuracy: results.testAccuracy, baselineTestAccuracy: results.baselineTestAccuracy });
  return results;
}
