import { setTimeout as sleep } from 'node:timers/promises';
import { type Evaluator, type Genome, GenomeCodec, ReparamError, type SearchSpace, summariseGenome } from '@reparam/core';
import type { EvaluationSetting, RunEventSink } from '@reparam/runs';
import { Job, Queue } from 'bullmq';
import { EVALUATION_QUEUE, EVALUATION_RESULT_SCHEMA, type EvaluationJob, type EvaluationResult, evaluationJobId } from './evaluationJob.js';
import { connectionOptions, parseRedisUrl, reachQueue, type RedisTarget } from './redisUrl.js';

/** How a {@link QueueEvaluator} sends its jobs. */
export interface QueueEvaluatorOptions {
  /** Redis URL of the queue. */
  readonly url: string;
  /** Names this search's jobs (config.json `queue.runId`). */
  readonly runId: string;
  readonly setting: EvaluationSetting;
  readonly space: SearchSpace;
  readonly onEvent?: RunEventSink;
  /** Tries per job before the search fails (a crash is retried with backoff; a user error is not). */
  readonly attempts?: number;
  /** How often the job states are read. */
  readonly pollMs?: number;
  /** Seconds to wait for Redis to answer before failing with a clear message. */
  readonly connectSeconds?: number;
}

/** Tries per job by default: a crashed evaluation gets two more chances on any worker. */
export const DEFAULT_JOB_ATTEMPTS = 3;
/** Finished jobs stay in Redis this long, so a driver resumed within it finds their results. */
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

/**
 * A search's evaluator that sends each genome to a BullMQ work queue as a job and waits for workers
 * (`reparam worker`) to score it. It takes a whole generation at once ({@link Evaluator.concurrent});
 * the search loop tells the strategy the results in ask order, so a distributed search reaches the
 * same genomes as a local one. Job ids are the run id plus the genome, so a resumed search finds the
 * jobs it sent before — queued, running or finished — instead of sending them again.
 *
 * Job states are polled rather than followed through queue events: a poll is the same after a Redis
 * restart as before it, an event stream may skip what happened while the driver was away.
 */
export class QueueEvaluator implements Evaluator {
  readonly concurrent = true;
  private readonly target: RedisTarget;
  private readonly codec: GenomeCodec;
  private queue: Queue | undefined;

  constructor(private readonly options: QueueEvaluatorOptions) {
    this.target = parseRedisUrl(options.url);
    this.codec = new GenomeCodec(options.space);
  }

  private open(): Queue {
    if (!this.queue) {
      this.queue = new Queue(EVALUATION_QUEUE, { connection: connectionOptions(this.target) });
      // Connection errors are retried (a Redis restart is a pause); unheard, ioredis would print each.
      let lost = false;
      this.queue.on('error', (err) => {
        if (lost) return;
        lost = true;
        this.say('warning', `lost the work queue at ${this.target.display} (${String(err.message).split('\n')[0]}); reconnecting`);
      });
      this.queue.backend.client.then((c) => c.on('ready', () => (lost = false)), () => {});
    }
    return this.queue;
  }

  /** Checks Redis answers and says whether any worker is there to take the jobs. */
  async prepare(): Promise<void> {
    const queue = this.open();
    await reachQueue(queue, this.target, this.options.connectSeconds ?? 15);
    const workers = await queue.getWorkersCount();
    this.say(
      workers === 0 ? 'warning' : 'info',
      workers === 0
        ? `no worker is connected to ${this.target.display} yet; jobs wait until one starts (reparam worker --queue ${this.target.display})`
        : `${workers} worker${workers === 1 ? '' : 's'} connected to ${this.target.display}`,
    );
  }

  async evaluate(genomes: readonly Genome[]): Promise<number[]> {
    const queue = this.open();
    const ids = genomes.map((g) => evaluationJobId(this.options.runId, this.codec, g));
    for (const [i, genome] of genomes.entries()) await this.submit(queue, ids[i], genome);
    const results = new Map<string, EvaluationResult>();
    const seen = new Map<string, string>();
    while (results.size < ids.length) {
      for (const [i, id] of ids.entries()) {
        if (results.has(id)) continue;
        const job = await Job.fromId(queue, id);
        if (!job) {
          // Removed from Redis (flushed, or kept past its age): send it again.
          await this.submit(queue, id, genomes[i]);
          continue;
        }
        const state = await job.getState();
        if (state === 'completed') {
          const parsed = EVALUATION_RESULT_SCHEMA.safeParse(job.returnvalue);
          if (!parsed.success) throw new ReparamError(`job ${id} returned no valid result (${parsed.error.issues[0]?.message}); is that worker another reparam version?`);
          results.set(id, parsed.data);
          this.say('info', `${summariseGenome(genomes[i])}: ${(100 * parsed.data.fitness).toFixed(2)}% on ${parsed.data.worker} (${parsed.data.backend}, ${parsed.data.seconds.toFixed(0)} s)`);
          if (parsed.data.backend !== this.options.setting.backend) {
            this.say('warning', `job ${id} ran on backend ${parsed.data.backend}, the search on ${this.options.setting.backend}: its score may differ slightly`);
          }
        } else if (state === 'failed') {
          const tries = job.attemptsMade;
          throw new ReparamError(
            `evaluating genome ${summariseGenome(genomes[i])} (job ${id}) failed on the workers after ${tries} attempt${tries === 1 ? '' : 's'}: ${firstLine(job.failedReason)}`,
          );
        } else if (state === 'active' && seen.get(id) !== 'active') {
          this.say('info', `${summariseGenome(genomes[i])}: taken by ${job.processedBy ?? 'a worker'}${job.attemptsMade > 0 ? ` (attempt ${job.attemptsMade + 1})` : ''}`);
        }
        seen.set(id, state);
      }
      if (results.size < ids.length) await sleep(this.options.pollMs ?? 250);
    }
    return ids.map((id) => results.get(id)!.fitness);
  }

  /** Adds the job unless it is there; a job that failed under an earlier driver is tried again. */
  private async submit(queue: Queue, id: string, genome: Genome): Promise<void> {
    const existing = await Job.fromId(queue, id);
    if (existing) {
      if ((await existing.getState()) === 'failed') {
        await existing.retry('failed', { resetAttemptsMade: true });
        this.say('info', `job ${id} failed before this search resumed; sent again`);
      }
      return;
    }
    const data: EvaluationJob = { runId: this.options.runId, genome, summary: summariseGenome(genome), setting: this.options.setting };
    await queue.add('evaluate', data, {
      jobId: id,
      attempts: this.options.attempts ?? DEFAULT_JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: KEEP_FINISHED_SECONDS },
      removeOnFail: { age: KEEP_FINISHED_SECONDS },
    });
  }

  private say(level: 'info' | 'warning', message: string): void {
    this.options.onEvent?.({ type: 'queue', level, message });
  }

  dispose(): void {
    const queue = this.queue;
    this.queue = undefined;
    // Evaluator.dispose is synchronous; the connection closes in the background.
    void queue?.close().catch(() => {});
  }
}

function firstLine(s: string | undefined): string {
  return (s ?? 'no reason given').split('\n')[0];
}
