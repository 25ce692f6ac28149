import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_FILE } from '@reparam/core';
import { CHECKPOINT_HISTORY_SCHEMA, LOG_FILE, type LoggedEpoch, readLoggedEpochs, readRunFile } from '@reparam/runs';
import type { TrainRun } from '@reparam/runs';

/** A train run's per-epoch records and where they came from. */
export interface TrainingHistory {
  readonly epochs: readonly LoggedEpoch[];
  /** results.json (finished), log.jsonl or the checkpoint (unfinished or killed). */
  readonly source: 'results.json' | 'log.jsonl' | 'checkpoint.json';
}

/**
 * The epochs a train run has done: from results.json when it finished, otherwise from the
 * `epoch` events of log.jsonl (the last one of an epoch wins: a run killed between logging an
 * epoch and checkpointing it logs that epoch again on resume), otherwise from the checkpoint.
 */
export function trainingHistory(run: TrainRun): TrainingHistory {
  if (run.results) return { epochs: run.results.history, source: 'results.json' };
  const fromLog = readLoggedEpochs(join(run.dir, LOG_FILE));
  if (fromLog.length > 0) return { epochs: fromLog, source: 'log.jsonl' };
  return { epochs: checkpointEpochs(join(run.dir, CHECKPOINT_FILE)), source: 'checkpoint.json' };
}

function checkpointEpochs(path: string): LoggedEpoch[] {
  if (!existsSync(path)) return [];
  try {
    return readRunFile(path, CHECKPOINT_HISTORY_SCHEMA).meta.history;
  } catch {
    return []; // a checkpoint without a history (or not readable) shows no curve, nothing worse
  }
}
