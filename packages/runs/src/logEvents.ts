import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { EPOCH_RECORD_SCHEMA } from './trainResults.js';

/** The log of a run: one JSON event per line. */
export const LOG_FILE = 'log.jsonl';

/** The `epoch` event of a train run's log.jsonl (the trainer's epoch record with a type and a time). */
export const EPOCH_EVENT_SCHEMA = EPOCH_RECORD_SCHEMA.extend({ type: z.literal('epoch'), time: z.string().optional() });

/** An epoch as a log or a checkpoint records it. */
export type LoggedEpoch = z.output<typeof EPOCH_RECORD_SCHEMA>;

/**
 * The epochs a run's log.jsonl records, in order, the last event of an epoch winning (a run killed
 * between logging an epoch and checkpointing it logs that epoch again on resume). Other events, and a
 * line a kill cut short, are skipped: the epochs before them are still good.
 */
export function readLoggedEpochs(path: string): LoggedEpoch[] {
  if (!existsSync(path)) return [];
  const byEpoch = new Map<number, LoggedEpoch>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue;
    }
    const epoch = EPOCH_EVENT_SCHEMA.safeParse(json);
    if (epoch.success) {
      const { type: _type, time: _time, ...record } = epoch.data;
      byEpoch.set(record.epoch, record);
    }
  }
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** The history a train run's checkpoint carries in its meta (for runs killed before results.json). */
export const CHECKPOINT_HISTORY_SCHEMA = z.object({ meta: z.object({ history: z.array(EPOCH_RECORD_SCHEMA) }) });
