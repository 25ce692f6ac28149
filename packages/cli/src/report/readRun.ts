import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Genome, ReparamError } from '@reparam/core';
import { RETRAIN_BEST_DIR, type SearchResults } from '../search/executeSearch.js';
import type { SearchRunConfig } from '../search/SearchRunConfig.js';
import { readSearchState, SEARCH_STATE_FILE, type SearchStateFile } from '../search/searchStateFile.js';
import type { TrainResults } from '../training/executeTrainRun.js';
import type { TrainRunConfig } from '../training/TrainRunConfig.js';

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

/** What `reparam visualize` and `reparam report` read. */
export type Run = TrainRun | SearchRun;

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new ReparamError(`${path} is unreadable (${(err as Error).message})`);
  }
}

function readOptional<T>(path: string): T | undefined {
  return existsSync(path) ? readJson<T>(path) : undefined;
}

/**
 * Reads a run directory written by `reparam train` or `reparam search`: its config.json says
 * which. Throws a {@link ReparamError} for anything else.
 */
export function readRun(path: string): Run {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReparamError(`${dir} is not a run directory (it does not exist)`);
  const configPath = join(dir, 'config.json');
  if (!existsSync(configPath)) {
    throw new ReparamError(`${dir} is not a run directory (no config.json; pass the --out of a reparam train or search)`);
  }
  const config = readJson<{ command?: unknown }>(configPath);
  if (config.command === 'train') return readTrainRun(dir);
  if (config.command === 'search') return readSearchRun(dir);
  throw new ReparamError(`${dir} is not a train or search run (its config.json has command ${JSON.stringify(config.command)})`);
}

/** Reads a train run directory (config.json must exist). */
export function readTrainRun(dir: string): TrainRun {
  const config = readJson<TrainRunConfig>(join(dir, 'config.json'));
  const results = readOptional<TrainResults>(join(dir, 'results.json'));
  return { kind: 'train', dir, config, ...(results ? { results } : {}) };
}

function readSearchRun(dir: string): SearchRun {
  const config = readJson<SearchRunConfig>(join(dir, 'config.json'));
  const statePath = join(dir, SEARCH_STATE_FILE);
  let state: SearchStateFile | undefined;
  try {
    state = existsSync(statePath) ? readSearchState(statePath) : undefined;
  } catch (err) {
    // readSearchState speaks to --resume; here nothing is being resumed.
    throw new ReparamError((err as Error).message.replace(/^cannot resume: /, ''));
  }
  const results = readOptional<SearchResults>(join(dir, 'results.json'));
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
  const file = readOptional<Genome>(join(run.dir, 'best-genome.json'));
  if (file) return file;
  const records = run.state?.progress.records ?? [];
  return records.reduce<(typeof records)[number] | undefined>((b, r) => (!b || r.fitness > b.fitness ? r : b), undefined)?.genome;
}

