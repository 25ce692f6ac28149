import { type Genome, GenomeCodec } from '@reparam/core';
import { EVALUATION_SETTING_SCHEMA, GENOME_SCHEMA } from '@reparam/runs';
import { z } from 'zod';

/** The BullMQ queue every reparam search sends its evaluations to (workers serve any search). */
export const EVALUATION_QUEUE = 'reparam-evaluations';

/** One job: score `genome` under the search's frozen `setting`. */
export const EVALUATION_JOB_SCHEMA = z.object({
  /** The search that sent it (its config.json `queue.runId`). */
  runId: z.string(),
  genome: GENOME_SCHEMA,
  /** A short description of the genome for messages (which ops, how many). */
  summary: z.string(),
  setting: EVALUATION_SETTING_SCHEMA,
});
/** What an evaluation job carries. */
export type EvaluationJob = z.infer<typeof EVALUATION_JOB_SCHEMA>;

/** What a worker returns for a job. */
export const EVALUATION_RESULT_SCHEMA = z.object({
  fitness: z.number(),
  /** Wall time of the evaluation on the worker. */
  seconds: z.number().nonnegative(),
  /** The tfjs backend the worker evaluated on. */
  backend: z.string(),
  /** `host:pid` of the worker process that evaluated it. */
  worker: z.string(),
});
/** What an evaluation job returns. */
export type EvaluationResult = z.infer<typeof EVALUATION_RESULT_SCHEMA>;

/**
 * The job id of `genome` in search `runId`: the run id and the genome's bits in hex, so sending the
 * same genome of the same search twice (a resumed search) finds the job already there. BullMQ ids
 * must not contain ':'.
 */
export function evaluationJobId(runId: string, codec: GenomeCodec, genome: Genome): string {
  const bits = codec.key(genome);
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) hex += parseInt(bits.slice(i, i + 4).padEnd(4, '0'), 2).toString(16);
  return `${runId}-${hex || '0'}`;
}
