import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import { EVALUATION_QUEUE, EVALUATION_RESULT_SCHEMA } from './evaluationJob.js';
import { WORKER_BACKEND_ENV, WORKER_DATA_WORKERS_ENV, WORKER_NAME_ENV } from './evaluationProcessor.js';
import { connectionOptions, parseRedisUrl } from './redisUrl.js';

/** What a running worker reports (the CLI prints these). */
export type WorkerEvent =
  | { readonly type: 'ready'; readonly queue: string; readonly name: string; readonly concurrency: number }
  | { readonly type: 'job-start'; readonly id: string; readonly summary: string; readonly attempt: number }
  | { readonly type: 'job-done'; readonly id: string; readonly fitness: number; readonly seconds: number }
  | { readonly type: 'job-failed'; readonly id: string; readonly reason: string; readonly retried: boolean }
  | { readonly type: 'redis-lost'; readonly reason: string }
  | { readonly type: 'redis-back' };

/** How `reparam worker` runs. */
export interface StartWorkerOptions {
  /** Redis URL of the queue. */
  readonly url: string;
  /** The sandbox module whose default export is the processor ({@link createEvaluationProcessor}). */
  readonly processorFile: string;
  /** Jobs evaluated at once, each in its own child process. */
  readonly concurrency?: number;
  /** tfjs backend of the evaluations (default: the best available). */
  readonly backend?: string;
  /** Threads that decode a streamed dataset's images in each evaluation process (default: the dataset's). */
  readonly dataWorkers?: number;
  /**
   * A job's lock lasts this long and is renewed at half of it; a worker that dies holding a job
   * hands it to another within about twice this.
   */
  readonly lockSeconds?: number;
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** A running worker. */
export interface EvaluationWorker {
  /** `host:pid`, as the search shows who took a job. */
  readonly name: string;
  /**
   * Stops taking jobs and waits for the running ones to finish; with `force`, stops at once — the
   * running jobs' locks then lapse and another worker takes them over.
   */
  close(force?: boolean): Promise<void>;
}

/**
 * Starts a worker on the evaluation queue at `url`: each job (a genome and its search's frozen
 * setting) is scored in a sandboxed child process and the fitness returned. It reconnects by itself
 * when Redis goes away and comes back.
 */
export async function startWorker(options: StartWorkerOptions): Promise<EvaluationWorker> {
  const target = parseRedisUrl(options.url);
  const onEvent = options.onEvent ?? (() => {});
  const name = `${hostname()}:${process.pid}`;
  const lockMs = Math.round((options.lockSeconds ?? 30) * 1000);
  const worker = new Worker(EVALUATION_QUEUE, options.processorFile, {
    connection: connectionOptions(target),
    concurrency: options.concurrency ?? 1,
    name,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // A job whose worker died twice in a row is failed rather than handed on forever.
    maxStalledCount: 2,
    workerForkOptions: {
      env: {
        ...process.env,
        [WORKER_NAME_ENV]: name,
        ...(options.backend ? { [WORKER_BACKEND_ENV]: options.backend } : {}),
        ...(options.dataWorkers ? { [WORKER_DATA_WORKERS_ENV]: String(options.dataWorkers) } : {}),
      },
    },
    autorun: false,
  });
  let lost = false;
  worker.on('error', (err) => {
    if (lost) return;
    lost = true;
    onEvent({ type: 'redis-lost', reason: String((err as Error).message ?? err).split('\n')[0] });
  });
  const back = () => {
    if (!lost) return;
    lost = false;
    onEvent({ type: 'redis-back' });
  };
  // ioredis says when its connection is back; BullMQ's worker does not.
  (await worker.backend.client).on('ready', back);
  worker.on('active', (job) => {
    back();
    onEvent({ type: 'job-start', id: job.id ?? '?', summary: String((job.data as { summary?: unknown }).summary ?? ''), attempt: job.attemptsMade + 1 });
  });
  worker.on('completed', (job, result) => {
    const r = EVALUATION_RESULT_SCHEMA.safeParse(result);
    onEvent({ type: 'job-done', id: job.id ?? '?', fitness: r.success ? r.data.fitness : Number.NaN, seconds: r.success ? r.data.seconds : Number.NaN });
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const unrecoverable = err.name === 'UnrecoverableError';
    const retried = !unrecoverable && job.attemptsMade < (job.opts.attempts ?? 1);
    onEvent({ type: 'job-failed', id: job.id ?? '?', reason: String(err.message).split('\n')[0], retried });
  });
  await worker.waitUntilReady();
  void worker.run();
  onEvent({ type: 'ready', queue: target.display, name, concurrency: options.concurrency ?? 1 });
  return { name, close: (force) => worker.close(force) };
}
