import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { CHECKPOINT_FILE, type Genome, liveLockOwner, type LockOwner, ReparamError } from '@reparam/core';
import { readOptionalRunFile, readRunFile } from './readRunFile.js';
import { SEARCH_RUN_CONFIG_SCHEMA, type SearchRunConfig } from './searchConfig.js';
import { SEARCH_RESULTS_SCHEMA, type SearchResults } from './searchResults.js';
import { SEARCH_STATE_FILE } from './searchState.js';
import { BEST_GENOME_FILE, BEST_GENOME_FILE_SCHEMA } from './bestGenomeFile.js';
import { TRAIN_RUN_CONFIG_SCHEMA, type TrainRunConfig } from './trainConfig.js';
import { TRAIN_RESULTS_SCHEMA, type TrainResults } from './trainResults.js';
import { readSearchState, type SearchStateFile } from './search/searchStateFile.js';

/** Where a search run retrains its best genome (a complete train run directory). */
export const RETRAIN_BEST_DIR = 'retrain-best';
/** Where `reparam fuse` writes a run's deployable network. */
export const DEPLOY_DIR = 'deploy';

/** A `reparam train` run directory (also each retrain-* folder of a search). */
export interface TrainRun {
  readonly kind: 'train';
  readonly dir: string;
  readonly config: TrainRunConfig;
  /** Absent while the run is unfinished (or was killed). */
  readonly results?: TrainResults;
}

/** A `reparam search` run directory. */
export interface SearchRun {
  readonly kind: 'search';
  readonly dir: string;
  readonly config: SearchRunConfig;
  /** search-state.json; absent only if the search was killed before its first save. */
  readonly state?: SearchStateFile;
  /** Absent until the search and every retraining are done. */
  readonly results?: SearchResults;
  /** retrain-best/, once its retraining started. */
  readonly retrainBest?: TrainRun;
  /** retrain-<preset>/ of each baseline whose retraining started, in config order. */
  readonly baselines: readonly { readonly preset: string; readonly run: TrainRun }[];
}

/** Any run directory `reparam train` or `reparam search` wrote. */
export type Run = TrainRun | SearchRun;

/** The `command` field of a config.json, whatever else it holds (to know which schema applies). */
function commandOf(path: string): unknown {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { command?: unknown }).command;
  } catch (err) {
    throw new ReparamError(`${path} is unreadable (${(err as Error).message})`);
  }
}

/**
 * Opens a run directory written by `reparam train` or `reparam search` (its config.json says which),
 * every file read through its schema. The one reader of run directories: fuse, export, visualize,
 * report and the benchmarks go through it. Throws a {@link ReparamError} for anything else.
 */
export function openRun(path: string): Run {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReparamError(`${dir} is not a run directory (it does not exist)`);
  const configPath = join(dir, 'config.json');
  if (!existsSync(configPath)) {
    throw new ReparamError(`${dir} is not a run directory (no config.json; pass the --out of a reparam train or search)`);
  }
  const command = commandOf(configPath);
  if (command === 'train') return readTrainRun(dir);
  if (command === 'search') return readSearchRun(dir);
  throw new ReparamError(`${dir} is not a train or search run (its config.json has command ${JSON.stringify(command)})`);
}

/** Reads a train run directory (config.json must exist). */
export function readTrainRun(dir: string): TrainRun {
  const config: TrainRunConfig = readRunFile(join(dir, 'config.json'), TRAIN_RUN_CONFIG_SCHEMA);
  const results: TrainResults | undefined = readOptionalRunFile(join(dir, 'results.json'), TRAIN_RESULTS_SCHEMA);
  return { kind: 'train', dir, config, ...(results ? { results } : {}) };
}

function readSearchRun(dir: string): SearchRun {
  const config: SearchRunConfig = readRunFile(join(dir, 'config.json'), SEARCH_RUN_CONFIG_SCHEMA);
  const statePath = join(dir, SEARCH_STATE_FILE);
  let state: SearchStateFile | undefined;
  try {
    state = existsSync(statePath) ? readSearchState(statePath) : undefined;
  } catch (err) {
    // readSearchState speaks to --resume; here nothing is being resumed.
    throw new ReparamError((err as Error).message.replace(/^cannot resume: /, ''));
  }
  const results: SearchResults | undefined = readOptionalRunFile(join(dir, 'results.json'), SEARCH_RESULTS_SCHEMA);
  const trainRunIn = (name: string) => (existsSync(join(dir, name, 'config.json')) ? readTrainRun(join(dir, name)) : undefined);
  const retrainBest = trainRunIn(RETRAIN_BEST_DIR);
  const baselines = config.baselines.flatMap((preset) => {
    const run = trainRunIn(`retrain-${preset}`);
    return run ? [{ preset, run }] : [];
  });
  return { kind: 'search', dir, config, ...(state ? { state } : {}), ...(results ? { results } : {}), ...(retrainBest ? { retrainBest } : {}), baselines };
}

