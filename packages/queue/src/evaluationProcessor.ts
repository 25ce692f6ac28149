import { hostname } from 'node:os';
import type { Registry } from '@reparam/core';
import { ReparamError } from '@reparam/core';
import { type SandboxedJob, UnrecoverableError } from 'bullmq';
import { EVALUATION_JOB_SCHEMA, type EvaluationResult } from './evaluationJob.js';
import { JobEvaluations } from './JobEvaluations.js';

/** What a worker needs to evaluate: a registry with the built-in and the job's plugins, on a backend. */
export type WorkerRuntimeFactory = (options: { readonly backend?: string; readonly plugin: readonly string[] }) => Promise<{ readonly registry: Registry; readonly backend: string }>;

/** Environment variable through which `reparam worker --backend` reaches its evaluation processes. */
export const WORKER_BACKEND_ENV = 'REPARAM_WORKER_BACKEND';
/** Environment variable through which `reparam worker --data-workers` reaches its evaluation processes. */
export const WORKER_DATA_WORKERS_ENV = 'REPARAM_WORKER_DATA_WORKERS';
/** Environment variable that tells evaluation processes their worker's name (`host:pid`). */
export const WORKER_NAME_ENV = 'REPARAM_WORKER_NAME';

/** A worker's job processor: scores the job's genome. */
export type EvaluationProcessor = (job: SandboxedJob) => Promise<EvaluationResult>;

/**
 * The job processor a worker runs in its sandboxed child processes (BullMQ forks them, so a long
 * training never blocks the worker's lock renewal, and a crash fails the job, not the worker). A
 * user error — a malformed job, a dataset path this machine lacks, an unknown op — fails the job at
 * once (`UnrecoverableError`); anything else is retried by BullMQ. The module exporting it as
 * `default` is the sandbox file.
 */
export function createEvaluationProcessor(createRuntime: WorkerRuntimeFactory): EvaluationProcessor {
  const runtimes = new Map<string, Promise<JobEvaluations>>();
  // A child whose worker died (SIGKILL) must not go on training for nobody.
  process.once('disconnect', () => process.exit(1));
  return async (job) => {
    const parsed = EVALUATION_JOB_SCHEMA.safeParse(job.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UnrecoverableError(`malformed evaluation job ${job.id}: ${issue?.path.join('.') || 'data'}: ${issue?.message}`);
    }
    const data = parsed.data;
    try {
      const key = JSON.stringify(data.setting.plugins);
      let evaluations = runtimes.get(key);
      if (!evaluations) {
        evaluations = createRuntime({ backend: process.env[WORKER_BACKEND_ENV] || undefined, plugin: data.setting.plugins }).then(
          (r) => new JobEvaluations(r.registry, r.backend, process.env[WORKER_NAME_ENV] || `${hostname()}:${process.pid}`, dataWorkersOf(process.env[WORKER_DATA_WORKERS_ENV])),
        );
        runtimes.set(key, evaluations);
        evaluations.catch(() => runtimes.delete(key));
      }
      return await (await evaluations).evaluate(data);
    } catch (err) {
      if (err instanceof ReparamError) throw new UnrecoverableError(err.message);
      throw err;
    }
  };
}

/** The decoding threads the worker passed down (unset or not a positive integer: the dataset's default). */
function dataWorkersOf(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}
