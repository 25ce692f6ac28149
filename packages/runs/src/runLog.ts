import { existsSync, readFileSync } from 'node:fs';
import { ReparamError } from '@reparam/core';
import { z } from 'zod';
import { GENOME_SCHEMA } from './trainConfig.js';
import { EPOCH_RECORD_SCHEMA } from './trainResults.js';

/** Fields every logged event has: when, and (inside a search) which training it came from. */
const base = { time: z.string(), phase: z.string().optional() };
const result = z.number().nullable();

/**
 * Every event reparam's executors write to a run's log.jsonl, by `type`. Plugins may log events of
 * their own types through the run's `log` service; {@link readRunLog} keeps those as they are.
 */
export const LOG_EVENT_SCHEMAS = {
  'train-start': z.object({ ...base, type: z.literal('train-start'), epochs: z.number(), startEpoch: z.number(), stepsPerEpoch: z.number(), trainSize: z.number(), valSize: z.number() }),
  epoch: EPOCH_RECORD_SCHEMA.extend({ ...base, type: z.literal('epoch') }),
  diverged: z.object({ ...base, type: z.literal('diverged'), epoch: z.number(), step: z.number(), loss: z.number().nullable() }),
  resume: z.object({ ...base, type: z.literal('resume'), epoch: z.number() }),
  results: z.object({ ...base, type: z.literal('results'), testAccuracy: result, valAccuracy: result.optional(), baselineTestAccuracy: result.optional() }),
  'search-start': z.object({ ...base, type: z.literal('search-start'), evaluations: z.number(), constraint: z.string().nullable() }),
  'search-resume': z.object({ ...base, type: z.literal('search-resume'), evaluations: z.number(), constraint: z.string().nullable() }),
  evaluation: z.object({ ...base, type: z.literal('evaluation'), index: z.number(), generation: z.number(), genome: GENOME_SCHEMA, fitness: z.number(), seconds: z.number() }),
  generation: z.object({ ...base, type: z.literal('generation'), generation: z.number(), evaluations: z.number(), fitnesses: z.array(z.number()), bestFitness: z.number() }),
  best: z.object({ ...base, type: z.literal('best'), genome: GENOME_SCHEMA, fitness: z.number(), scores: z.array(z.number()).optional() }),
  recheck: z.object({ ...base, type: z.literal('recheck'), genome: GENOME_SCHEMA, fitness: z.number() }),
  'supernet-ready': z.object({ ...base, type: z.literal('supernet-ready'), epochs: z.number(), sampling: z.string(), seconds: z.number() }),
} as const;

/** One event of log.jsonl: one of reparam's own ({@link LOG_EVENT_SCHEMAS}), or a plugin's. */
export type LogEvent = z.output<(typeof LOG_EVENT_SCHEMAS)[keyof typeof LOG_EVENT_SCHEMAS]> | { readonly type: string; readonly time: string; readonly [field: string]: unknown };

/**
 * Reads a run's log.jsonl, every event of a known type checked against its schema (a mismatch is a
 * one-line ReparamError naming the line and the field). A last line cut short by a kill is skipped;
 * events of types reparam does not write (a plugin's) are kept as they are.
 */
export function readRunLog(path: string): LogEvent[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const events: LogEvent[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: { type?: unknown };
    try {
      json = JSON.parse(line);
    } catch {
      if (lines.slice(i + 1).some((l) => l.trim())) throw new ReparamError(`${path}: line ${i + 1} is not valid JSON`);
      return; // the last line, cut short by a kill
    }
    const schema = LOG_EVENT_SCHEMAS[json?.type as keyof typeof LOG_EVENT_SCHEMAS] as z.ZodType | undefined;
    if (!schema) {
      if (typeof json?.type !== 'string') throw new ReparamError(`${path}: line ${i + 1} has no event type`);
      events.push(json as LogEvent);
      return;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ReparamError(`${path}: line ${i + 1} (${String(json.type)}): field '${issue?.path.join('.')}' ${issue?.message ?? 'is invalid'}`);
    }
    events.push(parsed.data as LogEvent);
  });
  return events;
}
