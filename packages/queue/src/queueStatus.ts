import { Queue } from 'bullmq';
import { EVALUATION_QUEUE } from './evaluationJob.js';
import { connectionOptions, parseRedisUrl, reachQueue } from './redisUrl.js';

/** A snapshot of the evaluation queue (`reparam queue status`). */
export interface QueueStatus {
  readonly queue: string;
  readonly counts: { readonly waiting: number; readonly active: number; readonly delayed: number; readonly completed: number; readonly failed: number };
  /** Connected workers by name (`host:pid`). */
  readonly workers: readonly string[];
  /** The latest failures: job id and reason. */
  readonly recentFailures: readonly { readonly id: string; readonly reason: string }[];
}

/** Reads job counts, connected workers and the latest failures of the evaluation queue at `url`. */
export async function readQueueStatus(url: string, connectSeconds = 10): Promise<QueueStatus> {
  const target = parseRedisUrl(url);
  const queue = new Queue(EVALUATION_QUEUE, { connection: { ...connectionOptions(target), maxRetriesPerRequest: 1 } });
  queue.on('error', () => {}); // reported below as "cannot reach"
  try {
    await reachQueue(queue, target, connectSeconds);
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
    const workers = await queue.getWorkers();
    const failed = await queue.getFailed(0, 4);
    return {
      queue: target.display,
      counts: { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, completed: c.completed ?? 0, failed: c.failed ?? 0 },
      workers: workers.map((w) => w.name ?? w.id ?? '?').sort(),
      recentFailures: failed.map((j) => ({ id: j.id ?? '?', reason: (j.failedReason ?? '').split('\n')[0] })),
    };
  } finally {
    await queue.close().catch(() => {});
  }
}