/** The genome a run is about: the train run's own, or the search's best (results, best-genome.json, or the best record so far). */
export function runGenome(run: Run): Genome | undefined {
  if (run.kind === 'train') return run.config.genome;
  if (run.results) return run.results.bestGenome;
  const file = readOptionalRunFile(join(run.dir, BEST_GENOME_FILE), BEST_GENOME_FILE_SCHEMA);
  if (file) return file.genome;
  const records = run.state?.progress.records ?? [];
  return records.reduce<(typeof records)[number] | undefined>((b, r) => (!b || r.fitness > b.fitness ? r : b), undefined)?.genome;
}


/**
 * The one notion of a finished run, for every command and the dashboard: its results.json is written
 * (the last file a training writes; a search writes it after its retrainings).
 */
export function isFinished(run: Run): boolean {
  return run.results !== undefined;
}

/**
 * The live process writing `run` — in its own folder or, for a search, in its retrain-best/ or a
 * baseline's; undefined when none is. A run with a writer may be finished and resumed for more: its
 * results.json and retrain-best/ are then about to be replaced.
 */
export function liveWriter(run: Run): (LockOwner & { readonly dir: string }) | undefined {
  const dirs = [run.dir, ...(run.kind === 'search' ? [run.retrainBest?.dir, ...run.baselines.map((b) => b.run.dir)] : [])];
  for (const dir of dirs) {
    if (dir === undefined) continue;
    const owner = liveLockOwner(dir);
    if (owner) return { ...owner, dir };
  }
  return undefined;
}

/** A finished search that retrained nothing: its evaluator is synthetic (scores genomes without training them). */
export function retrainedNothing(run: SearchRun): boolean {
  return isFinished(run) && run.retrainBest === undefined;
}

/**
 * The finished training a run stands for — the run itself, or a search's retrained best genome — by
 * {@link isFinished}. Anything else is refused in one line that says how to get one: resume it, or,
 * for a finished search whose evaluator trained nothing (a synthetic one), train its best genome.
 */
export function finishedTrainRun(run: Run): TrainRun {
  if (run.kind === 'train') {
    if (!isFinished(run)) throw new ReparamError(`the training in ${run.dir} has not finished (no results.json yet): resume it with reparam train --out ${run.dir} --resume`);
    return run;
  }
  if (run.retrainBest && isFinished(run.retrainBest)) return run.retrainBest;
  if (retrainedNothing(run)) {
    throw new ReparamError(
      `the search in ${run.dir} trained no network (its evaluator '${run.config.evaluator}' retrains nothing): train its pick with reparam train --genome ${join(run.dir, BEST_GENOME_FILE)}`,
    );
  }
  throw new ReparamError(`the search in ${run.dir} has not finished (no ${RETRAIN_BEST_DIR}/results.json yet): resume it with reparam search --out ${run.dir} --resume`);
}

/** A run directory that holds a trained network, as deploy reads it. */
export interface TrainedRun {
  /** The directory the user named (a train run, or a search run). */
  readonly dir: string;
  /** The train run inside it whose checkpoint holds the weights (`dir` itself, or `dir/retrain-best`). */
  readonly trainDir: string;
  readonly config: TrainRunConfig;
  /** Where fuse writes and bench reads: `dir/deploy`. */
  readonly deployDir: string;
}

/**
 * Opens a run for deploy: a train run as it is, a search run through its `retrain-best/` train run.
 * Unfinished searches and runs without a checkpoint are one-line {@link ReparamError}s.
 */
export function openTrainedRun(path: string): TrainedRun {
  const run = openRun(path);
  // A run being written (a finished search resumed for more) may replace its network at any moment.
  const writer = liveWriter(run);
  if (writer && !(writer.pid === process.pid && writer.host === hostname())) throw new ReparamError(`${run.dir} is being written by process ${writer.pid} on ${writer.host} (since ${writer.since}): wait until it finishes, then try again`);
  const train = finishedTrainRun(run);
  if (!existsSync(join(train.dir, CHECKPOINT_FILE))) {
    throw new ReparamError(`no checkpoint in ${train.dir} (${CHECKPOINT_FILE} is missing: did training finish an epoch?)`);
  }
  return { dir: run.dir, trainDir: train.dir, config: train.config, deployDir: join(run.dir, DEPLOY_DIR) };
}
