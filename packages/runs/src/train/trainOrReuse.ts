import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hasCheckpoint, type Registry, RunDirectory } from '@reparam/core';
import type { GenomeSource } from '../experiment.js';
import { readRunFile } from '../readRunFile.js';
import { IGNORE_RUN_EVENTS, type RunEventSink, reportTakenOverLock } from '../runEvents.js';
import type { TrainRunConfig } from '../trainConfig.js';
import { TRAIN_RESULTS_SCHEMA, type TrainResults } from '../trainResults.js';
import { executeTrainRun } from './executeTrainRun.js';

/**
 * Trains a genome from scratch into `dir` (a complete train run directory, so `reparam fuse` and
 * friends work on it), for runs that are part of something larger (a search's retraining, a
 * benchmark). Resumable: a finished run is read back, a checkpointed one continued, and a run killed
 * before its first checkpoint started again.
 */
export async function trainOrReuse(
  registry: Registry,
  backend: string,
  base: Omit<TrainRunConfig, 'genome'>,
  dir: string,
  source: GenomeSource,
  label: string,
  onEvent: RunEventSink = IGNORE_RUN_EVENTS,
  dataWorkers?: number,
): Promise<TrainResults> {
  const results = join(dir, 'results.json');
  if (existsSync(results)) return readRunFile(results, TRAIN_RESULTS_SCHEMA);
  const resume = hasCheckpoint(dir);
  if (!resume) rmSync(dir, { recursive: true, force: true });
  const run = RunDirectory.open(dir, { resume });
  reportTakenOverLock(run, onEvent);
  try {
    return await executeTrainRun(registry, backend, base, run, { resume, genomeSource: source, label, onEvent, dataWorkers });
  } finally {
    run.close();
  }
}
