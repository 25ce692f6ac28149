import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_FILE, type EpochRecord } from '@reparam/core';
import type { TrainRun } from './readRun.js';

/** A train run's per-epoch records and where they came from. */
export interface TrainingHistory {
  readonly epochs: readonly EpochRecord[];
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
  const fromLog = logEpochs(join(run.dir, 'log.jsonl'));
  if (fromLog.length > 0) return { epochs: fromLog, source: 'log.jsonl' };
  return { epochs: checkpointEpochs(join(run.dir, CHECKPOINT_FILE)), source: 'checkpoint.json' };
}

function logEpochs(path: string): EpochRecord[] {
  if (!existsSync(path)) return [];
  const byEpoch = new Map<number, EpochRecord>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as { type?: string } & EpochRecord;
      if (e.type === 'epoch' && Number.isFinite(e.epoch)) byEpoch.set(e.epoch, e);
    } catch {
      // A line cut short by a kill: the epochs before it are still good.
    }
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

function checkpointEpochs(path: string): EpochRecord[] {
  if (!existsSync(path)) return [];
  try {
    const meta = (JSON.parse(readFileSync(path, 'utf8')) as { meta?: { history?: EpochRecord[] } }).meta;
    return Array.isArray(meta?.history) ? meta.history : [];
  } catch {
    return [];
  }
}
