/**
 * @packageDocumentation
 * Distributed candidate evaluation for reparam searches, on a BullMQ work queue in Redis: the
 * search's {@link QueueEvaluator} sends each genome as a job and tells the strategy the results in ask
 * order; {@link startWorker} runs jobs in sandboxed child processes through
 * {@link createEvaluationProcessor}; {@link readQueueStatus} shows the queue.
 */
export { parseRedisUrl } from './redisUrl.js';
export type { RedisTarget } from './redisUrl.js';
export { EVALUATION_QUEUE, EVALUATION_JOB_SCHEMA, EVALUATION_RESULT_SCHEMA, evaluationJobId } from './evaluationJob.js';
export type { EvaluationJob, EvaluationResult } from './evaluationJob.js';
export { QueueEvaluator, DEFAULT_JOB_ATTEMPTS } from './QueueEvaluator.js';
export type { QueueEvaluatorOptions } from './QueueEvaluator.js';
export { JobEvaluations } from './JobEvaluations.js';
export { createEvaluationProcessor, WORKER_BACKEND_ENV, WORKER_DATA_WORKERS_ENV, WORKER_NAME_ENV } from './evaluationProcessor.js';
export type { WorkerRuntimeFactory, EvaluationProcessor } from './evaluationProcessor.js';
export { startWorker } from './startWorker.js';
export type { StartWorkerOptions, EvaluationWorker, WorkerEvent } from './startWorker.js';
export { readQueueStatus } from './queueStatus.js';
export type { QueueStatus } from './queueStatus.js';
export { startLocalRedis, freePort } from './localRedis.js';
export type { LocalRedis } from './localRedis.js';
