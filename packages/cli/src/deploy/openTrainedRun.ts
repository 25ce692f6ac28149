import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHECKPOINT_FILE, ReparamError } from '@reparam/core';
import { readRunFile, TRAIN_RUN_CONFIG_SCHEMA, type TrainRunConfig } from '@reparam/runs';

/** Where a search run keeps the retraining of its best genome (a train run directory). */
export const SEARCH_RETRAIN_DIR = 'retrain-best';
/** The deploy folder of a run. */
export const DEPLOY_DIR = 'deploy';

/** A run directory that holds a trained network. */
export interface TrainedRun {
  /** The directory the user named (a train run, or a search run). */
  readonly dir: string;
  /** The train run inside it whose checkpoint holds the weights (`dir` itself, or `dir/retrain-best`). */
  readonly trainDir: string;
  readonly config: TrainRunConfig;
  /** Where fuse writes and bench reads: `dir/deploy`. */
  readonly deployDir: string;
}

function readConfig(dir: string): { command?: unknown } & Record<string, unknown> {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) throw new ReparamError(`${dir} is not a run directory (no config.json); give a directory written by reparam train or reparam search`);
  try {
    const c = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof c !== 'object' || c === null) throw new Error('not an object');
    return c;
  } catch (err) {
    throw new ReparamError(`${path} is not a readable run config (${(err as Error).message})`);
  }
}

/**
 * Opens a run for deploy: a train run as it is, a search run through its `retrain-best/` train run.
 * Missing directories, configs, checkpoints and unfinished searches are one-line {@link ReparamError}s.
 */
export function openTrainedRun(path: string): TrainedRun {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReparamError(`${dir} does not exist or is not a directory`);
  const top = readConfig(dir);
  let trainDir = dir;
  if (top.command === 'search') {
    trainDir = join(dir, SEARCH_RETRAIN_DIR);
    if (!existsSync(join(trainDir, 'config.json'))) {
      throw new ReparamError(`the search in ${dir} did not finish: it has no ${SEARCH_RETRAIN_DIR}/ with the retrained best genome (resume the search to finish it)`);
    }
  } else if (top.command !== 'train') {
    throw new ReparamError(`${dir} holds a '${String(top.command)}' run, not a train or search run with a trained network`);
  }
  const config = readRunFile(join(trainDir, 'config.json'), TRAIN_RUN_CONFIG_SCHEMA);
  if (!existsSync(join(trainDir, CHECKPOINT_FILE))) {
    throw new ReparamError(`no checkpoint in ${trainDir} (${CHECKPOINT_FILE} is missing: did training finish an epoch?)`);
  }
  return { dir, trainDir, config, deployDir: join(dir, DEPLOY_DIR) };
}
